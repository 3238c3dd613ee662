"""The web app through FastAPI's TestClient: JSON twins, access control, CSRF, sessions,
escaping of crawled text, errors rendered by one handler."""

from __future__ import annotations

import json
import re
import socket
import stat
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient
from web_fixtures import EVIL, PASSWORD, Clock, csrf_of, fill_store, make_config

from scanner.config import Config
from scanner.store import Store
from scanner.web import create_app
from scanner.web.security import add_user


@pytest.fixture
def env(tmp_path: Path, store_url: str) -> Iterator[tuple[TestClient, Store, Clock, Config]]:
    """The app over a filled store, on each backend."""
    cfg = make_config(tmp_path, store_url=store_url)
    store = Store.from_config(cfg.store)
    fill_store(store)
    clock = Clock()
    with TestClient(create_app(cfg, store, clock=clock)) as client:
        yield client, store, clock, cfg
    store.close()


def login(client: TestClient, user: str = "alice", password: str = PASSWORD) -> str:
    token = csrf_of(client.get("/login").text)
    r = client.post(
        "/login",
        data={"username": user, "password": password, "csrf_token": token, "next": "/curation"},
        follow_redirects=False,
    )
    assert r.status_code == 303, r.text
    return csrf_of(client.get("/curation/articles/a1").text)


def test_search_api_hits_are_the_clis(env: Any, tmp_path: Path) -> None:
    """`GET /api/search` hits are what `scanner search --json` prints, for the same query."""
    from typer.testing import CliRunner

    from scanner.cli import app

    client, _, _, cfg = env
    r = client.get("/api/search", params={"q": "robot chirurgical", "k": 5, "mode": "lexical"})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["query"] == "robot chirurgical" and body["k"] == 5
    # a1 and a2 hold the whole query (a3 does not match); which comes first is bm25's tie-break
    # on three articles, where the backends' length damping differ (0.587 against 0.591)
    assert {h["id"] for h in body["hits"]} == {"a1", "a2"}
    config = tmp_path / "config.toml"
    config.write_text(
        f'[store]\nurl = "{cfg.store.url}"\n[index]\npath = "{cfg.index.path}"\n'
        '[taxonomy.bloc_operatoire]\nlabel = "B"\ndescription = "d"\nseeds = ["s"]\n'
        '[taxonomy.sante_numerique]\nlabel = "S"\ndescription = "d"\nseeds = ["s"]\n',
        encoding="utf-8",
    )
    cli = CliRunner().invoke(
        app,
        ["search", "robot chirurgical", "--k", "5", "--json", "--mode", "lexical", "-c", config],
    )
    assert cli.exit_code == 0, cli.output
    printed = json.loads(cli.output)
    assert body["hits"] == printed
    a1 = next(h for h in body["hits"] if h["id"] == "a1")
    assert a1["source"] == "demo" and a1["themes"] == ["bloc_operatoire"]
    for h in body["hits"]:
        assert "\x02" not in h["snippet"] and "<mark>" not in h["snippet"]  # plain text


def test_search_filters_and_facets(env: Any) -> None:
    client, *_ = env

    def ids(**params: object) -> list[str]:
        r = client.get("/api/search", params={"q": "robot", "mode": "lexical", **params})
        assert r.status_code == 200, r.text
        return sorted(h["id"] for h in r.json()["hits"])

    body = client.get("/api/search", params={"q": "robot", "mode": "lexical"}).json()
    facets = {name: dict(pairs) for name, pairs in body["facets"].items()}
    assert facets["themes"] == {"bloc_operatoire": 1}
    assert facets["organisations"] == {"Bpifrance": 1}
    assert facets["sources"] == {"demo": 2}
    assert ids() == ["a1", "a2"]
    assert ids(theme="bloc_operatoire") == ["a1"]
    assert ids(organisation="Bpifrance") == ["a1"]
    assert ids(min_amount="200000") == ["a1"] and ids(min_amount="1000000") == []
    assert ids(since="2026-11-11") == ["a2"] and ids(until="2026-11-10") == ["a1"]
    assert ids(source="demo", lang="fr") == ["a1", "a2"] and ids(lang="en") == []
    assert ids(stage="market") == ["a1"] and ids(stage="clinical") == []
    bad = client.get("/api/search", params={"q": "robot", "stage": "vaporware"})
    assert bad.status_code == 400 and "known stages" in bad.json()["message"]
    page = client.get("/", params={"q": "robot", "stage": "market"}).text
    assert 'name="stage" value="market" checked' in page
    r = client.get(
        "/api/search", params={"q": "robot", "since": "2026-12-01", "until": "2026-11-01"}
    )
    assert r.status_code == 400 and "after until" in r.json()["message"]
    # the default mode is hybrid: the dense side has no vectors here, the lexical side answers
    hybrid = client.get("/api/search", params={"q": "robot"}).json()
    assert hybrid["mode"] == "hybrid" and {h["id"] for h in hybrid["hits"]} == {"a1", "a2"}


