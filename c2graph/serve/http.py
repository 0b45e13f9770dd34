"""The explorer's HTTP server: the standard library's ``ThreadingHTTPServer``, guarded.

Why the standard library and not Starlette/uvicorn: the server has eight routes, no
streaming, no websockets and one user; what it needs is a handful of checks on
every request, which are plainer written out here than spread over middleware, and
it adds no dependency to a tool that installs on air-gapped laptops (docs/serve.md).

Every request passes, in this order (``Handler._guard``):

1. **Host**: the ``Host`` header must name this server (``127.0.0.1:PORT``,
   ``localhost:PORT`` or the bound address): a DNS-rebinding page on another name
   gets 421 and nothing else.
2. **Token**: a random ``secrets.token_urlsafe(32)`` made at start.  The printed URL
   carries it once (``/?token=…``); the server answers with a ``SameSite=Strict``,
   ``HttpOnly`` cookie and a redirect to the same path without it, so it stays out
   of the history and of any ``Referer``.  Every later request needs the cookie
   (compared in constant time); without it: 403.
3. **Writes**: every POST needs ``Content-Type: application/json``, an
   ``X-C2graph-CSRF`` header equal to the page's CSRF token (a second secret, only
   in the page itself), and, where the browser sends them, an ``Origin`` of this
   server and ``Sec-Fetch-Site: same-origin``.  A form or a script on another
   origin can send none of these.
4. **Size**: bodies above ``MAX_BODY`` bytes are refused before they are read.

Answers are JSON (or a chart download), with a strict Content-Security-Policy (no
inline script: every script is a file of this server), ``nosniff``, no caching, no
framing and **no CORS headers** at all (a browser then lets no other origin read an
answer).  Store access is serialised by ``Explorer.lock``.
"""

from __future__ import annotations

import hmac
import json
import re
import secrets
import threading
from http import HTTPStatus
from http.cookies import SimpleCookie
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from urllib.parse import parse_qs, urlsplit

from c2graph.serve.explorer import CHART_TYPES, Explorer, ExplorerError
from c2graph.viz.view import SCRIPTS as VIEW_SCRIPTS

#: Largest request body accepted (an export of 50,000 visible actors names them all).
MAX_BODY = 4 * 1024 * 1024
CSRF_HEADER = "X-C2graph-CSRF"
#: Scripts only from this server's files (none inline, none elsewhere); requests only
#: to itself.  Inline styles stay allowed: vis-network sets them on its canvas and
#: tooltips, as in the view's page.
PAGE_CSP = ("default-src 'none'; script-src 'self'; connect-src 'self'; img-src 'self' data:"
            " blob:; style-src 'self' 'unsafe-inline'; font-src 'none'; object-src 'none';"
            " frame-src 'none'; worker-src 'none'; base-uri 'none'; form-action 'none'")
#: The header adds what a <meta> policy cannot carry: no framing by another page.
CSP = PAGE_CSP + "; frame-ancestors 'none'"
#: Files the page loads: name -> (package, path).  The view's scripts are its own list
#: (``viz.view.SCRIPTS``, docs/view.md), so a module it adds is served too.
ASSETS = {
    **{name: ("c2graph.viz", f"assets/{name}") for name in VIEW_SCRIPTS},
    "explorer.js": ("c2graph.serve", "assets/explorer.js"),
    "explorer.css": ("c2graph.serve", "assets/explorer.css"),
}
#: Scripts in load order: vis-network, the view's modules, the explorer.
SCRIPTS = ("vis-network.js", *VIEW_SCRIPTS, "explorer.js")


