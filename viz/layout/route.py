"""Orthogonal lines around boxes and frames: A* on a sparse grid (an orthogonal
visibility graph, the approach of libavoid and of most diagram editors).

Why not splines or straight lines: a line that passes behind a box reads as a chain of
command through that box ("PACFLT commands USFJ").  Here no segment of a line ever
enters a box that is not one of its two ends, nor a nation frame that holds neither
end, by construction:

* the grid's lines are the boxes' edges pushed out by a clearance, their centre lines
  and the quarter lines either side (ports), the frames' edges pushed out, and the
  channel lines between rows and columns that the placement leaves free;
* a step between two neighbouring grid points is allowed for a line only if the
  segment lies in no obstacle of that line: every box but its two ends, every frame
  but its ends' frames (each grown by the clearance).  A line starts at its source's
  centre and ends at its target's centre; the part inside each end's own box is cut
  off when it is drawn (``clip``).

The search minimises length plus a penalty per bend, per crossing of an earlier line,
and a heavy penalty for running along a line of another bundle (two lines on one
segment would read as one).  Lines of one **bundle** (a superior's lines of one type:
the bus) run along each other almost for free, so the first line's trunk is shared
by the rest: one trunk per superior, the authority written once on it.

A line for which no path exists (the obstacles close it in completely, which a
placement from ``viz.layout`` never does) is drawn along the grid's outer edge, and
reported in ``Routes.failed`` so a test sees it.
"""

from __future__ import annotations

import bisect
import heapq
from dataclasses import dataclass, field

from c2graph.viz.layout.geometry import Point, Rect, shape_boundary, simplify

CLEAR = 6.0          # points between a line and a box it passes
BEND = 18.0          # cost of a bend, in points of length
CROSS = 30.0         # cost of crossing another line
OVERLAP = 6.0        # cost factor of running along another bundle's line
SHARE = 0.02         # cost factor of running along one's own bundle
HEURISTIC = 1.2      # weight of the distance estimate (> 1: faster, near-shortest paths)
#: Directions: right, down, left, up.
DIRS = ((1, 0), (0, 1), (-1, 0), (0, -1))


@dataclass
class Line:
    """One line to route: ``key`` names it, ``bundle`` groups a bus's lines."""

    key: str
    source: str
    target: str
    bundle: str
    #: "down": leaves the source downwards, enters the target from above (command
    #: lines); "up": the reverse (a staff line to its principal); "stack": down, then
    #: into the left side (a stacked column's side bus); "side": any side.
    flow: str = "side"


@dataclass
class Routes:
    points: dict[str, list[Point]] = field(default_factory=dict)   # key -> polyline, clipped
    failed: list[str] = field(default_factory=list)


def _lines_of(boxes: dict[str, Rect], frames: list[Rect], extra_x, extra_y, ports=True):
    xs, ys = set(extra_x), set(extra_y)
    for r in boxes.values():
        g = r.inflate(CLEAR)
        xs.update((g.x0, g.x1, r.cx))
        ys.update((g.y0, g.y1, r.cy))
        if ports:
            xs.update((r.x0 + r.w / 4, r.x1 - r.w / 4))
            ys.update((r.y0 + r.h / 4, r.y1 - r.h / 4))
    for f in frames:
        g = f.inflate(CLEAR)
        xs.update((g.x0, g.x1))
        ys.update((g.y0, g.y1))
    return _dedupe(xs), _dedupe(ys)


def _dedupe(values) -> list[float]:
    out: list[float] = []
    for v in sorted(round(v, 2) for v in values):
        if not out or v - out[-1] > 0.5:
            out.append(v)
    return out


