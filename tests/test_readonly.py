"""The read-only gate against a hostile query author (issue 12), on both engines.

Every class of bypass found in the review has cases here, each run three ways:

* through ``c2graph cypher`` (click's CliRunner): exit 2, the exact ``Error: refused:``
  line, and the query never reaches the engine (neither its plan nor its execution);
* as a canned query file on ``C2GRAPH_QUERY_PATH`` (``c2graph query NAME``);
* through the library (``check_read_only``) for every engine setting.

The store's plan check (layer 2) is tested on its own for what it must catch without
the recogniser, and two cases are run for their real effect on a live server: a
concurrent writer whose transaction ``TERMINATE TRANSACTIONS`` must not kill, and a
loopback HTTP server that ``LOAD CSV`` must never reach.  The open-ended lexical class
is fuzzed against Neo4j's own parser in tests/test_readonly_fuzz.py.
"""

from __future__ import annotations

import http.server
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

from c2graph.cli import cli
from c2graph.cypher.readonly import FUNCTIONS, check_read_only
from c2graph.graph.store import open_store
from c2graph.graph.store.base import READ_ONLY_PROCEDURES, ReadOnlyRefused, Store
from c2graph.loaders import load_dataset
from tests.stores import dump_store

ROOT = Path(__file__).resolve().parents[1]
MINI = ROOT / "tests" / "data" / "mini"
TAIL = "; c2graph runs read-only Cypher only, and nothing was run"
LEXER = "cannot read the query safely: line 1: "
ESCAPE = LEXER + ("a \\u escape is accepted only inside a string, and not for a quote or a"
                  " backslash (Neo4j replaces it before reading the query)")
BARE_CR = LEXER + ("a carriage return without a line feed (Neo4j ends a line there,"
                   " FalkorDB does not)")


def comment_break(name: str) -> str:
    return LEXER + (f"a // comment holds {name}, which looks like a line break but does not"
                    " end the comment")


def keyword_name(word: str) -> str:
    return (f"'{word}' cannot be a variable or alias name (it is a Cypher keyword; put it in"
            " backticks) (line 1)")


def procedure(name: str) -> str:
    return (f"procedure {name} is not one of the read-only catalogue procedures"
            " (see 'c2graph cypher --help')")


ADMIN = "it is an administration command ({} on line 1)"
LOAD_CSV = "LOAD CSV reads files or URLs from the server (line 1)"

