"""Child process of bench/memory.py: run one c2graph command, print its peak memory.

Usage: python bench/_memchild.py idle | ARGS...  -> one JSON line on stdout.

Peak RSS is read from ``VmHWM`` in /proc: the c2graph process's own at the end, and
the embedded engine's (redis-server) just before the store stops it.  Not
``ru_maxrss``: Linux carries it across ``exec``, so a child forked from a large
process reports that process's size (the bench runner's, or c2graph's for its
engine) whatever it used itself.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path


def peak_mb(pid: int | str = "self") -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def main() -> None:
    start = time.perf_counter()
    engine = {"mb": 0.0}
    if sys.argv[1] == "idle":
        import c2graph.graph.store.base  # noqa: F401
        import c2graph.loaders.yaml_dataset  # noqa: F401
    else:
        import contextlib
        import io

        from c2graph.cli import cli
        from c2graph.graph.store.embedded import EmbeddedStore

        close = EmbeddedStore.close

        def close_and_measure(store):
            if store._proc is not None and store._proc.poll() is None:
                engine["mb"] = max(engine["mb"], peak_mb(store._proc.pid))
            close(store)

        EmbeddedStore.close = close_and_measure
        with contextlib.redirect_stdout(io.StringIO()):
            cli(sys.argv[1:], prog_name="c2graph", standalone_mode=False)
    print(json.dumps({"self_mb": peak_mb(), "children_mb": engine["mb"],
                      "seconds": time.perf_counter() - start}))


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    main()
