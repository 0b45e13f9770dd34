"""``c2graph view``: the interactive command diagram, as one offline HTML file."""

from __future__ import annotations

from pathlib import Path

import click

from c2graph.cli.common import (C2Error, EXIT_BAD_INPUT, as_of_option, db_option,
                                expected_errors, open_store, scenario_option, working,
                                write_output)
from c2graph.graph.collector import paused
from c2graph.viz import DEFAULT_MARKING, LANGS

DEFAULT_OUTPUT = "c2graph-view.html"
#: Above this, browsers take long to open the page and mail systems refuse it: say so.
LARGE_HTML = 50 * 1024 * 1024


@click.command()
@db_option
@scenario_option(help="Scenario shown first (default: the root scenario). Every loaded"
                      " scenario is in the page's selector.")
@click.option("--output", "-o", metavar="FILE", default=DEFAULT_OUTPUT, show_default=True,
              help="HTML file to write ('-' prints the page).")
@click.option("--open", "open_browser", is_flag=True,
              help="Open the page in the default web browser (prints the path if there is none).")
@click.option("--focus", metavar="ACTOR",
              help="Draw only the actors within --depth lines of this actor id.")
@click.option("--depth", type=click.IntRange(0, 100), default=None, metavar="N",
              help="With --focus: how many lines away to draw (default 2).")
@click.option("--lang", type=click.Choice(LANGS), default="en", show_default=True,
              help="Actor labels: English, Japanese, or both (switchable in the page).")
@click.option("--marking", default=DEFAULT_MARKING, show_default=True, metavar="TEXT",
              help="Banner at the top and bottom of the page (as on exported charts).")
@as_of_option
def view(db_url, scenario, output, open_browser, focus, depth, lang, marking, as_of):
    """Write an interactive diagram of the loaded scenarios to one HTML file.

    Rows are command depth and the nations stand side by side (US, combined bodies,
    Japan, Korea); colour is the nation, shape the kind of actor, and the line style
    the relationship (command solid with its authority, coordination dashed, advice
    dotted ...; the legend is in the page).  Proposed and possible actors are dashed
    and pale.

    In the page: hover for names (EN/JA), rank, status, authority and sources; click
    an actor to highlight its reporting chain to the top and its coordination
    partners; search by name, short name, id or Japanese name; switch scenario and
    see what changed against its base (added and changed glow, removed lines in red).

    The file is self-contained: it makes no network request (no CDN, no font
    download) and treats every name in the data as text.

    \b
    Examples:
      c2graph view --open
      c2graph view --scenario cfc-transfer --lang both -o cfc.html
      c2graph view --focus us.usfk --depth 1
      c2graph view --lang ja --marking "UNCLASSIFIED//FOUO"
      c2graph view --as-of 2025-04-01   (the page holds that date's structure only)
    """
    if not marking.strip():
        raise C2Error("--marking cannot be empty", EXIT_BAD_INPUT)
    if depth is not None and focus is None:
        raise C2Error("--depth needs --focus ACTOR", EXIT_BAD_INPUT)
    if open_browser and output == "-":
        raise C2Error("--open needs a file: drop '-o -'", EXIT_BAD_INPUT)
    if output != "-":
        from c2graph.viz.export.common import check_output_path

        with expected_errors():
            check_output_path(output)  # before any work: the folder must be writable
    # one-shot: what the page is made of is frozen, not walked again at exit
    with paused(freeze=True):
        page, summary = _draw(db_url, scenario, focus, depth, lang, marking, as_of)
    data = page.encode("utf-8")
    if len(data) > LARGE_HTML:
        click.echo(f"Warning: the page is {len(data) / 2**20:.0f} MB; browsers open pages"
                   " this size slowly and mail systems refuse them (draw less with"
                   " --focus ACTOR --depth N)", err=True)
    write_output(output, data)
    if output == "-":
        return
    path = Path(output)
    click.echo(f"Wrote {path} ({len(data) // 1024} KB): {len(summary.scenarios)} scenario(s),"
               f" showing {summary.initial} first ({summary.actors} actors,"
               f" {summary.relationships} relationships).")
    if summary.omitted:
        click.echo(f"Left out (no actor {focus!r}): {', '.join(summary.omitted)}")
    if open_browser:
        _open(path.resolve())


def _draw(db_url, scenario, focus, depth, lang, marking, as_of):
    """The page and its summary, from every scenario the store lists (or the one
    ``--as-of`` structure)."""
    from c2graph.viz.view import Prepared, ViewError, build_view

    # labels (and the trees, unless --focus draws parts) made while the store reads
    prepared = Prepared(trees=focus is None)
    store = open_store(db_url)
    with store, expected_errors():
        known = store.listed_scenario_ids()
        if not known:
            raise C2Error("the store holds no scenario: run 'c2graph load' first")
        if scenario is not None:
            store.require_scenario(scenario)
        if as_of:
            from c2graph.api import scenario_graph

            g = scenario_graph(scenario, as_of=as_of, db=store)
            graphs, scenario = {g.graph["id"]: g}, g.graph["id"]
        else:
            with working(f"reading {len(known)} scenario(s)"):
                graphs = store.read_graphs(known, each=prepared.prepare)
    try:
        with working(f"drawing {len(graphs)} scenario(s)"):
            page, summary = build_view(graphs, initial=scenario, lang=lang, focus=focus,
                                       depth=2 if depth is None else depth, marking=marking,
                                       prepared=prepared)
    except ViewError as exc:
        raise C2Error(str(exc), EXIT_BAD_INPUT) from None
    return page, summary


def _open(path: Path) -> None:
    import webbrowser

    uri = path.as_uri()
    try:
        opened = webbrowser.open(uri)
    except webbrowser.Error:
        opened = False
    if opened:
        click.echo(f"Opened {uri}")
    else:
        click.echo(f"No web browser found here; open {path} yourself.")
