"""``graph.analysis`` on small literal graphs, on the bundled dataset, and on both engines.

Literal graphs are built the way ``Store.read_graph`` builds them (edges keyed by
relationship id, ``type`` and ``authority`` on the edge, ``kind`` and ``nation`` on
the node), so what passes here is what the CLI sees.
"""

from __future__ import annotations

import doctest
import importlib
import json
import pkgutil

import networkx as nx
import pytest

import c2graph.graph.analysis
from c2graph.graph.analysis import (analyze_scenario, brokers, command_cycles, command_depth,
                            command_reach, compare_scenarios, coordination_load,
                            coordination_network, cross_national_commands,
                            longest_command_chains, national_command_authorities,
                            span_of_control, structural_checks,
                            unity_of_command_violations, unreachable_actors)
from c2graph.graph.graphs import scenario_graph
from c2graph.graph.schema import relationship_id


def make(edges, nodes=None):
    """A scenario graph: ``edges`` are ``(source, TYPE, target[, authority])``.

    ``nodes`` maps id -> (kind, nation); actors it does not name are Commands
    whose nation is the id's prefix (``us.x`` -> US, ``jp.x`` -> JP).
    """
    G = nx.MultiDiGraph(id="literal")
    prefix = {"us": "US", "jp": "JP", "kr": "KR", "combined": "COMBINED"}
    for actor, (kind, nation) in (nodes or {}).items():
        G.add_node(actor, id=actor, kind=kind, nation=nation)
    for source, type_, target, *authority in edges:
        for actor in (source, target):
            if actor not in G:
                G.add_node(actor, id=actor, kind="Command", nation=prefix[actor.split(".")[0]])
        rid = relationship_id(source, type_, target)
        props = {"authority": authority[0]} if authority else {}
        G.add_edge(source, target, key=rid, id=rid, type=type_, **props)
    return G


US_CHAIN = [("us.potus", "COMMANDS", "us.secdef", "NCA"),
            ("us.secdef", "COMMANDS", "us.indopacom", "COCOM"),
            ("us.indopacom", "COMMANDS", "us.usfj", "COCOM"),
            ("us.indopacom", "COMMANDS", "us.usfk", "COCOM")]
JP_CHAIN = [("jp.pm", "COMMANDS", "jp.mod", "NCA"),
            ("jp.mod", "COMMANDS", "jp.gcc", "COMMAND"),
            ("jp.mod", "COMMANDS", "jp.fleet", "COMMAND")]


class TestDoctests:
    def test_every_module_docstring_example_runs(self):
        attempted = 0
        for info in pkgutil.iter_modules(c2graph.graph.analysis.__path__):
            module = importlib.import_module(f"c2graph.graph.analysis.{info.name}")
            result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
            assert result.failed == 0, info.name
            attempted += result.attempted
        assert attempted >= 40


class TestInputChecks:
    PUBLIC = [national_command_authorities, command_depth, longest_command_chains,
              span_of_control, command_cycles, unity_of_command_violations,
              cross_national_commands, unreachable_actors, structural_checks,
              coordination_network, coordination_load, brokers, analyze_scenario]

    @pytest.mark.parametrize("function", PUBLIC, ids=lambda f: f.__name__)
    def test_not_a_graph(self, function):
        with pytest.raises(TypeError, match="expected the networkx.MultiDiGraph of a scenario"
                                            r".*got list"):
            function([("a", "b")])

    @pytest.mark.parametrize("function", PUBLIC, ids=lambda f: f.__name__)
    def test_undirected(self, function):
        with pytest.raises(nx.NetworkXError, match="expected a directed graph"):
            function(nx.Graph([("a", "b", {"type": "COMMANDS", "authority": "NCA"})]))

    def test_edge_without_known_type(self):
        G = nx.MultiDiGraph([("a", "b", {"type": "COMANDS"})])
        with pytest.raises(nx.NetworkXError, match="relationship a -> b has type 'COMANDS'"):
            span_of_control(G)

    def test_commands_without_authority(self):
        G = nx.MultiDiGraph([("a", "b", {"type": "COMMANDS"})])
        with pytest.raises(nx.NetworkXError,
                           match="COMMANDS relationship a -> b has authority None"):
            command_depth(G)

    def test_unknown_actor_with_suggestion(self):
        G = make(US_CHAIN)
        with pytest.raises(nx.NodeNotFound) as info:
            command_reach(G, "us.indopacon")
        assert str(info.value) == ("actor 'us.indopacon' is not in scenario 'literal'"
                                   " (did you mean 'us.indopacom'?)")
        with pytest.raises(nx.NodeNotFound):
            analyze_scenario(G, reach=["nobody"])

    def test_a_plain_digraph_works_too(self):
        D = nx.DiGraph([("a", "b", {"type": "COMMANDS", "authority": "NCA"})])
        assert span_of_control(D) == {"a": {"total": 1, "by_authority": {"NCA": ["b"]}}}


