"""The curation desk: review queue, per-article corrections, organisation merges, audit log.

Every POST here runs after `AccessMiddleware` (a logged-in curator) and `check_csrf` (the
session's token); each action is one call into `scanner.curation`, which logs it. A browser
gets a 303 back to the desk; a client asking for JSON gets the result as JSON.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response

from scanner import curation
from scanner.errors import InputError, ScannerError
from scanner.web.errors import wants_json
from scanner.web.queries import article_view, mention_json
from scanner.web.rendering import KIND_LABELS, highlight_article, render, state_of
from scanner.web.security import check_csrf

router = APIRouter(prefix="/curation")
post = Depends(check_csrf)
PAGE = 50


def curator_of(request: Request) -> str:
    return request.scope.get("state", {}).get("user", "")


def done(request: Request, where: str, message: str, result: dict[str, Any]) -> Response:
    """JSON for API clients; otherwise a flash message and a redirect (POST/redirect/GET)."""
    if wants_json(request):
        return JSONResponse({"ok": True, "message": message} | result)
    request.session["flash"] = message
    return RedirectResponse(where, status_code=303)


def desk_url(article_id: str, anchor: str = "") -> str:
    return f"/curation/articles/{article_id}" + (f"#{anchor}" if anchor else "")


@router.get("", response_class=HTMLResponse, summary="Review queue")
def queue_page(request: Request, page: int = 1) -> HTMLResponse:
    """Articles with unreviewed model mentions, newest and least confident first."""
    store = state_of(request).store
    page = max(1, page)
    items = store.curation.queue(limit=PAGE, offset=(page - 1) * PAGE)
    return render(
        request,
        "queue.html",
        items=items,
        page=page,
        total=store.curation.queue_size(),
        has_more=len(items) == PAGE,
        flash=request.session.pop("flash", ""),
    )


@router.get("/articles/{article_id}", response_class=HTMLResponse, summary="Curation desk")
def desk_page(request: Request, article_id: str) -> HTMLResponse:
    """One article's mentions and themes, with every correction a curator can make."""
    st = state_of(request)
    view = article_view(st, article_id, curator=True)
    queue = [q.article_id for q in st.store.curation.queue(limit=2)]
    following = next((i for i in queue if i != article_id), "")
    mention_ids = [m.id for m in view.mentions if m.id is not None]
    return render(
        request,
        "desk.html",
        view=view,
        body=highlight_article(view.article, view.mentions, view.statuses),
        kinds=KIND_LABELS,
        next_article=following,
        history=st.store.curation.corrections_for(article_id, mention_ids)[:20],
        organisations=[n for n, _ in st.store.mentions.canonicals("organisation") if n][:500],
        flash=request.session.pop("flash", ""),
    )


@router.post("/mentions/{mention_id}/accept", dependencies=[post], summary="Accept a mention")
def accept(request: Request, mention_id: int) -> Response:
    m = curation.accept_mention(state_of(request).store, mention_id, curator_of(request))
    return done(
        request,
        desk_url(m.article_id, f"after-{mention_id}"),
        f"« {m.text} » accepté",
        {"mention": mention_json(m, "accepted")},
    )


@router.post("/mentions/{mention_id}/reject", dependencies=[post], summary="Reject a mention")
def reject(request: Request, mention_id: int) -> Response:
    m = curation.reject_mention(state_of(request).store, mention_id, curator_of(request))
    return done(
        request,
        desk_url(m.article_id, f"after-{mention_id}"),
        f"« {m.text} » rejeté",
        {"mention": mention_json(m, "rejected")},
    )


@router.post("/mentions/{mention_id}/edit", dependencies=[post], summary="Fix a mention")
def edit(
    request: Request,
    mention_id: int,
    kind: Annotated[str | None, Form()] = None,
    start: Annotated[int | None, Form()] = None,
    end: Annotated[int | None, Form()] = None,
    canonical: Annotated[str | None, Form()] = None,
    value_eur: Annotated[str | None, Form()] = None,
) -> Response:
    """Change span, kind, canonical name or euro value (an absent field is left as it is)."""
    extra: dict[str, Any] = {}
    if value_eur is not None:
        extra["value_eur"] = parse_euros(value_eur)
    m = curation.edit_mention(
        state_of(request).store,
        mention_id,
        curator_of(request),
        kind=kind or None,
        start=start,
        end=end,
        canonical=canonical,
        **extra,
    )
    return done(
        request,
        desk_url(m.article_id, f"m-{mention_id}"),
        f"« {m.text} » corrigé",
        {"mention": mention_json(m, "edited")},
    )


