"""Both engines: load, read back, idempotence, replace and atomicity."""

from __future__ import annotations

from dataclasses import replace

import pytest

from c2graph.graph.model import Actor
from c2graph.graph.store import StoreError, UnknownScenario, open_store
from c2graph.loaders import load_dataset

MINI = load_dataset("tests/data/mini")


def edges(g):
    return {(a, d["type"], b, d.get("authority")) for a, b, d in g.edges(data=True)}


def snapshot(store):
    """Everything a store holds, as comparable plain data."""
    out = {}
    for sid, meta in store.scenarios().items():
        g = store.read_graph(sid)
        out[sid] = (meta, sorted(g.nodes(data=True), key=lambda n: n[0]),
                    sorted((a, b, k, sorted(d.items())) for a, b, k, d in
                           g.edges(keys=True, data=True)))
    return out


def test_load_and_read_back(store):
    store.load(list(MINI.scenarios.values()))
    assert {k: (v["nodes"], v["relationships"]) for k, v in store.scenarios().items()} == \
        {"base": (5, 5), "reform": (6, 6)}
    g = store.read_graph("reform")
    assert edges(g) == {
        ("us.top", "COMMANDS", "us.mid", "NCA"),
        ("jp.top", "COMMANDS", "jp.new", "NCA"),
        ("jp.new", "COMMANDS", "jp.mid", "COMMAND"),
        ("us.mid", "COORDINATES_WITH", "jp.mid", None),
        ("us.mid", "MEMBER_OF", "combined.forum", None),
        ("jp.mid", "MEMBER_OF", "combined.forum", None),
    }
    assert g.nodes["jp.new"] == {"id": "jp.new", "kind": "Command", "name_en": "JP New",
                                 "name_ja": "新", "nation": "JP", "status": "proposed",
                                 "sources": ["src-b"]}
    assert g.nodes["us.mid"]["rank"] == "O-9"
    assert g.graph["status"] == "proposed" and g.graph["base"] == "base"
    assert store.read_graph("base").nodes["jp.mid"]["sources"] == ["src-b#sec 1"]


def test_loading_twice_gives_the_same_graph(store):
    store.load(list(MINI.scenarios.values()))
    first = snapshot(store)
    store.load(list(MINI.scenarios.values()))
    assert snapshot(store) == first


def test_reload_removes_what_the_dataset_no_longer_has(store):
    store.load(list(MINI.scenarios.values()))
    base = MINI.scenarios["base"]
    smaller = replace(base, actors={k: v for k, v in base.actors.items() if k != "combined.forum"},
                      relationships={k: v for k, v in base.relationships.items()
                                     if "MEMBER_OF" not in k})
    store.load([smaller])
    g = store.read_graph("base")
    assert "combined.forum" not in g and not any(d["type"] == "MEMBER_OF"
                                                 for *_, d in g.edges(data=True))
    assert store.scenarios()["reform"]["nodes"] == 6  # untouched


def test_kind_change_moves_the_label(store):
    store.load([MINI.scenarios["base"]])
    base = MINI.scenarios["base"]
    changed = replace(base, actors={**base.actors,
                                    "us.mid": replace(base.actors["us.mid"], kind="Staff")})
    store.load([changed])
    rows = store.run_read("MATCH (n:Actor {scenario: 'base', id: 'us.mid'}) RETURN labels(n) AS l")
    assert sorted(rows[0]["l"]) == ["Actor", "Staff"]


def test_replace_all_drops_other_scenarios(store):
    store.load(list(MINI.scenarios.values()))
    store.load([MINI.scenarios["base"]], replace_all=True)
    assert list(store.scenarios()) == ["base"]


def test_a_load_that_fails_half_way_leaves_the_previous_graph(store):
    store.load(list(MINI.scenarios.values()))
    before = snapshot(store)
    base = MINI.scenarios["base"]
    # a nested map is not a valid property value on either engine: the Staff batch is
    # written after the Command/Forum/Office batches, so the failure is mid-load
    poison = Actor(id="us.poison", kind="Staff", name_en="P", nation="US", status="established",
                   sources=("src-a",), note={"nested": {"map": 1}})
    broken = replace(base, actors={**base.actors, "us.poison": poison},
                     title="changed title")
    with pytest.raises(StoreError) as info:
        store.load([broken])
    assert "load failed" in str(info.value)
    assert snapshot(store) == before


