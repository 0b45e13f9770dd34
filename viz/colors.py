"""Colour arithmetic shared by every renderer.

``pale`` is the one mix of a colour with white: the PPTX nation frames (a solid fill
half-way to white, because a translucent fill over the slide is drawn differently by
PowerPoint and LibreOffice) and the interactive view's tentative boxes
(``viz/assets/view-render.js`` takes its pale colours from the page data built here
once the view draws from the engine).
"""

from __future__ import annotations


def pale(color: str, amount: float = 0.55) -> str:
    """``color`` moved ``amount`` of the way to white (``#rrggbb``)."""
    c = color.lstrip("#")
    r, g, b = (int(c[i:i + 2], 16) for i in (0, 2, 4))
    return "#%02x%02x%02x" % tuple(round(v + (255 - v) * amount) for v in (r, g, b))
