"""``c2graph view`` without a browser: page data, layout, visual encoding, HTML safety, CLI.

The browser half (clicks, requests, console, drawn counts) is tests/test_view_browser.py.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import random
import re
import stat
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner

from c2graph.graph.diff import diff_graphs
from c2graph.graph.graphs import scenario_graph
from c2graph.cli import cli
from c2graph.loaders import load_dataset
from c2graph.viz import style
from c2graph.graph.focus import focus_nodes
from c2graph.viz.view import (OPEN_LIMIT, SCRIPTS, Prepared, ViewError, build_view,
                              collapse_tree, page_data, script_json)

DATA = Path(__file__).parent / "data"
MINI = DATA / "mini"
HOSTILE = DATA / "hostile"


def reference_graphs(dataset) -> dict[str, nx.MultiDiGraph]:
    """Engine-free graphs, the same shape ``Store.read_graph`` returns."""
    return {sid: scenario_graph(s) for sid, s in dataset.scenarios.items()}


ACTOR_COLUMNS = ("id", "kind", "nation", "status", "name_en", "name_ja", "short", "rank",
                 "location", "sources", "note", "wrap_en", "wrap_ja", "extra")
REL_COLUMNS = ("from", "type", "to", "authority", "sources", "note", "id", "extra")


def decode(data: dict, sid: str) -> tuple[dict, dict]:
    """``({actor: props}, {relationship: props})`` of a scenario in the page data
    (format 3, viz/view.py), read independently of the page script."""
    t, ids = data["tables"], data["ids"]
    s = next(x for x in data["scenarios"] if x["id"] == sid)
    actors = {}
    for row in s["tree"]:
        values = dict(zip(ACTOR_COLUMNS, data["actors"][row]))
        a = {"id": ids[values["id"]]}
        for k in ("kind", "nation", "status"):
            if values.get(k) is not None:
                a[k] = t[k][values[k]]
        for k in ("name_en", "name_ja", "short", "rank", "location", "note"):
            if values.get(k) is not None:
                a[k] = values[k]
        if values.get("sources") is not None:
            a["sources"] = [t["ref"][i] for i in values["sources"]]
        a.update(values.get("extra") or {})
        actors[a["id"]] = a
    rels = {}
    for row in s["rels"]:
        values = dict(zip(REL_COLUMNS, data["rels"][row]))
        r = {"from": ids[values["from"]], "type": t["type"][values["type"]],
             "to": ids[values["to"]]}
        if values.get("authority") is not None:
            r["authority"] = t["authority"][values["authority"]]
        if values.get("sources") is not None:
            r["sources"] = [t["ref"][i] for i in values["sources"]]
        if values.get("note") is not None:
            r["note"] = values["note"]
        rid = values.get("id") or f"{r['from']}-{r['type']}->{r['to']}"
        rels[rid] = r
    return actors, rels


def drawn(data: dict, sid: str) -> tuple[set[str], set[str]]:
    actors, rels = decode(data, sid)
    return set(actors), set(rels)


def run(*args):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


# -- page data from a store ---------------------------------------------------------------

def test_page_carries_every_scenario_from_the_store(store):
    dataset = load_dataset(str(MINI))
    store.load(list(dataset.scenarios.values()))
    graphs = {sid: store.read_graph(sid) for sid in store.scenarios()}
    data = page_data(graphs)
    assert [s["id"] for s in data["scenarios"]] == ["base", "reform"]  # base first
    assert data["initial"] == "base"
    for s in data["scenarios"]:
        scenario = dataset.scenarios[s["id"]]
        assert drawn(data, s["id"]) == (set(scenario.actors), set(scenario.relationships))
        assert s["title"] == scenario.title and s["status"] == scenario.status
        actors, rels = decode(data, s["id"])
        for aid, actor in scenario.actors.items():
            assert actors[aid]["name_en"] == actor.name_en and actors[aid]["kind"] == actor.kind
            assert actors[aid].get("rank") == actor.rank
            assert actors[aid]["sources"] == list(actor.sources)
    actors, rels = decode(data, "reform")
    assert actors["us.mid"]["rank"] == "O-9"
    assert rels["jp.new-COMMANDS->jp.mid"]["authority"] == "COMMAND"
    # actors the two scenarios share are carried once
    assert len(data["actors"]) < sum(len(s["tree"]) for s in data["scenarios"])
    # what the store gave and what the dataset says draw the same page
    assert data == page_data(reference_graphs(dataset))


def test_work_prepared_ahead_draws_the_same_page(bundled):
    """``c2graph view`` wraps labels and makes collapse trees while the store reads the
    next scenario (``Prepared``): the page data is the same as made without it."""
    graphs = reference_graphs(bundled)
    prepared = Prepared()
    for g in graphs.values():
        prepared.prepare(g)
    labels_only = Prepared(trees=False)  # what the view prepares for --focus
    for g in graphs.values():
        labels_only.prepare(g)
    for options in ({}, {"lang": "both", "initial": "usfj-jfhq"},
                    {"focus": "us.usfk", "depth": 1}):
        page = page_data(graphs, **options)
        assert page_data(graphs, prepared=prepared, **options) == page
        assert page_data(graphs, prepared=labels_only, **options) == page
    g = graphs["baseline-2024"]
    assert prepared.tree(g) == collapse_tree(g)
    changed = g.copy()  # another graph, never prepared: its own tree, not g's
    changed.remove_node(collapse_tree(g)[0][1])
    assert prepared.tree(changed) == collapse_tree(changed) != collapse_tree(g)


def test_focused_page_is_the_same_whatever_the_string_hashing():
    """The --focus page data does not follow Python's hash seed (a subgraph cut from a
    set once gave each run its own order of actors and rows)."""
    code = ("import json; from c2graph.loaders import load_dataset;"
            " from c2graph.graph.graphs import scenario_graph;"
            " from c2graph.viz.view import page_data;"
            " d = load_dataset();"
            " g = {s: scenario_graph(x) for s, x in d.scenarios.items()};"
            " print(json.dumps(page_data(g, focus='us.usfk', depth=1), ensure_ascii=False))")
    pages = {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True, env={**os.environ, "PYTHONHASHSEED": seed}).stdout
             for seed in ("1", "2", "3")}
    assert len(pages) == 1 and json.loads(pages.pop())["focus"] == "us.usfk"


def test_diffs_are_what_the_diff_command_says(bundled):
    graphs = reference_graphs(bundled)
    data = page_data(graphs)
    for a in graphs:
        for b in graphs:
            if a == b:
                continue
            rows = diff_graphs(graphs[b], graphs[a])
            got = data["diffs"][a][b]
            want = {(r["item"], r["change"], r["id"]) for r in rows}
            have = {("actor", c, i) for c in ("added", "removed") for i in got["actors"][c]}
            have |= {("actor", "changed", i) for i in got["actors"]["changed"]}
            have |= {("relationship", c, i) for c in ("added", "removed")
                     for i in got["relationships"][c]}
            have |= {("relationship", "changed", i) for i in got["relationships"]["changed"]}
            assert have == want, (a, b)
    # the CFC handover gives the CFC's command to a ROK four-star post, drops USFK's hat
    moved = data["diffs"]["cfc-transfer"]["us-jfc"]["relationships"]
    assert "kr.cfc-commander-DUAL_HATTED_WITH->combined.cfc" in moved["added"]
    assert "us.usfk-DUAL_HATTED_WITH->combined.cfc" in moved["removed"]


def test_scenario_order_puts_each_base_before_its_children(bundled):
    data = page_data(reference_graphs(bundled))
    order = [s["id"] for s in data["scenarios"]]
    assert order[0] == "baseline-2024"
    for s in data["scenarios"]:
        if s.get("base"):
            assert order.index(s["base"]) < order.index(s["id"])
    assert set(order) == set(bundled.scenarios)


# -- layout -------------------------------------------------------------------------------

def command_depth(g: nx.MultiDiGraph) -> dict[str, int]:
    """Longest COMMANDS path from a top to each commanded actor (independent of viz)."""
    cmd = nx.DiGraph((u, v) for u, v, t in g.edges(data="type") if t == "COMMANDS")
    depth = {}
    for n in nx.topological_sort(cmd):
        depth[n] = max((depth[p] + 1 for p in cmd.predecessors(n)), default=0)
    return depth


def overlaps(places) -> list[tuple[str, str]]:
    boxes = sorted((p.x - p.width / 2, p.x + p.width / 2, p.y - p.height / 2,
                    p.y + p.height / 2, n) for n, p in places.items())
    found = []
    for i, (l1, r1, t1, b1, n1) in enumerate(boxes):
        for l2, r2, t2, b2, n2 in boxes[i + 1:]:
            if l2 >= r1:
                break
            if t2 < b1 and t1 < b2:
                found.append((n1, n2))
    return found


def test_each_scenario_carries_its_collapse_tree_in_pre_order(bundled):
    """The tree of what opens and closes (viz.view.collapse_tree), parents first: each
    actor's parent is the actor it serves, every actor is in it once."""
    graphs = reference_graphs(bundled)
    data = page_data(graphs)
    for s in data["scenarios"]:
        g = graphs[s["id"]]
        order = [data["ids"][data["actors"][row][0]] for row in s["tree"]]
        assert sorted(order) == sorted(g.nodes)
        assert (order, s["up"]) == tuple(map(list, collapse_tree(g)))
        for i, n in enumerate(order):
            up = s["up"][i]
            assert up < i
            if up >= 0:   # hangs on someone it has a line with
                assert g.has_edge(order[up], n) or g.has_edge(n, order[up])
        assert "pos" not in s and "level" not in s


