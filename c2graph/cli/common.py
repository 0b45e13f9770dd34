"""What every command shares: the --db option, output formats, and error handling.

Expected failures become one ``Error: …`` line per problem and a non-zero exit code,
never a traceback:

=====  ====================================================
code   meaning
=====  ====================================================
1      a store or query failed
2      bad input (dataset, options, query parameters)
3      the database cannot be reached or started
4      the embedded store is busy (another c2graph holds it)
=====  ====================================================
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import sys
import unicodedata

import click

EXIT_BAD_INPUT = 2
EXIT_UNREACHABLE = 3


class C2Error(click.ClickException):
    """An expected failure: one or more ``Error: …`` lines and an exit code."""

    def __init__(self, messages, exit_code: int = 1):
        if isinstance(messages, str):
            messages = [messages]
        self.messages = list(messages)
        super().__init__(self.messages[0] if self.messages else "failed")
        self.exit_code = exit_code

    def show(self, file=None):
        for message in self.messages:
            click.echo(f"Error: {message}", err=True)


@contextlib.contextmanager
def expected_errors():
    """Turn the library's expected exceptions into ``C2Error``."""
    from c2graph.graph.model import DatasetError
    from c2graph.graph.store.base import StoreError

    try:
        yield
    except DatasetError as exc:
        raise C2Error([str(p) for p in exc.problems], EXIT_BAD_INPUT) from None
    except StoreError as exc:
        raise C2Error(str(exc), exc.exit_code) from None
    except KeyboardInterrupt:
        raise C2Error("interrupted", 130) from None


def db_option(f):
    return click.option(
        "--db", "db_url", metavar="URL", envvar="C2GRAPH_DB", show_envvar=True,
        help="Store to use: embedded:PATH (default: the user data folder) or"
             " bolt://HOST:PORT / neo4j://HOST:PORT (password from NEO4J_PASSWORD).")(f)


def format_option(*choices: str):
    """``--format`` (default ``table``) plus ``--json`` / ``--csv`` shortcuts."""
    choices = choices or ("table", "json", "csv")

    def decorate(f):
        f = click.option("--format", "fmt", type=click.Choice(choices), default="table",
                         show_default=True, help="Output format.")(f)
        return f
    return decorate


def open_store(db_url: str | None):
    """Open the store; for Neo4j without NEO4J_PASSWORD, ask on a terminal (never an option)."""
    import os

    from c2graph.graph.store import NEO4J_SCHEMES, default_url
    from c2graph.graph.store import open_store as _open

    url = db_url or default_url()
    password = None
    if (url.startswith(NEO4J_SCHEMES) and "NEO4J_PASSWORD" not in os.environ
            and sys.stdin.isatty()):
        password = click.prompt(f"Neo4j password for {url} (empty for none)", default="",
                                hide_input=True, show_default=False, err=True)
    with expected_errors():
        return _open(url, password=password)


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return ", ".join(_cell(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, float):
        return f"{value:.3f}"
    return str(value)


def render_table(rows: list[dict], columns: list[str] | None = None) -> str:
    """A plain-text table that lines up Japanese (double-width) text too."""
    columns = columns or (list(rows[0]) if rows else [])
    if not columns:
        return "(no rows)"
    cells = [[_cell(r.get(c)) for c in columns] for r in rows]
    widths = [max([_width(c)] + [_width(row[i]) for row in cells]) for i, c in enumerate(columns)]

    def line(values):
        return "  ".join(v + " " * (w - _width(v)) for v, w in zip(values, widths)).rstrip()

    out = [line(columns), line(["-" * w for w in widths])]
    out += [line(row) for row in cells]
    if not rows:
        out.append("(no rows)")
    return "\n".join(out)


def emit(rows: list[dict], fmt: str, columns: list[str] | None = None) -> None:
    """Print rows as a table, a JSON list of objects, or CSV with a header."""
    columns = columns or (list(rows[0]) if rows else [])
    if fmt == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2, default=str))
    elif fmt == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(columns)
        for r in rows:
            writer.writerow([_cell(r.get(c)) for c in columns])
        click.echo(buf.getvalue(), nl=False)
    else:
        click.echo(render_table(rows, columns))


def progress_bar(total: int, label: str):
    """A progress bar on stderr for large work; a no-op context for small work."""
    if total < 5000 or not sys.stderr.isatty():
        return contextlib.nullcontext(None)
    return click.progressbar(length=total, label=label, file=sys.stderr)
