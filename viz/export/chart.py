"""The briefing org chart: a Graphviz ``dot`` layout drawn as SVG, PNG or PDF.

Why Graphviz: ``dot`` ranks a hierarchy, routes lines around boxes and measures text
with the real font, which is what a chart on a slide needs; the ``pygraphviz`` wheel
bundles Graphviz with cairo and pango, so nothing comes from the system.

How the chart is built:

* only ``COMMANDS`` and ``SUPERVISES`` rank the tree (``constraint=true``); advice,
  assistance, coordination, support, order transmission, dual hats and forum
  membership are drawn with ``constraint=false`` so they never disturb the ranks.  An
  actor that has no tree line at all (a staff, an adviser, a forum) hangs one rank
  below the highest actor it is linked to, by an invisible line;
* each nation is a cluster, side by side in ``style.NATION_ORDER`` order;
* a wide fan-out is wrapped into two rows, the same way under every parent
  (``fan_rows``), choosing among one row and two the chart drawn largest on a 16:9
  page; a shared authority is written once per fan-out, beside the parent, and a
  plain national ``COMMAND`` not at all (``shared_authority``, ``shown_authority``);
* the marking banner is the graph's own label (bottom) and the first row of the page
  cluster's label (top, with the title block); both are sized to the chart's width
  after a first layout;
* line styles and colours come from ``viz.style`` (the interactive view's too).
  Graphviz has no dash-dot pen, so ``SUPPORTS`` lines are cut into coloured and
  transparent pieces of fixed length along their route after the layout;
* every text is an HTML-like label built from escaped text, so names, titles and
  markings stay inert (no Graphviz escapes, no markup) in every output.

Large charts (more than ``PINNED_LIMIT`` actors): ``dot``'s crossing minimisation and
network-simplex placement take minutes at 5,000 actors, so ``layout_pinned`` places
the boxes with the interactive view's tidy tree (``viz.layout.hierarchy_layout``) and
Graphviz only sizes and draws them (``nop``/``nop2``).  Rows are then the command
depth, four or more leaf subordinates of one parent stand in two staggered rows
(instead of ``fan_rows``), nations are columns in their frames, every line is straight
and every authority label is placed by c2graph; boxes, legend, banners, styles and
escaping are the same.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

from c2graph.graph.schema import TREE_TYPES
from c2graph.viz import fonts, style
from c2graph.viz.export import measure
from c2graph.viz.export.common import BoxGrid, ChartOptions, ExportError
from c2graph.viz.export.furniture import bottom_label, nation_label, page_label
from c2graph.viz.export.graphviz_run import (bb, bb_text, bezier_polyline, dash_dot, draw,
                                             graphviz_stderr, html_sizes, spline_points)
from c2graph.viz.export.graphviz_style import edge_attrs, node_attrs
from c2graph.viz.export.labels import (authority_text, esc, nations_in, shared_authority,
                                       shown_authority)

#: Relationship types that rank the tree (the schema's tree role).
RANKING_TYPES = TREE_TYPES

#: Which neighbour a floating actor hangs below, best first.
ANCHOR_PREFERENCE = ("ASSISTS", "ADVISES", "TRANSMITS_ORDERS", "SUPPORTS",
                     "DUAL_HATTED_WITH", "MEMBER_OF", "COORDINATES_WITH")

FORMATS = ("svg", "png", "pdf", "dot")

#: Leaves with these lines going out (order transmitters, advisers) stay on the first row.
STAY_UP = ("TRANSMITS_ORDERS", "ADVISES", "ASSISTS")

#: Children a row may hold before a fan-out wraps (charts choose among these).
PER_ROW_CHOICES = (0, 12, 10, 8, 7, 6, 5, 4)

#: Above this many actors a chart wraps fans wider than about 8 without trying every
#: wrapping (``dot`` takes seconds to minutes per layout of a large organisation).
SEARCH_LIMIT = 400

#: Above this many actors, lines are straight: spline routing is superlinear.
SPLINE_LIMIT = 300

#: Above this many actors, ``dot`` no longer lays the chart out (it takes minutes at
#: 5,000); the interactive view's tree layout places the boxes (``layout_pinned``).
PINNED_LIMIT = 1200


def _anchors(g, stagger: dict[str, int] | None = None) -> tuple[dict[str, str], dict[str, int]]:
    """For every actor outside the tree, the actor it hangs one rank below; and every
    actor's rank (the longest tree path from a top, as ``dot`` ranks it)."""
    import networkx as nx

    stagger = stagger or {}
    tree = nx.DiGraph()
    tree.add_nodes_from(g.nodes)
    for u, v, key, d in g.edges(keys=True, data=True):
        if d.get("type") in RANKING_TYPES:
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
            if d.get("type") in RANKING_TYPES and g.nodes[v].get("nation") == nation:
                kids.setdefault(v, (v, key, d.get("type")))
        for u in list(kids):   # also a grandchild (two scenarios' union): its deeper parent places it
            if any(d.get("type") in RANKING_TYPES and w in kids
                   for w, _, d in g.in_edges(u, data=True) if w != parent):
                del kids[u]
        if len(kids) <= per_row:
            continue

        def has_subtree(v):
            return any(d.get("type") in RANKING_TYPES for *_, d in g.out_edges(v, data=True))

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


