"""Editable PowerPoint org charts: native shapes and connectors from the chart's layout.

Why native shapes: a briefer must be able to move a box, retype a name or recolour a
line in PowerPoint without redrawing the chart; a picture of the chart allows none of
that.  Every actor is an auto shape (oval, rectangle, rounded rectangle, hexagon as
in ``viz.style``), every relationship a connector glued to the two shapes (moving a
box drags its lines), with the dash style, colour, width and arrowhead of its type.

Positions come from the same Graphviz layout as the SVG/PDF chart.  With several
scenarios the layout is made once for the union of their actors, so an actor sits in
the same place on every slide and paging shows what changed.  Each slide carries the
marking banners, the scenario, its status and date in the title, a legend, and the
sources of everything it shows in its speaker notes.
"""

from __future__ import annotations

import io
from dataclasses import replace

from viz import style
from viz.export import chart
from viz.export.common import (ChartOptions, display_width, marking_colors, nation_name,
                               source_line, sources_shown, words, wrap)

SLIDE_W, SLIDE_H = 13.333, 7.5            # inches (16:9)
BANNER_H = 0.26
TITLE_TOP, TITLE_H = 0.30, 0.62
CHART_TOP = 1.0
LEGEND_H = 0.50
MARGIN = 0.22
PPTX_WRAP = 14         # narrower boxes than the chart's: slides are width-bound
DENSE = 24             # more actors than this: short names in the boxes, full names in notes
DENSE_WRAP = 12        # columns of a name line on a dense slide (six kanji)
MAX_RANKSEP = 1.4      # inches between ranks at most when a wide chart is stretched
MIN_RANKSEP = 0.22     # ... and at least when a tall one is tightened
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


def _rgb(color: str):
    from pptx.dml.color import RGBColor

    return RGBColor.from_string(color.lstrip("#")[:6].upper())


def _fonts(run, size: float, color: str, bold: bool = False, lang: str = "en") -> None:
    from pptx.oxml.ns import qn
    from pptx.util import Pt

    font = run.font
    font.size = Pt(size)
    font.bold = bold
    font.color.rgb = _rgb(color)
    font.name = LATIN_FONT
    rpr = run._r.get_or_add_rPr()
    latin = rpr.find(qn("a:latin"))
    ea = rpr.find(qn("a:ea"))
    if ea is None:
        ea = latin.makeelement(qn("a:ea"), {})
        latin.addnext(ea)
    ea.set("typeface", EA_FONT)
    if lang == "ja" or any(ord(c) > 0x2E80 for c in run.text):
        rpr.set("lang", "ja-JP")
        rpr.set("altLang", "en-US")


def _text(shape, lines: list[tuple[str, float, str, bool]], align="center", anchor="middle",
          margin: float = 0.03) -> None:
    """Fill a shape's text frame with (text, size, colour, bold) paragraphs."""
    from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
    from pptx.util import Inches

    tf = shape.text_frame
    tf.word_wrap = True
    tf.auto_size = None
    for side in ("left", "right", "top", "bottom"):
        setattr(tf, f"margin_{side}", Inches(margin))
    tf.vertical_anchor = {"middle": MSO_ANCHOR.MIDDLE, "top": MSO_ANCHOR.TOP}[anchor]
    for i, (text, size, color, bold) in enumerate(lines):
        p = tf.paragraphs[0] if i == 0 else tf.add_paragraph()
        p.alignment = {"center": PP_ALIGN.CENTER, "left": PP_ALIGN.LEFT}[align]
        run = p.add_run()
        run.text = text
        _fonts(run, size, color, bold)


def _line(line, ls: style.LineStyle, width_scale: float = 1.0, arrow: bool | None = None):
    from pptx.enum.dml import MSO_LINE
    from pptx.oxml.ns import qn
    from pptx.util import Pt

    line.color.rgb = _rgb(ls.color)
    line.width = Pt(max(0.5, ls.width * width_scale) * (1.8 if ls.double else 1))
    line.dash_style = getattr(MSO_LINE, DASH.get(ls.dash, "SOLID"))
    ln = line._get_or_add_ln()
    if ls.double:
        ln.set("cmpd", "dbl")
    if ls.arrow if arrow is None else arrow:
        tail = ln.makeelement(qn("a:tailEnd"), {"type": "triangle", "w": "med", "len": "med"})
        ln.append(tail)


