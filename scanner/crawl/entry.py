"""The crawler from synchronous code: `crawl` (configured sources), `crawl_url` (one ad-hoc URL,
its Source from `adhoc_source`), and `run_sync`, which runs a coroutine also where an event
loop already runs (a notebook)."""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine, Sequence
from typing import Any, TypeGuard, TypeVar

import httpx

from scanner.config import Config
from scanner.crawl.engine import CrawlRun, Progress
from scanner.crawl.report import CrawlReport
from scanner.crawl.urls import canonical_url
from scanner.records import Source, SourceKind
from scanner.store import Store

T = TypeVar("T")


def run_sync(coro: Coroutine[Any, Any, T]) -> T:
    """Run a coroutine to completion, also from code that already runs an event loop."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coro)
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=1) as executor:  # a notebook's loop is running
        return executor.submit(asyncio.run, coro).result()


def crawl(
    cfg: Config,
    store: Store,
    sources: Sequence[Source],
    progress: Progress | None = None,
    transport: httpx.AsyncBaseTransport | None = None,
    retry_failed: bool = False,
) -> CrawlReport:
    """Crawl these sources once: store what is new, return what happened per source.
    `retry_failed` fetches the URLs that failed before now, whatever their back-off."""
    return run_sync(CrawlRun(cfg, store, sources, progress, transport, retry_failed).run())


def crawl_url(
    cfg: Config,
    store: Store,
    url: str,
    kind: str,
    progress: Progress | None = None,
    retry_failed: bool = False,
) -> CrawlReport:
    """Crawl one ad-hoc source (a configured source with this URL keeps its id and weight)."""
    from scanner.config import SOURCE_KINDS
    from scanner.errors import InputError

    if not _is_source_kind(kind):
        raise InputError(f"--kind {kind!r}: choose one of {', '.join(SOURCE_KINDS)}")
    try:
        canonical = canonical_url(url)
    except ValueError as exc:
        raise InputError(f"{url!r} is not an http(s) URL") from exc
    source = next(
        (s for s in cfg.sources if s.url == url and s.kind == kind), None
    ) or adhoc_source(canonical, kind)
    return crawl(cfg, store, [source], progress, retry_failed=retry_failed)


def _is_source_kind(kind: str) -> TypeGuard[SourceKind]:
    from scanner.config import SOURCE_KINDS

    return kind in SOURCE_KINDS


def adhoc_source(url: str, kind: SourceKind) -> Source:
    """A Source for a URL given on the command line; its id is stable across runs."""
    import hashlib

    from scanner.crawl.urls import site_of

    digest = hashlib.sha1(url.encode("utf-8")).hexdigest()[:6]
    site = site_of(url)
    return Source(id=f"adhoc-{site}-{digest}", kind=kind, url=url, name=site)
