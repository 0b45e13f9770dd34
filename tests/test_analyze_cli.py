"""``c2graph analyze`` through click's CliRunner, on both engines.

Expected numbers come from ``graph.analysis`` run on the engine-free graph of the
same scenario (``scenario_graph``), so these tests pin the report's shape and the
CLI's wiring while ``tests/test_analysis.py`` pins the answers.
"""

from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner

from c2graph.graph.analysis import analyze_scenario, compare_scenarios
from c2graph.graph.graphs import scenario_graph
from c2graph.cli import cli
from tests.helpers import copy_mini, edit

PASS_LINES = [
    "PASS  no command cycles",
    "PASS  at most one full-command superior per actor",
    "PASS  no command across national lines outside COMBINED bodies",
    "PASS  every actor reached from a national command authority",
]


def run(*args):
    return CliRunner().invoke(cli, ["analyze", *args], catch_exceptions=False)


def load(store_url, *paths):
    result = CliRunner().invoke(cli, ["load", *paths, "--db", store_url],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output


def section(output: str, heading: str) -> list[str]:
    """The lines under ``heading`` (and its ==== underline) up to the next heading."""
    lines = output.splitlines()
    start = lines.index(heading) + 2
    end = next((i - 1 for i in range(start + 1, len(lines))
                if re.fullmatch(r"=+", lines[i])), len(lines))
    return lines[start:end]


def row(lines: list[str], actor: str) -> list[str]:
    """The cells of a table row (cells are separated by two or more spaces)."""
    return next(re.split(r"\s{2,}", line) for line in lines if line.startswith(actor + " "))


@pytest.fixture
def bundled_url(store_url):
    load(store_url)
    return store_url


def test_default_scenario_report(bundled_url, bundled):
    result = run("--db", bundled_url)
    assert result.exit_code == 0, result.output
    base = bundled.scenarios["baseline-2024"]
    lines = result.output.splitlines()
    assert lines[0] == f"Scenario baseline-2024: {base.title} [{base.status}]"
    assert section(result.output, "Structural checks") == PASS_LINES + [
        "4 of 4 structural checks pass.", ""]
    headings = [l for i, l in enumerate(lines[1:], 1)
                if i + 1 < len(lines) and re.fullmatch(r"=+", lines[i + 1])]
    assert headings == ["Structural checks", "Command chains",
                        "Span of control (direct subordinates by authority)",
                        "Coordination load (partners and forums)",
                        "Brokers of the coordination network",
                        "Single points of failure (their loss splits the coordination network)"]
    expected = analyze_scenario(scenario_graph(base))
    span = section(result.output, "Span of control (direct subordinates by authority)")
    indopacom = expected["span_of_control"]["us.indopacom"]
    assert row(span, "us.indopacom")[:3] == ["us.indopacom", "U.S. Indo-Pacific Command",
                                             str(indopacom["total"])]
    brokers = section(result.output, "Brokers of the coordination network")
    assert brokers[0].endswith("exact betweenness: the share of shortest coordination paths"
                               " that pass through a post.")
    top = next(iter(expected["brokers"]["betweenness"]))
    assert row(brokers, top)[-1] == f"{expected['brokers']['betweenness'][top]:.3f}"


def test_compare_json_is_the_library_result(bundled_url, bundled):
    result = run("--scenario", "us-jfc", "--compare", "jjoc-2025", "--format", "json",
                 "--db", bundled_url)
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    expected = compare_scenarios(scenario_graph(bundled.scenarios["jjoc-2025"]),
                                 scenario_graph(bundled.scenarios["us-jfc"]))
    assert data == json.loads(json.dumps(expected))
    assert (data["base"]["id"], data["other"]["id"]) == ("jjoc-2025", "us-jfc")
    indopacom = next(r for r in data["span_of_control"] if r["actor"] == "us.indopacom")
    # USFJ moves under the new commander; USFK only with the CFC handover (cfc-transfer)
    assert indopacom["change"] == 0 and indopacom["lost"] == ["us.usfj"]


def test_single_scenario_json_has_a_key_per_metric(bundled_url):
    result = run("-s", "jjoc-2025", "--format", "json", "--reach", "jp.jjoc",
                 "--db", bundled_url)
    data = json.loads(result.output)
    assert list(data) == ["scenario", "checks", "national_command_authorities",
                          "command_depth", "longest_chains", "span_of_control",
                          "coordination_load", "brokers", "reach"]
    assert all(c["passed"] for c in data["checks"].values())
    assert set(data["reach"]["jp.jjoc"]["actors"]) >= {"jp.gcc", "jp.sdf-fleet", "jp.adc"}


def test_compare_table_shows_who_gains_and_loses(bundled_url):
    result = run("-s", "us-jfc", "--compare", "jjoc-2025", "--db", bundled_url)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[1] == "change = us-jfc minus jjoc-2025"
    assert section(result.output, "Structural checks")[:4] == [
        f"{line}  (jjoc-2025 PASS, us-jfc PASS)" for line in PASS_LINES]
    span = section(result.output,
                   "Span of control (direct subordinates), posts that gain or lose")
    assert span[0].split() == ["actor", "name", "jjoc-2025", "us-jfc", "change", "gained",
                               "lost", "regraded"]
    cells = row(span, "us.indopacom")
    assert cells[0:2] == ["us.indopacom", "U.S. Indo-Pacific Command"]
    assert int(cells[4]) == 0
    assert cells[5:7] == ["us.jfc", "us.usfj"]
    assert row(span, "us.jfc")[2] == "0"


def test_structural_failures_are_reported(store_url, tmp_path):
    ds = copy_mini(tmp_path)
    org = ds / "org.yaml"
    edit(org, "relationships:\n", """  - {id: jp.other, kind: Command, name_en: JP Other, name_ja: 他, nation: JP, status: established, sources: [src-b]}
  - {id: jp.lost, kind: Office, name_en: JP Lost, name_ja: 迷子, nation: JP, status: established, sources: [src-b]}
relationships:
  - {from: jp.top, type: COMMANDS, to: jp.other, authority: NCA, sources: [src-b]}
  - {from: jp.other, type: COMMANDS, to: jp.mid, authority: OPCON, sources: [src-b]}
""")
    load(store_url, str(ds))
    result = run("-s", "base", "--db", store_url)
    assert result.exit_code == 0, result.output
    assert section(result.output, "Structural checks") == [
        "PASS  no command cycles",
        "FAIL  at most one full-command superior per actor",
        "      - jp.mid has 2 full-command superiors: jp.other (OPCON), jp.top (NCA)",
        "PASS  no command across national lines outside COMBINED bodies",
        "FAIL  every actor reached from a national command authority",
        "      - jp.lost (Office, JP) is reached by no national command authority along"
        " COMMANDS, SUPERVISES, TRANSMITS_ORDERS or MEMBER_OF",
        "2 of 4 structural checks pass.", ""]
    data = json.loads(run("-s", "base", "--format", "json", "--db", store_url).output)
    assert {k: c["passed"] for k, c in data["checks"].items()} == {
        "command_cycles": True, "unity_of_command": False, "cross_national_commands": True,
        "unreachable_actors": False}
    compared = run("-s", "reform", "--compare", "base", "--db", store_url)
    checks = section(compared.output, "Structural checks")
    assert "FAIL  at most one full-command superior per actor  (base FAIL, reform FAIL)" \
        in checks
    assert "      - reform: jp.mid has 2 full-command superiors: jp.new (COMMAND)," \
           " jp.other (OPCON)" in checks


def test_unknown_scenarios_exit_2(bundled_url):
    known = "baseline-2024, cfc-transfer, jjoc-2025, us-jfc, usfj-jfhq"
    result = run("-s", "us-jcf", "--db", bundled_url)
    assert result.exit_code == 2
    assert result.stderr == (f"Error: unknown scenario 'us-jcf' (did you mean 'us-jfc'?);"
                             f" loaded: {known}\n")
    assert result.stdout == ""
    result = run("--compare", "nowhere", "--db", bundled_url)
    assert result.exit_code == 2
    assert result.stderr == f"Error: unknown scenario 'nowhere'; loaded: {known}\n"


def test_empty_store(store_url):
    result = run("--db", store_url)
    assert result.exit_code == 2
    assert result.stderr == "Error: the store holds no scenario: run 'c2graph load' first\n"


def test_reach(bundled_url):
    result = run("-s", "jjoc-2025", "--reach", "jp.jjoc", "--db", bundled_url)
    assert result.exit_code == 0
    heading = next(l for l in result.output.splitlines() if l.startswith("Reach of jp.jjoc"))
    reach = section(result.output, heading)
    assert {row(reach, a)[4] for a in ("jp.gcc", "jp.sdf-fleet", "jp.adc")} == {"jp.jjoc"}
    bad = run("-s", "jjoc-2025", "--reach", "jp.jjco", "--db", bundled_url)
    assert bad.exit_code == 2
    assert bad.stderr == ("Error: --reach: actor 'jp.jjco' is not in scenario"
                          " 'jjoc-2025' (did you mean 'jp.jjoc'?)\n")


def test_plot(bundled_url, tmp_path):
    png = tmp_path / "jfc.png"
    result = run("-s", "us-jfc", "--compare", "jjoc-2025", "--plot", str(png),
                 "--db", bundled_url)
    assert result.exit_code == 0, result.output
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert re.search(rf"^Chart of \d+ actor\(s\) written to {re.escape(str(png))}$",
                     result.output, re.M)
    svg = tmp_path / "jfc.svg"
    result = run("-s", "us-jfc", "--compare", "jjoc-2025", "--plot", str(svg),
                 "--format", "json", "--db", bundled_url)
    json.loads(result.stdout)          # the chart notice goes to stderr
    assert "written to" in result.stderr
    assert ">INDOPACOM<" in svg.read_text()


@pytest.mark.parametrize("name, message", [
    ("chart.pdf", "'{path}': the chart is written as .png or .svg"),
    ("missing/chart.png", "'{path}': folder '{folder}' does not exist"),
])
def test_plot_bad_path_exit_2(tmp_path, name, message):
    path = tmp_path / name
    result = run("--plot", str(path), "--db", f"embedded:{tmp_path / 'db'}")
    assert result.exit_code == 2
    expected = message.format(path=path, folder=path.parent)
    assert result.stderr.splitlines()[-1] == f"Error: Invalid value for '--plot': {expected}"
    assert not (tmp_path / "db").exists()   # refused before any store is opened


def test_help_teaches():
    result = run("--help")
    assert result.exit_code == 0
    assert "c2graph analyze --scenario us-jfc --compare jjoc-2025" in result.output
    assert "(default: the root scenario)" in result.output
