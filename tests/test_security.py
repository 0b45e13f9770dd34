"""The security review, one test per point (SECURITY.md says what each one proves).

1. Cypher text is built only from the vocabulary: an AST scan of every module.
2. Canned and ad hoc queries cannot write, on either engine, whatever the trick:
   refused before anything runs, and each of the three layers holds on its own.
3. HTML from ``view`` and SVG from ``export`` keep hostile names, titles, markings and
   sources inert in headless Chromium: no dialog, no injected element, no request.
4. The Neo4j password is never a command-line argument and never appears in any
   output, log line or exception of a failing run.
5. ``c2graph cypher`` has a server-side timeout and a row limit by default.
6. The exported Cypher script cannot be turned into a second statement by a title.
"""

from __future__ import annotations

import ast
import io
import json
import logging
import re
import shutil
import time
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from c2graph.cli import COMMANDS, cli
from c2graph.graph.store import open_store
from c2graph.graph.store.base import ReadOnlyRefused, Store
from c2graph.loaders import load_dataset
from tests.browser import open_page  # the browser fixture comes from the tests.browser plugin
from tests.stores import dump_store as dump

ROOT = Path(__file__).resolve().parents[1]
MINI = ROOT / "tests" / "data" / "mini"
HOSTILE = ROOT / "tests" / "bad_inputs" / "hostile-markup-valid"


def run(*args, env=None):
    return CliRunner().invoke(cli, [str(a) for a in args], env=env)


@pytest.fixture
def mini_url(store_url):
    with open_store(store_url) as store:
        store.load(list(load_dataset(MINI).scenarios.values()))
    return store_url


# == 1. Cypher is built from the vocabulary only ===============================================

CYPHER_WORDS = re.compile(r"\b(MATCH|MERGE|CREATE|UNWIND|RETURN|DELETE|SET|CALL|REMOVE)\b")
#: Names that hold the schema's own strings (graph/schema.py, graph/store/statements.py).
SAFE_CONSTANTS = {"ACTOR_LABEL", "SCENARIO_LABEL", "SOURCE_LABEL", "LOAD_TOKEN"}
#: Tables of the closed vocabulary: a loop over one yields the vocabulary's own strings.
VOCABULARY_TABLES = {"KINDS", "REL_TYPES", "AUTHORITIES", "NATIONS", "STATUSES",
                     "NODE_ID"}  # NODE_ID: the engines' node-reference functions
#: Calls that return the vocabulary's own string or raise (graph/schema.py).
VOCABULARY_CALLS = {"kind_label", "rel_type",
                    # graph/store/statements.py: the property map of a load row and the
                    # value lists read back, made of the schema's own field names
                    # (schema.ACTOR_FIELDS, RELATIONSHIP_FIELDS)
                    "_row_props", "_actor_values", "_relationship_values"}
#: The exported Cypher script (loaders/formats/cypher_script.py) is a file for cypher-shell, where
#: parameters cannot be used: values go through these escaping functions, which test 6
#: and tests/test_export_roundtrip.py check against the real server.
ESCAPING_CALLS = {"cypher_literal", "_map"}


def _scopes(tree):
    """(scope node, {name: assigned value}, {names bound by loops over the vocabulary})."""
    for scope in [tree] + [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)]:
        assigned, looped = {}, set()
        for node in ast.walk(scope):
            if isinstance(node, ast.Assign) and len(node.targets) == 1 and \
                    isinstance(node.targets[0], ast.Name):
                assigned[node.targets[0].id] = node.value
            if isinstance(node, ast.comprehension) and isinstance(node.iter, ast.Name) and \
                    node.iter.id in VOCABULARY_TABLES and isinstance(node.target, ast.Name):
                looped.add(node.target.id)
        yield scope, assigned, looped


