"""The Neo4j engine, through the official driver.

One driver per store (``GraphDatabase.driver``), ``execute_query`` with
``routing_=READ`` for reads, and a transaction function per scenario for writes,
so each scenario is all-or-nothing and the driver retries transient failures.  The
password comes only from the environment and is scrubbed from every message.
"""

from __future__ import annotations

import os

from graph.store.base import Store, StoreError, StoreUnavailable
from graph.vocabulary import REL_TYPES

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
        text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
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
            with self._driver.session(database=self.database,
                                      default_access_mode=READ_ACCESS) as session:
                result = session.run(query, params or {})
                return [to_plain(r.data()) for r in result]
        except Exception as exc:
            raise self._error("query failed", exc) from None

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
            unit(lambda cypher, params: tx.run(cypher, params).consume())

        try:
            with self._driver.session(database=self.database) as session:
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
