"""The interactive view: one self-contained HTML page per store, offline and script-safe.

The page is written here, not with pyvis's template (that template loads Bootstrap
and vis-network from CDNs and shows tooltips through ``innerHTML``).  The page:

* inlines vis-network (from the copy pyvis ships) and our own scripts and style, and
  carries a Content-Security-Policy that forbids every network request and every
  script but those (by hash): it works on an air-gapped laptop, and a name from the
  data can neither load anything nor run;
* embeds the data as JSON in a ``<script type="application/json">`` block with
  ``<``, ``>``, ``&``, U+2028 and U+2029 escaped; the page scripts only ever put data
  into the DOM with ``textContent`` (tooltips are our own, vis-network never receives
  a ``title``);
* carries the data **compactly** (format below): actors and relationships once for
  all scenarios, as arrays; each scenario as lists of row numbers; no per-item style
  object (the page derives styles from one small table, ``vocab``).  A 50,000-actor
  organisation with four scenarios fits in a few tens of megabytes less than the
  per-item vis-network options it used to carry (pyvis ``Node``/``Edge`` objects made
  those options; they are a per-item style format and do not fit a compact page);
* carries every scenario, with the structural differences between each pair computed
  here (``graph.diff``), so switching scenarios in the page shows what changed.

Page data, format 2 (``page_data``)::

    v, initial, lang, focus, depth, omitted, layoutLimit
    marking: {text, bg, fg} of the banner, or null
    tables: {kind, nation, status, type, authority, ref}: lists of the strings used
    ids:    [actor id]                               every actor id of every scenario
    actors: [[id#, kind#, nation#, status#, name_en, name_ja, short, rank, location,
              [ref#], note, wrapped en label, wrapped ja label, extra]]
            one row per distinct version of an actor (trailing nulls cut; a wrapped
            label only where wrapping changed the text)
    rels:   [[from id#, type#, to id#, authority#, [ref#], note, id]]  (id only when it
            is not '<from>-<TYPE>-><to>'; trailing nulls cut)
    scenarios: [{id, title, title_ja, status, base, date, description, description_ja, sources,
                 tree: [actor row] in tree pre-order (children in drawing order),
                 up: [position in tree of the tree parent, or -1],
                 level: [row],
                 rels: [rel row],
                 pos: {en|ja|both: [x, y, x, y ...] aligned with tree} (small scenarios),
                 counts: {actors, relationships} (undrawn, with --focus)}]
    diffs:  {scenario: {other: {actors|relationships: {added, removed, changed, details}}}}
    vocab:  the visual language (viz.style) and the vocabulary's EN/JA words

Scenarios of at most ``LAYOUT_LIMIT`` drawn actors carry positions from the layout
engine (``viz.layout``) and open fully expanded; larger ones are drawn by the page
collapsed below the top of each chain, laid out in the browser from the same rows
and tree (docs/view.md).
"""

from __future__ import annotations

import base64
import gc
import hashlib
import html
import json
import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import networkx as nx

from c2graph.graph.graphs import scenario_order as graph_order
from c2graph.graph.schema import ACTOR_FIELDS as SCHEMA_ACTOR_FIELDS
from c2graph.graph.schema import (AUTHORITIES, KINDS, NATIONS, REL_TYPES, RELATIONSHIP_FIELDS,
                                  STATUSES, relationship_id)
from c2graph.viz import layout, style
from c2graph.viz.layout import hierarchy_layout

LANGS = ("en", "ja", "both")
#: The schema's Japanese words (graph/schema.py declares them once).
STATUS_JA = {s: t.japanese for s, t in STATUSES.items()}
AUTHORITY_JA = {a: t.japanese for a, t in AUTHORITIES.items()}
#: English words on command lines: the US categories stay as the doctrine writes them.
AUTHORITY_EN = {"NCA": "NCA", "COCOM": "COCOM", "OPCON": "OPCON", "TACON": "TACON",
                "ADCON": "ADCON", "COMMAND": "command"}
