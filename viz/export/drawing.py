"""The static briefing chart (SVG, PNG, PDF): the engine's geometry drawn by Graphviz.

Positions and line routes come from ``viz.layout.chart_layout`` (the same engine as
the slides and the view); Graphviz only draws them (``nop2``: every node, line and
label pinned), because its cairo/pango back end sets the bundled Japanese font and
writes vector text into PDF and SVG.

What a page holds, top to bottom: the marking banner, the title and detail line with
the status stamp in the top right corner (PROPOSED / POSSIBLE / ANNOUNCED), the chart
(nation frames, boxes, lines, authority labels written once per bus), the legend, the
"as of" and source line, the marking banner.  What the scenario changes against its
base is highlighted (new and changed actors and lines in orange, removed ones ghosted)
unless ``ChartOptions.diff`` is off.

Sizes: box names 12 pt, everything else at least 10 pt, drawn at 100 %: the page is
the smallest standard ISO A sheet (A4 .. A0, landscape unless the chart is taller than
wide) that holds the chart at full size, so every text is at least 10 pt printed on
that sheet.  A chart larger than A0 gets a page of its own size.
"""

from __future__ import annotations

from c2graph.viz import fonts, style
from c2graph.viz.export import changes, face
from c2graph.viz.export.common import ChartOptions, ExportError
from c2graph.viz.export.furniture import banner_html, legend_html
from c2graph.viz.export.graphviz_run import dash_dot, draw, html_sizes, polyline_pos
from c2graph.viz.export.graphviz_style import edge_attrs, node_attrs
from c2graph.viz.export.labels import (MUTED, TEXT, authority_text, esc, label_parts, lines_html,
                                       shown_authority, title_block)
from c2graph.viz.layout import Spacing, chart_layout
from c2graph.viz.layout.frames import frame_ids, frame_nation, frame_title

FORMATS = ("svg", "png", "pdf")
NAME_PT = 12.0
META_PT = 10.0
LABEL_PT = 10.0
FRAME_PT = 13.0
MARGIN = 24.0
ARROW = 8.0            # points: arrowsize 0.8
GROW = 1.0             # drawn at 100 % on its sheet (Graphviz's "size!" scaling rounds the page)
#: Fonts named in the SVG, the bundled one first, then common Japanese system fonts.
FONT_STACK = ("Noto Sans CJK JP, Noto Sans JP, Source Han Sans JP, Hiragino Sans, "
              "Hiragino Kaku Gothic ProN, Yu Gothic, Meiryo, MS Gothic, Arial, sans-serif")
#: ISO A sheets, points (portrait width, height).
SHEETS = (("A4", 595.0, 842.0), ("A3", 842.0, 1191.0), ("A2", 1191.0, 1684.0),
          ("A1", 1684.0, 2384.0), ("A0", 2384.0, 3370.0))


def node_html(attrs: dict, lang: str) -> str:
    """An actor's box label: its name (12 pt), then short name, rank, status, change."""
    main, meta = label_parts(attrs, lang, 18)
    change = changes.change_of(attrs)
    if change:
        meta.append(changes.change_word(change, lang).upper() if lang == "en"
                    else changes.change_word(change, lang))
    color = changes.GHOST if change == "removed" else TEXT
    text = f'<FONT POINT-SIZE="{NAME_PT:g}" COLOR="{color}">{lines_html(main)}</FONT>'
    if meta:
        mcolor = changes.HIGHLIGHT if change in ("added", "changed") else MUTED
        text += (f'<BR/><FONT POINT-SIZE="{META_PT:g}" COLOR="{mcolor}">'
                 f'{esc(" · ".join(meta))}</FONT>')
    return f"<{text}>"


PAD = {"box": (14.0, 10.0), "rounded-box": (16.0, 10.0), "ellipse": (30.0, 16.0),
       "hexagon": (24.0, 14.0)}
#: How much larger than its padded text a shape is drawn (an ellipse holds its text in
#: its inscribed rectangle; a hexagon between its slanted sides), and the least box.
SHAPE_GROW = {"ellipse": (1.12, 1.18), "hexagon": (1.45, 1.0)}
MIN_BOX = (56.0, 30.0)


