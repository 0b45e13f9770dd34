"""Which actors each slide of a deck draws.

A full scenario (60-70 actors, 3,000 x 1,500 points at 12 pt) cannot be read on one
16:9 slide, and a slide is only worth showing if every text on it is at least 12 pt.
So a chart that does not fit becomes a deck:

1. the **overview**: the top levels of every frame (each nation's heads and the
   bodies between them), opened breadth first while they fit;
2. then a slide per subtree that did not fit, in reading order (a subtree's slides
   follow the slide that points to them); small sibling subtrees share a slide, a
   fan-out too wide for one slide is spread over several (its superior a
   continuation box on the later ones).

An actor whose subordinates go on elsewhere is a **continuation box** ("→ slide 7 ·
35 more"), so every actor is drawn in full exactly once.  Whether a set of actors fits
is asked of the layout engine itself (``viz.layout.fits``: the placements
``chart_layout`` chooses from, without routing), so what is planned is what is drawn.
The tree is the engine's (``place.tree_parents``: the commander in the actor's own
frame, else its supervisor ...).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from c2graph.viz.layout import Spacing, fits
from c2graph.viz.layout import frames as frames_mod
from c2graph.viz.layout import rank as rank_mod
from c2graph.viz.layout.place import _key as child_key
from c2graph.viz.layout.place import tree_parents

#: A slide holds at most this many boxes at 12 pt: a larger set is not even measured.
MOST_ON_A_SLIDE = 70


@dataclass
class Page:
    """One slide's part of a deck: which actors it draws, which of them continue."""

    tops: list[str]                # the actors the part starts from
    members: set[str]              # every actor drawn on it (continuation boxes too)
    continued: list[str] = field(default_factory=list)   # drawn as continuation boxes
    parent_page: int | None = None  # the page whose continuation box leads here
    top_continued: bool = False    # its first top is drawn in full on another page


class Forest:
    """The engine's tree of a graph: each actor's parent and ordered children."""

    def __init__(self, g):
        frame_of = frames_mod.frame_ids(g)
        rank, succ = rank_mod.ranks(g)
        self.parent = tree_parents(g, rank, succ, frame_of)
        self.frame_of = frame_of
        order = {f: i for i, f in enumerate(frames_mod.order(g, frame_of))}
        self.children: dict[str | None, list[str]] = {}
        for n in g.nodes:
            self.children.setdefault(self.parent[n], []).append(n)
        for p, kids in self.children.items():
            kids.sort(key=(lambda c, p=p: child_key(g, p, c)) if p is not None else
                      (lambda c: (order[frame_of[c]], rank[c], c)))
        self.order = list(self._preorder())
        self.position = {n: i for i, n in enumerate(self.order)}
        below: dict[str, int] = {}
        for n in reversed(self.order):
            below[n] = sum(1 + below[c] for c in self.children.get(n, ()))
        self.below = below

    def _preorder(self):
        stack = list(reversed(self.children.get(None, [])))
        while stack:
            n = stack.pop()
            yield n
            stack.extend(reversed(self.children.get(n, [])))

    def has_kids(self, n: str) -> bool:
        return bool(self.children.get(n))


