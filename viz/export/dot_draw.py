"""Drawing a laid-out ``dot`` chart: the picture cut to what is drawn, in each format.

Why its own module: both layouts (``dot_layout`` and ``dot_pinned``) end by clipping
the picture to the page (``frame``), and whoever holds a laid-out chart draws it the
same way (``render``: SVG, PNG, PDF through ``graphviz_run.draw``, or the laid-out
Graphviz source).
"""

from __future__ import annotations

from c2graph.viz.export.common import ExportError
from c2graph.viz.export.graphviz_run import bb, draw

FORMATS = ("svg", "png", "pdf", "dot")


def frame(A, margin: float = 14.0) -> None:
    """Clip the drawing to the page cluster and the bottom banner.

    The ``nop2`` pass (routing the lines between nations around the placed boxes)
    shifts the layout and reserves room for invisible helpers; the viewport keeps
    the picture exactly around what is drawn.
    """
    x0, y0, x1, y1 = bb(A.get_subgraph("cluster_page").graph_attr["bb"])
    _, lp_y = (float(v) for v in A.graph_attr["lp"].split(","))
    bottom = max(0.0, lp_y - 14)
    box = (x0 - margin, bottom - margin, x1 + margin, y1 + margin)
    A.content_box = box
    w, h = box[2] - box[0], box[3] - box[1]
    A.graph_attr["viewport"] = (f"{w:.2f},{h:.2f},1,{(box[0] + box[2]) / 2:.2f},"
                                f"{(box[1] + box[3]) / 2:.2f}")


def render(A, fmt: str, dpi: int = 200) -> bytes:
    """Draw a laid-out chart (positions kept: ``nop2``)."""
    if fmt not in FORMATS:
        raise ExportError(f"unknown chart format {fmt!r}; expected one of {', '.join(FORMATS)}")
    if fmt == "dot":
        return A.string().encode("utf-8")
    return draw(A, fmt, dpi)
