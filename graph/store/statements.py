"""Cypher for writing and reading scenarios, generated from the schema.

Labels and relationship types are interpolated only from ``graph.schema`` (never
from data); every value travels as a parameter.  Both engines run these statements
unchanged: they use the common subset of Neo4j 5 and FalkorDB Cypher.
"""

from __future__ import annotations

from c2graph.graph.schema import (ACTOR_FIELDS, ACTOR_LABEL, KINDS, RELATIONSHIP_FIELDS,
                                  REL_TYPES, SCENARIO_LABEL, SOURCE_FIELDS, SOURCE_LABEL,
                                  kind_label, rel_type)

#: Property stamped on everything a load writes; what lacks the current token after a
#: load is stale and removed, so re-running a load converges on the dataset.
LOAD_TOKEN = "load_token"
#: Properties a store adds that are not part of the model.
INTERNAL_PROPERTIES = frozenset({"scenario", LOAD_TOKEN})


# -- writing a scenario ---------------------------------------------------------------------
#
# A load writes actors first, a batch of rows (``$rows``) per statement, and gets back
# each actor's node: ``RETURN p[0] AS id, <node id>(n) AS node``, the engine's own
# reference to the node it just wrote.  Relationship rows name their endpoints by that
# reference, so a relationship finds them with a seek instead of two index look-ups by
# (scenario, id): on FalkorDB those look-ups were most of a load's server time.  The
# reference is ``elementId()`` on Neo4j (5 deprecates ``id()``) and ``id()`` on
# FalkorDB, where it is current (``NODE_ID``).  Rows are lists of values in the
# schema's property order (``schema.ACTOR_FIELDS``, ``schema.RELATIONSHIP_FIELDS``),
# not maps: they are cheaper to build and to send, and the statement makes the
# property map.  ``$scenario`` and ``$token`` are stamped by the statement rather than
# repeated in every row.  A null in a row leaves that property unset, as a missing key
# did.

#: The function that gives a node's engine reference: ``id`` (FalkorDB) or
#: ``elementId`` (Neo4j).
NODE_ID = ("id", "elementId")


def _row_props(fields: tuple, row: str, first: int) -> str:
    """``id: p[0], kind: p[1], …``: the property map of a row of values."""
    return ", ".join(f"{k}: {row}[{first + i}]" for i, k in enumerate(fields))


#: The properties of actor row ``p``.
_ACTOR_PROPS = _row_props(ACTOR_FIELDS, "p", 0)
#: A relationship row: source node, target node, then its properties.
_RELATIONSHIP_PROPS = _row_props(RELATIONSHIP_FIELDS, "row", 2)
#: A source row: the catalogue entry's properties (``schema.SOURCE_FIELDS``).
_SOURCE_PROPS = _row_props(SOURCE_FIELDS, "p", 0)

_STAMP = f"scenario: $scenario, {LOAD_TOKEN}: $token"
#: Each actor statement returns ``p[0] AS id, <NODE_ID>(n) AS node``.  Relationship
#: statements seek their endpoints with ``WITH … AS s`` first: FalkorDB plans
#: ``id(a) = s`` on a plain variable as a NodeByIdSeek, but ``id(a) = row[0]`` as a scan
#: of every node.

#: CREATE a batch of actors of one kind, for a scenario the store does not hold yet:
#: a third of the cost of MERGE on FalkorDB (no index probe per row; properties and the
#: kind label are written with the node instead of set, added and removed after).
_CREATE_ACTORS = {(k, f): (f"UNWIND $rows AS p CREATE (n:{ACTOR_LABEL}:{k} "
                           f"{{{_ACTOR_PROPS}, {_STAMP}}}) RETURN p[0] AS id, {f}(n) AS node")
                  for k in KINDS for f in NODE_ID}
#: MERGE a batch of actors of one kind; other kind labels are removed.
_MERGE_ACTORS = {(k, f): (f"UNWIND $rows AS p MERGE (n:{ACTOR_LABEL} {{scenario: $scenario, id: p[0]}}) "
                          f"SET n = {{{_ACTOR_PROPS}, {_STAMP}}} "
                          f"SET n:{k} REMOVE n{''.join(f':{o}' for o in KINDS if o != k)} "
                          f"RETURN p[0] AS id, {f}(n) AS node")
                 for k in KINDS for f in NODE_ID}
