"""One slide, drawn from the layout engine's ``Chart``: nothing is placed here.

Boxes, nation frames, the orthogonal lines and the authority labels' spots all come
from ``viz.layout.chart_layout`` (the engine of the static charts and the view), so
no line passes behind a box it does not join or through a foreign nation's frame.
The slide scales the chart into its chart area by one factor (at least 1: text is laid
out at 12 pt, so it is drawn at 12 pt or more).  Lines are freeform polylines, drawn
exactly as routed by PowerPoint and LibreOffice; boxes and lines stay editable shapes.

Around the chart, on every slide: the marking banner top and bottom, the title and
detail line (which part of the deck this is), the status stamp (PROPOSED / POSSIBLE /
ANNOUNCED / SUPERSEDED) in the top right corner, the legend, the "as of" and source
line, and the slide number.  What changed against the base scenario is outlined and
haloed in orange (new, changed) or drawn grey and dashed (removed).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from c2graph.viz import colors, style
from c2graph.viz.export import changes, face, measure
from c2graph.viz.export.labels import MUTED, TEXT, authority_text, shown_authority, title_block
from c2graph.viz.export.common import ChartOptions, marking_colors
from c2graph.viz.export.slides import legend as legend_mod
from c2graph.viz.export.slides.ooxml import (EMU, MIN_PT, NO_LINE, Canvas, outline, rect,
                                             solid)
from c2graph.viz.export.slides.overview import KEY
from c2graph.viz.export.slides.text import FRAME_PT, PAD_X, PAD_Y, box_paras, kind
from c2graph.viz.layout.frames import frame_nation, frame_title

SLIDE_W, SLIDE_H = 960.0, 540.0     # points: 13.333 x 7.5 in, 16:9
BANNER = 18.72                       # the marking banner's height (0.26 in)
MARGIN = 16.0
TITLE_PT = 20.0
STAMP_PT = 20.0
MAX_SCALE = 1.3                      # a small chart is drawn at most this much larger
LINE_H = MIN_PT * 1.55               # a 12 pt line, Japanese included


def floor_pt(size: float) -> float:
    """A font size PowerPoint stores exactly (1/100 pt), never above the one measured."""
    return math.floor(size * 10 + 1e-6) / 10


def one_line(text: str, size: float, width: float, bold: bool = False) -> str:
    """``text`` cut with '…' to fit ``width`` at ``size`` (a part line, a footer); a
    little short of it, as a renderer's fallback font may set mixed text wider."""
    width *= 0.96
    if measure.text_width(text, size, bold) <= width:
        return text
    while text and measure.text_width(text + "…", size, bold) > width:
        text = text[:-1]
    return text.rstrip() + "…"


@dataclass
class Furniture:
    """Where everything but the chart goes: fixed for a deck, so every slide's chart
    area is the same (the deck's plan was made for it)."""

    title_room: float    # the tallest title of the deck's scenarios, English or Japanese
    legend_rows: int
    page: tuple[float, float] = (SLIDE_W, SLIDE_H)   # a slide, or a printed page (points)
    unit: str = "slide"      # a slide keeps its notes with it; pages, at the end

    @property
    def title_h(self) -> float:
        return self.title_room + LINE_H

    @property
    def area(self) -> tuple[float, float, float, float]:
        top = BANNER + 3 + self.title_h + 3
        bottom = self.legend_top - 3
        return (MARGIN, top, self.page[0] - 2 * MARGIN, bottom - top)

    @property
    def foot_top(self) -> float:
        return self.page[1] - BANNER - 2 - LINE_H

    @property
    def legend_top(self) -> float:
        return self.foot_top - 2 - self.legend_rows * legend_mod.ROW


def title_lines(g, opts: ChartOptions, page_w: float = SLIDE_W
                ) -> tuple[list[tuple[str, float]], str, float]:
    """(title lines at their size, stamp, stamp width) of a scenario's slides: the title
    at 20 pt, down to 16 pt or on two lines rather than past the stamp."""
    title, _ = title_block(g, opts)
    stamp = face.stamp_text(g.graph.get("status"), opts.lang)
    stamp_w = measure.text_width(stamp, STAMP_PT, True) + 20 if stamp else 0.0
    width = page_w - 2 * MARGIN - stamp_w - 12
    size = TITLE_PT
    while size > 16 and measure.text_width(title, size, True) > width:
        size -= 1
    return [(ln, size) for ln in measure.balanced(title, size, width, True)[:2]], stamp, stamp_w


