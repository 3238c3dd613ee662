"""Saved searches: saving (and every bad input), running (what is new since the last run),
the digest through a real SMTP server (aiosmtpd on 127.0.0.1), and the Atom feed read back
by feedparser as a feed reader would."""

from __future__ import annotations

import socket
from dataclasses import replace
from datetime import date
from pathlib import Path

import feedparser
import pytest
from test_mail import free_port, smtp_server
from typer.testing import CliRunner
from watch import watch_config

from scanner.alerts.feed import alert_xml
from scanner.alerts.run import run_alerts
from scanner.alerts.saved import AlertExists, save_alert
from scanner.cli import app
from scanner.config import Config
from scanner.errors import InputError, NotFound, UnknownTheme
from scanner.records import Article, SearchFilters
from scanner.vectors.embed import embed_articles, load_embedder
from scanner.vectors.index import index_articles

BASE = "https://veille.example.org"


def mailing(cfg: Config, port: int, **smtp: object) -> Config:
    settings = {"timeout": 5.0, **smtp}
    server = replace(cfg.alerts.smtp, host="127.0.0.1", port=port, security="none",
                     recipients=("analyste@example.org",), **settings)  # fmt: skip
    return replace(
        cfg, alerts=replace(cfg.alerts, smtp=server), web=replace(cfg.web, base_url=BASE)
    )


def add_article(cfg: Config, store, aid: str, title: str, text: str) -> None:  # type: ignore[no-untyped-def]
    article = Article(id=aid, url=f"https://news.test/{aid}", canonical_url=f"https://news.test/{aid}",
                      title=title, text=text, lang="fr", source_id="test",
                      published=date(2026, 11, 20), content_hash=aid * 8)  # fmt: skip
    store.articles.add(article)
    embedder = load_embedder(cfg.embed)
    index_articles(cfg, store, embed_articles(embedder, store, [article], cfg.embed))


NEW_TEXT = (
    "Le CHU de Nantes traite un premier patient atteint de drépanocytose par thérapie génique : "
    "les cellules souches du malade sont corrigées puis réinjectées. La drépanocytose est la "
    "maladie génétique la plus fréquente en France."
)


@pytest.mark.parametrize(
    "name, query, message",
    [
        ("ok", "", "needs a query"),
        ("ok", "   ", "needs a query"),
        ("ok", "thérapie " * 1250, "at most 500"),
        ("a/b", "robot", "not allowed"),
        ("..", "robot", "not allowed"),
        ("../etc", "robot", "not allowed"),
        ("", "robot", "not allowed"),
        ("x" * 65, "robot", "not allowed"),
        ("ok", "!!! ???", "empty query"),
    ],
)
def test_bad_alerts_are_refused_with_a_clear_error(search_copy, name, query, message) -> None:  # type: ignore[no-untyped-def]
    cfg, store = search_copy
    with pytest.raises(InputError, match=message):
        save_alert(cfg, store, name, query)
    assert store.alerts.all() == []


def test_a_second_alert_of_the_same_name_keeps_the_first(search_copy) -> None:  # type: ignore[no-untyped-def]
    cfg, store = search_copy
    save_alert(cfg, store, "drepano", "sickle cell gene therapy")
    with pytest.raises(AlertExists, match="exists already"):
        save_alert(cfg, store, "drepano", "robots chirurgicaux")
    assert [a.query for a in store.alerts.all()] == ["sickle cell gene therapy"]
    with pytest.raises(UnknownTheme):
        save_alert(cfg, store, "t", "robot", SearchFilters(themes=("robotique",)))
    with pytest.raises(InputError, match="e-mail"):
        save_alert(cfg, store, "m", "robot", recipients=("not-an-address",))


def test_runs_record_what_is_new_and_mail_a_digest(search_copy) -> None:  # type: ignore[no-untyped-def]
    cfg, store = search_copy
    filters = SearchFilters(themes=(), langs=("fr",))
    save_alert(cfg, store, "drepano", "sickle cell gene therapy", filters)
    with smtp_server() as (inbox, port):
        cfg = mailing(cfg, port)
        [first] = run_alerts(cfg, store)
        assert first.new > 0 and not first.error and first.mailed_to == ["analyste@example.org"]
        [again] = run_alerts(cfg, store)  # nothing new: no second mail
        assert again.new == 0 and again.mailed_to == [] and len(inbox.messages) == 1
        add_article(cfg, store, "nantes", "Drépanocytose : une thérapie génique à Nantes", NEW_TEXT)
        [third] = run_alerts(cfg, store)
    assert third.new == 1 and len(inbox.messages) == 2
    _, message = inbox.messages[1]
    assert "1 nouvel(s) article(s)" in message["Subject"]
    text = message.get_body(("plain",)).get_content()
    assert "Drépanocytose : une thérapie génique à Nantes" in text
    assert f"{BASE}/articles/nantes" in text and f"{BASE}/alerts/drepano.atom" in text
    assert "<li><a href" in message.get_body(("html",)).get_content()
    assert store.alerts.count_hits("drepano", unmailed=True) == 0


