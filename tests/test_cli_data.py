"""``c2graph load / validate / info / scenarios`` through click's CliRunner."""

from __future__ import annotations

import json
import socket

import pytest
from click.testing import CliRunner

from c2graph.cli import cli
from tests.helpers import copy_mini, edit, line_of


def run(*args, env=None):
    result = CliRunner().invoke(cli, list(args), env=env, catch_exceptions=False)
    return result


def test_load_and_info_json(store_url):
    result = run("load", "tests/data/mini", "--db", store_url)
    assert result.exit_code == 0, result.output
    assert "Loaded 2 scenario(s) from tests/data/mini into" in result.output
    info = run("info", "--db", store_url, "--format", "json")
    data = json.loads(info.output)
    assert set(data) == {"engine", "server_version", "scenarios"}
    assert data["scenarios"] == {"base": {"nodes": 5, "relationships": 5},
                                 "reform": {"nodes": 6, "relationships": 6}}
    assert data["engine"] in ("falkordb-embedded", "neo4j")


def test_broken_dataset_is_refused_and_the_store_untouched(store_url, tmp_path):
    assert run("load", "tests/data/mini", "--db", store_url).exit_code == 0
    before = run("info", "--db", store_url, "--format", "json").output
    ds = copy_mini(tmp_path)
    org = ds / "org.yaml"
    edit(org, "type: COORDINATES_WITH", "type: COMAND")
    result = run("load", str(ds), "--db", store_url)
    assert result.exit_code == 2
    line = line_of(org, "COMAND")
    assert result.stderr.splitlines() == [
        f"Error: {org}:{line}: unknown relationship type 'COMAND' (did you mean 'COMMANDS'?);"
        " expected one of COMMANDS, SUPERVISES, ADVISES, ASSISTS, COORDINATES_WITH, SUPPORTS,"
        " TRANSMITS_ORDERS, DUAL_HATTED_WITH, MEMBER_OF"]
    assert "Traceback" not in result.output
    assert run("info", "--db", store_url, "--format", "json").output == before


def test_validate_ok_and_broken(tmp_path):
    ok = run("validate", "tests/data/mini")
    assert ok.exit_code == 0
    assert ok.output.splitlines()[0] == "OK: tests/data/mini: 2 scenario(s), 2 source(s)"
    ds = copy_mini(tmp_path)
    edit(ds / "org.yaml", "kind: Forum", "kind: Froum")
    edit(ds / "scenarios" / "reform.yaml", "base: base", "base: nope")
    bad = run("validate", str(ds))
    assert bad.exit_code == 2
    assert len(bad.stderr.splitlines()) == 2
    assert all(line.startswith("Error: ") for line in bad.stderr.splitlines())


def test_validate_missing_folder():
    result = run("validate", "no/such/folder")
    assert result.exit_code == 2
    assert result.stderr == "Error: no/such/folder: no such file or folder\n"


def test_load_unknown_scenario_option(tmp_path):
    result = run("load", "tests/data/mini", "--db", f"embedded:{tmp_path}/db", "-s", "refrom")
    assert result.exit_code == 2
    assert result.stderr == ("Error: unknown scenario 'refrom'; the dataset has: base, reform\n")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_unreachable_neo4j_names_the_url_and_never_the_password():
    url = f"bolt://127.0.0.1:{_free_port()}"
    secret = "s3cret-Pa55word"
    result = run("info", "--db", url, env={"NEO4J_PASSWORD": secret, "NEO4J_USERNAME": "neo4j"})
    assert result.exit_code == 3
    assert result.stderr.startswith(f"Error: cannot reach Neo4j at {url}: ")
    assert secret not in result.output


def test_password_in_url_is_refused():
    result = run("info", "--db", "bolt://neo4j:hunter2@127.0.0.1:7687")
    assert result.exit_code == 2  # a bad --db is bad input
    assert "hunter2" not in result.output
    assert "NEO4J_PASSWORD" in result.stderr


def test_unknown_url_scheme():
    result = run("info", "--db", "postgres://x")
    assert result.exit_code == 2  # a bad --db is bad input
    assert result.stderr.startswith("Error: unknown database URL 'postgres://x'")


def test_busy_embedded_store_fails_clearly(tmp_path):
    from c2graph.graph.store import open_store

    with open_store(f"embedded:{tmp_path}/db"):
        result = run("info", "--db", f"embedded:{tmp_path}/db",
                     env={"C2GRAPH_LOCK_TIMEOUT": "0.3"})
    assert result.exit_code == 4
    assert "is in use by another c2graph process (pid" in result.stderr


def test_scenarios_table(store_url):
    run("load", "tests/data/mini", "--db", store_url)
    out = run("scenarios", "--db", store_url, "--format", "csv").output
    assert out.splitlines() == ["id,title,status,base,date,nodes,relationships",
                                "base,Base,established,,,5,5",
                                "reform,Reform,proposed,base,,6,6"]
