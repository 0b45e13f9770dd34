"""How an actor and a line look in Graphviz: shape, fill, pen, dash and label.

The nation's colours, the kind's shape, the relationship's line style and whether
a line ranks the tree all come from ``viz.style`` (the schema's declarations); this
module turns them into Graphviz attributes once, for the engine-drawn chart
(``drawing``) and the ``dot`` chart alike.
"""

from __future__ import annotations

from c2graph.graph.schema import TREE_TYPES
from c2graph.viz import style
from c2graph.viz.export.labels import (MUTED, TEXT, authority_text, esc, label_parts, lines_html,
                                       shown_authority)


def node_label(attrs: dict, lang: str, width: int = 18, compact: bool = False) -> str:
    """Name (wrapped), then a small grey line with short name, rank and tentative status."""
    main, meta = label_parts(attrs, lang, width, compact)
    text = f'<FONT POINT-SIZE="11" COLOR="{TEXT}">{lines_html(main)}</FONT>'
    if meta:
        text += f'<BR/><FONT POINT-SIZE="8.5" COLOR="{MUTED}">{esc(" · ".join(meta))}</FONT>'
    return f"<{text}>"


def node_attrs(attrs: dict, lang: str, width: int = 18, compact: bool = False,
               text: bool = True) -> dict:
    nation = attrs.get("nation", "COMBINED")
    shape = style.KIND_SHAPES.get(attrs.get("kind"), "box")
    styles = ["filled"]
    gv_shape = {"ellipse": "ellipse", "box": "box", "rounded-box": "box",
                "hexagon": "hexagon"}.get(shape, "box")
    if shape == "rounded-box":
        styles.append("rounded")
    fill = style.NATION_FILLS.get(nation, "#f3f4f6")
    tentative = style.is_tentative(attrs.get("status"))
    if tentative:
        styles.append("dashed")
        fill = "#ffffff"
    margin = {"hexagon": "0.0,0.0", "ellipse": "0.02,0.02"}.get(gv_shape, "0.06,0.04")
    label = node_label(attrs, lang, width, compact) if text else ""
    return {"margin": margin, "label": label, "shape": gv_shape, "style": ",".join(styles),
            "fillcolor": fill, "color": style.NATION_COLORS.get(nation, "#6b7280"),
            "penwidth": "1.6" if not tentative else "1.8",
            "tooltip": attrs.get("id", "")}


def edge_attrs(data: dict, lang: str, label: bool = True) -> dict:
    rtype = data.get("type", "")
    ls = style.LINE_STYLES.get(rtype) or style.LineStyle("solid", 1.0, True, "#6b7280")
    out = {"color": ls.color, "penwidth": f"{ls.width:g}",
           "arrowhead": "normal" if ls.arrow else "none",
           "style": {"dashed": "dashed", "dotted": "dotted"}.get(ls.dash, "solid"),
           "constraint": "true" if rtype in TREE_TYPES else "false",
           "class": rtype, "tooltip": rtype}
    if rtype in TREE_TYPES:
        out["weight"] = "8" if rtype == "COMMANDS" else "2"
    if ls.double:
        out["color"] = f"{ls.color}:#ffffff:{ls.color}"
        out["penwidth"] = "1.1"
    if not ls.arrow:
        out["dir"] = "none"
    text = shown_authority(data) if label else ""
    if text:
        out["label"] = edge_label_html(text, lang, ls.color)
    return out


def edge_label_html(authority: str, lang: str, color: str) -> str:
    return (f'<<FONT POINT-SIZE="8.5" COLOR="{color}">'
            f'{esc(authority_text(authority, lang))}</FONT>>')