def test_large_scenarios_carry_no_per_item_styles():
    """The data holds rows and the tree only, and nothing per item but the item's own
    values (the page lays out and styles what it shows)."""
    g = nx.MultiDiGraph(title="big", status="established")
    for i in range(OPEN_LIMIT + 50):
        g.add_node(f"us.n{i}", id=f"us.n{i}", kind="Command", nation="US",
                   name_en=f"Unit {i}", status="established", sources=["s"])
        if i:
            p = f"us.n{(i - 1) // 4}"
            g.add_edge(p, f"us.n{i}", key=f"{p}-COMMANDS->us.n{i}", type="COMMANDS",
                       id=f"{p}-COMMANDS->us.n{i}", authority="OPCON", sources=["s"])
    data = page_data({"big": g})
    s = data["scenarios"][0]
    assert len(s["tree"]) == OPEN_LIMIT + 50
    assert all(isinstance(row, list) and len(row) <= 10 for row in data["actors"])
    assert all(len(row) <= 5 for row in data["rels"])   # no id: it is '<from>-<TYPE>-><to>'
    assert drawn(data, "big") == (set(g.nodes), {k for _, _, k in g.edges(keys=True)})


def test_the_page_carries_exactly_page_data_as_json(bundled):
    """build_view assembles the page's JSON from each scenario's own JSON text: the
    bytes must be those of page_data serialised whole."""
    from c2graph.viz.view import render_html

    graphs = reference_graphs(bundled)
    for kwargs in ({}, {"initial": "us-jfc", "lang": "ja"},
                   {"focus": "us.usfj", "depth": 1, "lang": "both"}):
        page, summary = build_view(graphs, **kwargs)
        data = page_data(graphs, **kwargs)
        assert page == render_html(data)
        assert script_json(data) in page
        assert summary.scenarios == [s["id"] for s in data["scenarios"]]
        first = next(s for s in data["scenarios"] if s["id"] == data["initial"])
        assert (summary.actors, summary.relationships) == (len(first["tree"]),
                                                           len(first["rels"]))


