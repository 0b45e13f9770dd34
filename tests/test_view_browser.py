"""``c2graph view`` pages in headless Chromium: what a user sees and can do, offline.

Every page is opened with all traffic intercepted (tests/browser.py): the page's own
file loads, anything else is recorded and aborted.  Screenshots go to test-artifacts/.
"""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

import networkx as nx
import pytest

from c2graph.graph.diff import diff_graphs
from c2graph.graph.model import Actor, Relationship, Scenario
from c2graph.graph.store import open_store
from c2graph.loaders import load_dataset
from tests.browser import ARTIFACTS, open_page  # the browser fixture: tests.browser plugin
from c2graph.viz.opening import ACTOR_BUDGET, LINE_BUDGET, Tree, drawn, opening
from c2graph.viz.view import SCRIPTS, build_view, write_view

pytestmark = pytest.mark.browser
HOSTILE = Path(__file__).parent / "data" / "hostile"
SPECIAL = ("removed:",)


# -- helpers ------------------------------------------------------------------------------

def state(page) -> dict:
    """What is drawn right now (the page's geometry: boxes, lines and how they look),
    what vis-network holds, and the page's heading."""
    return page.evaluate("""() => {
      const c = window.c2graph, g = c.geometry();
      const lines = g.lines.filter(l => !l.ghost), looks = Object.values(g.looks);
      return {
        nodes: Object.keys(g.boxes),
        drawnNodes: c.network.body.nodeIndices.map(String),
        edges: g.lines.map(l => l.id),
        dimNodes: looks.filter(l => l.dim).map(l => l.id),
        dimEdges: g.lines.filter(l => l.dim).map(l => l.id),
        glowNodes: looks.filter(l => l.glow).map(l => [l.id, l.glow]),
        glowEdges: lines.filter(l => l.glow).map(l => [l.id, l.glow]),
        words: g.words,
        physics: c.network.physics.options.enabled,
        title: document.getElementById('title').textContent,
        status: document.getElementById('status').textContent,
        compare: document.getElementById('compare').value,
        scenario: document.getElementById('scenario').value,
      };
    }""")


def geometry(page) -> dict:
    return page.evaluate("window.c2graph.geometry()")


def plain(ids) -> set[str]:
    return {i for i in ids if not i.startswith(SPECIAL)}


def dom_point(page, actor: str) -> tuple[float, float]:
    return tuple(page.evaluate("""(id) => {
      const n = window.c2graph.network, p = n.canvasToDOM(n.getPosition(id));
      const r = document.querySelector('#graph canvas').getBoundingClientRect();
      return [r.left + p.x, r.top + p.y];
    }""", actor))


def into_view(page, actor: str) -> None:
    """Pan (at the current zoom) so that the actor is in the middle, as a user would."""
    page.evaluate("""(id) => { const n = window.c2graph.network;
      n.focus(id, { scale: n.getScale(), animation: false }); }""", actor)


def click_actor(page, actor: str) -> None:
    into_view(page, actor)
    x, y = dom_point(page, actor)
    page.mouse.click(x, y)


def expected_highlight(g: nx.MultiDiGraph, actor: str) -> tuple[set[str], set[str]]:
    """The actor, every COMMANDS superior up to the top, its coordination partners."""
    cmd = nx.DiGraph((u, v) for u, v, t in g.edges(data="type") if t == "COMMANDS")
    chain = {actor} | (nx.ancestors(cmd, actor) if actor in cmd else set())
    edges = {k for u, v, k, t in g.edges(keys=True, data="type")
             if t == "COMMANDS" and v in chain}
    partners = set()
    for u, v, k, t in g.edges(keys=True, data="type"):
        if t == "COORDINATES_WITH" and actor in (u, v):
            partners.add(v if u == actor else u)
            edges.add(k)
    return chain | partners, edges


def boxes_overlapping(page) -> list:
    """Pairs of drawn boxes that overlap (the engine's boxes, as drawn)."""
    boxes = list(geometry(page)["boxes"].items())
    out = []
    for i, (n, p) in enumerate(boxes):
        for m, q in boxes[i + 1:]:
            if p[0] < q[2] and q[0] < p[2] and p[1] < q[3] and q[1] < p[3]:
                out.append((n, m))
    return out


def line_point(page, rel_id: str) -> tuple[float, float]:
    """The middle of a drawn line's longest segment, on the screen."""
    return tuple(page.evaluate("""(id) => {
      const c = window.c2graph, l = c.geometry().lines.find(x => x.id === id);
      let best = null, len = -1;
      for (let i = 0; i + 1 < l.points.length; i++) {
        const [a, b] = [l.points[i], l.points[i + 1]], d = Math.hypot(b[0] - a[0], b[1] - a[1]);
        if (d > len) { len = d; best = [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2]; }
      }
      c.network.moveTo({position: {x: best[0], y: best[1]}, scale: c.network.getScale(), animation: false});
      const p = c.network.canvasToDOM({x: best[0], y: best[1]});
      const r = document.querySelector('#graph canvas').getBoundingClientRect();
      return [r.left + p.x, r.top + p.y];
    }""", rel_id))


