"""A slide's speaker notes: what the slide cannot hold at a legible size.

The marking, the scenario and its status, which part of the deck this is, the actors
whose subtrees go on elsewhere, the lines to actors on other slides, and the full
list of the sources of everything drawn (the slide's own source line is abbreviated).
"""

from __future__ import annotations

from c2graph.viz import style
from c2graph.viz.export.common import ChartOptions, scenario_text, source_line, sources_shown


def short(g, n: str, lang: str = "en") -> str:
    """An actor's short label on one line (the notes' lists)."""
    return style.compact_label(g.nodes[n], "ja" if lang == "ja" else "en").replace("\n", " ")


def text(g, opts: ChartOptions, page_lines=()) -> str:
    """The notes of a slide showing ``g`` (``page_lines``: the part, continuations and
    lines elsewhere, before the sources)."""
    meta = g.graph
    lines = [opts.marking, "",
             f"Scenario {meta.get('id', '')}: {scenario_text(meta, 'title', opts.lang)}",
             f"Status: {meta.get('status', '')}" + (f"; date: {meta['date']}" if meta.get("date")
                                                     else "")
             + f"; produced {opts.produced} by c2graph export"]
    if meta.get("focus"):
        lines.append(f"Focus: {meta['focus']}: its superiors, what it commands or supervises,"
                     " and the actors linked to it directly")
    if meta.get("compared_with"):
        lines.append(f"Changes marked against the base scenario {meta['compared_with']}"
                     " (new, changed; removed drawn grey and dashed)")
    if meta.get("description") or meta.get("description_ja"):
        lines += ["", scenario_text(meta, "description", opts.lang)]
    if page_lines:
        lines += [""] + list(page_lines)
    lines += ["", "Sources of what is shown:"]
    used: dict[str, list[str]] = {}
    for ref in meta.get("sources") or []:
        used.setdefault(ref, []).append("the scenario")
    for n, d in sorted(g.nodes(data=True)):
        for ref in d.get("sources") or []:
            used.setdefault(ref, []).append(d.get("short") or d.get("name_en") or n)
    for _, _, key, d in sorted(g.edges(keys=True, data=True), key=lambda e: e[2]):
        for ref in d.get("sources") or []:
            used.setdefault(ref, []).append(key)
    for ref in sources_shown(g):
        what = used.get(ref, [])
        shown = ", ".join(what[:12]) + (f" and {len(what) - 12} more" if len(what) > 12 else "")
        lines.append(f"- {source_line(ref, opts.sources)} (for: {shown})")
    lines += ["", opts.marking]
    return "\n".join(lines)
