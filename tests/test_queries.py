"""The canned query library on both engines, against the bundled dataset.

Three kinds of evidence, none of them a hard-coded answer list:

* every query, over every scenario and a set of posts, equals an independent Python
  computation on the loaded model objects (the ``ORACLES`` below);
* the embedded engine and Neo4j give identical results (rows order-normalised);
* the golden facts of the issues and docs/domain.md hold (JJOC chain, CFC under a ROK
  four-star, no command from the Chief of Staff, Joint Staff, no US–JSDF command path).

The loaded stores are module-scoped: loading once keeps the ~1000 query runs fast.
"""

from __future__ import annotations

import json
from collections import Counter

import networkx as nx
import pytest

from c2graph.graph.diff import diff_graphs
from c2graph.cypher.library import BUNDLED_QUERIES, load_library, parse_query
from c2graph.cypher.params import QueryError
from c2graph.cypher.runner import run_query
from c2graph.graph.model import Actor, Relationship, Scenario
from c2graph.graph.rules import cross_national_commands
from c2graph.graph.schema import FULL_COMMAND_AUTHORITIES
from tests.stores import module_store

ISSUE_QUERIES = {"reporting-chain", "subordinates", "command-path", "cross-national-command",
                 "advisers", "no-command-authority", "coordination-partners",
                 "span-of-control", "unity-of-command", "dual-hatted", "unreachable",
                 "forums", "scenario-diff", "what-changes-for"}
POSTS = ["us.president", "us.secdef", "us.cjcs", "us.indopacom", "us.usfj", "us.usfk",
         "us.jfc", "jp.pm", "jp.mod", "jp.cos-js", "jp.jjoc", "jp.gcc", "kr.jcs-chairman",
         "combined.cfc", "combined.unc"]
NATION_ORDER = ["US", "JP", "KR", "COMBINED"]


# -- stores ------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def embedded_q(request, tmp_path_factory, bundled):
    yield from module_store("embedded", request, tmp_path_factory, bundled.scenarios.values(),
                            "queries")


@pytest.fixture(scope="module")
def neo4j_q(request, tmp_path_factory, bundled):
    yield from module_store("neo4j", request, tmp_path_factory, bundled.scenarios.values(),
                            "queries")


@pytest.fixture(params=["embedded", "neo4j"])
def qstore(request):
    return request.getfixturevalue(f"{request.param}_q")


_RESULTS: dict = {}


def result(store, name: str, params: dict) -> list[dict]:
    """Rows of a canned query, memoised per engine (the stores never change here)."""
    key = (store.engine, name, json.dumps(params, sort_keys=True))
    if key not in _RESULTS:
        _RESULTS[key] = run_query(store, name, params).rows
    return _RESULTS[key]


def normal(rows) -> Counter:
    """Rows as a multiset (row order is the only thing normalised)."""
    return Counter(json.dumps(r, sort_keys=True, ensure_ascii=False) for r in rows)


# -- independent answers computed on the model -----------------------------------------
def _commands(s: Scenario):
    return [r for r in s.relationships.values() if r.type == "COMMANDS"]


def _name(s, aid):
    return s.actors[aid].name_en


def o_reporting_chain(ds, p):
    s = ds.scenarios[p["scenario"]]
    up: dict[str, list] = {}
    for r in _commands(s):
        up.setdefault(r.target, []).append(r)

    def paths(node):
        if node not in up:
            yield [node], []
            return
        for r in up[node]:
            for ids, auths in paths(r.source):
                yield ids + [node], auths + [r.authority]

    return [{"chain": [_name(s, a) for a in ids], "ids": ids, "authorities": auths,
             "depth": len(ids) - 1} for ids, auths in paths(p["post"])]


def o_subordinates(ds, p):
    s = ds.scenarios[p["scenario"]]
    down: dict[str, list] = {}
    for r in _commands(s):
        down.setdefault(r.source, []).append(r)
    levels, authority = int(p.get("levels", 1)), p.get("authority", "any")
    found = set()

    def walk(node, depth):
        for r in down.get(node, []):
            if (levels == 0 or depth <= levels) and authority in ("any", r.authority):
                found.add((r.target, r.authority, depth, r.source))
            walk(r.target, depth + 1)

    walk(p["post"], 1)
    return [{"subordinate": t, "name": _name(s, t), "authority": a, "level": d, "via": v}
            for t, a, d, v in found]