@router.post("/articles/{article_id}/mentions", dependencies=[post], summary="Add a mention")
def add(
    request: Request,
    article_id: str,
    start: Annotated[int, Form()],
    end: Annotated[int, Form()],
    kind: Annotated[str, Form()],
    canonical: Annotated[str, Form()] = "",
    value_eur: Annotated[str, Form()] = "",
) -> Response:
    m = curation.add_mention(
        state_of(request).store,
        article_id,
        start,
        end,
        kind,
        curator_of(request),
        canonical=canonical,
        value_eur=parse_euros(value_eur),
    )
    return done(
        request,
        desk_url(article_id, f"m-{m.id}"),
        f"« {m.text} » ajouté",
        {"mention": mention_json(m, "added")},
    )


@router.post("/articles/{article_id}/themes", dependencies=[post], summary="Set a theme label")
def theme_label(
    request: Request,
    article_id: str,
    theme: Annotated[str, Form()],
    label: Annotated[str, Form()] = "",
) -> Response:
    """label = 1 (belongs), 0 (does not) or empty (remove the label)."""
    if label not in ("", "0", "1"):
        raise InputError(f"label must be 1, 0 or empty, not {label!r}")
    st = state_of(request)
    value = int(label) if label else None
    curation.set_theme_label(
        st.store, article_id, theme, value, curator_of(request), st.cfg.theme_keys
    )
    word = {None: "retiré", 1: "appartient", 0: "n'appartient pas"}[value]
    return done(
        request,
        desk_url(article_id, "themes"),
        f"thème {theme} : {word}",
        {"theme": theme, "label": value},
    )


@router.post("/merge", dependencies=[post], summary="Merge two organisation names")
def merge(
    request: Request,
    alias: Annotated[str, Form()],
    canonical: Annotated[str, Form()],
    article_id: Annotated[str, Form()] = "",
) -> Response:
    """`alias` becomes a name of `canonical` in every article, past and future."""
    store = state_of(request).store
    n = curation.merge_organisations(store, alias, canonical, curator_of(request))
    where = desk_url(article_id, "merge") if article_id else "/curation"
    return done(
        request,
        where,
        f"« {alias} » fusionné dans « {canonical} » ({n} mention(s))",
        {"renamed": n},
    )


@router.post(
    "/articles/{article_id}/reprocess",
    dependencies=[post],
    summary="Re-run extraction on an article",
)
def reprocess(request: Request, article_id: str) -> Response:
    """Re-extract mentions and themes; curated decisions are kept over the new model output."""
    st = state_of(request)
    st.store.articles.get(article_id)
    try:
        from scanner.pipeline import process_articles
    except ImportError as exc:
        raise ScannerError(f"re-processing is not available in this build ({exc})") from exc
    counts = process_articles(st.cfg, st.store, [article_id], force=True)
    st.store.curation.log(
        f"article:{article_id}",
        "reprocess",
        "",
        f"done={counts.done} failed={counts.failed}",
        curator_of(request),
    )
    return done(
        request,
        desk_url(article_id),
        "article re-traité (corrections conservées)",
        {"done": counts.done, "failed": counts.failed},
    )


def parse_euros(value: str) -> float | None:
    """ "12,5 M" / "12500000" / "" → euros (None when blank)."""
    text = value.strip().lower().replace("\u202f", "").replace(" ", "").replace("€", "")
    if not text:
        return None
    factor = 1.0
    for suffix, mult in (("md", 1e9), ("mrd", 1e9), ("m", 1e6), ("k", 1e3)):
        if text.endswith(suffix):
            text, factor = text[: -len(suffix)], mult
            break
    try:
        return float(text.replace(",", ".")) * factor
    except ValueError:
        raise InputError(f"not an amount in euros: {value!r} (e.g. 12500000 or 12,5 M)") from None
