"""The data behind each page, shared by the HTML page and its JSON twin under /api/."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

from scanner.errors import ScannerError
from scanner.records import Article, Hit, Mention, ThemeScore
from scanner.search.export import hit_record
from scanner.search.hybrid import like_page, search_page
from scanner.vectors.index import neighbours
from scanner.web.filters import SearchParams
from scanner.web.rendering import WebState

log = logging.getLogger(__name__)


@dataclass
class SearchResult:
    """One page of hits, what the whole search found (total, hidden under the relevance
    cut-off, facet counts), and any notice for the reader."""

    hits: list[Hit]
    has_more: bool
    facets: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    notice: str = ""
    mode: str = "hybrid"
    total: int = 0
    hidden: int = 0
    cutoff: float = 0.0
    browsing: bool = False
    like: Article | None = None
    searched: bool = False


def run_search(st: WebState, params: SearchParams) -> SearchResult:
    """One page of hits and the counts of the whole search. A query searches; filters alone
    browse (newest first); `like` lists the articles closest to one; nothing asked, nothing
    searched (the page then shows how to search)."""
    cfg, store = st.cfg, st.store
    like = None
    if params.like:
        like = store.articles.get(params.like)  # NotFound: 404
        page = like_page(
            cfg, store, params.like, params.k, params.filters, params.offset, params.cutoff
        )
    elif params.query or params.filtered:
        page = search_page(
            cfg,
            store,
            params.query,
            k=params.k,
            filters=params.filters,
            mode=params.mode,
            offset=params.offset,
            sort=params.sort,
            cutoff=params.cutoff,
        )
    else:
        return SearchResult([], False, mode=params.mode)
    return SearchResult(
        hits=page.hits,
        has_more=params.offset + len(page.hits) < page.total,
        facets={name: _pairs(values) for name, values in page.facets.items()},
        notice=page.note,
        mode=params.mode,
        total=page.total,
        hidden=page.hidden,
        cutoff=page.cutoff,
        browsing=page.browsing,
        like=like,
        searched=True,
    )


def _pairs(counts: dict[str, int]) -> list[tuple[str, int]]:
    return sorted(((str(k), int(v)) for k, v in counts.items()), key=lambda kv: (-kv[1], kv[0]))


def hit_json(hit: Hit) -> dict[str, Any]:
    return hit_record(hit)


@dataclass
class ArticleView:
    """An article with its mentions, themes, story and nearest neighbours."""

    article: Article
    mentions: list[Mention]
    statuses: dict[int, str]
    themes: list[ThemeScore]
    labels: dict[str, int]
    story: list[Article]
    neighbours: list[tuple[Article, float]]
    sources: list[str]
    neighbours_note: str = ""


def article_view(st: WebState, article_id: str, curator: bool = False) -> ArticleView:
    """Everything the article page shows; curators also see rejected mentions."""
    store = st.store
    article = store.articles.get(article_id)
    mentions = store.mentions.for_article(article_id, include_rejected=curator)
    statuses = store.mentions.status_of(article_id)
    themes = store.themes.for_articles([article_id])[article_id]
    story_ids = [i for i in store.articles.story_members(article.story_id) if i != article_id]
    story_map = store.articles.many(story_ids) if story_ids else {}
    neighbours, note = nearest(st, article_id)
    return ArticleView(
        article=article,
        mentions=mentions,
        statuses=statuses,
        themes=themes,
        labels=store.curation.labels_for(article_id),
        story=[story_map[i] for i in story_ids if i in story_map],
        neighbours=neighbours,
        sources=store.articles.sources_of(article_id),
        neighbours_note=note,
    )


def nearest(st: WebState, article_id: str, k: int = 5) -> tuple[list[tuple[Article, float]], str]:
    """The k most similar articles by embedding, or a note saying why there are none."""
    try:
        pairs = neighbours(st.cfg, st.store, article_id, k=k)
    except ScannerError as exc:  # the page still shows the article itself
        log.warning("neighbours of %s: %s", article_id, exc)
        return [], f"voisins indisponibles : {exc}"
    if not pairs:
        return [], "pas encore de voisins : l'article n'est pas encore plongé ni indexé"
    found = st.store.articles.many([i for i, _ in pairs])
    return [(found[i], float(s)) for i, s in pairs if i in found and i != article_id], ""


def mention_json(m: Mention, status: str = "") -> dict[str, Any]:
    """A mention as the API gives it; an amount with its funding fact (`fact`)."""
    out: dict[str, Any] = {
        "id": m.id,
        "kind": m.kind,
        "start": m.start,
        "end": m.end,
        "text": m.text,
        "canonical": m.canonical,
        "value_eur": m.value_eur,
        "currency": m.currency,
        "origin": m.origin,
        "confidence": m.confidence,
        "status": status,
    }
    if m.kind == "amount":
        f = m.fact
        out |= {
            "approx": m.approx,
            "high_eur": m.high_eur,
            "fact": None
            if f is None
            else {
                "role": f.role,
                "new": f.new,
                "recipient": f.recipient,
                "payers": list(f.payers),
                "programme": f.programme,
                "decided_by": f.why(),
            },
        }
    return out


def article_json(view: ArticleView) -> dict[str, Any]:
    a = view.article
    return {
        "id": a.id,
        "url": a.url,
        "title": a.title,
        "text": a.text,
        "published": a.published.isoformat() if a.published else None,
        "lang": a.lang,
        "source_id": a.source_id,
        "sources": view.sources,
        "story_id": a.story_id,
        "mentions": [mention_json(m, view.statuses.get(m.id or -1, "")) for m in view.mentions],
        "themes": [
            {
                "theme": t.theme,
                "score": round(t.score, 4),
                "assigned": t.assigned,
                "evidence": list(t.evidence),
                "label": view.labels.get(t.theme),
            }
            for t in view.themes
        ],
        "story": [{"id": s.id, "title": s.title, "url": s.url} for s in view.story],
        "neighbours": [
            {"id": n.id, "title": n.title, "score": round(score, 4)} for n, score in view.neighbours
        ],
    }
