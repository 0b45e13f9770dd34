"""``--focus ACTOR``: the part of a scenario a chart, a slide or the view is cut to.

One meaning everywhere (``c2graph export`` and ``c2graph view``): the actor in its
place, which is what a briefer asks for when naming one post:

* **down**: everything it commands or supervises, ``depth`` levels down (all levels
  when ``depth`` is None) — its organisation;
* **up**: its chain of superiors to the top (who commands or supervises it, and who
  commands them) — where it sits;
* **around**: every actor linked to it directly by any other relationship — whom it
  coordinates with, advises, supports, meets in a forum, or shares an officer with.

The result keeps every relationship among the actors kept, of any type, and the
scenario's metadata with ``focus`` (and ``depth``) added.
"""

from __future__ import annotations

#: The relationships that make one actor another's superior (followed up and down):
#: the schema's tree roles.
from c2graph.graph.schema import TREE_TYPES


def focus_nodes(g, actor: str, depth: int | None = None) -> set[str]:
    """The actors ``--focus actor --depth depth`` keeps (see the module doc)."""
    keep = {actor}
    frontier, level = [actor], 0
    while frontier and (depth is None or level < depth):
        nxt = []
        for node in frontier:
            for _, child, d in g.out_edges(node, data=True):
                if d.get("type") in TREE_TYPES and child not in keep:
                    keep.add(child)
                    nxt.append(child)
        frontier, level = nxt, level + 1
    up, todo = set(), [actor]
    while todo:
        node = todo.pop()
        for boss, _, d in g.in_edges(node, data=True):
            if d.get("type") in TREE_TYPES and boss not in up and boss != actor:
                up.add(boss)
                todo.append(boss)
    keep |= up
    keep.update(v for _, v in g.out_edges(actor))
    keep.update(u for u, _ in g.in_edges(actor))
    return keep


def focus_subgraph(g, actor: str, depth: int | None = None):
    """A copy of ``g`` cut to ``focus_nodes``, its metadata saying so.

    Actors and relationships keep ``g``'s order: networkx's ``subgraph`` walks the kept
    set, whose order follows Python's string hashing, so the view's ``--focus`` page
    came out different from one run to the next.
    """
    keep = focus_nodes(g, actor, depth)
    sub = g.__class__()
    sub.add_nodes_from((n, dict(d)) for n, d in g.nodes(data=True) if n in keep)
    edges = g.edges(keys=True, data=True) if g.is_multigraph() else g.edges(data=True)
    sub.add_edges_from((*e[:-1], dict(e[-1])) for e in edges if e[0] in keep and e[1] in keep)
    sub.graph.update(g.graph)
    sub.graph["focus"] = actor
    if depth is not None:
        sub.graph["depth"] = depth
    return sub
