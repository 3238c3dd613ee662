"""Issue 17, the web app: sessions that end at logout, login throttling, Secure cookies, CSP
on every response (/docs and /redoc included), http(s)-only links to stored URLs, and the
desk refusing NaN, infinite or absurd euro values and overlong names (nothing saved)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from web_fixtures import PASSWORD, Clock, Server, csrf_of, fill_store, make_config, no_dialogs

from scanner.records import Article
from scanner.store import Store
from scanner.web import create_app
from scanner.web.security import add_user, load_secret


@pytest.fixture
def env(tmp_path: Path) -> Iterator[tuple[TestClient, Store, Clock]]:
    cfg = make_config(tmp_path)
    store = Store.from_config(cfg.store)
    fill_store(store)
    clock = Clock()
    with TestClient(create_app(cfg, store, clock=clock)) as client:
        yield client, store, clock
    store.close()


def login(client: TestClient, user: str = "alice", password: str = PASSWORD) -> Any:
    token = csrf_of(client.get("/login").text)
    return client.post(
        "/login",
        data={"username": user, "password": password, "csrf_token": token},
        follow_redirects=False,
    )


def desk_token(client: TestClient) -> str:
    return csrf_of(client.get("/curation/articles/a1").text)


def amount_id(store: Store) -> int:
    return next(m.id for m in store.mentions.for_article("a1") if m.kind == "amount")  # type: ignore[misc]


# ---- sessions ---------------------------------------------------------------------------


def test_a_cookie_copied_before_logout_is_worthless_after_it(env: Any) -> None:
    client, store, _ = env
    assert login(client).status_code == 303
    token = desk_token(client)
    copied = dict(client.cookies)
    r = client.post("/logout", data={"csrf_token": token}, follow_redirects=False)
    assert r.status_code == 303
    thief = TestClient(client.app)
    thief.cookies.update(copied)
    r = thief.post(
        f"/curation/mentions/{amount_id(store)}/reject",
        data={"csrf_token": token},
        headers={"accept": "application/json"},
    )
    assert r.status_code == 403, r.text
    assert store.mentions.get(amount_id(store))[1] == "auto"  # nothing changed
    assert thief.get("/api/session").json()["user"] is None


def test_a_password_reset_ends_every_session_of_the_account(env: Any) -> None:
    client, store, _ = env
    assert login(client).status_code == 303
    assert client.get("/api/session").json()["user"] == "alice"
    add_user(store, "alice", "a new long password")
    assert client.get("/api/session").json()["user"] is None
    assert store.sessions.count("alice") == 0


def test_a_session_expires_on_the_server_side_too(env: Any) -> None:
    client, store, clock = env
    assert login(client).status_code == 303
    clock.now += 8 * 3600 + 1
    assert client.get("/api/session").json()["user"] is None
    assert client.get("/curation", follow_redirects=False).status_code == 303  # to /login


# ---- login throttling -------------------------------------------------------------------


def test_wrong_passwords_lock_the_account_even_for_the_right_one(env: Any) -> None:
    client, _, clock = env
    for _ in range(5):
        assert login(client, password="wrong password").status_code == 401
    r = login(client)  # the right password, too late
    assert r.status_code == 429 and "Retry-After" in r.headers
    assert client.get("/api/session").json()["user"] is None
    clock.now += 15 * 60 + 1  # the window has passed
    assert login(client).status_code == 303


def test_one_address_cannot_try_many_accounts(env: Any) -> None:
    client, store, _ = env
    add_user(store, "bob", PASSWORD)
    for name in ("carol", "dave", "erin", "frank", "gina"):
        assert login(client, user=name, password="guess guess").status_code == 401
    assert login(client, user="bob").status_code == 429  # this address has used its tries


def test_concurrent_logins_hash_one_at_a_time(tmp_path: Path) -> None:
    cfg = make_config(tmp_path, hashing=1, login_attempts=100)
    store = Store.from_config(cfg.store)
    fill_store(store)
    app = create_app(cfg, store)
    throttle = app.state.web.throttle
    active, peak = [0], [0]
    lock = threading.Lock()
    real = throttle.hashing

    def counting():  # type: ignore[no-untyped-def]
        cm = real()

        class Wrap:
            def __enter__(self) -> None:
                cm.__enter__()
                with lock:
                    active[0] += 1
                    peak[0] = max(peak[0], active[0])

            def __exit__(self, *exc: object) -> None:
                with lock:
                    active[0] -= 1
                cm.__exit__(*exc)

        return Wrap()

    throttle.hashing = counting
    with TestClient(app) as client:
        token = csrf_of(client.get("/login").text)
        codes: list[int] = []

        def one() -> None:
            r = client.post(
                "/login",
                data={"username": "alice", "password": PASSWORD, "csrf_token": token},
                follow_redirects=False,
            )
            codes.append(r.status_code)

        threads = [threading.Thread(target=one) for _ in range(6)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    store.close()
    assert peak[0] == 1 and len(codes) == 6 and set(codes) <= {303, 401}


def test_secure_cookies_setting(tmp_path: Path) -> None:
    for secure in (False, True):
        cfg = make_config(tmp_path / str(secure), secure_cookies=secure)
        store = Store.from_config(cfg.store)
        fill_store(store)
        with TestClient(create_app(cfg, store), base_url="https://testserver") as client:
            r = login(client)
            cookie = r.headers.get("set-cookie", "")
            assert "scanner_session=" in cookie
            assert ("secure" in cookie.lower()) is secure
        store.close()


# ---- headers ------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/docs", "/redoc", "/docs/oauth2-redirect", "/openapi.json"])
def test_every_response_has_a_content_security_policy(env: Any, path: str) -> None:
    client, *_ = env
    r = client.get(path)
    assert r.status_code == 200
    policy = r.headers.get("content-security-policy", "")
    assert "default-src 'none'" in policy and "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy.split("script-src")[-1].split(";")[0]
    assert r.headers.get("x-content-type-options") == "nosniff"


@pytest.mark.browser
def test_the_api_pages_work_under_their_policy(tmp_path: Path, web_browser: Any) -> None:
    """Swagger UI and ReDoc still draw the API under the policy (their inline scripts are
    allowed by hash), and a script the policy does not name would not run."""
    cfg = make_config(tmp_path)
    store = Store.from_config(cfg.store)
    fill_store(store)
    with Server(create_app(cfg, store)) as server:
        page = web_browser.new_page()
        errors: list[str] = []
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.goto(server.url + "/docs")
        page.wait_for_selector(".opblock", timeout=20_000)  # the operations are listed
        page.goto(server.url + "/redoc")
        page.wait_for_selector("text=Veille prospective", timeout=20_000)
        # ReDoc's logo from its CDN is blocked (no third-party loads): only scripts matter
        blocked = [e for e in errors if "Content Security Policy" in e and "image" not in e]
        assert not blocked, blocked
        page.close()
    store.close()


# ---- stored URLs ------------------------------------------------------------------------------


HOSTILE_URLS = ["javascript:alert(1)", " JaVaScRiPt:alert(2)", "data:text/html,<b>x</b>"]


def _hostile(store: Store) -> None:
    for i, url in enumerate(HOSTILE_URLS):
        store.articles.add(
            Article(
                id=f"j{i}",
                url=url,
                canonical_url=f"urn:test:{i}",
                title=f"Robot piège {i}",
                text="Un robot chirurgical au bloc opératoire, article piégé.",
                content_hash=f"hj{i}",
                published=date(2026, 11, 12),
                source_id="demo",
                lang="fr",
            )
        )


def test_stored_non_http_urls_are_never_links(env: Any) -> None:
    client, store, _ = env
    _hostile(store)
    assert login(client).status_code == 303
    pages = [client.get("/", params={"q": "robot piège", "mode": "lexical", "k": 20}).text]
    for i in range(len(HOSTILE_URLS)):
        pages.append(client.get(f"/articles/j{i}").text)
        pages.append(client.get(f"/curation/articles/j{i}").text)
    for html in pages:
        lowered = html.lower()
        assert 'href="javascript' not in lowered and 'href=" javascript' not in lowered
        assert 'href="data:' not in lowered
    assert 'href="http://x.test/a1"' in client.get("/articles/a1").text  # http links stay


@pytest.mark.browser
def test_clicking_a_hostile_source_link_runs_nothing(tmp_path: Path, web_browser: Any) -> None:
    cfg = make_config(tmp_path)
    store = Store.from_config(cfg.store)
    fill_store(store)
    _hostile(store)
    with Server(create_app(cfg, store)) as server:
        page = web_browser.new_page()
        dialogs = no_dialogs(page)
        page.goto(server.url + "/articles/j0")
        assert page.locator("text=source originale").count() == 0
        hrefs: list[str] = []
        for path in ["/?q=robot+pi%C3%A8ge&mode=lexical&k=20", "/articles/j1", "/articles/j2"]:
            page.goto(server.url + path)
            hrefs += page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)")
        assert hrefs and not [h for h in hrefs if not h.startswith("http")], hrefs
        assert dialogs == []
        page.close()
    store.close()


# ---- the desk: euro values and names ----------------------------------------------------------


@pytest.mark.parametrize("value", ["nan", "NaN", "1e400", "-inf", "inf M", "1e300", "-5"])
def test_a_non_finite_or_absurd_euro_value_is_refused_and_nothing_saved(
    env: Any, value: str
) -> None:
    client, store, _ = env
    assert login(client).status_code == 303
    token = desk_token(client)
    mid = amount_id(store)
    before = store.mentions.get(mid)
    r = client.post(
        f"/curation/mentions/{mid}/edit",
        data={"value_eur": value, "csrf_token": token},
        headers={"accept": "application/json"},
    )
    assert r.status_code == 400, r.text
    assert "euro" in r.json()["message"]
    assert store.mentions.get(mid) == before
    assert [c for c in store.curation.corrections() if c.action == "edit"] == []
    full = store.articles.get("a1").full_text
    r = client.post(
        "/curation/articles/a1/mentions",
        data={"start": 0, "end": 5, "kind": "amount", "value_eur": value, "csrf_token": token},
        headers={"accept": "application/json"},
    )
    assert r.status_code == 400 and full  # nothing added
    assert len(store.mentions.for_article("a1")) == 2


def test_an_overlong_name_is_refused_before_it_reaches_the_gazetteers(env: Any) -> None:
    client, store, _ = env
    assert login(client).status_code == 303
    token = desk_token(client)
    org = next(m for m in store.mentions.for_article("a1") if m.kind == "organisation")
    long_name = "Agence " * 60
    for path, data in [
        (f"/curation/mentions/{org.id}/edit", {"canonical": long_name}),
        ("/curation/merge", {"alias": "Bpifrance", "canonical": long_name}),
        ("/curation/articles/a1/mentions", {"start": 0, "end": 5, "kind": "organisation",
                                            "canonical": long_name}),
    ]:  # fmt: skip
        r = client.post(
            path, data={**data, "csrf_token": token}, headers={"accept": "application/json"}
        )
        assert r.status_code == 400 and "at most" in r.json()["message"], r.text
    assert store.curation.aliases() == {}
    assert store.mentions.get(org.id)[0].canonical == "Bpifrance"  # type: ignore[arg-type]


def _secret_of(path: str) -> str:
    return load_secret(path)


def test_processes_starting_together_share_one_whole_secret(tmp_path: Path) -> None:
    """`serve --workers` or a second web node starting at the same moment: each process reads
    the whole secret the first one wrote, never a half-written file."""
    import multiprocessing

    path = str(tmp_path / "keys" / "secret")
    with multiprocessing.get_context("fork").Pool(8) as pool:
        secrets = pool.map(_secret_of, [path] * 48)
    assert len(set(secrets)) == 1 and len(secrets[0]) >= 32
    assert [p.name for p in (tmp_path / "keys").iterdir()] == ["secret"]  # no draft left
    assert (tmp_path / "keys" / "secret").stat().st_mode & 0o077 == 0
