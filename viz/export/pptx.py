"""Editable PowerPoint org charts: native shapes and connectors from the chart's layout.

Why native shapes: a briefer must be able to move a box, retype a name or recolour a
line in PowerPoint without redrawing the chart; a picture of the chart allows none of
that.  Every actor is an auto shape (oval, rectangle, rounded rectangle, hexagon as
in ``viz.style``), every relationship a connector glued to the two shapes (moving a
box drags its lines), with the dash style, colour, width and arrowhead of its type.

Positions come from the same Graphviz layout as the SVG/PDF chart, with every box
first sized to its text as Office will set it (``viz.export.measure``): the lines are
broken here, between words, and the text frames neither wrap nor autofit, so what was
measured is what PowerPoint and LibreOffice draw.  Boxes, gaps and text scale
together to fill the slide (``fit``).  With several scenarios the layout is made once
for the union of their actors, so an actor sits in the same place on every slide and
paging shows what changed.  Each slide carries the marking banners, the scenario, its
status and date in the title, a legend, and the sources of everything it shows in its
speaker notes.

A chart too large for one slide (more than ``DECK_LIMIT`` actors, or box text under
``SINGLE_MIN`` on one) becomes a deck instead (``plan_deck``): the top levels first,
then a slide per subtree that did not fit, small sibling subtrees sharing a slide,
split until every slide's text is at least ``READABLE`` (8 pt).  A box whose subtree
continues elsewhere is a continuation box ("→ slide 7 · 35 more"), so every actor is
drawn in full exactly once; lines to actors on other slides are listed in the notes.
Deck pages are laid out by a small tidy tree in Python (``tree_geometry``: leaf
subordinates stacked in columns), not by ``dot``, so hundreds of them take a second.
Shapes are written as DrawingML text (``Canvas``), the same XML python-pptx writes,
at a fraction of its cost per shape.
"""

from __future__ import annotations

import io
import math
import re
from dataclasses import dataclass, field, replace
from xml.sax.saxutils import escape as xml_escape

from c2graph.viz import style
from c2graph.viz.export import chart, measure
from c2graph.viz.export.common import (BoxGrid, ChartOptions, marking_colors, nation_name, scenario_text,
                               source_line,
                               sources_shown, words)

SLIDE_W, SLIDE_H = 13.333, 7.5            # inches (16:9)
BANNER_H = 0.26
TITLE_TOP = 0.34
MARGIN = 0.22
DENSE = 24             # more actors than this: short names in the boxes, full names in notes
BASE = 10.0            # points: box text at layout scale (the slide scales it)
MAX_FONT = 14.0        # box text on a slide with few actors at most ...
LEGEND_FONT = 8.0      # ... legend text
LABEL_MIN = 6.5        # authority labels on lines: not smaller (unless the boxes' text is)
PAD_X, PAD_Y = 0.25, 0.10   # text-frame margins, in em of the box text
#: How names break: (widest line in ems, most lines a name takes: a longer name gets
#: wider lines).  Wide, narrow and taller, or flat: whichever fits the slide best.
NAME_STYLES = ((9.0, 3), (6.0, 3), (11.0, 2))
CLUSTER_FONT = 12.0    # nation frame titles at layout scale
RANKSEP = (0.30, 1.10)   # inches between ranks at layout scale (tightest, loosest)
NODESEP = (0.08, 0.45)   # ... between neighbours of a rank
LATIN_FONT = "Arial"
EA_FONT = "Meiryo"     # on every Windows and in Office for Mac; LibreOffice falls back
DASH = {"solid": "SOLID", "dashed": "DASH", "dotted": "ROUND_DOT", "dashdot": "DASH_DOT"}
SHAPES = {"ellipse": "OVAL", "box": "RECTANGLE", "rounded-box": "ROUNDED_RECTANGLE",
          "hexagon": "HEXAGON"}
#: Connection sites of each preset, in the order of its ``cxnLst`` (fractions of w, h).
SITES = {
    "RECTANGLE": [(0.5, 0), (0, 0.5), (0.5, 1), (1, 0.5)],
    "ROUNDED_RECTANGLE": [(0.5, 0), (0, 0.5), (0.5, 1), (1, 0.5)],
    "OVAL": [(0.5, 0), (0.1464, 0.1464), (0, 0.5), (0.1464, 0.8536), (0.5, 1),
             (0.8536, 0.8536), (1, 0.5), (0.8536, 0.1464)],
    "HEXAGON": [(1, 0.5), (0.75, 1), (0.25, 1), (0, 0.5), (0.25, 0), (0.75, 0)],
}
EMU = 12700            # per point


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


def _hex(color: str) -> str:
    return color.lstrip("#")[:6].upper()


# -- writing shapes ------------------------------------------------------------------------
#
# Shapes are written as DrawingML text and parsed once per slide: python-pptx's shape
# API costs about a millisecond a shape and looks through every id for each new one,
# which made a deck of 5,000 actors spend most of its time there.  The XML is what
# python-pptx writes for the same calls (its auto shape, text box and connector
# templates, then the text frame, font, fill and line settings c2graph makes).

NSDECLS = ('xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
           'xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main" '
           'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"')
_CTRL = re.compile(r"[\x00-\x08\x0B-\x1F]")
_PPR = ('<a:lnSpc><a:spcPct val="100000"/></a:lnSpc><a:spcBef><a:spcPts val="0"/></a:spcBef>'
        '<a:spcAft><a:spcPts val="0"/></a:spcAft>')
_SP_STYLE = ('<p:style><a:lnRef idx="1"><a:schemeClr val="accent1"/></a:lnRef>'
             '<a:fillRef idx="3"><a:schemeClr val="accent1"/></a:fillRef>'
             '<a:effectRef idx="2"><a:schemeClr val="accent1"/></a:effectRef>'
             '<a:fontRef idx="minor"><a:schemeClr val="lt1"/></a:fontRef></p:style>')
_CXN_STYLE = ('<p:style><a:lnRef idx="2"><a:schemeClr val="accent1"/></a:lnRef>'
              '<a:fillRef idx="0"><a:schemeClr val="accent1"/></a:fillRef>'
              '<a:effectRef idx="1"><a:schemeClr val="accent1"/></a:effectRef>'
              '<a:fontRef idx="minor"><a:schemeClr val="tx1"/></a:fontRef></p:style>')
PRESET = {"RECTANGLE": "rect", "ROUNDED_RECTANGLE": "roundRect", "OVAL": "ellipse",
          "HEXAGON": "hexagon"}
PRST_DASH = {"SOLID": "solid", "DASH": "dash", "ROUND_DOT": "sysDot", "DASH_DOT": "dashDot"}


def _xml_text(text: str) -> str:
    """Element text: markup escaped, control characters as python-pptx writes them."""
    return _CTRL.sub(lambda m: "_x%04X_" % ord(m.group(0)), xml_escape(str(text)))


def _xml_attr(text: str) -> str:
    return _CTRL.sub("", xml_escape(str(text), {'"': "&quot;"}))


def _solid(color: str, alpha: int | None = None) -> str:
    a = f'<a:alpha val="{alpha * 1000}"/>' if alpha is not None else ""
    return f'<a:solidFill><a:srgbClr val="{_hex(color)}">{a}</a:srgbClr></a:solidFill>' if a \
        else f'<a:solidFill><a:srgbClr val="{_hex(color)}"/></a:solidFill>'


def _run(text: str, size: float, color: str, bold: bool = False) -> str:
    """One run at an exact size (1/100 pt), Arial for Latin, Meiryo for Japanese."""
    if size < 1.0:  # PowerPoint's smallest size; a slide this dense is no briefing
        from c2graph.viz.export.common import ExportError

        raise ExportError(f"too many actors for one slide: their text would be {size:.2f} pt"
                          " (PowerPoint's minimum is 1 pt); narrow it with --focus ACTOR"
                          " --depth N, or export svg or pdf")
    lang = ' lang="ja-JP" altLang="en-US"' if any(ord(c) > 0x2E80 for c in text) else ""
    return (f'<a:r><a:rPr{lang} sz="{round(size * 100)}" b="{1 if bold else 0}">{_solid(color)}'
            f'<a:latin typeface="{LATIN_FONT}"/><a:ea typeface="{EA_FONT}"/></a:rPr>'
            f"<a:t>{_xml_text(text)}</a:t></a:r>")


Para = tuple  # (text, size in points, colour, bold): one paragraph, one line


