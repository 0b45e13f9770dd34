"""Where the ``dot`` chart writes its authority labels, placed by c2graph, not Graphviz.

A fan-out of command lines sharing one authority says it once, beside the parent,
rather than on every line (``label_fan_outs``).  On a large chart every straight
line's label is placed here too (``label_straight_lines``): Graphviz's own placement
(its label R-tree) takes seconds per pass.  Both look for a free spot against the boxes
and the labels already placed (``common.BoxGrid``), and run after the boxes are
placed, before the lines are drawn.
"""

from __future__ import annotations

from c2graph.viz import style
from c2graph.viz.export import measure
from c2graph.viz.export.common import BoxGrid, ChartOptions
from c2graph.viz.export.labels import authority_text, esc, shared_authority, shown_authority


def label_fan_outs(A, g, opts: ChartOptions) -> BoxGrid:
    """Write a shared authority once per parent, beside the point its fan of command
    lines leaves it, on a free spot (after ``dot`` placed the boxes, before the lines
    are drawn).  It is the external label of the parent's most vertical line.

    Returns the boxes and labels placed (``layout_pinned`` places more labels)."""
    grid, pos = BoxGrid(150.0), {}
    for n in A.nodes_iter():
        if not n.attr.get("pos") or str(n).startswith("__order_"):
            continue
        x, y = (float(v) for v in n.attr["pos"].split(",")[:2])
        w, h = float(n.attr["width"]) * 72, float(n.attr["height"]) * 72
        pos[str(n)] = (x, y, w, h)
        grid.add((x - w / 2, y - h / 2, x + w / 2, y + h / 2))
    color = style.LINE_STYLES["COMMANDS"].color
    for parent, authority in sorted(shared_authority(g).items()):
        text = authority_text(shown_authority({"authority": authority}), opts.lang)
        lines = [(v, k) for _, v, k, d in g.out_edges(parent, keys=True, data=True)
                 if d.get("type") == "COMMANDS" and v in pos]
        if not text or not lines or parent not in pos:
            continue
        px, py, pw, ph = pos[parent]
        v, key = min(lines, key=lambda vk: (abs(pos[vk[0]][0] - px) /
                                            max(1.0, py - pos[vk[0]][1]), vk[1]))
        lw, lh = measure.text_width(text, 8.5) + 4, 8.5 * measure.LINE_CJK
        bottom = py - ph / 2
        spots = [(px + 3 + lw / 2, bottom - 2 - lh / 2), (px - 3 - lw / 2, bottom - 2 - lh / 2),
                 (px + pw / 2 + 3 + lw / 2, bottom + lh / 2),
                 (px - pw / 2 - 3 - lw / 2, bottom + lh / 2),
                 (px + 3 + lw / 2, bottom - 14 - lh / 2), (px - 3 - lw / 2, bottom - 14 - lh / 2)]
        x, y = next(((x, y) for x, y in spots if not grid.hits((x - lw / 2, y - lh / 2,
                                                                 x + lw / 2, y + lh / 2))),
                    spots[0])
        grid.add((x - lw / 2, y - lh / 2, x + lw / 2, y + lh / 2))
        A.get_edge(parent, v, key).attr.update(
            xlabel=('<<TABLE BORDER="0" CELLSPACING="0" CELLPADDING="1" BGCOLOR="#ffffffdd">'
                    f'<TR><TD><FONT POINT-SIZE="8.5" COLOR="{color}">{esc(text)}</FONT></TD>'
                    '</TR></TABLE>>'),
            xlp=f"{x:.2f},{y:.2f}")
    return grid


def label_straight_lines(A, g, opts: ChartOptions, grid: BoxGrid) -> None:
    """Place the authority label of every straight line that has one (``lp``): beside
    the line near its middle, on a spot that covers no box or label.  Graphviz would
    place them itself, in seconds per pass on a large chart (its label R-tree)."""
    shared = shared_authority(g)
    for u, v, key, d in sorted(g.edges(keys=True, data=True), key=lambda e: e[2]):
        text = "" if u in shared else shown_authority(d)
        if not text:
            continue
        (ux, uy), (vx, vy) = (tuple(float(c) for c in A.get_node(n).attr["pos"].split(","))
                              for n in (u, v))
        text = authority_text(text, opts.lang)
        lw, lh = measure.text_width(text, 8.5) + 4, 8.5 * measure.LINE_CJK
        spots = []
        for t in (0.5, 0.4, 0.6, 0.3, 0.7):
            cx, cy = ux + (vx - ux) * t, uy + (vy - uy) * t
            spots += [(cx + 3 + lw / 2, cy), (cx - 3 - lw / 2, cy)]
        x, y = next(((x, y) for x, y in spots if not grid.hits((x - lw / 2, y - lh / 2,
                                                                 x + lw / 2, y + lh / 2))),
                    spots[0])
        grid.add((x - lw / 2, y - lh / 2, x + lw / 2, y + lh / 2))
        A.get_edge(u, v, key).attr["lp"] = f"{x:.2f},{y:.2f}"