class Planner:
    """Plans a deck: ``size(n)`` and ``marker_size(n)`` are an actor's box in full and
    as a continuation box (points); ``area`` the chart area (w, h) at 12 pt;
    ``frame_of`` the frames of the whole chart (a part keeps them)."""

    def __init__(self, g, size, marker_size, area, spacing: Spacing, frame_width,
                 frame_of: dict[str, str]):
        self.g, self.size, self.marker_size = g, size, marker_size
        self.frame_of = frame_of
        self.area, self.spacing, self.frame_width = area, spacing, frame_width
        self.forest = Forest(g)
        self._memo: dict[tuple, bool] = {}
        self._out = {n: [(v, k, d) for _, v, k, d in g.out_edges(n, keys=True, data=True)]
                     for n in g.nodes}

    def subgraph(self, members):
        """A copy of the graph's part on ``members``: the engine walks a copy several
        times faster than networkx's filtered view of it."""
        import networkx as nx

        sub = nx.MultiDiGraph()
        sub.graph.update(self.g.graph)
        sub.add_nodes_from((n, self.g.nodes[n]) for n in sorted(members))
        sub.add_edges_from((u, v, k, d) for u in sorted(members) for v, k, d in self._out[u]
                           if v in members)
        return sub

    def fits(self, members, continued) -> bool:
        members, continued = frozenset(members), frozenset(continued)
        if len(members) > MOST_ON_A_SLIDE:
            return False
        key = (members, continued)
        if key not in self._memo:
            self._memo[key] = fits(self.subgraph(members),
                                   lambda n: self.marker_size(n) if n in continued
                                   else self.size(n), self.spacing, self.area,
                                   frame_width=self.frame_width, frame_of=self.frame_of)
        return self._memo[key]

    def fits_whole(self, tops: list[str]) -> bool:
        """Whether the whole subtrees of ``tops`` fit one page."""
        if sum(1 + self.forest.below[t] for t in tops) > MOST_ON_A_SLIDE:
            return False
        members, stack = set(tops), list(tops)
        while stack:
            kids = self.forest.children.get(stack.pop(), ())
            members.update(kids)
            stack.extend(kids)
        return self.fits(members, ())

    def page(self, tops: list[str], only: set[str] | None = None,
             top_continued: bool = False) -> tuple[set[str], list[str]]:
        """(every actor drawn, those drawn as continuation boxes) of the page that
        starts at ``tops``: breadth first, an actor is opened (its subordinates
        brought on) while the page still fits; a page of one actor always opens it.
        ``only``: the part of the first top's subordinates this page holds."""
        forest = self.forest
        if only is None and not top_continued and self.fits_whole(tops):
            members, stack = set(tops), list(tops)
            while stack:
                kids = forest.children.get(stack.pop(), ())
                members.update(kids)
                stack.extend(kids)
            return members, []
        members = set(tops)
        markers = [n for n in tops if forest.has_kids(n)]
        queue = list(markers)
        forced = len(tops) == 1
        while queue:
            n = queue.pop(0)
            kids = forest.children[n]
            if only is not None and n == tops[0]:
                kids = [c for c in kids if c in only]
            trial = members | set(kids)
            continued = set(markers) - {n} | {c for c in kids if forest.has_kids(c)}
            if top_continued:
                continued.add(tops[0])
            if not forced and not self.fits(trial, continued):
                continue                  # n stays a continuation box
            forced = False
            members = trial
            if not (top_continued and n == tops[0]):
                markers.remove(n)
            for c in kids:
                if forest.has_kids(c):
                    markers.append(c)
                    queue.append(c)
        return members, markers

    def plan(self) -> list[Page]:
        """Every page: the top levels first (the overview), then the subtrees."""
        forest = self.forest
        roots = list(forest.children.get(None, []))
        if self.fits(set(self.g.nodes), ()):
            return [Page(tops=roots, members=set(self.g.nodes))]

        def branches(n):
            return [c for c in forest.children.get(n, ()) if forest.has_kids(c)]

        pages: list[Page] = []
        queue: list[tuple] = [(group, None, None, False) for group in _chunks(
            roots, lambda ts: self.fits(ts, [t for t in ts if forest.has_kids(t)]))]
        while queue:
            tops, parent_page, only, top_continued = queue.pop(0)
            kids = forest.children.get(tops[0], []) if len(tops) == 1 and only is None else []
            later = []
            if kids and not self.fits(tops + kids, tops + branches(tops[0])):
                parts = _chunks(kids, lambda chunk: self.fits(tops + chunk, tops + [
                    c for c in chunk if forest.has_kids(c)]))
                if len(parts) > 1:
                    only = set(parts[0])
                    later = [(tops, len(pages), set(part), True) for part in parts[1:]]
            members, markers = self.page(tops, only, top_continued)
            if len(tops) > 1 and members == set(tops):
                # a group none of whose tops could be opened: each on a page of its own
                queue[:0] = [([t], parent_page, None, False) for t in tops]
                continue
            pages.append(Page(tops, members, markers, parent_page, top_continued))
            index = len(pages) - 1
            queue[:0] = later
            group: list[str] = []
            for n in sorted((n for n in markers if n not in tops or not top_continued),
                            key=forest.position.__getitem__):
                # small subtrees side by side share a page; a large one starts its own
                if not self.fits_whole([n]):
                    queue.append(([n], index, None, False))
                elif self.fits_whole(group + [n]):
                    group.append(n)
                else:
                    queue.append((group, index, None, False))
                    group = [n]
            if group:
                queue.append((group, index, None, False))
        order = reading_order(pages)
        new = {old: i for i, old in enumerate(order)}
        out = [pages[i] for i in order]
        for p in out:
            p.parent_page = None if p.parent_page is None else new[p.parent_page]
        return out


def _chunks(items: list[str], fits) -> list[list[str]]:
    """``items`` in order, cut into runs that each ``fits`` (one item at least)."""
    out: list[list[str]] = [[]]
    for n in items:
        if out[-1] and not fits(out[-1] + [n]):
            out.append([])
        out[-1].append(n)
    return out


def reading_order(pages: list[Page]) -> list[int]:
    """Pages depth first: a subtree's pages follow the page that points to them."""
    kids: dict[int | None, list[int]] = {}
    for i, p in enumerate(pages):
        kids.setdefault(p.parent_page, []).append(i)
    out, stack = [], list(reversed(kids.get(None, [])))
    while stack:
        i = stack.pop()
        out.append(i)
        stack.extend(reversed(kids.get(i, [])))
    return out
