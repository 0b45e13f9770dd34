"""The interactive view: one self-contained HTML page per store, offline and script-safe.

pyvis builds the vis-network node and edge items (with positions from
``viz.layout`` and the shared visual language of ``viz.style``); this module then
writes them into its own page instead of pyvis's template, because that template
loads Bootstrap and vis-network from CDNs and shows tooltips through ``innerHTML``.
The page here:

* inlines vis-network from the copy pyvis ships, plus our own script and style, and
  carries a Content-Security-Policy that forbids every network request and every
  script but those two (by hash): it works on an air-gapped laptop, and a name from
  the data can neither load anything nor run;
* embeds the data as JSON in a ``<script type="application/json">`` block with
  ``<``, ``>``, ``&``, U+2028 and U+2029 escaped, and the page script only ever puts
  data into the DOM with ``textContent`` (tooltips are our own, vis-network never
  receives a ``title``);
* carries every scenario, with the structural differences between each pair computed
  here, so switching scenarios in the page highlights what changed against the base.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import networkx as nx

from c2graph.graph.vocabulary import AUTHORITIES, REL_TYPES
from c2graph.viz import layout, style
from c2graph.viz.layout import hierarchy_layout

LANGS = ("en", "ja", "both")
STATUS_JA = {"established": "既存", "announced": "発表済み", "proposed": "構想",
             "possible": "可能性"}

DASHES = {"solid": False, "dashed": [8, 5], "dotted": [2, 4], "dashdot": [10, 4, 2, 4]}
VIS_SHAPES = {"ellipse": ("ellipse", 12), "box": ("box", 2), "rounded-box": ("box", 10),
              "hexagon": ("hexagon", 0)}
#: Lines that are not part of the tree bend away from it, so they never hide it.
SMOOTH = {
    "COMMANDS": False, "SUPERVISES": False,
    "TRANSMITS_ORDERS": {"enabled": True, "type": "curvedCW", "roundness": 0.15},
    "ADVISES": {"enabled": True, "type": "curvedCCW", "roundness": 0.2},
    "ASSISTS": {"enabled": True, "type": "curvedCCW", "roundness": 0.2},
    "COORDINATES_WITH": {"enabled": True, "type": "curvedCW", "roundness": 0.25},
    "SUPPORTS": {"enabled": True, "type": "curvedCW", "roundness": 0.2},
    "DUAL_HATTED_WITH": {"enabled": True, "type": "curvedCCW", "roundness": 0.15},
    "MEMBER_OF": {"enabled": True, "type": "curvedCCW", "roundness": 0.1},
}
SAME_ROW = {"enabled": True, "type": "curvedCW", "roundness": 0.35}
SECOND_LINE = {"enabled": True, "type": "curvedCCW", "roundness": 0.25}
FONT_FACE = "system-ui,-apple-system,'Segoe UI','Noto Sans CJK JP','IPAPGothic',sans-serif"
#: vis-network options: positions are fixed, so physics and layout engines stay off.
VIS_OPTIONS = {
    "physics": {"enabled": False},
    "layout": {"hierarchical": {"enabled": False}, "improvedLayout": False},
    "interaction": {"hover": True, "tooltipDelay": 100, "navigationButtons": False,
                    "keyboard": False, "multiselect": False, "hideEdgesOnDrag": False,
                    "zoomSpeed": 0.7},
    "edges": {"smooth": False, "selectionWidth": 1.5, "hoverWidth": 0.8},
    "nodes": {"shapeProperties": {"interpolation": False}},
}
OVERLAY = "overlay:"   # id prefix of the white core that makes a double line


class ViewError(Exception):
    """An expected failure building the view (unknown focus actor, missing library)."""


@dataclass
class PageSummary:
    scenarios: list[str]
    initial: str
    actors: int
    relationships: int
    omitted: list[str] = field(default_factory=list)


# -- data ---------------------------------------------------------------------------------

def _plain(value):
    if isinstance(value, tuple):
        return [_plain(v) for v in value]
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def actor_props(g: nx.MultiDiGraph, n: str) -> dict:
    return {k: _plain(v) for k, v in sorted(g.nodes[n].items()) if v is not None}


def rel_props(u: str, v: str, data: dict) -> dict:
    props = {k: _plain(x) for k, x in sorted(data.items()) if x is not None}
    props.update({"from": u, "to": v})
    return dict(sorted(props.items()))


def relationships(g: nx.MultiDiGraph) -> dict[str, dict]:
    """``{relationship id: props with type, from and to}`` of a scenario graph."""
    return {k: rel_props(u, v, d) for u, v, k, d in g.edges(keys=True, data=True)}


def scenario_diff(new: nx.MultiDiGraph, old: nx.MultiDiGraph) -> dict:
    """What ``new`` adds, removes and changes against ``old`` — exactly what
    ``c2graph diff`` reports (``cypher.diff``), regrouped by item for the page.

    ``changed`` maps an id to the list of properties whose values differ and
    ``details`` to the diff's one-line description of the change.
    """
    from c2graph.cypher.diff import diff_graphs

    out = {item: {"added": [], "removed": [], "changed": {}, "details": {}}
           for item in ("actors", "relationships")}
    for row in diff_graphs(old, new):
        group = out["actors" if row["item"] == "actor" else "relationships"]
        if row["change"] == "changed":
            group["changed"][row["id"]] = list(row["changed"])
            group["details"][row["id"]] = row["details"]
        else:
            group[row["change"]].append(row["id"])
    return out


def scenario_order(graphs: dict[str, nx.MultiDiGraph]) -> list[str]:
    """Roots first, every base before the scenarios built on it (then by date and id)."""
    children: dict[str | None, list[str]] = {}
    for sid, g in graphs.items():
        base = g.graph.get("base")
        children.setdefault(base if base in graphs else None, []).append(sid)
    order: list[str] = []

    def key(sid):
        return (str(graphs[sid].graph.get("date") or ""), sid)

    stack = sorted(children.get(None, []), key=key, reverse=True)
    while stack:
        sid = stack.pop()
        order.append(sid)
        stack.extend(sorted(children.get(sid, []), key=key, reverse=True))
    return order


def focus_subgraph(g: nx.MultiDiGraph, actor: str, depth: int) -> nx.MultiDiGraph:
    """The actors within ``depth`` lines of ``actor`` (any type, either direction)."""
    near = nx.single_source_shortest_path_length(g.to_undirected(as_view=True), actor,
                                                 cutoff=depth)
    sub = g.subgraph(near).copy()
    sub.graph.update(g.graph)
    return sub


def _labels(attrs: dict) -> dict[str, str]:
    out = {}
    for lang in LANGS:
        label = style.compact_label(attrs, lang)
        status = attrs.get("status")
        if style.is_tentative(status):
            label += f"\n({STATUS_JA.get(status, status) if lang == 'ja' else status})"
        out[lang] = layout.wrap_label(label)
    return out


def _sizer(lang: str, labels: dict[str, dict[str, str]]):
    """Drawn box size of an actor in one label language (each language has its layout);
    ``labels`` are the graph's ``_labels`` by actor id, made once for all languages."""
    def size(attrs: dict) -> tuple[float, float]:
        shape = style.KIND_SHAPES.get(attrs.get("kind"), "box")
        return layout.box_size(labels[attrs["id"]][lang], shape)
    return size


