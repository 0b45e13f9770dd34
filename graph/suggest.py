"""'Did you mean …?' hints for near misses, shared by every layer.

It lives in ``graph`` (the core) so that loaders, stores, queries and drawings can
all use it without importing each other.
"""

from __future__ import annotations


def suggest(value: str, choices) -> str:
    """A ``" (did you mean 'X'?)"`` hint for the closest choice, or ``""``.

    >>> suggest("Comand", ["Command", "Office"])
    " (did you mean 'Command'?)"
    >>> suggest("zzz", ["Command"])
    ''
    """
    import difflib

    if isinstance(value, (dict, list, tuple, set)):  # a YAML list as a key: never str() it
        return ""
    value = str(value)
    if len(value) > 200:  # a megabyte cell: nothing is that close to a vocabulary word
        return ""
    close = difflib.get_close_matches(value, [str(c) for c in choices], n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""
