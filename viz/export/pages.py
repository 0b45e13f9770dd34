"""The printed chart: a PDF of A4 or Letter landscape pages, each at least 10 pt.

A full scenario drawn whole is an A1 sheet, unreadable once printed on the paper a
briefer has.  The deck already solves the same problem for slides (an overview of the
nation frames, then a page per subtree, continuation boxes saying where a subtree
goes on, every text 12 pt), so the printed chart is that deck composed on the paper's
page (``pptx.compose`` with ``PdfDeck``): the same plan, the same routed lines, the
same stamp, legend, "as of" and source line and page numbers, called pages instead of
slides.  Graphviz (its cairo back end, the bundled font, vector text) draws each page
from the shapes the slide writer would have written (``ooxml.Canvas.ops``), nothing
placed anew (``pdf_page``); the pages are joined, a continuation box links to its page, and what a
slide keeps in its speaker notes (the full source list, the lines to actors on other
pages) follows on pages of notes at the end.
"""

from __future__ import annotations

import io

from c2graph.viz.export import measure
from c2graph.viz.export.common import ChartOptions, ExportError
from c2graph.viz.export.graphviz_run import draw
from c2graph.viz.export.labels import MUTED, TEXT
from c2graph.viz.export.pdf_page import page_graph
from c2graph.viz.export.slides.ooxml import EMU, MIN_PT, Canvas
from c2graph.viz.export.slides.page import BANNER, MARGIN
from c2graph.viz.export.slides.words import note_words

#: Landscape paper, points (A4: 297 x 210 mm; Letter: 11 x 8.5 in).
PAPERS = {"a4": (841.89, 595.28), "letter": (792.0, 612.0)}
#: ``--page fit``: the single sheet the chart's size (``drawing``), not paginated.
FIT = "fit"
NOTES_PT = 10.0
#: How far apart Graphviz sets two lines of notes at 10 pt (the face's line height,
#: 1.45 em, measured on a rendered page), with room to spare.
NOTES_PITCH = 15.5
COLUMN_GAP = 24.0


def check_page(page: str) -> str:
    """The sheet's name, or ``ExportError`` naming the choices."""
    from c2graph.graph.suggest import suggest

    name = str(page).strip().lower()
    if name not in PAPERS and name != FIT:
        raise ExportError(f"unknown page size {page!r}{suggest(name, [*PAPERS, FIT])};"
                          f" choose one of: {', '.join(PAPERS)}, {FIT}")
    return name


class PdfDeck:
    """Where ``pptx.compose`` puts the pages of the printed chart."""

    unit = "page"

    def __init__(self, opts: ChartOptions, paper: str):
        self.page = PAPERS[paper]
        self.opts = opts
        self.pages: list[Canvas] = []
        self.notes: list[tuple[int, list[str]]] = []    # page -> its lines to other pages
        self.cited: dict[str, None] = {}                # sources of what is drawn, in order
        self.count = 0                                  # pages written, notes included

    def start(self, total: int) -> None:
        self.pages = [Canvas() for _ in range(total)]

    def link(self, source: int, target: int) -> str:
        return f"page:{target}"        # a PDF link annotation, added when joining

    def add(self, i: int, canvas: Canvas, g, opts: ChartOptions, lines: list[str]) -> None:
        from c2graph.viz.export.common import sources_shown

        self.pages[i] = canvas
        if lines[1:]:                  # the part line is on the page itself
            self.notes.append((i, lines[1:]))
        self.cited.update(dict.fromkeys(sources_shown(g)))

    def finish(self) -> bytes:
        canvases = self.pages + [text_canvas(columns, self.page, self.opts)
                                 for columns in notes_pages(self)]
        self.count = len(canvases)
        return join(canvases, self.page, self.opts)


def build_pdf(graphs, opts: ChartOptions, bases, paper: str) -> tuple[bytes, int]:
    """(the PDF, how many pages it has) of one or more scenarios on ``paper``."""
    from c2graph.viz.export.pptx import compose

    deck = PdfDeck(opts, paper)
    compose(graphs, opts, bases, deck)
    data = deck.finish()
    return data, deck.count


