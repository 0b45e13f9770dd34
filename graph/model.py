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
                                  EVENT_FIELDS, SCENARIO_FIELDS, SCENARIO_PROPERTIES,
                                  relationship_id)


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


@dataclass(frozen=True)
class Event:
    """A dated change set of a scenario: announced on one date, in effect from another
    (``schema.EVENT_PROPERTIES``).

    ``effective`` missing means announced but not (yet) in effect.  ``changes`` are
    read like a scenario's own; ``scenario`` is the scenario whose file lists it.
    """

    id: str
    title: str
    sources: tuple[str, ...]
    announced: str | None = None
    effective: str | None = None
    note: str | None = None
    changes: dict = field(default_factory=dict, compare=False, repr=False)
    scenario: str | None = None
    origin: Origin | None = field(default=None, compare=False, repr=False)

    @property
    def sort_date(self) -> str:
        """The date that orders events: when it takes effect, else when announced."""
        return self.effective or self.announced or ""

    def record(self) -> dict:
        """What a store keeps of the event (its changes are in the dated states)."""
        out = {"scenario": self.scenario, "sources": list(self.sources)}
        out.update((k, getattr(self, k)) for k in EVENT_FIELDS if k != "sources")
        return {k: v for k, v in out.items() if v is not None}


def _scenario_properties(self) -> dict:
    """Properties of the scenario's metadata node (scalars and lists of text only: the
    superseded block flattened to ``superseded_*``, the timeline and the events as
    text, one item per entry; see ``schema.SCENARIO_STORED_PROPERTIES``)."""
    import json

    props = {k: getattr(self, k) for k in SCENARIO_FIELDS}
    props["sources"] = list(self.sources)
    props["snapshot_of"] = self.snapshot_of
    if self.superseded:
        for key, value in self.superseded.items():
            props[f"superseded_{key}"] = list(value) if isinstance(value, tuple) else value
    if self.timeline:
        props["timeline"] = [f"{day}={sid}" for day, sid in self.timeline]
        props["events"] = [json.dumps(e.record(), ensure_ascii=False, sort_keys=True)
                           for e in self.event_log]
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
           ("relationships", dict, field(default_factory=dict, kw_only=True)), _ORIGIN,
           # Dated parts (docs/dataset-format.md, "Events"): metadata about the graph, not
           # the graph; the exchange formats carry the graph and the schema's scenario
           # properties, so equality ignores these.  ``events`` are the scenario's own,
           # ``timeline`` ``(date, scenario id)`` pairs (which stored graph holds the
           # structure in effect from that date, see ``graph.timeline``), ``event_log``
           # every event of the scenario and its bases; a stored dated state of another
           # scenario has ``snapshot_of`` set to it.
           ("superseded", dict | None, field(default=None, compare=False, kw_only=True)),
           ("events", tuple, field(default=(), compare=False, kw_only=True)),
           ("timeline", tuple, field(default=(), compare=False, kw_only=True)),
           ("event_log", tuple, field(default=(), compare=False, kw_only=True)),
           ("snapshot_of", str | None, field(default=None, compare=False, kw_only=True))],
    namespace={"properties": _scenario_properties, "cited_sources": _cited_sources})


@dataclass
class Dataset:
    """Sources plus scenarios, in an order where every base precedes its children.

    ``snapshots`` are the stored dated states of dated scenarios that are not a
    scenario themselves (e.g. ``usfj-jfhq@2025-03-30``); a load writes them too.
    """

    sources: dict[str, dict]
    scenarios: dict[str, Scenario]
    path: str = ""
    snapshots: dict[str, Scenario] = field(default_factory=dict)

    def with_snapshots(self, wanted) -> list[Scenario]:
        """``wanted`` scenarios followed by the dated states their timelines name."""
        out = list(wanted)
        seen = {s.id for s in out}
        for scenario in list(out):
            for _, sid in scenario.timeline:
                if sid not in seen and sid in self.snapshots:
                    seen.add(sid)
                    out.append(self.snapshots[sid])
        return out

    @property
    def root(self) -> str | None:
        """The scenario the others are built on (``graph.graphs.root_scenario``)."""
        from c2graph.graph.graphs import root_scenario

        return root_scenario({sid: s.base for sid, s in self.scenarios.items()},
                             {sid: s.date for sid, s in self.scenarios.items()})

    def as_of(self, scenario_id: str | None, date: str):
        """``graph.timeline.as_of`` for one of the dataset's scenarios (``None``: its one
        dated timeline); the graph the answer names is in ``scenarios`` or ``snapshots``."""
        from c2graph.graph.timeline import as_of, default_dated

        metas = {sid: s.properties() for sid, s in self.scenarios.items()}
        sid = scenario_id or default_dated(metas)
        return as_of(sid, self.scenario(sid).properties(), date)

    def state(self, scenario_id: str) -> Scenario:
        """A scenario or a stored dated state (``snapshots``) by id."""
        return self.snapshots[scenario_id] if scenario_id in self.snapshots \
            else self.scenario(scenario_id)

    def scenario(self, scenario_id: str) -> Scenario:
        """The scenario of that id, or ``DatasetError`` naming the ones there are."""
        if scenario_id not in self.scenarios:
            from c2graph.graph.suggest import suggest

            raise DatasetError([Problem(None, f"unknown scenario {scenario_id!r}"
                                              f"{suggest(scenario_id, self.scenarios)};"
                                              f" the dataset has: {', '.join(self.scenarios)}")])
        return self.scenarios[scenario_id]
