"""One crawl run: discover what every source lists, fetch what is new, extract, store.

    discover (all sources at once) ─► plan (canonical URLs, one claim per URL, known ones
    skipped, page budgets) ─► fetch ─► extract (worker processes) ─► store (one transaction
    per article, with its fetch state) ─► statistics per source (stored with the run)

A source that cannot be read is counted as failed and the others go on; a page that fails is
counted by kind and, when the failure is transient, retried by a later crawl. No transaction
spans an `await`, so an interruption (Ctrl-C, a killed process) loses at most the pages in
flight, and the next crawl fetches only what was not stored.

A crawl holds a lease on each source it reads (`[crawl].lease` seconds, renewed while it runs,
released at its end): two crawls sharing a store, on one machine or two, never read the same
source at once; the second skips it and says who holds it. A killed crawl's leases run out.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import defaultdict, deque
from collections.abc import Callable, Sequence
from dataclasses import replace

import httpx

from scanner.config import Config
from scanner.crawl.discover import Discoverer, Discovery
from scanner.crawl.feeds import FeedError
from scanner.crawl.fetch import Fetcher, is_transient
from scanner.crawl.leases import SourceLeases
from scanner.crawl.listing import ListingError
from scanner.crawl.report import CrawlReport
from scanner.crawl.sitemaps import SitemapError
from scanner.crawl.targets import PRIORITY, Target, _interleave_hosts
from scanner.crawl.urls import UrlFilter, canonical_url
from scanner.crawl.workers import ExtractionPool
from scanner.errors import ConfigError, FetchError
from scanner.extract.dedup import store_article
from scanner.extract.page import Extracted, ExtractJob
from scanner.records import FeedEntry, Source, SourceStats, StageCounts
from scanner.store import Store, now_iso

log = logging.getLogger(__name__)

Progress = Callable[[str, int, int], None]


class CrawlRun:
    """The state of one crawl; `run()` does it and returns the report."""

    def __init__(
        self,
        cfg: Config,
        store: Store,
        sources: Sequence[Source],
        progress: Progress | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        retry_failed: bool = False,
    ) -> None:
        self.cfg = cfg
        self.store = store
        self.sources = list(sources)
        self.retry_failed = retry_failed  # failed URLs fetched now, whatever their back-off
        self.progress = progress or (lambda stage, done, total: None)
        self.transport = transport
        self.report = CrawlReport()
        self.started = time.monotonic()
        self.done = 0
        self.total = 0
        self.truncated: set[str] = set()  # sources whose page budget cut this crawl short
        self.leases = SourceLeases(store, cfg.crawl.lease)

    def stats(self, source: Source) -> SourceStats:
        return self.report.stats(source.id, source.kind, source.url)

    def _check_config(self) -> None:
        """Bad settings are a ConfigError before anything is fetched, not an error per page."""
        from scanner.extract.page import MODES

        if self.cfg.crawl.extraction not in MODES:
            raise ConfigError(
                "crawl.extraction",
                f"{self.cfg.crawl.extraction!r} is not one of {', '.join(MODES)}",
            )
        for source in self.sources:
            UrlFilter(source.include, source.exclude, f"sources.{source.id}")

    async def run(self) -> CrawlReport:
        self._check_config()
        self.sources, self.report.busy = self.leases.take(self.sources)
        self.report.run_id = self.store.runs.start("crawl")
        for source in self.sources:
            self.store.articles.upsert_source(source)
            self.stats(source)
        completed = False
        keeper = asyncio.create_task(self.leases.keep())
        try:
            async with Fetcher(self.cfg.crawl, transport=self.transport) as fetcher:
                found = await self._discover_all(Discoverer(self.cfg.crawl, self.store, fetcher))
                targets = self._plan(found)
                log.info(
                    "%d source(s) read in %.1f s: %d new URL(s) to fetch",
                    len(self.sources),
                    time.monotonic() - self.started,
                    len(targets),
                )
                await self._fetch_all(fetcher, targets)
            completed = True
            for source, discovery in zip(self.sources, found, strict=True):
                if source.id in self.truncated:
                    continue  # the rest waits for the next crawl: the document must be re-read
                for answer in discovery.validators:
                    self.store.crawl.save_validators(
                        answer.url, answer.status, answer.etag, answer.last_modified
                    )
        finally:
            keeper.cancel()
            self._finish(interrupted=not completed)
            self.leases.release()
        return self.report

    # ---- discovery ----

    async def _discover_all(self, discoverer: Discoverer) -> list[Discovery]:
        done = 0

        async def one(source: Source) -> Discovery:
            nonlocal done
            found = await self._discover(discoverer, source)
            done += 1
            self.progress("discover", done, len(self.sources))
            return found

        return list(await asyncio.gather(*(one(s) for s in self.sources)))

    async def _discover(self, discoverer: Discoverer, source: Source) -> Discovery:
        stats = self.stats(source)
        start = time.monotonic()
        try:
            found = await discoverer.discover(source, stats)
        except FetchError as exc:
            self._source_failed(source, stats, exc.kind, exc)
            found = Discovery()
        except FeedError as exc:
            self._source_failed(source, stats, "bad_feed", exc)
            found = Discovery()
        except SitemapError as exc:
            self._source_failed(source, stats, "bad_sitemap", exc)
            found = Discovery()
        except ListingError as exc:
            self._source_failed(source, stats, "bad_listing", exc)
            found = Discovery()
        crawl = self.cfg.crawl
        pending = self.store.crawl.pending(source.id, crawl.max_attempts, self.retry_failed)
        found.entries += [FeedEntry(url=url) for url in pending]
        if not self.retry_failed:
            self.report.deferred += self.store.crawl.deferred(source.id, crawl.max_attempts)
        stats.seconds += time.monotonic() - start
        return found

    def _source_failed(self, source: Source, stats: SourceStats, kind: str, exc: Exception) -> None:
        log.warning("source %s unreadable: %s", source.id, exc)
        stats.failed = True
        if kind == "robots":
            stats.robots += 1
        else:
            stats.error(kind)

    # ---- plan ----

    def _plan(self, found: list[Discovery]) -> list[Target]:
        claims: dict[str, Target] = {}
        pairs = sorted(zip(self.sources, found, strict=True), key=lambda p: PRIORITY[p[0].kind])
        for source, discovery in pairs:
            stats = self.stats(source)
            keep = UrlFilter(source.include, source.exclude, f"sources.{source.id}")
            for entry in discovery.entries:
                try:
                    url = canonical_url(entry.url)
                except ValueError:
                    stats.error("bad_url")
                    continue
                if not keep(url):
                    continue
                stats.listed += 1
                if url in claims:
                    if source.id != claims[url].source.id:
                        claims[url].also.append(source.id)
                    continue
                claims[url] = Target(url, source, replace(entry, url=url))
        known = self.store.crawl.known_urls(
            claims, self.cfg.crawl.max_attempts, force=self.retry_failed
        )
        budget: dict[str, int] = defaultdict(int)
        targets = []
        for url, target in claims.items():
            stats = self.stats(target.source)
            if url in known:
                stats.known += 1
                continue
            if budget[target.source.id] >= target.source.max_pages:
                self.truncated.add(target.source.id)
                continue  # the page budget: the rest waits for the next crawl
            budget[target.source.id] += 1
            targets.append(target)
        over = sum(1 for t in claims if t not in known) - len(targets)
        if over:
            log.info("%d new URL(s) left for a later crawl (sources' max_pages)", over)
        return _interleave_hosts(targets)

    # ---- fetch, extract, store ----

    async def _fetch_all(self, fetcher: Fetcher, targets: list[Target]) -> None:
        self.total = len(targets)
        self.progress("crawl", 0, self.total)
        if not targets:
            return
        queue = deque(targets)
        pool = ExtractionPool(self.cfg.crawl.workers, len(targets))
        lanes = min(len(targets), max(1, self.cfg.crawl.concurrency) + pool.workers)
        tasks = [asyncio.create_task(self._lane(queue, fetcher, pool)) for _ in range(lanes)]
        try:
            await asyncio.gather(*tasks)
        finally:
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
            pool.close()

    def _over_budget(self) -> bool:
        budget = self.cfg.crawl.budget_seconds
        return budget > 0 and time.monotonic() - self.started > budget

    async def _lane(self, queue: deque[Target], fetcher: Fetcher, pool: ExtractionPool) -> None:
        while queue:
            if self._over_budget():
                # the rest waits for the next crawl; its sources' documents must be re-read
                self.report.left += len(queue)
                self.truncated.update(t.source.id for t in queue)
                log.warning("crawl time budget used up: %d URL(s) left", len(queue))
                queue.clear()
                return
            target = queue.popleft()
            start = time.monotonic()
            await self._one(target, fetcher, pool)
            self.stats(target.source).seconds += time.monotonic() - start
            self.done += 1
            self.progress("crawl", self.done, self.total)

    async def _one(self, target: Target, fetcher: Fetcher, pool: ExtractionPool) -> None:
        source, stats = target.source, self.stats(target.source)
        try:
            answer = await fetcher.get(target.url, "html", delay=source.delay)
        except FetchError as exc:
            if source.kind == "page":
                stats.failed = True  # a page source is read by fetching its page
            if exc.kind == "robots":
                stats.robots += 1
                return
            log.info("%s: %s", source.id, exc)
            stats.error(exc.kind)
            self.store.crawl.record_failure(
                target.url,
                source.id,
                exc.kind,
                is_transient(exc.kind),
                delay_hours=self.cfg.crawl.retry_after_hours,
            )
            return
        stats.fetched += 1
        crawl = self.cfg.crawl
        job = ExtractJob(
            url=target.url,
            final_url=answer.final_url,
            html=answer.text(),
            source_id=source.id,
            source_lang=source.lang,
            entry=target.entry,
            fetched=answer.fetched_at.date(),
            languages=crawl.languages,
            mode=crawl.extraction,
            min_chars=crawl.min_text_chars,
            min_words=self.cfg.dedup.min_words,
        )
        result = await pool.run(job)
        self._store(target, result, stats)

    def _store(self, target: Target, result: Extracted, stats: SourceStats) -> None:
        source = target.source
        if result.article is None:
            kind = "empty" if result.error.startswith("no usable text") else "extract"
            log.info("%s: %s", source.id, result.error)
            stats.error(kind)
            self.store.crawl.record_failure(target.url, source.id, kind, retry=False)
            return
        article = result.article
        with self.store.db.transaction():
            outcome = store_article(self.store, article, result.signature, self.cfg.dedup)
            self.store.crawl.record_article(target.url, source.id, 200, outcome.article_id)
            for other in target.also:
                self.store.articles.add(replace(article, source_id=other))
        if outcome.status == "duplicate":
            stats.duplicate += 1
            return
        if outcome.status == "near_duplicate":
            stats.near_duplicate += 1
        else:
            stats.new += 1
        if not article.lang_ok:
            stats.lang_flagged += 1
        self.report.new_ids.append(outcome.article_id)

    # ---- the end ----

    def _finish(self, interrupted: bool) -> None:
        self.report.seconds = time.monotonic() - self.started
        self.report.interrupted = interrupted
        at = now_iso()
        counts = StageCounts(stage="crawl", seen=self.total, done=len(self.report.new_ids))
        for stats in self.report.per_source.values():
            stats.at = at
            self.store.crawl.save_stats(self.report.run_id or 0, stats)
            for kind, n in stats.errors.items():
                counts.failed += n
                counts.errors[kind] = counts.errors.get(kind, 0) + n
        counts.skipped = max(0, counts.seen - counts.done - counts.failed)
        if self.report.run_id is not None:
            self.store.runs.finish(self.report.run_id, counts)
