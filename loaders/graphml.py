"""Reading a GraphML export (``c2graph export graphml``) back into a scenario.

Only the model's own ``<data>`` keys are read (by their ``attr.name``): display keys
and yFiles graphics are ignored, so a file re-saved by yEd or Gephi still loads as
long as it keeps the data.  Values go through the dataset's field checks, with the
GraphML line of each node and edge in every problem.
"""

from __future__ import annotations

import json
from pathlib import Path

from c2graph.graph.model import Dataset, DatasetError, Origin, Problem
from c2graph.loaders.fields import ACTOR_FIELDS
from c2graph.loaders.json_graph import SCENARIO_KEYS, scenario_from_items
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
