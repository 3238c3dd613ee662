"""Polite, bounded HTTP fetching (asyncio + httpx).

    async with Fetcher(cfg.crawl) as fetcher:
        response = await fetcher.get(url, "html", etag=..., last_modified=...)

Every request: robots.txt checked first (a disallowed URL raises `FetchError(kind="robots")`),
at most `concurrency` in flight and `per_host` per host, each host's requests `delay` seconds
apart (or robots.txt's Crawl-delay when longer), a deadline of `timeout` seconds on the whole
exchange (a slow-drip server cannot hold it), retries with exponential backoff on 429/5xx and
connection errors (honouring Retry-After up to `max_wait`), redirects followed by hand up to
`max_redirects` with loop detection, the body streamed and abandoned past `max_bytes`, the
content type checked against what the caller expects, and conditional GET.

Failures raise `FetchError` whose `kind` groups them in the statistics: `timeout`, `connect`,
`http_<status>`, `too_large`, `content_type`, `redirect_loop`, `too_many_redirects`,
`bad_url`, `decode`, `robots`, `robots_unavailable`.
"""

from __future__ import annotations

import asyncio
import email.utils
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Literal

import httpx

from scanner.config import CrawlConfig
from scanner.crawl.charset import declared_charset, decode_html
from scanner.crawl.robots import RobotsCache
from scanner.crawl.urls import host_of, is_http, join_url
from scanner.errors import FetchError

Want = Literal["html", "feed", "sitemap", "robots"]

HTML_TYPES = ("text/html", "application/xhtml+xml")
BINARY_PREFIXES = (
    "image/", "audio/", "video/", "font/", "application/pdf", "application/zip",
    "application/msword", "application/vnd.", "application/x-tar", "application/wasm",
)  # fmt: skip
SITEMAP_BINARY_OK = ("application/gzip", "application/x-gzip", "application/octet-stream")
REDIRECTS = (301, 302, 303, 307, 308)
_TRANSIENT = {"timeout", "connect", "http_429", "robots_unavailable"}


def is_transient(kind: str) -> bool:
    """Whether a failure of this kind is worth retrying in a later crawl."""
    return kind in _TRANSIENT or kind.startswith("http_5")


@dataclass(frozen=True, slots=True)
class Response:
    """A successful (200) or not-modified (304) answer; `url` is the URL asked for."""

    url: str
    final_url: str
    status: int
    body: bytes
    content_type: str
    charset: str | None
    etag: str | None
    last_modified: str | None
    fetched_at: datetime

    @property
    def not_modified(self) -> bool:
        return self.status == 304

    def text(self) -> str:
        return decode_html(self.body, self.charset)


@dataclass(frozen=True, slots=True)
class _Redirect:
    location: str
    status: int


class _Retryable(Exception):
    def __init__(self, error: FetchError, retry_after: float | None = None) -> None:
        super().__init__(str(error))
        self.error = error
        self.retry_after = retry_after


class _HostGate:
    """Per-host concurrency and spacing between request starts."""

    def __init__(self, per_host: int) -> None:
        self.slots = asyncio.Semaphore(max(1, per_host))
        self._lock = asyncio.Lock()
        self._next = 0.0

    async def wait_turn(self, delay: float) -> None:
        loop = asyncio.get_running_loop()
        async with self._lock:
            now = loop.time()
            wait = max(0.0, self._next - now)
            self._next = max(now, self._next) + delay
        if wait:
            await asyncio.sleep(wait)


