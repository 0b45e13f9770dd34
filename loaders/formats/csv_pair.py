"""The CSV pair, for organisations kept in spreadsheets (read only).

A folder with ``nodes.csv`` and ``relationships.csv`` (and optionally ``sources.csv``)
becomes one root scenario named after the folder.  Columns are documented in
docs/dataset-format.md; list cells (``sources``) are separated by ``;``.  The same
field checks and whole-graph rules as the YAML loader apply, with the CSV line in
every message.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from c2graph.graph.model import Dataset, DatasetError, Origin, Problem
from c2graph.loaders.fields import (ACTOR_FIELDS, ACTOR_REQUIRED, ID_RE, REL_FIELDS,
                                    REL_REQUIRED, FieldReader, read_actor,
                                    read_relationship, brief, suggest)
from c2graph.loaders.scenarios import (UNREADABLE, dedupe, new_problems, root_scenario,
                               structural_problems)
from c2graph.loaders.yaml_dataset import SOURCE_ENTRY_KEYS, add_relationship
from c2graph.loaders.yamlio import display_path, exists, read_text

csv.field_size_limit(1_000_000)


def is_csv_dataset(folder: Path) -> bool:
    return exists(Path(folder) / "nodes.csv")  # whatever it is: read_rows says if unreadable


def read_rows(path: Path, columns: set[str] | None, required: tuple[str, ...], problems,
              status: dict | None = None):
    """Yield ``(row, line)`` for each data row; header problems are recorded once.

    ``columns`` is the set of known column names (``None``: any).  A column named
    twice is refused (``csv.DictReader`` would silently keep the last cell of the two).
    ``status["complete"]`` is set once every row has been read (not when the file,
    its encoding or its header is unusable, or the CSV breaks half way).
    """
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
        if len(header) == 1 and (";" in header[0] or "\t" in header[0]):
            sep = "';'" if ";" in header[0] else "tabs"
            problems.append(Problem(Origin(shown, 1), f"the header is one column separated by"
                                                      f" {sep}: save the file as CSV with"
                                                      " commas"))
            return
        unknown = [h for h in header if columns is not None and h not in columns]
        for h in unknown:
            problems.append(Problem(Origin(shown, 1), f"unknown column {brief(h)}"
                                                      f"{suggest(h, columns)}"))
        missing = [c for c in required if c not in header]
        for c in missing:
            problems.append(Problem(Origin(shown, 1), f"missing required column {c!r}"))
        twice = [h for i, h in enumerate(header) if h in header[:i]]
        for h in dict.fromkeys(twice):
            problems.append(Problem(Origin(shown, 1), f"column {brief(h)} appears"
                                                      f" {header.count(h)} times"))
        if unknown or missing or twice:
            return
        start = reader.line_num + 1  # a row's first line (a quoted cell may span lines)
        for row in reader:
            if None in row:
                problems.append(Problem(Origin(shown, start),
                                        f"{len(row[None])} more cells than header columns"))
            else:
                yield {k: v for k, v in row.items() if v not in (None, "")}, start
            start = reader.line_num + 1
        if status is not None:
            status["complete"] = True
    except csv.Error as exc:
        what = ("a quoted cell that starts here is never closed" if "end of data" in str(exc)
                else str(exc))
        problems.append(Problem(Origin(shown, start if "start" in locals() else 1),
                                f"invalid CSV: {what}"))


def load_csv_dataset(folder: Path) -> Dataset:
    """Read a CSV pair folder into a one-scenario ``Dataset`` or raise ``DatasetError``."""
    folder = Path(folder)
    problems: list[Problem] = []
    sources: dict[str, dict] = {}
    known = None
    sources_csv = folder / "sources.csv"
    if exists(sources_csv):
        known = set()
        first_line: dict[str, int] = {}
        for row, line in read_rows(sources_csv, {"id", *SOURCE_ENTRY_KEYS}, ("id", "title"),
                                   problems):
            r = FieldReader(row, Origin(display_path(sources_csv), line), problems)
            sid = r.ident("id", what="source id")
            info = {k: r.text(k, required=(k == "title")) for k in SOURCE_ENTRY_KEYS}
            if sid in first_line:
                r.fail("id", f"duplicate source id {sid!r} (first defined at"
                             f" {display_path(sources_csv)}:{first_line[sid]})")
            if r.ok and sid:
                known.add(sid)
                first_line[sid] = line
                sources[sid] = {k: v for k, v in info.items() if v is not None}

    actors: dict = {}
    broken: set = set()
    nodes_csv = folder / "nodes.csv"
    nodes_read: dict = {}
    for row, line in read_rows(nodes_csv, ACTOR_FIELDS, ACTOR_REQUIRED, problems,
                               nodes_read):
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
    if not nodes_read:
        broken.add(UNREADABLE)  # relationships to its actors would all look dangling

    rels: dict = {}
    rels_csv = folder / "relationships.csv"
    if not exists(rels_csv):
        problems.append(Problem(None, f"{display_path(rels_csv)}: missing"))
    else:
        for row, line in read_rows(rels_csv, REL_FIELDS, REL_REQUIRED, problems):
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