def test_search_page_escapes_titles_and_pages(env: Any) -> None:
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


def test_a_curator_sets_a_funding_fact(env: Any) -> None:
    client, store, *_ = env
    token = login(client)
    amount = next(m for m in store.mentions.for_article("a1") if m.kind == "amount")
    api = client.get("/api/articles/a1").json()
    fact = next(m for m in api["mentions"] if m["kind"] == "amount")["fact"]
    assert fact == {
        "role": "grant",
        "new": True,
        "recipient": None,
        "payers": ["Bpifrance"],
        "programme": None,
        "decided_by": {"role": "rule:verb"},
    }
    desk = client.get("/curation/articles/a1").text
    assert f'action="/curation/mentions/{amount.id}/fact"' in desk and "(pourquoi ?)" in desk
    url = f"/curation/mentions/{amount.id}/fact"
    assert client.post(url, data={"role": "loan"}).status_code == 403  # CSRF missing
    bad = client.post(url, data={"role": "aid", "csrf_token": token})
    assert bad.status_code == 400 and "unknown role" in bad.text
    r = client.post(
        url,
        data={
            "role": "loan",
            "new": "0",
            "recipient": "Robotix <SAS>",
            "payers": "Bpifrance; Banque européenne d'investissement",
            "csrf_token": token,
        },
        headers={"Accept": "application/json"},
    )
    assert r.status_code == 200, r.text
    got = r.json()["mention"]["fact"]
    assert (got["role"], got["new"], got["recipient"]) == ("loan", False, "Robotix <SAS>")
    assert got["payers"] == ["Bpifrance", "Banque européenne d'investissement"]
    assert got["decided_by"]["role"] == "curator" and got["decided_by"]["payers"] == "curator"
    assert r.json()["mention"]["status"] == "edited"
    assert store.curation.corrections(limit=1)[0].action == "edit_fact"
    page = client.get("/curation/articles/a1").text
    assert "Robotix &lt;SAS&gt;" in page and "Robotix <SAS>" not in page  # escaped
    # an absent field is left alone; "" clears a name
    r = client.post(url, data={"recipient": "", "csrf_token": token}, follow_redirects=False)
    assert r.status_code == 303
    kept = next(m for m in store.mentions.for_article("a1") if m.kind == "amount")
    assert kept.fact is not None and (kept.fact.role, kept.fact.recipient) == ("loan", None)


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
    with Store.from_config(cfg.store) as store:
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


def test_every_unsafe_route_checks_csrf(env: Any) -> None:
    from fastapi.routing import APIRoute

    from scanner.web import ROUTED
    from scanner.web.security import check_csrf

    client, *_ = env
    safe = {"GET", "HEAD", "OPTIONS"}
    unsafe = [
        (method, r.path_format)  # routes keep their router's prefix
        for m in ROUTED
        for r in m.router.routes
        if isinstance(r, APIRoute)
        for method in set(r.methods) - safe
        if check_csrf in [d.call for d in r.dependant.dependencies] or pytest.fail(r.path)
    ]
    # no unsafe operation was added to the app outside these routers
    spec = client.get("/openapi.json").json()["paths"]
    documented = [(m.upper(), p) for p, ops in spec.items() for m in ops if m.upper() not in safe]
    assert sorted(documented) == sorted(unsafe) and len(unsafe) >= 9


