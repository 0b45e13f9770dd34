"""Nation frames and their left-to-right order, chosen per scenario.

A frame is a nation's column.  Combined bodies are split by whom they join: the
US–Japan bodies (SCC, ACM, DICAS) and the ROK–US ones (CFC, UNC, Military
Committee) are two frames, so each can stand between the two chains it joins.  A
body linked to one nation only (the UNC: its commander is the USFK commander) joins
the nearest body that links two.

The order of the frames is the one that makes the fewest lines pass a frame they do
not belong to (every order is tried: there are at most a handful of frames), command
lines weighing most; ties keep ``style.NATION_ORDER``.  In ``cfc-transfer`` the
Korean chain that commands the CFC then stands beside the ROK–US bodies, instead of
its OPCON line crossing the Japanese column.
"""

from __future__ import annotations

import itertools
from collections import deque

from c2graph.graph.schema import COMBINED
from c2graph.viz import style

#: How much a line passing a foreign frame costs, by type.
WEIGHT = {"COMMANDS": 8, "SUPERVISES": 5, "TRANSMITS_ORDERS": 5, "COORDINATES_WITH": 6,
          "DUAL_HATTED_WITH": 4, "SUPPORTS": 4, "MEMBER_OF": 2}
PAIR_NAMES = {frozenset({"US", "JP"}): ("US–Japan alliance bodies", "日米同盟の機関"),
              frozenset({"US", "KR"}): ("ROK–US combined bodies", "米韓連合の機関")}
MAX_PERMUTED = 7   # more frames than this (generated data): NATION_ORDER, no search


def frame_ids(g) -> dict[str, str]:
    """The frame of every actor: its nation, or ``COMBINED:<partners>`` for bodies."""
    nation = {n: g.nodes[n].get("nation") or COMBINED for n in g.nodes}
    combined = sorted(n for n in g.nodes if nation[n] == COMBINED)
    if not combined:
        return nation
    und = g.to_undirected(as_view=True)
    comp: dict[str, int] = {}
    for n in combined:   # components of bodies linked to bodies
        if n in comp:
            continue
        k = len(set(comp.values()))
        todo = [n]
        comp[n] = k
        while todo:
            m = todo.pop()
            for o in und.neighbors(m):
                if nation[o] == COMBINED and o not in comp:
                    comp[o] = k
                    todo.append(o)
    partners: dict[int, set[str]] = {}
    for n in combined:
        p = partners.setdefault(comp[n], set())
        p.update(nation[o] for o in und.neighbors(n) if nation[o] != COMBINED)
    pairs = {k: frozenset(p) for k, p in partners.items() if len(p) >= 2}
    if not pairs:
        return {n: (COMBINED if nation[n] == COMBINED else nation[n]) for n in g.nodes}
    label: dict[int, frozenset] = dict(pairs)
    for k in partners:
        if k in label:
            continue
        # nearest body (breadth first over any line) that belongs to a pair's frame
        start = [n for n in combined if comp[n] == k]
        seen, queue, found = set(start), deque((s, 0) for s in start), None
        while queue and found is None:
            m, _ = queue.popleft()
            for o in sorted(und.neighbors(m)):
                if o in seen:
                    continue
                seen.add(o)
                if nation[o] == COMBINED and comp[o] in pairs:
                    found = pairs[comp[o]]
                    break
                queue.append((o, 0))
        label[k] = found or next(iter(sorted(pairs.values(), key=sorted)))
    out = dict(nation)
    for n in combined:
        out[n] = COMBINED + ":" + "+".join(sorted(label[comp[n]]))
    return out


def frame_title(frame: str, lang: str) -> str:
    """The words on a frame's title band."""
    from c2graph.viz.export.common import nation_name

    if not frame.startswith(COMBINED + ":"):
        return nation_name(frame, lang)
    members = frozenset(frame.split(":", 1)[1].split("+"))
    en, ja = PAIR_NAMES.get(members, (f"Combined bodies ({', '.join(sorted(members))})",
                                      nation_name(COMBINED, "ja")))
    return {"en": en, "ja": ja}.get(lang, f"{en} {ja}")


def frame_nation(frame: str) -> str:
    """The nation a frame is coloured as."""
    return COMBINED if frame.startswith(COMBINED) else frame


def _default_key(frame: str) -> tuple:
    nation = frame_nation(frame)
    order = style.NATION_ORDER
    return (order.index(nation) if nation in order else len(order), frame)


def order(g, frame_of: dict[str, str]) -> list[str]:
    """Frames left to right: fewest lines passing foreign frames (see module doc)."""
    frames = sorted(set(frame_of.values()), key=_default_key)
    if len(frames) <= 2 or len(frames) > MAX_PERMUTED:
        return frames
    pairs: dict[tuple[str, str], int] = {}
    for u, v, d in g.edges(data=True):
        a, b = frame_of[u], frame_of[v]
        if a != b:
            key = (a, b) if a < b else (b, a)
            pairs[key] = pairs.get(key, 0) + WEIGHT.get(d.get("type"), 1)
    best, best_cost = frames, None
    for perm in itertools.permutations(frames):
        pos = {f: i for i, f in enumerate(perm)}
        cost = sum(w * (abs(pos[a] - pos[b]) - 1) for (a, b), w in pairs.items())
        # then the shortest lines (adjacent frames), then the default order
        near = sum(w * abs(pos[a] - pos[b]) for (a, b), w in pairs.items())
        key = (cost, near)
        if best_cost is None or key < best_cost:
            best, best_cost = list(perm), key
    return best
