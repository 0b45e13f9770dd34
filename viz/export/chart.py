"""The briefing org chart: a Graphviz ``dot`` layout drawn as SVG, PNG or PDF.

Why Graphviz: ``dot`` ranks a hierarchy, routes lines around boxes and measures text
with the real font, which is what a chart on a slide needs; the ``pygraphviz`` wheel
bundles Graphviz with cairo and pango, so nothing comes from the system.

How the chart is built:

* only ``COMMANDS`` and ``SUPERVISES`` rank the tree (``constraint=true``); advice,
  assistance, coordination, support, order transmission, dual hats and forum
  membership are drawn with ``constraint=false`` so they never disturb the ranks.  An
  actor that has no tree line at all (a staff, an adviser, a forum) hangs one rank
  below the highest actor it is linked to, by an invisible line;
* each nation is a cluster, side by side in ``style.NATION_ORDER`` order;
* a wide fan-out is wrapped into two rows, the same way under every parent
  (``fan_rows``), choosing among one row and two the chart drawn largest on a 16:9
  page; a shared authority is written once per fan-out, beside the parent, and a
  plain national ``COMMAND`` not at all (``shared_authority``, ``shown_authority``);
* the marking banner is the graph's own label (bottom) and the first row of the page
  cluster's label (top, with the title block); both are sized to the chart's width
  after a first layout;
* line styles and colours come from ``viz.style`` (the interactive view's too).
  Graphviz has no dash-dot pen, so ``SUPPORTS`` lines are cut into coloured and
  transparent pieces of fixed length along their route after the layout;
* every text is an HTML-like label built from escaped text, so names, titles and
  markings stay inert (no Graphviz escapes, no markup) in every output.

Large charts (more than ``PINNED_LIMIT`` actors): ``dot``'s crossing minimisation and
network-simplex placement take minutes at 5,000 actors, so ``layout_pinned`` places
the boxes with the interactive view's tidy tree (``viz.layout.hierarchy_layout``) and
Graphviz only sizes and draws them (``nop``/``nop2``).  Rows are then the command
depth, four or more leaf subordinates of one parent stand in two staggered rows
(instead of ``fan_rows``), nations are columns in their frames, every line is straight
and every authority label is placed by c2graph; boxes, legend, banners, styles and
escaping are the same.
"""

from __future__ import annotations

import contextlib
import html
import math
import os
import re
import struct
import sys
import tempfile
import zlib
from dataclasses import dataclass, replace

from c2graph.graph.schema import AUTHORITIES, TREE_TYPES
from c2graph.viz import fonts, style
from c2graph.viz.export.common import (BoxGrid, ChartOptions, ExportError, display_width, marking_colors,
                               nation_name, scenario_text, status_word, words, wrap)

#: Relationship types that rank the tree (the schema's tree role).
RANKING_TYPES = TREE_TYPES
#: Which neighbour a floating actor hangs below, best first.
ANCHOR_PREFERENCE = ("ASSISTS", "ADVISES", "TRANSMITS_ORDERS", "SUPPORTS",
                     "DUAL_HATTED_WITH", "MEMBER_OF", "COORDINATES_WITH")
DASHDOT = (7.0, 3.0, 1.8, 3.0)   # points: dash, gap, dot, gap
TEXT = "#111827"
MUTED = "#4b5563"
FORMATS = ("svg", "png", "pdf", "dot")
#: Leaves with these lines going out (order transmitters, advisers) stay on the first row.
STAY_UP = ("TRANSMITS_ORDERS", "ADVISES", "ASSISTS")

BACKSLASH_ESCAPE = re.compile(r"\\(?=[GNEHTLlnr\\])")

#: The schema's words for the authorities (graph/schema.py declares them once).
AUTHORITY_JA = {a: t.japanese for a, t in AUTHORITIES.items()}
AUTHORITY_EN = {a: t.english for a, t in AUTHORITIES.items()}
#: Authorities not written on the line: a plain national command says nothing the
#: solid command line does not (the legend says what an unlabelled line means).
UNLABELLED = ("COMMAND",)
#: Children a row may hold before a fan-out wraps (charts choose among these).
PER_ROW_CHOICES = (0, 12, 10, 8, 7, 6, 5, 4)
#: Above this many actors a chart wraps fans wider than about 8 without trying every
#: wrapping (``dot`` takes seconds to minutes per layout of a large organisation).
SEARCH_LIMIT = 400
#: Above this many actors, lines are straight: spline routing is superlinear.
SPLINE_LIMIT = 300
#: Above this many actors, ``dot`` no longer lays the chart out (it takes minutes at
#: 5,000); the interactive view's tree layout places the boxes (``layout_pinned``).
PINNED_LIMIT = 1200


def esc(text) -> str:
    """Text for an HTML-like Graphviz label: markup characters escaped, escapes defused.

    Graphviz expands ``\\N``, ``\\G``, ``\\E``, ``\\H``, ``\\T``, ``\\L`` (object names)
    in the text of every label, HTML-like ones included, after decoding entities; an
    invisible word joiner (U+2060) after such a backslash keeps the text as written.
    """
    return BACKSLASH_ESCAPE.sub("\\\\\u2060", html.escape(str(text), quote=True))


def lines_html(lines: list[str]) -> str:
    return "<BR/>".join(esc(line) for line in lines)


# -- building the graph --------------------------------------------------------------

def label_parts(attrs: dict, lang: str, width: int = 18,
                compact: bool = False) -> tuple[list[str], list[str]]:
    """(wrapped name lines, small meta items) of an actor's box.

    ``compact`` (dense slides) uses the short name where there is one, as the
    interactive view does (``style.compact_label``); the full names go to the notes.
    """
    if compact:
        parts = style.compact_label(attrs, lang).split("\n")
    elif lang == "both":
        parts = [style.actor_label(attrs, "en")] + ([attrs["name_ja"]] if attrs.get("name_ja")
                                                    else [])
    else:
        parts = [style.actor_label(attrs, lang)]
    main = [ln for part in parts for ln in name_lines(part, width)]
    meta = []
    if compact:   # dense slides: rank and status are in the notes' list of actors
        return main, meta
    short = attrs.get("short")
    if short and short not in main:
        meta.append(short)
    if attrs.get("rank"):
        meta.append(attrs["rank"])
    if style.is_tentative(attrs.get("status")) or attrs.get("status") == "announced":
        meta.append(f"({status_word(attrs.get('status'), lang)})")
    return main, meta


def name_lines(text: str, width: int, size: float = 11.0) -> list[str]:
    """A name in as few lines of at most ``width`` columns (a kanji counts two) as it
    needs, evenly filled, broken between words or CJK characters only."""
    from c2graph.viz.export import measure

    return measure.balanced(text, size, measure.text_width("n" * width, size))


