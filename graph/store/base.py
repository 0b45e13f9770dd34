"""The store protocol and what both engines share.

A store writes scenarios with batched ``UNWIND $rows … MERGE`` statements, reads
them back as ``networkx.MultiDiGraph`` objects, and runs read-only Cypher.  Engine
differences (transactions, DDL, connection handling) live in the two subclasses;
everything a caller sees is the same for both.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from typing import Callable, Iterable

from graph.model import Scenario
from graph.store import statements as st

BATCH_SIZE = 2000


class StoreError(Exception):
    """An expected store failure: the message is safe to show (no secrets)."""

    exit_code = 1


class StoreUnavailable(StoreError):
    """The database cannot be reached or started."""

    exit_code = 3


class StoreBusy(StoreError):
    """Another c2graph process holds the embedded store."""

    exit_code = 4


class UnknownScenario(StoreError):
    exit_code = 2


def batches(rows: list, size: int = BATCH_SIZE) -> Iterable[list]:
    for i in range(0, len(rows), size):
        yield rows[i:i + size]


def write_plan(scenario: Scenario, token: str) -> list[tuple[str, list[dict]]]:
    """The (statement, rows) pairs that write one scenario, grouped by label and type."""
    by_kind: dict[str, list[dict]] = defaultdict(list)
    for actor in scenario.actors.values():
        props = actor.properties()
        props.update(scenario=scenario.id, **{st.LOAD_TOKEN: token})
        by_kind[actor.kind].append({"scenario": scenario.id, "id": actor.id, "props": props})
    by_type: dict[str, list[dict]] = defaultdict(list)
    for rel in scenario.relationships.values():
        props = rel.properties()
        props.update(scenario=scenario.id, **{st.LOAD_TOKEN: token})
        by_type[rel.type].append({"scenario": scenario.id, "id": rel.id, "source": rel.source,
                                  "target": rel.target, "props": props})
    plan = []
    for kind, rows in sorted(by_kind.items()):
        plan.extend((st.merge_actors(kind), batch) for batch in batches(rows))
    for type_, rows in sorted(by_type.items()):
        plan.extend((st.merge_relationships(type_), batch) for batch in batches(rows))
    return plan


class Store:
    """Shared behaviour; subclasses implement ``_write``, ``run_read`` and ``close``."""

    engine = "?"
    url = ""

    # -- to implement -------------------------------------------------------------------
    def run_read(self, cypher: str, params: dict | None = None) -> list[dict]:
        raise NotImplementedError

    def _write(self, units: list[Callable]) -> None:
        """Run each unit (a callable taking a ``run(cypher, params)``) atomically."""
        raise NotImplementedError

    def server_version(self) -> str:
        raise NotImplementedError

    def close(self) -> None:
        raise NotImplementedError

    # -- shared ---------------------------------------------------------------------------
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def load(self, scenarios: list[Scenario], replace_all: bool = False,
             progress: Callable[[int], None] | None = None) -> None:
        """Write ``scenarios``; each is synchronised to the dataset (stale items removed).

        With ``replace_all`` every other scenario in the store is removed too.  Each
        scenario is atomic: a failure leaves it as it was before the load.
        """
        existing = set(self.scenarios()) if replace_all else set()
        units = [self._scenario_unit(s, progress) for s in scenarios]
        for sid in sorted(existing - {s.id for s in scenarios}):
            units.append(self._drop_unit(sid))
        self._write(units)

    def _scenario_unit(self, scenario: Scenario, progress) -> Callable:
        token = uuid.uuid4().hex
        plan = write_plan(scenario, token)

        def unit(run):
            for cypher, rows in plan:
                run(cypher, {"rows": rows})
                if progress:
                    progress(len(rows))
            params = {"scenario": scenario.id, "token": token}
            run(st.DELETE_STALE_RELATIONSHIPS, params)
            run(st.DELETE_STALE_ACTORS, params)
            run(st.MERGE_SCENARIO, {"id": scenario.id, "props": scenario.properties()})
        unit.size = sum(len(rows) for _, rows in plan)
        return unit

    def _drop_unit(self, scenario_id: str) -> Callable:
        def unit(run):
            run(st.DELETE_SCENARIO_ACTORS, {"scenario": scenario_id})
            run(st.DELETE_SCENARIO_NODE, {"scenario": scenario_id})
        unit.size = 0
        return unit

    def drop(self, scenario_ids: list[str]) -> None:
        """Remove scenarios from the store."""
        self._write([self._drop_unit(s) for s in scenario_ids])

    def scenarios(self) -> dict[str, dict]:
        """``{id: {nodes, relationships, title, status, base, ...}}`` for every scenario."""
        out = {}
        for row in self.run_read(st.READ_SCENARIOS):
            meta = dict(row["scenario"])
            sid = meta.pop("id")
            out[sid] = {"nodes": row["nodes"], "relationships": row["relationships"], **meta}
        return out

    def require_scenario(self, scenario_id: str) -> dict:
        known = self.scenarios()
        if scenario_id not in known:
            from loaders.fields import suggest  # noqa: PLC0415  (tiny helper, no cycle)
            hint = suggest(scenario_id, known)
            choices = ", ".join(known) or "none: run 'c2graph load' first"
            raise UnknownScenario(f"unknown scenario {scenario_id!r}{hint}; loaded: {choices}")
        return known[scenario_id]

    def read_graph(self, scenario_id: str):
        """The scenario as a ``networkx.MultiDiGraph``.

        Nodes are actor ids with every property (``kind`` included); edges are keyed
        by relationship id with ``type`` plus every property; ``graph.graph`` holds
        the scenario's metadata.  Store-internal properties are left out.
        """
        import networkx as nx

        meta = self.require_scenario(scenario_id)
        g = nx.MultiDiGraph()
        g.graph.update({k: v for k, v in meta.items() if k not in ("nodes", "relationships")})
        g.graph["id"] = scenario_id
        params = {"scenario": scenario_id}
        for row in self.run_read(st.READ_ACTORS, params):
            props = {k: v for k, v in row["props"].items() if k not in st.INTERNAL_PROPERTIES}
            g.add_node(props["id"], **props)
        for row in self.run_read(st.READ_RELATIONSHIPS, params):
            props = {k: v for k, v in row["props"].items() if k not in st.INTERNAL_PROPERTIES}
            g.add_edge(row["source"], row["target"], key=props["id"], type=row["type"], **props)
        return g