def assert_clean(visit) -> None:
    assert visit.requests_out == []
    assert visit.console_errors == []
    assert visit.page_errors == []
    assert visit.dialogs == []


def page_from_store(url: str, path: Path, **kwargs) -> tuple[Path, dict]:
    with open_store(url) as store:
        graphs = {sid: store.read_graph(sid) for sid in store.scenarios()}
    page, _ = build_view(graphs, **kwargs)
    return write_view(path, page), graphs


# -- the bundled dataset ------------------------------------------------------------------

@pytest.fixture(scope="module")
def bundled_page(tmp_path_factory):
    """The bundled dataset, loaded into an embedded store, drawn by the view."""
    folder = tmp_path_factory.mktemp("view")
    url = f"embedded:{folder / 'db'}"
    dataset = load_dataset()
    with open_store(url) as store:
        store.load(list(dataset.scenarios.values()))
    path, graphs = page_from_store(url, folder / "alliance.html")
    return path, graphs, dataset


def test_every_scenario_draws_exactly_its_actors_and_lines(browser, bundled_page):
    path, graphs, dataset = bundled_page
    visit = open_page(browser, path)
    page = visit.page
    try:
        first = state(page)
        assert first["physics"] is False
        assert first["scenario"] == "baseline-2024" and first["compare"] == ""
        for sid, scenario in dataset.scenarios.items():
            page.select_option("#scenario", sid)
            s = state(page)
            want_nodes, want_edges = set(scenario.actors), set(scenario.relationships)
            assert set(s["nodes"]) == set(s["drawnNodes"]) == want_nodes
            assert len(s["nodes"]) == len(want_nodes)
            assert plain(s["edges"]) == want_edges
            assert page.evaluate("window.c2graph.network.body.edgeIndices.length") == 0
            assert s["title"] == scenario.title
            assert s["status"] == f"status: {scenario.status}"
            assert s["compare"] == (scenario.base or "")
            for lang in ("en", "ja", "both"):
                page.select_option("#lang", lang)
                assert boxes_overlapping(page) == [], (sid, lang)
            page.select_option("#lang", "en")
            visit.screenshot(f"view-{sid}.png")
        assert_clean(visit)
    finally:
        visit.close()


def test_switching_scenario_highlights_the_diff(browser, bundled_page):
    path, graphs, dataset = bundled_page
    visit = open_page(browser, path)
    page = visit.page
    try:
        marks = page.evaluate("window.c2graph.marks")
        for sid, compare in [("cfc-transfer", None), ("jjoc-2025", None),
                             ("cfc-transfer", "baseline-2024")]:
            page.select_option("#scenario", sid)
            if compare:
                page.select_option("#compare", compare)
            compare = compare or dataset.scenarios[sid].base
            rows = diff_graphs(graphs[compare], graphs[sid])
            want = {(r["item"], r["change"]): set() for r in rows}
            for r in rows:
                want[(r["item"], r["change"])].add(r["id"])
            s = state(page)
            glow_edges = {i: c for i, c in s["glowEdges"]}
            glow_nodes = {i: c for i, c in s["glowNodes"]}
            assert {i for i, c in glow_edges.items() if c == marks["added"]} == \
                want.get(("relationship", "added"), set())
            assert {i for i, c in glow_edges.items() if c == marks["changed"]} == \
                want.get(("relationship", "changed"), set())
            assert {i for i, c in glow_nodes.items() if c == marks["added"]} == \
                want.get(("actor", "added"), set())
            assert {i for i, c in glow_nodes.items() if c == marks["changed"]} == \
                want.get(("actor", "changed"), set())
            g = graphs[sid]
            ghosts = {i[len("removed:"):] for i in s["edges"] if i.startswith("removed:")}
            removed = want.get(("relationship", "removed"), set())
            assert ghosts == {r for r in removed if set(_ends(graphs[compare], r)) <= set(g)}
            assert plain(s["edges"]) == {k for _, _, k in g.edges(keys=True)}
            lines = page.locator("#changes-body li").all_inner_texts()
            assert len(lines) == len(rows)
            visit.screenshot(f"view-diff-{sid}-vs-{compare}.png")
        assert "kr.cfc-commander-DUAL_HATTED_WITH->combined.cfc" in glow_edges
        assert "us.usfk-DUAL_HATTED_WITH->combined.cfc" in ghosts
        page.select_option("#compare", "")
        s = state(page)
        assert s["glowEdges"] == [] and s["glowNodes"] == []
        assert not any(i.startswith("removed:") for i in s["edges"])
        assert_clean(visit)
    finally:
        visit.close()


