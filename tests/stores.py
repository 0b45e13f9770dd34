"""Store fixtures shared by every test module (a pytest plugin named in conftest).

Tests take ``engine``-parametrized stores: the embedded FalkorDB (in a fresh folder
per test) and the real Neo4j server that ``neo4j_server`` starts once per session
(emptied before each test).  Nothing is mocked.

* ``store_url`` — a URL for an empty store of the current engine.
* ``store`` — that store, opened.
* ``loaded_store`` — a store holding every scenario of the bundled dataset.
* ``bundled`` — the bundled ``Dataset`` (read once per session).
"""

from __future__ import annotations

import os

import pytest

#: The engines store tests run on; the Neo4j-only install (.ci/neo4j-only.sh) sets
#: C2GRAPH_TEST_ENGINES=neo4j, since it has no embedded engine.
ENGINES = [e for e in os.environ.get("C2GRAPH_TEST_ENGINES", "embedded,neo4j").split(",")
           if e.strip()]


@pytest.fixture(scope="session")
def bundled():
    from c2graph.loaders import load_dataset

    return load_dataset()


@pytest.fixture(params=ENGINES)
def engine(request):
    return request.param


@pytest.fixture
def store_url(engine, tmp_path, request, monkeypatch):
    if engine == "embedded":
        return f"embedded:{tmp_path / 'db'}"
    server = request.getfixturevalue("neo4j_server")
    monkeypatch.setenv("NEO4J_USERNAME", server.user)
    if server.password:
        monkeypatch.setenv("NEO4J_PASSWORD", server.password)
    else:
        monkeypatch.delenv("NEO4J_PASSWORD", raising=False)
    monkeypatch.delenv("NEO4J_DATABASE", raising=False)
    wipe_neo4j(server)
    return server.uri


def wipe_neo4j(server) -> None:
    from neo4j import GraphDatabase

    auth = (server.user, server.password) if server.password else None
    with GraphDatabase.driver(server.uri, auth=auth) as driver:
        driver.execute_query("MATCH (n) DETACH DELETE n")


@pytest.fixture
def store(store_url):
    from c2graph.graph.store import open_store

    with open_store(store_url) as s:
        yield s


@pytest.fixture
def loaded_store(store, bundled):
    store.load(list(bundled.scenarios.values()))
    return store


def module_store(engine: str, request, tmp_path_factory, scenarios, name: str):
    """Yield a store of ``engine`` holding ``scenarios``, for a module-scoped fixture
    (many queries against one load); the Neo4j server is emptied first."""
    from c2graph.graph.store import open_store
    from c2graph.graph.store.neo4j_store import Neo4jStore

    if engine == "embedded":
        with open_store(f"embedded:{tmp_path_factory.mktemp(name) / 'db'}") as store:
            store.load(list(scenarios))
            yield store
        return
    server = request.getfixturevalue("neo4j_server")
    wipe_neo4j(server)
    store = Neo4jStore(server.uri, user=server.user, password=server.password, database=None)
    try:
        store.load(list(scenarios))
        yield store
    finally:
        store.close()


def bundled_cli_store(request, tmp_path_factory, bundled, name: str):
    """Yield (url, env) of a store holding the bundled dataset, closed so the CLI can
    open it; the engine is ``request.param``.  For module-scoped CLI fixtures."""
    from c2graph.graph.store import open_store

    env = {"C2GRAPH_QUERY_PATH": "", "C2GRAPH_DB": None}
    if request.param == "embedded":
        url = f"embedded:{tmp_path_factory.mktemp(name) / 'db'}"
    else:
        server = request.getfixturevalue("neo4j_server")
        wipe_neo4j(server)
        url = server.uri
        env.update(NEO4J_USERNAME=server.user, NEO4J_PASSWORD=server.password,
                   NEO4J_DATABASE=None)
    with pytest.MonkeyPatch.context() as mp:
        for key, value in env.items():
            if value is None:
                mp.delenv(key, raising=False)
            else:
                mp.setenv(key, value)
        with open_store(url) as store:
            store.load(list(bundled.scenarios.values()))
        yield url, env


def neo4j_or_skip(workdir, **options):
    """Start a Neo4j server of the caller's own in ``workdir`` (``options``: those of
    ``start_neo4j``); skip with the reason when it cannot start, or fail under
    CI=true, where that is a broken set-up."""
    import os

    from tests.neo4j_server import Neo4jUnavailable, start_neo4j

    try:
        return start_neo4j(workdir, **options)
    except Neo4jUnavailable as e:
        if os.environ.get("CI") == "true":
            pytest.fail(f"Neo4j unavailable: {e.reason}", pytrace=False)
        pytest.skip(f"Neo4j unavailable: {e.reason}")


def dump_store(url: str) -> list[str]:
    """Every node and relationship with every property, internal ones (load tokens)
    included: two dumps are equal only if the stores hold exactly the same."""
    import json

    from c2graph.graph.store import open_store

    with open_store(url) as store:
        nodes = store.run_read("MATCH (n) RETURN labels(n) AS l, properties(n) AS p")
        rels = store.run_read("MATCH (a)-[r]->(b) RETURN a.id AS a, type(r) AS t, b.id AS b,"
                              " properties(r) AS p")
    return sorted(json.dumps({**r, "l": sorted(r.get("l", []))}, sort_keys=True)
                  for r in nodes + rels)
