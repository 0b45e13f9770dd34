"""What every exchange format shares: the file's identity, the columns, the graph's
items in a stable order, how a type is drawn, and the reader's common end.

Each format is one module here with its reader and its writer side by side
(``json_graph``, ``graphml``, ``gexf``, ``neo4j_csv``, ``mermaid``, ``cypher_script``;
``csv_pair`` reads the spreadsheet CSV pair), so a change to what a format carries is
made once, on both sides.  Writers take the scenario graph (``Store.read_graph``
shape) and return bytes (or, for CSV, a folder's files); what they draw (line styles,
labels, colours, shapes) comes from ``graph.schema``, never from ``viz``.

Why a reader for an export format: an export that cannot be loaded again is a dead
end.  The JSON, GraphML and neo4j-admin CSV exports each carry a complete scenario;
reading them goes through the same field checks and whole-graph rules as the YAML
loader (``loaders.fields``), so a hand-edited export is refused with ``file:line``
problems exactly like a dataset.  ``scenario_from_items`` is the readers' shared end.
"""

from __future__ import annotations

from c2graph.graph.model import Origin, Problem, Scenario
from c2graph.graph.schema import (ACTOR_FIELDS, REL_TYPES, RELATIONSHIP_FIELDS, SCENARIO_FIELDS,
                                  UNKNOWN_LINE, LineStyle)
from c2graph.loaders.fields import FieldReader, read_actor, read_relationship
from c2graph.loaders.scenarios import new_problems, structural_problems
from c2graph.loaders.yaml_dataset import add_relationship

FORMAT_NAME = "c2graph-scenario"
FORMAT_VERSION = 1
#: A scenario's keys in an exported file: the schema's scenario properties.
SCENARIO_KEYS = frozenset(SCENARIO_FIELDS)
#: Actor properties in file order (``kind`` is also the label).
ACTOR_COLUMNS = [k for k in ACTOR_FIELDS if k != "id"]
REL_COLUMNS = tuple(k for k in RELATIONSHIP_FIELDS if k != "id")


class ExportError(Exception):
    """An expected export failure (bad option, unwritable path, a value a format cannot
    hold): the message is shown as is."""


# -- writing ---------------------------------------------------------------------------------

def scenario_meta(g) -> dict:
    """The scenario's own properties that are set, in the schema's order."""
    return {k: g.graph[k] for k in SCENARIO_FIELDS if g.graph.get(k) not in (None, "", [])}


def nodes(g):
    """``(actor id, properties)`` in id order."""
    return [(n, g.nodes[n]) for n in sorted(g.nodes)]


def edges(g):
    """``(source, target, key, properties)`` in relationship id order."""
    return sorted(g.edges(keys=True, data=True), key=lambda e: e[2])


def line_style(type_: str) -> LineStyle:
    """How the schema draws a relationship type (a plain grey line for one it lacks)."""
    known = REL_TYPES.get(type_)
    return known.style if known else UNKNOWN_LINE


def hex_rgb(color: str) -> tuple[int, int, int]:
    c = color.lstrip("#")
    return int(c[0:2], 16), int(c[2:4], 16), int(c[4:6], 16)


# -- reading ---------------------------------------------------------------------------------

def scenario_from_items(path: str, meta: tuple[dict, int], nodes: list[tuple[dict, int]],
                        links: list[tuple[dict, int]], problems: list[Problem],
                        known_sources: set[str] | None = None) -> Scenario | None:
    """A validated, complete ``Scenario`` from raw items, each with its line number.

    ``links`` use the dataset's relationship keys (``from``, ``type``, ``to``, ...);
    a line may be an ``Origin`` when an item comes from another file.
    """
    from c2graph.graph.schema import STATUSES
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
