"""The overview slide of a deck: every nation frame as one box, the lines between them.

A full scenario's frames side by side do not fit a 16:9 slide at 12 pt even with one
box each (six frames, their titles, the gutters), so the overview draws each frame
as a box of its own: its title, how many actors it holds, its top actors, and the
slide its chart starts on (the box links there).  The lines between frames are the
scenario's command and supervision lines between actors of different frames, one per
pair of frames and type (the authority written when every line of the group carries
the same one): who commands across a frame's edge is the story of an alliance chart.
Coordination, support and forum membership between frames (two to five groups per
pair of frames) are left to the frames' own slides; drawn here they tied every box
to every other and the overview said nothing.  The
layout engine lays this small graph out like any other, so it reads the same way: a
commanding frame above the frame it commands.
"""

from __future__ import annotations

import networkx as nx

from c2graph.graph.schema import TREE_TYPES
from c2graph.viz.layout.frames import frame_title

KEY = "_overview"      # node attribute: (frame id, actor count, top actors' labels)
OVERVIEW = "OVERVIEW"  # the one nation of an overview's boxes (coloured by their frame's)


def overview_graph(g, frame_of: dict[str, str], tops: dict[str, list[str]]):
    """A graph of one node per frame of ``g`` (ids are the frame ids) and one line per
    pair of frames and commanding relationship type (``TREE_TYPES``).

    ``tops`` are the frames' top actors in the deck's union of scenarios; a box lists
    those that ``g`` holds (a top that only another scenario has is not ``g``'s)."""
    from c2graph.viz.export.slides.notes import short

    out = nx.MultiDiGraph()
    out.graph.update(g.graph)
    count: dict[str, int] = {}
    for n in g.nodes:
        count[frame_of[n]] = count.get(frame_of[n], 0) + 1
    for f, c in count.items():
        # one nation for all: the engine lays the boxes out as one tree in rows (in
        # frames of their own, six boxes and their gutters are wider than a slide)
        out.add_node(f, id=f, kind="Staff", nation=OVERVIEW,
                     name_en=frame_title(f, "en"), name_ja=frame_title(f, "ja"),
                     **{KEY: (f, c, {lang: [short(g, t, lang) for t in tops.get(f, []) if t in g]
                                     for lang in ("en", "ja")})})
    groups: dict[tuple[str, str, str], list[dict]] = {}
    for u, v, d in g.edges(data=True):
        a, b = frame_of[u], frame_of[v]
        if a != b and d.get("type") in TREE_TYPES:
            groups.setdefault((a, b, d.get("type", "")), []).append(d)
    for (a, b, t), ds in sorted(groups.items()):
        auths = {d.get("authority") for d in ds}
        attrs = {"type": t, "count": len(ds)}
        if len(auths) == 1 and None not in auths:
            attrs["authority"] = auths.pop()
        if all(d.get("_change") == "added" for d in ds):
            attrs["_change"] = "added"
        out.add_edge(a, b, key=f"{a} {t} {b}", **attrs)
    return out


#: Key prefix of the lines ``in_rows`` adds: they place the boxes, nobody draws them.
LAYOUT = "layout:"


def in_rows(g, rows: int):
    """A copy of the overview graph whose unconnected boxes stand in ``rows`` rows.

    Frames that no commanding line ties together (jjoc-2025's six) would stand in
    one row, wider than a slide; a command line from each box of the first row to one
    of the next (named ``layout:…``, laid out and routed but never drawn: the slide
    draws the scenario's overview graph, which does not have them) makes a grid.
    """
    out = g.copy()
    if rows <= 1:
        return out
    free = [n for n in g.nodes if not any(d.get("type") in TREE_TYPES
                                          for *_, d in g.in_edges(n, data=True))]
    per = -(-len(free) // rows)
    for i in range(per, len(free)):
        parent = free[i - per]
        out.add_edge(parent, free[i], key=f"{LAYOUT}{parent} {free[i]}", type="COMMANDS")
    return out
