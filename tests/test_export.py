"""``c2graph export``: charts (SVG, PNG, PDF, PPTX), their structure, fonts and errors.

Every test drives the real command (click's CliRunner or a subprocess) on a small
literal dataset written here, or on the bundled dataset, and checks what was written
by parsing it: SVG and PPTX structure, PNG and PDF headers, fonts and text.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import textwrap
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner

from c2graph.cli import cli
from c2graph.graph.schema import REL_TYPES

SVG = "{http://www.w3.org/2000/svg}"
CI = os.environ.get("CI") == "true"

SOURCES = """\
sources:
  src-a: {title: Source A, url: "https://example.org/a"}
  src-b: {title: 出典B}
"""
ACTORS = """\
actors:
  - {id: us.top, kind: Office, name_en: US Top Office, name_ja: 米国トップ, short: UST, nation: US, status: established, sources: [src-a]}
  - {id: us.cmd, kind: Command, name_en: US Regional Command, name_ja: 米地域軍, short: USRC, nation: US, status: established, rank: O-10, sources: ["src-a#sec 2"]}
  - {id: us.leaf, kind: Command, name_en: US Component, name_ja: 米構成部隊, nation: US, status: established, sources: [src-a]}
  - {id: us.adv, kind: Office, name_en: US Adviser, name_ja: 米助言者, nation: US, status: established, sources: [src-a]}
  - {id: us.sup, kind: Command, name_en: US Supporting Command, name_ja: 米支援軍, nation: US, status: established, sources: [src-a]}
  - {id: jp.pm, kind: Office, name_en: Prime Minister, name_ja: 内閣総理大臣, short: PM, nation: JP, status: established, sources: [src-b]}
  - {id: jp.mod, kind: Office, name_en: Minister of Defense, name_ja: 防衛大臣, short: MOD, nation: JP, status: established, sources: [src-b]}
  - {id: jp.staff, kind: Staff, name_en: Joint Staff, name_ja: 統合幕僚監部, short: JS, nation: JP, status: established, sources: [src-b]}
  - {id: jp.jjoc, kind: Command, name_en: Joint Operations Command, name_ja: 統合作戦司令部, short: JJOC, nation: JP, status: established, sources: [src-b]}
  - {id: jp.fleet, kind: Command, name_en: Self Defense Fleet, name_ja: 自衛艦隊, nation: JP, status: established, sources: [src-b]}
  - {id: jp.agency, kind: Office, name_en: Acquisition Agency, name_ja: 防衛装備庁, nation: JP, status: established, sources: [src-b]}
  - {id: kr.pres, kind: Office, name_en: ROK President, name_ja: 韓国大統領, nation: KR, status: established, sources: [src-a]}
  - {id: combined.cfc, kind: Command, name_en: Combined Forces Command, name_ja: 米韓連合司令部, short: CFC, nation: COMBINED, status: established, sources: [src-a]}
  - {id: combined.forum, kind: Forum, name_en: Industrial Forum, name_ja: 産業協議体, nation: COMBINED, status: established, sources: [src-a]}
relationships:
  - {from: us.top, type: COMMANDS, to: us.cmd, authority: NCA, sources: [src-a]}
  - {from: us.cmd, type: COMMANDS, to: us.leaf, authority: OPCON, sources: [src-a]}
  - {from: us.top, type: SUPERVISES, to: us.sup, sources: [src-a]}
  - {from: us.adv, type: ADVISES, to: us.top, sources: [src-a]}
  - {from: us.adv, type: TRANSMITS_ORDERS, to: us.cmd, sources: [src-a]}
  - {from: us.sup, type: SUPPORTS, to: us.cmd, sources: [src-a]}
  - {from: jp.pm, type: COMMANDS, to: jp.mod, authority: NCA, sources: [src-b]}
  - {from: jp.mod, type: COMMANDS, to: jp.jjoc, authority: COMMAND, sources: [src-b]}
  - {from: jp.jjoc, type: COMMANDS, to: jp.fleet, authority: COMMAND, sources: ["src-b#第8条"]}
  - {from: jp.mod, type: SUPERVISES, to: jp.agency, sources: [src-b]}
  - {from: jp.staff, type: ASSISTS, to: jp.mod, sources: [src-b]}
  - {from: us.cmd, type: COORDINATES_WITH, to: jp.jjoc, sources: [src-a]}
  - {from: us.cmd, type: DUAL_HATTED_WITH, to: combined.cfc, sources: [src-a]}
  - {from: kr.pres, type: COMMANDS, to: combined.cfc, authority: OPCON, sources: [src-a]}
  - {from: us.sup, type: MEMBER_OF, to: combined.forum, sources: [src-a]}
  - {from: jp.agency, type: MEMBER_OF, to: combined.forum, sources: [src-b]}
