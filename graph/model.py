"""The in-memory model: actors, relationships, scenarios and datasets.

The model classes are dataclasses made from the property tables of ``graph.schema``
(their fields are the graph properties).  Loaders build these objects from YAML or CSV after
validating every value against the vocabulary, so anything that reaches a store is
already known to be well formed.  ``origin`` remembers where an item was defined so
that later checks (cycles, cross-national command) can still report ``file:line``.
"""

from __future__ import annotations

from dataclasses import dataclass, field, make_dataclass

from c2graph.graph.schema import (ACTOR_FIELDS, ACTOR_PROPERTIES, RELATIONSHIP_PROPERTIES,
                                  SCENARIO_FIELDS, SCENARIO_PROPERTIES, relationship_id)


@dataclass(frozen=True)
class Origin:
    """Where an item was read from, for ``file:line`` messages."""

    path: str
    line: int

    def __str__(self) -> str:
        return f"{self.path}:{self.line}"


@dataclass(frozen=True)
class Problem:
    """One validation problem.  ``str()`` gives ``file:line: message``."""

    origin: Origin | None
    message: str

    def __str__(self) -> str:
        return f"{self.origin}: {self.message}" if self.origin else self.message


class DatasetError(Exception):
    """Raised with every problem found in an input; nothing has been written."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


def _model_class(name: str, doc: str, properties, *, structure=(), skip=(), extra=(),
                 frozen: bool = True, namespace=None):
    """A dataclass whose fields are ``properties`` (a ``schema`` property table).

    The schema declares what an actor, a relationship or a scenario has; the model
    classes are made from it rather than written out a second time.  Fields without a
    default come first, in the table's order (``structure`` before them): required
    properties take their place positionally (``Actor("a", "Office", "A", "US",
    "established", ("src",))``); optional ones default to ``None`` and are keyword-only.
    ``extra`` are further ``(name, type, field)`` entries (contents, ``origin``).
    """
    specs = [(f, str) for f in structure]
    for p in properties:
        if p.name in skip:
            continue
        type_ = tuple[str, ...] if p.value == "sources" else str
        if p.required:
            specs.append((p.name, type_))
        else:
            specs.append((p.name, type_ | None, field(default=None, kw_only=True)))
    specs.extend(extra)
    ns = {"__doc__": doc, "__module__": __name__, **(namespace or {})}
    return make_dataclass(name, specs, frozen=frozen, namespace=ns)


_ORIGIN = ("origin", Origin | None, field(default=None, compare=False, repr=False,
                                          kw_only=True))


def _actor_properties(self) -> dict:
    """Graph properties (no ``None`` values: Neo4j cannot store them)."""
    # getattr per field, not asdict(): asdict deep-copies and costs ~10x at 100k actors
    props = {k: v for k in ACTOR_FIELDS if (v := getattr(self, k)) is not None}
    props["sources"] = list(self.sources)
    return props


Actor = _model_class(
    "Actor", "A node: an office, command, staff or forum (``schema.ACTOR_PROPERTIES``).",
    ACTOR_PROPERTIES, extra=[_ORIGIN], namespace={"properties": _actor_properties})


def _rel_id(self) -> str:
    return relationship_id(self.source, self.type, self.target)


def _rel_properties(self) -> dict:
    """Graph properties of the relationship (its endpoints and type are structure)."""
    props = {"id": self.id, "sources": list(self.sources)}
    for key in _REL_OPTIONAL:
        if (value := getattr(self, key)) is not None:
            props[key] = value
    return props


_REL_OPTIONAL = tuple(p.name for p in RELATIONSHIP_PROPERTIES
                      if not p.required and p.name != "id")

Relationship = _model_class(
    "Relationship", "A typed, directed relationship between two actors of one scenario"
    " (``schema.RELATIONSHIP_PROPERTIES``; ``id`` is derived from the structure).",
    RELATIONSHIP_PROPERTIES, structure=("source", "type", "target"), skip=("id",),
    extra=[_ORIGIN], namespace={"id": property(_rel_id), "properties": _rel_properties})


def _scenario_properties(self) -> dict:
    """Properties of the scenario's metadata node."""
    props = {k: getattr(self, k) for k in SCENARIO_FIELDS}
    props["sources"] = list(self.sources)
    return {k: v for k, v in props.items() if v is not None}


def _cited_sources(self) -> set[str]:
    """The ids of the sources the scenario, its actors and relationships cite."""
    refs = set(self.sources)
    for item in (*self.actors.values(), *self.relationships.values()):
        refs.update(item.sources)
    return {ref.split("#", 1)[0] for ref in refs}


Scenario = _model_class(
    "Scenario", "A complete, self-consistent graph: the unit that stores load and queries"
    " anchor on (``schema.SCENARIO_PROPERTIES`` plus its actors and relationships).",
    SCENARIO_PROPERTIES, frozen=False,
    extra=[("actors", dict, field(default_factory=dict, kw_only=True)),
           ("relationships", dict, field(default_factory=dict, kw_only=True)), _ORIGIN],
    namespace={"properties": _scenario_properties, "cited_sources": _cited_sources})


@dataclass
class Dataset:
    """Sources plus scenarios, in an order where every base precedes its children."""

    sources: dict[str, dict]
    scenarios: dict[str, Scenario]
    path: str = ""

    @property
    def root(self) -> str | None:
        """The scenario the others are built on (``graph.graphs.root_scenario``)."""
        from c2graph.graph.graphs import root_scenario

        return root_scenario({sid: s.base for sid, s in self.scenarios.items()},
                             {sid: s.date for sid, s in self.scenarios.items()})

    def scenario(self, scenario_id: str) -> Scenario:
        """The scenario of that id, or ``DatasetError`` naming the ones there are."""
        if scenario_id not in self.scenarios:
            from c2graph.graph.suggest import suggest

            raise DatasetError([Problem(None, f"unknown scenario {scenario_id!r}"
                                              f"{suggest(scenario_id, self.scenarios)};"
                                              f" the dataset has: {', '.join(self.scenarios)}")])
        return self.scenarios[scenario_id]