def join(canvases: list[Canvas], page: tuple[float, float], opts: ChartOptions) -> bytes:
    """One PDF of ``canvases``, a page each, drawn one by one.

    Each page carries its own subset of the Japanese font (cairo keeps the Noto CJK
    face's shared subroutines whole: about 0.45 MB a page).  Drawing several pages as
    one tall sheet and showing each through its media box shared one subset (a fifth
    of the size), but then every page holds every page's text, off the page: a
    viewer's search finds a name on pages that do not show it.  Correct text wins.
    """
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import (ArrayObject, DictionaryObject, NameObject, NumberObject,
                               RectangleObject)

    W, H = page
    writer = PdfWriter()
    links = []
    for i, canvas in enumerate(canvases):
        drawn = PdfReader(io.BytesIO(draw(page_graph(canvas, page), "pdf"))).pages[0]
        added = writer.add_page(drawn)
        # Graphviz rounds a page to whole points: the sheet's exact size
        added.mediabox = added.cropbox = RectangleObject((0, 0, W, H))
        top = float(drawn.mediabox.top)
        links += [(i, target, (x, top - y - h, x + w, top - y))
                  for target, (x, y, w, h) in page_links(canvas)]
    for source, target, rect in links:   # every page exists now: a link names its object
        writer.add_annotation(source, DictionaryObject({
            NameObject("/Type"): NameObject("/Annot"), NameObject("/Subtype"): NameObject("/Link"),
            NameObject("/Rect"): RectangleObject(rect),
            NameObject("/Border"): ArrayObject([NumberObject(0)] * 3),
            NameObject("/Dest"): ArrayObject([writer.pages[target].indirect_reference,
                                              NameObject("/Fit")])}))
    writer.add_metadata({"/Title": opts.title or "", "/Subject": opts.marking,
                         "/Creator": "c2graph"})
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


def page_links(canvas: Canvas):
    """(target page, box in points) of every shape that links to another page."""
    for layer in Canvas.LAYERS:
        for op, d in canvas.ops[layer]:
            if op == "shape" and str(d.get("link") or "").startswith("page:"):
                yield int(d["link"][5:]), tuple(v / EMU for v in d["box"])


def notes_pages(deck: PdfDeck) -> list[list[list[str]]]:
    """What a slide keeps in its speaker notes, on pages at the end (two columns each):
    each page's continuations and lines to actors on other pages, then every source
    drawn, once."""
    from c2graph.viz.export.common import source_line

    opts = deck.opts
    W, H = deck.page
    said = note_words(opts.lang)
    out: list[str] = []
    for i, lines in deck.notes:
        out.append(said["page"].format(page=i + 1))
        out += [f"  {ln}" for ln in lines]
    out.append(said["sources_pages"])
    out += [f"- {source_line(ref, opts.sources)}" for ref in deck.cited]
    width = column_width(W) - 4
    wrapped = []
    for ln in out:
        for part in ([ln] if measure.text_width(ln, NOTES_PT) <= width else
                     measure.balanced(ln, NOTES_PT, width)):
            while measure.text_width(part, NOTES_PT) > width:   # a URL: cut anywhere
                cut = len(part) - 1
                while cut > 1 and measure.text_width(part[:cut], NOTES_PT) > width:
                    cut -= 1
                wrapped.append(part[:cut])
                part = "  " + part[cut:]
            wrapped.append(part)
    rows = int((H - 2 * (BANNER + 10) - MIN_PT * 2) // NOTES_PITCH) - 1
    columns = [wrapped[k:k + rows] for k in range(0, len(wrapped), rows)]
    return [columns[k:k + 2] for k in range(0, len(columns), 2)]


def column_width(page_w: float) -> float:
    return (page_w - 2 * MARGIN - COLUMN_GAP) / 2


def text_canvas(columns: list[list[str]], page: tuple[float, float],
                opts: ChartOptions) -> Canvas:
    """A page of notes: the marking top and bottom, a heading, two columns of 10 pt."""
    from c2graph.viz.export.slides.ooxml import NO_LINE, rect
    from c2graph.viz.export.slides.page import banner

    W, H = page
    canvas = Canvas()
    for top in (0.0, H - BANNER):
        banner(canvas, opts.marking, top, W)
    heading = note_words(opts.lang)["heading"]
    top = BANNER + 10
    canvas.shape("over", "Notes heading", "RECTANGLE", rect(MARGIN, top, W - 2 * MARGIN, 18),
                 textbox=True, line=NO_LINE, paras=[(heading, MIN_PT, TEXT, True)],
                 align="left", anchor="top")
    cw = column_width(W)
    for k, lines in enumerate(columns):
        canvas.shape("over", f"Notes {k + 1}", "RECTANGLE",
                     rect(MARGIN + k * (cw + COLUMN_GAP), top + MIN_PT * 2, cw,
                          H - 2 * top - MIN_PT * 2), textbox=True, line=NO_LINE,
                     paras=[(t, NOTES_PT, MUTED, False) for t in lines], align="left",
                     anchor="top")
    return canvas
