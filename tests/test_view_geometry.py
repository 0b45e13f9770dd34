"""The interactive view states no false relationship (issue 14), read from Chromium.

Every bundled scenario, full and focused on the actors the issue names, in English,
Japanese and both, is drawn by the real page in headless Chromium at 1600x1000; the
page's drawing (``window.c2graph.geometry()``: the boxes, nation frames and every drawn
line's points, removed lines of the change layer included) goes to the charts' checker
(``tests/chart_geometry.py``): no line through a box other than its two ends, no line
through the frame of a nation neither end belongs to.  Names and the words on lines are
at least 12 px at the opening zoom, English and Japanese boxes stand in the same
places, and every superior is drawn above what it commands.  Crossings between lines
are counted and compared with ``data/view_crossings.json``: the figure may fall, never
grow (``C2GRAPH_RECORD_CROSSINGS=1`` rewrites it after an improvement).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from c2graph.viz.view import build_view, write_view
from tests import chart_geometry as geo
from tests.browser import open_page
from tests.test_view import reference_graphs

pytestmark = pytest.mark.browser
#: The actors the issue names (each page holds the scenarios that have the actor).
FOCUS = (None, "us.indopacom", "jp.jjoc", "combined.cfc", "us.usfk", "jp.mod")
CROSSINGS = Path(__file__).parent / "data" / "view_crossings.json"
RECORD = os.environ.get("C2GRAPH_RECORD_CROSSINGS") == "1"
#: Relationship types whose source is drawn above the target, and whose target is
#: above the source (a staff or adviser under its principal): the engine's rows.
ABOVE = ("COMMANDS", "SUPERVISES", "TRANSMITS_ORDERS")
BELOW = ("ASSISTS", "ADVISES")


@pytest.fixture(scope="module")
def crossings_seen():
    seen: dict[str, int] = {}
    yield seen
    if RECORD:
        old = json.loads(CROSSINGS.read_text()) if CROSSINGS.exists() else {}
        CROSSINGS.write_text(json.dumps(dict(sorted({**old, **seen}.items())), indent=1) + "\n")


@pytest.mark.parametrize("focus", FOCUS, ids=[f or "full" for f in FOCUS])
def test_view_states_no_false_relationship(browser, bundled, tmp_path, crossings_seen, focus):
    graphs = reference_graphs(bundled)
    page_html, summary = build_view(graphs, focus=focus)
    visit = open_page(browser, write_view(tmp_path / "view.html", page_html))
    page = visit.page
    recorded = json.loads(CROSSINGS.read_text()) if CROSSINGS.exists() else {}
    try:
        for sid in summary.scenarios:
            g = graphs[sid]
            page.evaluate("(s) => window.c2graph.setScenario(s)", sid)
            boxes = {}
            for lang in ("en", "ja", "both"):
                page.evaluate("(l) => window.c2graph.setLang(l)", lang)
                drawing = page.evaluate("window.c2graph.geometry()")
                assert drawing["failed"] == []
                d = geo.view_drawing(drawing)
                where = f"view {sid} {focus or 'full'} {lang}"
                assert geo.problems(d) == [], where
                assert geo.min_text(d) >= 12, where
                ghosts = [x for x in drawing["lines"] if x["ghost"]]
                assert {x["id"] for x in drawing["lines"] if not x["ghost"]} == \
                    {k for u, v, k in g.edges(keys=True) if u in d.boxes and v in d.boxes
                     and u != v}
                for u, v, t in g.edges(data="type"):
                    if u in d.boxes and v in d.boxes and t in ABOVE + BELOW:
                        hi, lo = (u, v) if t in ABOVE else (v, u)
                        assert d.boxes[hi].y1 < d.boxes[lo].y0 or _cycle(g, hi, lo), \
                            (where, u, t, v)
                count = geo.crossings(d)
                crossings_seen[where] = count
                if not RECORD and where in recorded:
                    assert count <= recorded[where], (where, count, recorded[where])
                boxes[lang] = drawing["boxes"]
                if lang != "both" and ghosts:
                    visit.screenshot(f"view-geometry-{sid}-{focus or 'full'}-{lang}.png")
            assert boxes["en"] == boxes["ja"], sid   # the same places in both languages
        assert visit.page_errors == [] and visit.console_errors == []
    finally:
        visit.close()


def _cycle(g, hi: str, lo: str) -> bool:
    """Whether ``lo`` is also above ``hi`` by some other line (the engine then drops the
    weaker constraint: a chart cannot draw both)."""
    import networkx as nx

    up = nx.DiGraph()
    for u, v, t in g.edges(data="type"):
        if t in ABOVE:
            up.add_edge(u, v)
        elif t in BELOW:
            up.add_edge(v, u)
    return lo in up and hi in up and nx.has_path(up, lo, hi)
