"""The legend strip of a slide, at 12 pt: what each line, outline and tag means.

Entries are flowed like words into rows as wide as the slide: a sample (a real line
of the type's colour and dash, a swatch) then its words.  A slide lists what changed against the
base (new, changed, removed) when it shows any — first, so it is never the part left
to the notes — the tentative outline, the line types it draws, the box shapes and the authorities written on command
lines (``labels.authority_legend``).  A deck reserves the rows its fullest slide needs,
so every slide's chart area is the same and the deck's plan holds; what does not fit
the rows it has is written in the slide's notes.
"""

from __future__ import annotations

from c2graph.viz import style
from c2graph.viz.export import changes, measure
from c2graph.viz.export.labels import MUTED, TEXT, authority_legend, rel_legend_text
from c2graph.viz.export.common import words
from c2graph.viz.export.slides.ooxml import MIN_PT, NO_LINE, Canvas, outline, rect, solid

SIZE = MIN_PT
ROW = SIZE * 1.55 + 2    # points per row (a Japanese line is 1.52 em)
SAMPLE = 28.0            # points of line sample or swatch before an entry's words
GAP = 14.0               # points between entries


def entries(g, lang: str) -> list[tuple[str, str, object, str]]:
    """(kind, key, line style, words) of every legend entry for the graph ``g`` shows."""
    present = {d.get("type") for *_, d in g.edges(data=True)}
    items = []
    marks = {changes.change_of(d) for _, d in g.nodes(data=True)} | \
        {changes.change_of(d) for *_, d in g.edges(data=True)}
    base = g.graph.get("compared_with", "")
    for change in ("added", "changed", "removed"):   # first: a slide never loses them
        if change in marks:
            word = changes.change_word(change, lang)
            items.append(("change", change, None,
                          f"{word} ({'基準' if lang == 'ja' else 'vs'} {base})"))
    if any(style.is_tentative(d.get("status")) for _, d in g.nodes(data=True)):
        items.append(("tentative", "tentative", None, words(lang)["tentative"]))
    items += [("line", rtype, ls, rel_legend_text(rtype, lang))
              for rtype, ls in style.LINE_STYLES.items() if rtype in present]
    items.append(("text", "kinds", None, words(lang)["kinds"]))
    auth = authority_legend(g, lang)
    if auth:
        items.append(("text", "authority", None, auth))
    return items


def rows(g, lang: str, width: float, most: int = 99):
    """(title width, rows of (x, width, entry), the words of the entries left over) in
    points: entries flowed like words into ``width``, at most ``most`` rows; a text too
    long for a row is broken between words.  What is left over goes to the notes."""
    title_w = measure.text_width(words(lang)["legend"], SIZE, True) + 8
    avail = width - title_w
    out: list[list[tuple[float, float, tuple]]] = [[]]
    left: list[str] = []
    x = 0.0
    for entry in entries(g, lang):
        if len(out) > most:
            left.append(entry[3])
            continue
        sample = 0.0 if entry[0] == "text" else SAMPLE
        texts = measure.balanced(entry[3], SIZE, avail - sample - 4) if entry[0] == "text" \
            else [entry[3]]
        for text in texts:
            w = sample + measure.text_width(text, SIZE) + 4
            if out[-1] and x + w > avail:
                out.append([])
                x = 0.0
            out[-1].append((x, w, (entry[0], entry[1], entry[2], text)))
            x += w + GAP
    if len(out) > most:     # the entry that opened one row too many goes to the notes
        extra = out[most:]
        out = out[:most]
        left[:0] = list(dict.fromkeys(e[2][3] for row in extra for e in row))
    return title_w, out, left


def draw(canvas: Canvas, lang: str, left: float, top: float, laid) -> None:
    """The legend at (``left``, ``top``) points, rows from ``rows``."""
    title_w, flowed, _ = laid
    h = ROW - 2
    canvas.shape("over", "Legend", "RECTANGLE", rect(left, top, title_w, h), textbox=True,
                 paras=[(words(lang)["legend"], SIZE, TEXT, True)], align="left", anchor="top")
    for r, row in enumerate(flowed):
        y = top + r * ROW
        for x0, w, (kind, key, ls, label) in row:
            x = left + title_w + x0
            mid = y + h / 2
            if kind == "line":
                canvas.polyline("over", f"Legend {key}", [(x * 12700, mid * 12700),
                                                          ((x + SAMPLE - 5) * 12700, mid * 12700)],
                                outline(ls.color, ls.width * (1.6 if ls.double else 1.0), ls.dash,
                                        ls.double, ls.arrow))
            elif kind in ("tentative", "change"):
                color = {"tentative": MUTED, "added": changes.HIGHLIGHT,
                         "changed": changes.HIGHLIGHT, "removed": changes.GHOST}[
                    key if kind == "change" else "tentative"]
                dash = "dashed" if key in ("tentative", "removed") else "solid"
                width = 2.5 if key in ("added", "changed") else 1.2
                canvas.shape("over", f"Legend {kind} {key}", "RECTANGLE",
                             rect(x + 2, mid - 5, SAMPLE - 8, 10), fill=solid("#ffffff"),
                             line=outline(color, width, dash))
            sample = 0.0 if kind == "text" else SAMPLE
            canvas.shape("over", f"Legend text {key}", "RECTANGLE",
                         rect(x + sample, y, w - sample, h), textbox=True, line=NO_LINE,
                         paras=[(label, SIZE, MUTED if kind == "text" else TEXT, False)],
                         align="left", anchor="top")
