"""robots.txt, fetched once per host and crawl, obeyed for every URL (RFC 9309).

A missing robots.txt (4xx) allows everything; a server error (5xx) means "assume complete
disallow" as the RFC says, counted as `robots_unavailable` (a transient failure, retried in a
later crawl); an unreachable host allows the fetch, which then fails with its own error.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from urllib.parse import urlsplit
from urllib.robotparser import RobotFileParser

from scanner.errors import FetchError

# "a way to fetch" a robots.txt: (url, politeness delay) -> body; FetchError on failure.
# A callable, not the Fetcher, so robots.py does not import fetch.py (which imports it).
FetchRobots = Callable[[str, float | None], Awaitable[bytes]]

log = logging.getLogger(__name__)

_UNAVAILABLE = object()


def origin_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc.lower()}"


def parse_robots(text: str) -> RobotFileParser:
    rules = RobotFileParser()
    rules.parse(text.splitlines())
    return rules


class RobotsCache:
    """The robots.txt rules of each origin met during one crawl."""

    def __init__(self, fetch: FetchRobots, user_agent: str) -> None:
        self.fetch = fetch
        self.user_agent = user_agent
        self._rules: dict[str, object] = {}
        self._locks: dict[str, asyncio.Lock] = {}

    async def check(self, url: str, delay: float | None = None) -> None:
        """Raise FetchError(kind="robots") when robots.txt disallows `url`.

        robots.txt is fetched, the first time, with the politeness `delay` of the request
        that needs it.
        """
        origin = origin_of(url)
        rules = await self._load(origin, delay)
        if rules is _UNAVAILABLE:
            raise FetchError(url, "robots_unavailable", f"{origin}/robots.txt answered 5xx")
        if isinstance(rules, RobotFileParser) and not rules.can_fetch(self.user_agent, url):
            raise FetchError(url, "robots", "disallowed by robots.txt")

    def crawl_delay(self, url: str) -> float | None:
        rules = self._rules.get(origin_of(url))
        if isinstance(rules, RobotFileParser):
            delay = rules.crawl_delay(self.user_agent)
            return float(delay) if delay is not None else None
        return None

    async def _load(self, origin: str, delay: float | None) -> object:
        if origin in self._rules:
            return self._rules[origin]
        lock = self._locks.setdefault(origin, asyncio.Lock())
        async with lock:
            if origin not in self._rules:
                self._rules[origin] = await self._fetch(origin, delay)
        return self._rules[origin]

    async def _fetch(self, origin: str, delay: float | None) -> object:
        url = f"{origin}/robots.txt"
        try:
            body = await self.fetch(url, delay)
        except FetchError as exc:
            if exc.kind.startswith("http_5") or exc.kind == "http_429":
                log.warning("%s: %s; assuming the host disallows crawling", url, exc.kind)
                return _UNAVAILABLE
            if not exc.kind.startswith("http_4"):
                log.info("%s unreadable (%s); crawling without it", url, exc)
            return None
        return parse_robots(body.decode("utf-8", errors="replace"))
