"""Interrupted crawls lose nothing: each article is committed as it arrives, and the next crawl
fetches only what was not stored (a Ctrl-C in process, a `kill -9` of a real CLI run)."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from crawl_server import Reply, Server, article_html, crawl_config, rss, serving
from watch import watch_config

from scanner.crawl import crawl
from scanner.records import Source
from scanner.store import Store

ROOT = Path(__file__).resolve().parents[1]
N = 30


def site(server: Server, pause: float = 0.0) -> list[str]:
    paths = [f"/news/a{i}.html" for i in range(N)]
    feed = rss([(p, f"Article {i}") for i, p in enumerate(paths)], server.base)
    server.route("/news/feed.xml", Reply(body=feed, headers={
        "Content-Type": "application/rss+xml", "ETag": '"v1"'}))  # fmt: skip
    for i, path in enumerate(paths):
        body = article_html(i).encode("utf-8")
        server.route(path, Reply(body=body, delay=pause, headers={"Content-Type": "text/html"}))
    return paths


class Stop(Exception):
    """What the progress callback raises to cut the crawl short, like a Ctrl-C would."""


def test_interrupted_crawl_keeps_what_it_stored_and_resumes(tmp_path: Path) -> None:
    server = Server()
    with serving(server):
        paths = site(server)
        cfg = crawl_config(concurrency=2, per_host=2)
        source = Source(id="news", kind="feed", url=server.url("/news/feed.xml"))
        store = Store.open(tmp_path / "w.db")

        def progress(stage: str, done: int, total: int) -> None:
            if stage == "crawl" and done >= 8:
                raise Stop

        with pytest.raises(Stop):
            crawl(cfg, store, [source], progress=progress)
        kept = store.articles.count()
        assert 8 <= kept < N
        stats = store.crawl.history("news")[0]  # the interrupted run's figures are stored
        assert stats.new == kept
        kept_urls = {a.canonical_url for a in store.articles.all()}
        report = crawl(cfg, store, [source])
        assert store.articles.count() == N
        assert len(report.new_ids) == N - kept
        for path in paths:
            if server.url(path) in kept_urls:
                assert server.hits(path) == 1, path  # stored before: never fetched again
        assert sum(server.hits(p) for p in paths) <= N + 2  # at most the pages in flight
        # the feed was not marked as seen by the interrupted run: read again, then 304
        assert server.hits("/news/feed.xml") == 2
        third = crawl(cfg, store, [source])
        assert third.per_source["news"].not_modified == 1 and third.fetched == 0
        assert store.db.one("PRAGMA integrity_check")[0] == "ok"


@pytest.mark.slow  # a real CLI process and its extraction workers: ~10 s
def test_killed_cli_crawl_resumes_without_refetching(tmp_path: Path) -> None:
    server = Server()
    with serving(server):
        paths = site(server, pause=0.15)
        config = watch_config(
            tmp_path,
            sources=f'[[sources]]\nid = "news"\nkind = "feed"\nurl = "{server.url("/news/feed.xml")}"\n'
            "delay = 0.0\n",
        )
        # a real `scanner crawl`, extraction in worker processes, killed without warning
        child = subprocess.Popen(
            [sys.executable, "-c", "from scanner.cli import main; main()",
             "crawl", "-c", str(config), "--no-process"],
            cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            start_new_session=True,
        )  # fmt: skip
        db = tmp_path / "w.db"
        deadline = time.monotonic() + 60
        stored = 0
        try:
            while time.monotonic() < deadline and child.poll() is None:
                time.sleep(0.1)
                stored = _count(db)
                if stored >= 5:
                    break
        finally:
            os.killpg(child.pid, signal.SIGKILL)  # the CLI and its extraction processes
            child.wait(timeout=10)
        assert 5 <= stored < N, f"the crawl was not caught midway ({stored} stored)"
        kept = _count(db)
        with Store.open(db) as store:
            assert store.db.one("PRAGMA integrity_check")[0] == "ok"
            kept_urls = {a.canonical_url for a in store.articles.all()}
            report = crawl(crawl_config(), store, [Source(id="news", kind="feed",
                                                          url=server.url("/news/feed.xml"))])  # fmt: skip
            assert store.articles.count() == N
        assert len(report.new_ids) == N - kept
        for path in paths:
            if server.url(path) in kept_urls:
                assert server.hits(path) == 1, path  # stored before the kill: never refetched


def _count(db: Path) -> int:
    if not db.exists():
        return 0
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1) as conn:
            return conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
    except sqlite3.OperationalError:
        return 0


def test_page_budget_spreads_a_backlog_over_crawls(tmp_path: Path) -> None:
    server = Server()
    with serving(server):
        site(server)  # 30 entries in a feed with an ETag
        source = Source(id="news", kind="feed", url=server.url("/news/feed.xml"), max_pages=12)
        store = Store.open(tmp_path / "w.db")
        news = [crawl(crawl_config(), store, [source]).per_source["news"] for _ in range(4)]
    assert [s.new for s in news] == [12, 12, 6, 0]
    # the feed is re-read while a backlog remains; once all is stored, it answers 304
    assert [s.not_modified for s in news] == [0, 0, 0, 1]
    assert store.articles.count() == N