"""
BASE = """\
id: base
title: Base situation
status: established
date: "2025-03-24"
sources: [src-a]
description: The situation before the reform.
"""
REFORM = """\
id: reform
title: A proposed joint force commander
status: proposed
base: base
sources: [src-b]
changes:
  add_actors:
    - {id: us.jfc, kind: Command, name_en: US Joint Force Commander, name_ja: 米統合軍司令官, short: JFC, nation: US, status: proposed, sources: [src-b]}
  remove_relationships:
    - {from: us.cmd, type: COMMANDS, to: us.leaf}
  add_relationships:
    - {from: us.cmd, type: COMMANDS, to: us.jfc, authority: OPCON, sources: [src-b]}
    - {from: us.jfc, type: COMMANDS, to: us.leaf, authority: OPCON, sources: [src-b]}
"""


def write_dataset(folder: Path, actors: str = ACTORS) -> Path:
    (folder / "scenarios").mkdir(parents=True)
    (folder / "sources.yaml").write_text(SOURCES, encoding="utf-8")
    (folder / "org.yaml").write_text(actors, encoding="utf-8")
    (folder / "scenarios" / "base.yaml").write_text(BASE, encoding="utf-8")
    (folder / "scenarios" / "reform.yaml").write_text(REFORM, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory) -> Path:
    return write_dataset(tmp_path_factory.mktemp("lite") / "lite")


@pytest.fixture(scope="module")
def dataset(data_dir):
    from c2graph.loaders import load_dataset

    return load_dataset(data_dir)


@pytest.fixture(autouse=True)
def fixed_date(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")   # 2026-01-01


def run(*args, ok: bool = True):
    result = CliRunner().invoke(cli, ["export", *map(str, args)], catch_exceptions=False)
    if ok:
        assert result.exit_code == 0, result.output
    return result


def need(tool: str) -> str:
    """A rendering tool the export checks use: installed by .ci/export-setup.sh."""
    path = shutil.which(tool)
    if path:
        return path
    if CI:
        pytest.fail(f"{tool} missing: .ci/export-setup.sh should have installed it")
    pytest.skip(f"{tool} not installed (run .ci/export-setup.sh)")


# -- SVG --------------------------------------------------------------------------------

def svg_items(path: Path):
    root = ET.parse(path).getroot()
    nodes, edges, clusters = {}, [], {}
    for g in root.iter(f"{SVG}g"):
        cls = (g.get("class") or "").split()
        title = g.findtext(f"{SVG}title")
        texts = [t.text or "" for t in g.iter(f"{SVG}text")]
        ys = [float(t.get("y")) for t in g.iter(f"{SVG}text")]
        xs = [float(t.get("x")) for t in g.iter(f"{SVG}text")]
        if "node" in cls and not title.startswith(("__", "label:")) and "removed" not in cls:
            nodes[title] = {"texts": texts, "y": min(ys), "x": sum(xs) / len(xs)}
        elif "edge" in cls and "halo" not in cls and "removed" not in cls:
            edges.append((cls[1] if len(cls) > 1 else "", title))
        elif "cluster" in cls:
            clusters[title] = {"texts": texts, "x": min(xs) if xs else 0}
    return root, nodes, edges, clusters


def all_text(root) -> str:
    return "\n".join(t.text or "" for t in root.iter(f"{SVG}text"))


def test_svg_chart_structure(tmp_path, data_dir, dataset):
    out = tmp_path / "chart.svg"
    result = run("svg", "-o", out, "--dataset", data_dir, "-s", "reform", "--lang", "ja",
                 "--marking", "SECRET//TEST")
    scenario = dataset.scenarios["reform"]
    assert result.output.startswith(f"Wrote {out} (svg, scenario reform; {len(scenario.actors)}"
                                    f" actors, {len(scenario.relationships)} relationships")
    root, nodes, edges, clusters = svg_items(out)
    assert set(nodes) == set(scenario.actors)
    drawn = {(t, title.replace("->", "-" + t + "->")) for t, title in edges if t}
    assert drawn == {(r.type, r.id) for r in scenario.relationships.values()}
    # every Japanese name reaches the SVG as text (wrapped lines joined back)
    for aid, actor in scenario.actors.items():
        assert "".join(nodes[aid]["texts"]).startswith(actor.name_ja)
    text = all_text(root)
    assert text.count("SECRET//TEST") == 2                       # top and bottom banners
    assert "A proposed joint force commander" in text
    assert "シナリオ reform" in text and "状態: 構想" in text and "作成: 2026-01-01" in text
    assert "凡例" in text and "指揮" in text and "支援" in text
    assert "COMMANDS" not in text and "SUPPORTS" not in text    # no database words
    # nation frames ordered for this scenario: each combined body's frame (split by the
    # nations it joins) stands between the chains it joins
    xs = {name.removeprefix("cluster_"): c["x"] for name, c in clusters.items()
          if name.startswith("cluster_")}
    order = sorted(xs, key=xs.get)
    assert set(order) == {"US", "JP", "KR", "COMBINED:JP+US", "COMBINED:KR+US"}
    for body, ends in (("COMBINED:JP+US", {"US", "JP"}), ("COMBINED:KR+US", {"US", "KR"})):
        i = order.index(body)
        assert ends & set(order[max(0, i - 1):i + 2]) , order
    # command lines rank the tree: every subordinate is drawn below its superior
    for rel in scenario.relationships.values():
        if rel.type == "COMMANDS" and rel.source[:2] == rel.target[:2]:
            assert nodes[rel.target]["y"] > nodes[rel.source]["y"], rel.id


def test_svg_keeps_hostile_text_inert(tmp_path):
    hostile = ('<script>alert(1)</script> & "quoted" \\N \\G \\n \\\\L ]]> '
               "<img src=x onerror=alert(2)>")
    actors = ACTORS.replace("name_en: US Top Office", "name_en: " + _yaml(hostile))
    data = write_dataset(tmp_path / "hostile", actors)
    out = tmp_path / "h.svg"
    marking = '<b onload="x()">UNCLASSIFIED</b> & <!-- -->'
    run("svg", "-o", out, "--dataset", data, "-s", "base", "--marking", marking,
        "--title", "Title </text><script>bad()</script>")
    root = ET.parse(out).getroot()                                 # well-formed XML
    tags = {el.tag.split("}")[-1] for el in root.iter()}
    assert not tags & {"script", "img", "foreignObject", "b"}
    assert not [a for el in root.iter() for a in el.attrib if a.lower().startswith("on")]
    text = all_text(root)
    assert text.count(marking) == 2
    assert "Title </text><script>bad()</script>" in text
    top = next(g for g in root.iter(f"{SVG}g") if g.findtext(f"{SVG}title") == "us.top")
    drawn = "".join(t.text or "" for t in top.iter(f"{SVG}text")).replace(" ", "")
    drawn = drawn.replace("\u2060", "")   # the invisible joiner that defuses Graphviz escapes
    assert drawn == hostile.replace(" ", "") + "UST"         # the name, then its short name


def _yaml(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


# -- PNG and fonts -------------------------------------------------------------------

def png_info(data: bytes) -> tuple[int, int, float]:
    import struct

    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    at = data.index(b"pHYs")
    ppm, _, unit = struct.unpack(">IIB", data[at + 4:at + 13])
    assert unit == 1
    return width, height, ppm * 0.0254


def test_png_resolution_and_size(tmp_path, data_dir):
    out = tmp_path / "chart.png"
    run("png", "-o", out, "--dataset", data_dir, "-s", "base", "--dpi", "200")
    svg = tmp_path / "chart.svg"
    run("svg", "-o", svg, "--dataset", data_dir, "-s", "base")
    width, height, dpi = png_info(out.read_bytes())
    assert round(dpi) == 200
    pts = float(re.search(r'width="([\d.]+)pt"', svg.read_text()).group(1))
    assert abs(width - pts * 200 / 72) < 4           # the SVG's size at 200 dpi
    assert height > 300
    low = run("png", "-o", tmp_path / "low.png", "--dataset", data_dir, "--dpi", "100", ok=False)
    assert low.exit_code == 2 and "100 is not in the range 150<=x<=600" in low.output


GLYPH_SCRIPT = textwrap.dedent("""
    import sys
    import pygraphviz as pgv
    from c2graph.viz import fonts
    print(open(sys.argv[2]).read().count("<dir>"), flush=True)
    g = pgv.AGraph()
    g.add_node("n", label=sys.argv[1], shape="plaintext", fontname=fonts.FAMILY, fontsize="40")
    g.layout(prog="dot")
    sys.stdout.buffer.write(g.draw(format="png:cairo", prog="nop2"))
