"""Bounded resources: memory ceilings, a time limit on every engine call of a query, and
the row limit pushed into the engine (issue 12).

Each test runs on both engines, under an explicit small ceiling, so that a regression
fails fast instead of eating the machine: the embedded engine with
``C2GRAPH_ENGINE_MEMORY=1G`` and ``C2GRAPH_QUERY_MEMORY=64M``, Neo4j as a private
server with ``db.memory.transaction.max`` at 64 MiB.  What is checked is the answer and
the error, never the time or memory taken (bench/ measures those).
"""

from __future__ import annotations

import json
import os
import signal

import pytest
from click.testing import CliRunner

from c2graph.cli import cli
from c2graph.graph.store import open_store
from c2graph.graph.store.base import QueryTimeout
from c2graph.loaders import load_dataset
from tests.stores import dump_store, neo4j_or_skip, wipe_neo4j
from tests.test_faults import MINI, gone, one_error_line

ENGINE_MEMORY, QUERY_MEMORY = "1G", "64M"
NEO4J_TRANSACTION_MAX = 64 * 2**20
#: 10 million rows from two small lists (no large value is built anywhere).
TEN_MILLION_ROWS = "UNWIND range(1, 10000) AS x UNWIND range(1, 1000) AS y RETURN x, y"


@pytest.fixture(scope="module")
def tight_neo4j(tmp_path_factory):
    """A Neo4j of this module's own whose transactions may use at most 64 MiB."""
    server = neo4j_or_skip(tmp_path_factory.mktemp("neo4j"),
                           transaction_max=NEO4J_TRANSACTION_MAX)
    yield server
    server.stop()


@pytest.fixture(params=["embedded", "neo4j"])
def ceiling(request, tmp_path, monkeypatch):
    """(engine, url) of a store holding tests/data/mini under a small memory ceiling."""
    monkeypatch.setenv("C2GRAPH_ENGINE_MEMORY", ENGINE_MEMORY)
    monkeypatch.setenv("C2GRAPH_QUERY_MEMORY", QUERY_MEMORY)
    monkeypatch.delenv("C2GRAPH_DB", raising=False)
    if request.param == "embedded":
        url = f"embedded:{tmp_path / 'db'}"
    else:
        server = request.getfixturevalue("tight_neo4j")
        monkeypatch.setenv("NEO4J_USERNAME", server.user)
        monkeypatch.setenv("NEO4J_PASSWORD", server.password)
        monkeypatch.delenv("NEO4J_DATABASE", raising=False)
        wipe_neo4j(server)
        url = server.uri
    with open_store(url) as store:
        store.load(list(load_dataset(MINI).scenarios.values()))
    return request.param, url


def cypher(url, *args):
    return CliRunner().invoke(cli, ["cypher", *map(str, args), "--db", url])