def test_actors_off_the_command_tree_hang_on_what_they_serve():
    g = nx.MultiDiGraph()
    for n, nat, kind in [("top", "US", "Office"), ("mid", "US", "Command"),
                         ("low", "US", "Command"), ("staff", "US", "Staff"),
                         ("relay", "US", "Office"), ("forum", "COMBINED", "Forum"),
                         ("wg", "COMBINED", "Forum"), ("peer", "JP", "Office"),
                         ("a", "KR", "Office"), ("b", "KR", "Office")]:
        g.add_node(n, id=n, nation=nat, kind=kind, name_en=n, status="established")
    for u, t, v in [("top", "COMMANDS", "mid"), ("mid", "COMMANDS", "low"),
                    ("staff", "ASSISTS", "mid"), ("relay", "TRANSMITS_ORDERS", "low"),
                    ("top", "SUPERVISES", "relay"), ("mid", "MEMBER_OF", "forum"),
                    ("low", "MEMBER_OF", "forum"), ("wg", "MEMBER_OF", "forum"),
                    ("peer", "COORDINATES_WITH", "low"),
                    ("a", "COMMANDS", "b"), ("b", "ADVISES", "a")]:   # a cycle of superiors
        g.add_edge(u, v, key=f"{u}-{t}->{v}", type=t)
    order, up = collapse_tree(g)
    parent = {n: (order[p] if p >= 0 else None) for n, p in zip(order, up)}
    assert parent == {"top": None, "mid": "top", "low": "mid", "staff": "mid",
                      "relay": "top", "forum": "mid", "wg": "forum", "peer": None,
                      "a": None, "b": "a"}


