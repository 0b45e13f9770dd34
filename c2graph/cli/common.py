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
        from c2graph.graph.textsafety import terminal_text

        for message in self.messages:  # messages quote data: nothing a terminal acts on
            click.echo(f"Error: {terminal_text(message)}", err=True)


@contextlib.contextmanager
def expected_errors():
    """Turn the library's expected exceptions into ``C2Error`` (``Error:`` lines).

    Bad input (a dataset, a query parameter, an export option) exits 2; a store
    failure exits with its own code (1, 3 unreachable, 4 busy).
    """
    from c2graph.cypher.library import LibraryError
    from c2graph.cypher.params import QueryError
    from c2graph.graph.model import DatasetError
    from c2graph.graph.store.base import StoreError
    from c2graph.graph.timeline import AsOfError
    from c2graph.viz.export.common import ExportError

    try:
        yield
    except DatasetError as exc:
        raise C2Error([str(p) for p in exc.problems], EXIT_BAD_INPUT) from None
    except StoreError as exc:
        raise C2Error(str(exc), exc.exit_code) from None
    except QueryError as exc:
        raise C2Error(exc.messages, exc.exit_code) from None
    except (LibraryError, ExportError, AsOfError) as exc:
        raise C2Error(str(exc), EXIT_BAD_INPUT) from None
    except KeyboardInterrupt:
        raise C2Error("interrupted", 130) from None


DB_HELP = ("Store to use: embedded:PATH, bolt://HOST:7687, neo4j://HOST:7687 or"
           " neo4j+s://ID.databases.neo4j.io (Aura).  Default: $C2GRAPH_DB, else"
           " $NEO4J_URI, else the embedded store in the user data folder.  Neo4j's user,"
           " password and database come from NEO4J_USERNAME, NEO4J_PASSWORD and"
           " NEO4J_DATABASE.")


def db_option(f):
    """``--db URL``.  The environment is read by ``graph.store.default_url`` alone
    (``C2GRAPH_DB``, then ``NEO4J_URI``), not by click as well."""
    return click.option("--db", "db_url", metavar="URL", help=DB_HELP,
                        shell_complete=_complete_db)(f)


def as_of_option(f):
    return click.option(
        "--as-of", "as_of", metavar="DATE",
        help="The structure in effect on DATE (YYYY-MM-DD): the scenario's dated events in"
             " effect by then; announced changes not yet in effect are listed, not drawn."
             " Without --scenario: the dataset's dated timeline.")(f)


def format_option(*choices: str):
    """``--format`` (default ``table``): how a command prints its data."""
    choices = choices or ("table", "json", "csv")

    def decorate(f):
        return click.option("--format", "fmt", type=click.Choice(choices), default="table",
                            show_default=True, help="Output format.")(f)
    return decorate


def scenario_option(*, multiple: bool = False, help: str, name: str = "scenario"):
    """``--scenario/-s ID``, completed with the ids of the store's scenarios."""
    return click.option("--scenario", "-s", name, metavar="ID", multiple=multiple,
                        help=help, shell_complete=complete_scenarios)


def open_store(db_url: str | None):
    """Open the store; for Neo4j without NEO4J_PASSWORD, ask on a terminal (never an option)."""
    from c2graph.graph.store import open_store as _open

    with expected_errors():
        return _open(db_url, ask_password=_ask_password if sys.stdin.isatty() else None)


def _ask_password(url: str) -> str:
    return click.prompt(f"Neo4j password for {url} (empty for none)", default="",
                        hide_input=True, show_default=False, err=True)


# -- shell completion -------------------------------------------------------------------------

def _complete_db(ctx, param, incomplete):
    from click.shell_completion import CompletionItem

    return [CompletionItem(p) for p in ("embedded:", "bolt://", "neo4j://", "neo4j+s://")
            if p.startswith(incomplete)]


