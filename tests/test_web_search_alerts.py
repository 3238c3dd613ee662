"""The search page's browsing, sorting, totals and exports, and alerts in the web app (save,
list, feed, remove), through FastAPI's TestClient over a small real store."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import feedparser
import pytest
from fastapi.testclient import TestClient
from test_web_api import login
from web_fixtures import fill_store, make_config

from scanner.alerts.run import run_alerts
from scanner.config import Config
from scanner.records import Article
from scanner.store import Store
from scanner.web import create_app


@pytest.fixture
def env(tmp_path: Path) -> Iterator[tuple[TestClient, Store, Config]]:
    cfg = make_config(tmp_path)
    store = Store.from_config(cfg.store)
    fill_store(store)
    store.articles.add(
        Article(id="a4", url="http://x.test/a4", title="=HYPERLINK(\"http://evil\")",
                text="Un robot chirurgical de plus au bloc.", content_hash="ha4",
                published=date(2026, 11, 20), source_id="demo", lang="fr")
    )  # fmt: skip
    with TestClient(create_app(cfg, store)) as client:
        yield client, store, cfg
    store.close()


def test_filters_alone_browse_newest_first_with_total_and_facets(env) -> None:  # type: ignore[no-untyped-def]
    client, *_ = env
    body = client.get("/api/search", params={"source": "demo"}).json()
    assert body["browsing"] and body["total"] == 4 and body["query"] == ""
    assert [h["id"] for h in body["hits"]] == ["a4", "a3", "a2", "a1"]  # newest first
    themed = client.get("/api/search", params={"theme": "bloc_operatoire"}).json()
    assert [h["id"] for h in themed["hits"]] == ["a1"] and themed["total"] == 1
    assert themed["hits"][0]["themes"] == ["bloc_operatoire"]
    assert dict(map(tuple, themed["facets"]["themes"])) == {"bloc_operatoire": 1}
    page = client.get("/", params={"theme": "bloc_operatoire", "since": "2026-11-01"}).text
    assert 'id="total">1<' in page and "du plus récent au plus ancien" in page


def test_sort_by_date_and_the_cut_off_is_explained(env) -> None:  # type: ignore[no-untyped-def]
    client, *_ = env
    by_date = client.get("/api/search", params={"q": "robot", "mode": "lexical", "sort": "date"})
    dates = [h["published"] for h in by_date.json()["hits"]]
    assert dates == sorted(dates, reverse=True) and len(dates) == 3
    strict = client.get("/", params={"q": "robot télésurveillance", "mode": "lexical",
                                     "cutoff": "0.9"}).text  # fmt: skip
    assert 'id="cutoff-note"' in strict and "sous le seuil de 0.90" in strict
    assert "cutoff=0" in strict  # a link shows them all
    assert client.get("/api/search", params={"q": "robot", "sort": "x"}).status_code == 400
    assert client.get("/api/search", params={"q": "robot", "cutoff": "2"}).status_code == 400


def test_exports_hold_every_hit_with_organisations_and_amounts(env) -> None:  # type: ignore[no-untyped-def]
    client, *_ = env
    params = {"q": "robot", "mode": "lexical", "k": "1"}  # k is a page size, not an export's
    data = client.get("/export.json", params=params).json()
    assert data["count"] == 3 and {h["id"] for h in data["hits"]} == {"a1", "a2", "a4"}
    a1 = next(h for h in data["hits"] if h["id"] == "a1")
    assert a1["organisations"] == ["Bpifrance"] and a1["amounts_eur"] == [300000.0]
    assert a1["source"] == "demo" and a1["themes"] == ["bloc_operatoire"]
    r = client.get("/export.csv", params=params)
    assert r.headers["content-type"].startswith("text/csv")
    assert "attachment" in r.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(r.text.lstrip("\ufeff"))))
    assert len(rows) == 3 and rows[0].keys() >= {"title", "url", "published", "source",
                                                  "themes", "organisations", "amounts_eur"}  # fmt: skip
    evil = next(row for row in rows if row["id"] == "a4")
    assert evil["title"].startswith("'=")  # a spreadsheet does not run it
    browse = client.get("/export.json", params={"source": "demo"}).json()
    assert browse["count"] == 4
    assert client.get("/export.xml", params=params).status_code == 404


def test_a_curator_saves_a_search_and_reads_its_feed(env) -> None:  # type: ignore[no-untyped-def]
    client, store, cfg = env
    search = {"q": "robot chirurgical", "mode": "lexical", "theme": "bloc_operatoire"}
    anonymous = client.post("/alerts", data={"name": "x", **search})
    assert anonymous.status_code == 403 and store.alerts.all() == []
    page = client.get("/", params=search).text
    assert "Connectez-vous" in page and "alert-form" not in page
    token = login(client)
    page = client.get("/", params=search).text
    assert 'id="alert-form"' in page
    saved = client.post("/alerts", data={"name": "robots", "csrf_token": token, **search},
                        follow_redirects=False)  # fmt: skip
    assert saved.status_code == 303 and saved.headers["location"] == "/alerts/robots"
    [alert] = store.alerts.all()
    assert alert.query == "robot chirurgical" and alert.filters.themes == ("bloc_operatoire",)
    assert alert.created_by == "alice" and alert.mode == "lexical"
    again = client.post("/alerts", data={"name": "robots", "csrf_token": token, "q": "vaccin"})
    assert again.status_code == 409 and store.alerts.get("robots").query == "robot chirurgical"
    for name, q in (("../x", "robot"), ("a/b", "robot"), ("ok", ""), ("ok", "é" * 10_000)):
        bad = client.post("/alerts", data={"name": name, "q": q, "csrf_token": token},
                          headers={"accept": "application/json"})  # fmt: skip
        assert bad.status_code == 400, (name, bad.text)
    assert len(store.alerts.all()) == 1
    run_alerts(cfg, store, mail=False)
    r = client.get("/alerts/robots.atom")
    assert r.headers["content-type"].startswith("application/atom+xml")
    feed = feedparser.parse(r.text)
    assert not feed.bozo and [e.link for e in feed.entries] == ["http://testserver/articles/a1"]
    assert client.get("/alerts/nope.atom").status_code == 404
    assert client.get("/alerts/..%2Fsecret.atom").status_code == 404
    listing = client.get("/alerts").text
    assert "robots" in listing and "http://testserver/alerts/robots.atom" in listing
    one = client.get("/alerts/robots").text
    assert "Robot chirurgical" in one or "robot" in one.lower()
    assert json.loads(client.get("/api/alerts").text)[0]["hits"] == 1
    gone = client.post("/alerts/robots/delete", data={"csrf_token": token}, follow_redirects=False)
    assert gone.status_code == 303 and store.alerts.all() == []
