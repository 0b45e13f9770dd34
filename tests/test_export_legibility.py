"""Legibility of the briefing charts: text fits its boxes, words stay whole, labels
are not stacked, fan-outs keep their rows, the slide is used.

The PPTX checks read the deck back and measure every paragraph of every text-bearing
shape with the fonts Office will use (``viz.export.measure``) against the shape's
text rectangle (the preset's inset, then the frame's margins).  The LibreOffice check
does not trust that measure: it renders the deck, reads where every word was drawn
(``pdftotext -bbox``) and checks each word lies inside its shape, on the lines the
deck wrote (a renderer that wrapped 'INDOPACOM' into 'INDOP' / 'ACOM' would add a line).
"""

from __future__ import annotations

import os
import re
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from tests.test_export import need, run, write_dataset
from c2graph.viz.export import measure

EMU_PT = 12700
SVG = "{http://www.w3.org/2000/svg}"
COCOMS = ("us.africom", "us.centcom", "us.cybercom", "us.eucom", "us.indopacom", "us.northcom",
          "us.socom", "us.southcom", "us.spacecom", "us.stratcom", "us.transcom")


@pytest.fixture(autouse=True)
def fixed_date(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")   # 2026-01-01


@pytest.fixture(scope="module")
def lite(tmp_path_factory) -> Path:
    return write_dataset(tmp_path_factory.mktemp("legible") / "lite")


@pytest.fixture(scope="module")
def decks(tmp_path_factory, bundled) -> dict[str, Path]:
    """The decks a briefer makes: us-jfc in Japanese with a marking (the issue's
    done-when) and the lead's two-scenario deck in both languages."""
    folder = tmp_path_factory.mktemp("decks")
    out = {"ja": folder / "us-jfc-ja.pptx", "both": folder / "two-both.pptx",
           "en": folder / "us-jfc-en.pptx"}
    saved = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = "1767225600"
    run("pptx", "-o", out["ja"], "--dataset", "bundled", "-s", "us-jfc", "--lang", "ja",
        "--marking", "UNCLASSIFIED//FOUO")
    run("pptx", "-o", out["both"], "--dataset", "bundled", "-s", "jjoc-2025", "-s", "us-jfc",
        "--lang", "both", "--marking", "UNCLASSIFIED//FOR REVIEW")
    run("pptx", "-o", out["en"], "--dataset", "bundled", "-s", "us-jfc", "--lang", "en")
    if saved is None:
        del os.environ["SOURCE_DATE_EPOCH"]
    else:
        os.environ["SOURCE_DATE_EPOCH"] = saved
    return out


# -- reading a deck back ----------------------------------------------------------------------

def kind_of(shape) -> str:
    from pptx.enum.shapes import MSO_SHAPE_TYPE

    if shape.shape_type == MSO_SHAPE_TYPE.AUTO_SHAPE:
        return shape.auto_shape_type.name if shape.auto_shape_type else "RECTANGLE"
    return "RECTANGLE"      # text boxes


def paragraphs(shape) -> list[tuple[str, float, bool]]:
    """(text, size, bold) of every paragraph; every run must carry its own size."""
    out = []
    for p in shape.text_frame.paragraphs:
        runs = p.runs
        if not runs:
            continue
        sizes = {r.font.size for r in runs}
        assert None not in sizes, f"{shape.name}: a run without an explicit size"
        assert len(sizes) == 1
        out.append(("".join(r.text for r in runs), runs[0].font.size.pt, bool(runs[0].font.bold)))
    return out


def text_rect(shape) -> tuple[float, float, float, float]:
    """(x0, y0, x1, y1) in points of where the shape's text may go."""
    x, y = shape.left / EMU_PT, shape.top / EMU_PT
    w, h = shape.width / EMU_PT, shape.height / EMU_PT
    adj = shape.adjustments[0] if getattr(shape, "adjustments", None) and \
        len(shape.adjustments) else None
    left, top, right, bottom = measure.text_insets(kind_of(shape), w, h, adj)
    tf = shape.text_frame
    return (x + left + tf.margin_left / EMU_PT, y + top + tf.margin_top / EMU_PT,
            x + w - right - tf.margin_right / EMU_PT, y + h - bottom - tf.margin_bottom / EMU_PT)


def text_shapes(path: Path):
    """(slide number, shape) of every shape that holds text."""
    from pptx import Presentation

    for number, slide in enumerate(Presentation(str(path)).slides, 1):
        for shape in slide.shapes:
            if shape.has_text_frame and shape.text_frame.text.strip():
                yield number, shape


# -- every text fits its box --------------------------------------------------------------------

def check_fits(path: Path) -> int:
    """Assert every paragraph of every text shape fits its text rectangle; count them."""
    from pptx.enum.text import MSO_AUTO_SIZE

    checked = 0
    for number, shape in text_shapes(path):
        tf = shape.text_frame
        where = f"{path.name} slide {number} {shape.name!r}"
        assert tf.word_wrap is False, f"{where}: the renderer would wrap (and break words)"
        assert tf.auto_size == MSO_AUTO_SIZE.NONE, f"{where}: autofit (LibreOffice ignores it)"
        x0, y0, x1, y1 = text_rect(shape)
        paras = paragraphs(shape)
        for text, size, bold in paras:
            width = measure.text_width(text, size, bold)
            assert width <= x1 - x0 + 0.01, \
                f"{where}: {text!r} at {size} pt is {width:.1f} pt wide, the box holds {x1 - x0:.1f}"
        height = sum(measure.line_height(t, s) for t, s, _ in paras)
        if not shape.name.startswith("Frame "):       # a frame's title sits at its top
            assert height <= y1 - y0 + 0.01, \
                f"{where}: {len(paras)} lines take {height:.1f} pt, the box holds {y1 - y0:.1f}"
        checked += 1
    return checked


@pytest.mark.parametrize("lang", ["en", "ja", "both"])
def test_every_text_fits_its_box_literal(tmp_path, lite, lang):
    deck = tmp_path / "deck.pptx"
    run("pptx", "-o", deck, "--dataset", lite, "-s", "base", "-s", "reform", "--lang", lang,
        "--marking", "UNCLASSIFIED//FOR OFFICIAL USE ONLY//A VERY LONG MARKING TO TEST")
    assert check_fits(deck) > 30


@pytest.mark.parametrize("which", ["ja", "both", "en"])
def test_every_text_fits_its_box_bundled(decks, which):
    assert check_fits(decks[which]) > 50


def test_long_names_and_title_fit(tmp_path, lite):
    """A long title shrinks or wraps; a long unbroken name widens its box."""
    actors = (Path(lite) / "org.yaml").read_text(encoding="utf-8").replace(
        "name_en: US Component,", "name_en: Supercalifragilisticexpialidocious Component"
        " Command for Extremely Long Names,").replace(
        "name_ja: 自衛艦隊", "name_ja: 自衛艦隊前方展開艦艇共同維持整備作業部会長期計画検討委員会")
    data = write_dataset(tmp_path / "long", actors)
    deck = tmp_path / "long.pptx"
    for lang in ("en", "ja", "both"):
        run("pptx", "-o", deck, "--dataset", data, "-s", "base", "--lang", lang,
            "--title", "A title far longer than any slide is wide, " * 4)
        check_fits(deck)
        shapes = {s.name: s for _, s in text_shapes(deck)}
        if lang != "ja":
            lines = [p for p, _, _ in paragraphs(shapes["us.leaf"])]
            assert "Supercalifragilisticexpialidocious" in lines     # a word kept whole


# -- words stay whole ---------------------------------------------------------------------------

def test_no_word_broken_in_a_box(decks, bundled):
    """Every actor's first lines join back into its names (the short name and status
    follow), and no line ends inside a Latin word (the renderer never wraps: the
    deck's lines are the drawn lines)."""
    from c2graph.viz import style

    for which, path in decks.items():
        for _, shape in text_shapes(path):
            if shape.name not in bundled.scenarios["us-jfc"].actors and \
                    shape.name not in bundled.scenarios["jjoc-2025"].actors:
                continue
            lines = [t for t, _, _ in paragraphs(shape)]
            attrs = _attrs(bundled, shape.name)
            name = style.actor_label(attrs, "en") + "\n" + attrs["name_ja"] if which == "both" \
                else style.actor_label(attrs, which)
            at = 0
            for line in lines:            # the lines, in order, are the name's words
                if at == len(name):
                    break                 # the short name and status line
                assert name.startswith(line, at), (path.name, shape.name, lines, name)
                at += len(line)
                if at < len(name) and name[at] in " \n":
                    at += 1               # broken at a space or between the names
                elif at < len(name):      # between two characters: never inside a word
                    a, b = name[at - 1], name[at]
                    assert not (a.isascii() and a.isalnum() and b.isascii() and b.isalnum()), \
                        f"{path.name} {shape.name}: {lines}"
            assert at == len(name), (path.name, shape.name, lines, name)


def _attrs(bundled, actor_id: str) -> dict:
    for sid in ("us-jfc", "jjoc-2025"):
        actor = bundled.scenarios[sid].actors.get(actor_id)
        if actor is not None:
            return actor.properties()
    raise KeyError(actor_id)


# -- the LibreOffice render ----------------------------------------------------------------------

def rendered_words(pdf: Path) -> list[list[tuple[float, float, float, float, str]]]:
    """Per page: (x0, y0, x1, y1, text) of every word pdftotext finds."""
    html = subprocess.run([need("pdftotext"), "-bbox", pdf, "-"], capture_output=True,
                          text=True, check=True).stdout
    html = re.sub(r"<!DOCTYPE[^>]*>", "", html)
    root = ET.fromstring(html)
    pages = []
    for page in root.iter("{http://www.w3.org/1999/xhtml}page"):
        pages.append([(float(w.get("xMin")), float(w.get("yMin")), float(w.get("xMax")),
                       float(w.get("yMax")), w.text or "")
                      for w in page.iter("{http://www.w3.org/1999/xhtml}word")])
    return pages


def render_pdf(deck: Path, folder: Path) -> Path:
    from c2graph.viz import fonts

    env = dict(os.environ, FONTCONFIG_FILE=str(fonts.fontconfig_file(include_system=True)),
               HOME=str(folder))
    subprocess.run([need("soffice"), "--headless", "--convert-to", "pdf", "--outdir", folder, deck],
                   env=env, check=True, capture_output=True, timeout=300)
    return folder / (deck.stem + ".pdf")


def test_libreoffice_draws_every_word_inside_its_shape(tmp_path, decks):
    """Where LibreOffice actually put each word of the Japanese us-jfc deck."""
    pdf = render_pdf(decks["ja"], tmp_path)
    pages = rendered_words(pdf)
    checked = 0
    for number, shape in text_shapes(decks["ja"]):
        if shape.name.startswith("Frame "):
            continue                        # a frame holds the boxes inside it
        x0, y0, x1, y1 = (shape.left / EMU_PT, shape.top / EMU_PT,
                          (shape.left + shape.width) / EMU_PT, (shape.top + shape.height) / EMU_PT)
        mine = [w for w in pages[number - 1]
                if x0 - 0.5 <= (w[0] + w[2]) / 2 <= x1 + 0.5 and y0 - 0.5 <= (w[1] + w[3]) / 2 <= y1 + 0.5]
        lines: list[list] = []
        for w in sorted(mine, key=lambda w: (round(w[1]), w[0])):
            if lines and abs(lines[-1][0][1] - w[1]) < 1.5:
                lines[-1].append(w)
            else:
                lines.append([w])
        drawn = ["".join(w[4] for w in sorted(line)) for line in lines]
        wanted = [t.replace(" ", "") for t, _, _ in paragraphs(shape)]
        assert drawn == wanted, f"{shape.name}: drawn {drawn}, written {wanted}"
        tx0, ty0, tx1, ty1 = text_rect(shape)
        for w in mine:      # inside the text rectangle (glyph boxes: a little slack)
            assert tx0 - 1.5 <= w[0] and w[2] <= tx1 + 1.5, f"{shape.name}: {w[4]!r} spills out"
            assert y0 - 1.0 <= w[1] and w[3] <= y1 + 1.0, f"{shape.name}: {w[4]!r} spills out"
        checked += 1
    assert checked > 60


# -- authority labels ---------------------------------------------------------------------------

def rect_of(shape) -> tuple[int, int, int, int]:
    return (shape.left, shape.top, shape.left + shape.width, shape.top + shape.height)


def test_authority_labels_once_per_bus_and_never_stacked(decks, bundled):
    """A commander's lines of one authority carry it once (the eleven combatant
    commands: one 最高指揮 beside the Secretary's bus, not eleven); no label covers
    another label or a box; plain national command is not written."""
    from pptx import Presentation

    slides = list(Presentation(str(decks["ja"])).slides)
    secdef = next(sl for sl in slides
                  if {"us.secdef", "us.africom", "us.eucom"} <= {s.name for s in sl.shapes})
    labels = [s for s in secdef.shapes if s.name.startswith("Label ")]
    mine = [s for s in labels if ":us.secdef:" in s.name]
    assert [s.text_frame.text for s in mine] == ["最高指揮"]
    for slide in slides:
        boxes = [rect_of(s) for s in slide.shapes
                 if s._element.xpath("./*/p:cNvPr")[0].get("descr", "").startswith("actor:")]
        placed = [rect_of(s) for s in slide.shapes if s.name.startswith("Label ")]
        texts = [s.text_frame.text for s in slide.shapes if s.name.startswith("Label ")]
        assert all(t in ("戦闘指揮", "作戦統制", "最高指揮") for t in texts), texts
        for i, a in enumerate(placed):
            for b in placed[i + 1:] + boxes:
                assert not (a[0] < b[2] and a[2] > b[0] and a[1] < b[3] and a[3] > b[1]), (a, b)
    said = " ".join(s.text_frame.text for sl in slides for s in sl.shapes
                    if s.name.startswith("Legend text")) + \
        " ".join(sl.notes_slide.notes_text_frame.text for sl in slides)
    assert "戦闘指揮（COCOM）" in said and "表示なし＝指揮（COMMAND）" in said


def test_chart_labels_a_shared_authority_once(tmp_path):
    out = tmp_path / "us-jfc.svg"
    run("svg", "-o", out, "--dataset", "bundled", "-s", "us-jfc", "--lang", "ja")
    texts = [t.text or "" for t in ET.parse(out).getroot().iter(f"{SVG}text")]
    # COCOM: INDOPACOM's fan-out; OPCON: the JFC and the four components over their forces
    assert texts.count("戦闘指揮") == 1 and texts.count("作戦統制") == 5
    # NCA: the three heads of state or government, and the Secretary's fan-out
    assert texts.count("最高指揮") == 4 and "指揮" not in texts


# -- rows and the use of the slide ----------------------------------------------------------------

def test_combatant_commands_on_one_slide_below_the_secretary(decks, tmp_path):
    from pptx import Presentation

    slide = next(sl for sl in Presentation(str(decks["ja"])).slides
                 if "us.secdef" in {s.name for s in sl.shapes}
                 and "us.africom" in {s.name for s in sl.shapes})
    shapes = {s.name.removeprefix("Continued "): s for s in slide.shapes}
    assert set(COCOMS) <= set(shapes)
    assert all(shapes[n].top > shapes["us.secdef"].top + shapes["us.secdef"].height
               for n in COCOMS)
    # the chart (SVG) stacks them in columns under the Secretary (tests/test_charts.py)
    svg = tmp_path / "chart.svg"
    run("svg", "-o", svg, "--dataset", "bundled", "-s", "us-jfc", "--lang", "ja")
    ys = {}
    for g in ET.parse(svg).getroot().iter(f"{SVG}g"):
        if "node" in (g.get("class") or "").split():    # a box's first line of text
            ys[g.findtext(f"{SVG}title")] = min(float(t.get("y")) for t in g.iter(f"{SVG}text"))
    assert all(ys[n] > ys["us.secdef"] for n in COCOMS)
    assert ys["us.pacflt"] > ys["us.indopacom"]


def test_the_chart_keeps_to_its_area(decks):
    """Frames and boxes between the title and the legend, inside the slide; every box
    of a slide at one text size (none shrunk to fit), 12 pt or more."""
    from pptx import Presentation

    for which in ("ja", "both"):
        prs = Presentation(str(decks[which]))
        for slide in prs.slides:
            shapes = {s.name: s for s in slide.shapes}
            drawn = [s for s in slide.shapes if s.name.startswith("Frame ") or
                     s._element.xpath("./*/p:cNvPr")[0].get("descr", "").startswith("actor:")]
            title = shapes["Title"]
            legend_top = min(s.top for n, s in shapes.items() if n.startswith("Legend"))
            assert min(s.top for s in drawn) >= title.top + title.height
            assert max(s.top + s.height for s in drawn) <= legend_top
            assert min(s.left for s in drawn) >= 0
            assert max(s.left + s.width for s in drawn) <= prs.slide_width
            fonts = {p[1] for s in drawn if not s.name.startswith("Frame ") for p in paragraphs(s)}
            assert len(fonts) == 1 and min(fonts) >= 12.0, fonts


# -- the measure itself -----------------------------------------------------------------------

def test_measure_breaks_between_words_only():
    assert measure.balanced("INDOPACOM", 10, 20) == ["INDOPACOM"]          # never cut
    assert measure.balanced("Chairman of the Joint Chiefs of Staff (ROK)", 10, 110) == \
        ["Chairman of the Joint", "Chiefs of Staff (ROK)"]
    assert measure.balanced("アメリカ合衆国大統領", 10, 70) == ["アメリカ", "合衆国大統領"]
    assert measure.balanced("米統合作戦司令部（構想）", 10, 85) == ["米統合作戦", "司令部（構想）"]
    assert measure.balanced("韓国合同参謀本部議長", 10, 62) == ["韓国合同参謀", "本部議長"]
    # a bracket never starts a line alone, a closing one never opens a line
    for width in range(30, 150, 7):
        for line in measure.balanced("日米安全保障協議委員会（「2+2」）", 10, width):
            assert line[0] not in "）」" and line[-1] not in "（「"


def test_measure_widths_and_text_rectangles():
    assert measure.text_width("統合", 10) == pytest.approx(20 * measure.SLACK)
    assert measure.text_width("i", 10) < measure.text_width("W", 10)
    assert measure.text_width("INDOPACOM", 10, bold=True) > measure.text_width("INDOPACOM", 10)
    # ellipse: the inscribed rectangle; hexagon (w >= h, default adjust): (w + h) / 12
    left, top, _, _ = measure.text_insets("OVAL", 100, 40)
    assert left == pytest.approx(50 * (1 - 0.5 ** 0.5)) and top == pytest.approx(20 * (1 - 0.5 ** 0.5))
    assert measure.text_insets("HEXAGON", 120, 40)[0] == pytest.approx(160 / 12)
    assert measure.text_insets("RECTANGLE", 50, 20) == (0, 0, 0, 0)
    for kind in ("OVAL", "HEXAGON", "ROUNDED_RECTANGLE", "RECTANGLE"):
        w, h = measure.shape_size(kind, 80, 30, 2, 1)
        iw, ih = measure.inner_size(kind, w, h, 2, 1)
        assert 80 <= iw < 84 and 30 <= ih < 33
