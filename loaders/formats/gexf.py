"""GEXF 1.2 for Gephi (``c2graph export gexf``): every property as an attribute, with
Gephi's viz colours, shapes and positions from ``graph.schema`` and the chart layout.

Written only: Gephi reads GraphML as well, and ``c2graph load`` reads the GraphML,
JSON and CSV exports back.
"""

from __future__ import annotations

import io
import json
import re

from c2graph.graph.schema import actor_label
from c2graph.graph.textsafety import xml_text
from c2graph.loaders.formats.common import (ACTOR_COLUMNS, REL_COLUMNS, edges, hex_rgb,
                                            line_style, nodes, scenario_meta)
from c2graph.loaders.formats.graphml import _nation, _shape

GEXF_SHAPES = {"ellipse": "disc", "box": "square", "rounded-box": "square", "hexagon": "diamond"}
GEXF_EDGE = {"solid": "solid", "dashed": "dashed", "dotted": "dotted", "dashdot": "dashed"}


def to_gexf(g, geometry=None, lang: str = "en", date: str | None = None) -> bytes:
    """GEXF 1.2 with every property as an attribute and Gephi's viz colours and shapes.

    ``date`` (YYYY-MM-DD) is written as the file's ``lastmodifieddate``: networkx writes
    today's, so an export made under ``SOURCE_DATE_EPOCH`` would differ from day to day."""
    import networkx as nx

    h = nx.MultiDiGraph()
    h.graph.update({k: _flat(v) for k, v in scenario_meta(g).items()})
    for n, d in nodes(g):
        n = xml_text(n)
        attrs = {k: _flat(d[k]) for k in ACTOR_COLUMNS if d.get(k) not in (None, "")}
        nation = d.get("nation", "COMBINED")
        r, gg, b = hex_rgb(_nation(nation).color)
        viz = {"color": {"r": r, "g": gg, "b": b, "a": 1.0}, "size": 10.0,
               "shape": GEXF_SHAPES.get(_shape(d.get("kind")), "disc")}
        box = geometry.nodes.get(n) if geometry else None
        if box:
            viz["position"] = {"x": round(box.x, 2), "y": round(-box.y, 2), "z": 0.0}
        h.add_node(n, label=xml_text(actor_label(d, lang)), viz=viz, **attrs)
    for u, v, key, d in edges(g):
        ls = line_style(d["type"])
        r, gg, b = hex_rgb(ls.color)
        attrs = {k: _flat(d[k]) for k in REL_COLUMNS if d.get(k) not in (None, "")}
        u, v, key = xml_text(u), xml_text(v), xml_text(key)
        h.add_edge(u, v, key=key, id=key, label=d["type"], type_=d["type"],
                   viz={"color": {"r": r, "g": gg, "b": b, "a": 1.0},
                        "thickness": ls.width, "shape": GEXF_EDGE.get(ls.dash, "solid")},
                   **attrs)
    buf = io.BytesIO()
    nx.write_gexf(h, buf, version="1.2draft")
    data = buf.getvalue()
    if date:
        data = re.sub(rb'(<meta lastmodifieddate=")[0-9-]*(")', rb"\g<1>" + date.encode()
                      + rb"\g<2>", data, count=1)
    return data


def _flat(value):
    """A property for GEXF: lists as JSON text, text as XML can hold it (``xml_text``)."""
    if isinstance(value, (list, tuple)):
        value = json.dumps(list(value), ensure_ascii=False)
    return xml_text(value) if isinstance(value, str) else value
