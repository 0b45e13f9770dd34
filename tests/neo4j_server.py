"""A real Neo4j 5 server for tests, started from pytest itself.

Why this shape: CI and developer machines reach Maven Central but no Neo4j download
site or Docker registry, so the server is the official ``neo4j-harness`` (Community
edition, run in-process by ``tests/neo4j/Neo4jLauncher.java``) with its jars resolved
by Maven from ``tests/neo4j/pom.xml``.  Needs Java 17+ and Maven on PATH
(``.ci/neo4j-setup.sh`` installs them).

Public API::

    resolve_classpath(refresh=False) -> str          # jar classpath, cached on disk
    start_neo4j(workdir, timeout=120.0) -> Neo4jServer
    Neo4jServer: .uri ("bolt://127.0.0.1:PORT"), .user ("neo4j"), .password,
                 .version (harness version, e.g. "5.26.18"), .log_path,
                 .startup_seconds, .stop(),
                 usable as a context manager
    Neo4jUnavailable(reason)                         # java/mvn/classpath/start failed

The password is env NEO4J_TEST_PASSWORD if set, otherwise a fresh random one.
The server process dies with its parent: it stops when its stdin reaches EOF.
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
import socket
import subprocess
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent / "neo4j"
POM = HERE / "pom.xml"
LAUNCHER = HERE / "Neo4jLauncher.java"
# Small heap and C1-only JIT: starts ~2 s faster on a 2-core box; test queries are tiny.
JAVA_OPTS = ["-Xms256m", "-Xmx1g", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"]


class Neo4jUnavailable(Exception):
    """Neo4j could not be provided here; ``reason`` says why (shown by skip/fail)."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def harness_version() -> str:
    """The neo4j-harness version pinned in the pom: the one source of truth."""
    m = re.search(r"<neo4j\.version>([^<]+)</neo4j\.version>", POM.read_text())
    if not m:
        raise Neo4jUnavailable(f"no <neo4j.version> in {POM}")
    return m.group(1).strip()


def _tool(name: str) -> str:
    path = shutil.which(name)
    if not path:
        raise Neo4jUnavailable(f"'{name}' not found on PATH (run .ci/neo4j-setup.sh)")
    return path


def _cache_file() -> Path:
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "c2graph" / f"neo4j-harness-{harness_version()}.classpath"


def resolve_classpath(refresh: bool = False) -> str:
    """Return the harness classpath, asking Maven only when the cached file is missing,
    older than the pom, or names a jar that is gone (e.g. a wiped ~/.m2)."""
    cache = _cache_file()
    if not refresh and cache.is_file() and cache.stat().st_mtime >= POM.stat().st_mtime:
        cp = cache.read_text().strip()
        if cp and all(os.path.exists(j) for j in cp.split(os.pathsep)):
            return cp
    mvn = _tool("mvn")
    cache.parent.mkdir(parents=True, exist_ok=True)
    tmp = cache.with_suffix(f".tmp{os.getpid()}")
    cmd = [mvn, "-q", "-B", "-f", str(POM), "dependency:build-classpath", f"-Dmdep.outputFile={tmp}"]
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=900)
    except subprocess.TimeoutExpired:
        raise Neo4jUnavailable("mvn dependency:build-classpath timed out after 900 s") from None
    if proc.returncode != 0 or not tmp.is_file():
        tail = "\n".join((proc.stdout + proc.stderr).strip().splitlines()[-20:])
        tmp.unlink(missing_ok=True)
        raise Neo4jUnavailable(f"mvn could not resolve neo4j-harness {harness_version()}:\n{tail}")
    os.replace(tmp, cache)  # atomic, so concurrent sessions never read half a file
    return cache.read_text().strip()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Neo4jServer:
    """A running launcher process. Stop it with ``stop()`` or a ``with`` block."""

    user = "neo4j"

    def __init__(self, proc: subprocess.Popen, uri: str, password: str, log_path: Path):
        self.proc, self.uri, self.password, self.log_path = proc, uri, password, log_path
        self.version = harness_version()

    def stop(self, timeout: float = 30.0) -> None:
        """Close stdin (the launcher's shutdown signal), wait, kill if it hangs."""
        if self.proc.poll() is None:
            try:
                self.proc.stdin.close()
            except OSError:
                pass
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()

    def __enter__(self) -> "Neo4jServer":
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

    def __repr__(self) -> str:
        return f"Neo4jServer({self.uri!r}, pid={self.proc.pid})"


def _log_tail(log_path: Path, workdir: Path, lines: int = 40) -> str:
    """Launcher stderr plus the harness's own neo4j.log, last lines of each."""
    parts = []
    for p in [log_path, *sorted(workdir.glob("*/neo4j.log"))]:
        if p.is_file():
            tail = p.read_text(errors="replace").splitlines()[-lines:]
            parts.append(f"--- {p}\n" + "\n".join(tail))
    return "\n".join(parts) or "(no log output)"


def start_neo4j(workdir: str | os.PathLike, timeout: float = 120.0,
                transaction_max: int = 0) -> Neo4jServer:
    """Start Neo4j on a free loopback port with auth on; return once Bolt is ready.

    ``transaction_max``: the server's ``db.memory.transaction.max`` in bytes (0: none),
    for tests of a memory ceiling.  The port is picked, released, then bound by the
    JVM; if something else grabs it in between, the start is retried on a new port
    (up to 3 tries)."""
    workdir = Path(workdir).resolve()
    workdir.mkdir(parents=True, exist_ok=True)
    java = _tool("java")
    classpath = resolve_classpath()
    password = os.environ.get("NEO4J_TEST_PASSWORD") or secrets.token_urlsafe(18)
    for attempt in range(3):
        log_path = workdir / f"neo4j-launcher-{attempt}.log"
        try:
            return _launch(java, classpath, workdir, password, log_path, timeout,
                           transaction_max)
        except Neo4jUnavailable as e:
            if "Address already in use" not in e.reason or attempt == 2:
                raise


def _launch(java: str, classpath: str, workdir: Path, password: str, log_path: Path,
            timeout: float, transaction_max: int = 0) -> Neo4jServer:
    port = _free_port()
    env = {**os.environ, "NEO4J_TEST_PASSWORD": password,
           "NEO4J_TEST_TRANSACTION_MAX": str(transaction_max)}
    with open(log_path, "ab") as log:
        proc = subprocess.Popen(
            [java, *JAVA_OPTS, "-cp", classpath, str(LAUNCHER), str(port), str(workdir)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=log, env=env, cwd=workdir,
        )

    ready: list[str] = []
    got_line = threading.Event()

    def read_stdout() -> None:
        # Keep draining after READY so the pipe never fills and blocks the JVM.
        for raw in proc.stdout:
            line = raw.decode(errors="replace").strip()
            if line.startswith("READY ") and not ready:
                ready.append(line.split(" ", 1)[1])
                got_line.set()
        got_line.set()  # EOF: the process ended

    threading.Thread(target=read_stdout, name="neo4j-stdout", daemon=True).start()
    started = time.monotonic()
    got_line.wait(timeout)
    server = Neo4jServer(proc, ready[0] if ready else "", password, log_path)
    if not ready:
        exited = got_line.is_set()  # stdout hit EOF: the launcher ended (or is ending)
        server.stop(timeout=10)
        state = f"exited with code {proc.returncode}" if exited else f"not ready after {timeout:.0f} s"
        raise Neo4jUnavailable(f"Neo4j launcher {state}:\n{_log_tail(log_path, workdir)}")
    server.startup_seconds = time.monotonic() - started
    return server
