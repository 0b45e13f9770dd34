"""Exchange formats: mermaid, GraphML, GEXF, JSON, Cypher and neo4j-admin CSV.

Each writer takes the scenario graph (``Store.read_graph`` shape) and returns bytes
(or, for CSV, a folder's files).  JSON, GraphML and CSV carry every property, so
``loaders.load_dataset`` reads them back into the same scenario; the Cypher script
recreates the scenario in any Neo4j exactly as ``c2graph load`` writes it.  Labels and
relationship types written as syntax come only from ``graph.schema``; every value
is escaped for the format it lands in.
"""

from __future__ import annotations

import csv
import io
import json
from xml.sax.saxutils import escape as xml_escape, quoteattr

from c2graph.graph.textsafety import (BIDI_CONTROLS, is_noncharacter, utf8, xml_text)
from c2graph.graph.schema import (ACTOR_FIELDS, ACTOR_LABEL, RELATIONSHIP_FIELDS,
                                  SCENARIO_FIELDS, kind_label, rel_type)
from c2graph.viz import style
from c2graph.viz.export.common import ExportError, nation_name, wrap

FORMAT_NAME = "c2graph-scenario"
FORMAT_VERSION = 1
#: Actor properties in file order (``kind`` is also the label).
ACTOR_COLUMNS = [k for k in ACTOR_FIELDS if k != "id"]
REL_COLUMNS = tuple(k for k in RELATIONSHIP_FIELDS if k != "id")


def _scenario_meta(g) -> dict:
    return {k: g.graph[k] for k in SCENARIO_FIELDS if g.graph.get(k) not in (None, "", [])}


def _nodes(g):
    return [(n, g.nodes[n]) for n in sorted(g.nodes)]


def _edges(g):
    return sorted(g.edges(keys=True, data=True), key=lambda e: e[2])


# -- JSON (node-link) -------------------------------------------------------------------

def to_json(g, sources: dict | None = None) -> bytes:
    """networkx node-link JSON with every property, one item a line (diff-friendly).

    ``networkx.node_link_graph(data, edges="links")`` reads it; so does
    ``c2graph load FILE.json``.
    """
    meta = _scenario_meta(g)
    used = {ref.split("#", 1)[0] for ref in _all_refs(g)}
    catalogue = {k: v for k, v in sorted((sources or {}).items()) if k in used}
    nodes = [{"id": n, **{k: d[k] for k in ACTOR_COLUMNS if d.get(k) not in (None, "")}}
             for n, d in _nodes(g)]
    links = [{"source": u, "target": v, "key": key, "type": d["type"], "id": key,
              **{k: d[k] for k in REL_COLUMNS if d.get(k) not in (None, "")}}
             for u, v, key, d in _edges(g)]

    def block(items):
        return "[\n" + ",\n".join("    " + json.dumps(i, ensure_ascii=False) for i in items) \
            + ("\n  ]" if items else "]")

    text = ("{\n"
            f'  "format": "{FORMAT_NAME}",\n  "version": {FORMAT_VERSION},\n'
            '  "directed": true,\n  "multigraph": true,\n'
            f'  "graph": {json.dumps(meta, ensure_ascii=False)},\n'
            f'  "source_catalogue": {json.dumps(catalogue, ensure_ascii=False)},\n'
            f'  "nodes": {block(nodes)},\n'
            f'  "links": {block(links)}\n'
            "}\n")
    return utf8(text)


def _all_refs(g):
    yield from g.graph.get("sources") or []
    for _, d in g.nodes(data=True):
        yield from d.get("sources") or []
    for *_, d in g.edges(data=True):
        yield from d.get("sources") or []


# -- GraphML (yEd and Gephi) --------------------------------------------------------------

YED_SHAPES = {"ellipse": "ellipse", "box": "rectangle", "rounded-box": "roundrectangle",
              "hexagon": "hexagon"}
YED_DASH = {"solid": "line", "dashed": "dashed", "dotted": "dotted", "dashdot": "dashed_dotted"}


def _hex_rgb(color: str) -> tuple[int, int, int]:
    c = color.lstrip("#")
    return int(c[0:2], 16), int(c[2:4], 16), int(c[4:6], 16)


