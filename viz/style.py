"""One visual language for every drawing, read from the schema (``graph.schema``).

The schema declares how each relationship type is drawn (its ``LineStyle`` and legend
text), each nation's colours and column order, each kind's shape, which statuses are
tentative (drawn dashed and pale), and the labels of actors in English and Japanese.
This module gives the renderers (the interactive view, SVG/PNG/PDF, PPTX) those facts
as the lookup tables they index, so a briefing chart, the interactive view and an
exchange format never disagree about what a line means.  Nothing is declared here.
"""

from __future__ import annotations

from c2graph.graph.schema import (KINDS, NATION_ORDER, NATIONS, REL_TYPES,
                                  TENTATIVE_STATUSES, LineStyle, actor_label, compact_label,
                                  edge_label, is_tentative)

#: relationship type -> how it is drawn (``LineStyle.label`` is its legend text).
LINE_STYLES: dict[str, LineStyle] = {t: r.style for t, r in REL_TYPES.items()}
#: nation -> border/text colour, and box fill.
NATION_COLORS: dict[str, str] = {n: x.color for n, x in NATIONS.items()}
NATION_FILLS: dict[str, str] = {n: x.fill for n, x in NATIONS.items()}
#: kind -> neutral shape name (ellipse, box, rounded-box, hexagon); each renderer maps it.
KIND_SHAPES: dict[str, str] = {k: x.shape for k, x in KINDS.items()}

__all__ = ["KIND_SHAPES", "LINE_STYLES", "LineStyle", "NATION_COLORS", "NATION_FILLS",
           "NATION_ORDER", "TENTATIVE_STATUSES", "actor_label", "compact_label",
           "edge_label", "is_tentative"]