def test_reader_accounts_read_but_change_nothing(tmp_path: Path) -> None:
    cfg = make_config(tmp_path, login_to_read=True)
    with Store.from_config(cfg.store) as store:
        fill_store(store)
        add_user(store, "rita", PASSWORD, role="reader")
        client = TestClient(create_app(cfg, store))
        token = csrf_of(client.get("/login").text)
        client.post("/login", data={"username": "rita", "password": PASSWORD, "csrf_token": token})
        assert client.get("/api/articles/a1").status_code == 200
        assert client.get("/curation").status_code == 403
        token = client.get("/api/session").json()["csrf_token"]
        mention_id = store.mentions.for_article("a1")[0].id
        r = client.post(f"/curation/mentions/{mention_id}/reject", data={"csrf_token": token})
        assert r.status_code == 403 and "peut lire, mais pas modifier" in r.text
        assert store.curation.count_corrections() == 0
    with pytest.raises(Exception, match="unknown role"):
        add_user(Store.from_config(cfg.store), "x", PASSWORD, role="admin")


def test_api_login_and_removed_user(env: Any) -> None:
    client, store, *_ = env
    session = client.get("/api/session").json()
    assert session["user"] is None and session["csrf_token"]
    headers = {"X-CSRF-Token": session["csrf_token"], "Accept": "application/json"}
    r = client.post("/login", data={"username": "alice", "password": "nope-nope"}, headers=headers)
    assert r.status_code == 401 and r.json()["error"] == "LoginFailed"
    r = client.post("/login", data={"username": "alice", "password": PASSWORD}, headers=headers)
    assert r.status_code == 200 and r.json()["user"] == "alice"
    assert r.json()["csrf_token"] != session["csrf_token"]  # a fresh token at login
    assert client.get("/api/curation/queue").json()["total"] == 1
    store.curation.remove_user("alice")
    assert client.get("/api/curation/queue").status_code == 401
    assert client.get("/api/session").json()["user"] is None


def test_pages_allow_only_their_own_scripts(env: Any) -> None:
    client, *_ = env
    login(client)
    for path in ("/", "/curation/articles/a1"):
        r = client.get(path)
        policy = r.headers["content-security-policy"]
        nonce = re.search(r"'nonce-([^']+)'", policy)
        assert nonce and "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]
        scripts = re.findall(r"<script([^>]*)>", r.text)
        assert scripts and all(f'nonce="{nonce[1]}"' in attrs for attrs in scripts)
    other = client.get("/").headers["content-security-policy"]
    assert other != client.get("/").headers["content-security-policy"]  # per response


def test_openapi_page_works_offline(env: Any) -> None:
    client, *_ = env
    page = client.get("/docs")
    assert page.status_code == 200
    scripts = re.findall(r'src="([^"]+\.js)"', page.text)
    assert scripts and all(s.startswith("/") for s in scripts)  # nothing from a CDN
    for src in scripts:
        assert client.get(src).status_code == 200
    spec = client.get("/openapi.json").json()
    for path in ("/api/search", "/api/articles/{article_id}", "/api/bulletins", "/api/session"):
        assert path in spec["paths"]


def test_selection_must_match_the_text(env: Any) -> None:
    client, store, *_ = env
    token = login(client)
    full = store.articles.get("a1").full_text
    start = full.index("robot chirurgical")
    url = "/curation/articles/a1/mentions"
    base = {"csrf_token": token, "kind": "organisation", "start": start, "end": start + 5}
    r = client.post(url, data=base | {"text": "chirurgical"})
    assert r.status_code == 400 and "sélectionnez de nouveau" in r.text
    assert store.curation.count_corrections() == 0
    r = client.post(url, data=base | {"text": "robot"}, follow_redirects=False)
    assert r.status_code == 303
    assert [m.text for m in store.mentions.for_article("a1") if m.origin == "curator"] == ["robot"]


def test_merges_and_names_reach_the_extractors_gazetteer(env: Any) -> None:
    from scanner.nlp.gazetteer import load_entries

    client, store, _, cfg = env
    token = login(client)
    r = client.post(
        "/curation/merge",
        data={"alias": "Bpi", "canonical": "Bpifrance", "csrf_token": token},
        follow_redirects=False,
    )
    assert r.status_code == 303
    curated = Path(cfg.nlp.curated_dir) / "organisations.jsonl"
    entries = {e.canonical: e for e in load_entries(curated, "organisation")}
    assert "Bpi" in entries["Bpifrance"].aliases


