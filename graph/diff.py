"""What differs between two scenarios: actors and relationships, item by item.

Works on the ``networkx`` graphs a store reads back (``store.read_graph``), so it sees
every property, not only those a query returns.  The canned ``scenario-diff`` query
answers the relationship half of the same question in Cypher; the tests hold the two
to the same answer.  Sources are compared as sets (their order in a file means
nothing).
"""

from __future__ import annotations

from c2graph.graph.schema import RELATIONSHIP_FIELDS

#: What a relationship present in both scenarios may differ in (its id is its key).
REL_FIELDS = tuple(k for k in RELATIONSHIP_FIELDS if k != "id")


def _actors(g) -> dict[str, dict]:
    return {n: dict(attrs) for n, attrs in g.nodes(data=True)}


def _relationships(g) -> dict[str, dict]:
    return {key: {"source": u, "target": v, **attrs}
            for u, v, key, attrs in g.edges(keys=True, data=True)}


def _same(field: str, a, b) -> bool:
    if field == "sources":
        return set(a or ()) == set(b or ())
    return a == b


def _show(value) -> str:
    if value is None:
        return "(none)"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(str(v) for v in value) + "]"
    text = str(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _changes(before: dict, after: dict, fields) -> list[str]:
    out = []
    for f in fields:
        a, b = before.get(f), after.get(f)
        if _same(f, a, b):
            continue
        if f == "sources":
            added = sorted(set(b or ()) - set(a or ()))
            removed = sorted(set(a or ()) - set(b or ()))
            parts = [f"+{s}" for s in added] + [f"-{s}" for s in removed]
            out.append(f"sources {' '.join(parts)}")
        elif f == "note":
            out.append("note")
        else:
            out.append(f"{f}: {_show(a)} -> {_show(b)}")
    return out


def diff_graphs(before, after) -> list[dict]:
    """Rows ``{change, item, id, details, changed, before, after}``, actors first.

    ``change`` is added / removed / changed; ``changed`` names the fields that differ;
    ``before`` and ``after`` hold the item's properties in each scenario (or None).
    """
    rows = []
    a1, a2 = _actors(before), _actors(after)
    actor_fields = sorted((set().union(*a1.values(), *a2.values()) if a1 or a2 else set())
                          - {"id"})
    for aid in sorted(a1.keys() | a2.keys()):
        x, y = a1.get(aid), a2.get(aid)
        if x is None:
            rows.append(_row("added", "actor", aid, _actor_summary(y), [], None, y))
        elif y is None:
            rows.append(_row("removed", "actor", aid, _actor_summary(x), [], x, None))
        elif x != y:  # most actors are untouched: one C comparison, not one per field
            changed = [f for f in actor_fields if not _same(f, x.get(f), y.get(f))]
            if changed:
                rows.append(_row("changed", "actor", aid,
                                 "; ".join(_changes(x, y, changed)), changed, x, y))
    r1, r2 = _relationships(before), _relationships(after)
    for rid in sorted(r1.keys() | r2.keys()):
        x, y = r1.get(rid), r2.get(rid)
        if x is None:
            rows.append(_row("added", "relationship", rid, _rel_summary(y), [], None, y))
        elif y is None:
            rows.append(_row("removed", "relationship", rid, _rel_summary(x), [], x, None))
        elif x != y:
            changed = [f for f in REL_FIELDS if not _same(f, x.get(f), y.get(f))]
            if changed:
                rows.append(_row("changed", "relationship", rid,
                                 "; ".join(_changes(x, y, changed)), changed, x, y))
    order = {"removed": 0, "added": 1, "changed": 2}
    rows.sort(key=lambda r: (r["item"] != "actor", order[r["change"]], r["id"]))
    return rows


def _row(change, item, id_, details, changed, before, after) -> dict:
    return {"change": change, "item": item, "id": id_, "details": details,
            "changed": changed, "before": before, "after": after}


def _actor_summary(a: dict) -> str:
    return f"{a.get('name_en')} ({a.get('nation')}, {a.get('kind')}, {a.get('status')})"


def _rel_summary(r: dict) -> str:
    return r["authority"] if r.get("authority") else r.get("type", "")


def summary(rows: list[dict]) -> str:
    """'2 relationship(s) added, 1 removed; 1 actor(s) changed' or 'no differences'."""
    parts = []
    for item in ("relationship", "actor"):
        counts = [(c, sum(1 for r in rows if r["item"] == item and r["change"] == c))
                  for c in ("added", "removed", "changed")]
        counts = [f"{n} {c}" for c, n in counts if n]
        if counts:
            parts.append(f"{item}s: " + ", ".join(counts))
    return "; ".join(parts) if parts else "no differences"
