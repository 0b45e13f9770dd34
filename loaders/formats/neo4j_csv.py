"""neo4j-admin import CSV files (``c2graph export csv``), written and read back.

The folder holds ``actors.csv`` (``id:ID(Actor)``, ``:LABEL`` ...),
``relationships.csv`` (``:START_ID(Actor)``, ``:END_ID(Actor)``, ``:TYPE`` ...) and
``scenarios.csv``: the header syntax of ``neo4j-admin database import``.  A column's
name is what precedes its ``:type``; arrays use ``;``.  Actors are grouped into
scenarios by their ``scenario`` column, and every value passes the dataset's checks.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from c2graph.graph.model import Dataset, DatasetError, Origin, Problem
from c2graph.graph.schema import (ACTOR_LABEL, SCENARIO_FIELDS, SCENARIO_LABEL, kind_label,
                                  rel_type)
from c2graph.graph.textsafety import utf8
from c2graph.loaders.formats.common import (ACTOR_COLUMNS, REL_COLUMNS, ExportError, edges,
                                            nodes, scenario_from_items, scenario_meta)
from c2graph.loaders.scenarios import dedupe
from c2graph.loaders.yamlio import display_path, exists, read_text

ACTORS, RELATIONSHIPS, SCENARIOS = "actors.csv", "relationships.csv", "scenarios.csv"
SPECIAL = {":LABEL": "__labels", ":TYPE": "type", ":START_ID": "from", ":END_ID": "to",
           ":ID": "id"}


def is_neo4j_import(folder: Path) -> bool:
    """Whether ``folder`` holds an ``actors.csv`` whose header has an ``:ID`` column (an
    unreadable one counts: reading it again reports why)."""
    actors = Path(folder) / ACTORS
    if not exists(actors):
        return False
    text, problem = read_text(actors)
    return problem is not None or ":ID" in text.split("\n", 1)[0]


def column_name(header: str) -> str:
    """``sources:string[]`` -> ``sources``; ``:START_ID(Actor)`` -> ``from``."""
    head = header.strip()
    name, _, kind = head.partition(":")
    kind = (":" + kind.split("(")[0]) if kind else ""
    if kind in SPECIAL and (not name or kind == ":ID"):
        return SPECIAL[kind] if kind != ":ID" else (name or "id")
    return name


def _rows(path: Path, problems: list[Problem]):
    """Each row as ``{column name: value}``; two headers naming one column (``id:ID`` and
    ``id``) are refused, like a header written twice."""
    from c2graph.loaders.formats.csv_pair import read_rows

    shown = display_path(path)
    for row, line in read_rows(path, None, tuple(), problems):
        out, header_of = {}, {}
        for header, value in row.items():
            name = column_name(header)
            if name in header_of:
                problems.append(Problem(Origin(shown, 1), f"columns {header_of[name]!r} and"
                                                          f" {header!r} both give {name!r}"))
                return
            header_of[name] = header
            if header.endswith("[]"):
                value = [v for v in (p.strip() for p in value.split(";")) if v]
            out[name] = value
        yield out, line


def load_neo4j_csv(folder: Path) -> Dataset:
    folder = Path(folder)
    problems: list[Problem] = []
    shown = display_path(folder / ACTORS)
    metas = {}
    scen_shown = display_path(folder / SCENARIOS)
    if exists(folder / SCENARIOS):
        for row, line in _rows(folder / SCENARIOS, problems):
            row.pop("__labels", None)
            if row.get("id") in metas:
                problems.append(Problem(Origin(scen_shown, line), f"duplicate scenario id"
                                                                  f" {row.get('id')!r} (first"
                                                                  f" at line {metas[row.get('id')][1]})"))
                continue
            metas[row.get("id")] = (row, line)
    by_scenario: dict[str, tuple[list, list]] = {}
    for row, line in _rows(folder / ACTORS, problems):
        labels = set((row.pop("__labels", "") or "").split(";"))
        sid = row.pop("scenario", None) or folder.resolve().name.lower()
        if row.get("kind") and row["kind"] not in labels:
            problems.append(Problem(Origin(shown, line), f"actor {row.get('id')!r}: kind"
                                                         f" {row['kind']!r} is not among its"
                                                         f" labels {sorted(labels)}"))
        by_scenario.setdefault(sid, ([], []))[0].append((row, line))
    rel_shown = display_path(folder / RELATIONSHIPS)
    if exists(folder / RELATIONSHIPS):
        for row, line in _rows(folder / RELATIONSHIPS, problems):
            rid = row.pop("id", None)
            sid = row.pop("scenario", None) or folder.resolve().name.lower()
            if rid and row.get("from") and rid != f"{row['from']}-{row.get('type')}->{row.get('to')}":
                problems.append(Problem(Origin(rel_shown, line), f"relationship id {rid!r} does"
                                                                 " not match its ends and type"))
            by_scenario.setdefault(sid, ([], []))[1].append((row, Origin(rel_shown, line)))
    scenarios = {}
    for sid, (nodes, links) in by_scenario.items():
        meta = metas.get(sid) or ({"id": sid, "title": sid, "status": "established"}, 1)
        scenario = scenario_from_items(shown, meta, nodes, links, problems)
        if scenario is not None:
            scenarios[sid] = scenario
    if problems or not scenarios:
        raise DatasetError(dedupe(problems) or [Problem(None, f"{shown}: no actors")])
    return Dataset(sources={}, scenarios=scenarios, path=display_path(folder))


# -- writing --------------------------------------------------------------------------------

README = "IMPORT.txt"


def _column(name: str) -> str:
    """A property's header: list properties are ``string[]`` (``;`` between items)."""
    return f"{name}:string[]" if name == "sources" else name