def _ends(g: nx.MultiDiGraph, rel_id: str) -> tuple[str, str]:
    return next((u, v) for u, v, k in g.edges(keys=True) if k == rel_id)


@pytest.mark.parametrize("actor", ["us.usfk", "us.indopacom", "jp.cos-js", "kr.mnd"])
def test_clicking_an_actor_highlights_exactly_its_chain(browser, bundled_page, actor):
    path, graphs, dataset = bundled_page
    visit = open_page(browser, path)
    page = visit.page
    try:
        click_actor(page, actor)
        s = state(page)
        want_nodes, want_edges = expected_highlight(graphs["baseline-2024"], actor)
        assert set(s["nodes"]) - set(s["dimNodes"]) == want_nodes
        assert plain(s["edges"]) - set(s["dimEdges"]) == want_edges
        chain_lines = page.locator("#details-body ul.lines").first.all_inner_texts()
        assert page.locator("#details-body h3").first.inner_text() == \
            dataset.scenarios["baseline-2024"].actors[actor].name_en
        if actor != "kr.mnd":
            assert chain_lines and chain_lines[0]
        visit.screenshot(f"view-click-{actor}.png")
        page.keyboard.press("Escape")
        assert state(page)["dimNodes"] == []
        click_actor(page, actor)
        box = page.locator("#graph canvas").bounding_box()
        page.mouse.click(box["x"] + 5, box["y"] + 5)  # the background clears it
        assert state(page)["dimNodes"] == []
        assert_clean(visit)
    finally:
        visit.close()


def test_moving_the_selection_updates_only_what_changes_and_ends_right(browser, bundled_page):
    """A selection moves no box, so vis-network is handed nothing again (the page draws
    the looks); what is drawn afterwards is exactly the new actor's chain, as after a
    first click."""
    path, graphs, _ = bundled_page
    g = graphs["baseline-2024"]
    visit = open_page(browser, path)
    page = visit.page
    try:
        click_actor(page, "us.usfk")
        first = page.evaluate("window.c2graph.lastDraw")
        click_actor(page, "jp.cos-js")
        second = page.evaluate("window.c2graph.lastDraw")
        assert second["items"] == first["items"] > 0
        assert second["sent"] == first["sent"] == 0 and second["removed"] == 0
        s = state(page)
        want_nodes, want_edges = expected_highlight(g, "jp.cos-js")
        assert set(s["nodes"]) - set(s["dimNodes"]) == want_nodes
        assert plain(s["edges"]) - set(s["dimEdges"]) == want_edges
        assert_clean(visit)
    finally:
        visit.close()


def test_search_finds_actors_by_name_short_id_and_japanese(browser, bundled_page):
    path, graphs, dataset = bundled_page
    visit = open_page(browser, path)
    page = visit.page
    try:
        for query, actor in [("統合幕僚長", "jp.cos-js"), ("indopacom", "us.indopacom"),
                             ("us.usfk", "us.usfk"), ("Forces Japan", "us.usfj"),
                             ("防衛大臣", "jp.mod")]:
            page.fill("#search", query)
            first = page.locator("#results li").first
            assert first.get_attribute("data-id") == actor, query
        page.fill("#search", "統合幕僚長")
        page.press("#search", "Enter")
        assert page.evaluate("window.c2graph.state.selected") == "jp.cos-js"
        s = state(page)
        assert set(s["nodes"]) - set(s["dimNodes"]) == \
            expected_highlight(graphs["baseline-2024"], "jp.cos-js")[0]
        page.fill("#search", "zzzz-nothing")
        assert page.locator("#results li").all_inner_texts() == ["No actor matches."]
        visit.screenshot("view-search.png")
        assert_clean(visit)
    finally:
        visit.close()


def test_hover_shows_names_rank_status_authority_and_sources_as_text(browser, bundled_page):
    path, graphs, dataset = bundled_page
    visit = open_page(browser, path)
    page = visit.page
    try:
        actor = dataset.scenarios["baseline-2024"].actors["us.indopacom"]
        into_view(page, "us.indopacom")
        page.mouse.move(*dom_point(page, "us.indopacom"))
        tip = page.locator("#tooltip")
        tip.wait_for(state="visible")
        text = tip.inner_text()
        for part in (actor.name_en, actor.name_ja, f"Rank: {actor.rank}",
                     f"Status: {actor.status}", actor.sources[0]):
            assert part in text
        # a line: the middle of the routed NCA line from the ROK President
        page.mouse.move(*line_point(page, "kr.president-COMMANDS->kr.mnd"))
        page.wait_for_function("document.getElementById('tooltip').textContent"
                               ".startsWith('commands')")
        text = tip.inner_text()
        rel = dataset.scenarios["baseline-2024"].relationships[
            "kr.president-COMMANDS->kr.mnd"]
        assert "Authority: NCA — national command authority" in text
        assert rel.sources[0] in text
        visit.screenshot("view-hover.png")
        assert_clean(visit)
    finally:
        visit.close()


