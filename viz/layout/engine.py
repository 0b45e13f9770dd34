"""The one layout and routing engine: boxes, frames, lines and label spots of a chart.

Every output draws from a ``Chart`` (SVG/PNG/PDF through Graphviz with every position
pinned, PPTX as native shapes, the interactive view), so a line never means one thing
on a slide and another on the page.  ``chart_layout`` runs, in order:

1. ``rank``: rows (a superior above its subordinates, staffs under principals);
2. ``frames``: nation frames and their order for this scenario;
3. ``place``: boxes in rows and frames, wide fan-outs stacked in columns;
4. ``route``: orthogonal lines around every box and foreign frame, one trunk per
   superior and type (a bus), then a spot for each authority label, once per bus.

Box sizes come from the caller (``size(actor_id) -> (w, h)`` in points): each
renderer measures text with its own fonts.  A caller that wants paired English and
Japanese slides to line up passes the larger of the two sizes (``max_size``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from c2graph.viz import style
from c2graph.viz.layout import frames as frames_mod
from c2graph.viz.layout.geometry import Point, Rect
from c2graph.viz.layout.place import Placement, Spacing, place, tree_of
from c2graph.viz.layout.route import CLEAR, Line, Router, clip, route_all

#: Line types whose source is drawn above the target (the line leaves it downwards).
DOWN = ("COMMANDS", "SUPERVISES", "TRANSMITS_ORDERS")
#: ... whose target (the principal) is above the source.
UP = ("ASSISTS", "ADVISES")
#: Routing order: command lines get the straightest paths.
ROUTE_ORDER = {"COMMANDS": 0, "TRANSMITS_ORDERS": 1, "SUPERVISES": 2, "ASSISTS": 3,
               "ADVISES": 4, "DUAL_HATTED_WITH": 5, "COORDINATES_WITH": 6, "SUPPORTS": 7,
               "MEMBER_OF": 8}


@dataclass
class ChartLine:
    key: str              # the relationship id
    source: str
    target: str
    type: str
    bundle: str           # lines of one bus share it (its trunk)
    points: list[Point]   # from the source's outline to the target's, orthogonal


@dataclass
class LabelSpot:
    """Where a line's (or a bus's) label goes: its left end, vertically centred."""

    x: float
    y: float
    lines: list[str]      # the relationship ids it labels (a bus: all of them)


@dataclass
class Chart:
    boxes: dict[str, Rect]
    shapes: dict[str, str]
    frame_of: dict[str, str]
    frames: dict[str, Rect]          # frame id -> the frame, title band included
    frame_order: list[str]
    rank: dict[str, int]
    lines: dict[str, ChartLine]
    labels: dict[str, LabelSpot]     # bundle -> spot
    width: float
    height: float
    title_band: float
    failed: list[str] = field(default_factory=list)   # lines no path was found for

    def frame_title_box(self, frame: str) -> Rect:
        f = self.frames[frame]
        return Rect(f.x0, f.y0, f.x1, f.y0 + self.title_band)


def bundle_of(g, u: str, v: str, d: dict, member_bus=frozenset()) -> tuple[str, str]:
    """(bundle, flow) of a line: a superior's lines of one type share a trunk.

    Membership lines share the forum's trunk, except those in ``member_bus``
    (``member_buses``): they share their member's trunk instead.
    """
    t = d.get("type", "")
    if t in DOWN:
        return f"{t}:{u}", "down"
    if t in UP:
        return f"{t}:{v}", "up"
    if t == "MEMBER_OF":
        if (u, v) in member_bus:
            return f"{t}:by:{u}", "side"
        return f"{t}:{v}", "side"
    return f"{t}:{u}:{v}", "side"


#: A member drawn as the only member of this many forums or more draws one bus to them.
MEMBER_BUS = 3


def member_buses(g) -> set[tuple[str, str]]:
    """The membership lines ``(member, forum)`` drawn as their member's bus: a forum
    drawn with a single member's line has no trunk to share, and when that member is
    drawn so into ``MEMBER_BUS`` forums or more, their lines share the member's trunk.

    Without it a member drawn into many forums (the 50,000-actor view's opening: one
    command into 100 forums along a 26,000-pt row) gets a bus per forum, each needing a
    lane of its own across the row: a fan of parallel lines, and a router searching
    most of the grid for each of them (that opening's lines: 1.87 M states searched,
    810 ms in the page's engine; as one bus 35 k states, 150 ms).  Below three, the
    lines stay apart: the bundled charts focused on jp.mod (the minister alone in two
    forums) cross two lines fewer that way, and keep their geometry.
    """
    into: dict[str, list[str]] = {}
    for u, v, t in g.edges(data="type"):
        if t == "MEMBER_OF":
            into.setdefault(v, []).append(u)
    solo: dict[str, list[str]] = {}
    for v, members in into.items():
        if len(members) == 1:
            solo.setdefault(members[0], []).append(v)
    return {(u, v) for u, forums in solo.items() if len(forums) >= MEMBER_BUS
            for v in forums}


#: Up to this many actors every line is routed on one grid that knows the lines before
#: it (overlaps and crossings cost); above, each line on a grid of its neighbourhood,
#: and a line from a superior to its tree child along the reserved corridor directly.
GLOBAL_LIMIT = 160
#: Margin (points) around a line's two ends of the neighbourhood it is routed in.
LOCAL_MARGIN = 120.0
#: Simple candidate routes (through a row channel or a frame gutter) tried per line
#: before a search, on large charts.
CANDIDATES = 12
#: A neighbourhood holding more boxes than this is not searched (a line across a very
#: large chart keeps its best simple shape and is listed in ``Chart.failed``).
SEARCH_BOXES = 400
#: ... on charts of more actors than this (below, every line is searched: 1,000 actors
#: ~2 s).  5,000 actors: ~4.5 s, about 3 % of the lines keep a simple shape.
SEARCH_ALL = 2000
#: Rows a stacked column may hold, tried when the chart should fit a page's shape.
STACK_CHOICES = (3, 4, 5, 6, 8, 10)


def chart_layout(g, size, spacing: Spacing = Spacing(), label_size=(64.0, 15.0),
                 fit: tuple[float, float, float] | None = None,
                 frame_width: dict[str, float] | None = None,
                 frame_of: dict[str, str] | None = None) -> Chart:
    """Lay out and route a scenario graph (see the module doc).

    ``fit=(aspect, extra_w, extra_h)``: choose how tall stacked columns are so that
    the chart plus ``extra_w`` x ``extra_h`` points (title, legend) is drawn largest
    on a page of that width/height ratio.  ``frame_width``: the least width of each
    frame (its title's).  ``frame_of``: each actor's frame, when the chart is a part of
    a larger one whose frames it keeps (a deck's slide); else ``frames.frame_ids``.
    """
    placement: Placement = _fitted(g, size, spacing, fit, frame_width or {}, frame_of)
    shapes = {n: style.KIND_SHAPES.get(g.nodes[n].get("kind"), "box") for n in g.nodes}
    channel_y = [(placement.row_bottom[r] + placement.row_top[r + 1]) / 2
                 for r in placement.row_bottom if r + 1 in placement.row_top]
    frames_sorted = [placement.frames[f] for f in placement.frame_order if f in placement.frames]
    gutter_x = [(a.x1 + b.x0) / 2 for a, b in zip(frames_sorted, frames_sorted[1:])]
    outer_x = [spacing.margin / 2, placement.width - spacing.margin / 2]
    outer_y = [spacing.margin / 2, placement.height - spacing.margin / 2]
    router = None
    if len(placement.boxes) <= GLOBAL_LIMIT:
        router = Router(placement.boxes, shapes, placement.frame_of, placement.frames,
                        extra_x=gutter_x + outer_x, extra_y=channel_y + outer_y)
    todo = []
    meta = {}
    buses = member_buses(g)
    for u, v, key, d in g.edges(keys=True, data=True):
        if u == v:
            continue
        bundle, flow = bundle_of(g, u, v, d, buses)
        if flow == "down" and v in placement.stacked and placement.parent.get(v) == u:
            flow = "stack"
        meta[key] = (u, v, d.get("type", ""), bundle)
        todo.append(Line(key, u, v, bundle, flow))
    boxes = placement.boxes

    def distance(line: Line) -> float:
        a, b = boxes[line.source], boxes[line.target]
        return abs(a.cx - b.cx) + abs(a.cy - b.cy)

    todo.sort(key=lambda ln: (ROUTE_ORDER.get(meta[ln.key][2], 9), ln.bundle, distance(ln),
                              ln.key))
    if len(boxes) <= GLOBAL_LIMIT:
        routes = route_all(router, todo)
    else:
        routes = _route_large(placement, shapes, todo, spacing)
    lines = {k: ChartLine(k, *meta[k][:2], meta[k][2], meta[k][3], routes.points[k])
             for k in meta}
    labels = _label_spots(g, lines, boxes, label_size, placement.width, placement.height)
    return Chart(boxes, shapes, placement.frame_of, placement.frames, placement.frame_order,
                 placement.rank, lines, labels, placement.width, placement.height,
                 spacing.title, routes.failed)


def _route_large(placement: Placement, shapes, todo: list[Line], spacing: Spacing):
    """Lines of a large chart: tree lines along their corridor when it is clear, the
    rest by A* on the grid of their neighbourhood (grown until a path is found)."""
    from c2graph.viz.export.common import BoxGrid
    from c2graph.viz.layout.geometry import segment_hits_rect
    from c2graph.viz.layout.route import Routes

    boxes, frames = placement.boxes, placement.frames
    index = BoxGrid(200.0)
    named: dict[tuple, str] = {}
    for n, r in boxes.items():
        key = (r.x0, r.y0, r.x1, r.y1)
        index.add(key)
        named[key] = n
    out = Routes()

    def near(region: Rect) -> dict[str, Rect]:
        found = {}
        box = (region.x0, region.y0, region.x1, region.y1)
        for k in index._keys(box):
            for b in index.cells.get(k, ()):
                if b[0] < box[2] and b[2] > box[0] and b[1] < box[3] and b[3] > box[1]:
                    found[named[b]] = boxes[named[b]]
        return found

    def clear(line: Line, pts) -> bool:
        own = {placement.frame_of[line.source], placement.frame_of[line.target]}
        ends = (line.source, line.target)
        for a, b in zip(pts, pts[1:]):   # segment by segment: thin regions, few boxes
            seg = Rect(min(a[0], b[0]) - 3, min(a[1], b[1]) - 3,
                       max(a[0], b[0]) + 3, max(a[1], b[1]) + 3)
            for n, r in near(seg).items():
                if n not in ends and segment_hits_rect(a, b, r.inflate(2)):
                    return False
            for name, f in frames.items():
                if name not in own and segment_hits_rect(a, b, f):
                    return False
        return True

    channels = sorted((placement.row_bottom[r] + placement.row_top[r + 1]) / 2
                      for r in placement.row_bottom if r + 1 in placement.row_top)
    ordered = [frames[f] for f in placement.frame_order if f in frames]
    gutters = [(a.x1 + b.x0) / 2 for a, b in zip(ordered, ordered[1:])]
    top, bottom = spacing.margin / 2, placement.height - spacing.margin / 2
    left, right = spacing.margin / 2, placement.width - spacing.margin / 2
    for line in todo:
        pts = _tree_route(line, placement, spacing)
        if pts is not None and clear(line, pts):
            out.points[line.key] = [(round(x, 2), round(y, 2)) for x, y in pts]
            continue
        s, t = boxes[line.source], boxes[line.target]
        found = None
        # the cheap shapes first: down/up to a channel and across, or out to a gutter
        candidates = [[(s.cx, s.cy), (s.cx, y), (t.cx, y), (t.cx, t.cy)]
                      for y in channels + [top, bottom]]
        candidates += [[(s.cx, s.cy), (x, s.cy), (x, t.cy), (t.cx, t.cy)]
                       for x in gutters + [left, right]]
        candidates.sort(key=lambda c: sum(abs(a[0] - b[0]) + abs(a[1] - b[1])
                                          for a, b in zip(c, c[1:])))
        for cand in candidates[:CANDIDATES]:
            if clear(line, _outside(cand, s, t)):
                found = cand
                break
        margin = LOCAL_MARGIN
        for _ in range(2 if found is None else 0):
            region = Rect(min(s.x0, t.x0) - margin, min(s.y0, t.y0) - margin,
                          max(s.x1, t.x1) + margin, max(s.y1, t.y1) + margin)
            sub = near(region)
            if len(sub) > SEARCH_BOXES and len(boxes) > SEARCH_ALL:
                break
            sub[line.source], sub[line.target] = s, t
            sub_frames = {f: r for f, r in frames.items() if r.overlaps(region)}
            router = Router(sub, shapes, placement.frame_of, sub_frames,
                            extra_x=[region.x0, region.x1], extra_y=[region.y0, region.y1],
                            ports=False)
            found = router.route(line)
            if found is not None:
                break
            margin *= 3
        if found is None:
            out.failed.append(line.key)
            found = candidates[0]
        out.points[line.key] = clip(line, found, boxes, shapes)
    return out


def _outside(pts, s: Rect, t: Rect):
    """The part of a centre-to-centre candidate outside its two end boxes (what the
    obstacle test sees): the first and last segments start at the boxes' edges."""
    out = list(pts)
    (ax, ay), (bx, by) = out[0], out[1]
    if ax == bx:
        out[0] = (ax, s.y1 if by > ay else s.y0)
    else:
        out[0] = (s.x1 if bx > ax else s.x0, ay)
    (ax, ay), (bx, by) = out[-1], out[-2]
    if ax == bx:
        out[-1] = (ax, t.y1 if by > ay else t.y0)
    else:
        out[-1] = (t.x1 if bx > ax else t.x0, ay)
    return out


def _tree_route(line: Line, placement: Placement, spacing: Spacing):
    """The straight bus of a line from a superior to its tree child: down into the
    channel under the superior's row, across, and down the child's corridor (into the
    side of a stacked child)."""
    if line.flow not in ("down", "stack") or placement.parent.get(line.target) != line.source:
        return None
    s, t = placement.boxes[line.source], placement.boxes[line.target]
    r = placement.rank[line.source]
    if r + 1 not in placement.row_top or t.y0 <= s.y1:
        return None
    chan = (placement.row_bottom[r] + placement.row_top[r + 1]) / 2
    if line.flow == "stack":
        tx = t.x0 - spacing.corridor / 2
        return [(s.cx, s.y1), (s.cx, chan), (tx, chan), (tx, t.cy), (t.x0, t.cy)]
    return [(s.cx, s.y1), (s.cx, chan), (t.cx, chan), (t.cx, t.y0)]


def _fitted(g, size, spacing: Spacing, fit, frame_width, frame_of=None) -> Placement:
    if frame_of is not None:
        frame_of = {n: frame_of[n] for n in g.nodes}
    if fit is None:
        return place(g, size, spacing, frame_of=frame_of, frame_width=frame_width)
    aspect, extra_w, extra_h = fit
    frame_of = frame_of or frames_mod.frame_ids(g)
    best, best_key = None, None
    tree = tree_of(g, frame_of)
    for trial in _stackings(spacing):
        rows = trial.stack_rows if trial.stack_min < 10 ** 9 else 10 ** 9
        p = place(g, size, trial, frame_of=frame_of, frame_width=frame_width, tree=tree)
        w, h = p.width + extra_w, p.height + extra_h
        key = (max(w / aspect, h), rows)     # the page height it needs: smaller is larger
        if best_key is None or key < best_key:
            best, best_key = p, key
    return best


def _stackings(spacing: Spacing) -> list[Spacing]:
    """The spacings ``fit`` chooses from: each stacking height, and with
    ``spacing.unstacked`` no stacking at all (a short fan-out in a row makes a small
    slide flatter: the JJOC's four commands on one row, not two; the static charts keep
    their stacking and crossing counts)."""
    from dataclasses import replace

    choices = [replace(spacing, stack_rows=rows) for rows in STACK_CHOICES]
    if spacing.unstacked:
        choices.append(replace(spacing, stack_min=10 ** 9))
    return choices


def _label_spots(g, lines: dict[str, ChartLine], boxes: dict[str, Rect],
                 label_size, width: float, height: float) -> dict[str, LabelSpot]:
    """One spot per labelled bus (a commander's lines of one authority) or line: beside
    the first vertical segment, clear of every box, inside the chart's ``width`` x
    ``height`` (a label left of a line on the chart's edge fell off the slide)."""
    lw, lh = label_size
    by_bundle: dict[str, list[ChartLine]] = {}
    for line in lines.values():
        auth = g.edges[line.source, line.target, line.key].get("authority")
        if line.type == "COMMANDS" and auth:
            by_bundle.setdefault(f"{line.bundle}:{auth}", []).append(line)
    from c2graph.viz.export.common import BoxGrid

    out = {}
    grid = BoxGrid(120.0)     # boxes and the labels placed so far
    for b in boxes.values():
        grid.add((b.x0 - 2, b.y0 - 2, b.x1 + 2, b.y1 + 2))
    for name, group in sorted(by_bundle.items()):
        group.sort(key=lambda ln: ln.key)
        spots = []
        for line in group:
            pts = line.points
            for (ax, ay), (bx, by) in zip(pts, pts[1:]):
                if abs(ax - bx) < 0.01 and abs(by - ay) >= lh:
                    top, bottom = min(ay, by), max(ay, by)
                    for t in (0.5, 0.25, 0.75):
                        cy = top + (bottom - top) * t
                        spots += [(ax + 3, cy), (ax - 3 - lw, cy)]
            if pts:
                (ax, ay) = pts[0]
                spots += [(ax + 3, ay + lh / 2 + 2), (ax - 3 - lw, ay + lh / 2 + 2)]
        # inside the chart first; a spot across its edge moved inside (then it must be
        # as clear of boxes and labels as any other)
        inside = [(x, y) for x, y in spots
                  if x >= 0 and x + lw <= width and y - lh / 2 >= 0 and y + lh / 2 <= height]
        spots = inside + [(min(max(x, 0.0), max(width - lw, 0.0)), y) for x, y in spots
                          if (x, y) not in inside]
        chosen = None
        for x, y in spots:
            r = (x, y - lh / 2, x + lw, y + lh / 2)
            if not grid.hits(r):
                chosen = (x, y)
                grid.add(r)
                break
        if chosen is None and spots:
            chosen = spots[0]
        if chosen:
            out[name] = LabelSpot(chosen[0], chosen[1], [ln.key for ln in group])
    return out


def max_size(*sizers):
    """A size function giving the larger box of several (English and Japanese)."""
    def size(n):
        dims = [s(n) for s in sizers]
        return max(d[0] for d in dims), max(d[1] for d in dims)
    return size


__all__ = ["CLEAR", "Chart", "ChartLine", "LabelSpot", "Spacing", "chart_layout",
           "fits", "frames_mod", "max_size", "placement"]


def placement(g, size, spacing: Spacing = Spacing(),
              fit: tuple[float, float, float] | None = None,
              frame_width: dict[str, float] | None = None,
              frame_of: dict[str, str] | None = None) -> Placement:
    """Where ``chart_layout`` would put the boxes and frames, without routing a line:
    enough to know whether a chart fits a page (a deck plans its slides with it)."""
    return _fitted(g, size, spacing, fit, frame_width or {}, frame_of)


def fits(g, size, spacing: Spacing, area: tuple[float, float],
         frame_width: dict[str, float] | None = None,
         frame_of: dict[str, str] | None = None) -> bool:
    """Whether ``chart_layout(g, …, fit=(area's width / height, 0, 0))`` fits ``area``
    (points) unscaled: whether some stacking height places ``g`` within it, since the
    choice ``fit`` makes, the smallest page height it needs, then fits too.  Stops at
    the first stacking that fits: a 5,000-actor deck's planner asks ~2,100 times, and
    of the parts that fit, five in six do with the first (7 placements each before)."""
    frame_of = {n: frame_of[n] for n in g.nodes} if frame_of is not None \
        else frames_mod.frame_ids(g)
    tree = tree_of(g, frame_of)
    for trial in _stackings(spacing):
        p = place(g, size, trial, frame_of=frame_of, frame_width=frame_width or {}, tree=tree)
        if p.width <= area[0] and p.height <= area[1]:
            return True
    return False
