"""The canned query library and its runner.

``cypher/queries/*.cypher`` are plain Cypher files, each with a comment header
(name, title, params, returns) and runnable as is in Neo4j Browser; the same text
runs unchanged on the embedded FalkorDB engine.  ``cypher.runner`` checks a query's
parameters against the store (scenarios, actor ids with "did you mean"), refuses any
query that would write, and runs it read-only with a server-side timeout.

    from c2graph.cypher.runner import run_query, run_adhoc
    run_query(store, "reporting-chain", {"post": "jp.jjoc", "scenario": "jjoc-2025"})
"""