def still_usable(url, before):
    """The next command answers, and the store holds what it held."""
    result = cypher(url, "MATCH (n:Actor {scenario: 'base'}) RETURN count(n) AS n",
                    "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == [{"n": 5}]
    assert dump_store(url) == before


# == memory ==========================================================================================

#: A query over each engine's accounted query memory, and the error that stops it.
OVER_QUERY_MEMORY = {
    # 10 million rows asked for in full: FalkorDB counts a result set row by row, and
    # its QUERY_MEM_CAPACITY stops it at 64 MiB (it does not count a collect() or a
    # sort, which the process ceiling stops: see the next test)
    "embedded": ((TEN_MILLION_ROWS, "--limit", 10**8),
                 "Error: the query needs more memory than the embedded engine allows one"
                 " query (64 MiB); narrow it or raise C2GRAPH_QUERY_MEMORY"),
    # 9 million numbers in one list (~140 MB): Neo4j counts it against the transaction
    "neo4j": (("UNWIND range(1, 3000) AS x UNWIND range(1, 3000) AS y"
               " RETURN size(collect(x)) AS n",),
              "Error: the query needs more memory than the Neo4j server allows (The"
              " allocation of an extra "),
}


def test_a_query_over_the_query_memory_is_a_clear_error_and_the_store_stays_usable(ceiling):
    engine, url = ceiling
    before = dump_store(url)
    args, error = OVER_QUERY_MEMORY[engine]
    result = cypher(url, *args)
    assert result.exit_code == 1, result.output
    line = one_error_line(result.stderr)
    assert line.startswith(error), line
    if engine == "neo4j":
        assert "would use more than the limit 64.0 MiB" in line, line
        assert line.endswith("; narrow it, or ask the server's administrator to raise"
                             " db.memory.transaction.max"), line
    still_usable(url, before)


def test_a_value_too_large_to_plan_is_a_clear_error_or_streams(ceiling):
    """FalkorDB builds ``range()`` with constant bounds while it plans, even for
    GRAPH.EXPLAIN, outside any query's accounting: a billion numbers grew the engine to
    24 GB.  Under the process ceiling the engine stops at 1 GiB, the error says so
    (not "it changes the schema", as it once did), and the next command starts a fresh
    engine.  Neo4j builds the list lazily and streams: the first 1,000 rows come back."""
    engine, url = ceiling
    before = dump_store(url)
    result = cypher(url, "UNWIND range(1, 1000000000) AS x RETURN x", "--format", "json")
    if engine == "embedded":
        assert result.exit_code == 1, result.output
        assert one_error_line(result.stderr) == (
            "Error: the query needs more memory than the embedded engine may use (1 GiB);"
            " the engine stopped, and no data is lost; narrow the query or raise"
            " C2GRAPH_ENGINE_MEMORY")
    else:
        assert result.exit_code == 0, result.output
        assert json.loads(result.stdout) == [{"x": i} for i in range(1, 1001)]
    still_usable(url, before)


def test_the_engine_restarts_within_the_same_store_after_running_out_of_memory(
        tmp_path, monkeypatch, capsys):
    """The Python API keeps one store open: after the engine stopped, the next call
    starts a fresh one (and says so on stderr) and every scenario is still there."""
    from c2graph.cypher.runner import run_adhoc
    from c2graph.graph.store import StoreError

    monkeypatch.setenv("C2GRAPH_ENGINE_MEMORY", ENGINE_MEMORY)
    with open_store(f"embedded:{tmp_path / 'db'}") as store:
        store.load(list(load_dataset(MINI).scenarios.values()))
        engine = store._proc.pid
        with pytest.raises(StoreError, match="needs more memory than the embedded engine"):
            run_adhoc(store, "UNWIND range(1, 1000000000) AS x RETURN x")
        assert gone(engine)
        assert set(store.scenarios()) == {"base", "reform"}
        assert store._proc.pid != engine
    assert "c2graph: restarting the embedded engine (a query needed more than 1 GiB)" \
        in capsys.readouterr().err


# == the row limit ====================================================================================

def test_ten_million_rows_with_a_limit_of_1000_are_cut_in_the_engine(ceiling):
    """The limit is pushed into the engine (FalkorDB's RESULTSET_SIZE; Neo4j's stream
    closed after limit + 1 records).  On the embedded engine the full result would not
    even fit its 64 MiB query memory, so this answer is only possible if the engine
    stopped early."""
    engine, url = ceiling
    result = cypher(url, TEN_MILLION_ROWS, "--limit", 1000, "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == [{"x": 1, "y": y} for y in range(1, 1001)]
    assert result.stderr == ("Note: only the first 1000 rows are shown; the query returned"
                             " more (raise --limit)\n")


def test_a_limited_query_does_not_limit_the_next_reads(ceiling):
    """The embedded engine's result-size setting is its own: after a limited query,
    whole scenarios and unlimited queries come back whole."""
    from c2graph.cypher.runner import run_adhoc

    _, url = ceiling
    with open_store(url) as store:
        run = run_adhoc(store, "MATCH (n:Actor) RETURN n.id AS id ORDER BY id", limit=2)
        assert (len(run.rows), run.truncated) == (2, True)
        assert store.read_graph("reform").number_of_nodes() == 6
        run = run_adhoc(store, "MATCH (n:Actor) RETURN n.id AS id", limit=None)
        assert (len(run.rows), run.truncated) == (11, False)


# == time limits ======================================================================================

@pytest.fixture
def quick_grace(monkeypatch):
    """The embedded engine's grace after a time limit (for the server's own error to
    arrive first), short so that these tests do not wait 5 s."""
    from c2graph.graph.store import embedded

    monkeypatch.setattr(embedded, "GRACE_SECONDS", 0.5)


def test_every_engine_call_of_a_query_is_under_its_time_limit(ceiling, quick_grace, capsys):
    """``time_limit`` bounds calls that carry no timeout of their own (the catalogue
    look-ups, the plan, the store's own reads): here a read of 10^10 rows."""
    engine, url = ceiling
    with open_store(url) as store:
        with pytest.raises(QueryTimeout, match="^query timed out after 1 s"):
            with store.time_limit(1):
                store.run_read("UNWIND range(1, 100000) AS x UNWIND range(1, 100000) AS y"
                               " RETURN count(*) AS n")
        assert set(store.scenarios()) == {"base", "reform"}
    if engine == "embedded":
        assert "c2graph: restarting the embedded engine (a query ran past its 1 s time" \
               " limit)" in capsys.readouterr().err


#: One long expression: Neo4j checks its time limit between rows, not inside it
#: (seconds of work here; with 3,000,000 steps it ran 15 minutes past a 30 s limit).
ONE_LONG_EXPRESSION = ('RETURN size(reduce(s = "", x IN range(1, 100000) | s + "aaaaaaaaaa"))'
                       " AS n")


def test_a_query_stuck_in_one_long_expression_ends_at_its_time_limit(tight_neo4j,
                                                                      monkeypatch):
    """The driver has no read timeout, so c2graph stops waiting itself (a grace after
    the limit), asks the server to terminate the transaction, and says so."""
    from c2graph.graph.store import neo4j_store

    monkeypatch.setattr(neo4j_store, "CLIENT_GRACE_S", 0.5)
    monkeypatch.setenv("NEO4J_USERNAME", tight_neo4j.user)
    monkeypatch.setenv("NEO4J_PASSWORD", tight_neo4j.password)
    result = cypher(tight_neo4j.uri, ONE_LONG_EXPRESSION, "--timeout", 0.5)
    assert result.exit_code == 1, result.output
    assert one_error_line(result.stderr) == (
        "Error: query timed out after 0.5 s: the server did not stop it at its time limit"
        " (Neo4j checks the limit between rows, not inside one long expression), so"
        " c2graph stopped waiting and asked the server to terminate it")
    again = cypher(tight_neo4j.uri, "RETURN 1 AS x", "--format", "json")
    assert again.exit_code == 0, again.output
    assert json.loads(again.stdout) == [{"x": 1}]


def test_an_engine_stuck_before_the_query_runs_is_stopped_and_restarted(
        tmp_path, quick_grace, capsys):
    """The first calls of a query (procedure catalogue, GRAPH.EXPLAIN) have no server
    timeout on FalkorDB.  A real engine frozen with SIGSTOP: the query ends at its time
    limit with one clear error, the frozen engine is killed, the next query starts a
    fresh one."""
    from c2graph.cypher.runner import run_adhoc

    with open_store(f"embedded:{tmp_path / 'db'}") as store:
        store.load(list(load_dataset(MINI).scenarios.values()))
        frozen = store._proc.pid
        os.kill(frozen, signal.SIGSTOP)
        try:
            with pytest.raises(QueryTimeout) as info:
                run_adhoc(store, "MATCH (n:Actor) RETURN count(n) AS n", timeout_s=1)
            assert str(info.value) == ("query timed out after 1 s (the embedded engine was"
                                       " still planning or running it and has been stopped)")
            assert gone(frozen)
        finally:  # never leave a frozen engine behind, even when the test fails
            try:
                os.kill(frozen, signal.SIGKILL)
            except ProcessLookupError:
                pass
        run = run_adhoc(store, "MATCH (n:Actor) RETURN count(n) AS n")
        assert run.rows == [{"n": 11}]
    assert capsys.readouterr().err == ("c2graph: restarting the embedded engine (a query ran"
                                       " past its 1 s time limit)\n")


# == settings ==========================================================================================

def test_a_neo4j_load_over_the_atomic_bound_says_how_it_is_written(store_url, engine,
                                                                   monkeypatch):
    """Above C2GRAPH_ATOMIC_ROWS a Neo4j load goes one scenario per transaction and says
    so; the embedded engine is atomic whatever the size, and says nothing."""
    monkeypatch.setenv("C2GRAPH_ATOMIC_ROWS", "5")
    result = CliRunner().invoke(cli, ["load", str(MINI), "--db", store_url])
    assert result.exit_code == 0, result.output
    if engine == "neo4j":
        assert result.stderr == ("Note: 22 actors and relationships are more than one"
                                 " transaction holds by default; each scenario is written"
                                 " in its own (--atomic: all in one)\n")
    else:
        assert result.stderr == ""
    with open_store(store_url) as store:
        assert set(store.scenarios()) == {"base", "reform"}


@pytest.mark.parametrize("env, message", [
    ({"C2GRAPH_ENGINE_MEMORY": "lots"},
     "Error: C2GRAPH_ENGINE_MEMORY='lots' is not a size: give bytes or a number with K, M"
     " or G (e.g. 4G)"),
    ({"C2GRAPH_ENGINE_MEMORY": "100M"},
     "Error: C2GRAPH_ENGINE_MEMORY is 100 MiB: the embedded engine needs at least 256 MiB"),
    ({"C2GRAPH_ENGINE_MEMORY": "1G", "C2GRAPH_QUERY_MEMORY": "768M"},
     "Error: C2GRAPH_QUERY_MEMORY is 768 MiB: give more than 0 and at most half of"
     " C2GRAPH_ENGINE_MEMORY (512 MiB)"),
])
def test_a_bad_memory_setting_is_a_clear_error(tmp_path, monkeypatch, env, message):
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    result = cypher(f"embedded:{tmp_path / 'db'}", "RETURN 1 AS one")
    assert result.exit_code == 1, result.output
    assert one_error_line(result.stderr) == message
