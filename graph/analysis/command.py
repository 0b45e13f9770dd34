"""The command chain: who holds national command, how deep each post sits, who
commands how many, and everything under one commander.

Definitions (consistent with the dataset's modelling rules, docs/domain.md):

* a **national command authority** (NCA) is an actor that is the source of a
  ``COMMANDS`` relationship with authority ``NCA``, or a root of ``COMMANDS`` (it
  commands someone and nobody commands it);
* the **command depth** of an actor is its distance along ``COMMANDS`` (any
  authority) from the top of its chain: the NCAs nobody commands.  An NCA that is
  itself commanded (a delegated national command) is measured from above.
"""

from __future__ import annotations

from collections import defaultdict

from c2graph.graph.analysis._base import (_remembered, check_actor, check_scenario_graph, edges_of,
                                          nations)


def _commands(G):
    """``{superior: [(subordinate, authority, rel id)]}`` and the set of commanded actors
    (shared inside ``one_pass``: read only)."""
    return _remembered(G, "commands", lambda: _command_index(G))


def _command_index(G):
    down = defaultdict(list)
    commanded = set()
    for u, v, rid, data in edges_of(G, "COMMANDS"):
        down[u].append((v, data["authority"], rid))
        commanded.add(v)
    for subs in down.values():
        subs.sort()
    return down, commanded


def national_command_authorities(G) -> list[str]:
    """The actors that hold national command authority, sorted.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        A scenario graph (``Store.read_graph``).

    Returns
    -------
    list of str
        Sources of a ``COMMANDS`` with authority ``NCA``, plus actors that command
        someone and have no commander themselves.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.MultiDiGraph([
    ...     ("pm", "mod", {"type": "COMMANDS", "authority": "NCA"}),
    ...     ("mod", "gcc", {"type": "COMMANDS", "authority": "COMMAND"}),
    ...     ("club", "pm", {"type": "ADVISES"})])
    >>> national_command_authorities(G)
    ['pm']
    """
    check_scenario_graph(G)
    return list(_remembered(G, "ncas", lambda: _ncas(G)))


def _ncas(G) -> tuple[str, ...]:
    down, commanded = _commands(G)
    ncas = {u for u, subs in down.items() if any(a == "NCA" for _, a, _ in subs)}
    ncas |= {u for u in down if u not in commanded}
    return tuple(sorted(ncas))


def _bfs_levels(G):
    """Breadth-first search down ``COMMANDS`` from the apex NCAs.

    Returns ``(depth, roots, parent)``: ``roots[a]`` are the apex NCAs at ``a``'s
    distance, ``parent[a]`` the smallest-id superior on a shortest path (shared inside
    ``one_pass``: read only).
    """
    return _remembered(G, "levels", lambda: _levels(G))


def _levels(G):
    down, commanded = _commands(G)
    apex = [a for a in national_command_authorities(G) if a not in commanded]
    depth = {a: 0 for a in apex}
    roots = {a: {a} for a in apex}
    parent: dict[str, str | None] = {a: None for a in apex}
    level = apex
    while level:
        nxt = []
        for u in level:                       # level is sorted, so parents are too
            for v, _, _ in down.get(u, ()):
                if v not in depth:
                    depth[v] = depth[u] + 1
                    roots[v] = set(roots[u])
                    parent[v] = u
                    nxt.append(v)
                elif depth[v] == depth[u] + 1:
                    roots[v] |= roots[u]
        level = sorted(set(nxt))
    return depth, roots, parent


def command_depth(G) -> dict[str, dict]:
    """Each actor's distance along ``COMMANDS`` from its national command authority.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        A scenario graph.

    Returns
    -------
    dict
        ``{actor: {"depth": int, "nca": [apex NCAs at that distance]}}`` for every
        actor a ``COMMANDS`` path reaches from an NCA nobody commands (the NCAs
        themselves at depth 0).  Actors on no command chain (staffs reached only
        by supervision, forums) and actors only a command cycle reaches are left
        out; :func:`unreachable_actors` and :func:`command_cycles` report those.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.MultiDiGraph([
    ...     ("pm", "mod", {"type": "COMMANDS", "authority": "NCA"}),
    ...     ("mod", "gcc", {"type": "COMMANDS", "authority": "COMMAND"})])
    >>> command_depth(G)["gcc"]
    {'depth': 2, 'nca': ['pm']}
    """
    check_scenario_graph(G)
    depth, roots, _ = _bfs_levels(G)
    return {a: {"depth": depth[a], "nca": sorted(roots[a])} for a in sorted(depth)}