def _safe(expr, assigned, looped, depth=0) -> bool:
    if depth > 5:
        return False
    if isinstance(expr, ast.Constant):
        return True
    if isinstance(expr, ast.Name):
        if expr.id in SAFE_CONSTANTS or expr.id in looped:
            return True
        return expr.id in assigned and _safe(assigned[expr.id], assigned, looped, depth + 1)
    if isinstance(expr, ast.JoinedStr):
        return all(_safe(v.value, assigned, looped, depth + 1) for v in expr.values
                   if isinstance(v, ast.FormattedValue))
    if isinstance(expr, ast.Call):
        func = expr.func
        name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
        if name in VOCABULARY_CALLS | ESCAPING_CALLS:
            return True
        if isinstance(func, ast.Attribute) and name in ("lower", "upper"):
            return _safe(func.value, assigned, looped, depth + 1)
        if isinstance(func, ast.Attribute) and name == "join" and len(expr.args) == 1 and \
                isinstance(expr.args[0], (ast.GeneratorExp, ast.ListComp)):
            gen = expr.args[0]
            inner = looped | {g.target.id for g in gen.generators
                              if isinstance(g.iter, ast.Name) and g.iter.id in VOCABULARY_TABLES}
            return _safe(gen.elt, assigned, inner, depth + 1)
    return False


def cypher_formatting(paths) -> list[str]:
    """Every place where something other than the vocabulary is formatted into text that
    reads as Cypher: f-strings, ``%``, ``.format`` and ``+`` on Cypher-looking strings."""
    found = []
    for path in paths:
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        owner = {}
        for scope, assigned, looped in _scopes(tree):  # outer scopes first: inner ones win
            for node in ast.walk(scope):
                owner[id(node)] = (assigned, looped)
        for node in ast.walk(tree):
            assigned, looped = owner.get(id(node), ({}, set()))
            where = f"{path.relative_to(ROOT)}:{getattr(node, 'lineno', 0)}"
            if isinstance(node, ast.JoinedStr):
                text = "".join(v.value for v in node.values if isinstance(v, ast.Constant))
                if CYPHER_WORDS.search(text) and re.search(r"[({\[]", text):
                    for v in node.values:
                        if isinstance(v, ast.FormattedValue) and not _safe(v.value, assigned,
                                                                           looped):
                            found.append(f"{where}: {{{ast.unparse(v.value)}}} in {text[:50]!r}")
            elif isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Mod)):
                for side in (node.left, node.right):
                    if isinstance(side, ast.Constant) and isinstance(side.value, str) and \
                            CYPHER_WORDS.search(side.value):
                        other = node.right if side is node.left else node.left
                        if not _safe(other, assigned, looped):
                            found.append(f"{where}: {ast.unparse(node)[:80]}")
            elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and \
                    node.func.attr == "format" and isinstance(node.func.value, ast.Constant) and \
                    isinstance(node.func.value.value, str) and \
                    CYPHER_WORDS.search(node.func.value.value):
                found.append(f"{where}: {ast.unparse(node)[:80]}")
    return found


#: The one place where text that is not ours becomes a query: the user's own ad hoc
#: query, planned with EXPLAIN before it runs (point 2 covers it).
USER_QUERY_TEXT = {"graph/store/neo4j_store.py: 'EXPLAIN ' + cypher"}


def test_cypher_is_built_from_the_vocabulary_only():
    paths = [p for d in ("graph", "cypher", "loaders", "viz") for p in sorted((ROOT / d).rglob("*.py"))]
    found = cypher_formatting(paths)
    unexpected = [f for f in found
                  if re.sub(r":\d+:", ":", f) not in USER_QUERY_TEXT]
    assert unexpected == [], "\n".join(unexpected)
    # and the scan does find what it is looking for
    bad = ROOT / "tests" / "bad_inputs" / "_scan_probe.py"
    bad.write_text('def f(name):\n    return f"MATCH (n {{id: \'{name}\'}}) RETURN n"\n'
                   'def g(label):\n    return "MATCH (n:%s) RETURN n" % label\n')
    try:
        assert len(cypher_formatting([bad])) == 2
    finally:
        bad.unlink()


def test_every_label_and_type_in_a_statement_comes_from_the_vocabulary():
    """Built statements name only vocabulary labels and types, for every kind and type."""
    from c2graph.graph.store import statements as st
    from c2graph.graph.schema import KINDS, REL_TYPES

    allowed = set(KINDS) | set(REL_TYPES) | {"Actor", "Scenario", "Source"}
    texts = [st.merge_actors(k) for k in KINDS] + [st.merge_relationships(t) for t in REL_TYPES]
    for text in texts:
        names = {n for n in re.findall(r":([A-Za-z_]+)", text) if n[0].isupper()}
        assert names and names <= allowed, (names, text)
    with pytest.raises(ValueError):
        st.merge_actors("Office) DETACH DELETE n //")
    with pytest.raises(ValueError):
        st.merge_relationships("COMMANDS]->() DETACH DELETE n //")


