"""The neo4j-admin command that ``c2graph export csv`` writes to IMPORT.txt works as
written, with Neo4j 5.26's own import tool (from the test harness's jars)."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess

import pytest

import c2graph


def _classpath() -> str:
    from tests.neo4j_server import Neo4jUnavailable, resolve_classpath

    try:
        if not shutil.which("java"):
            raise Neo4jUnavailable("'java' not found on PATH (run .ci/neo4j-setup.sh)")
        return resolve_classpath()
    except Neo4jUnavailable as e:
        if os.environ.get("CI") == "true":
            pytest.fail(f"Neo4j import tool unavailable: {e.reason}", pytrace=False)
        pytest.skip(f"Neo4j import tool unavailable: {e.reason}")


def test_import_txt_command_runs_as_written(tmp_path):
    cp = _classpath()
    folder = tmp_path / "csv"
    c2graph.export("csv", "jjoc-2025", dataset="bundled", output=folder)
    text = (folder / "IMPORT.txt").read_text()
    command = re.search(r"^  (neo4j-admin .*?)\n\n", text, re.S | re.M).group(1)
    args = shlex.split(command.replace("\\\n", " "))
    assert args[0] == "neo4j-admin"
    home = tmp_path / "home"
    (home / "conf").mkdir(parents=True)
    (home / "conf" / "neo4j.conf").write_text("")
    done = subprocess.run(["java", "-cp", cp, "org.neo4j.cli.AdminTool", *args[1:]],
                          cwd=folder, capture_output=True, text=True, timeout=600,
                          env={**os.environ, "NEO4J_HOME": str(home),
                               "NEO4J_CONF": str(home / "conf")})
    assert done.returncode == 0, (done.stdout + done.stderr)[-3000:]
    assert "IMPORT DONE" in done.stdout
    graph = c2graph.scenario_graph("jjoc-2025", dataset="bundled")
    nodes = int(re.search(r"(\d+) nodes", done.stdout).group(1))
    rels = int(re.search(r"(\d+) relationships", done.stdout).group(1))
    assert (nodes, rels) == (graph.number_of_nodes() + 1, graph.number_of_edges())
