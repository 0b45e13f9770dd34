"""The load's write path: rows, parameters and statements (graph/store/base.py,
statements.py and the embedded engine's parameter encoder).

Rows travel as lists of values and relationships find their endpoints by internal node
id; the embedded engine writes the ``CYPHER`` parameter header itself (JSON for plain
rows).  These tests hold that to what the plain map rows and the ``falkordb`` client's
encoder gave: the same properties read back, hostile text kept as data.
"""

from __future__ import annotations

from dataclasses import replace

import pytest
from falkordb.helpers import stringify_param_value

from c2graph.graph.model import Actor, Relationship
from c2graph.graph.store import StoreError
from c2graph.graph.store import statements as st
from c2graph.graph.store.base import write_batches
from c2graph.graph.store.embedded import _value, params_header
from c2graph.graph.schema import ACTOR_FIELDS, RELATIONSHIP_FIELDS, relationship_id
from c2graph.loaders import load_dataset

MINI = load_dataset("tests/data/mini")

HOSTILE = [
    "'}) DETACH DELETE n //",
    '"}) DETACH DELETE n //',
    "\\\"}) MATCH (n) DETACH DELETE n //",
    "ends with a backslash \\",
    "\\\\ two, then a quote \\\"",
    "literal backslash-n \\n and backslash-u \\u00e9",
    "a real newline\nand\ttab\rand\x01control",
    "`backticks` $rows {braces} [brackets] :Label",
    "日本語 한국어 emoji 🛰️ and ünïcödé",
    "",
]


def test_rows_follow_the_vocabulary():
    assert st.ACTOR_FIELDS == ACTOR_FIELDS
    assert st.RELATIONSHIP_FIELDS == RELATIONSHIP_FIELDS
    # every property the model gives a store is a column of the row
    actor = next(iter(MINI.scenarios["base"].actors.values()))
    assert set(actor.properties()) <= set(st.ACTOR_FIELDS)
    rel = next(iter(MINI.scenarios["base"].relationships.values()))
    assert set(rel.properties()) <= set(st.RELATIONSHIP_FIELDS)


def test_write_batches_rows_name_endpoints_by_node():
    base = MINI.scenarios["base"]
    nodes = {actor_id: n for n, actor_id in enumerate(base.actors)}
    actors, rels = [], []
    for cypher, rows_of, writes_actors in write_batches(base, fresh=True):
        assert ("CREATE" in cypher) and ("MERGE" not in cypher)
        (actors if writes_actors else rels).extend(rows_of(lambda: nodes))
    assert sorted(r[0] for r in actors) == sorted(base.actors)
    assert len(rels) == len(base.relationships)
    for row in rels:
        rel = base.relationships[row[2]]
        assert (row[0], row[1]) == (nodes[rel.source], nodes[rel.target])
    with pytest.raises(StoreError, match="not an actor of the scenario"):
        for _, rows_of, _ in write_batches(base, fresh=True):
            rows_of(lambda: {})


@pytest.mark.parametrize("value", HOSTILE)
def test_embedded_parameters_are_the_clients_text(value):
    """Rows, with or without the JSON fast path, read exactly as the falkordb client's
    own encoding (the client writes booleans as True/False, FalkorDB reads both)."""
    rows = [("id", value, None, ["a", value], 7, True), [value]]
    header = params_header({"rows": rows, "scenario": value})
    client = ("CYPHER `rows`=" + stringify_param_value(rows) + " `scenario`="
              + stringify_param_value(value) + " ").replace("True", "true")
    assert header == client
    assert _value(rows).replace("true", "True") == stringify_param_value(rows)
    with pytest.raises(ValueError):
        params_header({"bad`key": 1})