""")


def render_text(text: str) -> bytes:
    """A PNG of ``text`` in a fresh process whose fontconfig sees only the bundled font."""
    from c2graph.viz import fonts

    conf = fonts.fontconfig_file()
    env = dict(os.environ, FONTCONFIG_FILE=str(conf))
    proc = subprocess.run([sys.executable, "-c", GLYPH_SCRIPT, text, str(conf)], env=env,
                          capture_output=True, check=True, cwd=Path(__file__).parent.parent)
    first, _, png = proc.stdout.partition(b"\n")
    assert first == b"1"                   # one font folder: the bundled font's, no other
    return png


def ink(png: bytes):
    from PIL import Image
    import io

    img = Image.open(io.BytesIO(png)).convert("L")
    return img, sum(1 for p in img.tobytes() if p < 128)


def test_japanese_glyphs_render_without_system_cjk_fonts():
    """Two different Japanese strings of the same length: with real glyphs they look
    different; with missing-glyph boxes (tofu) they would be identical pictures."""
    from c2graph.viz import fonts

    a, ink_a = ink(render_text("統合作戦司令部"))
    b, ink_b = ink(render_text("航空総隊自衛艦"))
    tofu_like = ink(render_text("\U000F0000" * 7))[1]   # private-use: no glyph anywhere
    assert a.size == b.size
    diff = sum(1 for p, q in zip(a.tobytes(), b.tobytes()) if abs(p - q) > 64)
    assert diff > 0.05 * a.size[0] * a.size[1]
    assert ink_a != ink_b and tofu_like not in (ink_a, ink_b)
    assert fonts.font_file().is_file() and fonts.font_file().suffix == ".otf"


def test_machine_fonts_reported():
    """Context for the test above: which CJK fonts this machine itself has."""
    fc_list = shutil.which("fc-list")
    if not fc_list:
        pytest.skip("fc-list not installed")
    system = subprocess.run([fc_list, ":lang=ja", "file"], capture_output=True, text=True,
                            env={k: v for k, v in os.environ.items() if k != "FONTCONFIG_FILE"})
    from c2graph.viz import fonts

    ours = subprocess.run([fc_list, ":lang=ja", "file"], capture_output=True, text=True,
                          env=dict(os.environ, FONTCONFIG_FILE=str(fonts.fontconfig_file())))
    assert [ln.rstrip(":") for ln in ours.stdout.split()] == [str(fonts.font_file())]
    print("system CJK fonts:", system.stdout.strip() or "none")


# -- PDF -----------------------------------------------------------------------------

def test_pdf_has_vector_japanese_text(tmp_path, data_dir, dataset):
    out = tmp_path / "chart.pdf"
    run("pdf", "-o", out, "--dataset", data_dir, "-s", "reform", "--lang", "ja")
    data = out.read_bytes()
    assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")
    assert b"/Subtype /Image" not in data                      # nothing rasterised
    fonts_out = subprocess.run([need("pdffonts"), out], capture_output=True, text=True,
                               check=True).stdout
    assert "NotoSansCJKjp-Regular" in fonts_out
    for line in fonts_out.splitlines()[2:]:
        assert line.split()[-5:-2] == ["yes", "yes", "yes"], line    # embedded, subset, unicode
    text = subprocess.run([need("pdftotext"), "-layout", out, "-"], capture_output=True,
                          text=True, check=True).stdout
    squeezed = re.sub(r"\s+", "", text)
    for actor in dataset.scenarios["reform"].actors.values():
        assert actor.name_ja in squeezed


# -- PPTX ----------------------------------------------------------------------------

def pptx_slides(path: Path):
    from pptx import Presentation

    return Presentation(str(path)).slides


def test_pptx_native_shapes_and_lines(tmp_path, data_dir, dataset):
    """Every actor an auto shape of its kind, every relationship a freeform line of its
    type's dash, colour and arrow (routed by the layout engine, named for the checker),
    each scenario's slides in pairs with the actors in the same places."""
    from pptx.enum.shapes import MSO_SHAPE, MSO_SHAPE_TYPE

    out = tmp_path / "deck.pptx"
    run("pptx", "-o", out, "--dataset", data_dir, "-s", "base", "-s", "reform", "--lang", "ja",
        "--marking", "UNCLASSIFIED//TEST")
    slides = list(pptx_slides(out))
    assert len(slides) % 2 == 0 and len(slides) >= 2
    positions: list[dict] = [{}, {}]
    for k, sid in enumerate(("base", "reform")):
        scenario = dataset.scenarios[sid]
        actors, lines = {}, {}
        for number, slide in enumerate(slides[k::2]):
            shapes = {s.name: s for s in slide.shapes}
            for s in slide.shapes:
                descr = s._element.xpath("./*/p:cNvPr")[0].get("descr", "")
                if descr.startswith("actor:") and s.name == descr[6:] and \
                        s.name in scenario.actors:
                    actors[s.name] = s
                    positions[k][(number, s.name)] = (s.left, s.top, s.width, s.height)
                elif descr.startswith("line|"):
                    assert s.shape_type == MSO_SHAPE_TYPE.FREEFORM
                    lines[descr.split("|")[1]] = s
            banners = [b for b in slide.shapes if b.name == "Marking banner"]
            assert [b.text_frame.text for b in banners] == ["UNCLASSIFIED//TEST"] * 2
            assert banners[0].top == 0 and banners[1].top + banners[1].height == 6858000
            title = shapes["Title"].text_frame.text
            assert scenario.title in title and f"シナリオ {sid}" in title and "作成: 2026-01-01" in title
            notes = slide.notes_slide.notes_text_frame.text
            assert notes.startswith("UNCLASSIFIED//TEST")
            assert "Legend" in shapes
        assert set(actors) == set(scenario.actors)
        expected = {"Office": MSO_SHAPE.OVAL, "Command": MSO_SHAPE.RECTANGLE,
                    "Staff": MSO_SHAPE.ROUNDED_RECTANGLE, "Forum": MSO_SHAPE.HEXAGON}
        for aid, shape in actors.items():
            assert shape.shape_type == MSO_SHAPE_TYPE.AUTO_SHAPE
            assert shape.auto_shape_type == expected[scenario.actors[aid].kind]
            assert scenario.actors[aid].name_ja.replace(" ", "") in \
                shape.text_frame.text.replace("\n", "").replace(" ", "")
        notes = "\n".join(s.notes_slide.notes_text_frame.text for s in slides[k::2])
        dash = {"ADVISES": "sysDot", "COORDINATES_WITH": "dash", "SUPPORTS": "dashDot",
                "COMMANDS": "solid"}
        for rid, rel in scenario.relationships.items():
            if rid not in lines:     # between two slides: listed in the notes
                said = f"→（{REL_TYPES[rel.type].japanese}）→"   # a --lang ja deck's notes
                assert said in notes and "（スライド" in notes, rid
                continue
            xml = lines[rid]._element.xml
            if rel.type in dash:
                assert f'<a:prstDash val="{dash[rel.type]}"/>' in xml, rid
            assert ("<a:tailEnd" in xml) == (rel.type not in ("COORDINATES_WITH",
                                                              "DUAL_HATTED_WITH")), rid
            assert ('cmpd="dbl"' in xml) == (rel.type == "DUAL_HATTED_WITH")
        refs = {r for a in scenario.actors.values() for r in a.sources} | \
            {r for r in scenario.sources} | \
            {r for rel in scenario.relationships.values() for r in rel.sources}
        for ref in refs:
            sid_, _, loc = ref.partition("#")
            assert f"- {sid_}" + (f" § {loc}" if loc else "") in notes
        assert "Source A <https://example.org/a>" in notes and "出典B" in notes
    common = set(positions[0]) & set(positions[1])
    assert common and all(positions[0][a] == positions[1][a] for a in common)
    assert any(n == "us.jfc" for _, n in positions[1]) and \
        not any(n == "us.jfc" for _, n in positions[0])


