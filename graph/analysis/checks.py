"""Structural checks: the modelling rules a scenario's shape must keep.

Each check returns a list of violations, empty when the scenario is clean.  A
violation is a plain dict with the offending ``actors`` and ``relationships``
(relationship ids) and a ``detail`` sentence a reader can act on.

The loader already refuses command cycles and cross-national commands in a
dataset (``graph.rules``); these checks run on what a *store* holds, which may
have been written by another tool or an older c2graph, and add the two rules a
single file cannot break on its own: unity of command and reachability.
"""

from __future__ import annotations

from collections import defaultdict

from c2graph.graph.analysis._base import check_scenario_graph, edges_of, nations
from c2graph.graph.analysis.command import national_command_authorities
from c2graph.graph.schema import FULL_COMMAND_AUTHORITIES, REACH_TYPES


def command_cycles(G) -> list[dict]:
    """Every elementary cycle of ``COMMANDS`` relationships.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        A scenario graph.

    Returns
    -------
    list of dict
        ``{"actors", "relationships", "detail"}`` per cycle, each cycle starting at
        its smallest actor id, sorted.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.MultiDiGraph([
    ...     ("a", "b", {"type": "COMMANDS", "authority": "OPCON"}),
    ...     ("b", "a", {"type": "COMMANDS", "authority": "OPCON"})])
    >>> command_cycles(G)[0]["detail"]
    'COMMANDS cycle: a -> b -> a'
    """
    import networkx as nx

    check_scenario_graph(G)
    rid = {}
    for u, v, r, _ in edges_of(G, "COMMANDS"):
        rid[(u, v)] = r
    on_cycles = _not_peeled(rid)
    D = nx.DiGraph()
    D.add_edges_from(sorted((u, v) for u, v in rid if u in on_cycles and v in on_cycles))
    out = []
    for cycle in nx.simple_cycles(D):
        i = cycle.index(min(cycle))
        cycle = cycle[i:] + cycle[:i]
        rels = [rid[(a, b)] for a, b in zip(cycle, cycle[1:] + cycle[:1])]
        out.append({"actors": cycle, "relationships": rels,
                    "detail": "COMMANDS cycle: " + " -> ".join(cycle + cycle[:1])})
    return sorted(out, key=lambda c: c["actors"])


def unity_of_command_violations(G) -> list[dict]:
    """Actors with more than one full-command superior.

    A full-command superior holds ``COMMANDS`` with an authority in
    ``schema.FULL_COMMAND_AUTHORITIES`` (NCA, COCOM, OPCON, COMMAND);
    a second superior with TACON or ADCON is allowed.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        A scenario graph.

    Returns
    -------
    list of dict
        ``{"actor", "actors": [actor, superiors...], "relationships", "detail"}``
        per offending actor, sorted by actor.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.MultiDiGraph([
    ...     ("cc", "jtf", {"type": "COMMANDS", "authority": "OPCON"}),
    ...     ("hq", "jtf", {"type": "COMMANDS", "authority": "OPCON"}),
    ...     ("wing", "jtf", {"type": "COMMANDS", "authority": "TACON"})])
    >>> unity_of_command_violations(G)[0]["detail"]
    'jtf has 2 full-command superiors: cc (OPCON), hq (OPCON)'
    """
    check_scenario_graph(G)
    superiors = defaultdict(list)
    for u, v, rid, data in edges_of(G, "COMMANDS"):
        if data["authority"] in FULL_COMMAND_AUTHORITIES:
            superiors[v].append((u, data["authority"], rid))
    out = []
    for v in sorted(superiors):
        sups = sorted(superiors[v])
        if len(sups) > 1:
            listed = ", ".join(f"{u} ({a})" for u, a, _ in sups)
            out.append({"actor": v, "actors": [v] + [u for u, _, _ in sups],
                        "relationships": [r for _, _, r in sups],
                        "detail": f"{v} has {len(sups)} full-command superiors: {listed}"})
    return out


def cross_national_commands(G) -> list[dict]:
    """``COMMANDS`` joining two nations' chains outside a COMBINED body.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        A scenario graph whose actors carry ``nation``.

    Returns
    -------
    list of dict
        ``{"actors": [source, target], "relationships": [id], "detail"}`` per
        offending relationship, sorted by relationship id.

    Raises
    ------
    networkx.NetworkXError
        If an actor at either end of a ``COMMANDS`` has no ``nation``.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.MultiDiGraph([
    ...     ("us.cc", "jp.gcc", {"type": "COMMANDS", "authority": "OPCON"}),
    ...     ("us.cc", "cfc", {"type": "COMMANDS", "authority": "OPCON"})])
    >>> G.add_nodes_from(["us.cc"], nation="US")
    >>> G.add_nodes_from(["jp.gcc"], nation="JP")
    >>> G.add_nodes_from(["cfc"], nation="COMBINED")
    >>> [c["relationships"] for c in cross_national_commands(G)]
    [['us.cc-COMMANDS->jp.gcc']]
    """
    import networkx as nx

    check_scenario_graph(G)
    home = nations(G)
    out = []
    for u, v, rid, data in edges_of(G, "COMMANDS"):
        a, b = home[u], home[v]
        for actor, n in ((u, a), (v, b)):
            if n is None:
                raise nx.NetworkXError(f"actor {actor!r} has no 'nation': cannot tell"
                                       " whether its command crosses a national line")
        if a != b and "COMBINED" not in (a, b):
            out.append({"actors": [u, v], "relationships": [rid],
                        "detail": f"{u} ({a}) {data['authority']} over {v} ({b}): the chains"
                                  " of two nations may meet only in a COMBINED body"})
    return out