def shape_size(shape: str, text_w: float, text_h: float) -> tuple[float, float]:
    """A box of ``shape`` around text of ``text_w`` x ``text_h`` (the interactive view
    sizes its boxes by the same rule, ``viz.view.vocab``)."""
    px, py = PAD.get(shape, PAD["box"])
    gx, gy = SHAPE_GROW.get(shape, (1.0, 1.0))
    return max((text_w + px) * gx, MIN_BOX[0]), max((text_h + py) * gy, MIN_BOX[1])


def box_sizes(g, langs) -> dict[str, tuple[float, float]]:
    """Each actor's box (w, h), the largest over ``langs`` (paired charts line up)."""
    labels = {f"{n}|{lang}": node_html(g.nodes[n], lang) for n in g.nodes for lang in langs}
    sizes = html_sizes(labels)
    out = {}
    for n in g.nodes:
        shape = style.KIND_SHAPES.get(g.nodes[n].get("kind"), "box")
        w, h = shape_size(shape, max(sizes[f"{n}|{lang}"][0] for lang in langs),
                          max(sizes[f"{n}|{lang}"][1] for lang in langs))
        out[n] = (round(w, 1), round(h, 1))
    return out


def paired_langs(lang: str) -> tuple[str, ...]:
    """English and Japanese charts share box sizes (and so positions); 'both' has its own."""
    return ("both",) if lang == "both" else ("en", "ja")


def layout_for(g, opts: ChartOptions, base=None):
    """(marked graph, engine Chart) of a scenario as the static chart draws it."""
    fonts.configure()
    drawn = changes.with_changes(g, base) if opts.diff else g
    sizes = box_sizes(drawn, paired_langs(opts.lang))
    titles = html_sizes({f"frame|{f}|{lang}": _frame_html(f, lang)
                         for f in set(frame_ids(drawn).values())
                         for lang in paired_langs(opts.lang)})
    title_w = {}
    for key, (w, _) in titles.items():
        f = key.split("|")[1]
        title_w[f] = max(title_w.get(f, 0.0), w + 16)
    chart = chart_layout(drawn, lambda n: sizes[n], Spacing(),
                         label_size=(70.0, LABEL_PT * 1.5), fit=(2 ** 0.5, 60.0, 260.0),
                         frame_width=title_w)
    return drawn, chart


def sheet(width: float, height: float) -> tuple[str, float, float]:
    """The smallest landscape ISO A sheet holding ``width`` x ``height`` points at 100 %."""
    for name, w, h in SHEETS:
        if width <= h and height <= w:
            return name, h, w
    return "custom", width, height


def _flip(H: float):
    def at(x: float, y: float) -> str:
        return f"{x:.2f},{H - y:.2f}"
    return at