# == 2. Queries cannot write ======================================================================

WRITES = [
    "CREATE (:Pwned)",
    "MERGE (:Pwned {x: 1})",
    "MATCH (n) DETACH DELETE n",
    "match (n) detach delete n",
    "MATCH (n:Actor) SET n.name_en = 'pwned'",
    "MATCH (n:Actor) REMOVE n.name_en",
    "CALL { CREATE (:Pwned) } RETURN 1 AS one",
    "MATCH (n:Actor) CALL { WITH n CREATE (:Pwned) } RETURN count(*) AS c",
    "UNWIND [1, 2] AS x CALL { WITH x MERGE (:Pwned {x: x}) } RETURN x",
    "FOREACH (x IN [1] | CREATE (:Pwned))",
    "MATCH (n:Actor) WITH n LIMIT 1 FOREACH (x IN [1] | SET n.name_en = 'pwned')",
    "LOAD CSV FROM 'file:///etc/passwd' AS line RETURN line",
    "LOAD /* hidden */ CSV FROM 'https://example.invalid/x.csv' AS line RETURN line",
    "CALL dbms.procedures()",
    "CALL db.createLabel('Pwned')",
    "CALL db.idx.fulltext.createNodeIndex('Actor', 'name_en')",
    "CREATE INDEX pwned FOR (n:Pwned) ON (n.x)",
    "DROP INDEX c2graph_rel_commands IF EXISTS",
    "RETURN 1 AS one; CREATE (:Pwned)",
    "MATCH (n:Actor) RETURN n.id AS id UNION MATCH (m:Actor) SET m.x = 1 RETURN m.id AS id",
    "SHOW USERS",
    "USE system SHOW USERS",
]


@pytest.fixture
def spy(monkeypatch):
    """Records every query that reaches an engine's read-only execution (it still runs)."""
    calls = []
    original = Store.run_read_only

    def recording(self, cypher, params=None, timeout_ms=None, limit=None):
        calls.append({"cypher": cypher, "timeout_ms": timeout_ms, "limit": limit})
        return original(self, cypher, params, timeout_ms, limit)

    monkeypatch.setattr(Store, "run_read_only", recording)
    return calls


@pytest.mark.parametrize("query", WRITES)
def test_ad_hoc_writes_are_refused_before_they_run(mini_url, spy, query):
    before = dump(mini_url)
    result = run("cypher", query, "--db", mini_url)
    assert result.exit_code == 2, result.output
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("Error: refused: "), \
        result.stderr
    assert result.stderr.rstrip().endswith("c2graph runs read-only Cypher only, and nothing"
                                           " was run")
    assert spy == [], "the query reached the engine"
    assert dump(mini_url) == before


def test_the_engine_plan_refuses_writes_on_its_own(mini_url):
    """Layer 2 without layer 1: the store asks the engine to plan, and refuses a write."""
    before = dump(mini_url)
    with open_store(mini_url) as store:
        for query in ["CREATE (:Pwned)", "MATCH (n) DETACH DELETE n",
                      "MATCH (n:Actor) SET n.x = 1", "CALL { CREATE (:Pwned) } RETURN 1 AS one",
                      "FOREACH (x IN [1] | CREATE (:Pwned))", "MERGE (:Pwned)"]:
            assert store.write_reason(query), query
            with pytest.raises(ReadOnlyRefused):
                store.run_read_only(query)
        assert store.write_reason("MATCH (n:Actor {scenario: 'base'}) RETURN n.id AS id") is None
    assert dump(mini_url) == before


def test_the_read_only_execution_refuses_or_rolls_back_on_its_own(mini_url):
    """Layer 3 alone (the private execution step, skipping both checks): FalkorDB's
    GRAPH.RO_QUERY refuses the write; Neo4j's read transaction refuses or rolls back."""
    from c2graph.graph.store import StoreError

    before = dump(mini_url)
    with open_store(mini_url) as store:
        try:
            store._run_read_only("MATCH (n:Actor) SET n.name_en = 'pwned' CREATE (:Pwned)"
                                 " RETURN count(n) AS c", {}, 10000, None)
        except StoreError as exc:  # refused by the server (ReadOnlyRefused on both today)
            assert isinstance(exc, ReadOnlyRefused), exc
        assert store.run_read("MATCH (n:Pwned) RETURN count(n) AS c") == [{"c": 0}]
    assert dump(mini_url) == before


