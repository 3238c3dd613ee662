"""The web application: search, articles, bulletins, curation desk, and their JSON twins.

    app = create_app(cfg, store)          # then: uvicorn.run(app, host=..., port=...)

Routes (every HTML page has a JSON twin under /api/; OpenAPI at /docs and /redoc):

    GET  /                          search page              /api/search
    GET  /articles/{id}             article page             /api/articles/{id}
    GET  /bulletins                 bulletin archive         /api/bulletins
    GET  /bulletins/{week}          a bulletin (stored HTML) /api/bulletins/{week}
    GET  /bulletins/bulletin-{week}.{html,md,json}, /bulletins.atom   downloads (the feed with
                                    absolute links: [web].base_url, else the request's host)
    GET  /export.csv, /export.json  every hit of a search (same parameters as /)
    GET  /alerts                    saved searches           /api/alerts
    GET  /alerts/{name}, /alerts/{name}.atom   an alert, its Atom feed
    POST /alerts, /alerts/{name}/delete        save a search, remove an alert (a curator)
    GET  /curation                  review queue             /api/curation/queue
    GET  /curation/articles/{id}    curation desk            /api/curation/articles/{id}
    GET  /curation/log              audit log (.jsonl, .csv) /api/curation/log
    GET  /curation/merge            what a merge would rename (then POST /curation/merge)
    POST /curation/log/{id}/undo    undo a correction (logged itself)
    POST /curation/...              corrections (a curator, a CSRF token)
    GET/POST /login, POST /logout   GET /api/session: who is logged in, the CSRF token

Accounts are made with `scanner users add` (argon2 hashes); `curator` accounts read and
correct, `reader` accounts only read (for `[web].login_to_read`); anonymous users read unless
that is set, and never change anything. The OpenAPI page is served with its scripts from an
installed package (fastapi-offline), so it works with no network.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from fastapi import FastAPI
from fastapi_offline import FastAPIOffline
from starlette.datastructures import MutableHeaders
from starlette.middleware.sessions import SessionMiddleware
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from scanner.config import Config
from scanner.errors import ScannerError
from scanner.store import Store, store_digest
from scanner.web import actors, alerts, api, articles, audit, auth, bulletins, curation, search
from scanner.web.errors import error_response, install_error_handlers
from scanner.web.headers import DefaultSecurityHeaders
from scanner.web.rendering import WebState, make_env
from scanner.web.security import AccessMiddleware, load_secret
from scanner.web.throttle import LoginThrottle

__all__ = ["ROUTED", "create_app"]

# the modules whose routers make the app (a test checks every unsafe route of these has CSRF)
ROUTED = (search, articles, bulletins, alerts, actors, curation, audit, auth, api)


def create_app(
    cfg: Config,
    store: Store,
    *,
    secret: str | None = None,
    clock: Callable[[], float] = time.time,
) -> FastAPI:
    """A FastAPI app over one config and store. `secret` overrides `web.secret_file` and
    `clock` stands in for time.time (tests use both)."""
    session_seconds = cfg.web.session_hours * 3600
    app = FastAPIOffline(
        title="scanner",
        description="Veille prospective en innovation santé: recherche, bulletins, curation.",
        version="0.1.0",
    )
    throttle = LoginThrottle(
        attempts=cfg.web.login_attempts,
        window=cfg.web.login_window_minutes * 60,
        hashing=cfg.web.hashing,
        clock=clock,
    )
    app.state.web = WebState(
        cfg=cfg,
        store=store,
        env=make_env(),
        clock=clock,
        session_seconds=session_seconds,
        throttle=throttle,
    )
    for module in ROUTED:
        app.include_router(module.router)
    install_error_handlers(app)

    store_id = store_digest(cfg.store.url)

    @app.get("/healthz", include_in_schema=False)
    def healthz() -> PlainTextResponse:
        # which store this is (a digest of its path or URL): `scanner search` asks a running server
        # of its own watch rather than loading the models again
        return PlainTextResponse("ok", headers={"X-Scanner-Store": store_id})

    # added innermost first: the access check needs the session the outer middleware decodes
    app.add_middleware(
        AccessMiddleware,
        store=store,
        login_to_read=cfg.web.login_to_read,
        session_seconds=session_seconds,
        clock=clock,
        on_error=_on_access_error,
    )
    app.add_middleware(
        SessionMiddleware,
        secret_key=secret or load_secret(cfg.web.secret_file),
        session_cookie="scanner_session",
        max_age=max(60, session_seconds),
        same_site="lax",
        https_only=cfg.web.secure_cookies,
    )
    app.add_middleware(DefaultSecurityHeaders)
    app.add_middleware(ServerTiming)
    return app


class ServerTiming:
    """Adds `Server-Timing: app;dur=<ms>` so clients (and the load bench) see server time."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()

        async def timed_send(message: Message) -> None:
            if message["type"] == "http.response.start":
                ms = (time.perf_counter() - started) * 1000
                MutableHeaders(scope=message).append("Server-Timing", f"app;dur={ms:.1f}")
            await send(message)

        await self.app(scope, receive, timed_send)


def _on_access_error(request: Request, exc: ScannerError) -> Response:
    return error_response(request, exc)