class TestNationalCommandAuthorities:
    def test_nca_sources_and_roots(self):
        G = make(US_CHAIN + JP_CHAIN + [("kr.mnd", "COMMANDS", "kr.jcs", "COMMAND"),
                                        ("us.think-tank", "ADVISES", "us.potus")])
        # kr.mnd is a root without an NCA edge; the adviser commands no one.
        assert national_command_authorities(G) == ["jp.pm", "kr.mnd", "us.potus"]

    def test_a_delegated_nca_is_one_too(self):
        G = make([("us.potus", "COMMANDS", "us.secdef", "NCA"),
                  ("us.secdef", "COMMANDS", "us.indopacom", "NCA")])
        assert national_command_authorities(G) == ["us.potus", "us.secdef"]

    def test_no_command_no_authority(self):
        assert national_command_authorities(make([("us.a", "COORDINATES_WITH", "jp.b")])) == []


class TestCommandDepth:
    def test_depth_along_the_chain(self):
        depth = command_depth(make(US_CHAIN + JP_CHAIN))
        assert {(a, d["depth"], tuple(d["nca"])) for a, d in depth.items()} == {
            ("us.potus", 0, ("us.potus",)), ("us.secdef", 1, ("us.potus",)),
            ("us.indopacom", 2, ("us.potus",)), ("us.usfj", 3, ("us.potus",)),
            ("us.usfk", 3, ("us.potus",)), ("jp.pm", 0, ("jp.pm",)),
            ("jp.mod", 1, ("jp.pm",)), ("jp.gcc", 2, ("jp.pm",)), ("jp.fleet", 2, ("jp.pm",))}

    def test_delegated_nca_is_measured_from_the_top(self):
        G = make([("us.potus", "COMMANDS", "us.secdef", "NCA"),
                  ("us.secdef", "COMMANDS", "us.cc", "NCA")])
        assert command_depth(G)["us.cc"] == {"depth": 2, "nca": ["us.potus"]}

    def test_combined_body_under_two_nations(self):
        G = make([("us.potus", "COMMANDS", "combined.cfc", "NCA"),
                  ("kr.president", "COMMANDS", "combined.cfc", "ADCON")])
        assert command_depth(G)["combined.cfc"] == {"depth": 1,
                                                   "nca": ["kr.president", "us.potus"]}

    def test_cycle_and_staff_are_left_out(self):
        G = make(JP_CHAIN + [("jp.a", "COMMANDS", "jp.b", "OPCON"),
                             ("jp.b", "COMMANDS", "jp.a", "OPCON"),
                             ("jp.mod", "SUPERVISES", "jp.staff")])
        assert set(command_depth(G)) == {"jp.pm", "jp.mod", "jp.gcc", "jp.fleet"}

    def test_shortest_distance_wins(self):
        G = make([("us.potus", "COMMANDS", "us.a", "NCA"), ("us.a", "COMMANDS", "us.b", "COCOM"),
                  ("us.b", "COMMANDS", "us.c", "OPCON"), ("us.a", "COMMANDS", "us.c", "ADCON")])
        assert command_depth(G)["us.c"]["depth"] == 2


class TestLongestChains:
    def test_one_per_nation(self):
        chains = longest_command_chains(make(US_CHAIN + JP_CHAIN))
        assert chains == {
            "JP": {"depth": 2, "actor": "jp.fleet", "chain": ["jp.pm", "jp.mod", "jp.fleet"]},
            "US": {"depth": 3, "actor": "us.usfj",
                   "chain": ["us.potus", "us.secdef", "us.indopacom", "us.usfj"]}}

    def test_independent_of_edge_order(self):
        G1 = make(US_CHAIN + JP_CHAIN)
        G2 = make(list(reversed(US_CHAIN + JP_CHAIN)))
        assert longest_command_chains(G1) == longest_command_chains(G2)
        assert analyze_scenario(G1) == analyze_scenario(G2)


