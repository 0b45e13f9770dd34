"""Stores: one protocol, two engines, picked by a URL.

``embedded:PATH`` (the default; ``C2GRAPH_DB`` overrides) runs FalkorDB in a child
process; ``bolt://``, ``neo4j://``, ``neo4j+s://`` … reach Neo4j 5 through the
official driver.  Engine modules are imported only when opened, so commands that do
not touch a store start fast.
"""

from __future__ import annotations

import os

from c2graph.graph.store.base import (Store, StoreBusy, StoreError, StoreUnavailable,
                              UnknownScenario)

NEO4J_SCHEMES = ("bolt://", "bolt+s://", "bolt+ssc://", "neo4j://", "neo4j+s://",
                 "neo4j+ssc://")


def default_url() -> str:
    url = os.environ.get("C2GRAPH_DB")
    if url:
        return url
    from c2graph.graph.store.embedded import default_path

    return f"embedded:{default_path()}"


def open_store(url: str | None = None, password: str | None = None) -> Store:
    """Open the store a URL names; raise ``StoreError`` (never a driver traceback).

    ``password`` is for Neo4j only, and only from a prompt: otherwise it comes from
    ``NEO4J_PASSWORD``, never from a command-line argument.
    """
    url = url or default_url()
    if url.startswith("embedded:"):
        from c2graph.graph.store.embedded import EmbeddedStore

        return EmbeddedStore(url[len("embedded:"):] or None)
    if url.startswith(NEO4J_SCHEMES):
        if "@" in url.split("://", 1)[1].split("/", 1)[0]:
            raise StoreError("put the Neo4j user and password in NEO4J_USERNAME and"
                             " NEO4J_PASSWORD, not in the URL")
        from c2graph.graph.store.neo4j_store import Neo4jStore

        return Neo4jStore(url, password=password)
    raise StoreError(f"unknown database URL {url!r}: use embedded:PATH or bolt://HOST:PORT"
                     " (also neo4j://, neo4j+s://)")


__all__ = ["Store", "StoreBusy", "StoreError", "StoreUnavailable", "UnknownScenario",
           "default_url", "open_store"]
