"""The CSV pair loader, for organisations kept in spreadsheets.

A folder with ``nodes.csv`` and ``relationships.csv`` (and optionally ``sources.csv``)
becomes one root scenario named after the folder.  Columns are documented in
README; list cells (``sources``) are separated by ``;``.  The same field checks and
whole-graph rules as the YAML loader apply, with the CSV line in every message.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from graph.model import Dataset, DatasetError, Origin, Problem
from loaders.fields import (ACTOR_FIELDS, ID_RE, REL_FIELDS, FieldReader, read_actor,
                            read_relationship, brief, suggest)
from loaders.scenarios import dedupe, new_problems, root_scenario, structural_problems
from loaders.yaml_dataset import SOURCE_FIELDS, add_relationship
from loaders.yamlio import display_path, read_text

csv.field_size_limit(1_000_000)


def is_csv_dataset(folder: Path) -> bool:
    return (Path(folder) / "nodes.csv").is_file()


def read_rows(path: Path, columns: set[str], required: tuple[str, ...], problems):
    """Yield ``(row, line)`` for each data row; header problems are recorded once."""
    shown = display_path(path)
    text, problem = read_text(path)
    if problem:
        problems.append(problem)
        return
    if not text.strip():
        problems.append(Problem(Origin(shown, 1), "empty file (expected a header row)"))
        return
    reader = csv.DictReader(io.StringIO(text), strict=True)
    try:
        header = [h.strip() for h in (reader.fieldnames or [])]
        reader.fieldnames = header
        unknown = [h for h in header if h not in columns]
        for h in unknown:
            problems.append(Problem(Origin(shown, 1), f"unknown column {brief(h)}"
                                                      f"{suggest(h, columns)}"))
        missing = [c for c in required if c not in header]
        for c in missing:
            problems.append(Problem(Origin(shown, 1), f"missing required column {c!r}"))
        if unknown or missing:
            return
        for row in reader:
            if None in row:
                problems.append(Problem(Origin(shown, reader.line_num),
                                        f"{len(row[None])} more cells than header columns"))
                continue
            cleaned = {k: v for k, v in row.items() if v not in (None, "")}
            yield cleaned, reader.line_num
    except csv.Error as exc:
        problems.append(Problem(Origin(shown, reader.line_num), f"invalid CSV: {exc}"))


def load_csv_dataset(folder: Path) -> Dataset:
    """Read a CSV pair folder into a one-scenario ``Dataset`` or raise ``DatasetError``."""
    folder = Path(folder)
    problems: list[Problem] = []
    sources: dict[str, dict] = {}
    known = None
    sources_csv = folder / "sources.csv"
    if sources_csv.exists():
        known = set()
        for row, line in read_rows(sources_csv, SOURCE_FIELDS | {"id"}, ("id", "title"),
                                   problems):
            r = FieldReader(row, Origin(display_path(sources_csv), line), problems)
            sid = r.ident("id", what="source id")
            info = {k: r.text(k, required=(k == "title")) for k in SOURCE_FIELDS}
            if r.ok and sid:
                known.add(sid)
                sources[sid] = {k: v for k, v in info.items() if v is not None}

    actors: dict = {}
    broken: set = set()
    nodes_csv = folder / "nodes.csv"
    for row, line in read_rows(nodes_csv, ACTOR_FIELDS,
                               ("id", "kind", "name_en", "nation", "status", "sources"),
                               problems):
        actor = read_actor(FieldReader(row, Origin(display_path(nodes_csv), line), problems),
                           known)
        if actor is None:
            if row.get("id"):
                broken.add(row["id"].strip())
            continue
        if actor.id in actors:
            problems.append(Problem(actor.origin, f"duplicate actor id {actor.id!r} (first"
                                                  f" defined at {actors[actor.id].origin})"))
            continue
        actors[actor.id] = actor

    rels: dict = {}
    rels_csv = folder / "relationships.csv"
    if not rels_csv.exists():
        problems.append(Problem(None, f"{display_path(rels_csv)}: missing"))
    else:
        for row, line in read_rows(rels_csv, REL_FIELDS, ("from", "type", "to", "sources"),
                                   problems):
            rel = read_relationship(FieldReader(row, Origin(display_path(rels_csv), line),
                                                problems), known)
            if rel is not None:
                add_relationship(rel, rels, problems)

    sid = folder.resolve().name.lower()
    if not ID_RE.match(sid):
        problems.append(Problem(None, f"{display_path(folder)}: the folder name {sid!r} is the"
                                      " scenario id and must be lower-case ASCII letters,"
                                      " digits, '.', '-', '_'"))
    spec = {"id": sid, "title": sid, "status": "established", "date": None,
            "description": f"loaded from {display_path(folder)}", "sources": (),
            "origin": Origin(display_path(nodes_csv), 1)}
    scenario = root_scenario(spec, actors, rels)
    problems.extend(new_problems(sid, structural_problems(scenario, frozenset(broken)), set()))
    if problems:
        raise DatasetError(dedupe(problems))
    return Dataset(sources=sources, scenarios={sid: scenario}, path=display_path(folder))