def o_command_path(ds, p):
    s = ds.scenarios[p["scenario"]]
    g = nx.DiGraph()
    g.add_edges_from((r.source, r.target, {"authority": r.authority}) for r in _commands(s))
    rows = []
    for top, bottom, direction in ((p["source"], p["target"], "source commands target"),
                                   (p["target"], p["source"], "target commands source")):
        if top not in g or bottom not in g or top == bottom:
            continue
        for ids in nx.all_simple_paths(g, top, bottom):
            rows.append({"path": [_name(s, a) for a in ids], "ids": ids,
                         "authorities": [g.edges[a, b]["authority"]
                                         for a, b in zip(ids, ids[1:])],
                         "direction": direction, "levels": len(ids) - 1})
    return rows


def o_cross_national(ds, p):
    s = ds.scenarios[p["scenario"]]
    return [{"superior": r.source, "superior_nation": s.actors[r.source].nation,
             "authority": r.authority, "subordinate": r.target,
             "subordinate_nation": s.actors[r.target].nation}
            for r in cross_national_commands(s)]


def o_advisers(ds, p):
    s, post = ds.scenarios[p["scenario"]], p["post"]
    rows = []
    for r in s.relationships.values():
        if r.type not in ("ADVISES", "ASSISTS") or post not in (r.source, r.target):
            continue
        out = r.source == post
        other = r.target if out else r.source
        verb = {("ADVISES", True): "advises", ("ASSISTS", True): "assists",
                ("ADVISES", False): "advised by", ("ASSISTS", False): "assisted by"}
        rows.append({"relation": verb[r.type, out], "actor": other, "name": _name(s, other),
                     "nation": s.actors[other].nation})
    return rows


def o_no_command_authority(ds, p):
    s = ds.scenarios[p["scenario"]]
    commanders = {r.source for r in _commands(s)}
    roles: dict[str, set] = {}
    for r in s.relationships.values():
        if r.type in ("ADVISES", "ASSISTS", "SUPERVISES", "TRANSMITS_ORDERS"):
            roles.setdefault(r.source, set()).add(r.type)
        elif r.type == "COORDINATES_WITH":
            roles.setdefault(r.source, set()).add(r.type)
            roles.setdefault(r.target, set()).add(r.type)
    return [{"actor": a, "name": _name(s, a), "nation": s.actors[a].nation,
             "roles": sorted(t)} for a, t in roles.items()
            if a not in commanders and s.actors[a].kind != "Forum"]


def o_coordination_partners(ds, p):
    s, post = ds.scenarios[p["scenario"]], p["post"]
    rows = []
    for r in s.relationships.values():
        if r.type == "COORDINATES_WITH" and post in (r.source, r.target):
            other = r.target if r.source == post else r.source
            rows.append({"partner": other, "name": _name(s, other),
                         "nation": s.actors[other].nation,
                         "cross_national": s.actors[other].nation != s.actors[post].nation})
    return rows


def o_span_of_control(ds, p):
    s = ds.scenarios[p["scenario"]]
    subs, partners = Counter(), Counter()
    for r in s.relationships.values():
        if r.type == "COMMANDS":
            subs[r.source] += 1
        elif r.type == "COORDINATES_WITH":
            partners[r.source] += 1
            partners[r.target] += 1
    return [{"actor": a, "name": _name(s, a), "direct_subordinates": subs[a],
             "coordination_partners": partners[a]}
            for a in s.actors if subs[a] + partners[a] > 0]


def o_unity_of_command(ds, p):
    s = ds.scenarios[p["scenario"]]
    sup: dict[str, list] = {}
    for r in _commands(s):
        if r.authority in FULL_COMMAND_AUTHORITIES:
            sup.setdefault(r.target, []).append(r)
    rows = []
    for a, rels in sup.items():
        if len(rels) > 1:
            rels = sorted(rels, key=lambda r: r.source)
            rows.append({"actor": a, "name": _name(s, a), "superiors": [r.source for r in rels],
                         "authorities": [r.authority for r in rels]})
    return rows


