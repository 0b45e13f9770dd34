"""``c2graph completion SHELL``: the shell's tab-completion script, to source once."""

from __future__ import annotations

import click

SHELLS = ("bash", "zsh", "fish")


@click.command()
@click.argument("shell", type=click.Choice(SHELLS))
def completion(shell):
    """Print the tab-completion script for SHELL (bash, zsh or fish).

    Completes commands and options, canned query names, export formats and the ids
    of the scenarios in the store.  Source the script from your shell's start-up file.

    \b
    Examples:
      c2graph completion bash > ~/.c2graph-complete.bash && echo 'source ~/.c2graph-complete.bash' >> ~/.bashrc
      c2graph completion fish > ~/.config/fish/completions/c2graph.fish
    """
    from click.shell_completion import get_completion_class

    from c2graph.cli import cli

    script = get_completion_class(shell)(cli, {}, "c2graph", "_C2GRAPH_COMPLETE").source()
    click.echo(script)
