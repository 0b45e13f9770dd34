"""Pausing Python's cyclic garbage collector around bulk work.

Reading a scenario back and making the view's page build millions of small objects
and no reference cycles; each collection pass walks every object made so far (a
third of a 100,000-actor read).  One context manager, used by the store, the view's
page data and the ``view`` command.
"""

from __future__ import annotations

import gc
from contextlib import contextmanager


@contextmanager
def paused(freeze: bool = False):
    """No cyclic garbage collection inside the block (restored as it was after).

    ``freeze``: move what is alive at the end to the permanent generation
    (``gc.freeze``), never walked again: for a one-shot command whose objects live until
    the process exits (the last walk, at exit, cost the 50,000-actor view 1.1-2.3 s).
    A long-lived caller must not ask for it: frozen objects are never collected.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if freeze:
            gc.freeze()
        if was_enabled:
            gc.enable()