NATION_JA = {n: x.japanese for n, x in NATIONS.items()}
KIND_JA = {k: x.japanese for k, x in KINDS.items()}
#: Scenarios with at most this many drawn actors carry engine positions and open
#: fully expanded; larger ones open collapsed and are laid out in the page.
LAYOUT_LIMIT = 600
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
ACTOR_FIELDS = ("name_en", "name_ja", "short", "rank", "location")
#: The schema's properties (anything else on an item is shown as an extra field).
KNOWN_ACTOR = set(SCHEMA_ACTOR_FIELDS)
KNOWN_REL = {"type", *RELATIONSHIP_FIELDS}


class ViewError(Exception):
    """An expected failure building the view (unknown focus actor, missing library)."""


@dataclass
class PageSummary:
    scenarios: list[str]
    initial: str
    actors: int
    relationships: int
    omitted: list[str] = field(default_factory=list)


# -- scenarios ------------------------------------------------------------------------------

def _plain(value):
    if isinstance(value, (tuple, list)):
        return [_plain(v) for v in value]
    return value


def scenario_diff(new: nx.MultiDiGraph, old: nx.MultiDiGraph) -> dict:
    """What ``new`` adds, removes and changes against ``old`` — exactly what
    ``c2graph diff`` reports (``graph.diff``), regrouped by item for the page.

    ``changed`` maps an id to the list of properties whose values differ and
    ``details`` to the diff's one-line description of the change.
    """
    from c2graph.graph.diff import diff_graphs

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


def _row_keys(tables: "_Tables", g: nx.MultiDiGraph) -> tuple[set, dict]:
    """``{(actor, row)}`` and ``{(relationship, row): (from, to, props)}`` of a
    scenario: two scenarios differ exactly in the items whose pairs are not shared."""
    return ({(n, tables.actor(a)) for n, a in g.nodes(data=True)},
            {(k, tables.rel(u, v, k, d)): (u, v, d) for u, v, k, d in g.edges(keys=True, data=True)})


def _diff(new: nx.MultiDiGraph, old: nx.MultiDiGraph, new_keys, old_keys) -> dict:
    """``scenario_diff(new, old)``, worked out on the items whose rows differ only
    (the same answer: an item with the same row has the same properties)."""
    actors = {n for n, _ in new_keys[0] ^ old_keys[0]}

    def part(g, keys, other):
        sub = nx.MultiDiGraph()
        sub.add_nodes_from((n, g.nodes[n]) for n in actors if n in g)
        edges = nx.MultiDiGraph()
        edges.add_edges_from((u, v, k[0], d) for k, (u, v, d) in keys[1].items()
                             if k not in other[1])
        return sub, edges

    new_a, new_r = part(new, new_keys, old_keys)
    old_a, old_r = part(old, old_keys, new_keys)
    out = scenario_diff(new_a, old_a)
    out["relationships"] = scenario_diff(new_r, old_r)["relationships"]
    return out


def scenario_order(graphs: dict[str, nx.MultiDiGraph]) -> list[str]:
    """Roots first, every base before the scenarios built on it (then by date and id)."""
    return graph_order({sid: g.graph.get("base") for sid, g in graphs.items()},
                       {sid: g.graph.get("date") for sid, g in graphs.items()})


def focus_subgraph(g: nx.MultiDiGraph, actor: str, depth: int) -> nx.MultiDiGraph:
    """The actors within ``depth`` lines of ``actor`` (any type, either direction)."""
    near = nx.single_source_shortest_path_length(g.to_undirected(as_view=True), actor,
                                                 cutoff=depth)
    sub = g.subgraph(near).copy()
    sub.graph.update(g.graph)
    return sub


# -- labels and layout ----------------------------------------------------------------------

def _labels(attrs: dict) -> dict[str, str]:
    out = {}
    for lang in LANGS:
        label = style.compact_label(attrs, lang)
        status = attrs.get("status")
        if style.is_tentative(status):
            label += f"\n({STATUS_JA.get(status, status) if lang == 'ja' else status})"
        out[lang] = layout.wrap_label(label)
    return out


def all_labels(g: nx.MultiDiGraph) -> dict[str, dict[str, str]]:
    """``{actor: {lang: wrapped label}}`` for every actor of the graph, as drawn."""
    return {n: _labels(g.nodes[n]) for n in sorted(g.nodes)}


def _sizer(lang: str, labels: dict[str, dict[str, str]]):
    """Drawn box size of an actor in one label language (each language has its layout)."""
    def size(attrs: dict) -> tuple[float, float]:
        shape = style.KIND_SHAPES.get(attrs.get("kind"), "box")
        return layout.box_size(labels[attrs["id"]][lang], shape)
    return size


