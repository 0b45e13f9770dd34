"""What ``c2graph serve`` answers, as plain data: the HTTP layer (``serve.http``) only
checks requests and sends these answers as JSON.

Everything goes through the library the CLI uses, so the page and the terminal agree:
canned and ad hoc queries through ``cypher.runner`` (the one read-only allowlist,
``cypher.readonly``, then the engine's plan, then its read-only mode), scenario
comparisons through ``graph.diff``, what-ifs through the library's ``c2graph.what_if``
(the call ``c2graph what-if`` makes: the dataset's own rules) and charts through
``viz.export``.  The diagram is the view's page (``viz.view``): its data is built once
per store state and kept.

One request at a time touches the store (``self.lock``): the drivers' sessions are
not shared between threads, and a what-if is a load and a drop that no query may
interleave with.
"""

from __future__ import annotations

import threading
import unicodedata

from c2graph.graph.diff import summary
from c2graph.viz import LANGS

#: Hits a search returns (the page lists them; more means type more).
SEARCH_LIMIT = 30
#: Rows a query answer carries to the page.
ROW_LIMIT = 1000
#: What a what-if spec may hold (the page's editor; the CLI's options, same texts).
WHATIF_KEYS = ("add", "remove", "move", "add_actors", "remove_actors")
#: Most change lines in one what-if, and characters in one.
MAX_CHANGES = 200
MAX_CHANGE_CHARS = 2000
CHART_TYPES = {"png": "image/png", "svg": "image/svg+xml",
               "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation"}


class ExplorerError(Exception):
    """An expected failure the page shows as it is (bad input, refused query …)."""

    def __init__(self, message: str | list[str], status: int = 400):
        self.messages = [message] if isinstance(message, str) else list(message)
        self.status = status
        super().__init__("; ".join(self.messages))


def _norm(text) -> str:
    return unicodedata.normalize("NFKC", str(text or "")).casefold().strip()