class Frame:
    """Maps layout points (y down) into the slide's chart area, in EMU."""

    def __init__(self, geo: chart.Geometry):
        from pptx.util import Inches

        boxes = list(geo.clusters.values()) or [(0, 0, geo.width, geo.height)]
        self.x0 = min(b[0] for b in boxes)
        self.y0 = min(b[1] for b in boxes)
        x1 = max(b[2] for b in boxes)
        y1 = max(b[3] for b in boxes)
        avail_w = Inches(SLIDE_W - 2 * MARGIN)
        avail_h = Inches(SLIDE_H - CHART_TOP - LEGEND_H - BANNER_H - 0.12)
        w_pt, h_pt = max(1.0, x1 - self.x0), max(1.0, y1 - self.y0)
        self.avail_h, self.h_pt, self.avail_w, self.w_pt = avail_h, h_pt, avail_w, w_pt
        self.scale = min(avail_w / (w_pt * 12700), avail_h / (h_pt * 12700))   # EMU per EMU
        self.left = Inches(MARGIN) + (avail_w - w_pt * 12700 * self.scale) / 2
        self.top = Inches(CHART_TOP)

    def spare_width(self) -> float:
        """How many times wider the chart could be drawn at the same height."""
        return self.avail_w / max(1.0, self.w_pt * 12700 * self.scale)

    def spare_height(self) -> float:
        """How many times taller the chart could be drawn at the same scale."""
        return self.avail_h / max(1.0, self.h_pt * 12700 * self.scale)

    def pt(self, x: float, y: float) -> tuple[int, int]:
        return (int(self.left + (x - self.x0) * 12700 * self.scale),
                int(self.top + (y - self.y0) * 12700 * self.scale))

    def size(self, w: float) -> int:
        return int(w * 12700 * self.scale)


def _banner(slide, marking: str, top: float) -> None:
    from pptx.enum.shapes import MSO_SHAPE
    from pptx.util import Inches

    bg, fg = marking_colors(marking)
    shape = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, 0, Inches(top), Inches(SLIDE_W),
                                   Inches(BANNER_H))
    shape.fill.solid()
    shape.fill.fore_color.rgb = _rgb(bg)
    shape.line.fill.background()
    shape.name = "Marking banner"
    _text(shape, [(marking, 11, fg, True)], margin=0.01)


def _node_lines(d: dict, lang: str, size: float, compact: bool) -> list[tuple[str, float, str, bool]]:
    """Paragraphs of an actor's box: the name(s), then short name, rank, status in grey.

    Names are whole paragraphs (PowerPoint wraps them in the box with its own fonts).
    """
    if compact:
        parts = style.compact_label(d, lang).split("\n")
    elif lang == "both":
        parts = [style.actor_label(d, "en")] + ([d["name_ja"]] if d.get("name_ja") else [])
    else:
        parts = [style.actor_label(d, lang)]
    _, meta = chart.label_parts(d, lang, DENSE_WRAP if compact else PPTX_WRAP, compact)
    lines = [(part, size, chart.TEXT, False) for part in parts]
    if meta:
        lines.append((" · ".join(meta), max(5.0, size * 0.78), chart.MUTED, False))
    return lines


