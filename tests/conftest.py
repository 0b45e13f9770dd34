"""Shared pytest set-up: store fixtures (tests/stores.py) and the real Neo4j server."""

pytest_plugins = ["tests.stores"]