#: class -> {case: (query, the reason c2graph gives)}.  Each class is one of the review's.
HOSTILE = {
    "a line terminator the engines do not share ends or hides a // comment": {
        "u2028": ("MATCH (n) // x\u2028DETACH DELETE n", comment_break("U+2028 LINE SEPARATOR")),
        "u2029": ("MATCH (n) // x\u2029DETACH DELETE n",
                  comment_break("U+2029 PARAGRAPH SEPARATOR")),
        "nel": ("MATCH (n) // x\u0085DETACH DELETE n", comment_break("U+0085 NEXT LINE")),
        "vt": ("MATCH (n) // x\x0bDETACH DELETE n", comment_break("U+000B LINE TABULATION")),
        "ff": ("MATCH (n) // x\x0cDETACH DELETE n", comment_break("U+000C FORM FEED")),
        "rs": ("MATCH (n) // x\x1eDETACH DELETE n", comment_break("U+001E RECORD SEPARATOR")),
        "bare-cr": ("MATCH (n) // x\rDETACH DELETE n", BARE_CR),
        "escaped-lf": ("MATCH (n) // x \\u000a DETACH DELETE n", ESCAPE),
        "escaped-cr": ("MATCH (n) // x \\uu000D DETACH DELETE n", BARE_CR),
    },
    "a \\u escape, nested or open comment, or control character ends a token early": {
        "escaped-comment-end": ("MATCH (n) /* \\u002a/ DETACH DELETE n /* */ RETURN n", ESCAPE),
        "escaped-quote": ("RETURN '\\u0027 AS x CREATE (:Pwned) RETURN 1 //' AS y", ESCAPE),
        "escaped-backtick": ("RETURN 1 AS `a\\u0060 CREATE (:Pwned) //`", ESCAPE),
        "nested-comment": ("MATCH (n) /* /* */ DETACH DELETE n /* */ RETURN n",
                           LEXER + "a /* inside a /* comment */ (comments do not nest: the"
                                   " first */ ends both)"),
        "open-comment": ("MATCH (n) RETURN n /* DETACH DELETE n",
                         LEXER + "a /* comment is not closed"),
        "nel-in-a-name": ("MATCH (n) WITH n AS x\u0085DETACH DELETE n",
                          LEXER + "unexpected U+0085 NEXT LINE outside a string, a comment or"
                                  " a `quoted name`; put names in backticks"),
    },
    "a keyword used as an alias or variable hides the next clause": {
        "create": ("WITH 1 AS create CREATE (:Pwned)", keyword_name("create")),
        "detach": ("MATCH (n) WITH n AS detach DETACH DELETE n", keyword_name("detach")),
        "set": ("MATCH (n) WITH n AS set SET n.x = 1", keyword_name("set")),
        "load": ("WITH 1 AS load LOAD CSV FROM 'file:///etc/passwd' AS l RETURN l",
                 keyword_name("load")),
        "merge": ("UNWIND [1] AS merge MERGE (:Pwned)", keyword_name("merge")),
    },
    "a clause hidden inside an expression": {
        "collect-in-case-load-csv": (
            "RETURN CASE WHEN true THEN COLLECT { LOAD CSV FROM 'file:///etc/passwd' AS l"
            " RETURN l } END AS x", LOAD_CSV),
        "collect-in-case-create": (
            "RETURN CASE WHEN true THEN COLLECT { CREATE (n:Pwned) RETURN n } END AS x",
            "it writes to the database (CREATE on line 1)"),
        "collect-in-list-load-csv": (
            "RETURN [x IN COLLECT { LOAD CSV FROM 'http://127.0.0.1:9/x' AS l RETURN l } | x]"
            " AS y", LOAD_CSV),
        "count-procedure": ("RETURN COUNT { CALL db.stats.retrieve('GRAPH COUNTS') YIELD"
                            " section RETURN section } AS c", procedure("db.stats.retrieve")),
        "exists-procedure": ("MATCH (n) WHERE EXISTS { CALL dbms.listConfig() YIELD name"
                             " RETURN name } RETURN n", procedure("dbms.listConfig")),
        "call-subquery-write": ("MATCH (n) CALL { WITH n DETACH DELETE n } RETURN 1 AS one",
                                "it writes to the database (DETACH on line 1)"),
    },
    "LOAD CSV anywhere": {
        "file": ("LOAD CSV FROM 'file:///etc/passwd' AS line RETURN line", LOAD_CSV),
        "http": ("LOAD CSV WITH HEADERS FROM 'http://127.0.0.1:9/x.csv' AS row RETURN row",
                 LOAD_CSV),
        "in-call": ("CALL { LOAD CSV FROM 'file:///etc/passwd' AS l RETURN l } RETURN l",
                    LOAD_CSV),
        "comment-between": ("LOAD /* x */ CSV FROM 'file:///etc/passwd' AS l RETURN l",
                            LOAD_CSV),
    },
    "administration commands (some plan as reads)": {
        "terminate": ("TERMINATE TRANSACTIONS 'neo4j-transaction-1'", ADMIN.format("TERMINATE")),
        "show-settings": ("SHOW SETTINGS", ADMIN.format("SHOW")),
        "show-settings-yield": ("SHOW SETTINGS YIELD name, value RETURN name, value",
                                ADMIN.format("SHOW")),
        "show-transactions": ("SHOW TRANSACTIONS", ADMIN.format("SHOW")),
        "show-procedures": ("SHOW PROCEDURES", ADMIN.format("SHOW")),
        "show-users": ("SHOW USERS", ADMIN.format("SHOW")),
        "use-system": ("USE system SHOW USERS", "it switches to another database (USE on line 1)"),
        "create-user": ("CREATE USER pwned SET PASSWORD 'x'",
                        "it writes to the database (CREATE on line 1)"),
        "grant": ("GRANT ROLE admin TO pwned", ADMIN.format("GRANT")),
        "stop-database": ("STOP DATABASE neo4j", ADMIN.format("STOP")),
        "alter-user": ("ALTER USER neo4j SET PASSWORD 'x'", ADMIN.format("ALTER")),
    },
    "procedures outside the list, READ mode or not": {
        "stats-retrieve": ("CALL db.stats.retrieve('GRAPH COUNTS')", procedure("db.stats.retrieve")),
        "stats-collect": ("CALL db.stats.collect('QUERIES')", procedure("db.stats.collect")),
        "stats-clear": ("CALL db.stats.clear('QUERIES')", procedure("db.stats.clear")),
        "resample-index": ("CALL db.resampleIndex('c2graph_actor_key')",
                           procedure("db.resampleIndex")),
        "resample-outdated": ("CALL db.resampleOutdatedIndexes()",
                              procedure("db.resampleOutdatedIndexes")),
        "await-indexes": ("CALL db.awaitIndexes(10)", procedure("db.awaitIndexes")),
        "clear-caches": ("CALL db.clearQueryCaches()", procedure("db.clearQueryCaches")),
        "list-config": ("CALL dbms.listConfig() YIELD name, value RETURN name, value",
                        procedure("dbms.listConfig")),
        "set-metadata": ("CALL tx.setMetaData({x: 1})", procedure("tx.setMetaData")),
        "falkordb-index": ("CALL db.idx.fulltext.createNodeIndex('Actor', 'name_en')",
                           procedure("db.idx.fulltext.createNodeIndex")),
        "in-query": ("MATCH (n) CALL db.stats.retrieve('GRAPH COUNTS') YIELD section"
                     " RETURN section", procedure("db.stats.retrieve")),
        "user-function": ("RETURN apoc.cypher.runFirstColumnSingle('CREATE (:Pwned)', {}) AS x",
                          "function apoc.cypher.runFirstColumnSingle is not one c2graph allows"
                          " (user-defined and unknown functions are refused) (line 1)"),
    },
    "statements around the query": {
        "in-transactions": ("UNWIND [1] AS x CALL { WITH x RETURN x AS y } IN TRANSACTIONS"
                            " RETURN y", "CALL { … } IN TRANSACTIONS commits on its own; c2graph"
                                         " runs one read-only transaction (line 1)"),
        "explain": ("EXPLAIN MATCH (n) RETURN n",
                    "a leading EXPLAIN is not accepted here (line 1); give the query itself"),
        "profile": ("PROFILE MATCH (n) RETURN n",
                    "a leading PROFILE is not accepted here (line 1); give the query itself"),
        "cypher-options": ("CYPHER runtime=slotted MATCH (n) RETURN n",
                           "a leading CYPHER is not accepted here (line 1); give the query"
                           " itself"),
        "two-statements": ("RETURN 1 AS x; CREATE (:Pwned)",
                           "it holds more than one statement (';' on line 1)"),
        "finish": ("MATCH (n) FINISH", "'FINISH' on line 1 where a read clause (MATCH, OPTIONAL"
                                       " MATCH, WITH, UNWIND, RETURN, CALL) should be"),
    },
}
CASES = [pytest.param(query, reason, id=f"{case}")
         for cases in HOSTILE.values() for case, (query, reason) in cases.items()]

