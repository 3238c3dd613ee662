"""The corrections audit log: a page, and exports as JSONL or CSV."""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.responses import HTMLResponse, StreamingResponse

from scanner.curation.corrections import corrections_csv, corrections_jsonl
from scanner.web.rendering import render, state_of

router = APIRouter(prefix="/curation")
PAGE = 100


@router.get("/log", response_class=HTMLResponse, summary="Audit log of corrections")
def log_page(request: Request, page: int = 1) -> HTMLResponse:
    """Every correction, newest first: who, when, before, after. JSON twin: /api/curation/log."""
    store = state_of(request).store
    page = max(1, page)
    rows = store.curation.corrections(limit=PAGE, offset=(page - 1) * PAGE)
    return render(
        request,
        "log.html",
        rows=rows,
        page=page,
        total=store.curation.count_corrections(),
        has_more=len(rows) == PAGE,
    )


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
