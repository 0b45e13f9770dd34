"""What-if scenarios: a loaded scenario plus changes, checked by the loader's own rules.

Changes come from command-line specs or from the ``changes:`` block of a scenario
YAML file.  Either way each item goes through the same field checks as a dataset
(``loaders.fields``), the same ``apply_changes`` that materialises a scenario file,
and the same whole-graph rules (``structural_problems``: dangling ends, command
cycles, cross-national command).  A what-if the loader would refuse is refused, with
the reason and the option or ``file:line`` that causes it.

Change specs (arrows run from superior to subordinate, as on a chart)::

    us.jfc -OPCON-> us.usfk          COMMANDS with authority OPCON
    us.cjcs -ADVISES-> jp.mod        any relationship type
    us.indopacom -> us.usfk          (removal) the COMMANDS relationship
    move  us.jfc -OPCON-> us.usfk    us.usfk leaves every command superior it has
                                     and comes under us.jfc with OPCON
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from c2graph.graph.model import Actor, DatasetError, Origin, Problem, Relationship, Scenario
from c2graph.graph.schema import AUTHORITIES, REL_TYPES, relationship_id
from c2graph.loaders.fields import FieldReader, read_actor, read_relationship, suggest
from c2graph.loaders.scenarios import CHANGE_ORDER, apply_changes, structural_problems

ARROW_RE = re.compile(r"^\s*(?P<src>\S+)\s+-(?:(?P<label>[^\s>]+)-)?>\s+(?P<dst>\S+)\s*$")
#: Source reference given to what-if items that name none: the analyst's hypothesis.
WHATIF_SOURCE = "what-if"
WHATIF_STATUS = "possible"


class SpecOrigin(Origin):
    """Where a change given on the command line came from: printed as the option."""

    def __str__(self) -> str:
        return self.path


def spec_origin(option: str, text: str) -> SpecOrigin:
    return SpecOrigin(f"{option} {text!r}", 0)


class SpecReader(FieldReader):
    """A ``FieldReader`` whose every problem points at the option, not at a line."""

    def at(self, key) -> Origin:
        return self.origin


def empty_changes() -> dict[str, list]:
    return {key: [] for key in CHANGE_ORDER}


# -- changes from command-line specs ---------------------------------------------------
def parse_arrow(text: str, option: str, problems: list[Problem]):
    """``(source, type, authority, target)`` from ``A -LABEL-> B``, or None (a problem)."""
    origin = spec_origin(option, text)
    m = ARROW_RE.match(text)
    if not m:
        problems.append(Problem(origin, "expected 'FROM -TYPE-> TO' or 'FROM -AUTHORITY-> TO'"
                                        " with spaces around the arrow, e.g."
                                        " 'us.jfc -OPCON-> us.usfk'"))
        return None
    label = (m["label"] or "").strip().upper()
    type_, authority = None, None
    if ":" in label:
        type_, authority = (part.strip() for part in label.split(":", 1))
    elif label in AUTHORITIES:
        type_, authority = "COMMANDS", label
    elif label:
        type_ = label
    else:
        type_ = "COMMANDS"
    if type_ not in REL_TYPES:
        choices = list(REL_TYPES) + list(AUTHORITIES)
        problems.append(Problem(origin, f"unknown relationship type or authority {label!r}"
                                        f"{suggest(label, choices)}; use one of"
                                        f" {', '.join(choices)}"))
        return None
    if authority is not None and authority not in AUTHORITIES:
        problems.append(Problem(origin, f"unknown authority {authority!r}"
                                        f"{suggest(authority, AUTHORITIES)}; expected one of"
                                        f" {', '.join(AUTHORITIES)}"))
        return None
    return m["src"], type_, authority, m["dst"]


def _relationship(source, type_, authority, target, origin, sources, problems):
    raw = {"from": source, "type": type_, "to": target, "sources": list(sources)}
    if authority is not None:
        raw["authority"] = authority
    return read_relationship(SpecReader(raw, origin, problems), None)


def changes_from_options(base: Scenario, *, add=(), remove=(), move=(), add_actors=(),
                         remove_actors=(), sources=(WHATIF_SOURCE,),
                         problems: list[Problem]) -> dict[str, list]:
    """The changes the command-line specs describe, in ``apply_changes`` form."""
    changes = empty_changes()
    new_actors = _added_actors(add_actors, sources, problems)
    for text in add:
        origin = spec_origin("--add", text)
        parsed = parse_arrow(text, "--add", problems)
        if parsed:
            rel = _relationship(*parsed, origin, sources, problems)
            if rel is not None:
                changes["add_relationships"].append(rel)
    for text in remove:
        origin = spec_origin("--remove", text)
        parsed = parse_arrow(text, "--remove", problems)
        if not parsed:
            continue
        source, type_, authority, target = parsed
        existing = base.relationships.get(relationship_id(source, type_, target))
        if existing is not None and authority is not None and existing.authority != authority:
            problems.append(Problem(origin, f"{existing.id} has authority"
                                            f" {existing.authority} in {base.id}, not"
                                            f" {authority}"))
            continue
        key = read_relationship(SpecReader({"from": source, "type": type_, "to": target},
                                           origin, problems), None, key_only=True)
        if key:
            changes["remove_relationships"].append((key, origin))
    for text in move:
        origin = spec_origin("--move", text)
        parsed = parse_arrow(text, "--move", problems)
        if not parsed:
            continue
        superior, type_, authority, actor = parsed
        if type_ != "COMMANDS" or authority is None:
            problems.append(Problem(origin, "a move needs a command authority:"
                                            " 'SUPERIOR -OPCON-> ACTOR'"))
            continue
        if actor not in base.actors and actor not in {a.id for a in new_actors}:
            problems.append(Problem(origin, f"cannot move {actor!r}: {base.id!r} has no such"
                                            f" actor{suggest(actor, base.actors)}"))
            continue
        for rel in base.relationships.values():
            if rel.type == "COMMANDS" and rel.target == actor:
                changes["remove_relationships"].append(
                    ({"source": rel.source, "type": rel.type, "target": rel.target}, origin))
        rel = _relationship(superior, "COMMANDS", authority, actor, origin, sources, problems)
        if rel is not None:
            changes["add_relationships"].append(rel)
    changes["add_actors"].extend(new_actors)
    for text in remove_actors:
        origin = spec_origin("--remove-actor", text)
        actor_id = SpecReader({"id": text.strip()}, origin, problems).ident("id",
                                                                           what="actor id")
        if actor_id:
            changes["remove_actors"].append((actor_id, origin))
    return changes


def _added_actors(specs, sources, problems) -> list[Actor]:
    """Actors from YAML flow mappings such as '{id: us.x, kind: Command, ...}'."""
    from ruamel.yaml.error import YAMLError

    from c2graph.loaders.yamlio import text_yaml

    out = []
    for text in specs:
        origin = spec_origin("--add-actor", text)
        try:
            raw = text_yaml("safe").load(text)
        except (YAMLError, RecursionError, ValueError) as exc:
            problems.append(Problem(origin, f"invalid YAML: {str(exc).splitlines()[0]}"))
            continue
        if not isinstance(raw, dict):
            problems.append(Problem(origin, "expected a mapping such as '{id: us.x, kind:"
                                            " Command, name_en: X, nation: US, status:"
                                            " proposed}'"))
            continue
        raw.setdefault("sources", list(sources))
        raw.setdefault("status", WHATIF_STATUS)
        actor = read_actor(SpecReader(raw, origin, problems), None)
        if actor is not None:
            out.append(actor)
    return out


# -- changes from a scenario YAML file -------------------------------------------------
def changes_from_file(path: str | Path, problems: list[Problem]) -> tuple[dict, str | None]:
    """The ``changes:`` block of a scenario file (or a file that is only that block),
    read with the dataset loader's checks; also the file's ``base``, if it names one.
    A dated scenario file gives the changes of all its events as one set.

    A file in a dataset's ``scenarios/`` folder has its source references checked
    against that dataset's ``sources.yaml``, as the loader would.
    """
    from c2graph.loaders.yaml_dataset import read_changes, read_sources
    from c2graph.loaders.yamlio import display_path, exists, line_of, load_yaml

    path = Path(path)
    shown = display_path(path)
    changes = empty_changes()
    if not exists(path):
        problems.append(Problem(None, f"{shown}: no such file"))
        return changes, None
    data, errs = load_yaml(path)
    problems.extend(errs)
    if data is None:
        return changes, None
    known = None
    dataset = path.resolve().parent.parent  # a readable file: no symlink loop
    if path.resolve().parent.name == "scenarios" and exists(dataset / "sources.yaml"):
        known = set(read_sources(dataset, problems))
    if not isinstance(data, dict):
        problems.append(Problem(Origin(shown, 1), "expected a scenario file (with"
                                                  " 'changes:') or a mapping of change lists"))
        return changes, None
    if "events" in data and "changes" not in data:  # a dated scenario: its events' changes
        from c2graph.loaders.dated import read_events

        base = data.get("base")
        events = read_events(data, shown, known, problems, read_changes)
        return merge_changes(*(e.changes for e in events)), str(base) if base else None
    block = data.get("changes") if "changes" in data else data
    base = data.get("base") if "changes" in data else None
    if not isinstance(block, dict):
        problems.append(Problem(Origin(shown, line_of(data, "changes")),
                                "'changes' must be a mapping of change lists"))
        return changes, None
    changes = read_changes(block, shown, known, problems)
    return changes, str(base) if base else None


def merge_changes(*parts: dict) -> dict:
    out = empty_changes()
    for part in parts:
        for key in CHANGE_ORDER:
            out[key].extend(part.get(key, []))
    return out


def count_changes(changes: dict) -> int:
    return sum(len(v) for v in changes.values())


# -- building and validating -----------------------------------------------------------
def build_whatif(base: Scenario, changes: dict, scenario_id: str, title: str,
                 problems: list[Problem] | None = None,
                 description: str | None = None) -> Scenario:
    """``base`` plus ``changes`` as a new scenario, or ``DatasetError`` with every reason.

    ``problems`` may hold problems found while reading the changes; they are reported
    together with those of applying and validating them.
    """
    problems = list(problems or [])
    # Problems are the what-if's: point at its changes, never at the base's own lines.
    base = replace(base, actors={k: replace(a, origin=None) for k, a in base.actors.items()},
                   relationships={k: replace(r, origin=None)
                                  for k, r in base.relationships.items()})
    spec = {"id": scenario_id, "title": title, "status": WHATIF_STATUS,
            "sources": (WHATIF_SOURCE,), "base": base.id, "date": None,
            "description": description, "origin": None, "changes": changes}
    scenario = apply_changes(base, spec, problems)
    if not problems:
        problems.extend(structural_problems(scenario))
    if problems:
        raise DatasetError(problems)
    return scenario


def renamed(scenario: Scenario, scenario_id: str) -> Scenario:
    """The same scenario under another id (the store key of a temporary what-if)."""
    return replace(scenario, id=scenario_id)
