"""Reading an exported scenario back: node-link JSON (``c2graph export json``).

Why a loader for an export format: an export that cannot be loaded again is a dead
end.  The JSON, GraphML and neo4j-admin CSV exports each carry a complete scenario;
reading them goes through the same field checks and whole-graph rules as the YAML
loader (``loaders.fields``), so a hand-edited export is refused with ``file:line``
problems exactly like a dataset.

``scenario_from_items`` is the shared end of the three readers.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from c2graph.graph.model import Dataset, DatasetError, Origin, Problem, Scenario
from c2graph.loaders.fields import REL_FIELDS, FieldReader, read_actor, read_relationship
from c2graph.loaders.scenarios import dedupe, new_problems, structural_problems
from c2graph.loaders.yaml_dataset import add_relationship
from c2graph.loaders.yamlio import display_path, read_text

FORMAT_NAME = "c2graph-scenario"
SCENARIO_KEYS = {"id", "title", "title_ja", "status", "base", "date", "description",
                 "description_ja", "sources"}


def is_json_graph(path: Path) -> bool:
    return Path(path).is_file() and Path(path).suffix.lower() == ".json"


def scenario_from_items(path: str, meta: tuple[dict, int], nodes: list[tuple[dict, int]],
                        links: list[tuple[dict, int]], problems: list[Problem],
                        known_sources: set[str] | None = None) -> Scenario | None:
    """A validated, complete ``Scenario`` from raw items, each with its line number.

    ``links`` use the dataset's relationship keys (``from``, ``type``, ``to``, ...);
    a line may be an ``Origin`` when an item comes from another file.
    """
    from c2graph.graph.vocabulary import STATUSES
    from c2graph.loaders.fields import ID_RE

    raw, line = meta
    r = FieldReader(raw, Origin(path, line), problems)
    for key in raw:
        if key not in SCENARIO_KEYS:
            r.fail(key, f"unknown scenario key {str(key)!r}")
    sid = r.text("id", required=True)
    if sid is not None and not ID_RE.match(sid):
        r.fail("id", f"invalid scenario id {sid!r}")
    spec = {"id": sid, "title": r.text("title", required=True),
            "status": r.choice("status", STATUSES, "status"),
            "base": r.text("base"), "date": r.text("date"),
            "description": r.text("description", limit=10000),
            "title_ja": r.text("title_ja"),
            "description_ja": r.text("description_ja", limit=10000),
            "sources": r.sources("sources", known_sources, required=False) or ()}
    actors: dict = {}
    def where(line) -> Origin:
        return line if isinstance(line, Origin) else Origin(path, line)

    for raw_actor, aline in nodes:
        actor = read_actor(FieldReader(raw_actor, where(aline), problems), known_sources)
        if actor is None:
            continue
        if actor.id in actors:
            problems.append(Problem(actor.origin, f"duplicate actor id {actor.id!r}"))
            continue
        actors[actor.id] = actor
    rels: dict = {}
    for raw_rel, rline in links:
        rel = read_relationship(FieldReader(raw_rel, where(rline), problems),
                                known_sources)
        if rel is not None:
            add_relationship(rel, rels, problems)
    if problems or not r.ok:
        return None
    scenario = Scenario(id=spec["id"], title=spec["title"], status=spec["status"],
                        sources=spec["sources"], base=spec["base"], date=spec["date"],
                        description=spec["description"], title_ja=spec["title_ja"],
                        description_ja=spec["description_ja"], actors=actors, relationships=rels,
                        origin=Origin(path, line))
    problems.extend(new_problems(scenario.id, structural_problems(scenario), set()))
    return None if problems else scenario


def _line_index(text: str):
    """Line of the first ``"id": "X"`` for each X (the items' own ids are unique)."""
    lines: dict[str, int] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        for m in re.finditer(r'"id"\s*:\s*"((?:[^"\\]|\\.)*)"', line):
            try:
                value = json.loads(f'"{m.group(1)}"')
            except ValueError:
                continue
            lines.setdefault(value, number)
    return lines


def load_json_graph(path: Path) -> Dataset:
    """Read a ``c2graph export json`` file into a one-scenario ``Dataset``."""
    path = Path(path)
    shown = display_path(path)
    text, problem = read_text(path)
    if problem:
        raise DatasetError([problem])
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise DatasetError([Problem(Origin(shown, exc.lineno), f"invalid JSON: {exc.msg}")]) \
            from None
    if not isinstance(data, dict) or data.get("format") != FORMAT_NAME:
        raise DatasetError([Problem(Origin(shown, 1), "not a c2graph scenario export (expected"
                                                      f' "format": "{FORMAT_NAME}")')])
    where = _line_index(text)
    problems: list[Problem] = []
    catalogue = data.get("source_catalogue") or {}
    if not isinstance(catalogue, dict):
        problems.append(Problem(Origin(shown, 1), "source_catalogue must be an object"))
        catalogue = {}
    nodes, links = [], []
    for key, items in (("nodes", nodes), ("links", links)):
        raw_items = data.get(key)
        if not isinstance(raw_items, list):
            problems.append(Problem(Origin(shown, 1), f"{key!r} must be a list"))
            continue
        for item in raw_items:
            if not isinstance(item, dict):
                problems.append(Problem(Origin(shown, 1), f"every item of {key!r} must be an object"))
                continue
            line = where.get(str(item.get("id")), 1)
            if key == "links":
                item = {("from" if k == "source" else "to" if k == "target" else k): v
                        for k, v in item.items() if k not in ("key", "id")}
                for k in list(item):
                    if k not in REL_FIELDS:
                        problems.append(Problem(Origin(shown, line), f"unknown key {k!r} in link"))
            items.append((item, line))
    graph = data.get("graph")
    if not isinstance(graph, dict):
        raise DatasetError(problems + [Problem(Origin(shown, 1), "'graph' must be an object")])
    known = set(catalogue) if catalogue else None
    scenario = scenario_from_items(shown, (graph, where.get(str(graph.get("id")), 1)), nodes,
                                   links, problems, known)
    if problems or scenario is None:
        raise DatasetError(dedupe(problems))
    return Dataset(sources={k: dict(v) for k, v in catalogue.items() if isinstance(v, dict)},
                   scenarios={scenario.id: scenario}, path=shown)
