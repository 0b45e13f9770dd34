"""One export, from scenario graphs to bytes: the format, the focus, the renderer.

``c2graph export`` and ``c2graph.export`` both come here once they have the scenario
graphs (from a store or a dataset) and the sources they cite: the format is checked,
the focus subtree cut, the chart or exchange format rendered, and the result handed
back as bytes (or, for csv, a folder's files) with what it holds, for the caller to
write (:func:`write_export`) or print.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from c2graph.viz.export.common import ChartOptions, ExportError, produced_date

CHART_FORMATS = ("svg", "png", "pdf", "pptx")
EXCHANGE_FORMATS = ("mermaid", "dot", "graphml", "gexf", "json", "cypher", "csv")
FORMATS = CHART_FORMATS + EXCHANGE_FORMATS
#: Formats that are text, and may be printed (``-o -``).
TEXT_FORMATS = ("svg", "mermaid", "dot", "graphml", "gexf", "json", "cypher")
#: Mermaid refuses to render a diagram longer than this (its ``maxTextSize`` default).
MERMAID_MAX_TEXT = 50_000


@dataclass
class Export:
    """An export's bytes (a folder's files for csv) and what went into it."""

    format: str
    data: bytes | dict[str, bytes]
    graphs: list          # the scenario graphs drawn (after --focus)
    slides: int = 1       # pptx: slides written (more than scenarios: a deck); pdf: pages
    page: str = ""        # pdf: the sheet ("a4", "letter"; "fit": one page the chart's size)
    warnings: list[str] = field(default_factory=list)

    @property
    def size(self) -> int:
        if isinstance(self.data, dict):
            return sum(len(v) for v in self.data.values())
        return len(self.data)

    def describe(self) -> str:
        """'scenario us-jfc; 50 actors, 84 relationships' or the pptx slides."""
        g = self.graphs[0]
        ids = ", ".join(x.graph.get("id", "") for x in self.graphs)
        if self.format == "pptx" and self.slides > len(self.graphs):
            what = (f"{self.slides} slides: a deck in {self.slides // len(self.graphs)}"
                    f" parts of {ids}, too large for one slide")
        elif self.format == "pptx":
            what = f"{self.slides} slide(s): {ids}"
        elif self.format == "pdf" and self.page not in ("", "fit"):
            sheet = "A4" if self.page == "a4" else "Letter"
            what = (f"{self.slides} {sheet} landscape page{'s' * (self.slides != 1)}"
                    f" of {ids}")
        else:
            what = f"scenario {g.graph.get('id')}"
        return (f"{what}; {g.number_of_nodes()} actors, {g.number_of_edges()}"
                " relationships")


def check_format(fmt: str) -> str:
    """The format's name, or ``ExportError`` with the choices (and a "did you mean")."""
    from c2graph.graph.suggest import suggest

    name = fmt.strip().lower()
    if name not in FORMATS:
        raise ExportError(f"unknown format {fmt!r}{suggest(name, FORMATS)}; choose one of:"
                          f" {', '.join(FORMATS)}")
    return name


def focus(graphs: list, actor: str | None, depth: int | None) -> list:
    """Each graph cut to ``actor`` in its place (``graph.focus``: ``depth`` levels down,
    its superiors, its direct links)."""
    from c2graph.graph.focus import focus_subgraph
    from c2graph.graph.suggest import suggest

    if actor is None:
        if depth is not None:
            raise ExportError("--depth needs --focus ACTOR")
        return graphs
    out = []
    for g in graphs:
        if actor not in g:
            ids = sorted(g.nodes)
            raise ExportError(f"unknown focus actor {actor!r}{suggest(actor, ids)} in"
                              f" scenario {g.graph.get('id')!r}; actors: {', '.join(ids)}")
        out.append(focus_subgraph(g, actor, depth))
    return out


def focus_base(base, drawn, actor: str | None, depth: int | None, full=None):
    """The base cut like the scenario (what is compared is what is drawn); an actor
    new in the scenario is compared with the base's actors the scenario shows.

    ``full``: the scenario before the cut.  A base actor the cut leaves out but the
    scenario still has is left out of the base's cut too: it is not "removed", only
    not drawn (us-jfc focused on the JJOC keeps the JFC but not USFJ, which the
    jjoc-2025 base's cut has; USFJ is not a removed actor)."""
    from c2graph.graph.focus import focus_subgraph

    if base is None or actor is None:
        return base
    if actor in base:
        sub = focus_subgraph(base, actor, depth)
    else:
        sub = base.subgraph([n for n in drawn if n in base]).copy()
        sub.graph.update(base.graph)
    if full is not None:
        gone = [n for n in sub.nodes if n not in drawn and n in full]
        sub.remove_nodes_from(gone)
    return sub