def test_pptx_renders_in_libreoffice(tmp_path, data_dir, dataset):
    """LibreOffice (as a stand-in for PowerPoint) opens the deck and draws its text."""
    from c2graph.viz import fonts

    soffice = need("soffice")
    out = tmp_path / "deck.pptx"
    run("pptx", "-o", out, "--dataset", data_dir, "-s", "reform", "--lang", "both")
    env = dict(os.environ, FONTCONFIG_FILE=str(fonts.fontconfig_file(include_system=True)),
               HOME=str(tmp_path))
    subprocess.run([soffice, "--headless", "--convert-to", "pdf", "--outdir", tmp_path, out],
                   env=env, check=True, capture_output=True, timeout=240)
    pdf = tmp_path / "deck.pdf"
    text = re.sub(r"\s+", "", subprocess.run([need("pdftotext"), pdf, "-"], capture_output=True,
                                             text=True, check=True).stdout)
    for actor in dataset.scenarios["reform"].actors.values():
        assert actor.name_ja in text
    subprocess.run([need("pdftoppm"), "-r", "40", "-png", pdf, tmp_path / "page"], check=True)
    img, dark = ink((tmp_path / "page-1.png").read_bytes())
    assert dark > 0.01 * img.size[0] * img.size[1]


# -- the bundled dataset -----------------------------------------------------------------

