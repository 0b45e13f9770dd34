"""``c2graph view`` pages in headless Chromium: what a user sees and can do, offline.

Every page is opened with all traffic intercepted (tests/browser.py): the page's own
file loads, anything else is recorded and aborted.  Screenshots go to test-artifacts/.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import networkx as nx
import pytest

from c2graph.cypher.diff import diff_graphs
from c2graph.graph.model import Actor, Relationship, Scenario
from c2graph.graph.store import open_store
from c2graph.loaders import load_dataset
from tests.browser import ARTIFACTS, open_page  # the browser fixture: tests.browser plugin
from c2graph.viz.view import build_view, write_view

pytestmark = pytest.mark.browser
HOSTILE = Path(__file__).parent / "data" / "hostile"
SPECIAL = ("overlay:", "removed:")


# -- helpers ------------------------------------------------------------------------------

def state(page) -> dict:
    """What vis-network holds and draws right now, plus the page's highlight marks."""
    return page.evaluate("""() => {
      const c = window.c2graph;
      const nodes = c.nodes.get(), edges = c.edges.get();
      return {
        nodes: nodes.map(n => String(n.id)),
        drawnNodes: c.network.body.nodeIndices.map(String),
        edges: edges.map(e => String(e.id)),
        drawnEdges: c.network.body.edgeIndices.map(String),
        dimNodes: nodes.filter(n => n.opacity < 1).map(n => String(n.id)),
        dimEdges: edges.filter(e => e.color.opacity < 1).map(e => String(e.id)),
        glowNodes: nodes.filter(n => n.shadow && n.shadow.enabled).map(n => [String(n.id), n.shadow.color]),
        glowEdges: edges.filter(e => e.shadow && e.shadow.enabled).map(e => [String(e.id), e.shadow.color]),
        physics: c.network.physics.options.enabled,
        title: document.getElementById('title').textContent,
        status: document.getElementById('status').textContent,
        compare: document.getElementById('compare').value,
        scenario: document.getElementById('scenario').value,
      };
    }""")


def plain(ids) -> set[str]:
    return {i for i in ids if not i.startswith(SPECIAL)}


def dom_point(page, actor: str) -> tuple[float, float]:
    return tuple(page.evaluate("""(id) => {
      const n = window.c2graph.network, p = n.canvasToDOM(n.getPosition(id));
      const r = document.querySelector('#graph canvas').getBoundingClientRect();
      return [r.left + p.x, r.top + p.y];
    }""", actor))


def click_actor(page, actor: str) -> None:
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
    return page.evaluate("""() => {
      const n = window.c2graph.network, ids = window.c2graph.nodes.getIds();
      const b = ids.map(id => [String(id), n.getBoundingBox(id)]);
      const out = [];
      for (let i = 0; i < b.length; i++) for (let j = i + 1; j < b.length; j++) {
        const p = b[i][1], q = b[j][1];
        if (p.left < q.right && q.left < p.right && p.top < q.bottom && q.top < p.bottom)
          out.push([b[i][0], b[j][0]]);
      }
      return out;
    }""")


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
            assert plain(s["edges"]) == plain(s["drawnEdges"]) == want_edges
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
        assert "kr.jcs-chairman-COMMANDS->combined.cfc" in glow_edges
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
    """A second click sends vis-network only the items whose look changes; what is
    drawn afterwards is exactly the new actor's chain, as after a first click."""
    path, graphs, _ = bundled_page
    g = graphs["baseline-2024"]
    visit = open_page(browser, path)
    page = visit.page
    try:
        click_actor(page, "us.usfk")
        first = page.evaluate("window.c2graph.lastDraw")
        click_actor(page, "jp.cos-js")
        second = page.evaluate("window.c2graph.lastDraw")
        assert second["items"] == first["items"]
        assert 0 < second["sent"] < first["sent"]
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
        page.mouse.move(*dom_point(page, "us.indopacom"))
        tip = page.locator("#tooltip")
        tip.wait_for(state="visible")
        text = tip.inner_text()
        for part in (actor.name_en, actor.name_ja, f"Rank: {actor.rank}",
                     f"Status: {actor.status}", actor.sources[0]):
            assert part in text
        # an edge: the middle of the straight NCA line from the ROK President
        (x1, y1), (x2, y2) = dom_point(page, "kr.president"), dom_point(page, "kr.mnd")
        page.mouse.move(x1 + 40, y1 + 40)
        page.mouse.move((x1 + x2) / 2, (y1 + y2) / 2 + 6)
        page.wait_for_function("document.getElementById('tooltip').textContent"
                               ".startsWith('COMMANDS')")
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

