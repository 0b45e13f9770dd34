"""Where a line of text may break: one rule for every writer, chart and exchange format.

A name or a title is broken at every line break character Unicode knows (a break in
the data is a break on the chart, never a character handed to a font), and inside a
line only between Latin words and between CJK characters, with the Japanese
line-breaking rules (kinsoku shori: no closing bracket or small kana at the start of a
line, no opening bracket at its end).  Pure text: the measured wrapping of charts and
slides (``viz.export.measure``) and the column wrapping of exchange formats
(``loaders.formats``: yEd labels) both cut with these functions.
"""

from __future__ import annotations

import unicodedata

#: Never at the start of a line (Japanese line-breaking rules, kinsoku shori).
NO_START = set("、。，．・：；？！ー）〕］｝〉》」』】〙〗〟’”ゝゞヽヾぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ"
               ")]},.:;!?%")
#: Never at the end of a line.
NO_END = set("（〔［｛〈《「『【〘〖〝‘“([{")


def is_wide(ch: str) -> bool:
    """A character set in the East Asian font (one em, or a full-width form)."""
    return unicodedata.east_asian_width(ch) in "WF"


def paragraphs(text) -> list[str]:
    """``text`` cut at every line break Unicode knows (LF, CR, CR LF, VT, FF, FS, GS,
    RS, NEL, LINE SEPARATOR U+2028, PARAGRAPH SEPARATOR U+2029): every wrapper of
    c2graph splits a name or title here first, so a break in the data is a break on
    the chart and never a character handed to a font."""
    return str(text).splitlines() or [""]


def tokens(text: str) -> list[str]:
    """Pieces no line break may split: Latin words (with their trailing space) and
    single CJK characters, with kinsoku punctuation glued to its neighbour."""
    raw: list[str] = []
    word = ""
    for ch in text:
        if is_wide(ch):
            if word:
                raw.append(word)
                word = ""
            raw.append(ch)
        elif ch == " ":
            raw.append(word + " ")
            word = ""
        else:
            word += ch
    if word:
        raw.append(word)
    out: list[str] = []
    for tok in raw:
        if out and (tok[0] in NO_START or out[-1].rstrip()[-1:] in NO_END):
            out[-1] += tok
        else:
            out.append(tok)
    return out


def display_width(text: str) -> int:
    """Columns a string takes: CJK (wide) characters count twice."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def wrap(text: str, width: int) -> list[str]:
    """Wrap to ``width`` columns (a CJK character counts two), breaking where
    :func:`tokens` may (between words and CJK characters, kinsoku respected) and at
    every line break character (:func:`paragraphs`)."""
    lines: list[str] = []
    for para in paragraphs(text):
        line = ""
        for token in tokens(para):
            candidate = line + token
            if line and display_width(candidate.rstrip()) > width:
                lines.append(line.rstrip())
                line = token.lstrip()
            else:
                line = candidate
        lines.append(line.rstrip())
    return [ln for ln in lines if ln] or [""]
