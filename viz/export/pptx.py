"""Editable PowerPoint decks of a scenario, drawn from the one layout engine.

Why native shapes: a briefer must be able to move a box, retype a name or recolour a
line in PowerPoint without redrawing the chart.  Every actor is an auto shape (oval,
rectangle, rounded rectangle, hexagon as in ``viz.style``), every relationship a
freeform orthogonal line routed by ``viz.layout`` (the engine of the static charts),
named and described so the tests' checker reads the geometry back
(``actor:ID``, ``frame:NAME``, ``line|ID|FROM|TO``).

Every text on a slide is at least 12 pt.  A chart that does not fit one 16:9 slide at
that size becomes a deck (``slides.paging``): an overview of the top levels (each
frame's title links to the slide its chart goes on), then a slide per subtree, with
continuation boxes that say and link where a subtree goes on.  With several
scenarios the deck is planned and laid out once for the union of their actors, each
part drawn once per scenario: an actor sits in the same place on every scenario's
slide.  Box sizes are taken over English and Japanese together, so the ``--lang en``
and ``--lang ja`` decks have the same slides and the same positions.

The parts: ``slides.ooxml`` (XML), ``slides.text`` (box text and sizes),
``slides.paging`` (the deck's plan), ``slides.page`` (one slide), ``slides.legend``,
``slides.notes`` and ``slides.patches`` (python-pptx speed-ups, slide links).
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from c2graph.viz.export import changes, measure
from c2graph.viz.export.labels import AUTHORITY_EN, AUTHORITY_JA, authority_text
from c2graph.viz.export.common import ChartOptions
from c2graph.viz.export.slides import legend as legend_mod
from c2graph.viz.export.slides import notes as notes_mod
from c2graph.viz.export.slides import page as page_mod
from c2graph.viz.export.slides import patches
from c2graph.viz.export.slides.ooxml import Canvas
from c2graph.viz.export.slides.overview import KEY, in_rows, overview_graph
from c2graph.viz.export.slides.paging import Page, Planner
from c2graph.viz.export.slides.text import FRAME_PT, LABEL_PT, box_size, paired
from c2graph.viz.export.slides.words import deck_words, marker_text, type_label
from c2graph.viz.layout import Spacing, chart_layout
from c2graph.viz.layout import frames as frames_mod
from c2graph.viz.layout.frames import frame_ids, frame_title
from c2graph.viz.layout.workers import forked_map

#: Rows of legend on a slide (what does not fit them is in the notes).
LEGEND_ROWS = 1
#: A slide's distances: tighter than a page's (the rows' channels still hold a label).
SPACING = Spacing(gap_x=16.0, gap_y=28.0, gutter=28.0, pad=8.0, title=22.0, margin=8.0,
                  stack_min=2, unstacked=True)
#: The widest continuation line, for sizing a continuation box before numbering.
SAMPLE = {"slide": 888, "more": 8888}


def union_graph(graphs):
    """Every actor and relationship of several scenarios, for one shared layout."""
    import networkx as nx

    u = nx.MultiDiGraph()
    u.graph.update(graphs[0].graph)
    for g in graphs:
        for n, d in g.nodes(data=True):
            if n not in u:
                u.add_node(n, **d)
        for a, b, key, d in g.edges(keys=True, data=True):
            if not u.has_edge(a, b, key):
                u.add_edge(a, b, key=key, **d)
    return u


def to_pptx(graphs, opts: ChartOptions, bases=None) -> bytes:
    """The deck's bytes (see ``build_pptx``)."""
    return build_pptx(graphs, opts, bases)[0]


@dataclass
class Part:
    """A slide of the deck (once per scenario): a page of actors, or the overview."""

    page: Page
    overview: bool = False