# -- visual encoding ----------------------------------------------------------------------

def test_encoding_follows_the_shared_style(bundled):
    """The page's only style source is one small table made from viz.style."""
    data = page_data(reference_graphs(bundled))
    v = data["vocab"]
    for type_, line in style.LINE_STYLES.items():
        assert v["lines"][type_] == {"dash": line.dash, "width": line.width, "arrow": line.arrow,
                                     "color": line.color, "double": line.double}
    for nation in style.NATION_ORDER:
        assert v["nations"][nation]["color"] == style.NATION_COLORS[nation]
        assert v["nations"][nation]["fill"] == style.NATION_FILLS[nation]
    assert {k: x["shape"] for k, x in v["kinds"].items()} == style.KIND_SHAPES
    assert set(v["tentative"]) == set(style.TENTATIVE_STATUSES)
    assert v["options"]["physics"]["enabled"] is False
    # Japanese words for every relationship type and authority
    assert v["types"]["COMMANDS"]["ja"] == "指揮" and v["types"]["COORDINATES_WITH"]["ja"] == "調整"
    assert v["authorities"]["OPCON"]["ja"] == "作戦統制" and v["authorities"]["COMMAND"]["ja"] == "指揮"
    # labels are wrapped by the layout's wrapper; a row holds one only where it wraps
    actors = {data["ids"][row[0]]: row for row in data["actors"]}
    assert actors["us.jfc"][11] is None or "\n" in actors["us.jfc"][11]


# -- the HTML itself ----------------------------------------------------------------------

class Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script"
        if self._in_script:
            self.scripts.append("")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.scripts[-1] += data


def hostile_strings(dataset) -> set[str]:
    out = set()
    for s in dataset.scenarios.values():
        out |= {s.title, s.description or ""}
        for a in s.actors.values():
            out |= {v for v in (a.name_en, a.name_ja, a.short, a.location, a.note) if v}
            out |= set(a.sources)
        for r in s.relationships.values():
            out |= {r.note or ""} | set(r.sources)
    return {x for x in out if "<" in x}


def test_hostile_data_stays_inert_in_the_html():
    dataset = load_dataset(str(HOSTILE))
    page, _ = build_view(reference_graphs(dataset), lang="both")
    parsed = Tags()
    parsed.feed(page)
    names = [t for t, _ in parsed.tags]
    assert names.count("script") == 2 + len(SCRIPTS)
    assert not {"img", "iframe", "object", "embed", "link", "base", "details", "marquee",
                "form"} & set(names)
    assert names.count("style") == 1 and names.count("title") == 1
    assert [a.get("id") for t, a in parsed.tags if t == "input"] == ["search"]
    for tag, attrs in parsed.tags:
        assert not {"src", "href", "action", "formaction", "srcset", "poster"} & set(attrs), tag
        assert not any(a.startswith("on") for a in attrs), (tag, attrs)
    # no hostile string appears raw anywhere in the file
    strings = hostile_strings(dataset)
    assert len(strings) >= 10
    for text in strings:
        assert text not in page, text
    # the JSON block: nothing that can close it or start a comment, no raw U+2028/2029
    block = parsed.scripts[0]
    assert "<" not in block and "\u2028" not in block and "\u2029" not in block
    data = json.loads(block)
    assert data == json.loads(json.dumps(page_data(reference_graphs(dataset), lang="both")))
    top = decode(data, "base")[0]["us.top"]
    assert top["name_en"] == "<img src=x onerror=alert(1)>"
    mid = decode(data, "base")[0]["us.mid"]
    assert "\u2028" in mid["name_en"] and "\u2029" in mid["name_en"]
    # the page's title (HTML text) is escaped
    assert "<title>c2graph — &lt;img src=x onerror=alert(8)&gt; base</title>" in page