def _order_clusters(A, page, g) -> None:
    """Keep the nations left to right in ``NATION_ORDER``.

    ``dot`` orders unconnected clusters as crossing reduction pleases; a zero-size
    point per cluster, all on the top rank with the chains' tops and joined by
    invisible same-rank lines, fixes their order without adding a rank.
    """
    nations = nations_in(g)
    tops = [n for n in g.nodes if not any(d.get("type") in RANKING_TYPES
                                         for *_, d in g.in_edges(n, data=True))
            and any(d.get("type") in RANKING_TYPES for *_, d in g.out_edges(n, data=True))]
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
    left out: ``dot`` would reorder the nations to shorten them.  ``layout`` adds them
    back and routes them around the placed boxes.  ``pinned`` (a large chart, whose
    positions are set from outside: ``layout_pinned``) has no lines yet (the boxes
    are sized first), nor any helper that only steers ``dot`` (order points,
    invisible anchor lines, row stagger).
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
        if not late and d.get("type") in RANKING_TYPES and crosses_clusters(g, u, v, d):
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


def _label_fan_outs(A, g, opts: ChartOptions) -> BoxGrid:
    """Write a shared authority once per parent, beside the point its fan of command
    lines leaves it, on a free spot (after ``dot`` placed the boxes, before the lines
    are drawn).  It is the external label of the parent's most vertical line.

    Returns the boxes and labels placed (``layout_pinned`` places more labels)."""
    grid, pos = BoxGrid(150.0), {}
    for n in A.nodes_iter():
        if not n.attr.get("pos") or str(n).startswith("__order_"):
            continue
        x, y = (float(v) for v in n.attr["pos"].split(",")[:2])
        w, h = float(n.attr["width"]) * 72, float(n.attr["height"]) * 72
        pos[str(n)] = (x, y, w, h)
        grid.add((x - w / 2, y - h / 2, x + w / 2, y + h / 2))
    color = style.LINE_STYLES["COMMANDS"].color
    for parent, authority in sorted(shared_authority(g).items()):
        text = authority_text(shown_authority({"authority": authority}), opts.lang)
        lines = [(v, k) for _, v, k, d in g.out_edges(parent, keys=True, data=True)
                 if d.get("type") == "COMMANDS" and v in pos]
        if not text or not lines or parent not in pos:
            continue
        px, py, pw, ph = pos[parent]
        v, key = min(lines, key=lambda vk: (abs(pos[vk[0]][0] - px) /
                                            max(1.0, py - pos[vk[0]][1]), vk[1]))
        lw, lh = measure.text_width(text, 8.5) + 4, 8.5 * measure.LINE_CJK
        bottom = py - ph / 2
        spots = [(px + 3 + lw / 2, bottom - 2 - lh / 2), (px - 3 - lw / 2, bottom - 2 - lh / 2),
                 (px + pw / 2 + 3 + lw / 2, bottom + lh / 2),
                 (px - pw / 2 - 3 - lw / 2, bottom + lh / 2),
                 (px + 3 + lw / 2, bottom - 14 - lh / 2), (px - 3 - lw / 2, bottom - 14 - lh / 2)]
        x, y = next(((x, y) for x, y in spots if not grid.hits((x - lw / 2, y - lh / 2,
                                                                 x + lw / 2, y + lh / 2))),
                    spots[0])
        grid.add((x - lw / 2, y - lh / 2, x + lw / 2, y + lh / 2))
        A.get_edge(parent, v, key).attr.update(
            xlabel=('<<TABLE BORDER="0" CELLSPACING="0" CELLPADDING="1" BGCOLOR="#ffffffdd">'
                    f'<TR><TD><FONT POINT-SIZE="8.5" COLOR="{color}">{esc(text)}</FONT></TD>'
                    '</TR></TABLE>>'),
            xlp=f"{x:.2f},{y:.2f}")
    return grid