def furniture(graphs, opts: ChartOptions, legend_rows: int,
              page: tuple[float, float] = (SLIDE_W, SLIDE_H), unit: str = "slide") -> Furniture:
    """The deck's furniture on ``page`` (w, h points): room for the tallest title of its
    scenarios in English and in Japanese (paired decks have the same chart area)."""
    from dataclasses import replace

    from c2graph.viz.export.slides.text import paired

    room = max(sum(measure.line_height(t, s) for t, s in
                   title_lines(g, replace(opts, lang=x), page[0])[0])
               for g in graphs for x in paired(opts.lang))
    return Furniture(room, legend_rows, page, unit)


@dataclass
class PageText:
    """What one slide says beyond its chart."""

    part: str = ""                                        # which part of the deck
    number: int = 1
    total: int = 1
    markers: dict[str, str] = field(default_factory=dict)    # actor -> "→ slide N · M more"
    links: dict[str, str] = field(default_factory=dict)      # actor -> relationship id
    frame_links: dict[str, str] = field(default_factory=dict)  # frame -> relationship id
    legend: tuple = ()                                     # legend_mod.rows(...)
    frames: bool = True                                    # draw the nation frames


def draw(canvas: Canvas, chart, g, opts: ChartOptions, furn: Furniture, text: PageText) -> float:
    """Every shape of a slide showing ``g`` (a scenario's actors on this slide, marked
    with its changes) on ``chart`` (the engine's layout of those actors, shared by every
    scenario of the deck); returns the text size of the boxes."""
    lang = opts.lang
    ax, ay, aw, ah = furn.area
    s = min(aw / chart.width, ah / chart.height, MAX_SCALE)
    ox, oy = ax + (aw - chart.width * s) / 2, ay + (ah - chart.height * s) / 2

    def at(x: float, y: float) -> tuple[float, float]:
        return ((ox + x * s) * EMU, (oy + y * s) * EMU)

    def box(r) -> tuple[float, float, float, float]:
        return rect(ox + r.x0 * s, oy + r.y0 * s, r.w * s, r.h * s)

    size = floor_pt(MIN_PT * s)
    page_w, page_h = furn.page
    banner(canvas, opts.marking, 0.0, page_w)
    _title(canvas, g, opts, furn, text.part)
    for f in chart.frame_order if text.frames else ():
        if f not in chart.frames:
            continue
        nation = frame_nation(f)
        color = style.NATION_COLORS.get(nation, MUTED)
        canvas.shape("under", f"Frame {f}", "ROUNDED_RECTANGLE", box(chart.frames[f]),
                     adj=3000, descr=f"frame:{f}", link=text.frame_links.get(f),
                     fill=solid(colors.pale(style.NATION_FILLS.get(nation, "#f3f4f6"))),
                     line=outline(style.NATION_COLORS.get(nation, "#6b7280"), 1.2),
                     paras=[(frame_title(f, lang), floor_pt(FRAME_PT * s), color, True)],
                     anchor="top", margin_x=4 * s, margin_y=3 * s)
    for n in sorted(g.nodes):
        if n not in chart.boxes:
            continue
        d = g.nodes[n]
        change = changes.change_of(d)
        nation = frame_nation(d[KEY][0]) if KEY in d else d.get("nation", "COMBINED")
        tentative = style.is_tentative(d.get("status"))
        fill = "#ffffff" if tentative or change == "removed" else \
            style.NATION_FILLS.get(nation, "#f3f4f6")
        if change in ("added", "changed"):
            line = outline(changes.HIGHLIGHT, 3.0, "dashed" if tentative else "solid")
        elif change == "removed":
            line = outline(changes.GHOST, 1.5, "dashed")
        else:
            line = outline(style.NATION_COLORS.get(nation, "#6b7280"), 1.3,
                           "dashed" if tentative else "solid")
        canvas.shape("boxes", f"Continued {n}" if n in text.markers else n, kind(d),
                     box(chart.boxes[n]), fill=solid(fill), line=line, descr=f"actor:{n}",
                     link=text.links.get(n), paras=box_paras(d, lang, size, text.markers.get(n)),
                     margin_x=PAD_X * s, margin_y=PAD_Y * s)
    width = min(s, 1.2)
    for key in sorted(chart.lines):
        line = chart.lines[key]
        if not g.has_edge(line.source, line.target, key) or len(line.points) < 2:
            continue
        d = g.edges[line.source, line.target, key]
        ls = style.LINE_STYLES.get(d.get("type")) or style.LineStyle("solid", 1.0, True, "#6b7280")
        pts = [at(x, y) for x, y in line.points]
        change = changes.change_of(d)
        if change in ("added", "changed"):
            canvas.polyline("halos", f"Halo {key}", pts, outline(changes.HIGHLIGHT, 7.0,
                                                                 alpha=40))
        if change == "removed":
            ln = outline(changes.GHOST, 1.2 * width, "dashed", arrow=ls.arrow)
        else:
            ln = outline(ls.color, ls.width * width * (1.6 if ls.double else 1.0), ls.dash,
                         ls.double, ls.arrow)
        canvas.polyline("lines", key, pts, ln, descr=f"line|{key}|{line.source}|{line.target}")
    for name, spot in sorted(chart.labels.items()):
        keys = [k for k in spot.lines if g.has_edge(chart.lines[k].source,
                                                   chart.lines[k].target, k)]
        if not keys:
            continue
        k = keys[0]
        said = shown_authority(g.edges[chart.lines[k].source, chart.lines[k].target, k])
        if not said:
            continue
        words = authority_text(said, lang)
        lw = measure.text_width(words, size) + 4
        lh = measure.line_height(words, size) + 1
        x, y = ox + spot.x * s, oy + spot.y * s - lh / 2
        canvas.shape("over", f"Label {name}", "RECTANGLE", rect(x, y, lw, lh), textbox=True,
                     fill=solid("#ffffff", alpha=85), line=NO_LINE,
                     paras=[(words, size, style.LINE_STYLES["COMMANDS"].color, False)],
                     margin_x=2)
    legend_mod.draw(canvas, lang, MARGIN, furn.legend_top, text.legend)
    _footer(canvas, g, opts, furn, text)
    banner(canvas, opts.marking, page_h - BANNER, page_w)
    return size


