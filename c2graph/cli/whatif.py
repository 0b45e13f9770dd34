"""``c2graph what-if``: change a scenario, check it, and see what the change does.

The work is ``c2graph.what_if`` (``cypher.whatif.run_what_if``), called with the
store this command opened (``c2graph serve``'s what-if calls it too): it builds the what-if
from a loaded scenario plus changes, validates it by the dataset loader's own rules,
loads it under a temporary id, queries it beside its base and drops it again (unless
``--save NAME``).  This module parses the options and prints the result.
"""

from __future__ import annotations

import json

import click

from c2graph.cli.common import (complete_queries, complete_scenarios, db_option, emit,
                                expected_errors, format_option, open_store)
from c2graph.cli.queries import PARAM, given_params


@click.command("what-if")
@click.option("--base", "base_id", metavar="ID", default=None,
              shell_complete=complete_scenarios,
              help="Scenario to start from (default: the --changes file's base, else"
                   " the root scenario).")
@click.option("--add", "adds", multiple=True, metavar="'A -X-> B'",
              help="Add a relationship; X is an authority (COMMANDS) or a type.")
@click.option("--remove", "removes", multiple=True, metavar="'A -> B'",
              help="Remove a relationship ('A -> B' is the COMMANDS one).")
@click.option("--move", "moves", multiple=True, metavar="'SUP -AUTH-> ACTOR'",
              help="Put ACTOR under SUP with AUTH, removing its other command superiors.")
@click.option("--add-actor", "add_actors", multiple=True, metavar="'{id: …, …}'",
              help="Add an actor, as a YAML mapping with the dataset's actor fields"
                   " (status defaults to possible, sources to --source).")
@click.option("--remove-actor", "remove_actors", multiple=True, metavar="ID",
              help="Remove an actor and its relationships.")
@click.option("--changes", "changes_file", metavar="FILE.yaml",
              type=click.Path(dir_okay=False, path_type=str),
              help="Read changes from a scenario file's 'changes:' block.")
@click.option("--source", "sources", multiple=True, metavar="REF",
              help="Source reference for items added by options (default: what-if).")
@click.option("--query", "-q", "query_names", multiple=True, metavar="NAME",
              shell_complete=complete_queries,
              help="Canned query to compare (repeatable). Default: reporting-chain of"
                   " each actor whose command line changed, unity-of-command, unreachable.")
@PARAM
@click.option("--save", metavar="NAME", help="Keep the what-if as scenario NAME.")
@db_option
@format_option("table", "json")
def what_if(base_id, adds, removes, moves, add_actors, remove_actors, changes_file, sources,
            query_names, params, save, db_url, fmt):
    """Try a change on a scenario and see what it changes.

    Builds a temporary scenario from the base plus the changes and validates it with
    the dataset's rules: a change that creates a command cycle or a command line
    between two nations (outside a COMBINED body) is refused with the reason (exit
    2).  Then it runs the queries on the base and on the what-if side by side and
    prints the rows that differ.  The what-if is dropped afterwards unless --save.

    Arrows run from superior to subordinate.  Queries that need an actor (-p post …)
    run for each actor whose command relationships changed unless -p gives one;
    queries that compare two scenarios (scenario-diff, what-changes-for) compare the
    base with the what-if.

    --format json prints one object: base, what_if, saved, changes (the rows of
    'c2graph diff'), and queries, each with its rows on the base and on the what-if
    and the rows only one side has (or, for a query that compares two scenarios
    itself, its rows).

    \b
    Examples:
      c2graph what-if --base us-jfc --remove 'us.jfc -> us.usfk' --add 'us.indopacom -OPCON-> us.usfk'
      c2graph what-if --base jjoc-2025 \\
          --add-actor '{id: us.jfc, kind: Command, name_en: U.S. joint force commander, nation: US}' \\
          --add 'us.indopacom -OPCON-> us.jfc' --move 'us.jfc -OPCON-> us.usfk'
      c2graph what-if --changes loaders/datasets/alliance/scenarios/us-jfc.yaml
      c2graph what-if --base us-jfc --move 'us.jfc -OPCON-> jp.gcc'      # refused
    """
    from c2graph.api import what_if as library_what_if
    from c2graph.cypher.whatif import RULES_HELD
    from c2graph.graph.diff import summary

    given = given_params(params, None)

    def warn(message: str) -> None:
        click.echo(f"Warning: {message}", err=True)

    store = open_store(db_url)
    with store, expected_errors():
        result = library_what_if(base_id, db=store, changes_file=changes_file, add=adds,
                                 remove=removes, move=moves, add_actors=add_actors,
                                 remove_actors=remove_actors, sources=sources,
                                 queries=query_names, params=given, save=save, warn=warn)
    base_id, label = result["base"], result["what_if"]
    if fmt == "json":
        click.echo(json.dumps({k: v for k, v in result.items() if k != "specs"},
                              ensure_ascii=False, indent=2, default=str))
        return
    changed = result["changes"]
    click.echo(f"What if, from {base_id}:")
    for text in result["specs"]:
        click.echo(f"  {text}")
    click.echo(f"{RULES_HELD[0].upper()}{RULES_HELD[1:]}.")
    click.echo(f"\nDifferences from {base_id}: {summary(changed)}")
    if changed:
        emit(changed, "table", ["change", "item", "id", "details"])
    for r in result["queries"]:
        shown = " ".join(f"{k}={v}" for k, v in r["params"].items())
        head = f"\n{r['query']}" + (f" ({shown})" if shown else "")
        if r["compared"]:
            click.echo(f"{head}: {base_id} against {label}")
            emit(r["rows"], "table", r["columns"])
            continue
        differing = ([{"in": base_id, **row} for row in r["only_in_base"]]
                     + [{"in": label, **row} for row in r["only_in_what_if"]])
        if not differing:
            click.echo(f"{head}: no change ({len(r['base'])} row(s))")
            continue
        click.echo(f"{head}: {len(differing)} row(s) differ, {r['unchanged']} unchanged")
        emit(differing, "table", ["in"] + r["columns"])
    if not result["saved"]:
        click.echo("\nThe what-if was discarded (--save NAME keeps it).")
    else:
        click.echo(f"\nSaved as scenario {label!r} in {store.url}.")