def to_graphml(g, geometry=None, lang: str = "en") -> bytes:
    """GraphML with every property as data, plus what yEd and Gephi show.

    Model properties are plain ``<data>`` keys (``sources`` as a JSON list), so any
    tool reads them and ``c2graph load`` gets the scenario back.  Display keys
    (``label``, ``color``, ``r``/``g``/``b``, ``x``/``y``, ``line_style``) carry the
    chart's look for Gephi; yFiles ``ShapeNode``/``PolyLineEdge`` graphics carry it for
    yEd, positioned from the org chart's own layout so the hierarchy opens intact.
    """
    node_keys = ["id", *ACTOR_COLUMNS]
    display_node = ["label", "color", "fill", "r", "g", "b", "x", "y", "width", "height",
                    "shape"]
    edge_keys = ["id", "type", *REL_COLUMNS]
    display_edge = ["label", "color", "line_style", "line_width"]
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" '
           'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
           'xmlns:y="http://www.yworks.com/xml/graphml" '
           'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns '
           'http://www.yworks.com/xml/schema/graphml/1.1/ygraphml.xsd">',
           f"  <!-- {FORMAT_NAME} {FORMAT_VERSION}: written by c2graph export -->"]
    numeric = {"r": "int", "g": "int", "b": "int", "x": "double", "y": "double",
               "width": "double", "height": "double", "line_width": "double"}
    for k in SCENARIO_FIELDS:
        out.append(f'  <key id="g_{k}" for="graph" attr.name="{k}" attr.type="string"/>')
    for k in node_keys + display_node:
        out.append(f'  <key id="n_{k}" for="node" attr.name="{k}" '
                   f'attr.type="{numeric.get(k, "string")}"/>')
    for k in edge_keys + display_edge:
        out.append(f'  <key id="e_{k}" for="edge" attr.name="{k}" '
                   f'attr.type="{numeric.get(k, "string")}"/>')
    out.append('  <key id="n_yfiles" for="node" yfiles.type="nodegraphics"/>')
    out.append('  <key id="e_yfiles" for="edge" yfiles.type="edgegraphics"/>')
    sid = g.graph.get("id", "scenario")
    out.append(f'  <graph id={_attr(sid)} edgedefault="directed">')
    for k, v in _scenario_meta(g).items():
        out.append(f'    <data key="g_{k}">{_text(v)}</data>')
    for n, d in _nodes(g):
        out.append(f"    <node id={_attr(n)}>")
        for k in node_keys:
            v = n if k == "id" else d.get(k)
            if v not in (None, "", []):
                out.append(f'      <data key="n_{k}">{_text(v)}</data>')
        label = style.actor_label(d, lang)
        nation = d.get("nation", "COMBINED")
        color = style.NATION_COLORS.get(nation, "#6b7280")
        fill = "#ffffff" if style.is_tentative(d.get("status")) else \
            style.NATION_FILLS.get(nation, "#f3f4f6")
        shape = style.KIND_SHAPES.get(d.get("kind"), "box")
        box = geometry.nodes.get(n) if geometry else None
        r, gg, b = _hex_rgb(fill)
        display = {"label": label, "color": color, "fill": fill, "r": r, "g": gg, "b": b,
                   "shape": shape}
        if box:
            display.update(x=round(box.x, 2), y=round(box.y, 2), width=round(box.w, 2),
                           height=round(box.h, 2))
        for k, v in display.items():
            out.append(f'      <data key="n_{k}">{_text(v)}</data>')
        w, h = (box.w, box.h) if box else (150.0, 40.0)
        x, y = (box.x - box.w / 2, box.y - box.h / 2) if box else (0.0, 0.0)
        border = "dashed" if style.is_tentative(d.get("status")) else "line"
        out.append('      <data key="n_yfiles"><y:ShapeNode>'
                   f'<y:Geometry x="{x:.2f}" y="{y:.2f}" width="{w:.2f}" height="{h:.2f}"/>'
                   f'<y:Fill color="{fill}" transparent="false"/>'
                   f'<y:BorderStyle color="{color}" type="{border}" width="1.5"/>'
                   '<y:NodeLabel alignment="center" autoSizePolicy="content" fontSize="11" '
                   f'modelName="internal" modelPosition="c" textColor="#111827">'
                   f'{_text(chr(10).join(wrap(label, 22)))}</y:NodeLabel>'
                   f'<y:Shape type="{YED_SHAPES.get(shape, "rectangle")}"/>'
                   "</y:ShapeNode></data>")
        out.append("    </node>")
    for u, v, key, d in _edges(g):
        ls = style.LINE_STYLES.get(d["type"]) or style.LineStyle("solid", 1.0, True, "#6b7280")
        out.append(f"    <edge id={_attr(key)} source={_attr(u)} target={_attr(v)}>")
        for k in edge_keys:
            val = key if k == "id" else d.get(k)
            if val not in (None, "", []):
                out.append(f'      <data key="e_{k}">{_text(val)}</data>')
        label = style.edge_label(d)
        display = {"label": label, "color": ls.color, "line_style": ls.dash,
                   "line_width": ls.width}
        for k, val in display.items():
            if val not in (None, ""):
                out.append(f'      <data key="e_{k}">{_text(val)}</data>')
        target_arrow = "standard" if ls.arrow else "none"
        edge_label = (f'<y:EdgeLabel fontSize="9" textColor="{ls.color}">{_text(label)}'
                      "</y:EdgeLabel>" if label else "")
        out.append('      <data key="e_yfiles"><y:PolyLineEdge>'
                   f'<y:LineStyle color="{ls.color}" type="{YED_DASH.get(ls.dash, "line")}" '
                   f'width="{ls.width:g}"/><y:Arrows source="none" target="{target_arrow}"/>'
                   f'{edge_label}<y:BendStyle smoothed="true"/></y:PolyLineEdge></data>')
        out.append("    </edge>")
    out.append("  </graph>\n</graphml>\n")
    return utf8("\n".join(out))


