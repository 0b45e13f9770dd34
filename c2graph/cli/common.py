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


def as_of_option(f):
    return click.option(
        "--as-of", "as_of", metavar="DATE",
        help="The structure in effect on DATE (YYYY-MM-DD): the scenario's dated events in"
             " effect by then; announced changes not yet in effect are listed, not drawn."
             " Without --scenario: the dataset's dated timeline.")(f)


def dated(store, scenario: str | None, date: str):
    """The ``graph.timeline.AsOf`` answer for ``scenario`` (default: the dated timeline)
    on ``date``, read from the store; the graph it names is checked to be loaded."""
    from c2graph.graph.store.base import UnknownScenario
    from c2graph.graph.timeline import AsOfError, as_of, default_dated

    with expected_errors():
        try:
            sid = scenario or default_dated(store.scenarios())
            answer = as_of(sid, store.require_scenario(sid), date)
        except AsOfError as exc:
            raise C2Error(str(exc), EXIT_BAD_INPUT) from None
        try:
            store.require_scenario(answer.graph)
        except UnknownScenario:
            raise C2Error(f"the store lacks {answer.graph}, the structure of {sid} in effect"
                          f" on {answer.date}: load the dataset again ('c2graph load')",
                          EXIT_BAD_INPUT) from None
    return answer


def label_dated(g, answer) -> None:
    """Name a graph read for ``--as-of`` after the date it shows, in its metadata (the
    title and description every chart and page prints, the id the page lists): the
    title says the date and lists what was announced but is not in effect, since the
    chart draws only what is."""
    g.graph.update({
        "id": f"{answer.scenario}-as-of-{answer.date}",  # a valid scenario id: reloadable
        "title": f"{answer.title or answer.scenario} — as of {answer.date}" + (
            " · announced, not in effect: " + "; ".join(e["title"] for e in answer.pending)
            if answer.pending else ""),
        "date": answer.date,
        "description": answer.summary() + ". " + (g.graph.get("description") or ""),
    })
    if answer.title_ja:
        g.graph["title_ja"] = f"{answer.title_ja}（{answer.date}時点）" + (
            "・発表済み未発効：" + "；".join(e["title"] for e in answer.pending)
            if answer.pending else "")
    if g.graph.get("description_ja"):
        g.graph["description_ja"] = (f"{answer.date}時点の構造（{answer.since}以降に効力）。発表済みで"
                                     f"未発効の変更は描いていない。{g.graph['description_ja']}")


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
    """Terminal columns of ``text``: CJK wide and full-width characters take two.
    ASCII (most cells) is one a character without a look-up per character: an
    analyze table of 100,000 actors spent ~10 s of CPU here."""
    if text.isascii():
        return len(text)
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
    """A plain-text table that lines up Japanese (double-width) text too.

    A table is for people, so every cell and heading passes ``terminal_text`` whatever
    the output is: a name from a shared Neo4j cannot clear the screen, retitle the
    window or plant a link, now or when the saved table is printed later.
    """
    from c2graph.graph.textsafety import terminal_text

    columns = columns or (list(rows[0]) if rows else [])
    if not columns:
        return "(no rows)"
    cells = [[terminal_text(_cell(r.get(c))) for c in columns] for r in rows]
    heads = [terminal_text(c) for c in columns]
    sized = [[(v, _width(v)) for v in row] for row in cells]  # each cell measured once
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


def progress_bar(total: int, label: str):
    """A progress bar on stderr for large work; a no-op context for small work."""
    if total < 5000 or not sys.stderr.isatty():
        return contextlib.nullcontext(None)
    return click.progressbar(length=total, label=label, file=sys.stderr)
