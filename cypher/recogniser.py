"""A recursive-descent recogniser of the read-only subset of Cypher.

Why a recogniser and not a list of forbidden words: a denylist has to guess every way
a write can be spelt and hidden (a keyword used as an alias, a clause inside a
``COLLECT { }`` inside a ``CASE``, an administration command that plans as a read).
Here every token must be consumed by a rule of the read grammar below, or the query is
refused; nothing is skipped, so nothing can hide.  What is accepted:

* clauses ``MATCH``, ``OPTIONAL MATCH`` (``WHERE``), ``WITH`` and ``RETURN``
  (``DISTINCT``, ``ORDER BY``, ``SKIP``/``OFFSET``, ``LIMIT``, ``WHERE`` after
  ``WITH``), ``ORDER BY``/``SKIP``/``LIMIT`` as clauses, ``UNWIND``, ``UNION [ALL]``, ``CALL { … }`` and ``CALL (…) { … }``
  subqueries (not ``IN TRANSACTIONS``), and ``CALL`` of a procedure the caller allows,
  with ``YIELD`` and ``WHERE``;
* patterns: node and relationship patterns, label expressions, variable length,
  quantified path patterns, ``shortestPath``/``allShortestPaths`` and path selectors;
* expressions: literals, parameters, operators, ``CASE``, list and pattern
  comprehensions, map literals and projections, ``reduce``, the list predicates
  ``all/any/none/single``, pattern predicates, ``COUNT { }``, ``EXISTS { }`` and
  ``COLLECT { }`` subqueries (read by these same rules), and calls of the functions
  the caller allows.

Everything else — every writing clause, ``LOAD CSV``, ``USE``, ``SHOW``,
``TERMINATE`` and the other administration commands, a leading ``EXPLAIN``,
``PROFILE`` or ``CYPHER``, a second statement, hints, unknown functions and
procedures — is refused with the line and the construct.  Clause and operator words
cannot be variable or alias names (a backticked name can be anything); after ``.``,
``:`` and as map keys any word is a name.

The recogniser decides what may be sent, not what the query means: the server
still parses and plans it, and the store checks that plan (``write_reason``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from c2graph.cypher.lexer import Token

#: Clauses that write: the message says so.
WRITE_WORDS = frozenset({"CREATE", "MERGE", "SET", "DELETE", "DETACH", "NODETACH", "REMOVE",
                         "FOREACH", "INSERT", "DROP"})
#: Words that start an administration or session command.
ADMIN_WORDS = frozenset({"SHOW", "TERMINATE", "ALTER", "GRANT", "DENY", "REVOKE", "RENAME",
                         "START", "STOP", "ENABLE", "DEALLOCATE", "REALLOCATE", "DRYRUN"})
#: Words that can never be a variable, alias or function name here: every clause and
#: statement word of either engine, and the operator words.  (A name in backticks can.)
RESERVED = WRITE_WORDS | (ADMIN_WORDS - {"START", "STOP"}) | frozenset({
    "MATCH", "OPTIONAL", "WITH", "UNWIND", "RETURN", "CALL", "UNION", "WHERE", "ORDER",
    "SKIP", "OFFSET", "LIMIT", "YIELD", "USING", "LOAD", "USE", "FINISH", "EXPLAIN",
    "PROFILE", "CYPHER", "FILTER", "LET", "NEXT", "ON",
    "AND", "OR", "XOR", "NOT", "IN", "IS", "STARTS", "ENDS", "CONTAINS", "AS", "DISTINCT",
    "CASE", "WHEN", "THEN", "ELSE", "END", "NULL", "TRUE", "FALSE", "ASC", "ASCENDING",
    "DESC", "DESCENDING"})
CLAUSE_STARTS = frozenset({"MATCH", "OPTIONAL", "WITH", "UNWIND", "RETURN", "CALL", "USE"})
COMPARISONS = frozenset({"=", "<>", "!=", "<", ">", "<=", ">=", "=~"})
LIST_PREDICATES = frozenset({"ALL", "ANY", "NONE", "SINGLE"})
SUBQUERY_EXPRESSIONS = frozenset({"COUNT", "EXISTS", "COLLECT"})
#: Nesting beyond this is refused (a legitimate query needs a fraction of it).
MAX_DEPTH = 40


class Refusal(Exception):
    """The query is outside the accepted subset; ``reason`` says where and why."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


