"""What text may contain where it goes: one place for every character rule.

Names, notes and titles travel from files (checked by the loaders) and from a shared
Neo4j (checked by nobody) to terminals, spreadsheets, XML and Markdown.  Each
destination has characters that act instead of being shown: escape sequences in a
terminal, a leading ``=`` in a spreadsheet cell, U+FFFE or a lone surrogate in XML.
Every loader, writer and printer calls the functions here, so a rule is made once and
holds for every format (the struct of each writer may change; these rules do not).

* ``unsafe_character`` -- what the loaders refuse in any text field (``file:line``).
* ``not_unicode`` -- text no database can be sent (a byte the command line could not
  decode as UTF-8).
* ``xml_text`` -- text an XML 1.0 document can hold (for every XML writer).
* ``terminal_text`` / ``terminal_json`` -- text safe to show on a terminal.
* ``spreadsheet_cell`` -- a CSV cell a spreadsheet will not run as a formula.
"""

from __future__ import annotations

import re
import unicodedata

#: Bidirectional controls: they reorder what a reader sees (the "Trojan source" trick).
BIDI_CONTROLS = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
                          "\u2066\u2067\u2068\u2069")
#: Characters every tool may take for a line break, besides ``\n``.
LINE_BREAKS = frozenset("\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")


def is_noncharacter(ch: str) -> bool:
    """U+FDD0..U+FDEF and the last two code points of every plane (U+FFFE, U+FFFF …):
    permanently not characters, and U+FFFE/U+FFFF are not allowed in XML."""
    cp = ord(ch)
    return 0xFDD0 <= cp <= 0xFDEF or (cp & 0xFFFE) == 0xFFFE


def unsafe_character(text: str) -> str | None:
    """Name the first character of ``text`` no text field may hold, or ``None``.

    Refused: control characters (except newline and tab), invisible formatting
    characters (bidirectional controls, zero-width spaces; the zero-width joiner is
    part of some scripts), lone surrogates and noncharacters (no XML document, and no
    well-formed UTF-8, can hold them).
    """
    for ch in text:
        cat = unicodedata.category(ch)
        if cat == "Cc" and ch not in "\n\t":
            return f"a control character U+{ord(ch):04X}"
        if cat == "Cf" and ch != "\u200d":
            return (f"an invisible formatting character U+{ord(ch):04X}"
                    f" ({unicodedata.name(ch, '?')})")
        if cat == "Cs":
            return f"a lone surrogate U+{ord(ch):04X} (not a character)"
        if is_noncharacter(ch):
            return f"the noncharacter U+{ord(ch):04X}"
    return None


def not_unicode(text: str) -> str | None:
    """Name the first lone surrogate of ``text`` (not a character: no UTF-8 form, so
    neither engine's protocol can carry it), or ``None``.

    Python hands a command-line byte that is not UTF-8 to the program as U+DC80..U+DCFF
    (``surrogateescape``): bash's ``$'c\\x9b'`` is the byte 0x9B, not the C1 control
    U+009B.  Such a code point is named as the byte, with how to write the character.
    """
    found = _SURROGATE.search(text)
    if found is None:
        return None
    cp = ord(found.group())
    if 0xDC80 <= cp <= 0xDCFF:
        byte = cp - 0xDC00
        return (f"the byte 0x{byte:02X}, which is not UTF-8 text (the character"
                f" U+{byte:04X} is written $'\\u{byte:04x}' in bash)")
    return f"a lone surrogate U+{cp:04X} (not a character)"


# -- XML ----------------------------------------------------------------------------------------

#: Everything XML 1.0 does not allow (its ``Char`` production) plus noncharacters.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff"
                      + "".join(f"{chr(p)}{chr(p + 1)}" for p in range(0x1FFFE, 0x110000, 0x10000))
                      + "]")


def xml_text(value) -> str:
    """``value`` as text an XML 1.0 document can hold: each forbidden character (C0
    controls but tab and line ends, lone surrogates, U+FFFE, U+FFFF, noncharacters)
    becomes U+FFFD.  Escaping ``<`` ``&`` is still the writer's job."""
    return _NOT_XML.sub("\ufffd", str(value))


_SURROGATE = re.compile("[\ud800-\udfff]")


def utf8(text: str) -> bytes:
    """``text`` as UTF-8 bytes for a written file; a lone surrogate (which has no UTF-8
    form, and would end an export in a traceback) becomes U+FFFD."""
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:
        return _SURROGATE.sub("\ufffd", text).encode("utf-8")


# -- terminals -----------------------------------------------------------------------------------

def _control_picture(m: re.Match) -> str:
    ch = m.group()
    cp = ord(ch)
    if cp < 0x20:
        return chr(0x2400 + cp)       # ␛ for ESC, ␊ for a line feed …
    if cp == 0x7F:
        return "\u2421"               # ␡
    return "\ufffd"                   # C1 controls, bidi controls, line separators


_TERMINAL_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f"
                              + "".join(sorted(BIDI_CONTROLS | {"\u2028", "\u2029"}))
                              + "\ud800-\udfff]")


_TERMINAL_UNSAFE_LINES = re.compile(_TERMINAL_UNSAFE.pattern.replace("\x00-\x1f",
                                                                    "\x00-\x08\x0b-\x1f"))


def terminal_text(value, lines: bool = False) -> str:
    """``value`` with nothing a terminal would act on: C0 and C1 controls (escape
    sequences, carriage returns, OSC 8 links …) become their visible "control picture"
    (␛, ␍) or U+FFFD, bidirectional controls and line separators U+FFFD.  For one cell
    or one line of human-readable output; ``lines`` keeps line feeds and tabs (for a
    whole stream of text)."""
    return (_TERMINAL_UNSAFE_LINES if lines else _TERMINAL_UNSAFE).sub(_control_picture,
                                                                       str(value))


_JSON_UNSAFE = re.compile("[\x7f-\x9f" + "".join(sorted(BIDI_CONTROLS | {"\u2028", "\u2029"}))
                          + "]")


def terminal_json(text: str) -> str:
    """JSON text (from ``json.dumps``) with the characters a terminal acts on written as
    ``\\uXXXX`` escapes: the same JSON value, byte-safe to print.  ``json.dumps``
    already escapes C0 controls; DEL, C1 controls, bidi controls and line separators
    pass ``ensure_ascii=False`` as they are."""
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


# -- spreadsheets ---------------------------------------------------------------------------------

#: A cell starting with one of these (after blanks) is a formula to Excel, LibreOffice
#: or Google Sheets; the full-width forms too (a Japanese IME types them).
FORMULA_STARTS = frozenset("=+-@\uff1d\uff0b\uff0d\uff20")


def spreadsheet_cell(value):
    """A CSV cell a spreadsheet shows as text: text whose first character (after spaces,
    tabs and line ends) starts a formula, or that starts with a tab or carriage return,
    gets a leading ``'`` (OWASP's "CSV injection" advice).  Numbers are left alone, so
    ``-5`` stays a number."""
    if not isinstance(value, str) or not value:
        return value
    if value[0] in "\t\r" or value.lstrip(" \t\r\n")[:1] in FORMULA_STARTS:
        return "'" + value
    return value
