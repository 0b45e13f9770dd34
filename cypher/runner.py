"""Running canned and ad hoc Cypher on any store, read-only, with checked parameters.

The order matters: the text is checked read-only first (a tampered query file is
refused before its parameters are even looked at), then parameters, scenarios and
actor ids, then the store plans the query (``write_reason``) and runs it in its
read-only mode with a server-side timeout.  The time limit covers every engine call
on the way (``Store.time_limit``: the procedure catalogue, the look-ups of scenarios
and actors, the plan), not only the query; the row limit is pushed into the engine.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from c2graph.cypher.library import CannedQuery, load_query
from c2graph.cypher.params import QueryError, resolve, value_problem
from c2graph.cypher.readonly import check_read_only, statement
from c2graph.graph.store.statements import LOAD_TOKEN
from c2graph.graph.textsafety import not_unicode

#: Server-side time limit for canned queries, in seconds.
QUERY_TIMEOUT_S = 60.0
#: Defaults of ``c2graph cypher``: ad hoc queries can be anything, so they are bounded.
ADHOC_TIMEOUT_S = 30.0
ADHOC_ROW_LIMIT = 1000


@dataclass
class QueryRun:
    """What ran and what came back: enough to print, compare or serialise."""

    name: str                 # query name, or "cypher" for ad hoc text
    params: dict
    columns: list[str]
    rows: list[dict] = field(default_factory=list)
    truncated: bool = False


def run_query(store, query: CannedQuery | str, given: dict[str, str] | None = None,
              timeout_s: float = QUERY_TIMEOUT_S) -> QueryRun:
    """Run a canned query (by name or parsed) with text parameters from the user."""
    if isinstance(query, str):
        try:
            query = load_query(query)
        except LookupError as exc:
            raise QueryError(str(exc)) from None
    with store.time_limit(timeout_s):
        check_read_only(query.text, store.read_only_procedures,
                        where=f"query file {query.path}", engine=store.engine)
        values = resolve(query, dict(given or {}), store)
        result = store.run_read_only(statement(query.text), values,
                                     timeout_ms=_ms(timeout_s))
    columns = result.columns or list(query.returns)
    return QueryRun(query.name, values, columns, public(result.rows), result.truncated)


def run_adhoc(store, text: str, given: dict | None = None,
              timeout_s: float = ADHOC_TIMEOUT_S,
              limit: int | None = ADHOC_ROW_LIMIT) -> QueryRun:
    """Run ad hoc Cypher: read-only, every ``$parameter`` given and every given one used."""
    text = statement(text)
    if not text:
        raise QueryError("the query is empty")
    problem = not_unicode(text)
    if problem:
        raise QueryError(f"the query holds {problem}")
    given = dict(given or {})
    with store.time_limit(timeout_s):
        used = check_read_only(text, store.read_only_procedures,
                               engine=store.engine).parameters
        problems = [f"the query uses ${name} but no value was given: add -p {name} VALUE"
                    for name in sorted(used - set(given))]
        problems += [f"parameter {name!r} is not used by the query (it has:"
                     f" {', '.join('$' + u for u in sorted(used)) or 'no parameters'})"
                     for name in sorted(set(given) - used)]
        problems += [p for p in (value_problem(k, v) for k, v in sorted(given.items())) if p]
        if problems:
            raise QueryError(problems)
        result = store.run_read_only(text, given, timeout_ms=_ms(timeout_s), limit=limit)
    return QueryRun("cypher", given, result.columns, public(result.rows), result.truncated)


def public(value):
    """Result values without the store's bookkeeping: a node or relationship (or its
    ``properties()``) loses ``load_token``, which only the load's stale sweep reads."""
    if isinstance(value, list):
        return [public(v) for v in value]
    if isinstance(value, dict):
        return {k: public(v) for k, v in value.items() if k != LOAD_TOKEN}
    return value


def _ms(seconds: float | None) -> int | None:
    if seconds is None or seconds <= 0:
        return None
    return max(1, int(seconds * 1000))