class _Backtrack(Exception):
    """A trial reading (a pattern where an expression could also stand) did not fit."""


@dataclass
class Reading:
    """What the recogniser saw: enough for callers and tests to compare with the server."""

    clauses: list[tuple[str, int]] = field(default_factory=list)   # (clause, line)
    procedures: list[tuple[str, int]] = field(default_factory=list)
    functions: list[tuple[str, int]] = field(default_factory=list)
    parameters: set[str] = field(default_factory=set)
    columns: list[str | None] = field(default_factory=list)  # the last RETURN's aliases


class Recogniser:
    """Reads one statement's tokens; ``read()`` returns a ``Reading`` or raises
    ``Refusal``.  ``allowed_function(name)`` and ``allowed_procedure(name)`` decide
    calls (names as written, namespace included)."""

    def __init__(self, tokens: list[Token], allowed_function, allowed_procedure):
        self.t = tokens
        self.i = 0
        self.depth = 0
        self.allowed_function = allowed_function
        self.allowed_procedure = allowed_procedure
        self.reading = Reading()
        self._trials: dict[tuple[str, int], tuple[int, Reading] | None] = {}

    # -- token helpers ---------------------------------------------------------------------
    def peek(self, k: int = 0) -> Token:
        return self.t[min(self.i + k, len(self.t) - 1)]

    def kw(self, *words: str, k: int = 0) -> bool:
        return self.peek(k).upper in words

    def punct(self, *ops: str, k: int = 0) -> bool:
        tok = self.peek(k)
        return tok.kind == "punct" and tok.text in ops

    def take(self) -> Token:
        tok = self.peek()
        self.i += 1
        return tok

    def refuse(self, reason: str, tok: Token | None = None):
        tok = tok or self.peek()
        raise Refusal(f"{reason} (line {tok.line})")

    def unexpected(self, wanted: str):
        tok = self.peek()
        shown = "the end of the query" if tok.kind == "eof" else f"'{tok.text}' on line {tok.line}"
        if tok.kind == "name":
            shown = f"`{tok.text}` on line {tok.line}"
        raise Refusal(f"{shown} where {wanted} should be")

    def expect_punct(self, op: str, wanted: str | None = None) -> Token:
        if not self.punct(op):
            self.unexpected(wanted or f"'{op}'")
        return self.take()

    def expect_kw(self, word: str) -> Token:
        if not self.kw(word):
            self.unexpected(word)
        return self.take()

    def nested(self, rule, *args):
        """Run a rule one level deeper; very deep nesting is refused, not recursed into."""
        self.depth += 1
        if self.depth > MAX_DEPTH:
            self.refuse(f"the query nests more than {MAX_DEPTH} levels deep")
        try:
            return rule(*args)
        finally:
            self.depth -= 1

    # -- statements and clauses ------------------------------------------------------------
    def read(self) -> Reading:
        first = self.peek()
        word = first.upper
        if word in ("EXPLAIN", "PROFILE", "CYPHER"):
            raise Refusal(f"a leading {word} is not accepted here (line {first.line});"
                          " give the query itself")
        self.query(top=True)
        if self.punct(";"):
            raise Refusal("it holds more than one statement"
                          f" (';' on line {self.peek().line})")
        if self.peek().kind != "eof":
            self.unexpected("the end of the query or a clause")
        return self.reading

    def query(self, top: bool = False) -> None:
        self.single(top)
        while self.kw("UNION"):
            self.take()
            if self.kw("ALL", "DISTINCT"):
                self.take()
            self.single(top)

    def single(self, top: bool) -> None:
        count = 0
        while not (self.peek().kind == "eof" or self.punct("}", ";") or self.kw("UNION")):
            self.clause(top)
            count += 1
        if not count:
            self.unexpected("a clause")

    def clause(self, top: bool) -> None:
        tok = self.peek()
        word = tok.upper
        if word == "MATCH":
            self.match()
        elif word == "OPTIONAL" and self.kw("MATCH", k=1):
            self.take()
            self.match(optional=True)
        elif word == "OPTIONAL" and self.kw("CALL", k=1):
            self.take()
            self.call(optional=True)
        elif word == "UNWIND":
            self.note_clause(self.take())
            self.expression()
            self.expect_kw("AS")
            self.variable()
        elif word == "WITH":
            self.note_clause(self.take())
            self.projection(final=False)
            if self.kw("WHERE"):
                self.take()
                self.expression()
        elif word == "RETURN":
            self.note_clause(self.take())
            self.projection(final=top)
        elif word == "CALL":
            self.call()
        elif word in ("ORDER", "SKIP", "OFFSET", "LIMIT"):  # Neo4j 5's clauses of their own
            self.note_clause(tok)
            self.order_skip_limit()
        else:
            self.refuse_clause(tok)

    def refuse_clause(self, tok: Token):
        """The refusal for a word that starts something other than a read clause."""
        word = tok.upper
        if word in WRITE_WORDS:
            raise Refusal(f"it writes to the database ({word} on line {tok.line})")
        if word == "LOAD":
            self.refuse("LOAD CSV reads files or URLs from the server", tok)
        if word == "USE":
            raise Refusal(f"it switches to another database (USE on line {tok.line})")
        if word in ADMIN_WORDS:
            raise Refusal(f"it is an administration command ({word} on line {tok.line})")
        if word in ("EXPLAIN", "PROFILE", "CYPHER"):
            self.refuse(f"{word} is accepted nowhere in the query", tok)
        self.unexpected("a read clause (MATCH, OPTIONAL MATCH, WITH, UNWIND, RETURN, CALL)")

    def refuse_reserved(self, tok: Token):
        """A reserved word where an expression should be: a clause word gets the
        clause's own refusal (a write hidden in an expression is still a write)."""
        if tok.upper in WRITE_WORDS | ADMIN_WORDS | {"LOAD", "USE", "EXPLAIN", "PROFILE"}:
            self.refuse_clause(tok)
        self.unexpected("an expression")

    def note_clause(self, tok: Token) -> None:
        self.reading.clauses.append((tok.upper, tok.line))

    def match(self, optional: bool = False) -> None:
        tok = self.take()
        self.reading.clauses.append(("OPTIONAL MATCH" if optional else "MATCH", tok.line))
        if self.kw("REPEATABLE") and self.kw("ELEMENTS", "ELEMENT", k=1) or \
                self.kw("DIFFERENT") and self.kw("RELATIONSHIPS", "RELATIONSHIP", k=1):
            self.take()
            self.take()
        self.pattern_list()
        if self.kw("USING"):
            self.refuse("planner hints (USING …) are not accepted")
        if self.kw("WHERE"):
            self.take()
            self.expression()

    def projection(self, final: bool) -> None:
        if self.kw("DISTINCT"):
            self.take()
        columns: list[str | None] = []
        if self.punct("*"):
            self.take()
            columns.append(None)
        else:
            columns.append(self.projection_item())
        while self.punct(","):
            self.take()
            columns.append(self.projection_item())
        self.order_skip_limit()
        if final:
            self.reading.columns = columns

    def order_skip_limit(self) -> None:
        """``ORDER BY … SKIP|OFFSET … LIMIT …``, after a projection or as a clause."""
        if self.kw("ORDER"):
            self.take()
            self.expect_kw("BY")
            self.sort_item()
            while self.punct(","):
                self.take()
                self.sort_item()
        if self.kw("SKIP", "OFFSET"):
            self.take()
            self.expression()
        if self.kw("LIMIT"):
            self.take()
            self.expression()

    def projection_item(self) -> str | None:
        self.expression()
        if self.kw("AS"):
            self.take()
            return self.variable()
        return None

    def sort_item(self) -> None:
        self.expression()
        if self.kw("ASC", "ASCENDING", "DESC", "DESCENDING"):
            self.take()

    def call(self, optional: bool = False) -> None:
        tok = self.take()  # CALL
        if self.punct("{", "("):
            self.reading.clauses.append(("CALL {}", tok.line))
            if self.punct("("):  # CALL (a, b) { … } / CALL (*) { … }
                self.take()
                if self.punct("*"):
                    self.take()
                elif not self.punct(")"):
                    self.variable()
                    while self.punct(","):
                        self.take()
                        self.variable()
                self.expect_punct(")")
            self.expect_punct("{", "'{' (a subquery)")
            self.nested(self.query)
            self.expect_punct("}", "'}' closing the subquery")
            if self.kw("IN"):
                self.refuse("CALL { … } IN TRANSACTIONS commits on its own; c2graph runs one"
                            " read-only transaction")
            return
        if optional:
            self.refuse("OPTIONAL CALL of a procedure is not accepted", tok)
        name_tok = self.peek()
        name = self.qualified_name("a procedure name")
        self.reading.clauses.append(("CALL", tok.line))
        self.reading.procedures.append((name, name_tok.line))
        if not self.allowed_procedure(name):
            from c2graph.graph.store.base import procedure_refusal

            raise Refusal(procedure_refusal(name))
        if self.punct("("):
            self.arguments(distinct=False)
        if self.kw("YIELD"):
            self.take()
            if self.punct("*"):
                self.take()
            else:
                self.yield_item()
                while self.punct(","):
                    self.take()
                    self.yield_item()
            if self.kw("WHERE"):
                self.take()
                self.expression()

    def yield_item(self) -> None:
        self.variable()
        if self.kw("AS"):
            self.take()
            self.variable()

    # -- names -----------------------------------------------------------------------------
    def variable(self) -> str:
        """A variable or alias: any backticked name, or a word that is not reserved."""
        tok = self.peek()
        if tok.kind == "name":
            self.take()
            return tok.text
        if tok.kind == "word":
            if tok.upper in RESERVED:
                self.refuse(f"'{tok.text}' cannot be a variable or alias name (it is a Cypher"
                            " keyword; put it in backticks)", tok)
            self.take()
            return tok.text
        self.unexpected("a variable name")

    def symbolic_name(self, wanted: str) -> str:
        """A name where any word is a name: property keys, labels, types, map keys."""
        tok = self.peek()
        if tok.kind in ("word", "name"):
            self.take()
            return tok.text
        self.unexpected(wanted)

    def qualified_name(self, wanted: str) -> str:
        parts = [self.symbolic_name(wanted)]
        while self.punct(".") and self.peek(1).kind in ("word", "name"):
            self.take()
            parts.append(self.take().text)
        return ".".join(parts)

    # -- patterns --------------------------------------------------------------------------
    def pattern_list(self) -> None:
        self.pattern_part()
        while self.punct(","):
            self.take()
            self.pattern_part()

    def pattern_part(self) -> None:
        if self.peek().kind in ("word", "name") and self.punct("=", k=1):
            self.variable()
            self.take()
        if self.kw("SHORTESTPATH", "ALLSHORTESTPATHS") and self.punct("(", k=1):
            self.take()
            self.take()
            self.pattern_element()
            self.expect_punct(")")
            return
        self.selector()
        self.pattern_element()

    def selector(self) -> None:
        """GQL path selectors: ANY [SHORTEST | k], ALL [SHORTEST], SHORTEST k [GROUPS]."""
        if self.kw("ANY", "ALL"):
            self.take()
            if self.kw("SHORTEST"):
                self.take()
            elif self.peek().kind == "number":
                self.take()
        elif self.kw("SHORTEST"):
            self.take()
            if self.peek().kind == "number":
                self.take()
            if self.kw("GROUP", "GROUPS"):
                self.take()
        else:
            return
        if self.kw("PATH", "PATHS"):
            self.take()

    def pattern_element(self) -> None:
        self.path_primary()
        while self.at_relationship():
            self.relationship()
            self.path_primary()

    def path_primary(self) -> None:
        if self.punct("(") and self.punct("(", k=1):  # ((a)-->(b)) quantified path pattern
            self.take()
            self.nested(self.parenthesised_path)
            self.expect_punct(")")
            self.quantifier()
        else:
            self.node_pattern()

    def parenthesised_path(self) -> None:
        if self.peek().kind in ("word", "name") and self.punct("=", k=1):
            self.variable()
            self.take()
        self.pattern_element()
        if self.kw("WHERE"):
            self.take()
            self.expression()

    def node_pattern(self) -> None:
        self.expect_punct("(", "'(' (a node pattern)")
        if self.peek().kind in ("word", "name") and not self.kw("WHERE"):
            self.variable()
        if self.punct(":"):
            self.label_expression()
        self.properties()
        if self.kw("WHERE"):
            self.take()
            self.expression()
        self.expect_punct(")", "')' closing the node pattern")

    def properties(self) -> None:
        if self.punct("{"):
            self.map_literal()
        elif self.peek().kind == "param":
            self.parameter()

    def at_relationship(self) -> bool:
        if self.punct("<") and self.punct("-", k=1):
            return self.punct("-", "[", k=2)
        return self.punct("-") and self.punct("-", "[", k=1)

    def relationship(self) -> None:
        if self.punct("<"):
            self.take()
        self.expect_punct("-")
        if self.punct("["):
            self.take()
            if self.peek().kind in ("word", "name") and not self.kw("WHERE"):
                self.variable()
            if self.punct(":"):
                self.label_expression()
            if self.punct("*"):
                self.take()
                if self.peek().kind == "number":
                    self.take()
                if self.punct(".."):
                    self.take()
                    if self.peek().kind == "number":
                        self.take()
            self.properties()
            if self.kw("WHERE"):
                self.take()
                self.expression()
            self.expect_punct("]", "']' closing the relationship pattern")
        self.expect_punct("-")
        if self.punct(">"):
            self.take()
        self.quantifier()

    def quantifier(self) -> None:
        if self.punct("+", "*"):
            self.take()
        elif self.punct("{"):
            self.take()
            if self.peek().kind == "number":
                self.take()
            if self.punct(","):
                self.take()
                if self.peek().kind == "number":
                    self.take()
            self.expect_punct("}", "'}' closing a quantifier")

    def label_expression(self) -> None:
        """``:A``, ``:A:B``, ``:A|B``, ``:A|:B``, ``:A&B``, ``:!A``, ``:%``, ``:(A|B)``."""
        self.expect_punct(":")
        self.label_or()
        while self.punct(":"):
            self.take()
            self.label_or()

    def label_or(self) -> None:
        self.label_and()
        while self.punct("|"):
            self.take()
            if self.punct(":"):
                self.take()
            self.label_and()

    def label_and(self) -> None:
        self.label_not()
        while self.punct("&"):
            self.take()
            self.label_not()

    def label_not(self) -> None:
        if self.punct("!"):
            self.take()
            self.label_not()
        elif self.punct("%"):
            self.take()
        elif self.punct("("):
            self.take()
            self.nested(self.label_or)
            self.expect_punct(")")
        else:
            self.symbolic_name("a label or relationship type")

    # -- expressions -----------------------------------------------------------------------
    def expression(self) -> None:
        self.nested(self.or_expression)

    def or_expression(self) -> None:
        self.xor_expression()
        while self.kw("OR"):
            self.take()
            self.xor_expression()

    def xor_expression(self) -> None:
        self.and_expression()
        while self.kw("XOR"):
            self.take()
            self.and_expression()

    def and_expression(self) -> None:
        self.not_expression()
        while self.kw("AND"):
            self.take()
            self.not_expression()

    def not_expression(self) -> None:
        while self.kw("NOT"):
            self.take()
        self.comparison()

    def comparison(self) -> None:
        self.predicate()
        while self.punct(*COMPARISONS):
            self.take()
            self.predicate()

    def predicate(self) -> None:
        self.additive()
        while True:
            if self.kw("STARTS", "ENDS") and self.kw("WITH", k=1):
                self.take()
                self.take()
                self.additive()
            elif self.kw("CONTAINS", "IN"):
                self.take()
                self.additive()
            elif self.kw("IS"):
                self.take()
                if self.kw("NOT"):
                    self.take()
                self.expect_kw("NULL")
            else:
                return

    def additive(self) -> None:
        self.multiplicative()
        while self.punct("+", "-", "||"):
            self.take()
            self.multiplicative()

    def multiplicative(self) -> None:
        self.power()
        while self.punct("*", "/", "%"):
            self.take()
            self.power()

    def power(self) -> None:
        self.unary()
        while self.punct("^"):
            self.take()
            self.unary()

    def unary(self) -> None:
        while self.punct("+", "-"):
            self.take()
        self.postfix()

    def postfix(self) -> None:
        self.atom()
        while True:
            if self.punct("."):
                self.take()
                self.symbolic_name("a property name")
            elif self.punct("["):
                self.take()
                if not self.punct(".."):
                    self.expression()
                if self.punct(".."):
                    self.take()
                    if not self.punct("]"):
                        self.expression()
                self.expect_punct("]")
            elif self.punct(":"):
                self.label_expression()
            else:
                return

    def atom(self) -> None:
        tok = self.peek()
        if tok.kind in ("number", "string"):
            self.take()
        elif tok.kind == "param":
            self.parameter()
        elif tok.kind == "name" and self.is_function_call():
            self.function_call()
        elif tok.kind == "name":
            self.take()
            self.map_projection_if_any()
        elif tok.kind == "punct":
            if tok.text == "(":
                self.parenthesised()
            elif tok.text == "[":
                self.list_like()
            elif tok.text == "{":
                self.map_literal()
            else:
                self.unexpected("an expression")
        elif tok.kind == "word":
            self.word_atom(tok)
        else:
            self.unexpected("an expression")

    def word_atom(self, tok: Token) -> None:
        word = tok.upper
        if word in ("NULL", "TRUE", "FALSE"):
            self.take()
        elif word == "CASE":
            self.case()
        elif word in SUBQUERY_EXPRESSIONS and self.punct("{", k=1):
            self.take()
            self.take()
            self.reading.clauses.append((f"{word} {{}}", tok.line))
            self.nested(self.subquery_body)
            self.expect_punct("}", f"'}}' closing the {word} subquery")
        elif self.is_function_call():
            self.function_call()
        elif word in RESERVED:
            self.refuse_reserved(tok)
        else:
            self.take()
            self.map_projection_if_any()

    def is_function_call(self) -> bool:
        k = 1
        while self.punct(".", k=k) and self.peek(k + 1).kind in ("word", "name"):
            k += 2
        return self.punct("(", k=k)

    def function_call(self) -> None:
        tok = self.peek()
        name = self.qualified_name("a function name")
        upper = name.upper()
        self.reading.functions.append((name, tok.line))
        if upper in RESERVED:
            self.refuse_reserved(tok)
        if upper in ("SHORTESTPATH", "ALLSHORTESTPATHS"):
            self.take()
            self.nested(self.pattern_element)
            self.expect_punct(")")
            return
        if not self.allowed_function(name):
            self.refuse(f"function {name} is not one c2graph allows (user-defined and unknown"
                        " functions are refused)", tok)
        if upper in LIST_PREDICATES:
            self.take()
            self.variable()
            self.expect_kw("IN")
            self.expression()
            if self.kw("WHERE"):
                self.take()
                self.expression()
            self.expect_punct(")")
        elif upper == "REDUCE":
            self.take()
            self.variable()
            self.expect_punct("=")
            self.expression()
            self.expect_punct(",")
            self.variable()
            self.expect_kw("IN")
            self.expression()
            self.expect_punct("|")
            self.expression()
            self.expect_punct(")")
        elif upper == "COUNT" and self.punct("*", k=1) and self.punct(")", k=2):
            self.take()
            self.take()
            self.take()
        else:
            self.arguments(distinct=True)

    def arguments(self, distinct: bool) -> None:
        self.expect_punct("(")
        if distinct and self.kw("DISTINCT"):
            self.take()
        if not self.punct(")"):
            self.expression()
            while self.punct(","):
                self.take()
                self.expression()
        self.expect_punct(")", "')' closing the arguments")

    def parameter(self) -> None:
        self.reading.parameters.add(self.take().text)

    def map_projection_if_any(self) -> None:
        """``n {.name, .*, key: expr, other}`` right after a variable."""
        if not self.punct("{"):
            return
        self.take()
        if not self.punct("}"):
            self.map_projection_item()
            while self.punct(","):
                self.take()
                self.map_projection_item()
        self.expect_punct("}", "'}' closing the map projection")

    def map_projection_item(self) -> None:
        if self.punct("."):
            self.take()
            if self.punct("*"):
                self.take()
            else:
                self.symbolic_name("a property name")
        elif self.peek().kind in ("word", "name") and self.punct(":", k=1):
            self.take()
            self.take()
            self.expression()
        else:
            self.variable()

    def map_literal(self) -> None:
        self.expect_punct("{")
        if not self.punct("}"):
            self.map_entry()
            while self.punct(","):
                self.take()
                self.map_entry()
        self.expect_punct("}", "'}' closing the map")

    def map_entry(self) -> None:
        self.symbolic_name("a map key")
        self.expect_punct(":")
        self.expression()

    def case(self) -> None:
        self.take()
        if not self.kw("WHEN"):
            self.expression()
        if not self.kw("WHEN"):
            self.unexpected("WHEN")
        while self.kw("WHEN"):
            self.take()
            self.expression()
            self.expect_kw("THEN")
            self.expression()
        if self.kw("ELSE"):
            self.take()
            self.expression()
        self.expect_kw("END")

    def subquery_body(self) -> None:
        """Inside ``COUNT { }``, ``EXISTS { }``, ``COLLECT { }``: a query, or a pattern
        with an optional WHERE."""
        if self.peek().upper in CLAUSE_STARTS | WRITE_WORDS | ADMIN_WORDS | {"LOAD"}:
            self.query()
        else:
            self.pattern_list()
            if self.kw("WHERE"):
                self.take()
                self.expression()

    def parenthesised(self) -> None:
        """``(`` starts a pattern predicate ``(a)-->(b)`` or a parenthesised expression."""
        if self.trial("pattern", self.relationships_pattern):
            return
        self.take()
        self.expression()
        self.expect_punct(")")

    def relationships_pattern(self) -> None:
        self.node_pattern()
        if not self.at_relationship():
            raise _Backtrack
        while self.at_relationship():
            self.relationship()
            self.node_pattern()

    def list_like(self) -> None:
        """``[x IN list WHERE p | e]``, ``[p = (a)-->(b) WHERE p | e]`` or ``[a, b]``."""
        if self.peek(1).kind in ("word", "name") and self.kw("IN", k=2):
            self.take()
            self.variable()
            self.take()
            self.expression()
            if self.kw("WHERE"):
                self.take()
                self.expression()
            if self.punct("|"):
                self.take()
                self.expression()
            self.expect_punct("]", "']' closing the list comprehension")
            return
        if self.trial("comprehension", self.pattern_comprehension):
            return
        self.take()
        if not self.punct("]"):
            self.expression()
            while self.punct(","):
                self.take()
                self.expression()
        self.expect_punct("]", "']' closing the list")

    def pattern_comprehension(self) -> None:
        self.take()  # [
        if self.peek().kind in ("word", "name") and self.punct("=", k=1):
            self.variable()
            self.take()
        if not self.punct("("):
            raise _Backtrack
        self.relationships_pattern()
        if self.kw("WHERE"):
            self.take()
            self.expression()
        self.expect_punct("|")
        self.expression()
        self.expect_punct("]", "']' closing the pattern comprehension")

    def trial(self, what: str, rule) -> bool:
        """Try ``rule`` at the current token; on a mismatch rewind and return False.

        Each start is tried once and its outcome kept (the end and what was read), so
        nested brackets cost linear time, not one retry per level.  A refusal met during
        the trial (say, a write inside a node pattern's map) is only a mismatch here:
        the other reading meets it again and refuses."""
        key = (what, self.i)
        if key not in self._trials:
            start, saved = self.i, self.reading
            self.reading = Reading()
            try:
                self.nested(rule)
                self._trials[key] = (self.i, self.reading)
            except (_Backtrack, Refusal):
                self._trials[key] = None
            self.i, self.reading = start, saved
        outcome = self._trials[key]
        if outcome is None:
            return False
        self.i, found = outcome
        self.reading.clauses += found.clauses
        self.reading.procedures += found.procedures
        self.reading.functions += found.functions
        self.reading.parameters |= found.parameters
        return True
