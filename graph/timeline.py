"""The structure on a date: which stored graph answers "as of DATE", and what is pending.

A dated scenario (one made of dated events, see docs/dataset-format.md) is stored with
its *timeline*: from each date on which something takes effect, the id of the stored
graph that holds the structure then in effect (the root scenario before any event,
another scenario when its events are all in effect, else a stored dated state such as
``usfj-jfhq@2025-03-30``), plus the record of its events.  ``as_of`` reads that
metadata and picks the graph: every command that takes ``--as-of`` calls it, so the
query, the chain, the view and the export of a date agree.

The rule, for a date D:

* in effect: the events whose ``effective`` date is on or before D (their changes are
  in the graph picked);
* pending: the events announced on or before D that are not in effect on D (shown as
  such, never drawn as structure);
* nothing announced after D is known on D.

Speculation (proposed, possible, superseded scenarios) has no dates, so it has no
structure "as of" a date: asking for one is an error that names the dated scenarios.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field

from c2graph.graph.schema import TENTATIVE_STATUSES

#: Speculation: statuses whose scenarios have no dated structure.
HYPOTHESES = TENTATIVE_STATUSES


class AsOfError(ValueError):
    """A date or scenario that has no dated structure; the message says why."""


@dataclass(frozen=True)
class AsOf:
    """The answer for one scenario on one date."""

    scenario: str          #: the scenario asked about
    date: str              #: the date asked about (YYYY-MM-DD)
    graph: str             #: id of the stored graph holding the structure in effect
    since: str             #: the date that structure took effect
    in_effect: tuple[dict, ...] = field(default=())   #: event records in effect on date
    pending: tuple[dict, ...] = field(default=())     #: announced, not in effect on date
    title: str | None = None      #: the scenario's own title (not the stored graph's)
    title_ja: str | None = None

    def summary(self) -> str:
        """One line for the top of an answer: what the structure is and what is pending."""
        text = f"{self.scenario} as of {self.date} (structure in effect since {self.since})"
        if self.pending:
            items = "; ".join(f"{e['title']} (announced {e['announced']}"
                              + (f", takes effect {e['effective']})" if e.get("effective")
                                 else ", no date in effect)")
                              for e in self.pending)
            text += f"; announced, not in effect: {items}"
        return text


def check_date(text: str) -> str:
    """``text`` as an ISO date, or ``AsOfError``."""
    try:
        day = dt.date.fromisoformat(text)
    except (TypeError, ValueError):
        raise AsOfError(f"--as-of needs a date written YYYY-MM-DD, not {text!r}") from None
    return day.isoformat()


def timeline_of(meta: dict) -> list[tuple[str, str]]:
    """``(date, graph id)`` pairs from a scenario's stored metadata, oldest first."""
    pairs = []
    for item in meta.get("timeline") or []:
        day, _, sid = str(item).partition("=")
        pairs.append((day, sid))
    return sorted(pairs)


def events_of(meta: dict) -> list[dict]:
    """The event records stored with a dated scenario."""
    return [json.loads(text) for text in meta.get("events") or []]


def as_of(scenario: str, meta: dict, date: str) -> AsOf:
    """Which stored graph holds ``scenario``'s structure on ``date``, and what is pending.

    ``meta`` is the scenario's metadata (a store's ``require_scenario`` or a model
    ``Scenario.properties()``).  Raises ``AsOfError`` for a hypothesis, an undated
    scenario or a date before the first the dataset describes.
    """
    date = check_date(date)
    timeline = timeline_of(meta)
    if not timeline:
        status = meta.get("status")
        if status in HYPOTHESES:
            raise AsOfError(f"scenario {scenario!r} is a {status} hypothesis, not dated facts:"
                            " it has no structure 'as of' a date (show it without --as-of,"
                            " or pick a dated scenario: 'c2graph scenarios' lists their"
                            " dates)")
        raise AsOfError(f"scenario {scenario!r} has no dated events and no date: it cannot"
                        " be shown as of a date")
    first = timeline[0][0]
    if date < first:
        raise AsOfError(f"{date} is before {first}, the earliest date scenario {scenario!r}"
                        " describes")
    since, graph = [pair for pair in timeline if pair[0] <= date][-1]
    events = events_of(meta)
    in_effect = tuple(e for e in events if e.get("effective") and e["effective"] <= date)
    pending = tuple(e for e in events if e.get("announced") and e["announced"] <= date
                    and e not in in_effect)
    return AsOf(scenario, date, graph, since, in_effect, pending, meta.get("title"),
                meta.get("title_ja"))


def default_dated(metas: dict[str, dict]) -> str:
    """The scenario ``--as-of`` shows when none is named: the one dated timeline.

    Dated scenarios form a tree (each continues its base); the default is its only
    leaf, the scenario that carries every dated fact.  Several leaves: name one.
    """
    dated = {sid: m for sid, m in metas.items() if m.get("timeline") and not m.get("snapshot_of")}
    bases = {m.get("base") for m in dated.values()}
    leaves = sorted(sid for sid in dated if sid not in bases)
    if len(leaves) == 1:
        return leaves[0]
    if not leaves:
        raise AsOfError("no dated scenario is loaded: --as-of needs a scenario with a date"
                        " or dated events ('c2graph load' the dataset again)")
    raise AsOfError(f"several dated timelines ({', '.join(leaves)}): choose one with"
                    " --scenario")


def label_graph(g, answer: AsOf) -> None:
    """Name a graph read for ``--as-of`` after the date it shows, in its metadata (the
    title and description every chart and page prints, the id the page lists): the
    title says the date and lists what was announced but is not in effect, since the
    chart draws only what is.  ``as_of`` (the date) and ``state`` (the stored graph the
    structure was read from, whose sources it cites) are added."""
    g.graph.update({
        "as_of": answer.date,
        "state": answer.graph,
        "id": f"{answer.scenario}-as-of-{answer.date}",  # a valid scenario id: reloadable
        "title": f"{answer.title or answer.scenario} — as of {answer.date}" + (
            " · announced, not in effect: " + "; ".join(e["title"] for e in answer.pending)
            if answer.pending else ""),
        "date": answer.date,
        "description": answer.summary() + ". " + (g.graph.get("description") or ""),
    })
    if answer.title_ja:
        g.graph["title_ja"] = f"{answer.title_ja}（{answer.date}時点）" + (
            "・発表済み未発効：" + "；".join(e["title"] for e in answer.pending)
            if answer.pending else "")
    if g.graph.get("description_ja"):
        g.graph["description_ja"] = (f"{answer.date}時点の構造（{answer.since}以降に効力）。発表済みで"
                                     f"未発効の変更は描いていない。{g.graph['description_ja']}")