INJECTED = """() => {
  const bad = [];
  for (const e of document.querySelectorAll('*')) {
    for (const a of e.attributes) if (a.name.startsWith('on')) bad.push(e.tagName + ' ' + a.name);
    if (['IMG', 'IFRAME', 'OBJECT', 'EMBED', 'MARQUEE', 'DETAILS', 'B', 'A', 'LINK', 'BASE']
        .includes(e.tagName)) bad.push(e.tagName);
  }
  bad.push(...[...document.querySelectorAll('script')].slice(3).map(s => 'SCRIPT'));
  bad.push(...[...document.querySelectorAll('style')].slice(1).map(s => 'STYLE'));
  bad.push(...[...document.querySelectorAll('input')].filter(i => i.id !== 'search').map(i => 'INPUT'));
  return bad;
}"""


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
        labels = page.evaluate("Object.fromEntries(window.c2graph.nodes.get()"
                               ".map(n => [n.id, n.label]))")
        assert labels["us.top"].startswith("<b>BOLD</b>")
        page.mouse.move(*dom_point(page, "us.top"))
        tip = page.locator("#tooltip")
        tip.wait_for(state="visible")
        text = tip.inner_text()
        assert top.name_en in text and top.name_ja in text and top.note in text
        assert tip.evaluate("t => t.querySelectorAll('*').length") == \
            tip.evaluate("t => t.querySelectorAll('div').length")  # our divs only
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


@pytest.mark.parametrize("engine", ["embedded"])
def test_two_thousand_actors_render_with_fixed_positions(browser, store, tmp_path):
    scenarios = synthetic()
    store.load(scenarios)
    started = time.perf_counter()
    graphs = {sid: store.read_graph(sid) for sid in store.scenarios()}
    read = time.perf_counter() - started
    started = time.perf_counter()
    page_html, _ = build_view(graphs)
    build = time.perf_counter() - started
    path = write_view(tmp_path / "synthetic.html", page_html)
    started = time.perf_counter()
    visit = open_page(browser, path)
    opened = time.perf_counter() - started
    page = visit.page
    try:
        s = state(page)
        assert s["physics"] is False
        assert len(s["drawnNodes"]) == len(scenarios[0].actors) == 2000
        assert plain(s["drawnEdges"]) == set(scenarios[0].relationships)
        sample = ["us.n0", "jp.n500", "kr.n662", "combined.f3"]
        drawn = page.evaluate("(ids) => window.c2graph.network.getPositions(ids)", sample)
        data = json.loads(page.evaluate("JSON.stringify(window.c2graph.data.scenarios[0].positions.en)"))
        for aid in sample:
            # vis-network reports positions rounded to whole pixels
            assert abs(drawn[aid]["x"] - data[aid][0]) <= 1
            assert abs(drawn[aid]["y"] - data[aid][1]) <= 1
        first_draw = page.evaluate("window.c2graph.firstDrawMs")
        started = time.perf_counter()
        page.select_option("#scenario", "synthetic-moved")
        switch = time.perf_counter() - started
        s = state(page)
        assert plain(s["drawnEdges"]) == set(scenarios[1].relationships)
        started = time.perf_counter()
        page.fill("#search", "us.n500")
        page.press("#search", "Enter")  # selects the actor and zooms to it
        found = time.perf_counter() - started
        started = time.perf_counter()
        click_actor(page, "us.n500")
        click = time.perf_counter() - started
        s = state(page)
        g = nx.MultiDiGraph()
        for r in scenarios[1].relationships.values():
            g.add_edge(r.source, r.target, key=r.id, type=r.type)
        assert set(s["nodes"]) - set(s["dimNodes"]) == expected_highlight(g, "us.n500")[0]
        visit.screenshot("view-synthetic-2000.png")
        assert_clean(visit)
        report = {"actors": 2000, "relationships": len(scenarios[0].relationships),
                  "html_kb": len(page_html.encode()) // 1024,
                  "read_graphs_s": round(read, 2), "build_page_s": round(build, 2),
                  "open_until_drawn_s": round(opened, 2),
                  "first_draw_ms_after_navigation": round(first_draw),
                  "switch_scenario_s": round(switch, 2), "search_and_focus_s": round(found, 2),
                  "click_highlight_s": round(click, 2)}
        ARTIFACTS.mkdir(exist_ok=True)
        (ARTIFACTS / "view-scale.json").write_text(json.dumps(report, indent=2) + "\n")
        print("\nview scale:", json.dumps(report))
    finally:
        visit.close()
