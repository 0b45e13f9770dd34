"""The real Neo4j test server: reachable with auth, version 5, and the schema c2graph uses.

These pin down what Community edition accepts, so schema code can rely on it:
composite uniqueness constraints and relationship-property indexes work; NODE KEY
constraints are Enterprise-only and are refused.
"""

import pytest
from neo4j import GraphDatabase
from neo4j.exceptions import AuthError, ClientError, Neo4jError

pytestmark = pytest.mark.neo4j


@pytest.fixture
def driver(neo4j_server):
    with GraphDatabase.driver(neo4j_server.uri, auth=(neo4j_server.user, neo4j_server.password)) as d:
        yield d


def test_server_answers_with_auth_and_is_neo4j_5(neo4j_server, driver):
    assert neo4j_server.uri.startswith("bolt://127.0.0.1:")
    records, _, _ = driver.execute_query("RETURN 1 AS x", database_="neo4j")
    assert records[0]["x"] == 1
    records, _, _ = driver.execute_query(
        "CALL dbms.components() YIELD versions, edition RETURN versions[0] AS v, edition",
        database_="neo4j",
    )
    assert records[0]["v"].startswith("5."), records[0]["v"]
    assert records[0]["edition"] == "community"


def test_wrong_password_is_refused(neo4j_server):
    with GraphDatabase.driver(neo4j_server.uri, auth=(neo4j_server.user, "not-the-password")) as d:
        with pytest.raises(AuthError):
            d.verify_connectivity()


def test_composite_unique_constraint_and_relationship_index(driver):
    q = lambda cypher, **kw: driver.execute_query(cypher, kw, database_="neo4j")  # noqa: E731
    q("CREATE CONSTRAINT actor_key IF NOT EXISTS FOR (n:Probe) REQUIRE (n.scenario, n.id) IS UNIQUE")
    q("CREATE CONSTRAINT actor_key IF NOT EXISTS FOR (n:Probe) REQUIRE (n.scenario, n.id) IS UNIQUE")
    q("CREATE INDEX rel_scenario IF NOT EXISTS FOR ()-[r:PROBE_REL]-() ON (r.scenario)")
    q("CALL db.awaitIndexes(60)")
    try:
        q("CREATE (:Probe {scenario: 's1', id: 'a'}), (:Probe {scenario: 's2', id: 'a'})")
        with pytest.raises(ClientError) as exc:
            q("CREATE (:Probe {scenario: 's1', id: 'a'})")
        assert exc.value.code == "Neo.ClientError.Schema.ConstraintValidationFailed"

        records, _, _ = q("SHOW INDEXES YIELD name, entityType, state RETURN name, entityType, state")
        by_name = {r["name"]: r for r in records}
        assert by_name["rel_scenario"]["entityType"] == "RELATIONSHIP"
        assert by_name["rel_scenario"]["state"] == "ONLINE"
        assert by_name["actor_key"]["state"] == "ONLINE"  # a constraint's backing index
    finally:
        q("MATCH (n:Probe) DETACH DELETE n")
        q("DROP CONSTRAINT actor_key IF EXISTS")
        q("DROP INDEX rel_scenario IF EXISTS")


def test_node_key_is_enterprise_only(driver):
    # Refused as Neo.DatabaseError.Schema.ConstraintCreationFailed, not a ClientError.
    with pytest.raises(Neo4jError) as exc:
        driver.execute_query(
            "CREATE CONSTRAINT actor_nodekey FOR (n:Probe) REQUIRE (n.scenario, n.id) IS NODE KEY",
            database_="neo4j",
        )
    assert "requires Neo4j Enterprise Edition" in exc.value.message, exc.value.message
