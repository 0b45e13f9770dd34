"""``c2graph queries / query / chain / cypher / diff``: asking the graph questions.

Every query here is read-only: canned and ad hoc Cypher are checked before they run
(see ``cypher.readonly``) and run in the engine's read-only mode.  ``--format json``
prints a JSON list of row objects (column -> value), the same shape for ``query`` and
``cypher``.
"""

from __future__ import annotations

import json
import sys

import click

from c2graph.cli.common import (C2Error, EXIT_BAD_INPUT, as_of_option, complete_queries,
                                db_option, emit, expected_errors, format_option, open_store,
                                say, scenario_option)

PARAM = click.option("-p", "--param", "params", nargs=2, multiple=True,
                     metavar="KEY VALUE", help="A query parameter (repeatable).")
SCENARIO = scenario_option(help="Scenario to query (same as -p scenario ID; default: the"
                                " root scenario).")


def given_params(params, scenario: str | None) -> dict[str, str]:
    given: dict[str, str] = {}
    for key, value in params:
        if key in given and given[key] != value:
            raise C2Error(f"parameter {key!r} is given twice ({given[key]!r} and {value!r})",
                          EXIT_BAD_INPUT)
        given[key] = value
    if scenario is not None:
        if given.get("scenario", scenario) != scenario:
            raise C2Error(f"--scenario {scenario} and -p scenario {given['scenario']} disagree",
                          EXIT_BAD_INPUT)
        given["scenario"] = scenario
    return given


def _notice_truncated(run, limit) -> None:
    if run.truncated:
        click.echo(f"Note: only the first {limit} rows are shown; the query returned more"
                   " (raise --limit)", err=True)


@click.command()
@format_option()
def queries(fmt):
    """List the canned queries: name, title and parameters.

    Run one with 'c2graph query NAME -p KEY VALUE'.  The files are plain Cypher in
    cypher/queries/ and paste into Neo4j Browser as they are.  Your own folders of
    .cypher files can be added with C2GRAPH_QUERY_PATH (a file of the same name
    replaces the bundled one).

    \b
    Example:
      c2graph queries
      c2graph queries --format json
    """
    from c2graph.cypher.library import load_library

    with expected_errors():
        library = load_library()
    if fmt == "json":
        rows = [{"name": q.name, "title": q.title, "returns": list(q.returns),
                 "file": str(q.path),
                 "params": [{"name": p.name, "kind": p.kind, "default": p.default,
                             "required": p.required, "description": p.description}
                            for p in q.params]} for q in library]
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    rows = [{"name": q.name, "title": q.title,
             "parameters": ", ".join(p.describe() if p.required else f"{p.name}={p.default}"
                                     for p in q.params)} for q in library]
    emit(rows, fmt, ["name", "title", "parameters"])


@click.command()
@click.argument("name", shell_complete=complete_queries)
@PARAM
@SCENARIO
@as_of_option
@click.option("--timeout", type=click.FloatRange(min=0), default=None, metavar="SECONDS",
              help="Server-side time limit (default 60; 0: none).")
@db_option
@format_option()
def query(name, params, scenario, as_of, timeout, db_url, fmt):
    """Run the canned query NAME.

    Parameters are checked before anything runs: an unknown or missing parameter, an
    unknown scenario or an unknown actor id is an error (exit 2), with a "did you
    mean" from actor ids and names.  Parameters with a default may be left out
    ('c2graph queries' shows them).

    \b
    Examples:
      c2graph query reporting-chain -p post jp.jjoc --scenario jjoc-2025
      c2graph query subordinates -p post us.indopacom -p levels 0
      c2graph query command-path -p source us.indopacom -p target jp.jjoc -s jjoc-2025
      c2graph query scenario-diff -p other jjoc-2025 --format json
      c2graph query authority-over -p post us.c7f
      c2graph query coordination-partners -p post jp.jjoc --as-of 2025-04-01
    """
    from c2graph.cypher.runner import QUERY_TIMEOUT_S, run_query

    given = given_params(params, scenario)
    store = open_store(db_url)
    with store, expected_errors():
        answer = store.as_of(given.get("scenario"), as_of) if as_of else None
        if answer:
            given["scenario"] = answer.graph
        run = run_query(store, name, given,
                        timeout_s=QUERY_TIMEOUT_S if timeout is None else timeout)
    if fmt == "table":
        shown = " ".join(f"{k}={v}" for k, v in run.params.items())
        if answer:
            say(f"As of: {answer.summary()}")
        say(f"{run.name} ({shown}): {len(run.rows)} row(s)")
    emit(run.rows, fmt, run.columns)


