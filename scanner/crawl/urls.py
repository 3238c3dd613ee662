"""URLs as the crawler compares them: canonical forms, hosts, include/exclude patterns, dates.

Canonicalisation (courlan) lower-cases scheme and host, drops default ports, the fragment and
tracking parameters (utm_*, fbclid, xtor, ...) and sorts the query, so the same article listed
by a feed with `?utm_source=rss` and by a sitemap without it is one URL.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from urllib.parse import urljoin, urlsplit, urlunsplit

from courlan import normalize_url

from scanner.errors import ConfigError

_URL_DATE = re.compile(
    r"(?<!\d)((?:19|20)\d\d)[/_-]?(0[1-9]|1[0-2])[/_-]?(0[1-9]|[12]\d|3[01])(?!\d)"
)
_SLASHED_DATE = re.compile(r"/((?:19|20)\d\d)/(0?[1-9]|1[0-2])/(0?[1-9]|[12]\d|3[01])/")


def is_http(url: str) -> bool:
    """An absolute http(s) URL with a host; False for anything else, malformed ones included
    ("http://[" makes urlsplit raise: a feed or a JSONL item must not crash the reader)."""
    try:
        parts = urlsplit(url)
        return parts.scheme in ("http", "https") and bool(parts.hostname)
    except ValueError:
        return False


def join_url(base: str, link: str) -> str:
    """`link` made absolute against `base`; "" when either is malformed (a hostile page or
    server can send "http://[" as a link or a redirect: it must cost that link only)."""
    try:
        return urljoin(base, link)
    except ValueError:
        return ""


def canonical_url(url: str, base: str | None = None) -> str:
    """The URL used to recognise an article: absolute, normalised, no fragment, no trackers.

    Raises ValueError for what is not an http(s) URL.
    """
    url = url.strip()
    if base:
        url = urljoin(base, url)
    if not is_http(url):
        raise ValueError(f"not an http(s) URL: {url[:200]!r}")
    try:
        normal = normalize_url(url)
    except (ValueError, AttributeError) as exc:  # courlan rejects some odd ports and hosts
        raise ValueError(f"malformed URL {url[:200]!r}: {exc}") from exc
    parts = urlsplit(normal)
    return urlunsplit((parts.scheme, parts.netloc, parts.path or "/", parts.query, ""))


def host_of(url: str) -> str:
    """`host[:port]` of a URL, lower-cased: the unit of politeness (robots.txt, delays)."""
    return urlsplit(url).netloc.lower()


def site_of(url: str) -> str:
    """The host without a leading `www.`: two URLs of one site may differ by it."""
    host = (urlsplit(url).hostname or "").lower()
    return host[4:] if host.startswith("www.") else host


def same_site(a: str, b: str) -> bool:
    return site_of(a) == site_of(b)


class UrlFilter:
    """A source's include/exclude patterns (regular expressions searched in the URL).

    With include patterns a URL must match one; it must match no exclude pattern.
    """

    def __init__(self, include: Sequence[str], exclude: Sequence[str], where: str) -> None:
        self.include = [_compile(p, f"{where}.include") for p in include]
        self.exclude = [_compile(p, f"{where}.exclude") for p in exclude]

    def __call__(self, url: str) -> bool:
        if self.include and not any(p.search(url) for p in self.include):
            return False
        return not any(p.search(url) for p in self.exclude)


def _compile(pattern: str, where: str) -> re.Pattern[str]:
    try:
        return re.compile(pattern)
    except re.error as exc:
        raise ConfigError(where, f"bad regular expression {pattern!r}: {exc}") from exc


def url_date(url: str) -> date | None:
    """A full publication date written in the URL path (/2026/11/10/, 20261110, 2026-11-10)."""
    path = urlsplit(url).path
    for pattern in (_SLASHED_DATE, _URL_DATE):
        for m in pattern.finditer(path if pattern is _URL_DATE else path + "/"):
            try:
                return date(int(m[1]), int(m[2]), int(m[3]))
            except ValueError:
                continue
    return None