def test_bundled_us_jfc_in_japanese(tmp_path, bundled):
    """The issue's done-when: us-jfc as PPTX and PDF in Japanese with a marking."""
    scenario = bundled.scenarios["us-jfc"]
    pdf, deck = tmp_path / "us-jfc.pdf", tmp_path / "us-jfc.pptx"
    run("pdf", "-o", pdf, "--dataset", "bundled", "-s", "us-jfc", "--lang", "ja",
        "--marking", "UNCLASSIFIED//FOUO")
    run("pptx", "-o", deck, "--dataset", "bundled", "-s", "us-jfc", "--lang", "ja",
        "--marking", "UNCLASSIFIED//FOUO")
    assert pdf.read_bytes().startswith(b"%PDF-")
    slides = list(pptx_slides(deck))
    names = {s.name for slide in slides for s in slide.shapes}
    assert set(scenario.actors) <= names
    notes = "\n".join(slide.notes_slide.notes_text_frame.text for slide in slides)
    assert "morimoto-2024" in notes and bundled.sources["morimoto-2024"]["title"] in notes
    assert "状態：" in notes and "出典：" in notes          # the notes speak the deck's language
    assert "Sources of what is shown" not in notes and "Status:" not in notes


def test_notes_of_a_japanese_deck_in_parts_are_japanese(tmp_path):
    """A deck in parts lists continuations and lines to other slides in its notes: in
    Japanese for --lang ja (they were English under Japanese boxes)."""
    deck = tmp_path / "ja.pptx"
    run("pptx", "-o", deck, "--dataset", "bundled", "-s", "jjoc-2025", "--focus",
        "us.indopacom", "--lang", "ja")
    notes = "\n".join(s.notes_slide.notes_text_frame.text for s in pptx_slides(deck))
    assert "他のスライドの関係者への線：" in notes and "- 在日米軍 →（参加）→ 同盟調整グループ（スライド" in notes
    assert "凡例（続き）：" in notes or "他のスライドに続く箱：" in notes
    for english in ("Lines to actors", "Continued on other", "Legend (continued)", "member of",
                    "Sources of what is shown", "(for:"):
        assert english not in notes


