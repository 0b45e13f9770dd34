"""The Neo4j engine, through the official driver.

One driver per store (``GraphDatabase.driver``), READ sessions for reads, and
transaction functions for writes, so the driver retries transient failures: one
transaction for a whole load (``atomic``, the default when the load fits
``ATOMIC_ROWS``), or one per scenario.  The password comes only from the environment
and is scrubbed from every message.
"""

from __future__ import annotations

import logging
import os
import re
import sys
import time
from contextlib import contextmanager

from neo4j import Query, RoutingControl

from c2graph.graph.schema import REL_TYPES
from c2graph.graph.store.base import (QueryTimeout, Store, StoreError, StoreUnavailable,
                                      not_unicode_error, procedure_refusal)

# The driver logs each retry and each dropped connection at WARNING; with no handler of
# its own Python prints those to stderr, a dozen lines around c2graph's one "Error:" line.
# A NullHandler keeps them out of the terminal; an application that configures logging
# still receives them.
logging.getLogger("neo4j").addHandler(logging.NullHandler())

SCHEMA = [
    "CREATE CONSTRAINT c2graph_actor_key IF NOT EXISTS "
    "FOR (n:Actor) REQUIRE (n.scenario, n.id) IS UNIQUE",
    "CREATE CONSTRAINT c2graph_scenario_id IF NOT EXISTS "
    "FOR (s:Scenario) REQUIRE s.id IS UNIQUE",
    "CREATE CONSTRAINT c2graph_source_key IF NOT EXISTS "
    "FOR (n:Source) REQUIRE (n.scenario, n.id) IS UNIQUE",
] + [
    f"CREATE INDEX c2graph_rel_{t.lower()} IF NOT EXISTS "
    f"FOR ()-[r:{t}]-() ON (r.scenario, r.id)" for t in REL_TYPES
]


#: The largest load (actors + relationships of every scenario in it) written in one
#: transaction by default; larger loads go one scenario per transaction unless
#: ``atomic`` is asked for.  ``C2GRAPH_ATOMIC_ROWS`` overrides.  Measured on Neo4j
#: 5.26 (docs/stores.md): a 100,000-actor scenario (215,927 rows) peaks at ~580 MiB of
#: transaction memory (~2.7 KiB a row), just inside the 690 MiB that a server with a
#: 1 GB heap allows all transactions by default (70% of the heap).  A larger load in
#: one transaction needs a larger server.
ATOMIC_ROWS = 200_000
ATOMIC_ROWS_ENV = "C2GRAPH_ATOMIC_ROWS"
#: Seconds past a query's time limit after which c2graph stops waiting for a server
#: that has not stopped it (``_run_read_only``).
CLIENT_GRACE_S = 5.0
#: The notice printed when the server will not resample its indexes after a write.
RESAMPLE_REFUSED = "the change is written, but Neo4j did not resample its indexes"
#: Neo4j's error codes for a transaction over its memory limit.
_MEMORY_CODES = ("Neo.TransientError.General.MemoryPoolOutOfMemoryError",
                 "Neo.TransientError.General.TransactionMemoryLimit")


