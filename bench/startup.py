"""5. Cold start: ``c2graph --help`` and a canned query against ``python -c pass``.

Each command runs as a fresh child process, the way a user's shell runs it, several
times; the median wall time is reported.  The query runs against a small store (the
bundled dataset), so the figure is start-up plus one query, not query time.  The
modules each command imports are counted with ``python -X importtime``.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.common import c2graph_cmd, median, ms, ratio, table

RUNS = 9


def wall(cmd: list[str], env: dict | None = None) -> float:
    start = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed: {proc.stderr.strip()[-500:]}")
    return elapsed


def imported(cmd_args: list[str], env: dict) -> tuple[int, list[str]]:
    """How many modules a c2graph command imports, and the heaviest top-level ones."""
    code = ("import sys; sys.argv = ['c2graph'] + sys.argv[1:];"
            " from c2graph.cli import main; main()")
    proc = subprocess.run([sys.executable, "-X", "importtime", "-c", code, *cmd_args],
                          capture_output=True, text=True, env=env)
    rows = []
    for line in proc.stderr.splitlines():
        parts = line[len("import time:"):].split("|") if line.startswith("import time:") else []
        if len(parts) != 3 or not parts[0].strip().isdigit():
            continue  # the header line, or another line on stderr
        name = parts[2].rstrip()
        level = len(name) - len(name.lstrip())
        rows.append((int(parts[1]), name, level))
    top = sorted(((us, name) for us, name, level in rows if level == 1), reverse=True)[:5]
    return len(rows), [f"{name.strip()} {us / 1000:.0f} ms" for us, name in top]


def run(runs: int = RUNS) -> None:
    folder = Path(tempfile.mkdtemp(prefix="c2g-bench-start-"))
    db = f"embedded:{folder / 'db'}"
    env = {**os.environ, "C2GRAPH_DB": db}
    subprocess.run(c2graph_cmd() + ["load"], env=env, check=True, capture_output=True)
    commands = {
        "python -c pass": [sys.executable, "-c", "pass"],
        "c2graph --help": c2graph_cmd() + ["--help"],
        "c2graph query reporting-chain -p post jp.jjoc -s jjoc-2025":
            c2graph_cmd() + ["query", "reporting-chain", "-p", "post", "jp.jjoc",
                             "-s", "jjoc-2025"],
        "c2graph generate --help": c2graph_cmd() + ["generate", "--help"],
    }
    times = {name: [] for name in commands}
    for _ in range(runs):  # interleaved, so a busy moment hits every command alike
        for name, cmd in commands.items():
            times[name].append(wall(cmd, env))
    base = median(times["python -c pass"])
    rows = []
    for name, cmd in commands.items():
        med = median(times[name])
        count, heavy = (imported(cmd[1:], env) if name.startswith("c2graph") else (0, []))
        rows.append({"command": name, "median ms": ms(med), "min ms": ms(min(times[name])),
                     "vs python -c pass": ratio(med, base),
                     "modules imported": count or "",
                     "heaviest imports": ", ".join(heavy)})
    table(f"5. Cold start (median of {runs} runs each, interleaved)", rows,
          note="query: start-up, open the embedded store (starts its engine process),"
               " check parameters, run the query on the bundled dataset, print, stop"
               " the engine.")
    import shutil

    shutil.rmtree(folder, ignore_errors=True)
