"""7. Peers side by side: each c2graph figure as a ratio to what the tool underneath
does on its own, measured in the same run.

* **Read back**: the raw client reading the same scenario the way a script would (one
  row per actor and per relationship, the client's own result objects, no graph
  built) against ``Store.read_graph`` (bulk lists, then a networkx ``MultiDiGraph``).
* **Load**: the raw engine's own ``UNWIND $rows … CREATE`` as a script would write it
  (maps of properties, batches of 2,000, relationships matched by ``(scenario, id)``
  through the index, each batch committed, the client's own parameter encoding)
  against ``store.load`` (value rows, endpoints by internal id, one atomic write).
* **Graphviz**: ``dot`` alone on c2graph's chart source (``dot_graph.source_dot``, laid
  out once by pygraphviz's library call and drawn as SVG) against ``c2graph export
  svg``'s in-process work on the same graph (``viz.export.drawing``: c2graph's own
  layout and routing engine, labels measured, lines routed and labelled).

A ratio above 1 means c2graph takes longer than its peer.
"""

from __future__ import annotations

from collections import defaultdict

from bench.common import baseline, engines, open_engine, ratio, rows_of, table, timed

BATCH = 2000


# -- read back --------------------------------------------------------------------------------

RAW_ACTORS = "MATCH (n:Actor {scenario: $scenario}) RETURN properties(n) AS p"
RAW_RELATIONSHIPS = ("MATCH (a:Actor {scenario: $scenario})-[r]->(b:Actor) "
                     "WHERE r.scenario = $scenario "
                     "RETURN a.id AS a, type(r) AS t, b.id AS b, properties(r) AS p")


def raw_read(store, scenario_id: str) -> int:
    """The scenario as the client's own rows; returns how many came back."""
    params = {"scenario": scenario_id}
    if store.engine == "neo4j":
        driver = store._driver
        actors = driver.execute_query(RAW_ACTORS, params, database_=store.database).records
        rels = driver.execute_query(RAW_RELATIONSHIPS, params, database_=store.database).records
    else:
        from c2graph.graph.store.embedded import GRAPH_KEY

        graph = store._db.select_graph(GRAPH_KEY)
        actors = graph.ro_query(RAW_ACTORS, params).result_set
        rels = graph.ro_query(RAW_RELATIONSHIPS, params).result_set
    return len(actors) + len(rels)


def read_rows(actors: int, neo4j) -> list[dict]:
    scenario = baseline(actors)
    out = []
    for engine in engines(neo4j):
        with open_engine(engine, neo4j) as store:
            store.load([scenario])
            raw_read(store, "baseline")          # warm: plans cached, JIT compiled
            store.read_graph("baseline")
            raw_s, rows = timed(raw_read, store, "baseline")
            ours_s, g = timed(store.read_graph, "baseline")
            assert rows == g.number_of_nodes() + g.number_of_edges() == rows_of(scenario)
        out.append({"actors": f"{actors:,}", "engine": engine, "rows": f"{rows:,}",
                    "raw client s": f"{raw_s:.2f}", "c2graph read_graph s": f"{ours_s:.2f}",
                    "c2graph / raw": ratio(ours_s, raw_s)})
        print(f"  read back {actors:,}, {engine}: raw {raw_s:.2f} s, c2graph {ours_s:.2f} s",
              flush=True)
    return out


# -- load -------------------------------------------------------------------------------------

def raw_unwind(store, scenario) -> None:
    """Write ``scenario`` with the engine's plain UNWIND, batch by batch."""
    from c2graph.graph.schema import kind_label, rel_type

    sid = scenario.id
    by_kind = defaultdict(list)
    for a in scenario.actors.values():
        by_kind[a.kind].append({**a.properties(), "scenario": sid})
    by_type = defaultdict(list)
    for r in scenario.relationships.values():
        by_type[r.type].append({"src": r.source, "dst": r.target,
                                "props": {**r.properties(), "scenario": sid}})
    statements = []
    for kind, rows in sorted(by_kind.items()):
        cypher = f"UNWIND $rows AS r CREATE (n:Actor:{kind_label(kind)}) SET n = r"
        statements += [(cypher, rows[i:i + BATCH]) for i in range(0, len(rows), BATCH)]
    for type_, rows in sorted(by_type.items()):
        cypher = ("UNWIND $rows AS r MATCH (a:Actor {scenario: $scenario, id: r.src}) "
                  "MATCH (b:Actor {scenario: $scenario, id: r.dst}) "
                  f"CREATE (a)-[x:{rel_type(type_)}]->(b) SET x = r.props")
        statements += [(cypher, rows[i:i + BATCH]) for i in range(0, len(rows), BATCH)]
    if store.engine == "neo4j":
        store.ensure_schema()
        for cypher, rows in statements:
            store._driver.execute_query(cypher, {"rows": rows, "scenario": sid},
                                        database_=store.database)
    else:
        from c2graph.graph.store.embedded import GRAPH_KEY

        store._ensure_schema(GRAPH_KEY)
        graph = store._db.select_graph(GRAPH_KEY)
        for cypher, rows in statements:
            graph.query(cypher, {"rows": rows, "scenario": sid})