def all_labels(g: nx.MultiDiGraph) -> dict[str, dict[str, str]]:
    """``{actor: {lang: wrapped label}}`` for every actor of the graph."""
    return {n: _labels(g.nodes[n]) for n in sorted(g.nodes)}


def layouts(g: nx.MultiDiGraph,
            labels: dict | None = None) -> dict[str, dict[str, layout.Placement]]:
    """One layout per label language: English short names pack tighter than both.

    The tree (rows, parents, sibling order) does not depend on the labels, so it is
    worked out once for the three layouts.
    """
    labels = labels if labels is not None else all_labels(g)
    tree = layout.levels_and_parents(g)
    return {lang: hierarchy_layout(g, _sizer(lang, labels), tree=tree) for lang in LANGS}


def _pale(hex_color: str, amount: float = 0.55) -> str:
    r, g, b = (int(hex_color[i:i + 2], 16) for i in (1, 3, 5))
    mix = [round(c + (255 - c) * amount) for c in (r, g, b)]
    return "#" + "".join(f"{c:02x}" for c in mix)


def _vis_items(g: nx.MultiDiGraph, lang: str, places: dict[str, layout.Placement],
               labels: dict[str, dict[str, str]]):
    """vis-network node and edge items for one scenario, built with pyvis.

    pyvis's ``Node`` and ``Edge`` make the items; ``Network.add_node``/``add_edge``
    are not used because they check membership in plain lists (quadratic: seconds at
    5,000 actors), and every line here joins two actors of ``g`` already.
    """
    from pyvis.edge import Edge
    from pyvis.node import Node

    node_items: list[dict] = []
    edge_items: list[dict] = []
    for n in sorted(g.nodes):
        attrs = g.nodes[n]
        nation = attrs.get("nation")
        border = style.NATION_COLORS.get(nation, "#6b7280")
        fill = style.NATION_FILLS.get(nation, "#f3f4f6")
        tentative = style.is_tentative(attrs.get("status"))
        if tentative:
            fill = _pale(fill, 0.6)
        shape, radius = VIS_SHAPES[style.KIND_SHAPES.get(attrs.get("kind"), "box")]
        place = places[n]
        node_items.append(Node(
            n, shape, label=labels[n][lang],
            color={"background": fill, "border": border,
                   "highlight": {"background": fill, "border": "#111827"},
                   "hover": {"background": fill, "border": "#111827"}},
            borderWidth=2, borderWidthSelected=3, x=place.x, y=place.y, level=place.level,
            physics=False, margin=layout.MARGIN if shape != "hexagon" else None,
            size=layout.HEX / 2 if shape == "hexagon" else None,
            font={"size": layout.FONT, "face": FONT_FACE,
                  "color": "#4b5563" if tentative else "#111827"},
            shapeProperties={"borderDashes": [6, 4] if tentative else False,
                             "borderRadius": radius},
        ).options)
    straight: set[frozenset] = set()
    for u, v, k, d in sorted(g.edges(keys=True, data=True),
                             key=lambda e: (e[3]["type"] != "COMMANDS", e[2])):
        line = style.LINE_STYLES[d["type"]]
        smooth = SMOOTH.get(d["type"], False)
        if not smooth and places[u].level == places[v].level:
            smooth = SAME_ROW  # a straight line along a row would run behind its boxes
        elif not smooth and frozenset((u, v)) in straight:
            smooth = SECOND_LINE  # a second straight line between one pair would hide
        elif not smooth:
            straight.add(frozenset((u, v)))
        common = {"smooth": smooth, "physics": False}
        width = line.width * (3.2 if line.double else 1)
        edge_items.append(Edge(
            u, v, True, id=k, width=width, dashes=DASHES[line.dash],
            arrows={"to": {"enabled": line.arrow, "scaleFactor": 0.6}},
            color={"color": line.color, "highlight": line.color, "hover": line.color,
                   "inherit": False, "opacity": 1},
            label=style.edge_label(d) or None,
            font={"size": 11, "face": FONT_FACE, "color": line.color, "strokeWidth": 3,
                  "strokeColor": "#ffffff", "align": "middle"},
            **common).options)
        if line.double:
            edge_items.append(Edge(u, v, True, id=OVERLAY + k, width=max(line.width * 0.9, 1.2),
                         dashes=False, arrows={"to": {"enabled": False}}, chosen=False,
                         color={"color": "#ffffff", "highlight": "#ffffff",
                                "hover": "#ffffff", "inherit": False, "opacity": 1},
                         **common).options)
    nodes = [{k: v for k, v in item.items() if v is not None} for item in node_items]
    edges = [{k: v for k, v in item.items() if v is not None} for item in edge_items]
    return nodes, edges


