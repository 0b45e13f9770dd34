"""The in-memory model: actors, relationships, scenarios and datasets.

Schemas are frozen dataclasses whose fields are the graph properties (see
``vocabulary.NODE_PROPERTIES``).  Loaders build these objects from YAML or CSV after
validating every value against the vocabulary, so anything that reaches a store is
already known to be well formed.  ``origin`` remembers where an item was defined so
that later checks (cycles, cross-national command) can still report ``file:line``.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields

from c2graph.graph.vocabulary import relationship_id


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


@dataclass(frozen=True)
class Actor:
    """A node: an office, command, staff or forum."""

    id: str
    kind: str
    name_en: str
    nation: str
    status: str
    sources: tuple[str, ...]
    name_ja: str | None = None
    short: str | None = None
    rank: str | None = None
    location: str | None = None
    note: str | None = None
    origin: Origin | None = field(default=None, compare=False, repr=False)

    def properties(self) -> dict:
        """Graph properties (no ``None`` values: Neo4j cannot store them)."""
        # getattr per field, not asdict(): asdict deep-copies and costs ~10x at 100k actors
        props = {k: v for k in _ACTOR_PROPERTIES if (v := getattr(self, k)) is not None}
        props["sources"] = list(self.sources)
        return props


_ACTOR_PROPERTIES = tuple(f.name for f in fields(Actor) if f.name != "origin")


@dataclass(frozen=True)
class Relationship:
    """A typed, directed relationship between two actors of one scenario."""

    source: str
    type: str
    target: str
    sources: tuple[str, ...]
    authority: str | None = None
    note: str | None = None
    origin: Origin | None = field(default=None, compare=False, repr=False)

    @property
    def id(self) -> str:
        return relationship_id(self.source, self.type, self.target)

    def properties(self) -> dict:
        """Graph properties of the relationship (its endpoints and type are structure)."""
        props = {"id": self.id, "sources": list(self.sources)}
        if self.authority is not None:
            props["authority"] = self.authority
        if self.note is not None:
            props["note"] = self.note
        return props


@dataclass(frozen=True)
class Event:
    """A dated change set of a scenario: announced on one date, in effect from another.

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
        out = {"id": self.id, "scenario": self.scenario, "title": self.title,
               "announced": self.announced, "effective": self.effective,
               "sources": list(self.sources), "note": self.note}
        return {k: v for k, v in out.items() if v is not None}


@dataclass
class Scenario:
    """A complete, self-consistent graph: the unit that stores load and queries anchor on.

    Dated scenarios (docs/dataset-format.md, "Events") also carry ``events`` (their
    own), ``timeline`` (``(date, scenario id)`` pairs: which stored graph holds the
    structure in effect from that date, see ``graph.timeline``) and ``event_log``
    (every event of the scenario and its bases).  A stored dated state of another
    scenario has ``snapshot_of`` set to that scenario.
    """

    id: str
    title: str
    status: str
    sources: tuple[str, ...]
    base: str | None = None
    date: str | None = None
    description: str | None = None
    #: The title and description in Japanese, for charts and slides drawn with --lang ja.
    title_ja: str | None = None
    description_ja: str | None = None
    actors: dict[str, Actor] = field(default_factory=dict)
    relationships: dict[str, Relationship] = field(default_factory=dict)
    origin: Origin | None = field(default=None, compare=False, repr=False)
    # Dated parts: metadata about the graph, not the graph; the exchange formats (json,
    # graphml, csv) carry the graph and the fields above, so equality ignores these.
    superseded: dict | None = field(default=None, compare=False)
    events: tuple[Event, ...] = field(default=(), compare=False)
    timeline: tuple[tuple[str, str], ...] = field(default=(), compare=False)
    event_log: tuple[Event, ...] = field(default=(), compare=False)
    snapshot_of: str | None = field(default=None, compare=False)

    def properties(self) -> dict:
        """Properties of the scenario's metadata node (scalars and lists of text only:
        the timeline and the events travel as JSON text, one item per entry)."""
        import json

        props = {
            "id": self.id,
            "title": self.title,
            "status": self.status,
            "sources": list(self.sources),
            "base": self.base,
            "date": self.date,
            "description": self.description,
            "title_ja": self.title_ja,
            "description_ja": self.description_ja,
            "snapshot_of": self.snapshot_of,
        }
        if self.superseded:
            for key, value in self.superseded.items():
                props[f"superseded_{key}"] = list(value) if isinstance(value, tuple) else value
        if self.timeline:
            props["timeline"] = [f"{day}={sid}" for day, sid in self.timeline]
            props["events"] = [json.dumps(e.record(), ensure_ascii=False, sort_keys=True)
                               for e in self.event_log]
        return {k: v for k, v in props.items() if v is not None}


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
