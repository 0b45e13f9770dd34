"""Run the benchmarks: ``python -m bench [--quick] [--only NAME ...] [--no-neo4j]``.

Full run (the figures in bench/README.md): load at 10k and 100k actors, chain
latency at 100k, analyze at 10k and 100k, view/export at 1k and 5k, the view beside plain pyvis at 1k,
5k and 50k, cold start,
peak memory at 100k, peers (raw read and UNWIND at 100k, dot alone at 1k and
5k), the row limit on 10 million rows.  ``--quick`` runs every benchmark at small
sizes (a minute or two) to check that they work.  Datasets are generated once into $C2GRAPH_BENCH_CACHE
(default: /tmp/c2graph-bench) by ``c2graph generate`` with seed 1.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

BENCHMARKS = ("load", "chain", "analyze", "view", "pyvis", "startup", "memory", "peers",
              "limit")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true",
                        help="small sizes only: checks the benchmarks, not the targets")
    parser.add_argument("--only", nargs="+", choices=BENCHMARKS, metavar="NAME",
                        help=f"run only these ({', '.join(BENCHMARKS)})")
    parser.add_argument("--no-neo4j", action="store_true",
                        help="embedded engine only (no Java/Maven needed)")
    args = parser.parse_args(argv)
    chosen = args.only or list(BENCHMARKS)
    quick = args.quick

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from bench import common

    started = time.perf_counter()
    neo4j = None
    if not args.no_neo4j and {"load", "chain", "peers"} & set(chosen):
        print("starting Neo4j ...", flush=True)
        neo4j = common.Neo4j(Path(tempfile.mkdtemp(prefix="c2g-bench-neo4j-")))
        if neo4j.reason:
            print(f"Neo4j not available ({neo4j.reason}): embedded engine only", flush=True)
    try:
        print(f"# c2graph benchmarks{' (--quick)' if quick else ''}")
        common.table("Machine", common.machine(neo4j))
        if "load" in chosen:
            from bench import load

            load.run([1_000, 5_000] if quick else [10_000, 100_000], neo4j)
        if "chain" in chosen:
            from bench import chain

            chain.run(5_000 if quick else 100_000, neo4j, samples=50 if quick else 200)
        if "analyze" in chosen:
            from bench import analyze

            analyze.run([1_000, 5_000] if quick else [10_000, 100_000])
        if "view" in chosen:
            from bench import viz

            viz.run([500, 1_000] if quick else [1_000, 5_000], timeout=30 if quick else 120)
        if "pyvis" in chosen:
            from bench import viz

            viz.peer_run([500, 1_000] if quick else [1_000, 5_000, 50_000],
                         timeout=60 if quick else 300, draw_timeout=20 if quick else 60)
        if "startup" in chosen:
            from bench import startup

            startup.run(runs=3 if quick else 9)
        if "memory" in chosen:
            from bench import memory

            memory.run(5_000 if quick else 100_000)
        if "peers" in chosen:
            from bench import peers

            peers.run([5_000] if quick else [100_000], [500] if quick else [1_000, 5_000],
                      neo4j)
        if "limit" in chosen:
            from bench import limit

            limit.run()
    finally:
        if neo4j:
            neo4j.stop()
    print(f"\n(total {time.perf_counter() - started:.0f} s)")


if __name__ == "__main__":
    main()
