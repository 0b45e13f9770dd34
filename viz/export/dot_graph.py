"""The ``dot`` chart's Graphviz graph before any layout: what ``c2graph export dot``
writes for users to render themselves, and what ``dot_layout`` lays out.

Why Graphviz: ``dot`` ranks a hierarchy, routes lines around boxes and measures text
with the real font; the ``pygraphviz`` wheel bundles Graphviz with cairo and pango, so
nothing comes from the system.  The graph steers ``dot`` this way:

* only ``COMMANDS`` and ``SUPERVISES`` (the schema's tree types) rank the tree
  (``constraint=true``); advice, assistance, coordination, support, order transmission,
  dual hats and forum membership are drawn with ``constraint=false`` so they never
  disturb the ranks.  An actor that has no tree line at all (a staff, an adviser, a
  forum) hangs one rank below the highest actor it is linked to, by an invisible line;
* each nation is a cluster, side by side in ``style.NATION_ORDER`` order;
* a wide fan-out is wrapped into rows (``dot_rows``); a shared authority is written
  once per fan-out, beside the parent, and a plain national ``COMMAND`` not at all
  (``labels.shared_authority``, ``dot_authority``);
* the marking banner is the graph's own label (bottom) and the first row of the page
  cluster's label (top, with the title block: ``furniture``);
* boxes and lines look as ``graphviz_style`` says (the engine-drawn chart's too), and
  every text is an HTML-like label built from escaped text, so names, titles and
  markings stay inert (no Graphviz escapes, no markup) in every output.
"""

from __future__ import annotations

import math

from c2graph.graph.schema import TREE_TYPES
from c2graph.viz import fonts, style
from c2graph.viz.export.common import ChartOptions
from c2graph.viz.export.dot_rows import fan_rows
from c2graph.viz.export.furniture import bottom_label, nation_label, page_label
from c2graph.viz.export.graphviz_style import edge_attrs, node_attrs
from c2graph.viz.export.labels import nations_in, shared_authority

#: Which neighbour a floating actor hangs below, best first.
ANCHOR_PREFERENCE = ("ASSISTS", "ADVISES", "TRANSMITS_ORDERS", "SUPPORTS",
                     "DUAL_HATTED_WITH", "MEMBER_OF", "COORDINATES_WITH")


def _anchors(g, stagger: dict[str, int] | None = None) -> tuple[dict[str, str], dict[str, int]]:
    """For every actor outside the tree, the actor it hangs one rank below; and every
    actor's rank (the longest tree path from a top, as ``dot`` ranks it)."""
    import networkx as nx

    stagger = stagger or {}
    tree = nx.DiGraph()
    tree.add_nodes_from(g.nodes)
    for u, v, key, d in g.edges(keys=True, data=True):
        if d.get("type") in TREE_TYPES:
            tree.add_edge(u, v, minlen=max(stagger.get(key, 1),
                                           tree.edges[u, v]["minlen"] if tree.has_edge(u, v) else 1))
    in_tree = {n for n in tree if tree.degree(n)}
    depth: dict[str, int] = {}
    if nx.is_directed_acyclic_graph(tree):
        for n in nx.topological_sort(tree):
            depth[n] = max((depth[u] + tree.edges[u, n]["minlen"] for u in tree.predecessors(n)),
                           default=0)
        depth = {n: r for n, r in depth.items() if n in in_tree}
    else:
        for root in sorted(n for n in in_tree if tree.in_degree(n) == 0):
            for n, dist in nx.single_source_shortest_path_length(tree, root).items():
                depth[n] = min(depth.get(n, dist), dist)
    anchors: dict[str, str] = {}
    placed = dict(depth)
    pending = sorted(n for n in g.nodes if n not in in_tree)
    while pending:
        progress = False
        for n in list(pending):
            best = None
            for u, v, d in list(g.in_edges(n, data=True)) + list(g.out_edges(n, data=True)):
                other = u if v == n else v
                if other not in placed:
                    continue
                pref = ANCHOR_PREFERENCE.index(d["type"]) if d.get("type") in ANCHOR_PREFERENCE \
                    else len(ANCHOR_PREFERENCE)
                key = (placed[other], pref, other)
                if best is None or key < best[0]:
                    best = (key, other)
            if best:
                anchors[n] = best[1]
                placed[n] = best[0][0] + 1
                pending.remove(n)
                progress = True
        if not progress:
            break  # the rest are isolated: they sit on the top rank
    return anchors, placed


