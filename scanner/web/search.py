"""The search page: query box, filters with facet counts, ranked hits, paging."""

from __future__ import annotations

import re

from fastapi import APIRouter, Request
from starlette.responses import HTMLResponse, Response

from scanner.errors import NotFound
from scanner.maturity import STAGE_LABELS
from scanner.search.export import export_csv, export_json, export_rows
from scanner.search.hybrid import all_hits, like_page
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


@router.get("/export.{fmt}", summary="Every hit of a search as CSV or JSON")
def export(request: Request, fmt: str) -> Response:
    """The search page's parameters; all hits (at most `[search].max_export`), not one page:
    title, url, date, source, themes, organisations, amounts."""
    if fmt not in ("csv", "json"):
        raise NotFound(f"no export format {fmt!r}: use /export.csv or /export.json")
    st = state_of(request)
    params = parse_search(st.cfg, request.query_params)
    if params.like:
        page = like_page(st.cfg, st.store, params.like, st.cfg.search.max_export, params.filters,
                         cutoff=params.cutoff)  # fmt: skip
        hits = page.hits
    else:
        hits = all_hits(st.cfg, st.store, params.query, params.filters, params.mode,
                        params.sort, params.cutoff)  # fmt: skip
    rows = export_rows(st.store, hits)
    name = "recherche-" + (re.sub(r"[^\w-]+", "-", params.query, flags=re.ASCII)[:40] or "filtres")
    if fmt == "csv":
        body, media = "\ufeff" + export_csv(rows), "text/csv; charset=utf-8"  # BOM: Excel
    else:
        body, media = export_json(rows), "application/json"
    headers = {"Content-Disposition": f'attachment; filename="{name.strip("-")}.{fmt}"'}
    return Response(body, media_type=media, headers=headers)
