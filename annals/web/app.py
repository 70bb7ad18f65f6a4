"""The application factory: routes, errors as JSON, security headers, the page's assets."""

from __future__ import annotations

import ipaddress
import json
import logging
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from annals import __version__
from annals.errors import E020, E031, E045, E046, E099, AnnalsError, Code, environment_failure
from annals.store import open_store
from annals.web import ask, documents, edits, entities, graph, search, timeline
from annals.web import map as places_map
from annals.web.common import STATUS

STATIC = Path(__file__).parent / "static"
log = logging.getLogger("annals.web")

# The page's policy: its own scripts, styles and images only; no inline script, no plugins, no framing.
PAGE_CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
            "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
# FastAPI's /docs page loads Swagger UI from its CDN and starts it with an inline script.
DOCS_CSP = ("default-src 'self'; script-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net; "
            "style-src 'self' https://cdn.jsdelivr.net; img-src 'self' data: https://fastapi.tiangolo.com; "
            "object-src 'none'; base-uri 'none'; frame-ancestors 'none'")
SECURITY_HEADERS = [(b"x-content-type-options", b"nosniff"), (b"referrer-policy", b"no-referrer"),
                    (b"x-frame-options", b"DENY")]


#: the largest request body read by default (an upload's text is at most 5,000,000 characters)
MAX_BODY = 16 * 1024 * 1024
#: host names always served (with any port); IP addresses are served too, see :func:`host_allowed`
LOCAL_NAMES = ("localhost",)


def host_allowed(host_header: str | None, allowed: Iterable[str]) -> bool:
    """Whether a request's ``Host`` is one this server serves: an IP address (v4, or v6 in brackets),
    ``localhost``, or a name in ``allowed``.  A page on another site that rebinds its own name to this
    machine's address (DNS rebinding) sends its own name, which is none of these."""
    if not host_header:
        return False
    host = host_header.strip().lower()
    if host.startswith("["):  # [::1]:8000
        name = host[1:].split("]", 1)[0]
    else:
        name = host.rsplit(":", 1)[0] if host.count(":") == 1 else host
    name = name.rstrip(".")
    try:
        ipaddress.ip_address(name)
        return True
    except ValueError:
        pass
    return name in LOCAL_NAMES or name in {a.lower().rstrip(".") for a in allowed}


class Guard:
    """What every request meets first: a ``Host`` the server serves (else 400, E046), a body no larger
    than ``max_body`` bytes (else 413, E045; by its Content-Length before reading, or as it arrives),
    and ``HEAD`` answered wherever ``GET`` is, with the headers of the GET and no body."""

    def __init__(self, app: ASGIApp, allowed_hosts: Iterable[str] = (), max_body: int = MAX_BODY):
        self.app = app
        self.allowed_hosts = tuple(allowed_hosts)
        self.max_body = max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.lower(): v for k, v in scope.get("headers", [])}
        host = headers.get(b"host", b"").decode("latin-1")
        if not host_allowed(host, self.allowed_hosts):
            response = _coded(400, E046)
            await response(scope, receive, send)
            return
        length = headers.get(b"content-length")
        if length is not None and (not length.isdigit() or int(length) > self.max_body):
            await self._too_large(scope, receive, send)
            return
        if scope["method"] == "HEAD":
            scope = dict(scope, method="GET")
            send = _without_body(send)
        if length is None and b"transfer-encoding" in headers:
            # A body of unknown length (chunked): read it here, up to the limit, before the app does
            # (the framework would turn an error raised while it reads into a 400).
            body, more = [], True
            seen = 0
            while more:
                message = await receive()
                if message["type"] != "http.request":
                    return  # the client went away
                body.append(message.get("body", b""))
                seen += len(body[-1])
                if seen > self.max_body:
                    await self._too_large(scope, receive, send)
                    return
                more = message.get("more_body", False)
            whole = [{"type": "http.request", "body": b"".join(body), "more_body": False}]

            async def replay() -> Message:
                return whole.pop() if whole else await receive()

            receive = replay
        await self.app(scope, receive, send)

    async def _too_large(self, scope: Scope, receive: Receive, send: Send) -> None:
        response = _coded(413, E045, limit=self.max_body)
        response.headers["connection"] = "close"
        await response(scope, receive, send)


def _without_body(send: Send) -> Send:
    async def head_send(message: Message) -> None:
        if message["type"] == "http.response.body":
            message = {"type": "http.response.body", "body": b"", "more_body": message.get("more_body", False)}
            if message["more_body"]:
                return  # the rest of a streamed GET body: a HEAD sends none of it
        await send(message)

    return head_send


# An absolute path of the server's machine, as it can appear in a message: its folders are dropped.
_FOLDERS = re.compile(r"(?<![\w.:/])(?:/[^/\s'\"()]+)+/(?=[^/\s'\"()]+)")


def _no_folders(text: str) -> str:
    """``text`` with the folders of absolute paths left out: ``/home/me/texts/a.txt`` is ``a.txt``."""
    return _FOLDERS.sub("", text)


