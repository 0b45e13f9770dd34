"""The bad-input corpus (tests/bad_inputs/cases.yaml), run through the CLI on both engines.

Every case runs in a fresh folder holding a copy of its input, against a store that
already holds the mini dataset.  Each one asserts:

* the exit code;
* the ``Error: …`` lines, exactly (``file:line: message`` wherever there is a line);
* no traceback and no unexpected exception;
* the store's content identical before and after, property for property, load
  tokens included (so nothing was rewritten either) — or, for the VALID cases, the
  new scenario stored verbatim and every other scenario untouched;
* no file left behind in the working folder by a refused command;
* for inputs generated at test time (enormous files, extreme nesting): a bound on
  time and on the memory Python allocated.

The manifest format is described at the top of cases.yaml.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import time
import tracemalloc
from pathlib import Path

import pytest
from click.testing import CliRunner
from ruamel.yaml import YAML

from c2graph.cli import cli
from c2graph.graph.store import open_store
from c2graph.loaders.yamlio import MAX_FILE_BYTES

CORPUS = Path(__file__).parent / "bad_inputs"
MINI = Path(__file__).parent / "data" / "mini"
CASES = YAML(typ="safe").load((CORPUS / "cases.yaml").read_text(encoding="utf-8"))
GENERATORS = {}


def generator(f):
    GENERATORS[f.__name__.replace("_", "-")] = f
    return f


# -- inputs generated at test time (never committed) ------------------------------------------
SOURCES = "sources:\n  src-a:\n    title: Source A\n"
ACTOR = ("  - {{id: us.a{i}, kind: Office, name_en: Actor {i}, nation: US, status: established,"
         " sources: [src-a]}}\n")


def _fill(path: Path, head: str, line, size: int) -> None:
    """Write ``head`` then numbered lines until the file is just over ``size`` bytes."""
    with path.open("w", encoding="utf-8") as f:
        f.write(head)
        written, i = len(head.encode()), 0
        block = []
        while written <= size:
            text = line.format(i=i)
            block.append(text)
            written += len(text.encode())
            i += 1
            if len(block) == 10000:
                f.write("".join(block))
                block = []
        f.write("".join(block))


@generator
def enormous_yaml(folder: Path) -> dict:
    folder.mkdir()
    (folder / "sources.yaml").write_text(SOURCES, encoding="utf-8")
    _fill(folder / "org.yaml", "actors:\n", ACTOR, MAX_FILE_BYTES)
    return {"size": (folder / "org.yaml").stat().st_size}


@generator
def enormous_csv(folder: Path) -> dict:
    folder.mkdir()
    _fill(folder / "nodes.csv", "id,kind,name_en,nation,status,sources\n",
          "org.a{i},Office,Actor {i},US,established,doc-1\n", MAX_FILE_BYTES)
    (folder / "relationships.csv").write_text("from,type,to,sources\n", encoding="utf-8")
    return {"size": (folder / "nodes.csv").stat().st_size}


@generator
def deep_nesting_extreme(folder: Path) -> dict:
    folder.mkdir()
    (folder / "sources.yaml").write_text(SOURCES, encoding="utf-8")
    (folder / "org.yaml").write_text("actors: " + "[" * 200_000 + "]" * 200_000 + "\n",
                                     encoding="utf-8")
    return {}


def _large_flow_yaml(folder: Path, edit) -> dict:
    """2.6 MB of flow-style actors, one line changed by ``edit(lines)``."""
    folder.mkdir()
    (folder / "sources.yaml").write_text(SOURCES, encoding="utf-8")
    lines = ["actors:"] + [ACTOR.format(i=i).rstrip("\n") for i in range(25000)]
    edit(lines)
    text = "\n".join(lines) + "\n"
    (folder / "org.yaml").write_text(text, encoding="utf-8")
    return {"chars": len(text)}


@generator
def enormous_yaml_not_plain(folder: Path) -> dict:
    def tagged_rank(lines):
        lines[5] = lines[5].replace("name_en: Actor 4,", "name_en: Actor 4, rank: !!str O-1,")
    return _large_flow_yaml(folder, tagged_rank)


@generator
def enormous_yaml_syntax_error(folder: Path) -> dict:
    def unclosed(lines):
        lines[100] = lines[100].replace("sources: [src-a]}", "sources: [src-a]")
    return _large_flow_yaml(folder, unclosed)


@generator
def csv_huge_cell(folder: Path) -> dict:
    folder.mkdir()
    (folder / "nodes.csv").write_text(
        "id,kind,name_en,nation,status,sources\n"
        "org.a,Office,A,US,established,doc-1\n"
        f"org.b,Office,\"{'x' * 1_500_000}\",US,established,doc-1\n", encoding="utf-8")
    (folder / "relationships.csv").write_text("from,type,to,sources\n", encoding="utf-8")
    return {}


def _mini_copy(folder: Path) -> Path:
    shutil.copytree(MINI, folder)
    return folder


@generator
def fifo_data_file(folder: Path) -> dict:
    os.mkfifo(_mini_copy(folder) / "extra.yaml")  # opening it for reading would block
    return {}


@generator
def device_data_file(folder: Path) -> dict:
    (_mini_copy(folder) / "zero.yaml").symlink_to("/dev/zero")  # endless bytes
    return {}


@generator
def symlink_loop_data_file(folder: Path) -> dict:
    (_mini_copy(folder) / "loop.yaml").symlink_to("loop.yaml")
    return {}


@generator
def data_file_is_a_folder(folder: Path) -> dict:
    (_mini_copy(folder) / "more.yaml").mkdir()
    return {}


@generator
def symlink_loop_dataset(folder: Path) -> dict:
    folder.mkdir()
    (folder / "self").symlink_to("self")
    return {}


@generator
def scenarios_not_a_folder(folder: Path) -> dict:
    shutil.rmtree(_mini_copy(folder) / "scenarios")
    (folder / "scenarios").write_text("base.yaml\n", encoding="utf-8")
    return {}


@generator
def scenarios_symlink_loop(folder: Path) -> dict:
    shutil.rmtree(_mini_copy(folder) / "scenarios")
    (folder / "scenarios").symlink_to("scenarios")
    return {}


@generator
def csv_nodes_fifo(folder: Path) -> dict:
    folder.mkdir()
    os.mkfifo(folder / "nodes.csv")
    (folder / "relationships.csv").write_text("from,type,to,sources\n", encoding="utf-8")
    return {}


@generator
def json_fifo(folder: Path) -> dict:
    folder.mkdir()
    os.mkfifo(folder / "g.json")
    return {}


@generator
def file_over_a_lowered_limit(folder: Path) -> dict:
    shutil.rmtree(_mini_copy(folder) / "scenarios")  # no change to report against it
    return {"size": (folder / "org.yaml").stat().st_size}


def _graphml(nodes: str, head: str = "") -> str:
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n{head}'
            '<graphml xmlns="http://graphml.graphdrawing.org/xmlns">\n'
            '  <key id="g_id" for="graph" attr.name="id" attr.type="string"/>\n'
            '  <key id="g_title" for="graph" attr.name="title" attr.type="string"/>\n'
            '  <key id="g_status" for="graph" attr.name="status" attr.type="string"/>\n'
            '  <key id="n_name_en" for="node" attr.name="name_en" attr.type="string"/>\n'
            '  <key id="n_kind" for="node" attr.name="kind" attr.type="string"/>\n'
            '  <key id="n_nation" for="node" attr.name="nation" attr.type="string"/>\n'
            '  <key id="n_status" for="node" attr.name="status" attr.type="string"/>\n'
            '  <key id="n_sources" for="node" attr.name="sources" attr.type="string"/>\n'
            '  <graph id="g" edgedefault="directed">\n'
            '    <data key="g_id">g</data><data key="g_title">G</data>'
            '<data key="g_status">established</data>\n'
            f'{nodes}  </graph>\n</graphml>\n')


def _gnode(i: int, name: str) -> str:
    return (f'    <node id="us.n{i}"><data key="n_kind">Office</data><data key="n_nation">US'
            f'</data><data key="n_status">established</data><data key="n_sources">["s"]'
            f'</data><data key="n_name_en">{name}</data></node>\n')


@generator
def graphml_entity_bomb(folder: Path) -> dict:
    """A "billion laughs": ten levels of ten references (10^10 characters if expanded)."""
    folder.mkdir()
    lines = ['<!DOCTYPE graphml [', '  <!ENTITY e0 "lol">']
    lines += [f'  <!ENTITY e{i} "{("&e%d;" % (i - 1)) * 10}">' for i in range(1, 11)]
    lines.append("]>\n")
    (folder / "g.graphml").write_text(_graphml(_gnode(0, "&e10;"), "\n".join(lines)),
                                      encoding="utf-8")
    return {}


@generator
def graphml_huge_text(folder: Path) -> dict:
    """4 MB of character references in one name: expat hands them over one by one."""
    folder.mkdir()
    (folder / "g.graphml").write_text(_graphml(_gnode(0, "&amp;" * 800_000)), encoding="utf-8")
    return {}


@generator
def graphml_deep_nesting(folder: Path) -> dict:
    folder.mkdir()
    (folder / "g.graphml").write_text(_graphml(_gnode(0, "<b>" * 100_000 + "</b>" * 100_000)),
                                      encoding="utf-8")
    return {}


@generator
def json_deep_nesting(folder: Path) -> dict:
    folder.mkdir()
    (folder / "g.json").write_text('{"format": "c2graph-scenario",\n "graph": '
                                   + "[" * 200_000 + "]" * 200_000 + "}\n", encoding="utf-8")
    return {}


@generator
def json_huge_integer(folder: Path) -> dict:
    folder.mkdir()
    (folder / "g.json").write_text('{"format": "c2graph-scenario",\n "version": '
                                   + "9" * 5000 + "}\n", encoding="utf-8")
    return {}


@generator
def line_breaks(folder: Path) -> dict:
    shutil.copytree(CORPUS / "line-breaks-valid", folder)
    return {}


# -- the store, before and after -----------------------------------------------------------------
DUMP_NODES = "MATCH (n) RETURN labels(n) AS labels, properties(n) AS props"
DUMP_RELS = ("MATCH (a)-[r]->(b) RETURN labels(a) AS a, a.id AS a_id, type(r) AS type,"
             " labels(b) AS b, b.id AS b_id, properties(r) AS props")


def dump(url: str) -> list[str]:
    """Every node and relationship with every property (store-internal ones too)."""
    with open_store(url) as store:
        return _dump(store)


def _dump(store) -> list[str]:
    nodes = [{"labels": sorted(r["labels"]), "props": r["props"]}
             for r in store.run_read(DUMP_NODES)]
    rels = [{**r, "a": sorted(r["a"]), "b": sorted(r["b"])} for r in store.run_read(DUMP_RELS)]
    return sorted(json.dumps(x, sort_keys=True, ensure_ascii=False) for x in nodes + rels)


def scenario_dump(lines: list[str], scenario: str) -> list[str]:
    """The dump lines of one scenario (its actors, relationships and metadata node)."""
    out = []
    for line in lines:
        item = json.loads(line)
        props = item["props"]
        if props.get("scenario") == scenario or ("Scenario" in item.get("labels", [])
                                                 and props.get("id") == scenario):
            out.append(line)
    return out


@pytest.fixture
def preloaded(store_url):
    """The engine's store holding the mini dataset (scenarios base and reform), and its
    dump taken then."""
    from c2graph.loaders import load_dataset

    with open_store(store_url) as store:
        store.load(list(load_dataset(MINI).scenarios.values()))
        return store_url, _dump(store)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _files(folder: Path) -> set[str]:
    return {str(p.relative_to(folder)) for p in folder.rglob("*")
            if not str(p.relative_to(folder)).startswith("db")}


def _fill_in(text: str, values: dict) -> str:
    for key, value in values.items():
        text = text.replace("{" + key + "}", str(value))
    return text


def test_the_corpus_is_complete():
    """At least 40 cases, across every kind the issue names, each input present."""
    ids = [c["id"] for c in CASES]
    assert len(ids) == len(set(ids)) and len(ids) >= 40
    kinds = {c["kind"] for c in CASES}
    assert kinds >= {"yaml", "csv", "scenario", "cli", "whatif", "query", "view", "export"}
    folders = {p.name for p in CORPUS.iterdir() if p.is_dir()}
    for case in CASES:
        uses_folder = "{case}" in " ".join(case.get("args", ["{case}"]))
        if case.get("generate"):
            assert case["generate"] in GENERATORS, case["id"]
        elif uses_folder:
            assert case["id"] in folders, f"{case['id']}: no folder tests/bad_inputs/{case['id']}"
    assert folders <= set(ids), f"folders without a case: {folders - set(ids)}"


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_bad_input(case, preloaded, tmp_path, monkeypatch, request):
    if case.get("xfail"):
        request.applymarker(pytest.mark.xfail(strict=True, reason=case["xfail"]))
    url, before = preloaded
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    values = {"mini": "mini", "port": _free_port(), "case": case["id"], "nines": "9" * 5000}
    shutil.copytree(MINI, work / "mini")
    if case.get("generate"):
        values.update(GENERATORS[case["generate"]](work / case["id"]))
    elif (CORPUS / case["id"]).is_dir():
        shutil.copytree(CORPUS / case["id"], work / case["id"])
    args = [_fill_in(a, values) for a in case.get("args", ["load", "{case}"])]
    if "--db" not in args and case.get("db", True):
        args += ["--db", url]

    files_before = _files(work)
    bound = case.get("bound")
    if bound:
        tracemalloc.start()
    started = time.monotonic()
    result = CliRunner().invoke(cli, args, env=case.get("env"))
    seconds = time.monotonic() - started
    if bound:
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()

    shown = f"{args}\nstdout:\n{result.stdout}\nstderr:\n{result.stderr}"
    assert "Traceback" not in result.output, shown
    assert result.exception is None or isinstance(result.exception, SystemExit), \
        f"{result.exception!r}\n{shown}"
    assert result.exit_code == case["exit"], shown
    errors = [line[len("Error: "):] for line in result.stderr.splitlines()
              if line.startswith("Error: ")]
    if "errors" in case:
        assert errors == [_fill_in(e, values) for e in case["errors"]], shown
    if "error_prefix" in case:
        assert len(errors) == 1 and errors[0].startswith(_fill_in(case["error_prefix"], values)), shown
    if case["exit"] != 0:
        assert errors, shown
        if not result.stderr.startswith("Usage:"):  # click's own usage errors aside
            assert all(line.startswith("Error: ") for line in result.stderr.splitlines()), shown
        assert _files(work) == files_before, "a refused command left files behind"
    if bound:
        assert seconds < bound["seconds"], f"took {seconds:.1f} s"
        assert peak < bound["megabytes"] * 1024 * 1024, f"peak {peak / 2**20:.0f} MB"

    after = dump(url)
    stored = case.get("stored")
    if stored is None:
        assert after == before, "the store changed"
        return
    # a valid load: the other scenarios untouched, the new one stored verbatim
    new = stored["scenario"]
    assert [x for x in after if x not in scenario_dump(after, new)] == before
    with open_store(url) as store:
        g = store.read_graph(new)
    for actor, props in stored.get("actors", {}).items():
        for key, value in props.items():
            assert g.nodes[actor][key] == value, (actor, key)
    assert g.number_of_nodes() == stored["nodes"]
    assert g.number_of_edges() == stored["relationships"]
