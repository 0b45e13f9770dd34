"""Headless Chromium for the browser tests, driven by Playwright's Python package.

Why this shape: Playwright can drive the Debian ``chromium`` package directly
(``executable_path``), so nothing is downloaded (``playwright install`` is never
needed; ``.ci/browser-setup.sh`` installs chromium).  Every page is opened with all
network traffic intercepted: the page's own file is allowed, anything else is
recorded and aborted, so a test can assert that nothing left the page.

Public API::

    find_chromium() -> str | None                  # $C2GRAPH_CHROMIUM, chromium, chromium-browser
    launch(playwright) -> Browser                 # headless, no sandbox (root), no background traffic
    open_page(browser, path, size=(1600, 1000)) -> Visit
    Visit: .page, .url, .console_errors, .requests_out, .dialogs, .page_errors, .close()
    browser fixture (session)                      # skips with a reason, or fails under CI=true
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pytest

ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-default-apps", "--disable-dev-shm-usage", "--hide-scrollbars",
         "--font-render-hinting=none"]


def find_chromium() -> str | None:
    for candidate in (os.environ.get("C2GRAPH_CHROMIUM"), "chromium", "chromium-browser"):
        if candidate:
            found = shutil.which(candidate)
            if found:
                return found
    return None


def unavailable(reason: str):
    """Skip here; fail under CI=true, where a missing browser is a broken set-up."""
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"browser tests cannot run: {reason}", pytrace=False)
    pytest.skip(reason)


@dataclass
class Visit:
    """One opened page and everything it tried to do."""

    page: object
    url: str
    context: object
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    requests_out: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def close(self) -> None:
        self.context.close()

    def screenshot(self, name: str) -> Path:
        ARTIFACTS.mkdir(exist_ok=True)
        path = ARTIFACTS / name
        self.page.screenshot(path=str(path))
        return path


def launch(playwright):
    exe = find_chromium()
    if exe is None:
        unavailable("no chromium on PATH (run .ci/browser-setup.sh)")
    # Playwright refuses --user-data-dir here: it gives every launch a new, empty
    # profile of its own, which is what we want.  The browser sees the machine's fonts,
    # as a reader's would: a chart export earlier in this process points
    # FONTCONFIG_FILE at the charts' one private font (viz/fonts), and a page measured
    # with that instead lays out differently (the crossing counts of
    # test_view_geometry then depended on which tests ran first).
    env = {k: v for k, v in os.environ.items() if k != "FONTCONFIG_FILE"}
    return playwright.chromium.launch(executable_path=exe, args=FLAGS, env=env)


def open_page(browser, path: Path, size=(1600, 1000), wait_ready: bool = True) -> Visit:
    url = Path(path).resolve().as_uri()
    context = browser.new_context(viewport={"width": size[0], "height": size[1]},
                                  service_workers="block")
    page = context.new_page()
    visit = Visit(page, url, context)

    def route(r):
        if r.request.url == url:
            r.continue_()
        else:
            visit.requests_out.append(r.request.url)
            r.abort()

    context.route("**/*", route)

    def on_request(req):  # also sees what routing cannot (websockets aside, data: URLs)
        if req.url != url and not req.url.startswith("data:") and req.url not in visit.requests_out:
            visit.requests_out.append(req.url)

    page.on("request", on_request)
    page.on("websocket", lambda ws: visit.requests_out.append(ws.url))
    page.on("console", lambda m: visit.console_errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: visit.page_errors.append(str(e)))

    def on_dialog(d):
        visit.dialogs.append(f"{d.type}: {d.message}")
        d.dismiss()

    page.on("dialog", on_dialog)
    page.goto(url, wait_until="load")
    if wait_ready:
        page.wait_for_function("window.c2graph && window.c2graph.ready && window.c2graph.draws > 0",
                               timeout=30000)
    return visit


@pytest.fixture(scope="session")
def browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("the playwright package is not installed (pip install -e '.[dev]')")
    if find_chromium() is None:
        unavailable("no chromium on PATH (run .ci/browser-setup.sh)")
    with sync_playwright() as p:
        b = launch(p)
        try:
            yield b
        finally:
            b.close()