def _legend(slide, g, opts: ChartOptions) -> None:
    """A strip above the bottom banner: line samples as real connectors, nation swatches."""
    from pptx.enum.shapes import MSO_CONNECTOR, MSO_SHAPE
    from pptx.util import Inches

    lang = opts.lang
    present = {d.get("type") for *_, d in g.edges(data=True)}
    items = [("line", rtype, ls) for rtype, ls in style.LINE_STYLES.items() if rtype in present]
    items += [("nation", n, None) for n in chart.nations_in(g)]
    if any(style.is_tentative(d.get("status")) for _, d in g.nodes(data=True)):
        items.append(("tentative", "", None))
    top = SLIDE_H - BANNER_H - LEGEND_H - 0.02
    per_row = max(1, (len(items) + 1) // 2)
    col_w = (SLIDE_W - 2 * MARGIN - 0.55) / per_row
    title = slide.shapes.add_textbox(Inches(MARGIN), Inches(top), Inches(0.55), Inches(0.22))
    title.name = "Legend"
    _text(title, [(words(lang)["legend"], 8, chart.TEXT, True)], align="left", margin=0)
    for i, (kind, key, ls) in enumerate(items):
        row, col = divmod(i, per_row)
        x = MARGIN + 0.55 + col * col_w
        y = top + 0.04 + row * 0.22
        if kind == "line":
            c = slide.shapes.add_connector(MSO_CONNECTOR.STRAIGHT, Inches(x), Inches(y + 0.08),
                                           Inches(x + 0.42), Inches(y + 0.08))
            _line(c.line, ls)
            c.name = f"Legend {key}"
            label = chart.rel_legend_text(key, lang)
        else:
            shape = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, Inches(x + 0.04), Inches(y + 0.02),
                                           Inches(0.34), Inches(0.13))
            shape.name = f"Legend {kind} {key}".strip()
            if kind == "nation":
                shape.fill.solid()
                shape.fill.fore_color.rgb = _rgb(style.NATION_FILLS.get(key, "#f3f4f6"))
                shape.line.color.rgb = _rgb(style.NATION_COLORS.get(key, "#6b7280"))
                label = nation_name(key, lang)
            else:
                from pptx.enum.dml import MSO_LINE

                shape.fill.background()
                shape.line.color.rgb = _rgb(chart.MUTED)
                shape.line.dash_style = MSO_LINE.DASH
                label = words(lang)["tentative"]
        box = slide.shapes.add_textbox(Inches(x + 0.46), Inches(y - 0.02), Inches(col_w - 0.48),
                                       Inches(0.2))
        box.name = f"Legend text {key or kind}"
        _text(box, [(label, 7, chart.TEXT, False)], align="left", margin=0)


def _notes(slide, g, opts: ChartOptions, focus_note: str) -> None:
    """Speaker notes: marking, scenario, then every source of what the slide shows."""
    meta = g.graph
    lines = [opts.marking, "",
             f"Scenario {meta.get('id', '')}: {meta.get('title', '')}",
             f"Status: {meta.get('status', '')}" + (f"; date: {meta['date']}" if meta.get("date") else "")
             + f"; produced {opts.produced} by c2graph export"]
    if focus_note:
        lines.append(focus_note)
    if meta.get("description"):
        lines += ["", str(meta["description"])]
    if opts.compact:   # the boxes show short names: the full names are here
        lines += ["", "Actors shown (short name: full name):"]
        for n, d in sorted(g.nodes(data=True), key=lambda x: style.compact_label(x[1], "en")):
            full = d.get("name_en", n) + (f" / {d['name_ja']}" if d.get("name_ja") else "")
            extra = [x for x in (d.get("rank"), d.get("status") if d.get("status") !=
                                 "established" else None) if x]
            lines.append(f"- {style.compact_label(d, 'en')}: {full}"
                         + (f" ({', '.join(extra)})" if extra else ""))
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
    slide.notes_slide.notes_text_frame.text = "\n".join(lines)


