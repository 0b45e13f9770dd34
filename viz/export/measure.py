"""Text measured the way Office will set it, so every box is sized to its words.

Why: a slide is drawn by PowerPoint or LibreOffice with their fonts, not by Graphviz,
so a box sized from the chart's layout can be too small for its text (the text spills
out, or a word is broken in the middle).  The PPTX asks for Arial (Latin) and Meiryo
(Japanese).  LibreOffice substitutes the metric-compatible Liberation Sans for Arial
and a CJK font (the bundled Noto Sans CJK JP through c2graph's fontconfig) for
Meiryo.  So a character is measured as the wider of Arial's advance (tabled below,
taken from Liberation Sans, whose advances equal Arial's) and the bundled Noto Sans
CJK JP's (read with PIL); ideographs and kana are one em in every one of these fonts.
Advances are summed without kerning, which can only make text narrower.

Lines are broken only between words or between CJK characters (never inside a Latin
word, never before a closing bracket or ``、。``, never after an opening one).

The inner text rectangle of each preset shape follows ECMA-376's
``presetShapeDefinitions.xml`` (as LibreOffice and PowerPoint implement it): an
ellipse sets text in its inscribed rectangle, a hexagon inside its slanted sides.
"""

from __future__ import annotations

import math
import unicodedata
from functools import lru_cache

from c2graph.graph.linebreak import NO_END, NO_START, is_wide, paragraphs, tokens  # noqa: F401

#: Arial / Liberation Sans advance widths (1/1000 em) of U+0020..U+007E.
_ARIAL = [int(v) for v in """
278 278 355 557 557 890 667 191 334 334 390 584 278 334 278 278 557 557 557 557 557 557 557 557
557 557 278 278 584 584 584 557 1016 667 667 723 723 667 611 778 723 278 500 667 557 834 723 778
667 778 723 667 611 723 667 944 667 667 611 278 278 278 470 557 334 557 557 500 557 557 278 557
557 223 223 500 223 834 557 557 557 557 334 500 278 557 500 723 500 500 500 334 260 334 584""".split()]
_ARIAL_BOLD = [int(v) for v in """
278 334 475 557 557 890 723 238 334 334 390 584 278 334 278 278 557 557 557 557 557 557 557 557
557 557 334 334 584 584 584 611 976 723 723 723 723 667 611 778 723 278 557 723 611 834 723 778
667 778 723 667 611 723 667 944 667 667 611 334 278 334 584 557 334 557 611 557 611 557 334 611
611 278 278 557 278 890 611 611 611 611 390 557 334 611 557 778 557 557 500 390 280 390 584""".split()]
#: A few Latin-1 and punctuation characters the data uses (regular; bold adds 5 %).
_ARIAL_EXTRA = {"\u00a0": 278, "\u00b7": 334, "\u00d7": 584, "\u00e9": 557, "\u00e8": 557,
                "\u00f3": 557, "\u00f6": 557, "\u00fc": 557, "\u2010": 334, "\u2013": 557,
                "\u2014": 1000, "\u2018": 222, "\u2019": 222, "\u201c": 334, "\u201d": 334,
                "\u2022": 350, "\u2026": 1000, "\u2212": 584}

LINE_LATIN = 1.22   # line height / font size: Arial single spacing (PowerPoint, LibreOffice)
LINE_CJK = 1.52     # ... a line with Japanese text (Meiryo 1.50, Noto Sans CJK JP 1.45)
SLACK = 1.03        # renderers round positions; a box is never sized to the last hair


@lru_cache(maxsize=1)
def _noto():
    from PIL import ImageFont

    from c2graph.viz import fonts

    return ImageFont.truetype(str(fonts.font_file()), 1000)


@lru_cache(maxsize=4096)
def char_em(ch: str, bold: bool = False) -> float:
    """The advance of one character in em: the wider of Arial's and Noto's (control
    and format characters take no room and are never measured by the font)."""
    if unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp"):
        return 0.0
    code = ord(ch)
    if 0x20 <= code <= 0x7E:
        arial = (_ARIAL_BOLD if bold else _ARIAL)[code - 0x20]
    else:
        arial = _ARIAL_EXTRA.get(ch, 0) * (1.05 if bold else 1.0)
    try:
        noto = _noto().getlength(ch) * (1.04 if bold else 1.0)   # FreeType emboldening
    except (OSError, ValueError, RuntimeError):
        noto = 0.0
    if is_wide(ch):
        noto = max(noto, 1000.0)
    if not arial and not noto and ch.isprintable():
        noto = 1000.0
    return max(arial, noto) / 1000.0


