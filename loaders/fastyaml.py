"""A fast reader for large, plain YAML files, with the line numbers the loader reports.

Why: ruamel.yaml's round-trip loader (what ``yamlio.load_yaml`` uses) keeps comments
and positions for every node and is pure Python: about 1 ms per line, so a 100,000
actor dataset would take minutes and gigabytes.  This module drives libyaml's C
parser (PyYAML's ``CParser``) event by event and builds plain dicts and lists that
answer the same ``.lc.line`` / ``.lc.key(k)`` / ``.lc.item(i)`` questions as
ruamel's objects, so every ``file:line`` message stays the same.

Scalars are resolved exactly as ``yamlio.text_yaml`` tells ruamel to: a plain scalar
is the text as written (``0x1F``, ``1_000``, ``.nan``, ``yes``, ``2024-5-1`` stay text),
except the null spellings (empty, ``~``, ``null``), which mean "no value".  On anything
else -- a syntax error, a duplicate key, an anchor or alias, an explicit tag, a merge
key -- ``fast_load`` returns ``None`` and the caller parses the file with ruamel,
which gives its usual result or error message.  The fast path is therefore an
optimisation only: it never changes what a dataset means or how a problem is reported.
"""

from __future__ import annotations

import re

from c2graph.loaders.yamlio import NULL_PATTERN

#: The plain scalars that mean "no value" (``yamlio.NULL_PATTERN``); every other plain
#: scalar is text.
_NULL = re.compile(NULL_PATTERN)


class _Fallback(Exception):
    """Something this reader does not handle: let ruamel read the file."""


class LineCol:
    """The part of ruamel's ``LineCol`` the loader uses (0-based lines)."""

    __slots__ = ("line", "keys", "items")

    def __init__(self, line: int):
        self.line = line
        self.keys = None    # {key: line} for keys not on the mapping's first line
        self.items = None   # [line, ...] of a sequence's items

    def key(self, key) -> tuple[int, int]:
        if self.keys is not None and key in self.keys:
            return self.keys[key], 0
        return self.line, 0

    def item(self, index: int) -> tuple[int, int]:
        return self.items[index], 0


class Map(dict):
    """A dict with ruamel-style ``lc`` line information."""

    __slots__ = ("lc",)


class Seq(list):
    """A list with ruamel-style ``lc`` line information."""

    __slots__ = ("lc",)


def available() -> bool:
    """Whether libyaml's C parser is installed (PyYAML built with libyaml)."""
    try:
        from yaml.cyaml import CParser  # noqa: F401
    except ImportError:
        return False
    return True


def _plain(value: str):
    if _NULL.match(value):
        return None
    if value == "<<":
        raise _Fallback  # a merge key: ruamel applies it
    return value


def fast_load(text: str):
    """The data of one YAML document with line info, or ``None`` to use ruamel instead."""
    try:
        from yaml.cyaml import CParser
        from yaml.events import (AliasEvent, MappingEndEvent, MappingStartEvent,
                                 ScalarEvent, SequenceEndEvent, SequenceStartEvent,
                                 StreamEndEvent, DocumentStartEvent, DocumentEndEvent,
                                 StreamStartEvent)
        from yaml.error import YAMLError
    except ImportError:
        return None
    parser = CParser(text)
    try:
        return _build(parser, AliasEvent, MappingEndEvent, MappingStartEvent, ScalarEvent,
                      SequenceEndEvent, SequenceStartEvent, StreamEndEvent,
                      DocumentStartEvent, DocumentEndEvent, StreamStartEvent)
    except (_Fallback, YAMLError, RecursionError, ValueError, TypeError):
        return None
    finally:
        parser.dispose()


def _build(parser, AliasEvent, MappingEndEvent, MappingStartEvent, ScalarEvent,
           SequenceEndEvent, SequenceStartEvent, StreamEndEvent, DocumentStartEvent,
           DocumentEndEvent, StreamStartEvent):
    # A stack of open containers.  For a mapping, ``pending`` holds the key read and
    # waiting for its value (``_NO_KEY`` when the next scalar is a key).
    stack: list[list] = []     # [container, pending_key, key_line]
    root = _NO_KEY
    documents = 0
    get = parser.get_event
    while True:
        event = get()
        cls = type(event)
        if cls is ScalarEvent:
            if event.anchor is not None or (event.tag is not None and event.tag != "!"):
                raise _Fallback
            value = event.value if event.style else _plain(event.value)  # "" is plain
            line = event.start_mark.line
            node = None
        elif cls is MappingStartEvent or cls is SequenceStartEvent:
            if event.anchor is not None or (event.tag is not None and not event.implicit):
                raise _Fallback
            line = event.start_mark.line
            node = Map() if cls is MappingStartEvent else Seq()
            node.lc = LineCol(line)
            if cls is SequenceStartEvent:
                node.lc.items = []
            value = node
        elif cls is MappingEndEvent or cls is SequenceEndEvent:
            stack.pop()
            continue
        elif cls is AliasEvent:
            raise _Fallback
        elif cls is DocumentStartEvent:
            documents += 1
            if documents > 1:
                raise _Fallback  # ruamel refuses several documents with its own message
            continue
        elif cls is StreamEndEvent:
            break
        elif cls is DocumentEndEvent or cls is StreamStartEvent:
            continue
        else:
            raise _Fallback

        if not stack:
            root = value
        else:
            top = stack[-1]
            parent = top[0]
            if type(parent) is Seq:
                parent.append(value)
                parent.lc.items.append(line)
            elif top[1] is _NO_KEY:      # this is a key
                if node is not None:
                    raise _Fallback      # a mapping or list used as a key
                try:
                    if value in parent:
                        raise _Fallback  # duplicate key: ruamel reports it
                except TypeError:
                    raise _Fallback from None
                top[1] = value
                if line != parent.lc.line:
                    if parent.lc.keys is None:
                        parent.lc.keys = {}
                    parent.lc.keys[value] = line
            else:
                parent[top[1]] = value
                top[1] = _NO_KEY
        if node is not None:
            stack.append([node, _NO_KEY])
    if root is _NO_KEY:
        raise _Fallback
    return root


class _NoKey:
    __slots__ = ()

    def __repr__(self) -> str:
        return "<no key>"


_NO_KEY = _NoKey()