def layouts(g: nx.MultiDiGraph, labels: dict | None = None,
            tree=None) -> dict[str, dict[str, layout.Placement]]:
    """One layout per label language: English short names pack tighter than both.

    The tree (rows, parents, sibling order) does not depend on the labels, so it is
    worked out once for the three layouts.
    """
    labels = labels if labels is not None else all_labels(g)
    tree = tree if tree is not None else layout.levels_and_parents(g)
    return {lang: hierarchy_layout(g, _sizer(lang, labels), tree=tree) for lang in LANGS}


def tree_order(g: nx.MultiDiGraph, tree) -> tuple[list[str], list[int], list[int]]:
    """The actors in tree pre-order (roots by nation column, children in drawing
    order), each one's parent position in that list (-1 for a root) and its row."""
    level, parent, key = tree
    children: dict[str | None, list[str]] = {}
    for n in g.nodes:
        children.setdefault(parent[n], []).append(n)
    for kids in children.values():
        kids.sort(key=lambda c: key[c])
    rank = {nat: i for i, nat in enumerate(style.NATION_ORDER)}

    def root_key(r):
        nat = g.nodes[r].get("nation") or ""
        return (rank.get(nat, len(rank)), nat, key[r])

    order: list[str] = []
    up: list[int] = []
    at: dict[str, int] = {}
    stack = [(r, -1) for r in reversed(sorted(children.get(None, []), key=root_key))]
    while stack:
        n, p = stack.pop()
        at[n] = len(order)
        order.append(n)
        up.append(p)
        stack.extend((c, at[n]) for c in reversed(children.get(n, [])))
    return order, up, [level[n] for n in order]


# -- the compact data -------------------------------------------------------------------------

class _Tables:
    """String tables and the actor and relationship rows shared by every scenario."""

    def __init__(self):
        self.tables = {k: {} for k in ("kind", "nation", "status", "type", "authority", "ref")}
        self.ids: dict[str, int] = {}
        self.actor_rows: dict[str, int] = {}    # row's JSON -> row number
        self.actors: list[list] = []
        self.rel_rows: dict[str, int] = {}
        self.rels: list[list] = []
        self.actor_keys: dict[str, int] = {}    # actor properties -> row number
        self.rel_keys: dict[tuple, int] = {}

    def code(self, table: str, value) -> int | None:
        if value is None:
            return None
        t = self.tables[table]
        if value not in t:
            t[value] = len(t)
        return t[value]

    def id_code(self, actor: str) -> int:
        if actor not in self.ids:
            self.ids[actor] = len(self.ids)
        return self.ids[actor]

    def refs(self, values) -> list[int] | None:
        return None if values is None else [self.code("ref", v) for v in _plain(values)]

    @staticmethod
    def _row(values: list) -> list:
        while values and values[-1] is None:
            values.pop()
        return values

    @staticmethod
    def _add(row: list, seen: dict, rows: list) -> int:
        key = json.dumps(row, ensure_ascii=False, separators=(",", ":"))
        if key not in seen:
            seen[key] = len(rows)
            rows.append(row)
        return seen[key]

    def actor(self, attrs: dict) -> int:
        """The row number of this version of an actor (made once per distinct version:
        the scenarios of a store share almost every actor)."""
        key = repr(attrs)  # a memo only: the row itself is what identifies a version
        if key in self.actor_keys:
            return self.actor_keys[key]
        labels = [style.compact_label(attrs, lang) for lang in ("en", "ja")]
        wrapped = [_wrap(x) for x in labels]
        extra = {k: _plain(v) for k, v in sorted(attrs.items())
                 if k not in KNOWN_ACTOR and v is not None}
        row = self._row([
            self.id_code(attrs["id"]), self.code("kind", attrs.get("kind")),
            self.code("nation", attrs.get("nation")), self.code("status", attrs.get("status")),
            *(attrs.get(k) for k in ACTOR_FIELDS), self.refs(attrs.get("sources")),
            attrs.get("note"),
            *(w if w != x else None for w, x in zip(wrapped, labels)), extra or None])
        self.actor_keys[key] = self._add(row, self.actor_rows, self.actors)
        return self.actor_keys[key]

    def rel(self, u: str, v: str, key: str, d: dict) -> int:
        memo = (key, repr(d))
        if memo in self.rel_keys:
            return self.rel_keys[memo]
        extra = {k: _plain(x) for k, x in sorted(d.items()) if k not in KNOWN_REL and x is not None}
        row = self._row([
            self.id_code(u), self.code("type", d["type"]), self.id_code(v),
            self.code("authority", d.get("authority")), self.refs(d.get("sources")),
            d.get("note"), None if key == relationship_id(u, d["type"], v) else key,
            extra or None])
        self.rel_keys[memo] = self._add(row, self.rel_rows, self.rels)
        return self.rel_keys[memo]


