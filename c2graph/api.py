"""The public Python API: what the command line does, as functions that return data.

Every function here is also ``c2graph.<name>``.  Scenarios come from a store (``db``: a
URL such as ``embedded:PATH`` or ``bolt://HOST:7687``, an open store, or ``None`` for
the default one, as ``c2graph`` picks it: ``C2GRAPH_DB``, ``NEO4J_URI``, else the
embedded store) or straight from a dataset (``dataset``: a folder, an exported file,
a loaded ``Dataset``, or ``"bundled"``), without any database.  A scenario left out is
the root scenario: the one the others are built on.

>>> import c2graph
>>> G = c2graph.scenario_graph(dataset="bundled")
>>> G.graph["id"], G.number_of_nodes() > 40
('baseline-2024', True)
>>> G.nodes["us.indopacom"]["short"]
'INDOPACOM'
>>> G.edges["us.secdef", "us.indopacom", "us.secdef-COMMANDS->us.indopacom"]["authority"]
'COCOM'

Failures are exceptions whose message is meant for people: ``DatasetError`` (every
problem of a dataset, ``.problems``), ``StoreError`` and its kinds (``.exit_code`` is
what the CLI exits with), ``QueryError`` (bad query input), ``ExportError``.
See docs/api.md.
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Callable

#: The bundled dataset, for ``dataset=``.
BUNDLED = "bundled"


# -- data -----------------------------------------------------------------------------------

def load_dataset(path: str | Path | None = None):
    """Read and validate a dataset: a folder (YAML or CSV pair), an exported ``.json`` or
    ``.graphml`` file, or a neo4j-admin CSV folder; ``None`` (or ``"bundled"``) is the
    bundled alliance dataset.  Returns a ``Dataset`` (``.scenarios``, ``.sources``) or
    raises ``DatasetError`` listing every problem as ``file:line: message``.

    >>> ds = load_dataset()
    >>> list(ds.scenarios)[:2], ds.root
    (['baseline-2024', 'jjoc-2025'], 'baseline-2024')
    """
    from c2graph.loaders import load_dataset as _load

    return _load(None if path in (None, BUNDLED) else path)


def open_store(url: str | None = None):
    """Open a store (``None``: the default one); use it in a ``with`` block.

    ``NEO4J_USERNAME``, ``NEO4J_PASSWORD`` and ``NEO4J_DATABASE`` come from the
    environment.  Raises ``StoreError`` (``BadStoreURL``, ``StoreUnavailable`` …).
    """
    from c2graph.graph.store import open_store as _open

    return _open(url)


@contextlib.contextmanager
def _store(db):
    """An open store for ``db``: a store passed in stays open, one opened here is closed."""
    if db is not None and not isinstance(db, (str, Path)):
        yield db
        return
    with open_store(None if db is None else str(db)) as store:
        yield store


def _dataset(dataset):
    from c2graph.graph.model import Dataset

    return dataset if isinstance(dataset, Dataset) else load_dataset(dataset)


def load(paths=None, *, db=None, scenarios=None, replace: bool = False,
         atomic: bool | None = None, progress: Callable[[int], None] | None = None) -> dict:
    """Validate datasets and load their scenarios into a store.

    ``paths``: a dataset path, a list of them (merged), a loaded ``Dataset``, or
    ``None`` for the bundled one.  ``scenarios`` limits the load to those ids;
    ``replace`` also removes every scenario the load does not name.  Nothing is
    written unless the whole dataset is valid; each scenario keeps the sources it
    cites, and a dated scenario its stored dated states (what ``as_of`` reads).
    ``atomic`` (Neo4j): the whole load in one transaction (``None``: when it fits,
    see ``Store.load``).  Returns ``{"url", "dataset", "loaded": [ids], "scenarios": {id: {nodes,
    relationships, title, status, …}}}`` (the store's scenarios after the load).
    """
    from c2graph.graph.model import Dataset, DatasetError, Problem
    from c2graph.loaders import load_datasets

    if isinstance(paths, Dataset):
        dataset = paths
    else:
        paths = [paths] if isinstance(paths, (str, Path)) else list(paths or [])
        dataset = load_datasets(paths)
    selected = list(dataset.scenarios.values())
    if scenarios:
        unknown = [s for s in scenarios if s not in dataset.scenarios]
        if unknown:
            raise DatasetError([Problem(None, f"unknown scenario {s!r}; the dataset has:"
                                              f" {', '.join(dataset.scenarios)}")
                                for s in unknown])
        selected = [dataset.scenarios[s] for s in scenarios]
    with _store(db) as store:
        store.load(dataset.with_snapshots(selected), replace_all=replace,
                   atomic=atomic, progress=progress, sources=dataset.sources)
        return {"url": store.url, "dataset": dataset.path or BUNDLED,
                "loaded": [s.id for s in selected], "scenarios": store.scenarios()}


def scenarios(*, db=None, dataset=None) -> dict[str, dict]:
    """``{id: {title, status, base, date, …}}`` of a store (with ``nodes`` and
    ``relationships`` counts) or of a dataset (with ``actors`` and ``relationships``).

    >>> scenarios(dataset="bundled")["jjoc-2025"]["base"]
    'baseline-2024'
    """
    if dataset is not None:
        return {sid: {**s.properties(), "actors": len(s.actors),
                      "relationships": len(s.relationships)}
                for sid, s in _dataset(dataset).scenarios.items()}
    with _store(db) as store:
        return store.scenarios()


def scenario_graph(scenario: str | None = None, *, as_of: str | None = None, db=None,
                   dataset=None):
    """One scenario as a ``networkx.MultiDiGraph``: nodes are actor ids with every
    property, edges are keyed by relationship id with ``type`` and every property,
    ``G.graph`` holds the scenario's own properties.  ``scenario`` defaults to the root.

    ``as_of`` (``YYYY-MM-DD``): the structure of a dated scenario in effect on that
    date (``scenario`` defaults to the one dated timeline), its metadata naming the
    date and what is announced but not in effect (``graph.timeline``); ``AsOfError``
    for an undated scenario.

    >>> G = scenario_graph("us-jfc", dataset="bundled")
    >>> G.has_edge("us.jfc", "us.usfj")
    True
    """
    from c2graph.graph.graphs import scenario_graph as _graph
    from c2graph.graph.timeline import label_graph

    if dataset is not None:
        ds = _dataset(dataset)
        if as_of is None:
            return _graph(ds.scenario(scenario or ds.root))
        answer = ds.as_of(scenario, as_of)
        g = _graph(ds.state(answer.graph))
    else:
        with _store(db) as store:
            if as_of is None:
                return store.read_graph(scenario or store.root_scenario())
            answer = store.as_of(scenario, as_of)
            g = store.read_graph(answer.graph)
    label_graph(g, answer)
    return g


def _base_graph(g, *, db=None, dataset=None):
    """The graph of ``g``'s base scenario (what a chart marks changes against), or
    ``None`` for a root scenario, a dated state, or a base that is not there."""
    base = g.graph.get("base")
    if not base or g.graph.get("as_of"):
        return None
    if dataset is not None:
        return scenario_graph(base, dataset=dataset) if base in dataset.scenarios else None
    with _store(db) as store:
        return store.read_graph(base) if base in store.scenario_ids() else None


def sources(scenario: str | None = None, *, db=None, dataset=None) -> dict[str, dict]:
    """The sources a scenario cites: ``{source id: {title, author, url, …}}``.

    >>> sources(dataset="bundled")["usc-10-162"]["title"][:11]
    '10 U.S.C. §'
    """
    if dataset is not None:
        ds = _dataset(dataset)
        cited = ds.state(scenario or ds.root).cited_sources()
        return {k: v for k, v in sorted(ds.sources.items()) if k in cited}
    with _store(db) as store:
        return store.read_sources(scenario or store.root_scenario())


# -- questions ------------------------------------------------------------------------------

def query(name: str, params: dict | None = None, *, db=None, timeout: float | None = None):
    """Run canned query ``name`` (``c2graph queries`` lists them) read-only.

    ``params`` are text values as on the command line (``{"post": "jp.jjoc"}``); a
    scenario left out is the root.  Returns a ``QueryRun`` (``.rows``, ``.columns``,
    ``.params``: the values sent).  Raises ``QueryError`` for a bad parameter.
    """
    from c2graph.cypher.runner import QUERY_TIMEOUT_S, run_query

    with _store(db) as store:
        return run_query(store, name, params or {},
                         timeout_s=QUERY_TIMEOUT_S if timeout is None else timeout)


def diff(first: str, second: str, *, db=None, dataset=None) -> list[dict]:
    """What changes from scenario ``first`` to ``second``: rows ``{change, item, id,
    details, changed, before, after}`` (``graph.diff.diff_graphs``).

    >>> [r["id"] for r in diff("baseline-2024", "jjoc-2025", dataset="bundled")][:1]
    ['jp.jjoc']
    """
    from c2graph.graph.diff import diff_graphs

    if dataset is not None:
        ds = _dataset(dataset)
        return diff_graphs(scenario_graph(first, dataset=ds),
                           scenario_graph(second, dataset=ds))
    with _store(db) as store:
        return diff_graphs(store.read_graph(first), store.read_graph(second))


def what_if(base: str | None = None, *, db=None, add=(), remove=(), move=(),
            add_actors=(), remove_actors=(), changes_file: str | None = None,
            sources=(), queries=(), params: dict | None = None, save: str | None = None,
            run_queries: bool = True, warn: Callable[[str], None] | None = None) -> dict:
    """Try changes on a loaded scenario and see what they change (nothing is kept
    unless ``save`` names the result).  See ``cypher.whatif.run_what_if``; with
    ``run_queries`` false only the changes are returned (no canned query runs).
    ``c2graph what-if`` and ``c2graph serve``'s what-if both run through here.

    ``add=["us.indopacom -OPCON-> us.usfk"]``, ``remove=["us.jfc -> us.usfk"]``,
    ``move=["us.jfc -OPCON-> us.usfk"]``, ``add_actors=["{id: …, kind: …}"]``.
    """
    from c2graph.cypher.whatif import run_what_if

    with _store(db) as store:
        return run_what_if(store, base=base, changes_file=changes_file, add=add,
                           remove=remove, move=move, add_actors=add_actors,
                           remove_actors=remove_actors, sources=sources, queries=queries,
                           params=params, save=save, run_queries=run_queries, warn=warn)


def analyze(scenario: str | None = None, *, compare: str | None = None, reach=(),
            db=None, dataset=None) -> dict:
    """Structural checks and networkx metrics of a scenario (default: the root), or of
    ``scenario`` against ``compare`` (``change`` = scenario minus compare).  Returns
    ``graph.analysis.analyze_scenario`` / ``compare_scenarios``'s plain data.

    >>> report = analyze(dataset="bundled")
    >>> all(check["passed"] for check in report["checks"].values())
    True
    """
    from c2graph.graph.analysis import analyze as analysis_report

    if dataset is not None:
        ds = _dataset(dataset)
        graph = scenario_graph(scenario, dataset=ds)
        reference = scenario_graph(compare, dataset=ds) if compare else None
    else:
        with _store(db) as store:
            graph = store.read_graph(scenario or store.root_scenario())
            reference = store.read_graph(compare) if compare else None
    return analysis_report(graph, reference, reach)


def export(fmt: str, scenarios=None, *, output=None, db=None, dataset=None,
           as_of: str | None = None, focus: str | None = None, depth: int | None = None,
           lang: str = "en", marking: str = "UNCLASSIFIED", title: str | None = None,
           dpi: int = 200, diff: bool = True, page: str = "a4"):
    """Export scenarios (default: the root) as a chart (svg, png, pdf, pptx) or an
    exchange format (mermaid, dot, graphml, gexf, json, cypher, csv).

    Returns an ``Export`` (``.data``: bytes, or a folder's files for csv; ``.size``;
    ``.describe()``); with ``output`` it is also written there, atomically.  The
    sources named in notes and in the json export come from the store (or dataset)
    the scenarios are read from.  ``as_of``: each scenario's structure on that date
    (see ``scenario_graph``).  ``diff``: a chart marks what the scenario changes
    against its base (not for a dated state).  ``page``: the PDF's sheets, "a4" or
    "letter" landscape (several pages when the chart needs them), or "fit" (one page
    the chart's size).

    >>> text = export("mermaid", dataset="bundled").data.decode()
    >>> text.splitlines()[5]
    'flowchart TB'
    """
    from c2graph.viz.export.build import export_graphs, write_export
    from c2graph.viz.export.common import ChartOptions, ExportError, check_output_path

    wanted = [scenarios] if isinstance(scenarios, str) else list(scenarios or [])
    if len(set(wanted)) != len(wanted):
        raise ExportError("a scenario is named twice")
    if output is not None and not (fmt.strip().lower() == "csv"):
        check_output_path(output)
    catalogue: dict[str, dict] = {}
    if dataset is not None:
        ds = _dataset(dataset)
        graphs = [scenario_graph(s, as_of=as_of, dataset=ds)
                  for s in wanted or [None if as_of else ds.root]]
        for g in graphs:
            catalogue.update(sources(g.graph.get("state") or g.graph["id"], dataset=ds))
        bases = [_base_graph(g, dataset=ds) for g in graphs]
    else:
        with _store(db) as store:
            graphs = [scenario_graph(s, as_of=as_of, db=store)
                      for s in wanted or [None if as_of else store.root_scenario()]]
            for g in graphs:
                catalogue.update(store.read_sources(g.graph.get("state") or g.graph["id"]))
            bases = [_base_graph(g, db=store) for g in graphs]
    opts = ChartOptions(lang=lang, marking=marking.strip(), title=title, dpi=dpi,
                        sources=catalogue, focus=focus, depth=depth, diff=diff, page=page)
    result = export_graphs(fmt, graphs, opts, bases)
    if output is not None:
        write_export(result, output)
    return result


__all__ = ["BUNDLED", "analyze", "diff", "export", "load", "load_dataset", "open_store",
           "query", "scenario_graph", "scenarios", "sources", "what_if"]
