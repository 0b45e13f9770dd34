"""Reading YAML with line numbers, refusing what a hand-edited file gets wrong.

ruamel.yaml's round-trip loader keeps the line of every mapping, key and list item
and rejects duplicate keys, which is what lets every problem be reported as
``file:line: message``.  Files are read as bytes first so a BOM, a binary file or an
enormous file gets a clear message instead of a parser traceback.
"""

from __future__ import annotations

from pathlib import Path

from c2graph.graph.model import Origin, Problem

#: Larger inputs are refused before parsing: bounded memory and time.
MAX_FILE_BYTES = 50 * 1024 * 1024
#: Deeper nesting than this is never a valid dataset; checked after parsing.
MAX_DEPTH = 12
#: Flow brackets (``[`` ``{``) nested deeper than this are refused before ruamel sees
#: the file: its scanner slows with every open bracket (1,000 levels take seconds,
#: 200,000 take hours).  Valid datasets nest flow collections 2 or 3 deep.
MAX_FLOW_DEPTH = 64
#: Files at least this large are first read by libyaml (``loaders.fastyaml``), which
#: gives the same data and lines about 30x faster; ruamel reads whatever it declines.
FAST_MIN_CHARS = 16 * 1024
#: The detailed reader (ruamel) takes 15-40 us and about 120 bytes of memory per
#: character (measured: 2.1 MB in 29 s and 260 MB).  Larger files are read by the fast
#: reader only, so that no YAML file costs more than about a minute: one the fast reader
#: declines is refused (split it, keep it plain, or use the CSV format).
MAX_DETAILED_CHARS = 2 * 1024 * 1024


