"""Shell completion: commands, query names and scenario ids, without opening a store.

A TAB used to open the store to list its scenarios: on the embedded engine that
started redis-server, and while ``c2graph serve`` held the store it waited for the
lock (60 s by default).  Scenario ids now come from the listing the embedded store's
last load left (``embedded.listed_scenarios``); a Neo4j URL is never connected to.
The completion runs as the shell runs it: a child process with click's variables.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

from c2graph.graph.store import open_store
from c2graph.graph.store.embedded import LISTING_FILE, listed_scenarios
from tests.helpers import MINI

ROOT = Path(__file__).resolve().parents[1]


def complete(*words: str, env: dict | None = None) -> tuple[list[str], str]:
    """What bash would offer after ``c2graph WORDS`` (the last word is being typed)."""
    full = {**os.environ, "_C2GRAPH_COMPLETE": "bash_complete",
            "COMP_WORDS": " ".join(("c2graph",) + words), "COMP_CWORD": str(len(words)),
            "C2GRAPH_LOCK_TIMEOUT": "0", **(env or {})}
    proc = subprocess.run([sys.executable, "-m", "c2graph"], capture_output=True, text=True,
                          env=full, cwd=ROOT, timeout=120)
    assert proc.returncode == 0, proc.stderr
    return [line.split(",", 1)[1] for line in proc.stdout.splitlines() if line], proc.stderr


def user_scenarios(dataset) -> list[str]:
    return sorted(dataset.scenarios)


def test_scenario_ids_complete_while_another_process_holds_the_store(tmp_path, bundled):
    url = f"embedded:{tmp_path / 'db'}"
    with open_store(url) as store:
        store.load(list(bundled.scenarios.values()))
        # the store stays open (its lock held, its engine running), as under
        # 'c2graph serve': opening it again would fail at once (lock timeout 0)
        offered, err = complete("query", "reporting-chain", "--db", url, "-s", "")
        assert offered == user_scenarios(bundled)
        assert "in use" not in err and "waiting" not in err
        offered, _ = complete("what-if", "--db", url, "--base", "jj")
        assert offered == ["jjoc-2025"]
        # the default store (C2GRAPH_DB) when --db is not given
        offered, _ = complete("analyze", "--compare", "", env={"C2GRAPH_DB": url})
        assert offered == user_scenarios(bundled)


def test_the_listing_follows_every_load_and_drop(tmp_path, bundled):
    from c2graph.loaders import load_dataset

    path = tmp_path / "db"
    url = f"embedded:{path}"
    assert listed_scenarios(path) == []  # no store yet: nothing offered, nothing created
    with open_store(url) as store:
        assert listed_scenarios(path) == []  # an empty store
        store.load(list(bundled.scenarios.values()))
        assert listed_scenarios(path) == user_scenarios(bundled)
        store.drop(["us-jfc"])
        assert listed_scenarios(path) == sorted(set(user_scenarios(bundled)) - {"us-jfc"})
        mini = load_dataset(MINI)
        store.load(list(mini.scenarios.values()), replace_all=True)
        assert listed_scenarios(path) == user_scenarios(mini)
    # a store saved before listings existed gets one the first time it is opened
    (path / LISTING_FILE).unlink()
    with open_store(url):
        pass
    assert json.loads((path / LISTING_FILE).read_text()) == user_scenarios(mini)


def test_a_neo4j_url_is_never_connected_to():
    """A listening socket that accepts nothing: a connection attempt would wait in its
    backlog (the kernel completes the handshake), so an empty backlog after the
    completion has exited shows that none was made."""
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen(8)
        port = server.getsockname()[1]
        offered, err = complete("query", "reporting-chain", "--db", f"bolt://127.0.0.1:{port}",
                                "-s", "", env={"NEO4J_PASSWORD": "x"})
        assert offered == [] and err == ""
        server.setblocking(False)
        try:
            conn, _ = server.accept()
        except BlockingIOError:
            conn = None
        assert conn is None, "completion connected to the Neo4j URL"


def test_commands_and_query_names_complete_without_a_store(tmp_path):
    missing = tmp_path / "nothing-here"
    env = {"C2GRAPH_DB": f"embedded:{missing}"}
    offered, _ = complete("que", env=env)
    assert offered == ["queries", "query"]
    offered, _ = complete("query", "reporting-c", env=env)
    assert offered == ["reporting-chain"]
    offered, _ = complete("query", "reporting-chain", "-s", "", env=env)
    assert offered == []
    assert not missing.exists()  # nothing opened, nothing created
