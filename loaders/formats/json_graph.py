"""Node-link JSON (``c2graph export json``), written and read back.

The writer puts every property of the scenario, its actors and relationships in one
file (one item a line, diff-friendly) with the sources they cite; the reader parses it
within bounds (duplicate keys, 64-bit integers, nesting) and checks every value as a
dataset's (``common.scenario_from_items``).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from c2graph.graph.model import Dataset, DatasetError, Origin, Problem
from c2graph.graph.textsafety import utf8
from c2graph.loaders.fields import REL_FIELDS
from c2graph.loaders.formats.common import (ACTOR_COLUMNS, FORMAT_NAME, FORMAT_VERSION,
                                            REL_COLUMNS, edges, nodes, scenario_from_items,
                                            scenario_meta)
from c2graph.loaders.scenarios import dedupe
from c2graph.loaders.yamlio import display_path, read_text



def is_json_graph(path: Path) -> bool:
    return Path(path).is_file() and Path(path).suffix.lower() == ".json"


def _line_index(text: str):
    """A function giving the line of the next ``"id": "X"`` for each X, in file order:
    the graph, then the nodes and links ask in the order they appear, so a duplicated id
    is placed at its own line, not at the first one's."""
    lines: dict[str, list[int]] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        for m in re.finditer(r'"id"\s*:\s*"((?:[^"\\]|\\.)*)"', line):
            try:
                value = json.loads(f'"{m.group(1)}"')
            except ValueError:
                continue
            lines.setdefault(value, []).append(number)

    def next_line(value) -> int:
        found = lines.get(str(value))
        if not found:
            return 1
        return found.pop(0) if len(found) > 1 else found[0]
    return next_line


#: Integers longer than this are not a 64-bit number (and past 4,300 digits Python
#: refuses to convert them at all): refused, never turned into something else.
MAX_INT_DIGITS = 19


class _Refused(ValueError):
    """A JSON value the format never holds: found while parsing, placed by ``_line_of``."""

    def __init__(self, message: str, token: str | None = None, key: str | None = None):
        super().__init__(message)
        self.message, self.token, self.key = message, token, key


def _unique_object(pairs):
    keys = set()
    for key, _ in pairs:
        if key in keys:
            raise _Refused(f"duplicate key {key!r} in one object", key=key)
        keys.add(key)
    return dict(pairs)


def _bounded_int(digits: str) -> int:
    if len(digits.lstrip("-")) > MAX_INT_DIGITS:
        raise _Refused(f"a {len(digits.lstrip('-'))}-digit integer (at most"
                       f" {MAX_INT_DIGITS} digits)", token=digits)
    return int(digits)


def _finite_float(text: str) -> float:
    value = float(text)
    if value in (float("inf"), float("-inf")):
        raise _Refused(f"the number {text[:40]} is too large", token=text)
    return value


def _no_constant(name: str):
    raise _Refused(f"{name} is not a JSON value", token=name)


_TOKEN = re.compile(r'"(?:[^"\\\n]|\\.)*"|[{}\[\]:,]|[^\s{}\[\]:,"]+|\n')


def _line_of(text: str, refused: _Refused) -> int:
    """The line of the value or key ``refused`` names: one pass over the tokens, tracking
    each open object's keys (only run once parsing has already failed)."""
    line, prev, stack = 1, None, []
    for m in _TOKEN.finditer(text):
        tok = m.group()
        if tok == "\n":
            line += 1
            continue
        if tok in "{[":
            stack.append(set() if tok == "{" else None)
        elif tok in "}]":
            if stack:
                stack.pop()
        elif tok == ":" and prev and prev[0] == '"' and stack and stack[-1] is not None:
            key = json.loads(prev)
            if refused.key is not None and key in stack[-1] and key == refused.key:
                return line
            stack[-1].add(key)
        elif refused.token is not None and tok == refused.token:
            return line
        prev = tok
    return 1


def parse_json(text: str, shown: str):
    """JSON text as data, or ``DatasetError`` with ``file:line``: syntax errors, nesting
    deeper than ``yamlio.MAX_DEPTH`` (checked before parsing past ``MAX_FLOW_DEPTH``),
    duplicate keys, integers past 64 bits, ``NaN``/``Infinity`` and overflowing floats
    are all refused, never rewritten or left to a traceback."""
    from c2graph.loaders.yamlio import MAX_DEPTH, depth, flow_too_deep

    deep = flow_too_deep(text)
    if deep is not None:
        raise DatasetError([Problem(Origin(shown, deep), f"nesting deeper than {MAX_DEPTH}"
                                                         " levels")])
    try:
        data = json.loads(text, object_pairs_hook=_unique_object, parse_int=_bounded_int,
                          parse_float=_finite_float, parse_constant=_no_constant)
    except json.JSONDecodeError as exc:
        raise DatasetError([Problem(Origin(shown, exc.lineno), f"invalid JSON: {exc.msg}")]) \
            from None
    except _Refused as exc:
        raise DatasetError([Problem(Origin(shown, _line_of(text, exc)),
                                    f"invalid JSON: {exc.message}")]) from None
    except (RecursionError, ValueError) as exc:  # whatever else the decoder gives up on
        raise DatasetError([Problem(Origin(shown, 1), f"invalid JSON: {exc}")]) from None
    if depth(data) > MAX_DEPTH:
        raise DatasetError([Problem(Origin(shown, 1), f"nesting deeper than {MAX_DEPTH}"
                                                      " levels")])
    return data