def _label_straight_lines(A, g, opts: ChartOptions, grid: BoxGrid) -> None:
    """Place the authority label of every straight line that has one (``lp``): beside
    the line near its middle, on a spot that covers no box or label.  Graphviz would
    place them itself, in seconds per pass on a large chart (its label R-tree)."""
    shared = shared_authority(g)
    for u, v, key, d in sorted(g.edges(keys=True, data=True), key=lambda e: e[2]):
        text = "" if u in shared else shown_authority(d)
        if not text:
            continue
        (ux, uy), (vx, vy) = (tuple(float(c) for c in A.get_node(n).attr["pos"].split(","))
                              for n in (u, v))
        text = authority_text(text, opts.lang)
        lw, lh = measure.text_width(text, 8.5) + 4, 8.5 * measure.LINE_CJK
        spots = []
        for t in (0.5, 0.4, 0.6, 0.3, 0.7):
            cx, cy = ux + (vx - ux) * t, uy + (vy - uy) * t
            spots += [(cx + 3 + lw / 2, cy), (cx - 3 - lw / 2, cy)]
        x, y = next(((x, y) for x, y in spots if not grid.hits((x - lw / 2, y - lh / 2,
                                                                 x + lw / 2, y + lh / 2))),
                    spots[0])
        grid.add((x - lw / 2, y - lh / 2, x + lw / 2, y + lh / 2))
        A.get_edge(u, v, key).attr["lp"] = f"{x:.2f},{y:.2f}"


def layout(g, opts: ChartOptions, legend: bool = True, lines: bool = True):
    """Build and lay out the chart; the banners are sized to its width on a second pass.

    Without ``opts.per_row`` the fan-outs are wrapped to fit a 16:9 page best.  Without
    ``lines`` (boxes only, for a renderer that draws its own lines) no line is routed.
    """
    if g.number_of_nodes() > PINNED_LIMIT:
        return layout_pinned(g, opts, legend)
    fonts.configure()
    if opts.per_row is None:
        opts = replace(opts, per_row=best_per_row(g, opts, legend))
    bare = opts.node_sizes is not None
    A = build(g, opts, None, legend, late=False)
    with graphviz_stderr():
        A.layout(prog="dot")
        if not bare:
            x0, _, x1, _ = bb(A.get_subgraph("cluster_page").graph_attr["bb"])
            A = build(g, opts, max(200.0, x1 - x0 - 24), legend, late=False)
            A.layout(prog="dot")
        if bare and not lines:
            return A
        shared = shared_authority(g)
        for u, v, key, d in sorted(g.edges(keys=True, data=True), key=lambda e: e[2]):
            if crosses_clusters(g, u, v, d):
                A.add_edge(u, v, key=key, **line_attrs(g, u, key, d, opts, shared))
        if not bare:
            _label_fan_outs(A, g, opts)
        # obstacle-avoiding splines cost minutes past a few hundred actors (measured:
        # 1,000 actors ~13 min); large charts get straight lines, drawn in seconds
        big = g.number_of_nodes() > SPLINE_LIMIT
        A.graph_attr["splines"] = "line" if big else "true"
        A.layout(prog="nop2")
    if not bare:
        _frame(A)
    dash_dot(A)
    return A


