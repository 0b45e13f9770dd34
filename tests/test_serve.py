"""``c2graph serve``: the real server (a child process, as a user starts it) on both
engines, driven over HTTP for its security rules and by headless Chromium for what a
newcomer does: find 統合作戦, run reporting-chain, try a what-if, compare, export.
"""

from __future__ import annotations

import http.client
import io
import json
import os
import re
import signal
import subprocess
import sys
import zipfile
from pathlib import Path
from urllib.parse import quote, urlsplit
from xml.etree import ElementTree

import pytest

from c2graph.cypher.library import load_library
from tests.stores import bundled_cli_store

ROOT = Path(__file__).resolve().parents[1]


class Served:
    """A running ``c2graph serve``: its URL, token, and a cookie-carrying client."""

    def __init__(self, proc, url: str, db: str, env: dict):
        self.proc, self.url, self.db, self.env = proc, url, db, env
        parts = urlsplit(url)
        self.host, self.port = parts.hostname, parts.port
        self.token = url.split("token=", 1)[1]
        self.cookie = f"c2graph_{self.port}={self.token}"
        self.csrf = None

    def request(self, method, path, body=None, headers=None, cookie=True, host=None):
        conn = http.client.HTTPConnection(self.host, self.port, timeout=120)
        h = {"Host": host or f"{self.host}:{self.port}"}
        if cookie:
            h["Cookie"] = self.cookie
        h.update(headers or {})
        data = body if isinstance(body, (bytes, type(None))) else json.dumps(body).encode()
        conn.request(method, path, body=data, headers=h)
        resp = conn.getresponse()
        payload = resp.read()
        conn.close()
        return resp, payload

    def page_csrf(self) -> str:
        if self.csrf is None:
            _, page = self.request("GET", "/")
            marker = b'name="c2graph-csrf" content="'
            start = page.index(marker) + len(marker)
            self.csrf = page[start:page.index(b'"', start)].decode()
        return self.csrf

    def post(self, path, body, **headers):
        h = {"Content-Type": "application/json", "X-C2graph-CSRF": self.page_csrf(),
             "Origin": f"http://{self.host}:{self.port}", "Sec-Fetch-Site": "same-origin"}
        h.update(headers)
        resp, payload = self.request("POST", path, body, h)
        return resp.status, json.loads(payload) if payload.startswith((b"{", b"[")) else payload


def start_serve(db: str, env: dict, *options: str) -> Served:
    full = {k: v for k, v in os.environ.items() if k not in env or env[k] is not None}
    full.update({k: v for k, v in env.items() if v is not None})
    full["PYTHONUNBUFFERED"] = "1"
    cmd = [sys.executable, "-m", "c2graph", "serve", "--port", "0", "--db", db, *options]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=full, cwd=ROOT)
    url = None
    for line in proc.stdout:
        if line.startswith("Open "):
            url = line.split()[1]
            break
    if url is None:
        proc.wait(timeout=30)
        pytest.fail(f"c2graph serve did not start: {proc.stderr.read()[-2000:]}")
    return Served(proc, url, db, env)


def stop(served: Served) -> tuple[int, str]:
    served.proc.send_signal(signal.SIGINT)
    try:
        served.proc.wait(timeout=60)
    except subprocess.TimeoutExpired:
        served.proc.kill()
        raise
    return served.proc.returncode, served.proc.stderr.read()


@pytest.fixture(scope="module", params=["embedded", "neo4j"])
def served(request, tmp_path_factory, bundled):
    for db, env in bundled_cli_store(request, tmp_path_factory, bundled, "serve"):
        s = start_serve(db, env)
        try:
            yield s
        finally:
            if s.proc.poll() is None:
                code, err = stop(s)
                assert code == 0, err


# -- the way in ---------------------------------------------------------------------------