class Explorer:
    """The store and what the page asks of it."""

    def __init__(self, store, lang: str = "en", marking: str | None = None):
        self.store = store
        self.lang = lang
        self.marking = marking
        self.lock = threading.RLock()
        self._graphs: dict | None = None
        self._page: dict | None = None

    # -- the store's scenarios, read once ------------------------------------------------
    def graphs(self) -> dict:
        """Every scenario's graph (``Store.read_graph``), read on first use and kept
        until a what-if is saved."""
        with self.lock:
            if self._graphs is None:
                ids = sorted(self.store.scenarios())
                if not ids:
                    raise ExplorerError("the store holds no scenario: run 'c2graph load'"
                                        " first", 409)
                self._graphs = {sid: self.store.read_graph(sid) for sid in ids}
            return self._graphs

    def page_data(self) -> dict:
        """The view's page data for every scenario (``viz.view.page_data``)."""
        from c2graph.viz.view import page_data

        with self.lock:
            if self._page is None:
                self._page = page_data(self.graphs(), lang=self.lang, marking=self.marking)
            return self._page

    def _forget(self) -> None:
        self._graphs = None
        self._page = None

    # -- search ---------------------------------------------------------------------------
    def search(self, text: str) -> dict:
        """Actors whose id, short name, English or Japanese name contains ``text``
        (NFKC, case-folded: 統合作戦 finds 統合作戦司令部, ｊｊｏｃ finds JJOC), best first:
        exact, then prefix, then anywhere; each with the scenarios that have it."""
        q = _norm(text)
        if not q:
            return {"query": text, "hits": [], "more": False}
        from c2graph.viz.view import scenario_order

        found: dict[str, list] = {}
        graphs = self.graphs()
        for sid in scenario_order(graphs):  # the page's order: bases before their variants
            g = graphs[sid]
            for aid, attrs in g.nodes(data=True):
                rank = 9
                for field in (aid, attrs.get("short"), attrs.get("name_en"),
                              attrs.get("name_ja")):
                    v = _norm(field)
                    if not v:
                        continue
                    rank = min(rank, 0 if v == q else 1 if v.startswith(q) else
                               2 if q in v else 9)
                if rank < 9:
                    entry = found.setdefault(aid, [rank, attrs, []])
                    entry[2].append(sid)
        ordered = sorted(found.items(), key=lambda kv: (kv[1][0], _norm(kv[1][1].get("name_en")),
                                                        kv[0]))
        hits = [{"id": aid, "name_en": attrs.get("name_en"), "name_ja": attrs.get("name_ja"),
                 "short": attrs.get("short"), "kind": attrs.get("kind"),
                 "nation": attrs.get("nation"), "scenarios": sids}
                for aid, (_, attrs, sids) in ordered[:SEARCH_LIMIT]]
        return {"query": text, "hits": hits, "more": len(ordered) > SEARCH_LIMIT}

    # -- canned and ad hoc queries ----------------------------------------------------------
    @staticmethod
    def queries() -> list[dict]:
        """Every canned query with the form the page builds from its header."""
        from c2graph.cypher.library import load_library

        try:
            library = load_library()
        except ValueError as exc:  # LibraryError: a broken query file, named with its line
            raise ExplorerError(str(exc), 500) from None
        return [{"name": q.name, "title": q.title, "title_ja": q.title_ja,
                 "returns": list(q.returns),
                 "params": [{"name": p.name, "kind": p.kind, "default": p.default,
                             "required": p.required, "description": p.description}
                            for p in q.params]}
                for q in library]

    def run_query(self, name: str, params: dict) -> dict:
        """A canned query, as ``c2graph query NAME -p …`` runs it."""
        from c2graph.cypher.runner import run_query

        given = {k: str(v) for k, v in params.items() if v is not None and str(v) != ""}
        with self.lock:
            run = run_query(self.store, name, given)
        return self._answer(run)

    def run_cypher(self, text: str, params: dict) -> dict:
        """Ad hoc read-only Cypher, as ``c2graph cypher`` runs it (same allowlist)."""
        from c2graph.cypher.params import adhoc_value
        from c2graph.cypher.runner import run_adhoc

        values = {k: adhoc_value(k, str(v)) for k, v in params.items()}
        with self.lock:
            run = run_adhoc(self.store, text, values)
        return self._answer(run)

    @staticmethod
    def _answer(run) -> dict:
        rows = run.rows[:ROW_LIMIT]
        return {"name": run.name, "params": run.params, "columns": run.columns,
                "rows": rows, "truncated": run.truncated or len(run.rows) > ROW_LIMIT,
                "actors": sorted(_actor_ids(rows))}

    # -- comparing two scenarios ------------------------------------------------------------
    def compare(self, first: str, second: str) -> dict:
        """The rows of ``c2graph diff FIRST SECOND`` (``graph.diff``)."""
        from c2graph.graph.diff import diff_graphs

        graphs = self.graphs()
        for sid in (first, second):
            if sid not in graphs:
                raise ExplorerError(f"unknown scenario {sid!r}; loaded: {', '.join(graphs)}")
        rows = diff_graphs(graphs[first], graphs[second])
        return {"first": first, "second": second, "summary": summary(rows),
                "rows": [_diff_row(r) for r in rows]}

    # -- what-if ----------------------------------------------------------------------------
    def what_if(self, base_id: str, spec: dict, save: str | None = None,
                confirm: bool = False) -> dict:
        """The changes ``spec`` (the CLI's option texts) on scenario ``base_id``.

        The library's what-if (``c2graph.what_if`` on this store, as ``c2graph
        what-if`` runs it, without the canned queries): built and validated by the
        dataset's rules (a change that makes a command cycle or a cross-national
        command is refused with the reason), loaded under a temporary id only to read
        it back, and dropped in a ``finally``: nothing stays unless ``save`` names it
        *and* ``confirm`` is true.  What is checked here is only the page's request.
        """
        from c2graph.api import what_if as library_what_if
        from c2graph.cypher.whatif import RULES_HELD

        changes = _spec(spec)
        if not any(changes.values()):
            raise ExplorerError("no change given: add, remove or move a relationship, or"
                                " add or remove an actor")
        if save is not None and not confirm:
            raise ExplorerError("saving a what-if needs an explicit confirmation")
        graphs = self.graphs()
        with self.lock:
            result = library_what_if(base_id, db=self.store, save=save, run_queries=False,
                                     **changes)
            if save is not None:
                self._forget()
        rows = result["changes"]
        touched = sorted({i for r in rows for i in _ends(r)} & set(graphs[result["base"]]))
        return {"base": result["base"], "saved": save, "summary": summary(rows),
                "rows": [_diff_row(r) for r in rows], "actors": touched,
                "checks": RULES_HELD}

    # -- export -----------------------------------------------------------------------------
    def export(self, fmt: str, scenario: str, actors: list[str] | None, lang: str) -> bytes:
        """The chart of what the page shows: scenario ``scenario`` cut to ``actors`` (the
        visible ones; all when None), drawn by ``viz.export.build.render`` as ``c2graph
        export`` draws."""
        from c2graph.viz.export.build import render
        from c2graph.viz.export.common import ChartOptions

        if fmt not in CHART_TYPES:
            raise ExplorerError(f"unknown chart format {fmt!r}: png, svg or pptx")
        if lang not in LANGS:
            raise ExplorerError(f"unknown language {lang!r}: en, ja or both")
        graphs = self.graphs()
        if scenario not in graphs:
            raise ExplorerError(f"unknown scenario {scenario!r}")
        g = graphs[scenario]
        if actors is not None:
            shown = [a for a in actors if a in g]
            if not shown:
                raise ExplorerError("nothing to export: no actor of the scenario is shown")
            g = g.subgraph(shown).copy()
        opts = ChartOptions(lang=lang, **({} if self.marking is None else
                                          {"marking": self.marking}))
        return render(fmt, [g], opts)