# -- focus -----------------------------------------------------------------------------

def subtree(scenario, top: str, depth: int | None) -> set[str]:
    """Expected focus (graph/focus.py): what the actor commands or supervises, level by
    level; its superiors to the top; every actor linked to it directly."""
    tree = ("COMMANDS", "SUPERVISES")
    rels = scenario.relationships.values()
    keep, level, frontier = {top}, 0, {top}
    while frontier and (depth is None or level < depth):
        frontier = {r.target for r in rels if r.source in frontier and r.type in tree} - keep
        keep |= frontier
        level += 1
    up = {top}
    while True:
        more = {r.source for r in rels if r.target in up and r.type in tree} - up
        if not more:
            break
        up |= more
    near = {r.target for r in rels if r.source == top} | {r.source for r in rels if r.target == top}
    return keep | up | near


@pytest.mark.parametrize("top,depth", [("jp.pm", 1), ("jp.pm", 2), ("jp.pm", None),
                                       ("us.top", 1), ("jp.fleet", 3)])
def test_focus_holds_exactly_the_subtree(tmp_path, data_dir, dataset, top, depth):
    from c2graph.loaders import load_dataset

    out = tmp_path / "focus.json"
    args = ["json", "-o", out, "--dataset", data_dir, "-s", "base", "--focus", top]
    run(*args, *(["--depth", depth] if depth is not None else []))
    got = load_dataset(out).scenarios["base"]
    scenario = dataset.scenarios["base"]
    want = subtree(scenario, top, depth)
    assert set(got.actors) == want
    assert set(got.relationships) == {r.id for r in scenario.relationships.values()
                                      if r.source in want and r.target in want}


