"""1. Load throughput: c2graph's batched load against one statement per row.

Both loads write the same scenario with the same statements into the same kind of
atomic write (the embedded engine's staging graph, one Neo4j transaction); the only
difference is how many rows each statement carries: 2,000 (``BATCH_SIZE``) or one.
The store is empty before each load, as for a user's first ``c2graph load``; the
"reload" column loads the same scenario again (Neo4j's MERGE path; the embedded
engine rewrites the scenario whole, see ``EmbeddedStore.load``).
"""

from __future__ import annotations

import time

from bench.common import baseline, engines, open_engine, ratio, rows_of, table, timed

#: The auto-commit load stops after this many seconds and its rate is taken over the
#: rows written by then (at 100k actors a commit per row would take Neo4j ~10 minutes).
AUTOCOMMIT_BUDGET = 60.0


def naive_load(store, scenario) -> None:
    """The same write as ``store.load([scenario])`` of a scenario new to the store, with
    one row per statement."""
    store._write([store._scenario_unit(scenario, None, fresh=True, size=1)])


class _Budget(Exception):
    pass


def autocommit_load(store, scenario, budget: float = AUTOCOMMIT_BUDGET) -> tuple[int, float]:
    """The naive load a script would do: c2graph's statements with one row each, every
    statement run and committed on its own before the next is sent (Neo4j: one
    auto-commit transaction per row; embedded: ``GRAPH.QUERY`` on the live graph, the
    answer awaited).  Stops after ``budget`` seconds; returns (rows written, seconds)."""
    from c2graph.graph.store.base import write_scenario

    done = [0]
    started = time.perf_counter()

    def counted(execute):
        def run(cypher, params):
            if time.perf_counter() - started > budget:
                raise _Budget
            rows = execute(cypher, params)
            done[0] += len(params.get("rows", ()))
            return rows
        return run

    try:
        if store.engine == "neo4j":
            store.ensure_schema()
            with store._driver.session(database=store.database,
                                       notifications_min_severity="OFF") as session:
                execute = lambda c, p: [tuple(r.values()) for r in session.run(c, p)]  # noqa: E731
                write_scenario(counted(execute), scenario, "bench", fresh=True, size=1,
                               sweep=False, node_id=store.node_id)
        else:
            from c2graph.graph.store.embedded import GRAPH_KEY, params_header

            store._ensure_schema(GRAPH_KEY)
            conn = store._db.connection

            def execute(cypher, params):
                answer = conn.execute_command("GRAPH.QUERY", GRAPH_KEY,
                                              params_header(params) + cypher)
                return answer[1] if len(answer) > 2 else []
            write_scenario(counted(execute), scenario, "bench", fresh=True, size=1,
                           sweep=False)
    except _Budget:
        pass
    return done[0], time.perf_counter() - started


def warm_up(neo4j) -> None:
    """One small load of each kind per engine first: the JVM compiles Neo4j's write
    path and both engines cache their plans, as on any server that has been up."""
    scenario = baseline(2_000)
    for engine in engines(neo4j):
        for load in (lambda s: s.load([scenario]), lambda s: naive_load(s, scenario)):
            with open_engine(engine, neo4j) as store:
                load(store)
                store.load([scenario])


def run(sizes: list[int], neo4j, naive_limit: int | None = None) -> None:
    warm_up(neo4j)
    results = []
    for actors in sizes:
        scenario = baseline(actors)
        rows = rows_of(scenario)
        for engine in engines(neo4j):
            with open_engine(engine, neo4j) as store:
                batched, _ = timed(store.load, [scenario])
                reload, _ = timed(store.load, [scenario])
                counts = store.scenarios()["baseline"]
                assert (counts["nodes"], counts["relationships"]) == (
                    len(scenario.actors), len(scenario.relationships)), counts
            if naive_limit is not None and actors > naive_limit:
                naive = None
            else:
                with open_engine(engine, neo4j) as store:
                    naive, _ = timed(naive_load, store, scenario)
                    counts = store.scenarios()["baseline"]
                    assert counts["nodes"] == len(scenario.actors), counts
            with open_engine(engine, neo4j) as store:
                auto_rows, auto_s = autocommit_load(store, scenario)
            auto_rate = auto_rows / auto_s
            results.append({
                "actors": f"{actors:,}", "engine": engine, "rows": f"{rows:,}",
                "batched s": f"{batched:.2f}", "batched rows/s": f"{rows / batched:,.0f}",
                "reload rows/s": f"{rows / reload:,.0f}",
                "per-row s": f"{naive:.2f}" if naive else "not run",
                "per-row rows/s": f"{rows / naive:,.0f}" if naive else "-",
                "batched / per-row": ratio(naive, batched) if naive else "-",
                "auto-commit rows/s": f"{auto_rate:,.0f}"
                                      + ("" if auto_rows == rows else f" ({auto_rows:,} rows)"),
                "batched / auto-commit": ratio(rows / auto_rate, batched),
            })
            print(f"  load {actors:,} actors, {engine}: {rows / batched:,.0f} rows/s batched",
                  flush=True)
    table("1. Load throughput (baseline scenario: actors + relationships = rows)", results,
          note="batched: store.load (UNWIND of 2,000 rows per statement, CREATE for a"
               " scenario new to the store); reload: the same load again (embedded: the"
               " scenario deleted and CREATEd again in the staging graph, which starts"
               " empty when the store holds nothing else; Neo4j: MERGE and the stale"
               " sweep); per-row: the same statements with one row each, in the same"
               " atomic write (embedded: also sent one ahead of the answer read);"
               " auto-commit: the naive load, one statement per row, each run and"
               f" committed before the next is sent (stopped after {AUTOCOMMIT_BUDGET:.0f} s;"
               " its rate is then over the rows written, actors first, shown in brackets).")
