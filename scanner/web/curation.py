"""The curation desk: review queue, per-article corrections, organisation merges, audit log.

Every POST here runs after `AccessMiddleware` (a logged-in curator) and `check_csrf` (the
session's token); each action is one call into `scanner.curation.corrections` (or `.merges`),
which logs it. A browser gets a 303 back to the desk; a client asking for JSON gets the result
as JSON. A change to a programme or organisation name is written to the curated gazetteers at
once (`learn`, with the rest of the desk's state in `scanner.web.desk_state`), so the next
extraction, here or in the pipeline, uses it.
"""

from __future__ import annotations

import re
from typing import Annotated, Any
from urllib.parse import unquote, urlsplit

from fastapi import APIRouter, Depends, Form, Request
from starlette.concurrency import run_in_threadpool
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response

from scanner.bulletin.build import iso_week
from scanner.bulletin.money import ROLE_LABELS
from scanner.curation import corrections as curation
from scanner.curation import merges
from scanner.curation.audit import describe
from scanner.curation.facts import edit_fact
from scanner.errors import InputError, NotFound
from scanner.store.curation import LOW_CONFIDENCE
from scanner.web.desk_state import (
    PAGE,
    coming_week,
    known_organisations,
    learn,
    ordered_queue,
    reprocess_article,
)
from scanner.web.errors import wants_json
from scanner.web.form_values import parse_euros, parse_new, split_names
from scanner.web.queries import article_view, mention_json
from scanner.web.rendering import KIND_LABELS, highlight_article, render, state_of
from scanner.web.security import check_csrf

router = APIRouter(prefix="/curation")
post = Depends(check_csrf)


def curator_of(request: Request) -> str:
    return request.scope.get("state", {}).get("user", "")


def done(request: Request, where: str, message: str, result: dict[str, Any]) -> Response:
    """JSON for API clients; otherwise a flash message and a redirect (POST/redirect/GET)."""
    state_of(request).queue = None  # a correction may take an article out of the queue
    if wants_json(request):
        return JSONResponse({"ok": True, "message": message} | result)
    request.session["flash"] = message
    return RedirectResponse(where, status_code=303)


def desk_url(article_id: str, anchor: str = "") -> str:
    return f"/curation/articles/{article_id}" + (f"#{anchor}" if anchor else "")


@router.get("", response_class=HTMLResponse, summary="Review queue")
def queue_page(request: Request, page: int = 1, off_topic: bool = False) -> HTMLResponse:
    """Articles with unreviewed model mentions, what matters first: those of the coming
    bulletin, then low confidence, then new actors; off-topic ones on request."""
    st = state_of(request)
    page = max(1, page)
    week = coming_week(st)
    items = ordered_queue(st, off_topic, (page - 1) * PAGE, PAGE)
    total = st.store.curation.queue_size(off_topic)
    return render(
        request,
        "queue.html",
        items=items,
        actors=st.store.curation.new_actors([q.article_id for q in items if q.new_actor]),
        week=iso_week(week[0]) if week else "",
        off_topic=off_topic,
        hidden=st.store.curation.queue_size(True) - total if not off_topic else 0,
        low=LOW_CONFIDENCE,
        page=page,
        total=total,
        has_more=len(items) == PAGE,
        flash=request.session.pop("flash", ""),
    )


@router.get("/articles/{article_id}", response_class=HTMLResponse, summary="Curation desk")
def desk_page(request: Request, article_id: str) -> HTMLResponse:
    """One article's mentions and themes, with every correction a curator can make."""
    st = state_of(request)
    view = article_view(st, article_id, curator=True)
    queue = [q.article_id for q in ordered_queue(st, False, 0, 2)]
    following = next((i for i in queue if i != article_id), "")
    mention_ids = [m.id for m in view.mentions if m.id is not None]
    return render(
        request,
        "desk.html",
        view=view,
        body=highlight_article(view.article, view.mentions, view.statuses),
        kinds=KIND_LABELS,
        fact_roles=ROLE_LABELS,
        next_article=following,
        history=[
            describe(c, article_id)
            for c in st.store.curation.corrections_for(article_id, mention_ids)[:20]
        ],
        organisations=known_organisations(st),
        flash=request.session.pop("flash", ""),
    )


def desk_of_referer(request: Request) -> str:
    """The article id of the desk page this request came from ("" when it did not)."""
    ref = urlsplit(request.headers.get("referer", ""))
    if ref.netloc and ref.netloc != request.url.netloc:
        return ""
    found = re.fullmatch(r"/curation/articles/([^/]+)", ref.path)
    return unquote(found[1]) if found else ""


