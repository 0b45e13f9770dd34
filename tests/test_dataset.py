"""The bundled dataset's shape: every actor docs/domain.md and docs/dataset/ name, sourced, in the right scenarios."""

from __future__ import annotations

import networkx as nx
import pytest

SCENARIOS = {"baseline-2024": None, "jjoc-2025": "baseline-2024", "usfj-jfhq": "jjoc-2025",
             "us-jfc": "jjoc-2025", "cfc-transfer": "us-jfc"}
STATUS = {"baseline-2024": "established", "jjoc-2025": "established", "usfj-jfhq": "announced",
          "us-jfc": "superseded", "cfc-transfer": "possible"}

EVERYWHERE = {
    "us.president", "us.secdef", "us.cjcs",
    "us.indopacom", "us.eucom", "us.centcom", "us.africom", "us.northcom", "us.southcom",
    "us.stratcom", "us.transcom", "us.cybercom", "us.spacecom", "us.socom",
    "us.pacflt", "us.pacaf", "us.usarpac", "us.marforpac", "us.usfj", "us.usfk", "us.usd-as",
    "us.c7f", "us.5af", "us.iii-mef", "us.usarj",
    "jp.pm", "jp.mod", "jp.cos-js", "jp.joint-staff", "jp.gsdf-cos", "jp.msdf-cos",
    "jp.asdf-cos", "jp.gcc", "jp.sdf-fleet", "jp.adc", "jp.jtf", "jp.atla",
    "jp.cabinet", "jp.nsc", "jp.regional-armies", "jp.regional-districts",
    "jp.cyber-defense-command",
    "kr.president", "kr.mnd", "kr.jcs-chairman", "kr.goc", "kr.rokn-opscom", "kr.rokmc",
    "kr.afoc",
    "combined.cfc", "combined.unc", "combined.scc", "combined.acm", "combined.dicas",
    "combined.dicas-wg-missile", "combined.dicas-wg-ship-maintenance",
    "combined.dicas-wg-aircraft-maintenance", "combined.dicas-wg-supply-chain",
    "combined.acg", "combined.bocc", "combined.cccs", "combined.joint-committee",
    "combined.bpm", "combined.unc-rear",
}
FROM = {"jp.jjoc": {"jjoc-2025", "usfj-jfhq", "us-jfc", "cfc-transfer"},
        "combined.tscf": {"jjoc-2025", "usfj-jfhq", "us-jfc", "cfc-transfer"},
        "us.jfc": {"us-jfc", "cfc-transfer"},
        "us.usfj-jct": {"usfj-jfhq"},
        "kr.cfc-commander": {"cfc-transfer"}, "us.cfc-deputy": {"cfc-transfer"}}


@pytest.fixture(scope="module")
def ds(bundled):
    return bundled


def test_the_five_scenarios_with_their_bases_and_statuses(ds):
    assert {s.id: s.base for s in ds.scenarios.values()} == SCENARIOS
    assert {s.id: s.status for s in ds.scenarios.values()} == STATUS
    assert all(s.sources for s in ds.scenarios.values())


@pytest.mark.parametrize("sid", SCENARIOS)
def test_every_domain_actor_where_it_exists(ds, sid):
    actors = ds.scenarios[sid].actors
    missing = EVERYWHERE - set(actors)
    assert not missing
    for actor_id, present_in in FROM.items():
        assert (actor_id in actors) == (sid in present_in), actor_id


def test_names_and_sources(ds):
    for scenario in ds.scenarios.values():
        for actor in scenario.actors.values():
            assert actor.sources, actor.id
            assert actor.name_en
            if actor.nation == "JP":
                assert actor.name_ja, actor.id
        for rel in scenario.relationships.values():
            assert rel.sources, rel.id
            for ref in rel.sources:
                assert ref.split("#")[0] in ds.sources
    assert "morimoto-2024" in ds.sources


def test_the_article_is_cited_with_a_section(ds):
    refs = {ref for s in ds.scenarios.values() for a in s.actors.values() for ref in a.sources}
    assert any(ref.startswith("morimoto-2024#") for ref in refs)


def command_graph(scenario):
    g = nx.DiGraph()
    g.add_nodes_from(scenario.actors)
    g.add_edges_from((r.source, r.target) for r in scenario.relationships.values()
                     if r.type == "COMMANDS")
    return g