def test_a_tampered_canned_query_is_refused(mini_url, spy, tmp_path, monkeypatch):
    folder = tmp_path / "queries"
    folder.mkdir()
    (folder / "reporting-chain.cypher").write_text(
        "// name: reporting-chain\n// title: Looks like the bundled one\n"
        "// params: post (actor id), scenario (default base)\n// returns: chain\n"
        "MATCH (n:Actor {scenario: $scenario, id: $post}) DETACH DELETE n RETURN 1 AS chain\n",
        encoding="utf-8")
    monkeypatch.setenv("C2GRAPH_QUERY_PATH", str(folder))
    before = dump(mini_url)
    result = run("query", "reporting-chain", "-p", "post", "us.mid", "-s", "base",
                 "--db", mini_url)
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith(f"Error: refused: query file {folder / 'reporting-chain.cypher'}:"
                                    " it writes to the database (DETACH on line 5)"), result.stderr
    assert spy == [] and dump(mini_url) == before


def test_every_bundled_canned_query_is_read_only_by_the_engines_own_plan(mini_url):
    from c2graph.cypher.library import load_library
    from c2graph.cypher.readonly import statement

    with open_store(mini_url) as store:
        for query in load_library():
            params = {p.name: (p.default if p.default is not None else "base")
                      for p in query.params}
            assert store.write_reason(statement(query.text), params) is None, query.name


# == 3. HTML and SVG stay inert in Chromium =========================================================

INJECTED = """() => {
  const bad = [];
  for (const e of document.querySelectorAll('*')) {
    for (const a of e.attributes) {
      if (a.name.startsWith('on')) bad.push(e.tagName + '[' + a.name + ']');
      if (/^\\s*javascript:/i.test(a.value)) bad.push(e.tagName + '[' + a.name + '=javascript:]');
    }
    if (['IMG', 'IFRAME', 'OBJECT', 'EMBED', 'FOREIGNOBJECT', 'LINK', 'BASE', 'META']
        .includes(e.tagName.toUpperCase()) && !e.closest('head')) bad.push(e.tagName);
  }
  if (window.__pwned !== undefined) bad.push('window.__pwned=' + window.__pwned);
  return bad;
}"""


def _assert_inert(visit):
    visit.page.wait_for_timeout(300)  # give anything injected a chance to fire
    assert visit.dialogs == [], visit.dialogs
    assert visit.requests_out == [], visit.requests_out
    assert visit.page_errors == [], visit.page_errors
    assert visit.page.evaluate(INJECTED) == []


@pytest.fixture
def hostile_url(store_url):
    """A store holding the hostile-markup corpus case (and the mini dataset)."""
    with open_store(store_url) as store:
        store.load(list(load_dataset(MINI).scenarios.values()))
        store.load(list(load_dataset(HOSTILE).scenarios.values()))
    return store_url


@pytest.mark.browser
def test_exported_svg_keeps_hostile_text_inert(browser, hostile_url, tmp_path):
    title = "<script>window.__pwned='title'</script>"
    marking = "<img src=x onerror=\"window.__pwned='marking'\"> ]]> <!--"
    out = tmp_path / "chart.svg"
    result = run("export", "svg", "-o", out, "-s", "hostile-markup-valid", "--title", title,
                 "--marking", marking, "--db", hostile_url)
    assert result.exit_code == 0, result.output
    svg = out.read_text(encoding="utf-8")
    assert "<script" not in svg and "onerror=" not in svg.replace("onerror=&quot;", "")
    visit = open_page(browser, out, wait_ready=False)
    try:
        text = visit.page.evaluate("document.documentElement.textContent")
        assert title in text and marking in text
        assert "<svg onload=\"window.__pwned='svg'\">" in text  # an actor's short name
        _assert_inert(visit)
    finally:
        visit.close()


