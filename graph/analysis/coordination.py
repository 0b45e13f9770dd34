"""Coordination: who each post must coordinate with, and who carries the links.

The US, Japanese and Korean chains stay parallel and meet only through
coordination (docs/domain.md), so the *coordination network* is where the alliance's
bottlenecks and single points of failure show.  It is the undirected graph of

* ``COORDINATES_WITH`` relationships (symmetric in meaning, stored one way), and
* ``MEMBER_OF`` relationships, each a link between the member and the forum.

Forums are kept as hub nodes rather than replaced by links between every pair of
members: a forum that stops meeting is itself a loss the network must survive, and
a clique would make one forum look like many independent links (inflating
redundancy and hiding the forum from the betweenness ranking).
"""

from __future__ import annotations

from collections import defaultdict

from c2graph.graph.analysis._base import check_scenario_graph, edges_of, nations

#: Up to this many actors betweenness is exact (Brandes, O(nm)); above, it is
#: estimated from ``BETWEENNESS_K`` seeded sample sources.  Measured on sparse
#: synthetic networks: exact takes ~1.7 s at 1,000 actors and grows as n*m; the
#: 128-source estimate takes ~3 s at 8,650 actors and grows as m.
EXACT_BETWEENNESS_LIMIT = 1000
BETWEENNESS_K = 128
BETWEENNESS_SEED = 0
#: Betweenness is rounded so float summation order (engine row order) cannot show.
DIGITS = 6


def coordination_network(G):
    """The undirected coordination network of a scenario.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        A scenario graph.

    Returns
    -------
    networkx.Graph
        Actors touched by ``COORDINATES_WITH`` or ``MEMBER_OF``, added in id order;
        each link carries ``relationships`` (the ids it stands for, sorted).

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.MultiDiGraph([
    ...     ("us.cc", "jp.cos", {"type": "COORDINATES_WITH"}),
    ...     ("jp.cos", "us.cc", {"type": "COORDINATES_WITH"}),
    ...     ("jp.atla", "dicas", {"type": "MEMBER_OF"})])
    >>> H = coordination_network(G)
    >>> sorted(H.edges(data="relationships"))
    [('dicas', 'jp.atla', ['jp.atla-MEMBER_OF->dicas']), ('jp.cos', 'us.cc', ['jp.cos-COORDINATES_WITH->us.cc', 'us.cc-COORDINATES_WITH->jp.cos'])]
    """
    import networkx as nx

    check_scenario_graph(G)
    links = defaultdict(list)
    for u, v, rid, _ in edges_of(G, "COORDINATES_WITH", "MEMBER_OF"):
        if u != v:
            links[tuple(sorted((u, v)))].append(rid)
    H = nx.Graph()
    H.add_nodes_from(sorted({a for pair in links for a in pair}))
    for (u, v), rids in sorted(links.items()):
        H.add_edge(u, v, relationships=sorted(rids))
    return H


def coordination_load(G) -> dict[str, dict]:
    """Each actor's coordination partners, domestic and cross-national, and forums.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        A scenario graph whose actors carry ``nation``.

    Returns
    -------
    dict
        ``{actor: {"total", "domestic", "cross_national", "forums"}}`` for every
        actor with a ``COORDINATES_WITH`` partner or a forum membership.
        ``domestic`` partners share the actor's ``nation``; every other partner
        (a COMBINED body included) is ``cross_national``; ``forums`` are the
        bodies it is ``MEMBER_OF``.  ``total`` counts all three: the relationships
        the post has to keep up.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.MultiDiGraph([
    ...     ("us.cc", "jp.cos", {"type": "COORDINATES_WITH"}),
    ...     ("us.cc", "us.cyber", {"type": "COORDINATES_WITH"}),
    ...     ("us.cc", "dicas", {"type": "MEMBER_OF"})])
    >>> G.add_nodes_from(["us.cc", "us.cyber"], nation="US")
    >>> G.add_nodes_from(["jp.cos"], nation="JP")
    >>> G.add_nodes_from(["dicas"], nation="COMBINED")
    >>> coordination_load(G)["us.cc"]
    {'total': 3, 'domestic': ['us.cyber'], 'cross_national': ['jp.cos'], 'forums': ['dicas']}
    """
    check_scenario_graph(G)
    partners = defaultdict(set)
    forums = defaultdict(set)
    for u, v, _, _ in edges_of(G, "COORDINATES_WITH"):
        if u != v:
            partners[u].add(v)
            partners[v].add(u)
    for u, v, _, _ in edges_of(G, "MEMBER_OF"):
        forums[u].add(v)
    of = nations(G)
    out = {}
    for a in sorted(set(partners) | set(forums)):
        home = of[a]
        dom = sorted(p for p in partners[a] if of[p] == home)
        cross = sorted(p for p in partners[a] if of[p] != home)
        out[a] = {"total": len(dom) + len(cross) + len(forums[a]), "domestic": dom,
                  "cross_national": cross, "forums": sorted(forums[a])}
    return out


