"""Where everything goes on a chart: one layout and routing engine for every output.

Public API (see docs/charts.md):

* ``chart_layout(g, size, spacing=Spacing()) -> Chart``: boxes, nation frames, routed
  orthogonal lines (``Chart.lines[key].points``) and authority label spots of a
  scenario graph (``Store.read_graph`` shape); ``size(actor_id) -> (w, h)`` points.
* ``placement(g, size, spacing, fit)``: the boxes and frames alone (no routing);
  ``fits(g, size, spacing, area)``: whether the chart fits a page unscaled (a deck
  plans its slides with it).
* ``max_size(*sizers)``: one size function from several (English and Japanese boxes
  the same size, so paired slides line up).
* ``geometry``: ``Rect`` and the segment tests the engine and the tests' checker use.

``tree`` holds the interactive view's older tidy-tree layout (``hierarchy_layout``,
``levels_and_parents``, ``wrap_label``, ``box_size``), re-exported here until the view
draws from ``chart_layout`` too.
"""

from c2graph.viz.layout.engine import (Chart, ChartLine, LabelSpot, chart_layout, fits,
                                       max_size, placement)
from c2graph.viz.layout.geometry import Rect
from c2graph.viz.layout.place import Spacing
from c2graph.viz.layout.tree import (FONT, GAP, HEX, LEVEL_PAD, MARGIN, MAX_TEXT, NATION_GAP,
                                     Placement, box_size, default_size, hierarchy_layout,
                                     levels_and_parents, text_width, wrap_label, wrapped_lines)

__all__ = ["Chart", "ChartLine", "FONT", "GAP", "HEX", "LEVEL_PAD", "LabelSpot", "MARGIN",
           "MAX_TEXT", "NATION_GAP", "Placement", "Rect", "Spacing", "box_size", "chart_layout",
           "default_size", "fits", "hierarchy_layout", "levels_and_parents", "max_size", "placement", "text_width",
           "wrap_label", "wrapped_lines"]