class TestSpanOfControl:
    def test_by_authority(self):
        G = make(US_CHAIN + [("us.indopacom", "COMMANDS", "us.jtf", "TACON"),
                             ("us.indopacom", "COORDINATES_WITH", "jp.mod")])
        span = span_of_control(G)
        assert span["us.indopacom"] == {"total": 3, "by_authority": {
            "COCOM": ["us.usfj", "us.usfk"], "TACON": ["us.jtf"]}}
        assert set(span) == {"us.potus", "us.secdef", "us.indopacom"}

    def test_empty(self):
        assert span_of_control(make([("us.a", "SUPERVISES", "us.b")])) == {}


class TestCommandReach:
    def test_everything_under_by_authority(self):
        G = make(US_CHAIN + [("us.usfj", "COMMANDS", "us.5af", "OPCON"),
                             ("us.usfj", "SUPERVISES", "us.staff")])
        reach = command_reach(G, "us.indopacom")
        assert reach["total"] == 3
        assert reach["by_authority"] == {"COCOM": ["us.usfj", "us.usfk"], "OPCON": ["us.5af"]}
        assert reach["actors"]["us.5af"] == {"depth": 2, "superior": "us.usfj",
                                             "authority": "OPCON"}

    def test_a_leaf_reaches_nothing(self):
        assert command_reach(make(US_CHAIN), "us.usfk")["total"] == 0

    def test_a_cycle_does_not_loop(self):
        G = make([("us.a", "COMMANDS", "us.b", "OPCON"), ("us.b", "COMMANDS", "us.a", "OPCON")])
        assert set(command_reach(G, "us.a")["actors"]) == {"us.b"}


class TestCommandCycles:
    def test_a_cycle(self):
        G = make(JP_CHAIN + [("jp.gcc", "COMMANDS", "jp.x", "OPCON"),
                             ("jp.x", "COMMANDS", "jp.mod", "OPCON")])
        assert command_cycles(G) == [{
            "actors": ["jp.gcc", "jp.x", "jp.mod"],
            "relationships": ["jp.gcc-COMMANDS->jp.x", "jp.x-COMMANDS->jp.mod",
                              "jp.mod-COMMANDS->jp.gcc"],
            "detail": "COMMANDS cycle: jp.gcc -> jp.x -> jp.mod -> jp.gcc"}]

    def test_cycles_below_and_between_trees_are_all_found(self):
        """What feeds a cycle and what hangs below one is peeled or kept, and every
        cycle is still found, as networkx finds them on the whole command graph."""
        G = make(JP_CHAIN + [("jp.gcc", "COMMANDS", "jp.x", "OPCON"),
                             ("jp.x", "COMMANDS", "jp.y", "OPCON"),
                             ("jp.y", "COMMANDS", "jp.x", "OPCON"),     # cycle under a tree
                             ("jp.y", "COMMANDS", "jp.leaf", "OPCON"),  # hangs below it
                             ("jp.p", "COMMANDS", "jp.q", "OPCON"),
                             ("jp.q", "COMMANDS", "jp.r", "OPCON"),
                             ("jp.r", "COMMANDS", "jp.p", "OPCON"),
                             ("jp.r", "COMMANDS", "jp.q", "OPCON")])    # two sharing q-r
        found = [c["actors"] for c in command_cycles(G)]
        D = nx.DiGraph((u, v) for u, v, t in G.edges(data="type") if t == "COMMANDS")
        expected = sorted(c[c.index(min(c)):] + c[:c.index(min(c))] for c in nx.simple_cycles(D))
        assert found == expected
        assert found == [["jp.p", "jp.q", "jp.r"], ["jp.q", "jp.r"], ["jp.x", "jp.y"]]

    def test_coordination_loops_are_not_cycles(self):
        G = make(JP_CHAIN + [("jp.gcc", "COORDINATES_WITH", "jp.mod")])
        assert command_cycles(G) == []


