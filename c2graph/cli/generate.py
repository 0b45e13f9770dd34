"""``c2graph generate``: a synthetic organisation of any size, the same for a seed."""

from __future__ import annotations

import json
from pathlib import Path

import click

from c2graph.cli.common import C2Error, EXIT_BAD_INPUT, emit, format_option


@click.command()
@click.option("--actors", "-n", type=int, required=True, metavar="N",
              help="How many actors (10 to 1,000,000).")
@click.option("--branching", "-b", type=int, default=4, show_default=True, metavar="B",
              help="Average number of subordinates per command (2 to 100); each command"
                   " draws between 1 and 2B-1.")
@click.option("--nations", "-k", type=int, default=3, show_default=True, metavar="K",
              help="How many national command trees: 1 (US), 2 (US, JP) or 3 (US, JP, KR).")
@click.option("--coordination-ratio", "-r", type=float, default=0.05, show_default=True,
              metavar="R", help="COORDINATES_WITH lines per actor (0 to 1), across nations"
                                " where there are several.")
@click.option("--seed", type=int, default=0, show_default=True, metavar="S",
              help="Random seed: the same options and seed write byte-identical files.")
@click.option("--output", "-o", "output", required=True, metavar="DIR",
              type=click.Path(file_okay=True, path_type=Path),
              help="Folder to write (created; must not exist yet, or be empty).")
@format_option()
def generate(actors, branching, nations, coordination_ratio, seed, output, fmt):
    """Write a synthetic organisation as a dataset folder, ready for 'c2graph load'.

    The folder has the bundled dataset's format: sources.yaml, one file per nation
    (us.yaml, jp.yaml, kr.yaml) plus combined.yaml, and scenarios/ with four
    scenarios: baseline (the root), reorg (1% of commands move to a new superior),
    expansion (1% new commands, proposed) and coalition (a combined command takes
    OPCON of each nation's first top command).  Every actor is in its nation's
    command tree, so every reporting chain reaches a head of government.  It is
    synthetic data: its only source says so and how to regenerate it.

    Use it to try c2graph at the size of a real force structure, or to make a
    benchmark or a bug report reproducible from four numbers.

    \b
    Examples:
      c2graph generate --actors 1000 -o org-1k
      c2graph generate -n 100000 --branching 6 --nations 2 --seed 7 -o org-100k
      c2graph validate org-1k && c2graph load org-1k --db embedded:/tmp/bench
    """
    from c2graph.synthetic import GenerateError, Options
    from c2graph.synthetic import generate as write

    options = Options(actors=actors, branching=branching, nations=nations,
                      coordination_ratio=coordination_ratio, seed=seed)
    try:
        summary = write(output, options)
    except GenerateError as exc:
        raise C2Error(exc.problems, EXIT_BAD_INPUT) from None
    except OSError as exc:
        raise C2Error(f"cannot write {output}: {exc.strerror or exc}") from None
    size = sum(p.stat().st_size for p in summary.files)
    rows = [{"scenario": sid, "base": base or "", "status": status, "title": title}
            for sid, (title, status, base) in _scenarios().items()]
    if fmt == "json":
        click.echo(json.dumps({"path": str(summary.path), "actors": summary.actors,
                               "relationships": summary.relationships,
                               "depth": summary.depth, "files": len(summary.files),
                               "bytes": size, "scenarios": rows}, indent=2))
        return
    if fmt == "table":
        click.echo(f"Wrote {summary.path}: {summary.actors} actors, {summary.relationships}"
                   f" relationships in the baseline, command depth {summary.depth},"
                   f" {len(summary.files)} files ({size / 1e6:.1f} MB)")
    emit(rows, fmt, ["scenario", "base", "status", "title"])


def _scenarios() -> dict:
    from c2graph.synthetic import SCENARIOS

    return SCENARIOS