def _order_clusters(A, page, g) -> None:
    """Keep the nations left to right in ``NATION_ORDER``.

    ``dot`` orders unconnected clusters as crossing reduction pleases; a zero-size
    point per cluster, all on the top rank with the chains' tops and joined by
    invisible same-rank lines, fixes their order without adding a rank.
    """
    nations = nations_in(g)
    tops = [n for n in g.nodes if not any(d.get("type") in TREE_TYPES
                                         for *_, d in g.in_edges(n, data=True))
            and any(d.get("type") in TREE_TYPES for *_, d in g.out_edges(n, data=True))]
    points = []
    for nation in nations:
        name = f"__order_{nation}__"
        page.get_subgraph(f"cluster_{nation}").add_node(
            name, shape="point", width="0.01", height="0.01", style="invis", label="")
        points.append(name)
    A.add_subgraph(points + sorted(tops), name="order_top", rank="same")
    for left, right in zip(points, points[1:]):
        A.add_edge(left, right, key=f"order:{left}", style="invis", weight="10")


def crosses_clusters(g, u: str, v: str, data: dict) -> bool:
    """A line between two nations: routed after the layout, not by it.

    ``dot`` would reorder the nations to shorten such lines; a tree line between
    nations (a combined command under a national authority) keeps its rank through an
    invisible line from the nation's top instead.
    """
    return g.nodes[u].get("nation") != g.nodes[v].get("nation")


