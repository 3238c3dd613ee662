"""HTML listing pages → the article links they hold, and where the next page is.

A listing (a news index, a category page) links to articles among menus and footers. Links in
`<nav>`, `<header>`, `<footer>` are dropped, as are other sites, assets, navigation and login
pages (courlan's filters), and the listing's own ancestors. The source's include/exclude
patterns then decide. Pagination is found through `rel="next"` or a "suivant"/"next" link;
the crawler follows it for a bounded number of pages and stops as soon as a page brings no
new article (a pagination trap repeats the same links forever).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import lxml.html
from courlan import is_navigation_page, is_not_crawlable
from lxml import etree

from scanner.crawl.feeds import plain_text
from scanner.crawl.urls import canonical_url, join_url, same_site
from scanner.errors import ScannerError
from scanner.records import FeedEntry

_ASSETS = re.compile(
    r"\.(?:jpe?g|png|gif|webp|svg|ico|css|js|json|xml|rss|atom|pdf|zip|gz|mp[34]|avi|mov"
    r"|docx?|xlsx?|pptx?|odt|woff2?|ttf)$",
    re.I,
)
_NEXT_TEXT = re.compile(
    r"^\s*(?:page\s+)?(?:suivante?|next|older|plus\s+anciens?|[›»>]+)\s*[›»>]*\s*$", re.I
)
_BOILERPLATE = {"nav", "header", "footer"}
_PAGER_RELS = {"prev", "previous", "first", "last", "start", "up"}


class ListingError(ScannerError):
    """A listing page that cannot be read."""


@dataclass(frozen=True, slots=True)
class Listing:
    """The article links of one listing page and its next page(s)."""

    links: list[FeedEntry] = field(default_factory=list)
    next_pages: list[str] = field(default_factory=list)


def parse_listing(html: str, url: str) -> Listing:
    """Links of a listing page fetched from `url` (canonical, same site, in page order)."""
    if not html.strip():
        raise ListingError(f"{url}: empty page")
    try:
        tree = lxml.html.document_fromstring(html)
    except (etree.ParserError, ValueError) as exc:
        raise ListingError(f"{url}: unreadable HTML ({exc})") from exc
    base = _base(tree, url)
    here = _safe_canonical(url)
    links: list[FeedEntry] = []
    nexts: list[str] = []
    seen: set[str] = set()
    for element in tree.iter("a", "link"):
        href = element.get("href")
        if not href or href.startswith(("#", "javascript:", "mailto:", "tel:")):
            continue
        target = _safe_canonical(join_url(base, href))
        if not target or not same_site(target, url) or target == here:
            continue
        if _is_next(element):
            if target not in nexts:
                nexts.append(target)
            continue
        if _PAGER_RELS & set((element.get("rel") or "").lower().split()):
            continue  # previous / first / last page: the listing itself, not an article
        if element.tag != "a" or target in seen or _in_boilerplate(element):
            continue
        seen.add(target)
        if _is_article_like(target, here):
            links.append(FeedEntry(url=target, title=plain_text(element.text_content(), 300)))
    return Listing(links=links, next_pages=nexts)


def _base(tree: etree._Element, url: str) -> str:
    for base in tree.iter("base"):
        if base.get("href"):
            return join_url(url, base.get("href")) or url
    return url


def _safe_canonical(url: str) -> str:
    try:
        return canonical_url(url)
    except ValueError:
        return ""


def _is_next(element: etree._Element) -> bool:
    rel = (element.get("rel") or "").lower().split()
    if "next" in rel:
        return True
    if element.tag != "a":
        return False
    label = element.get("aria-label") or element.text_content() or ""
    return bool(_NEXT_TEXT.match(label)) and len(label) < 40


def _in_boilerplate(element: etree._Element) -> bool:
    for parent in element.iterancestors():
        if parent.tag in _BOILERPLATE:
            return True
        role = (parent.get("role") or "").lower()
        if role in ("navigation", "banner", "contentinfo"):
            return True
    return False


def _is_article_like(target: str, listing: str) -> bool:
    path = urlsplit(target).path
    if _ASSETS.search(path) or is_not_crawlable(target) or is_navigation_page(target):
        return False
    if path in ("", "/"):
        return False
    # the listing's ancestors (/actualites/ for /actualites/sante/) are menus, not articles
    return not urlsplit(listing).path.startswith(path.rstrip("/") + "/")
