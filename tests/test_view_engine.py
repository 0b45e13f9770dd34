"""The page's layout engine (viz/assets/view-layout.js) is ``viz.layout.chart_layout``.

The view lays out what is visible in the browser, after every expand and collapse, with
a port of the engine; these tests prove the port gives the same numbers as the Python
engine — every box, frame, routed line point and label spot, and the list of failed
lines — for the same graph and box sizes:

* every bundled scenario, whole and focused (``graph.focus``) on the actors issue 14
  names, with two sets of box sizes;
* states of a large synthetic organisation as the view opens them (``viz.opening``:
  whole levels of the collapse tree, then subtrees expanded), on both sides of the engine's
  size thresholds (global routing up to 160 actors, levelled peers up to 400);
* small graphs made to reach the engine's rarer rules: a command cycle in hand-made
  data, forums of forums, a combined body linked to one nation, stacked columns,
  names outside the Basic Multilingual Plane.

Nothing is compared loosely: floats must be equal.
"""

from __future__ import annotations

import hashlib
import random

import networkx as nx
import pytest

from c2graph.graph.focus import focus_subgraph
from c2graph.viz.layout import Spacing, chart_layout
from c2graph.viz.opening import Tree, drawn, opening
from c2graph.viz.view import _asset, engine_graph, engine_rules
from tests.test_view import reference_graphs
from tests.test_view_browser import synthetic

pytestmark = pytest.mark.browser
FOCUS = ("us.indopacom", "jp.jjoc", "combined.cfc", "us.usfk", "jp.mod")
LABEL = [58.0, 17.0]


def sizes(g, salt: str) -> dict[str, list[float]]:
    """Box sizes that vary from actor to actor (what the engine is told; the page
    measures its own)."""
    out = {}
    for n in g.nodes:
        h = hashlib.sha256(f"{salt}|{n}".encode()).digest()
        out[n] = [56.0 + h[0] % 90 + (h[1] % 10) / 10, 30.0 + (h[2] % 4) * 16.25]
    return out


def python_chart(g, size: dict, frame_width: dict) -> dict:
    c = chart_layout(g, lambda n: tuple(size[n]), Spacing(), label_size=tuple(LABEL),
                     frame_width=frame_width)
    rect = lambda r: [r.x0, r.y0, r.x1, r.y1]   # noqa: E731
    return {"boxes": {n: rect(r) for n, r in c.boxes.items()},
            "frames": {f: rect(r) for f, r in c.frames.items()},
            "frameOf": dict(c.frame_of), "frameOrder": list(c.frame_order),
            "lines": {k: [list(p) for p in ln.points] for k, ln in c.lines.items()},
            "bundles": {k: ln.bundle for k, ln in c.lines.items()},
            "labels": {k: [s.x, s.y, s.lines] for k, s in c.labels.items()},
            "failed": list(c.failed), "width": c.width, "height": c.height}


JS_CHART = """([graph, sizes, rules, label, frameWidth]) => {
  const c = C2Layout.chart(graph, n => sizes[n], rules, {labelSize: label, frameWidth});
  const rect = r => [r.x0, r.y0, r.x1, r.y1], map = (o, f) => Object.fromEntries(
    Object.entries(o).map(([k, v]) => [k, f(v)]));
  return {boxes: map(c.boxes, rect), frames: map(c.frames, rect), frameOf: c.frameOf,
          frameOrder: c.frameOrder, lines: map(c.lines, l => l.points),
          bundles: map(c.lines, l => l.bundle),
          labels: map(c.labels, s => [s.x, s.y, s.lines]), failed: c.failed,
          width: c.width, height: c.height};
}"""


@pytest.fixture(scope="module")
def engine_page(browser):
    context = browser.new_context()
    page = context.new_page()
    page.route("**/*", lambda r: r.abort())
    page.set_content("<!DOCTYPE html><html><body></body></html>")
    page.add_script_tag(content=_asset("view-layout.js"))
    yield page
    context.close()


def same(engine_page, g, salt: str, frame_width=None) -> None:
    size = sizes(g, salt)
    frame_width = frame_width or {}
    want = python_chart(g, size, frame_width)
    got = engine_page.evaluate(JS_CHART, [engine_graph(g), size, engine_rules(), LABEL,
                                          frame_width])
    for part in want:
        assert got[part] == want[part], (salt, part, _first_difference(want[part], got[part]))