@contextmanager
def scanner_serve(
    config: Path, workers: int, ready: str, wait: float
) -> Iterator[tuple[subprocess.Popen[str], int]]:
    """`scanner serve --workers N` as a real process on a free loopback port, once `ready`
    (a path) answers; SIGTERM at the end."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    cmd = [sys.executable, "-c", "from scanner.cli import main; main()", "serve"]
    cmd += ["--host", "127.0.0.1", "--port", str(port), "--workers", str(workers)]
    cmd += ["-c", str(config)]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        deadline = time.monotonic() + wait
        while True:
            try:
                httpx.get(f"http://127.0.0.1:{port}{ready}", timeout=5)
                break
            except httpx.HTTPError:
                assert proc.poll() is None, proc.stdout.read() if proc.stdout else ""
                assert time.monotonic() < deadline, "scanner serve did not answer"
                time.sleep(0.3)
        yield proc, port
    finally:
        proc.terminate()
        proc.wait(timeout=30)


@pytest.mark.slow  # a fresh interpreter imports the whole stack (torch, spaCy, FAISS)
@pytest.mark.parametrize("workers", [1, 2])
def test_scanner_serve_listens_where_told(tmp_path: Path, workers: int) -> None:
    """`scanner serve --host --port [--workers N]` serves the app (real processes on
    loopback); SIGTERM stops every worker."""
    config = tmp_path / "config.toml"
    config.write_text(
        f'[store]\nurl = "sqlite:///{tmp_path / "w.db"}"\n[web]\nsecret_file = "{tmp_path / "s"}"\n'
        '[taxonomy.prevention]\nlabel = "P"\ndescription = "d"\nseeds = ["s"]\n',
        encoding="utf-8",
    )
    with scanner_serve(config, workers, "/bulletins", 90) as (proc, port):
        r = httpx.get(f"http://127.0.0.1:{port}/bulletins", timeout=5)
        assert r.status_code == 200 and "Bulletins hebdomadaires" in r.text
        children = Path(f"/proc/{proc.pid}/task/{proc.pid}/children").read_text().split()
        assert len(children) == (workers if workers > 1 else 0)
        for _ in range(6):  # every worker answers
            assert httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=5).text == "ok"
        # each worker listens on its own socket of the port (the kernel spreads connections
        # over them), none on a socket shared with the others
        listening = [
            line.split()
            for line in Path("/proc/net/tcp").read_text().splitlines()[1:]
            if line.split()[1] == f"0100007F:{port:04X}" and line.split()[3] == "0A"
        ]
        assert len(listening) == workers
    for child in children:
        assert (
            not Path(f"/proc/{child}").exists()
            or "zombie" in Path(f"/proc/{child}/status").read_text()
        )
    assert f"http://127.0.0.1:{port}/" in (proc.stdout.read() if proc.stdout else "")


@pytest.mark.slow  # fresh interpreters import the whole stack, one per server process
def test_scanner_serve_workers_on_postgresql(tmp_path: Path, pg_url: str) -> None:
    """`scanner serve --workers 2` over a PostgreSQL store: both processes open their own
    connections and the pages a curator added through one are read through any."""
    with Store.open(pg_url) as store:
        fill_store(store)
    config = tmp_path / "config.toml"
    config.write_text(
        f'[store]\nurl = "{pg_url}"\n[web]\nsecret_file = "{tmp_path / "s"}"\n'
        f'[index]\npath = "{tmp_path / "index"}"\n'
        '[taxonomy.prevention]\nlabel = "P"\ndescription = "d"\nseeds = ["s"]\n',
        encoding="utf-8",
    )
    with scanner_serve(config, 2, "/api/articles/a2", 120) as (_, port):
        r = httpx.get(f"http://127.0.0.1:{port}/api/articles/a2", timeout=5)
        assert r.status_code == 200 and r.json()["id"] == "a2"
        with httpx.Client(timeout=30) as client:  # new connections: both processes answer
            answers = [client.get(f"http://127.0.0.1:{port}/api/articles/a1") for _ in range(20)]
        assert all(a.status_code == 200 for a in answers)