def complete_scenarios(ctx, param, incomplete):
    """Scenario ids of the embedded store the command line names (or the default one),
    from the listing its last load left (``embedded.listed_scenarios``).

    A TAB never opens a store: opening the embedded one starts its engine and waits
    for its lock (held by a running ``c2graph serve``), and a Neo4j server can be slow
    or far away, so nothing is offered for a Neo4j URL."""
    from c2graph.graph.store import default_url
    from c2graph.graph.store.embedded import listed_scenarios

    url = (ctx.params.get("db_url") or default_url()).strip()
    if not url.startswith("embedded:"):
        return []
    ids = listed_scenarios(url[len("embedded:"):] or None)
    return [i for i in ids if i.startswith(incomplete)]


def complete_queries(ctx, param, incomplete):
    """Names of the canned queries (bundled and ``C2GRAPH_QUERY_PATH``)."""
    from c2graph.cypher.library import query_files

    return [n for n in query_files() if n.startswith(incomplete)]


def _width(text: str) -> int:
    """Terminal columns of ``text``: CJK wide and full-width characters take two.
    ASCII (most cells) is one a character without a look-up per character: an
    analyze table of 100,000 actors spent ~10 s of CPU here."""
    if text.isascii():
        return len(text)
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _cell(value) -> str:
    if type(value) is str:            # most cells: nothing to convert
        return value
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


def _shown(value) -> tuple[str, int]:
    """A cell as printed (``terminal_text``) and its width.  Printable ASCII, most
    cells, has nothing to make safe and one column a character: tested first, it spared
    the 612,000 cells of an analysis of 100,000 actors a regular-expression pass each."""
    text = _cell(value)
    if text.isascii() and text.isprintable():
        return text, len(text)
    from c2graph.graph.textsafety import terminal_text

    text = terminal_text(text)
    return text, _width(text)


def render_table(rows: list[dict], columns: list[str] | None = None) -> str:
    """A plain-text table that lines up Japanese (double-width) text too.

    A table is for people, so every cell and heading passes ``terminal_text`` whatever
    the output is: a name from a shared Neo4j cannot clear the screen, retitle the
    window or plant a link, now or when the saved table is printed later.
    """
    from c2graph.graph.textsafety import terminal_text

    columns = columns or (list(rows[0]) if rows else [])
    if not columns:
        return "(no rows)"
    heads = [terminal_text(c) for c in columns]
    sized = [[_shown(r.get(c)) for c in columns] for r in rows]  # each cell measured once
    widths = [max([_width(c)] + [row[i][1] for row in sized]) for i, c in enumerate(heads)]

    def line(values):
        return "  ".join(v + " " * (w - n) for (v, n), w in zip(values, widths)).rstrip()

    out = [line([(h, _width(h)) for h in heads]), line([("-" * w, w) for w in widths])]
    out += [line(row) for row in sized]
    if not rows:
        out.append("(no rows)")
    return "\n".join(out)


def csv_cell(value, on_terminal: bool = False) -> str:
    """One CSV cell: text a spreadsheet would run as a formula is neutralised
    (``spreadsheet_cell``; numbers stay numbers); on a terminal, control characters are
    shown, not obeyed."""
    from c2graph.graph.textsafety import spreadsheet_cell, terminal_text

    text = _cell(value)
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        text = spreadsheet_cell(text)
    return terminal_text(text) if on_terminal else text


def emit(rows: list[dict], fmt: str, columns: list[str] | None = None) -> None:
    """Print rows as a table, a JSON list of objects, or CSV with a header.

    JSON escapes the characters a terminal acts on (the same JSON value); CSV cells are
    neutralised for spreadsheets (``csv_cell``) and shown safely on a terminal.
    """
    from c2graph.graph.textsafety import terminal_json

    columns = columns or (list(rows[0]) if rows else [])
    if fmt == "json":
        click.echo(terminal_json(json.dumps(rows, ensure_ascii=False, indent=2, default=str)))
    elif fmt == "csv":
        tty = _stdout_is_terminal()
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow([csv_cell(c, tty) for c in columns])
        for r in rows:
            writer.writerow([csv_cell(r.get(c), tty) for c in columns])
        # color=True: click would otherwise strip ANSI sequences out of the data when
        # the output is not a terminal (on a terminal, csv_cell has shown them already)
        click.echo(buf.getvalue(), nl=False, color=True)
    else:
        click.echo(render_table(rows, columns))


