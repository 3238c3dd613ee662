"""What a source lists: the entries of a feed, the URLs of a sitemap (index), the article
links of a listing and its next pages, or a single page.

Each fetch of a source document is conditional (ETag / Last-Modified from the store); a 304
means nothing new was published there. The validators of a 200 are not saved here: the crawl
saves them once every entry they listed has been dealt with, so a crawl interrupted midway
reads the document again next time instead of wrongly believing it has seen it all.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from scanner.config import CrawlConfig
from scanner.crawl.feeds import parse_feed
from scanner.crawl.fetch import Fetcher, Response, Want
from scanner.crawl.listing import parse_listing
from scanner.crawl.sitemaps import SitemapError, parse_sitemap
from scanner.crawl.urls import UrlFilter, canonical_url
from scanner.errors import FetchError
from scanner.records import FeedEntry, Source, SourceStats
from scanner.store import Store

log = logging.getLogger(__name__)


@dataclass
class Discovery:
    """A source's entries and the validators to save once they are all processed."""

    entries: list[FeedEntry] = field(default_factory=list)
    validators: list[Response] = field(default_factory=list)


class Discoverer:
    """Reads sources' documents for one crawl."""

    def __init__(self, cfg: CrawlConfig, store: Store, fetcher: Fetcher) -> None:
        self.cfg = cfg
        self.store = store
        self.fetcher = fetcher

    async def discover(self, source: Source, stats: SourceStats) -> Discovery:
        """The source's entries; raises FetchError, FeedError, SitemapError, ListingError
        when the source itself cannot be read."""
        found = Discovery()
        if source.kind == "page":
            found.entries.append(FeedEntry(url=source.url))
        elif source.kind == "feed":
            await self._feed(source, stats, found)
        elif source.kind == "sitemap":
            await self._sitemap(source, stats, found)
        elif source.kind == "listing":
            await self._listing(source, stats, found)
        else:
            raise FetchError(source.url, "bad_source", f"unknown kind {source.kind!r}")
        return found

    async def _get(self, url: str, want: Want, source: Source, conditional: bool) -> Response:
        etag, modified = self.store.crawl.validators(url) if conditional else (None, None)
        return await self.fetcher.get(url, want, etag, modified, delay=source.delay)

    async def _feed(self, source: Source, stats: SourceStats, found: Discovery) -> None:
        answer = await self._get(source.url, "feed", source, conditional=True)
        if answer.not_modified:
            stats.not_modified += 1
            return
        found.validators.append(answer)
        found.entries += parse_feed(
            answer.body, answer.final_url, answer.content_type, answer.charset
        )

    async def _sitemap(self, source: Source, stats: SourceStats, found: Discovery) -> None:
        queue = [source.url]
        seen: set[str] = set()
        while queue and len(seen) < self.cfg.max_sitemaps:
            url = queue.pop(0)
            if url in seen:
                continue
            seen.add(url)
            try:
                answer = await self._get(url, "sitemap", source, conditional=True)
                if answer.not_modified:
                    stats.not_modified += 1
                    continue
                sitemap = parse_sitemap(
                    answer.body, answer.final_url, source.lang, limit=self.cfg.max_bytes * 20
                )
            except (FetchError, SitemapError) as exc:
                if url == source.url:
                    raise
                kind = exc.kind if isinstance(exc, FetchError) else "bad_sitemap"
                log.warning("%s: child sitemap skipped: %s", source.id, exc)
                stats.error(kind)
                continue
            found.validators.append(answer)
            queue += sitemap.children
            found.entries += sitemap.entries
        if queue:
            log.warning(
                "%s: stopped after %d sitemaps ([crawl].max_sitemaps)", source.id, len(seen)
            )

    async def _listing(self, source: Source, stats: SourceStats, found: Discovery) -> None:
        keep = UrlFilter(source.include, source.exclude, f"sources.{source.id}")
        queue = [source.url]
        visited: set[str] = set()
        seen: set[str] = set()
        new_total = 0
        while queue and len(visited) < self.cfg.listing_pages:
            url = queue.pop(0)
            if url in visited:
                continue
            visited.add(url)
            first = url == source.url
            try:
                answer = await self._get(url, "html", source, conditional=first)
            except FetchError:
                if first:
                    raise
                stats.error("listing_page")
                break
            if answer.not_modified:
                stats.not_modified += 1
                break
            if first:
                found.validators.append(answer)
            listing = parse_listing(answer.text(), answer.final_url)
            fresh = [e for e in listing.links if e.url not in seen and keep(e.url)]
            seen.update(e.url for e in fresh)
            found.entries += fresh
            known = self.store.crawl.known_urls([e.url for e in fresh], self.cfg.max_attempts)
            new_here = sum(1 for e in fresh if e.url not in known)
            new_total += new_here
            # stop when a page brings nothing new: older pages are known, or it is a trap
            # repeating the same links under ever new page numbers
            if new_here == 0 or new_total >= source.max_pages:
                break
            queue += [_canonical(u) for u in listing.next_pages if _canonical(u) not in visited]
        if queue and len(visited) >= self.cfg.listing_pages:
            log.info("%s: pagination stopped after %d pages", source.id, len(visited))


def _canonical(url: str) -> str:
    try:
        return canonical_url(url)
    except ValueError:
        return url
