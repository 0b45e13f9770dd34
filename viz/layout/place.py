"""Boxes in rows and frames: a tidy tree per frame on the global rows.

* Rows come from ``rank`` (one row per rank across every frame, so a row reads
  across the chart); each row is as tall as its tallest box, and the gap under it is
  a free channel where the buses run.
* Inside a frame every actor hangs under one tree parent: of the actors constrained
  above it in the same frame, the nearest (commanders first).  A subtree is packed
  against its left neighbours row by row (its contour), so no two boxes of a row
  overlap.  A subordinate more than one row below its parent keeps a free corridor
  in the rows between, where its line drops.
* A superior with ``stack_min`` or more leaf subordinates stacks them in columns of
  at most ``stack_rows`` (the classic org chart's side bus): a wide fan-out (the
  eleven combatant commands) becomes a few columns instead of one very wide row.
* Frames stand side by side in the order ``frames.order`` chose, a gutter between
  them; a frame is the box around its actors with a title band on top.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from c2graph.viz.layout import frames as frames_mod
from c2graph.viz.layout import rank as rank_mod
from c2graph.viz.layout.geometry import Rect

TYPE_ORDER = {"COMMANDS": 0, "SUPERVISES": 1, "TRANSMITS_ORDERS": 2, "ASSISTS": 3,
              "ADVISES": 4, "MEMBER_OF": 5, "STACK": 6}


@dataclass(frozen=True)
class Spacing:
    """Distances of a layout, in points."""

    gap_x: float = 22.0       # between neighbouring boxes of a row
    gap_y: float = 44.0       # between rows: the channel where buses run
    gutter: float = 44.0      # between frames
    pad: float = 14.0         # inside a frame, around its boxes
    title: float = 24.0       # a frame's title band
    margin: float = 20.0      # around the whole chart (lines may run there)
    corridor: float = 16.0    # width kept free for a line dropping through a row
    stack_min: int = 3        # leaf subordinates from which they stack in columns
    stack_rows: int = 4       # boxes a stacked column holds at most
    unstacked: bool = False   # fitting a page may also try no stacking (slides do)


@dataclass
class Placement:
    rank: dict[str, int]
    boxes: dict[str, Rect]
    frame_of: dict[str, str]
    frames: dict[str, Rect]
    frame_order: list[str]
    parent: dict[str, str | None]
    stacked: set[str]           # actors in a stacked column (entered from the side)
    row_top: dict[int, float]
    row_bottom: dict[int, float]
    width: float
    height: float


@dataclass
class Tree:
    """What ``place`` needs of a graph whatever its spacing: the rows before stacking,
    the constraint graph, each actor's tree parent and the frames' order, computed once
    when several spacings are tried (fitting a slide tries seven: ~2,400 placements in
    a 5,000-actor deck each ranked and parented the same graph again).  ``restacked``
    remembers the rows with each set of stacked columns.  Read only."""

    rank: dict[str, int]
    succ: dict[str, set[str]]
    parent: dict[str, str | None]
    order: list[str]
    restacked: dict[tuple, tuple[dict, dict]] = field(default_factory=dict)


def tree_of(g, frame_of: dict[str, str]) -> Tree:
    rank, succ = rank_mod.ranks(g)
    return Tree(rank, succ, tree_parents(g, rank, succ, frame_of),
                frames_mod.order(g, frame_of))


def tree_parents(g, rank, succ, frame_of) -> dict[str, str | None]:
    """Each actor's parent: its commander in its frame (else supervisor, ...), the nearest."""
    types: dict[tuple[str, str], int] = {}
    for u, v, t in rank_mod.constraints(g):
        types[(u, v)] = min(types.get((u, v), 9), TYPE_ORDER.get(t, 9))
    preds: dict[str, list[str]] = {}
    for u, vs in succ.items():
        for v in vs:
            preds.setdefault(v, []).append(u)
    parent = {}
    for n in g.nodes:
        options = [p for p in preds.get(n, []) if frame_of[p] == frame_of[n]]
        parent[n] = min(options, key=lambda p: (types.get((p, n), 9), -rank[p], p)) \
            if options else None
    return parent


def _children(parent, g) -> dict[str | None, list[str]]:
    kids: dict[str | None, list[str]] = {}
    for n in sorted(g.nodes):
        kids.setdefault(parent[n], []).append(n)
    return kids