# -- hostile names --------------------------------------------------------------------------

INJECTED = """() => { const SCRIPT_COUNT = %d;
  const bad = [];
  for (const e of document.querySelectorAll('*')) {
    for (const a of e.attributes) if (a.name.startsWith('on')) bad.push(e.tagName + ' ' + a.name);
    if (['IMG', 'IFRAME', 'OBJECT', 'EMBED', 'MARQUEE', 'DETAILS', 'B', 'A', 'LINK', 'BASE']
        .includes(e.tagName)) bad.push(e.tagName);
  }
  bad.push(...[...document.querySelectorAll('script')].slice(SCRIPT_COUNT).map(s => 'SCRIPT'));
  bad.push(...[...document.querySelectorAll('style')].slice(1).map(s => 'STYLE'));
  bad.push(...[...document.querySelectorAll('input')].filter(i => i.id !== 'search').map(i => 'INPUT'));
  return bad;
}""" % (2 + len(SCRIPTS))


@pytest.mark.parametrize("engine", ["embedded"])
@pytest.mark.parametrize("csp", [True, False], ids=["with-csp", "csp-stripped"])
def test_hostile_names_stay_text(browser, store, tmp_path, csp):
    dataset = load_dataset(str(HOSTILE))
    store.load(list(dataset.scenarios.values()))
    graphs = {sid: store.read_graph(sid) for sid in store.scenarios()}
    page_html, _ = build_view(graphs, lang="both")
    if not csp:  # the text-only rendering must hold on its own, without the CSP net
        head, rest = page_html.split('<meta http-equiv="Content-Security-Policy"', 1)
        page_html = head + rest.split(">", 1)[1]
        assert "Content-Security-Policy" not in page_html
    path = write_view(tmp_path / "hostile.html", page_html)
    visit = open_page(browser, path)
    page = visit.page
    try:
        base = dataset.scenarios["base"]
        top = base.actors["us.top"]
        assert page.locator("#title").inner_text() == base.title
        assert page.title() == f"c2graph — {base.title} (established)"
        options = page.locator("#scenario option").all_inner_texts()
        assert options[1].startswith(dataset.scenarios["change"].title)
        labels = {n: x["text"] for n, x in geometry(page)["looks"].items()}
        assert labels["us.top"].startswith("<b>BOLD</b>")
        into_view(page, "us.top")
        page.mouse.move(*dom_point(page, "us.top"))
        tip = page.locator("#tooltip")
        tip.wait_for(state="visible")
        text = tip.inner_text()
        assert top.name_en in text and top.name_ja in text and top.note in text
        assert tip.evaluate("t => t.querySelectorAll('*').length") == \
            tip.evaluate("t => t.querySelectorAll('div').length")  # our divs only
        into_view(page, "us.mid")
        page.mouse.move(*dom_point(page, "us.mid"))
        page.wait_for_function("document.getElementById('tooltip').textContent.includes('MID')")
        assert base.actors["us.mid"].note in tip.inner_text()  # "href" stays text
        click_actor(page, "us.top")
        details = page.locator("#details-body").inner_text()
        assert top.name_en in details and top.location in details
        page.fill("#search", "<img")
        assert top.name_en in page.locator("#results li").first.inner_text()
        page.select_option("#scenario", "change")
        changes = page.locator("#changes-body").inner_text()
        assert dataset.scenarios["change"].actors["jp.new"].name_en in changes
        assert page.locator("#title").inner_text() == dataset.scenarios["change"].title
        into_view(page, "jp.new")
        page.mouse.move(*dom_point(page, "jp.new"))
        page.wait_for_function("document.getElementById('tooltip').textContent.includes('autofocus')")
        page.wait_for_timeout(300)  # give anything injected a chance to fire
        assert page.evaluate(INJECTED) == []
        visit.screenshot(f"view-hostile-{'csp' if csp else 'nocsp'}.png")
        assert_clean(visit)
    finally:
        visit.close()


# -- scale ----------------------------------------------------------------------------------

