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

Page data, format 3 (``page_data``)::

    v, initial, lang, focus, depth, omitted, openLimit
    openBudget: {actors, lines} a large scenario opens within (``viz.opening``)
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
                 tree: [actor row] in the pre-order of ``collapse_tree``,
                 up: [position in tree of the parent, or -1],
                 rels: [rel row],
                 counts: {actors, relationships} (undrawn, with --focus)}]
    diffs:  {scenario: {other: {actors|relationships: {added, removed, changed, details}}}}
    vocab:  the visual language (viz.style), the vocabulary's EN/JA words, the frame
            titles and every constant of the layout engine (``engine_rules``)

Where everything goes is the layout and routing engine's answer (``viz.layout``,
docs/charts.md) for what is visible: the page runs its port (``view-layout.js``,
proven to give the same numbers by tests/test_view_engine.py) on the visible actors
with box sizes measured in the browser, after every scenario, language, expand and
collapse.  What a scenario opens with, and which membership lines a closed forum
folds, is ``viz.opening``'s rule (docs/view.md).
"""

from __future__ import annotations

import base64
import hashlib
import html
import importlib.util
import json
import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import networkx as nx

from c2graph.graph.collector import paused
from c2graph.graph.focus import focus_subgraph
from c2graph.graph.graphs import scenario_order as graph_order
from c2graph.graph.schema import ACTOR_FIELDS as SCHEMA_ACTOR_FIELDS
from c2graph.graph.schema import (AUTHORITIES, KINDS, NATIONS, REL_TYPES, RELATIONSHIP_FIELDS,
                                  STATUSES, relationship_id)
from c2graph.viz import LANGS, style
from c2graph.viz.opening import ACTOR_BUDGET, LINE_BUDGET, OPEN_LIMIT, collapse_tree

#: The schema's Japanese words (graph/schema.py declares them once).
STATUS_JA = {s: t.japanese for s, t in STATUSES.items()}
AUTHORITY_JA = {a: t.japanese for a, t in AUTHORITIES.items()}
#: English words on command lines: the US categories stay as the doctrine writes them.
AUTHORITY_EN = {"NCA": "NCA", "COCOM": "COCOM", "OPCON": "OPCON", "TACON": "TACON",
                "ADCON": "ADCON", "COMMAND": "command"}
NATION_JA = {n: x.japanese for n, x in NATIONS.items()}
KIND_JA = {k: x.japanese for k, x in KINDS.items()}
#: Fonts: the metrics of Arial (Liberation Sans) and Noto Sans CJK are what the wrapper
#: measures; the page measures again with what the browser has and sizes boxes to it.
FONT_FACE = ("Arial,'Liberation Sans','Noto Sans CJK JP','Noto Sans JP','Hiragino Sans',"
             "'Yu Gothic',Meiryo,sans-serif")
LINE_HEIGHT = 1.25   # line height / font size of box text
LABEL_PX = 13.0      # authority and change words on lines
FRAME_PX = 15.0      # nation frame titles
#: vis-network options: positions are fixed and lines are drawn by the page, so physics
#: and layout engines stay off.
VIS_OPTIONS = {
    "physics": {"enabled": False},
    "layout": {"hierarchical": {"enabled": False}, "improvedLayout": False},
    "interaction": {"hover": True, "tooltipDelay": 100, "navigationButtons": False,
                    "keyboard": False, "multiselect": False, "hideEdgesOnDrag": False,
                    "zoomSpeed": 0.7},
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
        rels = keys[1]  # the few keys not shared, found by one set difference
        edges.add_edges_from((rels[k][0], rels[k][1], k[0], rels[k][2])
                             for k in rels.keys() - other[1].keys())
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


# -- labels and the tree of what opens ---------------------------------------------------------

#: Box names are set at this size (px at zoom 1) and wrapped to this width by the one
#: wrapper (``viz.export.measure.balanced``), as every chart wraps its names.
NAME_PX = 14.0
WRAP_PX = 150.0


def _wrap(label: str) -> str:
    """A box label broken into lines by ``measure.balanced`` (each line break in the data
    stays one: ``measure.paragraphs``)."""
    from c2graph.viz.export import measure

    return "\n".join(measure.balanced(label, NAME_PX, WRAP_PX))


class Prepared:
    """The page's work that depends on one scenario graph alone (its box labels wrapped,
    its collapse tree), done ahead while nothing else can run: ``c2graph view`` hands
    ``prepare`` to ``Store.read_graphs``, which calls it on each graph while the engine
    answers the next scenario (at 50,000 actors the engine's reads are the longer half,
    and Python waited on them).  ``page_data`` takes what is here and makes the rest;
    the page is the same with or without it.  A label is wrapped once however many
    scenarios carry it.  ``trees=False`` when the page draws other graphs than those
    prepared (``--focus`` draws a part of each: the whole graph's tree is never used)."""

    def __init__(self, trees: bool = True):
        self._wrapped: dict[str, str] = {}
        self._trees: dict[int, tuple] | None = {} if trees else None  # id(g) -> (g, tree)

    def prepare(self, g: nx.MultiDiGraph) -> None:
        for _, attrs in g.nodes(data=True):
            for lang in ("en", "ja"):
                self.wrap(style.compact_label(attrs, lang))
        if self._trees is not None:
            self._trees[id(g)] = (g, collapse_tree(g))

    def wrap(self, label: str) -> str:
        wrapped = self._wrapped.get(label)
        if wrapped is None:
            wrapped = self._wrapped[label] = _wrap(label)
        return wrapped

    def tree(self, g: nx.MultiDiGraph) -> tuple[list[str], list[int]]:
        """``collapse_tree(g)``, made ahead if this very graph was prepared."""
        kept = self._trees.get(id(g)) if self._trees is not None else None
        return kept[1] if kept is not None and kept[0] is g else collapse_tree(g)


# -- the compact data -------------------------------------------------------------------------

#: ``json.dumps(row, ensure_ascii=False, separators=(",", ":"))`` with one encoder made
#: once (``dumps`` with options makes an encoder per call: ~110k rows at 50k actors).
_ROW_JSON = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


class _Tables:
    """String tables and the actor and relationship rows shared by every scenario."""

    def __init__(self, prepared: Prepared | None = None):
        self.prepared = prepared or Prepared()
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
        key = _ROW_JSON(row)
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
        wrapped = [self.prepared.wrap(x) for x in labels]
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


def _scenario(tables: _Tables, g: nx.MultiDiGraph, full: nx.MultiDiGraph,
              sid: str) -> tuple[dict, tuple[set, dict]]:
    """One scenario's page data (its tree of what opens, and its rows), and the row keys
    of what it draws (``_row_keys(tables, g)``, made from the same walk: the diffs of
    unfocused scenarios use them rather than look every item up again)."""
    order, up = tables.prepared.tree(g)
    rows = {n: tables.actor(a) for n, a in g.nodes(data=True)}
    rels = {(k, tables.rel(u, v, k, d)): (u, v, d) for u, v, k, d in g.edges(keys=True, data=True)}
    meta = {k: _plain(g.graph.get(k)) for k in ("title", "title_ja", "status", "base", "date",
                                                "description", "description_ja", "sources")}
    # a multigraph's number_of_edges walks every adjacency: the walk above counted them
    edges = len(rels) if full is g else full.number_of_edges()
    page = {"id": sid, **{k: v for k, v in meta.items() if v is not None},
            "tree": [rows[n] for n in order], "up": up,
            "rels": sorted(r for _, r in rels),
            "counts": {"actors": full.number_of_nodes(), "relationships": edges}}
    return page, (set(rows.items()), rels)


def frame_titles() -> dict[str, dict[str, str]]:
    """The title of every frame the engine can make (each nation, each combination of
    nations a combined body joins), in en, ja and both."""
    from itertools import combinations

    from c2graph.viz.layout.frames import COMBINED, frame_title

    nations = [n for n in style.NATION_ORDER if n != COMBINED]
    ids = list(style.NATION_ORDER) + [
        f"{COMBINED}:{'+'.join(sorted(c))}" for k in range(2, len(nations) + 1)
        for c in combinations(nations, k)]
    return {f: {lang: frame_title(f, lang) for lang in LANGS} for f in ids}


def vocab() -> dict:
    """The visual language and the vocabulary's words, the page's only style source."""
    from c2graph.viz.export import drawing

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
        "geometry": {"font": NAME_PX, "line": LINE_HEIGHT, "face": FONT_FACE,
                     "pad": drawing.PAD, "grow": drawing.SHAPE_GROW, "min": drawing.MIN_BOX,
                     "labelFont": LABEL_PX, "frameFont": FRAME_PX},
        "frames": frame_titles(),
        "engine": engine_rules(),
        "options": VIS_OPTIONS,
    }