def build(g, opts: ChartOptions, base=None):
    """The pinned ``pygraphviz.AGraph`` of a chart page, and the sheet's name."""
    import pygraphviz as pgv

    drawn, chart = layout_for(g, opts, base)
    lang = opts.lang
    # page furniture, measured first
    title, detail = title_block(g, opts)
    stamp = face.stamp_text(g.graph.get("status"), lang)
    foot = " · ".join(x for x in (face.as_of_line(g, opts.sources, lang, opts.produced),
                                  face.source_line(g, lang, where="json")) if x)
    head_html = ('<<TABLE BORDER="0" CELLSPACING="0" CELLPADDING="1">'
                 f'<TR><TD ALIGN="LEFT"><FONT POINT-SIZE="20" COLOR="{TEXT}"><B>'
                 f'{lines_html(_title_lines(title))}</B></FONT></TD></TR>'
                 f'<TR><TD ALIGN="LEFT"><FONT POINT-SIZE="11" COLOR="{MUTED}">{esc(detail)}'
                 '</FONT></TD></TR></TABLE>>')
    stamp_html = (f'<<TABLE BORDER="3" COLOR="{face.STAMP_COLOR}" CELLPADDING="5" '
                  f'CELLSPACING="0"><TR><TD><FONT POINT-SIZE="22" COLOR="{face.STAMP_COLOR}">'
                  f'<B>{esc(stamp)}</B></FONT></TD></TR></TABLE>>') if stamp else ""
    foot_html = f'<<FONT POINT-SIZE="10" COLOR="{MUTED}">{esc(foot)}</FONT>>'
    legend_w = max(chart.width - 2 * MARGIN, 760.0)
    legend = f"<{legend_html(drawn, opts, legend_w)}>"
    frame_labels = {f: _frame_html(f, lang) for f in chart.frames}
    label_texts = {}
    for name, spot in chart.labels.items():
        key = spot.lines[0]
        u, v = chart.lines[key].source, chart.lines[key].target
        text = shown_authority(drawn.edges[u, v, key])
        if text:
            label_texts[name] = authority_text(text, lang)
    label_html = {name: ('<<TABLE BORDER="0" CELLSPACING="0" CELLPADDING="1" BGCOLOR="#ffffff">'
                         f'<TR><TD><FONT POINT-SIZE="{LABEL_PT:g}" COLOR="'
                         f'{style.LINE_STYLES["COMMANDS"].color}">{esc(t)}</FONT></TD></TR>'
                         '</TABLE>>') for name, t in label_texts.items()}
    banner_label = (f'<<TABLE BORDER="0" CELLSPACING="0" CELLPADDING="0">'
                    f'{banner_html(opts.marking, 200)}</TABLE>>')
    parts = {"head": head_html, "foot": foot_html, "legend": legend, "banner": banner_label}
    if stamp_html:
        parts["stamp"] = stamp_html
    parts.update({f"frame|{f}": h for f, h in frame_labels.items()})
    parts.update({f"label|{n}": h for n, h in label_html.items()})
    sizes = html_sizes(parts)
    banner = sizes["banner"][1]
    head_h = max(sizes["head"][1], sizes.get("stamp", (0, 0))[1]) + 4
    content_w = max(chart.width, sizes["head"][0] + sizes.get("stamp", (0, 0))[0] + 3 * MARGIN,
                    sizes["legend"][0] + 2 * MARGIN, sizes["foot"][0] + 2 * MARGIN)
    content_h = (banner + 6 + head_h + chart.height + sizes["legend"][1] + 4
                 + sizes["foot"][1] + 6 + banner)
    sheet_name, sw, sh = sheet(content_w, content_h)
    # drawn larger when the sheet has room (at most ``GROW``): the page is the sheet
    scale = min(sw / content_w, sh / content_h, GROW)
    W, H = sw / scale, sh / scale
    at = _flip(H)
    ox = (W - chart.width) / 2                     # the chart centred on the sheet
    oy = banner + 6 + head_h + (H - content_h) / 4

    A = pgv.AGraph(directed=True, strict=False, name="c2graph")
    A.graph_attr.update(bb=f"0,0,{W:.2f},{H:.2f}", fontname=FONT_STACK, bgcolor="white",
                        outputorder="edgesfirst", pad="0", margin="0", splines="true")
    if scale != 1.0:
        A.graph_attr["size"] = f"{sw / 72:.4f},{sh / 72:.4f}!"
    A.node_attr.update(fontname=FONT_STACK, fontsize=f"{NAME_PT:g}", margin="0")
    A.edge_attr.update(fontname=FONT_STACK, arrowsize=f"{ARROW / 10:g}")
    for f in chart.frame_order:
        if f not in chart.frames:
            continue
        r = chart.frames[f].shift(ox, oy)
        nation = frame_nation(f)
        lw, lh = sizes[f"frame|{f}"]
        A.add_subgraph(name=f"cluster_{f}", label=frame_labels[f], style="rounded,filled",
                       fillcolor=style.NATION_FILLS.get(nation, "#f3f4f6") + "55",
                       color=style.NATION_COLORS.get(nation, "#6b7280"), penwidth="1.2",
                       bb=f"{r.x0:.2f},{H - r.y1:.2f},{r.x1:.2f},{H - r.y0:.2f}",
                       lp=at(r.cx, r.y0 + chart.title_band / 2 + 2))
    for n in sorted(drawn.nodes):
        attrs = drawn.nodes[n]
        box = chart.boxes[n].shift(ox, oy)
        na = _node_attrs(attrs, lang)
        if changes.change_of(attrs):
            na["class"] = changes.change_of(attrs)
        na.update(pos=at(box.cx, box.cy), width=f"{box.w / 72:.4f}",
                  height=f"{box.h / 72:.4f}", fixedsize="true")
        frame = chart.frame_of[n]
        A.get_subgraph(f"cluster_{frame}").add_node(n, **na)
    for key in sorted(chart.lines):
        line = chart.lines[key]
        d = drawn.edges[line.source, line.target, key]
        pts = [(x + ox, y + oy) for x, y in line.points]
        if len(pts) < 2:
            continue
        ea = edge_attrs(d, lang, label=False)
        change = changes.change_of(d)
        if change == "removed":
            ea.update(color=changes.GHOST, style="dashed", penwidth="1.2")
            ea["class"] = f"{ea.get('class', '')} removed"
        if change in ("added", "changed"):   # a halo under the line
            A.add_edge(line.source, line.target, key=f"halo:{key}", arrowhead="none",
                       dir="none", color=changes.HIGHLIGHT + "66", penwidth="7",
                       pos=polyline_pos(pts, at, False, ARROW), **{"class": "halo"})
        arrow = ea.get("arrowhead", "normal") != "none"
        ea["pos"] = polyline_pos(pts, at, arrow, ARROW)
        ea["id"] = key
        A.add_edge(line.source, line.target, key=key, **ea)
    for name, spot in chart.labels.items():
        if name not in label_html:
            continue
        lw, lh = sizes[f"label|{name}"]
        A.add_node(f"label:{name}", shape="plain", label=label_html[name],
                   pos=at(spot.x + ox + lw / 2, spot.y + oy), **{"class": "authority"})
    # furniture
    hw, hh = sizes["head"]
    A.add_node("__head__", shape="plain", label=head_html,
               pos=at(MARGIN + hw / 2, banner + 6 + hh / 2), **{"class": "title"})
    if stamp_html:
        sw, sh = sizes["stamp"]
        A.add_node("__stamp__", shape="plain", label=stamp_html,
                   pos=at(W - MARGIN - sw / 2, banner + 6 + sh / 2), **{"class": "stamp"})
    lgw, lgh = sizes["legend"]
    ly = H - banner - 6 - sizes["foot"][1] - 4 - lgh
    A.add_node("__legend__", shape="plain", label=legend, pos=at(W / 2, ly + lgh / 2),
               **{"class": "legend"})
    fw, fh = sizes["foot"]
    A.add_node("__foot__", shape="plain", label=foot_html,
               pos=at(MARGIN + fw / 2, H - banner - 6 - fh / 2), **{"class": "foot"})
    for which, y in (("top", banner / 2), ("bottom", H - banner / 2)):
        A.add_node(f"__banner_{which}__", shape="plain",
                   label=f'<<TABLE BORDER="0" CELLSPACING="0" CELLPADDING="0">'
                         f'{banner_html(opts.marking, W)}</TABLE>>',
                   pos=at(W / 2, y), **{"class": "banner"})
    for name, (x, y) in (("__corner0__", (0.5, 0.5)), ("__corner1__", (W - 0.5, H - 0.5))):
        A.add_node(name, shape="point", width="0.001", height="0.001", style="invis",
                   label="", pos=at(x, y))
    dash_dot(A)
    A.sheet, A.scale = sheet_name, scale
    return A


