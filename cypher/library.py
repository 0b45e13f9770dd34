"""The canned query library: ``queries/*.cypher`` files and their comment headers.

A query file is plain Cypher that Neo4j Browser runs as is; its leading ``//`` lines
carry what the runner needs::

    // name: reporting-chain
    // title: Reporting line from a post up to its national command authority
    // title_ja: 役職から国家指揮権限までの報告系統
    // params: post (actor id), scenario (scenario id; default: root)
    // returns: chain, ids, authorities, depth

Each parameter is ``NAME (DESCRIPTION)``; the description says its type (``actor id``,
``scenario id``, ``integer``, ``authority`` — anything else is text; a parameter named
``scenario`` is a scenario id) and, after ``default:``, its default.  A scenario
parameter whose default is ``root`` runs on the store's root scenario (the one the
others are built on), so the library works on any dataset.  The header must
declare exactly the ``$parameters`` the query uses, so ``c2graph queries`` never lies.
``title_ja`` (optional) is the title the explorer shows under ``--lang ja``.

Folders named in ``C2GRAPH_QUERY_PATH`` (separated like ``PATH``) are read before the
bundled one: a user's file of the same name replaces the bundled query.  Every file is
read again on each run and checked read-only before it goes anywhere near a store.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

BUNDLED_QUERIES = Path(__file__).parent / "queries"
HEADER_RE = re.compile(r"^//\s*(name|title_ja|title|params|returns)\s*:\s*(.*?)\s*$")
NAME_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")
PARAM_RE = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*)\s*(?:\((.*)\))?$")
DEFAULT_RE = re.compile(r"^default\s*[: ]\s*(\S.*)$")
#: The default that stands for the store's root scenario (``Store.root_scenario``): a
#: query runs on any dataset, whatever its scenarios are called.
ROOT = "root"
MAX_QUERY_BYTES = 256 * 1024

#: Parameter kinds and the words in a description that select them.
KIND_WORDS = (("actor id", "actor"), ("scenario id", "scenario"), ("integer", "integer"),
              ("authority", "authority"))


class LibraryError(ValueError):
    """A query file that cannot be used; the message names the file and line."""


@dataclass(frozen=True)
class Param:
    name: str
    kind: str               # "actor", "scenario", "integer", "authority" or "text"
    default: str | None     # as written in the header; None means required
    description: str

    @property
    def required(self) -> bool:
        return self.default is None

    def describe(self) -> str:
        return f"{self.name} ({self.description})"


@dataclass(frozen=True)
class CannedQuery:
    name: str
    title: str
    params: tuple[Param, ...]
    returns: tuple[str, ...]
    text: str
    path: Path
    #: The title in Japanese (``// title_ja:``), shown by ``serve --lang ja``; optional
    #: for a user's query, given for every bundled one.
    title_ja: str | None = None

    def param(self, name: str) -> Param | None:
        return next((p for p in self.params if p.name == name), None)


def query_folders() -> list[Path]:
    """User folders from ``C2GRAPH_QUERY_PATH`` first, then the bundled library."""
    extra = [Path(p).expanduser() for p in os.environ.get("C2GRAPH_QUERY_PATH", "").split(
        os.pathsep) if p.strip()]
    return extra + [BUNDLED_QUERIES]


def query_files() -> dict[str, Path]:
    """``{name: path}`` of every query file; earlier folders win."""
    found: dict[str, Path] = {}
    for folder in query_folders():
        if not folder.is_dir():
            continue
        for path in sorted(folder.glob("*.cypher")):
            found.setdefault(path.stem, path)
    return dict(sorted(found.items()))


def load_query(name: str) -> CannedQuery:
    """Read and parse one query by name; ``LookupError`` with a suggestion if unknown."""
    files = query_files()
    if name not in files:
        from c2graph.graph.suggest import suggest

        raise LookupError(f"unknown query {name!r}{suggest(name, files)}; 'c2graph queries'"
                          " lists them")
    return parse_query(files[name])


def load_library() -> list[CannedQuery]:
    return [parse_query(path) for path in query_files().values()]


def parse_query(path: Path) -> CannedQuery:
    """Parse a query file's header and check it against the query's own parameters."""
    from c2graph.cypher.readonly import CypherSyntaxError, parameters

    try:
        if path.stat().st_size > MAX_QUERY_BYTES:
            raise LibraryError(f"{path}: larger than {MAX_QUERY_BYTES} bytes")
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise LibraryError(f"{path}: cannot read: {exc}") from None
    fields: dict[str, str] = {}
    params: list[Param] = []
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        if not stripped:
            continue
        if not stripped.startswith("//"):
            break
        m = HEADER_RE.match(stripped)
        if not m:
            continue  # prose comment
        key, value = m.groups()
        if key == "params":
            params.extend(_params(value, f"{path}:{number}"))
        elif key in fields:
            raise LibraryError(f"{path}:{number}: '{key}:' given twice")
        else:
            fields[key] = value
    for key in ("name", "title", "returns"):
        if not fields.get(key):
            raise LibraryError(f"{path}: the header has no '// {key}:' line")
    if fields["name"] != path.stem or not NAME_RE.match(fields["name"]):
        raise LibraryError(f"{path}: '// name: {fields['name']}' must be the file name"
                           f" without .cypher ({path.stem!r}), in lower case with dashes")
    names = [p.name for p in params]
    if len(set(names)) != len(names):
        raise LibraryError(f"{path}: a parameter is declared twice in '// params:'")
    try:
        used = parameters(text)
    except CypherSyntaxError as exc:
        raise LibraryError(f"{path}: {exc}") from None
    undeclared = sorted(used - set(names))
    unused = sorted(set(names) - used)
    if undeclared:
        raise LibraryError(f"{path}: the query uses {', '.join('$' + p for p in undeclared)}"
                           " but '// params:' does not declare it")
    if unused:
        raise LibraryError(f"{path}: '// params:' declares {', '.join(unused)} but the"
                           " query does not use it")
    returns = tuple(c.strip() for c in fields["returns"].split(",") if c.strip())
    return CannedQuery(fields["name"], fields["title"], tuple(params), returns, text, path,
                       fields.get("title_ja") or None)


def _params(value: str, where: str) -> list[Param]:
    """``post (actor id), scenario (scenario id; default: root)`` into ``Param`` values."""
    out = []
    for item in _split_top_level(value):
        m = PARAM_RE.match(item.strip())
        if not m:
            raise LibraryError(f"{where}: cannot read parameter {item.strip()!r}: write"
                               " NAME (DESCRIPTION; default: VALUE)")
        name, description = m.group(1), (m.group(2) or "").strip()
        default = None
        for part in re.split(r"[;,]", description):
            part = part.strip()
            m_default = DEFAULT_RE.match(part)
            if m_default:
                default = m_default.group(1).strip()
        kind = "scenario" if name == "scenario" else "text"
        for words, k in KIND_WORDS:
            if words in description.lower() and kind == "text":
                kind = k
        out.append(Param(name, kind, default, description or "text"))
    return out


def _split_top_level(value: str) -> list[str]:
    """Split on commas that are not inside parentheses."""
    parts, depth, current = [], 0, []
    for ch in value:
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        if ch == "," and depth == 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(ch)
    if "".join(current).strip():
        parts.append("".join(current))
    return [p for p in parts if p.strip()]