def test_the_token_opens_the_page_once_then_the_cookie_does(served):
    resp, _ = served.request("GET", f"/?token={served.token}", cookie=False)
    assert resp.status == 303 and resp.getheader("Location") == "/"
    cookie = resp.getheader("Set-Cookie")
    assert cookie.startswith(served.cookie) and "HttpOnly" in cookie
    assert "SameSite=Strict" in cookie
    resp, page = served.request("GET", "/")
    assert resp.status == 200 and b'id="c2graph-data"' in page
    csp = resp.getheader("Content-Security-Policy")
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
    assert "frame-ancestors 'none'" in csp
    assert b"<script>" not in page  # no inline script: every script is a file


@pytest.mark.parametrize("path", ["/", "/api/queries", "/api/search?q=jjoc",
                                  "/assets/explorer.js"])
def test_without_the_token_nothing_is_served(served, path):
    resp, body = served.request("GET", path, cookie=False)
    assert resp.status == 403
    resp, body = served.request("GET", path, cookie=False,
                                headers={"Cookie": f"c2graph_{served.port}=wrong"})
    assert resp.status == 403
    resp, _ = served.request("GET", "/?token=wrong", cookie=False)
    assert resp.status == 403


def test_a_foreign_host_is_refused_dns_rebinding(served):
    resp, body = served.request("GET", "/api/queries", host=f"evil.example:{served.port}")
    assert resp.status == 421
    resp, _ = served.request("GET", "/api/queries", host="127.0.0.1:1")
    assert resp.status == 421


def test_posts_need_the_csrf_token_json_and_the_same_origin(served):
    body = {"name": "forums", "params": {}}
    assert served.post("/api/query", body)[0] == 200
    assert served.post("/api/query", body, **{"X-C2graph-CSRF": "nope"})[0] == 403
    assert served.post("/api/query", body, Origin="http://evil.example")[0] == 403
    assert served.post("/api/query", body, **{"Sec-Fetch-Site": "cross-site"})[0] == 403
    assert served.post("/api/query", body, **{"Content-Type": "text/plain"})[0] == 415
    resp, _ = served.request("POST", "/api/query", body,
                             {"Content-Type": "application/json"})  # no CSRF header
    assert resp.status == 403


def test_no_cors_and_no_other_methods(served):
    for method in ("OPTIONS", "PUT", "DELETE"):
        resp, _ = served.request(method, "/api/query",
                                 headers={"Origin": "http://evil.example",
                                          "Access-Control-Request-Method": "POST"})
        assert resp.status == 405
        assert not [h for h, _ in resp.getheaders() if h.lower().startswith("access-control")]
    resp, _ = served.request("GET", "/api/queries", headers={"Origin": "http://evil.example"})
    assert not [h for h, _ in resp.getheaders() if h.lower().startswith("access-control")]


def test_request_size_is_bounded(served):
    from c2graph.serve.http import MAX_BODY

    conn = http.client.HTTPConnection(served.host, served.port, timeout=30)
    conn.putrequest("POST", "/api/cypher", skip_host=True)
    for name, value in (("Host", f"{served.host}:{served.port}"), ("Cookie", served.cookie),
                        ("Content-Type", "application/json"),
                        ("X-C2graph-CSRF", served.page_csrf()),
                        ("Content-Length", str(MAX_BODY + 1))):
        conn.putheader(name, value)
    conn.endheaders()  # the body is never sent: the answer comes before it is read
    resp = conn.getresponse()
    assert resp.status == 413 and "larger than" in json.loads(resp.read())["errors"][0]
    conn.close()


# -- what the server answers --------------------------------------------------------------

def test_search_finds_the_jjoc_by_its_japanese_name(served):
    resp, body = served.request("GET", "/api/search?q=" + quote("統合作戦"))
    hits = json.loads(body)["hits"]
    assert hits[0]["id"] == "jp.jjoc" and hits[0]["name_ja"] == "統合作戦司令部"
    assert hits[0]["scenarios"][0] == "jjoc-2025"  # the first, in the page's order