def build(g, opts: ChartOptions, banner_width: float | None = None, legend: bool = True,
          late: bool = True, pinned: bool = False):
    """The un-laid-out ``pygraphviz.AGraph`` of a chart.

    With ``late=False`` the lines between nations that are not part of the tree are
    left out: ``dot`` would reorder the nations to shorten them.  ``dot_layout.layout``
    adds them back and routes them around the placed boxes.  ``pinned`` (a large chart,
    whose positions are set from outside: ``dot_pinned.layout_pinned``) has no lines
    yet (the boxes are sized first), nor any helper that only steers ``dot`` (order
    points, invisible anchor lines, row stagger).
    """
    import pygraphviz as pgv

    bare = opts.node_sizes is not None   # geometry for another renderer: boxes only
    A = pgv.AGraph(directed=True, strict=False, name="c2graph")
    A.graph_attr.update(
        rankdir="TB", newrank="true", nodesep=f"{opts.nodesep:.2f}", ranksep=f"{opts.ranksep:.2f}",
        pad="0.3",
        fontname=fonts.FAMILY, outputorder="edgesfirst", bgcolor="white",
        labelloc="b", label="" if bare else bottom_label(opts, banner_width))
    A.node_attr.update(fontname=fonts.FAMILY, fontsize="11", margin="0.06,0.04",
                       height="0.45")
    A.edge_attr.update(fontname=fonts.FAMILY, fontsize="9", arrowsize="0.7")
    page = A.add_subgraph(name="cluster_page", labelloc="t", color="#ffffff00", margin="10",
                          label="" if bare else page_label(g, opts, banner_width, legend))
    by_nation: dict[str, list[str]] = {}
    for n, d in g.nodes(data=True):
        by_nation.setdefault(d.get("nation", "COMBINED"), []).append(n)
    for nation in nations_in(g):
        if bare:   # the other renderer's measured label: an empty cell of its size
            lw, lh = (opts.cluster_label_sizes or {}).get(nation, (1.0, 1.0))
            label = ('<<TABLE BORDER="0" CELLSPACING="0" CELLPADDING="0"><TR><TD FIXEDSIZE="TRUE"'
                     f' WIDTH="{math.ceil(lw)}" HEIGHT="{math.ceil(lh)}"></TD></TR></TABLE>>')
        else:
            label = nation_label(nation, opts)
        sub = page.add_subgraph(
            name=f"cluster_{nation}", style="rounded,filled",
            fillcolor=style.NATION_FILLS.get(nation, "#f3f4f6") + "55",
            color=style.NATION_COLORS.get(nation, "#6b7280"), penwidth="1.2",
            label=label, labelloc="t", margin="12")
        for n in sorted(by_nation[nation]):
            attrs = node_attrs(g.nodes[n], opts.lang, opts.wrap, opts.compact, text=not bare)
            if bare:
                w, h = opts.node_sizes[n]
                attrs.update(fixedsize="true", width=f"{w / 72:.4f}", height=f"{h / 72:.4f}",
                             label="", margin="0")
            sub.add_node(n, **attrs)
    if pinned:
        return A
    shared = shared_authority(g)
    _order_clusters(A, page, g)
    widths = {n: w for n, (w, _) in (opts.node_sizes or {}).items()} or None
    stagger = fan_rows(g, opts.per_row, widths=widths)
    anchors, depth = _anchors(g, stagger)
    for u, v, key, d in sorted(g.edges(keys=True, data=True), key=lambda e: e[2]):
        if not late and d.get("type") in TREE_TYPES and crosses_clusters(g, u, v, d):
            A.add_edge(f"__order_{g.nodes[v].get('nation', 'COMBINED')}__", v,
                       key=f"anchor:{key}", style="invis", weight="0", constraint="true",
                       minlen=str(depth.get(v, 1)), arrowhead="none")
    hanging: dict[str, list[str]] = {}
    for n, anchor in sorted(anchors.items()):
        hanging.setdefault(anchor, []).append(n)
    for n, anchor in sorted(anchors.items()):
        if g.nodes[anchor].get("nation") == g.nodes[n].get("nation"):
            siblings = hanging[anchor]   # many hanging on one actor: two rows
            minlen = 1 + siblings.index(n) % 2 if len(siblings) > 3 else 1
            A.add_edge(anchor, n, key=f"anchor:{n}", style="invis", weight="1",
                       constraint="true", arrowhead="none", minlen=str(minlen))
        else:  # same rank, without a line between nations that would reorder them
            A.add_edge(f"__order_{g.nodes[n].get('nation', 'COMBINED')}__", n,
                       key=f"anchor:{n}", style="invis", weight="2", constraint="true",
                       minlen=str(depth[n]), arrowhead="none")
    for u, v, key, d in sorted(g.edges(keys=True, data=True), key=lambda e: e[2]):
        if late or not crosses_clusters(g, u, v, d):
            attrs = line_attrs(g, u, key, d, opts, shared)
            if key in stagger:
                attrs["minlen"] = str(stagger[key])
            A.add_edge(u, v, key=key, **attrs)
    return A


def line_attrs(g, u: str, key: str, d: dict, opts: ChartOptions,
               shared: dict[str, str] | None = None) -> dict:
    """A line's Graphviz attributes; a fan-out sharing one authority labels it once,
    near the parent, on its first line (none on a geometry-only layout).

    ``shared`` is ``shared_authority(g)``, computed once by the caller (it walks the
    whole graph: once per line made the chart quadratic, 85 % of 1,000 actors' time).
    """
    if opts.node_sizes is not None:
        return edge_attrs(d, opts.lang, label=False)
    if shared is None:
        shared = shared_authority(g)
    return edge_attrs(d, opts.lang, label=u not in shared)


def source_dot(g, opts: ChartOptions) -> bytes:
    """The chart's Graphviz source, unlaid, for users who render it themselves."""
    return build(g, opts, None).string().encode("utf-8")
