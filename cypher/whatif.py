"""Running a what-if in a store: a scenario plus changes, queried beside its base.

The what-if scenario itself is built and validated by the loaders (``loaders.whatif``:
the dataset's own field checks and whole-graph rules).  This module does the rest:
it loads the what-if under a temporary id, diffs it against its base
(``graph.diff``), runs canned queries on both sides and keeps the rows that differ,
then drops it again in a ``finally`` (unless ``save`` names it): an interrupted run
leaves nothing behind.  It returns plain data; ``c2graph what-if`` prints it and
``c2graph.what_if`` returns it.
"""

from __future__ import annotations

import json
import uuid
from typing import Callable

from c2graph.cypher.params import QueryError

#: Run when no query is named: how the changed actors now report, and whether the
#: change breaks unity of command or leaves someone outside every national chain.
DEFAULT_QUERIES = ("reporting-chain", "unity-of-command", "unreachable")
REFUSED = "the what-if is refused; nothing was loaded"
#: What a what-if that ``run_what_if`` returned has passed (the CLI and the page say it).
RULES_HELD = ("valid under the dataset rules (no dangling relationship, no command cycle,"
              " no cross-national command)")


def run_what_if(store, *, base: str | None = None, changes_file: str | None = None,
                add=(), remove=(), move=(), add_actors=(), remove_actors=(),
                sources=(), queries=(), params: dict | None = None,
                save: str | None = None, run_queries: bool = True,
                warn: Callable[[str], None] | None = None) -> dict:
    """Try changes on scenario ``base`` of ``store`` and report what they change.

    Changes are specs as on the command line (``add=["us.a -OPCON-> us.b"]``,
    ``remove``, ``move``, ``add_actors`` as YAML mappings, ``remove_actors``) and/or
    a scenario file's ``changes:`` block (``changes_file``).  ``base`` defaults to
    the file's base, else the store's root scenario.  ``queries`` are canned query
    names (default :data:`DEFAULT_QUERIES`); ``params`` their extra parameters;
    ``run_queries`` false runs none (``c2graph serve`` shows the changes only).

    Returns ``{"base", "what_if", "saved", "changes", "queries", "specs"}``:
    ``changes`` the rows of ``graph.diff.diff_graphs`` (base to what-if), ``queries``
    one entry per query run with its rows on each side and those only one side has,
    ``specs`` the changes as given (for a report).

    Raises ``QueryError`` for bad options (exit code 2), ``DatasetError`` when the
    changes break a dataset rule (nothing is loaded), ``StoreError`` from the store.
    """
    from c2graph.graph.diff import diff_graphs
    from c2graph.graph.graphs import scenario_from_graph
    from c2graph.graph.model import DatasetError, Problem
    from c2graph.loaders import whatif as wi
    from c2graph.loaders.fields import ID_RE

    given = dict(params or {})
    if "scenario" in given or "other" in given:
        raise QueryError("the what-if sets 'scenario' and 'other' itself; give the base"
                         " with --base")
    if save is not None and not ID_RE.match(save):
        raise QueryError(f"invalid scenario name {save!r}: use lower-case ASCII letters,"
                         " digits, '.', '-', '_'")
    problems: list[Problem] = []
    file_changes, file_base = (wi.changes_from_file(changes_file, problems)
                               if changes_file else (wi.empty_changes(), None))
    specs = ([f"--changes {changes_file}"] if changes_file else []) + [
        f"{option} {text!r}" for option, texts in (
            ("--add-actor", add_actors), ("--remove-actor", remove_actors),
            ("--remove", remove), ("--add", add), ("--move", move)) for text in texts]
    if not specs:
        raise QueryError("no change given: use --add, --remove, --move, --add-actor,"
                         " --remove-actor or --changes FILE.yaml")

    base_id = base or file_base or store.root_scenario()
    known = store.scenario_ids()
    store.require_scenario(base_id)
    if save is not None and save in known:
        raise QueryError(f"scenario {save!r} already exists in the store; --save needs a"
                         " new name")
    base_graph = store.read_graph(base_id)
    base_model = scenario_from_graph(base_graph)
    option_changes = wi.changes_from_options(
        base_model, add=add, remove=remove, move=move, add_actors=add_actors,
        remove_actors=remove_actors, sources=sources or (wi.WHATIF_SOURCE,),
        problems=problems)
    changes = wi.merge_changes(file_changes, option_changes)
    try:
        scenario = wi.build_whatif(base_model, changes, save or "what-if",
                                   f"What if: {base_id} changed", problems,
                                   description="\n".join(specs))
    except DatasetError as exc:
        raise DatasetError(exc.problems + [Problem(None, REFUSED)]) from None
    runs = plan_runs(queries, given, base_model, scenario) if run_queries else []
    store_id = save or f"what-if-{uuid.uuid4().hex[:8]}"
    try:
        store.load([wi.renamed(scenario, store_id)],
                   sources=store.read_sources(base_id))
        changed = diff_graphs(base_graph, store.read_graph(store_id))
        results = [compare(store, q, p, base_id, store_id, base_model, scenario)
                   for q, p in runs]
    finally:
        if save is None:
            _discard(store, store_id, warn)
    return {"base": base_id, "what_if": save or "what-if", "saved": save is not None,
            "changes": changed, "queries": results, "specs": specs}


def _discard(store, store_id: str, warn) -> None:
    """Drop the temporary scenario; say so (without hiding the real error) if it fails."""
    from c2graph.graph.store.base import StoreError

    try:
        store.drop([store_id])
    except StoreError as exc:
        if warn is not None:
            warn(f"the temporary scenario {store_id!r} could not be removed ({exc});"
                 " 'c2graph load --replace' removes it")


def plan_runs(names, given: dict, base, scenario) -> list[tuple]:
    """(query, params) pairs, checked before anything is loaded.

    A query that needs an actor and is not given one runs once per actor whose
    command superiors changed.
    """
    from c2graph.cypher.library import load_query

    names = list(names) or list(DEFAULT_QUERIES)
    queries = []
    for name in names:
        try:
            queries.append(load_query(name))
        except LookupError as exc:
            raise QueryError(str(exc)) from None
    accepted = {p.name for q in queries for p in q.params}
    unknown = sorted(set(given) - accepted)
    if unknown:
        raise QueryError([f"no chosen query takes parameter {k!r}" for k in unknown])
    touched = command_touched(base, scenario)
    runs = []
    for q in queries:
        own = {k: v for k, v in given.items() if q.param(k)}
        actors = [p for p in q.params if p.kind == "actor" and p.name not in own]
        if not actors:
            runs.append((q, own))
            continue
        if len(actors) > 1 or not touched:
            missing = ", ".join(p.name for p in actors)
            raise QueryError(f"query {q.name!r} needs {missing}: give it with -p")
        runs.extend((q, {**own, actors[0].name: actor}) for actor in touched)
    return runs


def command_touched(base, scenario) -> list[str]:
    """Actors whose command superiors differ between the base and the what-if."""
    def superiors(s):
        out: dict[str, set] = {}
        for rel in s.relationships.values():
            if rel.type == "COMMANDS":
                out.setdefault(rel.target, set()).add((rel.source, rel.authority))
        return out

    before, after = superiors(base), superiors(scenario)
    return sorted(a for a in before.keys() | after.keys() if before.get(a) != after.get(a))


def compare(store, query, params, base_id, store_id, base, scenario) -> dict:
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
