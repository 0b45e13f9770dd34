"""8. The row limit in the engine: ``c2graph cypher`` on 10 million rows with ``--limit 1000``.

Issue 12 measured 19 s and 3 GB to print 1,000 rows, because the limit was applied
after FalkorDB had sent the whole result.  The limit now reaches the engine
(``RESULTSET_SIZE`` = limit + 1).  Each case runs in a child process with a fresh
embedded store; peak memory is ``VmHWM`` of the c2graph process and of its engine.
The "after transfer" case is the old path (the whole result read, then cut), run with
a query memory large enough for it to finish.  Neo4j streams, so its limit never
waited for the whole result (tests/test_resources.py checks the answer on both).
"""

from __future__ import annotations

import json
import subprocess
import sys

from bench.common import ROOT, ratio, table

QUERY = "UNWIND range(1, 10000) AS x UNWIND range(1, 1000) AS y RETURN x, y"

_CHILD = r'''
import json, sys, tempfile, time
from pathlib import Path
from c2graph.graph.store import open_store
from c2graph.graph.store.embedded import GRAPH_KEY
from c2graph.cypher.runner import run_adhoc

def peak(pid="self"):
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024

with tempfile.TemporaryDirectory(prefix="c2g-bench-limit-") as tmp:
    with open_store(f"embedded:{tmp}/db") as store:
        start = time.perf_counter()
        if sys.argv[1] == "engine":
            rows = run_adhoc(store, sys.argv[2], limit=1000).rows
        else:
            result = store._db.select_graph(GRAPH_KEY).ro_query(sys.argv[2])
            rows = result.result_set[:1000]
        seconds = time.perf_counter() - start
        engine = peak(store._proc.pid)
print(json.dumps({"seconds": seconds, "rows": len(rows), "self_mb": peak(),
                  "engine_mb": engine}))
'''


def child(mode: str) -> dict:
    env = {"C2GRAPH_QUERY_MEMORY": "3G", "C2GRAPH_ENGINE_MEMORY": "8G"} if mode == "transfer" \
        else {}
    import os

    proc = subprocess.run([sys.executable, "-c", _CHILD, mode, QUERY], capture_output=True,
                          text=True, cwd=ROOT, timeout=1800, env={**os.environ, **env})
    if proc.returncode != 0:
        raise RuntimeError(f"limit child failed: {proc.stderr.strip()[-800:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def run() -> None:
    ours, old = child("engine"), child("transfer")
    rows = [{"what": what, "rows kept": f"{r['rows']:,}", "seconds": f"{r['seconds']:.2f}",
             "c2graph MB": f"{r['self_mb']:.0f}", "engine MB": f"{r['engine_mb']:.0f}"}
            for what, r in (("limit in the engine (RESULTSET_SIZE 1,001)", ours),
                            ("limit after transfer (the old path)", old))]
    table("8. Row limit: 10,000,000 rows, --limit 1000 (embedded engine)", rows,
          note=f"the old path took {ratio(old['seconds'], ours['seconds'])} the time,"
               f" {ratio(old['self_mb'], ours['self_mb'])} the c2graph memory and"
               f" {ratio(old['engine_mb'], ours['engine_mb'])} the engine memory.")