def _frame_html(frame: str, lang: str) -> str:
    return (f'<<FONT POINT-SIZE="{FRAME_PT:g}" COLOR="'
            f'{style.NATION_COLORS.get(frame_nation(frame), MUTED)}"><B>'
            f'{esc(frame_title(frame, lang))}</B></FONT>>')


def _title_lines(title: str) -> list[str]:
    from c2graph.viz.export import measure

    return measure.balanced(title, 20.0, 900.0, True)


def _node_attrs(attrs: dict, lang: str) -> dict:
    out = node_attrs(attrs, lang)
    out["label"] = node_html(attrs, lang)
    out["margin"] = "0"
    change = changes.change_of(attrs)
    if change in ("added", "changed"):
        out.update(color=changes.HIGHLIGHT, penwidth="3.2")
    elif change == "removed":
        styles = [s for s in out["style"].split(",") if s != "filled"] + ["dashed"]
        out.update(color=changes.GHOST, style=",".join(dict.fromkeys(styles)),
                   fontcolor=changes.GHOST)
    return out


def render(g, opts: ChartOptions, fmt: str, base=None) -> bytes:
    """The chart page as SVG, PNG or PDF bytes."""
    if fmt not in FORMATS:
        raise ExportError(f"unknown chart format {fmt!r}; expected one of {', '.join(FORMATS)}")
    return draw(build(g, opts, base), fmt, opts.dpi)