def synthetic(actors: int = 2000) -> list[Scenario]:
    """A 2,000-actor hierarchy: three national trees (fan-out 6), forums, coordination."""
    src = ("synthetic",)
    base = Scenario("synthetic", "Synthetic 2,000 actors", "established", src)
    per_nation = (actors - 10) // 3
    leaves: dict[str, list[str]] = {}
    for nat in ("US", "JP", "KR"):
        ids = [f"{nat.lower()}.n{i}" for i in range(per_nation)]
        leaves[nat] = ids
        for i, aid in enumerate(ids):
            kind = "Office" if i == 0 else "Command" if i % 7 else "Staff"
            base.actors[aid] = Actor(aid, kind, f"{nat} unit {i}", nat, "established", src,
                                     name_ja=f"{nat}部隊{i}", short=f"{nat}{i}")
            if i:
                r = Relationship(ids[(i - 1) // 6], "COMMANDS", aid, src,
                                 authority="NCA" if i < 7 else "OPCON")
                base.relationships[r.id] = r
    while len(base.actors) < actors:
        i = len(base.actors) - 3 * per_nation
        fid = f"combined.f{i}"
        base.actors[fid] = Actor(fid, "Forum", f"Forum {i}", "COMBINED", "established", src)
        for nat in ("US", "JP", "KR"):
            r = Relationship(leaves[nat][1 + i * 7], "MEMBER_OF", fid, src)
            base.relationships[r.id] = r
    for i in range(1, per_nation, 9):
        r = Relationship(leaves["US"][i], "COORDINATES_WITH", leaves["JP"][i], src)
        base.relationships[r.id] = r
    moved = Scenario("synthetic-moved", "Synthetic, 50 units moved", "possible", src,
                     base="synthetic", actors=dict(base.actors),
                     relationships=dict(base.relationships))
    for i in range(per_nation - 50, per_nation):
        old = Relationship(leaves["US"][(i - 1) // 6], "COMMANDS", leaves["US"][i], src)
        del moved.relationships[old.id]
        new = Relationship(leaves["US"][1], "COMMANDS", leaves["US"][i], src, authority="TACON")
        moved.relationships[new.id] = new
    return [base, moved]


def tree_state(page) -> dict:
    """The visible actors, their drawn boxes and texts, the '+ N' counts, what
    vis-network holds."""
    return page.evaluate("""() => {
      const c = window.c2graph, sc = c.model.scenario(c.state.scenario), n = c.network;
      const shown = c.visible(), g = c.geometry();
      return {
        shown: shown,
        held: c.nodes.getIds().map(String),
        drawn: n.body.nodeIndices.map(String),
        labels: Object.fromEntries(Object.values(g.looks).map(x => [x.id, x.text])),
        below: Object.fromEntries(shown.map(id => [id, sc.below[sc.at[id]]])),
        open: Object.fromEntries(shown.map(id => [id, !!sc.open[sc.at[id]]])),
        kids: Object.fromEntries(shown.map(id => [id, sc.children[sc.at[id]].length])),
        boxes: Object.fromEntries(Object.entries(g.boxes).map(([id, b]) =>
          [id, {left: b[0], top: b[1], right: b[2], bottom: b[3]}])),
        edges: g.lines.map(l => l.id),
      };
    }""")


def handed_to_engine(page) -> dict:
    """The visible actors and the lines the page hands to its layout engine."""
    return page.evaluate("""() => {
      const c = window.c2graph, m = c.model, sc = m.scenario(c.state.scenario);
      const g = m.graph(sc, c.state.shown);
      return {nodes: g.nodes, edges: g.edges.map(e => e.key),
              folds: Object.fromEntries(g.nodes.map(id => [id, sc.folds[sc.at[id]]]))}; }""")


def assert_opens_as_python(page, g: nx.MultiDiGraph) -> tuple[Tree, set[int], set[int]]:
    """The page opens ``g`` with exactly the actors and lines ``viz.opening`` gives
    (the same rule on both sides), within both budgets; returns Python's state."""
    tree = Tree.of(g)
    shown, opened = opening(g, tree)
    want = drawn(g, tree, shown, opened.__contains__)
    got = handed_to_engine(page)
    assert set(got["nodes"]) == set(want.nodes)
    assert sorted(got["edges"]) == sorted(k for _, _, k in want.edges(keys=True))
    assert len(got["nodes"]) <= ACTOR_BUDGET and len(got["edges"]) <= LINE_BUDGET
    return tree, shown, opened


def laid_out_overlaps(page) -> list:
    """Pairs of visible boxes that overlap, as drawn."""
    return boxes_overlapping(page)


def descendants(scenario: Scenario, page, actor: str) -> int:
    """Tree descendants of an actor as the page's data says (independent count)."""
    return page.evaluate("""(id) => {
      const c = window.c2graph, sc = c.model.scenario(c.state.scenario);
      let count = 0; const stack = [sc.at[id]];
      while (stack.length) { const i = stack.pop();
        for (const k of sc.children[i]) { count++; stack.push(k); } }
      return count; }""", actor)


@pytest.mark.parametrize("engine", ["embedded"])
def test_two_thousand_actors_open_collapsed_and_expand_on_click(browser, store, tmp_path):
    """A large organisation opens with the top of each chain and counts for what is
    below; collapsed actors are not handed to vis-network; a click opens a subtree;
    a search for a deep actor opens its ancestors and highlights its chain."""
    scenarios = synthetic()
    store.load(scenarios)
    graphs = {sid: store.read_graph(sid) for sid in store.scenarios()}
    page_html, _ = build_view(graphs)
    path = write_view(tmp_path / "synthetic.html", page_html)
    visit = open_page(browser, path)
    page = visit.page
    try:
        t = tree_state(page)
        budget = page.evaluate("window.c2graph.model.BUDGET")
        assert 0 < len(t["shown"]) <= budget < 2000
        assert_opens_as_python(page, graphs[page.evaluate("window.c2graph.state.scenario")])
        assert set(t["held"]) == set(t["drawn"]) == set(t["shown"])
        held_edges = plain(t["edges"])
        assert held_edges and all(
            r.source in t["shown"] and r.target in t["shown"]
            for rid, r in scenarios[0].relationships.items() if rid in held_edges)
        collapsed = [a for a in t["shown"] if not t["open"][a] and t["kids"][a]]
        assert collapsed
        for a in collapsed:
            count = descendants(scenarios[0], page, a)
            assert t["below"][a] == count
            assert t["labels"][a].endswith(f"+ {count:,}")
        # parents above children, no two boxes overlap
        assert laid_out_overlaps(page) == []
        for r in scenarios[0].relationships.values():
            if r.type == "COMMANDS" and r.source in t["shown"] and r.target in t["shown"]:
                assert t["boxes"][r.source]["bottom"] < t["boxes"][r.target]["top"]
        # a click on a collapsed actor opens it: its children are now drawn
        target = collapsed[0]
        kids = {r.target for r in scenarios[0].relationships.values()
                if r.type == "COMMANDS" and r.source == target}
        click_actor(page, target)
        page.wait_for_timeout(100)  # vis-network measures boxes when it draws
        after = tree_state(page)
        assert kids <= set(after["shown"]) and set(after["held"]) == set(after["shown"])
        assert after["open"][target] and not after["labels"][target].endswith(
            f"+ {t['below'][target]:,}")
        assert laid_out_overlaps(page) == []
        # search a deep actor: its ancestors open and its chain is highlighted
        page.fill("#search", "us.n500")
        page.press("#search", "Enter")
        s = state(page)
        g = nx.MultiDiGraph()
        for r in scenarios[0].relationships.values():
            g.add_edge(r.source, r.target, key=r.id, type=r.type)
        chain = expected_highlight(g, "us.n500")[0]
        assert chain <= set(s["nodes"])
        assert set(s["nodes"]) - set(s["dimNodes"]) == chain
        # and the collapse button closes the subtree again
        page.evaluate("window.c2graph.collapse('us.n0')")
        closed = tree_state(page)
        assert not any(a.startswith("us.") and a != "us.n0" for a in closed["held"])
        visit.screenshot("view-synthetic-2000.png")
        assert_clean(visit)
    finally:
        visit.close()


def test_fifty_thousand_actors_open_within_the_line_budget(browser, tmp_path):
    """The 50,000-actor synthetic organisation (as bench draws it) opens with whole tree
    levels within both budgets, exactly as ``viz.opening`` says: its seven top
    commanders are members of all 100 forums, and those membership lines stay folded
    (741 lines drawn at the opening before, 700 of them MEMBER_OF) until a forum is
    clicked, which draws its visible members' lines and nothing else."""
    from c2graph.graph.graphs import scenario_graph
    from c2graph.synthetic import Options, generate

    generate(tmp_path / "org", Options(actors=50_000, seed=1))
    g = scenario_graph(load_dataset(tmp_path / "org").scenarios["baseline"])
    page_html, _ = build_view({"baseline": g})
    visit = open_page(browser, write_view(tmp_path / "view.html", page_html))
    page = visit.page
    try:
        tree, shown, opened = assert_opens_as_python(page, g)
        folded = [tree.order[i] for i in shown if i not in opened and
                  sum(1 for u, _, d in g.in_edges(tree.order[i], data=True)
                      if d["type"] == "MEMBER_OF") > 1]
        assert len(folded) >= 100   # every forum shows, each with one line of its members
        forum = min(folded)
        before = handed_to_engine(page)
        assert before["folds"][forum] > 0
        assert page.evaluate(f"window.c2graph.expand({forum!r})")
        after = handed_to_engine(page)
        want = drawn(g, tree, shown, (opened | {tree.at[forum]}).__contains__)
        assert sorted(after["edges"]) == sorted(k for _, _, k in want.edges(keys=True))
        assert len(before["edges"]) < len(after["edges"]) <= (len(before["edges"])
                                                              + before["folds"][forum])
        assert set(after["nodes"]) == set(before["nodes"])
        assert page.evaluate(f"window.c2graph.collapse({forum!r})")
        assert sorted(handed_to_engine(page)["edges"]) == sorted(before["edges"])
        assert_clean(visit)
    finally:
        visit.close()


# -- the interface: language, zoom, marking, change layer -------------------------------------

def interface_strings(page, lang: str) -> dict:
    return page.evaluate("(l) => C2Strings.TABLE[l]", lang)


@pytest.fixture(scope="module")
def bundled_ja_page(tmp_path_factory, bundled_page):
    path, graphs, dataset = bundled_page
    page, _ = build_view(graphs, lang="ja", initial="us-jfc", marking="UNCLASSIFIED//FOUO")
    return write_view(tmp_path_factory.mktemp("view-ja") / "ja.html", page), graphs, dataset


def test_japanese_page_has_no_english_interface_left(browser, bundled_ja_page):
    path, graphs, dataset = bundled_ja_page
    visit = open_page(browser, path)
    page = visit.page
    try:
        en, ja = interface_strings(page, "en"), interface_strings(page, "ja")
        page.evaluate("window.c2graph.setCompare('baseline-2024')")
        click_actor(page, "us.jfc")
        into_view(page, "us.jfc")
        page.mouse.move(*dom_point(page, "us.jfc"))
        page.locator("#tooltip").wait_for(state="visible")
        text = page.evaluate("document.body.innerText")
        for sid, g in graphs.items():  # the data's own English (titles, notes) is not interface
            data_text = [g.graph.get("title"), g.graph.get("description")]
            for _, a in g.nodes(data=True):
                data_text += [a.get(k) for k in ("name_en", "note", "location", "short")]
            for _, _, d in g.edges(data=True):
                data_text.append(d.get("note"))
            text = " ".join(text.split())
            for value in sorted(filter(None, data_text), key=len, reverse=True):
                text = text.replace(" ".join(value.split()), "")
        words = set()
        for key, value in en.items():
            if isinstance(value, str) and value != ja.get(key):
                # phrases (single words like 'rank' occur in the data's notes too)
                words |= {w for w in re.split(r"\{\w+\}", value) if " " in w.strip()}
        left = sorted(w for w in words if w.strip() in text)
        assert left == []
        for word in ("status", "Compare with", "Legend", "Reporting chain", "Rank:",
                     "Changes", "commands", "coordinates with", "NCA", "COMMAND"):
            assert word not in text, word
        assert page.evaluate("document.documentElement.lang") == "ja"
        titles = {sid: g.graph.get("title_ja") for sid, g in graphs.items()}
        assert all(titles.values()), titles
        assert page.locator("#title").inner_text() == titles["us-jfc"]
        assert page.title().startswith(f"c2graph — {titles['us-jfc']}")
        options = page.locator("#scenario option").all_inner_texts()
        assert all(any(x.startswith(t) for x in options) for t in titles.values())
        # every word on a line is Japanese: authorities and the removed-line layer
        labels = [w["text"] for w in state(page)["words"]]
        assert labels
        assert all(re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", x) for x in labels), labels
        assert {"指揮", "作戦統制"} & set(labels)
        assert page.locator(".marking").first.inner_text() == "UNCLASSIFIED//FOUO"
        assert page.locator(".marking").last.is_visible()
        visit.screenshot("view-ja.png")
        assert_clean(visit)
    finally:
        visit.close()


def test_same_positions_in_every_label_language_switch(browser, bundled_page, bundled_ja_page):
    """The page written with --lang ja draws exactly what the English page draws after
    switching its labels to Japanese."""
    en_path, _, _ = bundled_page
    ja_path, _, _ = bundled_ja_page
    positions = []
    for path, switch in ((en_path, True), (ja_path, False)):
        visit = open_page(browser, path)
        try:
            if switch:
                visit.page.select_option("#lang", "ja")
            visit.page.evaluate("window.c2graph.setScenario('us-jfc')")
            positions.append(visit.page.evaluate(
                "JSON.stringify(window.c2graph.network.getPositions())"))
        finally:
            visit.close()
    assert json.loads(positions[0]) == json.loads(positions[1])


@pytest.mark.parametrize("lang", ["en", "ja", "both"])
def test_opens_on_the_top_of_the_chain_with_legible_names(browser, bundled_page, tmp_path, lang):
    """At 1600x1000 the page opens with names drawn at >= 12 px and the top row on
    screen, not 'Fit' of everything."""
    _, graphs, _ = bundled_page
    page_html, _ = build_view(graphs, lang=lang)
    visit = open_page(browser, write_view(tmp_path / f"{lang}.html", page_html))
    page = visit.page
    try:
        g = geometry(page)
        assert g["scale"] * g["fontPx"] >= 12 and g["scale"] * g["labelPx"] >= 12
        box = page.locator("#graph canvas").bounding_box()
        top = min(b[1] + b[3] for b in g["boxes"].values())   # the top row (its centre)
        tops = [a for a, b in g["boxes"].items() if b[1] + b[3] < top + 1]
        on_screen = [a for a in tops
                     if box["y"] <= dom_point(page, a)[1] <= box["y"] + box["height"]
                     and box["x"] <= dom_point(page, a)[0] <= box["x"] + box["width"]]
        assert on_screen, tops
        visit.screenshot(f"view-open-{lang}.png")
    finally:
        visit.close()


def test_change_layer_speaks_plain_words_on_its_lines_and_dims_with_a_chain(browser, bundled_page):
    path, graphs, _ = bundled_page
    visit = open_page(browser, path)
    page = visit.page
    try:
        page.select_option("#scenario", "cfc-transfer")
        page.select_option("#compare", "us-jfc")
        g = geometry(page)
        ghosts = [x for x in g["lines"] if x["ghost"]]
        assert ghosts and all(x["id"].startswith("removed:") for x in ghosts)
        removed = {x["id"][len("removed:"):] for x in ghosts}
        assert "us.usfk-DUAL_HATTED_WITH->combined.cfc" in removed
        words = {w["lines"][0]: w for w in g["words"] if w["kind"] == "removed"}
        assert set(words) == {x["id"] for x in ghosts}   # each removed line says what it was
        for w in words.values():
            assert w["text"].startswith("no longer "), w["text"]
            assert not re.search(r"\b[A-Z]+_[A-Z_]+\b|removed", w["text"])
        assert words["removed:us.usfk-DUAL_HATTED_WITH->combined.cfc"]["text"] == \
            "no longer dual-hatted with CFC"
        click_actor(page, "kr.jcs-chairman")
        g = geometry(page)
        assert all(x["dim"] for x in g["lines"] if x["ghost"])
        assert all(w["dim"] for w in g["words"] if w["kind"] == "removed")
        visit.screenshot("view-change-layer.png")
        assert_clean(visit)
    finally:
        visit.close()


def test_a_move_draws_every_box_in_its_first_frame(browser, bundled_page):
    """vis-network draws only the nodes whose bounding box meets the view, and a custom
    node's box was {0,0,0,0} until first skipped, then 50 px square: after a move that
    took the canvas origin out of view ("Fit", "Top of the chain", a search) no box was
    drawn until something else redrew, and a wide box whose centre was off the view was
    never drawn, nor could a click on its ends select it.  Each move here must draw, in
    its first frame, what a second draw draws; the widest box must show the part of it
    that is on screen; a click selects it at its ends and not just above it."""
    from PIL import Image
    import io

    path, _, _ = bundled_page
    visit = open_page(browser, path)
    page = visit.page
    try:
        g = geometry(page)
        wide, (x0, y0, x1, y1) = max(g["boxes"].items(), key=lambda kv: kv[1][2] - kv[1][0])
        fill = g["looks"][wide]["fill"].lstrip("#")
        canvas = page.locator("#graph canvas")
        width, scale = g["view"]["width"], 2.0
        for centre in (-150, -30, 60):   # DOM px from the canvas' left edge, at zoom 2
            x = (x0 + x1) / 2 + (width / 2 - centre) / scale
            page.evaluate("""([x, y, s]) => new Promise(done => {
              const c = window.c2graph, before = c.draws;
              c.network.moveTo({position: {x: x, y: y}, scale: s, animation: false});
              (function wait() { c.draws > before ? done() : requestAnimationFrame(wait); })();
            })""", [x, (y0 + y1) / 2, scale])
            first = canvas.screenshot()
            page.evaluate("""() => new Promise(done => {
              const c = window.c2graph, before = c.draws;
              c.network.redraw();
              (function wait() { c.draws > before ? done() : requestAnimationFrame(wait); })();
            })""")
            assert canvas.screenshot() == first, f"the first frame lacked boxes (centre {centre})"
            at = page.evaluate("([x, y]) => window.c2graph.network.canvasToDOM({x: x, y: y})",
                               [x1 - 0.2 * (x1 - x0), (y0 + y1) / 2])
            shot = Image.open(io.BytesIO(first)).convert("RGB")
            ratio = shot.width / canvas.bounding_box()["width"]
            pixel = shot.getpixel((int(at["x"] * ratio), int(at["y"] * ratio)))
            assert pixel == tuple(int(fill[k:k + 2], 16) for k in (0, 2, 4)), (centre, wide)
        box = canvas.bounding_box()
        for dy, hit in ((0, wide), (-(y1 - y0) / 2 - 8, None)):   # on its end; just above
            at = page.evaluate("([x, y]) => window.c2graph.network.canvasToDOM({x: x, y: y})",
                               [x1 - 6, (y0 + y1) / 2 + dy])
            page.evaluate("window.c2graph.select(null)")
            page.mouse.click(box["x"] + at["x"], box["y"] + at["y"])
            assert page.evaluate("window.c2graph.state.selected") == hit, dy
        assert_clean(visit)
    finally:
        visit.close()