class TestUnityOfCommand:
    def test_two_opcon_superiors(self):
        G = make(US_CHAIN + [("us.jfc", "COMMANDS", "us.usfj", "OPCON")])
        [v] = unity_of_command_violations(G)
        assert v["actor"] == "us.usfj"
        assert set(v["relationships"]) == {"us.indopacom-COMMANDS->us.usfj",
                                           "us.jfc-COMMANDS->us.usfj"}
        assert v["detail"] == ("us.usfj has 2 full-command superiors:"
                               " us.indopacom (COCOM), us.jfc (OPCON)")

    def test_nca_and_national_command_conflict(self):
        G = make(JP_CHAIN + [("jp.pm", "COMMANDS", "jp.gcc", "NCA")])
        assert [v["actor"] for v in unity_of_command_violations(G)] == ["jp.gcc"]

    @pytest.mark.parametrize("authority", ["TACON", "ADCON"])
    def test_a_second_partial_superior_is_allowed(self, authority):
        G = make(US_CHAIN + [("us.jfc", "COMMANDS", "us.usfj", authority)])
        assert unity_of_command_violations(G) == []


class TestCrossNationalCommands:
    def test_us_commanding_japan(self):
        G = make(US_CHAIN + JP_CHAIN + [("us.indopacom", "COMMANDS", "jp.gcc", "OPCON")])
        assert cross_national_commands(G) == [{
            "actors": ["us.indopacom", "jp.gcc"],
            "relationships": ["us.indopacom-COMMANDS->jp.gcc"],
            "detail": "us.indopacom (US) OPCON over jp.gcc (JP): the chains of two nations"
                      " may meet only in a COMBINED body"}]

    def test_combined_bodies_may_join_chains(self):
        G = make(US_CHAIN + [("us.usfk", "COMMANDS", "combined.cfc", "OPCON"),
                             ("combined.cfc", "COMMANDS", "kr.army", "OPCON")])
        assert cross_national_commands(G) == []

    def test_coordination_across_nations_is_fine(self):
        assert cross_national_commands(make([("us.a", "COORDINATES_WITH", "jp.b")])) == []

    def test_missing_nation(self):
        G = nx.MultiDiGraph([("a", "b", {"type": "COMMANDS", "authority": "OPCON"})])
        with pytest.raises(nx.NetworkXError, match="actor 'a' has no 'nation'"):
            cross_national_commands(G)


class TestUnreachableActors:
    def test_an_unreachable_actor(self):
        G = make(JP_CHAIN + [("jp.orphan", "ADVISES", "jp.mod")],
                 nodes={"jp.orphan": ("Office", "JP")})
        assert unreachable_actors(G) == [{
            "actors": ["jp.orphan"], "relationships": [],
            "detail": "jp.orphan (Office, JP) is reached by no national command authority"
                      " along COMMANDS, SUPERVISES, TRANSMITS_ORDERS or MEMBER_OF"}]

    def test_reach_along_supervision_orders_and_membership(self):
        G = make(JP_CHAIN + [("jp.mod", "SUPERVISES", "jp.atla"),
                             ("jp.mod", "TRANSMITS_ORDERS", "jp.cos"),
                             ("jp.atla", "MEMBER_OF", "combined.dicas"),
                             ("combined.dicas", "SUPERVISES", "combined.wg")],
                 nodes={"combined.dicas": ("Forum", "COMBINED")})
        assert unreachable_actors(G) == []

    def test_forums_are_exempt_but_do_not_reach_backwards(self):
        G = make(JP_CHAIN + [("jp.mod", "MEMBER_OF", "combined.acm"),
                             ("us.cc", "MEMBER_OF", "combined.acm")],
                 nodes={"combined.acm": ("Forum", "COMBINED"), "us.cc": ("Command", "US")})
        # The forum is exempt; its other member is not reached through it (member -> forum).
        assert [u["actors"] for u in unreachable_actors(G)] == [["us.cc"]]

    def test_advice_and_coordination_do_not_reach(self):
        G = make(JP_CHAIN + [("jp.mod", "ASSISTS", "jp.staff"),
                             ("jp.mod", "COORDINATES_WITH", "jp.peer")])
        assert [u["actors"][0] for u in unreachable_actors(G)] == ["jp.peer", "jp.staff"]


