"""GraphML for yEd and Gephi (``c2graph export graphml``), written and read back.

The writer carries every model property as plain ``<data>`` plus the chart's look
(yFiles graphics for yEd, display keys for Gephi) from ``graph.schema``.  The reader
takes only the model's own ``<data>`` keys are read (by their ``attr.name``): display keys
and yFiles graphics are ignored, so a file re-saved by yEd or Gephi still loads as
long as it keeps the data.  Values go through the dataset's field checks, with the
GraphML line of each node and edge in every problem.
"""

from __future__ import annotations

import json
from pathlib import Path

from xml.sax.saxutils import escape as xml_escape, quoteattr

from c2graph.graph.linebreak import wrap
from c2graph.graph.model import Dataset, DatasetError, Origin, Problem
from c2graph.graph.schema import (COMBINED, KINDS, NATIONS, SCENARIO_FIELDS, Nation,
                                  actor_label, edge_label, is_tentative)
from c2graph.graph.textsafety import utf8, xml_text
from c2graph.loaders.fields import ACTOR_FIELDS
from c2graph.loaders.formats.common import (ACTOR_COLUMNS, FORMAT_NAME, FORMAT_VERSION,
                                            REL_COLUMNS, SCENARIO_KEYS, edges, hex_rgb,
                                            line_style, nodes, scenario_from_items,
                                            scenario_meta)
from c2graph.loaders.scenarios import dedupe
from c2graph.loaders.yamlio import display_path, read_text

NS = "{http://graphml.graphdrawing.org/xmlns}"
REL_KEYS = {"type", "authority", "sources", "note"}


def is_graphml(path: Path) -> bool:
    return Path(path).is_file() and Path(path).suffix.lower() == ".graphml"


#: GraphML nests graphml > graph > node > data > yFiles graphics > label: 6 deep.
MAX_XML_DEPTH = 32


class Element:
    """A parsed element that knows its line (ElementTree's C elements cannot)."""

    __slots__ = ("tag", "attrib", "line", "children", "parts")

    def __init__(self, tag: str, attrib: dict, line: int):
        self.tag, self.attrib, self.line = tag, attrib, line
        self.children: list[Element] = []
        self.parts: list[str] = []  # text as expat delivers it, joined once at the end

    @property
    def text(self) -> str:
        return "".join(self.parts)

    def get(self, key, default=None):
        return self.attrib.get(key, default)

    def findall(self, tag: str) -> list["Element"]:
        return [c for c in self.children if c.tag == tag]

    def iter(self, tag: str):
        if self.tag == tag:
            yield self
        for c in self.children:
            yield from c.iter(tag)


class _Refused(Exception):
    """XML the reader never accepts (a DTD, an entity, nesting too deep), at a line."""

    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line, self.message = line, message


def _parse(text: str, shown: str) -> Element:
    """Parse with expat, keeping line numbers; no DTD at all.

    A ``<!DOCTYPE`` is refused where it starts, so no entity is ever declared or
    expanded (no "billion laughs", no external entity, no quadratic blow-up); text is
    kept as a list of pieces and joined once (linear in the input, however expat
    splits it); elements nested deeper than ``MAX_XML_DEPTH`` are refused.
    """
    from xml.parsers import expat

    parser = expat.ParserCreate(namespace_separator="}")
    stack: list[Element] = []
    root: list[Element] = []

    def start(tag, attrs):
        if len(stack) >= MAX_XML_DEPTH:
            raise _Refused(parser.CurrentLineNumber,
                           f"elements nested deeper than {MAX_XML_DEPTH} levels")
        tag = "{" + tag if "}" in tag else tag
        elem = Element(tag, attrs, parser.CurrentLineNumber)
        (stack[-1].children if stack else root).append(elem)
        stack.append(elem)

    def end(_tag):
        stack.pop()

    def chars(data):
        if stack:
            stack[-1].parts.append(data)

    def doctype(*_args):
        raise _Refused(parser.CurrentLineNumber, "a DTD (<!DOCTYPE …>) is not accepted:"
                                                 " GraphML needs none, and its entities"
                                                 " could expand without bound")

    def entity(*_args):
        raise _Refused(parser.CurrentLineNumber, "entity declarations are not accepted")

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = chars
    parser.StartDoctypeDeclHandler = doctype
    parser.EntityDeclHandler = entity
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    try:
        parser.Parse(text.encode("utf-8"), True)
    except _Refused as exc:
        raise DatasetError([Problem(Origin(shown, exc.line), f"invalid GraphML: {exc.message}")]) \
            from None
    except expat.ExpatError as exc:
        raise DatasetError([Problem(Origin(shown, exc.lineno),
                                    f"invalid GraphML: {expat.errors.messages.get(exc.code, exc)}")]) from None
    if not root:
        raise DatasetError([Problem(Origin(shown, 1), "invalid GraphML: empty document")])
    return root[0]


def _value(name: str, text: str | None):
    text = text or ""
    if name == "sources":
        stripped = text.strip()
        if stripped.startswith("["):
            try:
                return json.loads(stripped)
            except (ValueError, RecursionError):  # not a list: the field check says so
                return stripped
    return text