def _text(value) -> str:
    """A data value as XML text: lists as JSON, characters XML 1.0 cannot hold replaced
    (``xml_text``: data from a shared Neo4j was never checked), everything escaped."""
    if isinstance(value, (list, tuple)):
        value = json.dumps(list(value), ensure_ascii=False)
    return xml_escape(xml_text(value))


def _attr(value) -> str:
    """A value as a quoted XML attribute (``xml_text``, then escaped and quoted)."""
    return quoteattr(xml_text(value))


# -- GEXF (Gephi) --------------------------------------------------------------------------

GEXF_SHAPES = {"ellipse": "disc", "box": "square", "rounded-box": "square", "hexagon": "diamond"}
GEXF_EDGE = {"solid": "solid", "dashed": "dashed", "dotted": "dotted", "dashdot": "dashed"}


def to_gexf(g, geometry=None, lang: str = "en") -> bytes:
    """GEXF 1.2 with every property as an attribute and Gephi's viz colours and shapes."""
    import networkx as nx

    h = nx.MultiDiGraph()
    h.graph.update({k: _flat(v) for k, v in _scenario_meta(g).items()})
    for n, d in _nodes(g):
        n = xml_text(n)
        attrs = {k: _flat(d[k]) for k in ACTOR_COLUMNS if d.get(k) not in (None, "")}
        nation = d.get("nation", "COMBINED")
        r, gg, b = _hex_rgb(style.NATION_COLORS.get(nation, "#6b7280"))
        viz = {"color": {"r": r, "g": gg, "b": b, "a": 1.0}, "size": 10.0,
               "shape": GEXF_SHAPES.get(style.KIND_SHAPES.get(d.get("kind")), "disc")}
        box = geometry.nodes.get(n) if geometry else None
        if box:
            viz["position"] = {"x": round(box.x, 2), "y": round(-box.y, 2), "z": 0.0}
        h.add_node(n, label=xml_text(style.actor_label(d, lang)), viz=viz, **attrs)
    for u, v, key, d in _edges(g):
        ls = style.LINE_STYLES.get(d["type"]) or style.LineStyle("solid", 1.0, True, "#6b7280")
        r, gg, b = _hex_rgb(ls.color)
        attrs = {k: _flat(d[k]) for k in REL_COLUMNS if d.get(k) not in (None, "")}
        u, v, key = xml_text(u), xml_text(v), xml_text(key)
        h.add_edge(u, v, key=key, id=key, label=d["type"], type_=d["type"],
                   viz={"color": {"r": r, "g": gg, "b": b, "a": 1.0},
                        "thickness": ls.width, "shape": GEXF_EDGE.get(ls.dash, "solid")},
                   **attrs)
    buf = io.BytesIO()
    nx.write_gexf(h, buf, version="1.2draft")
    return buf.getvalue()