class Sizer:
    """Box sizes of a deck, in points at 12 pt: the largest over the paired languages
    and over the scenarios (an actor new in one of them says so in its box)."""

    def __init__(self, graphs, lang: str, unit: str = "slide"):
        self.langs, self.unit = paired(lang), unit
        self.versions: dict[str, list[dict]] = {}
        for g in graphs:
            for n, d in g.nodes(data=True):
                self.versions.setdefault(n, []).append(d)
        self.full = {n: box_size(ds, self.langs) for n, ds in self.versions.items()}
        self.markers: dict[str, tuple[float, float]] = {}

    def marker(self, n: str) -> tuple[float, float]:
        if n not in self.markers:
            more = {x: marker_text(**SAMPLE, lang=x, unit=self.unit) for x in self.langs}
            self.markers[n] = box_size(self.versions[n], self.langs, more)
        return self.markers[n]


class PptxDeck:
    """Where ``compose`` puts a deck's pages: slides of a PowerPoint file, with links
    from continuation boxes to their slides and the speaker notes."""

    unit = "slide"
    page = (page_mod.SLIDE_W, page_mod.SLIDE_H)

    def __init__(self, graphs, opts: ChartOptions):
        from pptx import Presentation
        from pptx.util import Pt

        self.prs = prs = Presentation()
        prs.slide_width, prs.slide_height = Pt(self.page[0]), Pt(self.page[1])
        prs.core_properties.title = opts.title or graphs[0].graph.get("title") or ""
        prs.core_properties.subject = opts.marking
        prs.core_properties.keywords = "c2graph; " + ", ".join(g.graph.get("id", "")
                                                               for g in graphs)
        patches.fast_part_names(prs)
        self.slides: list = []
        self.cache: dict = {}

    def start(self, total: int) -> None:
        self.slides = [self.prs.slides.add_slide(self.prs.slide_layouts[6])
                       for _ in range(total)]

    def link(self, source: int, target: int) -> str | None:
        """The relationship id of a link from page ``source`` to page ``target`` (0-based)."""
        return patches.link(self.slides[source], self.slides[target])

    def add(self, i: int, canvas: Canvas, g, opts: ChartOptions, lines: list[str]) -> None:
        """Slide ``i``: its shapes, and its notes (``lines`` about the part, then what
        ``g``, the actors it shows, cites)."""
        canvas.draw(self.slides[i])
        patches.notes_page(self.slides[i], self.cache).notes_text_frame.text = \
            notes_mod.text(g, opts, lines)

    def finish(self) -> bytes:
        buf = io.BytesIO()
        self.prs.save(buf)
        return buf.getvalue()


def build_pptx(graphs, opts: ChartOptions, bases=None,
               workers: int | None = None) -> tuple[bytes, int]:
    """(the PPTX, how many slides it has) of one or more scenario graphs; ``bases``:
    each scenario's base graph, whose differences are marked (``opts.diff``);
    ``workers``: as for ``compose``."""
    deck = PptxDeck(graphs, opts)
    total = compose(graphs, opts, bases, deck, workers)
    return deck.finish(), total


