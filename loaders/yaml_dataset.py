"""The YAML dataset folder loader (format: docs/dataset-format.md).

Everything is read and checked before anything is returned: a caller either gets a
complete ``Dataset`` whose scenarios all pass every rule, or a ``DatasetError``
listing every problem as ``file:line: message``.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from c2graph.graph.model import Dataset, DatasetError, Origin, Problem, Relationship
from c2graph.graph.schema import (SCENARIO_FILE_PARTS, SCENARIO_PROPERTIES, SOURCE_PROPERTIES,
                                  STATUSES)
from c2graph.loaders.dated import (build_timelines, check_status, read_events,
                                   read_superseded)
from c2graph.loaders.fields import (FieldReader, read_actor, read_relationship, brief, suggest,
                            type_name)
from c2graph.loaders.scenarios import (CHANGE_ORDER, UNREADABLE, apply_changes, dedupe, new_problems,
                               order_scenarios, root_scenario, structural_problems)
from c2graph.loaders.yamlio import display_path, exists, line_of, list_folder, load_yaml

#: A source's keys under its id in sources.yaml (the schema's, but ``id``: the key), in
#: the schema's order: a source's properties keep it in every export (a set's order
#: varies with Python's string hashing, and the json export did with it).
SOURCE_ENTRY_KEYS = tuple(p.name for p in SOURCE_PROPERTIES if p.name != "id")
#: A scenario file's keys: the schema's scenario properties, its changes or dated events,
#: and a superseded block.
SCENARIO_FIELDS = {p.name for p in SCENARIO_PROPERTIES} | set(SCENARIO_FILE_PARTS)
TOP_FIELDS = {"actors", "relationships"}


def _reader(raw, path: str, problems, index_line: int | None = None) -> FieldReader:
    origin = Origin(path, index_line or line_of(raw))
    return FieldReader(raw, origin, problems, line_of=lambda key: line_of(raw, key))


def _items(data, key: str, path: str, problems) -> list[tuple[object, int]]:
    """The list under ``key`` as (item, line) pairs, or a problem if it is not a list."""
    value = data.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        problems.append(Problem(Origin(path, line_of(data, key)), f"{key!r} must be a list"))
        return []
    return [(item, line_of(value, index=i)) for i, item in enumerate(value)]


def _mapping(item, line: int, path: str, what: str, problems) -> bool:
    if not isinstance(item, dict):
        problems.append(Problem(Origin(path, line), f"each {what} must be a mapping of keys,"
                                                    f" not {type_name(item)}"))
        return False
    return True


def read_sources(folder: Path, problems: list[Problem]) -> dict[str, dict]:
    path = folder / "sources.yaml"
    shown = display_path(path)
    if not exists(path):
        problems.append(Problem(None, f"{shown}: missing (every dataset needs its sources)"))
        return {}
    data, errs = load_yaml(path)
    problems.extend(errs)
    if data is None:
        return {}
    if not isinstance(data, dict) or not isinstance(data.get("sources"), dict):
        problems.append(Problem(Origin(shown, 1), "expected a mapping 'sources:' of source id"
                                                  " -> {title: ...}"))
        return {}
    sources = {}
    table = data["sources"]
    for sid, entry in table.items():
        line = line_of(table, sid)
        reader = FieldReader(entry if isinstance(entry, dict) else {}, Origin(shown, line),
                             problems, line_of=lambda key, e=entry, ln=line: line_of(e, key)
                             if isinstance(e, dict) else ln)
        if not isinstance(entry, dict):
            reader.fail(None, f"source {brief(sid)} must be a mapping with at least a title")
            continue
        if not isinstance(sid, str):
            reader.fail(None, f"source id must be text, not {type_name(sid)}")
            continue
        reader.raw = {"id": sid, **entry}
        reader.ident("id", what="source id")
        reader.raw = entry
        reader.unknown_keys(SOURCE_ENTRY_KEYS, "source")
        info = {k: reader.text(k, required=(k == "title")) for k in SOURCE_ENTRY_KEYS}
        if reader.ok:
            sources[sid] = {k: v for k, v in info.items() if v is not None}
    return sources


def read_actor_file(path: Path, known, problems, actors: dict, rels: dict,
                    broken: set) -> None:
    shown = display_path(path)
    data, errs = load_yaml(path)
    problems.extend(errs)
    if data is None:
        broken.add(UNREADABLE)  # its actors are unknown: no "unknown actor" cascade
        return
    if not isinstance(data, dict):
        problems.append(Problem(Origin(shown, 1), "expected a mapping with 'actors:' and/or"
                                                  " 'relationships:'"))
        broken.add(UNREADABLE)
        return
    for key in data:
        if key not in TOP_FIELDS:
            problems.append(Problem(Origin(shown, line_of(data, key)),
                                    f"unknown key {brief(key)}{suggest(key, TOP_FIELDS)};"
                                    " expected 'actors' and 'relationships'"))
    for raw, line in _items(data, "actors", shown, problems):
        if not _mapping(raw, line, shown, "actor", problems):
            continue
        actor = read_actor(_reader(raw, shown, problems, line), known)
        if actor is None:
            if isinstance(raw.get("id"), str):
                broken.add(raw["id"].strip())
            continue
        if actor.id in actors:
            problems.append(Problem(actor.origin, f"duplicate actor id {actor.id!r} (first"
                                                  f" defined at {actors[actor.id].origin})"))
            continue
        actors[actor.id] = actor
    for raw, line in _items(data, "relationships", shown, problems):
        if not _mapping(raw, line, shown, "relationship", problems):
            continue
        rel = read_relationship(_reader(raw, shown, problems, line), known)
        if rel is None:
            continue
        add_relationship(rel, rels, problems)


def add_relationship(rel: Relationship, rels: dict, problems: list[Problem]) -> None:
    """Add ``rel`` unless it (or, for a symmetric type, its mirror) is already there."""
    from c2graph.graph.schema import REL_TYPES, relationship_id

    mirror = relationship_id(rel.target, rel.type, rel.source)
    if rel.id in rels or (REL_TYPES[rel.type].symmetric and mirror in rels):
        first = rels.get(rel.id) or rels[mirror]
        problems.append(Problem(rel.origin, f"duplicate relationship {rel.id} (first defined"
                                            f" at {first.origin})"))
        return
    rels[rel.id] = rel


def read_scenario_file(path: Path, known, problems) -> dict | None:
    shown = display_path(path)
    data, errs = load_yaml(path)
    problems.extend(errs)
    if data is None:
        return None
    if not isinstance(data, dict):
        problems.append(Problem(Origin(shown, 1), "a scenario file must be a mapping"))
        return None
    reader = _reader(data, shown, problems)
    reader.unknown_keys(SCENARIO_FIELDS, "scenario")
    spec = {
        "id": reader.ident("id", what="scenario id"),
        "title": reader.text("title", required=True),
        "status": reader.choice("status", STATUSES, "status"),
        "date": reader.text("date"),
        "base": reader.ident("base", required=False, what="scenario id"),
        "description": reader.text("description", limit=10000),
        "title_ja": reader.text("title_ja"),
        "description_ja": reader.text("description_ja", limit=10000),
        "sources": reader.sources("sources", known),
        "origin": Origin(shown, line_of(data)),
        "base_origin": Origin(shown, line_of(data, "base")),
        "changes": {},
        "superseded": read_superseded(data, shown, known, problems),
    }
    if spec["id"] and path.stem != spec["id"]:
        reader.fail("id", f"scenario id {spec['id']!r} does not match its file name"
                          f" {path.name!r}")
    changes = data.get("changes") or {}
    if not isinstance(changes, dict):
        reader.fail("changes", "'changes' must be a mapping of change lists")
        changes = {}
    if changes and not spec["base"]:
        reader.fail("changes", "the root scenario (no base) cannot list changes: its content"
                               " is the dataset's top-level files")
    spec["changes"] = read_changes(changes, shown, known, problems)
    spec["events"] = [replace(e, scenario=spec["id"]) for e in
                      read_events(data, shown, known, problems, read_changes)]
    check_status(spec, reader, has_events="events" in data)
    if spec["events"] and not spec["base"]:
        reader.fail("events", "the root scenario (no base) cannot list events: its content"
                              " is the dataset's top-level files, as of its 'date'")
    return spec if reader.ok else None


def read_changes(block: dict, shown: str, known, problems: list[Problem]) -> dict[str, list]:
    """A scenario's ``changes:`` mapping as checked model items, one list per change kind.

    Shared by the dataset loader and ``c2graph what-if --changes FILE`` so a change is
    refused by both with the same words.  Removals and updates carry their origin as
    ``(item, origin)`` pairs; additions are model objects that carry their own.
    """
    out: dict[str, list] = {key: [] for key in CHANGE_ORDER}
    for key in block:
        if key not in CHANGE_ORDER:
            problems.append(Problem(Origin(shown, line_of(block, key)),
                                    f"unknown change {brief(key)}{suggest(key, CHANGE_ORDER)};"
                                    f" expected one of {', '.join(CHANGE_ORDER)}"))
    for key in CHANGE_ORDER:
        for raw, line in _items(block, key, shown, problems):
            origin = Origin(shown, line)
            if key == "remove_actors":
                actor_id = FieldReader({"id": raw}, origin, problems).ident("id",
                                                                             what="actor id")
                if actor_id:
                    out[key].append((actor_id, origin))
                continue
            if not _mapping(raw, line, shown, "change", problems):
                continue
            reader = _reader(raw, shown, problems, line)
            if key == "add_actors":
                item = read_actor(reader, known)
            elif key == "update_actors":
                item = read_actor(reader, known, partial=True)
                item = (item, origin) if item else None
            elif key == "add_relationships":
                item = read_relationship(reader, known)
            elif key == "update_relationships":
                item = read_relationship(reader, known, partial=True)
                item = (item, origin) if item else None
            else:
                item = read_relationship(reader, known, key_only=True)
                item = (item, origin) if item else None
            if item is not None:
                out[key].append(item)
    return out


def load_yaml_dataset(folder: Path) -> Dataset:
    """Read, materialise and check a dataset folder; raise ``DatasetError`` on any problem."""
    problems: list[Problem] = []
    folder = Path(folder)
    sources = read_sources(folder, problems)
    known = set(sources) if sources or exists(folder / "sources.yaml") else None
    actors: dict = {}
    rels: dict = {}
    broken: set = set()
    unlisted: list[Problem] = []
    files = list_folder(folder, (".yaml",), unlisted, exclude=("sources.yaml",))
    files += list_folder(folder, (".yml",), [])  # a listing problem is reported once
    problems.extend(unlisted)
    if not files and not unlisted:
        problems.append(Problem(None, f"{display_path(folder)}: no actor files (*.yaml)"))
    for path in files:
        read_actor_file(path, known, problems, actors, rels, broken)

    specs: dict[str, dict] = {}
    scenario_dir = folder / "scenarios"
    # Anything named scenarios/ (a file, a loop, an unreadable folder) must be listable:
    # otherwise the dataset would silently load as one scenario named after its folder.
    for path in list_folder(scenario_dir, (".yaml",), problems) if exists(scenario_dir) else []:
        spec = read_scenario_file(path, known, problems)
        if spec is None:
            continue
        if spec["id"] in specs:
            problems.append(Problem(spec["origin"], f"duplicate scenario id {spec['id']!r}"))
            continue
        specs[spec["id"]] = spec
    if not specs and not problems:
        name = folder.resolve().name.lower()
        specs[name] = {"id": name, "title": name, "status": "established", "date": None,
                       "base": None, "description": None, "title_ja": None,
                       "description_ja": None, "sources": (), "changes": {},
                       "events": [], "origin": None, "base_origin": None}
    if specs and not any(not s["base"] for s in specs.values()):
        problems.append(Problem(None, f"{display_path(scenario_dir)}: no root scenario (one"
                                      " scenario file must have no base)"))

    scenarios = {}
    reported: set[str] = set()
    for sid in order_scenarios(specs, problems):
        spec = specs[sid]
        if spec["base"]:
            scenario = apply_changes(scenarios[spec["base"]], spec, problems)
        else:
            scenario = root_scenario(spec, actors, rels)
        problems.extend(new_problems(sid, structural_problems(scenario, frozenset(broken)),
                                     reported))
        scenarios[sid] = scenario
    snapshots = build_timelines(scenarios, specs, problems, reported) if not problems else {}
    problems = dedupe(problems)
    if problems:
        raise DatasetError(problems)
    return Dataset(sources=sources, scenarios=scenarios, path=display_path(folder),
                   snapshots=snapshots)
