"""``c2graph what-if``: change a scenario, check it, and see what the change does.

The what-if is built from a loaded scenario plus changes, validated by the dataset
loader's own rules, loaded under a temporary id, queried side by side with its base,
and dropped again in a ``finally`` (unless ``--save NAME``): an interrupted run
leaves nothing behind.
"""

from __future__ import annotations

import json
import uuid

import click

from c2graph.cli.common import (C2Error, EXIT_BAD_INPUT, db_option, emit, format_option,
                              open_store)
from c2graph.cli.queries import PARAM, given_params, query_errors

#: Run when no --query is given: how the changed actors now report, and whether the
#: change breaks unity of command or leaves someone outside every national chain.
DEFAULT_QUERIES = ("reporting-chain", "unity-of-command", "unreachable")


@click.command("what-if")
@click.option("--base", "base_id", metavar="ID", default=None,
              help="Scenario to start from (default: the --changes file's base, else"
                   " baseline-2024).")
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
    from c2graph.cypher.diff import diff_graphs, summary
    from c2graph.graph.model import DatasetError, Problem
    from c2graph.loaders import whatif as wi
    from c2graph.loaders.fields import ID_RE

    given = given_params(params, None)
    if "scenario" in given or "other" in given:
        raise C2Error("the what-if sets 'scenario' and 'other' itself; give the base with"
                      " --base", EXIT_BAD_INPUT)
    if save is not None and not ID_RE.match(save):
        raise C2Error(f"invalid scenario name {save!r}: use lower-case ASCII letters,"
                      " digits, '.', '-', '_'", EXIT_BAD_INPUT)
    problems: list[Problem] = []
    file_changes, file_base = (wi.changes_from_file(changes_file, problems)
                               if changes_file else (wi.empty_changes(), None))
    base_id = base_id or file_base or "baseline-2024"
    option_texts = ([f"--changes {changes_file}"] if changes_file else []) + [
        f"{option} {text!r}" for option, texts in (
            ("--add-actor", add_actors), ("--remove-actor", remove_actors),
            ("--remove", removes), ("--add", adds), ("--move", moves)) for text in texts]
    if not option_texts:
        raise C2Error("no change given: use --add, --remove, --move, --add-actor,"
                      " --remove-actor or --changes FILE.yaml", EXIT_BAD_INPUT)

    store = open_store(db_url)
    with store, query_errors():
        known = store.scenarios()
        store.require_scenario(base_id)
        if save is not None and save in known:
            raise C2Error(f"scenario {save!r} already exists in the store; --save needs a"
                          " new name", EXIT_BAD_INPUT)
        base_graph = store.read_graph(base_id)
        base = wi.scenario_from_graph(base_graph)
        option_changes = wi.changes_from_options(
            base, add=adds, remove=removes, move=moves, add_actors=add_actors,
            remove_actors=remove_actors, sources=sources or (wi.WHATIF_SOURCE,),
            problems=problems)
        changes = wi.merge_changes(file_changes, option_changes)
        name = save or "what-if"
        try:
            scenario = wi.build_whatif(base, changes, name, f"What if: {base_id} changed",
                                       problems, description="\n".join(option_texts))
        except DatasetError as exc:
            raise C2Error([str(p) for p in exc.problems]
                          + ["the what-if is refused; nothing was loaded"],
                          EXIT_BAD_INPUT) from None
        runs = _plan_runs(query_names, given, base, scenario)
        store_id = save or f"what-if-{uuid.uuid4().hex[:8]}"
        try:
            store.load([wi.renamed(scenario, store_id)])
            after_graph = store.read_graph(store_id)
            changed = diff_graphs(base_graph, after_graph)
            results = [_compare(store, q, p, base_id, store_id, base, scenario)
                       for q, p in runs]
        finally:
            if save is None:
                _discard(store, store_id)
    label = save or "what-if"
    if fmt == "json":
        click.echo(json.dumps({"base": base_id, "what_if": label, "saved": save is not None,
                               "changes": changed, "queries": results},
                              ensure_ascii=False, indent=2, default=str))
        return
    click.echo(f"What if, from {base_id}:")
    for text in option_texts:
        click.echo(f"  {text}")
    click.echo("Valid under the dataset rules (no dangling relationship, no command cycle,"
               " no cross-national command).")
    click.echo(f"\nDifferences from {base_id}: {summary(changed)}")
    if changed:
        emit(changed, "table", ["change", "item", "id", "details"])
    for result in results:
        shown = " ".join(f"{k}={v}" for k, v in result["params"].items())
        head = f"\n{result['query']}" + (f" ({shown})" if shown else "")
        if result["compared"]:
            click.echo(f"{head}: {base_id} against {label}")
            emit(result["rows"], "table", result["columns"])
            continue
        differing = ([{"in": base_id, **r} for r in result["only_in_base"]]
                     + [{"in": label, **r} for r in result["only_in_what_if"]])
        if not differing:
            click.echo(f"{head}: no change ({len(result['base'])} row(s))")
            continue
        click.echo(f"{head}: {len(differing)} row(s) differ,"
                   f" {result['unchanged']} unchanged")
        emit(differing, "table", ["in"] + result["columns"])
    if save is None:
        click.echo("\nThe what-if was discarded (--save NAME keeps it).")
    else:
        click.echo(f"\nSaved as scenario {save!r} in {store.url}.")


