"""Checking query parameters before anything runs, with "did you mean" hints.

Values arrive as text from the command line.  A scenario left out whose default is
``root`` is the store's root scenario.  Each value is checked against its declared
kind: scenarios must be loaded (``store.require_scenario``), actor ids must exist in
the scenarios the query reads (suggestions come from ids *and* names, so
``-p post INDOPACOM`` points at ``us.indopacom``), integers must parse and authorities
must be in the vocabulary.  Every problem is reported at once.
"""

from __future__ import annotations

import difflib
import json
import math

from c2graph.cypher.library import ROOT, CannedQuery, Param
from c2graph.graph.schema import AUTHORITIES
from c2graph.graph.textsafety import not_unicode

FOUND_ACTORS = ("UNWIND $scenarios AS s UNWIND $ids AS i "
                "MATCH (n:Actor {scenario: s, id: i}) RETURN DISTINCT n.id AS id")
ELSEWHERE = ("MATCH (n:Actor {id: $id}) WHERE NOT n.scenario IN $scenarios "
             "RETURN DISTINCT n.scenario AS scenario ORDER BY scenario")
ACTORS_OF = ("MATCH (n:Actor) WHERE n.scenario IN $scenarios "
             "RETURN DISTINCT n.id AS id, n.name_en AS name_en, n.short AS short, "
             "n.name_ja AS name_ja")


#: Both engines store 64-bit signed integers: a larger Python int would wrap (FalkorDB)
#: or fail in the driver (Neo4j), so it is refused before it is sent.
INT64_MIN, INT64_MAX = -(2 ** 63), 2 ** 63 - 1
#: A value nested deeper than this is not a query parameter anyone means.
MAX_VALUE_DEPTH = 32


class QueryError(Exception):
    """Bad input to a query: one message per problem, exit code 2."""

    exit_code = 2

    def __init__(self, messages):
        self.messages = [messages] if isinstance(messages, str) else list(messages)
        super().__init__("\n".join(self.messages))


def resolve(query: CannedQuery, given: dict[str, str], store) -> dict:
    """The parameters to send: given values checked and converted, defaults filled in."""
    from c2graph.graph.suggest import suggest

    names = [p.name for p in query.params]
    problems = []
    for key in given:
        if key not in names:
            listed = ", ".join(names) or "none"
            problems.append(f"query {query.name!r} has no parameter {key!r}"
                            f"{suggest(key, names)}; its parameters: {listed}")
    for p in query.params:
        if p.required and p.name not in given:
            problems.append(f"query {query.name!r} needs parameter {p.name!r}"
                            f" ({p.description}): add -p {p.name} VALUE")
    problems += [problem for problem in (value_problem(k, v) for k, v in given.items())
                 if problem]
    if problems:
        raise QueryError(problems)

    raw = {p.name: given.get(p.name, p.default) for p in query.params}
    for p in query.params:
        if p.kind == "scenario" and p.name not in given and p.default == ROOT:
            raw[p.name] = store.root_scenario()
    values: dict = {}
    for p in query.params:
        try:
            values[p.name] = convert(p, raw[p.name])
        except ValueError as exc:
            problems.append(str(exc))
    if problems:
        raise QueryError(problems)

    scenarios = [values[p.name] for p in query.params if p.kind == "scenario"]
    for sid in scenarios:
        store.require_scenario(sid)  # UnknownScenario: exit 2 with a suggestion
    actor_params = [p for p in query.params if p.kind == "actor"]
    if actor_params:
        wanted = sorted({values[p.name] for p in actor_params})
        found = {row["id"] for row in store.run_read(FOUND_ACTORS, {"scenarios": scenarios,
                                                                    "ids": wanted})}
        missing = [p for p in actor_params if values[p.name] not in found]
        catalogue = store.run_read(ACTORS_OF, {"scenarios": scenarios}) if missing else []
        where = " or ".join(repr(s) for s in dict.fromkeys(scenarios))
        for p in missing:
            value = values[p.name]
            hint = suggest_actor(value, catalogue)
            if not hint:
                elsewhere = [r["scenario"] for r in store.run_read(  # not dated states:
                    ELSEWHERE, {"id": value, "scenarios": scenarios})  # ID@DATE (timeline)
                             if "@" not in r["scenario"]]
                if elsewhere:
                    hint = f" (it is in scenarios {', '.join(elsewhere)})"
            problems.append(f"unknown actor {value!r} in scenario {where}{hint}")
    if problems:
        raise QueryError(problems)
    return values


class OutOfRange(ValueError):
    """An integer no engine stores."""