@pytest.mark.browser
def test_view_page_keeps_hostile_text_inert(browser, hostile_url, tmp_path):
    out = tmp_path / "view.html"
    result = run("view", "-o", out, "-s", "hostile-markup-valid", "--lang", "both",
                 "--db", hostile_url)
    assert result.exit_code == 0, result.output
    visit = open_page(browser, out)
    try:
        page = visit.page
        ids = page.evaluate("window.c2graph.nodes.get().map(n => String(n.id))")
        assert {"us.top", "us.mid", "jp.top"} <= set(ids)
        for actor in ids:  # every tooltip and every details panel, with the real mouse
            x, y = page.evaluate("""(id) => {
              const n = window.c2graph.network, p = n.canvasToDOM(n.getPosition(id));
              const r = document.querySelector('#graph canvas').getBoundingClientRect();
              return [r.left + p.x, r.top + p.y];
            }""", actor)
            page.mouse.move(x, y)
            page.wait_for_timeout(150)
            page.mouse.click(x, y)
        page.fill("#search", "<")
        text = page.evaluate("document.body.innerText")
        assert "</title><script>window.__pwned='scenario title'</script>" in text
        assert "<img src=x onerror=\"window.__pwned='name'\">" in text  # details, as text
        page.select_option("#scenario", "base")
        _assert_inert(visit)
    finally:
        visit.close()


# == 4. Secrets ================================================================================

SECRET = "Sup3r-s3cret-Pa55"


def test_no_command_takes_a_password_option():
    ctx = click.Context(cli)
    for name in COMMANDS:
        command = cli.get_command(ctx, name)
        if command is None:
            continue
        for param in command.params:
            words = " ".join([param.name or ""] + list(getattr(param, "opts", [])))
            assert not re.search(r"pass|secret|credential|token", words, re.I), (name, words)
    result = run("info", "--password", SECRET)
    assert result.exit_code == 2 and "No such option" in result.output


def _all_output(result, log: io.StringIO) -> str:
    parts = [result.stdout, result.stderr, log.getvalue()]
    if result.exception is not None:
        import traceback

        parts.append("".join(traceback.format_exception(result.exception)))
    return "\n".join(parts)