def test_focus_pinned_example(tmp_path, data_dir):
    from c2graph.loaders import load_dataset

    out = tmp_path / "f.json"
    run("json", "-o", out, "--dataset", data_dir, "-s", "base", "--focus", "jp.mod", "--depth", "1")
    got = load_dataset(out).scenarios["base"]
    # its organisation one level down, its superior (PM), its staff (linked directly)
    assert set(got.actors) == {"jp.mod", "jp.jjoc", "jp.agency", "jp.pm", "jp.staff"}
    assert set(got.relationships) == {"jp.mod-COMMANDS->jp.jjoc", "jp.mod-SUPERVISES->jp.agency",
                                      "jp.pm-COMMANDS->jp.mod", "jp.staff-ASSISTS->jp.mod"}


# -- bad input -----------------------------------------------------------------------

FORMAT_LIST = "svg, png, pdf, pptx, mermaid, dot, graphml, gexf, json, cypher, csv"


@pytest.mark.parametrize("args,message", [
    (["xlsx", "-o", "{out}"], f"Error: unknown format 'xlsx'; choose one of: {FORMAT_LIST}\n"),
    (["pfd", "-o", "{out}"],
     f"Error: unknown format 'pfd' (did you mean 'pdf'?); choose one of: {FORMAT_LIST}\n"),
    (["pdf", "-o", "{out}", "-s", "reforn"],
     "Error: unknown scenario 'reforn' (did you mean 'reform'?); the dataset has: base, reform\n"),
    (["pdf", "-o", "{out}", "-s", "base", "--focus", "jp.mdo"],
     "Error: unknown focus actor 'jp.mdo' (did you mean 'jp.mod'?) in scenario 'base'; actors:"
     " combined.cfc, combined.forum, jp.agency, jp.fleet, jp.jjoc, jp.mod, jp.pm, jp.staff,"
     " kr.pres, us.adv, us.cmd, us.leaf, us.sup, us.top\n"),
    (["pdf", "-o", "{out}", "-s", "base", "--depth", "2"], "Error: --depth needs --focus ACTOR\n"),
    (["svg", "-o", "{out}", "-s", "base", "-s", "reform"],
     "Error: svg takes one --scenario (only pptx and a paged pdf make one slide or page per"
     " scenario)\n"),
    (["png", "-o", "-", "-s", "base"],
     "Error: -o - prints text formats only (svg, mermaid, dot, graphml, gexf, json, cypher),"
     " not png\n"),
    (["pdf", "-o", "{tmp}/missing/x.pdf", "-s", "base"],
     "Error: cannot write {tmp}/missing/x.pdf: the folder {tmp}/missing does not exist\n"),
    (["pdf", "-o", "{tmp}", "-s", "base"], "Error: cannot write {tmp}: it is a folder\n"),
])
def test_bad_input_one_clear_error(tmp_path, data_dir, args, message):
    out = tmp_path / "out.pdf"
    args = [a.format(out=out, tmp=tmp_path) for a in args]
    result = run(*args, "--dataset", data_dir, ok=False)
    assert result.exit_code == 2
    assert result.output == message.format(tmp=tmp_path)
    assert not out.exists()


