"""4. ``c2graph view`` and ``c2graph export svg|pptx`` on large organisations.

Each command runs as a user runs it (a child process, against an embedded store
holding every scenario of the synthetic dataset) and draws the baseline scenario;
the table gives wall time and output size, and how both grow from the smaller size
to the larger.  The view's HTML is then opened in headless Chromium (as the view
tests do, every network request blocked): the page's own ``firstDrawMs`` is the
time from navigation to the first drawn frame, and a click on an actor (reporting
chain highlighted) is timed in the page.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from bench.common import dataset, ratio, run_cli, table

COMMANDS = {
    "view (HTML)": (["view", "-s", "baseline", "-o"], "view.html"),
    "export svg": (["export", "svg", "-s", "baseline", "-o"], "chart.svg"),
    "export pptx": (["export", "pptx", "-s", "baseline", "-o"], "chart.pptx"),
}


def browser_figures(html: Path) -> dict:
    """First draw and click-to-highlight in headless Chromium, or why not measured."""
    try:
        from playwright.sync_api import sync_playwright

        from tests.browser import FLAGS, find_chromium, open_page
    except ImportError as exc:
        return {"error": f"no browser: {exc}"}
    exe = find_chromium()
    if not exe:
        return {"error": "no chromium on PATH"}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=exe, args=FLAGS)
        try:
            started = time.perf_counter()
            visit = open_page(browser, html)
            opened = time.perf_counter() - started
            page = visit.page
            first = page.evaluate("window.c2graph.firstDrawMs")
            actor = page.evaluate("window.c2graph.visible()"
                                  ".filter(a => a.startsWith('us.c')).sort().pop()")
            click_ms = page.evaluate(
                "(a) => { const t = performance.now(); window.c2graph.select(a, false);"
                " return performance.now() - t; }", actor)
            errors = visit.page_errors + visit.console_errors
            visit.close()
        finally:
            browser.close()
    return {"first_draw_ms": first, "open_s": opened, "click_ms": click_ms,
            "errors": errors}


def run(sizes: list[int], timeout: float = 120) -> None:
    rows, seen = [], {}
    browser_rows = []
    for actors in sizes:
        folder = dataset(actors)
        with tempfile.TemporaryDirectory(prefix="c2g-bench-viz-") as tmp:
            db = f"embedded:{Path(tmp) / 'db'}"
            _, proc = run_cli(["load", str(folder), "--db", db])
            if proc.returncode != 0:
                raise RuntimeError(f"load failed: {proc.stderr[-500:]}")
            for name, (args, filename) in COMMANDS.items():
                out = Path(tmp) / filename
                seconds, proc = run_cli(args + [str(out), "--db", db], timeout=timeout)
                if proc is None or proc.returncode != 0:
                    why = (f"stopped after {timeout:.0f} s" if proc is None else
                           f"exit {proc.returncode}: "
                           + (proc.stderr.strip().splitlines() or ["?"])[-1][:120])
                    rows.append({"actors": f"{actors:,}", "command": name,
                                 "seconds": "-", "size": "-", "note": why})
                    print(f"  {name} {actors:,} actors: {why}", flush=True)
                    continue
                size = out.stat().st_size
                before = seen.get(name)
                rows.append({"actors": f"{actors:,}", "command": name,
                             "seconds": f"{seconds:.1f}", "size": f"{size / 1e6:.2f} MB",
                             f"time vs {sizes[0]:,}": ratio(seconds, before[0]) if before else "1.0x",
                             f"size vs {sizes[0]:,}": ratio(size, before[1]) if before else "1.0x",
                             "note": (proc.stderr.strip().splitlines() or [""])[-1][:120]})
                seen.setdefault(name, (seconds, size))
                print(f"  {name} {actors:,} actors: {seconds:.1f} s, {size / 1e6:.2f} MB",
                      flush=True)
                if name.startswith("view"):
                    fig = browser_figures(out)
                    if "error" in fig:
                        browser_rows.append({"actors": f"{actors:,}", "result": fig["error"]})
                    else:
                        browser_rows.append({
                            "actors": f"{actors:,}",
                            "first draw ms (page's own clock)": f"{fig['first_draw_ms']:.0f}",
                            "open until drawn s (Playwright)": f"{fig['open_s']:.1f}",
                            "click to highlight ms": f"{fig['click_ms']:.0f}",
                            "page errors": len(fig["errors"])})
    table("4. view and export (embedded store, baseline scenario of 4 loaded; wall time of the"
          " command)", rows,
          [c for c in ("actors", "command", "seconds", "size", f"time vs {sizes[0]:,}",
                       f"size vs {sizes[0]:,}", "note")],
          note=f"Each command is stopped after {timeout:.0f} s. note: the command's last line"
               " on stderr (its error, or a warning).")
    table("4b. The view's HTML in headless Chromium", browser_rows,
          note="first draw: performance.now() at vis-network's first afterDrawing event;"
               " open until drawn: page.goto until window.c2graph.ready and one draw;"
               " click: window.c2graph.select(actor) (chain and partners highlighted).")
