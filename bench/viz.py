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

        from tests.browser import find_chromium, launch, open_page
    except ImportError as exc:
        return {"error": f"no browser: {exc}"}
    exe = find_chromium()
    if not exe:
        return {"error": "no chromium on PATH"}
    with sync_playwright() as p:
        browser = launch(p)   # the machine's fonts, as in the tests
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


# -- 4c. the peer: plain pyvis on the same organisation ------------------------------------

#: Timed in the page until the next animation frame after the call, i.e. until the
#: change is drawn (vis-network draws in requestAnimationFrame), for both pages alike.
def _until_drawn(code: str) -> str:
    """A page function timing ``code`` (a function body; ``return false`` = not
    measurable) until the next animation frame.  Built as text, not ``new Function``:
    the view's CSP forbids eval, and DevTools' evaluate is not bound by it."""
    return ("async () => { const t = performance.now(); const done = (() => { "
            + code + " })(); await new Promise(r => requestAnimationFrame(() => r()));"
            " return done === false ? null : performance.now() - t; }")

#: pyvis's template assigns its vis.Network to the global ``network``; this catches the
#: assignment and notes the first drawn frame (vis-network's own afterDrawing event).
_PYVIS_HOOK = """(() => {
  let held;
  Object.defineProperty(window, 'network', { configurable: true,
    get() { return held; },
    set(v) { held = v; if (v && v.once) { v.once('afterDrawing', () => {
      window.__firstDrawMs = performance.now(); }); } } });
})();"""


def pyvis_page(scenario, out: Path, physics: bool = True) -> float:
    """The organisation as a user of plain pyvis draws it: one ``Network``, a node per
    actor (name as label), an edge per relationship, ``write_html`` with pyvis's own
    template (vis-network inlined so the page opens offline; neighbourhood highlight on,
    pyvis's nearest thing to a chain highlight).  ``physics=False`` is pyvis's
    ``toggle_physics(False)``: its default physics stabilises the whole graph before the
    first frame, which at 1,000 actors takes longer than a user waits.  Returns the
    seconds it took."""
    from pyvis.network import Network

    started = time.perf_counter()
    net = Network(height="1000px", width="100%", directed=True, cdn_resources="in_line",
                  neighborhood_highlight=True)
    for a in scenario.actors.values():
        net.add_node(a.id, label=a.name_en, title=a.name_en, group=a.nation)
    for r in scenario.relationships.values():
        net.add_edge(r.source, r.target, title=r.type)
    if not physics:
        net.toggle_physics(False)
    net.write_html(str(out), notebook=False)
    return time.perf_counter() - started


def _browser_page(browser, html: Path, init: str | None):
    """A 1600x1000 page on ``html`` with every request but the file itself aborted."""
    url = html.resolve().as_uri()
    context = browser.new_context(viewport={"width": 1600, "height": 1000})
    context.route("**/*", lambda r: r.continue_() if r.request.url == url else r.abort())
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    if init:
        page.add_init_script(init)
    return context, page, url, errors


def peer_figures(c2_html: Path, pyvis_html: dict, draw_timeout: float) -> dict:
    """First draw and clicks of the view and of each pyvis page ({name: path}) in one
    headless Chromium."""
    try:
        from playwright.sync_api import TimeoutError as PlaywrightTimeout
        from playwright.sync_api import sync_playwright

        from tests.browser import find_chromium, launch
    except ImportError as exc:
        return {"error": f"no browser: {exc}"}
    exe = find_chromium()
    if not exe:
        return {"error": "no chromium on PATH"}
    out: dict = {}
    with sync_playwright() as p:
        browser = launch(p)   # the machine's fonts, as in the tests
        try:
            context, page, url, errors = _browser_page(browser, c2_html, None)
            page.goto(url, wait_until="load", timeout=draw_timeout * 1000)
            page.wait_for_function("window.c2graph && window.c2graph.ready && "
                                   "window.c2graph.draws > 0", timeout=draw_timeout * 1000)
            c2 = {"first": page.evaluate("window.c2graph.firstDrawMs")}
            actor = page.evaluate("window.c2graph.visible()"
                                  ".filter(a => a.startsWith('us.c')).sort().pop()")
            c2["actor"] = actor
            c2["select"] = page.evaluate(_until_drawn(
                f"window.c2graph.network.selectNodes([{actor!r}])"))
            c2["highlight"] = page.evaluate(_until_drawn(
                f"window.c2graph.select({actor!r}, false)"))
            page.evaluate("window.c2graph.select(null, false)")
            closed = page.evaluate("""() => { const c = window.c2graph,
                sc = c.model.scenario(c.state.scenario);
              return c.visible().filter(id => !sc.open[sc.at[id]] &&
                sc.children[sc.at[id]].length).sort((a, b) =>
                sc.below[sc.at[b]] - sc.below[sc.at[a]])[0] || null; }""")
            c2["expand"] = (page.evaluate(_until_drawn(f"window.c2graph.expand({closed!r})"))
                            if closed else None)
            c2["errors"] = list(errors)
            context.close()
            out["c2graph"] = c2

            for name, html in pyvis_html.items():
                out[name] = _pyvis_figures(browser, html, actor, draw_timeout)
        finally:
            browser.close()
    return out