def test_csp_forbids_every_request_and_every_script_but_ours():
    page, _ = build_view(reference_graphs(load_dataset(str(MINI))))
    parsed = Tags()
    parsed.feed(page)
    csp = next(a["content"] for t, a in parsed.tags
               if t == "meta" and a.get("http-equiv") == "Content-Security-Policy")
    rules = dict(part.strip().split(" ", 1) for part in csp.split(";"))
    assert rules["default-src"] == "'none'"
    assert rules["connect-src"] == "'none'" and rules["img-src"] == "data:"
    hashes = {"'sha256-" + base64.b64encode(hashlib.sha256(s.encode()).digest()).decode() + "'"
              for s in parsed.scripts[1:]}
    assert set(rules["script-src"].split()) == hashes
    assert "unsafe-inline" not in rules["script-src"] and "unsafe-eval" not in csp


def test_script_json_escapes_what_could_end_a_script():
    value = {"a": "</script><!-- \u2028\u2029 & <b>", "b": ["]]>", "'\""]}
    text = script_json(value)
    assert not re.search(r"[<>&\u2028\u2029]", text)
    assert json.loads(text) == value


# -- focus ---------------------------------------------------------------------------------

def test_focus_draws_the_neighbourhood_and_leaves_out_scenarios_without_the_actor(bundled):
    graphs = reference_graphs(bundled)
    data = page_data(graphs, initial="us-jfc", focus="us.jfc", depth=1)
    ids = [s["id"] for s in data["scenarios"]]
    assert set(ids) == {s for s, g in graphs.items() if "us.jfc" in g}
    assert set(data["omitted"]) == set(graphs) - set(ids)
    g = graphs["us-jfc"]
    near = focus_nodes(g, "us.jfc", 1)   # graph.focus: the one meaning of --focus
    assert {"us.jfc", "us.indopacom", "us.secdef", "us.president"} <= near   # up to the top
    assert drawn(data, "us-jfc")[0] == near
    assert drawn(data, "us-jfc")[1] == {k for u, v, k in g.edges(keys=True)
                                        if u in near and v in near}
    assert data["depth"] == 1 and page_data(graphs, focus="us.jfc")["depth"] is None
    with pytest.raises(ViewError, match=r"unknown actor 'us\.jfcc' in scenario 'us-jfc'"
                                        r" \(did you mean 'us\.jfc'\?\)"):
        page_data(graphs, initial="us-jfc", focus="us.jfcc")
    with pytest.raises(ViewError, match=r"unknown actor 'us\.jfcc' in every scenario"
                                        r" \(did you mean 'us\.jfc'\?\)"):
        page_data(graphs, focus="us.jfcc")
    with pytest.raises(ViewError, match=r"unknown actor 'us\.jfc' in scenario 'baseline-2024'"):
        page_data(graphs, initial="baseline-2024", focus="us.jfc")
    # without --scenario the page opens on the first scenario that has the actor
    assert page_data(graphs, focus="jp.jjoc", depth=0)["initial"] == "jjoc-2025"


# -- CLI ------------------------------------------------------------------------------------

def test_view_writes_one_file_with_every_scenario(store_url, tmp_path):
    assert run("load", str(MINI), "--db", store_url).exit_code == 0
    out = tmp_path / "page.html"
    result = run("view", "--db", store_url, "-o", str(out), "--scenario", "reform",
                 "--lang", "ja")
    assert result.exit_code == 0, result.output
    assert result.output == (f"Wrote {out} ({out.stat().st_size // 1024} KB): 2 scenario(s),"
                             " showing reform first (6 actors, 6 relationships).\n")
    page = out.read_text(encoding="utf-8")
    parsed = Tags()
    parsed.feed(page)
    data = json.loads(parsed.scripts[0])
    assert data["initial"] == "reform" and data["lang"] == "ja"
    assert [s["id"] for s in data["scenarios"]] == ["base", "reform"]
    assert data["marking"] == {"text": "UNCLASSIFIED", "bg": "#007a33", "fg": "#ffffff"}
    marked = run("view", "--db", store_url, "-o", str(out), "--marking", "SECRET//NOFORN")
    assert marked.exit_code == 0, marked.output
    parsed = Tags()
    parsed.feed(out.read_text(encoding="utf-8"))
    assert json.loads(parsed.scripts[0])["marking"]["text"] == "SECRET//NOFORN"


