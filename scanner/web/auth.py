"""Login and logout of curators."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from starlette.responses import HTMLResponse, RedirectResponse, Response

from scanner.web.rendering import render, state_of
from scanner.web.security import authenticate, check_csrf, log_in, log_out

router = APIRouter()


def safe_next(target: str) -> str:
    """Only a local path: a login link must not send the curator to another site."""
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
    user = authenticate(st.store, username, password)
    if user is None:
        return render(
            request,
            "login.html",
            status=401,
            next=safe_next(next),
            error="Nom d'utilisateur ou mot de passe incorrect.",
        )
    log_in(request, user, st.clock)
    return RedirectResponse(safe_next(next), status_code=303)


@router.post("/logout", dependencies=[Depends(check_csrf)], summary="Log out")
def logout(request: Request) -> Response:
    log_out(request)
    return RedirectResponse("/", status_code=303)