class Neo4jStore(Store):
    engine = "neo4j"
    node_id = "elementId"  # id() is deprecated in Neo4j 5

    def __init__(self, url: str, user: str | None = None, password: str | None = None,
                 database: str | None = None):
        from neo4j import GraphDatabase

        self.url = url
        self.database = database or os.environ.get("NEO4J_DATABASE") or None
        self._secret = password if password is not None else os.environ.get("NEO4J_PASSWORD")
        user = user or os.environ.get("NEO4J_USERNAME", "neo4j")
        auth = (user, self._secret) if self._secret else None
        self._schema_done = False
        self._deadline = None  # monotonic time by which a time_limit block must end
        self._limit_s = None
        try:
            self._driver = GraphDatabase.driver(url, auth=auth, connection_timeout=10,
                                                max_transaction_retry_time=15)
            self._driver.verify_connectivity()
        except Exception as exc:
            self._driver = None
            raise StoreUnavailable(f"cannot reach Neo4j at {url}: {self._scrub(exc)}") from None

    def _scrub(self, exc: Exception) -> str:
        text = str(exc).strip().splitlines()[0].rstrip(":") if str(exc).strip() \
            else type(exc).__name__
        return self._hide(text)

    def _hide(self, text: str) -> str:
        """``text`` without the password."""
        return text.replace(self._secret, "***") if self._secret else text

    def close(self) -> None:
        if self._driver is not None:
            self._driver.close()
            self._driver = None

    def server_version(self) -> str:
        info = self._driver.get_server_info()
        return info.agent

    # -- time limits ------------------------------------------------------------------------
    @contextmanager
    def time_limit(self, seconds: float | None):
        """Every query inside (the procedure catalogue, the look-ups, EXPLAIN, the query)
        runs with a server-side timeout of the time left: the server stops it."""
        if not seconds or self._deadline is not None:
            yield
            return
        self._deadline, self._limit_s = time.monotonic() + seconds, seconds
        try:
            yield
        finally:
            self._deadline = self._limit_s = None

    def _bounded(self, cypher: str, timeout_s: float | None = None):
        """``cypher`` with the server-side timeout in force: ``timeout_s``, or what is
        left of the ``time_limit`` block (at least a millisecond: 0 means none)."""
        if timeout_s is None and self._deadline is not None:
            timeout_s = max(0.001, self._deadline - time.monotonic())
        return Query(cypher, timeout=timeout_s) if timeout_s else cypher

    def run_read(self, cypher: str, params: dict | None = None,
                 timeout_ms: int | None = None) -> list[dict]:
        from neo4j import READ_ACCESS

        query = self._bounded(cypher, timeout_ms / 1000 if timeout_ms else None)
        try:
            with self._driver.session(database=self.database, default_access_mode=READ_ACCESS,
                                      notifications_min_severity="OFF") as session:
                # no server notifications: on an empty database Neo4j warns of unknown
                # labels, and the driver's logger prints them in the middle of a load
                result = session.run(query, params or {})
                return [to_plain(r.data()) for r in result]
        except Exception as exc:
            raise self._error("query failed", exc) from None

    def _scenario_items(self, scenario_id: str) -> tuple[list[list], list[list]]:
        """Each list as the single value of a single record: strings and lists of
        them, so nothing needs ``to_plain``, and the driver makes two records instead
        of 200,000 (~5 s of a 100,000-actor read)."""
        from c2graph.graph.store import statements as st

        params = {"scenario": scenario_id}
        try:
            with self._read_session() as session:
                actors = session.run(st.READ_ACTORS, params).single(strict=True)[0]
                relationships = session.run(st.READ_RELATIONSHIPS, params).single(strict=True)[0]
        except Exception as exc:
            raise self._error("query failed", exc) from None
        return actors, relationships

    # -- read-only queries from users ---------------------------------------------------
    def _read_session(self):
        """A READ session without server notifications (deprecation notes would be
        printed by the driver's logger in the middle of command output)."""
        from neo4j import READ_ACCESS

        return self._driver.session(database=self.database, default_access_mode=READ_ACCESS,
                                    notifications_min_severity="OFF")

    def read_only_procedures(self) -> set[str]:
        from c2graph.graph.store.base import allowed_procedure

        rows = self.run_read("SHOW PROCEDURES YIELD name, mode RETURN name, mode")
        return {r["name"] for r in rows
                if allowed_procedure(r["name"], r["mode"], self.engine)}

    def write_reason(self, cypher: str, params: dict | None = None) -> str | None:
        """``EXPLAIN`` plans without running: the query type must be ``r`` and every
        operator of the plan a read operator (``plan_refusal``).

        A READ session alone does not stop writes on a single server, hence this check;
        and the query type alone is not enough: ``LOAD CSV``, ``SHOW SETTINGS``,
        ``TERMINATE TRANSACTIONS`` and procedures that collect statistics all plan as
        ``r``.
        """
        try:
            with self._read_session() as session:
                summary = session.run(self._bounded("EXPLAIN " + cypher),
                                      params or {}).consume()
        except Exception as exc:
            raise self._error("query failed", exc) from None
        kind = summary.query_type
        if kind in ("w", "rw"):
            return "it writes to the database"
        if kind == "s":
            return "it changes the schema or administers the server"
        if kind != "r":
            return f"the server cannot confirm it is read-only (query type {kind!r})"
        return plan_refusal(summary.plan or {}, self.read_only_procedures)

    def _run_read_only(self, cypher, params, timeout_ms, limit):
        """An explicit READ transaction with a server-side timeout, always rolled back:
        even a write that slipped past ``write_reason`` would leave nothing behind.

        The driver streams: after ``limit + 1`` records the transaction is rolled back,
        which discards the rest on the server (10 million rows with a limit of 1,000:
        ~0.2 s), so memory is bounded by the limit.

        The server checks its time limit between rows, not inside one long expression
        (``reduce`` over a big ``range`` ran for 15 minutes past a 30 s limit), and the
        driver has no read timeout.  So the transaction runs in a worker thread, and
        c2graph stops waiting ``CLIENT_GRACE_S`` after the limit: it asks the server to
        terminate the transaction (tagged with a one-off token) and reports the
        timeout; the worker is a daemon and dies with the command."""
        import secrets
        import threading

        if not timeout_ms:
            return self._read_only_transaction(cypher, params, None, limit, {})
        token = secrets.token_hex(8)
        outcome: dict = {}

        def work():
            try:
                outcome["result"] = self._read_only_transaction(
                    cypher, params, timeout_ms, limit, {"c2graph": token})
            except BaseException as exc:  # handed to the caller's thread below
                outcome["error"] = exc

        worker = threading.Thread(target=work, name="c2graph-neo4j-read", daemon=True)
        worker.start()
        worker.join(timeout_ms / 1000 + CLIENT_GRACE_S)
        if worker.is_alive():
            self._terminate_tagged(token)
            raise QueryTimeout(f"query timed out after {timeout_ms / 1000:g} s: the server"
                               " did not stop it at its time limit (Neo4j checks the limit"
                               " between rows, not inside one long expression), so c2graph"
                               " stopped waiting and asked the server to terminate it")
        if "error" in outcome:
            raise outcome["error"]
        return outcome["result"]

    def _terminate_tagged(self, token: str) -> None:
        """Ask the server to terminate the transaction carrying ``token`` (a user may
        always terminate their own transactions).  Best effort: the answer is already
        a timeout, whatever happens here."""
        try:
            with self._driver.session(database=self.database,
                                      notifications_min_severity="OFF") as session:
                rows = session.run(Query(
                    "SHOW TRANSACTIONS YIELD transactionId, metaData"
                    " WHERE metaData.c2graph = $token RETURN transactionId", timeout=5),
                    token=token).data()
                for row in rows:
                    session.run(Query("TERMINATE TRANSACTION $id", timeout=5),
                                id=row["transactionId"]).consume()
        except Exception:  # noqa: BLE001 - the timeout is what the user must see
            logging.getLogger(__name__).debug("could not terminate transaction %s", token)

    def _read_only_transaction(self, cypher, params, timeout_ms, limit, metadata):
        from c2graph.graph.store.base import ReadOnlyRefused, ReadResult
        from neo4j import READ_ACCESS

        try:  # the driver pulls records in batches of fetch_size: limit + 1 are enough
            with self._driver.session(database=self.database, default_access_mode=READ_ACCESS,
                                      notifications_min_severity="OFF",
                                      fetch_size=min(limit + 1, 1000) if limit else 1000
                                      ) as session:
                tx = session.begin_transaction(
                    timeout=timeout_ms / 1000 if timeout_ms else None,
                    metadata=metadata or None)
                try:
                    result = tx.run(cypher, params)
                    columns = list(result.keys())
                    rows, truncated = [], False
                    for record in result:
                        if limit is not None and len(rows) >= limit:
                            truncated = True
                            break
                        rows.append({k: to_plain(record[k]) for k in columns})
                finally:
                    tx.close()  # rolls back: nothing is ever committed
        except Exception as exc:
            code = str(getattr(exc, "code", "") or "")
            if code == "Neo.ClientError.Statement.AccessMode":  # the READ transaction held
                raise ReadOnlyRefused("it writes to the database") from None
            raise self._error("query failed", exc) from None
        return ReadResult(columns, rows, truncated)

    def _error(self, what: str, exc: Exception) -> StoreError:
        """A driver failure as the error the user sees; ``what`` says what failed
        ("query failed", "load failed, nothing changed" …)."""
        from neo4j.exceptions import AuthError, ServiceUnavailable

        not_text = not_unicode_error(exc)
        if not_text is not None:
            return not_text
        if isinstance(exc, (ServiceUnavailable, AuthError, OSError)):
            return StoreUnavailable(f"{what}: cannot reach Neo4j at {self.url}:"
                                    f" {self._scrub(exc)}")
        code = str(getattr(exc, "code", "") or "")
        if "TimedOut" in code and self._limit_s is not None:
            return QueryTimeout(f"query timed out after {self._limit_s:g} s")
        if "TimedOut" in code:
            return QueryTimeout(f"{what.split(',')[0]}: the server's time limit stopped it")
        if code in _MEMORY_CODES:
            doing = "load" if what.startswith("load") else "query"
            advice = ("load fewer scenarios at once, or use --no-atomic" if doing == "load"
                      else "narrow it")
            return StoreError(f"the {doing} needs more memory than the Neo4j server allows"
                              f" ({_server_message(exc)}); {advice}, or ask the server's"
                              " administrator to raise db.memory.transaction.max")
        return StoreError(f"{what}: {self._scrub(exc)}")

    def ensure_schema(self) -> None:
        if self._schema_done:
            return
        try:
            for statement in SCHEMA:
                self._driver.execute_query(statement, database_=self.database)
        except Exception as exc:
            raise self._error("cannot create constraints and indexes", exc) from None
        self._schema_done = True

    def _write(self, units, atomic: bool = True) -> None:
        """``atomic``: every unit in one transaction, so a failed load leaves the store
        as it was.  Otherwise one transaction per unit (a scenario): a failure leaves
        the units before it written and the failing one unchanged."""
        self.ensure_schema()

        def work(tx, todo):
            run = lambda cypher, params: [tuple(r.values()) for r in tx.run(cypher, params)]  # noqa: E731
            for unit in todo:
                unit(run)

        done: list = []
        try:
            with self._driver.session(database=self.database,
                                      notifications_min_severity="OFF") as session:
                if atomic:
                    session.execute_write(work, units)
                else:
                    for unit in units:
                        session.execute_write(work, [unit])
                        done.append(unit)
        except Exception as exc:
            if atomic or not done:
                raise self._error("load failed, nothing changed", exc) from None
            raise self._error(f"load failed after writing {', '.join(u.label for u in done)};"
                              f" {units[len(done)].label} and the rest are unchanged",
                              exc) from None
        self._refresh_statistics()

    def _refresh_statistics(self) -> None:
        """Resample the indexes a write made outdated, so the next query is planned on
        the store as it now is.

        Why: Neo4j plans from index samples, and a sample taken while the store was
        empty or small stays until its background sampler gets round to it.  Planned on
        such a sample, the canned reporting chain scanned the whole ``(scenario, id)``
        index (100,060 db hits, ~20 ms at 100,000 actors) instead of seeking the post
        (61 db hits, ~2 ms): docs/stores.md.  ``db.resampleOutdatedIndexes`` is a READ
        procedure open to every user; in every run measured the new samples were in
        place when it returned (0.1 s at 100,000 actors).  The write has committed by
        now, so a server that refuses the call is reported on stderr, not turned into a
        failed write."""
        try:
            self._driver.execute_query("CALL db.resampleOutdatedIndexes()",
                                       database_=self.database, routing_=RoutingControl.READ)
        except Exception as exc:
            print(f"c2graph: {RESAMPLE_REFUSED} ({self._hide(_server_message(exc))});"
                  " queries may be planned on the store as it was until the server"
                  " samples it",
                  file=sys.stderr)

    def fits_one_transaction(self, rows: int) -> bool:
        return rows <= self.atomic_rows()

    def atomic_rows(self) -> int:
        raw = os.environ.get(ATOMIC_ROWS_ENV, "").strip()
        if not raw:
            return ATOMIC_ROWS
        try:
            return int(raw.replace("_", "").replace(",", ""))
        except ValueError:
            raise StoreError(f"{ATOMIC_ROWS_ENV}={raw!r} is not a number of rows") from None


