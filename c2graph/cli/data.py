"""``c2graph load / validate / info / scenarios``: getting data in and seeing what is there."""

from __future__ import annotations

import json

import click

from c2graph.cli.common import (C2Error, EXIT_BAD_INPUT, db_option, emit, expected_errors,
                              format_option, open_store, progress_bar)

PATHS = click.argument("paths", nargs=-1, type=click.Path(path_type=str))


def _read(paths):
    from c2graph.loaders import load_datasets

    with expected_errors():
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
def load(paths, db_url, only, replace, atomic):
    """Validate datasets and load their scenarios into a store.

    PATHS are dataset folders (YAML with sources.yaml, or a CSV pair with nodes.csv
    and relationships.csv); none means the bundled alliance dataset.  Everything is
    validated before anything is written: a dataset with any problem is refused
    with one 'file:line: message' line per problem (exit code 2) and the store is
    left exactly as it was.

    Each scenario loaded replaces the store's copy of that scenario (loading twice
    gives the same graph); other scenarios stay unless --replace is given.  A load
    that fails leaves the store as it was (see --atomic for Neo4j).

    \b
    Examples:
      c2graph load
      c2graph load my-org/ --db bolt://localhost:7687
      c2graph load --scenario jjoc-2025 --scenario us-jfc
    """
    dataset = _read(paths)
    selected = list(dataset.scenarios.values())
    if only:
        unknown = [s for s in only if s not in dataset.scenarios]
        if unknown:
            raise C2Error([f"unknown scenario {s!r}; the dataset has:"
                           f" {', '.join(dataset.scenarios)}" for s in unknown], EXIT_BAD_INPUT)
        selected = [dataset.scenarios[s] for s in only]
    written = dataset.with_snapshots(selected)  # + the dated states --as-of reads
    total = sum(len(s.actors) + len(s.relationships) for s in written)
    store = open_store(db_url)
    with store, expected_errors():
        if atomic is None and not store.fits_one_transaction(total):
            click.echo(f"Note: {total:,} actors and relationships are more than one"
                       f" transaction holds by default; each scenario is written in its"
                       f" own (--atomic: all in one)", err=True)
        with progress_bar(total, "loading") as bar:
            store.load(written, replace_all=replace, atomic=atomic,
                       progress=(lambda n: bar.update(n)) if bar else None)
        counts = store.scenarios()
    source = dataset.path if paths else "the bundled alliance dataset"
    click.echo(f"Loaded {len(selected)} scenario(s) from {source} into {store.url}")
    rows = [{"scenario": sid, "status": meta.get("status"), "nodes": meta["nodes"],
             "relationships": meta["relationships"], "title": meta.get("title")}
            for sid, meta in counts.items()]
    emit(rows, "table")


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=str))
def validate(paths):
    """Check dataset folders without writing anything.

    Reports every problem as 'file:line: message' (exit code 2), or a summary of
    each scenario when the dataset is valid.

    \b
    Example:
      c2graph validate loaders/datasets/alliance
    """
    dataset = _read(paths)
    rows = [{"scenario": s.id, "base": s.base, "status": s.status, "actors": len(s.actors),
             "relationships": len(s.relationships)} for s in dataset.scenarios.values()]
    click.echo(f"OK: {', '.join(paths)}: {len(rows)} scenario(s), {len(dataset.sources)}"
               " source(s)")
    emit(rows, "table")


@click.command()
@db_option
@format_option("table", "json")
def info(db_url, fmt):
    """Which engine and server the store is, and what scenarios it holds.

    --format json prints {"engine", "server_version", "scenarios": {ID: {"nodes",
    "relationships"}}}.
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
    click.echo(f"store:   {url}\nengine:  {data['engine']} ({data['server_version']})")
    if not data["scenarios"]:
        click.echo("no scenarios loaded: run 'c2graph load'")
        return
    emit([{"scenario": k, **v} for k, v in data["scenarios"].items()], "table")


@click.command()
@db_option
@format_option()
def scenarios(db_url, fmt):
    """The scenarios in the store: title, status, base, date and size."""
    store = open_store(db_url)
    with store, expected_errors():
        found = store.scenarios()
    rows = [{"id": sid, "title": m.get("title"), "status": m.get("status"),
             "base": m.get("base"), "date": m.get("date"), "nodes": m["nodes"],
             "relationships": m["relationships"]} for sid, m in found.items()]
    emit(rows, fmt, ["id", "title", "status", "base", "date", "nodes", "relationships"])
