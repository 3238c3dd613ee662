"""The web app through FastAPI's TestClient: JSON twins, access control, CSRF, sessions,
escaping of crawled text, errors rendered by one handler."""

from __future__ import annotations

import json
import re
import stat
import sys
import types
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from scanner.config import Config, config_from_dict
from scanner.records import Article, Hit, Mention, ThemeScore
from scanner.store import Store
from scanner.web import create_app
from scanner.web.security import add_user

EVIL = "<script>alert('xss')</script> Robot chirurgical & bloc"
PASSWORD = "correct horse battery"
THEMES = {"bloc_operatoire": "Bloc opératoire", "sante_numerique": "Santé numérique"}


def make_config(tmp: Path, **web: object) -> Config:
    return config_from_dict(
        {
            "store": {"path": str(tmp / "w.db")},
            "output": {"dir": str(tmp / "out")},
            "web": {"secret_file": str(tmp / "secret"), "session_hours": 8, **web},
            "taxonomy": {
                key: {"label": label, "description": "d", "seeds": ["s"]}
                for key, label in THEMES.items()
            },
        }
    )


def fill_store(store: Store) -> None:
    """Three articles (two in one story), mentions, theme scores, one curator."""
    rows = [
        ("a1", EVIL, "Un robot chirurgical financé par Bpifrance à hauteur de 3 M€.", "s1"),
        ("a2", "Robot au bloc", "Le robot chirurgical arrive au bloc opératoire de Lyon.", "s1"),
        ("a3", "Télésurveillance", "La télésurveillance des patients progresse.", "s2"),
    ]
    for i, (aid, title, text, story) in enumerate(rows):
        store.articles.add(
            Article(
                id=aid,
                url=f"http://x.test/{aid}",
                title=title,
                text=text,
                content_hash=f"h{aid}",
                published=date(2026, 11, 10 + i),
                source_id="demo",
                story_id=story,
                lang="fr",
            )
        )
    full = store.articles.get("a1").full_text
    b = full.index("Bpifrance")
    m = full.index("3 M€")
    store.mentions.replace_auto(
        "a1",
        [
            Mention(
                kind="organisation",
                start=b,
                end=b + 9,
                text="Bpifrance",
                canonical="Bpifrance",
                confidence=0.9,
            ),
            Mention(
                kind="amount",
                start=m,
                end=m + 4,
                text="3 M€",
                value_eur=300_000.0,
                currency="EUR",
                confidence=0.4,
            ),
        ],
    )
    store.themes.replace("a1", [ThemeScore("a1", "bloc_operatoire", 0.8, True, ("robot",))])
    add_user(store, "alice", PASSWORD)


def lexical_stand_in() -> types.ModuleType:
    """A minimal FTS5 search with the agreed signature (theme filter and theme facets only),
    used only until scanner.search lands."""
    module = types.ModuleType("scanner.search")
    sql = (
        "SELECT a.id, a.title, a.url, a.published, snippet(articles_fts, 1, char(2), char(3), "
        "'…', 12) AS snip, bm25(articles_fts) AS s FROM articles_fts JOIN articles a "
        "ON a.num = articles_fts.rowid WHERE articles_fts MATCH ?"
    )

    def rows(store, query, filters):  # type: ignore[no-untyped-def]
        found = store.db.query(sql + " ORDER BY s", (query,))
        themes = set(getattr(filters, "themes", ()) or ())
        if themes:
            keep = {
                aid
                for aid, scores in store.themes.for_articles([r["id"] for r in found]).items()
                if any(t.assigned and t.theme in themes for t in scores)
            }
            found = [r for r in found if r["id"] in keep]
        return found

    def search(cfg, store, query, k=10, filters=None, mode="hybrid", offset=0):  # type: ignore[no-untyped-def]  # noqa: E501
        return [
            Hit(
                r["id"],
                -r["s"],
                r["title"],
                r["url"],
                r["snip"],
                date.fromisoformat(r["published"]),
            )
            for r in rows(store, query, filters)[offset : offset + k]
        ]

    def facets(cfg, store, query, filters=None, mode="hybrid"):  # type: ignore[no-untyped-def]
        counts: dict[str, int] = {}
        ids = [r["id"] for r in rows(store, query, filters)]
        for scores in store.themes.for_articles(ids).values():
            for t in scores:
                if t.assigned:
                    counts[t.theme] = counts.get(t.theme, 0) + 1
        return {"themes": counts}

    module.search = search  # type: ignore[attr-defined]
    module.facets = facets  # type: ignore[attr-defined]
    return module


