"""Every metric of one scenario in one call, and two scenarios side by side.

``analyze_scenario`` is what ``c2graph analyze`` prints; ``compare_scenarios``
answers reform questions ("what does the US joint force commander take off
INDOPACOM's desk?") as rows of ``base``, ``other`` and ``change`` per actor, with
the actors gained and lost, so a script can read the answer without re-deriving it.

Both run with the garbage collector paused (``graph.collector``): the metrics build
millions of short-lived containers and no cycles, and at 100,000 actors the collector's
walks of the graph took more time than the sampled betweenness they interrupted.
"""

from __future__ import annotations

from c2graph.graph.analysis._base import check_actor, check_scenario_graph, one_pass
from c2graph.graph.analysis.checks import structural_checks
from c2graph.graph.analysis.command import (command_depth, command_reach, longest_command_chains,
                                    national_command_authorities, span_of_control)
from c2graph.graph.analysis.coordination import DIGITS, brokers, coordination_load
from c2graph.graph.collector import paused

SCENARIO_KEYS = ("id", "title", "status", "base", "date")


def _meta(G) -> dict:
    return {k: G.graph.get(k) for k in SCENARIO_KEYS}


def analyze_scenario(G, reach: tuple[str, ...] = ()) -> dict:
    """Every metric of one scenario.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        A scenario graph (``Store.read_graph``).
    reach : sequence of str
        Commanders whose :func:`command_reach` to include.

    Returns
    -------
    dict
        Keys ``scenario`` (metadata), ``checks``, ``national_command_authorities``,
        ``command_depth``, ``longest_chains``, ``span_of_control``,
        ``coordination_load``, ``brokers`` and ``reach`` (one entry per commander),
        each the return value of the function of that name.

    Raises
    ------
    networkx.NodeNotFound
        If a ``reach`` commander is not an actor of ``G``.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.MultiDiGraph([("pm", "mod", {"type": "COMMANDS", "authority": "NCA"})])
    >>> G.add_nodes_from(["pm", "mod"], kind="Office", nation="JP")
    >>> report = analyze_scenario(G, reach=["pm"])
    >>> report["span_of_control"], report["reach"]["pm"]["total"]
    ({'pm': {'total': 1, 'by_authority': {'NCA': ['mod']}}}, 1)
    """
    with one_pass(G), paused():
        return _analyze(G, reach)


def _analyze(G, reach) -> dict:
    check_scenario_graph(G)
    for actor in reach:
        check_actor(G, actor)
    return {
        "scenario": _meta(G),
        "checks": structural_checks(G),
        "national_command_authorities": national_command_authorities(G),
        "command_depth": command_depth(G),
        "longest_chains": longest_command_chains(G),
        "span_of_control": span_of_control(G),
        "coordination_load": coordination_load(G),
        "brokers": brokers(G),
        "reach": {a: command_reach(G, a) for a in reach},
    }


def _order(rows: list[dict]) -> list[dict]:
    """Mark each row ``changed``; changed rows first, largest change first, then by actor.

    A row changes when its value does or when what it counts does (a commander
    that swaps one subordinate for another keeps its span but changes).
    """
    for r in rows:
        r["changed"] = (r["base"] != r["other"] or bool(r.get("gained"))
                        or bool(r.get("lost")) or bool(r.get("regraded")))
    return sorted(rows, key=lambda r: (not r["changed"], -abs(r["change"] or 0), r["actor"]))


def _change(b, o):
    if b is None or o is None:
        return None
    return round(o - b, DIGITS) if isinstance(o, float) or isinstance(b, float) else o - b


def _sets(b: list, o: list) -> dict:
    return {"base": b, "other": o, "added": sorted(set(o) - set(b)),
            "removed": sorted(set(b) - set(o))}


def _span_rows(b: dict, o: dict) -> list[dict]:
    def auths(entry):
        return {v: a for a, vs in (entry or {}).get("by_authority", {}).items() for v in vs}

    rows = []
    for actor in sorted(set(b) | set(o)):
        ab, ao = auths(b.get(actor)), auths(o.get(actor))
        nb, no = len(ab), len(ao)
        rows.append({"actor": actor, "base": nb, "other": no, "change": no - nb,
                     "gained": sorted(set(ao) - set(ab)), "lost": sorted(set(ab) - set(ao)),
                     "regraded": [{"actor": v, "from": ab[v], "to": ao[v]}
                                  for v in sorted(set(ab) & set(ao)) if ab[v] != ao[v]]})
    return _order(rows)


def _load_rows(b: dict, o: dict) -> list[dict]:
    empty = {"total": 0, "domestic": [], "cross_national": [], "forums": []}
    rows = []
    for actor in sorted(set(b) | set(o)):
        eb, eo = b.get(actor, empty), o.get(actor, empty)
        pb = set(eb["domestic"] + eb["cross_national"] + eb["forums"])
        po = set(eo["domestic"] + eo["cross_national"] + eo["forums"])
        row = {"actor": actor, "base": eb["total"], "other": eo["total"],
               "change": eo["total"] - eb["total"]}
        for key in ("domestic", "cross_national", "forums"):
            row[key] = [len(eb[key]), len(eo[key])]
        row.update(gained=sorted(po - pb), lost=sorted(pb - po))
        rows.append(row)
    return _order(rows)


def _value_rows(b: dict, o: dict, default=None) -> list[dict]:
    return _order([{"actor": a, "base": b.get(a, default), "other": o.get(a, default),
                    "change": _change(b.get(a, default), o.get(a, default))}
                   for a in sorted(set(b) | set(o))])


