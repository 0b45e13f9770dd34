"""The printed PDF (``viz.export.pages``): A4 or Letter landscape pages, every text at
10 pt or more, a chart too large for a page cut as the deck is, no line through a box
that is not one of its ends, the notes at the end.

Read from the output: page sizes with ``pdfinfo``, the printed size of every text run
with pypdf (font size times its text and page matrices), the pixels of every page
rendered by ``pdftoppm``, the links' targets from the PDF's annotations.  The lines and
boxes of each page are read from the SVG of the same Graphviz page the PDF is drawn
from (``tests.chart_geometry``): one drawing, two back ends.
"""

from __future__ import annotations

import io
import math
import re
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner

from c2graph.cli import cli
from tests import chart_geometry as geo
from tests.test_charts import SCENARIOS, STAMP_JA, TENTATIVE, assert_not_blank
from tests.test_export import need

A4 = (841.89, 595.28)
LETTER = (792.0, 612.0)


def export(*args, ok: bool = True):
    result = CliRunner().invoke(cli, ["export", *map(str, args)])
    assert (result.exit_code == 0) == ok, result.output
    return result


def page_sizes(pdf: Path) -> list[tuple[float, float]]:
    info = subprocess.run([need("pdfinfo"), "-f", "1", "-l", "9999", str(pdf)],
                          capture_output=True, text=True, check=True).stdout
    return [(float(w), float(h)) for w, h in
            re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+)", info)]


def text_runs(pdf: Path) -> list[list[tuple[float, str]]]:
    """Per page, (printed size in points, text) of every text run."""
    from pypdf import PdfReader

    out = []
    for page in PdfReader(io.BytesIO(pdf.read_bytes())).pages:
        runs: list[tuple[float, str]] = []

        def visit(text, cm, tm, font, size, runs=runs):
            if text.strip():
                runs.append((size * math.hypot(tm[0], tm[1]) * math.hypot(cm[0], cm[1]), text))

        page.extract_text(visitor_text=visit)
        out.append(runs)
    return out


def squeeze(text: str) -> str:
    """Text without white space: cairo sets kerned words as several runs ('Pa ge')."""
    return re.sub(r"\s+", "", text)


def cases():
    from c2graph.loaders import load_dataset

    ds = load_dataset(None)
    return [(sid, focus) for sid in SCENARIOS for focus in (None, "us.indopacom")
            if focus is None or focus in ds.scenarios[sid].actors]


@pytest.mark.parametrize("sid,focus", cases())
def test_pages_are_standard_sheets_with_print_size_text(tmp_path, sid, focus):
    """A4 by default, every page exactly the sheet; every text printed at 10 pt or
    more; every chart page carries its number, both banners, the as-of and source
    line and (a scenario not established) the stamp; every page renders."""
    cut = ["--focus", focus] if focus else []
    pdf = tmp_path / "a4.pdf"
    said = export("pdf", "-o", pdf, "--dataset", "bundled", "-s", sid, *cut).output
    sizes = page_sizes(pdf)
    assert re.search(rf"\b{len(sizes)} A4 landscape pages of {sid};", said), said
    assert sizes and all(s == A4 for s in sizes), sizes
    pages = text_runs(pdf)
    assert len(pages) == len(sizes)
    charts = [squeeze("".join(t for _, t in runs)) for runs in pages]
    total = sum(1 for text in charts if "Notes" not in text[:40])
    for number, (runs, text) in enumerate(zip(pages, charts), 1):
        assert min(size for size, _ in runs) >= 9.99, (number, min(runs))  # PDF rounding
        assert text.count("UNCLASSIFIED") >= 2, number
        if number <= total:
            assert f"{number}/{total}" in text and "produced" in text, number
            if sid in TENTATIVE:
                assert TENTATIVE[sid] in text, number
        else:
            assert "Notes" in text[:40], number
    assert "Sourcesofwhatisshown" in "".join(charts[total:])
    subprocess.run([need("pdftoppm"), "-png", "-r", "20", str(pdf), str(tmp_path / "p")],
                   check=True)
    rendered = sorted(tmp_path.glob("p*.png"))
    assert len(rendered) == len(sizes)
    for png in rendered:
        assert_not_blank(png)


def test_letter_pages_and_japanese(tmp_path):
    pdf = tmp_path / "letter.pdf"
    export("pdf", "-o", pdf, "--dataset", "bundled", "-s", "cfc-transfer", "--lang", "ja",
           "--page", "letter")
    sizes = page_sizes(pdf)
    assert sizes and all(s == LETTER for s in sizes)
    pages = text_runs(pdf)
    assert min(size for runs in pages for size, _ in runs) >= 9.99
    text = squeeze("".join(t for runs in pages for _, t in runs))
    assert STAMP_JA["cfc-transfer"] in text and "ページ" in text and "注記" in text
    assert "→slide" not in text and "スライド" not in text


def continued(svg: Path) -> set[str]:
    """The actors an SVG page draws as continuation boxes."""
    return {g.findtext(f"{geo.SVG}title") for g in ET.parse(svg).getroot().iter(f"{geo.SVG}g")
            if "continued" in (g.get("class") or "").split()}