def pathless(value: Any) -> Any:
    """A response's content without the server's folders: a ``path`` is its file name."""
    if isinstance(value, dict):
        return {k: (Path(v).name if k == "path" and isinstance(v, str) else pathless(v)) for k, v in value.items()}
    if isinstance(value, list):
        return [pathless(v) for v in value]
    return value


class PathlessJSON(JSONResponse):
    """JSON responses of the API: the paths of documents are their file names, so that the answers
    tell nothing of the server's folders."""

    def render(self, content: Any) -> bytes:
        return json.dumps(pathless(content), ensure_ascii=False, allow_nan=False, separators=(",", ":")
                          ).encode("utf-8")


class SecurityHeaders:
    """Adds a Content-Security-Policy and the usual hardening headers to every response, and turns a
    bug (an exception no handler took) into a JSON 500 that has them too."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        csp = DOCS_CSP if scope.get("path", "").startswith("/docs") else PAGE_CSP

        started = False

        async def send_with_headers(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                headers = [h for h in message.get("headers", []) if h[0].lower() != b"content-security-policy"]
                message["headers"] = [*headers, (b"content-security-policy", csp.encode()), *SECURITY_HEADERS]
            await send(message)

        try:
            await self.app(scope, receive, send_with_headers)
        except Exception as exc:
            failure = environment_failure(exc, "the store")
            if failure is None:
                log.exception("internal error on %s %s", scope.get("method"), scope.get("path"))
            if started:
                raise
            if failure is not None:  # full disk, read-only or damaged store: the server's state, not a bug
                response = _error(503, failure.code, failure.message, failure.hint)
            else:
                response = _coded(500, E099, detail="", fix="please report it, with the request that caused it")
            await response(scope, receive, send_with_headers)


def _error(status: int, code: str, message: str, hint: str | None = None) -> JSONResponse:
    body = {"error": {"code": code, "message": _no_folders(message), "hint": hint and _no_folders(hint)}}
    return JSONResponse(body, status_code=status)


def _coded(status: int, code: Code, **fields: Any) -> JSONResponse:
    """The answer ``status`` with error ``code``, its templates filled with ``fields``."""
    return _error(status, code, *code.format(**fields))


def _annals_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, AnnalsError)
    return _error(STATUS.get(exc.code, 400), exc.code, exc.message, exc.hint)


def _validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    problems = []
    for e in exc.errors():
        where = ".".join(str(x) for x in e.get("loc", ()) if x not in ("query", "path", "body"))
        problems.append(f"{where or 'request'}: {e.get('msg')}")
    return _coded(422, E020, problem="bad request: " + "; ".join(problems), fix="see the parameters at /docs")


def _http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    if exc.status_code in (404, 405):
        response = _coded(exc.status_code, E031, detail=exc.detail)
    else:
        response = _error(exc.status_code, f"HTTP{exc.status_code}", str(exc.detail))
    if exc.headers:
        response.headers.update(exc.headers)
    return response


def create_app(db: str | Path, allow_ingest: bool = False, allowed_hosts: Iterable[str] = (),
               max_body: int = MAX_BODY, allow_edit: bool = False) -> FastAPI:
    """The explorer over the store ``db`` (it must exist: E013 otherwise).

    Read-only unless ``allow_ingest``: then ``POST /api/documents`` extracts an uploaded text into
    the store; and unless ``allow_edit``: then ``POST /api/edits`` corrects the model (see
    :mod:`annals.web.edits`).  Each request opens the store on its own (read-only for reads), so the application
    can serve requests from many threads.  Requests must name a host it serves (``localhost``, an IP
    address, or one of ``allowed_hosts``: 400 otherwise) and send at most ``max_body`` bytes (413
    otherwise); answers carry no folder of the server's machine (a document's ``path`` is its name).
    """
    path = Path(db)
    with open_store(path, create=False, readonly=True):  # fail now, not on the first request
        pass
    app = FastAPI(
        title="annals",
        version=__version__,
        description="The sourced model of historical texts: documents, entities, dates, events, relations, "
                    "questions. Every fact carries the document and the character offsets it comes from.",
        redoc_url=None,
        default_response_class=PathlessJSON,
    )
    app.state.db = path
    app.state.allow_ingest = allow_ingest
    app.state.allow_edit = allow_edit
    app.add_middleware(Guard, allowed_hosts=tuple(allowed_hosts), max_body=max_body)
    app.add_middleware(SecurityHeaders)  # added last, so outermost: the Guard's answers get the headers too
    app.add_exception_handler(AnnalsError, _annals_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    for module in (documents, entities, timeline, graph, search, ask, places_map, edits):
        app.include_router(module.router, prefix="/api")

    @app.get("/", include_in_schema=False)
    def index() -> FileResponse:
        return FileResponse(STATIC / "index.html", headers={"cache-control": "no-cache"})

    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    return app
