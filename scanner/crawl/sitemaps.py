"""Sitemaps → article URLs: plain, gzipped, sitemap indexes, news sitemaps, text sitemaps.

`parse_sitemap` reads one document and returns its URLs (newest `lastmod` first, so a page
budget keeps the latest) and, for an index, the child sitemaps to read next. With hreflang
alternates, the alternate in the source's language replaces the listed URL. A news sitemap's
`publication_date` and `title` become the entry's fallbacks; a plain `lastmod` is only used
for ordering (it often is the date the sitemap was regenerated, not a publication date).
The XML parser resolves no entity and loads nothing from the network.
"""

from __future__ import annotations

import gzip
import io
import zlib
from dataclasses import dataclass, field
from datetime import date, datetime

from lxml import etree

from scanner.crawl.urls import is_http, join_url
from scanner.errors import ScannerError
from scanner.records import FeedEntry

NS_NEWS = "http://www.google.com/schemas/sitemap-news/0.9"
NS_XHTML = "http://www.w3.org/1999/xhtml"


class SitemapError(ScannerError):
    """A sitemap that cannot be read; the message says why."""


@dataclass(frozen=True, slots=True)
class Sitemap:
    """What one sitemap document lists."""

    entries: list[FeedEntry] = field(default_factory=list)
    children: list[str] = field(default_factory=list)


def gunzip(body: bytes, limit: int) -> bytes:
    """The body, decompressed when gzipped, never more than `limit` bytes (gzip bombs)."""
    if not body.startswith(b"\x1f\x8b"):
        return body
    out = bytearray()
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(body)) as stream:
            while chunk := stream.read(65536):
                out += chunk
                if len(out) > limit:
                    raise SitemapError(f"gzipped sitemap inflates beyond {limit} bytes")
    except (OSError, EOFError, zlib.error) as exc:
        raise SitemapError(f"broken gzip data: {exc}") from exc
    return bytes(out)


def parse_sitemap(body: bytes, url: str, lang: str = "", limit: int = 50_000_000) -> Sitemap:
    """Read one sitemap document fetched from `url`."""
    data = gunzip(body, limit).strip()
    if not data:
        raise SitemapError(f"{url}: empty sitemap")
    if not data.startswith((b"<", b"\xef\xbb\xbf<")):
        return _text_sitemap(data, url)
    parser = etree.XMLParser(resolve_entities=False, no_network=True, recover=True, huge_tree=False)
    try:
        root = etree.fromstring(data, parser=parser)
    except etree.XMLSyntaxError as exc:
        raise SitemapError(f"{url}: not XML ({exc})") from exc
    if root is None:
        raise SitemapError(f"{url}: not XML")
    kind = etree.QName(root).localname
    if kind == "sitemapindex":
        children = [_absolute(_text(s, "loc"), url) for s in _children(root, "sitemap")]
        return Sitemap(children=list(dict.fromkeys(c for c in children if c)))
    if kind != "urlset":
        raise SitemapError(f"{url}: <{kind}> is neither <urlset> nor <sitemapindex>")
    dated: list[tuple[str, FeedEntry]] = []
    seen: set[str] = set()
    for node in _children(root, "url"):
        loc = _absolute(_alternate(node, lang) or _text(node, "loc"), url)
        if not loc or loc in seen:
            continue
        seen.add(loc)
        news = node.find(f"{{{NS_NEWS}}}news")
        title, published = "", None
        if news is not None:
            title = (news.findtext(f"{{{NS_NEWS}}}title") or "").strip()
            published = _date(news.findtext(f"{{{NS_NEWS}}}publication_date"))
        lastmod = _text(node, "lastmod")
        dated.append((lastmod, FeedEntry(url=loc, title=title, published=published)))
    # newest first; undated entries keep their order after the dated ones
    ordered = sorted(range(len(dated)), key=lambda i: (dated[i][0] == "", _neg(dated[i][0]), i))
    return Sitemap(entries=[dated[i][1] for i in ordered])


def _neg(lastmod: str) -> tuple[int, ...]:
    d = _date(lastmod)
    return (-d.toordinal(),) if d else (0,)


def _children(root: etree._Element, name: str) -> list[etree._Element]:
    return [c for c in root if isinstance(c.tag, str) and etree.QName(c).localname == name]


def _text(node: etree._Element, name: str) -> str:
    for child in node:
        if isinstance(child.tag, str) and etree.QName(child).localname == name:
            return (child.text or "").strip()
    return ""


def _alternate(node: etree._Element, lang: str) -> str:
    """The hreflang alternate of a <url> in `lang` (its primary subtag), if any."""
    if not lang:
        return ""
    for link in node.iter(f"{{{NS_XHTML}}}link"):
        hreflang = (link.get("hreflang") or "").lower()
        if link.get("rel") == "alternate" and hreflang.split("-")[0] == lang.lower():
            return (link.get("href") or "").strip()
    return ""


def _text_sitemap(data: bytes, url: str) -> Sitemap:
    lines = data.decode("utf-8", errors="replace").splitlines()
    entries = [FeedEntry(url=line.strip()) for line in lines if is_http(line.strip())]
    if not entries:
        raise SitemapError(f"{url}: neither XML nor a list of URLs")
    return Sitemap(entries=entries)


def _absolute(link: str, base: str) -> str:
    if not link:
        return ""
    full = join_url(base, link)
    return full if is_http(full) else ""


def _date(value: str | None) -> date | None:
    if not value:
        return None
    value = value.strip()
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).date()
    except ValueError:
        pass
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None
