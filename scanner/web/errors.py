"""One handler renders every error: an HTML page, or JSON under /api/.

ScannerError subclasses carry their HTTP status (`UnknownTheme` 400, `NotFound` 404, ...);
framework errors (unknown route, bad parameter) are mapped to the same two shapes.
"""

from __future__ import annotations

import logging
from urllib.parse import quote

from fastapi import FastAPI
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response

from scanner.errors import ScannerError, UnknownTheme
from scanner.web.messages import in_french
from scanner.web.rendering import render
from scanner.web.security import LoginRequired

log = logging.getLogger(__name__)


def wants_json(request: Request) -> bool:
    accept = request.headers.get("accept", "")
    return request.url.path.startswith("/api/") or (
        "application/json" in accept and "text/html" not in accept
    )


def error_response(request: Request, exc: ScannerError) -> Response:
    """The response for a deliberate error."""
    status = getattr(exc, "http_status", 500)
    retry_after = getattr(exc, "retry_after", None)
    headers = {"Retry-After": str(retry_after)} if retry_after else None
    if wants_json(request):
        body: dict[str, object] = {
            "error": type(exc).__name__,
            "message": str(exc),
            "status": status,
        }
        if isinstance(exc, UnknownTheme):
            body["known"] = list(request.app.state.web.cfg.theme_keys)
        return JSONResponse(body, status_code=status, headers=headers)
    if isinstance(exc, LoginRequired) and request.method == "GET":
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return RedirectResponse(f"/login?next={quote(target)}", status_code=303)
    page = render(
        request,
        "error.html",
        status=status,
        status_code=status,
        title=_TITLES.get(status, "Erreur"),
        message=in_french(str(exc)),
    )
    if headers:
        page.headers.update(headers)
    return page


_TITLES = {
    400: "Requête invalide",
    401: "Connexion nécessaire",
    403: "Action refusée",
    404: "Introuvable",
    405: "Méthode non permise",
    429: "Trop de tentatives",
    503: "Service occupé",
    500: "Erreur interne",
}


def install_error_handlers(app: FastAPI) -> None:
    async def scanner_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, ScannerError)
        if getattr(exc, "http_status", 500) >= 500:
            log.error("error on %s: %s", request.url.path, exc)
        return error_response(request, exc)

    async def http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, HTTPException)
        error = ScannerError(str(exc.detail))
        error.http_status = exc.status_code
        return error_response(request, error)

    async def validation_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, RequestValidationError)
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e.get('loc', ())[1:]) or 'request'}: {e.get('msg')}"
            for e in exc.errors()
        )
        error = ScannerError(f"invalid parameter: {problems}")
        error.http_status = 400
        return error_response(request, error)

    app.add_exception_handler(ScannerError, scanner_error)
    app.add_exception_handler(HTTPException, http_error)
    app.add_exception_handler(RequestValidationError, validation_error)
