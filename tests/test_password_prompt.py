"""The Neo4j password from a prompt on a real terminal (a pty), never from an option."""

from __future__ import annotations

import os
import pty
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent


def run_in_pty(args, env, answer: str, timeout: float = 60) -> str:
    master, slave = pty.openpty()
    proc = subprocess.Popen(args, stdin=slave, stdout=slave, stderr=slave, env=env, cwd=ROOT,
                            close_fds=True)
    os.close(slave)
    out, answered = b"", False
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([master], [], [], 0.2)
            if ready:
                try:
                    chunk = os.read(master, 4096)
                except OSError:
                    break
                if not chunk:
                    break
                out += chunk
            if not answered and b"password" in out:
                os.write(master, answer.encode() + b"\n")
                answered = True
            if proc.poll() is not None and not ready:
                break
    finally:
        os.close(master)
        proc.kill() if proc.poll() is None else None
        proc.wait()
    return out.decode(errors="replace")


def cli_env(server) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NEO4J_", "C2GRAPH_"))}
    env["NEO4J_USERNAME"] = server.user
    return env


def test_prompted_password_connects_and_is_not_echoed(neo4j_server):
    if not neo4j_server.password:
        pytest.skip("the test server runs without a password")
    out = run_in_pty([sys.executable, "-m", "c2graph", "info", "--db", neo4j_server.uri],
                     cli_env(neo4j_server), neo4j_server.password)
    assert f"Neo4j password for {neo4j_server.uri}" in out
    assert "engine:  neo4j" in out, out
    assert neo4j_server.password not in out


def test_a_wrong_prompted_password_is_one_clear_error(neo4j_server):
    out = run_in_pty([sys.executable, "-m", "c2graph", "info", "--db", neo4j_server.uri],
                     cli_env(neo4j_server), "wrong-Secret-42")
    assert f"Error: cannot reach Neo4j at {neo4j_server.uri}:" in out, out
    assert "wrong-Secret-42" not in out
    assert "Traceback" not in out


def test_there_is_no_password_option():
    from click.testing import CliRunner

    from c2graph.cli import cli

    for command in ("load", "info", "query", "cypher", "view", "export", "analyze"):
        result = CliRunner().invoke(cli, [command, "--help"])
        assert "--password" not in result.output, command
