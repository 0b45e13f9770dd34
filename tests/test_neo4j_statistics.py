"""After a load, Neo4j plans the canned queries on the store as it now is.

Neo4j plans from index samples.  Sampled while the store was empty, the planner
scanned the whole ``(scenario, id)`` index for the reporting chain's post instead of
seeking it (bench/README.md: ~20 ms against ~2 ms at 100,000 actors); a load now ends
by resampling the indexes it made outdated (``Neo4jStore._refresh_statistics``).
"""

import pytest

from c2graph.cypher.library import load_query
from c2graph.cypher.readonly import statement
from c2graph.graph.store.neo4j_store import Neo4jStore
from c2graph.loaders import load_dataset
from c2graph.synthetic import Options, generate
from tests.stores import wipe_neo4j

pytestmark = pytest.mark.neo4j


def _operators(plan) -> set[str]:
    return {plan.get("operatorType", "").split("@")[0]} | {
        op for child in plan.get("children", []) for op in _operators(child)}


def _chain_plan(store: Neo4jStore, post: str) -> set[str]:
    cypher = statement(load_query("reporting-chain").text)
    _, summary, _ = store._driver.execute_query(
        "EXPLAIN " + cypher, {"scenario": "baseline", "post": post}, database_=store.database)
    return _operators(summary.plan)


@pytest.fixture(scope="module")
def scenario(tmp_path_factory):
    folder = tmp_path_factory.mktemp("org") / "org"
    generate(folder, Options(actors=3000, seed=1))
    return load_dataset(folder).scenarios["baseline"]


def test_a_load_leaves_the_chain_seeking_its_post_not_scanning_the_index(neo4j_server,
                                                                         scenario):
    wipe_neo4j(neo4j_server)
    store = Neo4jStore(neo4j_server.uri, user=neo4j_server.user,
                       password=neo4j_server.password)
    try:
        store.ensure_schema()
        # The samples of an empty store, and no cached plans: the state a fresh server
        # (or one emptied since its last sample) plans from.
        store._driver.execute_query("CALL db.prepareForReplanning()",
                                    database_=store.database)
        store.load([scenario])
        post = sorted(a for a in scenario.actors if not a.startswith("combined."))[-1]
        operators = _chain_plan(store, post)
        assert "NodeUniqueIndexSeek" in operators, operators
        assert "NodeIndexScan" not in operators, operators
        assert {tuple(r["ids"])[-1] for r in store.run_read(
            statement(load_query("reporting-chain").text),
            {"scenario": "baseline", "post": post})} == {post}
    finally:
        wipe_neo4j(neo4j_server)
        store.close()


def test_a_server_that_will_not_resample_is_reported_not_a_failed_load(neo4j_server, capsys):
    """The write has committed before the resample: a refusal must not say otherwise."""
    from c2graph.graph.store.neo4j_store import RESAMPLE_REFUSED

    store = Neo4jStore(neo4j_server.uri, user=neo4j_server.user,
                       password=neo4j_server.password, database="nosuchdatabase")
    try:
        store._refresh_statistics()
    finally:
        store.close()
    err = capsys.readouterr().err
    assert err.startswith(f"c2graph: {RESAMPLE_REFUSED} ("), err
    assert "nosuchdatabase" in err and err.count("\n") == 1, err
    assert neo4j_server.password not in err
