"""Shared pytest set-up: store fixtures (tests/stores.py) and the real Neo4j server."""

# One definition of each shared fixture: a session-scoped browser imported into two
# modules would start two Playwright loops, and the second refuses to run.
pytest_plugins = ["tests.stores", "tests.browser"]


# --- Real Neo4j server (tests/neo4j_server.py) -----------------------------------------
# One Neo4j 5 server per test session on a free loopback port, auth on (user neo4j).
# Where it cannot start (no java/mvn, no Maven Central), dependent tests skip locally
# but fail under CI=true, so CI can never go green by silently skipping them.

import pytest as _pytest


@_pytest.fixture(scope="session")
def neo4j_server(tmp_path_factory):
    """A running ``tests.neo4j_server.Neo4jServer``: ``.uri``, ``.user``, ``.password``."""
    from tests.stores import neo4j_or_skip

    server = neo4j_or_skip(tmp_path_factory.mktemp("neo4j"))
    with server:
        yield server