def o_dual_hatted(ds, p):
    s = ds.scenarios[p["scenario"]]
    g = nx.Graph()
    g.add_edges_from((r.source, r.target) for r in s.relationships.values()
                     if r.type == "DUAL_HATTED_WITH")
    return [{"posts": sorted(c), "names": [_name(s, a) for a in sorted(c)]}
            for c in nx.connected_components(g)]


def o_unreachable(ds, p):
    """Same rule as graph.analysis: reach along COMMANDS, SUPERVISES, TRANSMITS_ORDERS and
    MEMBER_OF from NCA holders and from commanders with no commander."""
    s = ds.scenarios[p["scenario"]]
    reach = nx.DiGraph()
    reach.add_nodes_from(s.actors)
    reach.add_edges_from((r.source, r.target) for r in s.relationships.values()
                         if r.type in ("COMMANDS", "SUPERVISES", "TRANSMITS_ORDERS", "MEMBER_OF"))
    commanders = {r.source for r in _commands(s)}
    commanded = {r.target for r in _commands(s)}
    tops = {r.source for r in _commands(s) if r.authority == "NCA"} | (commanders - commanded)
    reached = set()
    for top in tops:
        reached |= {top} | nx.descendants(reach, top)
    return [{"actor": a.id, "name": a.name_en, "nation": a.nation, "kind": a.kind}
            for a in s.actors.values() if a.kind != "Forum" and a.id not in reached]


def o_forums(ds, p):
    s = ds.scenarios[p["scenario"]]
    rows = []
    for f in s.actors.values():
        if f.kind != "Forum":
            continue
        members = sorted(r.source for r in s.relationships.values()
                         if r.type == "MEMBER_OF" and r.target == f.id)
        present = {s.actors[m].nation for m in members}
        rows.append({"forum": f.id, "name": f.name_en, "members": members,
                     "nations": [n for n in NATION_ORDER if n in present]})
    return rows


def o_scenario_diff(ds, p):
    a, b = ds.scenarios[p["scenario"]], ds.scenarios[p["other"]]
    rows = []
    for rid, r in a.relationships.items():
        if rid not in b.relationships:
            rows.append({"change": "removed", "relationship": rid, "type": r.type,
                         "authority_before": r.authority, "authority_after": None,
                         "changed": []})
    for rid, r in b.relationships.items():
        if rid not in a.relationships:
            rows.append({"change": "added", "relationship": rid, "type": r.type,
                         "authority_before": None, "authority_after": r.authority,
                         "changed": []})
    for rid, r in a.relationships.items():
        r2 = b.relationships.get(rid)
        if r2 is None:
            continue
        changed = [f for f, differs in (("authority", r.authority != r2.authority),
                                        ("sources", set(r.sources) != set(r2.sources)),
                                        ("note", (r.note or "") != (r2.note or "")))
                   if differs]
        if changed:
            rows.append({"change": "changed", "relationship": rid, "type": r.type,
                         "authority_before": r.authority, "authority_after": r2.authority,
                         "changed": changed})
    return rows


def o_what_changes_for(ds, p):
    a, b, post = ds.scenarios[p["scenario"]], ds.scenarios[p["other"]], p["post"]

    def links(s):
        out = {}
        for r in s.relationships.values():
            if r.type not in ("COMMANDS", "COORDINATES_WITH") or post not in (r.source, r.target):
                continue
            other = r.target if r.source == post else r.source
            role = ("partner" if r.type == "COORDINATES_WITH"
                    else "subordinate" if r.source == post else "superior")
            key = (r.type, other) if r.type == "COORDINATES_WITH" else r.id
            out[key] = (role, other, r, s.actors[other].name_en)
        return out

    la, lb = links(a), links(b)
    rows = []
    for key, (role, other, r, name) in la.items():
        r2 = lb.get(key, (None, None, None, None))[2]
        change = ("only in " + a.id if r2 is None
                  else "authority changed" if (r.authority or "") != (r2.authority or "")
                  else "unchanged")
        rows.append({"role": role, "actor": other, "name": name, "authority_before": r.authority,
                     "authority_after": r2.authority if r2 else None, "change": change})
    for key, (role, other, r, name) in lb.items():
        if key not in la:
            rows.append({"role": role, "actor": other, "name": name, "authority_before": None,
                         "authority_after": r.authority, "change": "only in " + b.id})
    return rows


