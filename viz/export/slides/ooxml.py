"""DrawingML written as text: the shapes of a slide, parsed once and appended.

Why text and not python-pptx's shape API: that API costs about a millisecond a shape
and looks through every id for each new one, which made a deck of 5,000 actors spend
most of its time there.  The XML is what python-pptx writes for the same calls (its
auto shape and text box templates, then the text frame, font, fill and line settings),
plus freeform polylines (``custGeom``) for the routed lines, which PowerPoint and
LibreOffice both draw exactly as written (a saved elbow connector is redrawn
horizontal-first by PowerPoint until a box is moved).

Every shape has a name (what PowerPoint's selection pane shows) and, for what the
tests' checker reads back, a ``descr``: ``actor:ID``, ``frame:NAME`` or
``line|ID|FROM|TO``.  Coordinates are EMU (12,700 a point).
"""

from __future__ import annotations

import re
from xml.sax.saxutils import escape as xml_escape

EMU = 12700            # per point
LATIN_FONT = "Arial"
EA_FONT = "Meiryo"     # on every Windows and in Office for Mac; LibreOffice falls back
#: The smallest text on a slide (points): the issue's legibility floor.
MIN_PT = 12.0

NSDECLS = ('xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
           'xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main" '
           'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"')
_CTRL = re.compile(r"[\x00-\x08\x0B-\x1F]")
_PPR = ('<a:lnSpc><a:spcPct val="100000"/></a:lnSpc><a:spcBef><a:spcPts val="0"/></a:spcBef>'
        '<a:spcAft><a:spcPts val="0"/></a:spcAft>')
_SP_STYLE = ('<p:style><a:lnRef idx="1"><a:schemeClr val="accent1"/></a:lnRef>'
             '<a:fillRef idx="3"><a:schemeClr val="accent1"/></a:fillRef>'
             '<a:effectRef idx="2"><a:schemeClr val="accent1"/></a:effectRef>'
             '<a:fontRef idx="minor"><a:schemeClr val="lt1"/></a:fontRef></p:style>')
PRESET = {"RECTANGLE": "rect", "ROUNDED_RECTANGLE": "roundRect", "OVAL": "ellipse",
          "HEXAGON": "hexagon"}
#: The engine's neutral shape names -> python-pptx ``MSO_SHAPE`` names.
SHAPES = {"ellipse": "OVAL", "box": "RECTANGLE", "rounded-box": "ROUNDED_RECTANGLE",
          "hexagon": "HEXAGON"}
DASH = {"solid": "solid", "dashed": "dash", "dotted": "sysDot", "dashdot": "dashDot"}

Para = tuple  # (text, size in points, colour, bold): one paragraph, one line


def hex6(color: str) -> str:
    return color.lstrip("#")[:6].upper()


def xml_text(text: str) -> str:
    """Element text: markup escaped, control characters as python-pptx writes them."""
    return _CTRL.sub(lambda m: "_x%04X_" % ord(m.group(0)), xml_escape(str(text)))


def xml_attr(text: str) -> str:
    return _CTRL.sub("", xml_escape(str(text), {'"': "&quot;"}))


class Xml(str):
    """DrawingML text that also keeps what it says (``facts``): the printed pages
    (``viz.export.pages``) draw the same fills and lines from the facts, never by
    reading the XML back."""

    facts: dict

    def __new__(cls, text: str, **facts):
        self = super().__new__(cls, text)
        self.facts = facts
        return self


def solid(color: str, alpha: int | None = None) -> Xml:
    """A solid fill; ``alpha`` in percent."""
    if alpha is None:
        return Xml(f'<a:solidFill><a:srgbClr val="{hex6(color)}"/></a:solidFill>', color=color)
    return Xml(f'<a:solidFill><a:srgbClr val="{hex6(color)}"><a:alpha val="{alpha * 1000}"/>'
               "</a:srgbClr></a:solidFill>", color=color, alpha=alpha)


