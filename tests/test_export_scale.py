"""Charts of large organisations: ``c2graph export svg|pptx`` of generated datasets.

Every test generates its organisation with ``c2graph.synthetic`` (the same for a seed),
runs the real command, and parses what was written: every actor and every line must
be in the SVG; a PPTX too large for one slide must come out as a deck (an overview
of the frames, then their parts) in which every actor is drawn in full exactly once,
every continuation box names the slide its subtree is on, every text is at least 12
points and every line joins two boxes of its slide.  Nothing here is timed (bench/viz.py measures the speed).
"""

from __future__ import annotations

import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

from c2graph.cli import cli
from c2graph.loaders import load_dataset
from c2graph.synthetic import Options, generate
from c2graph.viz import style

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(autouse=True)
def fixed_date(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")   # 2026-01-01


@pytest.fixture(scope="module")
def org1k(tmp_path_factory):
    folder = tmp_path_factory.mktemp("org1k") / "org"
    generate(folder, Options(actors=1000, seed=1))
    return folder, load_dataset(folder)


def run(*args) -> str:
    result = CliRunner().invoke(cli, ["export", *map(str, args)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def svg_nodes_and_edges(path: Path):
    root = ET.parse(path).getroot()
    nodes, edges, clusters = [], Counter(), []
    for g in root.iter(f"{SVG}g"):
        cls = (g.get("class") or "").split()
        title = g.findtext(f"{SVG}title")
        if "node" in cls and not title.startswith(("__", "label:")):
            nodes.append(title)
        elif "edge" in cls and "halo" not in cls:
            edges[title] += 1
        elif "cluster" in cls:
            clusters.append(title)
    return root, nodes, edges, clusters


def expected_edges(scenario) -> Counter:
    return Counter(f"{r.source}->{r.target}" for r in scenario.relationships.values())


def test_svg_of_1000_actors_draws_every_actor_and_line(tmp_path, org1k):
    """A 1,000-actor chart: every actor and line, and (read back from the file) no line
    through a box other than its ends nor through a foreign nation's frame."""
    from tests import chart_geometry as geo

    folder, ds = org1k
    scenario = ds.scenarios["baseline"]
    out = tmp_path / "org.svg"
    run("svg", "-o", out, "--dataset", folder, "-s", "baseline", "--marking", "SECRET//TEST")
    root, nodes, edges, clusters = svg_nodes_and_edges(out)
    assert len(nodes) == len(scenario.actors) == 1000
    assert set(nodes) == set(scenario.actors)
    assert edges == expected_edges(scenario)
    assert {"cluster_US", "cluster_JP", "cluster_KR"} <= set(clusters)
    texts = [t.text or "" for t in root.iter(f"{SVG}text")]
    assert texts.count("SECRET//TEST") == 2 and "Legend" in texts
    d = geo.svg_drawing(out)
    assert geo.problems(d) == []
    assert geo.min_text(d) >= 10.0
    for n, box in d.boxes.items():   # each box inside its nation's frame
        assert d.frame_of[n].removeprefix("cluster_").startswith(
            scenario.actors[n].nation), n


def deck_facts(path: Path):
    """Per slide: full boxes, continuation boxes, lines (from the shapes' ``descr``, as
    the geometry checker reads them), every run's size, shape names, notes."""
    from pptx import Presentation

    slides = []
    for slide in Presentation(str(path)).slides:
        facts = {"full": {}, "continued": {}, "lines": {}, "sizes": [],
                 "names": [s.name for s in slide.shapes],
                 "notes": slide.notes_slide.notes_text_frame.text}
        for s in slide.shapes:
            descr = s._element.xpath("./*/p:cNvPr")[0].get("descr", "")
            if descr.startswith("line|"):
                _, key, u, v = descr.split("|")
                facts["lines"][key] = (u, v)
            elif descr.startswith("actor:"):
                kind = "continued" if s.name.startswith("Continued ") else "full"
                facts[kind][descr[6:]] = s
            if s.has_text_frame:
                facts["sizes"] += [r.font.size.pt for p in s.text_frame.paragraphs
                                   for r in p.runs if r.text.strip()]
        slides.append(facts)
    return slides


def check_deck(slides, scenario, first: int = 1, step: int = 1):
    """Every actor in full once; continuation boxes point at it; text at 12 pt or more;
    lines join boxes of their slide; every relationship drawn or listed in the notes;
    boxes apart; the overview's frame boxes lead to their frame's slides."""
    where = {}
    actors = set(scenario.actors)
    for i, facts in enumerate(slides[first - 1::step]):
        number = first + i * step
        for aid in facts["full"]:
            if aid in actors:
                assert aid not in where, f"{aid} drawn in full on slides {where[aid]} and {number}"
                where[aid] = number
        assert min(facts["sizes"]) >= 12.0, (number, min(facts["sizes"]))
        assert facts["names"].count("Marking banner") == 2 and "Title" in facts["names"]
        assert "Legend" in facts["names"] and "Slide number" in facts["names"]
        assert facts["notes"].startswith("UNCLASSIFIED") and "Sources of what is shown" in \
            facts["notes"]
        boxes = [(s.left, s.top, s.left + s.width, s.top + s.height)
                 for s in list(facts["full"].values()) + list(facts["continued"].values())]
        for a in range(len(boxes)):
            for b in range(a + 1, len(boxes)):
                p, q = boxes[a], boxes[b]
                assert p[2] <= q[0] or q[2] <= p[0] or p[3] <= q[1] or q[3] <= p[1], number
        shown = set(facts["full"]) | set(facts["continued"])
        for key, (u, v) in facts["lines"].items():
            assert {u, v} <= shown, (number, key)
    assert set(where) == actors
    drawn = set()
    for i, facts in enumerate(slides[first - 1::step]):
        number = first + i * step
        drawn |= set(facts["lines"])
        for aid, shape in facts["continued"].items():
            if aid in actors:
                m = re.search(r"→ slide (\d+) · ([\d,]+) more", shape.text_frame.text)
                assert m and int(m.group(1)) == where[aid], (number, aid, shape.text_frame.text)
            else:           # an overview's frame box: to the slide its frame starts on
                m = re.search(r"→ slide (\d+) · ([\d,]+) actors?", shape.text_frame.text)
                frame = slides[int(m.group(1)) - 1]["full"]
                assert any(a.startswith(aid.lower() + ".") or aid.startswith("COMBINED")
                           for a in frame), (number, aid)
    props = {a.id: a.properties() for a in scenario.actors.values()}
    for key, rel in scenario.relationships.items():
        if key in drawn:
            continue
        short = [style.compact_label(props[n], "en").replace("\n", " ")
                 for n in (rel.source, rel.target)]
        line = f"- {short[0]} {rel.type.lower().replace('_', ' ')} {short[1]}"
        assert line in slides[where[rel.source] - 1]["notes"], key
    return where


def test_pptx_of_1000_actors_is_a_readable_deck(tmp_path, org1k):
    folder, ds = org1k
    scenario = ds.scenarios["baseline"]
    out = tmp_path / "org.pptx"
    output = run("pptx", "-o", out, "--dataset", folder, "-s", "baseline")
    slides = deck_facts(out)
    assert len(slides) > 10 and f"{len(slides)} slides: a deck in {len(slides)} parts" in output
    where = check_deck(slides, scenario)
    heads = {a.id for a in scenario.actors.values() if a.id.endswith(".head")}
    assert heads and all(where[a] > 1 for a in heads)     # slide 1 is the overview
    for head in heads:      # each frame box of the overview leads to its head's slide
        box = slides[0]["continued"][head.split(".")[0].upper()]
        assert f"→ slide {where[head]} ·" in box.text_frame.text, head
    assert "Overview of " in slides[0]["notes"] and "(from slide" in slides[2]["notes"]


def test_pptx_deck_of_two_scenarios_pairs_their_slides(tmp_path, org1k):
    """Each part once per scenario, side by side, the actors in the same places; a
    continuation box leads to the same scenario's slide."""
    folder, ds = org1k
    out = tmp_path / "two.pptx"
    run("pptx", "-o", out, "--dataset", folder, "-s", "baseline", "-s", "reorg")
    slides = deck_facts(out)
    assert len(slides) % 2 == 0 and len(slides) > 10
    check_deck(slides, ds.scenarios["baseline"], first=1, step=2)
    check_deck(slides, ds.scenarios["reorg"], first=2, step=2)
    for a, b in zip(slides[0::2], slides[1::2]):
        common = set(a["full"]) & set(b["full"])
        assert all((a["full"][n].left, a["full"][n].top) == (b["full"][n].left, b["full"][n].top)
                   for n in common)


def test_small_chart_is_one_slide(tmp_path):
    """A chart that fits one slide at 12 pt is one slide (a focused chart)."""
    out = tmp_path / "small.pptx"
    output = run("pptx", "-o", out, "--dataset", "bundled", "-s", "jjoc-2025", "--focus",
                 "us.usfk")
    slides = deck_facts(out)
    assert len(slides) == 1 and "1 slide(s): jjoc-2025" in output
    assert not slides[0]["continued"] and "us.usfk" in slides[0]["full"]


def test_pptx_deck_splits_a_fan_out_too_wide_for_one_slide(tmp_path):
    """Sixty-odd subordinates of one minister cannot be read on one slide: they are
    spread over several, the minister a continuation box on the later ones."""
    folder = tmp_path / "wide"
    generate(folder, Options(actors=600, branching=40, seed=4))
    scenario = load_dataset(folder).scenarios["baseline"]
    out = tmp_path / "wide.pptx"
    run("pptx", "-o", out, "--dataset", folder, "-s", "baseline")
    slides = deck_facts(out)
    where = check_deck(slides, scenario)
    split = [(i + 1, aid) for i, facts in enumerate(slides) for aid in facts["continued"]
             if aid in where and where[aid] < i + 1
             and any(k.startswith(f"{aid}-") for k in facts["lines"])]
    assert split     # a superior drawn again, as a continuation box, above more subordinates


def test_deck_laid_out_in_forked_workers_is_the_deck_laid_out_in_one_process(org1k):
    """The parts' layouts run in forked workers (viz/layout/workers.py); the deck must
    not depend on it.  In a process of its own: this one has the test Neo4j server's
    reader thread, and forks only from a process without other threads."""
    script = """
import io, sys, zipfile
from c2graph.graph.graphs import scenario_graph
from c2graph.loaders import load_dataset
from c2graph.viz.export.common import ChartOptions
from c2graph.viz.export.pptx import build_pptx
from c2graph.viz.layout import workers

assert workers.forkable(), "cannot fork workers here"
g = scenario_graph(load_dataset(sys.argv[1]).scenarios["baseline"])
decks = [build_pptx([g], ChartOptions(), workers=n) for n in (1, 2)]
parts = [{name: z.read(name) for name in z.namelist()}    # the zip's clock aside
         for z in (zipfile.ZipFile(io.BytesIO(pptx)) for pptx, _ in decks)]
print(decks[0][1], decks[1][1], parts[0] == parts[1])
"""
    done = subprocess.run([sys.executable, "-c", script, str(org1k[0])],
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    one, two, same = done.stdout.split()
    assert one == two and int(one) > 10 and same == "True", done.stdout
