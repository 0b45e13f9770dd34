"""The store protocol and what both engines share.

A store writes scenarios with batched ``UNWIND $rows … MERGE`` statements, reads
them back as ``networkx.MultiDiGraph`` objects, and runs read-only Cypher.  Engine
differences (transactions, DDL, connection handling) live in the two subclasses;
everything a caller sees is the same for both.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass
from typing import Callable, Iterable, Iterator

from graph.model import Scenario
from graph.store import statements as st

BATCH_SIZE = 2000


class StoreError(Exception):
    """An expected store failure: the message is safe to show (no secrets)."""

    exit_code = 1


class StoreUnavailable(StoreError):
    """The database cannot be reached or started."""

    exit_code = 3


class StoreBusy(StoreError):
    """Another c2graph process holds the embedded store."""

    exit_code = 4


class UnknownScenario(StoreError):
    exit_code = 2


class ReadOnlyRefused(StoreError):
    """A query handed to ``run_read_only`` would write, change the schema or reach
    outside the database; it was refused before it ran."""

    exit_code = 2

    def __init__(self, reason: str):
        self.reason = reason
        super().__init__(f"refused: {reason}; c2graph runs read-only Cypher only,"
                         " and nothing was run")


class QueryTimeout(StoreError):
    """The server stopped a query at its time limit."""

    exit_code = 1


@dataclass
class ReadResult:
    """Rows of a read-only query plus its column names (known even with no rows)."""

    columns: list[str]
    rows: list[dict]
    truncated: bool = False   # more rows existed than the limit asked for


#: Procedures a read-only query may call (and then only if the engine itself lists
#: them as read-only): the catalogue, index look-ups and FalkorDB's in-memory
#: algorithms.  Nothing that loads files, fetches URLs, runs nested Cypher, collects
#: statistics or administers the server, even where the engine calls it READ.
READ_ONLY_PROCEDURES = frozenset({
    "db.labels", "db.relationshipTypes", "db.propertyKeys", "db.indexes", "db.constraints",
    "db.info", "db.ping", "db.meta.stats", "db.schema.visualization",
    "db.schema.nodeTypeProperties", "db.schema.relTypeProperties",
    "db.index.fulltext.queryNodes", "db.index.fulltext.queryRelationships",
    "db.index.vector.queryNodes", "db.index.vector.queryRelationships",
    "db.idx.fulltext.queryNodes", "db.idx.fulltext.queryRelationships",
    "db.idx.vector.queryNodes", "db.idx.vector.queryRelationships",
})
READ_ONLY_PROCEDURE_PREFIXES = ("algo.",)


def allowed_procedure(name: str, mode: str) -> bool:
    """Whether a read-only query may call procedure ``name`` of engine mode ``mode``."""
    return mode == "READ" and (name in READ_ONLY_PROCEDURES
                               or name.startswith(READ_ONLY_PROCEDURE_PREFIXES))


def procedure_refusal(name: str) -> str:
    """The reason given for a procedure a read-only query may not call."""
    return (f"procedure {name} is not one of the read-only catalogue procedures"
            " (see 'c2graph cypher --help')")


def batches(rows: list, size: int = BATCH_SIZE) -> Iterable[list]:
    for i in range(0, len(rows), size):
        yield rows[i:i + size]


def write_batches(scenario: Scenario, token: str,
                  fresh: bool = False) -> Iterator[tuple[str, list[dict]]]:
    """The (statement, rows) pairs that write one scenario, grouped by label and type.

    Rows are built one batch at a time, as the writer asks for them, so a 100,000
    actor scenario never exists twice in memory.  ``fresh`` (the store holds no
    scenario of that id) writes with CREATE instead of MERGE.
    """
    by_kind: dict[str, list] = defaultdict(list)
    for actor in scenario.actors.values():
        by_kind[actor.kind].append(actor)
    for kind, actors in sorted(by_kind.items()):
        cypher = st.create_actors(kind) if fresh else st.merge_actors(kind)
        for batch in batches(actors):
            rows = []
            for actor in batch:
                props = actor.properties()
                props.update(scenario=scenario.id, **{st.LOAD_TOKEN: token})
                rows.append({"scenario": scenario.id, "id": actor.id, "props": props})
            yield cypher, rows
    del by_kind
    by_type: dict[str, list] = defaultdict(list)
    for rel in scenario.relationships.values():
        by_type[rel.type].append(rel)
    for type_, rels in sorted(by_type.items()):
        cypher = st.create_relationships(type_) if fresh else st.merge_relationships(type_)
        for batch in batches(rels):
            rows = []
            for rel in batch:
                props = rel.properties()
                props.update(scenario=scenario.id, **{st.LOAD_TOKEN: token})
                rows.append({"scenario": scenario.id, "id": rel.id, "source": rel.source,
                             "target": rel.target, "props": props})
            yield cypher, rows


def write_plan(scenario: Scenario, token: str, fresh: bool = False) -> list[tuple[str, list[dict]]]:
    """``write_batches`` as a list (for inspection and tests)."""
    return list(write_batches(scenario, token, fresh))


class Store:
    """Shared behaviour; subclasses implement ``_write``, ``run_read`` and ``close``."""

    engine = "?"
    url = ""

    # -- to implement -------------------------------------------------------------------
    def run_read(self, cypher: str, params: dict | None = None) -> list[dict]:
        raise NotImplementedError

    def _write(self, units: list[Callable]) -> None:
        """Run each unit (a callable taking a ``run(cypher, params)``) atomically."""
        raise NotImplementedError

    def server_version(self) -> str:
        raise NotImplementedError

    def close(self) -> None:
        raise NotImplementedError

    # -- shared ---------------------------------------------------------------------------
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def load(self, scenarios: list[Scenario], replace_all: bool = False,
             progress: Callable[[int], None] | None = None) -> None:
        """Write ``scenarios``; each is synchronised to the dataset (stale items removed).

        With ``replace_all`` every other scenario in the store is removed too.  Each
        scenario is atomic: a failure leaves it as it was before the load.
        """
        existing = set(self.scenarios())
        units = [self._scenario_unit(s, progress, fresh=s.id not in existing)
                 for s in scenarios]
        if replace_all:
            for sid in sorted(existing - {s.id for s in scenarios}):
                units.append(self._drop_unit(sid))
        self._write(units)

    def _scenario_unit(self, scenario: Scenario, progress, fresh: bool = False) -> Callable:
        """One atomic write.  ``fresh``: the store holds no scenario of this id, so its
        items are CREATEd (a Neo4j constraint or the embedded lock rules out a
        concurrent writer; the stale sweep below still runs)."""
        token = uuid.uuid4().hex

        def unit(run):
            for cypher, rows in write_batches(scenario, token, fresh):
                run(cypher, {"rows": rows})
                if progress:
                    progress(len(rows))
            params = {"scenario": scenario.id, "token": token}
            run(st.DELETE_STALE_RELATIONSHIPS, params)
            run(st.DELETE_STALE_ACTORS, params)
            run(st.MERGE_SCENARIO, {"id": scenario.id, "props": scenario.properties()})
        unit.size = len(scenario.actors) + len(scenario.relationships)
        return unit

    def _drop_unit(self, scenario_id: str) -> Callable:
        def unit(run):
            run(st.DELETE_SCENARIO_ACTORS, {"scenario": scenario_id})
            run(st.DELETE_SCENARIO_NODE, {"scenario": scenario_id})
        unit.size = 0
        return unit

    def drop(self, scenario_ids: list[str]) -> None:
        """Remove scenarios from the store."""
        self._write([self._drop_unit(s) for s in scenario_ids])

    def scenarios(self) -> dict[str, dict]:
        """``{id: {nodes, relationships, title, status, base, ...}}`` for every scenario."""
        out = {}
        for row in self.run_read(st.READ_SCENARIOS):
            meta = dict(row["scenario"])
            sid = meta.pop("id")
            out[sid] = {"nodes": row["nodes"], "relationships": row["relationships"], **meta}
        return out

    def require_scenario(self, scenario_id: str) -> dict:
        """The scenario's metadata (title, status, base, ...), or ``UnknownScenario``.

        One index lookup: counting every scenario's nodes (``scenarios()``) took
        most of a canned query's time on a large store, so it runs only to word
        the error.
        """
        rows = self.run_read(st.READ_SCENARIO, {"id": scenario_id})
        if rows:
            return {k: v for k, v in dict(rows[0]["scenario"]).items() if k != "id"}
        known = self.scenarios()
        if scenario_id not in known:
            from graph.suggest import suggest
            hint = suggest(scenario_id, known)
            choices = ", ".join(known) or "none: run 'c2graph load' first"
            raise UnknownScenario(f"unknown scenario {scenario_id!r}{hint}; loaded: {choices}")
        return known[scenario_id]

    def read_graph(self, scenario_id: str):
        """The scenario as a ``networkx.MultiDiGraph``.

        Nodes are actor ids with every property (``kind`` included); edges are keyed
        by relationship id with ``type`` plus every property; ``graph.graph`` holds
        the scenario's metadata.  Store-internal properties are left out.
        """
        import networkx as nx

        meta = self.require_scenario(scenario_id)
        g = nx.MultiDiGraph()
        g.graph.update({k: v for k, v in meta.items() if k not in ("nodes", "relationships")})
        g.graph["id"] = scenario_id
        params = {"scenario": scenario_id}
        for row in self.run_read(st.READ_ACTORS, params):
            props = {k: v for k, v in row["props"].items() if k not in st.INTERNAL_PROPERTIES}
            g.add_node(props["id"], **props)
        for row in self.run_read(st.READ_RELATIONSHIPS, params):
            props = {k: v for k, v in row["props"].items() if k not in st.INTERNAL_PROPERTIES}
            g.add_edge(row["source"], row["target"], key=props["id"], type=row["type"], **props)
        return g

    # -- read-only queries from users (c2graph query / cypher / what-if) --------------------
    def read_only_procedures(self) -> set[str]:
        """Names of the procedures a read-only query may call on this engine."""
        raise NotImplementedError

    def write_reason(self, cypher: str, params: dict | None = None) -> str | None:
        """Why the engine's own plan says ``cypher`` is not read-only, or ``None``.

        Asks the server to plan (not run) the query: Neo4j's ``EXPLAIN`` query type,
        FalkorDB's ``GRAPH.EXPLAIN`` operators.
        """
        raise NotImplementedError

    def run_read_only(self, cypher: str, params: dict | None = None,
                      timeout_ms: int | None = None, limit: int | None = None) -> ReadResult:
        """Run a query that must not write: refused (``ReadOnlyRefused``) if the engine's
        plan says it would, then run in the engine's read-only mode with a server-side
        timeout, keeping at most ``limit`` rows."""
        reason = self.write_reason(cypher, params)
        if reason:
            raise ReadOnlyRefused(reason)
        return self._run_read_only(cypher, params or {}, timeout_ms, limit)

    def _run_read_only(self, cypher, params, timeout_ms, limit) -> ReadResult:
        raise NotImplementedError