def _server_message(exc: Exception) -> str:
    """The server's own words of a failure (e.g. which memory limit was reached)."""
    text = str(getattr(exc, "message", "") or exc).strip().splitlines()
    return text[0].rstrip(".") if text else type(exc).__name__


#: Operators of a Neo4j 5 plan that only read (Neo4j's operator reference, read
#: operators only).  Anything else in a plan is refused: writing operators, LoadCSV,
#: the SHOW/TERMINATE commands (ShowSettings, TerminateTransactions …, which plan as
#: query type ``r``), and whatever a later server adds until it is looked at.
READ_OPERATORS = frozenset("""
AllNodesScan AntiConditionalApply AntiSemiApply Apply Argument ArgumentTracker
AssertSameNode AssertSameRelationship BFSPruningVarLengthExpand CacheProperties
CartesianProduct ConditionalApply DirectedAllRelationshipsScan
DirectedRelationshipByElementIdSeek DirectedRelationshipByIdSeek
DirectedRelationshipIndexContainsScan DirectedRelationshipIndexEndsWithScan
DirectedRelationshipIndexScan DirectedRelationshipIndexSeek
DirectedRelationshipIndexSeekByRange DirectedRelationshipTypeScan
DirectedRelationshipUniqueIndexSeek DirectedRelationshipUniqueIndexSeekByRange
DirectedUnionRelationshipTypesScan Distinct Eager EagerAggregation EmptyResult EmptyRow
ExhaustiveLimit Expand(All) Expand(Into) Filter IntersectionNodeByLabelsScan
LetAntiSemiApply LetSelectOrAntiSemiApply LetSelectOrSemiApply LetSemiApply Limit
MultiNodeIndexSeek NodeByElementIdSeek NodeByIdSeek NodeByLabelScan
NodeCountFromCountStore NodeHashJoin NodeIndexContainsScan NodeIndexEndsWithScan
NodeIndexScan NodeIndexSeek NodeIndexSeekByRange NodeLeftOuterHashJoin
NodeRightOuterHashJoin NodeUniqueIndexSeek NodeUniqueIndexSeekByRange NullifyMetadata
Optional OptionalExpand(All) OptionalExpand(Into) OrderedAggregation OrderedDistinct
OrderedUnion PartialSort PartialTop ProcedureCall ProduceResults ProjectEndpoints
Projection RelationshipCountFromCountStore Repeat(Trail) RollUpApply
SelectOrAntiSemiApply SelectOrSemiApply SemiApply ShortestPath Skip Sort
StatefulShortestPath(All) StatefulShortestPath(Into) SubtractionNodeByLabelsScan Top
Trail TriadicBuild TriadicFilter TriadicSelection UndirectedAllRelationshipsScan
UndirectedRelationshipByElementIdSeek UndirectedRelationshipByIdSeek
UndirectedRelationshipIndexContainsScan UndirectedRelationshipIndexEndsWithScan
UndirectedRelationshipIndexScan UndirectedRelationshipIndexSeek
UndirectedRelationshipIndexSeekByRange UndirectedRelationshipTypeScan
UndirectedRelationshipUniqueIndexSeek UndirectedRelationshipUniqueIndexSeekByRange
UndirectedUnionRelationshipTypesScan Union UnionNodeByLabelsScan Unwind ValueHashJoin
VarLengthExpand(All) VarLengthExpand(Into) VarLengthExpand(Pruning)
VarLengthExpand(Pruning,BFS) VarLengthExpand(Pruning,BFS,All)
VarLengthExpand(Pruning,BFS,Into)
""".split())
#: String literals in a plan's text, dropped before the text is searched.
_PLAN_STRINGS = re.compile(r'"(?:[^"\\]|\\.)*"|\'(?:[^\'\\]|\\.)*\'|`(?:[^`]|``)*`')
#: What a subquery expression nested in an operator's details must not hold.  Neo4j
#: plans a COUNT/EXISTS/COLLECT subquery inside an expression (a CASE, a list) as text
#: in the details of the operator that evaluates it, not as operators of its own: its
#: LOAD CSV or procedure call shows only there (keywords are written in capitals).
_PLAN_WRITES = re.compile(r"(?<![.:$\w])(CREATE|MERGE|SET|DELETE|DETACH|REMOVE|FOREACH|INSERT"
                          r"|SHOW|TERMINATE|USE)(?![\w])")
