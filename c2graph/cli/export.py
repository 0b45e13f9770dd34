"""``c2graph export``: briefing charts (SVG, PNG, PDF, PPTX) and exchange formats."""

from __future__ import annotations

import os
import sys

import click

from c2graph.cli.common import (EXIT_BAD_INPUT, C2Error, as_of_option, dated, db_option,
                                expected_errors, label_dated, open_store)

CHART_FORMATS = ("svg", "png", "pdf", "pptx")
EXCHANGE_FORMATS = ("mermaid", "dot", "graphml", "gexf", "json", "cypher", "csv")
FORMATS = CHART_FORMATS + EXCHANGE_FORMATS
TEXT_FORMATS = ("svg", "mermaid", "dot", "graphml", "gexf", "json", "cypher")
LANGS = ("en", "ja", "both")


def _bad(message: str) -> C2Error:
    return C2Error(message, EXIT_BAD_INPUT)


def _suggest(value: str, choices) -> str:
    from c2graph.graph.suggest import suggest

    return suggest(value, choices)


def _check_format(fmt: str) -> str:
    name = fmt.strip().lower()
    if name not in FORMATS:
        raise _bad(f"unknown format {fmt!r}{_suggest(name, FORMATS)}; choose one of:"
                   f" {', '.join(FORMATS)}")
    return name


def _graphs_from_dataset(path: str, wanted: list[str], as_of: str | None = None):
    """Scenario graphs read straight from a dataset (or an export), with its sources."""
    from c2graph.graph.timeline import AsOfError, as_of as state_on, default_dated
    from c2graph.loaders import load_dataset
    from c2graph.viz.export.common import graph_from_scenario

    with expected_errors():
        ds = load_dataset(None if path == "bundled" else path)
    metas = {sid: s.properties() for sid, s in ds.scenarios.items()}
    if as_of and not wanted:
        try:
            wanted = [default_dated(metas)]
        except AsOfError as exc:
            raise _bad(str(exc)) from None
    wanted = wanted or [_default_scenario(list(ds.scenarios))]
    for sid in wanted:
        if sid not in ds.scenarios:
            raise _bad(f"unknown scenario {sid!r}{_suggest(sid, ds.scenarios)}; the dataset"
                       f" has: {', '.join(ds.scenarios)}")
    if not as_of:
        bases = [ds.scenarios.get(ds.scenarios[s].base or "") for s in wanted]
        return ([graph_from_scenario(ds.scenarios[s]) for s in wanted], dict(ds.sources),
                [graph_from_scenario(b) if b is not None else None for b in bases])
    graphs = []
    for sid in wanted:
        try:
            answer = state_on(sid, metas[sid], as_of)
        except AsOfError as exc:
            raise _bad(str(exc)) from None
        g = graph_from_scenario({**ds.scenarios, **ds.snapshots}[answer.graph])
        label_dated(g, answer)
        graphs.append(g)
    return graphs, dict(ds.sources), [None] * len(graphs)   # a dated state: no diff


def _graphs_from_store(db_url: str | None, wanted: list[str], as_of: str | None = None):
    store = open_store(db_url)
    with store, expected_errors():
        known = store.scenarios()
        if not known:
            raise _bad("the store holds no scenario: run 'c2graph load' first (or pass"
                       " --dataset PATH)")
        if as_of:
            answers = [dated(store, sid, as_of) for sid in wanted or [None]]
            graphs = [store.read_graph(a.graph) for a in answers]
            for g, answer in zip(graphs, answers):
                label_dated(g, answer)
            return graphs, _bundled_sources(), [None] * len(graphs)
        wanted = wanted or [_default_scenario(list(known))]
        for sid in wanted:
            if sid not in known:
                raise _bad(f"unknown scenario {sid!r}{_suggest(sid, known)}; loaded:"
                           f" {', '.join(known)}")
        graphs = [store.read_graph(s) for s in wanted]
        bases = [store.read_graph(g.graph["base"]) if g.graph.get("base") in known else None
                 for g in graphs]
    return graphs, _bundled_sources(), bases


def _default_scenario(ids: list[str]) -> str:
    if len(ids) == 1:
        return ids[0]
    if "baseline-2024" in ids:
        return "baseline-2024"
    raise _bad(f"several scenarios: choose one with --scenario ({', '.join(ids)})")


