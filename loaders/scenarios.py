"""Materialising scenarios: a base plus a list of changes gives a complete graph.

A scenario never stores a diff in the database: every scenario is written as a full,
self-consistent copy, so queries anchor on one scenario and diffs compare by id.
The changes are applied here, in a fixed order, and each one that contradicts its
base (removing something absent, adding something present) is a problem at its line.
"""

from __future__ import annotations

from dataclasses import replace

from c2graph.graph.model import Origin, Problem, Relationship, Scenario
from c2graph.graph.rules import scenario_problems
from c2graph.graph.schema import relationship_id

CHANGE_ORDER = ("remove_relationships", "remove_actors", "add_actors", "update_actors",
                "add_relationships", "update_relationships")


def order_scenarios(specs: dict[str, dict], problems: list[Problem]) -> list[str]:
    """Scenario ids with every base before its children; unknown or cyclic bases are problems."""
    roots = [sid for sid, s in specs.items() if not s["base"]]
    if len(roots) > 1:
        for sid in roots[1:]:
            problems.append(Problem(specs[sid]["origin"],
                                    f"scenario {sid!r} has no base, but {roots[0]!r} is already"
                                    " the root scenario (only one may have no base)"))
    ordered: list[str] = []
    state: dict[str, str] = {}

    def visit(sid: str, trail: list[str]) -> bool:
        if state.get(sid) == "done":
            return True
        if state.get(sid) == "visiting":
            cycle = " -> ".join(trail[trail.index(sid):] + [sid])
            problems.append(Problem(specs[sid]["origin"], f"scenario base cycle: {cycle}"))
            return False
        state[sid] = "visiting"
        base = specs[sid]["base"]
        ok = True
        if base:
            if base not in specs:
                from c2graph.loaders.fields import suggest
                problems.append(Problem(specs[sid]["base_origin"],
                                        f"scenario {sid!r}: unknown base {base!r}"
                                        f"{suggest(base, specs)}"))
                ok = False
            else:
                ok = visit(base, trail + [sid])
        state[sid] = "done"
        if ok:
            ordered.append(sid)
        return ok

    for sid in specs:
        visit(sid, [])
    return ordered


def apply_changes(base: Scenario, spec: dict, problems: list[Problem]) -> Scenario:
    """A new scenario: ``base`` with the changes of ``spec`` applied, problems recorded.

    A dated scenario's changes are those of its events, applied in their (date) order.
    """
    actors = dict(base.actors)
    rels = dict(base.relationships)
    sid = spec["id"]
    apply_change_set(sid, base.id, actors, rels, spec["changes"], problems)
    for event in spec.get("events", ()):
        apply_change_set(sid, base.id, actors, rels, event.changes, problems)
    return Scenario(id=sid, title=spec["title"], status=spec["status"],
                    sources=spec["sources"], base=spec["base"], date=spec["date"],
                    description=spec["description"], title_ja=spec.get("title_ja"),
                    description_ja=spec.get("description_ja"), actors=actors,
                    relationships=rels, origin=spec["origin"],
                    superseded=spec.get("superseded"), events=tuple(spec.get("events", ())))


