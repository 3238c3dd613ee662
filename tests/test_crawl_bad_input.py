"""Bad input against a real local server: 404, 500, 429 with Retry-After, timeouts, a slow-drip
body, a 50 MB body, a non-HTML body, a redirect loop, pagination traps, wrong charsets, an
empty page, robots.txt. One crawl meets them all: none stops the others, none corrupts the
store, each is counted under its kind."""

from __future__ import annotations

import itertools
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from crawl_server import Reply, Server, article_html, crawl_config, rss, serving

from scanner.crawl import crawl
from scanner.records import Source
from scanner.store import Store

MB = 1024 * 1024


def endless(chunk: bytes) -> Iterator[bytes]:
    return itertools.repeat(chunk)


def build(server: Server) -> None:
    server.route("/robots.txt", Reply(body=b"User-agent: *\nDisallow: /prive/\n",
                                      headers={"Content-Type": "text/plain"}))  # fmt: skip
    items = [(f"/good/a{i}.html", f"Article {i}") for i in range(3)] + [("/prive/x.html", "Privé")]
    server.route("/good/feed.xml", Reply(body=rss(items, server.base),
                                         headers={"Content-Type": "application/rss+xml"}))  # fmt: skip
    for i in range(3):
        server.html(f"/good/a{i}.html", article_html(i))
    server.html("/prive/x.html", article_html(9))
    server.html("/prive/y.html", article_html(8))
    server.route("/missing/feed.xml", Reply(404, b"gone"))
    server.route("/broken/feed.xml", Reply(500, b"oops"))
    flaky = iter([Reply(429, b"slow down", {"Retry-After": "1"})])

    def flaky_feed(_h: object) -> Reply:
        return next(flaky, None) or Reply(
            body=rss([("/flaky/a.html", "Flaky")], server.base),
            headers={"Content-Type": "application/rss+xml"},
        )

    server.route("/flaky/feed.xml", flaky_feed)
    server.html("/flaky/a.html", article_html(4))
    server.route("/slow/feed.xml", Reply(delay=3.0, body=b"<rss/>"))
    server.route("/drip/page.html", Reply(headers={"Content-Type": "text/html"},
                                          chunks=endless(b"<p>goutte</p>"), pause=0.2))  # fmt: skip
    big = {"Content-Type": "text/html"}
    server.route("/big/streamed.html", Reply(headers=big, chunks=endless(b"x" * 65536)))
    server.route("/big/declared.html", Reply(headers={**big, "Content-Length": str(50 * MB)},
                                             chunks=endless(b"x" * 65536)))  # fmt: skip
    server.route(
        "/pdf/doc.pdf", Reply(body=b"%PDF-1.4 ...", headers={"Content-Type": "application/pdf"})
    )
    server.route("/loop/a", Reply(302, headers={"Location": "/loop/b"}))
    server.route("/loop/b", Reply(302, headers={"Location": "/loop/a"}))
    server.route("/notfeed/feed.xml", Reply(body=b"<html><body>pas un flux</body></html>",
                                            headers={"Content-Type": "text/html"}))  # fmt: skip
    server.route("/empty/page.html", Reply(body=b"", headers={"Content-Type": "text/html"}))
    # a page sent as UTF-8 that is really Windows-1252, and the reverse
    latin = article_html(5, title="Hôpital numérique : données et santé").encode("cp1252")
    server.route("/charset/latin1.html", Reply(body=latin,
                                               headers={"Content-Type": "text/html; charset=utf-8"}))  # fmt: skip
    utf8 = article_html(6, title="Thérapie génique : un essai à Créteil").encode("utf-8")
    server.route("/charset/utf8.html", Reply(body=utf8,
                                             headers={"Content-Type": "text/html; charset=iso-8859-1"}))  # fmt: skip

    # pagination traps: the same links on every page, and new made-up links on every page
    def same_links(h) -> Reply:  # type: ignore[no-untyped-def]
        page = int(h.path.split("page=")[-1]) if "page=" in h.path else 1
        links = "".join(f'<li><a href="/trap/art{i}.html">Article {i}</a></li>' for i in range(3))
        body = f'<html><body><ul>{links}</ul><a rel="next" href="/trap/list.html?page={page + 1}">Suivant</a></body></html>'
        return Reply(body=body.encode(), headers={"Content-Type": "text/html"})

    def fresh_links(h) -> Reply:  # type: ignore[no-untyped-def]
        page = int(h.path.split("page=")[-1]) if "page=" in h.path else 1
        links = f'<li><a href="/trap2/art-{page}.html">Article {page}</a></li>'
        body = f'<html><body><ul>{links}</ul><a href="/trap2/list.html?page={page + 1}">Page suivante</a></body></html>'
        return Reply(body=body.encode(), headers={"Content-Type": "text/html"})

    server.route("/trap/list.html", same_links)
    server.route("/trap2/list.html", fresh_links)
    for i in range(3):
        server.html(f"/trap/art{i}.html", article_html(10 + i))
    for page in range(1, 20):
        server.html(f"/trap2/art-{page}.html", article_html(20 + page))


SOURCES = [
    ("good", "feed", "/good/feed.xml"),
    ("missing", "feed", "/missing/feed.xml"),
    ("broken", "feed", "/broken/feed.xml"),
    ("flaky", "feed", "/flaky/feed.xml"),
    ("slow", "feed", "/slow/feed.xml"),
    ("drip", "page", "/drip/page.html"),
    ("big-streamed", "page", "/big/streamed.html"),
    ("big-declared", "page", "/big/declared.html"),
    ("pdf", "page", "/pdf/doc.pdf"),
    ("loop", "page", "/loop/a"),
    ("notfeed", "feed", "/notfeed/feed.xml"),
    ("empty", "page", "/empty/page.html"),
    ("latin1", "page", "/charset/latin1.html"),
    ("utf8", "page", "/charset/utf8.html"),
    ("trap", "listing", "/trap/list.html"),
    ("trap2", "listing", "/trap2/list.html"),
    ("prive", "page", "/prive/y.html"),
]