def _spec(spec) -> dict[str, list[str]]:
    if not isinstance(spec, dict):
        raise ExplorerError("the what-if must be an object of change lists")
    unknown = sorted(set(spec) - set(WHATIF_KEYS))
    if unknown:
        raise ExplorerError(f"unknown what-if field(s) {', '.join(unknown)}; expected"
                            f" {', '.join(WHATIF_KEYS)}")
    out = {}
    total = 0
    for key in WHATIF_KEYS:
        items = spec.get(key) or []
        if not isinstance(items, list) or not all(isinstance(t, str) for t in items):
            raise ExplorerError(f"{key}: expected a list of texts")
        items = [t.strip() for t in items if t.strip()]
        if any(len(t) > MAX_CHANGE_CHARS for t in items):
            raise ExplorerError(f"{key}: a change longer than {MAX_CHANGE_CHARS} characters")
        total += len(items)
        out[key] = items
    if total > MAX_CHANGES:
        raise ExplorerError(f"more than {MAX_CHANGES} changes in one what-if")
    return out


def _diff_row(row: dict) -> dict:
    return {k: row[k] for k in ("change", "item", "id", "details")}


def _ends(row: dict) -> list[str]:
    """The actors a diff row is about: the actor, or both ends of a relationship."""
    if row["item"] == "actor":
        return [row["id"]]
    side = row.get("after") or row.get("before") or {}
    return [e for e in (side.get("source"), side.get("target")) if e]


def _actor_ids(rows: list[dict]) -> set[str]:
    """Actor ids anywhere in an answer (a column of ids, a list of them, a node's map),
    for the page to light them on the diagram."""
    found: set[str] = set()

    def walk(value, key=None):
        if isinstance(value, dict):
            if isinstance(value.get("id"), str):
                found.add(value["id"])
            for k, v in value.items():
                walk(v, k)
        elif isinstance(value, list):
            for v in value:
                walk(v, key)
        elif isinstance(value, str) and key is not None and _id_column(key):
            found.add(value)

    for row in rows:
        walk(row)
    return found


def _id_column(key: str) -> bool:
    k = key.lower()
    return k in ("id", "ids", "actor", "post") or k.endswith(("_id", "_ids"))
