"""What a large scenario shows when the view opens, and which lines a closed forum folds.

A scenario of at most ``OPEN_LIMIT`` drawn actors opens fully expanded.  A larger one
opens with whole levels of its collapse tree (``collapse_tree``: what hangs below
what), level after level while the visible actors stay within ``ACTOR_BUDGET`` **and
the lines drawn between them within** ``LINE_BUDGET``; the rest is collapsed into
counts.  Lines are counted, not only actors, because a few actors can carry hundreds
of lines: in the 50,000-actor synthetic organisation seven commanders are members of
all 100 combined forums, and an opening of 143 actors drew 741 lines, 700 of them
``MEMBER_OF`` lines the router spent 5 s on (bench/HISTORY.md, runs 8 and 9).

**Folded membership lines.** While a forum (any actor) is closed, the ``MEMBER_OF``
lines into it are not drawn, except the one from its parent in the collapse tree (the
member it hangs on) and those from its own children: the forum shows with the chain it
hangs on, and opening it (a click) draws its other members' lines.  Open actors fold
nothing, so a scenario that opens fully expanded draws every line, as before.

The page follows these rules in ``viz/assets/view-model.js`` (``openInitially``,
``folded``; the budgets travel in the page data as ``openBudget``);
tests/test_view_browser.py checks that it opens exactly the actors and lines
``opening`` and ``drawn`` give here, and tests/test_view_engine.py lays out states made
with them.
"""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx

#: Scenarios with at most this many drawn actors open fully expanded.
OPEN_LIMIT = 600
#: A large scenario opens with whole tree levels, never part of one, within both budgets.
ACTOR_BUDGET = 150
LINE_BUDGET = 300


def collapse_tree(g: nx.MultiDiGraph) -> tuple[list[str], list[int]]:
    """What hangs below what when a large scenario opens and closes, as (actors in
    pre-order, each one's parent position or -1).

    An actor hangs on the actor the engine ranks it under (``rank.ABOVE``: its
    commander first, else supervisor, sender of orders, principal of a staff, forum of a
    sub-body), and a forum with national members on its highest member, so that a forum
    appears with the chains it joins.  Ties go to the smaller id; a cycle in hand-made
    data is cut at its smallest id.  This tree decides visibility only: positions are
    the engine's, of what is visible.
    """
    from c2graph.viz.layout import rank as rank_mod

    kind = {n: g.nodes[n].get("kind") for n in g.nodes}
    best: dict[str, tuple] = {}
    members: dict[str, list[str]] = {}
    for u, v, d in g.edges(data=True):
        t = d.get("type")
        if u == v or t not in rank_mod.ABOVE:
            continue
        if t in ("ASSISTS", "ADVISES"):
            upper, lower = v, u
        elif t == "MEMBER_OF" and not (kind[u] == "Forum" and kind[v] == "Forum"):
            members.setdefault(v, []).append(u)   # a forum under a member: decided below
            continue
        elif t == "MEMBER_OF":
            upper, lower = v, u
        else:
            upper, lower = u, v
        key = (rank_mod.ABOVE[t], upper)
        if lower not in best or key < best[lower]:
            best[lower] = key
    parent = {n: best[n][1] if n in best else None for n in g.nodes}
    depth: dict[str, int] = {}

    def depth_of(n):
        path = []
        while n is not None and n not in depth and n not in path:
            path.append(n)
            n = parent[n]
        d = depth.get(n, 0) if n is not None else -1
        for m in reversed(path):
            d += 1
            depth[m] = d
        return depth[path[0]] if path else depth[n]

    for forum in sorted(members):
        if parent[forum] is None:
            parent[forum] = min(members[forum], key=lambda m: (depth_of(m), m))
    children: dict[str | None, list[str]] = {}
    for n in sorted(g.nodes):
        children.setdefault(parent[n], []).append(n)
    order: list[str] = []
    up: list[int] = []
    at: dict[str, int] = {}

    def walk(roots):
        stack = [(r, -1) for r in reversed(roots)]
        while stack:
            n, p = stack.pop()
            at[n] = len(order)
            order.append(n)
            up.append(p)
            stack.extend((c, at[n]) for c in reversed(children.get(n, [])))

    walk(children.get(None, []))
    for n in sorted(g.nodes):   # actors on a cycle of parents: cut it at its smallest id
        if n in at:
            continue
        seen, m = [], n
        while m not in seen and m not in at:
            seen.append(m)
            m = parent[m]
        cycle = seen[seen.index(m):] if m in seen else []
        if cycle:
            root = min(cycle)
            children[parent[root]].remove(root)
            parent[root] = None
            walk([root])
    return order, up


@dataclass
class Tree:
    """A scenario's collapse tree: actors in pre-order, each one's parent position (-1
    for a root), each one's children positions, and where each actor is."""

    order: list[str]
    up: list[int]
    children: list[list[int]]
    at: dict[str, int]

    @classmethod
    def of(cls, g: nx.MultiDiGraph) -> "Tree":
        order, up = collapse_tree(g)
        children: list[list[int]] = [[] for _ in order]
        for i, p in enumerate(up):
            if p >= 0:
                children[p].append(i)
        return cls(order, up, children, {n: i for i, n in enumerate(order)})

    @property
    def roots(self) -> list[int]:
        return [i for i, p in enumerate(self.up) if p < 0]


def folded(tree: Tree, is_open, u: str, v: str, rel_type: str) -> bool:
    """Whether the line u -> v is not drawn because it is a membership line into a
    closed actor from anyone but that actor's tree parent or children (module doc)."""
    if rel_type != "MEMBER_OF" or u == v:
        return False
    f, m = tree.at[v], tree.at[u]
    return not is_open(f) and tree.up[f] != m and tree.up[m] != f


def drawn(g: nx.MultiDiGraph, tree: Tree, shown, is_open) -> nx.MultiDiGraph:
    """What the view draws: the ``shown`` actors (tree positions) and every line
    between two of them that is not folded."""
    names = {tree.order[i] for i in shown}
    out = nx.MultiDiGraph()
    out.graph.update(g.graph)
    out.add_nodes_from((n, g.nodes[n]) for n in tree.order if n in names)
    out.add_edges_from((u, v, k, d) for u, v, k, d in g.edges(keys=True, data=True)
                       if u in names and v in names
                       and not folded(tree, is_open, u, v, d.get("type")))
    return out


def line_count(g: nx.MultiDiGraph, tree: Tree, shown: set[int], opened: set[int]) -> int:
    """How many lines ``drawn`` would draw (without building the graph)."""
    names = {tree.order[i] for i in shown}
    return sum(1 for n in names for _, v, d in g.out_edges(n, data=True)
               if v in names and not folded(tree, opened.__contains__, n, v, d.get("type")))


def opening(g: nx.MultiDiGraph, tree: Tree, actors: int = ACTOR_BUDGET,
            lines: int = LINE_BUDGET) -> tuple[set[int], set[int]]:
    """The tree positions a scenario opens with, and those open (their children shown):
    everything for a scenario of at most ``OPEN_LIMIT`` actors; else whole levels while
    both budgets hold (module doc)."""
    everyone = set(range(len(tree.order)))
    if len(tree.order) <= OPEN_LIMIT:
        return everyone, everyone
    frontier = tree.roots
    shown, opened = set(frontier), set()
    while frontier:
        nxt = [c for i in frontier for c in tree.children[i]]
        if not nxt or len(shown) + len(nxt) > actors:
            break
        more, wider = shown | set(nxt), opened | set(frontier)
        if line_count(g, tree, more, wider) > lines:
            break
        shown, opened, frontier = more, wider, nxt
    return shown, opened