def longest_command_chains(G) -> dict[str, dict]:
    """The deepest command chain ending in each nation's actors.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        A scenario graph; actors carry ``nation``.

    Returns
    -------
    dict
        ``{nation: {"depth": int, "actor": deepest actor, "chain": [NCA, ..., actor]}}``.
        Ties go to the smallest actor id, and the chain follows the smallest-id
        superior at each step, so the answer does not depend on edge order.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.MultiDiGraph([
    ...     ("pm", "mod", {"type": "COMMANDS", "authority": "NCA"}),
    ...     ("mod", "gcc", {"type": "COMMANDS", "authority": "COMMAND"})])
    >>> G.add_nodes_from(["pm", "mod", "gcc"], nation="JP")
    >>> longest_command_chains(G)
    {'JP': {'depth': 2, 'actor': 'gcc', 'chain': ['pm', 'mod', 'gcc']}}
    """
    check_scenario_graph(G)
    depth, _, parent = _bfs_levels(G)
    of = nations(G)
    best: dict[str, str] = {}
    for a in sorted(depth):
        n = str(of[a])
        if n not in best or depth[a] > depth[best[n]]:
            best[n] = a
    out = {}
    for n in sorted(best):
        chain, a = [], best[n]
        while a is not None:
            chain.append(a)
            a = parent[a]
        out[n] = {"depth": depth[best[n]], "actor": best[n], "chain": chain[::-1]}
    return out


def span_of_control(G) -> dict[str, dict]:
    """Direct subordinates of every commander, by authority.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        A scenario graph.

    Returns
    -------
    dict
        ``{actor: {"total": int, "by_authority": {authority: [subordinates]}}}``
        for every actor that commands at least one other.  ``total`` counts
        distinct subordinates (there is one ``COMMANDS`` per ordered pair).

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.MultiDiGraph([
    ...     ("cc", "fleet", {"type": "COMMANDS", "authority": "COCOM"}),
    ...     ("cc", "wing", {"type": "COMMANDS", "authority": "TACON"})])
    >>> span_of_control(G)
    {'cc': {'total': 2, 'by_authority': {'COCOM': ['fleet'], 'TACON': ['wing']}}}
    """
    check_scenario_graph(G)
    down, _ = _commands(G)
    out = {}
    for u in sorted(down):
        by_auth = defaultdict(list)
        for v, auth, _ in down[u]:
            by_auth[auth].append(v)
        out[u] = {"total": len({v for v, _, _ in down[u]}),
                  "by_authority": {a: sorted(vs) for a, vs in sorted(by_auth.items())}}
    return out


def command_reach(G, commander: str) -> dict:
    """Everything under ``commander`` along ``COMMANDS``, by authority.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        A scenario graph.
    commander : str
        An actor id.

    Returns
    -------
    dict
        ``{"commander", "total", "actors": {actor: {"depth", "superior",
        "authority"}}, "by_authority": {authority: [actors]}}``.  ``depth`` counts
        links below the commander; ``superior`` and ``authority`` are the last link
        of a shortest path (smallest-id superior on ties), so ``by_authority``
        groups actors by the authority their own superior holds over them.

    Raises
    ------
    networkx.NodeNotFound
        If ``commander`` is not an actor of ``G``.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.MultiDiGraph([
    ...     ("cc", "jfc", {"type": "COMMANDS", "authority": "COCOM"}),
    ...     ("jfc", "usfj", {"type": "COMMANDS", "authority": "OPCON"})])
    >>> command_reach(G, "cc")["by_authority"]
    {'COCOM': ['jfc'], 'OPCON': ['usfj']}
    >>> command_reach(G, "nobody")
    Traceback (most recent call last):
    ...
    networkx.exception.NodeNotFound: actor 'nobody' is not in the scenario
    """
    check_scenario_graph(G)
    check_actor(G, commander)
    down, _ = _commands(G)
    actors: dict[str, dict] = {}
    seen, level, d = {commander}, [commander], 0
    while level:
        d += 1
        nxt = []
        for u in level:
            for v, auth, _ in down.get(u, ()):
                if v not in seen:
                    seen.add(v)
                    actors[v] = {"depth": d, "superior": u, "authority": auth}
                    nxt.append(v)
        level = sorted(nxt)
    by_auth = defaultdict(list)
    for v in sorted(actors):
        by_auth[actors[v]["authority"]].append(v)
    return {"commander": commander, "total": len(actors),
            "actors": {v: actors[v] for v in sorted(actors)},
            "by_authority": dict(sorted(by_auth.items()))}