def _pyvis_figures(browser, html: Path, actor: str, draw_timeout: float) -> dict:
    """First draw, select and neighbourhood highlight of one pyvis page, or the time
    it was given without drawing (``timeout``)."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    context, page, url, errors = _browser_page(browser, html, _PYVIS_HOOK)
    pv: dict = {}
    try:
        page.goto(url, wait_until="load", timeout=draw_timeout * 1000)
        page.wait_for_function("window.__firstDrawMs !== undefined",
                               timeout=draw_timeout * 1000)
        pv["first"] = page.evaluate("window.__firstDrawMs")
        pv["select"] = page.evaluate(_until_drawn(f"network.selectNodes([{actor!r}])"))
        pv["highlight"] = page.evaluate(_until_drawn(
            "if (typeof neighbourhoodHighlight !== 'function') return false; "
            f"neighbourhoodHighlight({{nodes: [{actor!r}]}})"))
    except PlaywrightTimeout:
        pv["timeout"] = draw_timeout
    pv["errors"] = list(errors)
    context.close()
    return pv


def _r(ours, theirs) -> str:
    """c2graph's figure as a ratio to the peer's (below 1 is better for every figure)."""
    if ours is None or theirs is None or not theirs:
        return "-"
    return f"{ours / theirs:.2g}x"


def peer_run(sizes: list[int], timeout: float = 300, draw_timeout: float = 60) -> None:
    """4c: c2graph view against plain pyvis, and the view's targets at scale."""
    from bench.common import baseline

    rows, targets = [], []
    for actors in sizes:
        folder = dataset(actors)
        scenario = baseline(actors)
        with tempfile.TemporaryDirectory(prefix="c2g-bench-pyvis-") as tmp:
            tmp = Path(tmp)
            db = f"embedded:{tmp / 'db'}"
            _, proc = run_cli(["load", str(folder), "--db", db])
            if proc.returncode != 0:
                raise RuntimeError(f"load failed: {proc.stderr[-500:]}")
            ours = tmp / "view.html"
            seconds, proc = run_cli(["view", "-s", "baseline", "-o", str(ours), "--db", db],
                                    timeout=timeout)
            if proc is None or proc.returncode != 0:
                why = "stopped" if proc is None else proc.stderr.strip()[-200:]
                print(f"  view {actors:,} actors failed: {why}", flush=True)
                continue
            peers = {"pyvis": tmp / "pyvis.html", "pyvis, physics off": tmp / "flat.html"}
            written = {name: pyvis_page(scenario, path, physics=name == "pyvis")
                       for name, path in peers.items()}
            size = ours.stat().st_size
            sizes_of = {name: path.stat().st_size for name, path in peers.items()}
            print(f"  {actors:,} actors: view {seconds:.1f} s {size / 1e6:.1f} MB, pyvis "
                  f"{written['pyvis']:.1f} s {sizes_of['pyvis'] / 1e6:.1f} MB; drawing ...",
                  flush=True)
            fig = peer_figures(ours, peers, draw_timeout)
        if "error" in fig:
            rows.append({"actors": f"{actors:,}", "figure": fig["error"]})
            continue
        c2 = fig["c2graph"]

        def cell(v, unit="ms"):
            return "-" if v is None else f"{v:.0f} {unit}"

        def peer(name, key):
            pv = fig[name]
            if "timeout" in pv:
                return f"not drawn in {draw_timeout:.0f} s", "-"
            return cell(pv.get(key)), _r(c2[key], pv.get(key))

        lines = [("page size", f"{size / 1e6:.1f} MB",
                  {n: (f"{s / 1e6:.1f} MB", _r(size, s)) for n, s in sizes_of.items()}),
                 ("page written (view: the whole command, store read included)",
                  f"{seconds:.1f} s",
                  {n: (f"{s:.1f} s", _r(seconds, s)) for n, s in written.items()})]
        for key, name in (("first", "first draw"), ("select", "click: select"),
                          ("highlight", "click: highlight chain")):
            lines.append((name, cell(c2[key]), {n: peer(n, key) for n in peers}))
        lines.append(("click: expand a collapsed subtree", cell(c2["expand"]),
                      {n: ("no collapse", "-") for n in peers}))
        lines.append(("page errors", str(len(c2["errors"])),
                      {n: (str(len(fig[n]["errors"])), "-") for n in peers}))
        for name, ours_cell, theirs in lines:
            row = {"actors": f"{actors:,}", "figure": name, "c2graph view": ours_cell}
            for n, (value, r) in theirs.items():
                row[n] = value
                row[f"ratio to {n}"] = r
            rows.append(row)
        clicks = [c2["select"], c2["highlight"], c2["expand"]]
        worst = max(v for v in clicks if v is not None)
        targets.append({"actors": f"{actors:,}",
                        "command ≤ 15 s": f"{seconds:.1f} s",
                        "page ≤ 25 MB": f"{size / 1e6:.1f} MB",
                        "first draw ≤ 1.5 s": f"{c2['first'] / 1000:.2f} s",
                        "slowest click ≤ 200 ms": f"{worst:.0f} ms"})
    table("4c. c2graph view beside plain pyvis (Network + write_html, its own template),"
          " same baseline scenario, one headless Chromium at 1600x1000", rows,
          ["actors", "figure", "c2graph view", "pyvis", "ratio to pyvis",
           "pyvis, physics off", "ratio to pyvis, physics off"],
          note="Clicks are timed in the page from the call until the next animation frame"
               " (the change drawn): select = vis-network selectNodes; highlight ="
               " window.c2graph.select (chain and partners lit) vs pyvis's"
               " neighbourhoodHighlight; expand = window.c2graph.expand on the largest"
               " collapsed subtree shown. first draw: performance.now() at the first"
               " drawn frame (pyvis: vis-network's afterDrawing; its default physics"
               " stabilises the whole graph before the first frame; 'physics off' is"
               " toggle_physics(False)). pyvis's highlight is its neighbourhood highlight"
               " (neighborhood_highlight=True), its nearest thing to a chain. Ratio below"
               " 1: c2graph smaller or faster.")
    table("4d. The view's targets (issue 16)", targets,
          note="command: `c2graph view -s baseline` wall time against an embedded store"
               " holding the 4 scenarios of the synthetic dataset.")