def page_data(graphs: dict[str, nx.MultiDiGraph], initial: str | None = None,
              lang: str = "en", focus: str | None = None, depth: int = 2) -> dict:
    """Everything the page script needs, as plain JSON-ready data.

    ``graphs`` are full scenario graphs (``Store.read_graph``); with ``focus`` each is
    cut to the actors within ``depth`` lines of that actor and scenarios without it
    are left out (diffs are still computed on the full graphs).
    """
    job, head = _plan(graphs, initial, lang, focus, depth)
    parts = dict(zip(job.order, _map_parts(job)))
    return {**head,
            "scenarios": [parts[sid][0] for sid in job.order],
            "diffs": {sid: parts[sid][1] for sid in job.order},
            **_TAIL}


def _plan(graphs, initial, lang, focus, depth) -> tuple[_Job, dict]:
    """Check the request; the job (what to draw of which scenario) and the page data's
    leading fields."""
    if lang not in LANGS:
        raise ViewError(f"unknown language {lang!r}: use en, ja or both")
    order = scenario_order(graphs)
    if not order:
        raise ViewError("nothing to draw: no scenario given")
    if initial is not None and initial not in graphs:
        raise ViewError(f"unknown scenario {initial!r}")
    omitted: list[str] = []
    drawn = dict(graphs)
    if focus is not None:
        from c2graph.graph.suggest import suggest

        if initial is None:  # the first scenario that has the actor
            initial = next((s for s in order if focus in graphs[s]), None)
            if initial is None:
                every = set().union(*(graphs[s].nodes for s in order))
                raise ViewError(f"unknown actor {focus!r} in every scenario"
                                f"{suggest(focus, sorted(every))}")
        if focus not in graphs[initial]:
            raise ViewError(f"unknown actor {focus!r} in scenario {initial!r}"
                            f"{suggest(focus, graphs[initial].nodes)}")
        omitted = [s for s in order if focus not in graphs[s]]
        drawn = {s: focus_subgraph(graphs[s], focus, depth) for s in order if s not in omitted}
        order = [s for s in order if s not in omitted]
    initial = initial or order[0]

    head = {"initial": initial, "lang": lang, "focus": focus,
            "depth": depth if focus is not None else None, "omitted": omitted}
    return _Job(graphs, drawn, order, lang), head


