"""Whole-scenario rules that a single line of input cannot break on its own.

The loader runs these after every per-item check, on every materialised scenario,
so a dataset is refused before anything is written.  They work on the model objects
(not on a store) and report ``Problem`` values carrying the offending line.
"""

from __future__ import annotations

from c2graph.graph.model import Problem, Scenario


def command_cycles(scenario: Scenario) -> list[list[str]]:
    """Every elementary cycle of ``COMMANDS`` relationships, as lists of actor ids."""
    edges = [(r.source, r.target) for r in scenario.relationships.values()
             if r.type == "COMMANDS"]
    if _acyclic(edges):  # the usual case, in linear time: no graph, no cycle search
        return []
    import networkx as nx

    g = nx.DiGraph()
    g.add_edges_from(edges)
    return [c for c in nx.simple_cycles(g)]


def _acyclic(edges: list[tuple[str, str]]) -> bool:
    """Kahn's algorithm on plain dicts: whether the directed edges contain no cycle."""
    children: dict[str, list[str]] = {}
    indegree: dict[str, int] = {}
    for a, b in edges:
        children.setdefault(a, []).append(b)
        indegree[b] = indegree.get(b, 0) + 1
        indegree.setdefault(a, 0)
    ready = [n for n, d in indegree.items() if d == 0]
    seen = 0
    while ready:
        node = ready.pop()
        seen += 1
        for child in children.get(node, ()):
            indegree[child] -= 1
            if indegree[child] == 0:
                ready.append(child)
    return seen == len(indegree)


def cross_national_commands(scenario: Scenario) -> list:
    """``COMMANDS`` relationships joining two nations' chains outside a COMBINED body."""
    bad = []
    for rel in scenario.relationships.values():
        if rel.type != "COMMANDS":
            continue
        a, b = scenario.actors[rel.source], scenario.actors[rel.target]
        if a.nation != b.nation and "COMBINED" not in (a.nation, b.nation):
            bad.append(rel)
    return bad


def scenario_problems(scenario: Scenario) -> list[Problem]:
    """The rule violations of one scenario, each with the line that causes it."""
    problems: list[Problem] = []
    for cycle in command_cycles(scenario):
        first = min(cycle)
        i = cycle.index(first)
        cycle = cycle[i:] + cycle[:i]
        rels = [scenario.relationships[f"{a}-COMMANDS->{b}"]
                for a, b in zip(cycle, cycle[1:] + cycle[:1])]
        # the relationship defined last is the one that closed the cycle
        origins = [r.origin for r in rels if r.origin]
        origin = max(origins, key=lambda o: (o.path, o.line)) if origins else None
        path = " -> ".join(cycle + [cycle[0]])
        problems.append(Problem(origin, f"COMMANDS cycle: {path}"))
    for rel in cross_national_commands(scenario):
        a, b = scenario.actors[rel.source], scenario.actors[rel.target]
        problems.append(Problem(
            rel.origin,
            f"cross-national command {rel.source} ({a.nation}) -> {rel.target} ({b.nation}):"
            f" the chains of two nations may meet only in a COMBINED body"))
    return problems