def _flat(value):
    """A property for GEXF: lists as JSON text, text as XML can hold it (``xml_text``)."""
    if isinstance(value, (list, tuple)):
        value = json.dumps(list(value), ensure_ascii=False)
    return xml_text(value) if isinstance(value, str) else value


# -- Mermaid ---------------------------------------------------------------------------------

MERMAID_SHAPES = {"ellipse": ('(["', '"])'), "box": ('["', '"]'), "rounded-box": ('("', '")'),
                  "hexagon": ('{{"', '"}}')}
MERMAID_ARROWS = {"solid": ("-->", "---"), "dashed": ("-.->", "-.-"), "dotted": ("-.->", "-.-"),
                  "dashdot": ("-.->", "-.-")}
MERMAID_DASH = {"dashed": "6 4", "dotted": "2 3", "dashdot": "8 3 2 3"}


#: Line breaks of any kind become ``<br/>`` in a label (one line of Mermaid each).
_MERMAID_BREAKS = frozenset("\n\u2028\u2029\x85")


def mermaid_text(text: str) -> str:
    """Text inside a quoted mermaid label or a ``%%`` comment: markup, quotes and ``%``
    as entity codes (so no ``%%{init: …}%%`` directive can open, anywhere), any line
    break as ``<br/>``, and controls, bidi controls, surrogates and noncharacters as a
    space."""
    out = []
    for ch in str(text):
        if ch in '"<>&#`%':
            out.append(f"#{ord(ch)};")
        elif ch in _MERMAID_BREAKS:
            out.append("<br/>")
        elif (ord(ch) < 32 or 0x7F <= ord(ch) <= 0x9F or ch in BIDI_CONTROLS
              or 0xD800 <= ord(ch) <= 0xDFFF or is_noncharacter(ch)):
            out.append(" ")
        else:
            out.append(ch)
    return "".join(out)


def to_mermaid(g, lang: str = "en", marking: str = "", title: str | None = None) -> bytes:
    """A ``flowchart TB`` for Markdown: nations as subgraphs, the chart's line styles."""
    ids = {n: f"n{i}" for i, (n, _) in enumerate(_nodes(g))}
    head = title or g.graph.get("title") or g.graph.get("id", "")
    lines = ["---", f"title: {_mermaid_title(head)}", "---"]
    if marking:
        lines.append(f"%% {mermaid_text(marking)}")
    lines.append(f"%% c2graph scenario {mermaid_text(g.graph.get('id', ''))}, status "
                 f"{mermaid_text(g.graph.get('status', ''))}")
    lines.append("flowchart TB")
    by_nation: dict[str, list[str]] = {}
    for n, d in _nodes(g):
        by_nation.setdefault(d.get("nation", "COMBINED"), []).append(n)
    order = [x for x in style.NATION_ORDER if x in by_nation] + \
        sorted(set(by_nation) - set(style.NATION_ORDER))
    for nation in order:
        lines.append(f'  subgraph {nation}["{mermaid_text(nation_name(nation, lang))}"]')
        for n in by_nation[nation]:
            d = g.nodes[n]
            opening, closing = MERMAID_SHAPES.get(style.KIND_SHAPES.get(d.get("kind")), ('["', '"]'))
            label = mermaid_text(style.actor_label(d, lang))
            lines.append(f"    {ids[n]}{opening}{label}{closing}")
        lines.append("  end")
    link_styles = []
    for i, (u, v, key, d) in enumerate(_edges(g)):
        ls = style.LINE_STYLES.get(d["type"]) or style.LineStyle("solid", 1.0, True, "#6b7280")
        arrow = MERMAID_ARROWS.get(ls.dash, ("-->", "---"))[0 if ls.arrow else 1]
        if d["type"] == "COMMANDS":
            arrow = "==>"
        label = style.edge_label(d)
        middle = f'|"{mermaid_text(label)}"|' if label else ""
        lines.append(f"  {ids[u]} {arrow}{middle} {ids[v]}")
        css = f"stroke:{ls.color},stroke-width:{ls.width:g}px"
        if ls.dash in MERMAID_DASH:
            css += f",stroke-dasharray:{MERMAID_DASH[ls.dash]}"
        link_styles.append(f"  linkStyle {i} {css}")
    lines.extend(link_styles)
    for nation in order:
        fill = style.NATION_FILLS.get(nation, "#f3f4f6")
        stroke = style.NATION_COLORS.get(nation, "#6b7280")
        lines.append(f"  classDef nation_{nation} fill:{fill},stroke:{stroke},color:#111827")
        lines.append(f"  class {','.join(ids[n] for n in by_nation[nation])} nation_{nation}")
    tentative = [ids[n] for n, d in _nodes(g) if style.is_tentative(d.get("status"))]
    if tentative:
        lines.append("  classDef tentative fill:#ffffff,stroke-dasharray:5 4")
        lines.append(f"  class {','.join(tentative)} tentative")
    return utf8("\n".join(lines) + "\n")