def _slide(prs, g, frame: Frame, geo: chart.Geometry, opts: ChartOptions) -> None:
    from pptx.enum.dml import MSO_LINE
    from pptx.enum.shapes import MSO_CONNECTOR, MSO_SHAPE
    from pptx.util import Inches, Pt

    slide = prs.slides.add_slide(prs.slide_layouts[6])
    lang = opts.lang
    _banner(slide, opts.marking, 0)
    title, detail = chart.title_block(g, opts)
    box = slide.shapes.add_textbox(Inches(MARGIN), Inches(TITLE_TOP), Inches(SLIDE_W - 2 * MARGIN),
                                   Inches(TITLE_H))
    box.name = "Title"
    _text(box, [(" ".join(wrap(title, 200)), 20, chart.TEXT, True), (detail, 10.5, chart.MUTED, False)],
          align="left", anchor="top", margin=0)
    # nation frames (behind everything else: added first)
    nations = {d.get("nation", "COMBINED") for _, d in g.nodes(data=True)}
    for name, (x0, y0, x1, y1) in geo.clusters.items():
        nation = name.removeprefix("cluster_")
        if nation not in nations:
            continue
        left, top = frame.pt(x0, y0)
        shape = slide.shapes.add_shape(MSO_SHAPE.ROUNDED_RECTANGLE, left, top,
                                       frame.size(x1 - x0), frame.size(y1 - y0))
        shape.adjustments[0] = 0.03
        shape.name = f"Nation {nation}"
        shape.fill.solid()
        shape.fill.fore_color.rgb = _rgb(_pale(style.NATION_FILLS.get(nation, "#f3f4f6")))
        shape.line.color.rgb = _rgb(style.NATION_COLORS.get(nation, "#6b7280"))
        _text(shape, [(nation_name(nation, lang), max(7.0, 13 * frame.scale * 1.3),
                       style.NATION_COLORS.get(nation, chart.MUTED), True)], anchor="top")
    size = max(5.5, min(12.0, 11 * frame.scale))
    shapes = {}
    for n, d in sorted(g.nodes(data=True)):
        b = geo.nodes[n]
        kind = SHAPES.get(style.KIND_SHAPES.get(d.get("kind"), "box"), "RECTANGLE")
        left, top = frame.pt(b.x - b.w / 2, b.y - b.h / 2)
        shape = slide.shapes.add_shape(getattr(MSO_SHAPE, kind), left, top, frame.size(b.w),
                                       frame.size(b.h))
        shape.name = f"{n}"
        nation = d.get("nation", "COMBINED")
        shape.fill.solid()
        tentative = style.is_tentative(d.get("status"))
        shape.fill.fore_color.rgb = _rgb("#ffffff" if tentative else
                                         style.NATION_FILLS.get(nation, "#f3f4f6"))
        shape.line.color.rgb = _rgb(style.NATION_COLORS.get(nation, "#6b7280"))
        shape.line.width = Inches(0.018)
        if tentative:
            shape.line.dash_style = MSO_LINE.DASH
        shape.shadow.inherit = False
        _text(shape, _node_lines(d, lang, size, opts.compact), margin=0.01)
        shapes[n] = (shape, kind, b)
    boxes = [(sh.left, sh.top, sh.left + sh.width, sh.top + sh.height)
             for sh, _, _ in shapes.values()]
    for u, v, key, d in sorted(g.edges(keys=True, data=True), key=lambda e: e[2]):
        ls = style.LINE_STYLES.get(d.get("type")) or style.LineStyle("solid", 1.0, True, "#6b7280")
        route = geo.edges.get(key)
        tree = d.get("type") in chart.RANKING_TYPES
        (sa, ka, ba), (sb, kb, bb) = shapes[u], shapes[v]
        ia, pa = _site(ka, ba, route[0] if route else (bb.x, bb.y), frame, prefer="bottom" if tree else None)
        ib, pb = _site(kb, bb, route[-1] if route else (ba.x, ba.y), frame, prefer="top" if tree else None)
        # straight: PowerPoint draws a saved elbow connector horizontal-first until a
        # box is moved, so only a straight line looks the same everywhere
        conn = slide.shapes.add_connector(MSO_CONNECTOR.STRAIGHT, pa[0], pa[1], pb[0], pb[1])
        conn._connect_begin_to(sa, ia)
        conn._connect_end_to(sb, ib)
        conn.name = key
        _line(conn.line, ls, width_scale=max(0.6, min(1.0, frame.scale * 1.6)))
        label = style.edge_label(d)
        if label:  # at the middle of the (straight) line, just right of it
            text = chart.authority_text(label, lang)
            lsize = max(5.5, size * 0.8)
            width = Pt(lsize * 0.62 * display_width(text) + 4)
            x, y = _label_spot(pa, pb, width, Pt(lsize * 1.4), boxes)
            boxes.append((x, y, x + width, y + Pt(lsize * 1.4)))   # labels avoid labels too
            tb = slide.shapes.add_textbox(x, y, width, Pt(lsize * 1.4))
            tb.name = f"Label {key}"
            _text(tb, [(text, lsize, ls.color, False)], align="left", margin=0)
            tb.text_frame.word_wrap = False
    _lines_under_boxes(slide, [s for s, _, _ in shapes.values()])
    _legend(slide, g, opts)
    _banner(slide, opts.marking, SLIDE_H - BANNER_H)
    focus = g.graph.get("focus")
    _notes(slide, g, opts, f"Focus: {focus} and what it commands or supervises" if focus else "")