def banner(canvas: Canvas, marking: str, top: float, page_w: float) -> None:
    """The marking banner across a page at ``top`` (slides and the PDF's notes pages)."""
    bg, fg = marking_colors(marking)
    text = one_line(marking, MIN_PT, page_w - 8, True)
    canvas.shape("under" if top == 0 else "over", "Marking banner", "RECTANGLE",
                 rect(0, top, page_w, BANNER), fill=solid(bg), line=NO_LINE,
                 paras=[(text, MIN_PT, fg, True)], margin_x=2)


def _title(canvas: Canvas, g, opts: ChartOptions, furn: Furniture, part: str) -> None:
    _, detail = title_block(g, opts)
    page_w = furn.page[0]
    lines, stamp, stamp_w = title_lines(g, opts, page_w)
    width = page_w - 2 * MARGIN - stamp_w - 12
    paras = [(t, size, TEXT, True) for t, size in lines]
    line = f"{part} · {detail}" if part else detail
    paras.append((one_line(line, MIN_PT, width), MIN_PT, MUTED, False))
    canvas.shape("under", "Title", "RECTANGLE", rect(MARGIN, BANNER + 4, width, furn.title_h),
                 textbox=True, paras=paras, align="left", anchor="top")
    if stamp:
        h = STAMP_PT * 1.55 + 6
        canvas.shape("over", "Stamp", "RECTANGLE",
                     rect(page_w - MARGIN - stamp_w, BANNER + 6, stamp_w, h),
                     fill=solid("#ffffff"), line=outline(face.STAMP_COLOR, 2.5),
                     paras=[(stamp, STAMP_PT, face.STAMP_COLOR, True)], margin_x=4)


def _footer(canvas: Canvas, g, opts: ChartOptions, furn: Furniture, text: PageText) -> None:
    lang = opts.lang
    number = f"{text.number} / {text.total}"
    nw = measure.text_width(number, MIN_PT) + 8
    width = furn.page[0] - 2 * MARGIN - nw - 12
    as_of = face.as_of_line(g, opts.sources, lang, opts.produced)
    line = ""
    for limit in (6, 4, 3, 2, 1):
        src = face.source_line(g, lang, limit=limit,
                               where="notes" if furn.unit == "slide" else "pages")
        line = " · ".join(x for x in (as_of, src) if x)
        if measure.text_width(line, MIN_PT) <= width:
            break
    canvas.shape("over", "As of and sources", "RECTANGLE",
                 rect(MARGIN, furn.foot_top, width, LINE_H), textbox=True, line=NO_LINE,
                 paras=[(one_line(line, MIN_PT, width), MIN_PT, MUTED, False)], align="left",
                 anchor="top")
    canvas.shape("over", "Slide number", "RECTANGLE",
                 rect(furn.page[0] - MARGIN - nw, furn.foot_top, nw, LINE_H), textbox=True,
                 line=NO_LINE, paras=[(number, MIN_PT, TEXT, False)], align="right",
                 anchor="top")
