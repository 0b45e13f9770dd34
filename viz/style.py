"""One visual language for every drawing: the interactive view, SVG/PNG/PDF and PPTX.

Line styles follow docs/domain.md's table; colours are by nation; shapes by kind;
tentative actors (``proposed``/``possible``/``superseded``) are drawn dashed and pale.  Every
renderer maps these neutral descriptions onto its own primitives, so a briefing chart
and the interactive view never disagree about what a line means.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class LineStyle:
    """How one relationship type is drawn."""

    dash: str            # "solid", "dashed", "dotted", "dashdot"
    width: float         # points at 100 % zoom
    arrow: bool          # arrowhead at the target
    color: str           # hex
    double: bool = False
    label: str = ""      # legend text


LINE_STYLES: dict[str, LineStyle] = {
    "COMMANDS": LineStyle("solid", 2.5, True, "#1f2937", label="commands (authority on the line)"),
    "SUPERVISES": LineStyle("solid", 1.0, True, "#4b5563", label="supervises (監督)"),
    "ADVISES": LineStyle("dotted", 1.2, True, "#7c3aed", label="advises (助言)"),
    "ASSISTS": LineStyle("dotted", 1.2, True, "#0891b2", label="assists (補佐)"),
    "COORDINATES_WITH": LineStyle("dashed", 1.5, False, "#d97706",
                                  label="coordinates with (調整)"),
    "SUPPORTS": LineStyle("dashdot", 1.5, True, "#059669", label="supports (支援)"),
    "TRANSMITS_ORDERS": LineStyle("dotted", 1.5, True, "#dc2626",
                                  label="transmits orders, no command"),
    "DUAL_HATTED_WITH": LineStyle("solid", 1.5, False, "#be185d", double=True,
                                  label="dual-hatted (one officer, two posts)"),
    "MEMBER_OF": LineStyle("solid", 0.8, True, "#9ca3af", label="member of"),
}

NATION_COLORS: dict[str, str] = {
    "US": "#2563eb",        # blue
    "JP": "#dc2626",        # red
    "KR": "#16a34a",        # green
    "COMBINED": "#7c3aed",  # violet
}
NATION_FILLS: dict[str, str] = {
    "US": "#dbeafe",
    "JP": "#fee2e2",
    "KR": "#dcfce7",
    "COMBINED": "#ede9fe",
}
#: Left-to-right order of the nations' columns: combined bodies sit between the chains.
NATION_ORDER = ("US", "COMBINED", "JP", "KR")

#: Shape names in a neutral vocabulary; each renderer maps them.
KIND_SHAPES: dict[str, str] = {
    "Office": "ellipse",
    "Command": "box",
    "Staff": "rounded-box",
    "Forum": "hexagon",
}

TENTATIVE_STATUSES = frozenset({"proposed", "possible", "superseded"})


def is_tentative(status: str | None) -> bool:
    return status in TENTATIVE_STATUSES


def actor_label(attrs: dict, lang: str = "en") -> str:
    """The text in an actor's box for ``en``, ``ja`` or ``both`` (falls back to English)."""
    en = attrs.get("short") or attrs.get("name_en") or attrs.get("id", "")
    ja = attrs.get("name_ja")
    if lang == "ja":
        return ja or attrs.get("name_en") or en
    if lang == "both" and ja:
        return f"{attrs.get('name_en') or en}\n{ja}"
    return attrs.get("name_en") or en


def edge_label(attrs: dict) -> str:
    """Text on a line: the authority of a command, nothing for the others."""
    return attrs.get("authority") or ""


def compact_label(attrs: dict, lang: str = "en") -> str:
    """A short box label for dense drawings: the short name (acronym) where there is one.

    ``en``: short name, else English name; ``ja``: Japanese name, else as ``en``;
    ``both``: the ``en`` form over the Japanese name.  Full names stay in tooltips.
    """
    en = attrs.get("short") or attrs.get("name_en") or attrs.get("id", "")
    ja = attrs.get("name_ja")
    if lang == "ja":
        return ja or en
    if lang == "both" and ja:
        return f"{en}\n{ja}"
    return en
