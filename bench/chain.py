"""2. Reporting-chain latency on a large hierarchy: both engines against networkx.

The query is the canned ``cypher/queries/reporting-chain.cypher`` (anchored on the
post through the (scenario, id) index, walking up).  The top-down form starts from
every actor nobody commands and walks down until it meets the post: what the query
looks like when written from the top.  networkx walks the same COMMANDS edges up in
the graph ``Store.read_graph`` returns.  Every engine's answer is checked against
networkx's before anything is timed.
"""

from __future__ import annotations

import random
import time

from bench.common import (baseline, engines, ms, open_engine, percentile, ratio, table,
                          timed)

TOP_DOWN = """
MATCH (top:Actor {scenario: $scenario})
WHERE NOT (top)<-[:COMMANDS]-()
MATCH p = (top)-[:COMMANDS*0..]->(post:Actor)
WHERE post.id = $post
RETURN [x IN nodes(p) | x.id] AS ids, length(p) AS depth
"""


def bottom_up_text() -> tuple[str, str]:
    """The canned query's Cypher (header comments stripped) and where it came from."""
    from c2graph.cypher.library import load_query
    from c2graph.cypher.readonly import statement

    query = load_query("reporting-chain")
    return statement(query.text), str(query.path.relative_to(query.path.parents[2]))


def nx_chains(g, post: str) -> list[list[str]]:
    """Every COMMANDS path from ``post`` up to an actor nobody commands, top-down."""
    done, paths = [], [[post]]
    while paths:
        path = paths.pop()
        ups = [u for u, _, t in g.in_edges(path[-1], data="type") if t == "COMMANDS"]
        if not ups:
            done.append(path[::-1])
        paths.extend(path + [u] for u in ups)
    return done


def latencies(fn, posts, rounds: int = 1) -> list[float]:
    out = []
    for _ in range(rounds):
        for post in posts:
            start = time.perf_counter()
            fn(post)
            out.append(time.perf_counter() - start)
    return out


def run(actors: int, neo4j, samples: int = 200, top_down_samples: int = 10) -> None:
    scenario = baseline(actors)
    bottom_up, source = bottom_up_text()
    rng = random.Random(7)
    national = sorted(a for a in scenario.actors if not a.startswith("combined."))
    posts = rng.sample(national, samples)
    results = []
    nx_p50 = None
    for engine in engines(neo4j):
        with open_engine(engine, neo4j) as store:
            load_s, _ = timed(store.load, [scenario])
            read_s, g = timed(store.read_graph, "baseline")
            if nx_p50 is None:
                times = latencies(lambda p: nx_chains(g, p), posts, rounds=3)
                nx_p50 = percentile(times, 50)
                results.append({"engine": "networkx (in memory)", "form": "walk up",
                                "p50 ms": ms(nx_p50), "p95 ms": ms(percentile(times, 95)),
                                "vs networkx": "1.0x", "queries": len(times)})

            def up(post):
                return store.run_read(bottom_up, {"scenario": "baseline", "post": post})

            for post in posts[:20]:  # the same answers as networkx, before any timing
                got = {tuple(r["ids"]) for r in up(post)}
                assert got == {tuple(c) for c in nx_chains(g, post)}, (engine, post, got)
            latencies(up, posts[:20])  # warm-up
            times = latencies(up, posts, rounds=3)
            p50 = percentile(times, 50)
            results.append({"engine": engine, "form": "bottom-up (canned query)",
                            "p50 ms": ms(p50), "p95 ms": ms(percentile(times, 95)),
                            "vs networkx": ratio(p50, nx_p50), "queries": len(times)})

            def down(post):
                return store.run_read(TOP_DOWN, {"scenario": "baseline", "post": post},
                                      timeout_ms=120_000)

            check = posts[0]
            assert {tuple(r["ids"]) for r in down(check)} == \
                {tuple(c) for c in nx_chains(g, check)}
            times = latencies(down, posts[:top_down_samples])
            td50 = percentile(times, 50)
            results.append({"engine": engine, "form": "top-down",
                            "p50 ms": ms(td50), "p95 ms": ms(percentile(times, 95)),
                            "vs networkx": ratio(td50, nx_p50), "queries": len(times),
                            "top-down / bottom-up": ratio(td50, p50)})

            from c2graph.cypher.runner import run_query

            def runner(post):
                return run_query(store, "reporting-chain",
                                 {"post": post, "scenario": "baseline"})

            runner(posts[0])
            times = latencies(runner, posts[:50])
            rp50 = percentile(times, 50)
            results.append({"engine": engine, "form": "c2graph query runner (checks + run)",
                            "p50 ms": ms(rp50), "p95 ms": ms(percentile(times, 95)),
                            "vs networkx": ratio(rp50, nx_p50), "queries": len(times),
                            "top-down / bottom-up": ""})
            print(f"  chain {actors:,} actors, {engine}: p50 {ms(p50)} ms (load {load_s:.1f} s,"
                  f" read_graph {read_s:.1f} s)", flush=True)
    depth = max(len(c) for p in posts[:50] for c in nx_chains(g, p)) - 1
    table(f"2. Reporting-chain latency, {actors:,}-actor hierarchy ({len(posts)} random posts,"
          f" chains up to {depth} links)", results,
          ["engine", "form", "p50 ms", "p95 ms", "vs networkx", "top-down / bottom-up",
           "queries"],
          note=f"bottom-up: {source}, via Store.run_read; top-down: the same chain found"
               " from the roots down (bench/chain.py TOP_DOWN); runner: cypher.runner."
               "run_query as 'c2graph query' calls it (parameter and actor checks, the"
               " read-only plan check, then the query). Client-side wall time per query.")