def say(text: str, err: bool = False) -> None:
    """``click.echo`` for a line that quotes data (names, titles): ``terminal_text``
    applied, so it is shown, not obeyed."""
    from c2graph.graph.textsafety import terminal_text

    click.echo(terminal_text(text), err=err)


class TerminalGuard(io.TextIOBase):
    """Standard output on a terminal, with ``terminal_text`` applied to everything written
    (line feeds and tabs kept): the last line of defence for any command that prints a
    name or title, whatever its own formatting does.  Installed by ``guard_terminal``
    only when standard output is a terminal, so piped or saved output is byte-exact."""

    def __init__(self, stream):
        super().__init__()
        self._stream = stream

    def write(self, text: str) -> int:
        from c2graph.graph.textsafety import terminal_text

        if not isinstance(text, str):  # click probes for a binary stream with b""
            raise TypeError("a text stream")
        self._stream.write(terminal_text(text, lines=True))
        return len(text)

    def flush(self) -> None:
        self._stream.flush()

    def isatty(self) -> bool:
        return True

    def fileno(self) -> int:
        return self._stream.fileno()

    def writable(self) -> bool:
        return True

    @property
    def encoding(self):
        return self._stream.encoding

    @property
    def errors(self):
        return self._stream.errors


def guard_terminal() -> None:
    """Wrap ``sys.stdout`` in a ``TerminalGuard`` when it is a terminal (once)."""
    stream = sys.stdout
    try:
        tty = stream is not None and not isinstance(stream, TerminalGuard) and stream.isatty()
    except (AttributeError, ValueError):
        tty = False
    if tty:
        sys.stdout = TerminalGuard(stream)


def _stdout_is_terminal() -> bool:
    stream = click.get_text_stream("stdout")
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def progress_bar(total: int, label: str, minimum: int = 5000):
    """A progress bar on stderr for large work on a terminal; a no-op context otherwise."""
    if total < minimum or not sys.stderr.isatty():
        return contextlib.nullcontext(None)
    return click.progressbar(length=total, label=label, file=sys.stderr)


def write_output(output: str, data: bytes | str) -> None:
    """Write to ``output``, or to standard output when it is ``-``."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    if output == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    from c2graph.viz.export.common import ExportError, atomic_write

    try:
        atomic_write(output, data)
    except ExportError as exc:
        raise C2Error(str(exc), EXIT_BAD_INPUT) from None


@contextlib.contextmanager
def working(label: str):
    """On a terminal, '<label> … 12 s' on stderr while a long step runs (cleared after).

    For steps whose size is not known ahead (validating a dataset, building a view or
    an export); work with a known size uses :func:`progress_bar`.  Nothing is printed
    when stderr is not a terminal, so pipes and logs stay clean.
    """
    if not sys.stderr.isatty():
        yield
        return
    import os
    import threading
    import time

    from c2graph.viz.layout.workers import PROGRESS_THREAD

    done = threading.Event()
    start = time.monotonic()

    fd = sys.stderr.fileno()

    def tick():   # os.write, not sys.stderr: it never holds stderr's lock (a fork
        while not done.wait(0.5):    # while it did would leave the child stuck on it)
            seconds = time.monotonic() - start
            if seconds >= 1:
                os.write(fd, f"\r{label} … {seconds:.0f} s\033[K".encode())

    sys.stderr.flush()
    thread = threading.Thread(target=tick, name=PROGRESS_THREAD, daemon=True)
    thread.start()
    try:
        yield
    finally:
        done.set()
        thread.join()
        sys.stderr.write("\r\033[K")
        sys.stderr.flush()