ORACLES = {
    "reporting-chain": o_reporting_chain, "subordinates": o_subordinates,
    "command-path": o_command_path, "cross-national-command": o_cross_national,
    "advisers": o_advisers, "no-command-authority": o_no_command_authority,
    "coordination-partners": o_coordination_partners, "span-of-control": o_span_of_control,
    "unity-of-command": o_unity_of_command, "dual-hatted": o_dual_hatted,
    "unreachable": o_unreachable, "forums": o_forums, "scenario-diff": o_scenario_diff,
    "what-changes-for": o_what_changes_for,
}
PAIRS = [("us.indopacom", "jp.jjoc"), ("us.president", "us.usfk"), ("us.usfk", "us.president"),
         ("jp.pm", "jp.gcc"), ("jp.gcc", "jp.pm"), ("us.secdef", "jp.mod"),
         ("kr.president", "combined.cfc"), ("us.jfc", "us.usfk"), ("jp.cos-js", "jp.gcc"),
         ("us.indopacom", "us.indopacom")]


def cases(name: str, ds) -> list[dict]:
    """Parameter sets for one query over every scenario of the dataset."""
    out = []
    for sid, s in ds.scenarios.items():
        posts = [p for p in POSTS if p in s.actors]
        if name in ("reporting-chain", "advisers", "coordination-partners"):
            out += [{"scenario": sid, "post": p} for p in posts]
        elif name == "subordinates":
            out += [{"scenario": sid, "post": p, "levels": "0"} for p in posts]
            out += [{"scenario": sid, "post": p, "levels": lv, "authority": au}
                    for p in ("us.president", "us.indopacom", "jp.pm", "jp.mod") if p in posts
                    for lv, au in (("1", "any"), ("2", "OPCON"), ("0", "COMMAND"),
                                   ("3", "COCOM"))]
        elif name == "command-path":
            out += [{"scenario": sid, "source": a, "target": b} for a, b in PAIRS
                    if a in s.actors and b in s.actors]
        elif name == "scenario-diff":
            out += [{"scenario": sid, "other": o} for o in ds.scenarios if o != sid]
        elif name == "what-changes-for":
            for o in ds.scenarios:
                if o != sid and (s.base == o or ds.scenarios[o].base == sid
                                 or {sid, o} == {"baseline-2024", "cfc-transfer"}):
                    out += [{"scenario": sid, "other": o, "post": p} for p in POSTS
                            if p in s.actors or p in ds.scenarios[o].actors]
        else:
            out.append({"scenario": sid})
    return out


def oracle_params(q, params):
    """Declared defaults filled in, as the runner does."""
    return {**{p.name: p.default for p in q.params if p.default is not None}, **params}


# -- the library itself ------------------------------------------------------------------
def test_library_has_every_query_of_the_issue_with_a_scenario_parameter():
    library = {q.name: q for q in load_library()}
    assert ISSUE_QUERIES <= set(library)
    for q in library.values():
        scenario = q.param("scenario")
        assert scenario is not None and scenario.default == "root", q.name
        assert q.title and q.returns, q.name
        assert q.path.parent == BUNDLED_QUERIES
        # serve --lang ja lists it by a Japanese title
        assert q.title_ja and any("\u3040" <= c <= "\u9fff" for c in q.title_ja), q.name


def test_a_title_ja_is_optional_and_given_once(tmp_path):
    from c2graph.cypher.library import LibraryError

    f = tmp_path / "x.cypher"
    f.write_text("// name: x\n// title: X\n// returns: id\nRETURN 1 AS id\n")
    assert parse_query(f).title_ja is None
    f.write_text("// name: x\n// title: X\n// title_ja: エックス\n// returns: id\n"
                 "RETURN 1 AS id\n")
    assert (parse_query(f).title, parse_query(f).title_ja) == ("X", "エックス")
    f.write_text("// name: x\n// title: X\n// title_ja: A\n// title_ja: B\n"
                 "// returns: id\nRETURN 1 AS id\n")
    with pytest.raises(LibraryError, match=r"x.cypher:4: 'title_ja:' given twice"):
        parse_query(f)


def test_unity_of_command_counts_exactly_the_full_command_authorities():
    text = parse_query(BUNDLED_QUERIES / "unity-of-command.cypher").text
    listed = text.split("r.authority IN [", 1)[1].split("]", 1)[0]
    assert {a.strip(" '") for a in listed.split(",")} == set(FULL_COMMAND_AUTHORITIES)