def test_unknown_scenario_suggests(store):
    store.load(list(MINI.scenarios.values()))
    with pytest.raises(UnknownScenario) as info:
        store.read_graph("refrom")
    assert str(info.value) == "unknown scenario 'refrom' (did you mean 'reform'?); loaded: base, reform"


def test_values_travel_as_parameters(store):
    hostile = "'}) DETACH DELETE n //\" \\ $x `"
    base = MINI.scenarios["base"]
    odd = replace(base, actors={**base.actors,
                                "us.top": replace(base.actors["us.top"], name_en=hostile)})
    store.load([odd])
    assert store.read_graph("base").nodes["us.top"]["name_en"] == hostile
    assert store.scenarios()["base"]["nodes"] == 5


def test_bundled_dataset_reads_back_identically_on_both_engines(bundled, tmp_path, request):
    """The same dataset loaded into the embedded engine and into Neo4j reads back equal."""
    from tests.stores import ENGINES

    if set(ENGINES) != {"embedded", "neo4j"}:
        pytest.skip(f"compares two engines; this run has {', '.join(ENGINES)}")
    server = request.getfixturevalue("neo4j_server")
    import os

    from tests.stores import wipe_neo4j

    wipe_neo4j(server)
    graphs = {}
    os.environ["NEO4J_PASSWORD"] = server.password or ""
    try:
        for url in (f"embedded:{tmp_path / 'db'}", server.uri):
            with open_store(url) as s:
                s.load(list(bundled.scenarios.values()))
                graphs[url] = snapshot(s)
    finally:
        os.environ.pop("NEO4J_PASSWORD", None)
    a, b = graphs.values()
    assert a == b
    assert set(a) == set(bundled.scenarios)


#: Strings that break a JSON or Cypher text written carelessly (FalkorDB's toJSON does
#: not escape), and characters JSON escapes or forbids raw.
AWKWARD = ['a"b', 'back\\slash\\', '\\"', 'line\nbreak\ttab\x01', '統合作戦司令部',
           '\u2028😀', "'}) DETACH DELETE n //", '", "kind": "Office']


def test_read_back_keeps_every_character(store):
    """The bulk read-back returns every string exactly, on both engines."""
    base = MINI.scenarios["base"]
    actors = dict(base.actors)
    for (aid, actor), text in zip(sorted(actors.items()), AWKWARD):
        actors[aid] = replace(actor, name_en=text, note=text + "!", location=text[::-1],
                              sources=(*actor.sources, text))
    rels = {rid: replace(rel, note=AWKWARD[i % len(AWKWARD)])
            for i, (rid, rel) in enumerate(sorted(base.relationships.items()))}
    odd = replace(base, actors=actors, relationships=rels)
    store.load([odd])
    g = store.read_graph("base")
    assert {n: d for n, d in g.nodes(data=True)} == \
        {aid: a.properties() for aid, a in actors.items()}
    assert {k: d for _, _, k, d in g.edges(keys=True, data=True)} == \
        {rid: {"type": r.type, **r.properties()} for rid, r in rels.items()}
    assert list(g.nodes) == sorted(actors)  # id order on both engines


def test_read_graphs_reads_every_listed_scenario_as_read_graph_does(store, bundled):
    """``read_graphs`` (one stream, the engine a scenario ahead) gives exactly the graphs
    ``read_graph`` gives one by one, in the order asked; ``listed_scenario_ids`` lists
    what ``scenarios()`` does (dated states left out), without counting."""
    store.load(bundled.with_snapshots(bundled.scenarios.values()))
    ids = store.listed_scenario_ids()
    assert ids == sorted(store.scenarios()) and len(ids) < len(store.scenarios(dated_states=True))
    wanted = ids[::-1]
    built = []
    graphs = store.read_graphs(wanted, each=built.append)
    assert list(graphs) == wanted
    assert len(built) == len(wanted) and all(g is graphs[s] for g, s in zip(built, wanted))
    for sid in wanted:
        one = store.read_graph(sid)
        assert graphs[sid].graph == one.graph
        assert list(graphs[sid].nodes(data=True)) == list(one.nodes(data=True))
        assert list(graphs[sid].edges(keys=True, data=True)) == \
            list(one.edges(keys=True, data=True))
    with pytest.raises(UnknownScenario):
        store.read_graphs([ids[0], "refrom"])
    items = store._scenarios_items(ids)
    next(items)
    items.close()  # a reader that stops early leaves the store answering
    assert store.read_graphs([ids[0]])[ids[0]].graph["id"] == ids[0]
