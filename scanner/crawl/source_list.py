"""The watch's list of sources as files: OPML in and out, a site's feeds found from its home
page, new `[[sources]]` appended to config.toml.

    read_opml(Path("feeds.opml"))                 # -> [Source(kind="feed", ...), ...]
    write_opml(cfg.sources)                       # OPML 2.0, the format feed readers speak
    found = find_sources(cfg.crawl, "https://www.example.org/")   # what the site offers
    append_sources(Path("config.toml"), [found[0].source(existing_ids)])

OPML is parsed by listparser (nested folders, the spellings readers write); it is exported
with ElementTree. Discovery reads the home page's `<link rel="alternate">` feeds and
robots.txt's `Sitemap:` lines (else `/sitemap.xml`), fetching politely with the crawl's own
Fetcher, and checks each feed it finds by reading it. Sources are appended to config.toml as
text (its comments stay), then the file is read back: a file that no longer loads is restored.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import lxml.html
import tomli_w

from scanner.config import CrawlConfig, load_config
from scanner.crawl.feeds import FeedError, parse_feed
from scanner.crawl.fetch import Fetcher
from scanner.crawl.sitemaps import parse_sitemap
from scanner.crawl.urls import is_http
from scanner.errors import FetchError, InputError, ScannerError
from scanner.records import Source

FEED_TYPES = (
    "application/rss+xml",
    "application/atom+xml",
    "application/feed+json",
    "application/json",
    "application/rdf+xml",
    "text/xml",
)
MAX_OPML_BYTES = 5_000_000


# ---- OPML ----


def read_opml(path: Path) -> list[Source]:
    """The feeds an OPML file lists, as feed sources (ids made from their addresses)."""
    import listparser

    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror or exc}") from exc
    if len(data) > MAX_OPML_BYTES:
        raise InputError(f"{path}: larger than {MAX_OPML_BYTES} bytes, not a subscription list")
    parsed = listparser.parse(data)
    feeds = [f for f in parsed.feeds if is_http(str(f.url))]
    if not feeds:
        problem = f" ({parsed.bozo_exception})" if parsed.bozo else ""
        raise InputError(f"{path}: no feed found in this OPML file{problem}")
    taken: set[str] = set()
    out = []
    for f in feeds:
        sid = unique_id(slug_of(str(f.url)), taken)
        taken.add(sid)
        out.append(Source(id=sid, kind="feed", url=str(f.url), name=str(f.title or "")))
    return out


def write_opml(sources: Iterable[Source], title: str = "Sources de veille (scanner)") -> str:
    """OPML 2.0: feeds as `type="rss"` outlines (what readers import), the other sources as
    `type="link"` outlines, so the whole list travels."""
    root = ET.Element("opml", version="2.0")
    head = ET.SubElement(root, "head")
    ET.SubElement(head, "title").text = title
    ET.SubElement(head, "dateCreated").text = datetime.now(UTC).strftime(
        "%a, %d %b %Y %H:%M:%S +0000"
    )
    body = ET.SubElement(root, "body")
    for s in sources:
        text = s.name or s.id
        if s.kind == "feed":
            ET.SubElement(body, "outline", type="rss", text=text, title=text, xmlUrl=s.url)
        else:
            ET.SubElement(body, "outline", type="link", text=f"{text} ({s.kind})", url=s.url)
    ET.indent(root)
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"


# ---- ids, and config.toml ----


def slug_of(url: str) -> str:
    """A source id from an address: "https://www.ticsante.com/rss" → "ticsante-com"."""
    host = (urlsplit(url).hostname or "source").removeprefix("www.")
    return re.sub(r"[^a-z0-9]+", "-", host.lower()).strip("-") or "source"


def unique_id(base: str, taken: Iterable[str]) -> str:
    used = set(taken)
    if base not in used:
        return base
    n = 2
    while f"{base}-{n}" in used:
        n += 1
    return f"{base}-{n}"


def append_sources(config: Path, sources: Sequence[Source], note: str = "") -> list[Source]:
    """Append `sources` to the watch file as [[sources]] tables (ids made unique, addresses
    already there skipped); returns those added. The file is read back: if it no longer
    loads, it is restored and the ConfigError raised."""
    original = config.read_text(encoding="utf-8") if config.is_file() else ""
    current = load_config(config).sources if config.is_file() else ()
    known_urls = {s.url for s in current}
    taken = {s.id for s in current}
    added: list[Source] = []
    for s in sources:
        if s.url in known_urls:
            continue
        fresh = replace(s, id=unique_id(s.id, taken))
        taken.add(fresh.id)
        known_urls.add(fresh.url)
        added.append(fresh)
    if not added:
        return []
    tables = [
        {k: v for k, v in (("id", s.id), ("kind", s.kind), ("url", s.url), ("name", s.name)) if v}
        for s in added
    ]
    stamp = datetime.now(UTC).strftime("%Y-%m-%d")
    text = (original.rstrip("\n") + "\n\n" if original else "") + f"# {note or 'added'} ({stamp})\n"
    # one [[sources]] table each (tomli_w would write an inline array, which after another
    # table's keys would land inside that table); tomli_w writes each table's values
    text += "\n".join(f"[[sources]]\n{tomli_w.dumps(t)}" for t in tables)
    config.write_text(text, encoding="utf-8")
    try:
        load_config(config)
    except ScannerError:
        config.write_text(original, encoding="utf-8")
        raise
    return added


# ---- what a site offers ----


@dataclass(frozen=True, slots=True)
class Found:
    """A source found on a site, and how."""

    kind: str  # feed | sitemap | listing
    url: str
    title: str
    how: str  # where it was found, for the user
    entries: int = 0  # articles the feed or sitemap lists now (checked by reading it)

    def source(self, taken: Iterable[str] = ()) -> Source:
        return Source(
            id=unique_id(slug_of(self.url), taken),
            kind=self.kind,  # type: ignore[arg-type]
            url=self.url,
            name=self.title,
        )


def find_sources(cfg: CrawlConfig, url: str) -> list[Found]:
    """What a site offers to follow: its feeds (checked), else its sitemaps, else its home
    page as a listing. FetchError when the home page itself cannot be read."""
    if not is_http(url):
        raise InputError(f"{url!r} is not an http(s) address")
    from scanner.crawl.entry import run_sync  # also from a notebook's running loop

    return list(run_sync(_find(cfg, url)))


async def _find(cfg: CrawlConfig, url: str) -> list[Found]:
    async with Fetcher(cfg) as fetcher:
        home = await fetcher.get(url, "html", retries=0)
        base = home.final_url
        feeds = feed_links(home.text(), base)
        checked = [await _check_feed(fetcher, f) for f in feeds]
        found = [f for f in checked if f is not None]
        sitemaps = await _sitemaps(fetcher, base)
        found += sitemaps
        if not found:
            title = page_title(home.text()) or (urlsplit(base).hostname or base)
            found.append(Found("listing", base, title, "la page d'accueil elle-même"))
    return found


def feed_links(html: str, base: str) -> list[Found]:
    """`<link rel="alternate" type="…rss/atom/json…" href>` of a page, absolute, once each."""
    try:
        doc = lxml.html.document_fromstring(html)
    except (ValueError, lxml.etree.ParserError):
        return []
    out: dict[str, Found] = {}
    for link in doc.iter("link"):
        rel = (link.get("rel") or "").lower().split()
        kind = (link.get("type") or "").lower().split(";")[0].strip()
        href = (link.get("href") or "").strip()
        if "alternate" in rel and kind in FEED_TYPES and href:
            target = urljoin(base, href)
            if is_http(target):
                title = " ".join((link.get("title") or "").split())
                out.setdefault(target, Found("feed", target, title, "<link rel=alternate>"))
    return list(out.values())


def page_title(html: str) -> str:
    found = re.search(r"<title[^>]*>(.*?)</title>", html, re.I | re.S)
    return " ".join(found[1].split())[:120] if found else ""


async def _check_feed(fetcher: Fetcher, f: Found) -> Found | None:
    try:
        r = await fetcher.get(f.url, "feed", retries=0)
        entries = parse_feed(r.body, r.final_url, r.content_type, r.charset)
    except (FetchError, FeedError):
        return None
    return replace(f, entries=len(entries))


async def _sitemaps(fetcher: Fetcher, base: str) -> list[Found]:
    parts = urlsplit(base)
    origin = f"{parts.scheme}://{parts.netloc}"
    declared: list[str] = []
    try:
        robots = await fetcher.get(f"{origin}/robots.txt", "robots", retries=0)
        for line in robots.body.decode("utf-8", "replace").splitlines():
            key, _, value = line.partition(":")
            if key.strip().lower() == "sitemap" and is_http(value.strip()):
                declared.append(value.strip())
    except FetchError:
        pass
    how = "robots.txt (Sitemap:)"
    if not declared:
        declared, how = [f"{origin}/sitemap.xml"], "/sitemap.xml"
    out = []
    for url in dict.fromkeys(declared):
        try:
            r = await fetcher.get(url, "sitemap", retries=0)
            listed = parse_sitemap(r.body, r.final_url, limit=fetcher.cfg.max_bytes)
        except (FetchError, ScannerError):
            continue
        count = len(listed.entries) + len(listed.children)
        out.append(Found("sitemap", url, "", how, count))
    return out
