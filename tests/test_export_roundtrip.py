"""Exchange formats: export -> load gives back the same scenario; each format's structure.

JSON, GraphML and neo4j-admin CSV are read back by ``loaders.load_dataset``; the
Cypher script is run statement by statement on the real Neo4j of the test suite and
read back through the store.  Scenarios compare as the model's dataclasses (every
field of every actor and relationship), graphs as sets of node and edge tuples.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import pytest
from click.testing import CliRunner

from c2graph.cli import cli
from tests.test_export import ACTORS, write_dataset

HOSTILE_ACTORS = ACTORS.replace(
    "name_en: US Top Office",
    "name_en: \"O'Brien \\\\ \\\"Top\\\" <b>&amp;</b> ; {x: 1} `tick` #9829; %% ]]>\"").replace(
    "{id: us.cmd, kind: Command,",
    "{id: us.cmd, kind: Command, note: \"line one\\nline two\\ttab ' \\\" \\\\ end\",")


@pytest.fixture(scope="module")
def datasets(tmp_path_factory):
    from c2graph.loaders import load_dataset

    base = tmp_path_factory.mktemp("rt")
    return {"lite": load_dataset(write_dataset(base / "lite")),
            "hostile": load_dataset(write_dataset(base / "hostile", HOSTILE_ACTORS))}


def export(*args) -> str:
    result = CliRunner().invoke(cli, ["export", *map(str, args)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def graph_tuples(g):
    nodes = {(n, json.dumps(d, sort_keys=True, ensure_ascii=False)) for n, d in g.nodes(data=True)}
    edges = {(u, v, k, json.dumps(d, sort_keys=True, ensure_ascii=False))
             for u, v, k, d in g.edges(keys=True, data=True)}
    return nodes, edges, {k: v for k, v in g.graph.items() if k != "focus"}


# -- json, graphml, csv: export -> load -------------------------------------------------

@pytest.mark.parametrize("fmt,name", [("json", "s.json"), ("graphml", "s.graphml"),
                                      ("csv", "s-csv")])
@pytest.mark.parametrize("which", ["lite", "hostile"])
@pytest.mark.parametrize("sid", ["base", "reform"])
def test_export_then_load_gives_the_same_scenario(tmp_path, datasets, fmt, name, which, sid):
    from c2graph.loaders import load_dataset

    ds = datasets[which]
    out = tmp_path / name
    export(fmt, "-o", out, "--dataset", ds.path, "-s", sid)
    back = load_dataset(out)
    assert list(back.scenarios) == [sid]
    assert back.scenarios[sid] == ds.scenarios[sid]


def test_bundled_scenarios_round_trip(tmp_path, bundled):
    from c2graph.loaders import load_dataset

    for sid, scenario in bundled.scenarios.items():
        for fmt, name in (("json", f"{sid}.json"), ("graphml", f"{sid}.graphml"),
                          ("csv", f"{sid}-csv")):
            export(fmt, "-o", tmp_path / name, "--dataset", "bundled", "-s", sid)
            assert load_dataset(tmp_path / name).scenarios[sid] == scenario, (fmt, sid)


def test_json_source_catalogue_and_networkx(tmp_path, datasets):
    import networkx as nx

    from c2graph.loaders import load_dataset

    ds = datasets["lite"]
    out = tmp_path / "s.json"
    export("json", "-o", out, "--dataset", ds.path, "-s", "reform")
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["source_catalogue"] == ds.sources
    g = nx.node_link_graph(data, edges="links")
    assert set(g.nodes) == set(ds.scenarios["reform"].actors)
    assert load_dataset(out).sources == ds.sources


def test_store_export_round_trip(tmp_path, datasets, store_url):
    """Through a real store of each engine: load, export json from it, load the file."""
    from c2graph.loaders import load_dataset

    ds = datasets["hostile"]
    result = CliRunner().invoke(cli, ["load", ds.path, "--db", store_url])
    assert result.exit_code == 0, result.output
    for sid, scenario in ds.scenarios.items():
        out = tmp_path / f"{sid}.json"
        export("json", "-o", out, "--db", store_url, "-s", sid)
        assert load_dataset(out).scenarios[sid] == scenario


def test_edited_export_is_refused_with_lines(tmp_path, datasets):
    from c2graph.graph.model import DatasetError
    from c2graph.loaders import load_dataset

    out = tmp_path / "s.json"
    export("json", "-o", out, "--dataset", datasets["lite"].path, "-s", "base")
    lines = out.read_text(encoding="utf-8").splitlines()
    at = next(i for i, ln in enumerate(lines) if '"id": "jp.mod"' in ln)
    lines[at] = lines[at].replace('"kind": "Office"', '"kind": "Ofice"')
    out.write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(DatasetError) as err:
        load_dataset(out)
    assert [str(p) for p in err.value.problems] == [
        f"{out}:{at + 1}: unknown kind 'Ofice' (did you mean 'Office'?); expected one of"
        " Office, Command, Staff, Forum"]


# -- cypher on the real Neo4j ------------------------------------------------------------

@pytest.mark.neo4j
@pytest.mark.parametrize("which", ["lite", "hostile"])
def test_cypher_script_recreates_the_graph_in_neo4j(tmp_path, datasets, neo4j_server, which,
                                                    monkeypatch):
    from neo4j import GraphDatabase

    from c2graph.graph.store import open_store
    from tests.stores import wipe_neo4j
    from c2graph.graph.graphs import scenario_graph as graph_from_scenario
    from c2graph.loaders.formats.cypher_script import cypher_statements

    wipe_neo4j(neo4j_server)
    monkeypatch.setenv("NEO4J_USERNAME", neo4j_server.user)
    monkeypatch.setenv("NEO4J_PASSWORD", neo4j_server.password or "")
    ds = datasets[which]
    auth = (neo4j_server.user, neo4j_server.password) if neo4j_server.password else None
    for sid in ds.scenarios:
        out = tmp_path / f"{sid}.cypher"
        export("cypher", "-o", out, "--dataset", ds.path, "-s", sid)
        statements = cypher_statements(out.read_text(encoding="utf-8"))
        with GraphDatabase.driver(neo4j_server.uri, auth=auth) as driver:
            for _ in range(2):                     # the script is idempotent
                for stmt in statements:
                    driver.execute_query(stmt)
    with open_store(neo4j_server.uri) as store:
        assert set(store.scenarios()) == set(ds.scenarios)
        for sid, scenario in ds.scenarios.items():
            assert graph_tuples(store.read_graph(sid)) == graph_tuples(graph_from_scenario(scenario))


# -- structure of the other formats -----------------------------------------------------

def test_graphml_structure_for_yed_and_gephi(tmp_path, datasets):
    ds = datasets["lite"]
    scenario = ds.scenarios["reform"]
    out = tmp_path / "s.graphml"
    export("graphml", "-o", out, "--dataset", ds.path, "-s", "reform", "--lang", "ja")
    ns = {"g": "http://graphml.graphdrawing.org/xmlns", "y": "http://www.yworks.com/xml/graphml"}
    root = ET.parse(out).getroot()
    keys = {(k.get("for"), k.get("attr.name") or k.get("yfiles.type"))
            for k in root.findall("g:key", ns)}
    assert {("node", "label"), ("node", "color"), ("node", "x"), ("edge", "line_style"),
            ("node", "nodegraphics"), ("edge", "edgegraphics"), ("node", "name_ja")} <= keys
    nodes = root.findall("g:graph/g:node", ns)
    assert {n.get("id") for n in nodes} == set(scenario.actors)
    labels = {n.get("id"): n.find(".//y:NodeLabel", ns).text for n in nodes}
    assert all(labels[a].replace("\n", "") == actor.name_ja for a, actor in scenario.actors.items())
    geometry = {n.get("id"): n.find(".//y:Geometry", ns) for n in nodes}
    for rel in scenario.relationships.values():   # the hierarchy opens intact in yEd
        if rel.type == "COMMANDS" and rel.source[:2] == rel.target[:2]:
            assert float(geometry[rel.target].get("y")) > float(geometry[rel.source].get("y"))
    edges = root.findall("g:graph/g:edge", ns)
    styles = {e.get("id"): e.find(".//y:LineStyle", ns).get("type") for e in edges}
    assert {styles[r.id] for r in scenario.relationships.values() if r.type == "SUPPORTS"} == \
        {"dashed_dotted"}
    assert {styles[r.id] for r in scenario.relationships.values()
            if r.type == "COORDINATES_WITH"} == {"dashed"}
    assert len(edges) == len(scenario.relationships)


def test_gexf_reads_in_networkx(tmp_path, datasets):
    import networkx as nx

    ds = datasets["hostile"]
    scenario = ds.scenarios["base"]
    out = tmp_path / "s.gexf"
    export("gexf", "-o", out, "--dataset", ds.path, "-s", "base")
    g = nx.read_gexf(out)
    assert set(g.nodes) == set(scenario.actors)
    assert g.number_of_edges() == len(scenario.relationships)
    assert g.nodes["us.top"]["label"] == scenario.actors["us.top"].name_en
    assert json.loads(g.nodes["us.cmd"]["sources"]) == list(scenario.actors["us.cmd"].sources)
    assert g.nodes["us.cmd"]["note"] == scenario.actors["us.cmd"].note


def test_mermaid_structure_and_escaping(tmp_path, datasets):
    ds = datasets["hostile"]
    scenario = ds.scenarios["base"]
    out = tmp_path / "s.mmd"
    export("mermaid", "-o", out, "--dataset", ds.path, "-s", "base", "--marking", "CUI")
    text = out.read_text(encoding="utf-8")
    lines = text.splitlines()
    assert lines[:3] == ["---", 'title: "Base situation"', "---"] and "%% CUI" in lines
    assert "flowchart TB" in lines
    assert [ln.strip().split("[")[0] for ln in lines if ln.strip().startswith("subgraph")] == \
        ["subgraph US", "subgraph COMBINED", "subgraph JP", "subgraph KR"]
    links = [ln for ln in lines if "-->" in ln or "-.->" in ln or "==>" in ln or "---" in ln[4:]
             or "-.-" in ln]
    assert len(links) == len(scenario.relationships)
    assert sum(ln.strip().startswith("linkStyle") for ln in lines) == len(scenario.relationships)
    top = next(ln for ln in lines if '"O#39;' in ln or "O'Brien" in ln)
    label = top.split('"', 1)[1].rsplit('"', 1)[0]
    assert '"' not in label and "<" not in label and "`" not in label
    assert "#34;Top#34;" in label and "#60;b#62;#38;amp;#60;/b#62;" in label


def test_dot_source_parses(tmp_path, datasets):
    import pygraphviz as pgv

    ds = datasets["lite"]
    out = tmp_path / "s.dot"
    export("dot", "-o", out, "--dataset", ds.path, "-s", "reform")
    g = pgv.AGraph(out.read_text(encoding="utf-8"))
    actors = {str(n) for n in g.nodes() if not str(n).startswith("__")}
    assert actors == set(ds.scenarios["reform"].actors)


def test_text_format_to_stdout(datasets):
    ds = datasets["lite"]
    out = export("cypher", "-o", "-", "--dataset", ds.path, "-s", "base")
    assert out.startswith('// c2graph scenario "base"')
    assert "Wrote" not in out