@pytest.fixture
def driver_log():
    """Everything the neo4j driver logs, at DEBUG (the Bolt messages included)."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    logger = logging.getLogger("neo4j")
    old = logger.level
    logger.setLevel(logging.DEBUG)
    logger.addHandler(handler)
    yield stream
    logger.removeHandler(handler)
    logger.setLevel(old)


@pytest.mark.neo4j
def test_a_wrong_password_names_the_url_and_never_the_password(neo4j_server, driver_log):
    env = {"NEO4J_USERNAME": neo4j_server.user, "NEO4J_PASSWORD": SECRET}
    result = run("info", "--db", neo4j_server.uri, env=env)
    assert result.exit_code == 3, result.output
    assert result.stderr.startswith(f"Error: cannot reach Neo4j at {neo4j_server.uri}: ")
    output = _all_output(result, driver_log)
    assert "HELLO" in driver_log.getvalue() or "hello" in driver_log.getvalue().lower()
    assert SECRET not in output


@pytest.mark.neo4j
@pytest.mark.parametrize("args", [
    ["cypher", "MATCH (n RETURN n"],
    ["cypher", "CREATE (:Pwned)"],
    ["query", "reporting-chain", "-p", "post", "nobody", "-s", "base"],
    ["load", "tests/bad_inputs/command-cycle"],
    ["what-if", "--base", "nope", "--add", "a -OPCON-> b"],
])
def test_failing_runs_never_show_the_password(neo4j_server, driver_log, monkeypatch, args):
    from tests.stores import wipe_neo4j

    wipe_neo4j(neo4j_server)
    monkeypatch.chdir(ROOT)
    env = {"NEO4J_USERNAME": neo4j_server.user, "NEO4J_PASSWORD": neo4j_server.password}
    result = run(*args, "--db", neo4j_server.uri, env=env)
    assert result.exit_code != 0
    assert result.stderr.startswith("Error: ")
    output = _all_output(result, driver_log)
    assert neo4j_server.password not in output


def test_an_unreachable_server_with_a_secret_in_the_environment(driver_log):
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    url = f"neo4j://127.0.0.1:{port}"
    result = run("load", str(MINI), "--db", url, env={"NEO4J_PASSWORD": SECRET})
    assert result.exit_code == 3
    assert result.stderr.startswith(f"Error: cannot reach Neo4j at {url}: ")
    assert SECRET not in _all_output(result, driver_log)


# == 5. Ad hoc Cypher is bounded by default ========================================================

def test_cypher_defaults_are_a_timeout_and_a_row_limit():
    from c2graph.cypher.runner import ADHOC_ROW_LIMIT, ADHOC_TIMEOUT_S

    command = cli.get_command(click.Context(cli), "cypher")
    defaults = {p.name: p.default for p in command.params}
    assert defaults["timeout"] == ADHOC_TIMEOUT_S == 30
    assert defaults["limit"] == ADHOC_ROW_LIMIT == 1000


def test_the_defaults_reach_the_engine_and_cut_the_rows(mini_url, spy):
    result = run("cypher", "UNWIND range(1, 2500) AS x RETURN x", "--format", "json",
                 "--db", mini_url)
    assert result.exit_code == 0, result.output
    assert [r["x"] for r in json.loads(result.stdout)] == list(range(1, 1001))
    assert "Note: only the first 1000 rows are shown" in result.stderr
    assert spy == [{"cypher": "UNWIND range(1, 2500) AS x RETURN x", "timeout_ms": 30000,
                    "limit": 1000}]


SLOW = ("UNWIND range(1, 20000) AS x UNWIND range(1, 20000) AS y WITH x, y"
        " WHERE (x * y) % 7 = 3 RETURN count(*) AS n")


def test_a_slow_query_is_stopped_by_the_server(mini_url):
    started = time.monotonic()
    result = run("cypher", SLOW, "--timeout", "1", "--db", mini_url)
    elapsed = time.monotonic() - started
    assert result.exit_code == 1, result.output
    assert result.stderr == "Error: query timed out after 1 s\n"
    assert elapsed < 20
    if mini_url.startswith("bolt"):  # the server itself ended it: nothing is left running
        import os

        from neo4j import GraphDatabase

        auth = (os.environ["NEO4J_USERNAME"], os.environ.get("NEO4J_PASSWORD"))
        with GraphDatabase.driver(mini_url, auth=auth) as driver:
            rows = driver.execute_query("SHOW TRANSACTIONS YIELD currentQuery "
                                        "RETURN currentQuery").records
        assert not any("range(1, 20000)" in (r["currentQuery"] or "") for r in rows)


# == 6. The exported Cypher script stays one statement a line ======================================

@pytest.mark.neo4j
def test_a_title_cannot_add_a_statement_to_the_exported_script(neo4j_server, tmp_path, monkeypatch):
    """U+2028 passes the loader (it is not a control character) and json.dumps; a line
    splitter or an editor would end the title's comment there."""
    from neo4j import GraphDatabase

    from tests.stores import wipe_neo4j
    from c2graph.loaders.formats.cypher_script import cypher_statements

    ds = tmp_path / "ds"
    shutil.copytree(MINI, ds)
    scenario = ds / "scenarios" / "base.yaml"
    scenario.write_text(scenario.read_text(encoding="utf-8").replace(
        "title: Base", 'title: "Base\\u2028MATCH (n) DETACH DELETE n //"'), encoding="utf-8")
    out = tmp_path / "base.cypher"
    result = run("export", "cypher", "-o", out, "--dataset", ds, "-s", "base",
                 "--marking", "X\u2028MATCH (n) DETACH DELETE n //")
    assert result.exit_code == 0, result.output
    statements = cypher_statements(out.read_text(encoding="utf-8"))
    assert not any(s.startswith("MATCH (n) DETACH DELETE n") for s in statements)
    for line in out.read_text(encoding="utf-8").splitlines():  # any line splitter at all
        assert not line.startswith("MATCH (n) DETACH DELETE n"), line
    wipe_neo4j(neo4j_server)
    auth = (neo4j_server.user, neo4j_server.password)
    with GraphDatabase.driver(neo4j_server.uri, auth=auth) as driver:
        driver.execute_query("CREATE (:Bystander {id: 'keep me'})")
        for statement in statements:
            driver.execute_query(statement)
        kept = driver.execute_query("MATCH (b:Bystander) RETURN b.id AS id").records
        titles = driver.execute_query("MATCH (s:Scenario) RETURN s.title AS t").records
    assert [r["id"] for r in kept] == ["keep me"]
    assert [r["t"] for r in titles] == ["Base\u2028MATCH (n) DETACH DELETE n //"]