def _first_difference(a, b):
    if isinstance(a, dict) and isinstance(b, dict):
        if set(a) != set(b):
            return ("keys", sorted(set(a) ^ set(b))[:5])
        for k in sorted(a):
            if a[k] != b[k]:
                return (k, a[k], b[k])
    return (a, b) if not isinstance(a, list) else next(
        ((i, x, y) for i, (x, y) in enumerate(zip(a, b)) if x != y), (len(a), len(b)))


@pytest.mark.parametrize("sid", ["baseline-2024", "jjoc-2025", "usfj-jfhq", "us-jfc",
                                 "cfc-transfer"])
def test_bundled_scenarios_lay_out_the_same(engine_page, bundled, sid):
    g = reference_graphs(bundled)[sid]
    same(engine_page, g, f"{sid}|a", frame_width={"US": 140.0, "KR": 260.0})
    for actor in FOCUS:
        if actor in g:
            same(engine_page, focus_subgraph(g, actor), f"{sid}|{actor}")
            same(engine_page, focus_subgraph(g, actor, 1), f"{sid}|{actor}|1")


def opened(g, budget: int, extra: int, seed: int):
    """The visible part of ``g`` as the view shows it (``viz.opening``): whole levels of
    its collapse tree within ``budget`` actors and twice as many lines (the view's own
    budgets are 150 and 300), then ``extra`` more
    collapsed actors opened at random; membership lines into closed actors folded."""
    tree = Tree.of(g)
    shown, opened_ = opening(g, tree, actors=budget, lines=2 * budget)
    rnd = random.Random(seed)
    for _ in range(extra):
        closed = sorted(i for i in shown if tree.children[i] and i not in opened_)
        if not closed:
            break
        i = rnd.choice(closed)
        opened_.add(i)
        shown.update(tree.children[i])
    return drawn(g, tree, shown, opened_.__contains__)


@pytest.fixture(scope="module")
def large_graph():
    from c2graph.graph.graphs import scenario_graph

    return scenario_graph(synthetic(2000)[0])


@pytest.mark.parametrize("budget,extra", [(150, 0), (150, 3), (150, 12), (420, 0), (150, 60)])
def test_expansion_states_of_a_large_organisation_lay_out_the_same(engine_page, large_graph,
                                                                   budget, extra):
    g = opened(large_graph, budget, extra, seed=budget + extra)
    assert g.number_of_nodes() > 100
    same(engine_page, g, f"large|{budget}|{extra}")


def test_rare_rules_lay_out_the_same(engine_page):
    g = nx.MultiDiGraph()
    actors = [("us.p", "Office", "US", "President 𝒫"), ("us.d", "Office", "US", "Sec"),
              ("us.a", "Command", "US", "Alpha"), ("us.b", "Command", "US", "beta"),
              ("us.s", "Staff", "US", "Staff"), ("jp.m", "Office", "JP", "大臣"),
              ("jp.c", "Command", "JP", "統合"), ("kr.p", "Office", "KR", "President"),
              ("c.f", "Forum", "COMBINED", "Forum"), ("c.w", "Forum", "COMBINED", "WG"),
              ("c.lone", "Forum", "COMBINED", "Lone"), ("c.cmd", "Command", "COMBINED", "CC")]
    for n, kind, nation, name in actors:
        g.add_node(n, id=n, kind=kind, nation=nation, name_en=name, status="established")
    for i in range(7):   # a fan-out of leaves: stacked columns
        n = f"us.l{i}"
        g.add_node(n, id=n, kind="Command", nation="US", name_en=f"Leaf {6 - i}",
                   status="established")
        g.add_edge("us.a", n, key=f"us.a-COMMANDS->{n}", type="COMMANDS", authority="OPCON")
    for u, t, v, auth in [("us.p", "COMMANDS", "us.d", "NCA"), ("us.d", "COMMANDS", "us.a", "COCOM"),
                          ("us.d", "COMMANDS", "us.b", "COCOM"), ("us.s", "ASSISTS", "us.a", None),
                          ("us.a", "ADVISES", "us.d", None),   # the adviser commands its principal
                          ("us.a", "COMMANDS", "us.p", "OPCON"),   # a command cycle
                          ("jp.m", "COMMANDS", "jp.c", "COMMAND"),
                          ("us.a", "COORDINATES_WITH", "jp.c", None),
                          ("us.b", "MEMBER_OF", "c.f", None), ("jp.m", "MEMBER_OF", "c.f", None),
                          ("c.w", "MEMBER_OF", "c.f", None), ("kr.p", "MEMBER_OF", "c.lone", None),
                          ("c.cmd", "MEMBER_OF", "c.lone", None),
                          ("us.b", "COMMANDS", "c.cmd", "OPCON"),
                          ("kr.p", "DUAL_HATTED_WITH", "us.b", None),
                          ("jp.c", "SUPPORTS", "us.b", None),
                          ("us.b", "TRANSMITS_ORDERS", "jp.c", None)]:
        g.add_edge(u, v, key=f"{u}-{t}->{v}", type=t, **({"authority": auth} if auth else {}))
    same(engine_page, g, "rare")
    same(engine_page, g, "rare|2", frame_width={"COMBINED:JP+KR+US": 500.0})