def _range_error(name: str, digits: int) -> OutOfRange:
    return OutOfRange(f"parameter {name!r}: a {digits}-digit integer is outside the 64-bit"
                      f" range the databases store ({INT64_MIN} to {INT64_MAX})")


def int64(name: str, text: str) -> int:
    """Integer text as an int both engines store, or ``ValueError`` saying why not.  Text
    longer than any 64-bit number is refused unconverted (past 4,300 digits Python's
    ``int()`` itself raises)."""
    digits = text.strip().lstrip("+-").replace("_", "")
    if len(digits) > 19 and digits.isdigit():
        raise _range_error(name, len(digits))
    value = int(text)
    if not INT64_MIN <= value <= INT64_MAX:
        raise _range_error(name, len(digits))
    return value


def value_problem(name: str, value, depth: int = 0) -> str | None:
    """Why ``value`` cannot be sent as parameter ``name`` to either engine, or ``None``:
    an integer outside 64 bits, a float that is not finite, nesting too deep, text
    that is not Unicode (``not_unicode``: a byte the command line could not decode),
    checked through lists and maps.  ``run_adhoc`` checks every given value with it,
    ``resolve`` every text given to a canned query."""
    if isinstance(value, str):
        problem = not_unicode(value)
        return f"parameter {name!r} holds {problem}" if problem else None
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int):
        if not INT64_MIN <= value <= INT64_MAX:
            return str(_range_error(name, len(str(abs(value))) if value.bit_length() < 14000
                                    else 4300))
        return None
    if isinstance(value, float):
        return None if math.isfinite(value) else \
            f"parameter {name!r}: {value} is not a number the databases store"
    if depth >= MAX_VALUE_DEPTH:
        return f"parameter {name!r} is nested deeper than {MAX_VALUE_DEPTH} levels"
    items = list(value.values()) if isinstance(value, dict) else value
    if isinstance(value, dict):
        items = [str(k) for k in value] + items  # a map's keys are sent as text too
    for item in items:
        problem = value_problem(name, item, depth + 1)
        if problem:
            return problem
    return None


class _NotJson(Exception):
    """``NaN`` / ``Infinity``: Python's json reads them, JSON does not have them."""


def adhoc_value(name: str, text: str):
    """A ``-p`` value for ad hoc Cypher: JSON when it reads as a JSON number, boolean,
    null, list or object; otherwise the text itself.  ``ValueError`` for a value no
    engine stores (``int64``, ``value_problem``)."""
    def constant(word: str):
        raise _NotJson(word)

    try:
        value = json.loads(text, parse_int=lambda digits: int64(name, digits),
                           parse_constant=constant)
    except (_NotJson, json.JSONDecodeError):
        return text
    except RecursionError:
        raise ValueError(f"parameter {name!r} is nested deeper than {MAX_VALUE_DEPTH}"
                         " levels") from None
    problem = value_problem(name, value)
    if problem:
        raise ValueError(problem)
    return value


def convert(param: Param, value):
    """A text value as the kind the query expects; ``ValueError`` explains a bad one."""
    if value is None:
        return None
    text = str(value).strip()
    if param.kind == "integer":
        try:
            return int64(param.name, text)
        except OutOfRange:
            raise
        except ValueError:
            raise ValueError(f"parameter {param.name!r} must be an integer, not"
                             f" {text[:40]!r}") from None
    if param.kind == "authority":
        choices = list(AUTHORITIES) + ["any"]
        if text.upper() in AUTHORITIES:
            return text.upper()
        if text.lower() == "any":
            return "any"
        from c2graph.graph.suggest import suggest

        raise ValueError(f"parameter {param.name!r}: unknown authority {text!r}"
                         f"{suggest(text.upper(), choices)}; expected one of"
                         f" {', '.join(choices)}")
    return text


def suggest_actor(value: str, catalogue: list[dict]) -> str:
    """' (did you mean 'us.indopacom' U.S. Indo-Pacific Command?)' from ids and names."""
    want = value.strip().lower()
    names = {}
    for row in catalogue:
        for key in ("id", "short", "name_en", "name_ja"):
            if row.get(key):
                names.setdefault(str(row[key]).lower(), row)
    hits: list[dict] = []
    if want in names:                                    # a short name or full name
        hits.append(names[want])
    if len(want) >= 3:                                   # part of a name or id
        hits.extend(row for key, row in sorted(names.items()) if want in key)
    hits.extend(names[k] for k in difflib.get_close_matches(want, list(names), n=2,
                                                            cutoff=0.7))
    unique = list({row["id"]: row for row in hits}.values())[:3]
    if not unique:
        return ""
    shown = " or ".join(f"{row['id']!r} ({row['name_en']})" for row in unique)
    return f" (did you mean {shown}?)"