def compose(graphs, opts: ChartOptions, bases, deck, workers: int | None = None) -> int:
    """Plan and draw a deck of ``graphs`` into ``deck`` (``PptxDeck``, or the PDF's
    ``pages.PdfDeck``): its ``page`` size and ``unit`` word, then ``start(total)``,
    ``link(from, to)`` and ``add(i, canvas, graph shown, opts, note lines)`` for each
    page; returns the total.
    One plan and one drawing for slides and printed pages: what the deck's tests
    check of a slide holds of a page.  ``workers``: processes laying out the parts
    (``layout.workers.forked_map``; default one per core, 1: none forked)."""
    bases = list(bases or [None] * len(graphs))
    marked = [changes.with_changes(g, b) if opts.diff and b is not None else g
              for g, b in zip(graphs, bases)]
    union = union_graph(marked)
    lang = opts.lang
    langs = paired(lang)
    sizer = Sizer(marked, lang, deck.unit)
    frame_of = frame_ids(union)
    frame_w = {f: max(measure.text_width(frame_title(f, x), FRAME_PT, True) for x in langs) + 16
               for f in set(frame_of.values())}
    auth = [authority_text(a, x) for a in set(AUTHORITY_EN) | set(AUTHORITY_JA) for x in langs]
    label_size = (max(measure.text_width(a, LABEL_PT) for a in auth) + 6,
                  LABEL_PT * measure.LINE_CJK + 1)
    width = deck.page[0] - 2 * page_mod.MARGIN
    furn = page_mod.furniture(marked, opts, LEGEND_ROWS, deck.page, deck.unit)
    _, _, aw, ah = furn.area
    spacing = SPACING
    fit = (aw / ah, 0.0, 0.0)

    def planner(g):
        return Planner(g, sizer.full.__getitem__, sizer.marker, (aw, ah), spacing, frame_w,
                       frame_of)

    whole = planner(union)
    below = dict(whole.forest.below)
    if whole.fits(set(union.nodes), ()):
        parts = [Part(Page(list(union.nodes), set(union.nodes)))]
        frame_first: dict[str, int] = {}
    else:   # an overview of the frames, then each frame's pages
        parts = [Part(Page([], set()), overview=True)]
        frame_first, tops = {}, {}
        shared: Part | None = None     # a slide of whole small frames side by side
        for f in frames_mod.order(union, frame_of):
            members = {n for n in union.nodes if frame_of[n] == f}
            plan = planner(whole.subgraph(members))
            tops[f] = plan.forest.children.get(None, [])
            if plan.fits(members, ()):
                if shared is not None and whole.fits(shared.page.members | members, ()):
                    shared.page.members |= members
                    shared.page.tops += tops[f]
                else:
                    shared = Part(Page(list(tops[f]), set(members), parent_page=0))
                    parts.append(shared)
                frame_first[f] = parts.index(shared)
                continue
            shared = None
            frame_first[f] = len(parts)
            offset = len(parts)
            for p in plan.plan():
                p.parent_page = 0 if p.parent_page is None else p.parent_page + offset
                parts.append(Part(p))
        overviews = [overview_graph(g, frame_of, tops) for g in marked]
        ov_union = union_graph(overviews)
        parts[0].page = Page(list(ov_union.nodes), set(ov_union.nodes),
                             continued=list(ov_union.nodes))

    k = len(marked)
    total = len(parts) * k
    deck.start(total)
    where: dict[str, int] = {}                       # actor -> the part drawing it in full
    for i, part in enumerate(parts):
        if not part.overview:
            for n in part.page.members:
                if n not in part.page.continued:
                    where.setdefault(n, i)
    drawn = set()
    for part in parts:
        if not part.overview:
            for u in part.page.members:
                drawn.update(key for _, v, key in union.out_edges(u, keys=True)
                             if v in part.page.members)
    said = deck_words(lang, deck.unit)
    away_from = [_away(g, drawn, where) for g in marked]

    def part_chart(i):   # each part's layout is its own: laid out in forked workers
        p = parts[i].page
        return chart_layout(whole.subgraph(p.members),
                            lambda n: sizer.marker(n) if n in p.continued else sizer.full[n],
                            spacing, label_size=label_size, fit=fit, frame_width=frame_w,
                            frame_of=frame_of)

    laid_out = [i for i, part in enumerate(parts) if not part.overview]
    charts = dict(zip(laid_out, forked_map(part_chart, laid_out, workers)))
    for i, part in enumerate(parts):
        p = part.page
        if part.overview:
            def frame_more(f):   # the widest "→ slide N · M actors" of the frame's box
                count = max(o.nodes[f][KEY][1] for o in overviews if f in o)
                return {x: deck_words(x, deck.unit)["frame"].format(slide=len(parts) * k,
                                                                    count=count,
                                                              s="s" * (count != 1))
                        for x in langs}

            chart = None
            for titles_only in (False, True):   # too large with top actors: titles only
                if titles_only:
                    for o in overviews + [ov_union]:
                        for f in o.nodes:
                            frame, count, _ = o.nodes[f][KEY]
                            o.nodes[f][KEY] = (frame, count, {"en": [], "ja": []})
                ov_sizes = {f: box_size([o.nodes[f] for o in overviews if f in o], langs,
                                        frame_more(f)) for f in ov_union.nodes}
                for rows in (1, 2, 3):         # unconnected frames: a grid, not a row
                    chart = chart_layout(in_rows(ov_union, rows), ov_sizes.__getitem__,
                                         spacing, label_size=label_size, fit=fit,
                                         frame_width={})
                    if min(aw / chart.width, ah / chart.height) >= 1.0:
                        break
                else:
                    continue
                break
        else:
            chart = charts[i]
        for j, g in enumerate(marked):
            here = i * k + j

            def slide_of(n, j=j):
                return where[n] * k + j + 1

            if part.overview:
                gs = overviews[j]
                markers = {f: said["frame"].format(slide=frame_first[f] * k + j + 1,
                                                   count=gs.nodes[f]["_overview"][1],
                                                   s="s" * (gs.nodes[f]["_overview"][1] != 1))
                           for f in gs.nodes}
                links = {f: deck.link(here, frame_first[f] * k + j)
                         for f in sorted(gs.nodes)}   # sorted: rIds independent of hashing
                part_text = said["overview"].format(parts=len(parts))
                lines = [part_text]
            else:
                gs = g.subgraph([n for n in p.members if n in g]).copy()
                gs.graph.update(g.graph)
                markers = {n: marker_text(slide_of(n), below[n], lang, deck.unit)
                           for n in p.continued if n in gs and n in where and where[n] != i}
                links = {n: deck.link(here, slide_of(n) - 1) for n in sorted(markers)}
                part_text = _part_text(union, p, i, len(parts), k, j, lang, deck.unit)
                lines = [part_text] if part_text else []
                if markers:
                    lines += [said["continued"]] + [
                        said["continued_line"].format(name=notes_mod.short(union, n, lang),
                                                      where=text.removeprefix("→ "))
                        for n, text in sorted(markers.items(), key=lambda x: slide_of(x[0]))]
                away = away_from[j].get(i, [])
                if away:
                    lines += [said["away"]] + [
                        said["away_line"].format(
                            a=notes_mod.short(union, u, lang), type=type_label(d, lang),
                            b=notes_mod.short(union, v, lang),
                            slide=slide_of(v if where[u] == i else u))
                        for u, v, d in away]
            text = page_mod.PageText(part=part_text, number=i * k + j + 1, total=total,
                                     markers=markers, links=links, frames=not part.overview,
                                     legend=legend_mod.rows(gs, lang, width, LEGEND_ROWS))
            canvas = Canvas()
            page_mod.draw(canvas, chart, gs, opts, furn, text)
            if text.legend[2]:
                lines += [said["legend_more"]] + [f"- {x}" for x in text.legend[2]]
            deck.add(here, canvas, g if part.overview else gs, opts, lines)
    return total


def _away(g, drawn: set, where: dict) -> dict[int, list]:
    """{part: [(u, v, data), …]}: the lines of ``g`` drawn on no slide, under each part
    holding one of their ends, in id order (once for the deck: sorting every line for
    each of a 5,000-actor deck's 346 parts took 7 s)."""
    out: dict[int, list] = {}
    for u, v, key, d in sorted(g.edges(keys=True, data=True), key=lambda e: e[2]):
        if key not in drawn:
            for i in {where.get(u), where.get(v)} - {None}:
                out.setdefault(i, []).append((u, v, d))
    return out


def _part_text(union, p: Page, i: int, parts: int, k: int, j: int, lang: str,
               unit: str = "slide") -> str:
    """The line under the title saying which part of the deck a slide is."""
    if parts == 1:
        return ""
    said = deck_words(lang, unit)
    names = said["sep"].join(notes_mod.short(union, n, lang)[:40] for n in p.tops[:2])
    if len(p.tops) > 2:
        names = said["others"].format(names=names, more=len(p.tops) - 2)
    return said["part"].format(part=i + 1, parts=parts, names=names,
                               back=p.parent_page * k + j + 1)