def test_header_must_declare_exactly_the_parameters_used(tmp_path):
    from c2graph.cypher.library import LibraryError

    bad = tmp_path / "x.cypher"
    bad.write_text("// name: x\n// title: X\n// params: scenario (default s)\n"
                   "// returns: id\nMATCH (n:Actor {scenario: $scenario, id: $post})"
                   " RETURN n.id AS id\n")
    with pytest.raises(LibraryError, match=r"uses \$post but '// params:' does not declare"):
        parse_query(bad)
    bad.write_text("// name: y\n// title: X\n// returns: id\nRETURN 1 AS id\n")
    with pytest.raises(LibraryError, match="must be the file name"):
        parse_query(bad)


# -- every query against its oracle, on each engine -------------------------------------
@pytest.mark.parametrize("name", sorted(ISSUE_QUERIES))
def test_query_equals_independent_computation(qstore, bundled, name):
    library = {q.name: q for q in load_library()}
    checked = with_rows = 0
    for params in cases(name, bundled):
        got = result(qstore, name, params)
        expected = ORACLES[name](bundled, oracle_params(library[name], params))
        assert normal(got) == normal(expected), (name, params)
        assert all(list(r) == list(library[name].returns) for r in got), name
        checked += 1
        with_rows += bool(got)
    assert checked > 0
    if name not in ("cross-national-command", "unity-of-command", "unreachable"):
        assert with_rows > 0, f"{name} answered nothing in any case: a vacuous check"


@pytest.mark.parametrize("name", sorted(ISSUE_QUERIES))
def test_both_engines_give_identical_results(embedded_q, neo4j_q, bundled, name):
    for params in cases(name, bundled):
        assert normal(result(embedded_q, name, params)) == \
            normal(result(neo4j_q, name, params)), (name, params)


# -- golden answers from the issues and docs/domain.md ----------------------------------
def test_jjoc_chain_is_prime_minister_minister_jjoc(qstore):
    rows = result(qstore, "reporting-chain", {"post": "jp.jjoc", "scenario": "jjoc-2025"})
    assert [(r["ids"], r["authorities"]) for r in rows] == \
        [(["jp.pm", "jp.mod", "jp.jjoc"], ["NCA", "COMMAND"])]
    assert rows[0]["chain"] == ["Prime Minister of Japan", "Minister of Defense",
                                "JSDF Joint Operations Command"]


def test_cfc_is_led_by_a_rok_four_star_only_after_transfer(qstore, bundled):
    """No national commander holds the CFC in either scenario (the MC directs it); who
    holds its command changes: the U.S. four-star of USFK, then a ROK four-star post."""
    for sid in ("baseline-2024", "cfc-transfer"):
        rows = result(qstore, "reporting-chain", {"post": "combined.cfc", "scenario": sid})
        assert [r["depth"] for r in rows] == [0], sid
    hats = {sid: next(r["posts"] for r in result(qstore, "dual-hatted", {"scenario": sid})
                      if "combined.cfc" in r["posts"])
            for sid in ("baseline-2024", "cfc-transfer")}
    assert hats == {"baseline-2024": ["combined.cfc", "combined.unc", "us.usfk"],
                    "cfc-transfer": ["combined.cfc", "kr.cfc-commander"]}
    post = bundled.scenarios["cfc-transfer"].actors["kr.cfc-commander"]
    assert (post.nation, post.rank) == ("KR", "O-10")


def test_chief_of_staff_joint_staff_commands_no_unit(qstore):
    for sid in ("baseline-2024", "jjoc-2025"):
        assert result(qstore, "subordinates",
                      {"post": "jp.cos-js", "scenario": sid, "levels": "0"}) == []
    roles = {r["actor"]: r["roles"] for r in
             result(qstore, "no-command-authority", {"scenario": "baseline-2024"})}
    assert "TRANSMITS_ORDERS" in roles["jp.cos-js"]
    assert {"ADVISES", "TRANSMITS_ORDERS"} <= set(roles["us.cjcs"])
    after = {r["actor"]: r["roles"] for r in
             result(qstore, "no-command-authority", {"scenario": "jjoc-2025"})}
    # from 2025 he executes the Minister's orders to the JJOC only (SDF Act art. 21-2(2))
    assert "TRANSMITS_ORDERS" in after["jp.cos-js"]
    assert "jp.cos-js" in [r["actor"] for r in result(
        qstore, "oversight", {"post": "jp.jjoc", "scenario": "jjoc-2025"})]
    assert "jp.cos-js" not in [r["actor"] for r in result(
        qstore, "oversight", {"post": "jp.gcc", "scenario": "jjoc-2025"})]