class Router:
    """Routes lines one by one over one grid; each line sees the lines before it."""

    def __init__(self, boxes: dict[str, Rect], shapes: dict[str, str],
                 frame_of: dict[str, str], frames: dict[str, Rect],
                 extra_x=(), extra_y=(), ports: bool = True):
        self.boxes, self.shapes, self.frame_of, self.frames = boxes, shapes, frame_of, frames
        self.X, self.Y = _lines_of(boxes, list(frames.values()), extra_x, extra_y, ports)
        nx, ny = len(self.X), len(self.Y)
        self.nx, self.ny = nx, ny
        # Grid point (i, j) is the number i * ny + j (the search looks a step up a million
        # times on a large deck: an int is hashed at once, a tuple each time).
        # Obstacles covering each grid step: h_block[i * ny + j] is the step
        # (i, j) -> (i + 1, j), v_block's the step (i, j) -> (i, j + 1).
        self.h_block: dict[int, tuple[str, ...]] = {}
        self.v_block: dict[int, tuple[str, ...]] = {}
        for name, r in boxes.items():
            self._mark(("box", name), r.inflate(CLEAR))
        for name, r in frames.items():
            self._mark_edge(("frame", name), r.inflate(CLEAR))
        # steps used by lines so far: point -> {bundle: count}, horizontal and vertical
        self.used_h: dict[int, dict[str, int]] = {}
        self.used_v: dict[int, dict[str, int]] = {}

    def _mark(self, tag, r: Rect) -> None:
        X, Y, ny = self.X, self.Y, self.ny
        i0, i1 = bisect.bisect_left(X, r.x0 - 0.01), bisect.bisect_right(X, r.x1 + 0.01)
        j0, j1 = bisect.bisect_left(Y, r.y0 - 0.01), bisect.bisect_right(Y, r.y1 + 0.01)
        for i in range(i0, i1):
            for j in range(j0, j1):
                x, y = X[i], Y[j]
                inside_x = r.x0 + 0.01 < x < r.x1 - 0.01
                inside_y = r.y0 + 0.01 < y < r.y1 - 0.01
                c = i * ny + j
                # the step to the right lies inside if its row is inside and it spans x0..x1
                if inside_y and i + 1 < len(X) and X[i] >= r.x0 - 0.01 and X[i + 1] <= r.x1 + 0.01:
                    self.h_block[c] = self.h_block.get(c, ()) + (tag,)
                if inside_x and j + 1 < len(Y) and Y[j] >= r.y0 - 0.01 and Y[j + 1] <= r.y1 + 0.01:
                    self.v_block[c] = self.v_block.get(c, ()) + (tag,)

    def _mark_edge(self, tag, r: Rect) -> None:
        """Block the steps that cross a frame's outline (a line that starts outside a
        frame cannot get in without one): a frame costs its perimeter, not its area."""
        X, Y, ny = self.X, self.Y, self.ny
        left = bisect.bisect_right(X, r.x0 + 0.01) - 1     # the step from x0 inwards
        right = bisect.bisect_left(X, r.x1 - 0.01) - 1     # the step out over x1
        top = bisect.bisect_right(Y, r.y0 + 0.01) - 1
        bottom = bisect.bisect_left(Y, r.y1 - 0.01) - 1
        j0, j1 = bisect.bisect_right(Y, r.y0 + 0.01), bisect.bisect_left(Y, r.y1 - 0.01)
        i0, i1 = bisect.bisect_right(X, r.x0 + 0.01), bisect.bisect_left(X, r.x1 - 0.01)
        for j in range(j0, j1):                            # rows strictly inside
            for i in {left, right}:
                if 0 <= i < len(X) - 1:
                    self.h_block[i * ny + j] = self.h_block.get(i * ny + j, ()) + (tag,)
        for i in range(i0, i1):                            # columns strictly inside
            for j in {top, bottom}:
                if 0 <= j < len(Y) - 1:
                    self.v_block[i * ny + j] = self.v_block.get(i * ny + j, ()) + (tag,)

    def _index(self, x: float, y: float) -> tuple[int, int]:
        i = min(range(max(0, bisect.bisect_left(self.X, x) - 1),
                      min(self.nx, bisect.bisect_left(self.X, x) + 1)),
                key=lambda k: abs(self.X[k] - x))
        j = min(range(max(0, bisect.bisect_left(self.Y, y) - 1),
                      min(self.ny, bisect.bisect_left(self.Y, y) + 1)),
                key=lambda k: abs(self.Y[k] - y))
        return i, j

    def route(self, line: Line) -> list[Point] | None:
        """The line's polyline (centre to centre, unclipped), or None if closed in."""
        allowed = {("box", line.source), ("box", line.target)}
        for end in (line.source, line.target):
            if self.frame_of.get(end):
                allowed.add(("frame", self.frame_of[end]))
        s, t = self.boxes[line.source], self.boxes[line.target]
        si, sj = self._index(s.cx, s.cy)
        ti, tj = self._index(t.cx, t.cy)
        X, Y, nx, ny = self.X, self.Y, self.nx, self.ny
        start_dirs, end_dirs = (0, 1, 2, 3), (0, 1, 2, 3)
        if line.flow == "down" and t.cy > s.cy:
            start_dirs, end_dirs = (1,), (1,)
        elif line.flow == "up" and t.cy < s.cy:
            start_dirs, end_dirs = (3,), (3,)
        elif line.flow == "stack":   # a stacked column: down, then in from the left
            start_dirs, end_dirs = (1,), (0,)
        tx, ty = X[ti], Y[tj]
        sx0, sy0, sx1, sy1 = s.x0, s.y0, s.x1, s.y1
        tx0, ty0, tx1, ty1 = t.x0, t.y0, t.x1, t.y1
        h_block, v_block, used_h, used_v = self.h_block, self.v_block, self.used_h, self.used_v
        bundle = line.bundle
        inf = float("inf")
        heap: list = []
        best: dict[int, float] = {}     # state (i * ny + j) * 4 + direction -> cost
        came: dict[int, int] = {}
        for d in start_dirs:
            best[(si * ny + sj) * 4 + d] = 0.0
            heapq.heappush(heap, (HEURISTIC * (abs(X[si] - tx) + abs(Y[sj] - ty)), 0.0,
                                  si, sj, d, True))
        goal = None
        while heap:
            _, cost, i, j, d, fresh = heapq.heappop(heap)
            here = i * ny + j
            if cost > best.get(here * 4 + d, inf):
                continue
            if i == ti and j == tj and d in end_dirs and not fresh:
                goal = here * 4 + d
                break
            xi, yj = X[i], Y[j]
            # no turn inside an end box: a line meets its box square on a side
            turns = not (sx0 < xi < sx1 and sy0 < yj < sy1)
            in_target = tx0 < xi < tx1 and ty0 < yj < ty1
            for nd in ((d,) if fresh else (d, (d + 1) % 4, (d + 3) % 4)):
                if nd == 0:
                    ni, nj, step, horizontal = i + 1, j, here, True
                elif nd == 2:
                    ni, nj, step, horizontal = i - 1, j, here - ny, True
                elif nd == 1:
                    ni, nj, step, horizontal = i, j + 1, here, False
                else:
                    ni, nj, step, horizontal = i, j - 1, here - 1, False
                if ni < 0 or nj < 0 or ni >= nx or nj >= ny:
                    continue
                if nd != d and not turns:
                    continue
                xn, yn = X[ni], Y[nj]
                if tx0 < xn < tx1 and ty0 < yn < ty1 and (
                        nd not in end_dirs or (nd != d and in_target)):
                    continue
                tags = (h_block if horizontal else v_block).get(step)
                if tags:
                    blocked = False
                    for tag in tags:
                        if tag not in allowed:
                            blocked = True
                            break
                    if blocked:
                        continue
                length = abs(xn - xi) if horizontal else abs(yn - yj)
                users = (used_h if horizontal else used_v).get(step)
                if users:
                    mine = users.get(bundle, 0)
                    step_cost = length * SHARE if mine else length
                    if len(users) > (1 if mine else 0):
                        step_cost += length * OVERLAP + BEND
                else:
                    step_cost = length
                if nd != d:
                    step_cost += BEND
                # crossing: a line of another bundle through the point, across this step
                there = ni * ny + nj
                if horizontal:
                    a = used_v.get(there)
                    b = used_v.get(there - 1) if nj > 0 else None
                else:
                    a = used_h.get(there)
                    b = used_h.get(there - ny) if ni > 0 else None
                if (a and (len(a) > 1 or bundle not in a)) or (b and (len(b) > 1 or bundle not in b)):
                    step_cost += CROSS
                nc = cost + step_cost
                key = there * 4 + nd
                if nc < best.get(key, inf):
                    best[key] = nc
                    came[key] = here * 4 + d
                    heapq.heappush(heap, (nc + HEURISTIC * (abs(xn - tx) + abs(yn - ty)),
                                          nc, ni, nj, nd, False))
        if goal is None:
            return None
        path = [goal]
        while path[-1] in came:
            path.append(came[path[-1]])
        path.reverse()
        cells = [divmod(state // 4, ny) for state in path]
        for (i, j), (k, m) in zip(cells, cells[1:]):
            if j == m:
                users = used_h.setdefault(min(i, k) * ny + j, {})
            else:
                users = used_v.setdefault(i * ny + min(j, m), {})
            users[bundle] = users.get(bundle, 0) + 1
        return simplify([(X[i], Y[j]) for i, j in cells])

    def clip(self, line: Line, points: list[Point]) -> list[Point]:
        return clip(line, points, self.boxes, self.shapes)


def clip(line: Line, points: list[Point], boxes: dict[str, Rect],
         shapes: dict[str, str]) -> list[Point]:
    """The polyline from the source's outline to the target's outline."""
    s, t = boxes[line.source], boxes[line.target]
    pts = list(points)
    # drop leading points inside the source, trailing ones inside the target
    while len(pts) > 2 and s.contains(pts[1], 0.01):
        pts.pop(0)
    while len(pts) > 2 and t.contains(pts[-2], 0.01):
        pts.pop()
    sshape, tshape = shapes.get(line.source, "box"), shapes.get(line.target, "box")
    if len(pts) >= 2:
        pts[0] = shape_boundary(sshape, s, pts[0] if s.contains(pts[0], 0.01) else
                                (s.cx, s.cy), pts[1])
        pts[-1] = shape_boundary(tshape, t, pts[-1] if t.contains(pts[-1], 0.01) else
                                 (t.cx, t.cy), pts[-2])
    return [(round(x, 2), round(y, 2)) for x, y in pts]


def route_all(router: Router, lines: list[Line]) -> Routes:
    """Route ``lines`` in the given order (callers put the bundles' first lines, and
    the command lines, first: they get the straightest paths)."""
    out = Routes()
    for line in lines:
        pts = router.route(line)
        if pts is None:
            out.failed.append(line.key)
            s, t = router.boxes[line.source], router.boxes[line.target]
            pts = [(s.cx, s.cy), (s.cx, t.cy), (t.cx, t.cy)]
        out.points[line.key] = router.clip(line, pts)
    return out
