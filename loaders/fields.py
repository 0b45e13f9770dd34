"""Field-level checks shared by the YAML and CSV loaders.

Each checker takes a raw mapping (from YAML or a CSV row) plus where it came from,
appends ``Problem`` values for everything wrong, and returns a model object only
when the item is fully valid.  Both loaders therefore refuse the same things with
the same words.
"""

from __future__ import annotations

import re

from c2graph.graph.model import Actor, Origin, Problem, Relationship
from c2graph.graph.suggest import suggest  # noqa: F401  (re-exported for the loaders)
from c2graph.graph.textsafety import unsafe_character
from c2graph.graph.schema import (ACTOR_PROPERTIES, AUTHORITIES, RELATIONSHIP_PROPERTIES,
                                  REL_TYPES)

ID_RE = re.compile(r"^[a-z0-9][a-z0-9._-]{0,127}$")
MAX_TEXT = 2000
MAX_NOTE = 10000

#: The keys of an actor in a dataset: the schema's actor properties.
ACTOR_FIELDS = {p.name for p in ACTOR_PROPERTIES}
ACTOR_REQUIRED = tuple(p.name for p in ACTOR_PROPERTIES if p.required)
#: The keys of a relationship: its structure, then the schema's properties but the
#: derived ``id``.
REL_STRUCTURE = ("from", "type", "to")
REL_FIELDS = set(REL_STRUCTURE) | {p.name for p in RELATIONSHIP_PROPERTIES if p.name != "id"}
REL_REQUIRED = REL_STRUCTURE + tuple(p.name for p in RELATIONSHIP_PROPERTIES if p.required)
RANK_PROPERTIES = tuple(p.name for p in ACTOR_PROPERTIES if p.value == "rank")
RANK_RE = re.compile(r"^(O|E|W)-([1-9]|10)$")


def brief(value) -> str:
    """A value for an error message: short, and never the whole of a hostile structure.

    ``repr`` of a YAML "billion laughs" list would expand a billion items, and a
    megabyte key would fill the terminal: lists and mappings are named, not printed,
    and long text is cut.
    """
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, (list, tuple)):
        return "a list"
    text = repr(value) if isinstance(value, str) else repr(str(value))
    return text if len(text) <= 80 else text[:70] + "…" + text[-8:]


def type_name(value) -> str:
    """What a YAML value is, in the words of the dataset format."""
    tag = getattr(getattr(value, "tag", None), "value", None)
    if tag is not None or type(value).__name__ == "TaggedScalar":  # !include, !!python/…
        return "a value with a YAML tag (tags are not supported)"
    if isinstance(value, str):
        return "text"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, (list, tuple)):
        return "a list"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, bytes):
        return "binary data"
    return type(value).__name__


class FieldReader:
    """Reads typed fields out of one raw mapping, recording problems with their lines."""

    def __init__(self, raw, origin: Origin, problems: list[Problem], line_of=None):
        self.raw = raw
        self.origin = origin
        self.problems = problems
        self._line_of = line_of or (lambda key: origin.line)
        self.ok = True

    def at(self, key) -> Origin:
        return Origin(self.origin.path, self._line_of(key))

    def fail(self, key, message: str) -> None:
        self.ok = False
        self.problems.append(Problem(self.at(key) if key else self.origin, message))

    def unknown_keys(self, allowed: set[str], what: str) -> None:
        for key in self.raw:
            if key not in allowed:
                self.fail(key, f"unknown key {brief(key)} in {what}{suggest(key, allowed)}")

    def text(self, key, required=False, limit=MAX_TEXT) -> str | None:
        value = self.raw.get(key)
        if value is None or value == "":
            if required:
                self.fail(None, f"missing required key {key!r}")
            return None
        if not isinstance(value, str):  # a list, a mapping, a tagged or JSON number …
            self.fail(key, f"{key!r} must be text, not {type_name(value)}")
            return None
        value = value.strip()
        if len(value) > limit:
            self.fail(key, f"{key!r} is {len(value)} characters; the limit is {limit}")
            return None
        bad = unsafe_character(value)
        if bad:
            self.fail(key, f"{key!r} contains {bad}")
            return None
        return value

    def ident(self, key, required=True, what="id") -> str | None:
        value = self.text(key, required=required)
        if value is not None and not ID_RE.match(value):
            self.fail(key, f"invalid {what} {value!r}: use lower-case ASCII letters, digits,"
                           " '.', '-', '_' (at most 128)")
            return None
        return value

    def choice(self, key, choices, what, required=True) -> str | None:
        value = self.text(key, required=required)
        if value is not None and value not in choices:
            self.fail(key, f"unknown {what} {value!r}{suggest(value, choices)};"
                           f" expected one of {', '.join(choices)}")
            return None
        return value

    def sources(self, key, known: set[str] | None, required=True) -> tuple[str, ...] | None:
        value = self.raw.get(key)
        if value is None or value == [] or value == "":
            if required:
                self.fail(key if value is not None else None,
                          "no sources: every item needs at least one source reference")
            return None
        if isinstance(value, str):
            value = [v for v in (p.strip() for p in value.split(";")) if v]
        if not isinstance(value, list):
            self.fail(key, f"{key!r} must be a list of source references")
            return None
        refs = []
        for item in value:
            if not isinstance(item, str) or not item.strip():
                self.fail(key, f"source reference must be text, not {brief(item)}")
                continue
            ref = item.strip()
            bad = unsafe_character(ref)
            if bad:
                self.fail(key, f"source reference contains {bad}")
                continue
            sid = ref.split("#", 1)[0].strip()
            if known is not None and sid not in known:
                self.fail(key, f"unknown source {sid!r}{suggest(sid, known)}"
                               " (not in sources.yaml)")
                continue
            refs.append(ref)
        return tuple(refs)


