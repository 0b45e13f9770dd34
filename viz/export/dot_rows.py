"""How a wide fan-out wraps into rows on the ``dot`` chart.

Why its own module: the wrapping is one decision with rules of its own (``fan_rows``:
which children go on the second row, the same way under every parent), and ``dot``
sees it only as the ``minlen`` of tree lines that ``dot_graph`` sets.  ``row_choices``
lists the distinct wrappings of a chart; ``dot_layout.best_per_row`` picks the one
drawn largest on a 16:9 page.
"""

from __future__ import annotations

from c2graph.graph.schema import TREE_TYPES

#: Leaves with these lines going out (order transmitters, advisers) stay on the first row.
STAY_UP = ("TRANSMITS_ORDERS", "ADVISES", "ASSISTS")

#: Children a row may hold before a fan-out wraps (charts choose among these).
PER_ROW_CHOICES = (0, 12, 10, 8, 7, 6, 5, 4)


def fan_rows(g, per_row: int | None, max_rows: int = 2,
             widths: dict[str, float] | None = None) -> dict[str, int]:
    """``minlen`` of the tree lines to the children of a wide fan-out, wrapped into rows.

    A Secretary of Defense over eleven combatant commands would otherwise make a chart
    far wider than a slide.  The children of a parent with more than ``per_row`` of
    them are wrapped into two rows (``max_rows``; a third row would read as another
    level) as even as possible, the same way under every parent: what the parent supervises
    (staffs, agencies) and children that advise or pass orders on come first, then the
    leaf commands, and commands with subordinates of their own go on the last row, so
    their subtrees hang below every row and no row mixes levels.  With the boxes'
    ``widths`` known, rows are evened out by width rather than by count.
    """
    out: dict[str, int] = {}
    if not per_row:
        return out
    for parent in sorted(g.nodes):
        nation = g.nodes[parent].get("nation")
        kids: dict[str, tuple] = {}
        for _, v, key, d in sorted(g.out_edges(parent, keys=True, data=True), key=lambda e: e[2]):
            if d.get("type") in TREE_TYPES and g.nodes[v].get("nation") == nation:
                kids.setdefault(v, (v, key, d.get("type")))
        for u in list(kids):   # also a grandchild (two scenarios' union): its deeper parent places it
            if any(d.get("type") in TREE_TYPES and w in kids
                   for w, _, d in g.in_edges(u, data=True) if w != parent):
                del kids[u]
        if len(kids) <= per_row:
            continue

        def has_subtree(v):
            return any(d.get("type") in TREE_TYPES for *_, d in g.out_edges(v, data=True))

        def first(v, rtype):
            return rtype != "COMMANDS" or any(d.get("type") in STAY_UP
                                              for *_, d in g.out_edges(v, data=True))

        inner = [k for k in kids.values() if has_subtree(k[0])]
        rest = sorted((k for k in kids.values() if not has_subtree(k[0])),
                      key=lambda k: (not first(k[0], k[2]), k[0]))
        count = min(max_rows, -(-len(kids) // per_row))

        def width(k):
            return (widths or {}).get(k[0], 1.0)

        target = sum(width(k) for k in kids.values()) / count
        rows: list[list[tuple]] = [[] for _ in range(count)]
        rows[-1] = list(inner)      # may overfill the last row: subtrees stay below all
        load = [0.0] * (count - 1) + [sum(width(k) for k in inner)]
        i = 0
        for k in rest:
            while i < count - 1 and load[i] + width(k) / 2 > target:
                i += 1
            rows[i].append(k)
            load[i] += width(k)
        for r, row in enumerate(rows):
            for _, key, _ in row:
                if r:
                    out[key] = r + 1
    return out


def row_choices(g) -> list[int]:
    """The distinct ways of wrapping ``g``'s fan-outs, fewest wrapped first (0: none)."""
    seen, out = [], []
    for per_row in PER_ROW_CHOICES:
        rows = fan_rows(g, per_row)
        if rows not in seen:
            seen.append(rows)
            out.append(per_row)
    return out