@pytest.fixture(scope="module")
def crawled(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict]:
    tmp: Path = tmp_path_factory.mktemp("bad")
    server = Server()
    with serving(server):
        build(server)
        cfg = crawl_config(timeout=0.5, per_host=16, concurrency=16, listing_pages=4)
        sources = [Source(id=i, kind=k, url=server.url(p)) for i, k, p in SOURCES]  # type: ignore[arg-type]
        store = Store.open(tmp / "w.db")
        started = time.monotonic()
        report = crawl(cfg, store, sources)
        yield {"report": report, "store": store, "server": server, "seconds":
               time.monotonic() - started, "cfg": cfg, "sources": sources}  # fmt: skip
        store.close()


def stats(crawled: dict, source_id: str):  # type: ignore[no-untyped-def]
    return crawled["report"].per_source[source_id]


def test_good_source_is_crawled_whatever_the_others_do(crawled: dict) -> None:
    good = stats(crawled, "good")
    assert (good.new, good.robots, good.error_count) == (3, 1, 0)
    assert crawled["server"].hits("/prive/x.html") == 0  # robots.txt obeyed
    assert crawled["server"].hits("/prive/y.html") == 0
    store: Store = crawled["store"]
    urls = {a.canonical_url for a in store.articles.all()}
    assert crawled["server"].url("/good/a0.html") in urls  # ?utm_source stripped
    assert store.db.one("PRAGMA integrity_check")[0] == "ok"


@pytest.mark.parametrize(
    ("source_id", "kind"),
    [
        ("missing", "http_404"),
        ("broken", "http_500"),
        ("slow", "timeout"),
        ("drip", "timeout"),
        ("big-streamed", "too_large"),
        ("big-declared", "too_large"),
        ("pdf", "content_type"),
        ("loop", "redirect_loop"),
        ("notfeed", "bad_feed"),
        ("empty", "empty"),
    ],
)
def test_each_failure_is_counted_under_its_kind(crawled: dict, source_id: str, kind: str) -> None:
    s = stats(crawled, source_id)
    assert s.errors == {kind: 1}, s
    assert s.new == 0


def test_unreadable_sources_are_reported_as_such(crawled: dict) -> None:
    report = crawled["report"]
    failed = {sid for sid, s in report.per_source.items() if s.failed}
    assert failed == {"missing", "broken", "slow", "notfeed", "drip", "big-streamed",
                      "big-declared", "pdf", "loop", "prive"}  # fmt: skip
    assert report.failed_sources == len(failed)
    assert "source unreadable" in report.summary()


def test_retries_and_retry_after(crawled: dict) -> None:
    server: Server = crawled["server"]
    assert server.hits("/broken/feed.xml") == 2  # [crawl].retries = 1
    assert server.hits("/missing/feed.xml") == 1  # a 404 is not retried
    flaky = stats(crawled, "flaky")
    assert flaky.new == 1 and not flaky.errors  # waited as told, then got it
    # the deadline bounds each request: the slow server would hold each of the two attempts
    # 3 s, the drip would never end
    assert stats(crawled, "slow").seconds < 2.9
    assert stats(crawled, "drip").seconds < 2.9


def test_robots_disallowed_source_is_skipped_and_counted(crawled: dict) -> None:
    prive = stats(crawled, "prive")
    assert prive.robots == 1 and prive.fetched == 0


def test_wrong_declared_charsets_are_decoded_right(crawled: dict) -> None:
    store: Store = crawled["store"]
    titles = {a.title for a in store.articles.all()}
    assert "Hôpital numérique : données et santé" in titles
    assert "Thérapie génique : un essai à Créteil" in titles
    assert not any("Ã" in t or "\ufffd" in t for t in titles)


def test_pagination_traps_are_bounded(crawled: dict) -> None:
    server: Server = crawled["server"]
    # the same links on page 2 as on page 1: stop there
    assert server.hits("/trap/list.html") == 2
    assert stats(crawled, "trap").new == 3
    # a new link on every page: stop at [crawl].listing_pages
    assert server.hits("/trap2/list.html") == crawled["cfg"].crawl.listing_pages
    assert stats(crawled, "trap2").new == crawled["cfg"].crawl.listing_pages


def test_second_crawl_fetches_nothing_known_and_retries_transient_failures(crawled: dict) -> None:
    server: Server = crawled["server"]
    before = {
        path: server.hits(path)
        for path in ("/good/a0.html", "/broken/feed.xml", "/empty/page.html")
    }
    report = crawl(crawled["cfg"], crawled["store"], crawled["sources"])
    assert server.hits("/good/a0.html") == before["/good/a0.html"]  # stored: never again
    assert server.hits("/empty/page.html") == before["/empty/page.html"] + 0  # known as empty
    assert server.hits("/broken/feed.xml") == before["/broken/feed.xml"] + 2  # tried again
    assert report.per_source["good"].known == 3
    assert not report.new_ids
    health = crawled["store"].crawl.health(["good", "broken"], stale_runs=5)
    assert health["good"].status == "ok"
    assert health["broken"].status == "failing" and "http_500" in str(health["broken"])
