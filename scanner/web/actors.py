"""New actors to confirm: programmes and organisations found outside the gazetteers.

A curator confirms a name (it joins the watch's curated gazetteer at once, so the next
extraction finds it as listed) or rejects it (its pending mentions are rejected). The list
is the discovery side of the watch: what nobody had listed yet. JSON twin with `Accept:
application/json`.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from starlette.responses import HTMLResponse, JSONResponse, Response

from scanner.curation import actors as discovery
from scanner.web.curation import curator_of, done
from scanner.web.desk_state import learn
from scanner.web.errors import wants_json
from scanner.web.rendering import render, state_of
from scanner.web.security import check_csrf

router = APIRouter(prefix="/curation/actors")
post = Depends(check_csrf)
PAGE = 100
KIND_NAMES = {"organisation": "organisation", "programme": "programme"}


@router.get("", response_class=HTMLResponse, summary="New actors to confirm")
def actors_page(request: Request, page: int = 1, kind: str = "") -> Response:
    """Unlisted programmes and organisations, most recently first seen first."""
    store = state_of(request).store
    page = max(1, page)
    wanted = kind if kind in KIND_NAMES else None
    actors = store.actors.new_actors(limit=PAGE, offset=(page - 1) * PAGE, kind=wanted)
    if wants_json(request):
        return JSONResponse({"actors": [asdict(a) for a in actors], "page": page})
    return render(
        request,
        "actors.html",
        actors=actors,
        page=page,
        kind=wanted or "",
        total=store.actors.count_new(),
        has_more=len(actors) == PAGE,
        flash=request.session.pop("flash", ""),
    )


@router.post("/confirm", dependencies=[post], summary="Confirm a new actor")
def confirm(
    request: Request, kind: Annotated[str, Form()], canonical: Annotated[str, Form()]
) -> Response:
    """The name is a real programme or organisation: it joins the curated gazetteer."""
    st = state_of(request)
    discovery.confirm_actor(st.store, kind, canonical, curator_of(request))
    learn(st)
    st.organisations = None
    return done(request, "/curation/actors", f"« {canonical} » confirmé", {"confirmed": canonical})


@router.post("/reject", dependencies=[post], summary="Reject a new actor")
def reject(
    request: Request, kind: Annotated[str, Form()], canonical: Annotated[str, Form()]
) -> Response:
    """The name is no programme or organisation: its pending mentions are rejected."""
    st = state_of(request)
    n = discovery.reject_actor(st.store, kind, canonical, curator_of(request))
    return done(
        request,
        "/curation/actors",
        f"« {canonical} » rejeté ({n} mention(s))",
        {"rejected": canonical, "mentions": n},
    )
