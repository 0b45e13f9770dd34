"""The ``c2graph`` command line: one click group, commands loaded on first use.

Each command lives in a small module of this package and is imported only when it
runs (or when ``--help`` lists it), so ``c2graph --help`` does not pay for neo4j,
networkx or pyvis.  To add a command, add its ``module:function`` to ``COMMANDS``.
"""

from __future__ import annotations

import importlib

import click

COMMANDS = {
    "load": "c2graph.cli.data:load",
    "validate": "c2graph.cli.data:validate",
    "info": "c2graph.cli.data:info",
    "scenarios": "c2graph.cli.data:scenarios",
    "queries": "c2graph.cli.queries:queries",
    "query": "c2graph.cli.queries:query",
    "chain": "c2graph.cli.queries:chain",
    "cypher": "c2graph.cli.queries:cypher",
    "diff": "c2graph.cli.queries:diff",
    "what-if": "c2graph.cli.whatif:what_if",
    "analyze": "c2graph.cli.analyze:analyze",
    "view": "c2graph.cli.view:view",
    "serve": "c2graph.cli.serve:serve",
    "export": "c2graph.cli.export:export",
    "generate": "c2graph.cli.generate:generate",
    "completion": "c2graph.cli.completion:completion",
}


class LazyGroup(click.Group):
    """A group that imports a command's module only when the command is needed."""

    def list_commands(self, ctx):
        names = set(super().list_commands(ctx)) | set(COMMANDS)
        return sorted(n for n in names if self.get_command(ctx, n) is not None)

    def get_command(self, ctx, name):
        if name in COMMANDS:
            module, attr = COMMANDS[name].split(":")
            try:
                return getattr(importlib.import_module(module), attr)
            except ModuleNotFoundError as exc:
                if exc.name != module:
                    raise
                return None  # a command whose module is not built yet
        return super().get_command(ctx, name)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="c2graph")
def cli():
    """c2graph — who commands whom, and who only coordinates with whom.

    A graph database of the US, Japanese and Korean command chains and the alliance
    bodies between them.  Start with:

    \b
      c2graph load            load the bundled, sourced dataset (embedded engine)
      c2graph info            what is loaded, scenario by scenario
      c2graph validate DIR    check your own dataset without writing anything

    Every command that touches a database takes --db URL (default: $C2GRAPH_DB,
    else $NEO4J_URI, else the embedded store in your user data folder).  Neo4j:
    --db bolt://HOST:7687, or neo4j+s://ID.databases.neo4j.io for Aura, with
    NEO4J_USERNAME / NEO4J_PASSWORD / NEO4J_DATABASE in the environment.

    \b
    Examples:
      c2graph load && c2graph chain jp.gcc
      c2graph query reporting-chain -p post us.usfk -s us-jfc --db bolt://localhost:7687
      c2graph export pdf -o chart.pdf --dataset bundled
    """
    from c2graph.cli.common import guard_terminal

    guard_terminal()  # names from a shared database are shown on a terminal, never obeyed


def main():
    cli(prog_name="c2graph")