def _bundled_sources() -> dict:
    """Titles of the bundled dataset's sources, for speaker notes (best effort)."""
    from c2graph.loaders import BUNDLED
    from c2graph.loaders.yaml_dataset import read_sources

    try:
        return read_sources(BUNDLED, [])
    except Exception:  # noqa: BLE001 - notes then show source ids only
        return {}


def _focus(graphs, actor: str | None, depth: int | None):
    from c2graph.graph.focus import focus_subgraph

    if actor is None:
        if depth is not None:
            raise _bad("--depth needs --focus ACTOR")
        return graphs
    out = []
    for g in graphs:
        if actor not in g:
            ids = sorted(g.nodes)
            raise _bad(f"unknown focus actor {actor!r}{_suggest(actor, ids)} in scenario"
                       f" {g.graph.get('id')!r}; actors: {', '.join(ids)}")
        out.append(focus_subgraph(g, actor, depth))
    return out


def _focus_base(base, drawn, actor: str | None, depth: int | None):
    """The base cut like the scenario (what is compared is what is drawn); an actor
    new in the scenario is compared with the base's actors the scenario shows."""
    from c2graph.graph.focus import focus_subgraph

    if base is None or actor is None:
        return base
    if actor in base:
        return focus_subgraph(base, actor, depth)
    sub = base.subgraph([n for n in drawn if n in base]).copy()
    sub.graph.update(base.graph)
    return sub


def render(fmt: str, graphs, opts, base=None) -> bytes | dict[str, bytes]:
    """The exported bytes (or, for csv, the folder's files); ``base``: the first
    scenario's base, whose differences a chart marks."""
    from c2graph.viz.export import chart, drawing, formats

    g = graphs[0]
    if fmt == "pptx":
        from c2graph.viz.export.pptx import to_pptx

        return to_pptx(graphs, opts)
    if fmt in ("svg", "png", "pdf"):
        return drawing.render(g, opts, fmt, base)
    if fmt == "dot":
        return chart.source_dot(g, opts)
    if fmt == "mermaid":
        return formats.to_mermaid(g, opts.lang, opts.marking, opts.title)
    if fmt in ("graphml", "gexf"):
        geo = chart.geometry(g, opts)
        writer = formats.to_graphml if fmt == "graphml" else formats.to_gexf
        return writer(g, geo, opts.lang)
    if fmt == "json":
        return formats.to_json(g, opts.sources)
    if fmt == "cypher":
        return formats.to_cypher(g, opts.marking)
    return formats.to_neo4j_csv(g)


@click.command()
@click.argument("fmt", metavar="FORMAT")
@click.option("-o", "--output", required=True, metavar="FILE",
              help="Where to write (a folder for csv; '-' prints a text format).")
@click.option("--scenario", "-s", "scenarios", multiple=True, metavar="ID",
              help="Scenario to draw (default: the only one, or baseline-2024). Repeat it"
                   " for pptx: one slide each, actors in the same place on every slide.")
@click.option("--focus", metavar="ACTOR",
              help="Only this actor in its place: what it commands or supervises, its"
                   " superiors to the top, and every actor linked to it directly.")
@click.option("--depth", type=click.IntRange(min=0), metavar="N",
              help="With --focus: how many levels down (default: all).")
@click.option("--no-diff", "no_diff", is_flag=True,
              help="Charts: do not mark what the scenario changes against its base.")
@click.option("--lang", type=click.Choice(LANGS), default="en", show_default=True,
              help="Labels in English, Japanese, or both.")
@click.option("--marking", default="UNCLASSIFIED", show_default=True, metavar="TEXT",
              help="Marking banner at the top and bottom of every chart and slide.")
@click.option("--title", metavar="TEXT", help="Title instead of the scenario's title.")
@click.option("--dpi", type=click.IntRange(min=150, max=600), default=200, show_default=True,
              help="PNG resolution.")
@click.option("--dataset", metavar="PATH",
              help="Read the scenario from a dataset folder or an exported json/graphml/csv"
                   " ('bundled' for the bundled dataset) instead of the store.")