_PLAN_LOAD_CSV = re.compile(r"(?<![.:$\w])LOAD\s+CSV(?![\w])", re.IGNORECASE)
_PLAN_CALL = re.compile(r"ResolvedCall\(\s*([\w.`]+)")
_PLAN_SUBQUERY = re.compile(r"(?<![.:$\w])(COLLECT|EXISTS|COUNT|CALL)\s*\{")


def _subqueries(text: str) -> list[str]:
    """The bodies of the ``COLLECT { … }`` (``EXISTS``, ``COUNT``, ``CALL``) subqueries
    written out in a plan's text (strings already removed), nested ones included."""
    bodies = []
    for match in _PLAN_SUBQUERY.finditer(text):
        depth, start = 0, match.end() - 1
        for end in range(start, len(text)):
            depth += {"{": 1, "}": -1}.get(text[end], 0)
            if depth == 0:
                break
        bodies.append(text[start + 1:end])
    return bodies


def plan_refusal(plan: dict, read_only_procedures) -> str | None:
    """Why a Neo4j plan (``summary.plan``) is not read-only, or ``None``.

    Walks every operator, nested ones included: its name must be a read operator, a
    ``ProcedureCall`` must call a procedure of ``read_only_procedures()`` (called at
    most once), and no argument of any operator may hold a nested ``LOAD CSV``, a
    procedure call outside the list, or, inside a subquery written out there, a
    writing or administration keyword (only there: a column may be named CREATE).
    """
    allowed: list[set[str]] = []

    def procedure_ok(name: str) -> bool:
        if not allowed:
            allowed.append(set(read_only_procedures()))
        return name.replace("`", "") in allowed[0]

    stack = [plan]
    while stack:
        op = stack.pop()
        stack.extend(op.get("children", []))
        name = str(op.get("operatorType", "")).split("@")[0]
        args = op.get("args", {}) or {}
        if name == "LoadCSV":
            return "LOAD CSV reads files or URLs from the server"
        if name not in READ_OPERATORS:
            return f"the server's plan holds the operator {name}, which is not a read operator"
        if name == "ProcedureCall":
            proc = str(args.get("Details", "")).split("(")[0].strip()
            if not procedure_ok(proc):
                return procedure_refusal(proc)
        for value in args.values():
            if not isinstance(value, str):
                continue
            text = _PLAN_STRINGS.sub('""', value)
            if _PLAN_LOAD_CSV.search(text):
                return "LOAD CSV reads files or URLs from the server"
            for proc in _PLAN_CALL.findall(text):
                if not procedure_ok(proc):
                    return procedure_refusal(proc.replace("`", ""))
            found = next(filter(None, map(_PLAN_WRITES.search, _subqueries(text))), None)
            if found:
                return (f"the server's plan holds {found.group(1)} inside the operator {name}"
                        " (a nested subquery)")
    return None


def to_plain(value):
    """Driver values (nodes, relationships, paths, temporal types) as plain Python."""
    from neo4j.graph import Node, Path, Relationship

    if isinstance(value, Node):
        return {"labels": sorted(value.labels), **dict(value)}
    if isinstance(value, Relationship):
        return {"type": value.type, **dict(value)}
    if isinstance(value, Path):
        return [to_plain(n) for n in value.nodes]
    if isinstance(value, list):
        return [to_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: to_plain(v) for k, v in value.items()}
    if hasattr(value, "iso_format"):
        return value.iso_format()
    return value
