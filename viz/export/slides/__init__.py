"""The PowerPoint deck, in parts with one job each.

``viz.export.pptx`` puts a deck together from these:

* ``ooxml``   — DrawingML written as text (shapes, freeform lines, text runs, links);
* ``text``    — what goes in a box and how large it is, every text at >= 12 pt;
* ``paging``  — which actors each slide draws: an overview of the top levels, then a
  slide per subtree, continuation boxes where a subtree goes on elsewhere;
* ``page``    — one slide drawn from the layout engine's ``Chart`` (frames, boxes,
  orthogonal lines, authority labels, stamp, change highlight, furniture);
* ``legend``  — the legend strip of a slide;
* ``notes``   — the speaker notes (full source list, continuations, lines elsewhere);
* ``patches`` — the two places python-pptx is too slow for a deck of hundreds of
  slides, and slide-to-slide links.
"""