def _wrap(label: str) -> str:
    """``layout.wrap_label``, skipping the common label that fits on one line."""
    if "\n" not in label and layout.text_width(label) <= layout.MAX_TEXT:
        return label
    return layout.wrap_label(label)


def _scenario(tables: _Tables, g: nx.MultiDiGraph, full: nx.MultiDiGraph,
              sid: str) -> dict:
    """One scenario's page data: its tree, rows and (small ones) positions."""
    tree = layout.levels_and_parents(g)
    order, up, level = tree_order(g, tree)
    rows = {n: tables.actor(a) for n, a in g.nodes(data=True)}
    meta = {k: _plain(g.graph.get(k)) for k in ("title", "title_ja", "status", "base", "date",
                                                "description", "description_ja", "sources")}
    out = {"id": sid, **{k: v for k, v in meta.items() if v is not None},
           "tree": [rows[n] for n in order], "up": up, "level": level,
           "rels": sorted(tables.rel(u, v, k, d) for u, v, k, d in g.edges(keys=True, data=True)),
           "counts": {"actors": full.number_of_nodes(),
                      "relationships": full.number_of_edges()}}
    if g.number_of_nodes() <= LAYOUT_LIMIT:
        per_lang = layouts(g, all_labels(g), tree)
        out["pos"] = {lang: [c for n in order for c in (places[n].x, places[n].y)]
                      for lang, places in per_lang.items()}
    return out


def vocab() -> dict:
    """The visual language and the vocabulary's words, the page's only style source."""
    return {
        "nations": {n: {"color": style.NATION_COLORS[n], "fill": style.NATION_FILLS[n],
                        "ja": NATION_JA.get(n, n)} for n in style.NATION_ORDER},
        "nationOrder": list(style.NATION_ORDER),
        "kinds": {k: {"shape": s, "ja": KIND_JA.get(k, k)} for k, s in style.KIND_SHAPES.items()},
        "lines": {t: {"dash": s.dash, "width": s.width, "arrow": s.arrow, "color": s.color,
                      "double": s.double} for t, s in style.LINE_STYLES.items()},
        "types": {t: {"ja": r.japanese, "meaning": r.meaning} for t, r in REL_TYPES.items()},
        "authorities": {a: {"meaning": t.description, "en": AUTHORITY_EN.get(a, a),
                            "ja": AUTHORITY_JA.get(a, a)} for a, t in AUTHORITIES.items()},
        "statuses": {s: {"ja": STATUS_JA.get(s, s)} for s in STATUS_JA},
        "tentative": sorted(style.TENTATIVE_STATUSES),
        "geometry": {"font": layout.FONT, "margin": layout.MARGIN, "gap": layout.GAP,
                     "levelPad": layout.LEVEL_PAD, "nationGap": layout.NATION_GAP,
                     "hex": layout.HEX, "face": FONT_FACE},
        "options": VIS_OPTIONS,
    }


def page_data(graphs: dict[str, nx.MultiDiGraph], initial: str | None = None,
              lang: str = "en", focus: str | None = None, depth: int = 2,
              marking: str | None = None) -> dict:
    """Everything the page script needs, as plain JSON-ready data (module doc).

    ``graphs`` are full scenario graphs (``Store.read_graph``); with ``focus`` each is
    cut to the actors within ``depth`` lines of that actor and scenarios without it
    are left out (diffs are still computed on the full graphs).
    """
    order, drawn, head = _plan(graphs, initial, lang, focus, depth)
    gc_was_on = gc.isenabled()
    gc.disable()  # millions of small rows and no cycles: collections only cost time
    try:
        return _page_data(graphs, order, drawn, head, focus, marking)
    finally:
        if gc_was_on:
            gc.enable()


