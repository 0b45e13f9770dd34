"""Mermaid ``flowchart TB`` for Markdown (``c2graph export mermaid``): nations as
subgraphs, the schema's line styles, colours and shapes.

Written only (a drawing, not a data format).  Everything from the data is text inside
quoted labels or ``%%`` comments, escaped by ``mermaid_text`` so no markup, directive
(``%%{init}%%``) or line break can come from a name.
"""

from __future__ import annotations

import json

from c2graph.graph.schema import (NATION_ORDER, actor_label, edge_label, is_tentative,
                                  nation_name)
from c2graph.graph.textsafety import BIDI_CONTROLS, is_noncharacter, utf8
from c2graph.loaders.formats.common import edges, line_style, nodes
from c2graph.loaders.formats.graphml import _nation, _shape

MERMAID_SHAPES = {"ellipse": ('(["', '"])'), "box": ('["', '"]'), "rounded-box": ('("', '")'),
                  "hexagon": ('{{"', '"}}')}
MERMAID_ARROWS = {"solid": ("-->", "---"), "dashed": ("-.->", "-.-"), "dotted": ("-.->", "-.-"),
                  "dashdot": ("-.->", "-.-")}
MERMAID_DASH = {"dashed": "6 4", "dotted": "2 3", "dashdot": "8 3 2 3"}


#: Line breaks of any kind become ``<br/>`` in a label (one line of Mermaid each).
_MERMAID_BREAKS = frozenset("\n\u2028\u2029\x85")


def mermaid_text(text: str) -> str:
    """Text inside a quoted mermaid label or a ``%%`` comment: markup, quotes and ``%``
    as entity codes (so no ``%%{init: …}%%`` directive can open, anywhere), any line
    break as ``<br/>``, and controls, bidi controls, surrogates and noncharacters as a
    space."""
    out = []
    for ch in str(text):
        if ch in '"<>&#`%':
            out.append(f"#{ord(ch)};")
        elif ch in _MERMAID_BREAKS:
            out.append("<br/>")
        elif (ord(ch) < 32 or 0x7F <= ord(ch) <= 0x9F or ch in BIDI_CONTROLS
              or 0xD800 <= ord(ch) <= 0xDFFF or is_noncharacter(ch)):
            out.append(" ")
        else:
            out.append(ch)
    return "".join(out)


def to_mermaid(g, lang: str = "en", marking: str = "", title: str | None = None) -> bytes:
    """A ``flowchart TB`` for Markdown: nations as subgraphs, the chart's line styles."""
    ids = {n: f"n{i}" for i, (n, _) in enumerate(nodes(g))}
    head = title or g.graph.get("title") or g.graph.get("id", "")
    lines = ["---", f"title: {_mermaid_title(head)}", "---"]
    if marking:
        lines.append(f"%% {mermaid_text(marking)}")
    lines.append(f"%% c2graph scenario {mermaid_text(g.graph.get('id', ''))}, status "
                 f"{mermaid_text(g.graph.get('status', ''))}")
    lines.append("flowchart TB")
    by_nation: dict[str, list[str]] = {}
    for n, d in nodes(g):
        by_nation.setdefault(d.get("nation", "COMBINED"), []).append(n)
    order = [x for x in NATION_ORDER if x in by_nation] + \
        sorted(set(by_nation) - set(NATION_ORDER))
    for nation in order:
        lines.append(f'  subgraph {nation}["{mermaid_text(nation_name(nation, lang))}"]')
        for n in by_nation[nation]:
            d = g.nodes[n]
            opening, closing = MERMAID_SHAPES.get(_shape(d.get("kind")), ('["', '"]'))
            label = mermaid_text(actor_label(d, lang))
            lines.append(f"    {ids[n]}{opening}{label}{closing}")
        lines.append("  end")
    link_styles = []
    for i, (u, v, key, d) in enumerate(edges(g)):
        ls = line_style(d["type"])
        arrow = MERMAID_ARROWS.get(ls.dash, ("-->", "---"))[0 if ls.arrow else 1]
        if d["type"] == "COMMANDS":
            arrow = "==>"
        label = edge_label(d)
        middle = f'|"{mermaid_text(label)}"|' if label else ""
        lines.append(f"  {ids[u]} {arrow}{middle} {ids[v]}")
        css = f"stroke:{ls.color},stroke-width:{ls.width:g}px"
        if ls.dash in MERMAID_DASH:
            css += f",stroke-dasharray:{MERMAID_DASH[ls.dash]}"
        link_styles.append(f"  linkStyle {i} {css}")
    lines.extend(link_styles)
    for nation in order:
        fill = _nation(nation).fill
        stroke = _nation(nation).color
        lines.append(f"  classDef nation_{nation} fill:{fill},stroke:{stroke},color:#111827")
        lines.append(f"  class {','.join(ids[n] for n in by_nation[nation])} nation_{nation}")
    tentative = [ids[n] for n, d in nodes(g) if is_tentative(d.get("status"))]
    if tentative:
        lines.append("  classDef tentative fill:#ffffff,stroke-dasharray:5 4")
        lines.append(f"  class {','.join(tentative)} tentative")
    return utf8("\n".join(lines) + "\n")


def _mermaid_title(text) -> str:
    """The front matter's title: a YAML double-quoted string (JSON is one) with ``%`` and
    every line break escaped, so no directive and no second front-matter line."""
    quoted = json.dumps(str(text), ensure_ascii=False).replace("%", "\\u0025")
    for ch in ("\u2028", "\u2029", "\x85"):
        quoted = quoted.replace(ch, f"\\u{ord(ch):04x}")
    return quoted
