"""Cypher tokens exactly as the engines cut them, or a refusal where they would disagree.

A read-only check is only as good as its tokens: if c2graph ends a comment, a string or
a name somewhere the server does not, a clause can hide in what c2graph took for a
comment.  So this lexer follows the engines' own lexical rules (Neo4j 5's JavaCC
grammar ``cypher.jj`` and its ``CypherCharStream``; FalkorDB's libcypher-parser), and
wherever a character could be read two ways it refuses the text instead of guessing:

* ``\\uXXXX`` is replaced by its character *before* Neo4j lexes anything — in
  comments, names and strings alike — so ``// x \\u000a CREATE (n)`` is a comment and
  a clause to Neo4j.  The same replacement is done here first; an escape is accepted
  only inside a string literal, and never for a quote or a backslash (FalkorDB keeps
  escapes as text, so only there do both engines cut the same string);
* a ``//`` comment ends at ``\\n`` or ``\\r`` on Neo4j but only at ``\\n`` or ``\\r\\n``
  on FalkorDB: a carriage return without a line feed is refused, and so is a comment
  holding any other character that editors or Python show as a line break (U+2028,
  U+2029, U+0085, VT, FF, FS, GS, RS) — the engines ignore them, a reader does not;
* ``/* */`` comments do not nest on either engine: a ``/*`` inside one, or one left
  open, is refused;
* whitespace is Neo4j's own list (which includes U+2028 and U+00A0); names outside
  backticks are ASCII (``[A-Za-z_][A-Za-z0-9_$]*``): Neo4j also counts control
  characters, U+0085, zero-width and bidirectional marks as parts of a name, so any
  other character outside a string, a comment or backticks is refused;
* a doubled backtick inside a quoted name is one backtick on Neo4j and ends the name
  on FalkorDB: accepted only when the engine is known to be Neo4j;
* numbers are cut as greedily as the engines cut them (``1abc`` is one bad token, not
  ``1`` then ``abc``) and must then be well formed.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass


class CypherSyntaxError(ValueError):
    """Text that cannot be cut into tokens safely; the message names the line."""


@dataclass(frozen=True)
class Token:
    """One token.  ``kind``: ``word`` (a name or keyword), ``name`` (a backticked name,
    ``text`` unquoted), ``param`` (``text`` is the name), ``number``, ``string``
    (``text`` as written, quotes included), ``punct`` or ``eof``."""

    kind: str
    text: str
    line: int

    @property
    def upper(self) -> str:
        return self.text.upper() if self.kind == "word" else ""


#: Neo4j's whitespace (cypher.jj ``SKIP``): these separate tokens on Neo4j.
SPACE = frozenset("\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \xa0\u1680\u2000\u2001\u2002\u2003\u2004"
                  "\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000")
#: Characters Python's ``str.splitlines`` (and editors) treat as line breaks, other
#: than ``\n`` and ``\r``: inside a ``//`` comment they make what an engine reads as
#: comment look like a line of its own, so such a comment is refused.
LINE_BREAKS = frozenset("\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")
#: Multi-character operators, longest first (maximal munch, as in cypher.jj).
OPERATORS = ("..", "<>", "<=", ">=", "=~", "+=", "!=", "||", "::")
SINGLE = frozenset("()[]{},;:.=<>+-*/%^|&!?")

_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_$]*")
_PARAM_NAME = re.compile(r"[A-Za-z0-9_$]+")
_NUMBER_RUN = re.compile(r"[A-Za-z0-9_$]*")
_DIGITS = r"[0-9](?:_?[0-9])*"
_NUMBER = re.compile(
    rf"0|[1-9](?:_?[0-9])*"                               # decimal integer
    rf"|0[xX][0-9A-Fa-f]+|0o[0-7]+|0[0-7]+"                # hexadecimal, octal
    rf"|(?:{_DIGITS})?\.{_DIGITS}(?:[eE][+-]?{_DIGITS})?"  # 1.5, .5, 1.5e-3
    rf"|{_DIGITS}[eE][+-]?{_DIGITS}")                      # 1e3


#: Names of the control characters that matter here (``unicodedata`` has none for them).
_CONTROL_NAMES = {"\x0b": "LINE TABULATION", "\x0c": "FORM FEED", "\r": "CARRIAGE RETURN",
                  "\x1c": "FILE SEPARATOR", "\x1d": "GROUP SEPARATOR",
                  "\x1e": "RECORD SEPARATOR", "\x85": "NEXT LINE"}


def char_name(c: str) -> str:
    """``U+2028 LINE SEPARATOR``: how a message names an invisible character."""
    name = _CONTROL_NAMES.get(c) or unicodedata.name(c, "a control character")
    return f"U+{ord(c):04X} {name}"


def unescape_unicode(text: str) -> tuple[str, list[int], list[int]]:
    """Neo4j's ``CypherCharStream``: ``\\u`` (one or more ``u``) and four hex digits
    become that character before lexing; a backslash followed by anything else is kept
    with that character, which is then never the start of an escape (``\\\\u0041``
    stays as written).

    Returns the text Neo4j lexes, the offset in ``text`` of each of its characters, and
    the positions (in the result) of the characters that came from an escape.
    """
    if "\\" not in text:
        return text, list(range(len(text))), []
    out: list[str] = []
    origin: list[int] = []
    escaped: list[int] = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c != "\\" or i + 1 >= n:
            out.append(c)
            origin.append(i)
            i += 1
            continue
        if text[i + 1] != "u":
            out += [c, text[i + 1]]
            origin += [i, i + 1]
            i += 2
            continue
        j = i + 1
        while j < n and text[j] == "u":
            j += 1
        digits = text[j:j + 4]
        if len(digits) < 4 or not all(d in "0123456789abcdefABCDEF" for d in digits):
            raise CypherSyntaxError(f"line {text.count(chr(10), 0, i) + 1}: '\\u' must be"
                                    " followed by four hexadecimal digits")
        escaped.append(len(out))
        out.append(chr(int(digits, 16)))
        origin.append(i)
        i = j + 4
    return "".join(out), origin, escaped


def tokenize(text: str, engine: str | None = None) -> list[Token]:
    """The tokens of ``text`` (comments and whitespace dropped), ending with ``eof``.

    ``engine`` is ``"neo4j"``, ``"embedded"`` (FalkorDB) or ``None`` (both: the text
    must mean the same to each).  Raises ``CypherSyntaxError`` naming the line.
    """
    if "\x00" in text:
        raise CypherSyntaxError(f"line {text.count(chr(10), 0, text.index(chr(0))) + 1}: a NUL"
                                " character (FalkorDB's parser stops reading there)")
    src, origin, escaped = unescape_unicode(text)
    line_starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def line_of(pos: int) -> int:
        return bisect.bisect_right(line_starts, origin[pos] if pos < len(origin) else len(text))

    def fail(pos: int, message: str):
        raise CypherSyntaxError(f"line {line_of(pos)}: {message}")

    tokens: list[Token] = []
    strings: list[tuple[int, int]] = []  # [start, end) of each string literal in src
    i, n = 0, len(src)
    while i < n:
        c = src[i]
        if c in SPACE:
            if c == "\r" and not src.startswith("\n", i + 1):
                fail(i, "a carriage return without a line feed (Neo4j ends a line there,"
                        " FalkorDB does not)")
            i += 1
        elif src.startswith("//", i):
            j = i + 2
            while j < n and src[j] not in "\r\n":
                if src[j] in LINE_BREAKS:
                    fail(i, f"a // comment holds {char_name(src[j])}, which looks like a line"
                            " break but does not end the comment")
                j += 1
            i = j
        elif src.startswith("/*", i):
            j = src.find("*/", i + 2)
            if j < 0:
                fail(i, "a /* comment is not closed")
            if "/*" in src[i + 2:j]:
                fail(i, "a /* inside a /* comment */ (comments do not nest: the first */"
                        " ends both)")
            i = j + 2
        elif c in "'\"":
            j = i + 1
            while j < n and src[j] != c:
                j += 2 if src[j] == "\\" else 1
            if j >= n:
                fail(i, "a string is not closed")
            strings.append((i, j + 1))
            tokens.append(Token("string", src[i:j + 1], line_of(i)))
            i = j + 1
        elif c == "`":
            name, i = _quoted(src, i, engine, fail)
            tokens.append(Token("name", name, line_of(i - 1)))
        elif c == "$":
            if src.startswith("`", i + 1):
                name, j = _quoted(src, i + 1, engine, fail)
            else:
                m = _PARAM_NAME.match(src, i + 1)
                if not m:
                    fail(i, "'$' must be followed directly by a parameter name")
                name, j = m.group(), m.end()
            tokens.append(Token("param", name, line_of(i)))
            i = j
        elif c.isascii() and (c.isalpha() or c == "_"):
            m = _WORD.match(src, i)
            tokens.append(Token("word", m.group(), line_of(i)))
            i = m.end()
        elif c.isascii() and c.isdigit() or c == "." and i + 1 < n and src[i + 1].isdigit() \
                and src[i + 1].isascii():
            j = _number_end(src, i)
            if not _NUMBER.fullmatch(src, i, j):
                fail(i, f"{src[i:j]!r} is not a number")
            tokens.append(Token("number", src[i:j], line_of(i)))
            i = j
        else:
            op = next((o for o in OPERATORS if src.startswith(o, i)), None)
            if op is None and c in SINGLE:
                op = c
            if op is None:
                what = repr(c) if c.isprintable() and c.isascii() else char_name(c)
                fail(i, f"unexpected {what} outside a string, a comment or a `quoted name`"
                        + ("; put names in backticks" if not c.isascii() else ""))
            tokens.append(Token("punct", op, line_of(i)))
            i += len(op)
    for pos in escaped:
        if src[pos] in "'\"\\" or not any(a < pos < b - 1 for a, b in strings):
            fail(pos, "a \\u escape is accepted only inside a string, and not for a quote"
                      " or a backslash (Neo4j replaces it before reading the query)")
    tokens.append(Token("eof", "", line_of(n - 1) if n else 1))
    return tokens


def _quoted(src: str, i: int, engine: str | None, fail) -> tuple[str, int]:
    """A `quoted name` starting at ``src[i]``; returns the name and the end offset."""
    j, parts = i + 1, []
    while True:
        k = src.find("`", j)
        if k < 0:
            fail(i, "a `quoted name` is not closed")
        parts.append(src[j:k])
        if not src.startswith("``", k):
            return "".join(parts), k + 1
        if engine != "neo4j":
            fail(i, "a doubled backtick inside a `quoted name` (Neo4j reads one backtick,"
                    " FalkorDB ends the name)")
        parts.append("`")
        j = k + 2


def _number_end(src: str, i: int) -> int:
    """Where the engines' greedy number token starting at ``src[i]`` ends."""
    j = _NUMBER_RUN.match(src, i).end()
    decimal = re.fullmatch(r"[0-9_]*", src[i:j]) is not None
    if decimal and src.startswith(".", j) and j + 1 < len(src) and src[j + 1].isdigit():
        j = _NUMBER_RUN.match(src, j + 1).end()
    if re.search(r"[0-9][eE]$", src[i:j]) and not src[i:j].lower().startswith("0x") \
            and j + 1 < len(src) and src[j] in "+-" and src[j + 1].isdigit():
        j = _NUMBER_RUN.match(src, j + 1).end()
    return j
