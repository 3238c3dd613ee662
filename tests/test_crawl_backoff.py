"""Issue 17: failing URLs are retried across crawls with a growing back-off, a crawl keeps
to its time budget, and `--retry-failed` retries every failed URL at once, so a re-crawl
of a source with failing pages costs little (bench/recrawl_failing.py measures it)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from crawl_server import Reply, Server, article_html, crawl_config, rss, serving

from scanner.crawl import crawl
from scanner.records import Source
from scanner.store import Store

GOOD, BAD = 6, 3


def site(server: Server, pause: float = 0.0) -> Source:
    good = [f"/n/a{i}.html" for i in range(GOOD)]
    bad = [f"/n/broken{i}.html" for i in range(BAD)]
    feed = rss([(p, f"Article {i}") for i, p in enumerate(good + bad)], server.base)
    server.route("/n/feed.xml", Reply(body=feed, headers={
        "Content-Type": "application/rss+xml", "ETag": '"v1"'}))  # fmt: skip
    for i, path in enumerate(good):
        server.route(path, Reply(body=article_html(i).encode(), delay=pause,
                                 headers={"Content-Type": "text/html"}))  # fmt: skip
    for path in bad:
        server.route(path, Reply(503, b"busy", {"Content-Type": "text/plain"}))
    return Source(id="n", kind="feed", url=server.url("/n/feed.xml"))


def broken_hits(server: Server) -> int:
    return sum(server.hits(f"/n/broken{i}.html") for i in range(BAD))


def test_a_failing_url_waits_for_its_back_off_then_is_retried(tmp_path: Path) -> None:
    server = Server()
    with serving(server):
        source = site(server)
        store = Store.open(tmp_path / "w.db")
        cfg = crawl_config(retries=0, retry_after_hours=6.0)
        first = crawl(cfg, store, [source])
        assert len(first.new_ids) == GOOD and broken_hits(server) == BAD
        again = crawl(cfg, store, [source])  # nothing due: nothing fetched
        assert broken_hits(server) == BAD and again.fetched == 0
        assert again.deferred == BAD and "--retry-failed" in again.summary()
        forced = crawl(cfg, store, [source], retry_failed=True)
        assert broken_hits(server) == 2 * BAD and forced.deferred == 0
        # each failure doubles the wait: 6 h after the first, 12 h after the second
        rows = store.db.query("SELECT attempts, retry_at, fetched_at FROM fetch_state "
                              "WHERE url LIKE '%broken%'")  # fmt: skip
        for r in rows:
            wait = datetime.fromisoformat(r["retry_at"]) - datetime.fromisoformat(r["fetched_at"])
            assert r["attempts"] == 2 and 11.9 <= wait.total_seconds() / 3600 <= 12.1
        # once due (the hours have passed), a later crawl fetches them again
        store.db.execute("UPDATE fetch_state SET retry_at = '2000-01-01T00:00:00+00:00'")
        crawl(cfg, store, [source])
        assert broken_hits(server) == 3 * BAD
        store.close()


def test_a_crawl_keeps_to_its_time_budget_and_the_next_one_finishes(tmp_path: Path) -> None:
    server = Server()
    with serving(server):
        source = site(server, pause=0.4)
        store = Store.open(tmp_path / "w.db")
        cfg = crawl_config(retries=0, concurrency=1, per_host=1, budget_seconds=0.5)
        first = crawl(cfg, store, [source])
        assert first.left > 0 and "budget" in first.summary()
        assert store.articles.count() < GOOD
        done = crawl(crawl_config(retries=0), store, [source])  # the feed is read again
        assert store.articles.count() == GOOD and done.left == 0
        store.close()
