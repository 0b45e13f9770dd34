"""Running Graphviz: quiet fontconfig, measure HTML labels, read its coordinates, draw.

Every static picture goes through the ``pygraphviz`` wheel's Graphviz (cairo and
pango set the bundled font, and write vector text into SVG and PDF).  What each
caller needs from it around the layout itself is here once: its one harmless
fontconfig warning hidden (``graphviz_stderr``), the size Graphviz gives an HTML-like
label (``html_sizes``), bounding boxes and splines read back, the ``SUPPORTS``
dash-dot pen Graphviz lacks (``dash_dot``), and the drawing as SVG, PNG (with its
real size, ``png_with_dpi``) or PDF (``draw``).
"""

from __future__ import annotations

import contextlib
import math
import os
import struct
import sys
import tempfile
import zlib

from c2graph.viz import fonts, style

DASHDOT = (7.0, 3.0, 1.8, 3.0)   # points: dash, gap, dot, gap


@contextlib.contextmanager
def graphviz_stderr():
    """Hide fontconfig's one known warning while Graphviz runs; pass other messages on.

    The fontconfig bundled in the pygraphviz wheel is older than the system's and,
    whatever ``FONTCONFIG_FILE`` says, reads the system's conf.avail folder for
    descriptions, warning about an element it does not know.  Nothing of it applies.
    """
    try:
        fd = sys.stderr.fileno()
    except (AttributeError, OSError, ValueError):
        fd = 2
    sys.stderr.flush()
    saved = os.dup(fd)
    with tempfile.TemporaryFile() as capture:
        os.dup2(capture.fileno(), fd)
        try:
            yield
        finally:
            os.dup2(saved, fd)
            os.close(saved)
            capture.seek(0)
            text = capture.read().decode("utf-8", "replace")
    kept = [ln for ln in text.splitlines()
            if ln.strip() and "reset-dirs" not in ln and "Fontconfig warning" not in ln
            and "cell size too small" not in ln and "in label of node" not in ln]
    if kept and os.environ.get("C2GRAPH_GRAPHVIZ_DEBUG"):
        print("\n".join(kept), file=sys.stderr)


def bb(value: str) -> tuple[float, float, float, float]:
    x0, y0, x1, y1 = (float(v) for v in value.split(","))
    return x0, y0, x1, y1


def bb_text(box) -> str:
    return ",".join(f"{v:.2f}" for v in box)


def html_sizes(labels: dict[str, str]) -> dict[str, tuple[float, float]]:
    """(w, h) in points of HTML-like labels as Graphviz sets them (name -> label).

    Fontconfig reads its configuration once per process, at Graphviz's first text:
    the bundled font is configured first, or every later drawing falls back to the
    machine's fonts."""
    import pygraphviz as pgv

    fonts.configure()

    S = pgv.AGraph(directed=True)
    S.node_attr.update(fontname=fonts.FAMILY, shape="plain", pos="0,0")
    for name, label in labels.items():
        S.add_node(name, label=label)
    with graphviz_stderr():
        S.layout(prog="nop")
    return {str(n): (float(n.attr["width"]) * 72, float(n.attr["height"]) * 72)
            for n in S.nodes_iter()}


def spline_points(pos: str) -> list[tuple[float, float]]:
    """The Bézier control points of an edge's ``pos`` (end markers dropped)."""
    pts = []
    for part in pos.split():
        if part.startswith(("e,", "s,")):
            continue
        x, y = part.split(",")[:2]
        pts.append((float(x), float(y)))
    return pts


def bezier_polyline(ctrl: list[tuple[float, float]], steps: int = 16):
    """Sample a piecewise cubic Bézier into a polyline."""
    out = [ctrl[0]] if ctrl else []
    for i in range(0, len(ctrl) - 3, 3):
        p0, p1, p2, p3 = ctrl[i:i + 4]
        for s in range(1, steps + 1):
            t = s / steps
            a, b, c, d = (1 - t) ** 3, 3 * t * (1 - t) ** 2, 3 * t * t * (1 - t), t ** 3
            out.append((a * p0[0] + b * p1[0] + c * p2[0] + d * p3[0],
                        a * p0[1] + b * p1[1] + c * p2[1] + d * p3[1]))
    return out


def _length(points) -> float:
    return sum(math.dist(points[i], points[i + 1]) for i in range(len(points) - 1))


def dash_dot(A) -> None:
    """Turn every SUPPORTS line into fixed-length dash, gap, dot, gap pieces."""
    for e in A.edges():
        if e.attr.get("class") != "SUPPORTS" or not e.attr.get("pos"):
            continue
        length = _length(bezier_polyline(spline_points(e.attr["pos"])))
        if length < 12:
            continue
        color = style.LINE_STYLES["SUPPORTS"].color
        pieces, total, i = [], 0.0, 0
        while total + DASHDOT[i % 4] < length - DASHDOT[0]:
            step = DASHDOT[i % 4]
            pieces.append((color if i % 2 == 0 else "#ffffff00", step / length))
            total += step
            i += 1
        pieces.append((color, max(0.0, 1.0 - total / length)))
        e.attr["color"] = ":".join(f"{c};{f:.5f}" for c, f in pieces)
        e.attr["style"] = "solid"


def polyline_pos(pts, at, arrow: bool, arrow_len: float) -> str:
    """A Graphviz ``pos`` for a polyline (cubic pieces with their control points on the
    segment); with ``arrow`` the last piece stops ``arrow_len`` points short and ``e,``
    marks the tip.  ``at(x, y)`` writes a point in Graphviz's frame (y up)."""
    pts = list(pts)
    end = pts[-1]
    if arrow:
        (ax, ay), (bx, by) = pts[-2], pts[-1]
        seg = max(abs(bx - ax), abs(by - ay), 1e-6)
        cut = min(arrow_len, seg * 0.9)
        pts[-1] = (bx - (bx - ax) / seg * cut, by - (by - ay) / seg * cut)
    spline = [pts[0]]
    for a, b in zip(pts, pts[1:]):
        spline += [a, b, b]
    text = " ".join(at(x, y) for x, y in spline)
    return (f"e,{at(*end)} " + text) if arrow else text


def png_with_dpi(data: bytes, dpi: int) -> bytes:
    """Add a ``pHYs`` chunk so viewers and Office place the PNG at its real size."""
    if not data.startswith(b"\x89PNG\r\n\x1a\n") or b"pHYs" in data[:4096]:
        return data
    ihdr_end = 8 + 4 + 4 + 13 + 4
    ppm = round(dpi / 0.0254)
    body = b"pHYs" + struct.pack(">IIB", ppm, ppm, 1)
    chunk = struct.pack(">I", 9) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)
    return data[:ihdr_end] + chunk + data[ihdr_end:]


def draw(A, fmt: str, dpi: int = 200) -> bytes:
    """A laid-out graph drawn as ``svg``, ``png`` (at ``dpi``, its size recorded) or
    ``pdf``, every position kept (``nop2``)."""
    fonts.configure()
    with graphviz_stderr():
        if fmt == "png":
            A.graph_attr["dpi"] = str(dpi)
            try:
                data = A.draw(format="png:cairo", prog="nop2")
            finally:
                del A.graph_attr["dpi"]
            return png_with_dpi(data, dpi)
        return A.draw(format=f"{fmt}:cairo" if fmt == "pdf" else "svg", prog="nop2")