def _body(paras: list[Para] | None, align="center", anchor="middle", margin_x: float = 0.0,
          margin_y: float = 0.0, textbox: bool = False) -> str:
    """A text frame of one-line paragraphs at explicit sizes.

    The lines are broken here, where the words were measured, so the frame neither
    wraps (a renderer's own wrapping broke 'INDOP' / 'ACOM') nor autofits (which
    LibreOffice ignores): what was measured is what is drawn.
    """
    if paras is None:   # an auto shape without text: python-pptx's empty frame
        return ('<p:txBody><a:bodyPr rtlCol="0" anchor="ctr"/><a:lstStyle/><a:p>'
                '<a:pPr algn="ctr"/></a:p></p:txBody>')
    mx, my = int(margin_x * EMU), int(margin_y * EMU)
    anchor = {"middle": "ctr", "top": "t"}[anchor]
    insets = f'wrap="none" lIns="{mx}" rIns="{mx}" tIns="{my}" bIns="{my}"'
    body = (f'<a:bodyPr {insets} anchor="{anchor}">' if textbox else
            f'<a:bodyPr rtlCol="0" anchor="{anchor}" {insets}>') + "<a:noAutofit/></a:bodyPr>"
    algn = {"center": "ctr", "left": "l"}[align]
    ps = "".join(f'<a:p><a:pPr algn="{algn}">{_PPR}</a:pPr>{_run(t, size, c, b)}</a:p>'
                 for t, size, c, b in paras)
    return f"<p:txBody>{body}<a:lstStyle/>{ps}</p:txBody>"


def _ln(ls: style.LineStyle, width_scale: float = 1.0, arrow: bool | None = None) -> str:
    """A relationship's line: colour, width, dash, double stroke, arrowhead."""
    w = int(max(0.5, ls.width * width_scale) * (1.8 if ls.double else 1) * EMU)
    dash = PRST_DASH[DASH.get(ls.dash, "SOLID")]
    cmpd = ' cmpd="dbl"' if ls.double else ""
    tail = ('<a:tailEnd type="triangle" w="med" len="med"/>'
            if (ls.arrow if arrow is None else arrow) else "")
    return (f'<a:ln w="{w}"{cmpd}>{_solid(ls.color)}<a:prstDash val="{dash}"/>{tail}</a:ln>')


class Canvas:
    """The shapes of one slide, by layer (back to front: page furniture and frames,
    lines, boxes, labels and legend), ids in the order they are made."""

    def __init__(self):
        self.next_id = 2   # 1 is the slide's shape tree
        self.layers: dict[str, list[str]] = {"under": [], "lines": [], "boxes": [], "over": []}

    def _id(self) -> int:
        self.next_id += 1
        return self.next_id - 1

    def shape(self, layer: str, name: str, kind: str, box, *, fill: str | None = None,
              line: str = "", adj: int | None = None, effects: bool = False,
              paras: list[Para] | None = None, textbox: bool = False, **text) -> int:
        """An auto shape (or a text box) at ``box`` = (left, top, width, height) in EMU."""
        sid = self._id()
        x, y, w, h = (int(v) for v in box)
        gd = f'<a:gd name="adj" fmla="val {adj}"/>' if adj is not None else ""
        fill_xml = "<a:noFill/>" if fill is None else fill
        if textbox:
            head = '<p:cNvSpPr txBox="1"/>'
            tail = _body(paras, textbox=True, **text)
            style_xml = ""
        else:
            head = "<p:cNvSpPr/>"
            tail = _body(paras, **text)
            style_xml = _SP_STYLE
        self.layers[layer].append(
            f'<p:sp><p:nvSpPr><p:cNvPr id="{sid}" name="{_xml_attr(name)}"/>{head}<p:nvPr/>'
            f'</p:nvSpPr><p:spPr><a:xfrm><a:off x="{x}" y="{y}"/><a:ext cx="{w}" cy="{h}"/>'
            f'</a:xfrm><a:prstGeom prst="{PRESET[kind]}"><a:avLst>{gd}</a:avLst></a:prstGeom>'
            f'{fill_xml}{line}{"<a:effectLst/>" if effects else ""}</p:spPr>{style_xml}{tail}'
            "</p:sp>")
        return sid

    def connector(self, layer: str, name: str, a, b, line: str, begin=None, end=None) -> int:
        """A straight connector from point ``a`` to ``b`` (EMU), glued at (shape id,
        site) ``begin`` and ``end`` when given (moving a box drags the line)."""
        sid = self._id()
        (bx, by), (ex, ey) = (tuple(int(v) for v in a), tuple(int(v) for v in b))
        flip = (' flipH="1"' if bx > ex else "") + (' flipV="1"' if by > ey else "")
        glue = (f'<a:stCxn id="{begin[0]}" idx="{begin[1]}"/>' if begin else "") + \
            (f'<a:endCxn id="{end[0]}" idx="{end[1]}"/>' if end else "")
        cnv = f"<p:cNvCxnSpPr>{glue}</p:cNvCxnSpPr>" if glue else "<p:cNvCxnSpPr/>"
        self.layers[layer].append(
            f'<p:cxnSp><p:nvCxnSpPr><p:cNvPr id="{sid}" name="{_xml_attr(name)}"/>{cnv}<p:nvPr/>'
            f'</p:nvCxnSpPr><p:spPr><a:xfrm{flip}><a:off x="{min(bx, ex)}" y="{min(by, ey)}"/>'
            f'<a:ext cx="{abs(ex - bx)}" cy="{abs(ey - by)}"/></a:xfrm><a:prstGeom prst="line">'
            f"<a:avLst/></a:prstGeom>{line}</p:spPr>{_CXN_STYLE}</p:cxnSp>")
        return sid

    def draw(self, slide) -> None:
        """Add every shape to the slide, back to front."""
        from pptx.oxml import parse_xml

        xml = "".join(x for layer in ("under", "lines", "boxes", "over")
                      for x in self.layers[layer])
        tree = slide.shapes._spTree
        for el in list(parse_xml(f"<p:spTree {NSDECLS}>{xml}</p:spTree>")):
            tree.append(el)


def _floor(size: float) -> float:
    """A font size PowerPoint stores exactly (1/100 pt), never above the measured one."""
    return math.floor(size * 10) / 10


# -- what goes in the boxes ---------------------------------------------------------------

def name_lines(text: str, size: float, name_style: tuple[float, int]) -> list[str]:
    """A name broken between words into lines of at most ``name_style[0]`` ems, or
    into ``name_style[1]`` lines of whatever width a longer name needs (no towers)."""
    em, most = name_style
    width = em * size
    whole = measure.text_width(text, size)
    if whole > width * most:
        width = whole / most * 1.12
    lines = measure.balanced(text, size, width, stretch=1.25)
    while len(lines) > most and width < whole:
        width *= 1.15
        lines = measure.balanced(text, size, width)
    return lines


def node_paras(d: dict, lang: str, compact: bool, size: float,
               name_style: tuple[float, int] = NAME_STYLES[0],
               more: str | None = None) -> list[Para]:
    """Lines of an actor's box at ``size``: the name(s), broken between words (see
    ``name_lines``), then (on sparse slides) short name, rank and status in grey;
    ``more`` (a continuation box of a deck: where its subtree is drawn) in bold."""
    if compact:
        parts = style.compact_label(d, lang).split("\n")
    elif lang == "both":
        parts = [style.actor_label(d, "en")] + ([d["name_ja"]] if d.get("name_ja") else [])
    else:
        parts = [style.actor_label(d, lang)]
    paras = [(ln, size, chart.TEXT, False) for part in parts
             for ln in name_lines(part, size, name_style)]
    _, meta = chart.label_parts(d, lang, 18, compact)
    if meta:   # as wide as the name above it, or as the widest style allows
        small = size * 0.8
        wide = max([measure.text_width(t, size) for t, *_ in paras]
                   + [name_style[0] * size])
        paras += [(ln, small, chart.MUTED, False)
                  for ln in measure.balanced(" · ".join(meta), small, wide, stretch=1.25)]
    if more:
        paras.append((more, size, style.NATION_COLORS.get(d.get("nation"), chart.TEXT), True))
    return paras


def _kind(d: dict) -> str:
    return SHAPES.get(style.KIND_SHAPES.get(d.get("kind"), "box"), "RECTANGLE")


def node_size(d: dict, lang: str, compact: bool,
              name_style: tuple[float, int] = NAME_STYLES[0],
              more: str | None = None) -> tuple[float, float]:
    """(w, h) in points at layout scale of the smallest box whose text rectangle holds
    the actor's lines (an ellipse sets text in its inscribed rectangle)."""
    paras = node_paras(d, lang, compact, BASE, name_style, more)
    tw, th = measure.block([(t, s, b) for t, s, _, b in paras])
    w, h = measure.shape_size(_kind(d), max(tw, 2.2 * BASE), th, PAD_X * BASE, PAD_Y * BASE)
    return w, h