def _stacks(g, parent, rank, spacing: Spacing) -> list[list[str]]:
    """Columns of leaf subordinates to stack (each list top to bottom)."""
    kids = _children(parent, g)
    out = []
    for p, cs in kids.items():
        if p is None:
            continue
        by_row: dict[int, list[str]] = {}
        for c in cs:
            if not kids.get(c):
                by_row.setdefault(rank[c], []).append(c)
        for _, leaves in sorted(by_row.items()):
            if len(leaves) < spacing.stack_min:
                continue
            leaves.sort(key=lambda c: _key(g, p, c))
            columns = -(-len(leaves) // spacing.stack_rows)
            per = -(-len(leaves) // columns)
            out += [leaves[i:i + per] for i in range(0, len(leaves), per)]
    return out


def _key(g, p, c) -> tuple:
    types = [d.get("type") for d in g.get_edge_data(p, c, default={}).values()]
    t = min((TYPE_ORDER.get(x, 9) for x in types), default=9)
    d = g.nodes[c]
    return (t, str(d.get("short") or d.get("name_en") or c).lower(), c)


def place(g, size, spacing: Spacing = Spacing(), frame_of=None, order=None,
          frame_width: dict[str, float] | None = None, tree: Tree | None = None) -> Placement:
    """Place every actor of ``g``; ``size(node) -> (w, h)`` in points; a frame is at
    least ``frame_width[frame]`` wide (its title).  ``tree``: ``tree_of(g, frame_of)``,
    when the caller places the same graph with several spacings."""
    frame_of = frame_of or frames_mod.frame_ids(g)
    tree = tree or tree_of(g, frame_of)
    rank, parent = tree.rank, tree.parent
    stacks = _stacks(g, parent, rank, spacing)
    stacked: set[str] = set()
    if stacks:
        extra = tuple((col[i], col[i + 1]) for col in stacks for i in range(len(col) - 1))
        if extra not in tree.restacked:
            tree.restacked[extra] = rank_mod.ranks(g, list(extra))
        rank, _ = tree.restacked[extra]
        stacked = {n for col in stacks for n in col}
    column_of = {n: k for k, col in enumerate(stacks) for n in col}
    dims = {n: size(n) for n in g.nodes}

    # rows: heights and tops
    levels = sorted(set(rank.values()))
    height = {lvl: 0.0 for lvl in levels}
    for n, r in rank.items():
        height[r] = max(height[r], dims[n][1])
    row_top, row_bottom, y = {}, {}, 0.0
    for lvl in range(max(levels) + 1 if levels else 0):
        row_top[lvl] = y
        row_bottom[lvl] = y + height.get(lvl, 0.0)
        y = row_bottom[lvl] + spacing.gap_y

    # x inside each frame: contours of subtrees; stacked columns are units of their own
    kids = _children(parent, g)
    for p in kids:
        kids[p].sort(key=lambda c: _key(g, p, c) if p else (rank[c], c))
    contour: dict[str, dict[int, list[float]]] = {}
    rel: dict[str, float] = {}
    order_nodes: list[str] = []
    stack = list(kids.get(None, []))
    while stack:
        n = stack.pop()
        order_nodes.append(n)
        stack.extend(kids.get(n, []))
    for n in reversed(order_nodes):
        units: list[tuple[dict, dict[str, float]]] = []
        seen_cols = set()
        for c in kids.get(n, []):
            if c in column_of:
                k = column_of[c]
                if k in seen_cols:
                    continue
                seen_cols.add(k)
                units.append(_column(stacks[k], dims, rank, spacing, rank[n]))
            else:
                cont = dict(contour[c])
                for lvl in range(rank[n] + 1, rank[c]):   # the corridor of its drop
                    half = spacing.corridor / 2
                    lo, hi = cont.get(lvl, (half, -half))
                    cont[lvl] = [min(lo, -half), max(hi, half)]
                units.append((cont, {c: 0.0}))
        offsets = _pack([u[0] for u in units], spacing.gap_x)
        placed = {c: off + dx for (cont, members), off in zip(units, offsets)
                  for c, dx in members.items()}
        if placed:
            xs = [placed[c] for c in kids.get(n, []) if c in placed]
            anchor = (min(xs) + max(xs)) / 2
        else:
            anchor = 0.0
        mine = {rank[n]: [-dims[n][0] / 2, dims[n][0] / 2]}
        for (cont, _), off in zip(units, offsets):
            _merge(mine, cont, off - anchor)
        for c, x in placed.items():
            rel[c] = x - anchor
        contour[n] = mine

    frame_of = dict(frame_of)
    order = order or tree.order
    x: dict[str, float] = {}
    boxes: dict[str, Rect] = {}
    frames: dict[str, Rect] = {}
    cursor = spacing.margin
    roots = kids.get(None, [])
    for frame in order:
        members = sorted((r for r in roots if frame_of[r] == frame), key=lambda r: (rank[r], r))
        if not members:
            continue
        offsets = _pack([contour[r] for r in members], spacing.gap_x)
        local: dict[str, float] = {}
        for r, off in zip(members, offsets):
            local[r] = off
        todo = list(members)
        while todo:
            n = todo.pop()
            for c in kids.get(n, []):
                local[c] = local[n] + rel[c]
                todo.append(c)
        in_frame = [n for n in local]
        left = min(local[n] - dims[n][0] / 2 for n in in_frame)
        right = max(local[n] + dims[n][0] / 2 for n in in_frame)
        grow = max(0.0, (frame_width or {}).get(frame, 0.0) - 2 * spacing.pad - (right - left))
        left, right = left - grow / 2, right + grow / 2
        shift = cursor + spacing.pad - left
        for n in in_frame:
            x[n] = local[n] + shift
        top_row = min(rank[n] for n in in_frame)
        bottom_row = max(rank[n] for n in in_frame)
        fx0 = cursor
        fx1 = cursor + (right - left) + 2 * spacing.pad
        fy0 = spacing.margin + row_top[top_row] - spacing.pad - spacing.title
        fy1 = spacing.margin + row_bottom[bottom_row] + spacing.pad
        frames[frame] = Rect(fx0, fy0, fx1, fy1)
        cursor = fx1 + spacing.gutter
    top_shift = spacing.margin + spacing.title + spacing.pad
    for n in g.nodes:
        w, h = dims[n]
        r = rank[n]
        cy = row_top[r] + height[r] / 2 + spacing.margin + spacing.title + spacing.pad
        boxes[n] = Rect.around(x[n], cy, w, h)
    # frames measured from the boxes (y shifted like the boxes)
    for frame in list(frames):
        f = frames[frame]
        frames[frame] = Rect(f.x0, f.y0 + top_shift - spacing.margin, f.x1,
                             f.y1 + top_shift - spacing.margin)
    width = cursor - spacing.gutter + spacing.margin
    height_total = max(f.y1 for f in frames.values()) + spacing.margin if frames else 0.0
    row_top = {k: v + top_shift for k, v in row_top.items()}
    row_bottom = {k: v + top_shift for k, v in row_bottom.items()}
    return Placement(rank, boxes, frame_of, frames, order, parent, stacked, row_top,
                     row_bottom, width, height_total)


def _column(col: list[str], dims, rank, spacing: Spacing, parent_rank: int):
    """A stacked column: boxes left-aligned, the trunk corridor on their left (kept
    free in the rows between the parent and the column too)."""
    width = max(dims[c][0] for c in col)
    trunk = spacing.corridor
    cont: dict[int, list[float]] = {}
    members = {}
    for c in col:
        members[c] = -width / 2 + dims[c][0] / 2 + trunk / 2
        cont[rank[c]] = [-width / 2 - trunk / 2, width / 2 + trunk / 2]
    for lvl in range(parent_rank + 1, rank[col[0]]):
        cont[lvl] = [-width / 2 - trunk / 2, -width / 2 + trunk / 2]
    return cont, members


def _merge(into, other, dx: float) -> None:
    for lvl, (lo, hi) in other.items():
        if lvl in into:
            into[lvl] = [min(into[lvl][0], lo + dx), max(into[lvl][1], hi + dx)]
        else:
            into[lvl] = [lo + dx, hi + dx]


def _pack(contours: list[dict], gap: float) -> list[float]:
    """Offsets placing each contour as far left as its rows allow."""
    acc: dict[int, list[float]] = {}
    out: list[float] = []
    prev = None
    for cont in contours:
        shared = [acc[lvl][1] - cont[lvl][0] + gap for lvl in cont if lvl in acc]
        off = max(shared) if shared else (prev if prev is not None else 0.0)
        if prev is not None:
            off = max(off, prev)
        out.append(off)
        prev = off
        _merge(acc, cont, off)
    return out
