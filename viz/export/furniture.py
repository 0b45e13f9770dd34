"""The page around a chart: marking banners, the title block, the legend, frame titles.

A briefing chart carries its classification marking top and bottom, says what it
shows (title, scenario, status, date, focus, when produced) and explains every line
style, nation colour, tentative box, change mark and authority word it draws.  These
are Graphviz HTML-like tables built from escaped text, shared by the engine-drawn
chart (``drawing``) and the ``dot`` chart.
"""

from __future__ import annotations

from c2graph.viz import style
from c2graph.viz.export import changes
from c2graph.viz.export.common import (ChartOptions, display_width, marking_colors, nation_name,
                                       words, wrap)
from c2graph.viz.export.labels import (MUTED, TEXT, authority_legend, esc, lines_html,
                                       nations_in, rel_legend_text, title_block)


def banner_html(marking: str, width: float | None) -> str:
    bg, fg = marking_colors(marking)
    w = f' WIDTH="{int(width)}"' if width else ""
    return (f'<TR><TD BGCOLOR="{bg}"{w} CELLPADDING="3"><FONT COLOR="{fg}" POINT-SIZE="13">'
            f'<B>{esc(marking)}</B></FONT></TD></TR>')


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


def nation_label(nation: str, opts: ChartOptions) -> str:
    """The title of a nation's frame."""
    return (f'<<FONT POINT-SIZE="13" COLOR="{style.NATION_COLORS.get(nation, MUTED)}">'
            f"<B>{esc(nation_name(nation, opts.lang))}</B></FONT>>")
