"""The Neo4j engine, through the official driver.

One driver per store (``GraphDatabase.driver``), ``execute_query`` with
``routing_=READ`` for reads, and a transaction function per scenario for writes,
so each scenario is all-or-nothing and the driver retries transient failures.  The
password comes only from the environment and is scrubbed from every message.
"""

from __future__ import annotations

import logging
import os

from c2graph.graph.store.base import Store, StoreError, StoreUnavailable, procedure_refusal
from c2graph.graph.vocabulary import REL_TYPES

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
] + [
    f"CREATE INDEX c2graph_rel_{t.lower()} IF NOT EXISTS "
    f"FOR ()-[r:{t}]-() ON (r.scenario, r.id)" for t in REL_TYPES
]


class Neo4jStore(Store):
    engine = "neo4j"

    def __init__(self, url: str, user: str | None = None, password: str | None = None,
                 database: str | None = None):
        from neo4j import GraphDatabase

        self.url = url
        self.database = database or os.environ.get("NEO4J_DATABASE") or None
        self._secret = password if password is not None else os.environ.get("NEO4J_PASSWORD")
        user = user or os.environ.get("NEO4J_USERNAME", "neo4j")
        auth = (user, self._secret) if self._secret else None
        self._schema_done = False
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
        if self._secret:
            text = text.replace(self._secret, "***")
        return text

    def close(self) -> None:
        if self._driver is not None:
            self._driver.close()
            self._driver = None

    def server_version(self) -> str:
        info = self._driver.get_server_info()
        return info.agent

    def run_read(self, cypher: str, params: dict | None = None,
                 timeout_ms: int | None = None) -> list[dict]:
        from neo4j import Query, READ_ACCESS

        query = Query(cypher, timeout=timeout_ms / 1000) if timeout_ms else cypher
        try:
            with self._driver.session(database=self.database, default_access_mode=READ_ACCESS,
                                      notifications_min_severity="OFF") as session:
                # no server notifications: on an empty database Neo4j warns of unknown
                # labels, and the driver's logger prints them in the middle of a load
                result = session.run(query, params or {})
                return [to_plain(r.data()) for r in result]
        except Exception as exc:
            raise self._error("query failed", exc) from None

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
        return {r["name"] for r in rows if allowed_procedure(r["name"], r["mode"])}

    def write_reason(self, cypher: str, params: dict | None = None) -> str | None:
        """``EXPLAIN`` plans without running: the summary's query type must be ``r``.

        A READ session alone does not stop writes on a single server, hence this check.
        ``LOAD CSV`` plans as a read but reaches files and URLs, and a procedure call
        must be one the server lists as read-only: both are refused from the plan too.
        """
        try:
            with self._read_session() as session:
                summary = session.run("EXPLAIN " + cypher, params or {}).consume()
        except Exception as exc:
            raise self._error("query failed", exc) from None
        kind = summary.query_type
        if kind in ("w", "rw"):
            return "it writes to the database"
        if kind == "s":
            return "it changes the schema or administers the server"
        if kind != "r":
            return f"the server cannot confirm it is read-only (query type {kind!r})"
        allowed = None
        stack = [summary.plan or {}]
        while stack:
            op = stack.pop()
            stack.extend(op.get("children", []))
            name = str(op.get("operatorType", "")).split("@")[0]
            if name == "LoadCSV":
                return "LOAD CSV reads files or URLs from the server"
            if name == "ProcedureCall":
                details = str(op.get("args", {}).get("Details", ""))
                proc = details.split("(")[0].strip()
                allowed = self.read_only_procedures() if allowed is None else allowed
                if proc not in allowed:
                    return procedure_refusal(proc)
        return None

    def _run_read_only(self, cypher, params, timeout_ms, limit):
        """An explicit READ transaction with a server-side timeout, always rolled back:
        even a write that slipped past ``write_reason`` would leave nothing behind."""
        from c2graph.graph.store.base import QueryTimeout, ReadOnlyRefused, ReadResult

        try:
            with self._read_session() as session:
                tx = session.begin_transaction(
                    timeout=timeout_ms / 1000 if timeout_ms else None)
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
            if "TimedOut" in code:
                raise QueryTimeout(f"query timed out after {timeout_ms / 1000:g} s") from None
            if code == "Neo.ClientError.Statement.AccessMode":  # the READ transaction held
                raise ReadOnlyRefused("it writes to the database") from None
            raise self._error("query failed", exc) from None
        return ReadResult(columns, rows, truncated)

    def _error(self, what: str, exc: Exception) -> StoreError:
        from neo4j.exceptions import AuthError, ServiceUnavailable

        if isinstance(exc, (ServiceUnavailable, AuthError, OSError)):
            return StoreUnavailable(f"{what}: cannot reach Neo4j at {self.url}:"
                                    f" {self._scrub(exc)}")
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

    def _write(self, units) -> None:
        self.ensure_schema()

        def work(tx, unit):
            unit(lambda cypher, params: [tuple(r.values()) for r in tx.run(cypher, params)])

        try:
            # no server notifications: the load seeks nodes with id(), which Neo4j 5
            # reports as deprecated on every statement (elementId() is not measured yet)
            with self._driver.session(database=self.database,
                                      notifications_min_severity="OFF") as session:
                for unit in units:
                    session.execute_write(work, unit)
        except Exception as exc:
            raise self._error("load failed, the scenario being written is unchanged",
                              exc) from None


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