ACTOR_HEADER = ["id:ID(Actor)", ":LABEL", "scenario"] + \
    [_column(k) for k in ACTOR_COLUMNS if k != "kind"] + ["kind"]
REL_HEADER = [":START_ID(Actor)", ":END_ID(Actor)", ":TYPE", "id", "scenario"] + \
    [_column(k) for k in REL_COLUMNS]
SCENARIO_COLUMNS = [k for k in SCENARIO_FIELDS if k != "id"]
SCENARIO_HEADER = ["id:ID(Scenario)", ":LABEL"] + [_column(k) for k in SCENARIO_COLUMNS]


def _array(values) -> str:
    refs = list(values or [])
    for ref in refs:
        if ";" in ref:
            raise ExportError(f"source reference {ref!r} contains ';', the array delimiter"
                              " of neo4j-admin import: the csv format cannot hold it")
    return ";".join(refs)


def to_neo4j_csv(g) -> dict[str, bytes]:
    """The files ``neo4j-admin database import full`` reads (and ``c2graph load`` too)."""
    sid = g.graph.get("id", "")

    def table(header, rows) -> bytes:
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
        w.writerow(header)
        w.writerows(rows)
        return utf8(buf.getvalue())

    def cell(key, value):
        return _array(value) if key == "sources" else (value or "")

    actors = [[n, f"{ACTOR_LABEL};{kind_label(d['kind'])}", sid]
              + [cell(k, d.get(k)) for k in ACTOR_COLUMNS if k != "kind"] + [d["kind"]]
              for n, d in nodes(g)]
    rels = [[u, v, rel_type(d["type"]), key, sid] + [cell(k, d.get(k)) for k in REL_COLUMNS]
            for u, v, key, d in edges(g)]
    meta = scenario_meta(g)
    scen = [[sid, SCENARIO_LABEL] + [cell(k, meta.get(k)) for k in SCENARIO_COLUMNS]]
    # The database name comes first: --nodes and --relationships take any number of
    # files (Neo4j 5's import tool), so a name after them is read as one more file.
    readme = (f"c2graph scenario {sid}: files for neo4j-admin (Neo4j 5), into an empty database:\n\n"
              "  neo4j-admin database import full neo4j --array-delimiter=';' --multiline-fields=true \\\n"
              f"    --nodes={ACTORS} --nodes={SCENARIOS} \\\n"
              f"    --relationships={RELATIONSHIPS}\n\n"
              "or load them with c2graph:  c2graph load THIS_FOLDER\n")
    return {ACTORS: table(ACTOR_HEADER, actors), RELATIONSHIPS: table(REL_HEADER, rels),
            SCENARIOS: table(SCENARIO_HEADER, scen), README: utf8(readme)}