class TestStructuralChecks:
    def test_clean(self):
        checks = structural_checks(make(US_CHAIN + JP_CHAIN))
        assert list(checks) == ["command_cycles", "unity_of_command",
                                "cross_national_commands", "unreachable_actors"]
        assert all(c["passed"] and c["violations"] == [] for c in checks.values())

    def test_every_failure_at_once(self):
        G = make(US_CHAIN + JP_CHAIN + [
            ("jp.gcc", "COMMANDS", "jp.mod", "OPCON"),           # cycle + second superior
            ("us.indopacom", "COMMANDS", "jp.fleet", "OPCON"),   # cross-national, 2nd superior
            ("jp.lost", "ADVISES", "jp.pm")])                    # unreachable
        checks = structural_checks(G)
        assert {name: len(c["violations"]) for name, c in checks.items()} == {
            "command_cycles": 1, "unity_of_command": 2, "cross_national_commands": 1,
            "unreachable_actors": 1}
        assert not any(c["passed"] for c in checks.values())


class TestCoordination:
    EDGES = [("us.indopacom", "COORDINATES_WITH", "jp.cos"),
             ("jp.cos", "COORDINATES_WITH", "us.indopacom"),
             ("us.indopacom", "COORDINATES_WITH", "us.cyber"),
             ("us.indopacom", "COORDINATES_WITH", "combined.cfc"),
             ("us.usd", "MEMBER_OF", "combined.dicas"),
             ("jp.atla", "MEMBER_OF", "combined.dicas"),
             ("us.indopacom", "MEMBER_OF", "combined.dicas")]
    NODES = {"combined.dicas": ("Forum", "COMBINED")}

    def test_load_split_domestic_and_cross_national(self):
        load = coordination_load(make(self.EDGES, self.NODES))
        assert load["us.indopacom"] == {"total": 4, "domestic": ["us.cyber"],
                                        "cross_national": ["combined.cfc", "jp.cos"],
                                        "forums": ["combined.dicas"]}
        assert load["jp.cos"] == {"total": 1, "domestic": [],
                                  "cross_national": ["us.indopacom"], "forums": []}
        assert "combined.dicas" not in load   # a forum with members only has no desk

    def test_network_keeps_forums_as_hubs(self):
        H = coordination_network(make(self.EDGES, self.NODES))
        assert set(H.edges) == {("combined.cfc", "us.indopacom"), ("jp.cos", "us.indopacom"),
                                ("us.cyber", "us.indopacom"), ("combined.dicas", "jp.atla"),
                                ("combined.dicas", "us.indopacom"), ("combined.dicas", "us.usd")}
        assert H.edges["jp.cos", "us.indopacom"]["relationships"] == [
            "jp.cos-COORDINATES_WITH->us.indopacom", "us.indopacom-COORDINATES_WITH->jp.cos"]

    def test_brokers_articulation_points_and_bridges(self):
        # Two triangles joined through one link: us.b - jp.c.
        G = make([("us.a", "COORDINATES_WITH", "us.b"), ("us.b", "COORDINATES_WITH", "us.x"),
                  ("us.x", "COORDINATES_WITH", "us.a"), ("us.b", "COORDINATES_WITH", "jp.c"),
                  ("jp.c", "COORDINATES_WITH", "jp.d"), ("jp.d", "COORDINATES_WITH", "jp.e"),
                  ("jp.e", "COORDINATES_WITH", "jp.c")])
        b = brokers(G)
        assert (b["method"], b["k"], b["seed"]) == ("exact", None, None)
        assert (b["actors"], b["links"], b["components"]) == (6, 7, 1)
        assert b["outside_main"] == []
        assert b["articulation_points"] == ["jp.c", "us.b"]
        assert b["bridges"] == [{"actors": ["jp.c", "us.b"],
                                 "relationships": ["us.b-COORDINATES_WITH->jp.c"]}]
        # us.b lies on every shortest path between {us.a, us.x} and the jp triangle:
        # 2 x 3 = 6 of the C(5, 2) = 10 pairs of other actors; jp.c likewise.
        assert b["betweenness"]["us.b"] == b["betweenness"]["jp.c"] == 0.6
        assert list(b["betweenness"])[:2] == ["jp.c", "us.b"]
        assert b["betweenness"]["us.a"] == 0.0

    def test_groups_cut_off_from_the_main_network(self):
        G = make(self.EDGES + [("us.jfc", "COORDINATES_WITH", "jp.jjoc")], self.NODES)
        b = brokers(G)
        assert b["components"] == 2
        assert b["outside_main"] == [["jp.jjoc", "us.jfc"]]

    def test_sampled_above_the_limit_says_so_and_is_repeatable(self):
        G = make([(f"us.n{i}", "COORDINATES_WITH", f"us.n{i + 1}") for i in range(30)])
        b1 = brokers(G, exact_limit=10, k=8, seed=3)
        b2 = brokers(make(list(reversed([(f"us.n{i}", "COORDINATES_WITH", f"us.n{i + 1}")
                                         for i in range(30)]))), exact_limit=10, k=8, seed=3)
        assert (b1["method"], b1["k"], b1["seed"]) == ("sampled", 8, 3)
        assert b1 == b2
        assert brokers(G)["method"] == "exact"

    def test_bad_sampling_arguments(self):
        with pytest.raises(ValueError, match="k >= 1"):
            brokers(make([("us.a", "COORDINATES_WITH", "us.b")]), k=0)