#: Read queries that must still pass: (query, engines that run it).
BOTH = ("neo4j", "falkordb-embedded")
GOOD = [
    ("MATCH (n:Actor {scenario: $s}) RETURN n.nation AS nation, count(*) AS actors"
     " ORDER BY nation", BOTH),
    ("CALL db.labels() YIELD label WHERE label <> 'x' RETURN label ORDER BY label", BOTH),
    ("MATCH (n:Actor) RETURN n {.id, .nation} AS m ORDER BY m.id LIMIT 2", BOTH),
    ("UNWIND [1, 2, 3] AS x WITH x WHERE x > 1 RETURN [y IN range(1, x) WHERE y > 1 | y * 2]"
     " AS ys, reduce(s = 0, z IN range(1, x) | s + z) AS total", BOTH),
    ("MATCH (a:Actor)-[r:COMMANDS|ADVISES*1..2]->(b:Actor) WHERE NOT (b)-->() AND"
     " a.id STARTS WITH 'us' RETURN DISTINCT b.id AS id ORDER BY id", BOTH),
    ("RETURN 'CREATE (n) // \\u00e9' AS text, \"it's\" AS quote /* DETACH DELETE */,"
     " 1 AS `CREATE` // SET x", BOTH),
    ("CALL { MATCH (n:Actor) RETURN n.id AS id UNION MATCH (n:Scenario) RETURN n.id AS id }"
     " RETURN count(id) AS c", BOTH),
    ("MATCH (n:Actor) RETURN CASE WHEN n.nation = 'US' THEN 'us' ELSE 'other' END AS side,"
     " count(*) AS c ORDER BY side", BOTH),
    ("MATCH (n:Actor) WHERE EXISTS { MATCH (n)-[:COMMANDS]->() } RETURN COUNT { (n)-->() }"
     " AS out, COLLECT { MATCH (n)-->(m) RETURN m.id } AS ids", ("neo4j",)),
    ("MATCH (n:Actor) RETURN CASE WHEN true THEN COLLECT { CALL db.labels() YIELD label"
     " RETURN label } END AS labels LIMIT 1", ("neo4j",)),
    ("MATCH (a:Actor) CALL (a) { RETURN a.id AS aid } RETURN aid ORDER BY aid", ("neo4j",)),
    ("RETURN 1 AS `a``b`", ("neo4j",)),
]