@as_of_option
@db_option
def export(fmt, output, scenarios, focus, depth, no_diff, lang, marking, title, dpi, dataset,
           as_of, db_url):
    """Export a scenario as a briefing chart or in an exchange format.

    \b
    Charts (Graphviz layout, bundled Japanese font, marking banners, legend):
      svg, png (>= 150 dpi), pdf (vector text), pptx (native, editable shapes;
      --scenario may repeat: one slide each, same positions; sources in the notes;
      a chart too large for one slide becomes a deck: the top levels, then a slide
      per subtree, continuation boxes saying "→ slide N")
    Exchange formats:
      mermaid (Markdown), dot (Graphviz source), graphml (yEd, Gephi), gexf (Gephi),
      json (node-link, every property), cypher (script for cypher-shell / Browser),
      csv (a folder for 'neo4j-admin database import full')
    json, graphml and csv load back with 'c2graph load FILE'.

    \b
    Examples:
      c2graph export pdf -o us-jfc.pdf --scenario us-jfc --lang ja --marking "UNCLASSIFIED//FOUO"
      c2graph export pptx -o changes.pptx -s jjoc-2025 -s us-jfc -s cfc-transfer
      c2graph export png -o mod.png -s jjoc-2025 --focus jp.mod --depth 2
      c2graph export graphml -o us-jfc.graphml -s us-jfc
      c2graph export mermaid -o - -s baseline-2024
      c2graph export pdf -o 2025-04.pdf --as-of 2025-04-01 --dataset bundled
    """
    from c2graph.viz.export.common import ChartOptions, ExportError, atomic_write, atomic_write_folder
    from c2graph.viz.export.common import check_output_path

    fmt = _check_format(fmt)
    if len(scenarios) > 1 and fmt != "pptx":
        raise _bad(f"{fmt} takes one --scenario (only pptx makes one slide per scenario)")
    if len(set(scenarios)) != len(scenarios):
        raise _bad("a scenario is named twice")
    to_stdout = output == "-"
    if to_stdout and fmt not in TEXT_FORMATS:
        raise _bad(f"-o - prints text formats only ({', '.join(TEXT_FORMATS)}), not {fmt}")
    if not marking.strip():
        raise _bad("--marking cannot be empty")
    try:
        if not to_stdout and fmt != "csv":
            check_output_path(output)
    except ExportError as exc:
        raise _bad(str(exc)) from None
    if dataset:
        graphs, sources, bases = _graphs_from_dataset(dataset, list(scenarios), as_of)
    else:
        graphs, sources, bases = _graphs_from_store(db_url, list(scenarios), as_of)
    graphs = _focus(graphs, focus, depth)
    bases = [_focus_base(b, g, focus, depth) for b, g in zip(bases, graphs)]
    opts = ChartOptions(lang=lang, marking=marking.strip(), title=title, dpi=dpi,
                        sources=sources, focus=focus, depth=depth, diff=not no_diff)
    slides = len(graphs)
    try:
        if fmt == "pptx":   # a large chart becomes a deck: more slides than scenarios
            from c2graph.viz.export.pptx import build_pptx

            data, slides = build_pptx(graphs, opts)
        else:
            data = render(fmt, graphs, opts, bases[0])
        if to_stdout:
            sys.stdout.buffer.write(data)
            sys.stdout.flush()
            return
        if fmt == "csv":
            atomic_write_folder(output, data)
        else:
            atomic_write(output, data)
    except ExportError as exc:
        raise _bad(str(exc)) from None
    g = graphs[0]
    ids = ", ".join(x.graph.get("id", "") for x in graphs)
    if fmt == "pptx" and slides > len(graphs):
        what = (f"{slides} slides: a deck in {slides // len(graphs)} parts of {ids},"
                " too large for one slide")
    elif fmt == "pptx":
        what = f"{slides} slide(s): {ids}"
    else:
        what = f"scenario {g.graph.get('id')}"
    size = (sum(len(v) for v in data.values()) if isinstance(data, dict) else len(data))
    click.echo(f"Wrote {os.path.normpath(output)} ({fmt}, {what}; {g.number_of_nodes()} actors,"
               f" {g.number_of_edges()} relationships; lang {lang}; {size:,} bytes)")
