"""``c2graph export``: briefing charts (SVG, PNG, PDF, PPTX) and exchange formats.

The work is ``c2graph.export`` (reading the scenarios and the sources they cite from
the store or a dataset) and ``viz.export.build`` (format, focus, rendering); this
module parses the options, writes the result or prints it, and says what it wrote.
"""

from __future__ import annotations

import os
import sys

import click

from c2graph.cli.common import (C2Error, EXIT_BAD_INPUT, as_of_option, db_option,
                                expected_errors, open_store, scenario_option, working)
from c2graph.viz import DEFAULT_MARKING, LANGS


def _formats() -> tuple[str, ...]:
    from c2graph.viz.export.build import FORMATS

    return FORMATS


@click.command()
@click.argument("fmt", metavar="FORMAT", shell_complete=lambda ctx, param, incomplete: [
    f for f in _formats() if f.startswith(incomplete)])
@click.option("-o", "--output", required=True, metavar="FILE",
              help="Where to write (a folder for csv; '-' prints a text format).")
@scenario_option(multiple=True, name="scenarios",
                 help="Scenario to draw (default: the only one, or the root scenario)."
                      " Repeat it for pptx or a paged pdf: one slide (page) each, actors in"
                      " the same place on every one.")
@click.option("--focus", metavar="ACTOR",
              help="Only this actor in its place: what it commands or supervises, its"
                   " superiors to the top, and every actor linked to it directly.")
@click.option("--depth", type=click.IntRange(min=0), metavar="N",
              help="With --focus: how many levels down (default: all).")
@click.option("--no-diff", "no_diff", is_flag=True,
              help="Charts: do not mark what the scenario changes against its base.")
@click.option("--lang", type=click.Choice(LANGS), default="en", show_default=True,
              help="Labels in English, Japanese, or both.")
@click.option("--marking", default=DEFAULT_MARKING, show_default=True, metavar="TEXT",
              help="Marking banner at the top and bottom of every chart and slide.")
@click.option("--title", metavar="TEXT", help="Title instead of the scenario's title.")
@click.option("--dpi", type=click.IntRange(min=150, max=600), default=200, show_default=True,
              help="PNG resolution.")
@click.option("--page", metavar="SIZE",
              help="PDF sheets: a4 (default) or letter landscape, several pages when the"
                   " chart needs them (overview first, every text >= 10 pt), or fit (one"
                   " page the chart's size).")
@click.option("--dataset", metavar="PATH",
              help="Read the scenario from a dataset folder or an exported json/graphml/csv"
                   " ('bundled' for the bundled dataset) instead of the store.")
@as_of_option
@db_option
def export(fmt, output, scenarios, focus, depth, no_diff, lang, marking, title, dpi, page,
           dataset, as_of, db_url):
    """Export a scenario as a briefing chart or in an exchange format.

    \b
    Charts (Graphviz layout, bundled Japanese font, marking banners, legend):
      svg, png (>= 150 dpi), pptx (native, editable shapes; --scenario may repeat:
      one slide each, same positions; sources in the notes; a chart too large for
      one slide becomes a deck: the top levels, then a slide per subtree,
      continuation boxes saying "→ slide N"), pdf (vector text; the deck on A4
      landscape pages, --page letter, every text >= 10 pt, the notes at the end;
      --page fit: one page the chart's size)
    Exchange formats:
      mermaid (Markdown), dot (Graphviz source), graphml (yEd, Gephi), gexf (Gephi),
      json (node-link, every property), cypher (script for cypher-shell / Browser),
      csv (a folder for 'neo4j-admin database import full')
    json, graphml and csv load back with 'c2graph load FILE'.  The sources named in
    notes and in json come from the store (or dataset) the scenario is read from.

    \b
    Examples:
      c2graph export pdf -o us-jfc.pdf --scenario us-jfc --lang ja --marking "UNCLASSIFIED//FOUO"
      c2graph export pptx -o changes.pptx -s jjoc-2025 -s us-jfc -s cfc-transfer
      c2graph export png -o mod.png -s jjoc-2025 --focus jp.mod --depth 2
      c2graph export graphml -o us-jfc.graphml -s us-jfc
      c2graph export mermaid -o - --dataset bundled
      c2graph export pdf -o 2025-04.pdf --as-of 2025-04-01 --dataset bundled
    """
    from c2graph.api import export as run_export
    from c2graph.viz.export.build import TEXT_FORMATS, check_format

    with expected_errors():
        fmt = check_format(fmt)
        if page is not None:
            from c2graph.viz.export.pages import check_page

            if fmt != "pdf":
                raise C2Error(f"--page is for pdf only, not {fmt}", EXIT_BAD_INPUT)
            page = check_page(page)
    to_stdout = output == "-"
    if to_stdout and fmt not in TEXT_FORMATS:
        raise C2Error(f"-o - prints text formats only ({', '.join(TEXT_FORMATS)}), not {fmt}",
                      EXIT_BAD_INPUT)
    if len(scenarios) > 1 and fmt != "pptx" and not (fmt == "pdf" and page != "fit"):
        raise C2Error(f"{fmt} takes one --scenario (only pptx and a paged pdf make one slide"
                      " or page per scenario)",
                      EXIT_BAD_INPUT)
    options = dict(focus=focus, depth=depth, lang=lang, marking=marking, title=title,
                   dpi=dpi, output=None if to_stdout else output, as_of=as_of,
                   diff=not no_diff, page=page or "a4")
    with expected_errors():
        if not to_stdout and fmt != "csv":
            from c2graph.viz.export.common import check_output_path

            check_output_path(output)  # before any work: the folder must be writable
        with working(f"exporting {fmt}"):
            if dataset:
                result = run_export(fmt, list(scenarios), dataset=dataset, **options)
            else:
                with open_store(db_url) as store:
                    result = run_export(fmt, list(scenarios), db=store, **options)
    for warning in result.warnings:
        click.echo(f"Warning: {warning}", err=True)
    if to_stdout:
        sys.stdout.buffer.write(result.data)
        sys.stdout.flush()
        return
    click.echo(f"Wrote {os.path.normpath(output)} ({fmt}, {result.describe()}; lang {lang};"
               f" {result.size:,} bytes)")