def cluster_label_size(nation: str, lang: str) -> tuple[float, float]:
    text = nation_name(nation, lang)
    return (measure.text_width(text, CLUSTER_FONT, True) + 2 * PAD_X * CLUSTER_FONT,
            measure.line_height(text, CLUSTER_FONT) + 2)


# -- title and legend -----------------------------------------------------------------------

def title_paras(g, opts: ChartOptions, part: str | None = None) -> list[Para]:
    """The title at 20 pt, smaller (to 14 pt) or on two lines rather than past the edge;
    ``part``: which part of a deck the slide shows, a line under the detail."""
    title, detail = chart.title_block(g, opts)
    details = [detail] + ([part] if part else [])
    width = (SLIDE_W - 2 * MARGIN) * 72
    size = 20.0
    while size > 14 and measure.text_width(title, size, True) > width:
        size -= 1
    lines = measure.balanced(title, size, width, True)
    dsize = 10.5
    while dsize > (READABLE if part else 7) and max(measure.text_width(d, dsize)
                                                    for d in details) > width:
        dsize -= 0.5
    return ([(ln, size, chart.TEXT, True) for ln in lines]
            + [(ln, dsize, chart.MUTED, False) for d in details
               for ln in measure.balanced(d, dsize, width)])


LEGEND_ROW = 0.20        # inches per legend row
LEGEND_SAMPLE = 0.38     # inches of line sample or swatch before an entry's words
LEGEND_GAP = 0.22        # inches between entries


def legend_entries(g, lang: str) -> list[tuple[str, str, object, str]]:
    """(kind, key, line style, words) of every legend entry of a slide."""
    present = {d.get("type") for *_, d in g.edges(data=True)}
    items = [("line", rtype, ls, chart.rel_legend_text(rtype, lang))
             for rtype, ls in style.LINE_STYLES.items() if rtype in present]
    items += [("nation", n, None, nation_name(n, lang)) for n in chart.nations_in(g)]
    if any(style.is_tentative(d.get("status")) for _, d in g.nodes(data=True)):
        items.append(("tentative", "tentative", None, words(lang)["tentative"]))
    items.append(("text", "kinds", None, words(lang)["kinds"]))
    auth = chart.authority_legend(g, lang)
    if auth:
        items.append(("text", "authority", None, auth))
    return items


def legend_rows(g, lang: str) -> tuple[float, list[list[tuple[float, float, tuple]]]]:
    """(title width, rows of (x, width, entry)) in inches, entries flowed like words."""
    title_w = measure.text_width(words(lang)["legend"], LEGEND_FONT, True) / 72 + 0.15
    avail = SLIDE_W - 2 * MARGIN - title_w
    rows: list[list[tuple[float, float, tuple]]] = [[]]
    x = 0.0
    for entry in legend_entries(g, lang):
        sample = 0.0 if entry[0] == "text" else LEGEND_SAMPLE
        w = sample + measure.text_width(entry[3], LEGEND_FONT) / 72 + 0.04
        if rows[-1] and x + w > avail:
            rows.append([])
            x = 0.0
        rows[-1].append((x, w, entry))
        x += w + LEGEND_GAP
    return title_w, rows


def _legend(canvas: Canvas, g, opts: ChartOptions, top: float, rows=None) -> None:
    """The legend above the bottom banner: line samples as real connectors, swatches
    (``rows``: ``legend_rows`` made once for every slide of a deck)."""
    lang = opts.lang
    title_w, rows = rows or legend_rows(g, lang)
    size = LEGEND_FONT
    h = max(measure.line_height("凡例", size), measure.line_height("Lg", size)) / 72 + 0.02
    canvas.shape("over", "Legend", "RECTANGLE", _inches(MARGIN, top, title_w, h), textbox=True,
                 paras=[(words(lang)["legend"], size, chart.TEXT, True)], align="left",
                 anchor="top")
    for r, row in enumerate(rows):
        y = top + r * LEGEND_ROW
        for x0, w, (kind, key, ls, label) in row:
            x = MARGIN + title_w + x0
            if kind == "line":
                canvas.connector("over", f"Legend {key}", _pt_in(x, y + h / 2),
                                 _pt_in(x + LEGEND_SAMPLE - 0.06, y + h / 2), _ln(ls))
            elif kind in ("nation", "tentative"):
                box = _inches(x + 0.02, y + h / 2 - 0.065, LEGEND_SAMPLE - 0.1, 0.13)
                if kind == "nation":
                    fill = _solid(style.NATION_FILLS.get(key, "#f3f4f6"))
                    line = f'<a:ln>{_solid(style.NATION_COLORS.get(key, "#6b7280"))}</a:ln>'
                else:
                    fill = "<a:noFill/>"
                    line = f'<a:ln>{_solid(chart.MUTED)}<a:prstDash val="dash"/></a:ln>'
                canvas.shape("over", f"Legend {kind} {key}", "RECTANGLE", box, fill=fill,
                             line=line)
            sample = 0.0 if kind == "text" else LEGEND_SAMPLE
            canvas.shape("over", f"Legend text {key}", "RECTANGLE",
                         _inches(x + sample, y, w - sample, h), textbox=True,
                         paras=[(label, size, chart.MUTED if kind == "text" else chart.TEXT,
                                 False)], align="left", anchor="top")


def _inches(*values: float) -> tuple[int, ...]:
    """Inches to EMU (as python-pptx's ``Inches``)."""
    return tuple(int(v * 914400) for v in values)


def _pt_in(x: float, y: float) -> tuple[int, int]:
    return _inches(x, y)


def _banner(canvas: Canvas, marking: str, top: float) -> None:
    bg, fg = marking_colors(marking)
    size = 11.0
    while size > 6 and measure.text_width(marking, size, True) > SLIDE_W * 72 - 8:
        size -= 0.5
    canvas.shape("under" if top == 0 else "over", "Marking banner", "RECTANGLE",
                 (0, *_inches(top, SLIDE_W, BANNER_H)), fill=_solid(bg),
                 line="<a:ln><a:noFill/></a:ln>", paras=[(marking, size, fg, True)], margin_x=2)


# -- placing the chart ------------------------------------------------------------------------

class Frame:
    """Maps layout points (y down) into the slide's chart area, in EMU, at one scale.

    Boxes, text and gaps all scale together, so text measured to fit its box at layout
    scale fits it on the slide.
    """

    def __init__(self, geo: chart.Geometry, area: tuple[float, float, float, float]):
        left, top, width, height = area          # inches
        boxes = list(geo.clusters.values()) or [(0, 0, geo.width, geo.height)]
        self.x0 = min(b[0] for b in boxes)
        self.y0 = min(b[1] for b in boxes)
        self.w_pt = max(1.0, max(b[2] for b in boxes) - self.x0)
        self.h_pt = max(1.0, max(b[3] for b in boxes) - self.y0)
        self.area_w, self.area_h = width * 72, height * 72
        self.scale = min(self.area_w / self.w_pt, self.area_h / self.h_pt, MAX_FONT / BASE)
        self.left = (left * 72 + (self.area_w - self.w_pt * self.scale) / 2) * EMU
        self.top = (top * 72 + (self.area_h - self.h_pt * self.scale) / 2) * EMU
        self.font = _floor(BASE * self.scale)

    def spare_height(self) -> float:
        """Points of the chart area left unused above and below (at this scale)."""
        return self.area_h - self.h_pt * self.scale

    def spare_width(self) -> float:
        return self.area_w - self.w_pt * self.scale

    def pt(self, x: float, y: float) -> tuple[int, int]:
        return (round(self.left + (x - self.x0) * EMU * self.scale),
                round(self.top + (y - self.y0) * EMU * self.scale))

    def size(self, w: float) -> int:
        return math.ceil(w * EMU * self.scale)


def _ranks(geo: chart.Geometry) -> int:
    return len({round(b.y) for b in geo.nodes.values()})


def _widest_rank(geo: chart.Geometry) -> int:
    rows: dict[int, int] = {}
    for b in geo.nodes.values():
        rows[round(b.y)] = rows.get(round(b.y), 0) + 1
    return max(rows.values(), default=1)