class TestCompare:
    BEFORE = US_CHAIN + [("us.indopacom", "COORDINATES_WITH", "jp.jjoc")]
    AFTER = [e for e in US_CHAIN if e[0] != "us.indopacom"] + [
        ("us.indopacom", "COMMANDS", "us.jfc", "COCOM"),
        ("us.jfc", "COMMANDS", "us.usfj", "OPCON"),
        ("us.jfc", "COMMANDS", "us.usfk", "COCOM"),
        ("us.jfc", "COORDINATES_WITH", "jp.jjoc")]

    def test_what_the_jfc_takes_off_indopacoms_desk(self):
        c = compare_scenarios(make(self.BEFORE), make(self.AFTER), reach=["us.jfc"])
        span = {r["actor"]: r for r in c["span_of_control"]}
        assert span["us.indopacom"] == {
            "actor": "us.indopacom", "base": 2, "other": 1, "change": -1, "gained": ["us.jfc"],
            "lost": ["us.usfj", "us.usfk"], "regraded": [], "changed": True}
        assert span["us.jfc"]["change"] == 2
        assert span["us.secdef"]["changed"] is False
        depth = {r["actor"]: (r["base"], r["other"], r["change"]) for r in c["command_depth"]}
        assert depth["us.usfj"] == (3, 4, 1) and depth["us.jfc"] == (None, 3, None)
        load = {r["actor"]: r for r in c["coordination_load"]}
        assert (load["us.indopacom"]["change"], load["us.indopacom"]["lost"]) == (-1, ["jp.jjoc"])
        assert load["jp.jjoc"]["gained"] == ["us.jfc"] and load["jp.jjoc"]["change"] == 0
        assert c["longest_chains"]["US"]["change"] == 1
        assert c["reach"] == [{"actor": "us.jfc", "base": 0, "other": 2, "change": 2,
                               "gained": ["us.usfj", "us.usfk"], "lost": [], "changed": True}]
        assert [r["actor"] for r in c["span_of_control"]][:2] == ["us.jfc", "us.indopacom"]
        json.dumps(c)   # plain data

    def test_regraded_authority(self):
        after = [e if e[2] != "us.usfk" else (*e[:3], "OPCON") for e in US_CHAIN]
        c = compare_scenarios(make(US_CHAIN), make(after))
        row = next(r for r in c["span_of_control"] if r["actor"] == "us.indopacom")
        assert row["change"] == 0 and row["changed"] is True
        assert row["regraded"] == [{"actor": "us.usfk", "from": "COCOM", "to": "OPCON"}]

    def test_same_scenario_changes_nothing(self):
        c = compare_scenarios(make(self.BEFORE), make(self.BEFORE))
        for metric in ("command_depth", "span_of_control", "coordination_load", "betweenness"):
            assert not any(r["changed"] for r in c[metric]), metric

    def test_reach_of_an_actor_in_neither(self):
        with pytest.raises(nx.NodeNotFound):
            compare_scenarios(make(self.BEFORE), make(self.AFTER), reach=["us.nobody"])