def load_rows(actors: int, neo4j) -> list[dict]:
    scenario = baseline(actors)
    rows = rows_of(scenario)
    out = []
    for engine in engines(neo4j):
        with open_engine(engine, neo4j) as store:
            raw_s, _ = timed(raw_unwind, store, scenario)
            written = store.run_read("MATCH (n:Actor {scenario: 'baseline'}) RETURN count(n) AS c")
            assert written[0]["c"] == len(scenario.actors), written
        with open_engine(engine, neo4j) as store:
            ours_s, _ = timed(store.load, [scenario])
        out.append({"actors": f"{actors:,}", "engine": engine, "rows": f"{rows:,}",
                    "raw UNWIND rows/s": f"{rows / raw_s:,.0f}",
                    "c2graph load rows/s": f"{rows / ours_s:,.0f}",
                    "c2graph / raw (time)": ratio(ours_s, raw_s)})
        print(f"  load {actors:,}, {engine}: raw {rows / raw_s:,.0f} rows/s,"
              f" c2graph {rows / ours_s:,.0f} rows/s", flush=True)
    return out


# -- Graphviz ---------------------------------------------------------------------------------

def dot_alone(source: bytes) -> bytes:
    """Graphviz's dot on a DOT text: one layout, drawn as SVG (the library, as c2graph
    calls it; no dot binary needed)."""
    import pygraphviz

    A = pygraphviz.AGraph(string=source.decode("utf-8"))
    A.layout(prog="dot")
    return A.draw(format="svg")


def dot_rows(actors: int) -> list[dict]:
    from c2graph.viz.export import drawing
    from c2graph.graph.graphs import scenario_graph as graph_from_scenario
    from c2graph.viz.export.common import ChartOptions
    from c2graph.viz.export.dot_graph import source_dot

    g = graph_from_scenario(baseline(actors))
    opts = ChartOptions()
    source = source_dot(g, opts)
    dot_s, svg = timed(dot_alone, source)
    ours_s, ours = timed(drawing.render, g, opts, "svg")
    print(f"  chart {actors:,}: dot {dot_s:.1f} s, c2graph {ours_s:.1f} s", flush=True)
    return [{"actors": f"{actors:,}", "dot alone s": f"{dot_s:.1f}",
             "dot SVG KB": f"{len(svg) / 1024:,.0f}",
             "c2graph export svg s": f"{ours_s:.1f}", "c2graph SVG KB": f"{len(ours) / 1024:,.0f}",
             "c2graph / dot": ratio(ours_s, dot_s)}]


def run(read_sizes: list[int], chart_sizes: list[int], neo4j) -> None:
    rows = [r for n in read_sizes for r in read_rows(n, neo4j)]
    table("7a. Peers: reading a scenario back (raw client rows vs Store.read_graph)", rows,
          note="raw client: the scenario's actors and relationships as a script reads them"
               " (one row each, the client's result objects: neo4j execute_query records,"
               " falkordb ro_query result_set); c2graph: two bulk lists decoded in one"
               " call each, then the networkx MultiDiGraph every command uses.")
    rows = [r for n in read_sizes for r in load_rows(n, neo4j)]
    table("7b. Peers: load (the engine's plain UNWIND vs store.load)", rows,
          note=f"raw UNWIND: maps of properties, {BATCH:,} rows a statement, relationships"
               " matched by (scenario, id) through the index, each statement its own"
               " transaction, parameters encoded by the client; c2graph: value rows,"
               " endpoints by internal id, one atomic write (bench table 1).")
    rows = [r for n in chart_sizes for r in dot_rows(n)]
    table("7c. Peers: Graphviz dot alone vs c2graph export svg (same graph, in process)",
          rows, note="dot alone: c2graph's chart source laid out once by dot and drawn as"
                     " SVG; c2graph: the whole export (viz.export.drawing: its own layout"
                     " and routing, measured labels, labels on lines, legend, banners).")