#: The page data's fields after the scenarios: the same for every page.
_TAIL = {
    "options": VIS_OPTIONS,
    "vocab": {"authorities": AUTHORITIES,
              "types": {t: {"label": style.LINE_STYLES[t].label, "ja": r.japanese,
                            "meaning": r.meaning} for t, r in REL_TYPES.items()},
              "tentative": sorted(style.TENTATIVE_STATUSES)},
}


@dataclass(frozen=True)
class _Job:
    graphs: dict            # full scenario graphs (diffs and counts)
    drawn: dict             # what is drawn of each (cut to --focus)
    order: list
    lang: str


def _scenario_part(job: _Job, sid: str) -> tuple[dict, dict]:
    """One scenario's page data (items, labels, three layouts) and its diffs against
    every other scenario: all that the page needs of it, independent of the rest."""
    g = job.drawn[sid]
    labels = all_labels(g)
    per_lang = layouts(g, labels)
    nodes, edges = _vis_items(g, job.lang, per_lang[job.lang], labels)
    meta = {k: _plain(g.graph.get(k)) for k in ("title", "status", "base", "date",
                                                "description", "sources")}
    item = {
        "id": sid, **{k: v for k, v in meta.items() if v is not None},
        "nodes": nodes, "edges": edges,
        "actors": {n: actor_props(g, n) for n in sorted(g.nodes)},
        "labels": labels,
        "rels": relationships(g),
        "positions": {la: {n: [p.x, p.y] for n, p in sorted(places.items())}
                      for la, places in per_lang.items()},
        "counts": {"actors": job.graphs[sid].number_of_nodes(),
                   "relationships": job.graphs[sid].number_of_edges()},
    }
    diffs = {b: scenario_diff(job.graphs[sid], job.graphs[b]) for b in job.order if b != sid}
    return item, diffs


#: From this many drawn actors (all scenarios together) the scenarios are worked out in
#: parallel processes: a 4-scenario store of 5,000 actors each takes ~9 s on one core.
PARALLEL_FROM = 4000
_FORKED: tuple | None = None   # (part function, job) a forked worker inherits (never pickled)


def _forked_part(sid: str):
    part, job = _FORKED
    return part(job, sid)