def layout_pinned(g, opts: ChartOptions, legend: bool = True):
    """A large chart: boxes placed by ``viz.layout.hierarchy_layout``, Graphviz only
    sizes the boxes and draws (``nop`` / ``nop2``).

    ``dot``'s crossing minimisation and network-simplex placement grow much faster
    than the chart (5,000 actors: minutes); the tidy tree of the interactive view
    places them in about a second.  What changes from a ``dot`` chart: rows are the
    command depth (the view's rows, the same in ``c2graph view``), four or more leaf
    subordinates of one parent stand in two staggered rows instead of ``fan_rows``'
    wrapping, nations are columns side by side with their frames drawn around them,
    and every line is straight.  Boxes, labels, legend, banners and styles are the
    same as below the limit.
    """
    from c2graph.viz.layout import hierarchy_layout

    fonts.configure()
    bare = opts.node_sizes is not None
    A = build(g, opts, None, legend, pinned=True)
    A.graph_attr["splines"] = "line"
    with graphviz_stderr():
        if bare:
            size = dict(opts.node_sizes)
        else:   # Graphviz sizes every box with its own fonts (no lines yet, all at 0,0)
            A.node_attr["pos"] = "0,0"
            A.layout(prog="nop")
            size = {str(n): (float(n.attr["width"]) * 72, float(n.attr["height"]) * 72)
                    for n in A.nodes_iter()}
    shared = shared_authority(g)
    for u, v, key, d in sorted(g.edges(keys=True, data=True), key=lambda e: e[2]):
        A.add_edge(u, v, key=key, **line_attrs(g, u, key, d, opts, shared))
    by_attrs = {id(d): size[n] for n, d in g.nodes(data=True)}
    place = hierarchy_layout(g, size=lambda d: by_attrs.get(id(d)) or size[d["id"]])
    pos = {n: (p.x, -p.y) for n, p in place.items()}   # Graphviz: y up
    nations = nations_in(g)
    if bare:
        labels = {n: (opts.cluster_label_sizes or {}).get(n, (1.0, 1.0)) for n in nations}
    else:
        labels = html_sizes({n: nation_label(n, opts) for n in nations})
    frames, label_at = {}, {}
    members: dict[str, list[str]] = {}
    for n in pos:
        members.setdefault(g.nodes[n].get("nation", "COMBINED"), []).append(n)
    for nation in nations:   # the frame as ``dot`` draws it: margin 12, title on top
        lw, lh = labels[nation]
        x0 = min(pos[n][0] - size[n][0] / 2 for n in members[nation]) - 12
        x1 = max(pos[n][0] + size[n][0] / 2 for n in members[nation]) + 12
        y0 = min(pos[n][1] - size[n][1] / 2 for n in members[nation]) - 12
        y1 = max(pos[n][1] + size[n][1] / 2 for n in members[nation]) + 12 + lh + 4
        grow = max(0.0, lw + 16 - (x1 - x0)) / 2
        frames[nation] = (x0 - grow, y0, x1 + grow, y1)
        label_at[nation] = ((x0 + x1) / 2, y1 - 2 - lh / 2)
    x0 = min(f[0] for f in frames.values()) - 10
    x1 = max(f[2] for f in frames.values()) + 10
    y0 = min(f[1] for f in frames.values()) - 10
    y1 = max(f[3] for f in frames.values()) + 10
    page = A.get_subgraph("cluster_page")
    bottom_h = 0.0
    if not bare:   # the banners as wide as the chart (``dot`` charts: a second pass)
        banner = max(200.0, x1 - x0 - 24)
        label, bottom = page_label(g, opts, banner, legend), bottom_label(opts, banner)
        sizes = html_sizes({"page": label, "bottom": bottom})
        lw, lh = sizes["page"]
        grow = max(0.0, lw + 20 - (x1 - x0)) / 2
        x0, x1, y1 = x0 - grow, x1 + grow, y1 + lh
        bottom_h = sizes["bottom"][1]
        page.graph_attr["label"] = label
        label_at["page"] = ((x0 + x1) / 2, y1 - lh / 2)
        A.graph_attr.update(label=bottom,
                            lp=f"{(x1 - x0) / 2:.2f},{bottom_h / 2:.2f}")
    # positive coordinates from (0, 0), room for the bottom banner: nothing to translate
    dx, dy = -x0, bottom_h - y0

    def at(x, y):
        return f"{x + dx:.2f},{y + dy:.2f}"

    for n, (x, y) in pos.items():
        A.get_node(n).attr["pos"] = at(x, y)
    for nation, (fx0, fy0, fx1, fy1) in frames.items():
        page.get_subgraph(f"cluster_{nation}").graph_attr.update(
            bb=bb_text((fx0 + dx, fy0 + dy, fx1 + dx, fy1 + dy)), lp=at(*label_at[nation]))
    page.graph_attr["bb"] = bb_text((0, bottom_h, x1 - x0, y1 + dy))
    if "page" in label_at:
        page.graph_attr["lp"] = at(*label_at["page"])
    A.graph_attr["bb"] = bb_text((0, 0, x1 - x0, y1 + dy))
    if not bare:   # every label placed here: Graphviz's own placement is slow
        _label_straight_lines(A, g, opts, _label_fan_outs(A, g, opts))
    with graphviz_stderr():
        A.layout(prog="nop2")
    if not bare:
        _frame(A)
    dash_dot(A)
    return A