def apply_change_set(sid: str, base_id: str, actors: dict, rels: dict, changes: dict,
                     problems: list[Problem]) -> None:
    """Apply one set of changes (a scenario's or an event's) to ``actors`` and ``rels``."""
    for key, origin in changes.get("remove_relationships", []):
        rid = relationship_id(key["source"], key["type"], key["target"])
        if rid not in rels:
            problems.append(Problem(origin, f"scenario {sid!r}: cannot remove {rid}: base"
                                            f" {base_id!r} has no such relationship"))
        rels.pop(rid, None)
    for actor_id, origin in changes.get("remove_actors", []):
        if actor_id not in actors:
            problems.append(Problem(origin, f"scenario {sid!r}: cannot remove actor"
                                            f" {actor_id!r}: base {base_id!r} has no such actor"))
            continue
        del actors[actor_id]
        for rid in [r for r, rel in rels.items() if actor_id in (rel.source, rel.target)]:
            del rels[rid]
    for actor in changes.get("add_actors", []):
        if actor.id in actors:
            problems.append(Problem(actor.origin, f"scenario {sid!r}: cannot add actor"
                                                  f" {actor.id!r}: it already exists in the base"
                                                  " (use update_actors)"))
            continue
        actors[actor.id] = actor
    for fields, origin in changes.get("update_actors", []):
        actor_id = fields["id"]
        if actor_id not in actors:
            problems.append(Problem(origin, f"scenario {sid!r}: cannot update actor"
                                            f" {actor_id!r}: no such actor"))
            continue
        updated = {k: v for k, v in fields.items() if k != "id"}
        actors[actor_id] = replace(actors[actor_id], origin=origin, **updated)
    for rel in changes.get("add_relationships", []):
        if rel.id in rels:
            problems.append(Problem(rel.origin, f"scenario {sid!r}: cannot add {rel.id}: it"
                                                " already exists (use update_relationships)"))
            continue
        rels[rel.id] = rel
    for fields, origin in changes.get("update_relationships", []):
        rid = relationship_id(fields["source"], fields["type"], fields["target"])
        if rid not in rels:
            problems.append(Problem(origin, f"scenario {sid!r}: cannot update {rid}:"
                                            " no such relationship"))
            continue
        updated = {k: v for k, v in fields.items() if k not in ("source", "type", "target")}
        rels[rid] = replace(rels[rid], origin=origin, **updated)


#: In ``broken``: an actor file could not be read at all, so any unknown endpoint may
#: be one of its actors (not a valid id, so never an actor's own).
UNREADABLE = "*"


def structural_problems(scenario: Scenario, broken: frozenset = frozenset()) -> list[Problem]:
    """Dangling endpoints, then (only when none) the whole-graph rules.

    ``broken`` holds ids of actors that were refused for their own problems: lines to
    them are not reported again as dangling.  With ``UNREADABLE`` in it, no endpoint
    is reported as dangling: the file that would define it was already reported.
    """
    problems = []
    unreadable = UNREADABLE in broken
    for rel in list(scenario.relationships.values()):
        if rel.source in broken or rel.target in broken or (unreadable and not (
                rel.source in scenario.actors and rel.target in scenario.actors)):
            del scenario.relationships[rel.id]
            continue
        for end in (rel.source, rel.target):
            if end not in scenario.actors:
                from c2graph.loaders.fields import suggest
                problems.append(Problem(rel.origin, f"{rel.type} {rel.source} -> {rel.target}:"
                                                    f" unknown actor {end!r}{suggest(end, scenario.actors)}"
                                                    ))
    if not problems:
        problems.extend(scenario_problems(scenario))
    return problems


def dedupe(problems: list[Problem]) -> list[Problem]:
    """Problems in first-seen order without repeats (a base's error shows up in children)."""
    seen, out = set(), []
    for p in problems:
        text = str(p)
        if text not in seen:
            seen.add(text)
            out.append(p)
    return out


def new_problems(scenario_id: str, found: list[Problem], reported: set[str]) -> list[Problem]:
    """Structural problems not already reported for a base, tagged with the scenario."""
    out = []
    for p in found:
        if str(p) not in reported:
            reported.add(str(p))
            out.append(Problem(p.origin, f"{p.message} (scenario {scenario_id})"))
    return out


def root_scenario(spec: dict, actors: dict, rels: dict[str, Relationship]) -> Scenario:
    """The root scenario: exactly the actors and relationships of the top-level files."""
    return Scenario(id=spec["id"], title=spec["title"], status=spec["status"],
                    sources=spec["sources"], base=None, date=spec["date"],
                    description=spec["description"], title_ja=spec.get("title_ja"),
                    description_ja=spec.get("description_ja"), actors=dict(actors),
                    relationships=dict(rels), origin=spec["origin"],
                    superseded=spec.get("superseded"))


__all__ = ["CHANGE_ORDER", "Origin", "apply_change_set", "apply_changes", "dedupe", "order_scenarios",
           "root_scenario", "structural_problems"]