def read_value(reader: FieldReader, prop, known_sources, required: bool):
    """One property's value, read and checked the way the schema's ``prop.value`` says."""
    if prop.choices is not None:
        return reader.choice(prop.name, prop.choices, prop.value, required=required)
    if prop.value == "id":
        return reader.ident(prop.name, required=required)
    if prop.value == "sources":
        return reader.sources(prop.name, known_sources, required=required)
    return reader.text(prop.name, required=required,
                       limit=MAX_NOTE if prop.value == "note" else MAX_TEXT)


def check_rank(reader: FieldReader, values: dict) -> None:
    """Every ``rank`` property holds a grade (checked after all fields are read)."""
    for name in RANK_PROPERTIES:
        value = values.get(name)
        if value is not None and not RANK_RE.match(value):
            reader.fail(name, f"invalid rank {value!r}: use a grade such as O-10 or O-9")


def read_actor(reader: FieldReader, known_sources, partial=False) -> Actor | dict | None:
    """An ``Actor`` from a raw mapping; with ``partial`` a dict of the fields given
    (only ``id`` is required then)."""
    raw = reader.raw
    reader.unknown_keys(ACTOR_FIELDS, "actor")
    values = {p.name: read_value(reader, p, known_sources,
                                 p.required and (not partial or p.name == "id"))
              for p in ACTOR_PROPERTIES}
    check_rank(reader, values)
    if not reader.ok:
        return None
    if partial:
        return {k: v for k, v in values.items() if k in raw and v is not None}
    if values["nation"] == "JP" and not values["name_ja"]:
        reader.fail(None, f"actor {values['id']!r} of nation JP needs name_ja")
        return None
    return Actor(origin=reader.origin, **values)


def read_relationship(reader: FieldReader, known_sources, partial=False,
                      key_only=False) -> Relationship | dict | None:
    """A ``Relationship`` from a raw mapping.

    ``key_only`` reads just ``from``/``type``/``to`` (for removals); ``partial`` reads
    the key plus whichever other fields are given (for updates).
    """
    allowed = set(REL_STRUCTURE) if key_only else REL_FIELDS
    reader.unknown_keys(allowed, "relationship")
    source = reader.ident("from", what="actor id")
    type_ = reader.choice("type", REL_TYPES, "relationship type")
    target = reader.ident("to", what="actor id")
    if key_only:
        return {"source": source, "type": type_, "target": target} if reader.ok else None
    values = {p.name: read_value(reader, p, known_sources, p.required and not partial)
              for p in RELATIONSHIP_PROPERTIES if p.name != "id"}
    authority = values.get("authority")
    if type_ == "COMMANDS" and authority is None and not partial and reader.ok:
        reader.fail(None, f"COMMANDS {source} -> {target} needs an authority"
                          f" ({', '.join(AUTHORITIES)})")
    if type_ is not None and type_ != "COMMANDS" and "authority" in reader.raw:
        reader.fail("authority", f"authority is only allowed on COMMANDS, not on {type_}")
    if source is not None and source == target:
        reader.fail("to", f"relationship from {source!r} to itself")
    if not reader.ok:
        return None
    if partial:
        out = {"source": source, "type": type_, "target": target}
        out.update((k, v) for k, v in values.items() if k in reader.raw and v is not None)
        return out
    return Relationship(source=source, type=type_, target=target, origin=reader.origin,
                        **values)