def test_a_writing_query_is_refused_with_the_allowlists_message(served):
    from c2graph.cypher.readonly import check_read_only
    from c2graph.graph.store.base import ReadOnlyRefused

    text = "MATCH (n:Actor) SET n.name_en = 'x' RETURN n"
    with pytest.raises(ReadOnlyRefused) as expected:
        check_read_only(text, lambda: set(), engine="neo4j")
    status, answer = served.post("/api/cypher", {"text": text})
    assert status == 400 and answer["errors"] == [str(expected.value)]
    status, answer = served.post("/api/cypher", {"text": "CREATE (n:Actor) RETURN n"})
    assert status == 400 and answer["errors"][0].startswith("refused: it writes")


def test_canned_query_answers_as_the_library_does(served):
    """reporting-chain of the JJOC: the chain the dataset's COMMANDS lines give."""
    from c2graph.graph.graphs import scenario_graph
    from c2graph.loaders import load_dataset

    status, answer = served.post("/api/query", {"name": "reporting-chain",
                                                "params": {"post": "jp.jjoc",
                                                           "scenario": "jjoc-2025"}})
    assert status == 200
    g = scenario_graph(load_dataset().scenarios["jjoc-2025"])
    chain, actor = [], "jp.jjoc"
    while actor is not None:
        chain.append(actor)
        actor = next((u for u, _, t in g.in_edges(actor, data="type") if t == "COMMANDS"), None)
    assert [row["ids"] for row in answer["rows"]] == [chain[::-1]]
    assert answer["actors"] == sorted(chain)
    status, answer = served.post("/api/query", {"name": "reporting-chain",
                                                "params": {"post": "jp.nobody"}})
    assert status == 400 and "jp.nobody" in answer["errors"][0]


def test_what_if_is_checked_and_never_saved_unless_confirmed(served):
    _, before = served.request("GET", "/api/scenarios")
    status, answer = served.post("/api/what-if", {
        "base": "baseline-2024", "changes": {"remove": ["us.indopacom -> us.usfj"]}})
    assert status == 200, answer
    assert answer["rows"] == [{"change": "removed", "item": "relationship",
                               "id": "us.indopacom-COMMANDS->us.usfj", "details": "COCOM"}]
    assert answer["saved"] is None
    # a command cycle: refused with the dataset rule's reason, nothing loaded
    status, answer = served.post("/api/what-if", {
        "base": "baseline-2024", "changes": {"add": ["us.usfj -OPCON-> us.indopacom"]}})
    assert status == 400 and any("cycle" in e for e in answer["errors"])
    assert answer["errors"][-1] == "the what-if is refused; nothing was loaded"
    # a name without the confirmation: refused
    status, answer = served.post("/api/what-if", {
        "base": "baseline-2024", "save": "kept", "changes": {"remove": ["us.indopacom -> us.usfj"]}})
    assert status == 400 and "confirmation" in answer["errors"][0]
    _, after = served.request("GET", "/api/scenarios")
    assert json.loads(after) == json.loads(before)
    status, answer = served.post("/api/what-if", {"base": "baseline-2024",
                                                  "changes": {"bogus": ["x"]}})
    assert status == 400


def test_the_pages_what_if_is_the_librarys(served, tmp_path, bundled):
    """The page's what-if is ``c2graph.what_if`` (the call ``c2graph what-if`` makes):
    the same rows for the same changes, here on a second store of the bundled data."""
    import c2graph

    changes = {"add_actors": ["{id: us.jfc, kind: Command, name_en: U.S. joint force"
                              " commander, nation: US}"],
               "add": ["us.indopacom -OPCON-> us.jfc"], "move": ["us.jfc -OPCON-> us.usfj"]}
    status, answer = served.post("/api/what-if", {"base": "jjoc-2025", "changes": changes})
    assert status == 200, answer
    with c2graph.open_store(f"embedded:{tmp_path / 'db'}") as store:
        store.load(list(bundled.scenarios.values()))
        library = c2graph.what_if("jjoc-2025", db=store, run_queries=False, **changes)
    assert library["queries"] == []
    assert answer["rows"] == [{k: r[k] for k in ("change", "item", "id", "details")}
                              for r in library["changes"]]
    assert ("added", "actor", "us.jfc") in {(r["change"], r["item"], r["id"])
                                            for r in answer["rows"]}
    # the library's own refusals reach the page as they are, as a bad request
    status, answer = served.post("/api/what-if", {"base": "no-such-scenario",
                                                  "changes": {"remove": ["us.a -> us.b"]}})
    assert status == 400 and answer["errors"][0].startswith("unknown scenario 'no-such-scenario'")


