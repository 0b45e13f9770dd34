"""``c2graph queries / query / chain / cypher / diff`` through click's CliRunner, on both
engines: output shapes, exact error lines and exit codes, and refused writes that leave
the store exactly as it was."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pytest
from click.testing import CliRunner

from c2graph.cypher.library import BUNDLED_QUERIES, load_library
from c2graph.cli import cli
from tests.stores import ENGINES, bundled_cli_store

READ_ONLY_TAIL = "; c2graph runs read-only Cypher only, and nothing was run"


@pytest.fixture(scope="module", params=ENGINES)
def db(request, tmp_path_factory, bundled):
    yield from bundled_cli_store(request, tmp_path_factory, bundled, "cli")


def c2(db, *args, env=None):
    url, base = db
    db_args = [] if args[0] == "queries" else ["--db", url]  # listing needs no store
    return CliRunner().invoke(cli, [*args, *db_args], env={**base, **(env or {})},
                              catch_exceptions=False)


def snapshot(db) -> set[str]:
    """Every node and relationship with every property (load tokens included)."""
    from c2graph.graph.store import open_store

    with open_store(db[0]) as store:
        nodes = store.run_read("MATCH (n) RETURN labels(n) AS l, properties(n) AS p")
        rels = store.run_read("MATCH ()-[r]->() RETURN type(r) AS t, properties(r) AS p")
    return {json.dumps(sorted(r.items()), sort_keys=True, default=str) for r in nodes + rels}


# -- listing and running canned queries -------------------------------------------------
def test_queries_lists_every_query_with_its_parameters(db):
    result = c2(db, "queries", "--format", "json")
    assert result.exit_code == 0, result.output
    listed = {q["name"]: q for q in json.loads(result.stdout)}
    assert set(listed) == {q.name for q in load_library()}
    assert listed["reporting-chain"]["params"][0] == {
        "name": "post", "kind": "actor", "default": None, "required": True,
        "description": "actor id"}
    table = c2(db, "queries").stdout.splitlines()
    assert table[0].split() == ["name", "title", "parameters"]
    line = next(x for x in table if x.startswith("command-path "))
    assert line.endswith("source (actor id), target (actor id), scenario=root")


SAMPLE = {"reporting-chain": ["-p", "post", "jp.jjoc", "-s", "jjoc-2025"],
          "subordinates": ["-p", "post", "us.indopacom", "-p", "levels", "0"],
          "command-path": ["-p", "source", "jp.pm", "-p", "target", "jp.gcc"],
          "advisers": ["-p", "post", "us.cjcs"],
          "coordination-partners": ["-p", "post", "us.indopacom", "-s", "jjoc-2025"],
          "scenario-diff": ["-p", "other", "jjoc-2025"],
          "what-changes-for": ["-p", "post", "us.usfk", "-s", "jjoc-2025", "-p", "other",
                               "us-jfc"],
          "authority-over": ["-p", "post", "us.c7f"],
          "oversight": ["-p", "post", "combined.cfc", "-s", "cfc-transfer"]}


@pytest.mark.parametrize("name", sorted(q.name for q in load_library()))
def test_every_query_runs_as_table_json_and_csv(db, name):
    query = next(q for q in load_library() if q.name == name)
    args = ["query", name, *SAMPLE.get(name, [])]
    rows = json.loads(c2(db, *args, "--format", "json").stdout)
    assert isinstance(rows, list), name
    assert rows or name in ("cross-national-command", "unity-of-command", "unreachable"), name
    assert all(list(r) == list(query.returns) for r in rows)
    table = c2(db, *args)
    assert table.exit_code == 0, table.output
    lines = table.stdout.splitlines()
    assert lines[0].startswith(f"{name} (") and lines[0].endswith(f": {len(rows)} row(s)")
    assert lines[1].split() == list(query.returns)
    assert lines[3:] == ["(no rows)"] if not rows else len(lines) == 3 + len(rows)
    csv = c2(db, *args, "--format", "csv").stdout.splitlines()
    assert csv[0] == ",".join(query.returns) and len(csv) == 1 + len(rows)


def test_query_and_cypher_print_the_same_json(db):
    text = (BUNDLED_QUERIES / "reporting-chain.cypher").read_text()
    canned = c2(db, "query", "reporting-chain", "-p", "post", "combined.cfc",
                "--scenario", "cfc-transfer", "--format", "json")
    adhoc = c2(db, "cypher", text, "-p", "post", "combined.cfc", "-p", "scenario",
               "cfc-transfer", "--format", "json")
    assert canned.exit_code == adhoc.exit_code == 0, canned.output + adhoc.output
    assert json.loads(canned.stdout) == json.loads(adhoc.stdout)
    # after the handover nobody commands the CFC: the MC directs it (depth 0)
    assert json.loads(canned.stdout) == [{"chain": ["ROK–U.S. Combined Forces Command"],
                                          "ids": ["combined.cfc"], "authorities": [],
                                          "depth": 0}]


def test_chain_prints_the_chain_top_down(db):
    result = c2(db, "chain", "jp.jjoc", "--scenario", "jjoc-2025")
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "Reporting chain of jp.jjoc in jjoc-2025:\n"
        "  Prime Minister of Japan (jp.pm)\n"
        "  └─ NCA → Minister of Defense (jp.mod)\n"
        "      └─ COMMAND → JSDF Joint Operations Command (jp.jjoc)\n")
    top = c2(db, "chain", "us.president")
    assert top.stdout == ("Nobody commands President of the United States (us.president) in"
                          " baseline-2024: it heads its own chain\n")
    rows = json.loads(c2(db, "chain", "jp.gcc", "--format", "json").stdout)
    assert [r["ids"] for r in rows] == [["jp.pm", "jp.mod", "jp.gcc"]]


@pytest.mark.parametrize("args, errors", [
    (["query", "reporting-chian"],
     ["unknown query 'reporting-chian' (did you mean 'reporting-chain'?); 'c2graph queries'"
      " lists them"]),
    (["query", "reporting-chain", "-p", "pst", "jp.pm"],
     ["query 'reporting-chain' has no parameter 'pst' (did you mean 'post'?); its"
      " parameters: post, scenario",
      "query 'reporting-chain' needs parameter 'post' (actor id): add -p post VALUE"]),
    (["query", "reporting-chain", "-p", "post", "INDOPACOM"],
     ["unknown actor 'INDOPACOM' in scenario 'baseline-2024' (did you mean 'us.indopacom'"
      " (U.S. Indo-Pacific Command)?)"]),
    (["chain", "jp.jjoc"],
     ["unknown actor 'jp.jjoc' in scenario 'baseline-2024' (it is in scenarios"
      " cfc-transfer, jjoc-2025, us-jfc, usfj-jfhq)"]),
    (["chain", "Joint Staff", "-s", "jjoc-2025"],
     ["unknown actor 'Joint Staff' in scenario 'jjoc-2025' (did you mean 'jp.joint-staff'"
      " (Joint Staff) or 'jp.cos-js' (Chief of Staff, Joint Staff)?)"]),
    (["query", "forums", "-s", "jjoc-2026"],
     ["unknown scenario 'jjoc-2026' (did you mean 'jjoc-2025'?); loaded: baseline-2024,"
      " cfc-transfer, jjoc-2025, us-jfc, usfj-jfhq"]),
    (["query", "forums", "-s", "us-jfc", "-p", "scenario", "jjoc-2025"],
     ["--scenario us-jfc and -p scenario jjoc-2025 disagree"]),
    (["query", "subordinates", "-p", "post", "us.indopacom", "-p", "authority", "opcn"],
     ["parameter 'authority': unknown authority 'opcn' (did you mean 'OPCON'?); expected one"
      " of NCA, COCOM, OPCON, TACON, ADCON, COMMAND, any"]),
    (["cypher", "MATCH (n:Actor {id: $id}) RETURN n.id AS id", "-p", "x", "1"],
     ["the query uses $id but no value was given: add -p id VALUE",
      "parameter 'x' is not used by the query (it has: $id)"]),
    (["cypher", "  "], ["the query is empty"]),
    (["diff", "baseline-2024", "usfj"],
     ["unknown scenario 'usfj' (did you mean 'usfj-jfhq'?); loaded: baseline-2024,"
      " cfc-transfer, jjoc-2025, us-jfc, usfj-jfhq"]),
])
def test_bad_input_is_one_error_line_each_and_exit_2(db, args, errors):
    result = c2(db, *args)
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    assert result.stderr == "".join(f"Error: {e}\n" for e in errors)


# -- writes are refused, on both engines, and the store is untouched --------------------
WRITES = [
    ("CREATE (n:Probe) RETURN n", "it writes to the database (CREATE on line 1)"),
    ("MERGE (n:Actor {scenario: 'baseline-2024', id: 'us.president'}) RETURN n",
     "it writes to the database (MERGE on line 1)"),
    ("MATCH (n:Actor {id: 'us.president'})\nSET n.name_en = 'Nobody'",
     "it writes to the database (SET on line 2)"),
    ("MATCH (n:Actor) DETACH DELETE n", "it writes to the database (DETACH on line 1)"),
    ("MATCH (n:Actor) DELETE n", "it writes to the database (DELETE on line 1)"),
    ("MATCH (n:Actor) REMOVE n:Office", "it writes to the database (REMOVE on line 1)"),
    ("MATCH (n:Actor) CALL { WITH n CREATE (:Probe) } RETURN count(*) AS c",
     "it writes to the database (CREATE on line 1)"),
    ("FOREACH (x IN [1] | CREATE (:Probe))", "it writes to the database (FOREACH on line 1)"),
    ("LOAD CSV FROM 'file:///etc/passwd' AS line RETURN line",
     "LOAD CSV reads files or URLs from the server (line 1)"),
    ("CALL db.idx.fulltext.createNodeIndex('Actor', 'name_en')",
     "procedure db.idx.fulltext.createNodeIndex is not one of the read-only catalogue"
     " procedures (see 'c2graph cypher --help')"),
    ("CALL db.createLabel('Probe')",
     "procedure db.createLabel is not one of the read-only catalogue procedures (see"
     " 'c2graph cypher --help')"),
    ("CREATE INDEX FOR (n:Actor) ON (n.name_en)",
     "it writes to the database (CREATE on line 1)"),
    ("DROP INDEX c2graph_rel_commands", "it writes to the database (DROP on line 1)"),
    ("MATCH (n) RETURN n; MATCH (m) DETACH DELETE m",
     "it holds more than one statement (';' on line 1)"),
    ("PROFILE MATCH (n) DETACH DELETE n",
     "a leading PROFILE is not accepted here (line 1); give the query itself"),
]


def test_cypher_refuses_every_write_with_the_same_message(db):
    before = snapshot(db)
    for text, reason in WRITES:
        result = c2(db, "cypher", text)
        assert result.exit_code == 2, (text, result.output)
        assert result.stderr == f"Error: refused: {reason}{READ_ONLY_TAIL}\n", text
        assert result.stdout == ""
    assert snapshot(db) == before


def test_tampered_query_file_is_refused_before_it_runs(db, tmp_path):
    folder = tmp_path / "queries"
    folder.mkdir()
    tampered = folder / "reporting-chain.cypher"
    shutil.copy(BUNDLED_QUERIES / "reporting-chain.cypher", tampered)
    text = tampered.read_text()
    tampered.write_text(text.replace("RETURN [x IN", "DETACH DELETE post\nRETURN [x IN"))
    line = tampered.read_text().splitlines().index("DETACH DELETE post") + 1
    before = snapshot(db)
    env = {"C2GRAPH_QUERY_PATH": str(folder)}
    expected = (f"Error: refused: query file {tampered}: it writes to the database (DETACH on"
                f" line {line}){READ_ONLY_TAIL}\n")
    for args in (["query", "reporting-chain", "-p", "post", "us.usfk"], ["chain", "us.usfk"]):
        result = c2(db, *args, env=env)
        assert result.exit_code == 2, result.output
        assert result.stderr == expected
    assert snapshot(db) == before
    # the same folder with an honest file of that name is used instead of the bundled one
    tampered.write_text(text.replace("// title: Reporting line", "// title: My reporting line"))
    listed = json.loads(c2(db, "queries", "--format", "json", env=env).stdout)
    mine = next(q for q in listed if q["name"] == "reporting-chain")
    assert mine["file"] == str(tampered) and mine["title"].startswith("My reporting line")


def test_parameter_values_never_become_cypher(db):
    """A value is always sent as a parameter: text shaped like Cypher is just an id."""
    before = snapshot(db)
    evil = "jp.pm'}) DETACH DELETE post //"
    result = c2(db, "query", "reporting-chain", "-p", "post", evil)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"Error: unknown actor {evil!r} in scenario")
    rows = json.loads(c2(db, "cypher", "MATCH (n:Actor {id: $id}) RETURN n.id AS id",
                         "-p", "id", evil, "--format", "json").stdout)
    assert rows == []
    assert snapshot(db) == before


def test_query_file_whose_header_lies_is_refused(db, tmp_path):
    (tmp_path / "liar.cypher").write_text(
        "// name: liar\n// title: Lies\n// params: scenario (default baseline-2024)\n"
        "// returns: id\nMATCH (n:Actor {scenario: $scenario, id: $post}) RETURN n.id AS id\n")
    result = c2(db, "query", "liar", env={"C2GRAPH_QUERY_PATH": str(tmp_path)})
    assert result.exit_code == 2
    assert result.stderr == (f"Error: {tmp_path / 'liar.cypher'}: the query uses $post but"
                             " '// params:' does not declare it\n")


# -- ad hoc Cypher: reads, limits, timeouts ---------------------------------------------
def test_cypher_reads_with_json_parameters_and_a_row_limit(db, bundled):
    s = bundled.scenarios["baseline-2024"]
    result = c2(db, "cypher", "MATCH (n:Actor {scenario: $s}) RETURN n.nation AS nation,"
                " count(*) AS actors ORDER BY nation", "-p", "s", "baseline-2024",
                "--format", "json")
    assert result.exit_code == 0, result.output
    counts = {}
    for a in s.actors.values():
        counts[a.nation] = counts.get(a.nation, 0) + 1
    assert json.loads(result.stdout) == [{"nation": n, "actors": c}
                                         for n, c in sorted(counts.items())]
    limited = c2(db, "cypher", "MATCH (n:Actor {scenario: $s}) RETURN n.id AS id ORDER BY id"
                 " LIMIT $n", "-p", "s", "jjoc-2025", "-p", "n", "10", "--limit", "3",
                 "--format", "json")
    assert [r["id"] for r in json.loads(limited.stdout)] == sorted(
        bundled.scenarios["jjoc-2025"].actors)[:3]
    assert limited.stderr == ("Note: only the first 3 rows are shown; the query returned more"
                              " (raise --limit)\n")
    labels = json.loads(c2(db, "cypher", "CALL db.labels()", "--format", "json").stdout)
    assert {"Actor", "Office", "Command", "Staff", "Forum", "Scenario"} <= \
        {r["label"] for r in labels}


def test_cypher_nodes_have_the_same_shape_on_both_engines(db):
    rows = json.loads(c2(db, "cypher", "MATCH (n:Actor {scenario: 'baseline-2024', id:"
                         " 'jp.pm'}) RETURN n", "--format", "json").stdout)
    node = rows[0]["n"]
    assert node["labels"] == ["Actor", "Office"] and node["id"] == "jp.pm"
    assert node["name_ja"] == "内閣総理大臣" and node["scenario"] == "baseline-2024"


def test_cypher_has_a_server_side_timeout(db):
    result = c2(db, "cypher", "MATCH (a:Actor), (b:Actor), (c:Actor), (d:Actor) WHERE"
                " a.id + b.id + c.id + d.id = 'x' RETURN count(*) AS n", "--timeout", "0.5")
    assert result.exit_code == 1, result.output
    assert result.stderr == "Error: query timed out after 0.5 s\n"


def test_cypher_reads_standard_input(db):
    result = CliRunner().invoke(cli, ["cypher", "-", "--db", db[0], "--format", "csv"],
                                input="RETURN 1 AS one;\n", env=db[1],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert result.stdout == "one\n1\n"


# -- text that is not Unicode --------------------------------------------------------------
NOT_UTF8 = ("the byte 0x9B, which is not UTF-8 text (the character U+009B is written"
            " $'\\u009b' in bash)")


@pytest.mark.parametrize("args, subject", [
    (["cypher", "RETURN $x AS x", "-p", "x", b"c\x9b"], "parameter 'x'"),
    (["cypher", b'RETURN "\x9b" AS x'], "the query"),
    (["cypher", "RETURN $x AS x", "-p", "x", b'{"k\x9b": 1}'], "parameter 'x'"),
    (["query", "reporting-chain", "-p", "post", b"us.usfj\x9b"], "parameter 'post'"),
    (["chain", b"us.usfj\x9b"], "parameter 'post'"),
    (["what-if", "--base", b"x\x9b", "--remove", "us.indopacom -> us.usfj"], "a value given"),
], ids=["cypher-param", "cypher-text", "cypher-map-key", "query", "chain", "what-if-base"])
def test_a_byte_that_is_not_utf8_is_one_clear_error(db, args, subject):
    """bash's ``$'c\\x9b'`` is the byte 0x9B, which Python hands over as U+DC9B (no
    character: neither engine's protocol carries it).  The embedded engine called it a
    schema change (its plan check took the client's encoding failure for a schema
    command's answer) and canned queries ended in a traceback.  Run as a shell runs it:
    the bytes in argv."""
    url, base = db
    env = {k: v for k, v in os.environ.items() if k not in base}
    env.update({k: v for k, v in base.items() if v is not None})
    proc = subprocess.run([sys.executable, "-m", "c2graph", *args, "--db", url],
                          capture_output=True, env=env, timeout=300)
    assert (proc.returncode, proc.stderr.decode()) == (2, f"Error: {subject} holds {NOT_UTF8}\n")
    assert proc.stdout == b""


def test_a_c1_control_character_is_text_like_any_other(db):
    """U+009B itself (UTF-8 ``C2 9B``) goes to the engine and back unchanged."""
    result = c2(db, "cypher", "RETURN $x AS x", "-p", "x", "c\u009b", "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == [{"x": "c\u009b"}]


# -- diff ----------------------------------------------------------------------------------
def test_diff_lists_actors_and_relationships(db, bundled):
    result = c2(db, "diff", "baseline-2024", "jjoc-2025")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == ("baseline-2024 -> jjoc-2025: relationships: 11 added, 9 removed;"
                        " actors: 2 added, 3 changed")
    assert lines[1].split() == ["change", "item", "id", "details"]
    body = [line.split()[:3] for line in lines[3:]]
    assert ["added", "actor", "jp.jjoc"] in body
    assert ["removed", "relationship", "jp.mod-COMMANDS->jp.gcc"] in body
    assert ["added", "relationship", "jp.jjoc-COMMANDS->jp.gcc"] in body
    rows = json.loads(c2(db, "diff", "jjoc-2025", "usfj-jfhq", "--format", "json").stdout)
    changed = next(r for r in rows if r["id"] == "us.indopacom-COMMANDS->us.usfj")
    assert changed["change"] == "changed" and changed["changed"] == ["sources", "note"]
    before = bundled.scenarios["jjoc-2025"].relationships["us.indopacom-COMMANDS->us.usfj"]
    assert changed["before"]["sources"] == list(before.sources)
    same = c2(db, "diff", "us-jfc", "us-jfc")
    assert same.stdout == "us-jfc -> us-jfc: no differences\n"
