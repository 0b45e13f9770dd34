"""Cypher for writing and reading scenarios, generated from the vocabulary.

Labels and relationship types are interpolated only from ``graph.vocabulary`` (never
from data); every value travels as a parameter.  Both engines run these statements
unchanged: they use the common subset of Neo4j 5 and FalkorDB Cypher.
"""

from __future__ import annotations

from graph.vocabulary import ACTOR_LABEL, KINDS, REL_TYPES, kind_label, rel_type

SCENARIO_LABEL = "Scenario"
#: Property stamped on everything a load writes; what lacks the current token after a
#: load is stale and removed, so re-running a load converges on the dataset.
LOAD_TOKEN = "load_token"
#: Properties a store adds that are not part of the model.
INTERNAL_PROPERTIES = frozenset({"scenario", LOAD_TOKEN})


def merge_actors(kind: str) -> str:
    """MERGE a batch of actors of one kind; other kind labels are removed."""
    label = kind_label(kind)
    others = "".join(f":{k}" for k in KINDS if k != label)
    return (f"UNWIND $rows AS row "
            f"MERGE (n:{ACTOR_LABEL} {{scenario: row.scenario, id: row.id}}) "
            f"SET n = row.props SET n:{label} REMOVE n{others}")


def merge_relationships(type_: str) -> str:
    """MERGE a batch of relationships of one type between actors of one scenario."""
    t = rel_type(type_)
    return (f"UNWIND $rows AS row "
            f"MATCH (a:{ACTOR_LABEL} {{scenario: row.scenario, id: row.source}}) "
            f"MATCH (b:{ACTOR_LABEL} {{scenario: row.scenario, id: row.target}}) "
            f"MERGE (a)-[r:{t} {{scenario: row.scenario, id: row.id}}]->(b) "
            f"SET r = row.props")


def create_actors(kind: str) -> str:
    """CREATE a batch of actors of one kind, for a scenario the store does not hold yet.

    Half the cost of ``merge_actors`` on FalkorDB: no index probe per row, and the kind
    label is written with the node instead of being added (and others removed) after.
    """
    label = kind_label(kind)
    return (f"UNWIND $rows AS row "
            f"CREATE (n:{ACTOR_LABEL}:{label}) SET n = row.props")


def create_relationships(type_: str) -> str:
    """CREATE a batch of relationships, for a scenario the store does not hold yet."""
    t = rel_type(type_)
    return (f"UNWIND $rows AS row "
            f"MATCH (a:{ACTOR_LABEL} {{scenario: row.scenario, id: row.source}}) "
            f"MATCH (b:{ACTOR_LABEL} {{scenario: row.scenario, id: row.target}}) "
            f"CREATE (a)-[r:{t}]->(b) SET r = row.props")


MERGE_SCENARIO = (f"MERGE (s:{SCENARIO_LABEL} {{id: $id}}) SET s = $props")

DELETE_STALE_RELATIONSHIPS = (
    f"MATCH (:{ACTOR_LABEL} {{scenario: $scenario}})-[r]->() "
    f"WHERE r.scenario = $scenario AND r.{LOAD_TOKEN} <> $token DELETE r")
DELETE_STALE_ACTORS = (f"MATCH (n:{ACTOR_LABEL} {{scenario: $scenario}}) "
                       f"WHERE n.{LOAD_TOKEN} <> $token DETACH DELETE n")
DELETE_SCENARIO_ACTORS = f"MATCH (n:{ACTOR_LABEL} {{scenario: $scenario}}) DETACH DELETE n"
DELETE_SCENARIO_NODE = f"MATCH (s:{SCENARIO_LABEL} {{id: $scenario}}) DELETE s"

READ_SCENARIOS = (f"MATCH (s:{SCENARIO_LABEL}) "
                  f"OPTIONAL MATCH (n:{ACTOR_LABEL} {{scenario: s.id}}) "
                  f"WITH s, count(n) AS nodes "
                  f"OPTIONAL MATCH (:{ACTOR_LABEL} {{scenario: s.id}})-[r]->() "
                  f"WHERE r.scenario = s.id "
                  f"RETURN s.id AS id, properties(s) AS scenario, nodes, "
                  f"count(r) AS relationships ORDER BY id")
READ_SCENARIO = (f"MATCH (s:{SCENARIO_LABEL} {{id: $id}}) RETURN properties(s) AS scenario")
READ_ACTORS = (f"MATCH (n:{ACTOR_LABEL} {{scenario: $scenario}}) "
               f"RETURN properties(n) AS props ORDER BY n.id")
READ_RELATIONSHIPS = (f"MATCH (a:{ACTOR_LABEL} {{scenario: $scenario}})-[r]->(b:{ACTOR_LABEL}) "
                      f"WHERE r.scenario = $scenario "
                      f"RETURN a.id AS source, type(r) AS type, b.id AS target, "
                      f"properties(r) AS props ORDER BY r.id")


def relationship_types() -> list[str]:
    return list(REL_TYPES)