_CREATE_RELATIONSHIPS = {(t, f): ("UNWIND $rows AS row WITH row, row[0] AS s, row[1] AS t "
                                  f"MATCH (a) WHERE {f}(a) = s MATCH (b) WHERE {f}(b) = t "
                                  f"CREATE (a)-[r:{t} {{{_RELATIONSHIP_PROPS}, {_STAMP}}}]->(b)")
                         for t in REL_TYPES for f in NODE_ID}
#: MERGE on the pattern alone: a relationship's id is ``<from>-<TYPE>-><to>``, so between
#: two actors of the scenario there is at most one of a type, whatever the id.  With
#: ``{scenario, id}`` in the pattern Neo4j planned a scan of the whole relationship
#: index per row (20M db hits for 2,000 rows of a 10k-actor reload).
_MERGE_RELATIONSHIPS = {(t, f): ("UNWIND $rows AS row WITH row, row[0] AS s, row[1] AS t "
                                 f"MATCH (a) WHERE {f}(a) = s MATCH (b) WHERE {f}(b) = t "
                                 f"MERGE (a)-[r:{t}]->(b) SET r = {{{_RELATIONSHIP_PROPS}, {_STAMP}}}")
                        for t in REL_TYPES for f in NODE_ID}


#: The sources a scenario cites, one node each, keyed like actors by (scenario, id):
#: a scenario in the store carries its own catalogue, so what is exported or shown
#: from the store names its sources without going back to the dataset.
CREATE_SOURCES = f"UNWIND $rows AS p CREATE (n:{SOURCE_LABEL} {{{_SOURCE_PROPS}, {_STAMP}}})"
MERGE_SOURCES = (f"UNWIND $rows AS p MERGE (n:{SOURCE_LABEL} {{scenario: $scenario, id: p[0]}}) "
                 f"SET n = {{{_SOURCE_PROPS}, {_STAMP}}}")


def create_actors(kind: str, node_id: str = "id") -> str:
    return _CREATE_ACTORS[kind_label(kind), node_id]


def merge_actors(kind: str, node_id: str = "id") -> str:
    return _MERGE_ACTORS[kind_label(kind), node_id]


def create_relationships(type_: str, node_id: str = "id") -> str:
    return _CREATE_RELATIONSHIPS[rel_type(type_), node_id]


def merge_relationships(type_: str, node_id: str = "id") -> str:
    return _MERGE_RELATIONSHIPS[rel_type(type_), node_id]


READ_SCENARIO_IDS = f"MATCH (s:{SCENARIO_LABEL}) RETURN s.id AS id"
#: The scenarios a user names (``Store.scenarios()``'s: not the stored dated states).
READ_LISTED_SCENARIO_IDS = (f"MATCH (s:{SCENARIO_LABEL}) WHERE s.snapshot_of IS NULL "
                            f"RETURN s.id AS id")
#: The base of each scenario, to find the root (``Store.root_scenario``).
READ_SCENARIO_TREE = (f"MATCH (s:{SCENARIO_LABEL}) "
                      f"RETURN s.id AS id, s.base AS base, s.date AS date ORDER BY id")
#: Whether anything of a scenario is in the store (even without its Scenario node).
SCENARIO_HAS_ACTORS = (f"MATCH (n:{ACTOR_LABEL} {{scenario: $scenario}}) "
                       f"RETURN n.id AS id LIMIT 1")

#: Anything in the store that is not an item of the scenarios ``$ids``.
ANY_OTHER_THAN_SCENARIOS = (f"MATCH (n) WHERE NOT ((n:{ACTOR_LABEL} AND n.scenario IN $ids) OR "
                            f"(n:{SOURCE_LABEL} AND n.scenario IN $ids) OR "
                            f"(n:{SCENARIO_LABEL} AND n.id IN $ids)) RETURN 1 AS found LIMIT 1")

MERGE_SCENARIO = (f"MERGE (s:{SCENARIO_LABEL} {{id: $id}}) SET s = $props")

DELETE_STALE_RELATIONSHIPS = (
    f"MATCH (:{ACTOR_LABEL} {{scenario: $scenario}})-[r]->() "
    f"WHERE r.scenario = $scenario AND r.{LOAD_TOKEN} <> $token DELETE r")
DELETE_STALE_ACTORS = (f"MATCH (n:{ACTOR_LABEL} {{scenario: $scenario}}) "
                       f"WHERE n.{LOAD_TOKEN} <> $token DETACH DELETE n")
DELETE_STALE_SOURCES = (f"MATCH (n:{SOURCE_LABEL} {{scenario: $scenario}}) "
                        f"WHERE n.{LOAD_TOKEN} <> $token DELETE n")
