"""Refusing writes before a query reaches a database: the engine-neutral first check.

Canned and ad hoc queries are read-only.  Three layers stop a write, so that no single
mistake lets one through:

1. this module: a Cypher tokenizer that skips strings, comments and quoted names and
   refuses write clauses, administration commands, ``LOAD CSV`` and calls to
   procedures outside the read-only catalogue — the same words on both engines;
2. the store's ``write_reason``: the server's own plan (Neo4j ``EXPLAIN`` query type,
   FalkorDB ``GRAPH.EXPLAIN`` operators), which also catches what a tokenizer could
   misread;
3. the store's read-only execution: ``GRAPH.RO_QUERY`` on FalkorDB, a READ transaction
   that is always rolled back on Neo4j.
"""

from __future__ import annotations

from dataclasses import dataclass

from c2graph.graph.store.base import ReadOnlyRefused, procedure_refusal

#: Clauses that change the graph, wherever they appear.
WRITE_CLAUSES = frozenset({"CREATE", "MERGE", "SET", "DELETE", "DETACH", "REMOVE", "FOREACH",
                           "INSERT", "DROP"})
#: Words that start an administration command (a statement of their own).
ADMIN_COMMANDS = frozenset({"ALTER", "GRANT", "DENY", "REVOKE", "RENAME", "START", "STOP",
                            "TERMINATE", "ENABLE", "DEALLOCATE", "REALLOCATE", "DRYRUN",
                            "SHOW", "USE"})


class CypherSyntaxError(ValueError):
    """Text the tokenizer cannot read (an unterminated string or comment)."""


@dataclass(frozen=True)
class Token:
    kind: str   # "word", "param", "name" (a `quoted` name), "number", "punct"
    text: str
    line: int


def tokenize(text: str) -> list[Token]:
    """Cypher tokens without strings and comments (their content can never be a clause)."""
    out: list[Token] = []
    i, n, line = 0, len(text), 1
    while i < n:
        c = text[i]
        if c == "\n":
            line += 1
            i += 1
        elif c.isspace():
            i += 1
        elif text.startswith("//", i):
            j = text.find("\n", i)
            i = n if j < 0 else j
        elif text.startswith("/*", i):
            j = text.find("*/", i + 2)
            if j < 0:
                raise CypherSyntaxError(f"line {line}: unterminated /* comment")
            line += text.count("\n", i, j)
            i = j + 2
        elif c in "'\"":
            j = i + 1
            while j < n and text[j] != c:
                j += 2 if text[j] == "\\" else 1
            if j >= n:
                raise CypherSyntaxError(f"line {line}: unterminated string")
            line += text.count("\n", i, j)
            i = j + 1
        elif c == "`":
            name, i = _quoted_name(text, i, line)
            out.append(Token("name", name, line))
        elif c == "$":
            if i + 1 < n and text[i + 1] == "`":
                name, i = _quoted_name(text, i + 1, line)
            else:
                j = i + 1
                while j < n and (text[j].isalnum() or text[j] == "_"):
                    j += 1
                name, i = text[i + 1:j], j
            out.append(Token("param", name, line))
        elif c.isalpha() or c == "_":
            j = i + 1
            while j < n and (text[j].isalnum() or text[j] == "_"):
                j += 1
            out.append(Token("word", text[i:j], line))
            i = j
        elif c.isdigit():
            j = i + 1
            while j < n and (text[j].isalnum() or text[j] in "._"):
                j += 1
            out.append(Token("number", text[i:j], line))
            i = j
        else:
            out.append(Token("punct", c, line))
            i += 1
    return out


def _quoted_name(text: str, i: int, line: int) -> tuple[str, int]:
    """A `back-quoted` name starting at ``text[i]``; a doubled backtick is a backtick."""
    j, parts = i + 1, []
    while True:
        k = text.find("`", j)
        if k < 0:
            raise CypherSyntaxError(f"line {line}: unterminated `quoted name`")
        parts.append(text[j:k])
        if text.startswith("``", k):
            parts.append("`")
            j = k + 2
            continue
        return "".join(parts), k + 1


def parameters(text: str) -> set[str]:
    """The ``$parameters`` a query uses."""
    return {t.text for t in tokenize(text) if t.kind == "param"}


def statement(text: str) -> str:
    """The query with surrounding blanks and one trailing ``;`` removed."""
    text = text.strip()
    return text[:-1].rstrip() if text.endswith(";") else text


def check_read_only(text: str, allowed_procedures, where: str = "") -> None:
    """Raise ``ReadOnlyRefused`` unless ``text`` is one read-only Cypher statement.

    ``allowed_procedures`` is a set of procedure names (or a callable returning one,
    asked only when the query calls a procedure).  ``where`` prefixes the reason,
    e.g. the path of a query file.
    """
    prefix = f"{where}: " if where else ""
    try:
        tokens = tokenize(statement(text))
    except CypherSyntaxError as exc:
        raise ReadOnlyRefused(f"{prefix}cannot read the query: {exc}") from None

    def refuse(reason: str):
        raise ReadOnlyRefused(prefix + reason)

    known: list[set[str]] = []

    def allowed(name: str) -> bool:
        if not known:
            known.append(set(allowed_procedures() if callable(allowed_procedures)
                             else allowed_procedures))
        return name in known[0]

    words = [t for t in tokens if t.kind == "word"]
    if words and words[0].text.upper() in ("EXPLAIN", "PROFILE", "CYPHER"):
        refuse(f"a leading {words[0].text.upper()} is not accepted here (line {words[0].line})"
               "; give the query itself")
    for k, tok in enumerate(tokens):
        if tok.kind == "punct" and tok.text == ";":
            refuse(f"it holds more than one statement (';' on line {tok.line})")
        if tok.kind != "word":
            continue
        word = tok.text.upper()
        before = tokens[k - 1] if k else None
        after = tokens[k + 1] if k + 1 < len(tokens) else None
        if before is not None and before.kind == "punct" and before.text in ".:":
            continue  # a property, label or relationship type, e.g. n.set, :Create
        if before is not None and before.kind == "word" and before.text.upper() == "AS":
            continue  # an alias, e.g. RETURN x AS create
        if after is not None and after.kind == "punct" and after.text == ":" and \
                before is not None and before.kind == "punct" and before.text in "{,":
            continue  # a map key, e.g. {delete: 1}
        if word in WRITE_CLAUSES:
            refuse(f"it writes to the database ({word} on line {tok.line})")
        if word == "LOAD" and after is not None and after.text.upper() == "CSV":
            refuse(f"LOAD CSV reads files or URLs from the server (line {tok.line})")
        if word == "USE" and k == 0:
            refuse(f"it switches to another database (USE on line {tok.line})")
        if word in ADMIN_COMMANDS and k == 0:
            refuse(f"it is an administration command ({word} on line {tok.line})")
        if word == "CALL" and after is not None and after.kind in ("word", "name"):
            name = _procedure_name(tokens, k + 1)
            if not allowed(name):
                refuse(procedure_refusal(name))


def _procedure_name(tokens: list[Token], k: int) -> str:
    parts = [tokens[k].text]
    while k + 2 < len(tokens) and tokens[k + 1].kind == "punct" and tokens[k + 1].text == "." \
            and tokens[k + 2].kind in ("word", "name"):
        parts.append(tokens[k + 2].text)
        k += 2
    return ".".join(parts)
