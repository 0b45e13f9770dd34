"""Every command works on a dataset that has no ``baseline-2024``: a scenario left out
is the store's root scenario (the one the others are built on), whatever it is called.

The mini dataset's scenarios are ``base`` (the root) and ``reform``.  Each command
runs without ``--scenario`` and must answer for ``base``; ``reform``'s base is named
only by the data.  The sources a scenario cites travel with it into the store.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

import c2graph
from c2graph.cli import cli

MINI = Path(__file__).parent / "data" / "mini"


def c2(*args):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


@pytest.fixture
def mini_url(store_url):
    result = c2("load", str(MINI), "--db", store_url)
    assert result.exit_code == 0, result.output
    return store_url


def test_the_root_is_the_scenario_without_a_base(mini_url):
    with c2graph.open_store(mini_url) as store:
        assert store.root_scenario() == "base"
    assert c2graph.load_dataset(MINI).root == "base"
    assert c2graph.scenario_graph(db=mini_url).graph["id"] == "base"


@pytest.mark.parametrize("args, expect", [
    (["query", "reporting-chain", "-p", "post", "jp.mid"], "scenario=base"),
    (["chain", "jp.mid"], "in base"),
    (["query", "unity-of-command"], "scenario=base"),
    (["analyze"], "Scenario base:"),
    (["what-if", "--move", "us.top -OPCON-> us.mid"], "What if, from base:"),
    (["export", "mermaid", "-o", "-"], "c2graph scenario base,"),
    (["view", "-o", "-"], "<!DOCTYPE html>"),
])
def test_commands_default_to_the_root(mini_url, args, expect):
    result = c2(*args, "--db", mini_url)
    assert result.exit_code == 0, result.output
    assert expect in result.output


def test_what_if_from_a_changes_file_takes_its_base(mini_url):
    result = c2("what-if", "--changes", str(MINI / "scenarios" / "reform.yaml"),
                "--db", mini_url, "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["base"] == "base"


def test_sources_are_stored_with_their_scenario(mini_url):
    catalogue = c2graph.load_dataset(MINI).sources
    with c2graph.open_store(mini_url) as store:
        assert store.read_sources("base") == {k: catalogue[k] for k in ("src-a", "src-b")}
    exported = json.loads(c2("export", "json", "-o", "-", "-s", "reform", "--db",
                             mini_url).output)
    assert set(exported["source_catalogue"]) == {"src-a", "src-b"}


def test_a_what_if_keeps_its_base_sources_and_leaves_nothing(mini_url):
    with c2graph.open_store(mini_url) as store:
        before = store.scenario_ids()
        result = c2graph.what_if(db=store, add=["us.top -ADVISES-> jp.top"], queries=["forums"],
                                 save="advice")
        assert result["saved"] and store.read_sources("advice") == store.read_sources("base")
        store.drop(["advice"])
        assert store.scenario_ids() == before
        assert store.run_read("MATCH (n:Source {scenario: 'advice'}) RETURN n.id AS id") == []