def row_choices(g) -> list[int]:
    """The distinct ways of wrapping ``g``'s fan-outs, fewest wrapped first (0: none)."""
    seen, out = [], []
    for per_row in PER_ROW_CHOICES:
        rows = fan_rows(g, per_row)
        if rows not in seen:
            seen.append(rows)
            out.append(per_row)
    return out


def best_per_row(g, opts: ChartOptions, legend: bool = True, page=(16.0, 9.0)) -> int:
    """The fan-out wrapping that lets the chart be drawn largest on a 16:9 page
    (fewer rows when two are within 3 %)."""
    choices = row_choices(g)
    if len(choices) == 1:
        return choices[0]
    if g.number_of_nodes() > SEARCH_LIMIT:   # each layout takes seconds: no search
        return min(choices, key=lambda c: (abs(c - 8) if c else 99, c))
    best, best_scale = choices[0], 0.0
    with graphviz_stderr():
        for per_row in choices:
            A = build(g, replace(opts, per_row=per_row), None, legend, late=False)
            A.layout(prog="dot")
            _, _, w, h = bb(A.graph_attr["bb"])
            scale = min(page[0] / max(w, 1.0), page[1] / max(h, 1.0))
            if scale > best_scale * 1.03:
                best, best_scale = per_row, scale
    return best


def _frame(A, margin: float = 14.0) -> None:
    """Clip the drawing to the page cluster and the bottom banner.

    The ``nop2`` pass (routing the lines between nations around the placed boxes)
    shifts the layout and reserves room for invisible helpers; the viewport keeps
    the picture exactly around what is drawn.
    """
    x0, y0, x1, y1 = bb(A.get_subgraph("cluster_page").graph_attr["bb"])
    _, lp_y = (float(v) for v in A.graph_attr["lp"].split(","))
    bottom = max(0.0, lp_y - 14)
    box = (x0 - margin, bottom - margin, x1 + margin, y1 + margin)
    A.content_box = box
    w, h = box[2] - box[0], box[3] - box[1]
    A.graph_attr["viewport"] = (f"{w:.2f},{h:.2f},1,{(box[0] + box[2]) / 2:.2f},"
                                f"{(box[1] + box[3]) / 2:.2f}")


def render(A, fmt: str, dpi: int = 200) -> bytes:
    """Draw a laid-out chart (positions kept: ``nop2``)."""
    if fmt not in FORMATS:
        raise ExportError(f"unknown chart format {fmt!r}; expected one of {', '.join(FORMATS)}")
    if fmt == "dot":
        return A.string().encode("utf-8")
    return draw(A, fmt, dpi)


def source_dot(g, opts: ChartOptions) -> bytes:
    """The chart's Graphviz source, unlaid, for users who render it themselves."""
    return build(g, opts, None).string().encode("utf-8")


@dataclass(frozen=True)
class Box:
    x: float   # centre, points, y downwards from the top of the page
    y: float
    w: float
    h: float


@dataclass
class Geometry:
    width: float
    height: float
    nodes: dict[str, Box]
    edges: dict[str, list[tuple[float, float]]]   # relationship id -> polyline, y down
    clusters: dict[str, tuple[float, float, float, float]]   # name -> (x0, y0, x1, y1), y down


def geometry(g, opts: ChartOptions, lines: bool = True) -> Geometry:
    """Positions of actors, routes of lines and nation frames from the chart's layout
    (``lines=False``: no routes, for a renderer that draws its own straight lines)."""
    A = layout(g, opts, legend=False, lines=lines)
    _, _, W, H = bb(A.graph_attr["bb"])
    nodes = {}
    for n in A.nodes():
        if str(n) not in g:
            continue
        x, y = (float(v) for v in n.attr["pos"].split(",")[:2])
        nodes[str(n)] = Box(x, H - y, float(n.attr["width"]) * 72, float(n.attr["height"]) * 72)
    edges = {}
    for u, v, key in A.edges(keys=True):
        if not key or str(key).startswith(("anchor:", "order:")):
            continue
        pos = A.get_edge(u, v, key).attr.get("pos")
        if pos:
            edges[str(key)] = [(x, H - y) for x, y in bezier_polyline(spline_points(pos), 6)]
    clusters = {}
    for sub in A.get_subgraph("cluster_page").subgraphs():
        x0, y0, x1, y1 = bb(sub.graph_attr["bb"])
        clusters[sub.name] = (x0, H - y1, x1, H - y0)
    return Geometry(W, H, nodes, edges, clusters)