def fit(graphs, opts: ChartOptions, area):
    """The layout drawn largest in the chart area, then spread to fill it.

    Every way of wrapping the wide fan-outs (one row, or two) and of breaking names
    (wide lines, or narrower boxes of more lines: a chart bound by the slide's width
    gains from them) is laid out tight, with each box sized to its measured text (the
    largest over the scenarios, so a box fits its text on every slide); the one drawn
    at the largest scale wins (the simpler within 3 %).  Then a chart bound by the
    slide's width gets taller ranks, one bound by its height wider gaps, so the boxes
    use the slide instead of sitting in a strip.  Returns (geometry, frame, name style).
    """
    union = union_graph(graphs)
    labels = {n: cluster_label_size(n, opts.lang) for n in chart.nations_in(union)}
    best = None
    for name_style in NAME_STYLES:
        sizes: dict[str, tuple[float, float]] = {}
        for g in graphs:
            for n, d in g.nodes(data=True):
                w, h = node_size(d, opts.lang, opts.compact, name_style)
                old = sizes.get(n, (0.0, 0.0))
                sizes[n] = (max(w, old[0]), max(h, old[1]))
        for per_row in chart.row_choices(union):
            o = replace(opts, per_row=per_row, ranksep=RANKSEP[0], nodesep=NODESEP[0],
                        node_sizes=sizes, cluster_label_sizes=labels)
            geo = chart.geometry(union, o)
            frame = Frame(geo, area)
            if best is None or frame.scale > best[1].scale * 1.03:
                best = (geo, frame, o, name_style)
    geo, frame, o, name_style = best
    for _ in range(3):
        grow_h = frame.spare_height() / frame.scale / max(1, _ranks(geo) - 1) / 72 * 0.97
        grow_w = frame.spare_width() / frame.scale / max(1, _widest_rank(geo)) / 72 * 0.9
        o2 = replace(o, ranksep=min(RANKSEP[1], o.ranksep + max(0.0, grow_h)),
                     nodesep=min(NODESEP[1], o.nodesep + max(0.0, grow_w)))
        if abs(o2.ranksep - o.ranksep) < 0.01 and abs(o2.nodesep - o.nodesep) < 0.01:
            break
        geo2 = chart.geometry(union, o2)
        frame2 = Frame(geo2, area)
        if frame2.scale < frame.scale * 0.99:   # overshot: keep the last that fitted
            break
        geo, frame, o = geo2, frame2, o2
    clear_wrapped_lines(union, geo, o)
    return geo, frame, name_style


def clear_wrapped_lines(g, geo: chart.Geometry, opts: ChartOptions) -> None:
    """Open gaps in a fan-out's first row where the straight lines to its second row
    pass (``dot`` leaves gaps where its curved routes go, not where straight lines do):
    the first row holds leaves only, so its boxes can slide sideways in their order,
    inside their nation's frame.  A row that cannot make room is left as it is."""
    widths = {n: w for n, (w, _) in (opts.node_sizes or {}).items()} or None
    rows = chart.fan_rows(g, opts.per_row, widths=widths)
    gap = opts.nodesep * 72
    for parent in sorted({key.split("-", 1)[0] for key in rows}):
        if parent not in geo.nodes or parent not in g:
            continue
        nation = g.nodes[parent].get("nation")
        lower = {v for _, v, key in g.out_edges(parent, keys=True) if key in rows}
        first = sorted({v for _, v, d in g.out_edges(parent, data=True)
                        if d.get("type") in chart.RANKING_TYPES and v not in lower and v in geo.nodes
                        and g.nodes[v].get("nation") == nation}, key=lambda n: geo.nodes[n].x)
        if not first or not lower:
            continue
        top = min(geo.nodes[n].y - geo.nodes[n].h / 2 for n in first) - 3
        bottom = max(geo.nodes[n].y + geo.nodes[n].h / 2 for n in first) + 3
        p = geo.nodes[parent]
        px, py = p.x, p.y + p.h / 2
        blocked = []
        for n in lower:
            c = geo.nodes[n]
            cx, cy = c.x, c.y - c.h / 2
            if cy <= bottom:
                continue
            xs = [px + (cx - px) * (y - py) / (cy - py) for y in (top, bottom)]
            blocked.append((min(xs) - gap / 2 - 2, max(xs) + gap / 2 + 2))
        frame_box = geo.clusters.get(f"cluster_{nation}")
        if not frame_box:
            continue
        fixed = [(b.x - b.w / 2 - gap, b.x + b.w / 2 + gap) for n, b in geo.nodes.items()
                 if n not in first and g.nodes.get(n, {}).get("nation") == nation
                 and b.y + b.h / 2 > top and b.y - b.h / 2 < bottom]
        placed = _slide_row([(n, geo.nodes[n].x, geo.nodes[n].w) for n in first], blocked + fixed,
                            frame_box[0] + 12, frame_box[2] - 12, gap)
        for n, x in (placed or {}).items():
            b = geo.nodes[n]
            geo.nodes[n] = chart.Box(x, b.y, b.w, b.h)


def _slide_row(boxes, blocked, lo: float, hi: float, gap: float):
    """x centres for ``boxes`` (name, x, w; in order) between ``lo`` and ``hi`` that
    overlap no ``blocked`` interval and keep ``gap`` between them, each as near its
    own x as the order allows; None when they do not fit."""
    def free_from(x, w):
        """The first left edge >= x where a box of width w meets no blocked interval."""
        moved = True
        while moved:
            moved = False
            for a, b in blocked:
                if x < b and x + w > a:
                    x, moved = b, True
        return x

    for keep_near in (True, False):
        out, cursor = {}, lo
        for name, x, w in boxes:
            left = free_from(max(cursor, x - w / 2) if keep_near else cursor, w)
            out[name] = left + w / 2
            cursor = left + w + gap
        if cursor - gap <= hi:
            return out
    return None


# -- one slide -------------------------------------------------------------------------------

