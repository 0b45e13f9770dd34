"""c2graph — a graph database of command relationships.

The installed package holds the whole project under one name: ``c2graph.graph`` (the
core: schema, model, rules, stores, analysis), ``c2graph.loaders`` (datasets and
exchange formats), ``c2graph.cypher`` (the canned query library), ``c2graph.viz``
(diagrams and charts) and ``c2graph.cli`` (the command line).  The repository keeps
them as top-level folders; ``pyproject.toml`` maps each one under ``c2graph``.
"""

from importlib.metadata import PackageNotFoundError, version as _version

try:
    __version__ = _version("c2graph")
except PackageNotFoundError:  # run from a source tree that was never installed
    __version__ = "0+unknown"

__all__ = ["__version__"]