def page_data(graphs: dict[str, nx.MultiDiGraph], initial: str | None = None,
              lang: str = "en", focus: str | None = None, depth: int | None = None,
              marking: str | None = None, prepared: Prepared | None = None) -> dict:
    """Everything the page script needs, as plain JSON-ready data (module doc).

    ``graphs`` are full scenario graphs (``Store.read_graph``); with ``focus`` each is
    cut as ``graph.focus`` cuts it (the actor in its place: what it commands, ``depth``
    levels down or all, its chain to the top, whom it deals with directly) and
    scenarios without it are left out (diffs are still computed on the full graphs).
    ``prepared``: work done ahead on these graphs (``Prepared``).
    """
    order, drawn, head = _plan(graphs, initial, lang, focus, depth)
    with paused():  # millions of small rows and no cycles: collections only cost time
        return _page_data(graphs, order, drawn, head, focus, marking, prepared)


def _page_data(graphs, order, drawn, head, focus, marking, prepared) -> dict:
    tables = _Tables(prepared)
    made = {sid: _scenario(tables, drawn[sid], graphs[sid], sid) for sid in order}
    scenarios = [made[sid][0] for sid in order]
    if focus is None:
        keys = {sid: made[sid][1] for sid in order}
    else:  # diffs are of the full graphs, in tables of their own
        rows = _Tables(tables.prepared)
        keys = {sid: _row_keys(rows, graphs[sid]) for sid in order}
    diffs = {a: {b: _diff(graphs[a], graphs[b], keys[a], keys[b]) for b in order if b != a}
             for a in order}
    return {"v": 3, **head, "marking": _marking(marking), "openLimit": OPEN_LIMIT,
            "openBudget": {"actors": ACTOR_BUDGET, "lines": LINE_BUDGET},
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


# -- the layout engine in the page -------------------------------------------------------------

def engine_rules() -> dict:
    """Every constant of the layout and routing engine (``viz.layout``), for its port in
    the page (``viz/assets/view-layout.js`` takes its numbers from here, none of its own)."""
    from dataclasses import asdict

    from c2graph.viz.layout import engine, frames, place, rank, route

    return {"spacing": asdict(place.Spacing()), "above": dict(rank.ABOVE),
            "peerLimit": rank.PEER_LIMIT, "typeOrder": dict(place.TYPE_ORDER),
            "weight": dict(frames.WEIGHT), "maxPermuted": frames.MAX_PERMUTED,
            "combined": frames.COMBINED, "nationOrder": list(style.NATION_ORDER),
            "down": list(engine.DOWN), "up": list(engine.UP),
            "routeOrder": dict(engine.ROUTE_ORDER), "globalLimit": engine.GLOBAL_LIMIT,
            "memberBus": engine.MEMBER_BUS,
            "localMargin": engine.LOCAL_MARGIN, "candidates": engine.CANDIDATES,
            "searchBoxes": engine.SEARCH_BOXES, "searchAll": engine.SEARCH_ALL,
            "boxGrid": 200.0, "clear": route.CLEAR, "bend": route.BEND, "cross": route.CROSS,
            "overlap": route.OVERLAP, "share": route.SHARE, "heuristic": route.HEURISTIC,
            "shapes": dict(style.KIND_SHAPES)}


def engine_graph(g: nx.MultiDiGraph) -> dict:
    """A scenario graph in the shape ``C2Layout.chart`` takes (what the engine reads of it)."""
    return {"nodes": list(g.nodes),
            "attrs": {n: {k: d.get(k) for k in ("kind", "nation", "short", "name_en")}
                      for n, d in g.nodes(data=True)},
            "edges": [{"u": u, "v": v, "key": k, "type": d.get("type"),
                       "authority": d.get("authority")}
                      for u, v, k, d in g.edges(keys=True, data=True)]}


# -- the page -----------------------------------------------------------------------------

def script_json(value) -> str:
    """JSON that is inert inside ``<script type="application/json">`` (and parses back)."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return (text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def _asset(name: str) -> str:
    return resources.files("c2graph.viz").joinpath("assets", name).read_text(encoding="utf-8")


def vis_network_js() -> str:
    """vis-network's standalone build, from the copy pyvis ships in its wheel.

    The package is found, not imported: importing pyvis imports IPython and jinja2
    (1.3-1.5 s of a 50,000-actor view), and only this file of it is used."""
    spec = importlib.util.find_spec("pyvis")
    places = list(spec.submodule_search_locations or []) if spec else []
    root = Path(places[0], "templates", "lib") if places else None
    found = []
    if root is not None and root.is_dir():
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
SCRIPTS = ("view-strings.js", "view-layout.js", "view-model.js", "view-render.js", "view.js")


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
               lang: str = "en", focus: str | None = None, depth: int | None = None,
               marking: str | None = None,
               prepared: Prepared | None = None) -> tuple[str, PageSummary]:
    """The HTML page and a summary of what it carries."""
    data = page_data(graphs, initial, lang, focus, depth, marking, prepared)
    first = next(s for s in data["scenarios"] if s["id"] == data["initial"])
    summary = PageSummary([s["id"] for s in data["scenarios"]], data["initial"],
                          len(first["tree"]), len(first["rels"]), data["omitted"])
    return render_html(data), summary


def write_view(path: str | Path, page: str) -> Path:
    path = Path(path)
    path.write_text(page, encoding="utf-8")
    return path
