"""A Cypher script (``c2graph export cypher``) that recreates a scenario in any Neo4j
the way ``c2graph load`` writes it: for ``cypher-shell -f`` or Neo4j Browser.

Written only (``c2graph load`` reads the JSON, GraphML and CSV exports).  A script
cannot use parameters, so every value goes through ``cypher_literal``; labels and
relationship types come only from ``graph.schema`` (``kind_label``, ``rel_type``).
"""

from __future__ import annotations

import json

from c2graph.graph.schema import ACTOR_LABEL, kind_label, rel_type
from c2graph.graph.textsafety import utf8
from c2graph.loaders.formats.common import (ACTOR_COLUMNS, REL_COLUMNS, edges, nodes,
                                            scenario_meta)


def cypher_literal(value) -> str:
    """A Cypher literal: strings single-quoted with every special character escaped."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(cypher_literal(v) for v in value) + "]"
    out = ["'"]
    for ch in str(value):
        if ch == "\\":
            out.append("\\\\")
        elif ch == "'":
            out.append("\\'")
        elif ch == '"':
            out.append('\\"')
        elif ord(ch) < 32 or ord(ch) in (0x2028, 0x2029, 0x7F):
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    out.append("'")
    return "".join(out)


def _map(props: dict) -> str:
    return "{" + ", ".join(f"{k}: {cypher_literal(v)}" for k, v in props.items()
                           if v not in (None, "")) + "}"


def to_cypher(g, marking: str = "") -> bytes:
    """A script that recreates the scenario the way ``c2graph load`` writes it.

    One statement a line, each ending in ``;``: ``cypher-shell -f FILE`` runs it, and
    Neo4j Browser runs it pasted whole (multi-statement editor).  Re-running it
    replaces the scenario (idempotent).  Only vocabulary labels and types appear as
    syntax; every value is an escaped literal.
    """
    sid = g.graph.get("id", "")
    s = cypher_literal(sid)
    lines = [f"// c2graph scenario {json.dumps(sid)}: {_comment(g.graph.get('title', ''))}"]
    if marking:
        lines.append(f"// {_comment(marking)}")
    lines += [
        "// Run: cypher-shell -a bolt://HOST:7687 -u neo4j -f THIS_FILE  (or paste into Neo4j Browser)",
        "CREATE CONSTRAINT c2graph_actor_key IF NOT EXISTS FOR (n:Actor) REQUIRE (n.scenario, n.id) IS UNIQUE;",
        "CREATE CONSTRAINT c2graph_scenario_id IF NOT EXISTS FOR (s:Scenario) REQUIRE s.id IS UNIQUE;",
        f"MATCH (n:{ACTOR_LABEL} {{scenario: {s}}}) DETACH DELETE n;",
        f"MATCH (s:Scenario {{id: {s}}}) DELETE s;",
        f"CREATE (:Scenario {_map(scenario_meta(g))});",
    ]
    for n, d in nodes(g):
        props = {"scenario": sid, "id": n, **{k: d.get(k) for k in ACTOR_COLUMNS}}
        props = {k: (list(v) if isinstance(v, tuple) else v) for k, v in props.items()}
        lines.append(f"CREATE (:{ACTOR_LABEL}:{kind_label(d['kind'])} {_map(props)});")
    for u, v, key, d in edges(g):
        props = {"scenario": sid, "id": key, **{k: d.get(k) for k in REL_COLUMNS}}
        lines.append(f"MATCH (a:{ACTOR_LABEL} {{scenario: {s}, id: {cypher_literal(u)}}}), "
                     f"(b:{ACTOR_LABEL} {{scenario: {s}, id: {cypher_literal(v)}}}) "
                     f"CREATE (a)-[:{rel_type(d['type'])} {_map(props)}]->(b);")
    return utf8("\n".join(lines) + "\n")


def _comment(text: str) -> str:
    """Text for a ``//`` comment line: JSON-quoted, and no character that any tool
    could take for a line break (U+2028, U+2029 and NEL pass ``json.dumps`` as they
    are; an editor or ``str.splitlines`` would end the comment there and run the rest
    of a hostile title as Cypher)."""
    quoted = json.dumps(text, ensure_ascii=False)
    for ch in ("\u2028", "\u2029", "\x85"):
        quoted = quoted.replace(ch, f"\\u{ord(ch):04x}")
    return quoted


def cypher_statements(script: str) -> list[str]:
    """Split a script written by ``to_cypher`` into statements (one a line; only ``\\n``
    ends a line, as in Cypher itself)."""
    return [ln.rstrip().rstrip(";") for ln in script.split("\n")
            if ln.strip() and not ln.lstrip().startswith("//")]