def test_compare_is_the_diff_of_the_cli(served):
    from c2graph.graph.diff import diff_graphs
    from c2graph.graph.graphs import scenario_graph
    from c2graph.loaders import load_dataset

    status, answer = served.post("/api/compare", {"first": "baseline-2024",
                                                  "second": "jjoc-2025"})
    assert status == 200
    ds = load_dataset()
    rows = diff_graphs(scenario_graph(ds.scenarios["baseline-2024"]),
                       scenario_graph(ds.scenarios["jjoc-2025"]))
    assert [(r["change"], r["id"]) for r in answer["rows"]] == \
        [(r["change"], r["id"]) for r in rows]


# -- the page, in Chromium --------------------------------------------------------------------

def _open(browser, served):
    context = browser.new_context(viewport={"width": 1600, "height": 1000},
                                  accept_downloads=True, service_workers="block")
    page = context.new_page()
    outside, errors = [], []
    origin = f"http://{served.host}:{served.port}/"
    page.on("request", lambda r: None if r.url.startswith((origin, "blob:", "data:"))
            else outside.append(r.url))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(served.url)
    page.wait_for_function("window.c2explorer && window.c2explorer.ready", timeout=60000)
    assert page.url == origin  # the token left the address bar
    return context, page, outside, errors


@pytest.mark.browser
def test_a_newcomer_finds_the_jjoc_runs_a_query_a_what_if_and_exports(served, browser,
                                                                        tmp_path):
    context, page, outside, errors = _open(browser, served)
    try:
        page.fill("#ex-q", "統合作戦")
        page.wait_for_selector("#ex-hits li[data-id='jp.jjoc']")
        page.click("#ex-hits li[data-id='jp.jjoc']")
        assert page.eval_on_selector("#scenario", "s => s.value") == "jjoc-2025"
        page.select_option("#ex-query-name", "reporting-chain")
        assert page.input_value("#ex-p-post") == "jp.jjoc"
        page.click("#ex-run")
        page.wait_for_selector("#ex-query-out table")
        cells = page.eval_on_selector_all("#ex-query-out td", "tds => tds.map(t => t.textContent)")
        assert "Prime Minister of Japan → Minister of Defense → JSDF Joint Operations Command" in cells
        lit = page.evaluate("Object.keys(window.c2graph.highlight().nodes)")
        assert {"jp.pm", "jp.mod", "jp.jjoc"} <= set(lit)
        page.screenshot(path=str(tmp_path / "query.png"))

        # what-if from the page: nothing saved
        page.fill("#ex-w-remove", "jp.mod -> jp.jjoc")
        page.fill("#ex-w-add", "jp.pm -COMMAND-> jp.jjoc")
        page.click("#ex-whatif-run")
        page.wait_for_selector("#ex-whatif-out .ex-ok")
        text = page.inner_text("#ex-whatif-out")
        assert "jp.pm-COMMANDS->jp.jjoc" in text and "Not saved" in text
        assert page.is_disabled("#ex-whatif-save")

        # compare: the diagram switches and the table lists the diff
        page.select_option("#ex-first", "baseline-2024")
        page.select_option("#ex-second", "jjoc-2025")
        page.click("#ex-compare-run")
        page.wait_for_selector("#ex-compare-out table")
        assert page.eval_on_selector("#compare", "s => s.value") == "baseline-2024"
        assert "jp.jjoc" in page.inner_text("#ex-compare-out")

        # export what is shown, in each format
        for fmt in ("png", "svg", "pptx"):
            page.select_option("#ex-format", fmt)
            with page.expect_download(timeout=180000) as info:
                page.click("#ex-export-run")
            target = tmp_path / f"view.{fmt}"
            info.value.save_as(target)
            data = target.read_bytes()
            if fmt == "png":
                assert data[:8] == b"\x89PNG\r\n\x1a\n"
            elif fmt == "svg":
                root = ElementTree.fromstring(data)
                assert root.tag.endswith("svg")
                assert "JSDF Joint Operations Command" in data.decode() or "JJOC" in data.decode()
            else:
                with zipfile.ZipFile(io.BytesIO(data)) as z:
                    assert "ppt/slides/slide1.xml" in z.namelist()
        assert outside == []
        assert errors == []
    finally:
        context.close()
    # the what-if left nothing behind
    _, names = served.request("GET", "/api/scenarios")
    assert "what-if" not in names.decode()


