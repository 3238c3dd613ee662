"""Login and logout. A browser posts the login form and is redirected; an API client gets the
CSRF token from GET /api/session, posts the same fields with it and gets JSON back."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response

from scanner.web.errors import wants_json
from scanner.web.rendering import render, state_of
from scanner.web.security import authenticate, check_csrf, csrf_token, log_in, log_out

router = APIRouter()
MAX_FIELD = 1024  # characters of a user name or password read (argon2 reads all it is given)


def safe_next(target: str) -> str:
    """Only a local path: a login link must not send the user to another site."""
    if not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target


@router.get("/login", response_class=HTMLResponse, summary="Login form")
def login_form(request: Request, next: str = "/") -> HTMLResponse:
    return render(request, "login.html", next=safe_next(next), error="")


@router.post("/login", dependencies=[Depends(check_csrf)], summary="Log in")
def login(
    request: Request,
    username: Annotated[str, Form()],
    password: Annotated[str, Form()],
    next: Annotated[str, Form()] = "/",
) -> Response:
    st = state_of(request)
    address = request.client.host if request.client else ""
    username = username.strip()[:MAX_FIELD]
    st.throttle.check(username, address)  # TooManyLogins (429) once the attempts are used up
    with st.throttle.hashing():  # at most [web].hashing argon2 checks at once
        user = authenticate(st.store, username, password[:MAX_FIELD])
    if user is None:
        st.throttle.failed(username, address)
        if wants_json(request):
            return JSONResponse(
                {"error": "LoginFailed", "message": "wrong user name or password", "status": 401},
                status_code=401,
            )
        return render(
            request,
            "login.html",
            status=401,
            next=safe_next(next),
            error="Nom d'utilisateur ou mot de passe incorrect.",
        )
    st.throttle.succeeded(user)
    log_in(request, st.store, user, st.clock)
    if wants_json(request):
        return JSONResponse({"user": user, "csrf_token": csrf_token(request)})
    return RedirectResponse(safe_next(next), status_code=303)


@router.post("/logout", dependencies=[Depends(check_csrf)], summary="Log out")
def logout(request: Request) -> Response:
    log_out(request, state_of(request).store)
    if wants_json(request):
        return JSONResponse({"user": None})
    return RedirectResponse("/", status_code=303)


@router.get("/api/session", tags=["api"], summary="Who is logged in, and the CSRF token")
def api_session(request: Request) -> dict[str, object]:
    """The token goes in the `X-CSRF-Token` header (or a `csrf_token` form field) of every
    POST, logging in included; it changes when the user logs in."""
    state = request.scope.get("state", {})
    return {
        "user": state.get("user") or None,
        "role": state.get("role") or None,
        "csrf_token": csrf_token(request),
    }
