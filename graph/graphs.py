"""A scenario as a ``networkx.MultiDiGraph``, and back; the scenario tree (root, order).

Every layer above the core works on one graph shape, whether the scenario came from a
store (``Store.read_graph``) or straight from a dataset (:func:`scenario_graph`):

* nodes are actor ids, with every actor property (``kind`` included);
* edges are keyed by relationship id, with ``type`` plus every relationship property;
* ``g.graph`` holds the scenario's properties (``id``, ``title``, ``status``, ``base`` …).

Nodes and edges are added in id order, as a store reads them back, so a chart or an
analysis of a dataset and of the store that loaded it are the same.
"""

from __future__ import annotations

from c2graph.graph.model import Actor, Relationship, Scenario
from c2graph.graph.schema import ACTOR_FIELDS, SCENARIO_FIELDS


def scenario_graph(scenario: Scenario):
    """A model ``Scenario`` as the ``MultiDiGraph`` that ``Store.read_graph`` returns.

    Lets a dataset be analysed or drawn before (or without) loading it into a store,
    and gives tests an engine-free reference to compare both engines against.

    Examples
    --------
    >>> from c2graph.graph.model import Actor, Relationship, Scenario
    >>> s = Scenario("s", "S", "established", ("src",))
    >>> s.actors["a"] = Actor("a", "Office", "A", "US", "established", ("src",))
    >>> s.actors["b"] = Actor("b", "Command", "B", "US", "established", ("src",))
    >>> r = Relationship("a", "COMMANDS", "b", ("src",), authority="NCA")
    >>> s.relationships[r.id] = r
    >>> G = scenario_graph(s)
    >>> list(G.edges(keys=True, data="authority"))
    [('a', 'b', 'a-COMMANDS->b', 'NCA')]
    """
    import networkx as nx

    g = nx.MultiDiGraph()
    g.graph.update(scenario.properties())
    for actor in sorted(scenario.actors.values(), key=lambda a: a.id):
        g.add_node(actor.id, **actor.properties())
    for rel in sorted(scenario.relationships.values(), key=lambda r: r.id):
        g.add_edge(rel.source, rel.target, key=rel.id, type=rel.type, **rel.properties())
    return g


def scenario_from_graph(g) -> Scenario:
    """The model ``Scenario`` of a scenario graph (the inverse of :func:`scenario_graph`).

    Properties the model does not know (a store's internal ones) are left out.
    """
    actor_fields = set(ACTOR_FIELDS)
    actors = {}
    for node, attrs in g.nodes(data=True):
        values = {k: v for k, v in attrs.items() if k in actor_fields}
        values["sources"] = tuple(values.get("sources") or ())
        actors[node] = Actor(**values)
    rels = {}
    for u, v, _key, attrs in g.edges(keys=True, data=True):
        rel = Relationship(source=u, type=attrs["type"], target=v,
                           sources=tuple(attrs.get("sources") or ()),
                           authority=attrs.get("authority"), note=attrs.get("note"))
        rels[rel.id] = rel
    meta = {k: g.graph.get(k) for k in SCENARIO_FIELDS}
    meta.update(title=meta["title"] or meta["id"], status=meta["status"] or "established",
                sources=tuple(meta["sources"] or ()))
    return Scenario(**meta, actors=actors, relationships=rels)


# -- the scenario tree ----------------------------------------------------------------------

def scenario_order(bases: dict[str, str | None], dates: dict[str, str | None] | None = None
                   ) -> list[str]:
    """Scenario ids with roots first and every base before the scenarios built on it.

    ``bases`` maps each scenario id to its base (``None`` for a root; a base that is
    not in ``bases`` counts as none).  Siblings go by ``dates`` (undated first), then id.

    >>> scenario_order({"b": "a", "a": None, "c": "a"}, {"b": "2025-01-01"})
    ['a', 'c', 'b']
    """
    dates = dates or {}
    children: dict[str | None, list[str]] = {}
    for sid, base in bases.items():
        children.setdefault(base if base in bases else None, []).append(sid)

    def key(sid):
        return (str(dates.get(sid) or ""), sid)

    order: list[str] = []
    stack = sorted(children.get(None, []), key=key, reverse=True)
    while stack:
        sid = stack.pop()
        order.append(sid)
        stack.extend(sorted(children.get(sid, []), key=key, reverse=True))
    return order


def root_scenario(bases: dict[str, str | None], dates: dict[str, str | None] | None = None
                  ) -> str | None:
    """The scenario every other one is built on: the first root of :func:`scenario_order`.

    A dataset has exactly one root (the loader refuses a second); a store holding
    several datasets has one per dataset, and the earliest-dated, then smallest id,
    is taken.  ``None`` when there is no scenario.

    >>> root_scenario({"jjoc-2025": "baseline-2024", "baseline-2024": None})
    'baseline-2024'
    """
    order = scenario_order(bases, dates)
    return order[0] if order else None