def mini_store(request, tmp_path_factory, engine: str):
    """Yield (url, env) of a store holding the mini dataset, closed so the CLI can open it."""
    from tests.stores import wipe_neo4j

    env = {"C2GRAPH_QUERY_PATH": "", "C2GRAPH_DB": None}
    if engine == "embedded":
        url = f"embedded:{tmp_path_factory.mktemp('readonly') / 'db'}"
    else:
        server = request.getfixturevalue("neo4j_server")
        wipe_neo4j(server)
        url = server.uri
        env.update(NEO4J_USERNAME=server.user, NEO4J_PASSWORD=server.password,
                   NEO4J_DATABASE=None)
    with pytest.MonkeyPatch.context() as mp:
        for key, value in env.items():
            if value is None:
                mp.delenv(key, raising=False)
            else:
                mp.setenv(key, value)
        with open_store(url) as store:
            store.load(list(load_dataset(MINI).scenarios.values()))
        yield url, env


@pytest.fixture(scope="module", params=["embedded", "neo4j"])
def db(request, tmp_path_factory):
    yield from mini_store(request, tmp_path_factory, request.param)


@pytest.fixture(scope="module")
def neo4j_db(request, tmp_path_factory):
    yield from mini_store(request, tmp_path_factory, "neo4j")


@pytest.fixture
def engine_calls(monkeypatch):
    """Records every query that reaches an engine's plan or execution (they still run)."""
    from c2graph.graph.store.embedded import EmbeddedStore
    from c2graph.graph.store.neo4j_store import Neo4jStore

    calls = []
    execute = Store.run_read_only

    def executing(self, cypher, params=None, timeout_ms=None, limit=None):
        calls.append(("run", cypher))
        return execute(self, cypher, params, timeout_ms, limit)

    monkeypatch.setattr(Store, "run_read_only", executing)
    for cls in (EmbeddedStore, Neo4jStore):
        def planning(self, cypher, params=None, original=cls.write_reason):
            calls.append(("plan", cypher))
            return original(self, cypher, params)

        monkeypatch.setattr(cls, "write_reason", planning)
    return calls


def c2(db, *args, env=None):
    url, base = db
    return CliRunner().invoke(cli, [*args, "--db", url], env={**base, **(env or {})},
                              catch_exceptions=False)


@pytest.mark.parametrize("query, reason", CASES)
def test_hostile_ad_hoc_query_is_refused_before_the_engine_sees_it(db, engine_calls, query,
                                                                   reason):
    result = c2(db, "cypher", query)
    assert result.exit_code == 2, result.output
    assert result.stderr == f"Error: refused: {reason}{TAIL}\n"
    assert result.stdout == ""
    assert engine_calls == []


def test_refused_queries_leave_the_store_as_it_was(db):
    before = dump_store(db[0])
    for param in CASES:
        assert c2(db, "cypher", param.values[0]).exit_code == 2
    assert dump_store(db[0]) == before