def outline(color: str, width_pt: float, dash: str = "solid", double: bool = False,
            arrow: bool = False, alpha: int | None = None) -> Xml:
    """An ``a:ln``: colour, width, dash (``DASH`` keys), double stroke, arrowhead."""
    cmpd = ' cmpd="dbl"' if double else ""
    tail = '<a:tailEnd type="triangle" w="med" len="med"/>' if arrow else ""
    return Xml(f'<a:ln w="{int(width_pt * EMU)}"{cmpd}>{solid(color, alpha)}'
               f'<a:prstDash val="{DASH.get(dash, "solid")}"/><a:round/>{tail}</a:ln>',
               color=color, width=width_pt, dash=dash, double=double, arrow=arrow, alpha=alpha)


NO_LINE = Xml("<a:ln><a:noFill/></a:ln>")


def run(text: str, size: float, color: str, bold: bool = False) -> str:
    """One run at an exact size (1/100 pt), Arial for Latin, Meiryo for Japanese."""
    lang = ' lang="ja-JP" altLang="en-US"' if any(ord(c) > 0x2E80 for c in text) else ""
    return (f'<a:r><a:rPr{lang} sz="{round(size * 100)}" b="{1 if bold else 0}">{solid(color)}'
            f'<a:latin typeface="{LATIN_FONT}"/><a:ea typeface="{EA_FONT}"/></a:rPr>'
            f"<a:t>{xml_text(text)}</a:t></a:r>")


def body(paras: list[Para] | None, align="center", anchor="middle", margin_x: float = 0.0,
         margin_y: float = 0.0, textbox: bool = False) -> str:
    """A text frame of one-line paragraphs at explicit sizes (points).

    The lines are broken where the words were measured (``viz.export.measure``), so the
    frame neither wraps (a renderer's own wrapping broke 'INDOP' / 'ACOM') nor
    autofits (which LibreOffice ignores): what was measured is what is drawn.
    """
    if paras is None:   # an auto shape without text: python-pptx's empty frame
        return ('<p:txBody><a:bodyPr rtlCol="0" anchor="ctr"/><a:lstStyle/><a:p>'
                '<a:pPr algn="ctr"/></a:p></p:txBody>')
    mx, my = int(margin_x * EMU), int(margin_y * EMU)
    anchor = {"middle": "ctr", "top": "t", "bottom": "b"}[anchor]
    insets = f'wrap="none" lIns="{mx}" rIns="{mx}" tIns="{my}" bIns="{my}"'
    head = (f'<a:bodyPr {insets} anchor="{anchor}">' if textbox else
            f'<a:bodyPr rtlCol="0" anchor="{anchor}" {insets}>') + "<a:noAutofit/></a:bodyPr>"
    algn = {"center": "ctr", "left": "l", "right": "r"}[align]
    ps = "".join(f'<a:p><a:pPr algn="{algn}">{_PPR}</a:pPr>{run(t, size, c, b)}</a:p>'
                 for t, size, c, b in paras)
    return f"<p:txBody>{head}<a:lstStyle/>{ps}</p:txBody>"