def test_indopacom_to_jjoc_has_no_command_path(qstore, bundled):
    for sid, s in bundled.scenarios.items():
        if "jp.jjoc" in s.actors:
            assert result(qstore, "command-path", {"source": "us.indopacom",
                                                   "target": "jp.jjoc", "scenario": sid}) == []
    # ... while the query does find paths that exist
    assert result(qstore, "command-path", {"source": "jp.pm", "target": "jp.gcc",
                                           "scenario": "jjoc-2025"})


def test_no_command_path_joins_a_us_and_a_japanese_actor_in_any_scenario(qstore, bundled):
    from c2graph.cypher.runner import run_adhoc

    for sid, s in bundled.scenarios.items():
        rows = run_adhoc(qstore, "MATCH p = (a:Actor {scenario: $s})-[:COMMANDS*1..]->(b:Actor) "
                                 "WHERE a.nation IN ['US', 'JP'] AND b.nation IN ['US', 'JP'] "
                                 "AND a.nation <> b.nation RETURN count(p) AS paths",
                         {"s": sid}).rows
        assert rows == [{"paths": 0}], sid
        us = [a for a in ("us.president", "us.secdef", "us.indopacom", "us.usfj", "us.jfc")
              if a in s.actors]
        jp = [a for a in ("jp.pm", "jp.mod", "jp.jjoc", "jp.gcc", "jp.cos-js") if a in s.actors]
        for a in us:
            for b in jp:
                assert result(qstore, "command-path",
                              {"source": a, "target": b, "scenario": sid}) == [], (sid, a, b)
        g = qstore.read_graph(sid)
        commands = nx.DiGraph([(u, v) for u, v, d in g.edges(data=True)
                               if d["type"] == "COMMANDS"])
        for a in commands:
            for b in nx.descendants(commands, a):
                assert {g.nodes[a]["nation"], g.nodes[b]["nation"]} != {"US", "JP"}


def test_no_cross_national_command_and_unity_of_command_in_any_scenario(qstore, bundled):
    for sid in bundled.scenarios:
        assert result(qstore, "cross-national-command", {"scenario": sid}) == []
        assert result(qstore, "unity-of-command", {"scenario": sid}) == []


def test_usfk_cfc_unc_dual_hat_until_transfer(qstore):
    """One row per officer: USFK/CFC/UNC and USFJ/5th Air Force are two officers."""
    posts = [r["posts"] for r in result(qstore, "dual-hatted", {"scenario": "baseline-2024"})]
    assert posts == [["combined.cfc", "combined.unc", "us.usfk"], ["us.5af", "us.usfj"]]
    posts = [r["posts"] for r in result(qstore, "dual-hatted", {"scenario": "cfc-transfer"})]
    assert posts == [["combined.cfc", "kr.cfc-commander"], ["combined.unc", "us.usfk"],
                     ["us.5af", "us.usfj"]]


def test_what_changes_for_usfk_under_the_new_joint_force_commander(qstore):
    """USFK moves under the new commander only with the CFC handover (the article)."""
    rows = result(qstore, "what-changes-for", {"post": "us.usfk", "scenario": "jjoc-2025",
                                               "other": "us-jfc"})
    got = {(r["role"], r["actor"], r["change"]) for r in rows}
    assert ("superior", "us.indopacom", "unchanged") in got
    rows = result(qstore, "what-changes-for", {"post": "us.usfk", "scenario": "us-jfc",
                                               "other": "cfc-transfer"})
    got = {(r["role"], r["actor"], r["change"]) for r in rows}
    assert ("superior", "us.indopacom", "only in us-jfc") in got
    assert ("superior", "us.jfc", "only in cfc-transfer") in got