def _scenario_json(job: _Job, sid: str) -> tuple[str, str, dict]:
    """``_scenario_part`` as the page's JSON text (made in the worker, so the big
    structures never travel between processes or get serialised twice), with the few
    facts the summary and the page title need."""
    item, diffs = _scenario_part(job, sid)
    facts = {"title": item.get("title", sid), "actors": len(item["actors"]),
             "relationships": len(item["rels"])}
    return script_json(item), script_json(diffs), facts


def _map_parts(job: _Job, workers: int | None = None, part=None) -> list:
    """``part(job, sid)`` (default ``_scenario_part``) of every scenario in
    ``job.order``, in that order.

    Large stores use up to one forked process per core (the graphs are inherited by
    fork, only the results travel back); small ones, and machines without ``fork``,
    run in this process.  Either way the result is the same.
    """
    import multiprocessing
    import os

    global _FORKED
    if workers is None:
        size = sum(job.drawn[s].number_of_nodes() for s in job.order)
        workers = min(len(job.order), os.cpu_count() or 1) if size >= PARALLEL_FROM else 1
    part = part or _scenario_part
    if workers <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        return [part(job, sid) for sid in job.order]
    _FORKED = (part, job)
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            return pool.map(_forked_part, job.order, chunksize=1)
    finally:
        _FORKED = None


# -- the page -----------------------------------------------------------------------------

def script_json(value) -> str:
    """JSON that is inert inside ``<script type="application/json">`` (and parses back)."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return (text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def _asset(name: str) -> str:
    return resources.files("viz").joinpath("assets", name).read_text(encoding="utf-8")


def vis_network_js() -> str:
    """vis-network's standalone build, from the copy pyvis ships in its wheel."""
    root = resources.files("pyvis").joinpath("templates", "lib")
    found = []
    if root.is_dir():
        for child in root.iterdir():
            m = re.fullmatch(r"vis-(\d+)\.(\d+)\.(\d+)", child.name)
            js = child.joinpath("vis-network.min.js")
            if m and js.is_file():
                found.append((tuple(int(p) for p in m.groups()), js))
    if not found:
        raise ViewError("vis-network is missing from the installed pyvis package"
                        " (expected pyvis/templates/lib/vis-*/vis-network.min.js);"
                        " reinstall pyvis>=0.3.2")
    text = max(found)[1].read_text(encoding="utf-8")
    if "</script" in text.lower():
        raise ViewError("the vis-network build contains '</script' and cannot be inlined")
    return text


def _sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


def _swatch_line(line: style.LineStyle) -> str:
    dash = {"solid": "", "dashed": "8 5", "dotted": "2 4", "dashdot": "10 4 2 4"}[line.dash]
    attrs = f'stroke="{line.color}" stroke-width="{max(line.width, 1):.1f}"'
    if dash:
        attrs += f' stroke-dasharray="{dash}"'
    if line.double:
        body = (f'<line x1="2" y1="8" x2="40" y2="8" stroke="{line.color}" stroke-width="5"/>'
                '<line x1="2" y1="8" x2="40" y2="8" stroke="#fff" stroke-width="1.4"/>')
    else:
        body = f'<line x1="2" y1="8" x2="{36 if line.arrow else 40}" y2="8" {attrs}/>'
    if line.arrow:
        body += f'<path d="M34 4 L42 8 L34 12 Z" fill="{line.color}"/>'
    return f'<svg width="44" height="16" aria-hidden="true">{body}</svg>'