def brokers(G, *, exact_limit: int = EXACT_BETWEENNESS_LIMIT, k: int = BETWEENNESS_K,
            seed: int = BETWEENNESS_SEED) -> dict:
    """Brokers and single points of failure of the coordination network.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        A scenario graph.
    exact_limit : int
        Largest network (in actors) for exact betweenness; above it betweenness is
        estimated from ``k`` sample sources drawn with ``seed``.
    k, seed : int
        Sample size and random seed for the estimate.

    Returns
    -------
    dict
        ``{"method": "exact" | "sampled", "k", "seed", "actors", "links",
        "components", "outside_main": [[actors], ...], "betweenness": {actor: score},
        "articulation_points": [...], "bridges": [{"actors", "relationships"}]}``.
        ``outside_main`` lists the groups cut off from the largest connected part
        (largest first), i.e. posts that coordinate only among themselves.
        Betweenness is normalised (share of shortest paths between other actors
        that pass through one), rounded to 6 digits, highest first; ``k`` and ``seed`` are ``None`` when
        exact.  An articulation point is an actor whose loss splits its part of
        the network; a bridge a link whose loss does.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.MultiDiGraph([
    ...     ("us.cc", "us.jfc", {"type": "COORDINATES_WITH"}),
    ...     ("us.jfc", "jp.jjoc", {"type": "COORDINATES_WITH"})])
    >>> b = brokers(G)
    >>> b["method"], b["betweenness"]["us.jfc"], b["articulation_points"]
    ('exact', 1.0, ['us.jfc'])
    >>> [x["actors"] for x in b["bridges"]]
    [['jp.jjoc', 'us.jfc'], ['us.cc', 'us.jfc']]
    """
    import networkx as nx

    check_scenario_graph(G)
    if exact_limit < 0 or k < 1:
        raise ValueError("exact_limit must be >= 0 and k >= 1")
    H = coordination_network(G)
    n = H.number_of_nodes()
    if n <= exact_limit:
        method, k_used, seed_used = "exact", None, None
        scores = nx.betweenness_centrality(H, normalized=True)
    else:
        method, k_used, seed_used = "sampled", min(k, n), seed
        scores = nx.betweenness_centrality(H, k=k_used, normalized=True, seed=seed)
    rounded = {a: round(s, DIGITS) + 0.0 for a, s in scores.items()}
    ranking = sorted(rounded, key=lambda a: (-rounded[a], a))
    bridges = sorted(({"actors": sorted((u, v)), "relationships": H.edges[u, v]["relationships"]}
                      for u, v in nx.bridges(H)), key=lambda b: b["actors"])
    groups = sorted((sorted(c) for c in nx.connected_components(H)),
                    key=lambda c: (-len(c), c[0]))
    return {"method": method, "k": k_used, "seed": seed_used, "actors": n,
            "links": H.number_of_edges(), "components": len(groups),
            "outside_main": groups[1:],
            "betweenness": {a: rounded[a] for a in ranking},
            "articulation_points": sorted(nx.articulation_points(H)),
            "bridges": bridges}
