"""1. Load throughput: c2graph's batched load against one statement per row.

Both loads write the same scenario with the same statements into the same kind of
atomic write (the embedded engine's staging graph, one Neo4j transaction); the only
difference is how many rows each statement carries: 2,000 (``BATCH_SIZE``) or one.
The store is empty before each load, as for a user's first ``c2graph load``; the
"reload" column loads the same scenario again (Neo4j's MERGE path; the embedded
engine rewrites the scenario whole, see ``EmbeddedStore.load``).
"""

from __future__ import annotations

from bench.common import baseline, engines, open_engine, ratio, rows_of, table, timed


def naive_load(store, scenario) -> None:
    """The same write as ``store.load([scenario])`` of a scenario new to the store, with
    one row per statement."""
    store._write([store._scenario_unit(scenario, None, fresh=True, size=1)])


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
            results.append({
                "actors": f"{actors:,}", "engine": engine, "rows": f"{rows:,}",
                "batched s": f"{batched:.2f}", "batched rows/s": f"{rows / batched:,.0f}",
                "reload rows/s": f"{rows / reload:,.0f}",
                "per-row s": f"{naive:.2f}" if naive else "not run",
                "per-row rows/s": f"{rows / naive:,.0f}" if naive else "-",
                "batched / per-row": ratio(naive, batched) if naive else "-",
            })
            print(f"  load {actors:,} actors, {engine}: {rows / batched:,.0f} rows/s batched",
                  flush=True)
    table("1. Load throughput (baseline scenario: actors + relationships = rows)", results,
          note="batched: store.load (UNWIND of 2,000 rows per statement, CREATE for a"
               " scenario new to the store); reload: the same load again (embedded: the"
               " scenario deleted and CREATEd again in the staging graph, which starts"
               " empty when the store holds nothing else; Neo4j: MERGE and the stale"
               " sweep); per-row: the same statements with one row each, in the same"
               " atomic write (embedded: also sent one ahead of the answer read).")