def test_scenario_diff_query_agrees_with_the_python_diff(qstore, bundled):
    ids = list(bundled.scenarios)
    for a in ids:
        for b in ids:
            if a == b:
                continue
            cypher_rows = {(r["change"], r["relationship"], tuple(r["changed"]))
                           for r in result(qstore, "scenario-diff", {"scenario": a, "other": b})}
            python_rows = {(r["change"], r["id"], tuple(r["changed"]))
                           for r in diff_graphs(qstore.read_graph(a), qstore.read_graph(b))
                           if r["item"] == "relationship"}
            assert cypher_rows == python_rows, (a, b)
            assert cypher_rows or a == b


# -- violations the bundled data cannot contain: loaded directly, bypassing the loader ---
def test_queries_find_cross_national_command_and_split_command(qstore):
    """The loader refuses such data, so write it straight through the store."""
    actors = {a.id: a for a in (
        Actor("us.a", "Command", "US A", "US", "established", ("t",)),
        Actor("us.b", "Command", "US B", "US", "established", ("t",)),
        Actor("jp.c", "Command", "JP C", "JP", "established", ("t",), name_ja="C"))}
    rels = [Relationship("us.a", "COMMANDS", "jp.c", ("t",), authority="OPCON"),
            Relationship("us.b", "COMMANDS", "jp.c", ("t",), authority="COMMAND"),
            Relationship("us.a", "COMMANDS", "us.b", ("t",), authority="TACON")]
    broken = Scenario("broken-test", "Broken", "possible", ("t",), actors=actors,
                      relationships={r.id: r for r in rels})
    qstore.load([broken])
    try:
        crossing = run_query(qstore, "cross-national-command", {"scenario": "broken-test"}).rows
        assert {(r["superior"], r["subordinate"]) for r in crossing} == \
            {("us.a", "jp.c"), ("us.b", "jp.c")}
        split = run_query(qstore, "unity-of-command", {"scenario": "broken-test"}).rows
        assert [(r["actor"], r["superiors"], r["authorities"]) for r in split] == \
            [("jp.c", ["us.a", "us.b"], ["OPCON", "COMMAND"])]
    finally:
        qstore.drop(["broken-test"])
    assert "broken-test" not in qstore.scenarios()


# -- parameter checking ------------------------------------------------------------------
@pytest.mark.parametrize("given, message", [
    ({"pst": "jp.jjoc"}, "query 'reporting-chain' has no parameter 'pst' (did you mean"
                         " 'post'?); its parameters: post, scenario"),
    ({}, "query 'reporting-chain' needs parameter 'post' (actor id): add -p post VALUE"),
    ({"post": "jp.jjoc", "scenario": "baseline-2024"},
     "unknown actor 'jp.jjoc' in scenario 'baseline-2024'"),
    ({"post": "INDOPACOM"}, "unknown actor 'INDOPACOM' in scenario 'baseline-2024' (did you"
                            " mean 'us.indopacom' (U.S. Indo-Pacific Command)?)"),
    ({"post": "Minister of Defence"}, "(did you mean 'jp.mod' (Minister of Defense)"),
    ({"post": "us.indopacm"}, "(did you mean 'us.indopacom' (U.S. Indo-Pacific Command)"),
])
def test_parameters_are_checked_before_running(qstore, given, message):
    with pytest.raises(QueryError) as info:
        run_query(qstore, "reporting-chain", given)
    assert any(message in m for m in info.value.messages), info.value.messages


def test_unknown_scenario_and_bad_values(qstore):
    from c2graph.graph.store import UnknownScenario

    with pytest.raises(UnknownScenario, match=r"unknown scenario 'jjoc-2026' \(did you mean"
                                              r" 'jjoc-2025'\?\)"):
        run_query(qstore, "forums", {"scenario": "jjoc-2026"})
    with pytest.raises(QueryError, match="parameter 'levels' must be an integer, not 'all'"):
        run_query(qstore, "subordinates", {"post": "us.indopacom", "levels": "all"})
    with pytest.raises(QueryError, match=r"unknown authority 'OPCN' \(did you mean 'OPCON'\?\)"):
        run_query(qstore, "subordinates", {"post": "us.indopacom", "authority": "OPCN"})
    with pytest.raises(QueryError, match=r"unknown query 'forum' \(did you mean 'forums'\?\)"):
        run_query(qstore, "forum", {})