def text_width(text: str, size: float, bold: bool = False) -> float:
    """Points one line of ``text`` takes at ``size`` points."""
    return _ems(text, bold) * size * SLACK


@lru_cache(maxsize=1 << 16)
def _ems(text: str, bold: bool) -> float:
    """The advance of ``text`` in em (memoised: ``balanced`` measures the same pieces
    and candidate lines over and over while it looks for the narrowest width)."""
    return sum(char_em(c, bold) for c in text)


def line_height(text: str, size: float) -> float:
    """Points one line takes: Japanese fonts have taller lines than Arial."""
    return size * (LINE_CJK if any(is_wide(c) for c in text) else LINE_LATIN)


def block(lines: list[tuple[str, float, bool]]) -> tuple[float, float]:
    """(width, height) in points of paragraphs given as (text, size, bold)."""
    if not lines:
        return 0.0, 0.0
    return (max(text_width(t, s, b) for t, s, b in lines),
            sum(line_height(t, s) for t, s, _ in lines))


# -- breaking lines -------------------------------------------------------------------


def wrap(text: str, max_width: float, size: float, bold: bool = False) -> list[str]:
    """Greedy lines of at most ``max_width`` points, breaking only where allowed.

    A single piece wider than ``max_width`` keeps its own line (the box grows to it)
    rather than being cut.
    """
    lines: list[str] = []
    for para in paragraphs(text):
        line = ""
        for tok in tokens(para):
            candidate = line + tok
            if line and text_width(candidate.rstrip(), size, bold) > max_width:
                lines.append(line.rstrip())
                line = tok.lstrip()
            else:
                line = candidate
        lines.append(line.rstrip())
    return [ln for ln in lines if ln] or [""]


#: Endings of Japanese words in the names of posts and bodies: a line may break before
#: them rather than inside a word (合衆国|大統領, 参謀|本部|議長, not 合衆/国大統領).
WORD_ENDS = ("大統領", "司令部", "司令官", "委員会", "幕僚監部", "幕僚長", "作業部会", "部会",
             "本部", "議長", "長官", "大臣", "総隊", "艦隊", "協議", "次官")
#: Words after which a line may break (前方展開|米海軍|艦艇|共同|維持|整備).
WORD_STARTS_AFTER = ("展開", "海軍", "艦艇", "共同", "維持", "整備", "協力", "取得", "生産",
                     "防衛", "産業", "安全保障", "日米", "米韓", "統合", "作戦")
_KATAKANA = range(0x30A0, 0x3100)


def _script(ch: str) -> str:
    if ch == " ":
        return " "
    if not is_wide(ch):
        return "latin"
    return "kana" if ord(ch) in _KATAKANA else "wide"


def segments(text: str) -> list[str]:
    """Pieces between the places a name reads best broken: spaces, brackets, '・',
    a change between Latin, katakana and kanji, before a word ending (司令部, 大臣)
    and after a few common words (展開, 共同); no single kanji alone."""
    cuts = set()
    for i in range(1, len(text)):
        a, b = text[i - 1], text[i]
        if a == " " or b in "（([" or a in "）)]・、" or (
                _script(a) != _script(b) and " " not in (a, b)):
            cuts.add(i)
        if is_wide(a) and is_wide(b) and (
                any(text.startswith(end, i) for end in WORD_ENDS)
                or any(text.endswith(word, 0, i) for word in WORD_STARTS_AFTER)):
            cuts.add(i)
    out, start = [], 0
    for i in sorted(cuts) + [len(text)]:
        piece = text[start:i]
        if out and (piece[:1] in NO_START or out[-1].rstrip()[-1:] in NO_END):
            out[-1] += piece
        elif piece:
            out.append(piece)
        start = i
    # no single kanji left alone on a line: '米' joins its word, '軍' the word before
    merged: list[str] = []
    for i, piece in enumerate(out):
        if merged and len(merged[-1]) == 1 and is_wide(merged[-1]) and i == 1:
            merged[-1] += piece
        elif merged and len(piece) == 1 and is_wide(piece):
            merged[-1] += piece
        else:
            merged.append(piece)
    return merged


def _wrap_pieces(pieces: list[str], max_width: float, size: float, bold: bool) -> list[str]:
    lines, line = [], ""
    for piece in pieces:
        candidate = line + piece
        if line and text_width(candidate.rstrip(), size, bold) > max_width:
            lines.append(line.rstrip())
            line = piece.lstrip()
        else:
            line = candidate
    lines.append(line.rstrip())
    return [ln for ln in lines if ln]