def test_a_member_drawn_into_many_forums_is_one_bus(engine_page):
    """A command that is the only member drawn of a row of forums (the 50,000-actor
    opening: one command, 100 forums) draws one bus to them, not a line per forum each
    on a lane of its own; a forum with two members drawn keeps its own trunk, and so do
    the lines of a member alone in fewer than ``MEMBER_BUS`` forums.  Python and the
    page agree, and no line passes through a box or a foreign frame."""
    from c2graph.viz.layout import engine
    from tests import chart_geometry as geo

    g = nx.MultiDiGraph()
    nodes = [("jp.m", "Office", "JP"), ("jp.c", "Command", "JP"), ("jp.d", "Command", "JP"),
             ("us.c", "Command", "US")] + [(f"c.f{i}", "Forum", "COMBINED") for i in range(14)]
    for n, kind, nation in nodes:
        g.add_node(n, id=n, kind=kind, nation=nation, name_en=n, status="established")
    edges = [("jp.m", "COMMANDS", "jp.c"), ("jp.m", "COMMANDS", "jp.d"),
             ("us.c", "MEMBER_OF", "c.f0"), ("jp.d", "MEMBER_OF", "c.f0"),   # two members
             ("us.c", "MEMBER_OF", "c.f1"),                                 # a lone line
             ("jp.d", "MEMBER_OF", "c.f12"), ("jp.d", "MEMBER_OF", "c.f13")]  # alone in two
    edges += [("jp.c", "MEMBER_OF", f"c.f{i}") for i in range(2, 12)]
    for u, t, v in edges:
        g.add_edge(u, v, key=f"{u}-{t}->{v}", type=t)
    same(engine_page, g, "forums")
    size = sizes(g, "forums")
    c = chart_layout(g, lambda n: tuple(size[n]), Spacing(), label_size=tuple(LABEL))
    bundles = {k: ln.bundle for k, ln in c.lines.items() if ln.type == "MEMBER_OF"}
    assert {bundles[f"jp.c-MEMBER_OF->c.f{i}"] for i in range(2, 12)} == {"MEMBER_OF:by:jp.c"}
    assert bundles["us.c-MEMBER_OF->c.f0"] == bundles["jp.d-MEMBER_OF->c.f0"] == "MEMBER_OF:c.f0"
    assert bundles["us.c-MEMBER_OF->c.f1"] == "MEMBER_OF:c.f1"
    assert engine.MEMBER_BUS == 3
    assert [bundles[f"jp.d-MEMBER_OF->c.f{i}"] for i in (12, 13)] == ["MEMBER_OF:c.f12",
                                                                     "MEMBER_OF:c.f13"]
    assert not c.failed
    drawing = geo.Drawing(boxes=dict(c.boxes), frames=dict(c.frames), frame_of=dict(c.frame_of),
                          lines={k: (ln.source, ln.target, ln.points) for k, ln in c.lines.items()})
    assert geo.problems(drawing) == []
    # one trunk: the bus's lines leave the command at one point
    starts = {tuple(c.lines[f"jp.c-MEMBER_OF->c.f{i}"].points[0]) for i in range(2, 12)}
    assert len(starts) == 1
