"""Laying out a large ``dot`` chart without ``dot`` (more than ``dot_layout.PINNED_LIMIT``
actors): ``dot`` takes minutes at 5,000 actors.

Why its own module: it is the other way of placing the boxes (the interactive view's
tidy tree places them, Graphviz only sizes and draws them), with frames, banners and
every authority label placed here and by ``dot_authority``; it shares with the ``dot``
path only the graph (``dot_graph``) and the drawing (``dot_draw``).
``layout_pinned`` says what a reader sees differ from a ``dot`` chart.
"""

from __future__ import annotations

from c2graph.viz import fonts
from c2graph.viz.export.common import ChartOptions
from c2graph.viz.export.dot_authority import label_fan_outs, label_straight_lines
from c2graph.viz.export.dot_draw import frame
from c2graph.viz.export.dot_graph import build, line_attrs
from c2graph.viz.export.furniture import bottom_label, nation_label, page_label
from c2graph.viz.export.graphviz_run import bb_text, dash_dot, graphviz_stderr, html_sizes
from c2graph.viz.export.labels import nations_in, shared_authority


def layout_pinned(g, opts: ChartOptions, legend: bool = True):
    """A large chart: boxes placed by ``viz.layout.hierarchy_layout``, Graphviz only
    sizes the boxes and draws (``nop`` / ``nop2``).

    ``dot``'s crossing minimisation and network-simplex placement grow much faster
    than the chart (5,000 actors: minutes); the tidy tree of the interactive view
    places them in about a second.  What changes from a ``dot`` chart: rows are the
    command depth (the view's rows, the same in ``c2graph view``), four or more leaf
    subordinates of one parent stand in two staggered rows instead of ``fan_rows``'
    wrapping, nations are columns side by side with their frames drawn around them,
    and every line is straight.  Boxes, labels, legend, banners and styles are the
    same as below the limit.
    """
    from c2graph.viz.layout import hierarchy_layout

    fonts.configure()
    bare = opts.node_sizes is not None
    A = build(g, opts, None, legend, pinned=True)
    A.graph_attr["splines"] = "line"
    with graphviz_stderr():
        if bare:
            size = dict(opts.node_sizes)
        else:   # Graphviz sizes every box with its own fonts (no lines yet, all at 0,0)
            A.node_attr["pos"] = "0,0"
            A.layout(prog="nop")
            size = {str(n): (float(n.attr["width"]) * 72, float(n.attr["height"]) * 72)
                    for n in A.nodes_iter()}
    shared = shared_authority(g)
    for u, v, key, d in sorted(g.edges(keys=True, data=True), key=lambda e: e[2]):
        A.add_edge(u, v, key=key, **line_attrs(g, u, key, d, opts, shared))
    by_attrs = {id(d): size[n] for n, d in g.nodes(data=True)}
    place = hierarchy_layout(g, size=lambda d: by_attrs.get(id(d)) or size[d["id"]])
    pos = {n: (p.x, -p.y) for n, p in place.items()}   # Graphviz: y up
    nations = nations_in(g)
    if bare:
        labels = {n: (opts.cluster_label_sizes or {}).get(n, (1.0, 1.0)) for n in nations}
    else:
        labels = html_sizes({n: nation_label(n, opts) for n in nations})
    frames, label_at = {}, {}
    members: dict[str, list[str]] = {}
    for n in pos:
        members.setdefault(g.nodes[n].get("nation", "COMBINED"), []).append(n)
    for nation in nations:   # the frame as ``dot`` draws it: margin 12, title on top
        lw, lh = labels[nation]
        x0 = min(pos[n][0] - size[n][0] / 2 for n in members[nation]) - 12
        x1 = max(pos[n][0] + size[n][0] / 2 for n in members[nation]) + 12
        y0 = min(pos[n][1] - size[n][1] / 2 for n in members[nation]) - 12
        y1 = max(pos[n][1] + size[n][1] / 2 for n in members[nation]) + 12 + lh + 4
        grow = max(0.0, lw + 16 - (x1 - x0)) / 2
        frames[nation] = (x0 - grow, y0, x1 + grow, y1)
        label_at[nation] = ((x0 + x1) / 2, y1 - 2 - lh / 2)
    x0 = min(f[0] for f in frames.values()) - 10
    x1 = max(f[2] for f in frames.values()) + 10
    y0 = min(f[1] for f in frames.values()) - 10
    y1 = max(f[3] for f in frames.values()) + 10
    page = A.get_subgraph("cluster_page")
    bottom_h = 0.0
    if not bare:   # the banners as wide as the chart (``dot`` charts: a second pass)
        banner = max(200.0, x1 - x0 - 24)
        label, bottom = page_label(g, opts, banner, legend), bottom_label(opts, banner)
        sizes = html_sizes({"page": label, "bottom": bottom})
        lw, lh = sizes["page"]
        grow = max(0.0, lw + 20 - (x1 - x0)) / 2
        x0, x1, y1 = x0 - grow, x1 + grow, y1 + lh
        bottom_h = sizes["bottom"][1]
        page.graph_attr["label"] = label
        label_at["page"] = ((x0 + x1) / 2, y1 - lh / 2)
        A.graph_attr.update(label=bottom,
                            lp=f"{(x1 - x0) / 2:.2f},{bottom_h / 2:.2f}")
    # positive coordinates from (0, 0), room for the bottom banner: nothing to translate
    dx, dy = -x0, bottom_h - y0

    def at(x, y):
        return f"{x + dx:.2f},{y + dy:.2f}"

    for n, (x, y) in pos.items():
        A.get_node(n).attr["pos"] = at(x, y)
    for nation, (fx0, fy0, fx1, fy1) in frames.items():
        page.get_subgraph(f"cluster_{nation}").graph_attr.update(
            bb=bb_text((fx0 + dx, fy0 + dy, fx1 + dx, fy1 + dy)), lp=at(*label_at[nation]))
    page.graph_attr["bb"] = bb_text((0, bottom_h, x1 - x0, y1 + dy))
    if "page" in label_at:
        page.graph_attr["lp"] = at(*label_at["page"])
    A.graph_attr["bb"] = bb_text((0, 0, x1 - x0, y1 + dy))
    if not bare:   # every label placed here: Graphviz's own placement is slow
        label_straight_lines(A, g, opts, label_fan_outs(A, g, opts))
    with graphviz_stderr():
        A.layout(prog="nop2")
    if not bare:
        frame(A)
    dash_dot(A)
    return A
