"""The discovery loop: names found outside the gazetteers are listed as new actors for
curators, a confirmation adds them to the watch's curated gazetteer, a rejection removes
their mentions; the web page escapes crawled names and checks CSRF."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from web_fixtures import PASSWORD, Clock, csrf_of, make_config

from scanner.curation import actors as discovery
from scanner.curation import learning
from scanner.errors import InputError
from scanner.nlp.gazetteer import load_entries
from scanner.records import Article, Mention
from scanner.store import Store
from scanner.web import create_app
from scanner.web.security import add_user

EVIL_NAME = "Evil<script>alert(1)</script>Bio"


def article(store: Store, aid: str, text: str, source: str, day: int) -> None:
    store.articles.add(
        Article(id=aid, url=f"http://x.test/{aid}", title="", text=text, content_hash=aid,
                published=date(2026, 11, day), source_id=source)
    )  # fmt: skip


def mention(text: str, name: str, canonical: str = "", origin: str = "rule") -> Mention:
    start = text.index(name)
    return Mention("organisation", start, start + len(name), name, canonical or name,
                   origin=origin)  # type: ignore[arg-type]  # fmt: skip


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    s = Store.open(tmp_path / "w.db")
    texts = {
        "n1": "La start-up Robocath lève 5 M€ auprès de Bpifrance. Figurant au palmarès.",
        "n2": "Robocath recrute. La biotech Novadiscovery lève des fonds.",
        "n3": f"La société {EVIL_NAME} ouvre un site.",
    }
    for i, (aid, text) in enumerate(texts.items()):
        article(s, aid, text, "src-a" if aid != "n2" else "src-b", 10 + i)
    s.mentions.replace_auto("n1", [mention(texts["n1"], "Robocath"),
                                   mention(texts["n1"], "Bpifrance", origin="gazetteer"),
                                   mention(texts["n1"], "Figurant", origin="model")])  # fmt: skip
    s.mentions.replace_auto("n2", [mention(texts["n2"], "Robocath"),
                                   mention(texts["n2"], "Novadiscovery")])  # fmt: skip
    s.mentions.replace_auto("n3", [mention(texts["n3"], EVIL_NAME)])
    yield s
    s.close()


def test_unlisted_names_are_new_actors_with_their_reach(store: Store) -> None:
    actors = {a.canonical: a for a in store.actors.new_actors()}
    assert set(actors) == {"Robocath", "Figurant", "Novadiscovery", EVIL_NAME}  # not Bpifrance
    assert (actors["Robocath"].articles, actors["Robocath"].sources) == (2, 2)
    assert actors["Robocath"].first_seen == "2026-11-10"
    assert store.actors.count_new() == 4
    assert store.actors.sources_until("organisation", ["Robocath"], date(2026, 11, 11)) == {
        "Robocath": 1
    }


def test_confirm_joins_the_curated_gazetteer_and_reject_removes_mentions(
    store: Store, tmp_path: Path
) -> None:
    discovery.confirm_actor(store, "organisation", "Robocath", "alice")
    assert discovery.reject_actor(store, "organisation", "Figurant", "alice") == 1
    left = {a.canonical for a in store.actors.new_actors()}
    assert left == {"Novadiscovery", EVIL_NAME}
    assert all(m.text != "Figurant" for m in store.mentions.for_article("n1"))
    assert store.actors.listed("organisation", ["Robocath", "Novadiscovery"]) == {"Robocath"}
    paths = {"organisation": tmp_path / "o.jsonl", "programme": tmp_path / "p.jsonl"}
    learning.sync_gazetteers(store, paths)
    names = {e.canonical for e in load_entries(paths["organisation"], "organisation")}
    assert "Robocath" in names and "Figurant" not in names
    actions = [c.action for c in store.curation.corrections()]
    assert actions.count("confirm_actor") == 1 and actions.count("reject_actor") == 1
    with pytest.raises(InputError):
        discovery.confirm_actor(store, "molecule", "X", "alice")
    with pytest.raises(InputError):
        discovery.confirm_actor(store, "organisation", "x" * 1000, "alice")


def test_a_confirmed_name_is_found_as_listed_by_the_next_extraction(
    store: Store, tmp_path: Path
) -> None:
    spacy = pytest.importorskip("spacy")
    from scanner.config import NlpConfig
    from scanner.nlp.mentions import MentionExtractor

    discovery.confirm_actor(store, "organisation", "Novadiscovery", "alice")
    cfg = NlpConfig(curated_dir=str(tmp_path / "curated"), workers=1)
    from scanner.nlp.gazetteer_files import curated_gazetteer_files

    learning.sync_gazetteers(store, curated_gazetteer_files(cfg))
    project = Path(__file__).resolve().parents[1]
    extractor = MentionExtractor(cfg, project, nlp=spacy.blank("fr"))
    found = extractor.extract_one("Un accord entre Novadiscovery et un hôpital.")
    orgs = [(m.text, m.origin) for m in found if m.kind == "organisation"]
    assert ("Novadiscovery", "gazetteer") in orgs


@pytest.fixture
def web(tmp_path: Path, store: Store) -> Iterator[tuple[TestClient, Any]]:
    cfg = make_config(tmp_path)
    add_user(store, "alice", PASSWORD)
    with TestClient(create_app(cfg, store, clock=Clock())) as client:
        yield client, cfg


def _login(client: TestClient) -> str:
    token = csrf_of(client.get("/login").text)
    r = client.post("/login", data={"username": "alice", "password": PASSWORD,
                                    "csrf_token": token, "next": "/curation/actors"},
                    follow_redirects=False)  # fmt: skip
    assert r.status_code == 303, r.text
    return csrf_of(client.get("/curation/actors").text)


def test_the_new_actors_page(web: Any, store: Store) -> None:
    client, cfg = web
    assert client.get("/curation/actors", follow_redirects=False).status_code in (302, 303, 401)
    token = _login(client)
    page = client.get("/curation/actors").text
    assert "Nouveaux acteurs à confirmer" in page and "Robocath" in page
    assert "<script>alert(1)" not in page and "&lt;script&gt;" in page  # crawled text escaped
    r = client.post("/curation/actors/confirm", data={"kind": "organisation",
                                                      "canonical": "Robocath"})  # fmt: skip
    assert r.status_code == 403  # no CSRF token
    r = client.post(
        "/curation/actors/confirm",
        data={"kind": "organisation", "canonical": "Robocath", "csrf_token": token},
        follow_redirects=False,
    )
    assert r.status_code == 303
    curated = Path(cfg.nlp.curated_dir) / "organisations.jsonl"
    assert "Robocath" in {e.canonical for e in load_entries(curated, "organisation")}
    listed = client.get("/curation/actors", headers={"Accept": "application/json"}).json()
    assert "Robocath" not in {a["canonical"] for a in listed["actors"]}
    r = client.post(
        "/curation/actors/reject",
        data={"kind": "organisation", "canonical": "x" * 1000, "csrf_token": token},
    )
    assert r.status_code == 400