@click.command()
@click.argument("actor")
@SCENARIO
@as_of_option
@db_option
@format_option()
def chain(actor, scenario, as_of, db_url, fmt):
    """The reporting chain of ACTOR, up to its national command authority.

    A shortcut for 'c2graph query reporting-chain -p post ACTOR'.  Each line shows
    the authority of the link below it; an actor with two command superiors has one
    chain per path.  For an actor nobody commands, what directs it without command
    (supervision, transmitted orders) and the posts held with it are listed
    ('c2graph query oversight').

    \b
    Examples:
      c2graph chain jp.jjoc --scenario jjoc-2025
      c2graph chain combined.cfc -s cfc-transfer --format json
      c2graph chain jp.gcc --as-of 2024-12-31
    """
    from c2graph.cypher.runner import run_query

    given = given_params([("post", actor)], scenario)
    store = open_store(db_url)
    with store, expected_errors():
        answer = store.as_of(scenario, as_of) if as_of else None
        if answer:
            given["scenario"] = answer.graph
        run = run_query(store, "reporting-chain", given)
        tops = [r for r in run.rows if r["depth"] == 0]
        above = run_query(store, "oversight", given).rows if tops and fmt == "table" else []
    if fmt != "table":
        emit(run.rows, fmt, run.columns)
        return
    where = f"{answer.scenario} as of {answer.date}" if answer else run.params["scenario"]
    if answer:
        say(f"As of: {answer.summary()}")
    if not run.rows:
        say(f"{actor} has no reporting chain in {where}")
        return
    for i, row in enumerate(run.rows):
        if i:
            say("")
        if row["depth"] == 0:
            say(f"Nobody commands {row['chain'][0]} ({row['ids'][0]}) in {where}:"
                " it heads its own chain")
            for item in above:
                say(f"  {item['relation']}: {item['name']} ({item['actor']})")
            continue
        say(f"Reporting chain of {actor} in {where}"
            + (f" (path {i + 1} of {len(run.rows)})" if len(run.rows) > 1 else "")
            + ":")
        say(f"  {row['chain'][0]} ({row['ids'][0]})")
        for level, (name, aid, authority) in enumerate(
                zip(row["chain"][1:], row["ids"][1:], row["authorities"]), 1):
            say(f"  {'    ' * (level - 1)}└─ {authority} → {name} ({aid})")


@click.command()
@click.argument("text", metavar="'CYPHER'")
@PARAM
@click.option("--timeout", type=click.FloatRange(min=0), default=30.0, show_default=True,
              metavar="SECONDS", help="Server-side time limit (0: none).")
@click.option("--limit", type=click.IntRange(min=1), default=1000, show_default=True,
              metavar="ROWS", help="Keep at most this many rows.")
@db_option
@format_option()
def cypher(text, params, timeout, limit, db_url, fmt):
    """Run ad hoc, read-only Cypher ('-' reads it from standard input).

    The query must be one read-only statement: read clauses (MATCH, OPTIONAL MATCH,
    WITH, UNWIND, RETURN, UNION, CALL/COUNT/EXISTS/COLLECT subqueries), built-in
    functions and the read-only catalogue procedures (db.labels,
    db.relationshipTypes, db.propertyKeys, db.schema.*, index look-ups, FalkorDB's
    algo.*).  Anything else — writes, schema changes, LOAD CSV, SHOW, TERMINATE and
    other administration commands — is refused before the query runs, with exit
    code 2.  docs/queries.md lists what is accepted.

    Every $parameter must be given with -p, and every -p must be used.  A value is
    read as JSON when it is a number, true/false/null, a list or an object; anything
    else is text (write '"42"' for the text 42).

    Every node carries 'scenario': anchor a query on one, e.g. {scenario: $s}.

    \b
    Examples:
      c2graph cypher 'MATCH (n:Actor {scenario: $s}) RETURN n.nation AS nation, count(*) AS actors' -p s baseline-2024
      c2graph cypher 'MATCH (a:Actor {scenario: "jjoc-2025", id: "jp.jjoc"})-[r]-(b) RETURN type(r) AS type, b.id AS other' --format json
      echo 'CALL db.labels()' | c2graph cypher -
    """
    from c2graph.cypher.runner import run_adhoc

    if text == "-":
        text = sys.stdin.read()
    from c2graph.cypher.params import adhoc_value

    with expected_errors():
        try:
            given = {key: adhoc_value(key, value)
                     for key, value in given_params(params, None).items()}
        except ValueError as exc:
            raise C2Error(str(exc), EXIT_BAD_INPUT) from None
    store = open_store(db_url)
    with store, expected_errors():
        run = run_adhoc(store, text, given, timeout_s=timeout or None, limit=limit)
    emit(run.rows, fmt, run.columns)
    _notice_truncated(run, limit)


@click.command()
@click.argument("first", metavar="S1")
@click.argument("second", metavar="S2")
@db_option
@format_option()
def diff(first, second, db_url, fmt):
    """What changes from scenario S1 to scenario S2.

    Actors and relationships added, removed or changed (authority, sources, note,
    or any actor property).  Sources are compared as sets.  --format json gives each
    row with 'changed' (the fields that differ) and the item's properties 'before'
    and 'after'.

    \b
    Examples:
      c2graph diff baseline-2024 jjoc-2025
      c2graph diff us-jfc cfc-transfer --format json
    """
    from c2graph.graph.diff import diff_graphs, summary

    store = open_store(db_url)
    with store, expected_errors():
        rows = diff_graphs(store.read_graph(first), store.read_graph(second))
    if fmt == "table":
        say(f"{first} -> {second}: {summary(rows)}")
        if not rows:
            return
    emit(rows, fmt, ["change", "item", "id", "details"])