class TestPlot:
    def test_png_svg_and_bad_suffix(self, tmp_path):
        from c2graph.graph.analysis.plot import plot_report

        c = compare_scenarios(make(TestCompare.BEFORE), make(TestCompare.AFTER))
        drawn = plot_report(c, tmp_path / "c.png", labels={"us.jfc": "JFC"})
        assert drawn[:2] == ["us.jfc", "us.indopacom"]
        assert (tmp_path / "c.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        plot_report(analyze_scenario(make(US_CHAIN)), tmp_path / "one.svg",
                    labels={"us.indopacom": "INDOPACOM"})
        svg = (tmp_path / "one.svg").read_text()
        assert svg.lstrip().startswith("<?xml") and ">INDOPACOM<" in svg
        with pytest.raises(ValueError, match="use a .png or .svg file name"):
            plot_report(c, tmp_path / "c.pdf")

    def test_busiest_posts_sorted_without_zeros(self, tmp_path):
        """One scenario: each panel its own posts, largest first, none at zero."""
        from c2graph.graph.analysis.plot import busiest, plot_report

        report = analyze_scenario(make(US_CHAIN))
        for metric in ("span_of_control", "coordination_load"):
            values = [report[metric][a]["total"] for a in busiest(report, metric)]
            assert values == sorted(values, reverse=True) and 0 not in values, metric
        drawn = plot_report(report, tmp_path / "one.png")
        span = busiest(report, "span_of_control")
        assert drawn[:len(span)] == span
        assert not [a for a in drawn if report["span_of_control"][a]["total"] == 0
                    and report["coordination_load"][a]["total"] == 0]


# -- the bundled dataset ------------------------------------------------------------------
@pytest.fixture(scope="module")
def graphs(bundled):
    return {sid: scenario_graph(s) for sid, s in bundled.scenarios.items()}


class TestBundled:
    def test_every_scenario_passes_every_structural_check(self, graphs):
        assert set(graphs) == {"baseline-2024", "jjoc-2025", "usfj-jfhq", "us-jfc",
                               "cfc-transfer"}
        for sid, G in graphs.items():
            failed = {name: c["violations"] for name, c in structural_checks(G).items()
                      if not c["passed"]}
            assert failed == {}, sid

    def test_national_command_authorities(self, graphs):
        """The President and the Secretary of Defense (both hold the NCA chain of
        command, 10 U.S.C. 162(b)), the Prime Minister, the ROK President, and the UNC,
        a multinational command whose chain starts outside every national chain."""
        for sid, G in graphs.items():
            assert national_command_authorities(G) == ["combined.unc", "jp.pm", "kr.president",
                                                       "us.president", "us.secdef"], sid

    def test_us_jfc_takes_usfj_off_indopacom_and_usfk_only_with_the_cfc_handover(self, graphs):
        c = compare_scenarios(graphs["jjoc-2025"], graphs["us-jfc"])
        row = next(r for r in c["span_of_control"] if r["actor"] == "us.indopacom")
        assert row["change"] == 0
        assert row["lost"] == ["us.usfj"] and row["gained"] == ["us.jfc"]
        jfc = next(r for r in c["span_of_control"] if r["actor"] == "us.jfc")
        assert jfc["gained"] == ["us.usfj"]
        assert command_reach(graphs["us-jfc"], "us.jfc")["actors"]["us.usfj"]["superior"] \
            == "us.jfc"
        c = compare_scenarios(graphs["us-jfc"], graphs["cfc-transfer"])
        jfc = next(r for r in c["span_of_control"] if r["actor"] == "us.jfc")
        assert jfc["gained"] == ["us.usfk"]

    def test_jjoc_sits_between_the_minister_and_the_component_commands(self, graphs):
        components = {"jp.gcc", "jp.sdf-fleet", "jp.adc", "jp.cyber-defense-command"}
        c = compare_scenarios(graphs["baseline-2024"], graphs["jjoc-2025"])
        depth = {r["actor"]: r for r in c["command_depth"]}
        for actor in components:
            assert depth[actor]["change"] == 1, actor
        chains = command_reach(graphs["jjoc-2025"], "jp.mod")["actors"]
        assert {a: chains[a]["superior"] for a in components} == dict.fromkeys(components,
                                                                               "jp.jjoc")
        assert chains["jp.jjoc"]["superior"] == "jp.mod"
        before = command_reach(graphs["baseline-2024"], "jp.mod")["actors"]
        assert {a: before[a]["superior"] for a in components} == dict.fromkeys(components,
                                                                              "jp.mod")
        mod = next(r for r in c["span_of_control"] if r["actor"] == "jp.mod")
        assert mod["change"] < 0 and set(mod["lost"]) == components
        assert mod["gained"] == ["jp.jjoc"]

    def test_us_and_japanese_chains_meet_only_through_coordination(self, graphs):
        for sid, G in graphs.items():
            us = {a for a in command_reach(G, "us.president")["actors"]}
            jp = {a for a in command_reach(G, "jp.pm")["actors"]}
            assert not any(a.startswith("jp.") for a in us), sid
            assert not any(a.startswith("us.") for a in jp), sid
            H = coordination_network(G)
            assert nx.has_path(H, "us.indopacom", "jp.cos-js"), sid
            assert nx.has_path(H, "us.secdef", "jp.mod"), sid