def mention_gone(request: Request, mention_id: int) -> Response:
    """A desk opened before its article was re-processed posted a mention that the model no
    longer finds: back to the article as it is now, saying why (in French), when the request
    came from its desk; the error page otherwise."""
    article_id = desk_of_referer(request)
    if wants_json(request) or not article_id:
        raise NotFound(f"no mention {mention_id}")
    request.session["flash"] = (
        f"Cette mention (n° {mention_id}) n'existe plus : l'article a été re-traité depuis "
        "l'ouverture de la page et le modèle ne la trouve plus. Voici l'article à jour ; "
        "refaites la correction si elle s'applique encore."
    )
    return RedirectResponse(desk_url(article_id), status_code=303)


@router.post("/mentions/{mention_id}/accept", dependencies=[post], summary="Accept a mention")
def accept(request: Request, mention_id: int) -> Response:
    st = state_of(request)
    if not st.store.mentions.exists(mention_id):
        return mention_gone(request, mention_id)
    m = curation.accept_mention(st.store, mention_id, curator_of(request))
    learn(st, m)
    return done(
        request,
        desk_url(m.article_id, f"after-{mention_id}"),
        f"« {m.text} » accepté",
        {"mention": mention_json(m, "accepted")},
    )


@router.post("/mentions/{mention_id}/reject", dependencies=[post], summary="Reject a mention")
def reject(request: Request, mention_id: int) -> Response:
    st = state_of(request)
    if not st.store.mentions.exists(mention_id):
        return mention_gone(request, mention_id)
    m = curation.reject_mention(st.store, mention_id, curator_of(request))
    learn(st, m)
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
    st = state_of(request)
    if not st.store.mentions.exists(mention_id):
        return mention_gone(request, mention_id)
    m = curation.edit_mention(
        st.store,
        mention_id,
        curator_of(request),
        kind=kind or None,
        start=start,
        end=end,
        canonical=canonical,
        **extra,
    )
    learn(st, m)
    return done(
        request,
        desk_url(m.article_id, f"m-{mention_id}"),
        f"« {m.text} » corrigé",
        {"mention": mention_json(m, "edited")},
    )


@router.post("/mentions/{mention_id}/fact", dependencies=[post], summary="Set a funding fact")
async def set_fact(request: Request, mention_id: int) -> Response:
    """Form fields `role`, `new` (1, 0 or empty for unknown), `recipient`, `payers`
    (separated by ";" or new lines) and `programme`: a field sent is set (empty clears a
    name), a field not sent is left as it is. The fact then wins over the extractor:
    re-processing keeps it."""
    form = await request.form()
    fields: dict[str, Any] = {}
    for name in ("role", "recipient", "programme"):
        if name in form:
            fields[name] = str(form[name])
    if "new" in form:
        fields["new"] = parse_new(str(form["new"]))
    if "payers" in form:
        fields["payers"] = split_names(str(form["payers"]))
    st = state_of(request)
    m = await run_in_threadpool(
        lambda: edit_fact(st.store, mention_id, curator_of(request), **fields)
    )
    await run_in_threadpool(learn, st)  # the names typed reach the extractor's gazetteer
    return done(
        request,
        desk_url(m.article_id, f"m-{mention_id}"),
        f"fait de financement de « {m.text} » corrigé",
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
    text: Annotated[str, Form()] = "",
) -> Response:
    """A mention the model missed, at offsets of the article's `full_text`. `text`, when
    sent (the desk sends the selection), must be what those offsets hold: a selection that
    the browser counted differently is refused rather than stored on the wrong words. An
    amount without a value is read from its text."""
    st = state_of(request)
    if text:
        actual = st.store.articles.get(article_id).full_text[start:end]
        if actual.strip() != text.strip():
            raise InputError(
                f"the selection {text!r} is not at {start}-{end} (found {actual!r}); select again"
            )
    m = curation.add_mention(
        st.store,
        article_id,
        start,
        end,
        kind,
        curator_of(request),
        canonical=canonical,
        value_eur=parse_euros(value_eur),
        rates=st.cfg.nlp.rates,
    )
    learn(st, m)
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


@router.get("/merge", response_class=HTMLResponse, summary="Preview a merge")
def merge_preview_page(
    request: Request, alias: str = "", canonical: str = "", article_id: str = ""
) -> HTMLResponse:
    """What merging `alias` into `canonical` would rename, with a button that does it."""
    preview = merges.merge_preview(state_of(request).store, alias, canonical)
    return render(request, "merge.html", p=preview, article_id=article_id)


@router.post("/merge", dependencies=[post], summary="Merge two organisation names")
def merge(
    request: Request,
    alias: Annotated[str, Form()],
    canonical: Annotated[str, Form()],
    article_id: Annotated[str, Form()] = "",
) -> Response:
    """`alias` becomes a name of `canonical` in every article, past and future."""
    st = state_of(request)
    n = merges.merge_organisations(st.store, alias, canonical, curator_of(request))
    learn(st)
    st.organisations = None
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
    st.store.articles.get(article_id)  # NotFound before loading any model
    counts = reprocess_article(st, article_id)
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