#: One case of each class as a canned query file (its query is on line 4).
CANNED = ["escaped-quote", "detach", "collect-in-case-load-csv", "file", "terminate",
          "stats-retrieve", "explain"]


@pytest.mark.parametrize("case", CANNED)
def test_hostile_canned_query_file_is_refused(db, engine_calls, tmp_path, case):
    query, reason = next(cases[case] for cases in HOSTILE.values() if case in cases)
    folder = tmp_path / "queries"
    folder.mkdir()
    path = folder / "forums.cypher"
    path.write_text("// name: forums\n// title: Looks like the bundled one\n// returns: x\n"
                    f"{query}\n", encoding="utf-8")
    result = c2(db, "query", "forums", env={"C2GRAPH_QUERY_PATH": str(folder)})
    assert result.exit_code == 2, result.output
    reason = reason.replace("line 1", "line 4")
    if reason.startswith("cannot read"):  # the library reads the file's parameters first
        assert result.stderr == f"Error: {path}: {reason.split(': ', 1)[1]}\n"
    else:
        assert result.stderr == f"Error: refused: query file {path}: {reason}{TAIL}\n"
    assert engine_calls == []


@pytest.mark.parametrize("engine", [*FUNCTIONS, None])
@pytest.mark.parametrize("query, reason", CASES)
def test_the_library_gives_the_same_reason_for_every_engine(engine, query, reason):
    allowed = READ_ONLY_PROCEDURES.get(engine, frozenset())
    with pytest.raises(ReadOnlyRefused) as refused:
        check_read_only(query, allowed, engine=engine)
    assert refused.value.reason == reason


@pytest.mark.parametrize("query, engines", GOOD)
def test_read_queries_still_run(db, query, engines):
    """Each runs where its engine has the Cypher; elsewhere it fails with one clear line
    (the engine's syntax error, or FalkorDB's reading of a doubled backtick)."""
    url, _ = db
    engine = "neo4j" if url.startswith("bolt") else "falkordb-embedded"
    given = ["-p", "s", "base"] if "$s" in query else []
    result = c2(db, "cypher", query, *given, "--format", "json")
    if engine in engines:
        assert result.exit_code == 0, result.output
    else:
        assert result.exit_code in (1, 2) and result.stderr.count("\n") == 1 \
            and result.stderr.startswith("Error: "), result.output


def test_doubled_backticks_are_neo4j_only():
    """FalkorDB ends a quoted name at the second backtick, Neo4j reads one backtick."""
    check_read_only("RETURN 1 AS `a``b`", set(), engine="neo4j")
    for engine in ("falkordb-embedded", None):
        with pytest.raises(ReadOnlyRefused, match="doubled backtick"):
            check_read_only("RETURN 1 AS `a``b`", set(), engine=engine)


# -- layer 2 alone: the store's reading of the server's plan -----------------------------
PLAN_REFUSES = {
    "neo4j": [
        "SHOW SETTINGS", "SHOW TRANSACTIONS", "TERMINATE TRANSACTIONS 'neo4j-transaction-1'",
        "SHOW PROCEDURES YIELD name RETURN name",
        "CALL db.stats.retrieve('GRAPH COUNTS')", "CALL db.resampleOutdatedIndexes()",
        "CALL db.awaitIndexes(10)", "CALL db.prepareForReplanning()",
        "LOAD CSV FROM 'file:///etc/passwd' AS l RETURN l",
        "CALL { LOAD CSV FROM 'file:///etc/passwd' AS l RETURN l } RETURN l",
        "RETURN CASE WHEN true THEN COLLECT { LOAD CSV FROM 'file:///etc/passwd' AS l"
        " RETURN l } END AS x",
        "RETURN CASE WHEN true THEN COLLECT { CALL db.stats.retrieve('GRAPH COUNTS')"
        " YIELD section RETURN section } END AS x",
        "RETURN COLLECT { CALL dbms.listConfig() YIELD name RETURN name } AS x",
        "RETURN [x IN COLLECT { LOAD CSV FROM 'http://127.0.0.1:9/x' AS l RETURN l } | x] AS y",
    ],
    "falkordb-embedded": [
        "LOAD CSV FROM 'file:///etc/passwd' AS l RETURN l",
        "CALL { LOAD CSV FROM 'file:///etc/passwd' AS l RETURN l } RETURN l",
        "CREATE INDEX FOR (n:Pwned) ON (n.x)",
    ],
}


