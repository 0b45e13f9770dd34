"""``c2graph serve``: the explorer, a local read-only web page over the store.

The work is in ``c2graph.serve`` (what the page asks, the guarded HTTP server); this
module opens the store, starts the server, prints the URL and shuts everything down
cleanly on Ctrl-C or SIGTERM: the server stops taking requests, the store is closed
(the embedded engine's child process stopped, its lock released), exit code 0.
"""

from __future__ import annotations

import signal
import threading

import click

from c2graph.cli.common import C2Error, EXIT_BAD_INPUT, db_option, expected_errors, open_store
from c2graph.viz import LANGS


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, metavar="ADDRESS",
              help="Address to listen on. Anything but 127.0.0.1/localhost exposes the"
                   " explorer to your network (the token still guards it).")
@click.option("--port", default=8765, show_default=True, type=click.IntRange(0, 65535),
              help="Port (0: any free one).")
@click.option("--lang", type=click.Choice(LANGS), default="en",
              show_default=True, help="Language of the boxes and the interface.")
@click.option("--marking", metavar="TEXT", default=None,
              help="Banner at the top and bottom of the page and on exports (default:"
                   " UNCLASSIFIED).")
@click.option("--open", "open_browser", is_flag=True, help="Open the page in a browser.")
@click.option("--verbose", is_flag=True, help="Log every request on stderr.")
@db_option
def serve(host, port, lang, marking, open_browser, verbose, db_url):
    """Explore the store in a browser: search, expand, query, compare, what-if, export.

    Starts a local web server and prints its URL, which carries a random token made
    for this start: only a browser given that URL gets in.  The page is the diagram
    of 'c2graph view' with panels around it: search actors by English or Japanese
    name, run any canned query from a form (the answer is lit on the diagram and
    listed as a table), compare two scenarios, try a what-if (validated by the
    dataset's rules, like 'c2graph what-if', and never saved unless you name it and
    confirm), and download what you see as PNG, SVG or PPTX.

    Queries are read-only (the allowlist of 'c2graph cypher'). Ctrl-C stops the
    server and closes the store.  docs/serve.md has the details and the security model.

    \b
    Examples:
      c2graph serve
      c2graph serve --port 0 --lang ja
      c2graph serve --db bolt://localhost:7687
    """
    from c2graph.serve.explorer import Explorer, ExplorerError
    from c2graph.serve.http import ExplorerServer

    store = open_store(db_url)
    server = None
    try:
        with expected_errors():
            explorer = Explorer(store, lang=lang, marking=marking)
            try:  # read the scenarios now: errors before the URL, not after
                explorer.page_data()
            except ExplorerError as exc:
                raise C2Error(exc.messages, EXIT_BAD_INPUT) from None
        try:
            server = ExplorerServer(explorer, host, port)
        except OSError as exc:
            raise C2Error(f"cannot listen on {host}:{port}: {exc.strerror or exc}",
                          EXIT_BAD_INPUT) from None
        server.verbose = verbose
        click.echo(f"c2graph explorer on {store.url}")
        click.echo(f"Open {server.url}")
        click.echo("Ctrl-C stops it.", err=True)
        if open_browser:
            import webbrowser

            webbrowser.open(server.url)
        _serve_until_stopped(server)
    finally:
        if server is not None:
            server.server_close()
        store.close()
    click.echo("Stopped; the store is closed.", err=True)


def _serve_until_stopped(server) -> None:
    """Serve in a thread; the main thread waits for Ctrl-C or SIGTERM, then stops the
    server (finishing requests under way) and returns."""
    stop = threading.Event()
    # Both signals handled here (a shell's background job starts with SIGINT ignored,
    # and Python then raises no KeyboardInterrupt)
    previous = {sig: signal.signal(sig, lambda *_: stop.set())
                for sig in (signal.SIGINT, signal.SIGTERM)}
    worker = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.2},
                              name="c2graph-serve", daemon=True)
    worker.start()
    try:
        while not stop.wait(0.5):
            pass
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        server.shutdown()
        worker.join(timeout=10)
