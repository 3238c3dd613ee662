"""Feeds and sitemaps from real files served over HTTP: feedparser's 600+ test feeds
(ill-formed, odd encodings, HTTP headers) are each read best-effort or skipped with a reason,
never a crash; trafilatura's feeds (RSS, Atom, JSON Feed) and sitemaps (plain, gzipped,
hreflang, index) give the URLs they list."""

from __future__ import annotations

import asyncio
import re
from pathlib import Path

import pytest
from crawl_server import Reply, Server, crawl_config, serving

from scanner.crawl.discover import Discoverer, Discovery
from scanner.crawl.entry import run_sync
from scanner.crawl.feeds import FeedError, parse_feed
from scanner.crawl.fetch import Fetcher
from scanner.crawl.sitemaps import parse_sitemap
from scanner.errors import FetchError
from scanner.records import Source, SourceStats
from scanner.store import Store

SHARED = Path(__file__).resolve().parents[2] / "shared" / "fixtures" / "feeds"
FEEDPARSER = SHARED / "feedparser"
TRAFILATURA = SHARED / "trafilatura"
_LINK = re.compile(rb"Expect:.*entries\[0\]\['link'\] == u?'([^']+)'")


def need(folder: Path) -> None:
    if not folder.is_dir():
        pytest.skip(f"{folder} not found beside the project")


def discover_all(server: Server, sources: list[Source]) -> dict[str, Discovery | Exception]:
    """Discover every source through one real Fetcher; exceptions are returned, not raised."""
    cfg = crawl_config(concurrency=16, per_host=16)

    async def run() -> dict[str, Discovery | Exception]:
        store = Store.open(":memory:")  # opened in the thread that runs the loop
        async with Fetcher(cfg.crawl) as fetcher:
            discoverer = Discoverer(cfg.crawl, store, fetcher)

            async def one(source: Source) -> Discovery | Exception:
                try:
                    return await discoverer.discover(source, SourceStats(source.id))
                except (FeedError, FetchError) as exc:
                    return exc

            found = await asyncio.gather(*(one(s) for s in sources))
        return {s.id: f for s, f in zip(sources, found, strict=True)}

    # run_sync: a browser test of the same session may keep Playwright's loop running here.
    return run_sync(run())


def http_cases() -> list[Path]:
    """The files whose reading depends on HTTP: declared headers, encodings, ill-formed."""
    files = sorted(FEEDPARSER.rglob("*.xml"))
    return [
        p for p in files
        if b"Header:" in p.read_bytes()[:1000] or p.parts[-2] in ("encoding", "illformed")
        or "illformed" in p.parts or _LINK.search(p.read_bytes())
    ]  # fmt: skip


def test_feedparser_http_cases_are_read_or_skipped_with_a_reason() -> None:
    need(FEEDPARSER)
    files = http_cases()
    assert len(files) > 120
    check_over_http(files)


@pytest.mark.slow
def test_every_feedparser_file_over_http() -> None:
    need(FEEDPARSER)
    files = sorted(FEEDPARSER.rglob("*.xml"))
    assert len(files) > 600
    check_over_http(files)


def check_over_http(files: list[Path]) -> None:
    server = Server()
    server.static = FEEDPARSER
    with serving(server):
        sources = [
            Source(
                id=str(p.relative_to(FEEDPARSER)),
                kind="feed",
                url=server.url("/" + str(p.relative_to(FEEDPARSER))),
            )  # fmt: skip
            for p in files
        ]
        found = discover_all(server, sources)
    parsed = {k: v for k, v in found.items() if isinstance(v, Discovery)}
    skipped = {k: v for k, v in found.items() if not isinstance(v, Discovery)}
    assert len(parsed) + len(skipped) == len(files)
    assert sum(1 for d in parsed.values() if d.entries) >= 12
    for name, exc in skipped.items():
        assert isinstance(exc, FeedError), (name, exc)  # never an HTTP or internal failure
        assert str(exc).split(": ", 1)[1], name  # a reason is given
    # where the test file states the first entry's link, it is the one we read
    checked = 0
    for path in files:
        expected = _LINK.search(path.read_bytes())
        name = str(path.relative_to(FEEDPARSER))
        discovery = parsed.get(name)
        if expected and discovery is not None and discovery.entries:
            assert discovery.entries[0].url == expected[1].decode(), name
            checked += 1
    assert checked >= 8


def test_each_feedparser_file_also_parses_from_bytes_without_crashing() -> None:
    need(FEEDPARSER)
    outcomes = {"entries": 0, "empty": 0, "skipped": 0}
    for path in sorted(FEEDPARSER.rglob("*.xml")):
        try:
            entries = parse_feed(path.read_bytes(), "http://127.0.0.1/" + path.name)
        except FeedError:
            outcomes["skipped"] += 1
            continue
        outcomes["entries" if entries else "empty"] += 1
        assert all(e.url.startswith(("http://", "https://")) for e in entries)
    assert outcomes["entries"] >= 40 and outcomes["skipped"] > 0


def test_trafilatura_feeds_and_sitemaps_over_http() -> None:
    need(TRAFILATURA)
    server = Server()
    server.static = TRAFILATURA
    index = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        "<sitemap><loc>{base}/sitemap.xml.gz</loc></sitemap>"
        "<sitemap><loc>{base}/sitemap-hreflang.xml</loc></sitemap>"
        "<sitemap><loc>{base}/missing.xml</loc></sitemap>"
        "</sitemapindex>"
    )
    with serving(server):
        server.route("/index.xml", Reply(body=index.format(base=server.base).encode(),
                                         headers={"Content-Type": "application/xml"}))  # fmt: skip
        kinds = {
            "feed.json": "feed", "feed1.atom": "feed", "feed2.rss": "feed",
            "sitemap.xml": "sitemap", "sitemap.xml.gz": "sitemap",
            "sitemap-hreflang.xml": "sitemap", "index.xml": "sitemap",
        }  # fmt: skip
        sources = [
            Source(id=n, kind=k, url=server.url("/" + n), lang="de")  # type: ignore[arg-type]
            for n, k in kinds.items()
        ]
        found = discover_all(server, sources)
    urls = {n: [e.url for e in d.entries] for n, d in found.items() if isinstance(d, Discovery)}
    assert set(urls) == set(kinds), found
    assert len(urls["feed.json"]) >= 2 and urls["feed.json"][0].startswith("https://www.npr.org/")
    assert urls["feed1.atom"] == ["http://example.org/2003/12/13/atom03"]
    assert urls["feed2.rss"] == ["http://www.example.com/blog/post/1"]
    assert len(urls["sitemap.xml"]) == 84
    assert urls["sitemap.xml.gz"] == urls["sitemap.xml"]  # gzipped: the same URLs
    assert urls["sitemap-hreflang.xml"] == ["http://www.example.com/deutsch/page.html"]
    # the index: both children read, the missing one counted, not fatal
    assert len(urls["index.xml"]) == 85


def test_sitemap_index_lists_its_children_and_feed_dates_are_kept() -> None:
    need(TRAFILATURA)
    sitemap = parse_sitemap((TRAFILATURA / "sitemap2.xml").read_bytes(), "http://h/sitemap2.xml")
    assert sitemap.children == [
        "http://www.example.com/sitemap1.xml.gz",
        "http://www.example.com/sitemap2.xml.gz",
    ]
    entries = parse_feed((TRAFILATURA / "feed2.rss").read_bytes(), "http://h/feed")
    assert entries[0].published is not None and entries[0].published.year == 2009
