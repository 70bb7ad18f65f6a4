"""The application factory: routes, errors as JSON, security headers, the page's assets."""

from __future__ import annotations

import logging
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from annals import __version__
from annals.errors import E020, E031, E099, AnnalsError
from annals.store import Store
from annals.web import ask, documents, entities, graph, search, timeline
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
        except Exception:
            log.exception("internal error on %s %s", scope.get("method"), scope.get("path"))
            if started:
                raise
            response = _error(500, E099, "internal error", "please report it, with the request that caused it")
            await response(scope, receive, send_with_headers)


def _error(status: int, code: str, message: str, hint: str | None = None) -> JSONResponse:
    return JSONResponse({"error": {"code": code, "message": message, "hint": hint}}, status_code=status)


def _annals_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, AnnalsError)
    return _error(STATUS.get(exc.code, 400), exc.code, exc.message, exc.hint)


def _validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    problems = []
    for e in exc.errors():
        where = ".".join(str(x) for x in e.get("loc", ()) if x not in ("query", "path", "body"))
        problems.append(f"{where or 'request'}: {e.get('msg')}")
    return _error(422, E020, "bad request: " + "; ".join(problems), "see the parameters at /docs")


def _http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    hint = "see the routes at /docs" if exc.status_code in (404, 405) else None
    response = _error(exc.status_code, E031 if exc.status_code in (404, 405) else f"HTTP{exc.status_code}",
                      str(exc.detail), hint)
    if exc.headers:
        response.headers.update(exc.headers)
    return response


def create_app(db: str | Path, allow_ingest: bool = False) -> FastAPI:
    """The explorer over the store ``db`` (it must exist: E013 otherwise).

    Read-only unless ``allow_ingest``: then ``POST /api/documents`` extracts an uploaded text into
    the store.  Each request opens the store on its own (read-only for reads), so the application
    can serve requests from many threads.
    """
    path = Path(db)
    with Store(path, create=False, readonly=True):  # fail now, not on the first request
        pass
    app = FastAPI(
        title="annals",
        version=__version__,
        description="The sourced model of historical texts: documents, entities, dates, events, relations, "
                    "questions. Every fact carries the document and the character offsets it comes from.",
        redoc_url=None,
    )
    app.state.db = path
    app.state.allow_ingest = allow_ingest
    app.add_middleware(SecurityHeaders)
    app.add_exception_handler(AnnalsError, _annals_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    for module in (documents, entities, timeline, graph, search, ask):
        app.include_router(module.router, prefix="/api")

    @app.get("/", include_in_schema=False)
    def index() -> FileResponse:
        return FileResponse(STATIC / "index.html", headers={"cache-control": "no-cache"})

    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    return app