@pytest.mark.parametrize("sid", SCENARIOS)
def test_no_command_path_joins_us_and_jsdf(ds, sid):
    scenario = ds.scenarios[sid]
    g = command_graph(scenario)
    us = [a for a in scenario.actors.values() if a.nation == "US"]
    jp = [a for a in scenario.actors.values() if a.nation == "JP"]
    for a in us:
        reach = nx.descendants(g, a.id) | nx.ancestors(g, a.id)
        assert not reach & {b.id for b in jp}, a.id


@pytest.mark.parametrize("sid", SCENARIOS)
def test_cjcs_commands_nobody(ds, sid):
    scenario = ds.scenarios[sid]
    assert not [r for r in scenario.relationships.values()
                if r.type == "COMMANDS" and r.source == "us.cjcs"]


def test_chief_of_staff_joint_staff_commands_no_unit_in_2024(ds):
    rels = ds.scenarios["baseline-2024"].relationships.values()
    assert not [r for r in rels if r.type == "COMMANDS" and r.source == "jp.cos-js"]
    assert {r.target for r in rels if r.type == "TRANSMITS_ORDERS" and r.source == "jp.cos-js"} \
        >= {"jp.gcc", "jp.sdf-fleet", "jp.adc"}


def test_jjoc_takes_the_component_commands(ds):
    base = command_graph(ds.scenarios["baseline-2024"])
    jjoc = command_graph(ds.scenarios["jjoc-2025"])
    for unit in ("jp.gcc", "jp.sdf-fleet", "jp.adc", "jp.cyber-defense-command"):
        assert list(base.predecessors(unit)) == ["jp.mod"]
        assert list(jjoc.predecessors(unit)) == ["jp.jjoc"]
    assert list(jjoc.predecessors("jp.jjoc")) == ["jp.mod"]


def test_us_jfc_takes_usfj_but_not_usfk(ds):
    """The article puts USFK under the new commander only with the CFC handover."""
    g = command_graph(ds.scenarios["us-jfc"])
    assert list(g.predecessors("us.jfc")) == ["us.indopacom"]
    assert set(g.successors("us.jfc")) == {"us.usfj"}
    assert list(g.predecessors("us.usfk")) == ["us.indopacom"]
    assert ds.scenarios["us-jfc"].actors["us.jfc"].status == "superseded"


def test_cfc_transfer(ds):
    """A ROK four-star CFC commander post and a U.S. four-star deputy (50th SCM), the MC's
    supervision kept, nobody's OPCON over the CFC, USFK under the JFC only here."""
    scenario = ds.scenarios["cfc-transfer"]
    g = command_graph(scenario)
    assert list(g.predecessors("combined.cfc")) == []
    commander = scenario.actors["kr.cfc-commander"]
    deputy = scenario.actors["us.cfc-deputy"]
    assert (commander.nation, commander.rank, commander.status) == ("KR", "O-10", "possible")
    assert (deputy.nation, deputy.rank, deputy.status) == ("US", "O-10", "possible")
    assert "kr.cfc-commander-DUAL_HATTED_WITH->combined.cfc" in scenario.relationships
    assert "combined.rok-us-mc-SUPERVISES->combined.cfc" in scenario.relationships
    assert list(g.predecessors("us.usfk")) == ["us.jfc"]
    assert scenario.actors["us.usfk"].rank == "O-10"
    assert "「CFCの司令官は韓国軍参謀総長（大将）」" in scenario.actors["combined.cfc"].note


def test_every_scenario_has_its_title_and_description_in_japanese(ds):
    """Charts and slides with --lang ja take the scenario's title_ja (issue 14)."""
    from c2graph.viz.export.common import scenario_text

    for sid, scenario in ds.scenarios.items():
        for text in (scenario.title_ja, scenario.description_ja):
            assert text and sum(0x3040 <= ord(c) <= 0x9FFF for c in text) > len(text) / 3, sid
        assert "  " not in scenario.description_ja and "\n" not in scenario.description_ja
        meta = scenario.properties()
        assert scenario_text(meta, "title", "ja") == scenario.title_ja
        assert scenario_text(meta, "title", "en") == scenario.title
        assert scenario_text(meta, "title", "both") == f"{scenario.title} / {scenario.title_ja}"
