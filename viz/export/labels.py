"""What a chart writes, in which language: box names, authority words, the title line.

Every renderer (the Graphviz drawing, the slides, the ``dot`` source) says the same
things the same way, so the words are made once, here: an actor's wrapped name and
its small meta line, the authority written on a command line (or not: a plain
national ``COMMAND`` is unlabelled), the legend's line that explains them, the title
and detail line, and which nations a chart shows in which order.  ``esc`` makes any
text inert in a Graphviz HTML-like label.
"""

from __future__ import annotations

import html
import re

from c2graph.graph.schema import AUTHORITIES, REL_TYPES
from c2graph.viz import style
from c2graph.viz.export import measure
from c2graph.viz.export.common import ChartOptions, scenario_text, status_word, words

TEXT = "#111827"

MUTED = "#4b5563"

BACKSLASH_ESCAPE = re.compile(r"\\(?=[GNEHTLlnr\\])")

#: The schema's words for the authorities (graph/schema.py declares them once).
AUTHORITY_JA = {a: t.japanese for a, t in AUTHORITIES.items()}

AUTHORITY_EN = {a: t.english for a, t in AUTHORITIES.items()}

#: Authorities not written on the line: a plain national command says nothing the
#: solid command line does not (the legend says what an unlabelled line means).
UNLABELLED = ("COMMAND",)


def esc(text) -> str:
    """Text for an HTML-like Graphviz label: markup characters escaped, escapes defused.

    Graphviz expands ``\\N``, ``\\G``, ``\\E``, ``\\H``, ``\\T``, ``\\L`` (object names)
    in the text of every label, HTML-like ones included, after decoding entities; an
    invisible word joiner (U+2060) after such a backslash keeps the text as written.
    """
    return BACKSLASH_ESCAPE.sub("\\\\\u2060", html.escape(str(text), quote=True))


def lines_html(lines: list[str]) -> str:
    return "<BR/>".join(esc(line) for line in lines)


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
    return measure.balanced(text, size, measure.text_width("n" * width, size))


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


def rel_legend_text(rtype: str, lang: str) -> str:
    ls = style.LINE_STYLES.get(rtype)
    en = ls.label if ls and ls.label else rtype.lower()
    if lang == "ja":
        # the briefing word, not the database's COMMANDS; a command line says, as the
        # English legend does, that its authority is written on it
        if rtype not in REL_TYPES:
            return rtype
        return REL_TYPES[rtype].japanese + ("（権限は線上に記載）" if rtype == "COMMANDS" else "")
    return en


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


def nations_in(g) -> list[str]:
    present = {d.get("nation", "COMBINED") for _, d in g.nodes(data=True)}
    return [n for n in style.NATION_ORDER if n in present] + sorted(present -
                                                                    set(style.NATION_ORDER))