def load_graphml(path: Path) -> Dataset:
    path = Path(path)
    shown = display_path(path)
    text, problem = read_text(path)
    if problem:
        raise DatasetError([problem])
    root = _parse(text, shown)
    if root.tag != f"{NS}graphml":
        raise DatasetError([Problem(Origin(shown, 1), "not GraphML (no <graphml> root)")])
    keys: dict = {}
    for k in root.iter(f"{NS}key"):
        if k.get("id") in keys:
            raise DatasetError([Problem(Origin(shown, k.line), f"duplicate <key> id"
                                                               f" {k.get('id')!r}")])
        keys[k.get("id")] = (k.get("for"), k.get("attr.name"))
    graphs = root.findall(f"{NS}graph")
    if len(graphs) != 1:
        raise DatasetError([Problem(Origin(shown, 1), f"expected one <graph>, found {len(graphs)}")])
    graph = graphs[0]

    def data(elem, wanted: set[str], scope: str) -> dict:
        out = {}
        for d in elem.findall(f"{NS}data"):
            target, name = keys.get(d.get("key"), (None, None))
            if target in (scope, "all") and name in wanted:
                if name in out:  # the second would silently win
                    problems.append(Problem(Origin(shown, d.line), f"{name!r} given twice"
                                                                   f" in one <{scope}>"))
                out[name] = _value(name, d.text)
        return out

    problems: list[Problem] = []
    meta = data(graph, SCENARIO_KEYS, "graph")
    nodes = []
    for node in graph.findall(f"{NS}node"):
        raw = data(node, ACTOR_FIELDS, "node")
        raw.setdefault("id", node.get("id"))
        if raw["id"] != node.get("id"):
            problems.append(Problem(Origin(shown, node.line), f"node id {node.get('id')!r} and"
                                                              f" its id data {raw['id']!r} differ"))
        nodes.append((raw, node.line))
    links = []
    for edge in graph.findall(f"{NS}edge"):
        raw = data(edge, REL_KEYS, "edge")
        raw.update({"from": edge.get("source"), "to": edge.get("target")})
        links.append((raw, edge.line))
    scenario = scenario_from_items(shown, (meta, graph.line), nodes, links, problems)
    if problems or scenario is None:
        raise DatasetError(dedupe(problems))
    return Dataset(sources={}, scenarios={scenario.id: scenario}, path=shown)


# -- writing --------------------------------------------------------------------------------

YED_SHAPES = {"ellipse": "ellipse", "box": "rectangle", "rounded-box": "roundrectangle",
              "hexagon": "hexagon"}
YED_DASH = {"solid": "line", "dashed": "dashed", "dotted": "dotted", "dashdot": "dashed_dotted"}


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
    for k, v in scenario_meta(g).items():
        out.append(f'    <data key="g_{k}">{_text(v)}</data>')
    for n, d in nodes(g):
        out.append(f"    <node id={_attr(n)}>")
        for k in node_keys:
            v = n if k == "id" else d.get(k)
            if v not in (None, "", []):
                out.append(f'      <data key="n_{k}">{_text(v)}</data>')
        label = actor_label(d, lang)
        nation = d.get("nation", "COMBINED")
        color = _nation(nation).color
        fill = "#ffffff" if is_tentative(d.get("status")) else \
            _nation(nation).fill
        shape = _shape(d.get("kind"))
        box = geometry.nodes.get(n) if geometry else None
        r, gg, b = hex_rgb(fill)
        display = {"label": label, "color": color, "fill": fill, "r": r, "g": gg, "b": b,
                   "shape": shape}
        if box:
            display.update(x=round(box.x, 2), y=round(box.y, 2), width=round(box.w, 2),
                           height=round(box.h, 2))
        for k, v in display.items():
            out.append(f'      <data key="n_{k}">{_text(v)}</data>')
        w, h = (box.w, box.h) if box else (150.0, 40.0)
        x, y = (box.x - box.w / 2, box.y - box.h / 2) if box else (0.0, 0.0)
        border = "dashed" if is_tentative(d.get("status")) else "line"
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
    for u, v, key, d in edges(g):
        ls = line_style(d["type"])
        out.append(f"    <edge id={_attr(key)} source={_attr(u)} target={_attr(v)}>")
        for k in edge_keys:
            val = key if k == "id" else d.get(k)
            if val not in (None, "", []):
                out.append(f'      <data key="e_{k}">{_text(val)}</data>')
        label = edge_label(d)
        display = {"label": label, "color": ls.color, "line_style": ls.dash,
                   "line_width": ls.width}
        for k, val in display.items():
            if val not in (None, ""):
                out.append(f'      <data key="e_{k}">{_text(val)}</data>')
        target_arrow = "standard" if ls.arrow else "none"
        yed_label = (f'<y:EdgeLabel fontSize="9" textColor="{ls.color}">{_text(label)}'
                      "</y:EdgeLabel>" if label else "")
        out.append('      <data key="e_yfiles"><y:PolyLineEdge>'
                   f'<y:LineStyle color="{ls.color}" type="{YED_DASH.get(ls.dash, "line")}" '
                   f'width="{ls.width:g}"/><y:Arrows source="none" target="{target_arrow}"/>'
                   f'{yed_label}<y:BendStyle smoothed="true"/></y:PolyLineEdge></data>')
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


def _nation(nation: str | None) -> Nation:
    """The schema's nation (colours, names); an unknown one is drawn as combined."""
    return NATIONS.get(nation or COMBINED) or NATIONS[COMBINED]


def _shape(kind: str | None) -> str:
    """The schema's neutral shape name of a kind (``box`` for one it lacks)."""
    known = KINDS.get(kind or "")
    return known.shape if known else "box"
