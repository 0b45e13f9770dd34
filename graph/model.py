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


@dataclass
class Scenario:
    """A complete, self-consistent graph: the unit that stores load and queries anchor on."""

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

    def properties(self) -> dict:
        """Properties of the scenario's metadata node."""
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
        }
        return {k: v for k, v in props.items() if v is not None}


@dataclass
class Dataset:
    """Sources plus scenarios, in an order where every base precedes its children."""

    sources: dict[str, dict]
    scenarios: dict[str, Scenario]
    path: str = ""