DELETE_SCENARIO_ACTORS = f"MATCH (n:{ACTOR_LABEL} {{scenario: $scenario}}) DETACH DELETE n"
DELETE_SCENARIO_SOURCES = f"MATCH (n:{SOURCE_LABEL} {{scenario: $scenario}}) DELETE n"
DELETE_SCENARIO_NODE = f"MATCH (s:{SCENARIO_LABEL} {{id: $scenario}}) DELETE s"

READ_SCENARIOS = (f"MATCH (s:{SCENARIO_LABEL}) "
                  f"OPTIONAL MATCH (n:{ACTOR_LABEL} {{scenario: s.id}}) "
                  f"WITH s, count(n) AS nodes "
                  f"OPTIONAL MATCH (:{ACTOR_LABEL} {{scenario: s.id}})-[r]->() "
                  f"WHERE r.scenario = s.id "
                  f"RETURN s.id AS id, properties(s) AS scenario, nodes, "
                  f"count(r) AS relationships ORDER BY id")
READ_SCENARIO = (f"MATCH (s:{SCENARIO_LABEL} {{id: $id}}) RETURN properties(s) AS scenario")
# Reading a scenario back: one row whose one value is the list of every actor (or
# relationship) as a list of its properties in ``ACTOR_FIELDS`` (``RELATIONSHIP_FIELDS``)
# order, in id order.  A row per item cost the drivers more than the server: at
# 100,000 actors Neo4j's driver spent ~5 s making 100k records, FalkorDB's client ~5 s
# decoding 100k compact maps; one list is a single value to decode.

def _actor_values(quote) -> str:
    return "[" + ", ".join(f"[s IN n.{k} | {quote('s')}]" if k == "sources" else quote(f"n.{k}")
                           for k in ACTOR_FIELDS) + "]"


def _relationship_values(quote) -> str:
    return f"[{quote('a.id')}, type(r), {quote('b.id')}, " + ", ".join(
        f"[s IN r.{k} | {quote('s')}]" if k == "sources" else quote(f"r.{k}")
        for k in RELATIONSHIP_FIELDS) + "]"


def _json_string(expr: str) -> str:
    """``expr`` (a string or null) with ``\\`` and ``"`` escaped: FalkorDB's ``toJSON``
    writes strings as they are, so ``a"b`` would end its string early.  (Control
    characters stay raw; ``json.loads(strict=False)`` reads them.)"""
    return f"replace(replace({expr}, '\\\\', '\\\\\\\\'), '\"', '\\\\\"')"


_ACTORS_OF = f"MATCH (n:{ACTOR_LABEL} {{scenario: $scenario}}) WITH n ORDER BY n.id "
_RELATIONSHIPS_OF = (f"MATCH (a:{ACTOR_LABEL} {{scenario: $scenario}})-[r]->(b:{ACTOR_LABEL}) "
                     f"WHERE r.scenario = $scenario WITH a, r, b ORDER BY r.id ")
# The value lists are made from the vocabulary's property names only (no data).
_ACTOR_LIST = _actor_values(str)
_RELATIONSHIP_LIST = _relationship_values(str)
_ACTOR_JSON_LIST = _actor_values(_json_string)
_RELATIONSHIP_JSON_LIST = _relationship_values(_json_string)
#: Every actor of ``$scenario``: ``[id, kind, …]`` (``ACTOR_FIELDS``; null where unset).
READ_ACTORS = _ACTORS_OF + "RETURN collect(" + _ACTOR_LIST + ") AS actors"
#: Every relationship: ``[source id, type, target id, *RELATIONSHIP_FIELDS]``.
READ_RELATIONSHIPS = (_RELATIONSHIPS_OF + "RETURN collect(" + _RELATIONSHIP_LIST +
                      ") AS relationships")
#: The same lists as one JSON text (FalkorDB's ``toJSON``, strings escaped): its client
#: decodes a nested list value by value in Python, ``json.loads`` in one C call.
READ_ACTORS_JSON = _ACTORS_OF + "RETURN toJSON(collect(" + _ACTOR_JSON_LIST + ")) AS actors"
READ_RELATIONSHIPS_JSON = (_RELATIONSHIPS_OF + "RETURN toJSON(collect(" +
                           _RELATIONSHIP_JSON_LIST + ")) AS relationships")
READ_SOURCES = (f"MATCH (n:{SOURCE_LABEL} {{scenario: $scenario}}) "
                f"RETURN properties(n) AS props ORDER BY n.id")


def relationship_types() -> list[str]:
    return list(REL_TYPES)
