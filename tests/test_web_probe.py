"""Issue 17: every route of the web app, as anonymous, reader and curator, with hostile
values in every path parameter, query parameter and form field, answers without a 500
and without granting what the role may not do."""

from __future__ import annotations

import itertools
from pathlib import Path
from urllib.parse import quote

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from web_fixtures import PASSWORD, Clock, csrf_of, fill_store, make_config

from scanner.store import Store
from scanner.web import create_app
from scanner.web.security import add_user

HOSTILE = [
    "nan", "1e400", "-inf", "-1", "0", "99999999999999999999999", "2026-W4\uff16", "9999-W52",
    "<script>alert(1)</script>", "javascript:alert(1)", "../../etc/passwd", "a" * 5000,
    "\x00", "\ud7ff\ufffd", "' OR 1=1 --", '"', "*", "NEAR(", "", " ", "a1", "1,5 M",
]  # fmt: skip


def routes(app) -> list[tuple[str, str, APIRoute]]:  # type: ignore[no-untyped-def]
    """Every (method, path, route) of the app, those of included routers too."""
    out = []
    pending = list(app.routes)
    while pending:
        route = pending.pop(0)
        if isinstance(route, APIRoute):
            out += [(method, route.path, route) for method in sorted(route.methods)]
        elif hasattr(route, "original_router"):  # FastAPI's wrapper of an included router
            pending += list(route.original_router.routes)
        elif hasattr(route, "routes") and not hasattr(route, "app"):
            pending += list(route.routes)
    assert len(out) > 25, out  # the walk found the routers' routes
    return out


def fields(route: APIRoute) -> tuple[list[str], list[str], list[str]]:
    d = route.dependant
    return (
        [p.name for p in d.path_params],
        [p.name for p in d.query_params],
        [p.name for p in d.body_params],
    )


@pytest.fixture(scope="module")
def app_and_store(tmp_path_factory):  # type: ignore[no-untyped-def]
    tmp = tmp_path_factory.mktemp("probe")
    cfg = make_config(Path(tmp), login_attempts=1000)
    store = Store.from_config(cfg.store)
    fill_store(store)
    add_user(store, "rita", PASSWORD, role="reader")
    yield create_app(cfg, store, clock=Clock()), store
    store.close()


def client_as(app, user: str | None) -> tuple[TestClient, str]:  # type: ignore[no-untyped-def]
    client = TestClient(app, raise_server_exceptions=False)
    token = csrf_of(client.get("/login").text)
    if user:
        r = client.post("/login", data={"username": user, "password": PASSWORD,
                                        "csrf_token": token}, follow_redirects=False)  # fmt: skip
        assert r.status_code == 303
        token = client.get("/api/session").json()["csrf_token"]
    return client, token


# logging in and out change the client's own session; re-processing loads the models (its
# own test, test_web_reprocess.py, covers it)
SKIP = {
    ("POST", "/logout"),
    ("POST", "/login"),
    ("POST", "/curation/articles/{article_id}/reprocess"),
}


def valid_path_values(store: Store) -> dict[str, str]:
    mention = next(m for m in store.mentions.for_article("a1") if m.kind == "amount")
    return {"article_id": "a1", "mention_id": str(mention.id), "week": "2026-W46",
            "name": "2026-W46"}  # fmt: skip


@pytest.mark.parametrize("role", [None, "rita", "alice"])
def test_hostile_values_on_every_route_never_give_a_500(app_and_store, role) -> None:  # type: ignore[no-untyped-def]
    """Two passes: hostile path parameters; then real ids in the path and hostile values in
    every query parameter and form field (the curator's desk edits real mentions)."""
    app, store = app_and_store
    client, token = client_as(app, role)
    before = store.db.one("SELECT COUNT(*) FROM corrections")[0]
    valid = valid_path_values(store)
    failures = []
    # the access rules are the same for every value: a few suffice for the other roles
    values = HOSTILE if role == "alice" else HOSTILE[::4]
    for (method, path, route), hostile_path in itertools.product(routes(app), (True, False)):
        if (method, path) in SKIP:
            continue
        path_names, query_names, body_names = fields(route)
        for i, value in enumerate(values):
            url = path
            for name in path_names:
                part = quote(value, safe="") or "x" if hostile_path else valid.get(name, "x")
                url = url.replace("{" + name + "}", part)
            # every field hostile at once, then (for a curator) each field alone: one bad
            # field must not hide another behind its own 400
            names = query_names + body_names
            singles = [[n] for n in names] if role == "alice" and not hostile_path else []
            for chosen in [names, *singles]:
                params = {n: value for n in query_names if n in chosen}
                data = {n: value for n in body_names if n in chosen} | {"csrf_token": token}
                if method == "GET":
                    r = client.get(url, params=params, follow_redirects=False)
                else:
                    r = client.request(method, url, params=params, data=data,
                                       headers={"accept": "application/json"},
                                       follow_redirects=False)  # fmt: skip
                if r.status_code >= 500:
                    failures.append((method, url[:80], chosen, repr(value[:20]), r.status_code))
                if method != "GET" and role != "alice" and r.status_code < 400:
                    failures.append((method, url[:80], i, "granted to", role))
    assert not failures, failures[:10]
    if role != "alice":
        assert store.db.one("SELECT COUNT(*) FROM corrections")[0] == before
    for row in store.db.query("SELECT value_eur FROM mentions WHERE value_eur IS NOT NULL"):
        assert 0 <= row[0] < float("inf")  # no value wiped or made infinite


def test_hostile_pairs_of_search_filters(app_and_store) -> None:  # type: ignore[no-untyped-def]
    app, _ = app_and_store
    client = TestClient(app, raise_server_exceptions=False)
    names = ["q", "theme", "since", "until", "min_amount", "mode", "k", "page", "lang"]
    bad = []
    for (a, b), value in itertools.product(itertools.combinations(names, 2), HOSTILE[:10]):
        for path in ("/", "/api/search"):
            r = client.get(path, params={"q": "robot", a: value, b: value})
            if r.status_code >= 500:
                bad.append((path, a, b, value[:20], r.status_code))
    assert not bad, bad[:10]
