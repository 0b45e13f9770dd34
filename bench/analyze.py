"""3. ``c2graph analyze`` on large scenarios, as a user runs it (a child process).

The analysis reads the scenario back from the store and computes every check and
metric; betweenness is exact up to ``EXACT_BETWEENNESS_LIMIT`` actors in the
coordination network and estimated from ``BETWEENNESS_K`` seeded sources above (the
JSON output says which, and the table shows it).
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from bench.common import baseline, ratio, run_cli, table, timed


def run(sizes: list[int]) -> None:
    try:
        from c2graph.graph.analysis.coordination import BETWEENNESS_K, EXACT_BETWEENNESS_LIMIT
    except ImportError:
        table("3. c2graph analyze", [{"result": "graph.analysis is not available"}])
        return
    rows = []
    for actors in sizes:
        scenario = baseline(actors)
        with tempfile.TemporaryDirectory(prefix="c2g-bench-an-") as tmp:
            db = f"embedded:{Path(tmp) / 'db'}"
            from c2graph.graph.store.embedded import EmbeddedStore

            with EmbeddedStore(Path(tmp) / "db") as store:
                store.load([scenario])
                read_s, g = timed(store.read_graph, "baseline")
            table_s, proc = run_cli(["analyze", "-s", "baseline", "--db", db])
            if proc is None or proc.returncode != 0:
                raise RuntimeError(f"analyze failed: {proc.stderr[-800:] if proc else 'timeout'}")
            json_s, proc = run_cli(["analyze", "-s", "baseline", "--db", db,
                                    "--format", "json"])
            if proc is None or proc.returncode != 0:
                raise RuntimeError(f"analyze failed: {proc.stderr[-800:] if proc else 'timeout'}")
            data = json.loads(proc.stdout)
        network = _holder(data, "method") or {}
        method, k = network.get("method", "?"), network.get("k")
        size = network.get("actors")
        rows.append({"actors": f"{actors:,}", "relationships": f"{len(scenario.relationships):,}",
                     "analyze s": f"{table_s:.1f}", "analyze --format json s": f"{json_s:.1f}",
                     "read_graph s": f"{read_s:.1f}",
                     "betweenness": f"{method}" + (f" (k={k})" if method == "sampled" else "")
                     + (f" on {size:,} actors" if isinstance(size, int) else ""),
                     "vs read_graph": ratio(table_s, read_s)})
        print(f"  analyze {actors:,} actors: {table_s:.1f} s ({method})", flush=True)
    table("3. c2graph analyze (embedded store, baseline scenario, wall time of the command)",
          rows, note=f"betweenness: exact (Brandes) up to {EXACT_BETWEENNESS_LIMIT:,} actors in"
                     f" the coordination network, else estimated from {BETWEENNESS_K} seeded"
                     " sample sources (graph/analysis/coordination.py). read_graph: reading"
                     " the scenario back from the store into networkx, part of every analyze.")


def _holder(data, key):
    """The first mapping anywhere in a JSON document that has ``key``."""
    if isinstance(data, dict):
        if key in data:
            return data
        values = data.values()
    elif isinstance(data, list):
        values = data
    else:
        return None
    for v in values:
        found = _holder(v, key)
        if found is not None:
            return found
    return None