def load_json_graph(path: Path) -> Dataset:
    """Read a ``c2graph export json`` file into a one-scenario ``Dataset``."""
    path = Path(path)
    shown = display_path(path)
    text, problem = read_text(path)
    if problem:
        raise DatasetError([problem])
    data = parse_json(text, shown)
    if not isinstance(data, dict) or data.get("format") != FORMAT_NAME:
        raise DatasetError([Problem(Origin(shown, 1), "not a c2graph scenario export (expected"
                                                      f' "format": "{FORMAT_NAME}")')])
    where = _line_index(text)
    graph_line = where(data["graph"].get("id")) if isinstance(data.get("graph"), dict) else 1
    problems: list[Problem] = []
    catalogue = data.get("source_catalogue") or {}
    if not isinstance(catalogue, dict):
        problems.append(Problem(Origin(shown, 1), "source_catalogue must be an object"))
        catalogue = {}
    nodes, links = [], []
    for key, items in (("nodes", nodes), ("links", links)):
        raw_items = data.get(key)
        if not isinstance(raw_items, list):
            problems.append(Problem(Origin(shown, 1), f"{key!r} must be a list"))
            continue
        for item in raw_items:
            if not isinstance(item, dict):
                problems.append(Problem(Origin(shown, 1), f"every item of {key!r} must be an object"))
                continue
            line = where(item.get("id"))
            if key == "links":
                item = {("from" if k == "source" else "to" if k == "target" else k): v
                        for k, v in item.items() if k not in ("key", "id")}
                for k in list(item):
                    if k not in REL_FIELDS:
                        problems.append(Problem(Origin(shown, line), f"unknown key {k!r} in link"))
            items.append((item, line))
    graph = data.get("graph")
    if not isinstance(graph, dict):
        raise DatasetError(problems + [Problem(Origin(shown, 1), "'graph' must be an object")])
    known = set(catalogue) if catalogue else None
    scenario = scenario_from_items(shown, (graph, graph_line), nodes,
                                   links, problems, known)
    if problems or scenario is None:
        raise DatasetError(dedupe(problems))
    return Dataset(sources={k: dict(v) for k, v in catalogue.items() if isinstance(v, dict)},
                   scenarios={scenario.id: scenario}, path=shown)


# -- writing --------------------------------------------------------------------------------

def to_json(g, sources: dict | None = None) -> bytes:
    """networkx node-link JSON with every property, one item a line (diff-friendly).

    ``networkx.node_link_graph(data, edges="links")`` reads it; so does
    ``c2graph load FILE.json``.
    """
    meta = scenario_meta(g)
    used = {ref.split("#", 1)[0] for ref in _all_refs(g)}
    catalogue = {k: v for k, v in sorted((sources or {}).items()) if k in used}
    actors = [{"id": n, **{k: d[k] for k in ACTOR_COLUMNS if d.get(k) not in (None, "")}}
              for n, d in nodes(g)]
    links = [{"source": u, "target": v, "key": key, "type": d["type"], "id": key,
              **{k: d[k] for k in REL_COLUMNS if d.get(k) not in (None, "")}}
             for u, v, key, d in edges(g)]

    def block(items):
        return "[\n" + ",\n".join("    " + json.dumps(i, ensure_ascii=False) for i in items) \
            + ("\n  ]" if items else "]")

    text = ("{\n"
            f'  "format": "{FORMAT_NAME}",\n  "version": {FORMAT_VERSION},\n'
            '  "directed": true,\n  "multigraph": true,\n'
            f'  "graph": {json.dumps(meta, ensure_ascii=False)},\n'
            f'  "source_catalogue": {json.dumps(catalogue, ensure_ascii=False)},\n'
            f'  "nodes": {block(actors)},\n'
            f'  "links": {block(links)}\n'
            "}\n")
    return utf8(text)


def _all_refs(g):
    yield from g.graph.get("sources") or []
    for _, d in g.nodes(data=True):
        yield from d.get("sources") or []
    for *_, d in g.edges(data=True):
        yield from d.get("sources") or []
