"""Rows: a superior always above its subordinates, staffs under their principals.

Every relationship that says who is above whom becomes a constraint "u at least one
row above v"; the row of an actor is the longest chain of constraints above it
(a layered layout's longest-path ranking):

* ``COMMANDS``, ``SUPERVISES``, ``TRANSMITS_ORDERS``: the source above the target;
* ``ASSISTS``, ``ADVISES``: the principal above the staff or adviser (a staff row
  under the principal, above what the principal commands when that is lower);
* ``MEMBER_OF`` between two forums: the forum above its sub-body (DICAS above its
  working groups).  A forum with national members sits one row below its highest
  member (it is placed after the rest);
* coordination, support and dual hats order nothing; two peers who coordinate across
  nations are put on one row where that moves nothing above them (``level_peers``), so
  their line is short and horizontal.

A constraint that would close a cycle (data the loader accepts, such as an adviser
who also commands its principal) is dropped, lowest priority first: the chart stays
total.
"""

from __future__ import annotations

from collections import defaultdict, deque

#: Constraint priority (lower first): command lines keep their direction whatever else.
ABOVE = {"COMMANDS": 0, "SUPERVISES": 1, "TRANSMITS_ORDERS": 2, "ASSISTS": 3, "ADVISES": 3,
         "MEMBER_OF": 4}


#: Up to this many actors, coordinating peers are levelled (each trial re-ranks all).
PEER_LIMIT = 400


def constraints(g) -> list[tuple[str, str, str]]:
    """(upper, lower, type) for every relationship that orders two rows, by priority."""
    out = []
    for u, v, d in g.edges(data=True):
        t = d.get("type")
        if u == v or t not in ABOVE:
            continue
        if t in ("ASSISTS", "ADVISES"):
            out.append((v, u, t))
        elif t == "MEMBER_OF":
            if g.nodes[u].get("kind") == "Forum" and g.nodes[v].get("kind") == "Forum":
                out.append((v, u, t))
        else:
            out.append((u, v, t))
    out.sort(key=lambda c: (ABOVE[c[2]], c[0], c[1]))
    return out


def _reaches(succ, start: str, goal: str) -> bool:
    seen, todo = {start}, [start]
    while todo:
        n = todo.pop()
        if n == goal:
            return True
        for m in succ[n]:
            if m not in seen:
                seen.add(m)
                todo.append(m)
    return False


def acyclic(nodes, cons: list[tuple[str, str, str]]):
    """The constraints kept (successor sets), dropping any that closes a cycle."""
    succ: dict[str, set[str]] = defaultdict(set)
    kept = []
    # command lines alone are acyclic in valid data: add them without a search
    for u, v, t in cons:
        if v in succ[u]:
            continue
        if t != "COMMANDS" and _reaches(succ, v, u):
            continue
        succ[u].add(v)
        kept.append((u, v, t))
    if not _is_dag(nodes, succ):   # command cycles in hand-made data: rebuild carefully
        succ = defaultdict(set)
        kept = []
        for u, v, t in cons:
            if v not in succ[u] and not _reaches(succ, v, u):
                succ[u].add(v)
                kept.append((u, v, t))
    return succ, kept


def _is_dag(nodes, succ) -> bool:
    return len(topological(nodes, succ)) == len(set(nodes) | set(succ))


def topological(nodes, succ) -> list[str]:
    indeg: dict[str, int] = defaultdict(int)
    every = set(nodes) | set(succ)
    for u in list(succ):
        for v in succ[u]:
            indeg[v] += 1
            every.add(v)
    queue = deque(sorted(n for n in every if indeg[n] == 0))
    out = []
    while queue:
        n = queue.popleft()
        out.append(n)
        for m in sorted(succ.get(n, ())):
            indeg[m] -= 1
            if indeg[m] == 0:
                queue.append(m)
    return out


def longest_path(nodes, succ, floor: dict[str, int] | None = None) -> dict[str, int]:
    """Each node's row: at least ``floor[n]`` and one below everything above it."""
    rank = {n: (floor or {}).get(n, 0) for n in nodes}
    for n in topological(nodes, succ):
        for m in succ.get(n, ()):
            rank[m] = max(rank.get(m, 0), rank[n] + 1)
    return rank


def ranks(g, extra: list[tuple[str, str]] = ()) -> tuple[dict[str, int], dict[str, set[str]]]:
    """Rows of every actor of ``g`` and the constraint graph kept (``extra``: more
    (upper, lower) pairs, such as the order of stacked subordinates)."""
    nodes = sorted(g.nodes)
    cons = constraints(g) + [(u, v, "STACK") for u, v in extra]
    succ, _ = acyclic(nodes, cons)
    rank = longest_path(nodes, succ)
    # forums with national members: one row below the highest member
    floor = {}
    for n in nodes:
        if g.nodes[n].get("kind") != "Forum":
            continue
        members = [rank[u] for u, _, d in g.in_edges(n, data=True)
                   if d.get("type") == "MEMBER_OF" and g.nodes[u].get("kind") != "Forum"]
        if members:
            floor[n] = min(members) + 1
    if floor:
        rank = longest_path(nodes, succ, floor={n: max(rank[n], f) for n, f in floor.items()})
    if len(nodes) <= PEER_LIMIT:
        rank = level_peers(g, nodes, succ, rank)
    return rank, succ


def level_peers(g, nodes, succ, rank: dict[str, int]) -> dict[str, int]:
    """Put two actors of different nations who coordinate on one row: the upper one
    goes down (with what hangs below it) when nothing forces it up."""
    for u, v, d in sorted(g.edges(data=True), key=lambda e: (e[0], e[1])):
        if d.get("type") != "COORDINATES_WITH" or rank[u] == rank[v]:
            continue
        if g.nodes[u].get("nation") == g.nodes[v].get("nation"):
            continue
        hi, lo = (u, v) if rank[u] < rank[v] else (v, u)
        floor = dict(rank)
        floor[hi] = rank[lo]
        trial = longest_path(nodes, succ, floor)
        if trial[lo] == rank[lo] and max(trial.values()) <= max(rank.values()) + 1:
            rank = trial
    return rank