def node_label(attrs: dict, lang: str, width: int = 18, compact: bool = False) -> str:
    """Name (wrapped), then a small grey line with short name, rank and tentative status."""
    main, meta = label_parts(attrs, lang, width, compact)
    text = f'<FONT POINT-SIZE="11" COLOR="{TEXT}">{lines_html(main)}</FONT>'
    if meta:
        text += f'<BR/><FONT POINT-SIZE="8.5" COLOR="{MUTED}">{esc(" · ".join(meta))}</FONT>'
    return f"<{text}>"


def authority_text(authority: str, lang: str) -> str:
    """The label on a command line: the Japanese term in ``ja``, else the abbreviation
    (``both`` glosses it in the legend, not on every line)."""
    if lang == "ja":
        return AUTHORITY_JA.get(authority, authority)
    return authority


def authority_legend(g, lang: str) -> str:
    """One legend line saying what the authority labels drawn mean."""
    present = {d.get("authority") for *_, d in g.edges(data=True)
               if d.get("type") == "COMMANDS" and d.get("authority")}
    order = [a for a in AUTHORITY_EN if a in present] + sorted(present - set(AUTHORITY_EN))
    shown = [a for a in order if a not in UNLABELLED]
    plain = [a for a in order if a in UNLABELLED]
    if not order:
        return ""
    if lang == "ja":
        items = [f"{AUTHORITY_JA.get(a, a)}（{a}）" for a in shown]
        items += [f"表示なし＝{AUTHORITY_JA.get(a, a)}（{a}）" for a in plain]
        return "指揮線上の権限：" + "・".join(items)
    if lang == "both":
        items = [f"{a} {AUTHORITY_EN.get(a, '')} {AUTHORITY_JA.get(a, '')}".strip() for a in shown]
        items += [f"unlabelled 表示なし: {AUTHORITY_EN.get(a, a)} {AUTHORITY_JA.get(a, '')}"
                  for a in plain]
        return "Authority 権限: " + " · ".join(items)
    items = [f"{a} {AUTHORITY_EN.get(a, '')}".strip() for a in shown]
    items += [f"unlabelled: {AUTHORITY_EN.get(a, a)}" for a in plain]
    return "Authority on command lines: " + " · ".join(items)


def node_attrs(attrs: dict, lang: str, width: int = 18, compact: bool = False,
               text: bool = True) -> dict:
    nation = attrs.get("nation", "COMBINED")
    shape = style.KIND_SHAPES.get(attrs.get("kind"), "box")
    styles = ["filled"]
    gv_shape = {"ellipse": "ellipse", "box": "box", "rounded-box": "box",
                "hexagon": "hexagon"}.get(shape, "box")
    if shape == "rounded-box":
        styles.append("rounded")
    fill = style.NATION_FILLS.get(nation, "#f3f4f6")
    tentative = style.is_tentative(attrs.get("status"))
    if tentative:
        styles.append("dashed")
        fill = "#ffffff"
    margin = {"hexagon": "0.0,0.0", "ellipse": "0.02,0.02"}.get(gv_shape, "0.06,0.04")
    label = node_label(attrs, lang, width, compact) if text else ""
    return {"margin": margin, "label": label, "shape": gv_shape, "style": ",".join(styles),
            "fillcolor": fill, "color": style.NATION_COLORS.get(nation, "#6b7280"),
            "penwidth": "1.6" if not tentative else "1.8",
            "tooltip": attrs.get("id", "")}


def edge_attrs(data: dict, lang: str, label: bool = True) -> dict:
    rtype = data.get("type", "")
    ls = style.LINE_STYLES.get(rtype) or style.LineStyle("solid", 1.0, True, "#6b7280")
    out = {"color": ls.color, "penwidth": f"{ls.width:g}",
           "arrowhead": "normal" if ls.arrow else "none",
           "style": {"dashed": "dashed", "dotted": "dotted"}.get(ls.dash, "solid"),
           "constraint": "true" if rtype in RANKING_TYPES else "false",
           "class": rtype, "tooltip": rtype}
    if rtype in RANKING_TYPES:
        out["weight"] = "8" if rtype == "COMMANDS" else "2"
    if ls.double:
        out["color"] = f"{ls.color}:#ffffff:{ls.color}"
        out["penwidth"] = "1.1"
    if not ls.arrow:
        out["dir"] = "none"
    text = shown_authority(data) if label else ""
    if text:
        out["label"] = edge_label_html(text, lang, ls.color)
    return out


def edge_label_html(authority: str, lang: str, color: str) -> str:
    return (f'<<FONT POINT-SIZE="8.5" COLOR="{color}">'
            f'{esc(authority_text(authority, lang))}</FONT>>')


def _anchors(g, stagger: dict[str, int] | None = None) -> tuple[dict[str, str], dict[str, int]]:
    """For every actor outside the tree, the actor it hangs one rank below; and every
    actor's rank (the longest tree path from a top, as ``dot`` ranks it)."""
    import networkx as nx

    stagger = stagger or {}
    tree = nx.DiGraph()
    tree.add_nodes_from(g.nodes)
    for u, v, key, d in g.edges(keys=True, data=True):
        if d.get("type") in RANKING_TYPES:
            tree.add_edge(u, v, minlen=max(stagger.get(key, 1),
                                           tree.edges[u, v]["minlen"] if tree.has_edge(u, v) else 1))
    in_tree = {n for n in tree if tree.degree(n)}
    depth: dict[str, int] = {}
    if nx.is_directed_acyclic_graph(tree):
        for n in nx.topological_sort(tree):
            depth[n] = max((depth[u] + tree.edges[u, n]["minlen"] for u in tree.predecessors(n)),
                           default=0)
        depth = {n: r for n, r in depth.items() if n in in_tree}
    else:
        for root in sorted(n for n in in_tree if tree.in_degree(n) == 0):
            for n, dist in nx.single_source_shortest_path_length(tree, root).items():
                depth[n] = min(depth.get(n, dist), dist)
    anchors: dict[str, str] = {}
    placed = dict(depth)
    pending = sorted(n for n in g.nodes if n not in in_tree)
    while pending:
        progress = False
        for n in list(pending):
            best = None
            for u, v, d in list(g.in_edges(n, data=True)) + list(g.out_edges(n, data=True)):
                other = u if v == n else v
                if other not in placed:
                    continue
                pref = ANCHOR_PREFERENCE.index(d["type"]) if d.get("type") in ANCHOR_PREFERENCE \
                    else len(ANCHOR_PREFERENCE)
                key = (placed[other], pref, other)
                if best is None or key < best[0]:
                    best = (key, other)
            if best:
                anchors[n] = best[1]
                placed[n] = best[0][0] + 1
                pending.remove(n)
                progress = True
        if not progress:
            break  # the rest are isolated: they sit on the top rank
    return anchors, placed