def _page_data(graphs, order, drawn, head, focus, marking) -> dict:
    tables = _Tables()
    scenarios = [_scenario(tables, drawn[sid], graphs[sid], sid) for sid in order]
    rows = _Tables() if focus is not None else tables  # diffs are of the full graphs
    keys = {sid: _row_keys(rows, graphs[sid]) for sid in order}
    diffs = {a: {b: _diff(graphs[a], graphs[b], keys[a], keys[b]) for b in order if b != a}
             for a in order}
    return {"v": 2, **head, "marking": _marking(marking), "layoutLimit": LAYOUT_LIMIT,
            "tables": {k: list(t) for k, t in tables.tables.items()},
            "ids": list(tables.ids), "actors": tables.actors, "rels": tables.rels,
            "scenarios": scenarios, "diffs": diffs, "vocab": vocab()}


def _marking(marking: str | None) -> dict | None:
    """The banner at the top and bottom of the page, coloured as the exports colour it."""
    if marking is None or not marking.strip():
        return None
    from c2graph.viz.export.common import marking_colors

    bg, fg = marking_colors(marking)
    return {"text": marking.strip(), "bg": bg, "fg": fg}


def _plan(graphs, initial, lang, focus, depth):
    """Check the request: the scenarios to draw in page order, what is drawn of each,
    and the page data's leading fields."""
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
    return order, drawn, head


# -- the page -----------------------------------------------------------------------------

def script_json(value) -> str:
    """JSON that is inert inside ``<script type="application/json">`` (and parses back)."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return (text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def _asset(name: str) -> str:
    return resources.files("c2graph.viz").joinpath("assets", name).read_text(encoding="utf-8")


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


#: The page's own scripts, in load order (docs/view.md: what each module does).
SCRIPTS = ("view-strings.js", "view-model.js", "view-render.js", "view.js")


def _sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


def render_html(data: dict) -> str:
    """The page: template + CSS + JSON data + vis-network + page scripts."""
    first = next(s for s in data["scenarios"] if s["id"] == data["initial"])
    return _page(script_json(data), _title(first, data["lang"]), data["lang"])


def _title(scenario: dict, lang: str) -> str:
    if lang == "ja" and scenario.get("title_ja"):
        return scenario["title_ja"]
    return scenario.get("title", scenario["id"])


def _page(data_json: str, title: str, lang: str) -> str:
    scripts = [vis_network_js()] + [_asset(name) for name in SCRIPTS]
    csp = ("default-src 'none'; "
           f"script-src {' '.join(_sha256(s) for s in scripts)}; "
           "style-src 'unsafe-inline'; img-src data:; font-src 'none'; connect-src 'none'; "
           "media-src 'none'; object-src 'none'; frame-src 'none'; worker-src 'none'; "
           "base-uri 'none'; form-action 'none'")
    values = {
        "CSP": csp,
        "TITLE": html.escape(f"c2graph — {title}"),
        "LANG": "ja" if lang == "ja" else "en",
        "CSS": _asset("view.css"),
        "DATA": data_json,
        "SCRIPTS": "\n".join(f"<script>{s}</script>" for s in scripts),
    }
    # one pass: text substituted in is never scanned for further placeholders
    return re.sub(r"\{\{([A-Z]+)\}\}", lambda m: values[m.group(1)], _asset("view.html"))


def build_view(graphs: dict[str, nx.MultiDiGraph], initial: str | None = None,
               lang: str = "en", focus: str | None = None, depth: int = 2,
               marking: str | None = None) -> tuple[str, PageSummary]:
    """The HTML page and a summary of what it carries."""
    data = page_data(graphs, initial, lang, focus, depth, marking)
    first = next(s for s in data["scenarios"] if s["id"] == data["initial"])
    summary = PageSummary([s["id"] for s in data["scenarios"]], data["initial"],
                          len(first["tree"]), len(first["rels"]), data["omitted"])
    return render_html(data), summary


def write_view(path: str | Path, page: str) -> Path:
    path = Path(path)
    path.write_text(page, encoding="utf-8")
    return path