def _not_peeled(pairs) -> set:
    """The actors left after repeatedly removing those nothing points to (Kahn): every
    cycle lies in what is left, so ``simple_cycles`` needs only that part.  A command
    tree leaves nothing, in one linear pass: at 100,000 actors networkx's search
    (strongly connected components first) took ~2 s to find no cycle."""
    down = defaultdict(list)
    indegree = defaultdict(int)
    for u, v in pairs:
        down[u].append(v)
        indegree[v] += 1
    left = set(down) | set(indegree)
    stack = [a for a in left if not indegree[a]]
    while stack:
        a = stack.pop()
        left.discard(a)
        for v in down.get(a, ()):
            indegree[v] -= 1
            if not indegree[v]:
                stack.append(v)
    return left


def unreachable_actors(G) -> list[dict]:
    """Actors that no national command authority reaches.

    Reach runs from every NCA (:func:`national_command_authorities`) along
    ``COMMANDS``, ``SUPERVISES``, ``TRANSMITS_ORDERS`` and ``MEMBER_OF`` (member to
    forum), in their stored direction.  Forums are never reported (a forum answers
    to its members, not to a chain) but reach passes on through them.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        A scenario graph whose actors carry ``kind``.

    Returns
    -------
    list of dict
        ``{"actors": [actor], "relationships": [], "detail"}`` per unreached actor,
        sorted.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.MultiDiGraph([
    ...     ("pm", "mod", {"type": "COMMANDS", "authority": "NCA"}),
    ...     ("mod", "dicas", {"type": "MEMBER_OF"}),
    ...     ("lost", "mod", {"type": "ADVISES"})])
    >>> G.add_nodes_from(["pm", "mod", "lost"], kind="Office")
    >>> G.add_nodes_from(["dicas"], kind="Forum")
    >>> [u["actors"] for u in unreachable_actors(G)]
    [['lost']]
    """
    check_scenario_graph(G)
    out_edges = defaultdict(list)
    for u, v, _, _ in edges_of(G, *REACH_TYPES):
        out_edges[u].append(v)
    seen = set(national_command_authorities(G))
    stack = sorted(seen)
    while stack:
        for v in out_edges.get(stack.pop(), ()):
            if v not in seen:
                seen.add(v)
                stack.append(v)
    out = []
    for a in sorted(G):
        attrs = G.nodes[a]
        if a in seen or attrs.get("kind") == "Forum":
            continue
        out.append({"actors": [a], "relationships": [],
                    "detail": f"{a} ({attrs.get('kind', '?')}, {attrs.get('nation', '?')}) is"
                              " reached by no national command authority along COMMANDS,"
                              " SUPERVISES, TRANSMITS_ORDERS or MEMBER_OF"})
    return out


#: The checks in report order: name, what passing means, the function.
CHECKS = (
    ("command_cycles", "no command cycles", command_cycles),
    ("unity_of_command", "at most one full-command superior per actor",
     unity_of_command_violations),
    ("cross_national_commands", "no command across national lines outside COMBINED bodies",
     cross_national_commands),
    ("unreachable_actors", "every actor reached from a national command authority",
     unreachable_actors),
)


def structural_checks(G) -> dict[str, dict]:
    """Run every structural check.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        A scenario graph.

    Returns
    -------
    dict
        ``{name: {"rule": str, "passed": bool, "violations": [...]}}`` in the order
        command_cycles, unity_of_command, cross_national_commands, unreachable_actors.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.MultiDiGraph([("pm", "mod", {"type": "COMMANDS", "authority": "NCA"})])
    >>> G.add_nodes_from(["pm", "mod"], kind="Office", nation="JP")
    >>> {name: check["passed"] for name, check in structural_checks(G).items()}
    {'command_cycles': True, 'unity_of_command': True, 'cross_national_commands': True, 'unreachable_actors': True}
    """
    check_scenario_graph(G)
    out = {}
    for name, rule, check in CHECKS:
        violations = check(G)
        out[name] = {"rule": rule, "passed": not violations, "violations": violations}
    return out