def _slide(prs, g, frame: Frame, geo: chart.Geometry, opts: ChartOptions, layout,
           page: "Page | None" = None) -> None:
    """One slide: banners, title, nation frames, boxes, glued lines, labels, legend, notes.

    ``page`` (a deck of a large chart): the actors of ``g`` drawn as continuation
    boxes pointing to the slide of their subtree, a line under the title saying which
    part this is, and the lines to actors on other slides listed in the notes.
    """
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    canvas = Canvas()
    lang = opts.lang
    markers = page.markers if page else {}
    _banner(canvas, opts.marking, 0)
    canvas.shape("under", "Title", "RECTANGLE",
                 _inches(MARGIN, TITLE_TOP, SLIDE_W - 2 * MARGIN, layout["title_h"]),
                 textbox=True, paras=title_paras(g, opts, page.part if page else None),
                 align="left", anchor="top")
    s = frame.scale
    # nation frames (behind everything else: added first)
    nations = {d.get("nation", "COMBINED") for _, d in g.nodes(data=True)}
    obstacles = BoxGrid(400000)  # EMU cells, about a box
    for name, (x0, y0, x1, y1) in geo.clusters.items():
        nation = name.removeprefix("cluster_")
        if nation not in nations:
            continue
        left, top = frame.pt(x0, y0)
        w, h = frame.size(x1 - x0), frame.size(y1 - y0)
        label = nation_name(nation, lang)
        color = style.NATION_COLORS.get(nation, chart.MUTED)
        canvas.shape("under", f"Nation {nation}", "ROUNDED_RECTANGLE", (left, top, w, h), adj=3000,
                     fill=_solid(_pale(style.NATION_FILLS.get(nation, "#f3f4f6"))),
                     line=f'<a:ln>{_solid(style.NATION_COLORS.get(nation, "#6b7280"))}</a:ln>',
                     paras=[(label, _floor(CLUSTER_FONT * s), color, True)], anchor="top",
                     margin_x=PAD_X * CLUSTER_FONT * s, margin_y=2 * s)
        lw, lh = cluster_label_size(nation, lang)
        cx = left + w // 2
        obstacles.add((cx - lw * s * EMU / 2, top, cx + lw * s * EMU / 2, top + (lh + 2) * s * EMU))
    shapes, rects = {}, {}
    for n, d in sorted(g.nodes(data=True)):
        b = geo.nodes[n]
        kind = _kind(d)
        w, h = frame.size(b.w), frame.size(b.h)
        cx, cy = frame.pt(b.x, b.y)
        nation = d.get("nation", "COMBINED")
        tentative = style.is_tentative(d.get("status"))
        fill = "#ffffff" if tentative else style.NATION_FILLS.get(nation, "#f3f4f6")
        dash = '<a:prstDash val="dash"/>' if tentative else ""
        line = (f'<a:ln w="{int(0.018 * 914400)}">'
                f'{_solid(style.NATION_COLORS.get(nation, "#6b7280"))}{dash}</a:ln>')
        paras = node_paras(d, lang, opts.compact, frame.font, layout["name_style"],
                           markers.get(n))
        sid = canvas.shape("boxes", f"Continued {n}" if n in markers else f"{n}", kind,
                           (cx - w // 2, cy - h // 2, w, h), fill=_solid(fill), line=line,
                           effects=True, paras=paras, margin_x=PAD_X * BASE * s,
                           margin_y=PAD_Y * BASE * s)
        shapes[n] = (sid, kind, b)
        rects[n] = (cx - w // 2, w)
        obstacles.add((cx - w // 2, cy - h // 2, cx - w // 2 + w, cy - h // 2 + h))
    shared = chart.shared_authority(g)
    lsize = _floor(min(frame.font, max(READABLE if page else LABEL_MIN, frame.font * 0.85)))
    fans: dict[str, tuple] = {}
    taken: dict[frozenset, set] = {}    # sites used by lines between one pair of boxes
    edges = sorted(g.edges(keys=True, data=True),   # tree lines first: they keep top/bottom
                   key=lambda e: (e[3].get("type") not in chart.RANKING_TYPES, e[2]))
    index = _BoxIndex(shapes, frame)
    for u, v, key, d in edges:
        ls = style.LINE_STYLES.get(d.get("type")) or style.LineStyle("solid", 1.0, True, "#6b7280")
        tree = d.get("type") in chart.RANKING_TYPES
        used = taken.setdefault(frozenset((u, v)), set())
        (ia, pa), (ib, pb) = _route(shapes, u, v, frame, tree,
                                    exclude=({i for n, i in used if n == u},
                                             {i for n, i in used if n == v}), index=index)
        used |= {(u, ia), (v, ib)}   # a second line between the pair leaves elsewhere
        # straight: PowerPoint draws a saved elbow connector horizontal-first until a
        # box is moved, so only a straight line looks the same everywhere
        canvas.connector("lines", key, pa, pb, _ln(ls, width_scale=max(0.6, min(1.0, s * 1.6))),
                         begin=(shapes[u][0], ia), end=(shapes[v][0], ib))
        text = chart.shown_authority(d) if d.get("type") == "COMMANDS" else ""
        if not text:
            continue
        if u in shared:      # once, where the fan of lines leaves the parent
            fans.setdefault(u, (pa, text, ls.color))
            continue
        _authority_label(canvas, key, chart.authority_text(text, lang), lsize, ls.color,
                         _along(pa, pb), obstacles)
    for u, (pa, text, color) in sorted(fans.items()):
        _authority_label(canvas, f"{u} fan-out", chart.authority_text(text, lang), lsize, color,
                         _beside_fan(pa, *rects[u]), obstacles)
    _legend(canvas, g, opts, layout["legend_top"], layout.get("legend_rows"))
    _banner(canvas, opts.marking, SLIDE_H - BANNER_H)
    canvas.draw(slide)
    focus = g.graph.get("focus")
    _notes(slide, g, opts, f"Focus: {focus} and what it commands or supervises" if focus else "",
           page.notes if page else (), layout.get("notes_cache"))


def _authority_label(canvas: Canvas, name: str, text: str, size: float, color: str, spots,
                     obstacles: BoxGrid):
    """A small label on a white ground at the first spot that covers no box or label."""
    w = int((measure.text_width(text, size) + 3) * EMU)
    h = int((measure.line_height(text, size) + 1) * EMU)
    spots = list(spots)
    x, y = next(((x, y) for x, y in ((sx(w), sy(h)) for sx, sy in spots)
                 if not obstacles.hits((x, y, x + w, y + h))),
                (spots[0][0](w), spots[0][1](h)))
    obstacles.add((x, y, x + w, y + h))
    canvas.shape("over", f"Label {name}", "RECTANGLE", (x, y, w, h), textbox=True,
                 fill=_solid("#ffffff", alpha=80), paras=[(text, size, color, False)],
                 margin_x=1.5)


def _along(pa, pb):
    """Spots along a line for its label: the middle first, right of the line, then left."""
    for t in (0.5, 0.4, 0.6, 0.3, 0.7, 0.2, 0.8):
        cx, cy = pa[0] + (pb[0] - pa[0]) * t, pa[1] + (pb[1] - pa[1]) * t
        yield (lambda w, cx=cx: cx + 25000), (lambda h, cy=cy: cy - h / 2)
        yield (lambda w, cx=cx: cx - w - 25000), (lambda h, cy=cy: cy - h / 2)


def _beside_fan(pa, left: int, width: int):
    """Spots for a fan-out's one label: just under the point the lines leave, right
    then left, then beside the parent's lower corners, then a little lower."""
    x, y = pa
    right = left + width
    for dy in (20000, 90000, 160000):
        yield (lambda w: x + 30000), (lambda h, dy=dy: y + dy)
        yield (lambda w: x - w - 30000), (lambda h, dy=dy: y + dy)
    yield (lambda w: right + 20000), (lambda h: y - h)
    yield (lambda w: left - w - 20000), (lambda h: y - h)


def _notes_page(slide, cache: dict | None):
    """The slide's notes page.  In a deck (``cache``) every notes page after the first
    is a copy of the first one's empty page: python-pptx clones the notes master's
    placeholders one search at a time, a good part of a large deck's time."""
    if cache is None:
        return slide.notes_slide
    if "element" in cache:
        from copy import deepcopy

        from pptx.opc.constants import CONTENT_TYPE as CT
        from pptx.opc.constants import RELATIONSHIP_TYPE as RT
        from pptx.parts.slide import NotesSlidePart

        package = slide.part.package
        part = NotesSlidePart(package.next_partname("/ppt/notesSlides/notesSlide%d.xml"),
                              CT.PML_NOTES_SLIDE, package, deepcopy(cache["element"]))
        part.relate_to(cache["master"], RT.NOTES_MASTER)
        part.relate_to(slide.part, RT.SLIDE)
        slide.part.relate_to(part, RT.NOTES_SLIDE)
        return slide.notes_slide
    notes = slide.notes_slide
    from copy import deepcopy

    cache["element"] = deepcopy(notes._element)
    cache["master"] = slide.part.package.presentation_part.notes_master_part
    return notes


def _notes(slide, g, opts: ChartOptions, focus_note: str, page_lines=(),
           cache: dict | None = None) -> None:
    """Speaker notes: marking, scenario, then every source of what the slide shows
    (``page_lines``: a deck page's own lines, before the sources)."""
    meta = g.graph
    lines = [opts.marking, "",
             f"Scenario {meta.get('id', '')}: {scenario_text(meta, 'title', opts.lang)}",
             f"Status: {meta.get('status', '')}" + (f"; date: {meta['date']}" if meta.get("date") else "")
             + f"; produced {opts.produced} by c2graph export"]
    if focus_note:
        lines.append(focus_note)
    if meta.get("description") or meta.get("description_ja"):
        lines += ["", scenario_text(meta, "description", opts.lang)]
    if opts.compact:   # the boxes show short names: the full names are here
        lines += ["", "Actors shown (short name: full name):"]
        for n, d in sorted(g.nodes(data=True), key=lambda x: style.compact_label(x[1], "en")):
            full = d.get("name_en", n) + (f" / {d['name_ja']}" if d.get("name_ja") else "")
            extra = [x for x in (d.get("rank"), d.get("status") if d.get("status") !=
                                 "established" else None) if x]
            lines.append(f"- {style.compact_label(d, 'en')}: {full}"
                         + (f" ({', '.join(extra)})" if extra else ""))
    if page_lines:
        lines += [""] + list(page_lines)
    lines += ["", "Sources of what is shown:"]
    used: dict[str, list[str]] = {}
    for ref in meta.get("sources") or []:
        used.setdefault(ref, []).append("the scenario")
    for n, d in sorted(g.nodes(data=True)):
        for ref in d.get("sources") or []:
            used.setdefault(ref, []).append(d.get("short") or d.get("name_en") or n)
    for _, _, key, d in sorted(g.edges(keys=True, data=True), key=lambda e: e[2]):
        for ref in d.get("sources") or []:
            used.setdefault(ref, []).append(key)
    for ref in sources_shown(g):
        what = used.get(ref, [])
        shown = ", ".join(what[:12]) + (f" and {len(what) - 12} more" if len(what) > 12 else "")
        lines.append(f"- {source_line(ref, opts.sources)} (for: {shown})")
    lines += ["", opts.marking]
    _notes_page(slide, cache).notes_text_frame.text = "\n".join(lines)


def _pale(color: str) -> str:
    """Half-way between a colour and white (the chart's translucent nation frames)."""
    c = color.lstrip("#")
    r, gg, b = (int(c[i:i + 2], 16) for i in (0, 2, 4))
    return "#%02x%02x%02x" % tuple(round(v + (255 - v) * 0.55) for v in (r, gg, b))


class _BoxIndex:
    """Every box of a slide as (centre, half width, half height, oval) in EMU, found
    by area: a line can only pass behind the boxes that meet the rectangle around its
    two ends' boxes."""

    CELL = 600000

    def __init__(self, shapes, frame: Frame):
        self.boxes = {}
        self.cells: dict[tuple[int, int], list[str]] = {}
        for n, (_, k, b) in shapes.items():
            rx, ry = frame.size(b.w) / 2, frame.size(b.h) / 2
            centre = frame.pt(b.x, b.y)
            self.boxes[n] = (centre, rx, ry, k == "OVAL")
            for key in self._keys((centre[0] - rx, centre[1] - ry, centre[0] + rx, centre[1] + ry)):
                self.cells.setdefault(key, []).append(n)

    def _keys(self, box):
        c = self.CELL
        for i in range(int(box[0] // c), int(box[2] // c) + 1):
            for j in range(int(box[1] // c), int(box[3] // c) + 1):
                yield i, j

    def near(self, u: str, v: str) -> list[tuple]:
        """The boxes other than u and v that meet the rectangle around both."""
        (ua, urx, ury, _), (va, vrx, vry, _) = self.boxes[u], self.boxes[v]
        area = (min(ua[0] - urx, va[0] - vrx), min(ua[1] - ury, va[1] - vry),
                max(ua[0] + urx, va[0] + vrx), max(ua[1] + ury, va[1] + vry))
        found = {n for key in self._keys(area) for n in self.cells.get(key, ())} - {u, v}
        out = []
        for n in sorted(found):
            (cx, cy), rx, ry, _ = self.boxes[n]
            if cx + rx > area[0] and cx - rx < area[2] and cy + ry > area[1] and cy - ry < area[3]:
                out.append(self.boxes[n])
        return out


def _route(shapes, u: str, v: str, frame: Frame, tree: bool, exclude=((), ()),
           index: _BoxIndex | None = None):
    """The connection sites of a straight line from ``u`` to ``v`` that passes behind
    the fewest other boxes (a line hidden behind a box reads as ending there), then
    the shortest.  A command or supervision line leaves its superior's lower half and
    enters the subordinate's upper half, from bottom centre to top centre when that
    crosses nothing more.  Only the boxes near the two (``_BoxIndex``) are tried."""
    (_, ka, ba), (_, kb, bb) = shapes[u], shapes[v]

    def sites(kind, box, lower, skip):
        out = []
        for i, (fx, fy) in enumerate(SITES.get(kind, SITES["RECTANGLE"])):
            if i in skip or (tree and (fy < 0.5 if lower else fy > 0.5)):
                continue
            centre = fx == 0.5
            out.append((i, frame.pt(box.x - box.w / 2 + fx * box.w, box.y - box.h / 2 + fy * box.h),
                        0 if (not tree or centre) else 1))
        return out or [(i, frame.pt(box.x - box.w / 2 + fx * box.w, box.y - box.h / 2 + fy * box.h), 0)
                       for i, (fx, fy) in enumerate(SITES.get(kind, SITES["RECTANGLE"]))]

    others = (index or _BoxIndex(shapes, frame)).near(u, v)
    best = None
    for ia, pa, pen_a in sites(ka, ba, True, exclude[0]):
        for ib, pb, pen_b in sites(kb, bb, False, exclude[1]):
            crossed = sum(_hits(pa, pb, *o) for o in others)
            score = (crossed, pen_a + pen_b, (pa[0] - pb[0]) ** 2 + (pa[1] - pb[1]) ** 2)
            if best is None or score < best[0]:
                best = (score, (ia, pa), (ib, pb))
    return best[1], best[2]


def _hits(pa, pb, centre, rx: float, ry: float, oval: bool) -> bool:
    """Whether the segment pa-pb passes through a box (an ellipse for an oval), its
    edge excepted."""
    (cx, cy), rx, ry = centre, rx * 0.96, ry * 0.9
    if rx <= 0 or ry <= 0:
        return False
    # into the box's own units: the box is the unit square (or circle) about 0
    x0, y0 = (pa[0] - cx) / rx, (pa[1] - cy) / ry
    dx, dy = (pb[0] - pa[0]) / rx, (pb[1] - pa[1]) / ry
    if oval:
        a, b, c = dx * dx + dy * dy, 2 * (x0 * dx + y0 * dy), x0 * x0 + y0 * y0 - 1
        if c <= 0:
            return True
        disc = b * b - 4 * a * c
        if a == 0 or disc < 0:
            return False
        r = math.sqrt(disc)
        return any(0 <= t <= 1 for t in ((-b - r) / (2 * a), (-b + r) / (2 * a)))
    t0, t1 = 0.0, 1.0                      # Liang-Barsky against [-1, 1] x [-1, 1]
    for p, q in ((-dx, x0 + 1), (dx, 1 - x0), (-dy, y0 + 1), (dy, 1 - y0)):
        if p == 0:
            if q < 0:
                return False
            continue
        t = q / p
        if p < 0:
            t0 = max(t0, t)
        else:
            t1 = min(t1, t)
        if t0 > t1:
            return False
    return True


# -- a deck for a large chart ---------------------------------------------------------------

#: A chart whose one slide would set its box text under this size becomes a deck (the
#: bundled charts are 5.5-6.9 pt on one slide, and stay one slide).
SINGLE_MIN = 5.0
#: Every slide of a deck sets its box text at least this large (points).
READABLE = 8.0
#: Above this many actors no single slide is tried: it could not be readable.
DECK_LIMIT = 150
DECK_WORDS = {
    "en": {"marker": "→ slide {slide} · {more:,} more",
           "first": "Part {part} of {parts}: the top levels; a box marked → continues on that"
                    " slide",
           "part": "Part {part} of {parts}: {names} and below (continued from slide {back})",
           "others": "{names} and {more} more", "sep": ", "},
    "ja": {"marker": "→ スライド{slide}・ほか{more:,}",
           "first": "第{part}部（全{parts}部）：上位の階層。「→」のある箱は、そのスライドに続く",
           "part": "第{part}部（全{parts}部）：{names}以下（スライド{back}から続く）",
           "others": "{names}ほか{more}", "sep": "、"},
}


def deck_words(lang: str) -> dict[str, str]:
    return DECK_WORDS["ja" if lang == "ja" else "en"]


def marker_text(slide: int, more: int, lang: str = "en") -> str:
    """The line of a continuation box: where its subtree is drawn, and how big it is."""
    return deck_words(lang)["marker"].format(slide=slide, more=more)


class _Forest:
    """The chart's tree (``viz.layout.levels_and_parents``: command and supervision
    lines, staffs and forums hung on their principal) with each box's size."""

    def __init__(self, g, opts: ChartOptions, name_style):
        from c2graph.viz.layout import levels_and_parents

        _, parent, key = levels_and_parents(g)
        self.parent = parent
        self.children: dict[str | None, list[str]] = {}
        for n in sorted(g.nodes, key=lambda n: key[n]):
            self.children.setdefault(parent[n], []).append(n)
        self.size = {n: node_size(d, opts.lang, opts.compact, name_style)
                     for n, d in g.nodes(data=True)}
        self.marker_size = {}
        self.g, self.opts, self.name_style = g, opts, name_style
        self.label = {n: cluster_label_size(n, opts.lang) for n in chart.nations_in(g)}
        self.order = list(self._preorder())        # parents before children
        self.position = {n: i for i, n in enumerate(self.order)}
        below: dict[str, int] = {}
        for n in reversed(self.order):
            below[n] = sum(1 + below[c] for c in self.children.get(n, ()))
        self.below = below

    def _preorder(self):
        stack = list(reversed(self.children.get(None, [])))
        while stack:
            n = stack.pop()
            yield n
            stack.extend(reversed(self.children.get(n, [])))

    def marker(self, n: str) -> tuple[float, float]:
        if n not in self.marker_size:
            self.marker_size[n] = node_size(self.g.nodes[n], self.opts.lang, self.opts.compact,
                                            self.name_style,
                                            marker_text(8888, 88888, self.opts.lang))
        return self.marker_size[n]


def tree_geometry(forest: _Forest, members, continued, nodesep: float, ranksep: float,
                  size_only: bool = False):
    """A page's boxes as a tidy tree, at layout scale: rows by depth below the page's
    tops; siblings side by side, their parent centred over them; the leaf subordinates
    of a parent stacked in a column to its right (two columns, left and right, past
    four), so a line reaches each from the parent's foot without crossing the boxes
    above it; nations side by side in their frames.  Pure Python and exact: the deck
    plans its pages with it (``plan_page``) and draws them with it.  Returns
    (width, height) with ``size_only``, else a ``chart.Geometry``."""
    sizes, marker = forest.size, forest.marker
    box_of = {n: marker(n) if n in continued else sizes[n] for n in members}
    box = box_of.__getitem__
    roots = sorted((n for n in members if forest.parent.get(n) not in members),
                   key=forest.position.__getitem__)
    order, kids, stack = [], {}, list(reversed(roots))
    while stack:                       # the page's actors, parents before children
        n = stack.pop()
        order.append(n)
        kids[n] = [c for c in forest.children.get(n, ()) if c in members]
        stack.extend(reversed(kids[n]))
    ext, offset, drop = {}, {}, {}     # subtree (left, right) of its centre; child (dx, rows)
    for n in reversed(order):          # children first
        ks = kids[n]
        w, _ = box(n)
        if len(ks) >= 2 and not any(kids[c] for c in ks):   # leaves: one or two columns
            right = ks if len(ks) <= 4 else ks[(len(ks) + 1) // 2:]
            left = [] if len(ks) <= 4 else ks[:(len(ks) + 1) // 2]
            lo, hi = -w / 2, w / 2
            for side, col in ((1, right), (-1, left)):
                if not col:
                    continue
                cw = max(box(c)[0] for c in col)
                inner = max(nodesep + 6, w / 2)     # lines fan out; inner edges aligned
                for i, c in enumerate(col):
                    offset[c], drop[c] = side * (inner + box(c)[0] / 2), i + 1
                hi, lo = (max(hi, inner + cw), lo) if side > 0 else (hi, min(lo, -inner - cw))
            ext[n] = (lo, hi)
            continue
        if not ks:
            ext[n] = (-w / 2, w / 2)
            continue
        xs, cursor = [], 0.0
        for c in ks:
            xs.append(cursor - ext[c][0])
            cursor = xs[-1] + ext[c][1] + nodesep
        centre = (xs[0] + xs[-1]) / 2
        for c, cx in zip(ks, xs):
            offset[c], drop[c] = cx - centre, 1
        ext[n] = (min(-w / 2, xs[0] + ext[ks[0]][0] - centre),
                  max(w / 2, xs[-1] + ext[ks[-1]][1] - centre))
    row = {}
    for n in order:                                        # parents first
        row[n] = 0 if n in roots else row[forest.parent[n]] + drop[n]
    heights: dict[int, float] = {}
    for n, r in row.items():
        heights[r] = max(heights.get(r, 0.0), box(n)[1])
    nations: dict[str, list[str]] = {}
    for r in roots:
        nations.setdefault(forest.g.nodes[r].get("nation", "COMBINED"), []).append(r)
    label_h = max((forest.label[n][1] for n in nations), default=0.0)
    tops, y = {}, 12 + label_h + 4
    for r in range(max(heights) + 1 if heights else 0):
        tops[r] = y
        y += heights.get(r, 0.0) + ranksep
    bottom = y - ranksep + 12
    cursor, frames, x = 0.0, {}, {}
    for nation in [n for n in style.NATION_ORDER if n in nations] + sorted(
            set(nations) - set(style.NATION_ORDER)):
        group = nations[nation]
        inner = sum(ext[r][1] - ext[r][0] for r in group) + nodesep * (len(group) - 1)
        width = max(inner, forest.label[nation][0] + 8) + 24
        left = cursor + (width - inner) / 2
        for r in group:
            x[r] = left - ext[r][0]
            left += ext[r][1] - ext[r][0] + nodesep
        frames[f"cluster_{nation}"] = (cursor, 0.0, cursor + width, bottom)
        cursor += width + 2 * nodesep + 16
    width = cursor - 2 * nodesep - 16
    if size_only:
        return width, bottom
    for n in order:
        if n not in x:
            x[n] = x[forest.parent[n]] + offset[n]
    nodes = {n: chart.Box(x[n], tops[row[n]] + heights[row[n]] / 2, *box(n)) for n in order}
    return chart.Geometry(width, bottom, nodes, {}, frames)


def plan_page(forest: _Forest, tops: list[str], budget: tuple[float, float],
              nodesep: float, ranksep: float, only: set[str] | None = None,
              top_continued: bool = False) -> tuple[set[str], list[str]]:
    """(every actor drawn, those drawn as continuation boxes) of the page that starts
    at ``tops``.

    Breadth first: an actor with subordinates is a continuation box until it is
    opened, which brings its subordinates onto the page (the leaves in full, the
    others as continuation boxes, opened in turn) if the page still fits ``budget``
    (``tree_geometry``).  A page of one actor always opens it (one level at least).
    ``only``: the part of the first top's subordinates this page holds (a fan-out too
    wide for one page is split, ``plan_deck``); ``top_continued``: that top is drawn
    in full on another page, here as a continuation box.
    """
    members = set(tops)
    markers = [n for n in tops if forest.children.get(n)]
    queue = list(markers)
    forced = len(tops) == 1
    while queue:
        n = queue.pop(0)
        kids = forest.children[n]
        if only is not None and n == tops[0]:
            kids = [c for c in kids if c in only]
        trial = members | set(kids)
        continued = set(markers) - {n} | {c for c in kids if forest.children.get(c)}
        if top_continued:
            continued.add(tops[0])
        w, h = tree_geometry(forest, trial, continued, nodesep, ranksep, size_only=True)
        if not forced and (w > budget[0] or h > budget[1]):
            continue                  # n stays a continuation box
        forced = False
        members = trial
        if not (top_continued and n == tops[0]):
            markers.remove(n)
        for c in kids:
            if forest.children.get(c):
                markers.append(c)
                queue.append(c)
    return members, markers


def _chunks(items: list[str], fits) -> list[list[str]]:
    """``items`` in order, cut into runs that each ``fits`` (one item at least)."""
    out: list[list[str]] = [[]]
    for n in items:
        if out[-1] and not fits(out[-1] + [n]):
            out.append([])
        out[-1].append(n)
    return out


def plan_deck(union, opts: ChartOptions, area, name_style) -> tuple[list[Page], _Forest]:
    """The pages of a deck: the top levels first, then a page per subtree that did not
    fit (small sibling subtrees share one; a fan-out too wide for one page is split
    over several, its superior a continuation box on the later ones), so that every
    page's text is at least ``READABLE``."""
    forest = _Forest(union, opts, name_style)
    scale = READABLE / BASE
    budget = (area[2] * 72 / scale, area[3] * 72 / scale)
    gaps = (NODESEP[0] * 72, RANKSEP[0] * 72)

    def fits(members, continued) -> bool:
        w, h = tree_geometry(forest, set(members), set(continued), *gaps, size_only=True)
        return w <= budget[0] and h <= budget[1]

    def branches(n):
        return [c for c in forest.children.get(n, ()) if forest.children.get(c)]

    pages: list[Page] = []
    roots = list(forest.children.get(None, []))
    queue: list[tuple] = [(group, None, None, False) for group in _chunks(
        roots, lambda ts: fits(ts, [t for t in ts if forest.children.get(t)]))]
    while queue:
        tops, parent_page, only, top_continued = queue.pop(0)
        kids = forest.children.get(tops[0], []) if len(tops) == 1 and only is None else []
        if kids and not fits(tops + kids, tops + branches(tops[0])):
            parts = _chunks(kids, lambda chunk: fits(tops + chunk, tops + [
                c for c in chunk if forest.children.get(c)]))
            only = set(parts[0])
            later = [(tops, len(pages), set(part), True) for part in parts[1:]]
        else:
            later = []
        members, markers = plan_page(forest, tops, budget, *gaps, only, top_continued)
        page = Page(top=tops, members=members, continued=markers, parent_page=parent_page)
        page.geo, page.frame = layout_page(page, forest, area)
        pages.append(page)
        index = len(pages) - 1
        queue[:0] = later
        geo = page.geo
        group: list[str] = []
        for n in sorted((n for n in page.continued if n not in tops or not top_continued),
                        key=lambda n: (geo.nodes[n].y, geo.nodes[n].x)):
            # small subtrees side by side share a page; a large one starts its own
            if not _fits_whole(forest, [n], budget, gaps):
                queue.append(([n], index, None, False))
            elif _fits_whole(forest, group + [n], budget, gaps):
                group.append(n)
            else:
                queue.append((group, index, None, False))
                group = [n]
        if group:
            queue.append((group, index, None, False))
    return pages, forest


def _fits_whole(forest: _Forest, tops: list[str], budget, gaps) -> bool:
    """Whether the whole subtrees of ``tops`` fit one page."""
    members = set(tops)
    stack = list(tops)
    while stack:
        n = stack.pop()
        kids = forest.children.get(n, ())
        members.update(kids)
        stack.extend(kids)
        if len(members) > 400:
            return False
    w, h = tree_geometry(forest, members, set(), *gaps, size_only=True)
    return w <= budget[0] and h <= budget[1]


def layout_page(page: Page, forest: _Forest, area):
    """The page's tree drawn as large as the chart area allows, gaps then widened to
    fill it (as ``fit`` does for one slide)."""
    cont = set(page.continued)
    ns, rs = NODESEP[0] * 72, RANKSEP[0] * 72
    geo = tree_geometry(forest, page.members, cont, ns, rs)
    frame = Frame(geo, area)
    rows = max(1, len({round(b.y) for b in geo.nodes.values()}) - 1)
    widest = max(1, _widest_rank(geo))
    for _ in range(2):
        grow_h = frame.spare_height() / frame.scale / rows * 0.97
        grow_w = frame.spare_width() / frame.scale / widest * 0.9
        ns2 = min(NODESEP[1] * 72, ns + max(0.0, grow_w))
        rs2 = min(RANKSEP[1] * 72, rs + max(0.0, grow_h))
        if abs(ns2 - ns) < 0.5 and abs(rs2 - rs) < 0.5:
            break
        geo2 = tree_geometry(forest, page.members, cont, ns2, rs2)
        frame2 = Frame(geo2, area)
        if frame2.scale < frame.scale * 0.99:
            break
        geo, frame, ns, rs = geo2, frame2, ns2, rs2
    return geo, frame


def _deck(prs, graphs, union, opts: ChartOptions, area, layout) -> int:
    """Slides of a large chart: every page of the plan in reading order, each scenario
    on its own slide (the same positions); returns the number of pages."""
    name_style = NAME_STYLES[0]
    pages, forest = plan_deck(union, opts, area, name_style)
    order = _reading_order(pages)
    number = {p: i for i, p in enumerate(order)}     # page index -> position in the deck
    k = len(graphs)
    where = {}                                        # actor -> the page drawing it in full
    for i, p in enumerate(pages):
        for n in p.members:
            if n not in p.continued:
                where.setdefault(n, i)
    drawn = set()                                     # relationships drawn on some page
    for p in pages:
        for u in p.members:
            drawn.update(key for _, v, key in union.out_edges(u, keys=True) if v in p.members)
    away: list[dict[int, list]] = []                  # per scenario: page -> lines not drawn
    for g in graphs:
        by_page: dict[int, list] = {}
        for u, v, key, d in sorted(g.edges(keys=True, data=True), key=lambda e: e[2]):
            if key not in drawn and u in where and v in where:
                for i in {where[u], where[v]}:
                    by_page.setdefault(i, []).append((u, v, d))
        away.append(by_page)
    legends = [legend_rows(g, opts.lang) for g in graphs]
    said = deck_words(opts.lang)
    layout = dict(layout, notes_cache={})
    _fast_part_names(prs)
    for i in order:
        p = pages[i]
        for j, g in enumerate(graphs):
            def slide_of(n, j=j):
                return number[where[n]] * k + j + 1

            sub = g.subgraph([n for n in p.members if n in g]).copy()
            sub.graph.update(g.graph)
            markers = {n: marker_text(slide_of(n), forest.below[n], opts.lang)
                       for n in p.continued if n in sub and n in where}
            if p.parent_page is None:
                part = said["first"].format(part=number[i] + 1, parts=len(pages))
            else:
                names = said["sep"].join(_short(union, n, opts.lang)[:40] for n in p.top[:2])
                if len(p.top) > 2:
                    names = said["others"].format(names=names, more=len(p.top) - 2)
                part = said["part"].format(part=number[i] + 1, parts=len(pages), names=names,
                                           back=number[p.parent_page] * k + j + 1)
            notes = [part]
            if markers:
                notes += ["Continued on other slides:"] + [
                    f"- {_short(union, n, opts.lang)}: {text.removeprefix('→ ')}"
                    for n, text in sorted(markers.items(), key=lambda x: slide_of(x[0]))]
            if away[j].get(i):
                notes += ["Lines to actors on other slides:"] + [
                    f"- {_short(union, u)} {str(d.get('type', '')).lower().replace('_', ' ')}"
                    f" {_short(union, v)} (slide {slide_of(v if where[u] == i else u)})"
                    for u, v, d in away[j][i]]
            page = Page(top=p.top, members=set(sub), markers=markers, part=part, notes=notes)
            _slide(prs, sub, p.frame, p.geo, opts,
                   dict(layout, name_style=name_style, legend_rows=legends[j]), page)
    return len(pages)


def _fast_part_names(prs) -> None:
    """Name new parts (slides' notes) from a counter: python-pptx looks through every
    part of the package for each new name, which grows with the square of a deck."""
    package = prs.part.package
    find, counters = package.next_partname, {}

    def next_partname(tmpl):
        from pptx.opc.packuri import PackURI

        if tmpl not in counters:      # the first free number, then the ones after it
            first = str(find(tmpl))
            counters[tmpl] = next(i for i in range(1, 1 << 20) if tmpl % i == first)
        else:
            counters[tmpl] += 1
        return PackURI(tmpl % counters[tmpl])

    package.next_partname = next_partname


def _reading_order(pages: list[Page]) -> list[int]:
    """Pages depth first: a subtree's pages follow the page that points to them."""
    kids: dict[int | None, list[int]] = {}
    for i, p in enumerate(pages):
        kids.setdefault(p.parent_page, []).append(i)
    out, stack = [], list(reversed(kids.get(None, [])))
    while stack:
        i = stack.pop()
        out.append(i)
        stack.extend(reversed(kids.get(i, [])))
    return out


def _short(g, n: str, lang: str = "en") -> str:
    return style.compact_label(g.nodes[n], "ja" if lang == "ja" else "en").replace("\n", " ")


@dataclass
class Page:
    """One slide's part of a deck: which actors it draws, which of them continue."""

    top: list[str]                 # the actors the part starts from
    members: set[str]              # every actor drawn on it (continuation boxes too)
    continued: list[str] = field(default_factory=list)   # drawn as continuation boxes
    parent_page: int | None = None    # the page whose continuation box leads here
    markers: dict[str, str] = field(default_factory=dict)   # actor -> "→ slide N" line
    part: str = ""                 # the line under the title
    notes: list[str] = field(default_factory=list)
    geo: object = None
    frame: object = None


def to_pptx(graphs, opts: ChartOptions) -> bytes:
    """One slide per scenario graph, all laid out together (shared positions).

    Every box is sized to its measured text first; the layout places those boxes; the
    slide scales boxes, gaps and text together (``fit``).  A chart too large for one
    slide (more than ``DECK_LIMIT`` actors, or text under ``SINGLE_MIN`` on one) becomes
    a deck: the top levels, then a slide per subtree, every slide's text at least
    ``READABLE`` (``plan_deck``), each scenario on its own slide of every part.
    """
    return build_pptx(graphs, opts)[0]


def build_pptx(graphs, opts: ChartOptions) -> tuple[bytes, int]:
    """(the PPTX, how many slides it has)."""
    from pptx import Presentation
    from pptx.util import Inches

    union = union_graph(graphs)
    opts = replace(opts, compact=opts.compact or union.number_of_nodes() > DENSE)
    single = None
    if union.number_of_nodes() <= DECK_LIMIT:
        title_h = max(measure.block([(t, s, b) for t, s, _, b in title_paras(g, opts)])[1]
                      for g in graphs) / 72 + 0.04
        layout, area = _areas(graphs, opts, title_h)
        geo, frame, name_style = fit(graphs, opts, area)
        if frame.font >= SINGLE_MIN:
            single = (geo, frame, name_style)
    prs = Presentation()
    prs.slide_width, prs.slide_height = Inches(SLIDE_W), Inches(SLIDE_H)
    prs.core_properties.title = opts.title or graphs[0].graph.get("title") or ""
    prs.core_properties.subject = opts.marking
    prs.core_properties.keywords = "c2graph; " + ", ".join(g.graph.get("id", "") for g in graphs)
    if single:
        geo, frame, name_style = single
        for g in graphs:
            _slide(prs, g, frame, geo, opts, dict(layout, name_style=name_style))
    else:
        sample = deck_words(opts.lang)["first"].format(part=888, parts=888)
        title_h = max(measure.block([(t, s, b) for t, s, _, b in title_paras(g, opts, sample)])[1]
                      for g in graphs) / 72 + 0.04
        layout, area = _areas(graphs, opts, title_h)
        _deck(prs, graphs, union, opts, area, layout)
    buf = io.BytesIO()
    prs.save(buf)
    return buf.getvalue(), len(prs.slides)


def _areas(graphs, opts: ChartOptions, title_h: float):
    """(slide furniture positions, chart area in inches) below a title ``title_h`` high."""
    legend_h = max(len(legend_rows(g, opts.lang)[1]) for g in graphs) * LEGEND_ROW
    legend_top = SLIDE_H - BANNER_H - 0.06 - legend_h
    chart_top = TITLE_TOP + title_h + 0.1
    area = (MARGIN, chart_top, SLIDE_W - 2 * MARGIN, legend_top - 0.1 - chart_top)
    return {"title_h": title_h, "legend_top": legend_top}, area
