"""The corrections audit log: a readable page with undo, and exports as JSONL or CSV."""

from __future__ import annotations

import logging

from fastapi import APIRouter, Depends, Request
from starlette.responses import (
    HTMLResponse,
    JSONResponse,
    RedirectResponse,
    Response,
    StreamingResponse,
)

from scanner.curation import learning
from scanner.curation.audit import LogEntry, describe
from scanner.curation.corrections import corrections_csv, corrections_jsonl
from scanner.curation.undo import undo_correction
from scanner.records import Correction
from scanner.store import Store
from scanner.web.errors import wants_json
from scanner.web.rendering import render, state_of
from scanner.web.security import check_csrf

log = logging.getLogger(__name__)

router = APIRouter(prefix="/curation")
PAGE = 100


def log_entries(store: Store, rows: list[Correction]) -> list[LogEntry]:
    """The rows as a curator reads them, each with the article it concerns when known (old
    rows name only their mention: its article is looked up while the mention is stored)."""
    ids = [int(c.target[8:]) for c in rows if c.target[8:].isdigit() and c.target[:8] == "mention:"]
    articles = store.curation.article_of_mentions(ids)
    return [
        describe(c, articles.get(int(c.target[8:]), "") if c.target[8:].isdigit() else "")
        for c in rows
    ]


@router.get("/log", response_class=HTMLResponse, summary="Audit log of corrections")
def log_page(request: Request, page: int = 1) -> HTMLResponse:
    """Every correction, newest first: who, when, what changed, on which article; each can be
    undone (the undo is itself logged). JSON twin: /api/curation/log."""
    store = state_of(request).store
    page = max(1, page)
    rows = store.curation.corrections(limit=PAGE, offset=(page - 1) * PAGE)
    return render(
        request,
        "log.html",
        entries=log_entries(store, rows),
        undone=store.curation.undone_ids(),
        page=page,
        total=store.curation.count_corrections(),
        has_more=len(rows) == PAGE,
        flash=request.session.pop("flash", ""),
    )


@router.post("/log/{correction_id}/undo", dependencies=[Depends(check_csrf)], summary="Undo")
def undo(request: Request, correction_id: int) -> Response:
    """Undo one correction (logged as a correction of its own)."""
    st = state_of(request)
    curator = request.scope.get("state", {}).get("user", "")
    new_id = undo_correction(st.store, correction_id, curator)
    st.organisations = None  # an undone merge changes the names the desk offers
    st.queue = None  # ... and an undone review puts its article back in the queue
    try:
        learning.sync_gazetteers(st.store, learning.curated_gazetteer_paths(st.cfg))
    except OSError as exc:
        log.warning("curated gazetteers not written: %s", exc)
    message = f"correction n° {correction_id} annulée (journal n° {new_id})"
    if wants_json(request):
        return JSONResponse({"ok": True, "message": message, "undo": new_id})
    request.session["flash"] = message
    return RedirectResponse("/curation/log", status_code=303)


@router.get("/log.jsonl", summary="Audit log as JSON lines")
def log_jsonl(request: Request) -> StreamingResponse:
    rows = state_of(request).store.curation.iter_corrections()
    return StreamingResponse(
        corrections_jsonl(rows),
        media_type="application/x-ndjson",
        headers={"Content-Disposition": 'attachment; filename="corrections.jsonl"'},
    )


@router.get("/log.csv", summary="Audit log as CSV")
def log_csv(request: Request) -> StreamingResponse:
    rows = state_of(request).store.curation.iter_corrections()
    return StreamingResponse(
        corrections_csv(rows),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="corrections.csv"'},
    )