def test_unknown_scenario_in_store(tmp_path, data_dir):
    url = f"embedded:{tmp_path / 'db'}"
    load = CliRunner().invoke(cli, ["load", str(data_dir), "--db", url])
    assert load.exit_code == 0, load.output
    result = run("pdf", "-o", tmp_path / "x.pdf", "--db", url, "-s", "bsae", ok=False)
    assert result.exit_code == 2
    assert result.output == ("Error: unknown scenario 'bsae' (did you mean 'base'?); loaded:"
                             " base, reform\n")


WRITE_LIMITED = textwrap.dedent("""
    import resource, signal, sys
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    limit = int(sys.argv.pop(1))
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    from c2graph.cli import main
    sys.argv = ["c2graph"] + sys.argv[1:]
    main()
""")


@pytest.mark.parametrize("fmt", ["png", "csv"])
def test_failed_write_leaves_no_partial_file(tmp_path, data_dir, fmt):
    """The file system refuses the write half-way (a file size limit): a clear
    error, and neither the output nor a temporary file is left behind."""
    folder = tmp_path / "out"
    folder.mkdir()
    (folder / "keep.txt").write_text("unrelated")
    target = folder / ("chart.png" if fmt == "png" else "csvdir")
    args = [fmt, "-o", str(target), "--dataset", str(data_dir), "-s", "base"]
    if fmt == "csv":   # make the files big enough to hit the limit
        args = ["csv", "-o", str(target), "--dataset", "bundled", "-s", "us-jfc"]
    limit = "20000" if fmt == "png" else "6000"
    proc = subprocess.run([sys.executable, "-c", WRITE_LIMITED, limit, "export", *args],
                          capture_output=True, text=True, cwd=Path(__file__).parent.parent)
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr == f"Error: cannot write {target}: File too large\n"
    assert sorted(p.name for p in folder.iterdir()) == ["keep.txt"]


def test_existing_output_is_replaced_whole(tmp_path, data_dir):
    out = tmp_path / "chart.svg"
    out.write_text("old")
    run("svg", "-o", out, "--dataset", data_dir, "-s", "base")
    assert out.read_text().startswith("<?xml") and sorted(p.name for p in tmp_path.iterdir()) == \
        ["chart.svg"]
