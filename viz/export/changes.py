"""What a scenario changes against its base, marked on the graph a chart draws.

A briefer's first question about a reform chart is "what is new?".  ``with_changes``
returns the scenario's graph with every actor and relationship marked by the key
``CHANGE`` (``added``, ``changed`` or absent) and, so the chart can show them ghosted,
the base's actors and relationships that the scenario removed (``removed``).  The
comparison is ``graph.diff.diff_graphs``: the same answer ``c2graph diff`` gives.
"""

from __future__ import annotations

CHANGE = "_change"
#: What the chart says of each change (``en``, ``ja``).
WORDS = {"added": ("new", "新設"), "changed": ("changed", "変更"), "removed": ("removed", "廃止")}
HIGHLIGHT = "#ea580c"      # the outline and halo of what is new or changed
GHOST = "#9ca3af"          # what was removed


def with_changes(g, base):
    """A copy of ``g`` marked against ``base`` (see the module doc); ``g`` itself when
    there is no base to compare with."""
    if base is None:
        return g
    from c2graph.graph.diff import diff_graphs

    out = g.copy()
    out.graph.update(g.graph)
    out.graph["compared_with"] = base.graph.get("id")
    for row in diff_graphs(base, g):
        change, item, rid = row["change"], row["item"], row["id"]
        if item == "actor":
            if change == "removed":
                out.add_node(rid, **dict(base.nodes[rid]), **{CHANGE: "removed"})
            else:
                out.nodes[rid][CHANGE] = change
    for row in diff_graphs(base, g):
        change, item, rid = row["change"], row["item"], row["id"]
        if item != "relationship":
            continue
        if change == "removed":
            u, v, d = next((u, v, d) for u, v, k, d in base.edges(keys=True, data=True)
                           if k == rid)
            for end in (u, v):   # an end removed with it is already a ghost
                if end not in out:
                    out.add_node(end, **dict(base.nodes[end]), **{CHANGE: "removed"})
            out.add_edge(u, v, key=rid, **dict(d), **{CHANGE: "removed"})
        else:
            u, v = next((u, v) for u, v, k in out.edges(keys=True) if k == rid)
            out.edges[u, v, rid][CHANGE] = change
    return out


def change_of(attrs: dict) -> str | None:
    return attrs.get(CHANGE)


def change_word(change: str, lang: str) -> str:
    en, ja = WORDS[change]
    return {"en": en, "ja": ja}.get(lang, f"{en} {ja}")


def counts(g) -> dict[str, int]:
    """How many actors and relationships of each change a marked graph holds."""
    out: dict[str, int] = {}
    for _, d in g.nodes(data=True):
        if d.get(CHANGE):
            out[f"actors {d[CHANGE]}"] = out.get(f"actors {d[CHANGE]}", 0) + 1
    for *_, d in g.edges(data=True):
        if d.get(CHANGE):
            out[f"lines {d[CHANGE]}"] = out.get(f"lines {d[CHANGE]}", 0) + 1
    return out