class ExplorerServer(ThreadingHTTPServer):
    """One explorer on one address; ``token`` and ``csrf`` are this start's secrets."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, explorer: Explorer, host: str = "127.0.0.1", port: int = 0):
        self.explorer = explorer
        self.token = secrets.token_urlsafe(32)
        self.csrf = secrets.token_urlsafe(32)
        super().__init__((host, port), Handler)
        self.port = self.server_address[1]
        self.cookie = f"c2graph_{self.port}"
        if ":" in host:  # IPv6
            names = {f"[{host}]"}
        elif host in ("127.0.0.1", "localhost"):
            names = {"127.0.0.1", "localhost"}
        else:
            names = {host}
        self.hosts = {f"{name}:{self.port}" for name in names}
        self.verbose = False
        self._assets: dict[str, bytes] = {}
        self._asset_lock = threading.Lock()
        self._page: tuple[object, bytes] | None = None  # (page data it was made from, HTML)

    @property
    def url(self) -> str:
        host = self.server_address[0]
        shown = f"[{host}]" if ":" in host else host
        return f"http://{shown}:{self.port}/?token={self.token}"

    def origin_ok(self, origin: str) -> bool:
        parts = urlsplit(origin)
        return parts.scheme == "http" and parts.netloc in self.hosts

    def asset(self, name: str) -> bytes:
        with self._asset_lock:
            if name not in self._assets:
                if name == "vis-network.js":
                    from c2graph.viz.view import vis_network_js

                    self._assets[name] = vis_network_js().encode("utf-8")
                else:
                    package, path = ASSETS[name]
                    self._assets[name] = resources.files(package).joinpath(path).read_bytes()
            return self._assets[name]

    def page(self) -> bytes:
        """The view's page skeleton (``viz/assets/view.html``) with the data inline as
        JSON (not a script: it never runs) and every script as a file of this server."""
        from c2graph.viz.view import script_json

        data = self.explorer.page_data()
        with self._asset_lock:
            if self._page is not None and self._page[0] is data:
                return self._page[1]
        values = {
            "CSP": PAGE_CSP,
            "TITLE": "c2graph explorer",
            "LANG": "ja" if data.get("lang") == "ja" else "en",
            "CSS": resources.files("c2graph.viz").joinpath("assets/view.css").read_text(
                encoding="utf-8"),
            "DATA": script_json(data),
            "SCRIPTS": (f'<meta name="c2graph-csrf" content="{self.csrf}">\n'
                        '<link rel="stylesheet" href="/assets/explorer.css">\n'
                        + "\n".join(f'<script src="/assets/{s}"></script>' for s in SCRIPTS)),
        }
        template = resources.files("c2graph.viz").joinpath("assets/view.html").read_text(
            encoding="utf-8")
        # one pass: text substituted in is never scanned for further placeholders
        html = re.sub(r"\{\{([A-Z]+)\}\}", lambda m: values[m.group(1)], template).encode()
        with self._asset_lock:  # kept until a saved what-if changes the page data
            self._page = (data, html)
        return html


class Handler(BaseHTTPRequestHandler):
    server: ExplorerServer
    server_version = "c2graph"
    sys_version = ""
    protocol_version = "HTTP/1.1"

    # -- the guard ----------------------------------------------------------------------
    def _guard(self, post: bool) -> bool:
        """True when the request may go on; otherwise the refusal has been sent."""
        srv = self.server
        host = self.headers.get("Host", "")
        if host not in srv.hosts:
            self._refuse(HTTPStatus.MISDIRECTED_REQUEST,
                         f"this server answers only to {sorted(srv.hosts)[0]}")
            return False
        url = urlsplit(self.path)
        given = parse_qs(url.query).get("token", [None])[0]
        if given is not None and not post:
            if hmac.compare_digest(given.encode(), srv.token.encode()):
                self.send_response(HTTPStatus.SEE_OTHER)
                self.send_header("Set-Cookie", f"{srv.cookie}={srv.token}; Path=/; HttpOnly;"
                                               " SameSite=Strict")
                self.send_header("Location", url.path or "/")
                self._common_headers()
                self.send_header("Content-Length", "0")
                self.end_headers()
                return False
            self._refuse(HTTPStatus.FORBIDDEN, "wrong token: use the URL c2graph serve printed")
            return False
        cookie = SimpleCookie()
        try:
            cookie.load(self.headers.get("Cookie", ""))
        except Exception:
            cookie = SimpleCookie()
        held = cookie[srv.cookie].value if srv.cookie in cookie else ""
        if not hmac.compare_digest(held.encode(), srv.token.encode()):
            self._refuse(HTTPStatus.FORBIDDEN, "no valid token: open the URL c2graph serve"
                                               " printed")
            return False
        if post:
            origin = self.headers.get("Origin")
            site = self.headers.get("Sec-Fetch-Site")
            csrf = self.headers.get(CSRF_HEADER, "")
            kind = self.headers.get("Content-Type", "").split(";")[0].strip().lower()
            if (origin is not None and not srv.origin_ok(origin)) or \
                    (site is not None and site != "same-origin"):
                self._refuse(HTTPStatus.FORBIDDEN, "cross-origin request refused")
                return False
            if not hmac.compare_digest(csrf.encode(), srv.csrf.encode()):
                self._refuse(HTTPStatus.FORBIDDEN, "missing or wrong CSRF token")
                return False
            if kind != "application/json":
                self._refuse(HTTPStatus.UNSUPPORTED_MEDIA_TYPE, "send application/json")
                return False
        return True

    # -- routes -------------------------------------------------------------------------
    def do_GET(self):
        if not self._guard(post=False):
            return
        path = urlsplit(self.path).path
        query = parse_qs(urlsplit(self.path).query)
        try:
            if path == "/":
                return self._send(HTTPStatus.OK, self.server.page(), "text/html; charset=utf-8")
            if path == "/favicon.ico":
                return self._send(HTTPStatus.NO_CONTENT, b"", "image/x-icon")
            if path.startswith("/assets/"):
                name = path[len("/assets/"):]
                if name not in ASSETS and name != "vis-network.js":
                    return self._refuse(HTTPStatus.NOT_FOUND, "no such file")
                kind = "text/css" if name.endswith(".css") else "text/javascript"
                return self._send(HTTPStatus.OK, self.server.asset(name),
                                  f"{kind}; charset=utf-8")
            ex = self.server.explorer
            if path == "/api/queries":
                return self._json(ex.queries())
            if path == "/api/search":
                return self._json(ex.search(query.get("q", [""])[0]))
            if path == "/api/scenarios":
                return self._json(sorted(ex.graphs()))
            return self._refuse(HTTPStatus.NOT_FOUND, "no such page")
        except Exception as exc:  # noqa: BLE001 - every failure becomes one JSON answer
            return self._failure(exc)

    def do_POST(self):
        if not self._guard(post=True):
            return
        length = self.headers.get("Content-Length")
        if length is None or not length.isdigit():
            return self._refuse(HTTPStatus.LENGTH_REQUIRED, "Content-Length required")
        if int(length) > MAX_BODY:
            self.close_connection = True
            return self._refuse(HTTPStatus.REQUEST_ENTITY_TOO_LARGE,
                                f"request larger than {MAX_BODY} bytes")
        try:
            body = json.loads(self.rfile.read(int(length)) or b"{}")
        except (ValueError, UnicodeDecodeError):
            return self._refuse(HTTPStatus.BAD_REQUEST, "the body is not JSON")
        if not isinstance(body, dict):
            return self._refuse(HTTPStatus.BAD_REQUEST, "the body must be a JSON object")
        path = urlsplit(self.path).path
        ex = self.server.explorer
        try:
            if path == "/api/query":
                return self._json(ex.run_query(_text(body, "name"), _map(body, "params")))
            if path == "/api/cypher":
                return self._json(ex.run_cypher(_text(body, "text"), _map(body, "params")))
            if path == "/api/compare":
                return self._json(ex.compare(_text(body, "first"), _text(body, "second")))
            if path == "/api/what-if":
                save = body.get("save") or None
                return self._json(ex.what_if(_text(body, "base"), body.get("changes") or {},
                                             save=save if isinstance(save, str) else None,
                                             confirm=body.get("confirm") is True))
            if path == "/api/export":
                fmt = _text(body, "format")
                actors = body.get("actors")
                if actors is not None and (not isinstance(actors, list) or
                                           not all(isinstance(a, str) for a in actors)):
                    raise ExplorerError("actors: expected a list of actor ids")
                data = ex.export(fmt, _text(body, "scenario"), actors,
                                 body.get("lang") or "en")
                name = re.sub(r"[^a-z0-9._-]", "_", _text(body, "scenario"))
                return self._send(HTTPStatus.OK, data, CHART_TYPES[fmt],
                                  download=f"{name}.{fmt}")
            return self._refuse(HTTPStatus.NOT_FOUND, "no such action")
        except Exception as exc:  # noqa: BLE001 - every failure becomes one JSON answer
            return self._failure(exc)

    def do_PUT(self):
        self._not_allowed()

    do_DELETE = do_PATCH = do_OPTIONS = do_PUT

    def do_HEAD(self):
        self._not_allowed()

    def _not_allowed(self):
        if self._guard(post=False):
            self._refuse(HTTPStatus.METHOD_NOT_ALLOWED, "only GET and POST")

    # -- answers ------------------------------------------------------------------------
    def _failure(self, exc: Exception):
        from c2graph.cypher.library import LibraryError
        from c2graph.cypher.params import QueryError
        from c2graph.graph.model import DatasetError
        from c2graph.graph.store.base import (NotUnicode, ReadOnlyRefused, StoreError,
                                              UnknownScenario)

        if isinstance(exc, ExplorerError):
            return self._json({"errors": exc.messages}, exc.status)
        if isinstance(exc, DatasetError):  # a what-if the dataset's rules refuse
            return self._json({"errors": [str(p) for p in exc.problems]},
                              HTTPStatus.BAD_REQUEST)
        if isinstance(exc, QueryError):
            problems = exc.args[0] if exc.args and isinstance(exc.args[0], list) else [str(exc)]
            return self._json({"errors": [str(p) for p in problems]}, HTTPStatus.BAD_REQUEST)
        if isinstance(exc, (ReadOnlyRefused, LibraryError, UnknownScenario, NotUnicode)):
            return self._json({"errors": [str(exc)]}, HTTPStatus.BAD_REQUEST)
        if isinstance(exc, StoreError):
            return self._json({"errors": [str(exc)]}, HTTPStatus.BAD_GATEWAY)
        self.log_error("unexpected failure: %r", exc)
        return self._json({"errors": [f"internal error: {type(exc).__name__}: {exc}"]},
                          HTTPStatus.INTERNAL_SERVER_ERROR)

    def _common_headers(self):
        self.send_header("Content-Security-Policy", CSP)
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Referrer-Policy", "no-referrer")
        self.send_header("X-Frame-Options", "DENY")
        self.send_header("Cross-Origin-Opener-Policy", "same-origin")
        self.send_header("Cross-Origin-Resource-Policy", "same-origin")
        self.send_header("Cache-Control", "no-store")

    def _send(self, status, data: bytes, kind: str, download: str | None = None):
        self.send_response(status)
        self._common_headers()
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        if download:
            self.send_header("Content-Disposition", f'attachment; filename="{download}"')
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    def _json(self, value, status=HTTPStatus.OK):
        data = json.dumps(value, ensure_ascii=False, default=str).encode("utf-8")
        return self._send(status, data, "application/json; charset=utf-8")

    def _refuse(self, status, message: str):
        return self._json({"errors": [message]}, status)

    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        """Quiet unless ``--verbose``: the terminal shows the URL and errors only."""
        if self.server.verbose:
            super().log_message(format, *args)


def _text(body: dict, key: str) -> str:
    value = body.get(key)
    if not isinstance(value, str) or not value.strip():
        raise ExplorerError(f"{key}: expected a text")
    return value.strip()


def _map(body: dict, key: str) -> dict:
    value = body.get(key) or {}
    if not isinstance(value, dict) or not all(isinstance(k, str) for k in value):
        raise ExplorerError(f"{key}: expected an object of parameter values")
    for k, v in value.items():
        if not isinstance(v, (str, int, float)) or isinstance(v, bool):
            raise ExplorerError(f"{key}.{k}: expected a text or a number")
    return value