def _reach(G, actor):
    if actor in G:
        return command_reach(G, actor)
    return {"commander": actor, "total": 0, "actors": {}, "by_authority": {}}


def compare_scenarios(base, other, reach: tuple[str, ...] = ()) -> dict:
    """Every metric of two scenarios side by side, with its change (other - base).

    Parameters
    ----------
    base, other : networkx.MultiDiGraph
        Scenario graphs; ``change`` is always ``other`` minus ``base``.
    reach : sequence of str
        Commanders whose reach to compare (an actor may exist in one scenario
        only; it must exist in at least one).

    Returns
    -------
    dict
        ``base`` and ``other`` (scenario metadata); ``checks`` (``{name: {"rule",
        "base", "other"}}``); ``national_command_authorities``,
        ``articulation_points`` and ``bridges`` as ``{"base", "other", "added",
        "removed"}``; ``longest_chains`` per nation; ``command_depth``,
        ``span_of_control``, ``coordination_load``, ``betweenness`` and ``reach``
        as rows ``{"actor", "base", "other", "change", "changed", ...}`` (span,
        load and reach rows add the subordinates or partners ``gained`` and
        ``lost``; span rows the subordinates ``regraded`` to another authority),
        changed rows first; ``coordination_network`` (size and betweenness method of each).

    Examples
    --------
    >>> import networkx as nx
    >>> before = nx.MultiDiGraph([
    ...     ("cc", "usfj", {"type": "COMMANDS", "authority": "COCOM"}),
    ...     ("cc", "usfk", {"type": "COMMANDS", "authority": "COCOM"})])
    >>> after = nx.MultiDiGraph([
    ...     ("cc", "jfc", {"type": "COMMANDS", "authority": "COCOM"}),
    ...     ("jfc", "usfj", {"type": "COMMANDS", "authority": "OPCON"}),
    ...     ("jfc", "usfk", {"type": "COMMANDS", "authority": "OPCON"})])
    >>> for g in (before, after):
    ...     g.add_nodes_from(g, nation="US", kind="Command")
    >>> rows = compare_scenarios(before, after)["span_of_control"]
    >>> row = next(r for r in rows if r["actor"] == "cc")
    >>> row["actor"], row["change"], row["gained"], row["lost"]
    ('cc', -1, ['jfc'], ['usfj', 'usfk'])
    """
    with one_pass(base, other), paused():
        return _compare(base, other, reach)


def _compare(base, other, reach) -> dict:
    check_scenario_graph(base)
    check_scenario_graph(other)
    for actor in reach:
        if actor not in base and actor not in other:
            check_actor(other, actor)
    rb, ro = analyze_scenario(base), analyze_scenario(other)
    chains = {}
    for nation in sorted(set(rb["longest_chains"]) | set(ro["longest_chains"])):
        cb, co = rb["longest_chains"].get(nation), ro["longest_chains"].get(nation)
        chains[nation] = {"base": cb, "other": co,
                          "change": _change(cb and cb["depth"], co and co["depth"])}
    bb, bo = rb["brokers"], ro["brokers"]
    bridge_key = {tuple(x["actors"]): x for x in bb["bridges"] + bo["bridges"]}
    bridges = _sets([tuple(x["actors"]) for x in bb["bridges"]],
                    [tuple(x["actors"]) for x in bo["bridges"]])
    bridges = {k: [bridge_key[t] for t in v] for k, v in bridges.items()}
    reach_rows = []
    for actor in reach:
        xb, xo = _reach(base, actor), _reach(other, actor)
        reach_rows.append({"actor": actor, "base": xb["total"], "other": xo["total"],
                           "change": xo["total"] - xb["total"],
                           "gained": sorted(set(xo["actors"]) - set(xb["actors"])),
                           "lost": sorted(set(xb["actors"]) - set(xo["actors"]))})
    network_keys = ("actors", "links", "components", "outside_main", "method", "k", "seed")
    return {
        "base": rb["scenario"],
        "other": ro["scenario"],
        "checks": {name: {"rule": rb["checks"][name]["rule"],
                          "base": rb["checks"][name], "other": ro["checks"][name]}
                   for name in rb["checks"]},
        "national_command_authorities": _sets(rb["national_command_authorities"],
                                              ro["national_command_authorities"]),
        "command_depth": _value_rows({a: d["depth"] for a, d in rb["command_depth"].items()},
                                     {a: d["depth"] for a, d in ro["command_depth"].items()}),
        "longest_chains": chains,
        "span_of_control": _span_rows(rb["span_of_control"], ro["span_of_control"]),
        "coordination_load": _load_rows(rb["coordination_load"], ro["coordination_load"]),
        "coordination_network": {"base": {k: bb[k] for k in network_keys},
                                 "other": {k: bo[k] for k in network_keys}},
        "betweenness": _value_rows(bb["betweenness"], bo["betweenness"], 0.0),
        "articulation_points": _sets(bb["articulation_points"], bo["articulation_points"]),
        "bridges": bridges,
        "reach": _order(reach_rows),
    }


def analyze(G, reference=None, reach: tuple[str, ...] = ()) -> dict:
    """:func:`analyze_scenario` of ``G``, or with a ``reference`` scenario
    :func:`compare_scenarios` (``change`` = ``G`` minus ``reference``)."""
    if reference is None:
        return analyze_scenario(G, reach=tuple(reach))
    return compare_scenarios(reference, G, reach=tuple(reach))