def _lines_under_boxes(slide, boxes) -> None:
    """Move the connectors below the actor boxes in the z-order (labels stay on top).

    Connectors are created after the boxes they glue to (they need their ids); a line
    passing a box must not cross its text, so they go back under the first box.
    """
    if not boxes:
        return
    tree = slide.shapes._spTree
    first = boxes[0]._element
    for shape in list(slide.shapes):
        el = shape._element
        if el.tag.endswith("}cxnSp"):
            tree.remove(el)
            first.addprevious(el)


def _label_spot(pa, pb, w: int, h: int, boxes) -> tuple[int, int]:
    """Where along a line its label covers no box: the middle first, then either side."""
    def free(x, y):
        return not any(x < b[2] and x + w > b[0] and y < b[3] and y + h > b[1] for b in boxes)

    for t in (0.5, 0.4, 0.6, 0.3, 0.7, 0.2, 0.8):
        cx, cy = pa[0] + (pb[0] - pa[0]) * t, pa[1] + (pb[1] - pa[1]) * t
        for x in (cx + 30000, cx - w - 30000):   # right of the line, else left of it
            if free(int(x), int(cy - h / 2)):
                return int(x), int(cy - h / 2)
    return int((pa[0] + pb[0]) / 2 + 30000), int((pa[1] + pb[1]) / 2 - h / 2)


def _pale(color: str) -> str:
    """Half-way between a colour and white (the chart's translucent nation frames)."""
    c = color.lstrip("#")
    r, gg, b = (int(c[i:i + 2], 16) for i in (0, 2, 4))
    return "#%02x%02x%02x" % tuple(round(v + (255 - v) * 0.55) for v in (r, gg, b))


def _site(kind: str, box: chart.Box, toward, frame: Frame, prefer: str | None = None):
    """The connection site of a shape nearest to where its line leaves it."""
    sites = SITES.get(kind, SITES["RECTANGLE"])
    pts = [(box.x - box.w / 2 + fx * box.w, box.y - box.h / 2 + fy * box.h) for fx, fy in sites]
    if prefer:
        want = 0.0 if prefer == "top" else 1.0
        candidates = [i for i, (fx, fy) in enumerate(sites) if fy == want and fx == 0.5]
        if candidates:
            i = candidates[0]
            return i, frame.pt(*pts[i])
    i = min(range(len(pts)), key=lambda k: (pts[k][0] - toward[0]) ** 2 + (pts[k][1] - toward[1]) ** 2)
    return i, frame.pt(*pts[i])


def to_pptx(graphs, opts: ChartOptions) -> bytes:
    """One slide per scenario graph, all laid out together (shared positions)."""
    from pptx import Presentation
    from pptx.util import Inches

    union = union_graph(graphs)
    dense = opts.compact or union.number_of_nodes() > DENSE
    layout_opts = replace(opts, wrap=DENSE_WRAP if dense else PPTX_WRAP, compact=dense,
                          nodesep=0.06 if dense else 0.16)
    geo = chart.geometry(union, layout_opts)
    frame = Frame(geo)
    for _ in range(3):   # fit the slide's shape by spreading or tightening the ranks
        ranks = max(1, len({round(b.y) for b in geo.nodes.values()}) - 1)
        if frame.spare_height() > 1.08 and layout_opts.ranksep < MAX_RANKSEP:
            spare_pt = (frame.spare_height() - 1) * frame.h_pt
            step = 0.9 * spare_pt / ranks / 72
        elif frame.spare_width() > 1.08 and layout_opts.ranksep > MIN_RANKSEP:
            missing_pt = frame.h_pt * (1 - 1 / frame.spare_width())
            step = -0.9 * missing_pt / ranks / 72
        else:
            break
        layout_opts.ranksep = max(MIN_RANKSEP, min(MAX_RANKSEP, layout_opts.ranksep + step))
        geo = chart.geometry(union, layout_opts)
        frame = Frame(geo)
    opts = replace(opts, compact=layout_opts.compact)
    prs = Presentation()
    prs.slide_width, prs.slide_height = Inches(SLIDE_W), Inches(SLIDE_H)
    prs.core_properties.title = opts.title or graphs[0].graph.get("title") or ""
    prs.core_properties.subject = opts.marking
    prs.core_properties.keywords = "c2graph; " + ", ".join(g.graph.get("id", "") for g in graphs)
    for g in graphs:
        _slide(prs, g, frame, geo, opts)
    buf = io.BytesIO()
    prs.save(buf)
    return buf.getvalue()
