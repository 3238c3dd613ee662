"""JSON twins of the HTML pages, under /api/ (OpenAPI page at /docs)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request

from scanner.curation.corrections import correction_row
from scanner.web.bulletins import bulletin_body, list_bulletins
from scanner.web.desk_state import coming_week
from scanner.web.filters import parse_search
from scanner.web.queries import article_json, article_view, hit_json, run_search
from scanner.web.rendering import state_of

router = APIRouter(prefix="/api", tags=["api"])


@router.get("/search", summary="Search (twin of /)")
def api_search(request: Request) -> dict[str, Any]:
    """Parameters as on the search page: q, k, page, mode, sort (relevance | date), cutoff
    (0..1), like (an article id), theme, stage (maturity: research, clinical, regulatory,
    reimbursement, market, policy), since, until, source, lang, organisation, programme,
    min_amount. No q but filters: the matching articles, newest first. Hits carry plain-text
    snippets, source and themes; `total` counts every hit, `hidden` those under the cut-off."""
    st = state_of(request)
    params = parse_search(st.cfg, request.query_params)
    result = run_search(st, params)
    return {
        "query": params.query,
        "mode": result.mode,
        "k": params.k,
        "page": params.page,
        "has_more": result.has_more,
        "sort": params.sort,
        "total": result.total,
        "hidden": result.hidden,
        "cutoff": result.cutoff,
        "browsing": result.browsing,
        "notice": result.notice,
        "hits": [hit_json(h) for h in result.hits],
        "facets": {name: [[v, n] for v, n in pairs] for name, pairs in result.facets.items()},
    }


@router.get("/articles/{article_id}", summary="An article with mentions and themes")
def api_article(request: Request, article_id: str) -> dict[str, Any]:
    return article_json(article_view(state_of(request), article_id))


@router.get("/bulletins", summary="The bulletin archive")
def api_bulletins(request: Request) -> list[dict[str, Any]]:
    return [
        {
            "week": b.week,
            "formats": b.formats,
            "generated_at": b.generated_at,
            "html": f"/bulletins/{b.week}" if "html" in b.formats else None,
        }
        for b in list_bulletins(state_of(request))
    ]


@router.get("/bulletins/{week}", summary="A bulletin's JSON body")
def api_bulletin(request: Request, week: str) -> dict[str, Any]:
    return bulletin_body(state_of(request), week)


@router.get("/curation/queue", summary="Review queue (twin of /curation)")
def api_queue(
    request: Request, page: int = 1, limit: int = 50, off_topic: bool = False
) -> dict[str, Any]:
    st = state_of(request)
    limit = min(max(1, limit), 500)
    items = st.store.curation.queue(
        limit=limit,
        offset=(max(1, page) - 1) * limit,
        week=coming_week(st),
        off_topic=off_topic,
    )
    return {
        "total": st.store.curation.queue_size(off_topic),
        "items": [
            {
                "id": q.article_id,
                "title": q.title,
                "published": q.published,
                "pending": q.pending,
                "min_confidence": q.min_confidence,
                "in_bulletin": q.in_bulletin,
                "new_actor": q.new_actor,
                "on_topic": q.on_topic,
            }
            for q in items
        ],
    }


@router.get("/curation/articles/{article_id}", summary="Desk data, rejected mentions included")
def api_desk(request: Request, article_id: str) -> dict[str, Any]:
    return article_json(article_view(state_of(request), article_id, curator=True))


@router.get("/curation/log", summary="Audit log (twin of /curation/log)")
def api_log(request: Request, page: int = 1, limit: int = 100) -> dict[str, Any]:
    store = state_of(request).store
    limit = min(max(1, limit), 1000)
    rows = store.curation.corrections(limit=limit, offset=(max(1, page) - 1) * limit)
    return {
        "total": store.curation.count_corrections(),
        "corrections": [correction_row(c) for c in rows],
    }
