"""c2graph — a graph database of command relationships.

The installed package holds the whole project under one name: ``c2graph.graph`` (the
core: schema, model, rules, stores, analysis), ``c2graph.loaders`` (datasets and
exchange formats), ``c2graph.cypher`` (the canned query library), ``c2graph.viz``
(diagrams and charts), ``c2graph.cli`` (the command line) and this package's own
functions, the public API (``c2graph.api``)::

    import c2graph
    G = c2graph.scenario_graph("us-jfc", dataset="bundled")   # a networkx.MultiDiGraph
    G = c2graph.scenario_graph()          # the root scenario of the loaded store

The repository keeps the layers as top-level folders; ``pyproject.toml`` maps each one
under ``c2graph``.  docs/architecture.md says where each concept lives, docs/api.md
what each function does.  Importing ``c2graph`` imports none of the heavy libraries:
each function does so when it runs.
"""

from importlib.metadata import PackageNotFoundError, version as _version

from c2graph.api import (BUNDLED, analyze, diff, export, load, load_dataset, open_store,
                         query, scenario_graph, scenarios, sources, what_if)

try:
    __version__ = _version("c2graph")
except PackageNotFoundError:  # run from a source tree that was never installed
    __version__ = "0+unknown"

__all__ = ["BUNDLED", "__version__", "analyze", "diff", "export", "load", "load_dataset",
           "open_store", "query", "scenario_graph", "scenarios", "sources", "what_if"]
