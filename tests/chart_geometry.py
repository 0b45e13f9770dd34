"""The charts' geometry checker: reads a produced file back and finds false relationships.

A line that passes behind a box reads as a chain of command through it; a line that
crosses a nation's frame it does not belong to reads as that nation taking part.  This
module parses what was written — the SVG's node shapes, cluster frames and line paths;
the PPTX's shapes, frames and connector geometry; or positions read from the view in
Chromium — into one ``Drawing``, then ``problems`` lists every line segment that passes
through a box other than the line's two ends, or through the frame of a nation neither
end belongs to.  ``crossings`` counts proper crossings between lines (recorded, must
not grow) and ``min_text`` gives the smallest text size at page scale.

Nothing here imports the engine's internal geometry: the checker sees only the file.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from c2graph.viz.layout.geometry import Rect, count_crossings, polyline_hits_rect

SVG = "{http://www.w3.org/2000/svg}"
NUM = re.compile(r"-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?")


@dataclass
class Drawing:
    boxes: dict[str, Rect] = field(default_factory=dict)          # actor id -> box
    frames: dict[str, Rect] = field(default_factory=dict)         # frame name -> frame
    frame_of: dict[str, str] = field(default_factory=dict)        # actor id -> frame name
    lines: dict[str, tuple[str, str, list]] = field(default_factory=dict)  # id -> (u, v, pts)
    texts: list[tuple[float, str]] = field(default_factory=list)  # (size at page scale, text)
    page: tuple[float, float] = (0.0, 0.0)
    shapes: list[tuple[str, Rect]] = field(default_factory=list)  # every shape: (name, rect)


def _frame_membership(d: Drawing) -> None:
    """Each box's frame: the smallest frame that holds its centre."""
    for n, b in d.boxes.items():
        holding = [(f.w * f.h, name) for name, f in d.frames.items()
                   if f.x0 <= b.cx <= f.x1 and f.y0 <= b.cy <= f.y1]
        if holding:
            d.frame_of[n] = min(holding)[1]


def problems(d: Drawing) -> list[str]:
    """Every line through a foreign box or frame, as readable sentences."""
    out = []
    for key, (u, v, pts) in sorted(d.lines.items()):
        if not pts:
            continue
        lx0, lx1 = min(p[0] for p in pts), max(p[0] for p in pts)
        ly0, ly1 = min(p[1] for p in pts), max(p[1] for p in pts)
        for n, box in d.boxes.items():
            if n in (u, v) or box.x1 < lx0 or box.x0 > lx1 or box.y1 < ly0 or box.y0 > ly1:
                continue
            if polyline_hits_rect(pts, box):
                out.append(f"line {key} passes through box {n}")
        own = {d.frame_of.get(u), d.frame_of.get(v)}
        for name, frame in d.frames.items():
            if name in own:
                continue
            if polyline_hits_rect(pts, frame):
                out.append(f"line {key} crosses the frame {name}")
    return out


def off_page(d: Drawing) -> list[str]:
    """Every shape not wholly on its page (half a point of rounding allowed)."""
    w, h = d.page
    return [f"{name} at {r.x0:.1f},{r.y0:.1f} .. {r.x1:.1f},{r.y1:.1f} off the {w:g}x{h:g} page"
            for name, r in d.shapes
            if r.x0 < -0.5 or r.y0 < -0.5 or r.x1 > w + 0.5 or r.y1 > h + 0.5]


def crossings(d: Drawing) -> int:
    return count_crossings([pts for *_, pts in d.lines.values()])


def min_text(d: Drawing) -> float:
    return min((s for s, t in d.texts if t.strip()), default=0.0)


# -- SVG (Graphviz) ----------------------------------------------------------------------

def _points(text: str) -> list[tuple[float, float]]:
    vals = [float(v) for v in NUM.findall(text)]
    return list(zip(vals[0::2], vals[1::2]))