def display_path(path: Path) -> str:
    """A path as the user would type it: relative to the working directory if inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def read_text(path: Path) -> tuple[str | None, Problem | None]:
    """Decode a text file (UTF-8, optional BOM, any line ending) or explain why not."""
    shown = display_path(path)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            return None, Problem(Origin(shown, 1),
                                 f"file is {size} bytes; the limit is {MAX_FILE_BYTES}")
        raw = path.read_bytes()
    except OSError as exc:
        return None, Problem(None, f"{shown}: cannot read: {exc.strerror or exc}")
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None, Problem(Origin(shown, 1), "UTF-16 text (a spreadsheet's 'Unicode text'"
                                               " export?): save it as UTF-8")
    if b"\x00" in raw:
        return None, Problem(Origin(shown, 1), "binary file (contains NUL bytes), expected text")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, Problem(Origin(shown, line), "not valid UTF-8 text (a Latin-1 or Windows"
                                                  " export?): save it as UTF-8")
    return text.replace("\r\n", "\n").replace("\r", "\n"), None


def load_yaml(path: Path) -> tuple[object, list[Problem]]:
    """Parse one YAML file; return ``(data, problems)``; ``data`` is None on failure."""
    from ruamel.yaml import YAML
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    shown = display_path(path)
    text, problem = read_text(path)
    if problem:
        return None, [problem]
    if not text.strip():
        return None, [Problem(Origin(shown, 1), "empty file")]
    deep = _flow_too_deep(text)
    if deep is not None:
        return None, [Problem(Origin(shown, deep), f"nesting deeper than {MAX_DEPTH} levels")]
    if len(text) >= FAST_MIN_CHARS:
        from c2graph.loaders.fastyaml import available, fast_load

        data = fast_load(text)
        if data is not None:
            if _depth(data) > MAX_DEPTH:
                return None, [Problem(Origin(shown, 1), f"nesting deeper than {MAX_DEPTH} levels")]
            return data, []
        if len(text) > MAX_DETAILED_CHARS and available():  # no libyaml: slow, not refused
            return None, [_too_large_for_detail(shown, text)]
    yaml = YAML(typ="rt")
    yaml.allow_duplicate_keys = False
    try:
        data = yaml.load(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        what = (exc.problem or exc.context or "invalid YAML").strip()
        dup = _dup_key(exc)
        if dup:
            what = f"duplicate key {dup}"
        return None, [Problem(Origin(shown, line), f"invalid YAML: {what}")]
    except (YAMLError, RecursionError, ValueError) as exc:
        return None, [Problem(Origin(shown, 1), f"invalid YAML: {str(exc).splitlines()[0]}")]
    if _depth(data) > MAX_DEPTH:
        return None, [Problem(Origin(shown, 1), f"nesting deeper than {MAX_DEPTH} levels")]
    return data, []


def _too_large_for_detail(shown: str, text: str) -> Problem:
    """Why a large file the fast reader declined is refused: a syntax error at its line
    (found by libyaml, in C), or else the YAML features only the slow reader takes."""
    try:
        import yaml
        from yaml.cyaml import CSafeLoader

        for _ in yaml.parse(text, Loader=CSafeLoader):
            pass
    except ImportError:
        pass
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        what = (exc.problem or exc.context or "invalid YAML").strip()
        return Problem(Origin(shown, mark.line + 1 if mark else 1), f"invalid YAML: {what}")
    except yaml.YAMLError as exc:
        return Problem(Origin(shown, 1), f"invalid YAML: {str(exc).splitlines()[0]}")
    return Problem(Origin(shown, 1),
                   f"{len(text)} characters of YAML with anchors, aliases, tags, floats,"
                   f" duplicate keys or other non-plain values: files over"
                   f" {MAX_DETAILED_CHARS} characters must be plain YAML (split the file,"
                   " or use the CSV format)")


def _flow_too_deep(text: str) -> int | None:
    """The line where ``[``/``{`` nesting first passes ``MAX_FLOW_DEPTH``, or None.

    One linear pass that skips comments and quoted scalars, so brackets inside text
    do not count.  Only a depth no dataset reaches is refused; anything the pass
    misreads is still parsed (and judged) by ruamel.
    """
    import re

    special = re.compile(r"[\[\]{}\n#'\"]")
    depth, line, pos = 0, 1, 0
    while True:
        m = special.search(text, pos)
        if m is None:
            return None
        i, c = m.start(), m.group()
        before = text[i - 1] if i else "\n"
        pos = i + 1
        if c == "\n":
            line += 1
        elif c == "#" and before in " \t\n":
            end = text.find("\n", i)
            if end < 0:
                return None
            pos = end
        elif c in "'\"" and before in " \t\n[{,:-":
            end = i + 1
            while True:
                end = text.find(c, end)
                if end < 0:
                    return None  # unterminated: ruamel reports it
                if c == "'" and text.startswith("''", end):
                    end += 2
                    continue
                if c == '"':
                    k = end
                    while text[k - 1] == "\\":
                        k -= 1
                    if (end - k) % 2:  # an escaped quote
                        end += 1
                        continue
                break
            line += text.count("\n", i, end)
            pos = end + 1
        elif c in "[{":
            depth += 1
            if depth > MAX_FLOW_DEPTH:
                return line
        elif c in "]}":
            depth = max(0, depth - 1)


def _dup_key(exc) -> str | None:
    text = str(exc)
    marker = 'found duplicate key "'
    if marker in text:
        return repr(text.split(marker, 1)[1].split('"', 1)[0])
    return None


def _depth(node, level: int = 0, memo: dict | None = None) -> int:
    """Nesting depth, stopping once past ``MAX_DEPTH``.

    Each container is measured once (by identity): YAML aliases share objects, so a
    "billion laughs" file of nested aliases is measured in linear time, and an alias
    that contains itself counts as too deep instead of recursing forever.
    """
    if not isinstance(node, (dict, list)):
        return level
    if level > MAX_DEPTH:
        return level
    memo = {} if memo is None else memo
    if id(node) in memo:
        return level + memo[id(node)]
    memo[id(node)] = MAX_DEPTH + 1  # seen again while still being measured: a cycle
    deepest = level + 1
    for child in (node.values() if isinstance(node, dict) else node):
        deepest = max(deepest, _depth(child, level + 1, memo))
        if deepest > MAX_DEPTH:
            break
    memo[id(node)] = deepest - level
    return deepest


def line_of(node, key=None, index: int | None = None) -> int:
    """1-based line of a mapping (or of one of its keys), or of a list item."""
    lc = getattr(node, "lc", None)
    if lc is None:
        return 1
    try:
        if key is not None and key in node:
            return lc.key(key)[0] + 1
        if index is not None:
            return lc.item(index)[0] + 1
        return lc.line + 1
    except (KeyError, IndexError, TypeError, AttributeError):
        return (lc.line or 0) + 1
