"""Laying out the ``dot`` chart: ``dot`` places the boxes, then the lines are routed.

Why two passes and a late routing:

* the marking banners and the legend strip are as wide as the chart, which is known
  only after a first layout; the graph is built again with that width and laid out
  once more;
* lines between nations are left out of ``dot``'s layout (it would reorder the nations
  to shorten them), added back once the boxes are placed and routed around them by
  ``nop2``, as splines, or straight above ``SPLINE_LIMIT`` actors (obstacle-avoiding
  splines cost minutes past a few hundred actors);
* without a chosen wrapping, the fan-outs are wrapped the way that lets the chart be
  drawn largest on a 16:9 page (``best_per_row``, among ``dot_rows.row_choices``);
* Graphviz has no dash-dot pen, so ``SUPPORTS`` lines are cut into pieces along their
  route after the layout (``graphviz_run.dash_dot``).

Above ``PINNED_LIMIT`` actors ``dot`` is not used at all (``dot_pinned``).
"""

from __future__ import annotations

from dataclasses import replace

from c2graph.viz import fonts
from c2graph.viz.export.common import ChartOptions
from c2graph.viz.export.dot_authority import label_fan_outs
from c2graph.viz.export.dot_draw import frame
from c2graph.viz.export.dot_graph import build, crosses_clusters, line_attrs
from c2graph.viz.export.dot_pinned import layout_pinned
from c2graph.viz.export.dot_rows import row_choices
from c2graph.viz.export.graphviz_run import bb, dash_dot, graphviz_stderr
from c2graph.viz.export.labels import shared_authority

#: Above this many actors a chart wraps fans wider than about 8 without trying every
#: wrapping (``dot`` takes seconds to minutes per layout of a large organisation).
SEARCH_LIMIT = 400

#: Above this many actors, lines are straight: spline routing is superlinear.
SPLINE_LIMIT = 300

#: Above this many actors, ``dot`` no longer lays the chart out (it takes minutes at
#: 5,000); the interactive view's tree layout places the boxes (``layout_pinned``).
PINNED_LIMIT = 1200


def layout(g, opts: ChartOptions, legend: bool = True, lines: bool = True):
    """Build and lay out the chart; the banners are sized to its width on a second pass.

    Without ``opts.per_row`` the fan-outs are wrapped to fit a 16:9 page best.  Without
    ``lines`` (boxes only, for a renderer that draws its own lines) no line is routed.
    """
    if g.number_of_nodes() > PINNED_LIMIT:
        return layout_pinned(g, opts, legend)
    fonts.configure()
    if opts.per_row is None:
        opts = replace(opts, per_row=best_per_row(g, opts, legend))
    bare = opts.node_sizes is not None
    A = build(g, opts, None, legend, late=False)
    with graphviz_stderr():
        A.layout(prog="dot")
        if not bare:
            x0, _, x1, _ = bb(A.get_subgraph("cluster_page").graph_attr["bb"])
            A = build(g, opts, max(200.0, x1 - x0 - 24), legend, late=False)
            A.layout(prog="dot")
        if bare and not lines:
            return A
        shared = shared_authority(g)
        for u, v, key, d in sorted(g.edges(keys=True, data=True), key=lambda e: e[2]):
            if crosses_clusters(g, u, v, d):
                A.add_edge(u, v, key=key, **line_attrs(g, u, key, d, opts, shared))
        if not bare:
            label_fan_outs(A, g, opts)
        # obstacle-avoiding splines cost minutes past a few hundred actors (measured:
        # 1,000 actors ~13 min); large charts get straight lines, drawn in seconds
        big = g.number_of_nodes() > SPLINE_LIMIT
        A.graph_attr["splines"] = "line" if big else "true"
        A.layout(prog="nop2")
    if not bare:
        frame(A)
    dash_dot(A)
    return A


def best_per_row(g, opts: ChartOptions, legend: bool = True, page=(16.0, 9.0)) -> int:
    """The fan-out wrapping that lets the chart be drawn largest on a 16:9 page
    (fewer rows when two are within 3 %)."""
    choices = row_choices(g)
    if len(choices) == 1:
        return choices[0]
    if g.number_of_nodes() > SEARCH_LIMIT:   # each layout takes seconds: no search
        return min(choices, key=lambda c: (abs(c - 8) if c else 99, c))
    best, best_scale = choices[0], 0.0
    with graphviz_stderr():
        for per_row in choices:
            A = build(g, replace(opts, per_row=per_row), None, legend, late=False)
            A.layout(prog="dot")
            _, _, w, h = bb(A.graph_attr["bb"])
            scale = min(page[0] / max(w, 1.0), page[1] / max(h, 1.0))
            if scale > best_scale * 1.03:
                best, best_scale = per_row, scale
    return best