@pytest.mark.browser
def test_the_panels_speak_japanese_under_lang_ja(tmp_path, bundled, browser):
    """`c2graph serve --lang ja`: the explorer's panels, its answers' headings and
    messages are Japanese (the data's own names, ids and query titles aside), and they
    follow the page's language switch."""
    from c2graph.graph.store import open_store

    db = f"embedded:{tmp_path / 'db'}"
    with open_store(db) as store:
        store.load([bundled.scenarios[s] for s in ("baseline-2024", "jjoc-2025")])
    served = start_serve(db, {"C2GRAPH_QUERY_PATH": ""}, "--lang", "ja")
    try:
        context, page, outside, errors = _open(browser, served)
        try:
            assert page.input_value("#lang") == "ja"
            page.fill("#ex-q", "統合作戦")
            page.wait_for_selector("#ex-hits li[data-id='jp.jjoc']")
            page.click("#ex-hits li[data-id='jp.jjoc']")
            page.click("#ex-run")
            page.wait_for_selector("#ex-query-out table")
            page.fill("#ex-w-remove", "jp.mod -> jp.jjoc")
            page.click("#ex-whatif-run")
            page.wait_for_selector("#ex-whatif-out .ex-ok")
            page.select_option("#ex-first", "baseline-2024")
            page.select_option("#ex-second", "jjoc-2025")
            page.click("#ex-compare-run")
            page.wait_for_selector("#ex-compare-out table")
            words = page.evaluate("window.c2explorer.words")
            text = page.evaluate("""() => { const x = document.getElementById('explorer');
              const q = document.getElementById('ex-query-name');
              return [x.innerText.replace(q.innerText, ''),
                      ...[...x.querySelectorAll('[data-wp]')].map(e => e.placeholder),
                      ...[...x.querySelectorAll('[data-w], th')].map(e => e.textContent)]
                     .join(' '); }""")
            text = " ".join(text.split())
            english = {piece.strip() for value in words["en"].values()
                       for piece in re.split(r"\{\w+\}", value) if " " in piece.strip()}
            assert english and sorted(p for p in english if p in text) == []
            for key in ("search", "ask", "compare", "whatIf", "exportTitle", "run"):
                assert words["ja"][key] in text, key
            headings = page.eval_on_selector_all("#ex-compare-out th",
                                                 "ths => ths.map(t => t.textContent)")
            assert headings == [words["ja"][k] for k in ("change", "item", "id", "details")]
            kinds = page.eval_on_selector_all(
                "#ex-compare-out tbody tr",
                "trs => trs.map(r => [r.cells[0].textContent, r.cells[1].textContent])")
            assert kinds and all(c in (words["ja"]["added"], words["ja"]["removed"],
                                       words["ja"]["changed"]) and
                                 i in (words["ja"]["relationship"], words["ja"]["actor"])
                                 for c, i in kinds), kinds
            assert "valid under" not in text and words["ja"]["rulesHeld"] in text
            # the canned queries are listed by their Japanese titles (// title_ja:)
            library = {q.name: q for q in load_library()}
            listed = page.eval_on_selector_all("#ex-query-name option",
                                               "os => os.map(o => [o.value, o.textContent])")
            assert listed and all(label == f"{n} — {library[n].title_ja}" for n, label in listed)
            page.select_option("#ex-query-name", "subordinates")
            assert page.get_attribute("#ex-query-form input[name='post']", "placeholder") == \
                words["ja"]["kind_actor"]
            # the language switch relabels the panels
            page.select_option("#lang", "en")
            assert page.inner_text("#ex-search h2") == words["en"]["search"]
            assert page.eval_on_selector_all("#ex-query-name option", "os => os.map(o => o.textContent)") \
                == [f"{n} — {library[n].title}" for n, _ in listed]
            assert page.get_attribute("#ex-query-form input[name='post']", "placeholder") == \
                library["subordinates"].param("post").description
            assert page.inner_text("#ex-query-form select[name='scenario'] option[value='']") == \
                words["en"]["byDefault"].replace("{v}", "root")
            assert page.get_attribute("#ex-q", "placeholder") == words["en"]["searchHint"]
            assert outside == [] and errors == []
        finally:
            context.close()
    finally:
        code, err = stop(served)
        assert code == 0, err


