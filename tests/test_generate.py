"""``c2graph generate``: valid, loadable, deterministic synthetic organisations.

Nothing here is timed: the speed figures live in bench/ (python -m bench).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from c2graph.cli import cli
from tests.helpers import edit, line_of


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


def generate(out: Path, *options) -> Path:
    result = run("generate", *options, "-o", out)
    assert result.exit_code == 0, result.output
    return out


def files_of(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


# -- the dataset ----------------------------------------------------------------------------

def test_output_validates_with_four_scenarios(tmp_path):
    from c2graph.loaders import load_dataset

    out = generate(tmp_path / "org", "--actors", 300, "--seed", 3)
    assert sorted(files_of(out)) == [
        "combined.yaml", "jp.yaml", "kr.yaml", "scenarios/baseline.yaml",
        "scenarios/coalition.yaml", "scenarios/expansion.yaml", "scenarios/reorg.yaml",
        "sources.yaml", "us.yaml"]
    ds = load_dataset(out)
    assert [(s.id, s.base) for s in ds.scenarios.values()] == [
        ("baseline", None), ("coalition", "baseline"), ("reorg", "baseline"),
        ("expansion", "reorg")]
    base = ds.scenarios["baseline"]
    assert len(base.actors) == 300
    assert {a.nation for a in base.actors.values()} == {"US", "JP", "KR", "COMBINED"}
    # every national actor has exactly one commander; heads and forums have none
    commanded = {}
    for rel in base.relationships.values():
        if rel.type == "COMMANDS":
            commanded.setdefault(rel.target, []).append(rel.source)
    assert all(len(v) == 1 for v in commanded.values())
    roots = {a.id for a in base.actors.values() if a.id not in commanded}
    assert roots == {"us.head", "jp.head", "kr.head", "combined.f0001"}
    # the derived scenarios really differ from their base
    assert len(ds.scenarios["expansion"].actors) > len(ds.scenarios["reorg"].actors)
    assert (set(ds.scenarios["reorg"].relationships)
            != set(ds.scenarios["baseline"].relationships))
    assert "combined.jfc" in ds.scenarios["coalition"].actors


@pytest.mark.parametrize("nations, expected", [(1, {"US"}), (2, {"US", "JP"})])
def test_nations_option(tmp_path, nations, expected):
    from c2graph.loaders import load_dataset

    out = generate(tmp_path / "org", "-n", 120, "--nations", nations)
    actors = load_dataset(out).scenarios["baseline"].actors.values()
    assert {a.nation for a in actors} - {"COMBINED"} == expected


def test_branching_and_coordination_ratio_shape_the_graph(tmp_path):
    from c2graph.loaders import load_dataset

    wide = load_dataset(generate(tmp_path / "wide", "-n", 600, "-b", 12, "-r", 0))
    deep = load_dataset(generate(tmp_path / "deep", "-n", 600, "-b", 2, "-r", 0.2))

    def depth(ds):
        parent = {r.target: r.source for r in ds.scenarios["baseline"].relationships.values()
                  if r.type == "COMMANDS"}

        def up(a):
            return 0 if a not in parent else 1 + up(parent[a])
        return max(up(a) for a in ds.scenarios["baseline"].actors)

    def coordination(ds):
        return sum(r.type == "COORDINATES_WITH"
                   for r in ds.scenarios["baseline"].relationships.values())

    assert depth(deep) > depth(wide)
    assert coordination(wide) == 0
    assert coordination(deep) == 120  # 0.2 * 600


def test_loads_and_reads_back_on_both_engines(tmp_path, store_url):
    from c2graph.graph.store import open_store
    from c2graph.loaders import load_dataset

    out = generate(tmp_path / "org", "--actors", 150, "--seed", 11)
    ds = load_dataset(out)
    result = run("load", out, "--db", store_url)
    assert result.exit_code == 0, result.output
    info = json.loads(run("info", "--db", store_url, "--format", "json").output)
    assert info["scenarios"] == {
        sid: {"nodes": len(s.actors), "relationships": len(s.relationships)}
        for sid, s in ds.scenarios.items()}
    with open_store(store_url) as store:
        for sid, scenario in ds.scenarios.items():
            g = store.read_graph(sid)
            assert set(g.nodes) == set(scenario.actors)
            assert ({(a, b, d["type"], d.get("authority")) for a, b, d in g.edges(data=True)}
                    == {(r.source, r.target, r.type, r.authority)
                        for r in scenario.relationships.values()})
        # the chain of a deep actor, bottom-up from the index, ends at its head
        deepest = max(a for a in ds.scenarios["baseline"].actors if a.startswith("us.c"))
        rows = store.run_read(
            "MATCH p = (n:Actor {scenario: $s, id: $id})<-[:COMMANDS*]-(top:Actor) "
            "WHERE NOT (top)<-[:COMMANDS]-() RETURN top.id AS top",
            {"s": "baseline", "id": deepest})
        assert {r["top"] for r in rows} == {"us.head"}


def test_second_load_takes_the_merge_path_and_converges(tmp_path, store_url):
    """The first load CREATEs (scenarios new to the store), the second MERGEs: same graph."""
    from c2graph.graph.store import open_store
    from c2graph.loaders import load_dataset

    ds = load_dataset(generate(tmp_path / "org", "--actors", 80))
    with open_store(store_url) as store:
        store.load(list(ds.scenarios.values()))
        first = {sid: store.read_graph(sid) for sid in ds.scenarios}
        store.load(list(ds.scenarios.values()))
        for sid in ds.scenarios:
            again = store.read_graph(sid)
            assert dict(again.nodes(data=True)) == dict(first[sid].nodes(data=True))
            assert (sorted(again.edges(keys=True, data=True))
                    == sorted(first[sid].edges(keys=True, data=True)))
        assert {sid: (m["nodes"], m["relationships"]) for sid, m in store.scenarios().items()} \
            == {sid: (len(s.actors), len(s.relationships)) for sid, s in ds.scenarios.items()}


# -- determinism ----------------------------------------------------------------------------

def test_same_options_and_seed_give_byte_identical_files(tmp_path):
    options = ("-n", 500, "-b", 3, "-k", 2, "-r", 0.1, "--seed", 42)
    a = files_of(generate(tmp_path / "a", *options))
    b = files_of(generate(tmp_path / "b", *options))
    assert a == b


def test_another_seed_gives_another_organisation(tmp_path):
    a = files_of(generate(tmp_path / "a", "-n", 500, "--seed", 1))
    b = files_of(generate(tmp_path / "b", "-n", 500, "--seed", 2))
    assert a.keys() == b.keys()
    assert a["us.yaml"] != b["us.yaml"]


# -- options --------------------------------------------------------------------------------

@pytest.mark.parametrize("args, message", [
    (("-n", 9), "Error: --actors must be between 10 and 1,000,000 (got 9)"),
    (("-n", 2_000_000), "Error: --actors must be between 10 and 1,000,000 (got 2000000)"),
    (("-n", 50, "-b", 1), "Error: --branching must be between 2 and 100 (got 1)"),
    (("-n", 50, "-k", 0), "Error: --nations must be between 1 and 3 (US, JP, KR; got 0)"),
    (("-n", 50, "-r", 1.5), "Error: --coordination-ratio must be between 0 and 1"
                            " (coordination lines per actor; got 1.5)"),
    (("-n", 50, "--seed", -3), "Error: --seed must be 0 or more (got -3)"),
])
def test_bad_options_are_refused_with_exit_2(tmp_path, args, message):
    result = run("generate", *args, "-o", tmp_path / "out")
    assert result.exit_code == 2
    assert result.output.strip() == message
    assert not (tmp_path / "out").exists()


def test_every_bad_option_is_reported_at_once(tmp_path):
    result = run("generate", "-n", 1, "-b", 0, "-o", tmp_path / "out")
    assert result.exit_code == 2
    assert result.output.splitlines() == [
        "Error: --actors must be between 10 and 1,000,000 (got 1)",
        "Error: --branching must be between 2 and 100 (got 0)"]


def test_an_existing_folder_is_never_overwritten(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "mine.txt").write_text("keep")
    result = run("generate", "-n", 50, "-o", out)
    assert result.exit_code == 2
    assert result.output.strip() == (f"Error: {out} already exists and is not an empty"
                                     " folder; choose a new one (nothing was written)")
    assert sorted(p.name for p in out.iterdir()) == ["mine.txt"]
    empty = tmp_path / "empty"
    empty.mkdir()
    assert run("generate", "-n", 50, "-o", empty).exit_code == 0


def test_missing_required_options(tmp_path):
    result = run("generate", "-o", tmp_path / "x")
    assert result.exit_code == 2
    assert "Missing option '--actors' / '-n'" in result.output


# -- problems in large generated files keep their file:line ----------------------------------

def test_errors_in_a_large_file_report_the_right_line(tmp_path):
    """Large files go through the libyaml fast path: lines must stay exact."""
    from c2graph.loaders import load_dataset
    from c2graph.loaders.yamlio import FAST_MIN_CHARS
    from c2graph.graph.model import DatasetError

    out = generate(tmp_path / "org", "-n", 2000)
    us = out / "us.yaml"
    assert us.stat().st_size > FAST_MIN_CHARS
    lines = us.read_text(encoding="utf-8").splitlines()
    actor = next(ln for ln in lines[500:] if "kind: Command" in ln)
    rel = next(ln for ln in lines[len(lines) - 100:] if "authority: OPCON" in ln)
    edit(us, actor, actor.replace("kind: Command", "kind: Comand"))
    edit(us, rel, rel.replace("authority: OPCON", "authority: OPCOM"))
    with pytest.raises(DatasetError) as err:
        load_dataset(out)
    found = [str(p) for p in err.value.problems]
    assert f"us.yaml:{line_of(us, 'kind: Comand')}: unknown kind 'Comand'" in "\n".join(found)
    assert any(f"us.yaml:{line_of(us, 'authority: OPCOM')}: unknown authority 'OPCOM'" in p
               for p in found), found


def test_a_duplicate_key_in_a_large_file_is_reported_by_ruamel(tmp_path):
    from c2graph.loaders import load_dataset
    from c2graph.graph.model import DatasetError

    out = generate(tmp_path / "org", "-n", 2000)
    us = out / "us.yaml"
    actor = next(ln for ln in us.read_text(encoding="utf-8").splitlines()[300:]
                 if "kind: Command" in ln)
    edit(us, actor, actor.replace("kind: Command", "id: us.x, kind: Command"))
    with pytest.raises(DatasetError) as err:
        load_dataset(out)
    first = str(err.value.problems[0])
    assert first.endswith(f"us.yaml:{line_of(us, 'id: us.x')}: invalid YAML: duplicate key 'id'")