def _discard(store, store_id: str) -> None:
    """Drop the temporary scenario; say so (without hiding the real error) if it fails."""
    from c2graph.graph.store.base import StoreError

    try:
        store.drop([store_id])
    except StoreError as exc:
        click.echo(f"Warning: the temporary scenario {store_id!r} could not be removed"
                   f" ({exc}); 'c2graph load --replace' removes it", err=True)


def _plan_runs(names, given, base, scenario) -> list[tuple]:
    """(query, params) pairs, checked before anything is loaded."""
    from c2graph.cypher.library import load_query

    names = list(names) or list(DEFAULT_QUERIES)
    queries = []
    for name in names:
        try:
            queries.append(load_query(name))
        except LookupError as exc:
            raise C2Error(str(exc), EXIT_BAD_INPUT) from None
    accepted = {p.name for q in queries for p in q.params}
    unknown = sorted(set(given) - accepted)
    if unknown:
        raise C2Error([f"no chosen query takes parameter {k!r}" for k in unknown],
                      EXIT_BAD_INPUT)
    touched = _command_touched(base, scenario)
    runs = []
    for q in queries:
        own = {k: v for k, v in given.items() if q.param(k)}
        actors = [p for p in q.params if p.kind == "actor" and p.name not in own]
        if not actors:
            runs.append((q, own))
            continue
        if len(actors) > 1 or not touched:
            missing = ", ".join(p.name for p in actors)
            raise C2Error(f"query {q.name!r} needs {missing}: give it with -p",
                          EXIT_BAD_INPUT)
        runs.extend((q, {**own, actors[0].name: actor}) for actor in touched)
    return runs


def _command_touched(base, scenario) -> list[str]:
    """Actors whose command superiors differ between the base and the what-if."""
    def superiors(s):
        out: dict[str, set] = {}
        for rel in s.relationships.values():
            if rel.type == "COMMANDS":
                out.setdefault(rel.target, set()).add((rel.source, rel.authority))
        return out

    before, after = superiors(base), superiors(scenario)
    return sorted(a for a in before.keys() | after.keys() if before.get(a) != after.get(a))


def _compare(store, query, params, base_id, store_id, base, scenario) -> dict:
    """Run ``query`` on both scenarios; the rows only one side has.

    A query that compares two scenarios itself (its second scenario parameter) runs
    once, base against what-if, and its rows are reported as they are (``rows``).
    """
    from c2graph.cypher.runner import run_query

    if any(p.kind == "scenario" and p.name != "scenario" for p in query.params):
        other = next(p.name for p in query.params if p.kind == "scenario"
                     and p.name != "scenario")
        run = run_query(store, query, {**params, "scenario": base_id, other: store_id})
        rows = [{k: v.replace(store_id, scenario.id) if isinstance(v, str) else v
                 for k, v in row.items()} for row in run.rows]
        return {"query": query.name, "params": params, "columns": run.columns,
                "compared": True, "rows": rows}
    sides = []
    for sid, model in ((base_id, base), (store_id, scenario)):
        absent = [v for p in query.params if p.kind == "actor"
                  for v in [params.get(p.name)] if v is not None and v not in model.actors]
        if absent:
            sides.append(None)
            continue
        sides.append(run_query(store, query, {**params, "scenario": sid}))
    columns = next((s.columns for s in sides if s is not None), list(query.returns))
    rows = [s.rows if s is not None else [] for s in sides]
    keys = [[json.dumps(r, sort_keys=True, default=str) for r in side] for side in rows]
    only_base = [r for r, k in zip(rows[0], keys[0]) if k not in set(keys[1])]
    only_after = [r for r, k in zip(rows[1], keys[1]) if k not in set(keys[0])]
    return {"query": query.name, "params": params, "columns": columns, "compared": False,
            "base": rows[0], "what_if": rows[1], "only_in_base": only_base,
            "only_in_what_if": only_after,
            "unchanged": len(rows[0]) - len(only_base)}