def test_ctrl_c_closes_the_store_and_exits_0(tmp_path, bundled):
    """Embedded: after Ctrl-C the engine child is gone and the store opens again."""
    from c2graph.graph.store import open_store

    db = f"embedded:{tmp_path / 'db'}"
    with open_store(db) as store:
        store.load([bundled.scenarios["baseline-2024"]])
    served = start_serve(db, {"C2GRAPH_QUERY_PATH": ""})
    resp, _ = served.request("GET", "/api/queries")
    assert resp.status == 200
    children = subprocess.run(["pgrep", "-P", str(served.proc.pid)], capture_output=True,
                              text=True).stdout.split()
    assert children, "the embedded engine runs as a child of the server"
    # saving a what-if: only with a name and the confirmation; then it is a scenario
    status, answer = served.post("/api/what-if", {
        "base": "baseline-2024", "save": "kept", "confirm": True,
        "changes": {"remove": ["us.indopacom -> us.usfj"]}})
    assert status == 200 and answer["saved"] == "kept"
    _, names = served.request("GET", "/api/scenarios")
    assert json.loads(names) == ["baseline-2024", "kept"]
    resp, page = served.request("GET", "/")
    assert b'"id":"kept"' in page  # the page is made again with the new scenario
    code, err = stop(served)
    assert code == 0, err
    assert "the store is closed" in err
    for pid in children:
        assert not Path(f"/proc/{pid}").exists() or \
            Path(f"/proc/{pid}/stat").read_text().split()[2] == "Z"
    with open_store(db) as store:  # the lock was released
        assert store.scenario_ids() == {"baseline-2024", "kept"}


def test_expected_failures_at_start_are_one_error_line(tmp_path, bundled):
    import socket

    from click.testing import CliRunner

    from c2graph.cli import cli
    from c2graph.graph.store import open_store

    result = CliRunner().invoke(cli, ["serve", "--db", f"embedded:{tmp_path / 'empty'}"])
    assert result.exit_code == 2
    assert result.output.strip().splitlines() == [
        "Error: the store holds no scenario: run 'c2graph load' first"]
    db = f"embedded:{tmp_path / 'db'}"
    with open_store(db) as store:
        store.load([bundled.scenarios["baseline-2024"]])
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = CliRunner().invoke(cli, ["serve", "--db", db, "--port", str(port)])
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"Error: cannot listen on 127.0.0.1:{port}")
