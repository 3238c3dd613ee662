"""The search page: query box, filters with facet counts, ranked hits, paging."""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.responses import HTMLResponse

from scanner.maturity import STAGE_LABELS
from scanner.web.filters import parse_search
from scanner.web.queries import run_search
from scanner.web.rendering import render, snippet_html, state_of

router = APIRouter()

FACET_LABELS = {
    "themes": ("theme", "Thèmes"),
    "sources": ("source", "Sources"),
    "langs": ("lang", "Langues"),
    "organisations": ("organisation", "Organisations"),
    "programmes": ("programme", "Programmes"),
}


@router.get("/", response_class=HTMLResponse, summary="Search page")
def search_page(request: Request) -> HTMLResponse:
    """Search the watch; JSON twin: /api/search."""
    st = state_of(request)
    params = parse_search(st.cfg, request.query_params)
    result = run_search(st, params)
    sources = st.store.articles.source_names()
    return render(
        request,
        "search.html",
        params=params,
        result=result,
        snippet_html=snippet_html,
        facet_labels=FACET_LABELS,
        source_names=sources,
        theme_counts=dict(result.facets.get("themes", [])),
        stage_labels=STAGE_LABELS,
    )
