"""Fixed positions for the hierarchy drawings: rows are command depth, columns are nations.

Why not let the browser's physics or vis-network's hierarchical layout place the
actors: both move nodes to balance springs, so coordination and advisory lines (which
are not part of the command tree) pull actors out of their rows, and the picture
changes every time it is opened.  Here:

* an actor's **level** is its command depth: the longest ``COMMANDS`` path from a top.
  Actors outside the command tree (supervised offices, advisers, staffs, forums,
  coordinators) take a level from the actor they hang on (``_rule``);
* x comes from a **tidy tree per nation**: each subtree is packed against its left
  neighbour level by level (its contour), so a deep branch may tuck under a shallow
  one but no two boxes of a row overlap;
* a parent with many leaf subordinates on one row (the eleven combatant commands)
  gets them in two staggered sub-rows, the lower one spread out in perspective from
  the parent so that each line passes through a gap of the upper sub-row;
* the nations stand side by side in ``style.NATION_ORDER``.

Only the tree decides positions; every other line is drawn on top of it.  The result
is deterministic: the same graph always gives the same picture, whatever order the
store returned it in.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import networkx as nx

from c2graph.graph.schema import AUTHORITIES, REL_TYPES
from c2graph.viz import LANGS, style

#: Order of a parent's children left to right, by how they hang on it.
TYPE_RANK = {t: r.rank for t, r in REL_TYPES.items()}
AUTHORITY_RANK = {a: x.rank for a, x in AUTHORITIES.items()}

FONT = 14.0          # px, label font size
MARGIN = 7.0         # px inside a box
MAX_TEXT = 118.0     # px, labels wrap beyond this width (see wrap_label)
GAP = 16.0           # px between boxes of a row
LEVEL_PAD = 130.0     # px between the bottom of a row and the top of the next
STACK_MIN = 4        # leaf siblings on one row from which they go in two sub-rows
NATION_GAP = 70.0    # px between nation columns
HEX = 28.0           # px, the forum hexagon (its label sits under it)


@dataclass(frozen=True)
class Placement:
    level: int
    x: float
    y: float
    width: float = 0.0
    height: float = 0.0


# -- sizes --------------------------------------------------------------------------------

@lru_cache(maxsize=8192)
def _char_em(c: str) -> float:
    if unicodedata.east_asian_width(c) in "WF":
        return 1.0
    if c.isupper():
        return 0.70
    if c.islower():
        return 0.58
    if c.isdigit():
        return 0.64
    return 0.36 if c in " .,:;'!|()[]" else 0.62


def text_width(text: str, font: float = FONT) -> float:
    """Width of a label line, a little wider than DejaVu Sans/Segoe UI draw it."""
    return sum(map(_char_em, text)) * font


def _pieces(line: str) -> list[str]:
    """Break opportunities: after spaces, and between CJK characters (not before
    closing or after opening brackets)."""
    pieces, current = [], ""
    for i, c in enumerate(line):
        current += c
        nxt = line[i + 1] if i + 1 < len(line) else ""
        wide = unicodedata.east_asian_width(c) in "WF"
        if c == " " or (wide and nxt and nxt not in "）」』、。・ー" and c not in "（「『"):
            pieces.append(current)
            current = ""
        elif nxt and unicodedata.east_asian_width(nxt) in "WF" and nxt not in "）」』、。・ー":
            pieces.append(current)
            current = ""
    if current:
        pieces.append(current)
    return pieces


def wrapped_lines(label: str, max_width: float = MAX_TEXT, font: float = FONT) -> list[str]:
    """Greedy wrap at spaces and between Japanese characters."""
    return list(_wrapped(label, max_width, font))


@lru_cache(maxsize=65536)
def _wrapped(label: str, max_width: float, font: float) -> tuple[str, ...]:
    """``wrapped_lines`` memoised: a big view wraps each label a dozen times (three
    layouts, sizes, items), and the same labels recur in every scenario."""
    from c2graph.viz.export.measure import paragraphs

    out = []
    for line in paragraphs(label):
        current = ""
        for piece in _pieces(line):
            candidate = current + piece
            if current.strip() and text_width(candidate.rstrip(), font) > max_width:
                out.append(current.rstrip())
                current = piece
            else:
                current = candidate
        out.append(current.rstrip())
    return tuple(out)


@lru_cache(maxsize=65536)
def wrap_label(label: str, max_width: float = MAX_TEXT) -> str:
    """The label with explicit line breaks (vis-network itself wraps at spaces only)."""
    return "\n".join(wrapped_lines(label, max_width))


@lru_cache(maxsize=65536)
def box_size(label: str, shape: str) -> tuple[float, float]:
    """Approximate drawn size (w, h) of a vis-network node with this label and shape."""
    lines = wrapped_lines(label)
    tw = max(text_width(line) for line in lines)
    th = len(lines) * FONT * 1.2
    if shape == "ellipse":
        return tw + th + 4, 2 * th + 4
    if shape == "hexagon":
        return max(HEX, tw), HEX + th + 6
    return tw + 2 * MARGIN + 4, th + 2 * MARGIN + 4


def default_size(attrs: dict) -> tuple[float, float]:
    """The largest box over the compact labels of every language."""
    shape = style.KIND_SHAPES.get(attrs.get("kind"), "box")
    sizes = [box_size(style.compact_label(attrs, lang), shape) for lang in LANGS]
    return max(s[0] for s in sizes), max(s[1] for s in sizes)


# -- levels and the tree ------------------------------------------------------------------

def _rule(rel_type: str, outgoing: bool) -> int:
    """Level offset of an actor off the command tree relative to a placed neighbour.

    ``outgoing`` is True when the unplaced actor is the relationship's source.
    """
    if rel_type in ("TRANSMITS_ORDERS", "SUPERVISES"):
        return -1 if outgoing else 1        # above what it transmits to or supervises
    if rel_type in ("ADVISES", "ASSISTS"):
        return 1 if outgoing else 0         # staffs and advisers hang under the principal
    if rel_type == "MEMBER_OF":
        return 1                            # a forum sits under its most senior member
    return 0                                # coordination, support, dual hat: same row


def levels_and_parents(g: nx.MultiDiGraph):
    """``(level, parent, key)`` per actor: its row, its tree parent and sibling order."""
    dag = nx.DiGraph()
    for u, v, d in g.edges(data=True):
        if d.get("type") == "COMMANDS" and u != v:
            dag.add_edge(u, v, authority=d.get("authority"))
    if not nx.is_directed_acyclic_graph(dag):  # loaders refuse cycles; stay total anyway
        dag = nx.DiGraph(e for e in nx.dfs_edges(dag))
    nation = {n: g.nodes[n].get("nation") for n in g.nodes}
    level: dict[str, int] = {}
    for n in nx.topological_sort(dag):
        level[n] = max((level[p] + 1 for p in dag.predecessors(n)), default=0)

    parent: dict[str, str | None] = {}
    key: dict[str, tuple] = {}
    for n in sorted(dag.nodes):
        preds = [p for p in dag.predecessors(n) if nation[p] == nation[n]]
        if preds:
            best = min(preds, key=lambda p, n=n: (
                -level[p], AUTHORITY_RANK.get(dag.edges[p, n].get("authority"), 9), p))
            parent[n], key[n] = best, (0, n)
        else:
            parent[n], key[n] = None, (0, n)

    # actors off the tree, in rounds: each takes its row from already placed neighbours
    pending = set(g.nodes) - set(level)
    while pending:
        found = {}
        for n in sorted(pending):
            options = []
            for _, m, d in g.out_edges(n, data=True):
                if m in level:
                    options.append((max(level[m] + _rule(d["type"], True), 0), d["type"], m))
            for m, _, d in g.in_edges(n, data=True):
                if m in level:
                    options.append((max(level[m] + _rule(d["type"], False), 0), d["type"], m))
            if options:
                # the most senior row; among equals prefer an anchor above (a parent)
                found[n] = min(options, key=lambda o: (o[0], level[o[2]] >= o[0],
                                                       TYPE_RANK.get(o[1], 9), o[2]))
        if not found:
            break
        for n, (lvl, type_, anchor) in sorted(found.items()):
            level[n] = lvl
            _attach(n, anchor, type_, level, nation, parent, key)
        pending -= set(found)
    for n in sorted(pending):  # nothing to hang on: a root of its own on the top row
        level[n], parent[n], key[n] = 0, None, (9, n)
    return level, parent, key


def _attach(n, anchor, type_, level, nation, parent, key) -> None:
    """Hang an off-tree actor under its anchor, or beside it when it sits on its row."""
    if nation[anchor] != nation[n]:
        parent[n], key[n] = None, (9, n)
        return
    if level[anchor] < level[n]:
        parent[n], key[n] = anchor, (1 + TYPE_RANK.get(type_, 9), n)
        return
    # beside the anchor: under the anchor's nearest ancestor that sits above n's row,
    # ordered right after the branch that leads to the anchor
    branch, up = anchor, parent[anchor]
    while up is not None and level[up] >= level[n]:
        branch, up = up, parent[up]
    parent[n], key[n] = up, key[branch] + (1, n)


# -- geometry -----------------------------------------------------------------------------

Contour = dict  # level -> [left, right] relative to a reference x


def _merge(into: Contour, other: Contour, dx: float) -> None:
    for lvl, (lo, hi) in other.items():
        if lvl in into:
            into[lvl] = [min(into[lvl][0], lo + dx), max(into[lvl][1], hi + dx)]
        else:
            into[lvl] = [lo + dx, hi + dx]


def _pack(units: list[tuple[Contour, float]]) -> list[float]:
    """Offsets placing each unit (contour, reference x) as far left as its rows allow."""
    acc: Contour = {}
    offsets: list[float] = []
    previous = None
    for contour, _ in units:
        shared = [acc[lvl][1] - contour[lvl][0] + GAP for lvl in contour if lvl in acc]
        offset = max(shared) if shared else (previous if previous is not None else 0.0)
        if previous is not None:
            offset = max(offset, previous)
        offsets.append(offset)
        previous = offset
        _merge(acc, contour, offset)
    return offsets


def hierarchy_layout(g: nx.MultiDiGraph, size=None, tree=None) -> dict[str, Placement]:
    """Positions (box centres) of every actor of a scenario graph; see the module doc.

    ``size(attrs) -> (width, height)`` gives each box's drawn size (default: an
    estimate from the compact labels of ``viz.style``); ``tree`` is
    ``levels_and_parents(g)`` when the caller lays one graph out several times.
    """
    size = size or default_size
    level, parent, key = tree if tree is not None else levels_and_parents(g)
    dims = {n: size(g.nodes[n]) for n in g.nodes}
    children: dict[str | None, list[str]] = {}
    for n in g.nodes:
        children.setdefault(parent[n], []).append(n)
    for kids in children.values():
        kids.sort(key=lambda c: key[c])

    # blocks: many leaf siblings on one row go in two staggered sub-rows
    subrow: dict[str, int] = {n: 0 for n in g.nodes}
    blocks: dict[str, list[str]] = {}
    for p, kids in children.items():
        if p is None:
            continue
        by_level: dict[int, list[str]] = {}
        for c in kids:
            if not children.get(c):
                by_level.setdefault(level[c], []).append(c)
        for lvl, leaves in by_level.items():
            if len(leaves) >= STACK_MIN:
                blocks[leaves[0]] = leaves
                for i, c in enumerate(leaves):
                    subrow[c] = i % 2
    row_height = {lvl: 0.0 for lvl in set(level.values())}
    block_pitch: dict[str, float] = {}
    for first, leaves in blocks.items():
        pitch = max(dims[c][1] for c in leaves) + 12
        for c in leaves:
            block_pitch[c] = pitch
    for n in g.nodes:
        row_height[level[n]] = max(row_height[level[n]], dims[n][1])
    band = {lvl: row_height[lvl] + max([block_pitch[n] for n in g.nodes
                                        if level[n] == lvl and subrow[n]] or [0])
            for lvl in row_height}
    top, y = {}, 0.0
    for lvl in range(max(band) + 1 if band else 0):
        top[lvl] = y
        y += band.get(lvl, 0.0) + LEVEL_PAD
    centre_y = {n: top[level[n]] + row_height[level[n]] / 2 + subrow[n] * block_pitch.get(n, 0)
                for n in g.nodes}

    # subtrees, children before parents (iterative: chains may be long)
    order: list[str] = []
    stack = list(children.get(None, []))
    while stack:
        n = stack.pop()
        order.append(n)
        stack.extend(children.get(n, []))
    contour: dict[str, Contour] = {}
    rel_x: dict[str, float] = {}           # child x relative to its parent
    for n in reversed(order):
        kids = children.get(n, [])
        units, members = [], []
        block = next((blocks[c] for c in kids if c in blocks), None)  # keyed by first leaf
        in_block = set(block or ())
        singles = [c for c in kids if c not in in_block]
        if block:
            half = (len(singles) + 1) // 2
            sequence = singles[:half] + [block] + singles[half:]
        else:
            sequence = singles
        for item in sequence:
            if isinstance(item, list):
                c_map, c_contour = _block(item, n, dims, level, centre_y)
                units.append((c_contour, 0.0))
                members.append(c_map)
            else:
                units.append((contour[item], 0.0))
                members.append({item: 0.0})
        offsets = _pack(units)
        placed = {c: off + dx for m, off in zip(members, offsets) for c, dx in m.items()}
        if block:
            anchor = offsets[sequence.index(block)]
        elif kids:
            anchor = (placed[kids[0]] + placed[kids[-1]]) / 2
        else:
            anchor = 0.0
        mine: Contour = {level[n]: [-dims[n][0] / 2, dims[n][0] / 2]}
        for (c_contour, _), off in zip(units, offsets):
            _merge(mine, c_contour, off - anchor)
        for c, x in placed.items():
            rel_x[c] = x - anchor
        contour[n] = mine

    # nations side by side, the roots of one nation packed like siblings
    def nation_rank(n):
        nat = g.nodes[n].get("nation")
        order_ = style.NATION_ORDER
        return (order_.index(nat) if nat in order_ else len(order_), nat or "")

    roots = sorted(children.get(None, []), key=lambda r: (nation_rank(r), key[r]))
    x: dict[str, float] = {}
    cursor = 0.0
    groups: dict[tuple, list[str]] = {}
    for r in roots:
        groups.setdefault(nation_rank(r), []).append(r)
    for nat in sorted(groups):
        members = groups[nat]
        offsets = _pack([(contour[r], 0.0) for r in members])
        left = min(off + lo for r, off in zip(members, offsets) for lo, _ in contour[r].values())
        right = max(off + hi for r, off in zip(members, offsets) for _, hi in contour[r].values())
        for r, off in zip(members, offsets):
            x[r] = cursor - left + off
        cursor += right - left + NATION_GAP
    for n in order:  # parents before children
        if parent[n] is not None:
            x[n] = x[parent[n]] + rel_x[n]
    middle = (cursor - NATION_GAP) / 2
    return {n: Placement(level[n], round(x[n] - middle, 1), round(centre_y[n], 1),
                         round(dims[n][0], 1), round(dims[n][1], 1)) for n in g.nodes}


def _block(leaves: list[str], parent: str, dims, level, centre_y):
    """Two staggered sub-rows of leaf siblings, the lower spread out in perspective.

    Returns ``({leaf: x relative to the parent}, contour)``.  Seen from the parent,
    each lower box sits behind the middle of a gap between two upper boxes, so its
    line passes through that gap instead of crossing a box.
    """
    upper, lower = leaves[0::2], leaves[1::2]
    rise_up = max(centre_y[upper[0]] - centre_y[parent], 1.0)
    rise_low = max(centre_y[lower[0]] - centre_y[parent], 1.0)
    spread = rise_low / rise_up
    width = {c: dims[c][0] for c in leaves}
    # upper boxes left to right; each gap wide enough for its own boxes and, seen
    # from the parent, for the lower boxes that line up with the gaps on either side
    xs = [0.0]
    for k in range(1, len(upper)):
        x = xs[k - 1] + (width[upper[k - 1]] + width[upper[k]]) / 2 + GAP
        if 2 <= k <= len(lower):
            # the midpoints of gaps k-2 and k-1 must hold lower[k-2] and lower[k-1] apart
            need_low = ((width[lower[k - 2]] + width[lower[k - 1]]) / 2 + GAP) / spread
            mid_prev = (xs[k - 2] + xs[k - 1]) / 2
            x = max(x, 2 * (mid_prev + need_low) - xs[k - 1])
        xs.append(x)
    mids = [(xs[k] + xs[k + 1]) / 2 for k in range(len(upper) - 1)]
    if len(lower) > len(mids):  # an even count: the last lower box goes past the end
        mids.append(xs[-1] + ((width[upper[-1]] + width[lower[-1]]) / 2 + GAP) / spread)
    centre = (xs[0] + xs[-1]) / 2
    pos = {c: x - centre for c, x in zip(upper, xs)}
    pos.update({c: (m - centre) * spread for c, m in zip(lower, mids)})
    lo = min(pos[c] - width[c] / 2 for c in leaves)
    hi = max(pos[c] + width[c] / 2 for c in leaves)
    return pos, {level[leaves[0]]: [lo, hi]}
