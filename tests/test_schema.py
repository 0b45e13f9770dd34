"""The schema is declared once (graph/schema.py) and everything else follows it.

These tests change nothing in the schema; they check that each place that needs a
vocabulary fact reads it from there: the load statements, validation, the model,
the legends of the view and the charts, the canned queries' type lists, and the
dataset-format docs.
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

from c2graph.graph import schema
from c2graph.graph.model import Event, Actor, Relationship, Scenario
from c2graph.graph.store import statements as st
from c2graph.loaders import fields
from c2graph.viz import style

ROOT = Path(__file__).resolve().parents[1]


def _names(cls) -> set[str]:
    return {f.name for f in dataclasses.fields(cls)} - {"origin"}


def test_the_model_is_made_from_the_property_tables():
    assert _names(Actor) == set(schema.ACTOR_FIELDS)
    assert _names(Relationship) == {"source", "type", "target"} | (
        set(schema.RELATIONSHIP_FIELDS) - {"id"})
    # the dated parts: the file's superseded block and events, what the loader derives
    dated = {"superseded", "events", "timeline", "event_log", "snapshot_of"}
    assert _names(Scenario) == set(schema.SCENARIO_FIELDS) | {"actors", "relationships"} | dated
    assert set(schema.EVENT_FIELDS) <= _names(Event)
    required = [p.name for p in schema.ACTOR_PROPERTIES if p.required]
    positional = [f.name for f in dataclasses.fields(Actor) if not f.kw_only]
    assert positional == required


def test_the_load_row_writes_every_property_in_schema_order():
    actor = st.create_actors("Office")
    assert ", ".join(f"{k}: p[{i}]" for i, k in enumerate(schema.ACTOR_FIELDS)) in actor
    rel = st.create_relationships("COMMANDS")
    assert ", ".join(f"{k}: row[{i + 2}]" for i, k in enumerate(schema.RELATIONSHIP_FIELDS)) \
        in rel
    assert ", ".join(f"{k}: p[{i}]" for i, k in enumerate(schema.SOURCE_FIELDS)) \
        in st.CREATE_SOURCES


def test_validation_accepts_exactly_the_schema_keys():
    assert fields.ACTOR_FIELDS == set(schema.ACTOR_FIELDS)
    assert fields.ACTOR_REQUIRED == tuple(p.name for p in schema.ACTOR_PROPERTIES
                                          if p.required)
    assert fields.REL_FIELDS == {"from", "type", "to"} | (set(schema.RELATIONSHIP_FIELDS)
                                                          - {"id"})


def test_drawings_read_styles_labels_and_colours_from_the_schema():
    assert style.LINE_STYLES == {t: r.style for t, r in schema.REL_TYPES.items()}
    assert style.NATION_COLORS == {n: x.color for n, x in schema.NATIONS.items()}
    assert style.KIND_SHAPES == {k: x.shape for k, x in schema.KINDS.items()}
    assert style.NATION_ORDER == ("US", "COMBINED", "JP", "KR")
    from c2graph.viz.view import STATUS_JA, vocab
    assert STATUS_JA == {s: t.japanese for s, t in schema.STATUSES.items()}
    words = vocab()
    assert {t: v["ja"] for t, v in words["types"].items()} == {
        t: r.japanese for t, r in schema.REL_TYPES.items()}
    assert {s: v["ja"] for s, v in words["statuses"].items()} == STATUS_JA
    assert set(words["tentative"]) == schema.TENTATIVE_STATUSES
    from c2graph.viz.export.face import STAMPS
    assert STAMPS["superseded"] == ("SUPERSEDED", "見送り")
    assert schema.nation_name("JP", "ja") == "日本"
    assert schema.status_word("proposed", "both") == "proposed 構想"


def test_every_term_has_both_labels():
    for table in (schema.KINDS, schema.REL_TYPES, schema.AUTHORITIES, schema.NATIONS,
                  schema.STATUSES):
        for name, term in table.items():
            assert term.english and term.japanese, name


def test_roles_follow_the_schema():
    assert schema.TREE_TYPES == ("COMMANDS", "SUPERVISES")
    from c2graph.graph.analysis.checks import REACH_TYPES
    assert REACH_TYPES == schema.REACH_TYPES
    query = (ROOT / "cypher" / "queries" / "unreachable.cypher").read_text()
    listed = re.search(r"\(a\)<-\[:([A-Z_|]+)\*0\.\.\]-\(top:Actor\)", query).group(1)
    assert set(listed.split("|")) == set(schema.REACH_TYPES)
    from c2graph.viz.layout.tree import AUTHORITY_RANK, TYPE_RANK
    assert sorted(TYPE_RANK.values()) == list(range(len(schema.REL_TYPES)))
    assert sorted(AUTHORITY_RANK, key=AUTHORITY_RANK.get)[:2] == ["NCA", "COCOM"]


def test_the_dataset_format_lists_the_schema_vocabulary():
    text = (ROOT / "docs" / "dataset-format.md").read_text()
    block = re.search(r"Relationship types: (.*?)\. Authorities \(on\s+`COMMANDS` only\): "
                      r"(.*?)\.", text, re.S)
    assert re.findall(r"`([A-Z_]+)`", block.group(1)) == list(schema.REL_TYPES)
    assert re.findall(r"`([A-Z_]+)`", block.group(2)) == list(schema.AUTHORITIES)
