"""``c2graph load / validate / info / scenarios``: getting data in and seeing what is there."""

from __future__ import annotations

import json

import click

from c2graph.cli.common import (db_option, emit, expected_errors, format_option, open_store,
                                progress_bar, working)

PATHS = click.argument("paths", nargs=-1, type=click.Path(path_type=str))


def _read(paths):
    from c2graph.loaders import load_datasets

    with expected_errors(), working(f"validating {', '.join(paths) or 'the bundled dataset'}"):
        return load_datasets(paths)


@click.command()
@PATHS
@db_option
@click.option("--scenario", "-s", "only", multiple=True, metavar="ID",
              help="Load only this scenario (repeatable). Default: all of them.")
@click.option("--replace", is_flag=True,
              help="Also remove every scenario in the store that this load does not name.")
@click.option("--atomic/--no-atomic", default=None,
              help="Neo4j: write the whole load in one transaction, so a load that fails"
                   " leaves the store exactly as it was (the default for loads of up to"
                   " 200,000 actors and relationships; C2GRAPH_ATOMIC_ROWS changes the"
                   " bound); --no-atomic: one transaction per scenario, for loads larger"
                   " than the server's transaction memory.  The embedded engine is always"
                   " atomic.")
@format_option()
def load(paths, db_url, only, replace, atomic, fmt):
    """Validate datasets and load their scenarios into a store.

    PATHS are dataset folders (YAML with sources.yaml, or a CSV pair with nodes.csv
    and relationships.csv) or exported json/graphml files; none means the bundled
    alliance dataset.  Everything is validated before anything is written: a dataset
    with any problem is refused with one 'file:line: message' line per problem (exit
    code 2) and the store is left exactly as it was.

    Each scenario loaded replaces the store's copy of that scenario (loading twice
    gives the same graph), with the sources it cites; other scenarios stay unless
    --replace is given.  A load that fails leaves the store as it was (see --atomic
    for Neo4j).  --format json or csv prints the store's scenarios after the load
    (json: {"url", "dataset", "loaded", "scenarios"}).

    \b
    Examples:
      c2graph load
      c2graph load my-org/ --db bolt://localhost:7687
      c2graph load --scenario jjoc-2025 --scenario us-jfc
      c2graph load org-10k/ --replace --format json
    """
    from c2graph.api import load as run_load

    dataset = _read(paths)
    # what the load writes: the scenarios and the dated states --as-of reads
    written = dataset.with_snapshots(s for sid, s in dataset.scenarios.items()
                                     if not only or sid in only)
    total = sum(len(s.actors) + len(s.relationships) for s in written)
    store = open_store(db_url)
    with store, expected_errors():
        if atomic is None and not store.fits_one_transaction(total):
            click.echo(f"Note: {total:,} actors and relationships are more than one"
                       f" transaction holds by default; each scenario is written in its"
                       f" own (--atomic: all in one)", err=True)
        with progress_bar(total, "loading") as bar:
            result = run_load(dataset, db=store, scenarios=list(only), replace=replace,
                              atomic=atomic,
                              progress=(lambda n: bar.update(n)) if bar else None)
    rows = [{"scenario": sid, "status": meta.get("status"), "nodes": meta["nodes"],
             "relationships": meta["relationships"], "title": meta.get("title")}
            for sid, meta in result["scenarios"].items()]
    if fmt == "json":
        click.echo(json.dumps(result, ensure_ascii=False, indent=2, default=str))
        return
    if fmt == "table":
        source = result["dataset"] if paths else "the bundled alliance dataset"
        click.echo(f"Loaded {len(result['loaded'])} scenario(s) from {source} into"
                   f" {result['url']}")
    emit(rows, fmt, ["scenario", "status", "nodes", "relationships", "title"])


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=str))
@format_option()
def validate(paths, fmt):
    """Check dataset folders without writing anything.

    Reports every problem as 'file:line: message' (exit code 2), or a summary of
    each scenario when the dataset is valid.  --format json prints {"valid": true,
    "paths", "sources", "scenarios": [...]} when it is valid, and {"valid": false,
    "problems": [{"file", "line", "message"}]} (exit code 2) when it is not: a CI
    pipeline reads either from standard output.

    \b
    Examples:
      c2graph validate loaders/datasets/alliance
      c2graph validate my-org/ --format json
    """
    from c2graph.graph.model import DatasetError
    from c2graph.loaders import load_datasets

    try:
        with working(f"validating {', '.join(paths)}"):
            dataset = load_datasets(paths)
    except DatasetError as exc:
        if fmt == "table":
            with expected_errors():
                raise
        rows = [{"file": p.origin.path if p.origin else None,
                 "line": p.origin.line if p.origin else None, "message": p.message}
                for p in exc.problems]
        if fmt == "json":
            click.echo(json.dumps({"valid": False, "problems": rows}, ensure_ascii=False,
                                  indent=2))
        else:
            emit(rows, "csv", ["file", "line", "message"])
        raise SystemExit(2) from None
    rows = [{"scenario": s.id, "base": s.base, "status": s.status, "actors": len(s.actors),
             "relationships": len(s.relationships)} for s in dataset.scenarios.values()]
    if fmt == "json":
        click.echo(json.dumps({"valid": True, "paths": list(paths),
                               "sources": len(dataset.sources), "scenarios": rows},
                              ensure_ascii=False, indent=2))
        return
    if fmt == "table":
        click.echo(f"OK: {', '.join(paths)}: {len(rows)} scenario(s),"
                   f" {len(dataset.sources)} source(s)")
    emit(rows, fmt, ["scenario", "base", "status", "actors", "relationships"])


@click.command()
@db_option
@format_option()
def info(db_url, fmt):
    """Which engine and server the store is, and what scenarios it holds.

    --format json prints {"engine", "server_version", "scenarios": {ID: {"nodes",
    "relationships"}}}; --format csv the scenarios' rows.

    \b
    Examples:
      c2graph info
      c2graph info --db bolt://localhost:7687 --format json
    """
    store = open_store(db_url)
    with store, expected_errors():
        data = {"engine": store.engine, "server_version": store.server_version(),
                "scenarios": {sid: {"nodes": m["nodes"], "relationships": m["relationships"]}
                              for sid, m in store.scenarios().items()}}
        url = store.url
    if fmt == "json":
        click.echo(json.dumps(data, indent=2))
        return
    rows = [{"scenario": k, **v} for k, v in data["scenarios"].items()]
    if fmt == "csv":
        emit(rows, "csv", ["scenario", "nodes", "relationships"])
        return
    click.echo(f"store:   {url}\nengine:  {data['engine']} ({data['server_version']})")
    if not data["scenarios"]:
        click.echo("no scenarios loaded: run 'c2graph load'")
        return
    emit(rows, "table")


@click.command()
@db_option
@format_option()
def scenarios(db_url, fmt):
    """The scenarios in the store: title, status, base, date and size.

    The root scenario (the one without a base that the others are built on) is the
    default of every command that takes --scenario.

    \b
    Examples:
      c2graph scenarios
      c2graph scenarios --format csv
    """
    store = open_store(db_url)
    with store, expected_errors():
        found = store.scenarios()
    rows = [{"id": sid, "title": m.get("title"), "status": m.get("status"),
             "base": m.get("base"), "date": m.get("date"), "nodes": m["nodes"],
             "relationships": m["relationships"]} for sid, m in found.items()]
    emit(rows, fmt, ["id", "title", "status", "base", "date", "nodes", "relationships"])
