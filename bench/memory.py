"""6. Peak memory (max RSS) of loading a 100k-actor dataset with ``c2graph load``.

The load runs in a child process (``bench/_memchild.py``) that calls the command
in-process and reports ``resource.getrusage``: RUSAGE_SELF is the c2graph process
(reading, validating and writing the dataset), RUSAGE_CHILDREN its embedded engine
(redis-server with FalkorDB, which holds the graph).  The ratio to a bare Python
process that only imports c2graph's loaders shows what the data itself costs.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.common import ROOT, dataset, table


def child(args: list[str]) -> dict:
    proc = subprocess.run([sys.executable, str(ROOT / "bench" / "_memchild.py"), *args],
                          capture_output=True, text=True, cwd=ROOT, timeout=3600)
    if proc.returncode != 0:
        raise RuntimeError(f"memory child failed: {proc.stderr.strip()[-800:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def run(actors: int) -> None:
    folder = dataset(actors)
    rows = []
    idle = child(["idle"])
    rows.append({"what": "python importing loaders + graph.store (no data)",
                 "c2graph MB": f"{idle['self_mb']:.0f}", "engine MB": "-",
                 "seconds": "-", "vs idle": "1.0x"})
    for label, extra in ((f"c2graph load ({actors:,} actors, baseline only)",
                          ["--scenario", "baseline"]),
                         (f"c2graph load ({actors:,} actors, all 4 scenarios,"
                          f" {4 * actors:,} nodes written)", [])):
        with tempfile.TemporaryDirectory(prefix="c2g-bench-mem-") as tmp:
            got = child(["load", str(folder), "--db", f"embedded:{Path(tmp) / 'db'}", *extra])
        rows.append({"what": label, "c2graph MB": f"{got['self_mb']:.0f}",
                     "engine MB": f"{got['children_mb']:.0f}",
                     "seconds": f"{got['seconds']:.1f}",
                     "vs idle": f"{got['self_mb'] / idle['self_mb']:.1f}x"})
        print(f"  memory: {label}: {got['self_mb']:.0f} MB", flush=True)
    table("6. Peak memory (max RSS) of a load", rows,
          note="c2graph MB: the c2graph process (read, validate, write); engine MB: its"
               " embedded engine child (the graph itself, in redis-server). The target"
               " (< 1 GB) is for the c2graph process; the engine's memory is the stored"
               " graph and grows with what is loaded.")