def test_view_default_output_name(store_url, tmp_path, monkeypatch):
    assert run("load", str(MINI), "--db", store_url).exit_code == 0
    monkeypatch.chdir(tmp_path)
    result = run("view", "--db", store_url)
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Wrote c2graph-view.html (")
    assert (tmp_path / "c2graph-view.html").is_file()


def test_view_expected_errors(store_url, tmp_path):
    empty = run("view", "--db", store_url, "-o", str(tmp_path / "x.html"))
    assert (empty.exit_code, empty.stderr) == (
        1, "Error: the store holds no scenario: run 'c2graph load' first\n")
    assert run("load", str(MINI), "--db", store_url).exit_code == 0
    unknown = run("view", "--db", store_url, "--scenario", "reforn")
    assert unknown.exit_code == 2
    assert unknown.stderr == ("Error: unknown scenario 'reforn' (did you mean 'reform'?);"
                              " loaded: base, reform\n")
    actor = run("view", "--db", store_url, "--focus", "jp.nwe", "--scenario", "reform",
                "-o", str(tmp_path / "x.html"))
    assert (actor.exit_code, actor.stderr) == (
        2, "Error: unknown actor 'jp.nwe' in scenario 'reform' (did you mean 'jp.new'?)\n")
    blank = run("view", "--db", store_url, "--marking", " ")
    assert (blank.exit_code, blank.stderr) == (2, "Error: --marking cannot be empty\n")
    depth = run("view", "--db", store_url, "--depth", "2")
    assert (depth.exit_code, depth.stderr) == (2, "Error: --depth needs --focus ACTOR\n")
    missing = tmp_path / "no-such-folder" / "x.html"
    cannot = run("view", "--db", store_url, "-o", str(missing))
    assert (cannot.exit_code, cannot.stderr) == (
        2, f"Error: cannot write {missing}: the folder {missing.parent} does not exist\n")
    assert not (tmp_path / "x.html").exists()


def test_view_focus_reports_left_out_scenarios(store_url, tmp_path):
    assert run("load", str(MINI), "--db", store_url).exit_code == 0
    out = tmp_path / "f.html"
    result = run("view", "--db", store_url, "--scenario", "reform", "--focus", "jp.new",
                 "--depth", "1", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        f"Wrote {out} ({out.stat().st_size // 1024} KB): 1 scenario(s), showing reform"
        " first (3 actors, 2 relationships).",
        "Left out (no actor 'jp.new'): base"]


def _cli_in_subprocess(args, env):
    # webbrowser caches the browsers it found per process: run the CLI in its own
    return subprocess.run([sys.executable, "-c", "from c2graph.cli import main; main()", *args],
                          capture_output=True, text=True, env=env, timeout=120)


def test_open_uses_the_browser_or_prints_the_path(tmp_path):
    db = f"embedded:{tmp_path / 'db'}"
    assert run("load", str(MINI), "--db", db).exit_code == 0
    out = tmp_path / "page.html"
    seen = tmp_path / "seen.txt"
    fake = tmp_path / "fake-browser"
    fake.write_text(f"#!/bin/sh\necho \"$1\" > {seen}\n")
    fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    opened = _cli_in_subprocess(["view", "--db", db, "-o", str(out), "--open"],
                                {**env, "BROWSER": str(fake)})
    assert opened.returncode == 0, opened.stderr
    assert opened.stdout.splitlines()[-1] == f"Opened {out.resolve().as_uri()}"
    assert seen.read_text().strip() == out.resolve().as_uri()
    none = _cli_in_subprocess(["view", "--db", db, "-o", str(out), "--open"],
                              {**env, "BROWSER": str(tmp_path / "no-such-browser"),
                               "PATH": str(tmp_path)})
    assert none.returncode == 0, none.stderr
    assert none.stdout.splitlines()[-1] == \
        f"No web browser found here; open {out.resolve()} yourself."
    assert "Traceback" not in none.stderr
