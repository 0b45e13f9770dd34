"""One page of the printed chart as a Graphviz graph (``pages`` joins them into the PDF).

The page is drawn from the shapes the slide writer made (``ooxml.Canvas.ops``), each
pinned where the slide put it: Graphviz places nothing anew, so the page's boxes,
routed lines, frames and text are the slide's, at the paper's size.
"""

from __future__ import annotations

from c2graph.viz import fonts
from c2graph.viz.export import measure
from c2graph.viz.export.graphviz_run import dash_dot, polyline_pos
from c2graph.viz.export.labels import esc
from c2graph.viz.export.slides.ooxml import EMU, Canvas

ARROW = 7.0            # points: the arrowhead of a routed line
SHAPES = {"RECTANGLE": "box", "ROUNDED_RECTANGLE": "box", "OVAL": "ellipse",
          "HEXAGON": "hexagon"}
DASHES = {"dashed": "dashed", "dotted": "dotted"}


def _color(facts: dict, default: str = "#000000") -> str:
    color = (facts.get("color") or default).lstrip("#")[:6]
    alpha = facts.get("alpha")
    return f"#{color}" + (f"{round(alpha * 2.55):02x}" if alpha is not None else "")


def _label(d: dict, w: float, h: float) -> str:
    """A shape's paragraphs as a table of fixed-size rows: aligned and anchored as the
    slide's text frame (empty rows above and below), inside its insets, each line as
    tall as the slide measured it (``measure.line_height``: the font's own line gap is
    1.45 em even for Latin text, which would overflow a box sized for PowerPoint's
    1.22).  Graphviz stretches a table to the cell it sits in, so nothing is nested."""
    align = {"left": "LEFT", "right": "RIGHT"}.get(d["align"], "CENTER")
    iw = max(1, int(w - 2 * d["margin_x"]))
    ih = max(1, int(h - 2 * d["margin_y"]))
    rows, used = [], 0
    for text, size, color, bold in d["paras"]:
        t = esc(text) or " "
        t = f'<FONT POINT-SIZE="{size:g}" COLOR="{color}">' + (f"<B>{t}</B>" if bold else t) \
            + "</FONT>"
        lh = max(1, int(measure.line_height(text, size)))
        used += lh
        rows.append(f'<TR><TD FIXEDSIZE="TRUE" WIDTH="{iw}" HEIGHT="{lh}" ALIGN="{align}">'
                    f"{t}</TD></TR>")
    room = max(0, ih - used)
    above = {"top": 0, "bottom": room}.get(d["anchor"], room // 2)
    spacer = '<TR><TD FIXEDSIZE="TRUE" WIDTH="{}" HEIGHT="{}"> </TD></TR>'
    if above:
        rows.insert(0, spacer.format(iw, above))
    if room - above:
        rows.append(spacer.format(iw, room - above))
    return (f'<<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="0">'
            f'{"".join(rows) or spacer.format(iw, ih)}</TABLE>>')


def page_graph(canvas: Canvas, page: tuple[float, float]):
    """A pinned Graphviz graph drawing ``canvas``'s shapes on a ``page`` (w, h points).
    Graphviz draws clusters first (the nation frames), then, in
    the order made, every line (halos before lines), then every shape (boxes, then text
    and legend over them): the slide's layers.  An actor's box is the node named by its
    id and its lines join those nodes (what ``tests.chart_geometry`` reads back from
    the SVG of a page); everything else is named ``__…``."""
    import pygraphviz as pgv

    W, H = page
    A = pgv.AGraph(directed=True, strict=False, name="page")
    A.graph_attr.update(bb=f"0,0,{W:.2f},{H:.2f}", bgcolor="white", pad="0", margin="0",
                        outputorder="edgesfirst", splines="true", fontname=fonts.FAMILY)
    A.node_attr.update(fontname=fonts.FAMILY, margin="0", label="")
    A.edge_attr.update(fontname=fonts.FAMILY, arrowsize=f"{ARROW / 10:g}")
    def at(x: float, y: float) -> str:
        return f"{x:.2f},{H - y:.2f}"

    actors: dict[str, str] = {}          # actor id -> its node
    ops = [(op, d) for layer in Canvas.LAYERS for op, d in canvas.ops[layer]]
    for count, (op, d) in enumerate(ops):
        if op == "line":
            continue
        if d["descr"].startswith("frame:"):
            _frame(A, d, at, count)
            continue
        name = f"__s{count}"
        if d["descr"].startswith("actor:") and not A.has_node(d["descr"][6:]):
            name = actors[d["descr"][6:]] = d["descr"][6:]
        _shape(A, name, d, at)
    for count, (op, d) in enumerate(ops):
        if op == "line":
            _line(A, d, at, count, actors)
    for name, (x, y) in (("__corner0", (0.5, 0.5)), ("__corner1", (W - 0.5, H - 0.5))):
        A.add_node(name, shape="point", width="0.001", height="0.001", style="invis",
                   pos=f"{x:.2f},{y:.2f}")
    dash_dot(A)
    return A


def _shape(A, name: str, d: dict, at) -> None:
    x, y, w, h = (v / EMU for v in d["box"])
    fill, line = d["fill"], d["line"]
    attrs = {"pos": at(x + w / 2, y + h / 2), "width": f"{w / 72:.4f}",
             "height": f"{h / 72:.4f}", "fixedsize": "true", "label": _label(d, w, h),
             "class": (d["descr"] or d["name"])
             + (" continued" if d["name"].startswith("Continued ") else ""),
             "tooltip": d["name"]}
    line_facts = getattr(line, "facts", {})
    if d["textbox"] and not getattr(fill, "facts", None) and not line_facts.get("color"):
        attrs["shape"] = "plain"
    else:
        styles = ["filled"] if getattr(fill, "facts", None) else []
        if d["kind"] == "ROUNDED_RECTANGLE":
            styles.append("rounded")
        if line_facts.get("dash") in DASHES:
            styles.append(DASHES[line_facts["dash"]])
        attrs.update(shape=SHAPES.get(d["kind"], "box"), style=",".join(styles),
                     fillcolor=_color(fill.facts) if "filled" in styles else "none",
                     color=_color(line_facts) if line_facts.get("color") else "#ffffff00",
                     penwidth=f"{line_facts.get('width', 0.0):g}")
    A.add_node(name, **attrs)


def _frame(A, d: dict, at, n: int) -> None:
    """A nation frame as a cluster named by the frame (Graphviz draws clusters under
    every line and box), its title a node inside it."""
    x, y, w, h = (v / EMU for v in d["box"])
    line = d["line"].facts
    sub = A.add_subgraph(name=f"cluster_{d['descr'][6:]}_{n}", style="rounded,filled",
                         fillcolor=_color(d["fill"].facts), color=_color(line),
                         penwidth=f"{line.get('width', 1.0):g}", label="",
                         bb=f"{at(x, y + h)},{at(x + w, y)}")
    title = dict(d, fill=None, line=None, textbox=True)
    sub.add_node(f"__s{n}", shape="plain", pos=at(x + w / 2, y + h / 2),
                 width=f"{w / 72:.4f}", height=f"{h / 72:.4f}", fixedsize="true",
                 label=_label(title, w, h), **{"class": d["descr"]})


def _line(A, d: dict, at, n: int, actors: dict[str, str]) -> None:
    """A routed line: between its actors' nodes when both are on the page (the SVG then
    says which relationship it is), else between two invisible points."""
    pts = [(x / EMU, y / EMU) for x, y in d["points"]]
    if len(pts) < 2:
        return
    f = d["line"].facts
    arrow = bool(f.get("arrow"))
    parts = d["descr"].split("|")
    if len(parts) == 4 and parts[2] in actors and parts[3] in actors:
        key, u, v = parts[1], actors[parts[2]], actors[parts[3]]
    else:
        key, u, v = f"__l{n}", f"__l{n}a", f"__l{n}b"
        for end, (x, y) in ((u, pts[0]), (v, pts[-1])):
            A.add_node(end, shape="point", width="0.001", height="0.001", style="invis",
                       pos=at(x, y))
    color = _color(f)
    attrs = {"pos": polyline_pos(pts, at, arrow, ARROW), "penwidth": f"{f.get('width', 1.0):g}",
             "arrowhead": "normal" if arrow else "none", "dir": "forward" if arrow else "none",
             "class": "halo" if d["name"].startswith("Halo ") else (d["descr"] or d["name"]),
             "id": key}
    if f.get("dash") == "dashdot":
        attrs["class"] = "SUPPORTS"          # dash_dot draws its own pen
    elif f.get("dash") in DASHES:
        attrs["style"] = DASHES[f["dash"]]
    attrs["color"] = f"{color}:#ffffff:{color}" if f.get("double") else color
    A.add_edge(u, v, key=key if key.startswith("__") else f"{key}@{n}", **attrs)