# -- the engines' own read-only checks (behind the tokenizer in cypher.readonly) --------
WRITES = [
    "CREATE (n:Probe) RETURN n",
    "MERGE (n:Probe {id: 'x'}) RETURN n",
    "MATCH (n:Actor {scenario: 'baseline-2024', id: 'us.president'}) SET n.name_en = 'X'",
    "MATCH (n:Actor {scenario: 'baseline-2024', id: 'us.president'}) REMOVE n:Office",
    "MATCH (n:Actor {scenario: 'baseline-2024', id: 'jp.atla'}) DETACH DELETE n",
    "MATCH (n:Actor {scenario: 'baseline-2024', id: 'jp.pm'}) CALL { WITH n CREATE (:Probe) }"
    " RETURN count(*) AS c",
    "FOREACH (x IN [1, 2] | CREATE (:Probe))",
    "LOAD CSV FROM 'file:///etc/hostname' AS line RETURN line",
    "CREATE INDEX FOR (n:Probe) ON (n.id)",
]


def _snapshot(store) -> set[str]:
    nodes = store.run_read("MATCH (n) RETURN labels(n) AS labels, properties(n) AS props")
    rels = store.run_read("MATCH (a)-[r]->(b) RETURN type(r) AS t, properties(r) AS props")
    return {json.dumps(sorted(r.items()), sort_keys=True, default=str) for r in nodes + rels}


@pytest.mark.parametrize("cypher", WRITES)
def test_engine_plan_check_refuses_writes(qstore, cypher):
    """``write_reason`` asks the server's planner; it alone must refuse each write."""
    from c2graph.graph.store import StoreError

    reason = qstore.write_reason(cypher)
    assert reason, cypher
    with pytest.raises(StoreError, match="^refused: "):
        qstore.run_read_only(cypher)


def test_engine_plan_check_passes_reads(qstore):
    assert qstore.write_reason("MATCH (n:Actor {scenario: $s}) RETURN count(n) AS n",
                               {"s": "jjoc-2025"}) is None
    for q in load_library():
        assert qstore.write_reason(q.text, {p.name: None for p in q.params}) is None, q.name


def test_read_only_execution_keeps_nothing_even_past_the_checks(qstore):
    """The last layer: FalkorDB's RO_QUERY and Neo4j's explicit READ transaction (which is
    rolled back in any case) refuse a write that got past the two checks before them."""
    from c2graph.graph.store.base import ReadOnlyRefused

    before = _snapshot(qstore)
    with pytest.raises(ReadOnlyRefused, match="^refused: it writes to the database; "):
        qstore._run_read_only("CREATE (n:Probe {id: 'kept?'}) RETURN n.id AS id", {}, None, None)
    assert _snapshot(qstore) == before
    assert qstore.run_read("MATCH (n:Probe) RETURN count(n) AS n") == [{"n": 0}]


def test_read_only_procedure_list_is_the_catalogue(qstore):
    allowed = qstore.read_only_procedures()
    assert {"db.labels", "db.relationshipTypes", "db.propertyKeys"} <= allowed
    assert not any(p.startswith(("dbms.", "apoc.", "db.create", "db.idx.fulltext.create",
                                 "db.stats")) for p in allowed)


def test_unreachable_finds_an_actor_outside_every_chain(store, tmp_path):
    """The bundled data has none (as above); a literal dataset with one, on each engine."""
    from c2graph.loaders import load_dataset
    from tests.helpers import copy_mini

    ds = copy_mini(tmp_path)
    with (ds / "org.yaml").open("a", encoding="utf-8") as f:
        f.write("  - {from: jp.lost, type: ADVISES, to: jp.top, sources: [src-b]}\n")
    text = (ds / "org.yaml").read_text(encoding="utf-8").replace(
        "relationships:\n",
        "  - {id: jp.lost, kind: Office, name_en: Lost, name_ja: 迷子, nation: JP,"
        " status: established, sources: [src-b]}\nrelationships:\n", 1)
    (ds / "org.yaml").write_text(text, encoding="utf-8")
    store.load(list(load_dataset(ds).scenarios.values()))
    rows = run_query(store, "unreachable", {"scenario": "base"}).rows
    assert rows == [{"actor": "jp.lost", "name": "Lost", "nation": "JP", "kind": "Office"}]
    assert run_query(store, "unreachable", {"scenario": "reform"}).rows == rows