def test_hostile_text_is_stored_as_data(store):
    """Every property of actors and relationships, through both write paths (CREATE for
    a new scenario, then MERGE on reload), reads back exactly."""
    base = MINI.scenarios["base"]
    actors = dict(base.actors)
    for n, text in enumerate(HOSTILE):
        actors[f"us.h{n}"] = Actor(id=f"us.h{n}", kind="Office", name_en=text or "x",
                                   nation="US", status="established",
                                   sources=("src-a", text or "y"), note=text or None,
                                   short=text or None, location=text or None)
    rels = dict(base.relationships)
    for n, text in enumerate(HOSTILE):
        rel = Relationship(source="us.top", type="ADVISES", target=f"us.h{n}",
                           sources=("src-a",), note=text or None)
        rels[relationship_id(rel.source, rel.type, rel.target)] = rel
    odd = replace(base, actors=actors, relationships=rels, title=HOSTILE[2])
    for _ in range(2):  # new scenario, then the reload
        store.load([odd])
        g = store.read_graph("base")
        for actor_id, actor in actors.items():
            assert g.nodes[actor_id] == actor.properties(), actor_id
        got = {k: d for *_, k, d in g.edges(keys=True, data=True)}
        assert {k: {p: v for p, v in d.items() if p != "type"} for k, d in got.items()} == \
            {k: r.properties() for k, r in rels.items()}
        assert g.graph["title"] == HOSTILE[2]
        assert store.scenarios()["base"]["nodes"] == len(actors)


def test_a_failed_reload_of_the_only_scenario_leaves_it(store):
    """The embedded engine rewrites a store holding only the reloaded scenario from an
    empty staging graph: a failure half-way still leaves the last load."""
    base = MINI.scenarios["base"]
    store.load([base])
    before = store.read_graph("base")
    poison = Actor(id="us.poison", kind="Staff", name_en="P", nation="US",
                   status="established", sources=("src-a",), note={"nested": {"map": 1}})
    with pytest.raises(StoreError, match="load failed"):
        store.load([replace(base, actors={**base.actors, "us.poison": poison})])
    after = store.read_graph("base")
    assert (dict(after.nodes(data=True)), sorted(after.edges(keys=True))) == \
        (dict(before.nodes(data=True)), sorted(before.edges(keys=True)))


def test_embedded_reload_keeps_what_is_not_its_own(tmp_path):
    """Anything in the live graph that is not an item of the reloaded scenarios (here a
    node written behind c2graph's back) survives: the staging graph is then a copy."""
    from c2graph.graph.store.embedded import GRAPH_KEY, EmbeddedStore

    with EmbeddedStore(tmp_path / "db") as store:
        store.load([MINI.scenarios["base"]])
        store._db.select_graph(GRAPH_KEY).query("CREATE (:Note {text: 'keep me'})")
        store.load([MINI.scenarios["base"]])
        assert store.run_read("MATCH (n:Note) RETURN n.text AS t") == [{"t": "keep me"}]
        store.load([MINI.scenarios["base"]], replace_all=True)  # removes everything else
        assert store.run_read("MATCH (n:Note) RETURN n.text AS t") == []
        assert store.scenarios()["base"]["nodes"] == 5


def test_each_engine_seeks_load_endpoints_by_its_current_node_reference(store):
    """Issue 13: relationships find their endpoints by the node reference the actor
    statements returned: ``elementId()`` on Neo4j (5 deprecates ``id()``), ``id()`` on
    FalkorDB, where it is current.  Both plan a seek, not a scan, and Neo4j reports no
    deprecation for any load statement."""
    params = {"rows": [], "scenario": "s", "token": "t"}
    statements = [st.create_relationships("COMMANDS", store.node_id),
                  st.merge_relationships("COMMANDS", store.node_id),
                  st.create_actors("Command", store.node_id),
                  st.merge_actors("Command", store.node_id)]
    if store.engine == "neo4j":
        assert store.node_id == "elementId"
        for i, cypher in enumerate(statements):
            with store._driver.session(database=store.database) as session:
                summary = session.run("EXPLAIN " + cypher, params).consume()
            notes = [n.status_description for n in summary.gql_status_objects
                     if n.is_notification]
            assert not [n for n in notes if "deprecat" in n.lower()], notes
            operators, todo = set(), [summary.plan]
            while todo:
                op = todo.pop()
                operators.add(op["operatorType"].split("@")[0])
                todo.extend(op.get("children", []))
            if i < 2:  # the relationship statements
                assert "NodeByElementIdSeek" in operators, operators
                assert not {"AllNodesScan", "NodeByLabelScan"} & operators, operators
    else:
        from c2graph.graph.store.embedded import GRAPH_KEY

        assert store.node_id == "id"
        for cypher in statements[:2]:
            plan = store._db.select_graph(GRAPH_KEY).explain(cypher, params).plan
            assert any("NodeByIdSeek" in line for line in plan), plan
            assert not any("Scan" in line for line in plan), plan