def fan_rows(g, per_row: int | None, max_rows: int = 2,
             widths: dict[str, float] | None = None) -> dict[str, int]:
    """``minlen`` of the tree lines to the children of a wide fan-out, wrapped into rows.

    A Secretary of Defense over eleven combatant commands would otherwise make a chart
    far wider than a slide.  The children of a parent with more than ``per_row`` of
    them are wrapped into two rows (``max_rows``; a third row would read as another
    level) as even as possible, the same way under every parent: what the parent supervises
    (staffs, agencies) and children that advise or pass orders on come first, then the
    leaf commands, and commands with subordinates of their own go on the last row, so
    their subtrees hang below every row and no row mixes levels.  With the boxes'
    ``widths`` known, rows are evened out by width rather than by count.
    """
    out: dict[str, int] = {}
    if not per_row:
        return out
    for parent in sorted(g.nodes):
        nation = g.nodes[parent].get("nation")
        kids: dict[str, tuple] = {}
        for _, v, key, d in sorted(g.out_edges(parent, keys=True, data=True), key=lambda e: e[2]):
            if d.get("type") in RANKING_TYPES and g.nodes[v].get("nation") == nation:
                kids.setdefault(v, (v, key, d.get("type")))
        for u in list(kids):   # also a grandchild (two scenarios' union): its deeper parent places it
            if any(d.get("type") in RANKING_TYPES and w in kids
                   for w, _, d in g.in_edges(u, data=True) if w != parent):
                del kids[u]
        if len(kids) <= per_row:
            continue

        def has_subtree(v):
            return any(d.get("type") in RANKING_TYPES for *_, d in g.out_edges(v, data=True))

        def first(v, rtype):
            return rtype != "COMMANDS" or any(d.get("type") in STAY_UP
                                              for *_, d in g.out_edges(v, data=True))

        inner = [k for k in kids.values() if has_subtree(k[0])]
        rest = sorted((k for k in kids.values() if not has_subtree(k[0])),
                      key=lambda k: (not first(k[0], k[2]), k[0]))
        count = min(max_rows, -(-len(kids) // per_row))

        def width(k):
            return (widths or {}).get(k[0], 1.0)

        target = sum(width(k) for k in kids.values()) / count
        rows: list[list[tuple]] = [[] for _ in range(count)]
        rows[-1] = list(inner)      # may overfill the last row: subtrees stay below all
        load = [0.0] * (count - 1) + [sum(width(k) for k in inner)]
        i = 0
        for k in rest:
            while i < count - 1 and load[i] + width(k) / 2 > target:
                i += 1
            rows[i].append(k)
            load[i] += width(k)
        for r, row in enumerate(rows):
            for _, key, _ in row:
                if r:
                    out[key] = r + 1
    return out


def shared_authority(g) -> dict[str, str]:
    """Parents whose command lines (two or more) all carry one authority: its label is
    drawn once, at the fan-out, instead of on every line (eleven 'COCOM' in a pile)."""
    out = {}
    for parent in g.nodes:
        auths = [d.get("authority") for *_, d in g.out_edges(parent, data=True)
                 if d.get("type") == "COMMANDS"]
        if len(auths) >= 2 and len(set(auths)) == 1 and auths[0]:
            out[parent] = auths[0]
    return out


def shown_authority(data: dict) -> str:
    """The authority a command line is labelled with: none for plain national
    'COMMAND' (the solid line already says commands; the legend says so)."""
    label = style.edge_label(data)
    return "" if label in UNLABELLED else label


def _order_clusters(A, page, g) -> None:
    """Keep the nations left to right in ``NATION_ORDER``.

    ``dot`` orders unconnected clusters as crossing reduction pleases; a zero-size
    point per cluster, all on the top rank with the chains' tops and joined by
    invisible same-rank lines, fixes their order without adding a rank.
    """
    nations = nations_in(g)
    tops = [n for n in g.nodes if not any(d.get("type") in RANKING_TYPES
                                         for *_, d in g.in_edges(n, data=True))
            and any(d.get("type") in RANKING_TYPES for *_, d in g.out_edges(n, data=True))]
    points = []
    for nation in nations:
        name = f"__order_{nation}__"
        page.get_subgraph(f"cluster_{nation}").add_node(
            name, shape="point", width="0.01", height="0.01", style="invis", label="")
        points.append(name)
    A.add_subgraph(points + sorted(tops), name="order_top", rank="same")
    for left, right in zip(points, points[1:]):
        A.add_edge(left, right, key=f"order:{left}", style="invis", weight="10")


def nations_in(g) -> list[str]:
    present = {d.get("nation", "COMBINED") for _, d in g.nodes(data=True)}
    return [n for n in style.NATION_ORDER if n in present] + sorted(present -
                                                                    set(style.NATION_ORDER))


def banner_html(marking: str, width: float | None) -> str:
    bg, fg = marking_colors(marking)
    w = f' WIDTH="{int(width)}"' if width else ""
    return (f'<TR><TD BGCOLOR="{bg}"{w} CELLPADDING="3"><FONT COLOR="{fg}" POINT-SIZE="13">'
            f'<B>{esc(marking)}</B></FONT></TD></TR>')


def title_block(g, opts: ChartOptions) -> tuple[str, str]:
    """(title, detail line) of the chart."""
    w = words(opts.lang)
    meta = g.graph
    title = opts.title or scenario_text(meta, "title", opts.lang) or meta.get("id", "")
    parts = [f"{w['scenario']} {meta.get('id', '')}",
             f"{w['status']}: {status_word(meta.get('status'), opts.lang)}"]
    if meta.get("date"):
        parts.append(f"{w['date']}: {meta['date']}")
    if meta.get("focus"):
        parts.append(f"{w['focus']}: {meta['focus']}")
    parts.append(f"{w['produced']}: {opts.produced}")
    return title, " · ".join(parts)


def page_label(g, opts: ChartOptions, width: float | None, legend: bool = True) -> str:
    title, detail = title_block(g, opts)
    strip = (f'<TR><TD>{legend_html(g, opts, width)}</TD></TR>'
             if legend and width and g.number_of_nodes() else "")
    return ('<<TABLE BORDER="0" CELLSPACING="0" CELLPADDING="2">'
            f"{banner_html(opts.marking, width)}"
            '<TR><TD HEIGHT="4"></TD></TR>'
            f'<TR><TD><FONT POINT-SIZE="20" COLOR="{TEXT}"><B>{lines_html(wrap(title, 90))}'
            "</B></FONT></TD></TR>"
            f'<TR><TD><FONT POINT-SIZE="11" COLOR="{MUTED}">{esc(detail)}</FONT></TD></TR>'
            f'<TR><TD HEIGHT="6"></TD></TR>{strip}<TR><TD HEIGHT="4"></TD></TR></TABLE>>')


def bottom_label(opts: ChartOptions, width: float | None) -> str:
    return f'<<TABLE BORDER="0" CELLSPACING="0" CELLPADDING="0">{banner_html(opts.marking, width)}</TABLE>>'


def _sample(ls: style.LineStyle, dash: str) -> str:
    """A line sample made of table cells with a bottom border: real dashes, real colours."""
    width = max(1, round(ls.width))
    dot = (width + 1, 1)   # a cell no wider than its border would draw nothing
    pattern = {"solid": [(36, 1)], "dashed": [(6, 1), (4, 0)] * 3 + [(6, 1)],
               "dotted": [dot, (3, 0)] * 6,
               "dashdot": [(8, 1), (3, 0), (3, 1), (3, 0)] * 2 + [(6, 1)]}[dash]
    cells = []
    for length, on in pattern:
        sides, border = ("TB", 1) if ls.double and on else ("B", width if on else 0)
        cells.append(f'<TD WIDTH="{length}" HEIGHT="8" FIXEDSIZE="TRUE" SIDES="{sides}" '
                     f'BORDER="{border}" COLOR="{ls.color}"></TD>')
    return ('<TABLE BORDER="0" CELLSPACING="0" CELLPADDING="0"><TR>'
            + "".join(cells) + "</TR></TABLE>")


def rel_legend_text(rtype: str, lang: str) -> str:
    from c2graph.graph.schema import REL_TYPES

    ls = style.LINE_STYLES.get(rtype)
    en = ls.label if ls and ls.label else rtype.lower()
    if lang == "ja":
        # the briefing word, not the database's COMMANDS; a command line says, as the
        # English legend does, that its authority is written on it
        if rtype not in REL_TYPES:
            return rtype
        return REL_TYPES[rtype].japanese + ("（権限は線上に記載）" if rtype == "COMMANDS" else "")
    return en


def legend_items(g, opts: ChartOptions) -> list[tuple[str, str]]:
    """(sample HTML, text) per legend entry: line types drawn, nations, tentative, shapes."""
    lang = opts.lang
    w = words(lang)
    present = {d.get("type") for *_, d in g.edges(data=True)}
    items = [(_sample(ls, ls.dash), rel_legend_text(rtype, lang))
             for rtype, ls in style.LINE_STYLES.items() if rtype in present]
    for n in nations_in(g):
        items.append((f'<TABLE BORDER="1" CELLSPACING="0" CELLPADDING="0" COLOR="'
                      f'{style.NATION_COLORS.get(n, "#6b7280")}" BGCOLOR="'
                      f'{style.NATION_FILLS.get(n, "#f3f4f6")}"><TR><TD WIDTH="30" HEIGHT="10">'
                      "</TD></TR></TABLE>", nation_name(n, lang)))
    if any(style.is_tentative(d.get("status")) for _, d in g.nodes(data=True)):
        items.append(('<TABLE BORDER="1" STYLE="dashed" CELLSPACING="0" CELLPADDING="0" '
                      f'COLOR="{MUTED}"><TR><TD WIDTH="30" HEIGHT="10"></TD></TR></TABLE>',
                      w["tentative"]))
    marks = {d.get("_change") for _, d in g.nodes(data=True)} | \
        {d.get("_change") for *_, d in g.edges(data=True)}
    from c2graph.viz.export import changes

    base = g.graph.get("compared_with", "")
    for change, color, dash in (("added", changes.HIGHLIGHT, ""), ("changed", changes.HIGHLIGHT, ""),
                                ("removed", changes.GHOST, ' STYLE="dashed"')):
        if change in marks:
            word = changes.change_word(change, lang)
            items.append((f'<TABLE BORDER="3"{dash} CELLSPACING="0" CELLPADDING="0" COLOR="{color}">'
                          '<TR><TD WIDTH="30" HEIGHT="10"></TD></TR></TABLE>',
                          f"{word} ({'基準' if lang == 'ja' else 'vs'} {base})"))
    items.append(("", w["kinds"]))
    auth = authority_legend(g, lang)
    if auth:
        items.append(("", auth))
    return items


def legend_html(g, opts: ChartOptions, width: float | None) -> str:
    """The legend as a strip under the title: as many entries a row as the chart is wide.

    Graphviz stretches nested tables to their cell, which would push the words away
    from their line samples: every entry gets a fixed-size cell sized from its text.
    """
    items = legend_items(g, opts)
    footers = [text for sample, text in items if not sample]
    items = [item for item in items if item[0]]
    text_w = max(display_width(text) for _, text in items) * 5.6 + 8
    item_w = int(44 + text_w + 12)
    per_row = max(1, min(len(items), int((width or 900) // item_w)))
    cells = [f'<TD FIXEDSIZE="TRUE" WIDTH="{item_w}" HEIGHT="18" ALIGN="LEFT">'
             '<TABLE BORDER="0" CELLSPACING="0" CELLPADDING="1"><TR>'
             f'<TD FIXEDSIZE="TRUE" WIDTH="44" HEIGHT="14" ALIGN="LEFT">{sample}</TD>'
             f'<TD FIXEDSIZE="TRUE" WIDTH="{int(text_w)}" HEIGHT="14" ALIGN="LEFT">'
             f'<FONT POINT-SIZE="10" COLOR="{TEXT}">{esc(text)}</FONT></TD>'
             "</TR></TABLE></TD>" for sample, text in items]
    while len(cells) % per_row:
        cells.append("<TD></TD>")
    rows = "".join("<TR>" + "".join(cells[i:i + per_row]) + "</TR>"
                   for i in range(0, len(cells), per_row))
    title = words(opts.lang)["legend"]
    return ('<TABLE BORDER="1" COLOR="#d1d5db" CELLBORDER="0" CELLSPACING="0" CELLPADDING="3" '
            f'BGCOLOR="#ffffff"><TR><TD COLSPAN="{per_row}" ALIGN="LEFT"><FONT POINT-SIZE="11" '
            f'COLOR="{TEXT}"><B>{esc(title)}</B></FONT></TD></TR>{rows}'
            + "".join(f'<TR><TD COLSPAN="{per_row}" ALIGN="LEFT"><FONT POINT-SIZE="10" '
                      f'COLOR="{MUTED}">{esc(text)}</FONT></TD></TR>' for text in footers)
            + "</TABLE>")


def crosses_clusters(g, u: str, v: str, data: dict) -> bool:
    """A line between two nations: routed after the layout, not by it.

    ``dot`` would reorder the nations to shorten such lines; a tree line between
    nations (a combined command under a national authority) keeps its rank through an
    invisible line from the nation's top instead.
    """
    return g.nodes[u].get("nation") != g.nodes[v].get("nation")


def nation_label(nation: str, opts: ChartOptions) -> str:
    """The title of a nation's frame."""
    return (f'<<FONT POINT-SIZE="13" COLOR="{style.NATION_COLORS.get(nation, MUTED)}">'
            f"<B>{esc(nation_name(nation, opts.lang))}</B></FONT>>")


def build(g, opts: ChartOptions, banner_width: float | None = None, legend: bool = True,
          late: bool = True, pinned: bool = False):
    """The un-laid-out ``pygraphviz.AGraph`` of a chart.

    With ``late=False`` the lines between nations that are not part of the tree are
    left out: ``dot`` would reorder the nations to shorten them.  ``layout`` adds them
    back and routes them around the placed boxes.  ``pinned`` (a large chart, whose
    positions are set from outside: ``layout_pinned``) has no lines yet (the boxes
    are sized first), nor any helper that only steers ``dot`` (order points,
    invisible anchor lines, row stagger).
    """
    import pygraphviz as pgv

    bare = opts.node_sizes is not None   # geometry for another renderer: boxes only
    A = pgv.AGraph(directed=True, strict=False, name="c2graph")
    A.graph_attr.update(
        rankdir="TB", newrank="true", nodesep=f"{opts.nodesep:.2f}", ranksep=f"{opts.ranksep:.2f}",
        pad="0.3",
        fontname=fonts.FAMILY, outputorder="edgesfirst", bgcolor="white",
        labelloc="b", label="" if bare else bottom_label(opts, banner_width))
    A.node_attr.update(fontname=fonts.FAMILY, fontsize="11", margin="0.06,0.04",
                       height="0.45")
    A.edge_attr.update(fontname=fonts.FAMILY, fontsize="9", arrowsize="0.7")
    page = A.add_subgraph(name="cluster_page", labelloc="t", color="#ffffff00", margin="10",
                          label="" if bare else page_label(g, opts, banner_width, legend))
    by_nation: dict[str, list[str]] = {}
    for n, d in g.nodes(data=True):
        by_nation.setdefault(d.get("nation", "COMBINED"), []).append(n)
    for nation in nations_in(g):
        if bare:   # the other renderer's measured label: an empty cell of its size
            lw, lh = (opts.cluster_label_sizes or {}).get(nation, (1.0, 1.0))
            label = ('<<TABLE BORDER="0" CELLSPACING="0" CELLPADDING="0"><TR><TD FIXEDSIZE="TRUE"'
                     f' WIDTH="{math.ceil(lw)}" HEIGHT="{math.ceil(lh)}"></TD></TR></TABLE>>')
        else:
            label = nation_label(nation, opts)
        sub = page.add_subgraph(
            name=f"cluster_{nation}", style="rounded,filled",
            fillcolor=style.NATION_FILLS.get(nation, "#f3f4f6") + "55",
            color=style.NATION_COLORS.get(nation, "#6b7280"), penwidth="1.2",
            label=label, labelloc="t", margin="12")
        for n in sorted(by_nation[nation]):
            attrs = node_attrs(g.nodes[n], opts.lang, opts.wrap, opts.compact, text=not bare)
            if bare:
                w, h = opts.node_sizes[n]
                attrs.update(fixedsize="true", width=f"{w / 72:.4f}", height=f"{h / 72:.4f}",
                             label="", margin="0")
            sub.add_node(n, **attrs)
    if pinned:
        return A
    shared = shared_authority(g)
    _order_clusters(A, page, g)
    widths = {n: w for n, (w, _) in (opts.node_sizes or {}).items()} or None
    stagger = fan_rows(g, opts.per_row, widths=widths)
    anchors, depth = _anchors(g, stagger)
    for u, v, key, d in sorted(g.edges(keys=True, data=True), key=lambda e: e[2]):
        if not late and d.get("type") in RANKING_TYPES and crosses_clusters(g, u, v, d):
            A.add_edge(f"__order_{g.nodes[v].get('nation', 'COMBINED')}__", v,
                       key=f"anchor:{key}", style="invis", weight="0", constraint="true",
                       minlen=str(depth.get(v, 1)), arrowhead="none")
    hanging: dict[str, list[str]] = {}
    for n, anchor in sorted(anchors.items()):
        hanging.setdefault(anchor, []).append(n)
    for n, anchor in sorted(anchors.items()):
        if g.nodes[anchor].get("nation") == g.nodes[n].get("nation"):
            siblings = hanging[anchor]   # many hanging on one actor: two rows
            minlen = 1 + siblings.index(n) % 2 if len(siblings) > 3 else 1
            A.add_edge(anchor, n, key=f"anchor:{n}", style="invis", weight="1",
                       constraint="true", arrowhead="none", minlen=str(minlen))
        else:  # same rank, without a line between nations that would reorder them
            A.add_edge(f"__order_{g.nodes[n].get('nation', 'COMBINED')}__", n,
                       key=f"anchor:{n}", style="invis", weight="2", constraint="true",
                       minlen=str(depth[n]), arrowhead="none")
    for u, v, key, d in sorted(g.edges(keys=True, data=True), key=lambda e: e[2]):
        if late or not crosses_clusters(g, u, v, d):
            attrs = line_attrs(g, u, key, d, opts, shared)
            if key in stagger:
                attrs["minlen"] = str(stagger[key])
            A.add_edge(u, v, key=key, **attrs)
    return A


def line_attrs(g, u: str, key: str, d: dict, opts: ChartOptions,
               shared: dict[str, str] | None = None) -> dict:
    """A line's Graphviz attributes; a fan-out sharing one authority labels it once,
    near the parent, on its first line (none on a geometry-only layout).

    ``shared`` is ``shared_authority(g)``, computed once by the caller (it walks the
    whole graph: once per line made the chart quadratic, 85 % of 1,000 actors' time).
    """
    if opts.node_sizes is not None:
        return edge_attrs(d, opts.lang, label=False)
    if shared is None:
        shared = shared_authority(g)
    return edge_attrs(d, opts.lang, label=u not in shared)


def _label_fan_outs(A, g, opts: ChartOptions) -> BoxGrid:
    """Write a shared authority once per parent, beside the point its fan of command
    lines leaves it, on a free spot (after ``dot`` placed the boxes, before the lines
    are drawn).  It is the external label of the parent's most vertical line.

    Returns the boxes and labels placed (``layout_pinned`` places more labels)."""
    from c2graph.viz.export import measure

    grid, pos = BoxGrid(150.0), {}
    for n in A.nodes_iter():
        if not n.attr.get("pos") or str(n).startswith("__order_"):
            continue
        x, y = (float(v) for v in n.attr["pos"].split(",")[:2])
        w, h = float(n.attr["width"]) * 72, float(n.attr["height"]) * 72
        pos[str(n)] = (x, y, w, h)
        grid.add((x - w / 2, y - h / 2, x + w / 2, y + h / 2))
    color = style.LINE_STYLES["COMMANDS"].color
    for parent, authority in sorted(shared_authority(g).items()):
        text = authority_text(shown_authority({"authority": authority}), opts.lang)
        lines = [(v, k) for _, v, k, d in g.out_edges(parent, keys=True, data=True)
                 if d.get("type") == "COMMANDS" and v in pos]
        if not text or not lines or parent not in pos:
            continue
        px, py, pw, ph = pos[parent]
        v, key = min(lines, key=lambda vk: (abs(pos[vk[0]][0] - px) /
                                            max(1.0, py - pos[vk[0]][1]), vk[1]))
        lw, lh = measure.text_width(text, 8.5) + 4, 8.5 * measure.LINE_CJK
        bottom = py - ph / 2
        spots = [(px + 3 + lw / 2, bottom - 2 - lh / 2), (px - 3 - lw / 2, bottom - 2 - lh / 2),
                 (px + pw / 2 + 3 + lw / 2, bottom + lh / 2),
                 (px - pw / 2 - 3 - lw / 2, bottom + lh / 2),
                 (px + 3 + lw / 2, bottom - 14 - lh / 2), (px - 3 - lw / 2, bottom - 14 - lh / 2)]
        x, y = next(((x, y) for x, y in spots if not grid.hits((x - lw / 2, y - lh / 2,
                                                                 x + lw / 2, y + lh / 2))),
                    spots[0])
        grid.add((x - lw / 2, y - lh / 2, x + lw / 2, y + lh / 2))
        A.get_edge(parent, v, key).attr.update(
            xlabel=('<<TABLE BORDER="0" CELLSPACING="0" CELLPADDING="1" BGCOLOR="#ffffffdd">'
                    f'<TR><TD><FONT POINT-SIZE="8.5" COLOR="{color}">{esc(text)}</FONT></TD>'
                    '</TR></TABLE>>'),
            xlp=f"{x:.2f},{y:.2f}")
    return grid


def _label_straight_lines(A, g, opts: ChartOptions, grid: BoxGrid) -> None:
    """Place the authority label of every straight line that has one (``lp``): beside
    the line near its middle, on a spot that covers no box or label.  Graphviz would
    place them itself, in seconds per pass on a large chart (its label R-tree)."""
    from c2graph.viz.export import measure

    shared = shared_authority(g)
    for u, v, key, d in sorted(g.edges(keys=True, data=True), key=lambda e: e[2]):
        text = "" if u in shared else shown_authority(d)
        if not text:
            continue
        (ux, uy), (vx, vy) = (tuple(float(c) for c in A.get_node(n).attr["pos"].split(","))
                              for n in (u, v))
        text = authority_text(text, opts.lang)
        lw, lh = measure.text_width(text, 8.5) + 4, 8.5 * measure.LINE_CJK
        spots = []
        for t in (0.5, 0.4, 0.6, 0.3, 0.7):
            cx, cy = ux + (vx - ux) * t, uy + (vy - uy) * t
            spots += [(cx + 3 + lw / 2, cy), (cx - 3 - lw / 2, cy)]
        x, y = next(((x, y) for x, y in spots if not grid.hits((x - lw / 2, y - lh / 2,
                                                                 x + lw / 2, y + lh / 2))),
                    spots[0])
        grid.add((x - lw / 2, y - lh / 2, x + lw / 2, y + lh / 2))
        A.get_edge(u, v, key).attr["lp"] = f"{x:.2f},{y:.2f}"


# -- laying out and drawing ----------------------------------------------------------

@contextlib.contextmanager
def graphviz_stderr():
    """Hide fontconfig's one known warning while Graphviz runs; pass other messages on.

    The fontconfig bundled in the pygraphviz wheel is older than the system's and,
    whatever ``FONTCONFIG_FILE`` says, reads the system's conf.avail folder for
    descriptions, warning about an element it does not know.  Nothing of it applies.
    """
    try:
        fd = sys.stderr.fileno()
    except (AttributeError, OSError, ValueError):
        fd = 2
    sys.stderr.flush()
    saved = os.dup(fd)
    with tempfile.TemporaryFile() as capture:
        os.dup2(capture.fileno(), fd)
        try:
            yield
        finally:
            os.dup2(saved, fd)
            os.close(saved)
            capture.seek(0)
            text = capture.read().decode("utf-8", "replace")
    kept = [ln for ln in text.splitlines()
            if ln.strip() and "reset-dirs" not in ln and "Fontconfig warning" not in ln
            and "cell size too small" not in ln and "in label of node" not in ln]
    if kept and os.environ.get("C2GRAPH_GRAPHVIZ_DEBUG"):
        print("\n".join(kept), file=sys.stderr)


def _bb(value: str) -> tuple[float, float, float, float]:
    x0, y0, x1, y1 = (float(v) for v in value.split(","))
    return x0, y0, x1, y1


def layout(g, opts: ChartOptions, legend: bool = True, lines: bool = True):
    """Build and lay out the chart; the banners are sized to its width on a second pass.

    Without ``opts.per_row`` the fan-outs are wrapped to fit a 16:9 page best.  Without
    ``lines`` (boxes only, for a renderer that draws its own lines) no line is routed.
    """
    if g.number_of_nodes() > PINNED_LIMIT:
        return layout_pinned(g, opts, legend)
    fonts.configure()
    if opts.per_row is None:
        opts = replace(opts, per_row=best_per_row(g, opts, legend))
    bare = opts.node_sizes is not None
    A = build(g, opts, None, legend, late=False)
    with graphviz_stderr():
        A.layout(prog="dot")
        if not bare:
            x0, _, x1, _ = _bb(A.get_subgraph("cluster_page").graph_attr["bb"])
            A = build(g, opts, max(200.0, x1 - x0 - 24), legend, late=False)
            A.layout(prog="dot")
        if bare and not lines:
            return A
        shared = shared_authority(g)
        for u, v, key, d in sorted(g.edges(keys=True, data=True), key=lambda e: e[2]):
            if crosses_clusters(g, u, v, d):
                A.add_edge(u, v, key=key, **line_attrs(g, u, key, d, opts, shared))
        if not bare:
            _label_fan_outs(A, g, opts)
        # obstacle-avoiding splines cost minutes past a few hundred actors (measured:
        # 1,000 actors ~13 min); large charts get straight lines, drawn in seconds
        big = g.number_of_nodes() > SPLINE_LIMIT
        A.graph_attr["splines"] = "line" if big else "true"
        A.layout(prog="nop2")
    if not bare:
        _frame(A)
    _dash_dot(A)
    return A


def layout_pinned(g, opts: ChartOptions, legend: bool = True):
    """A large chart: boxes placed by ``viz.layout.hierarchy_layout``, Graphviz only
    sizes the boxes and draws (``nop`` / ``nop2``).

    ``dot``'s crossing minimisation and network-simplex placement grow much faster
    than the chart (5,000 actors: minutes); the tidy tree of the interactive view
    places them in about a second.  What changes from a ``dot`` chart: rows are the
    command depth (the view's rows, the same in ``c2graph view``), four or more leaf
    subordinates of one parent stand in two staggered rows instead of ``fan_rows``'
    wrapping, nations are columns side by side with their frames drawn around them,
    and every line is straight.  Boxes, labels, legend, banners and styles are the
    same as below the limit.
    """
    from c2graph.viz.layout import hierarchy_layout

    fonts.configure()
    bare = opts.node_sizes is not None
    A = build(g, opts, None, legend, pinned=True)
    A.graph_attr["splines"] = "line"
    with graphviz_stderr():
        if bare:
            size = dict(opts.node_sizes)
        else:   # Graphviz sizes every box with its own fonts (no lines yet, all at 0,0)
            A.node_attr["pos"] = "0,0"
            A.layout(prog="nop")
            size = {str(n): (float(n.attr["width"]) * 72, float(n.attr["height"]) * 72)
                    for n in A.nodes_iter()}
    shared = shared_authority(g)
    for u, v, key, d in sorted(g.edges(keys=True, data=True), key=lambda e: e[2]):
        A.add_edge(u, v, key=key, **line_attrs(g, u, key, d, opts, shared))
    by_attrs = {id(d): size[n] for n, d in g.nodes(data=True)}
    place = hierarchy_layout(g, size=lambda d: by_attrs.get(id(d)) or size[d["id"]])
    pos = {n: (p.x, -p.y) for n, p in place.items()}   # Graphviz: y up
    nations = nations_in(g)
    if bare:
        labels = {n: (opts.cluster_label_sizes or {}).get(n, (1.0, 1.0)) for n in nations}
    else:
        labels = html_sizes({n: nation_label(n, opts) for n in nations})
    frames, label_at = {}, {}
    members: dict[str, list[str]] = {}
    for n in pos:
        members.setdefault(g.nodes[n].get("nation", "COMBINED"), []).append(n)
    for nation in nations:   # the frame as ``dot`` draws it: margin 12, title on top
        lw, lh = labels[nation]
        x0 = min(pos[n][0] - size[n][0] / 2 for n in members[nation]) - 12
        x1 = max(pos[n][0] + size[n][0] / 2 for n in members[nation]) + 12
        y0 = min(pos[n][1] - size[n][1] / 2 for n in members[nation]) - 12
        y1 = max(pos[n][1] + size[n][1] / 2 for n in members[nation]) + 12 + lh + 4
        grow = max(0.0, lw + 16 - (x1 - x0)) / 2
        frames[nation] = (x0 - grow, y0, x1 + grow, y1)
        label_at[nation] = ((x0 + x1) / 2, y1 - 2 - lh / 2)
    x0 = min(f[0] for f in frames.values()) - 10
    x1 = max(f[2] for f in frames.values()) + 10
    y0 = min(f[1] for f in frames.values()) - 10
    y1 = max(f[3] for f in frames.values()) + 10
    page = A.get_subgraph("cluster_page")
    bottom_h = 0.0
    if not bare:   # the banners as wide as the chart (``dot`` charts: a second pass)
        banner = max(200.0, x1 - x0 - 24)
        label, bottom = page_label(g, opts, banner, legend), bottom_label(opts, banner)
        sizes = html_sizes({"page": label, "bottom": bottom})
        lw, lh = sizes["page"]
        grow = max(0.0, lw + 20 - (x1 - x0)) / 2
        x0, x1, y1 = x0 - grow, x1 + grow, y1 + lh
        bottom_h = sizes["bottom"][1]
        page.graph_attr["label"] = label
        label_at["page"] = ((x0 + x1) / 2, y1 - lh / 2)
        A.graph_attr.update(label=bottom,
                            lp=f"{(x1 - x0) / 2:.2f},{bottom_h / 2:.2f}")
    # positive coordinates from (0, 0), room for the bottom banner: nothing to translate
    dx, dy = -x0, bottom_h - y0

    def at(x, y):
        return f"{x + dx:.2f},{y + dy:.2f}"

    for n, (x, y) in pos.items():
        A.get_node(n).attr["pos"] = at(x, y)
    for nation, (fx0, fy0, fx1, fy1) in frames.items():
        page.get_subgraph(f"cluster_{nation}").graph_attr.update(
            bb=_bb_text((fx0 + dx, fy0 + dy, fx1 + dx, fy1 + dy)), lp=at(*label_at[nation]))
    page.graph_attr["bb"] = _bb_text((0, bottom_h, x1 - x0, y1 + dy))
    if "page" in label_at:
        page.graph_attr["lp"] = at(*label_at["page"])
    A.graph_attr["bb"] = _bb_text((0, 0, x1 - x0, y1 + dy))
    if not bare:   # every label placed here: Graphviz's own placement is slow
        _label_straight_lines(A, g, opts, _label_fan_outs(A, g, opts))
    with graphviz_stderr():
        A.layout(prog="nop2")
    if not bare:
        _frame(A)
    _dash_dot(A)
    return A


def _bb_text(box) -> str:
    return ",".join(f"{v:.2f}" for v in box)


def html_sizes(labels: dict[str, str]) -> dict[str, tuple[float, float]]:
    """(w, h) in points of HTML-like labels as Graphviz sets them (name -> label)."""
    import pygraphviz as pgv

    S = pgv.AGraph(directed=True)
    S.node_attr.update(fontname=fonts.FAMILY, shape="plain", pos="0,0")
    for name, label in labels.items():
        S.add_node(name, label=label)
    with graphviz_stderr():
        S.layout(prog="nop")
    return {str(n): (float(n.attr["width"]) * 72, float(n.attr["height"]) * 72)
            for n in S.nodes_iter()}


def row_choices(g) -> list[int]:
    """The distinct ways of wrapping ``g``'s fan-outs, fewest wrapped first (0: none)."""
    seen, out = [], []
    for per_row in PER_ROW_CHOICES:
        rows = fan_rows(g, per_row)
        if rows not in seen:
            seen.append(rows)
            out.append(per_row)
    return out


def best_per_row(g, opts: ChartOptions, legend: bool = True, page=(16.0, 9.0)) -> int:
    """The fan-out wrapping that lets the chart be drawn largest on a 16:9 page
    (fewer rows when two are within 3 %)."""
    choices = row_choices(g)
    if len(choices) == 1:
        return choices[0]
    if g.number_of_nodes() > SEARCH_LIMIT:   # each layout takes seconds: no search
        return min(choices, key=lambda c: (abs(c - 8) if c else 99, c))
    best, best_scale = choices[0], 0.0
    with graphviz_stderr():
        for per_row in choices:
            A = build(g, replace(opts, per_row=per_row), None, legend, late=False)
            A.layout(prog="dot")
            _, _, w, h = _bb(A.graph_attr["bb"])
            scale = min(page[0] / max(w, 1.0), page[1] / max(h, 1.0))
            if scale > best_scale * 1.03:
                best, best_scale = per_row, scale
    return best


def _frame(A, margin: float = 14.0) -> None:
    """Clip the drawing to the page cluster and the bottom banner.

    The ``nop2`` pass (routing the lines between nations around the placed boxes)
    shifts the layout and reserves room for invisible helpers; the viewport keeps
    the picture exactly around what is drawn.
    """
    x0, y0, x1, y1 = _bb(A.get_subgraph("cluster_page").graph_attr["bb"])
    _, lp_y = (float(v) for v in A.graph_attr["lp"].split(","))
    bottom = max(0.0, lp_y - 14)
    box = (x0 - margin, bottom - margin, x1 + margin, y1 + margin)
    A.content_box = box
    w, h = box[2] - box[0], box[3] - box[1]
    A.graph_attr["viewport"] = (f"{w:.2f},{h:.2f},1,{(box[0] + box[2]) / 2:.2f},"
                                f"{(box[1] + box[3]) / 2:.2f}")


def spline_points(pos: str) -> list[tuple[float, float]]:
    """The Bézier control points of an edge's ``pos`` (end markers dropped)."""
    pts = []
    for part in pos.split():
        if part.startswith(("e,", "s,")):
            continue
        x, y = part.split(",")[:2]
        pts.append((float(x), float(y)))
    return pts


def bezier_polyline(ctrl: list[tuple[float, float]], steps: int = 16):
    """Sample a piecewise cubic Bézier into a polyline."""
    out = [ctrl[0]] if ctrl else []
    for i in range(0, len(ctrl) - 3, 3):
        p0, p1, p2, p3 = ctrl[i:i + 4]
        for s in range(1, steps + 1):
            t = s / steps
            a, b, c, d = (1 - t) ** 3, 3 * t * (1 - t) ** 2, 3 * t * t * (1 - t), t ** 3
            out.append((a * p0[0] + b * p1[0] + c * p2[0] + d * p3[0],
                        a * p0[1] + b * p1[1] + c * p2[1] + d * p3[1]))
    return out


def _length(points) -> float:
    return sum(math.dist(points[i], points[i + 1]) for i in range(len(points) - 1))


def _dash_dot(A) -> None:
    """Turn every SUPPORTS line into fixed-length dash, gap, dot, gap pieces."""
    for e in A.edges():
        if e.attr.get("class") != "SUPPORTS" or not e.attr.get("pos"):
            continue
        length = _length(bezier_polyline(spline_points(e.attr["pos"])))
        if length < 12:
            continue
        color = style.LINE_STYLES["SUPPORTS"].color
        pieces, total, i = [], 0.0, 0
        while total + DASHDOT[i % 4] < length - DASHDOT[0]:
            step = DASHDOT[i % 4]
            pieces.append((color if i % 2 == 0 else "#ffffff00", step / length))
            total += step
            i += 1
        pieces.append((color, max(0.0, 1.0 - total / length)))
        e.attr["color"] = ":".join(f"{c};{f:.5f}" for c, f in pieces)
        e.attr["style"] = "solid"


def render(A, fmt: str, dpi: int = 200) -> bytes:
    """Draw a laid-out chart (positions kept: ``nop2``)."""
    if fmt not in FORMATS:
        raise ExportError(f"unknown chart format {fmt!r}; expected one of {', '.join(FORMATS)}")
    if fmt == "dot":
        return A.string().encode("utf-8")
    fonts.configure()
    with graphviz_stderr():
        if fmt == "png":
            A.graph_attr["dpi"] = str(dpi)
            try:
                data = A.draw(format="png:cairo", prog="nop2")
            finally:
                del A.graph_attr["dpi"]
            return png_with_dpi(data, dpi)
        return A.draw(format=f"{fmt}:cairo" if fmt == "pdf" else "svg", prog="nop2")


def png_with_dpi(data: bytes, dpi: int) -> bytes:
    """Add a ``pHYs`` chunk so viewers and Office place the PNG at its real size."""
    if not data.startswith(b"\x89PNG\r\n\x1a\n") or b"pHYs" in data[:4096]:
        return data
    ihdr_end = 8 + 4 + 4 + 13 + 4
    ppm = round(dpi / 0.0254)
    body = b"pHYs" + struct.pack(">IIB", ppm, ppm, 1)
    chunk = struct.pack(">I", 9) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)
    return data[:ihdr_end] + chunk + data[ihdr_end:]


def source_dot(g, opts: ChartOptions) -> bytes:
    """The chart's Graphviz source, unlaid, for users who render it themselves."""
    return build(g, opts, None).string().encode("utf-8")


# -- geometry for other renderers (PPTX) ----------------------------------------------

@dataclass(frozen=True)
class Box:
    x: float   # centre, points, y downwards from the top of the page
    y: float
    w: float
    h: float


@dataclass
class Geometry:
    width: float
    height: float
    nodes: dict[str, Box]
    edges: dict[str, list[tuple[float, float]]]   # relationship id -> polyline, y down
    clusters: dict[str, tuple[float, float, float, float]]   # name -> (x0, y0, x1, y1), y down


def geometry(g, opts: ChartOptions, lines: bool = True) -> Geometry:
    """Positions of actors, routes of lines and nation frames from the chart's layout
    (``lines=False``: no routes, for a renderer that draws its own straight lines)."""
    A = layout(g, opts, legend=False, lines=lines)
    _, _, W, H = _bb(A.graph_attr["bb"])
    nodes = {}
    for n in A.nodes():
        if str(n) not in g:
            continue
        x, y = (float(v) for v in n.attr["pos"].split(",")[:2])
        nodes[str(n)] = Box(x, H - y, float(n.attr["width"]) * 72, float(n.attr["height"]) * 72)
    edges = {}
    for u, v, key in A.edges(keys=True):
        if not key or str(key).startswith(("anchor:", "order:")):
            continue
        pos = A.get_edge(u, v, key).attr.get("pos")
        if pos:
            edges[str(key)] = [(x, H - y) for x, y in bezier_polyline(spline_points(pos), 6)]
    clusters = {}
    for sub in A.get_subgraph("cluster_page").subgraphs():
        x0, y0, x1, y1 = _bb(sub.graph_attr["bb"])
        clusters[sub.name] = (x0, H - y1, x1, H - y0)
    return Geometry(W, H, nodes, edges, clusters)
