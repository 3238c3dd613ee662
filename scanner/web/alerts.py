"""Alerts in the web app: the list, one alert and its hits, its Atom feed; saving a search as
an alert and removing one (curators, with a CSRF token)."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, Request
from starlette.datastructures import QueryParams
from starlette.responses import HTMLResponse, RedirectResponse, Response

from scanner.alerts.digest import describe, entries
from scanner.alerts.feed import alert_xml, feed_path
from scanner.alerts.saved import check_name, save_alert
from scanner.errors import NotFound
from scanner.records import Alert
from scanner.web.filters import parse_search
from scanner.web.rendering import render, state_of
from scanner.web.security import check_csrf

router = APIRouter()


def base_url(request: Request) -> str:
    """The app's absolute address: `[web].base_url`, else the one this request came to."""
    return state_of(request).cfg.web.base_url or str(request.base_url).rstrip("/")


def alert_json(st: Any, alert: Alert, base: str) -> dict[str, Any]:
    return {
        "name": alert.name,
        "query": alert.query,
        "search": describe(alert),
        "mode": alert.mode,
        "recipients": list(alert.recipients),
        "created_by": alert.created_by,
        "created_at": alert.created_at,
        "last_run_at": alert.last_run_at,
        "last_error": alert.last_error,
        "hits": st.store.alerts.count_hits(alert.name),
        "feed": base + feed_path(alert.name),
    }


@router.get("/alerts", response_class=HTMLResponse, summary="Saved searches (alerts)")
def alerts_page(request: Request) -> HTMLResponse:
    st = state_of(request)
    base = base_url(request)
    rows = [alert_json(st, a, base) for a in st.store.alerts.all()]
    return render(request, "alerts.html", section="alerts", alerts=rows)


@router.get("/api/alerts", tags=["api"], summary="Saved searches (twin of /alerts)")
def api_alerts(request: Request) -> list[dict[str, Any]]:
    st = state_of(request)
    return [alert_json(st, a, base_url(request)) for a in st.store.alerts.all()]


@router.post("/alerts", dependencies=[Depends(check_csrf)], summary="Save a search as an alert")
async def save(request: Request) -> Response:
    """Form fields: name, and the search page's parameters (q, theme, since, ...)."""
    st = state_of(request)
    form = await request.form()
    fields = [(k, v) for k, v in form.multi_items() if isinstance(v, str)]
    params = parse_search(st.cfg, QueryParams(fields))
    user = request.scope.get("state", {}).get("user", "")
    alert = save_alert(
        st.cfg, st.store, str(form.get("name", "")).strip(), params.query, params.filters,
        mode=params.mode, by=user,
    )  # fmt: skip
    target = f"/alerts/{quote(alert.name, safe='')}"
    if "application/json" in request.headers.get("accept", ""):
        from starlette.responses import JSONResponse

        return JSONResponse(alert_json(st, alert, base_url(request)), status_code=201)
    return RedirectResponse(target, status_code=303)


@router.get("/alerts/{name}.atom", summary="An alert's Atom feed")
def feed(request: Request, name: str) -> Response:
    st = state_of(request)
    check_name_or_404(name)
    xml = alert_xml(st.cfg, st.store, name, base_url(request))
    return Response(xml, media_type="application/atom+xml; charset=utf-8")


@router.get("/alerts/{name}", response_class=HTMLResponse, summary="One alert and its hits")
def alert_page(request: Request, name: str) -> HTMLResponse:
    st = state_of(request)
    check_name_or_404(name)
    alert = st.store.alerts.get(name)
    hits = st.store.alerts.hits(name, limit=st.cfg.alerts.feed_entries)
    items = entries(hits, st.store.articles.many([h.article_id for h in hits]), "")
    return render(
        request,
        "alert.html",
        section="alerts",
        alert=alert_json(st, alert, base_url(request)),
        items=items,
        search_link="/?" + search_query(alert),
    )


@router.post("/alerts/{name}/delete", dependencies=[Depends(check_csrf)], summary="Remove an alert")
def delete(request: Request, name: str) -> Response:
    check_name_or_404(name)
    state_of(request).store.alerts.remove(name)
    return RedirectResponse("/alerts", status_code=303)


def check_name_or_404(name: str) -> None:
    try:
        check_name(name)
    except Exception:
        raise NotFound(f"no alert named {name[:80]!r}") from None


def search_query(alert: Alert) -> str:
    from scanner.web.filters import SearchParams

    return SearchParams(query=alert.query, filters=alert.filters, mode=alert.mode).query_string(
        page=None
    )