def render(fmt: str, graphs: list, opts: ChartOptions, base=None) -> bytes | dict[str, bytes]:
    """The exported bytes of ``graphs[0]`` (every graph for pptx; a folder for csv);
    ``base``: the first scenario's base, whose differences a chart marks."""
    from c2graph.loaders.formats import (cypher_script, gexf, graphml, json_graph, mermaid,
                                         neo4j_csv)
    from c2graph.viz.export import drawing
    from c2graph.viz.export.dot_geometry import geometry
    from c2graph.viz.export.dot_graph import source_dot

    g = graphs[0]
    if fmt == "pptx":
        from c2graph.viz.export.pptx import to_pptx

        return to_pptx(graphs, opts, [base] + [None] * (len(graphs) - 1))
    if fmt in ("svg", "png", "pdf"):
        return drawing.render(g, opts, fmt, base)
    if fmt == "dot":
        return source_dot(g, opts)
    if fmt == "mermaid":
        return mermaid.to_mermaid(g, opts.lang, opts.marking, opts.title)
    if fmt == "graphml":  # placed as the org chart places them
        return graphml.to_graphml(g, geometry(g, opts), opts.lang)
    if fmt == "gexf":
        return gexf.to_gexf(g, geometry(g, opts), opts.lang, produced_date())
    if fmt == "json":
        return json_graph.to_json(g, opts.sources)
    if fmt == "cypher":
        return cypher_script.to_cypher(g, opts.marking)
    return neo4j_csv.to_neo4j_csv(g)


def export_graphs(fmt: str, graphs: list, opts: ChartOptions, bases=None) -> Export:
    """Check ``fmt`` and the graphs, cut the focus, and render (``bases``: each graph's
    base scenario or None, for a chart to mark what changes; a static chart uses the
    first, a deck each slide's own).  ``ExportError`` for
    anything the caller asked that cannot be done (the message says why)."""
    fmt = check_format(fmt)
    if not graphs:
        raise ExportError("no scenario to export")
    from c2graph.viz.export.pages import FIT, check_page

    page = check_page(opts.page) if fmt == "pdf" else ""
    paged = page not in ("", FIT)
    if len(graphs) > 1 and fmt != "pptx" and not paged:
        raise ExportError(f"{fmt} takes one scenario (only pptx and a paged pdf make one"
                          " slide or page per scenario)")
    if not opts.marking.strip():
        raise ExportError("--marking cannot be empty")
    full = graphs
    graphs = focus(graphs, opts.focus, opts.depth)
    bases = list(bases or [])
    bases = [focus_base(b, g, opts.focus, opts.depth, f) for b, g, f in
             zip(bases + [None] * (len(graphs) - len(bases)), graphs, full)]
    if fmt == "pptx":  # a large chart becomes a deck: more slides than scenarios
        from c2graph.viz.export.pptx import build_pptx

        data, slides = build_pptx(graphs, opts, bases)
        return Export(fmt, data, graphs, slides)
    if paged:   # printed pages: the deck composed on the sheet
        from c2graph.viz.export.pages import build_pdf

        data, pages = build_pdf(graphs, opts, bases, page)
        return Export(fmt, data, graphs, pages, page=page)
    result = Export(fmt, render(fmt, graphs, opts, bases[0]), graphs, len(graphs))
    if fmt == "mermaid" and len(result.data.decode("utf-8")) > MERMAID_MAX_TEXT:
        result.warnings.append(
            f"the diagram is {len(result.data.decode('utf-8')):,} characters; Mermaid"
            f" renders at most {MERMAID_MAX_TEXT:,} unless its maxTextSize is raised"
            " (draw less with --focus ACTOR --depth N)")
    return result


def write_export(export: Export, output) -> None:
    """Write an export atomically: a file, or for csv a folder of files."""
    from c2graph.viz.export.common import atomic_write, atomic_write_folder

    if export.format == "csv":
        atomic_write_folder(output, export.data)
    else:
        atomic_write(output, export.data)
