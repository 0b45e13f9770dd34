"""The store protocol and what both engines share.

A store writes scenarios with batched ``UNWIND $rows … MERGE`` statements, reads
them back as ``networkx.MultiDiGraph`` objects, and runs read-only Cypher.  Engine
differences (transactions, DDL, connection handling) live in the two subclasses;
everything a caller sees is the same for both.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from contextlib import contextmanager
from dataclasses import dataclass
from operator import attrgetter
from typing import Callable, Iterable, Iterator

from c2graph.graph.collector import paused
from c2graph.graph.model import Scenario
from c2graph.graph.schema import ACTOR_FIELDS, RELATIONSHIP_FIELDS, SOURCE_FIELDS
from c2graph.graph.store import statements as st

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


class BadStoreURL(StoreError):
    """The database URL names no engine c2graph knows (bad input: exit code 2)."""

    exit_code = 2


class UnknownScenario(StoreError):
    exit_code = 2


class NotUnicode(StoreError):
    """A value or a query holds a lone surrogate (``textsafety.not_unicode``: a
    command-line byte that is not UTF-8): neither engine's protocol can carry it, so the
    client fails to encode it before anything is sent (bad input: exit code 2)."""

    exit_code = 2


def not_unicode_error(exc: Exception) -> NotUnicode | None:
    """The ``NotUnicode`` a client's encoding failure means, or ``None`` for any other
    failure.  Values checked by the query layer never get here; an id from an option
    (``--base``) can."""
    if isinstance(exc, UnicodeEncodeError) and exc.reason == "surrogates not allowed":
        from c2graph.graph.textsafety import not_unicode

        return NotUnicode(f"a value given holds {not_unicode(exc.object[exc.start:exc.end])}")
    return None


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


#: Procedures a read-only query may call, per engine (``Store.engine``), and then only
#: if the engine itself lists them as READ: the catalogue, index look-ups and FalkorDB's
#: in-memory algorithms.  An explicit list, not a pattern: nothing that loads files,
#: fetches URLs, runs nested Cypher, collects or clears statistics, waits on or
#: resamples indexes, or administers the server, even where the engine calls it READ
#: (Neo4j's db.stats.*, db.resampleIndex, db.awaitIndexes, db.prepareForReplanning).
READ_ONLY_PROCEDURES = {
    "neo4j": frozenset({
        "db.labels", "db.relationshipTypes", "db.propertyKeys", "db.info", "db.ping",
        "db.schema.visualization", "db.schema.nodeTypeProperties",
        "db.schema.relTypeProperties", "db.index.fulltext.queryNodes",
        "db.index.fulltext.queryRelationships", "db.index.vector.queryNodes",
        "db.index.vector.queryRelationships"}),
    "falkordb-embedded": frozenset({
        "db.labels", "db.relationshipTypes", "db.propertyKeys", "db.indexes",
        "db.constraints", "db.meta.stats", "db.idx.fulltext.queryNodes",
        "db.idx.fulltext.queryRelationships", "db.idx.vector.queryNodes",
        "db.idx.vector.queryRelationships", "algo.betweenness", "algo.BFS",
        "algo.labelPropagation", "algo.MSF", "algo.pageRank", "algo.SPpaths",
        "algo.SSpaths", "algo.WCC"}),
}


def allowed_procedure(name: str, mode: str, engine: str) -> bool:
    """Whether a read-only query on ``engine`` may call procedure ``name`` of mode
    ``mode`` (as the engine's own catalogue reports them)."""
    return mode == "READ" and name in READ_ONLY_PROCEDURES.get(engine, frozenset())


def procedure_refusal(name: str) -> str:
    """The reason given for a procedure a read-only query may not call."""
    return (f"procedure {name} is not one of the read-only catalogue procedures"
            " (see 'c2graph cypher --help')")


def batches(rows: list, size: int = BATCH_SIZE) -> Iterable[list]:
    for i in range(0, len(rows), size):
        yield rows[i:i + size]


def write_batches(scenario: Scenario, fresh: bool = False, size: int = BATCH_SIZE,
                  node_id: str = "id"
                  ) -> Iterator[tuple[str, Callable[[Callable[[], dict]], list], bool]]:
    """The statements that write one scenario, each with the rows it carries.

    Yields ``(cypher, rows_of, actors)``, actor statements first (``actors`` true: they
    return ``(actor id, node id)`` rows), grouped by label and type.  ``rows_of(nodes)``
    builds the ``$rows`` parameter when the writer asks for it: a list of value tuples
    (``schema.ACTOR_FIELDS``; or source node, target node, ``RELATIONSHIP_FIELDS``),
    where ``nodes()`` maps each actor id to its node id (actor rows do not call it).
    Rows are built one batch at a time, so a 100,000-actor scenario never exists twice
    in memory.  ``fresh`` (the store holds nothing of that scenario) writes with CREATE
    instead of MERGE.  ``node_id``: the engine's node reference (``statements.NODE_ID``).
    """
    by_kind: dict[str, list] = defaultdict(list)
    for actor in scenario.actors.values():
        by_kind[actor.kind].append(actor)
    for kind, actors in sorted(by_kind.items()):
        cypher = st.create_actors(kind, node_id) if fresh else st.merge_actors(kind, node_id)
        for batch in batches(actors, size):
            yield cypher, lambda nodes, batch=batch: list(map(_actor_row, batch)), True
    del by_kind
    by_type: dict[str, list] = defaultdict(list)
    for rel in scenario.relationships.values():
        by_type[rel.type].append(rel)
    for type_, rels in sorted(by_type.items()):
        cypher = (st.create_relationships(type_, node_id) if fresh
                  else st.merge_relationships(type_, node_id))
        for batch in batches(rels, size):
            yield cypher, lambda nodes, batch=batch: _relationship_rows(batch, nodes), False


_actor_row = attrgetter(*ACTOR_FIELDS)
_relationship_values = attrgetter(*RELATIONSHIP_FIELDS)


def _relationship_rows(batch, nodes: Callable[[], dict]) -> list[tuple]:
    try:
        nodes = nodes()
        return [(nodes[r.source], nodes[r.target], *_relationship_values(r)) for r in batch]
    except KeyError as exc:  # a validated scenario never gets here
        raise StoreError(f"relationship to or from {exc.args[0]!r}, which is not an actor"
                         " of the scenario") from None


def source_rows(scenario: Scenario, catalogue: dict[str, dict] | None) -> list[list]:
    """The catalogue entries the scenario cites, as rows of ``schema.SOURCE_FIELDS``."""
    if not catalogue:
        return []
    cited = sorted(s for s in scenario.cited_sources() if s in catalogue)
    return [[sid] + [catalogue[sid].get(k) for k in SOURCE_FIELDS[1:]] for sid in cited]


def write_scenario(run: Callable[[str, dict], list], scenario: Scenario, token: str,
                   fresh: bool = False, size: int = BATCH_SIZE, sweep: bool = True,
                   progress: Callable[[int], None] | None = None,
                   node_id: str = "id", catalogue: dict[str, dict] | None = None) -> None:
    """Write one scenario, and the ``catalogue`` entries it cites, through
    ``run(cypher, params) -> result rows``.

    ``run`` may answer lazily (the embedded engine sends the next batch before it reads
    the last answer): results are iterated only when needed, and the writer must check
    every answer before it commits.

    ``sweep``: remove what the scenario no longer has (items without ``token``);
    needless when ``fresh`` and no other writer can have added to the scenario.
    """
    params = {"scenario": scenario.id, "token": token}
    nodes: dict = {}
    answers: list = []  # actor statements' results, read only when a relationship needs them

    def known_nodes() -> dict:
        for answer in answers:
            nodes.update(answer)
        answers.clear()
        return nodes

    for cypher, rows_of, actors in write_batches(scenario, fresh, size, node_id):
        rows = rows_of(known_nodes)
        answer = run(cypher, {**params, "rows": rows})
        if actors:
            answers.append(answer)
        if progress:
            progress(len(rows))
    sources = source_rows(scenario, catalogue)
    for batch in batches(sources, size):
        run(st.CREATE_SOURCES if fresh else st.MERGE_SOURCES, {**params, "rows": batch})
    if sweep:
        run(st.DELETE_STALE_RELATIONSHIPS, params)
        run(st.DELETE_STALE_ACTORS, params)
        run(st.DELETE_STALE_SOURCES, params)
    run(st.MERGE_SCENARIO, {"id": scenario.id, "props": scenario.properties()})


class Store:
    """Shared behaviour; subclasses implement ``_write``, ``run_read`` and ``close``."""

    engine = "?"
    url = ""
    #: How a load's statements refer to the nodes they wrote (``statements.NODE_ID``).
    node_id = "id"

    # -- to implement -------------------------------------------------------------------
    def run_read(self, cypher: str, params: dict | None = None) -> list[dict]:
        raise NotImplementedError

    def _write(self, units: list[Callable], atomic: bool = True) -> None:
        """Run the units (callables taking a ``run(cypher, params)``): all of them
        atomically, or (``atomic`` false, where the engine needs it) each one."""
        raise NotImplementedError

    def fits_one_transaction(self, rows: int) -> bool:
        """Whether a load of ``rows`` actors and relationships is written in one
        transaction by default (``load(atomic=None)``)."""
        return True

    def server_version(self) -> str:
        raise NotImplementedError

    def close(self) -> None:
        raise NotImplementedError

    # -- shared ---------------------------------------------------------------------------
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    #: A scenario new to the store stays new until the load's write: nothing else can
    #: add to it in between (the embedded engine's lock), so its load needs no sweep.
    _exclusive_writer = False

    def load(self, scenarios: list[Scenario], replace_all: bool = False,
             progress: Callable[[int], None] | None = None,
             atomic: bool | None = None, sources: dict[str, dict] | None = None) -> None:
        """Write ``scenarios``; each is synchronised to the dataset (stale items removed).

        ``sources`` is the dataset's source catalogue (``Dataset.sources``): each
        scenario keeps the entries it cites (``read_sources``).  With ``replace_all``
        every other scenario in the store is removed too.  ``atomic``: the whole load is
        one transaction, so a failure leaves the store as it was; false: each scenario
        is (a failure leaves the scenarios before it written); ``None``: atomic when
        ``fits_one_transaction``.  The embedded engine is always atomic.
        """
        existing = self.scenario_ids()
        units = [self._scenario_unit(s, progress, fresh=self._is_new(s.id, existing),
                                     catalogue=sources)
                 for s in scenarios]
        if replace_all:
            for sid in sorted(existing - {s.id for s in scenarios}):
                units.append(self._drop_unit(sid))
        if atomic is None:
            atomic = self.fits_one_transaction(sum(u.size for u in units))
        self._write(units, atomic=atomic)

    def scenario_ids(self) -> set[str]:
        """The ids of the scenarios in the store (cheaper than ``scenarios()``)."""
        return {row["id"] for row in self.run_read(st.READ_SCENARIO_IDS)}

    def listed_scenario_ids(self) -> list[str]:
        """The ids ``scenarios()`` lists (not the stored dated states), in id order,
        without counting each scenario's items: on a 50,000-actor store that count
        kept the engine busy 0.6-1.5 s, and a reader of every scenario (the view)
        needs only the ids."""
        return sorted(row["id"] for row in self.run_read(st.READ_LISTED_SCENARIO_IDS))

    def _is_new(self, scenario_id: str, existing: set[str]) -> bool:
        """Nothing of the scenario is in the store: not its node, not an actor."""
        return scenario_id not in existing and \
            not self.run_read(st.SCENARIO_HAS_ACTORS, {"scenario": scenario_id})

    def _scenario_unit(self, scenario: Scenario, progress, fresh: bool = False,
                       size: int = BATCH_SIZE, catalogue: dict | None = None) -> Callable:
        """One atomic write.  ``fresh``: the store holds nothing of this scenario, so its
        items are CREATEd (a Neo4j constraint or the embedded lock rules out a
        concurrent writer; on Neo4j the stale sweep still runs)."""
        token = uuid.uuid4().hex
        sweep = not (fresh and self._exclusive_writer)

        def unit(run):
            write_scenario(run, scenario, token, fresh, size, sweep, progress,
                           self.node_id, catalogue)
        unit.size = len(scenario.actors) + len(scenario.relationships)
        unit.label = scenario.id
        return unit

    def _drop_unit(self, scenario_id: str) -> Callable:
        def unit(run):
            run(st.DELETE_SCENARIO_ACTORS, {"scenario": scenario_id})
            run(st.DELETE_SCENARIO_SOURCES, {"scenario": scenario_id})
            run(st.DELETE_SCENARIO_NODE, {"scenario": scenario_id})
        unit.size = 0
        unit.label = f"the removal of {scenario_id}"
        return unit

    def drop(self, scenario_ids: list[str]) -> None:
        """Remove scenarios from the store."""
        self._write([self._drop_unit(s) for s in scenario_ids])

    def scenarios(self, dated_states: bool = False) -> dict[str, dict]:
        """``{id: {nodes, relationships, title, status, base, ...}}`` for every scenario.

        The stored dated states of a dated scenario (``snapshot_of`` set, e.g.
        ``usfj-jfhq@2025-03-30``; see ``graph.timeline``) are left out unless
        ``dated_states``: they are reached through ``--as-of``, not listed as scenarios.
        """
        out = {}
        for row in self.run_read(st.READ_SCENARIOS):
            meta = dict(row["scenario"])
            sid = meta.pop("id")
            if meta.get("snapshot_of") and not dated_states:
                continue
            out[sid] = {"nodes": row["nodes"], "relationships": row["relationships"], **meta}
        return out

    def root_scenario(self) -> str:
        """The scenario the store's others are built on (``graph.graphs.root_scenario``):
        the default of every command that takes a scenario.  ``UnknownScenario`` when
        the store holds none."""
        from c2graph.graph.graphs import root_scenario

        rows = self.run_read(st.READ_SCENARIO_TREE)
        root = root_scenario({r["id"]: r["base"] for r in rows},
                             {r["id"]: r["date"] for r in rows})
        if root is None:
            raise UnknownScenario("the store holds no scenario: run 'c2graph load' first")
        return root

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
            from c2graph.graph.suggest import suggest
            hint = suggest(scenario_id, known)
            choices = ", ".join(known) or "none: run 'c2graph load' first"
            raise UnknownScenario(f"unknown scenario {scenario_id!r}{hint}; loaded: {choices}")
        return known[scenario_id]

    def as_of(self, scenario_id: str | None, date: str):
        """``graph.timeline.as_of`` for a loaded scenario (``None``: the store's one
        dated timeline): which stored graph holds its structure on ``date`` and what is
        pending.  ``AsOfError`` for an undated scenario or date, ``UnknownScenario``
        when the store lacks the scenario or the dated state the answer names."""
        from c2graph.graph.timeline import as_of, default_dated

        sid = scenario_id or default_dated(self.scenarios())
        answer = as_of(sid, self.require_scenario(sid), date)
        try:
            self.require_scenario(answer.graph)
        except UnknownScenario:
            raise UnknownScenario(f"the store lacks {answer.graph}, the structure of {sid} in"
                                  f" effect on {answer.date}: load the dataset again"
                                  " ('c2graph load')") from None
        return answer

    def read_graph(self, scenario_id: str):
        """The scenario as a ``networkx.MultiDiGraph``.

        Nodes are actor ids with every property (``kind`` included); edges are keyed
        by relationship id with ``type`` plus every property; ``graph.graph`` holds
        the scenario's metadata.  Store-internal properties are left out.  Nodes come
        in actor id order, edges in relationship id order, on both engines.

        Bulk: two queries each answer one list of value lists (``_scenario_items``),
        and the graph is built with ``add_nodes_from``/``add_edges_from``, no per-row
        conversion (100,000 actors: ~19 s row by row before).  The cyclic
        garbage collector is paused meanwhile: the build makes ~1M objects and none
        of them a cycle, yet each collection walked every one already made (a third
        of the time at 100,000 actors, more with another large graph alive).
        """
        meta = self.require_scenario(scenario_id)
        with paused():
            return self._build_graph(scenario_id, meta, *self._scenario_items(scenario_id))

    def read_graphs(self, scenario_ids, each: Callable | None = None) -> dict:
        """``{id: read_graph(id)}`` for several scenarios, in the order given.

        The same graphs, read as one stream (``_scenarios_items``): the embedded
        engine answers the next scenario while this process builds the one before
        (the view of a 50,000-actor store reads four scenarios; one at a time, the
        engine and Python took turns, each idle while the other worked).  ``each``,
        if given, is called with each graph as soon as it is built, while the engine
        is still answering the next: work of the caller's that needs only that graph.
        """
        metas = {sid: self.require_scenario(sid) for sid in scenario_ids}
        graphs = {}
        with paused():
            for sid, (actors, relationships) in zip(metas, self._scenarios_items(list(metas))):
                graphs[sid] = self._build_graph(sid, metas[sid], actors, relationships)
                if each is not None:
                    each(graphs[sid])
        return graphs

    def _scenarios_items(self, scenario_ids: list[str]):
        """``_scenario_items`` of each scenario in turn (an engine that can overlap the
        reads says so by overriding this)."""
        for sid in scenario_ids:
            yield self._scenario_items(sid)

    def _build_graph(self, scenario_id: str, meta: dict, actors: list[list],
                     relationships: list[list]):
        import networkx as nx

        g = nx.MultiDiGraph()
        g.graph.update({k: v for k, v in meta.items() if k not in ("nodes", "relationships")})
        g.graph["id"] = scenario_id
        fields = st.ACTOR_FIELDS
        g.add_nodes_from([(row[0], {k: v for k, v in zip(fields, row) if v is not None})
                          for row in actors])
        fields = ("type", *st.RELATIONSHIP_FIELDS)
        g.add_edges_from([(row[0], row[2], row[3],
                           {k: v for k, v in zip(fields, row[1:2] + row[3:]) if v is not None})
                          for row in relationships])
        return g

    def _scenario_items(self, scenario_id: str) -> tuple[list[list], list[list]]:
        """``statements.READ_ACTORS``' and ``READ_RELATIONSHIPS``' lists, as plain
        Python lists of strings, lists of strings and ``None``."""
        params = {"scenario": scenario_id}
        actors = self.run_read(st.READ_ACTORS, params)[0]["actors"]
        relationships = self.run_read(st.READ_RELATIONSHIPS, params)[0]["relationships"]
        return actors, relationships

    def read_sources(self, scenario_id: str) -> dict[str, dict]:
        """``{source id: {title, author, …}}``: the catalogue entries the scenario cites,
        as loaded with it (empty for a scenario loaded without its catalogue)."""
        out = {}
        order = {k: i for i, k in enumerate(SOURCE_FIELDS)}
        for row in self.run_read(st.READ_SOURCES, {"scenario": scenario_id}):
            # an engine's map has no key order (the embedded client's varies with
            # Python's hashing): the schema's order, so every export is reproducible
            keys = sorted((k for k, v in row["props"].items()
                           if k not in st.INTERNAL_PROPERTIES and v is not None),
                          key=lambda k: (order.get(k, len(order)), k))
            props = {k: row["props"][k] for k in keys}
            out[props.pop("id")] = props
        return out

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

    @contextmanager
    def time_limit(self, seconds: float | None):
        """Every engine call inside (planning, catalogue look-ups, the query itself)
        is bounded by ``seconds``; ``None`` or 0: no limit.  A call past it raises
        ``QueryTimeout``."""
        yield

    def run_read_only(self, cypher: str, params: dict | None = None,
                      timeout_ms: int | None = None, limit: int | None = None) -> ReadResult:
        """Run a query that must not write: refused (``ReadOnlyRefused``) if the engine's
        plan says it would, then run in the engine's read-only mode with a server-side
        timeout (which bounds the planning too), keeping at most ``limit`` rows: the
        engine stops after ``limit + 1`` rows, so memory is bounded by the limit."""
        with self.time_limit(timeout_ms / 1000 if timeout_ms else None):
            reason = self.write_reason(cypher, params)
            if reason:
                raise ReadOnlyRefused(reason)
            return self._run_read_only(cypher, params or {}, timeout_ms, limit)

    def _run_read_only(self, cypher, params, timeout_ms, limit) -> ReadResult:
        raise NotImplementedError