def legend_html() -> str:
    """The legend, from ``viz.style`` only (no data), escaped all the same."""
    e = html.escape
    shapes = {
        "ellipse": '<ellipse cx="20" cy="9" rx="17" ry="7" fill="#fff" stroke="#374151" stroke-width="1.5"/>',
        "box": '<rect x="4" y="2" width="32" height="14" fill="#fff" stroke="#374151" stroke-width="1.5"/>',
        "rounded-box": '<rect x="4" y="2" width="32" height="14" rx="5" fill="#fff" stroke="#374151" stroke-width="1.5"/>',
        "hexagon": '<path d="M13 2 L27 2 L33 9 L27 16 L13 16 L7 9 Z" fill="#fff" stroke="#374151" stroke-width="1.5"/>',
    }
    rows = ['<h2>Legend</h2>', '<h3>Nations</h3>', '<ul class="legend">']
    for nation in style.NATION_ORDER:
        rows.append(f'<li><span class="swatch" style="background:{style.NATION_FILLS[nation]};'
                    f'border-color:{style.NATION_COLORS[nation]}"></span>{e(nation)}</li>')
    rows += ['</ul>', '<h3>Kinds</h3>', '<ul class="legend">']
    for kind, shape in style.KIND_SHAPES.items():
        rows.append(f'<li><svg width="40" height="18" aria-hidden="true">{shapes[shape]}</svg>'
                    f'{e(kind)}</li>')
    rows.append('<li><svg width="40" height="18" aria-hidden="true"><rect x="4" y="2" width="32"'
                ' height="14" fill="#fff" stroke="#374151" stroke-width="1.5"'
                ' stroke-dasharray="4 3"/></svg>proposed / possible (tentative)</li>')
    rows += ['</ul>', '<h3>Lines</h3>', '<ul class="legend">']
    for type_, line in style.LINE_STYLES.items():
        rows.append(f'<li title="{e(type_)}">{_swatch_line(line)}{e(line.label or type_)}</li>')
    rows += ['</ul>', '<h3>Changes against the compared scenario</h3>', '<ul class="legend">',
             '<li><span class="swatch glow-added"></span>added</li>',
             '<li><span class="swatch glow-changed"></span>changed</li>',
             '<li><svg width="44" height="16" aria-hidden="true"><line x1="2" y1="8" x2="40" y2="8"'
             ' stroke="#ef4444" stroke-opacity="0.6" stroke-width="3" stroke-dasharray="12 7"/>'
             '</svg>removed line (✕ removed …)</li>',
             '</ul>']
    return "\n".join(rows)


def render_html(data: dict) -> str:
    """The page: template + CSS + legend + JSON data + vis-network + page script."""
    first = next(s for s in data["scenarios"] if s["id"] == data["initial"])
    return _page(script_json(data), first.get("title", first["id"]), data["lang"])


def _page(data_json: str, title: str, lang: str) -> str:
    vis = vis_network_js()
    app = _asset("view.js")
    csp = ("default-src 'none'; "
           f"script-src {_sha256(vis)} {_sha256(app)}; "
           "style-src 'unsafe-inline'; img-src data:; font-src 'none'; connect-src 'none'; "
           "media-src 'none'; object-src 'none'; frame-src 'none'; worker-src 'none'; "
           "base-uri 'none'; form-action 'none'")
    values = {
        "CSP": csp,
        "TITLE": html.escape(f"c2graph — {title}"),
        "LANG": "ja" if lang == "ja" else "en",
        "CSS": _asset("view.css"),
        "LEGEND": legend_html(),
        "DATA": data_json,
        "VIS": vis,
        "APP": app,
    }
    # one pass: text substituted in is never scanned for further placeholders
    return re.sub(r"\{\{([A-Z]+)\}\}", lambda m: values[m.group(1)], _asset("view.html"))


def build_view(graphs: dict[str, nx.MultiDiGraph], initial: str | None = None,
               lang: str = "en", focus: str | None = None, depth: int = 2) -> tuple[str, PageSummary]:
    """The HTML page and a summary of what it carries.

    The page's data is ``script_json(page_data(...))``, assembled from each scenario's
    JSON text (JSON is compositional: the same bytes, tested)."""
    job, head = _plan(graphs, initial, lang, focus, depth)
    parts = dict(zip(job.order, _map_parts(job, part=_scenario_json)))
    data_json = (script_json(head)[:-1]
                 + ',"scenarios":[' + ",".join(parts[sid][0] for sid in job.order) + "]"
                 + ',"diffs":{' + ",".join(script_json(sid) + ":" + parts[sid][1]
                                           for sid in job.order) + "},"
                 + script_json(_TAIL)[1:])
    first = parts[head["initial"]][2]
    summary = PageSummary(list(job.order), head["initial"], first["actors"],
                          first["relationships"], head["omitted"])
    return _page(data_json, first["title"], lang), summary


def write_view(path: str | Path, page: str) -> Path:
    path = Path(path)
    path.write_text(page, encoding="utf-8")
    return path
