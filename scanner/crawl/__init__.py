"""The crawler: sources (feeds, sitemaps, listings, pages) → stored articles.

    from scanner.crawl import crawl, crawl_url, ingest_html_paths
    report = crawl(cfg, store, cfg.sources, progress=None)
    print(report.summary())

Modules: `urls` (canonical URLs), `fetch` + `robots` + `charset` (polite HTTP), `feeds`,
`sitemaps`, `listing` (what sources list), `targets` (what a run fetches), `discover` and
`engine` (one crawl run), `entry` (the crawler from synchronous code),
`workers` (extraction processes), `local` (HTML files and WARC archives), `items` (JSONL
items), `report`.
The names below load on first use, so `scanner.crawl.urls` stays cheap to import.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from scanner.crawl.entry import crawl, crawl_url
    from scanner.crawl.local import ingest_html_paths
    from scanner.crawl.report import CrawlReport, SourceStats

__all__ = ["CrawlReport", "SourceStats", "crawl", "crawl_url", "ingest_html_paths"]

_HOMES = {
    "crawl": "scanner.crawl.entry",
    "crawl_url": "scanner.crawl.entry",
    "ingest_html_paths": "scanner.crawl.local",
    "CrawlReport": "scanner.crawl.report",
    "SourceStats": "scanner.crawl.report",
}


def __getattr__(name: str) -> Any:
    if name in _HOMES:
        import importlib

        return getattr(importlib.import_module(_HOMES[name]), name)
    raise AttributeError(f"module 'scanner.crawl' has no attribute {name!r}")
