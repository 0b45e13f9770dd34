"""Rectangles and orthogonal segments: the few geometric facts the engine and its checker share.

Coordinates are points, x to the right and y downwards (as on a page or a slide).  A
line is a polyline of points; the engine only makes horizontal and vertical segments,
but the tests' checker reads arbitrary segments back from the files, so
``segment_hits_rect`` handles any direction.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

Point = tuple[float, float]


@dataclass(frozen=True)
class Rect:
    """An axis-aligned rectangle (x0, y0) top left, (x1, y1) bottom right."""

    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def w(self) -> float:
        return self.x1 - self.x0

    @property
    def h(self) -> float:
        return self.y1 - self.y0

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def cy(self) -> float:
        return (self.y0 + self.y1) / 2

    def inflate(self, d: float) -> "Rect":
        return Rect(self.x0 - d, self.y0 - d, self.x1 + d, self.y1 + d)

    def shift(self, dx: float, dy: float) -> "Rect":
        return Rect(self.x0 + dx, self.y0 + dy, self.x1 + dx, self.y1 + dy)

    def contains(self, p: Point, eps: float = 1e-6) -> bool:
        """Strictly inside (the boundary is outside)."""
        return self.x0 + eps < p[0] < self.x1 - eps and self.y0 + eps < p[1] < self.y1 - eps

    def overlaps(self, other: "Rect") -> bool:
        return (self.x0 < other.x1 and other.x0 < self.x1
                and self.y0 < other.y1 and other.y0 < self.y1)

    @staticmethod
    def around(cx: float, cy: float, w: float, h: float) -> "Rect":
        return Rect(cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2)


def segment_hits_rect(a: Point, b: Point, r: Rect, eps: float = 0.5) -> bool:
    """Whether the segment ``a``-``b`` passes through the inside of ``r`` shrunk by
    ``eps`` (Liang-Barsky clipping): touching or running along an edge does not count,
    so a line drawn at a box's boundary, or rounding in a file, is not a hit."""
    x0, y0, x1, y1 = r.x0 + eps, r.y0 + eps, r.x1 - eps, r.y1 - eps
    if x0 >= x1 or y0 >= y1:
        return False
    dx, dy = b[0] - a[0], b[1] - a[1]
    t0, t1 = 0.0, 1.0
    for p, q in ((-dx, a[0] - x0), (dx, x1 - a[0]), (-dy, a[1] - y0), (dy, y1 - a[1])):
        if p == 0:
            if q <= 0:
                return False
            continue
        t = q / p
        if p < 0:
            if t > t1:
                return False
            t0 = max(t0, t)
        else:
            if t < t0:
                return False
            t1 = min(t1, t)
    return t1 - t0 > 1e-9


def polyline_hits_rect(points: list[Point], r: Rect, eps: float = 0.5) -> bool:
    return any(segment_hits_rect(points[i], points[i + 1], r, eps)
               for i in range(len(points) - 1))


def segments_cross(a: Point, b: Point, c: Point, d: Point) -> bool:
    """Whether two segments cross at a single interior point (proper crossing); lines
    that meet at an end or run along each other do not count."""
    def orient(p, q, r):
        v = (q[0] - p[0]) * (r[1] - p[1]) - (q[1] - p[1]) * (r[0] - p[0])
        return 0 if abs(v) < 1e-9 else (1 if v > 0 else -1)

    o1, o2, o3, o4 = orient(a, b, c), orient(a, b, d), orient(c, d, a), orient(c, d, b)
    return o1 * o2 < 0 and o3 * o4 < 0


def count_crossings(lines: list[list[Point]]) -> int:
    """Proper crossings between the segments of different polylines."""
    segs = [(i, p[k], p[k + 1]) for i, p in enumerate(lines) for k in range(len(p) - 1)]
    total = 0
    for m in range(len(segs)):
        i, a, b = segs[m]
        ax0, ax1 = min(a[0], b[0]), max(a[0], b[0])
        ay0, ay1 = min(a[1], b[1]), max(a[1], b[1])
        for n in range(m + 1, len(segs)):
            j, c, d = segs[n]
            if i == j or max(c[0], d[0]) < ax0 or min(c[0], d[0]) > ax1 \
                    or max(c[1], d[1]) < ay0 or min(c[1], d[1]) > ay1:
                continue
            if segments_cross(a, b, c, d):
                total += 1
    return total


def length(points: list[Point]) -> float:
    return sum(math.dist(points[i], points[i + 1]) for i in range(len(points) - 1))


def simplify(points: list[Point]) -> list[Point]:
    """Drop repeated points and the middle of three collinear ones."""
    out: list[Point] = []
    for p in points:
        if out and abs(p[0] - out[-1][0]) < 1e-6 and abs(p[1] - out[-1][1]) < 1e-6:
            continue
        if len(out) >= 2:
            a, b = out[-2], out[-1]
            if (abs(a[0] - b[0]) < 1e-6 and abs(b[0] - p[0]) < 1e-6) or \
                    (abs(a[1] - b[1]) < 1e-6 and abs(b[1] - p[1]) < 1e-6):
                out[-1] = p
                continue
        out.append(p)
    return out


def shape_boundary(shape: str, r: Rect, inside: Point, outside: Point) -> Point:
    """Where the segment from ``inside`` (in the shape) to ``outside`` leaves a box of
    ``shape`` ("ellipse", "hexagon", else a rectangle) drawn in ``r``: a line stops at
    the outline it is drawn to, not at the bounding box."""
    lo, hi = 0.0, 1.0
    for _ in range(40):   # bisection: the shapes are convex
        mid = (lo + hi) / 2
        p = (inside[0] + (outside[0] - inside[0]) * mid, inside[1] + (outside[1] - inside[1]) * mid)
        if in_shape(shape, r, p):
            lo = mid
        else:
            hi = mid
    return (inside[0] + (outside[0] - inside[0]) * hi, inside[1] + (outside[1] - inside[1]) * hi)


def in_shape(shape: str, r: Rect, p: Point) -> bool:
    x, y = p
    if not (r.x0 <= x <= r.x1 and r.y0 <= y <= r.y1):
        return False
    if shape == "ellipse":
        rx, ry = r.w / 2, r.h / 2
        return ((x - r.cx) / rx) ** 2 + ((y - r.cy) / ry) ** 2 <= 1.0
    if shape == "hexagon":   # pointed left and right, the points a quarter of the width in
        inset = r.w / 4 * (1 - abs(y - r.cy) / (r.h / 2)) if r.h else 0
        return r.x0 + r.w / 4 - inset <= x <= r.x1 - r.w / 4 + inset
    return True
