"""A slide's speaker notes: what the slide cannot hold at a legible size.

The marking, the scenario and its status, which part of the deck this is, the actors
whose subtrees go on elsewhere, the lines to actors on other slides, and the full
list of the sources of everything drawn (the slide's own source line is abbreviated).
"""

from __future__ import annotations

from c2graph.graph.schema import STATUSES
from c2graph.viz import style
from c2graph.viz.export.common import ChartOptions, scenario_text, source_line, sources_shown
from c2graph.viz.export.slides.words import note_words


def short(g, n: str, lang: str = "en") -> str:
    """An actor's short label on one line (the notes' lists)."""
    return style.compact_label(g.nodes[n], "ja" if lang == "ja" else "en").replace("\n", " ")


def _status(status: str, lang: str) -> str:
    """The scenario's status: its code in English (as the data writes it), its word in
    Japanese."""
    return STATUSES[status].label("ja") if lang == "ja" and status in STATUSES else status


def text(g, opts: ChartOptions, page_lines=()) -> str:
    """The notes of a slide showing ``g`` (``page_lines``: the part, continuations and
    lines elsewhere, before the sources), in the deck's language."""
    meta, said = g.graph, note_words(opts.lang)
    lines = [opts.marking, "",
             said["scenario"].format(id=meta.get("id", ""),
                                     title=scenario_text(meta, "title", opts.lang)),
             said["status"].format(status=_status(meta.get("status", ""), opts.lang))
             + (said["date"].format(date=meta["date"]) if meta.get("date") else "")
             + said["produced"].format(produced=opts.produced)]
    if meta.get("focus"):
        lines.append(said["focus"].format(focus=meta["focus"]))
    if meta.get("compared_with"):
        lines.append(said["compared"].format(base=meta["compared_with"]))
    if meta.get("description") or meta.get("description_ja"):
        lines += ["", scenario_text(meta, "description", opts.lang)]
    if page_lines:
        lines += [""] + list(page_lines)
    lines += ["", said["sources"]]
    used: dict[str, list[str]] = {}
    for ref in meta.get("sources") or []:
        used.setdefault(ref, []).append(said["the_scenario"])
    for n, d in sorted(g.nodes(data=True)):
        for ref in d.get("sources") or []:
            used.setdefault(ref, []).append(short(g, n, opts.lang) if opts.lang == "ja"
                                            else d.get("short") or d.get("name_en") or n)
    for _, _, key, d in sorted(g.edges(keys=True, data=True), key=lambda e: e[2]):
        for ref in d.get("sources") or []:
            used.setdefault(ref, []).append(key)
    for ref in sources_shown(g):
        what = used.get(ref, [])
        shown = said["sep"].join(what[:12]) + (said["more"].format(more=len(what) - 12)
                                        if len(what) > 12 else "")
        lines.append(f"- {source_line(ref, opts.sources)}" + said["used_for"].format(shown=shown))
    lines += ["", opts.marking]
    return "\n".join(lines)