def test_the_plan_check_refuses_on_its_own(db):
    """``write_reason`` without the recogniser: what the server plans as a read (query
    type ``r``) but reaches outside the graph or administers the server is refused."""
    with open_store(db[0]) as store:
        for query in PLAN_REFUSES[store.engine]:
            assert store.write_reason(query), query
            with pytest.raises(ReadOnlyRefused):
                store.run_read_only(query)
        assert store.write_reason("RETURN CASE WHEN true THEN 1 END AS x") is None


# -- real effects on a live server -------------------------------------------------------
def test_terminate_transactions_cannot_kill_a_concurrent_writer(neo4j_db, engine_calls):
    """The review's case (Neo4j's command): a writer's open transaction was killed by a
    query that passed all three layers.  Now the query is refused and the writer commits."""
    from neo4j import GraphDatabase

    db = neo4j_db
    url, env = db
    with GraphDatabase.driver(url, auth=(env["NEO4J_USERNAME"], env["NEO4J_PASSWORD"])) as drv:
        with drv.session() as writer:
            tx = writer.begin_transaction()
            tx.run("CREATE (:Concurrent {x: 1})").consume()
            ids = [r["transactionId"] for r in drv.execute_query(
                "SHOW TRANSACTIONS YIELD transactionId, currentQuery"
                " RETURN transactionId, currentQuery").records
                if "SHOW TRANSACTIONS" not in (r["currentQuery"] or "")]
            assert ids, "the writer's transaction is not listed"
            for tid in ids:
                for query in (f"TERMINATE TRANSACTIONS '{tid}'",
                              f"RETURN 1 AS x // \u2028TERMINATE TRANSACTIONS '{tid}'"):
                    result = c2(db, "cypher", query)
                    assert result.exit_code == 2, result.output
                with open_store(url) as store:  # the plan check alone refuses it too
                    assert store.write_reason(f"TERMINATE TRANSACTIONS '{tid}'")
            tx.commit()
        assert drv.execute_query("MATCH (n:Concurrent) RETURN count(n) AS c").records[0]["c"] == 1
        drv.execute_query("MATCH (n:Concurrent) DELETE n")
    assert [c for c in engine_calls if c[0] == "run"] == []


@pytest.fixture
def loopback():
    """An HTTP server on a loopback port that records every request it receives."""
    requests = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            requests.append(self.path)
            self.send_response(200)
            self.end_headers()
            self.wfile.write(b"a,b\n1,2\n")

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", requests
    server.shutdown()
    server.server_close()


def test_load_csv_never_reaches_a_file_or_a_url(db, loopback):
    base, requests = loopback
    queries = [
        f"LOAD CSV FROM '{base}/plain' AS l RETURN l",
        f"RETURN CASE WHEN true THEN COLLECT {{ LOAD CSV FROM '{base}/collect' AS l"
        " RETURN l } END AS x",
        f"CALL {{ LOAD CSV FROM '{base}/call' AS l RETURN l }} RETURN l",
        f"RETURN 1 AS x // \u2028LOAD CSV FROM '{base}/comment' AS l RETURN l",
        f"WITH 1 AS load LOAD CSV FROM '{base}/alias' AS l RETURN l",
        "LOAD CSV FROM 'file:///etc/passwd' AS l RETURN l",
    ]
    for query in queries:
        result = c2(db, "cypher", query)
        assert result.exit_code == 2, result.output
        assert "root:" not in result.output
    with open_store(db[0]) as store:  # the plan check alone never fetches either
        for query in queries[:3]:
            assert plan_refuses(store, query), query
    assert requests == []


def plan_refuses(store, query: str) -> bool:
    """Whether the store's plan check refuses ``query``, or the engine cannot plan it."""
    from c2graph.graph.store.base import StoreError

    try:
        return bool(store.write_reason(query))
    except StoreError as exc:
        return str(exc).startswith("query failed: ")