def test_one_pass_remembers_only_inside_the_block():
    """analyze_scenario shares one check and edge scan between its metrics; a graph
    edited after it (or between two calls) is measured afresh."""
    G = make(JP_CHAIN)
    before = analyze_scenario(G)
    assert before == {**before, "span_of_control": span_of_control(G),
                      "command_depth": command_depth(G), "checks": structural_checks(G)}
    G.add_edge("jp.gcc", "jp.mod", key="jp.gcc-COMMANDS->jp.mod", type="COMMANDS",
               authority="OPCON")
    after = analyze_scenario(G)
    assert after["checks"]["command_cycles"]["passed"] is False
    assert after["span_of_control"] == span_of_control(G) != before["span_of_control"]
    G.add_edge("jp.x", "jp.y", type="BOGUS")
    with pytest.raises(nx.NetworkXError):
        analyze_scenario(G)


def test_results_are_identical_whichever_engine_the_graph_came_from(loaded_store, graphs):
    """Each engine's read-back gives exactly the answers of the engine-free graph."""
    for sid, reference in graphs.items():
        read = loaded_store.read_graph(sid)
        assert analyze_scenario(read, reach=["us.indopacom", "jp.mod"]) == \
            analyze_scenario(reference, reach=["us.indopacom", "jp.mod"]), sid
    assert compare_scenarios(loaded_store.read_graph("jjoc-2025"),
                             loaded_store.read_graph("us-jfc")) == \
        compare_scenarios(graphs["jjoc-2025"], graphs["us-jfc"])


def test_the_collector_never_runs_during_an_analysis_and_is_restored_after():
    """analyze_scenario and compare_scenarios pause the cyclic garbage collector (its
    walks of a 100,000-actor graph cost more than the betweenness they interrupted) and
    leave it as they found it, an error included.  One collection may start as the
    collector is switched back on; unpaused, this graph starts dozens."""
    import gc

    G = make(JP_CHAIN)
    for i in range(2000):  # enough containers made to start many collections, unpaused
        G.add_edge("jp.gcc", f"jp.unit{i}", type="COMMANDS", authority="COMMAND")
        G.nodes[f"jp.unit{i}"].update(kind="Unit", nation="JP")
    runs = []

    def count(phase, info):
        if phase == "start":
            runs.append(info["generation"])

    gc.callbacks.append(count)
    try:
        assert gc.isenabled()
        for analysis in (analyze_scenario, lambda g: compare_scenarios(g, g)):
            runs.clear()
            analysis(G)
            assert len(runs) <= 1 and gc.isenabled()
        G.add_edge("jp.x", "jp.y", type="BOGUS")
        with pytest.raises(nx.NetworkXError):
            analyze_scenario(G)
        assert gc.isenabled()
        gc.disable()
        try:
            G.remove_edge("jp.x", "jp.y")
            analyze_scenario(G)
            assert not gc.isenabled()
        finally:
            gc.enable()
    finally:
        gc.callbacks.remove(count)
