"""The dated parts of a scenario file: a superseded status, and dated events.

An analyst asks "as of" questions, so a scenario can say *when* things happened:

* ``superseded:`` — a scenario with status ``superseded`` names the date it was
  overtaken, what overtook it and the source that says so;
* ``events:`` — dated change sets (a change is announced on one date and takes effect
  on another); ``graph.timeline`` turns them into the structure on any date.

Each reader appends ``Problem`` values (``file:line: message``) like the rest of the
loader and returns checked values only.  Format: docs/dataset-format.md.
"""

from __future__ import annotations

import datetime as dt
import re

from c2graph.graph import schema
from c2graph.graph.model import Event, Origin, Problem
from c2graph.loaders.fields import FieldReader, brief, suggest, type_name
from c2graph.loaders.yamlio import line_of

DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
SUPERSEDED_FIELDS = set(schema.SUPERSEDED_FIELDS)
EVENT_FIELDS = set(schema.EVENT_FIELDS) | {"changes"}
#: Statuses that mark a hypothesis (the schema's tentative ones): such a scenario may
#: not carry dated events.
HYPOTHESES = tuple(sorted(schema.TENTATIVE_STATUSES))


def read_date(reader: FieldReader, key: str, required: bool = False) -> str | None:
    """An ISO calendar date ``YYYY-MM-DD`` (quoted or a YAML date), checked."""
    value = reader.text(key, required=required)
    if value is None:
        return None
    try:
        if not DATE_RE.match(value):
            raise ValueError
        dt.date.fromisoformat(value)
    except ValueError:
        reader.fail(key, f"{key!r} must be a date written YYYY-MM-DD, not {brief(value)}")
        return None
    return value


def _reader(raw, shown: str, line: int, problems: list[Problem]) -> FieldReader:
    return FieldReader(raw, Origin(shown, line), problems,
                       line_of=lambda key: line_of(raw, key))


def read_superseded(data: dict, shown: str, known, problems: list[Problem]) -> dict | None:
    """The scenario's ``superseded:`` block: ``{date, by, sources, note}`` or ``None``."""
    block = data.get("superseded")
    if block is None:
        return None
    line = line_of(data, "superseded")
    if not isinstance(block, dict):
        problems.append(Problem(Origin(shown, line), "'superseded' must be a mapping with"
                                                     f" date and sources, not {type_name(block)}"))
        return None
    reader = _reader(block, shown, line, problems)
    reader.unknown_keys(SUPERSEDED_FIELDS, "superseded")
    out = {"date": read_date(reader, "date", required=True),
           "by": reader.ident("by", required=False, what="scenario id"),
           "sources": reader.sources("sources", known),
           "note": reader.text("note", limit=10000)}
    return {k: v for k, v in out.items() if v is not None} if reader.ok else None


def check_status(spec: dict, reader: FieldReader, has_events: bool) -> None:
    """Status and dated parts must agree: a superseded scenario says when and why, and
    speculation (proposed, possible, superseded) is never written as dated facts."""
    status = spec.get("status")
    if status == "superseded" and not spec.get("superseded") and "superseded" not in reader.raw:
        reader.fail("status", "a superseded scenario needs a 'superseded:' block with the"
                              " date, the source and (in 'by') the scenario that overtook it")
    if spec.get("superseded") and status not in (None, "superseded"):
        reader.fail("superseded", f"'superseded' is only for status superseded, not {status}")
    if has_events and status in HYPOTHESES:
        reader.fail("events", f"a {status} scenario cannot list dated events: speculation is"
                              " kept in 'changes', dated facts in established or announced"
                              " scenarios")
    if has_events and reader.raw.get("changes"):
        reader.fail("changes", "a scenario lists either 'changes' (undated) or 'events'"
                               " (dated), not both: put the changes in an event")


def read_events(data: dict, shown: str, known, problems: list[Problem],
                read_changes) -> list[Event]:
    """The scenario's ``events:`` list, in file order, which must be chronological.

    ``read_changes(block, shown, known, problems)`` reads an event's ``changes:`` as
    the scenario's own are read, so both are refused with the same words.
    """
    items = data.get("events")
    if items is None:
        return []
    if not isinstance(items, list):
        problems.append(Problem(Origin(shown, line_of(data, "events")),
                                "'events' must be a list"))
        return []
    events: list[Event] = []
    seen: dict[str, Origin] = {}
    for i, raw in enumerate(items):
        line = line_of(items, index=i)
        if not isinstance(raw, dict):
            problems.append(Problem(Origin(shown, line), "each event must be a mapping of"
                                                         f" keys, not {type_name(raw)}"))
            continue
        reader = _reader(raw, shown, line, problems)
        reader.unknown_keys(EVENT_FIELDS, "event")
        eid = reader.ident("id", what="event id")
        title = reader.text("title", required=True)
        announced = read_date(reader, "announced")
        effective = read_date(reader, "effective")
        sources = reader.sources("sources", known)
        note = reader.text("note", limit=10000)
        if reader.ok and not (announced or effective):
            reader.fail(None, f"event {eid!r} needs a date: 'announced', 'effective' or both")
        if announced and effective and effective < announced:
            reader.fail("effective", f"event {eid!r} takes effect ({effective}) before it"
                                     f" is announced ({announced})")
        if eid in seen:
            reader.fail("id", f"duplicate event id {eid!r} (first at {seen[eid]})")
        block = raw.get("changes") or {}
        if not isinstance(block, dict):
            reader.fail("changes", "'changes' must be a mapping of change lists")
            block = {}
        changes = read_changes(block, shown, known, problems)
        if not reader.ok:
            continue
        seen[eid] = reader.origin
        event = Event(id=eid, title=title, announced=announced, effective=effective,
                      sources=sources, note=note, changes=changes, origin=reader.origin)
        if events and event.sort_date < events[-1].sort_date:
            problems.append(Problem(event.origin, f"event {eid!r} ({event.sort_date}) is"
                                                  f" listed after {events[-1].id!r}"
                                                  f" ({events[-1].sort_date}): list events"
                                                  " in date order"))
        events.append(event)
    return events


