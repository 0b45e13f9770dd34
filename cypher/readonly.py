"""The one gate every user-supplied query passes before it reaches a database.

Canned queries (``cypher/queries``, folders on ``C2GRAPH_QUERY_PATH``) and ad hoc
``c2graph cypher`` text are read-only, and anyone who can write a query file or type a
query is treated as hostile.  Three layers stop a write or a reach outside the graph,
so that no single mistake lets one through:

1. this module, ``check_read_only``: an **allowlist**.  ``cypher.lexer`` cuts the text
   exactly as the engines do (refusing where they would disagree), and
   ``cypher.recogniser`` accepts only the read clauses, the functions listed here per
   engine and the procedures the store allows; everything else is refused with its line;
2. the store's ``write_reason``: the server's own plan (Neo4j ``EXPLAIN``: query type
   ``r`` and only read operators, their details and nested plans included; FalkorDB
   ``GRAPH.EXPLAIN``: only read operators);
3. the store's read-only execution: ``GRAPH.RO_QUERY`` on FalkorDB, a READ transaction
   that is always rolled back on Neo4j.

Every caller (the CLI's ``cypher``, the canned query runner, any later explorer) goes
through ``check_read_only``: there is exactly one allowlist.
"""

from __future__ import annotations

from c2graph.cypher.lexer import CypherSyntaxError, Token, tokenize
from c2graph.cypher.recogniser import Reading, Recogniser, Refusal
from c2graph.graph.store.base import ReadOnlyRefused

__all__ = ["CypherSyntaxError", "Reading", "Token", "FUNCTIONS", "check_read_only",
           "parameters", "statement", "tokenize"]

#: Built-in functions both engines have.
_COMMON = """
abs acos all any asin atan atan2 avg ceil coalesce collect cos cot count date degrees
duration e endNode exists exp floor haversin head id keys labels last left length
localdatetime localtime log log10 ltrim max min nodes none percentileCont percentileDisc
pi point properties radians rand range reduce relationships replace reverse right round
rtrim sign sin single size split sqrt startNode stDev stDevP substring sum tail tan
timestamp toBoolean toBooleanList toBooleanOrNull toFloat toFloatList toFloatOrNull
toInteger toIntegerList toIntegerOrNull toLower toString toStringList toStringOrNull
toUpper trim type
""".split()

#: Functions a query may call, per engine (``Store.engine``); compared without case, as
#: both engines resolve function names.  Neo4j's are its built-ins (``SHOW FUNCTIONS``,
#: 5.26) but ``file``/``linenumber`` (LOAD CSV only) and ``graph.byName``/
#: ``graph.byElementId`` (composite databases); FalkorDB's are its documented ones, not
#: the operators it also lists (``add``, ``eq`` …).  A user-defined function (APOC or a
#: plugin) is never listed: it can run anything.
FUNCTIONS = {
    "neo4j": frozenset(_COMMON + """
btrim char_length character_length date.realtime date.statement date.transaction
date.truncate datetime datetime.fromepoch datetime.fromepochmillis datetime.realtime
datetime.statement datetime.transaction datetime.truncate duration.between
duration.inDays duration.inMonths duration.inSeconds elementId isEmpty isNaN
localdatetime.realtime localdatetime.statement localdatetime.transaction
localdatetime.truncate localtime.realtime localtime.statement localtime.transaction
localtime.truncate lower normalize nullIf point.distance point.withinBBox randomUUID stdev
stdevp time time.realtime time.statement time.transaction time.truncate upper valueType
vector.similarity.cosine vector.similarity.euclidean
""".split()),
    "falkordb-embedded": frozenset(_COMMON + """
date.transaction distance hasLabels indegree isEmpty list.dedup list.insert
list.insertListElements list.remove list.sort localdatetime.transaction
localtime.transaction outdegree pow randomUUID string.join string.matchRegEx
string.replaceRegEx toJSON typeOf vec.cosineDistance vec.euclideanDistance vecf32
""".split()),
}
#: Longer text is refused unread (a canned query file is limited to less already).
MAX_QUERY_CHARS = 1_000_000
#: An engine not named above gets only what every engine has.
_ANY_ENGINE = frozenset.intersection(*FUNCTIONS.values())


def statement(text: str) -> str:
    """The query with surrounding blanks and one trailing ``;`` removed."""
    text = text.strip()
    return text[:-1].rstrip() if text.endswith(";") else text


def parameters(text: str, engine: str | None = None) -> set[str]:
    """The ``$parameters`` a query uses (as the engines' lexers see them)."""
    return {t.text for t in tokenize(text, engine) if t.kind == "param"}


def check_read_only(text: str, allowed_procedures, where: str = "",
                    engine: str | None = None) -> Reading:
    """Return what the query reads, or raise ``ReadOnlyRefused`` naming the line and the
    construct that is not read-only Cypher c2graph accepts.

    ``allowed_procedures``: the procedure names this store lets a query call (a set, or
    a callable returning one, asked only if the query calls a procedure; see
    ``Store.read_only_procedures``).  ``engine``: ``Store.engine``, which picks the
    function list and the lexical rules; ``None`` accepts only what every engine reads
    the same way.  ``where`` prefixes the reason, e.g. the path of a query file.
    """
    prefix = f"{where}: " if where else ""
    if len(text) > MAX_QUERY_CHARS:
        raise ReadOnlyRefused(f"{prefix}the query is longer than {MAX_QUERY_CHARS:,} characters")
    try:
        tokens = tokenize(statement(text), engine)
    except CypherSyntaxError as exc:
        raise ReadOnlyRefused(f"{prefix}cannot read the query safely: {exc}") from None
    functions = {f.lower() for f in FUNCTIONS.get(engine, _ANY_ENGINE)}
    procedures: list[set[str]] = []

    def allowed_procedure(name: str) -> bool:
        if not procedures:
            given = allowed_procedures() if callable(allowed_procedures) else allowed_procedures
            procedures.append({p.lower() for p in given})
        return name.lower() in procedures[0]

    recogniser = Recogniser(tokens, lambda name: name.lower() in functions, allowed_procedure)
    try:
        reading = recogniser.read()
    except Refusal as exc:
        raise ReadOnlyRefused(prefix + exc.reason) from None
    except RecursionError:
        raise ReadOnlyRefused(f"{prefix}the query nests too deeply to be checked") from None
    reading.parameters = {t.text for t in tokens if t.kind == "param"}
    return reading