@pytest.fixture
def search_module(monkeypatch: pytest.MonkeyPatch) -> str:
    try:
        import scanner.search  # noqa: F401
    except ImportError:
        monkeypatch.setitem(sys.modules, "scanner.search", lexical_stand_in())
        return "stand-in"
    return "real"


class Clock:
    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def env(tmp_path: Path) -> Iterator[tuple[TestClient, Store, Clock, Config]]:
    cfg = make_config(tmp_path)
    store = Store.open(cfg.store.path)
    fill_store(store)
    clock = Clock()
    with TestClient(create_app(cfg, store, clock=clock)) as client:
        yield client, store, clock, cfg
    store.close()


def csrf_of(html: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found, "no CSRF field in the page"
    return found[1]


def login(client: TestClient, user: str = "alice", password: str = PASSWORD) -> str:
    token = csrf_of(client.get("/login").text)
    r = client.post(
        "/login",
        data={"username": user, "password": password, "csrf_token": token, "next": "/curation"},
        follow_redirects=False,
    )
    assert r.status_code == 303, r.text
    return csrf_of(client.get("/curation/articles/a1").text)


def test_search_api_shape(env: Any, search_module: str) -> None:
    client, *_ = env
    r = client.get("/api/search", params={"q": "robot", "k": 5, "mode": "lexical"})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["query"] == "robot" and body["k"] == 5
    hits = body["hits"]
    assert {h["id"] for h in hits} >= {"a1", "a2"}
    for h in hits:
        assert {"id", "score", "title", "url", "snippet"} <= set(h)
        assert isinstance(h["score"], float)
        assert "\x02" not in h["snippet"] and "<mark>" not in h["snippet"]  # plain text


def test_search_page_escapes_titles_and_pages(env: Any, search_module: str) -> None:
    client, *_ = env
    r = client.get("/", params={"q": "robot", "mode": "lexical", "k": 1})
    assert r.status_code == 200
    assert "<script>alert" not in r.text
    assert "page=2" in r.text  # more than one hit at k=1: a next-page link
    assert "&lt;script&gt;" in r.text or "Robot au bloc" in r.text


def test_article_api_and_page(env: Any) -> None:
    client, *_ = env
    body = client.get("/api/articles/a1").json()
    assert body["title"] == EVIL
    assert [m["kind"] for m in body["mentions"]] == ["organisation", "amount"]
    assert body["themes"][0]["theme"] == "bloc_operatoire"
    assert body["themes"][0]["evidence"] == ["robot"]
    assert [s["id"] for s in body["story"]] == ["a2"]
    page = client.get("/articles/a1").text
    assert "<script>alert" not in page and "&lt;script&gt;alert" in page
    assert 'class="m m-organisation' in page and ">Bpifrance</span>" in page
    assert "/articles/a2" in page  # the story


def test_errors_have_their_status_in_both_shapes(env: Any) -> None:
    client, *_ = env
    r = client.get("/api/articles/nope")
    assert r.status_code == 404 and r.json()["error"] == "NotFound"
    r = client.get("/articles/nope")
    assert r.status_code == 404 and "text/html" in r.headers["content-type"]
    assert client.get("/api/search", params={"k": "many"}).status_code == 400


def test_unknown_theme_filter_is_400_with_known_list(env: Any) -> None:
    client, *_ = env
    r = client.get("/api/search", params={"q": "robot", "theme": "astrologie"})
    assert r.status_code == 400
    assert r.json()["known"] == ["bloc_operatoire", "sante_numerique"]
    assert "bloc_operatoire, sante_numerique" in r.json()["message"]
    page = client.get("/", params={"q": "robot", "theme": "astrologie"})
    assert page.status_code == 400 and "bloc_operatoire" in page.text


def test_anonymous_cannot_change_anything(env: Any) -> None:
    client, store, *_ = env
    mention_id = store.mentions.for_article("a1")[0].id
    for method, path in [
        ("post", f"/curation/mentions/{mention_id}/reject"),
        ("post", "/curation/merge"),
        ("put", "/api/articles/a1"),
        ("delete", "/api/articles/a1"),
        ("post", "/no/such/route"),
    ]:
        r = client.request(method.upper(), path, data={"alias": "a", "canonical": "b"})
        assert r.status_code == 403, (method, path, r.status_code)
    assert store.mentions.status_of("a1")[mention_id] == "auto"
    assert store.curation.count_corrections() == 0
    assert client.get("/curation", follow_redirects=False).status_code == 303  # to /login


def test_login_csrf_and_a_correction(env: Any) -> None:
    client, store, *_ = env
    token = csrf_of(client.get("/login").text)
    bad = client.post(
        "/login", data={"username": "alice", "password": "wrong-password", "csrf_token": token}
    )
    assert bad.status_code == 401 and "incorrect" in bad.text
    no_csrf = client.post("/login", data={"username": "alice", "password": PASSWORD})
    assert no_csrf.status_code == 403
    token = login(client)
    amount = next(m for m in store.mentions.for_article("a1") if m.kind == "amount")
    url = f"/curation/mentions/{amount.id}/edit"
    assert client.post(url, data={"value_eur": "3 M"}).status_code == 403  # CSRF missing
    assert client.post(url, data={"value_eur": "3 M", "csrf_token": "forged"}).status_code == 403
    r = client.post(url, data={"value_eur": "3 M", "csrf_token": token}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith("/curation/articles/a1")
    assert store.mentions.get(amount.id)[0].value_eur == 3_000_000.0  # type: ignore[arg-type]
    entry = store.curation.corrections(limit=1)[0]
    assert entry.curator == "alice" and entry.action == "edit"
    # JSON clients send the token in a header
    r = client.post(
        f"/curation/mentions/{amount.id}/accept",
        headers={"X-CSRF-Token": token, "Accept": "application/json"},
    )
    assert r.status_code == 200 and r.json()["mention"]["status"] == "accepted"
    log = client.get("/api/curation/log").json()
    assert log["total"] == 2 and log["corrections"][0]["action"] == "accept"
    assert client.get("/curation/log.jsonl").text.count("\n") == 2
    assert client.get("/curation/log.csv").text.startswith("id,target,action")


def test_session_expires(env: Any) -> None:
    client, _, clock, cfg = env
    token = login(client)
    assert client.get("/curation").status_code == 200
    clock.now += cfg.web.session_hours * 3600 + 1
    assert client.get("/curation", follow_redirects=False).status_code == 303
    r = client.post("/curation/merge", data={"alias": "a", "canonical": "b", "csrf_token": token})
    assert r.status_code == 403


def test_logout_ends_the_session(env: Any) -> None:
    client, *_ = env
    token = login(client)
    assert (
        client.post("/logout", data={"csrf_token": token}, follow_redirects=False).status_code
        == 303
    )
    assert client.get("/api/session").json()["user"] is None


def test_secret_file_is_private(env: Any) -> None:
    _, _, _, cfg = env
    mode = stat.S_IMODE(Path(cfg.web.secret_file).stat().st_mode)
    assert mode == 0o600


def test_login_to_read(tmp_path: Path) -> None:
    cfg = make_config(tmp_path, login_to_read=True)
    with Store.open(cfg.store.path) as store:
        fill_store(store)
        client = TestClient(create_app(cfg, store))
        r = client.get("/articles/a1", follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"].startswith("/login?next=")
        assert client.get("/api/articles/a1").status_code == 401
        login(client)
        assert client.get("/api/articles/a1").status_code == 200


def test_bulletins_are_listed_served_and_contained(env: Any) -> None:
    client, _, _, cfg = env
    out = Path(cfg.output.dir)
    out.mkdir()
    (out / "bulletin-2026-W46.html").write_text("<h1>Bulletin W46</h1>", encoding="utf-8")
    (out / "bulletin-2026-W46.md").write_text("# Bulletin W46", encoding="utf-8")
    (out / "bulletin-2026-W46.json").write_text(json.dumps({"week": "2026-W46"}))
    (out / "bulletins.atom").write_text("<feed/>", encoding="utf-8")
    assert "2026-W46" in client.get("/bulletins").text
    assert client.get("/bulletins/2026-W46").text == "<h1>Bulletin W46</h1>"
    md = client.get("/bulletins/bulletin-2026-W46.md")
    assert md.status_code == 200 and "attachment" in md.headers["content-disposition"]
    assert client.get("/api/bulletins").json()[0]["formats"] == ["html", "md", "json"]
    assert client.get("/api/bulletins/2026-W46").json()["week"] == "2026-W46"
    assert client.get("/bulletins.atom").status_code == 200
    for bad in ("..%2Fw.db", "bulletin-2026-W46.html%2F..", "secret", "2026-W99x"):
        assert client.get(f"/bulletins/{bad}").status_code == 404