def test_a_refusing_or_silent_server_loses_nothing_and_stops_no_other_alert(search_copy) -> None:  # type: ignore[no-untyped-def]
    cfg, store = search_copy
    save_alert(cfg, store, "a-refused", "robots chirurgicaux", recipients=("x@refused.test",))
    save_alert(cfg, store, "b-theme-gone", "bloc opératoire", SearchFilters(themes=("prevention",)))
    save_alert(cfg, store, "c-fine", "vaccin")
    # the taxonomy of this watch no longer has the theme alert b filters on
    shrunk = replace(cfg, taxonomy=tuple(t for t in cfg.taxonomy if t.key != "prevention"))
    with smtp_server() as (inbox, port):
        runs = {r.name: r for r in run_alerts(mailing(shrunk, port), store)}
    assert "refused" in runs["a-refused"].error and runs["a-refused"].new > 0
    assert "prevention" in runs["b-theme-gone"].error and runs["b-theme-gone"].new == 0
    assert not runs["c-fine"].error and runs["c-fine"].mailed_to == ["analyste@example.org"]
    assert [rcpts for rcpts, _ in inbox.messages] == [["analyste@example.org"]]
    assert "refused" in store.alerts.get("a-refused").last_error
    pending = store.alerts.count_hits("a-refused", unmailed=True)
    assert pending == runs["a-refused"].new  # kept for the next digest
    with socket.socket() as silent:  # accepts, never answers: a time-out
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        cfg_silent = mailing(shrunk, silent.getsockname()[1], timeout=0.5)
        runs = {r.name: r for r in run_alerts(cfg_silent, store, ["a-refused", "c-fine"])}
    assert "timed out" in runs["a-refused"].error.lower() or "timeout" in runs["a-refused"].error
    assert store.alerts.count_hits("a-refused", unmailed=True) == pending
    # its recipient fixed, the digest waiting goes out; every alert is still there
    store.db.execute("UPDATE alerts SET recipients = '[]' WHERE name = 'a-refused'")
    with smtp_server() as (inbox, port):
        [run] = run_alerts(mailing(shrunk, port), store, ["a-refused"])
    assert run.mailed_to == ["analyste@example.org"] and run.new == 0 and not run.error
    assert f"{pending} nouvel(s)" in inbox.messages[0][1]["Subject"]
    assert len(store.alerts.all()) == 3


def test_the_feed_is_valid_atom_with_absolute_links(search_copy) -> None:  # type: ignore[no-untyped-def]
    cfg, store = search_copy
    save_alert(cfg, store, "drepano", "gene therapy for sickle cell disease")
    run_alerts(cfg, store, mail=False)
    xml = alert_xml(cfg, store, "drepano", BASE)
    feed = feedparser.parse(xml)
    assert not feed.bozo, feed.bozo_exception
    assert feed.feed.title == "Alerte de veille : drepano" and feed.entries
    assert all(e.link.startswith(f"{BASE}/articles/") for e in feed.entries)
    assert any("Drépanocytose" in e.title for e in feed.entries)
    assert feed.feed.links[0].href == f"{BASE}/alerts/drepano.atom"
    with pytest.raises(NotFound, match="no alert named 'nope'"):
        alert_xml(cfg, store, "nope", BASE)


def test_the_cli_adds_lists_runs_and_removes(search_copy, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    cfg, _ = search_copy
    config = watch_config(tmp_path, store={"url": cfg.store.url}, index={"path": cfg.index.path})
    runner = CliRunner()

    def run(*args: str):  # type: ignore[no-untyped-def]
        return runner.invoke(app, ["alerts", *args, "-c", str(config)])

    added = run("add", "robots", "--q", "surgical robots", "--lang", "fr")
    assert added.exit_code == 0 and "/alerts/robots.atom" in added.stdout
    assert run("add", "robots", "--q", "x").exit_code == 2  # taken
    assert "not allowed" in run("add", "../x", "--q", "robot").output
    assert "needs a query" in run("add", "empty").output
    done = run("run", "--no-mail")
    assert done.exit_code == 0 and "alert robots:" in done.stdout
    listed = run("list").stdout
    assert listed.startswith("robots") and "« surgical robots » · langues fr" in listed
    assert " 0 hit(s)" not in listed and "last run: 20" in listed
    assert run("run", "nope").exit_code == 2
    feed = run("feed", "robots", "--base-url", BASE)
    assert feed.exit_code == 0 and feedparser.parse(feed.stdout).entries
    assert run("remove", "robots").exit_code == 0 and run("remove", "robots").exit_code == 2
    (tmp_path / "m").mkdir()
    mailing_config = watch_config(
        tmp_path / "m", store={"url": cfg.store.url}, index={"path": cfg.index.path},
        alerts={"smtp": {"host": "127.0.0.1", "port": free_port(), "security": "none",
                         "recipients": ["a@example.org"], "timeout": 2.0}},
    )  # fmt: skip
    run("add", "vaccins", "--q", "vaccin")
    down = runner.invoke(app, ["alerts", "run", "-c", str(mailing_config)])
    assert down.exit_code == 1 and "mail through 127.0.0.1" in down.output