def svg_drawing(path: str | Path) -> Drawing:
    """A Graphviz SVG chart: nodes by ``<title>`` (actor id), clusters as frames, edges
    whose class names a relationship type as lines (ids are relationship ids)."""
    root = ET.parse(path).getroot()
    d = Drawing()
    w, h = (float(NUM.findall(root.get(k))[0]) for k in ("width", "height"))
    d.page = (w, h)
    graph = root.find(f"{SVG}g")
    sx = sy = 1.0
    tx = ty = 0.0
    tr = graph.get("transform", "")
    m = re.search(r"scale\(([^ )]+)(?: ([^)]+))?\)", tr)
    if m:
        sx = float(m.group(1))
        sy = float(m.group(2) or m.group(1))
    m = re.search(r"translate\(([^ )]+) ([^)]+)\)", tr)
    if m:
        tx, ty = float(m.group(1)), float(m.group(2))

    def page(x, y):
        return ((x + tx) * sx, (y + ty) * sy)

    def bbox(pts):
        pts = [page(x, y) for x, y in pts]
        return Rect(min(p[0] for p in pts), min(p[1] for p in pts),
                    max(p[0] for p in pts), max(p[1] for p in pts))

    for g in graph.iter(f"{SVG}g"):
        cls = (g.get("class") or "").split()
        title = g.findtext(f"{SVG}title") or ""
        if "cluster" in cls:
            shape = g.find(f"{SVG}path")
            if shape is None:
                shape = g.find(f"{SVG}polygon")
            if shape is not None:
                d.frames[title] = bbox(_points(shape.get("d") or shape.get("points")))
        elif "node" in cls and not title.startswith(("__", "label:")):
            ell = g.find(f".//{SVG}ellipse")
            poly = g.find(f".//{SVG}polygon")
            pth = g.find(f".//{SVG}path")
            if ell is not None:
                cx, cy, rx, ry = (float(ell.get(k)) for k in ("cx", "cy", "rx", "ry"))
                d.boxes[title] = bbox([(cx - rx, cy - ry), (cx + rx, cy + ry)])
            elif poly is not None:
                d.boxes[title] = bbox(_points(poly.get("points")))
            elif pth is not None:
                d.boxes[title] = bbox(_points(pth.get("d")))
        elif "edge" in cls and "halo" not in cls:
            u, _, v = title.partition("->")
            pth = g.find(f".//{SVG}path")
            if pth is not None:
                pts = [page(x, y) for x, y in _points(pth.get("d"))]
                d.lines[g.get("id") or title] = (u, v, pts)
    # furniture (title, legend, labels: '__name__', 'label:...') are not boxes
    for el in root.iter(f"{SVG}text"):
        size = float(el.get("font-size", "0"))
        d.texts.append((size * sy, el.text or ""))
    _frame_membership(d)
    return d


# -- the interactive view (positions read in Chromium) ------------------------------------

def view_drawing(g: dict) -> Drawing:
    """What ``window.c2graph.geometry()`` returns in a ``c2graph view`` page: boxes,
    frames and drawn line points in the page's canvas units, every text at its size on
    screen (canvas units times the zoom)."""
    d = Drawing()
    d.boxes = {n: Rect(*b) for n, b in g["boxes"].items()}
    d.frames = {f: Rect(*r) for f, r in g["frames"].items()}
    d.lines = {x["id"]: (x["from"], x["to"], [tuple(p) for p in x["points"]])
               for x in g["lines"] if x["points"]}
    d.texts = [(g["fontPx"] * g["scale"], n) for n in g["boxes"]]
    d.texts += [(g["labelPx"] * g["scale"], w["text"]) for w in g["words"]]
    _frame_membership(d)
    return d


# -- PPTX ---------------------------------------------------------------------------------

A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
P = "{http://schemas.openxmlformats.org/presentationml/2006/main}"
EMU = 12700


def pptx_slides(path: str | Path) -> list[Drawing]:
    """One ``Drawing`` per slide: shapes whose ``descr`` is ``actor:ID`` are boxes,
    ``frame:NAME`` frames; freeform lines whose ``descr`` is ``line|ID|U|V`` are lines
    (their path points, in points); every run's size is a text."""
    out = []
    with zipfile.ZipFile(path) as z:
        names = sorted((n for n in z.namelist() if re.match(r"ppt/slides/slide\d+\.xml$", n)),
                       key=lambda n: int(re.findall(r"\d+", n)[-1]))
        pres = ET.fromstring(z.read("ppt/presentation.xml"))
        sz = pres.find(f"{P}sldSz")
        page = (int(sz.get("cx")) / EMU, int(sz.get("cy")) / EMU)
        for name in names:
            root = ET.fromstring(z.read(name))
            d = Drawing(page=page)
            for sp in root.iter():
                if sp.tag not in (f"{P}sp", f"{P}cxnSp"):
                    continue
                nv = sp.find(f"./*/{P}cNvPr")
                descr = nv.get("descr", "") if nv is not None else ""
                xfrm = sp.find(f".//{A}xfrm")
                if xfrm is None:
                    continue
                off, ext = xfrm.find(f"{A}off"), xfrm.find(f"{A}ext")
                x0, y0 = int(off.get("x")) / EMU, int(off.get("y")) / EMU
                w, h = int(ext.get("cx")) / EMU, int(ext.get("cy")) / EMU
                d.shapes.append((nv.get("name", "") if nv is not None else "",
                                 Rect(x0, y0, x0 + w, y0 + h)))
                if descr.startswith("actor:"):
                    d.boxes[descr[6:]] = Rect(x0, y0, x0 + w, y0 + h)
                elif descr.startswith("frame:"):
                    d.frames[descr[6:]] = Rect(x0, y0, x0 + w, y0 + h)
                elif descr.startswith("line|"):
                    _, key, u, v = descr.split("|")
                    path_el = sp.find(f".//{A}path")
                    if path_el is None:
                        continue
                    pw = int(path_el.get("w", "1")) or 1
                    ph = int(path_el.get("h", "1")) or 1
                    pts = []
                    for pt in path_el.iter(f"{A}pt"):
                        pts.append((x0 + int(pt.get("x")) / pw * w, y0 + int(pt.get("y")) / ph * h))
                    d.lines[key] = (u, v, pts)
            for rpr in root.iter(f"{A}rPr"):
                if rpr.get("sz"):
                    d.texts.append((int(rpr.get("sz")) / 100, "x"))
            _frame_membership(d)
            out.append(d)
    return out
