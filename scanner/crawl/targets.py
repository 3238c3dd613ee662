"""What a crawl fetches: a `Target` per new URL (the source that owns it, the others listing it),
which source owns a URL several list (`PRIORITY`), and the fetch order, round-robin over hosts."""

from __future__ import annotations

from collections import defaultdict, deque
from dataclasses import dataclass, field

from scanner.crawl.urls import host_of
from scanner.records import FeedEntry, Source

# when several sources list one URL, the most specific one owns the article
PRIORITY = {"page": 0, "feed": 1, "listing": 2, "sitemap": 3}


@dataclass
class Target:
    """A URL to fetch for a source (other sources listing it are linked to the article)."""

    url: str
    source: Source
    entry: FeedEntry
    also: list[str] = field(default_factory=list)


def _interleave_hosts(targets: list[Target]) -> list[Target]:
    """Round-robin over hosts, so lanes waiting on one slow host leave others busy."""
    by_host: dict[str, deque[Target]] = defaultdict(deque)
    for target in targets:
        by_host[host_of(target.url)].append(target)
    out: list[Target] = []
    while by_host:
        for host in list(by_host):
            out.append(by_host[host].popleft())
            if not by_host[host]:
                del by_host[host]
    return out