def _narrowest(pieces, count: int, lo: float, hi: float, size: float, bold: bool) -> float:
    for _ in range(14):   # the narrowest width that still gives ``count`` lines
        mid = (lo + hi) / 2
        if len(_wrap_pieces(pieces, mid, size, bold)) <= count:
            hi = mid
        else:
            lo = mid
    return hi


def balanced(text: str, size: float, max_width: float, bold: bool = False,
             long_width: float | None = None, stretch: float = 1.0) -> list[str]:
    """The fewest lines within ``max_width``, as even as possible, broken between words
    ('アメリカ合衆国' / '大統領', 'DICAS' / 'サプライチェーン' / '強靱化作業部会').

    A word wider than ``max_width`` widens the lines rather than being cut; only a run
    of CJK text wider than ``long_width`` (1.6 × ``max_width``) with no word break in it
    is broken between two characters ('前方展開米海軍' / '艦艇共同維持整備').  Text
    within ``stretch`` × ``max_width`` stays on one line (a name a little too wide reads
    better whole than as '米太平洋' / '艦隊').
    """
    parts = paragraphs(text)
    if len(parts) > 1:
        return [ln for part in parts for ln in balanced(part, size, max_width, bold, long_width)]
    text = parts[0]
    long_width = long_width or max_width * 1.6
    if text_width(text, size, bold) <= max_width * stretch:
        return [text]
    pieces: list[str] = []
    for seg in segments(text):
        if text_width(seg.strip(), size, bold) > long_width and any(is_wide(c) for c in seg):
            pieces += tokens(seg)
        else:
            pieces.append(seg)
    widest = max((text_width(p.strip(), size, bold) for p in pieces), default=0.0)
    width = max(max_width, widest)
    lines = _wrap_pieces(pieces, width, size, bold)
    if len(lines) <= 1:
        return lines or [""]
    whole = text_width(text, size, bold)
    width = _narrowest(pieces, len(lines), max(widest, whole / len(lines)), width, size, bold)
    return _wrap_pieces(pieces, width, size, bold)


# -- shapes -----------------------------------------------------------------------------

def text_insets(kind: str, w: float, h: float,
                adj: float | None = None) -> tuple[float, float, float, float]:
    """(left, top, right, bottom) insets of a preset shape's text rectangle.

    ``kind`` is a python-pptx ``MSO_SHAPE`` name; ``adj`` the shape's first
    adjustment as a fraction (python-pptx's ``adjustments[0]``), else the default.
    """
    if kind == "OVAL":          # idx = wd2 * cos 45°
        dx, dy = w / 2 * (1 - math.cos(math.pi / 4)), h / 2 * (1 - math.sin(math.pi / 4))
        return dx, dy, dx, dy
    if kind == "ROUNDED_RECTANGLE":   # il = ss * adj * 29289 / 1e5
        a = 0.16667 if adj is None else min(max(adj, 0.0), 0.5)
        il = min(w, h) * a * 0.29289
        return il, il, il, il
    if kind == "HEXAGON":       # adj 25000, vf 115470
        ss = min(w, h)
        max_adj = 50000 * w / ss
        a = min(max(25000 if adj is None else adj * 100000, 0), max_adj)
        q1 = -max_adj / 2
        q2 = a + q1
        q3, q4, q5 = (4, 3, q1) if q2 > 0 else (2, 2, 0)
        q8 = q3 + (a + q5) / q1 * q4 / -1
        return w * q8 / 24, h * q8 / 24, w * q8 / 24, h * q8 / 24
    return 0.0, 0.0, 0.0, 0.0


def inner_size(kind: str, w: float, h: float, margin_x: float, margin_y: float,
               adj: float | None = None) -> tuple[float, float]:
    """(width, height) left for text in a shape, after its text rectangle and margins."""
    left, top, right, bottom = text_insets(kind, w, h, adj)
    return w - left - right - 2 * margin_x, h - top - bottom - 2 * margin_y


def shape_size(kind: str, text_w: float, text_h: float, margin_x: float,
               margin_y: float) -> tuple[float, float]:
    """The smallest (w, h) of a ``kind`` shape whose text rectangle holds the text."""
    w, h = text_w + 2 * margin_x, text_h + 2 * margin_y
    for _ in range(60):
        iw, ih = inner_size(kind, w, h, margin_x, margin_y)
        if iw >= text_w - 1e-6 and ih >= text_h - 1e-6:
            break
        w += max(0.0, text_w - iw) * 1.05 + 0.01
        h += max(0.0, text_h - ih) * 1.05 + 0.01
    return w, h