class Fetcher:
    """One crawl's HTTP client; `transport` lets tests inject an httpx transport."""

    def __init__(self, cfg: CrawlConfig, transport: httpx.AsyncBaseTransport | None = None):
        self.cfg = cfg
        self.client = httpx.AsyncClient(
            headers={"User-Agent": cfg.user_agent, "Accept-Language": "fr, en;q=0.7"},
            timeout=httpx.Timeout(cfg.timeout),
            follow_redirects=False,
            limits=httpx.Limits(
                max_connections=max(1, cfg.concurrency),
                max_keepalive_connections=max(1, cfg.concurrency),
            ),
            transport=transport,
        )
        self._slots = asyncio.Semaphore(max(1, cfg.concurrency))
        self._gates: dict[str, _HostGate] = {}
        self.robots = RobotsCache(self._robots_txt, cfg.user_agent)

    async def _robots_txt(self, url: str, delay: float | None) -> bytes:
        return (await self.get(url, "robots", retries=0, delay=delay)).body

    async def __aenter__(self) -> Fetcher:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.client.aclose()

    async def get(
        self,
        url: str,
        want: Want,
        etag: str | None = None,
        last_modified: str | None = None,
        delay: float | None = None,
        retries: int | None = None,
    ) -> Response:
        """Fetch `url` expecting `want`; a 304 comes back as a Response with status 304."""
        if not is_http(url):
            raise FetchError(url, "bad_url", "not an http(s) URL")
        seen = {url}
        current = url
        for _ in range(self.cfg.max_redirects + 1):
            if self.cfg.obey_robots and want != "robots":
                await self.robots.check(current, delay)
            answer = await self._attempts(current, want, etag, last_modified, delay, retries)
            if isinstance(answer, Response):
                return replace(answer, url=url)
            nxt = join_url(current, answer.location)
            if not is_http(nxt):
                raise FetchError(url, "bad_url", f"redirect to {nxt[:200]!r}")
            if nxt in seen:
                raise FetchError(url, "redirect_loop", f"{current} -> {nxt} was already visited")
            seen.add(nxt)
            current = nxt
            etag = last_modified = None  # validators belong to the URL they came from
        raise FetchError(url, "too_many_redirects", f"more than {self.cfg.max_redirects}")

    async def _attempts(
        self,
        url: str,
        want: Want,
        etag: str | None,
        last_modified: str | None,
        delay: float | None,
        retries: int | None,
    ) -> Response | _Redirect:
        tries = self.cfg.retries if retries is None else retries
        for attempt in range(tries + 1):
            try:
                return await self._once(url, want, etag, last_modified, delay)
            except _Retryable as exc:
                if attempt == tries:
                    raise exc.error from None
                wait = self.cfg.backoff * 2**attempt
                if exc.retry_after is not None:
                    if exc.retry_after > self.cfg.max_wait:
                        raise FetchError(
                            url, exc.error.kind, f"Retry-After {exc.retry_after:.0f} s is too long"
                        ) from None
                    wait = exc.retry_after
                await asyncio.sleep(wait)
        raise AssertionError("unreachable")  # pragma: no cover

    def _gate(self, url: str) -> _HostGate:
        host = host_of(url)
        if host not in self._gates:
            self._gates[host] = _HostGate(self.cfg.per_host)
        return self._gates[host]

    async def _once(
        self,
        url: str,
        want: Want,
        etag: str | None,
        last_modified: str | None,
        delay: float | None,
    ) -> Response | _Redirect:
        gate = self._gate(url)
        spacing = self.cfg.delay if delay is None else delay
        spacing = max(spacing, min(self.robots.crawl_delay(url) or 0.0, self.cfg.max_wait))
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        async with gate.slots:
            await gate.wait_turn(spacing)
            async with self._slots:
                try:
                    async with asyncio.timeout(self.cfg.timeout):
                        async with self.client.stream("GET", url, headers=headers) as answer:
                            return await self._read(url, answer, want)
                except (TimeoutError, httpx.TimeoutException):
                    error = FetchError(
                        url, "timeout", f"no complete answer in {self.cfg.timeout:g} s"
                    )
                    raise _Retryable(error) from None
                except (httpx.NetworkError, httpx.RemoteProtocolError) as exc:
                    raise _Retryable(FetchError(url, "connect", _short(exc))) from None
                except httpx.DecodingError as exc:
                    raise FetchError(url, "decode", _short(exc)) from None
                except (httpx.InvalidURL, httpx.UnsupportedProtocol) as exc:
                    raise FetchError(url, "bad_url", _short(exc)) from None
                except httpx.HTTPError as exc:
                    raise FetchError(url, "http_error", _short(exc)) from None

    async def _read(self, url: str, answer: httpx.Response, want: Want) -> Response | _Redirect:
        status = answer.status_code
        if status in REDIRECTS:
            location = answer.headers.get("location")
            if not location:
                raise FetchError(url, f"http_{status}", "redirect without a Location")
            return _Redirect(location, status)
        if status == 429 or status >= 500:
            retry_after = parse_retry_after(answer.headers.get("retry-after"))
            raise _Retryable(FetchError(url, f"http_{status}"), retry_after)
        if status != 304 and not (200 <= status < 300 and status != 204):
            raise FetchError(url, f"http_{status}")
        content_type = answer.headers.get("content-type", "")
        media = content_type.split(";")[0].strip().lower()
        body = b""
        if status != 304:
            check_content_type(url, media, want)
            body = await self._body(url, answer)
            if want == "html" and not media and not looks_like_html(body):
                raise FetchError(url, "content_type", "no Content-Type and not HTML")
        return Response(
            url=url,
            final_url=str(answer.url),
            status=304 if status == 304 else 200,
            body=body,
            content_type=media,
            charset=declared_charset(content_type),
            etag=answer.headers.get("etag"),
            last_modified=answer.headers.get("last-modified"),
            fetched_at=datetime.now(UTC),
        )

    async def _body(self, url: str, answer: httpx.Response) -> bytes:
        limit = self.cfg.max_bytes
        declared = answer.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            raise FetchError(url, "too_large", f"{declared} bytes announced, limit {limit}")
        body = bytearray()
        async for chunk in answer.aiter_bytes():
            body += chunk
            if len(body) > limit:
                raise FetchError(url, "too_large", f"more than {limit} bytes")
        return bytes(body)


def check_content_type(url: str, media: str, want: Want) -> None:
    """Refuse a body whose declared type cannot be what the caller expects."""
    if not media:
        return
    if want == "html":
        ok = media in HTML_TYPES
    elif want == "sitemap":
        ok = media in SITEMAP_BINARY_OK or not media.startswith(BINARY_PREFIXES)
    else:
        ok = not media.startswith(BINARY_PREFIXES) and media != "application/octet-stream"
    if not ok:
        raise FetchError(url, "content_type", f"{media} where {want} was expected")


def looks_like_html(body: bytes) -> bool:
    head = body[:1024].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html")) or b"<html" in head or b"<body" in head


def parse_retry_after(value: str | None) -> float | None:
    """Seconds to wait from a Retry-After header (delay-seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


def _short(exc: Exception) -> str:
    return (str(exc) or type(exc).__name__)[:200]
