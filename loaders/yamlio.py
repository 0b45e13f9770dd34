"""Reading YAML with line numbers, refusing what a hand-edited file gets wrong.

ruamel.yaml's round-trip loader keeps the line of every mapping, key and list item
and rejects duplicate keys, which is what lets every problem be reported as
``file:line: message``.  Files are read as bytes first so a BOM, a binary file or an
enormous file gets a clear message instead of a parser traceback.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from c2graph.graph.model import Origin, Problem

#: Larger inputs are refused before parsing: bounded memory and time.
MAX_FILE_BYTES = 50 * 1024 * 1024
#: The environment variable that raises (or lowers) that bound, in MB.
MAX_FILE_ENV = "C2GRAPH_MAX_FILE_MB"
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


#: The plain scalars that mean "no value" in every YAML version (empty, ``~``, ``null``).
#: Every other plain scalar is read as the text written: no implicit numbers, booleans,
#: floats or dates (``0x1F``, ``1_000``, ``.nan``, ``yes``, ``true``, ``2024-5-1`` are
#: text), since every value of the dataset format is text and ids must never change.
NULL_PATTERN = r"^(?:~|null|Null|NULL|)$"


def text_yaml(typ: str = "rt"):
    """A ruamel ``YAML`` that resolves plain scalars as text (see ``NULL_PATTERN``).

    An explicit tag (``!!int 3``) still gives its type, which the field checks refuse
    where text is expected.  ``loaders.fastyaml`` resolves scalars the same way.
    """
    import re

    from ruamel.yaml import YAML
    from ruamel.yaml.resolver import VersionedResolver

    class TextResolver(VersionedResolver):
        """Only null and the merge key ``<<`` are implicit; everything else is text."""

        _implicit = {first: [("tag:yaml.org,2002:null", re.compile(NULL_PATTERN))]
                     for first in ("", "~", "n", "N")}
        _implicit["<"] = [("tag:yaml.org,2002:merge", re.compile(r"^<<$"))]

        @property
        def versioned_resolver(self):
            return self._implicit  # no None entry: ruamel's in-place += never grows it

    yaml = YAML(typ=typ)
    yaml.Resolver = TextResolver
    yaml.allow_duplicate_keys = False
    return yaml


def display_path(path: Path) -> str:
    """A path as the user would type it: relative to the working directory if inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except (ValueError, RuntimeError, OSError):  # elsewhere, or a symlink loop (3.11)
        return str(path)


def max_file_bytes() -> int:
    """The size bound for one data file: ``MAX_FILE_BYTES`` unless C2GRAPH_MAX_FILE_MB says
    otherwise (for a real dataset that outgrows it)."""
    value = os.environ.get(MAX_FILE_ENV, "").strip()
    try:
        return int(float(value) * 1024 * 1024) if value else MAX_FILE_BYTES
    except ValueError:
        return MAX_FILE_BYTES


def read_data(path: Path, limit: int | None = None) -> tuple[bytes | None, Problem | None]:
    """The bytes of one data file, or why it cannot be read; every loader reads through this.

    Only a regular file is read (after following symlinks): a FIFO, a device such as
    ``/dev/zero``, a socket or a folder is refused without blocking or reading, since the
    file is opened non-blocking and checked with ``fstat`` on the open descriptor (no
    race between the check and the read).  At most ``limit`` bytes are read, even from
    a file that grows meanwhile.  A symlink loop, a missing file or a permission error
    is one ``path: cannot read: …`` problem.
    """
    shown = display_path(path)
    limit = max_file_bytes() if limit is None else limit
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)
                     | getattr(os, "O_NOCTTY", 0))
    except OSError as exc:
        return None, Problem(None, f"{shown}: cannot read: {exc.strerror or exc}")
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            return None, Problem(None, f"{shown}: cannot read: {_file_kind(info.st_mode)},"
                                       " not a regular file")
        if info.st_size > limit:
            return None, _too_large(shown, info.st_size, limit)
        chunks, total = [], 0
        while True:
            chunk = os.read(fd, min(1 << 20, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            if total > limit:
                return None, _too_large(shown, total, limit, grew=True)
        return b"".join(chunks), None
    except OSError as exc:
        return None, Problem(None, f"{shown}: cannot read: {exc.strerror or exc}")
    finally:
        os.close(fd)


def _too_large(shown: str, size: int, limit: int, grew: bool = False) -> Problem:
    size_text = f"over {limit} bytes (it grew while read)" if grew else f"{size} bytes"
    return Problem(Origin(shown, 1), f"file is {size_text}; the limit is {limit}"
                                     f" (set {MAX_FILE_ENV} to raise it)")


def _file_kind(mode: int) -> str:
    for test, name in ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a FIFO (named pipe)"),
                       (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
                       (stat.S_ISSOCK, "a socket")):
        if test(mode):
            return name
    return "a special file"


def list_folder(folder: Path, suffixes: tuple[str, ...], problems: list[Problem],
                exclude: tuple[str, ...] = ()) -> list[Path]:
    """The entries of ``folder`` whose names end in one of ``suffixes``, sorted by name.

    Unlike ``Path.glob`` (which returns nothing for a folder it cannot read), a folder
    that cannot be listed is a problem, so an unreadable folder never turns into a
    smaller, different dataset.  Entries are returned whatever they are; reading one
    that is not a regular file is refused by ``read_data``.
    """
    try:
        with os.scandir(folder) as entries:
            names = sorted(e.name for e in entries)
    except OSError as exc:
        problems.append(Problem(None, f"{display_path(folder)}: cannot list the folder:"
                                      f" {exc.strerror or exc}"))
        return []
    return [folder / n for n in names if n.endswith(suffixes) and n not in exclude]


def exists(path: Path) -> bool:
    """Whether anything is at ``path`` (a broken or looping symlink too): what is there is
    then read, and refused by ``read_data`` if it is not a readable regular file."""
    return os.path.lexists(path)


def read_text(path: Path) -> tuple[str | None, Problem | None]:
    """Decode a text file (UTF-8, optional BOM, any line ending) or explain why not."""
    shown = display_path(path)
    raw, problem = read_data(path)
    if problem:
        return None, problem
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
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    shown = display_path(path)
    text, problem = read_text(path)
    if problem:
        return None, [problem]
    if not text.strip():
        return None, [Problem(Origin(shown, 1), "empty file")]
    deep = flow_too_deep(text)
    if deep is not None:
        return None, [Problem(Origin(shown, deep), f"nesting deeper than {MAX_DEPTH} levels")]
    if len(text) >= FAST_MIN_CHARS:
        from c2graph.loaders.fastyaml import available, fast_load

        data = fast_load(text)
        if data is not None:
            if depth(data) > MAX_DEPTH:
                return None, [Problem(Origin(shown, 1), f"nesting deeper than {MAX_DEPTH} levels")]
            return data, []
        if len(text) > MAX_DETAILED_CHARS and available():  # no libyaml: slow, not refused
            return None, [_too_large_for_detail(shown, text)]
    yaml = text_yaml()
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
    if depth(data) > MAX_DEPTH:
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
                   f"{len(text)} characters of YAML with anchors, aliases, tags, merge keys"
                   f" or duplicate keys: files over"
                   f" {MAX_DETAILED_CHARS} characters must be plain YAML (split the file,"
                   " or use the CSV format)")


def flow_too_deep(text: str) -> int | None:
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


def depth(node, level: int = 0, memo: dict | None = None) -> int:
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
        deepest = max(deepest, depth(child, level + 1, memo))
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
