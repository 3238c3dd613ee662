"""The article page: text with mentions highlighted by kind, themes, story, neighbours."""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.responses import HTMLResponse

from scanner.web.queries import article_view
from scanner.web.rendering import KIND_LABELS, highlight_mentions, render, state_of

router = APIRouter()


@router.get("/articles/{article_id}", response_class=HTMLResponse, summary="Article page")
def article_page(request: Request, article_id: str) -> HTMLResponse:
    """One article; JSON twin: /api/articles/{id}."""
    st = state_of(request)
    view = article_view(st, article_id)
    a = view.article
    # the title is the page heading; offsets still index full_text (title, blank line, body)
    skip = len(a.title) + 2 if a.title else 0
    body = highlight_mentions(a.full_text, view.mentions, view.statuses, start=skip)
    order = list(KIND_LABELS)
    kinds = sorted(
        {m.kind for m in view.mentions},
        key=lambda k: (k not in order, order.index(k) if k in order else 0, k),
    )
    return render(
        request,
        "article.html",
        view=view,
        body=body,
        kinds=kinds,
        source_names=st.store.articles.source_names(),
    )
