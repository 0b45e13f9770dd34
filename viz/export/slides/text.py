"""What goes in a slide's boxes and how large each box is: every text at >= 12 pt.

A box's lines are broken here, between words (``measure.balanced``), and the box is
sized to hold them as Office sets them (``measure.shape_size``: an ellipse sets text
in its inscribed rectangle).  Sizes are taken over English and Japanese together
(``langs``), so the layout engine places paired decks identically and their slides
line up; ``both`` is sized on its own.
"""

from __future__ import annotations

from c2graph.viz import style
from c2graph.viz.export import changes, measure
from c2graph.viz.export.labels import MUTED, TEXT, label_parts
from c2graph.viz.export.slides.ooxml import MIN_PT, SHAPES, Para
from c2graph.viz.export.slides.overview import KEY
from c2graph.viz.layout.frames import frame_nation, frame_title

NAME_PT = MIN_PT       # box names (and every other box line) on a slide at scale 1
NAME_EM = 11.0         # the widest name line, in ems (a longer name takes more lines)
#: An ellipse holds its text in its inscribed rectangle (1.41 x the text each way), a
#: hexagon between its slanted sides: wider, fewer lines cost them less height.
WIDER = {"OVAL": 1.3, "HEXAGON": 1.5}
PAD_X, PAD_Y = 4.0, 1.5    # text-frame margins, points
LABEL_PT = MIN_PT      # authority labels on lines
FRAME_PT = MIN_PT      # frame titles


def kind(d: dict) -> str:
    """The python-pptx preset of an actor's box."""
    return SHAPES.get(style.KIND_SHAPES.get(d.get("kind"), "box"), "RECTANGLE")


def paired(lang: str) -> tuple[str, ...]:
    """English and Japanese decks share sizes (and positions); 'both' has its own."""
    return ("both",) if lang == "both" else ("en", "ja")


def box_paras(d: dict, lang: str, size: float = NAME_PT, more: str | None = None) -> list[Para]:
    """An actor's lines at ``size``: the name(s), then short name, status and what
    changed in grey (orange for new or changed), then ``more`` (a continuation box:
    where its subtree goes on) in bold in the nation's colour."""
    if KEY in d:
        return frame_box_paras(d, lang, size, more)
    if lang == "both":
        parts = [style.actor_label(d, "en")] + ([d["name_ja"]] if d.get("name_ja") else [])
    else:
        parts = [style.actor_label(d, lang)]
    change = changes.change_of(d)
    color = changes.GHOST if change == "removed" else TEXT
    em = NAME_EM * WIDER.get(kind(d), 1.0)
    paras = [(ln, size, color, False) for part in parts
             for ln in measure.balanced(part, size, em * size, stretch=1.25)]
    # short name and status (rank and full details are in the notes' list of actors)
    _, meta = label_parts(d, lang, 18)
    if d.get("rank") in meta:
        meta.remove(d["rank"])
    if change:
        word = changes.change_word(change, lang)
        meta.append(word.upper() if lang == "en" else word)
    if meta:
        wide = max([measure.text_width(t, size) for t, *_ in paras] + [em * size])
        mcolor = changes.HIGHLIGHT if change in ("added", "changed") else \
            (changes.GHOST if change == "removed" else MUTED)
        paras += [(ln, size, mcolor, False)
                  for ln in measure.balanced(" · ".join(meta), size, wide, stretch=1.25)]
    if more:
        paras.append((more, size, style.NATION_COLORS.get(d.get("nation"), TEXT), True))
    return paras


def frame_box_paras(d: dict, lang: str, size: float, more: str | None) -> list[Para]:
    """An overview box: the frame's title in its colour, its top actors, where it goes on
    (without top actors, as an overview too wide for the slide has: the title narrower)."""
    frame, _, tops = d[KEY]
    color = style.NATION_COLORS.get(frame_nation(frame), TEXT)
    title = frame_title(frame, lang)
    names = " · ".join(tops["ja" if lang == "ja" else "en"][:3])
    em = NAME_EM if names else NAME_EM * 0.6     # titles only: a narrower box, more lines
    paras = [(ln, size, color, True) for ln in measure.balanced(title, size, em * size, True)]
    wide = max([measure.text_width(t, size, True) for t, *_ in paras] + [NAME_EM * size])
    paras += [(ln, size, TEXT, False) for ln in measure.balanced(names, size, wide)] if names else []
    if more:
        paras.append((more, size, color, True))
    return paras


def box_size(ds, langs, more: dict[str, str] | None = None) -> tuple[float, float]:
    """(w, h) in points of the smallest box holding an actor's lines in every one of
    ``langs`` and of its versions ``ds`` (one attribute dict, or one per scenario);
    ``more``: the continuation line per language."""
    tw = th = 0.0      # the text block holding every one, then the shape round it
    for d in [ds] if isinstance(ds, dict) else ds:
        for lang in langs:
            paras = box_paras(d, lang, NAME_PT, (more or {}).get(lang))
            w, h = measure.block([(t, s, b) for t, s, _, b in paras])
            tw, th = max(tw, w), max(th, h)
    w, h = measure.shape_size(kind(d), max(tw, 2.2 * NAME_PT), th, PAD_X, PAD_Y)
    return round(w + 0.5, 1), round(h + 0.5, 1)


def line_size(texts, size: float, bold: bool = False) -> tuple[float, float]:
    """(w, h) of the widest of one-line ``texts``."""
    texts = [t for t in texts if t] or [""]
    return (max(measure.text_width(t, size, bold) for t in texts),
            max(measure.line_height(t, size) for t in texts))