def _mermaid_title(text) -> str:
    """The front matter's title: a YAML double-quoted string (JSON is one) with ``%`` and
    every line break escaped, so no directive and no second front-matter line."""
    quoted = json.dumps(str(text), ensure_ascii=False).replace("%", "\\u0025")
    for ch in ("\u2028", "\u2029", "\x85"):
        quoted = quoted.replace(ch, f"\\u{ord(ch):04x}")
    return quoted


# -- Cypher ------------------------------------------------------------------------------------

def cypher_literal(value) -> str:
    """A Cypher literal: strings single-quoted with every special character escaped."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(cypher_literal(v) for v in value) + "]"
    out = ["'"]
    for ch in str(value):
        if ch == "\\":
            out.append("\\\\")
        elif ch == "'":
            out.append("\\'")
        elif ch == '"':
            out.append('\\"')
        elif ord(ch) < 32 or ord(ch) in (0x2028, 0x2029, 0x7F):
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    out.append("'")
    return "".join(out)


def _map(props: dict) -> str:
    return "{" + ", ".join(f"{k}: {cypher_literal(v)}" for k, v in props.items()
                           if v not in (None, "")) + "}"


def to_cypher(g, marking: str = "") -> bytes:
    """A script that recreates the scenario the way ``c2graph load`` writes it.

    One statement a line, each ending in ``;``: ``cypher-shell -f FILE`` runs it, and
    Neo4j Browser runs it pasted whole (multi-statement editor).  Re-running it
    replaces the scenario (idempotent).  Only vocabulary labels and types appear as
    syntax; every value is an escaped literal.
    """
    sid = g.graph.get("id", "")
    s = cypher_literal(sid)
    lines = [f"// c2graph scenario {json.dumps(sid)}: {_comment(g.graph.get('title', ''))}"]
    if marking:
        lines.append(f"// {_comment(marking)}")
    lines += [
        "// Run: cypher-shell -a bolt://HOST:7687 -u neo4j -f THIS_FILE  (or paste into Neo4j Browser)",
        "CREATE CONSTRAINT c2graph_actor_key IF NOT EXISTS FOR (n:Actor) REQUIRE (n.scenario, n.id) IS UNIQUE;",
        "CREATE CONSTRAINT c2graph_scenario_id IF NOT EXISTS FOR (s:Scenario) REQUIRE s.id IS UNIQUE;",
        f"MATCH (n:{ACTOR_LABEL} {{scenario: {s}}}) DETACH DELETE n;",
        f"MATCH (s:Scenario {{id: {s}}}) DELETE s;",
        f"CREATE (:Scenario {_map(_scenario_meta(g))});",
    ]
    for n, d in _nodes(g):
        props = {"scenario": sid, "id": n, **{k: d.get(k) for k in ACTOR_COLUMNS}}
        props = {k: (list(v) if isinstance(v, tuple) else v) for k, v in props.items()}
        lines.append(f"CREATE (:{ACTOR_LABEL}:{kind_label(d['kind'])} {_map(props)});")
    for u, v, key, d in _edges(g):
        props = {"scenario": sid, "id": key, **{k: d.get(k) for k in REL_COLUMNS}}
        lines.append(f"MATCH (a:{ACTOR_LABEL} {{scenario: {s}, id: {cypher_literal(u)}}}), "
                     f"(b:{ACTOR_LABEL} {{scenario: {s}, id: {cypher_literal(v)}}}) "
                     f"CREATE (a)-[:{rel_type(d['type'])} {_map(props)}]->(b);")
    return utf8("\n".join(lines) + "\n")


def _comment(text: str) -> str:
    """Text for a ``//`` comment line: JSON-quoted, and no character that any tool
    could take for a line break (U+2028, U+2029 and NEL pass ``json.dumps`` as they
    are; an editor or ``str.splitlines`` would end the comment there and run the rest
    of a hostile title as Cypher)."""
    quoted = json.dumps(text, ensure_ascii=False)
    for ch in ("\u2028", "\u2029", "\x85"):
        quoted = quoted.replace(ch, f"\\u{ord(ch):04x}")
    return quoted


def cypher_statements(script: str) -> list[str]:
    """Split a script written by ``to_cypher`` into statements (one a line; only ``\\n``
    ends a line, as in Cypher itself)."""
    return [ln.rstrip().rstrip(";") for ln in script.split("\n")
            if ln.strip() and not ln.lstrip().startswith("//")]


# -- neo4j-admin import CSV -------------------------------------------------------------------

CSV_ACTORS = "actors.csv"
CSV_RELATIONSHIPS = "relationships.csv"
CSV_SCENARIOS = "scenarios.csv"
CSV_README = "IMPORT.txt"
ACTOR_HEADER = ["id:ID(Actor)", ":LABEL", "scenario"] + \
    [f"{k}:string[]" if k == "sources" else k for k in ACTOR_COLUMNS if k != "kind"] + ["kind"]
REL_HEADER = [":START_ID(Actor)", ":END_ID(Actor)", ":TYPE", "id", "scenario", "authority",
              "sources:string[]", "note"]
SCENARIO_HEADER = ["id:ID(Scenario)", ":LABEL", "title", "status", "base", "date",
                   "description", "sources:string[]", "title_ja", "description_ja"]


def _array(values) -> str:
    refs = list(values or [])
    for ref in refs:
        if ";" in ref:
            raise ExportError(f"source reference {ref!r} contains ';', the array delimiter"
                              " of neo4j-admin import: the csv format cannot hold it")
    return ";".join(refs)


def to_neo4j_csv(g) -> dict[str, bytes]:
    """The files ``neo4j-admin database import full`` reads (and ``c2graph load`` too)."""
    sid = g.graph.get("id", "")

    def table(header, rows) -> bytes:
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
        w.writerow(header)
        w.writerows(rows)
        return utf8(buf.getvalue())

    actors = []
    for n, d in _nodes(g):
        row = [n, f"{ACTOR_LABEL};{kind_label(d['kind'])}", sid]
        for k in ACTOR_COLUMNS:
            if k == "kind":
                continue
            row.append(_array(d.get(k)) if k == "sources" else (d.get(k) or ""))
        row.append(d["kind"])
        actors.append(row)
    rels = [[u, v, rel_type(d["type"]), key, sid, d.get("authority") or "",
             _array(d.get("sources")), d.get("note") or ""] for u, v, key, d in _edges(g)]
    meta = _scenario_meta(g)
    scen = [[sid, "Scenario", meta.get("title", ""), meta.get("status", ""), meta.get("base", ""),
             meta.get("date", ""), meta.get("description", ""), _array(meta.get("sources")),
             meta.get("title_ja", ""), meta.get("description_ja", "")]]
    # The database name comes first: --nodes and --relationships take any number of
    # files (Neo4j 5's import tool), so a name after them is read as one more file.
    readme = (f"c2graph scenario {sid}: files for neo4j-admin (Neo4j 5), into an empty database:\n\n"
              "  neo4j-admin database import full neo4j --array-delimiter=';' --multiline-fields=true \\\n"
              f"    --nodes={CSV_ACTORS} --nodes={CSV_SCENARIOS} \\\n"
              f"    --relationships={CSV_RELATIONSHIPS}\n\n"
              "or load them with c2graph:  c2graph load THIS_FOLDER\n")
    return {CSV_ACTORS: table(ACTOR_HEADER, actors), CSV_RELATIONSHIPS: table(REL_HEADER, rels),
            CSV_SCENARIOS: table(SCENARIO_HEADER, scen), CSV_README: utf8(readme)}


__all__ = ["cypher_literal", "cypher_statements", "mermaid_text",
           "to_cypher", "to_gexf", "to_graphml", "to_json", "to_mermaid", "to_neo4j_csv"]
