"""The ``dot`` chart's geometry for writers that place boxes themselves: actors' boxes,
lines' routes and nation frames in points, y downwards.

Why its own module: GraphML and GEXF exports open with the hierarchy where the ``dot``
chart draws it; ``build.render`` hands them this plain geometry, so the loaders layer
never imports ``viz`` (and ``viz.layout.geometry``, the engine's rectangles, is another
thing).
"""

from __future__ import annotations

from dataclasses import dataclass

from c2graph.viz.export.common import ChartOptions
from c2graph.viz.export.dot_layout import layout
from c2graph.viz.export.graphviz_run import bb, bezier_polyline, spline_points


@dataclass(frozen=True)
class Box:
    x: float   # centre, points, y downwards from the top of the page
    y: float
    w: float
    h: float


@dataclass
class Geometry:
    width: float
    height: float
    nodes: dict[str, Box]
    edges: dict[str, list[tuple[float, float]]]   # relationship id -> polyline, y down
    clusters: dict[str, tuple[float, float, float, float]]   # name -> (x0, y0, x1, y1), y down


def geometry(g, opts: ChartOptions, lines: bool = True) -> Geometry:
    """Positions of actors, routes of lines and nation frames from the chart's layout
    (``lines=False``: no routes, for a renderer that draws its own straight lines)."""
    A = layout(g, opts, legend=False, lines=lines)
    _, _, W, H = bb(A.graph_attr["bb"])
    nodes = {}
    for n in A.nodes():
        if str(n) not in g:
            continue
        x, y = (float(v) for v in n.attr["pos"].split(",")[:2])
        nodes[str(n)] = Box(x, H - y, float(n.attr["width"]) * 72, float(n.attr["height"]) * 72)
    edges = {}
    for u, v, key in A.edges(keys=True):
        if not key or str(key).startswith(("anchor:", "order:")):
            continue
        pos = A.get_edge(u, v, key).attr.get("pos")
        if pos:
            edges[str(key)] = [(x, H - y) for x, y in bezier_polyline(spline_points(pos), 6)]
    clusters = {}
    for sub in A.get_subgraph("cluster_page").subgraphs():
        x0, y0, x1, y1 = bb(sub.graph_attr["bb"])
        clusters[sub.name] = (x0, H - y1, x1, H - y0)
    return Geometry(W, H, nodes, edges, clusters)