def is_dated(spec: dict) -> bool:
    """A scenario whose content is dated facts: the root, or one made only of events."""
    return spec.get("status") not in HYPOTHESES and not any(spec["changes"].values())


def build_timelines(scenarios: dict, specs: dict, problems: list[Problem],
                    reported: set[str]) -> dict:
    """Give every dated scenario its timeline; return the dated states to store.

    A scenario is dated when it and all its bases are (``is_dated``) and the root has a
    date.  Its timeline has an entry for the root's date and for each date on which one
    of its (or its bases') events takes effect: the stored graph holding the structure
    then in effect.  That graph is the root before any event, a scenario when exactly
    its events (and its bases') are in effect, otherwise a dated state ``ID@DATE`` built
    here and checked like any scenario, so the dataset is consistent on every date.
    """
    from c2graph.graph.model import Scenario

    root = next((s for s in scenarios.values() if s.base is None), None)
    if root is None:
        return {}
    any_events = any(spec.get("events") for spec in specs.values())
    if not any_events:  # nothing is dated: no timeline (a root's date alone says nothing)
        return {}
    if not root.date:
        problems.append(Problem(root.origin, f"root scenario {root.id!r} needs a 'date'"
                                             " (the date its facts describe): other"
                                             " scenarios list dated events"))
        return {}
    if not DATE_RE.match(root.date):
        problems.append(Problem(root.origin, f"root scenario {root.id!r}: 'date' must be"
                                             f" written YYYY-MM-DD, not {brief(root.date)}"
                                             " (dated events are counted from it)"))
        return {}
    lineages: dict[str, list] = {root.id: [root]}
    for sid, scenario in scenarios.items():  # bases come first
        if scenario.base in lineages and is_dated(specs[sid]):
            lineages[sid] = lineages[scenario.base] + [scenario]
    for event in (e for s in scenarios.values() for e in s.events):
        if event.effective and event.effective <= root.date:
            problems.append(Problem(event.origin, f"event {event.id!r} takes effect on"
                                                  f" {event.effective}, not after {root.date},"
                                                  f" the date of root scenario {root.id!r}:"
                                                  " a fact in effect by then belongs in the"
                                                  " root's files"))
    if problems:
        return {}
    snapshots: dict[str, Scenario] = {}
    for sid, lineage in lineages.items():
        events = [e for member in lineage[1:] for e in member.events]
        days = sorted({root.date} | {e.effective for e in events if e.effective})
        timeline = []
        for day in days:
            applied = [e for e in events if e.effective and e.effective <= day]
            graph = _state(lineage, applied, scenarios, snapshots, problems, reported)
            timeline.append((day, graph))
        scenario = scenarios[sid]
        scenario.timeline = tuple(timeline)
        scenario.event_log = tuple(events)
    return snapshots


def _state(lineage: list, applied: list, scenarios: dict, snapshots: dict,
           problems: list[Problem], reported: set[str]) -> str:
    """Id of the stored graph holding ``lineage``'s structure with ``applied`` in effect
    (building and checking it when no scenario is exactly that)."""
    from dataclasses import replace as _replace

    from c2graph.loaders.scenarios import apply_change_set, new_problems, structural_problems

    root = lineage[0]
    if not applied:
        return root.id
    owners = {e.id: i for i, member in enumerate(lineage) for e in member.events}
    depth = max(owners[e.id] for e in applied)
    owner = lineage[depth]
    everything = [e for member in lineage[1:depth + 1] for e in member.events]
    if [e.id for e in applied] == [e.id for e in everything]:
        return owner.id
    day = max(e.effective for e in applied)
    sid = f"{owner.id}@{day}"
    if sid in snapshots:
        return sid
    actors, rels = dict(root.actors), dict(root.relationships)
    for event in applied:
        apply_change_set(sid, root.id, actors, rels, event.changes, problems)
    title_ja = f"{owner.title_ja}（{day}時点）" if owner.title_ja else None
    state = _replace(owner, id=sid, title=f"{owner.title} (in effect on {day})", title_ja=title_ja,
                     status="established", date=day, actors=actors, relationships=rels,
                     events=(), superseded=None, timeline=(), event_log=(),
                     snapshot_of=owner.id,
                     description=f"The structure of {owner.id} in effect on {day}: its"
                                 " events (and its bases') that have taken effect by then."
                                 " Announced changes not yet in effect are not drawn.",
                     description_ja=f"{owner.id}の{day}時点で効力のある構造。その日までに効力を"
                                    "生じた事象（基のシナリオのものを含む）を反映し、発表済みで"
                                    "未発効の変更は描かない。")
    problems.extend(new_problems(sid, structural_problems(state), reported))
    snapshots[sid] = state
    return sid


__all__ = ["DATE_RE", "HYPOTHESES", "build_timelines", "check_status", "is_dated", "read_date", "read_events",
           "read_superseded", "suggest"]
