"""RSS, Atom and JSON Feed → the articles they announce (`FeedEntry`).

feedparser reads RSS and Atom best-effort: an ill-formed feed ("bozo") that still yields
entries is used; one that yields none raises `FeedError` with feedparser's reason. JSON Feed
(version 1 and 1.1) is read here. Links are made absolute against the feed's URL; entries
without an http(s) link are dropped; summaries lose their markup.
"""

from __future__ import annotations

import calendar
import email.utils
import html
import json
import logging
import re
from datetime import UTC, date, datetime
from time import struct_time

import feedparser

from scanner.crawl.urls import is_http, join_url
from scanner.errors import ScannerError
from scanner.records import FeedEntry

log = logging.getLogger(__name__)

_TAGS = re.compile(r"<[^>]+>")
_SPACES = re.compile(r"\s+")
JSON_TYPES = ("application/feed+json", "application/json")


class FeedError(ScannerError):
    """A feed that yields nothing usable; the message says why."""


def parse_feed(
    body: bytes, url: str, content_type: str = "", charset: str | None = None
) -> list[FeedEntry]:
    """The entries of a feed body fetched from `url` (best-effort; FeedError if none)."""
    if not body.strip():
        raise FeedError(f"{url}: empty feed")
    if content_type in JSON_TYPES or body.lstrip()[:1] in (b"{", b"["):
        return parse_json_feed(body, url)
    # without a type feedparser flags the feed as non-XML; XML rules (the encoding declared
    # in the document) are the right default
    media = content_type or "application/xml"
    headers = {
        "content-location": url,
        "content-type": media + (f"; charset={charset}" if charset else ""),
    }
    try:
        parsed = feedparser.parse(body, response_headers=headers, sanitize_html=False)
    except Exception as exc:  # noqa: BLE001 - feedparser's parsers raise anything on hostile input
        raise FeedError(f"{url}: unreadable feed ({type(exc).__name__}: {exc})") from exc
    entries = [e for e in (_entry(raw, url) for raw in parsed.entries) if e is not None]
    if not entries:
        if parsed.entries:
            raise FeedError(f"{url}: {len(parsed.entries)} entries, none with an http(s) link")
        reason = parsed.get("bozo_exception") if parsed.get("bozo") else None
        if reason is not None:
            raise FeedError(f"{url}: not a readable feed ({type(reason).__name__}: {reason})")
        if not parsed.get("version"):
            raise FeedError(f"{url}: not a feed (no RSS, Atom or JSON Feed found)")
        return []  # a valid feed with no entry yet
    if parsed.get("bozo"):
        log.info("%s: ill-formed feed read best-effort (%s)", url, parsed.get("bozo_exception"))
    return entries


def _entry(raw: feedparser.FeedParserDict, base: str) -> FeedEntry | None:
    link = raw.get("link") or ""
    if not link:
        for candidate in raw.get("links") or []:
            if candidate.get("rel", "alternate") == "alternate" and candidate.get("href"):
                link = candidate["href"]
                break
    if not link and is_http(str(raw.get("id") or "")):
        link = raw["id"]
    link = _absolute(str(link), base)
    if not link:
        return None
    published = _entry_date(raw)
    return FeedEntry(
        url=link,
        title=plain_text(str(raw.get("title") or "")),
        summary=plain_text(str(raw.get("summary") or "")),
        published=published,
    )


def parse_json_feed(body: bytes, url: str) -> list[FeedEntry]:
    """The entries of a JSON Feed (https://jsonfeed.org/version/1.1)."""
    try:
        data = json.loads(body.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise FeedError(f"{url}: not valid JSON ({exc})") from exc
    if not isinstance(data, dict) or not isinstance(data.get("items"), list):
        raise FeedError(f"{url}: JSON without an `items` list is not a JSON Feed")
    entries = []
    for item in data["items"]:
        if not isinstance(item, dict):
            continue
        link = _absolute(str(item.get("url") or item.get("external_url") or ""), url)
        if not link:
            continue
        summary = item.get("summary") or item.get("content_text") or item.get("content_html")
        entries.append(
            FeedEntry(
                url=link,
                title=plain_text(str(item.get("title") or "")),
                summary=plain_text(str(summary or "")),
                published=_iso_date(item.get("date_published") or item.get("date_modified")),
            )
        )
    return entries


def plain_text(markup: str, limit: int = 2000) -> str:
    """Markup stripped, entities decoded, whitespace collapsed."""
    text = html.unescape(_TAGS.sub(" ", markup))
    return _SPACES.sub(" ", text).strip()[:limit]


def _absolute(link: str, base: str) -> str:
    link = link.strip()
    if not link:
        return ""
    full = join_url(base, link)
    return full if is_http(full) else ""


def _entry_date(raw: feedparser.FeedParserDict) -> date | None:
    """The entry's date in its own time zone (feedparser's parsed dates are UTC: an item
    published at 00:30 in Paris would land on the day before)."""
    for key in ("published", "updated"):
        text = raw.get(key)
        if not isinstance(text, str) or not text.strip():
            continue
        try:
            return email.utils.parsedate_to_datetime(text).date()
        except (TypeError, ValueError, IndexError):
            pass
        found = _iso_date(text.strip())
        if found:
            return found
    return _struct_date(raw.get("published_parsed") or raw.get("updated_parsed"))


def _struct_date(value: struct_time | None) -> date | None:
    if not value:
        return None
    try:
        return datetime.fromtimestamp(calendar.timegm(value), UTC).date()
    except (OverflowError, ValueError, OSError):
        return None


def _iso_date(value: object) -> date | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).date()
    except ValueError:
        return None
