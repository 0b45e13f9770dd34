"""What-if scenarios: change specs, validation by the loader's rules, and ``c2graph
what-if`` on both engines (the temporary scenario never outlives the command)."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from c2graph.graph.diff import diff_graphs
from c2graph.cli import cli
from c2graph.graph.model import DatasetError, Problem
from c2graph.loaders import BUNDLED
from c2graph.loaders import whatif as wi
from tests.stores import bundled_cli_store

SCENARIOS = BUNDLED / "scenarios"
USFK_UNDER_JFC = [
    "--base", "jjoc-2025",
    "--add-actor", "{id: us.jfc, kind: Command, name_en: U.S. joint force commander,"
                   " nation: US}",
    "--add", "us.indopacom -OPCON-> us.jfc",
    "--move", "us.jfc -OPCON-> us.usfk"]


def same_content(a, b) -> bool:
    """Equal actors and relationships (origins and scenario metadata aside)."""
    return a.actors == b.actors and a.relationships == b.relationships


# -- change specs and validation, no store ----------------------------------------------
@pytest.mark.parametrize("text, expected", [
    ("us.jfc -OPCON-> us.usfk", ("us.jfc", "COMMANDS", "OPCON", "us.usfk")),
    ("us.indopacom -> us.usfk", ("us.indopacom", "COMMANDS", None, "us.usfk")),
    ("us.cjcs -advises-> jp.mod", ("us.cjcs", "ADVISES", None, "jp.mod")),
    ("jp.cos-js -COMMANDS:TACON-> jp.gcc", ("jp.cos-js", "COMMANDS", "TACON", "jp.gcc")),
])
def test_arrow_specs(text, expected):
    problems = []
    assert wi.parse_arrow(text, "--add", problems) == expected and problems == []


@pytest.mark.parametrize("text, message", [
    ("us.jfc->us.usfk", "--add 'us.jfc->us.usfk': expected 'FROM -TYPE-> TO' or"
                        " 'FROM -AUTHORITY-> TO' with spaces around the arrow, e.g."
                        " 'us.jfc -OPCON-> us.usfk'"),
    ("us.jfc -OPCN-> us.usfk", "--add 'us.jfc -OPCN-> us.usfk': unknown relationship type or"
                               " authority 'OPCN' (did you mean 'OPCON'?)"),
    ("us.jfc -COMMANDS:BOSS-> us.usfk", "unknown authority 'BOSS'"),
])
def test_bad_arrow_specs_say_why(text, message):
    problems = []
    assert wi.parse_arrow(text, "--add", problems) is None
    assert len(problems) == 1 and message in str(problems[0])


def test_options_build_the_usfk_move(bundled):
    base = bundled.scenarios["cfc-transfer"]
    problems = []
    changes = wi.changes_from_options(base, move=["us.indopacom -OPCON-> us.usfk"],
                                      problems=problems)
    scenario = wi.build_whatif(base, changes, "what-if", "t", problems)
    superiors = {(r.source, r.authority) for r in scenario.relationships.values()
                 if r.type == "COMMANDS" and r.target == "us.usfk"}
    assert superiors == {("us.indopacom", "OPCON")}
    added = scenario.relationships["us.indopacom-COMMANDS->us.usfk"]
    assert added.sources == ("what-if",)
    assert set(base.relationships) - set(scenario.relationships) == {"us.jfc-COMMANDS->us.usfk"}


@pytest.mark.parametrize("kwargs, messages", [
    ({"add": ["jp.jjoc -COMMAND-> us.usfk"]},
     ["--add 'jp.jjoc -COMMAND-> us.usfk': cross-national command jp.jjoc (JP) -> us.usfk"
      " (US): the chains of two nations may meet only in a COMBINED body"]),
    ({"add": ["us.usfk -OPCON-> us.indopacom"]},
     ["--add 'us.usfk -OPCON-> us.indopacom': COMMANDS cycle: us.indopacom -> us.jfc ->"
      " us.usfk -> us.indopacom"]),
    ({"add": ["us.jfc2 -OPCON-> us.usfk"]},
     ["--add 'us.jfc2 -OPCON-> us.usfk': COMMANDS us.jfc2 -> us.usfk: unknown actor"
      " 'us.jfc2' (did you mean 'us.jfc'?)"]),
    ({"remove": ["us.indopacom -> us.usfk"]},
     ["--remove 'us.indopacom -> us.usfk': scenario 'what-if': cannot remove"
      " us.indopacom-COMMANDS->us.usfk: base 'cfc-transfer' has no such relationship"]),
    ({"remove": ["us.jfc -TACON-> us.usfk"]},
     ["--remove 'us.jfc -TACON-> us.usfk': us.jfc-COMMANDS->us.usfk has authority OPCON in"
      " cfc-transfer, not TACON"]),
    ({"move": ["us.jfc -> us.usfk"]},
     ["--move 'us.jfc -> us.usfk': a move needs a command authority: 'SUPERIOR -OPCON->"
      " ACTOR'"]),
    ({"add": ["us.jfc -COMMANDS-> us.pacflt"]},
     ["--add 'us.jfc -COMMANDS-> us.pacflt': COMMANDS us.jfc -> us.pacflt needs an authority"
      " (NCA, COCOM, OPCON, TACON, ADCON, COMMAND)"]),
    ({"add_actors": ["{id: us.x, kind: Battalion, name_en: X, nation: US}"]},
     ["--add-actor '{id: us.x, kind: Battalion, name_en: X, nation: US}': unknown kind"
      " 'Battalion'; expected one of Office, Command, Staff, Forum"]),
    ({"add_actors": ["{id: jp.x, kind: Command, name_en: X, nation: JP}"]},
     ["--add-actor '{id: jp.x, kind: Command, name_en: X, nation: JP}': actor 'jp.x' of"
      " nation JP needs name_ja"]),
])
def test_loader_rules_refuse_bad_what_ifs_with_the_reason(bundled, kwargs, messages):
    base = bundled.scenarios["cfc-transfer"]  # USFK under the U.S. JFC only there
    problems: list[Problem] = []
    changes = wi.changes_from_options(base, problems=problems, **kwargs)
    with pytest.raises(DatasetError) as info:
        wi.build_whatif(base, changes, "what-if", "t", problems)
    assert [str(p) for p in info.value.problems] == messages


@pytest.mark.parametrize("child", ["jjoc-2025", "us-jfc", "usfj-jfhq", "cfc-transfer"])
def test_a_bundled_scenario_file_as_a_what_if_reproduces_that_scenario(bundled, child):
    problems = []
    changes, base_id = wi.changes_from_file(SCENARIOS / f"{child}.yaml", problems)
    assert problems == [] and base_id == bundled.scenarios[child].base
    rebuilt = wi.build_whatif(bundled.scenarios[base_id], changes, "what-if", "t")
    assert same_content(rebuilt, bundled.scenarios[child])


def test_a_changes_file_reports_file_and_line(bundled, tmp_path):
    path = tmp_path / "w.yaml"
    path.write_text("add_relationships:\n"
                    "  - {from: us.jfc, type: COMMANDS, to: us.usfk, authority: OPCON,"
                    " sources: [x]}\n"
                    "  - {from: us.usfk, type: COMMANDS, to: kr.mnd, authority: OPCN,"
                    " sources: [x]}\n"
                    "remove_relation: []\n")
    problems = []
    wi.changes_from_file(path, problems)
    assert [str(p) for p in problems] == [
        f"{path}:4: unknown change 'remove_relation' (did you mean 'remove_relationships'?);"
        " expected one of remove_relationships, remove_actors, add_actors, update_actors,"
        " add_relationships, update_relationships",
        f"{path}:3: unknown authority 'OPCN' (did you mean 'OPCON'?); expected one of NCA,"
        " COCOM, OPCON, TACON, ADCON, COMMAND"]
    path.write_text("changes:\n  add_relationships:\n"
                    "    - {from: jp.jjoc, type: COMMANDS, to: us.usfk, authority: OPCON,"
                    " sources: [x]}\n")
    problems = []
    changes, base = wi.changes_from_file(path, problems)
    with pytest.raises(DatasetError) as info:
        wi.build_whatif(bundled.scenarios["us-jfc"], changes, "what-if", "t", problems)
    assert [str(p) for p in info.value.problems] == [
        f"{path}:3: cross-national command jp.jjoc (JP) -> us.usfk (US): the chains of two"
        " nations may meet only in a COMBINED body"]


def test_a_scenario_file_inside_a_dataset_has_its_sources_checked(bundled, tmp_path):
    import shutil

    dataset = tmp_path / "ds"
    (dataset / "scenarios").mkdir(parents=True)
    shutil.copy(BUNDLED / "sources.yaml", dataset / "sources.yaml")
    text = (SCENARIOS / "usfj-jfhq.yaml").read_text()
    path = dataset / "scenarios" / "usfj-jfhq.yaml"
    path.write_text(text.replace('sources: ["scc-2024", "dod-2024-usfj", "csis-2024-2plus2"]',
                                 'sources: ["scc-2042", "dod-2024-usfj", "csis-2024-2plus2"]'))
    line = next(i for i, t in enumerate(path.read_text().splitlines(), 1) if "scc-2042" in t)
    problems = []
    wi.changes_from_file(path, problems)
    assert [str(p) for p in problems] == [
        f"{path}:{line}: unknown source 'scc-2042' (did you mean 'scc-2024'?) (not in"
        " sources.yaml)"]


# -- c2graph what-if on both engines ----------------------------------------------------
@pytest.fixture(scope="module", params=["embedded", "neo4j"])
def db(request, tmp_path_factory, bundled):
    yield from bundled_cli_store(request, tmp_path_factory, bundled, "whatif")


def c2(db, *args, env=None):
    return CliRunner().invoke(cli, [*args, "--db", db[0]], env={**db[1], **(env or {})},
                              catch_exceptions=False)


def stored(db):
    """Scenario ids and a snapshot of every item with every property."""
    from c2graph.graph.store import open_store

    with open_store(db[0]) as store:
        rows = store.run_read("MATCH (n) RETURN properties(n) AS p") + \
            store.run_read("MATCH ()-[r]->() RETURN properties(r) AS p")
        return (sorted(store.scenarios()),
                {json.dumps(r, sort_keys=True, default=str) for r in rows})


def test_usfk_under_the_new_joint_force_commander_in_one_command(db):
    before = stored(db)
    result = c2(db, "what-if", *USFK_UNDER_JFC)
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert out.startswith(
        "What if, from jjoc-2025:\n"
        "  --add-actor '{id: us.jfc, kind: Command, name_en: U.S. joint force commander,"
        " nation: US}'\n"
        "  --add 'us.indopacom -OPCON-> us.jfc'\n"
        "  --move 'us.jfc -OPCON-> us.usfk'\n"
        "Valid under the dataset rules (no dangling relationship, no command cycle, no"
        " cross-national command).\n\n"
        "Differences from jjoc-2025: relationships: 2 added, 1 removed; actors: 1 added\n")
    assert "\nreporting-chain (post=us.usfk): 2 row(s) differ, 0 unchanged\n" in out
    assert "\nunity-of-command: no change (0 row(s))\n" in out
    unreachable = len(json.loads(c2(db, "query", "unreachable", "-s", "jjoc-2025",
                                    "--format", "json").stdout))
    assert f"\nunreachable: no change ({unreachable} row(s))\n" in out
    assert out.endswith("\nThe what-if was discarded (--save NAME keeps it).\n")
    assert stored(db) == before


def test_json_gives_both_sides_and_the_differing_rows(db):
    result = c2(db, "what-if", *USFK_UNDER_JFC, "--query", "reporting-chain",
                "--query", "what-changes-for", "-p", "post", "us.usfk", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert (data["base"], data["what_if"], data["saved"]) == ("jjoc-2025", "what-if", False)
    assert {(c["change"], c["item"], c["id"]) for c in data["changes"]} == {
        ("added", "actor", "us.jfc"),
        ("removed", "relationship", "us.indopacom-COMMANDS->us.usfk"),
        ("added", "relationship", "us.indopacom-COMMANDS->us.jfc"),
        ("added", "relationship", "us.jfc-COMMANDS->us.usfk")}
    chain, changes = data["queries"]
    assert [r["ids"] for r in chain["base"]] == [["us.president", "us.secdef", "us.indopacom",
                                                  "us.usfk"]]
    assert [r["ids"] for r in chain["what_if"]] == [["us.president", "us.secdef",
                                                     "us.indopacom", "us.jfc", "us.usfk"]]
    assert chain["only_in_base"] == chain["base"] and chain["unchanged"] == 0
    assert changes["compared"] and not chain["compared"]
    assert {(r["actor"], r["change"]) for r in changes["rows"]} == {
        ("us.indopacom", "only in jjoc-2025"), ("us.jfc", "only in what-if")}


def test_a_scenario_file_as_a_what_if_shows_the_same_diff_as_the_scenario(db):
    result = c2(db, "what-if", "--changes", str(SCENARIOS / "us-jfc.yaml"), "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["base"] == "jjoc-2025"
    shipped = json.loads(c2(db, "diff", "jjoc-2025", "us-jfc", "--format", "json").stdout)
    assert data["changes"] == shipped


@pytest.mark.parametrize("args, errors", [
    (["--base", "us-jfc", "--move", "us.jfc -OPCON-> jp.gcc"],
     ["--move 'us.jfc -OPCON-> jp.gcc': cross-national command us.jfc (US) -> jp.gcc (JP):"
      " the chains of two nations may meet only in a COMBINED body"]),
    (["--base", "cfc-transfer", "--add", "us.usfk -OPCON-> us.indopacom"],
     ["--add 'us.usfk -OPCON-> us.indopacom': COMMANDS cycle: us.indopacom -> us.jfc ->"
      " us.usfk -> us.indopacom"]),
    (["--base", "jjoc-2025", "--remove", "us.jfc -> us.usfk"],
     ["--remove 'us.jfc -> us.usfk': scenario 'what-if': cannot remove"
      " us.jfc-COMMANDS->us.usfk: base 'jjoc-2025' has no such relationship"]),
])
def test_refused_what_ifs_load_nothing(db, args, errors):
    before = stored(db)
    result = c2(db, "what-if", *args)
    assert result.exit_code == 2, result.output
    assert result.stderr == "".join(f"Error: {e}\n" for e in errors + [
        "the what-if is refused; nothing was loaded"])
    assert result.stdout == ""
    assert stored(db) == before


@pytest.mark.parametrize("args, error", [
    (["--base", "jjoc-2025"], "no change given: use --add, --remove, --move, --add-actor,"
                              " --remove-actor or --changes FILE.yaml"),
    (["--base", "jjoc-2026", "--add", "a -OPCON-> b"],
     "unknown scenario 'jjoc-2026' (did you mean 'jjoc-2025'?); loaded: baseline-2024,"
     " cfc-transfer, jjoc-2025, us-jfc, usfj-jfhq"),
    (["--remove", "us.indopacom -> us.usfk", "-p", "scenario", "x"],
     "the what-if sets 'scenario' and 'other' itself; give the base with --base"),
    (["--remove", "us.indopacom -> us.usfk", "--save", "Bad Name"],
     "invalid scenario name 'Bad Name': use lower-case ASCII letters, digits, '.', '-', '_'"),
    (["--remove", "us.indopacom -> us.usfk", "--save", "jjoc-2025"],
     "scenario 'jjoc-2025' already exists in the store; --save needs a new name"),
    (["--remove", "us.indopacom -> us.usfk", "-q", "forum"],
     "unknown query 'forum' (did you mean 'forums'?); 'c2graph queries' lists them"),
    (["--remove", "us.indopacom -> us.usfk", "-q", "forums", "-p", "post", "us.usfk"],
     "no chosen query takes parameter 'post'"),
])
def test_bad_what_if_input(db, args, error):
    before = stored(db)
    result = c2(db, "what-if", *args)
    assert result.exit_code == 2, result.output
    assert result.stderr == f"Error: {error}\n"
    assert stored(db) == before


def test_the_temporary_scenario_is_dropped_when_a_query_fails(db, tmp_path):
    (tmp_path / "boom.cypher").write_text(
        "// name: boom\n// title: Fails at run time\n// params: scenario (default x)\n"
        "// returns: boom\nMATCH (n:Actor {scenario: $scenario}) WITH count(n) AS c\n"
        "RETURN 1 / (c - c) AS boom\n")
    before = stored(db)
    result = c2(db, "what-if", *USFK_UNDER_JFC, "-q", "boom",
                env={"C2GRAPH_QUERY_PATH": str(tmp_path)})
    assert result.exit_code == 1, result.output
    assert result.stderr.startswith("Error: query failed: ")
    assert stored(db) == before


def test_save_keeps_the_what_if_as_a_scenario(db, bundled):
    from c2graph.graph.store import open_store

    result = c2(db, "what-if", *USFK_UNDER_JFC, "--save", "usfk-under-jfc")
    assert result.exit_code == 0, result.output
    assert result.stdout.endswith(f"\nSaved as scenario 'usfk-under-jfc' in {db[0]}.\n")
    try:
        with open_store(db[0]) as store:
            meta = store.scenarios()["usfk-under-jfc"]
            assert (meta["base"], meta["status"]) == ("jjoc-2025", "possible")
            g = store.read_graph("usfk-under-jfc")
            rows = diff_graphs(store.read_graph("jjoc-2025"), g)
        assert {(r["change"], r["id"]) for r in rows} == {
            ("added", "us.jfc"), ("removed", "us.indopacom-COMMANDS->us.usfk"),
            ("added", "us.indopacom-COMMANDS->us.jfc"), ("added", "us.jfc-COMMANDS->us.usfk")}
        chain = c2(db, "chain", "us.usfk", "-s", "usfk-under-jfc", "--format", "json")
        assert json.loads(chain.stdout)[0]["ids"][-2:] == ["us.jfc", "us.usfk"]
    finally:
        with open_store(db[0]) as store:
            store.drop(["usfk-under-jfc"])