@pytest.mark.parametrize("lang", ["en", "ja", "both"])
@pytest.mark.parametrize("sid,focus", cases())
def test_no_line_passes_through_a_box_on_any_page(tmp_path, sid, focus, lang):
    """Each page's SVG (the Graphviz page the PDF is drawn from): no line through a box
    but its ends or through a foreign frame, no text under 10 pt, nothing off the
    sheet, and every actor drawn in full on exactly one page."""
    from c2graph import api
    from c2graph.viz.export.build import focus as cut
    from c2graph.viz.export.common import ChartOptions
    from c2graph.viz.export.graphviz_run import draw
    from c2graph.viz.export.pages import PAPERS, PdfDeck
    from c2graph.viz.export.pdf_page import page_graph
    from c2graph.viz.export.pptx import compose

    g = api.scenario_graph(sid, dataset="bundled")
    drawn = cut([g], focus, None)[0]
    opts = ChartOptions(lang=lang, focus=focus)
    deck = PdfDeck(opts, "a4")
    compose([drawn], opts, [None], deck)
    full_on: dict[str, int] = {}
    for number, canvas in enumerate(deck.pages, 1):
        svg = tmp_path / f"{number}.svg"
        svg.write_bytes(draw(page_graph(canvas, PAPERS["a4"]), "svg"))
        d = geo.svg_drawing(svg)
        assert geo.problems(d) == [], number
        assert geo.min_text(d) >= 10.0, number
        assert all(0 <= b.x0 and b.x1 <= A4[0] and 0 <= b.y0 and b.y1 <= A4[1]
                   for b in list(d.boxes.values()) + list(d.frames.values())), number
        for n in d.boxes.keys() - continued(svg):
            assert n not in full_on, f"{n} in full on pages {full_on[n]} and {number}"
            full_on[n] = number
    assert set(full_on) == set(drawn.nodes)


def test_continuation_boxes_link_to_their_pages(tmp_path):
    """The overview's frame boxes and the continuation boxes are links to the page they
    name ('→ page N')."""
    from pypdf import PdfReader

    pdf = tmp_path / "j.pdf"
    export("pdf", "-o", pdf, "--dataset", "bundled", "-s", "jjoc-2025")
    reader = PdfReader(pdf)
    index = {page.indirect_reference.idnum: i for i, page in enumerate(reader.pages)}
    text = [squeeze(p.extract_text()) for p in reader.pages]
    targets = []
    for i, page in enumerate(reader.pages):
        for annot in page.get("/Annots") or []:
            a = annot.get_object()
            if a.get("/Subtype") == "/Link":
                targets.append((i, index[a["/Dest"][0].idnum]))
    assert len({i for i, _ in targets}) >= 3      # the overview and continued pages
    for source, target in targets:
        assert f"→page{target + 1}" in text[source], (source, target)


def test_several_scenarios_one_page_each(tmp_path):
    """Like the deck: each part once per scenario, in turn."""
    pdf = tmp_path / "two.pdf"
    said = export("pdf", "-o", pdf, "-s", "jjoc-2025", "-s", "us-jfc", "--dataset", "bundled",
                  "--focus", "us.indopacom").output
    assert "of jjoc-2025, us-jfc;" in said
    charts = [t for t in (squeeze("".join(t for _, t in runs)) for runs in text_runs(pdf))
              if "Notes" not in t[:40]]
    assert len(charts) >= 4 and len(charts) % 2 == 0
    from c2graph import api

    titles = [squeeze(api.scenario_graph(s, dataset="bundled").graph["title"])[:30]
              for s in ("jjoc-2025", "us-jfc")]
    for i, text in enumerate(charts):
        assert titles[i % 2] in text, i


def test_fit_is_one_page_the_charts_size(tmp_path):
    pdf = tmp_path / "fit.pdf"
    said = export("pdf", "-o", pdf, "--dataset", "bundled", "-s", "jjoc-2025", "--page", "fit")
    assert "scenario jjoc-2025;" in said.output
    assert len(page_sizes(pdf)) == 1 and page_sizes(pdf)[0] != A4


@pytest.mark.parametrize("args,message", [
    (["pdf", "--page", "leter"], "Error: unknown page size 'leter' (did you mean 'letter'?); choose one"
                              " of: a4, letter, fit\n"),
    (["pdf", "--page", ""], "Error: unknown page size ''; choose one of: a4, letter, fit\n"),
    (["svg", "--page", "a4"], "Error: --page is for pdf only, not svg\n"),
    (["svg", "-s", "us-jfc"], "Error: svg takes one --scenario (only pptx and a paged pdf make"
                              " one slide or page per scenario)\n"),
])
def test_bad_page_one_clear_error(tmp_path, args, message):
    out = tmp_path / "x.out"
    result = export(args[0], "-o", out, "--dataset", "bundled", "-s", "jjoc-2025", *args[1:],
                    ok=False)
    assert result.exit_code == 2
    assert result.output == message
    assert not out.exists()