class Canvas:
    """The shapes of one slide, by layer (back to front: furniture and frames, halos,
    lines, boxes, labels and legend), ids in the order they are made."""

    LAYERS = ("under", "halos", "lines", "boxes", "over")

    def __init__(self):
        self.next_id = 2   # 1 is the slide's shape tree
        self.layers: dict[str, list[str]] = {k: [] for k in self.LAYERS}
        #: The same shapes as facts, by layer: ("shape" | "line", {...}) for the PDF pages.
        self.ops: dict[str, list[tuple[str, dict]]] = {k: [] for k in self.LAYERS}

    def _id(self) -> int:
        self.next_id += 1
        return self.next_id - 1

    @staticmethod
    def _nv(sid: int, name: str, descr: str, link: str | None) -> str:
        d = f' descr="{xml_attr(descr)}"' if descr else ""
        click = (f'<a:hlinkClick r:id="{link}" action="ppaction://hlinksldjump"/>'
                 if link else "")
        close = f">{click}</p:cNvPr>" if click else "/>"
        return f'<p:cNvPr id="{sid}" name="{xml_attr(name)}"{d}{close}'

    def shape(self, layer: str, name: str, kind: str, box, *, fill: str | None = None,
              line: str = "", adj: int | None = None, paras: list[Para] | None = None,
              textbox: bool = False, descr: str = "", link: str | None = None,
              rotation: float = 0.0, **text) -> int:
        """An auto shape (or a text box) at ``box`` = (left, top, width, height), EMU."""
        sid = self._id()
        x, y, w, h = (int(round(v)) for v in box)
        self.ops[layer].append(("shape", dict(
            name=name, kind=kind, box=(x, y, w, h), fill=fill, line=line, paras=paras or [],
            textbox=textbox, descr=descr, link=link, rotation=rotation,
            align=text.get("align", "center"), anchor=text.get("anchor", "middle"),
            margin_x=text.get("margin_x", 0.0), margin_y=text.get("margin_y", 0.0))))
        gd = f'<a:gd name="adj" fmla="val {adj}"/>' if adj is not None else ""
        fill_xml = "<a:noFill/>" if fill is None else fill
        rot = f' rot="{int(rotation * 60000)}"' if rotation else ""
        if textbox:
            head, style_xml = '<p:cNvSpPr txBox="1"/>', ""
            tail = body(paras, textbox=True, **text)
        else:
            head, style_xml = "<p:cNvSpPr/>", _SP_STYLE
            tail = body(paras, **text)
        self.layers[layer].append(
            f"<p:sp><p:nvSpPr>{self._nv(sid, name, descr, link)}{head}<p:nvPr/>"
            f'</p:nvSpPr><p:spPr><a:xfrm{rot}><a:off x="{x}" y="{y}"/><a:ext cx="{w}" cy="{h}"/>'
            f'</a:xfrm><a:prstGeom prst="{PRESET[kind]}"><a:avLst>{gd}</a:avLst></a:prstGeom>'
            f'{fill_xml}{line}<a:effectLst/></p:spPr>{style_xml}{tail}</p:sp>')
        return sid

    def polyline(self, layer: str, name: str, points, line: str, descr: str = "") -> int:
        """An open freeform through ``points`` (EMU): a routed line, drawn as written."""
        sid = self._id()
        pts = [(int(round(x)), int(round(y))) for x, y in points]
        self.ops[layer].append(("line", dict(name=name, points=pts, line=line, descr=descr)))
        x0, y0 = min(p[0] for p in pts), min(p[1] for p in pts)
        w = max(1, max(p[0] for p in pts) - x0)
        h = max(1, max(p[1] for p in pts) - y0)
        path = f'<a:moveTo><a:pt x="{pts[0][0] - x0}" y="{pts[0][1] - y0}"/></a:moveTo>' + "".join(
            f'<a:lnTo><a:pt x="{x - x0}" y="{y - y0}"/></a:lnTo>' for x, y in pts[1:])
        self.layers[layer].append(
            f"<p:sp><p:nvSpPr>{self._nv(sid, name, descr, None)}<p:cNvSpPr/><p:nvPr/></p:nvSpPr>"
            f'<p:spPr><a:xfrm><a:off x="{x0}" y="{y0}"/><a:ext cx="{w}" cy="{h}"/></a:xfrm>'
            '<a:custGeom><a:avLst/><a:gdLst/><a:ahLst/><a:cxnLst/>'
            '<a:rect l="0" t="0" r="r" b="b"/>'
            f'<a:pathLst><a:path w="{w}" h="{h}" fill="none">{path}</a:path></a:pathLst>'
            f"</a:custGeom><a:noFill/>{line}</p:spPr></p:sp>")
        return sid

    def draw(self, slide) -> None:
        """Add every shape to the slide, back to front."""
        from pptx.oxml import parse_xml

        xml = "".join(x for layer in self.LAYERS for x in self.layers[layer])
        tree = slide.shapes._spTree
        for el in list(parse_xml(f"<p:spTree {NSDECLS}>{xml}</p:spTree>")):
            tree.append(el)


def pt(x: float, y: float) -> tuple[int, int]:
    """Points to EMU."""
    return (round(x * EMU), round(y * EMU))


def rect(x: float, y: float, w: float, h: float) -> tuple[int, int, int, int]:
    """A (left, top, width, height) in points to EMU."""
    return (round(x * EMU), round(y * EMU), round(w * EMU), round(h * EMU))
