"""An alert's Atom feed (RFC 4287): its newest hits, absolute links, for any feed reader.

    atom = alert_feed(alert, entries, base_url="https://veille.example.org")

The feed's own address and every entry's link are absolute (feed readers resolve nothing
against the feed); the entry id is a stable `urn:` per alert and article, so a reader shows an
article once even if the base URL changes. ElementTree escapes every crawled string.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from urllib.parse import quote

from scanner.alerts.digest import Entry, describe, entries
from scanner.config import Config
from scanner.records import Alert
from scanner.store import Store

ATOM = "http://www.w3.org/2005/Atom"
EPOCH = "1970-01-01T00:00:00+00:00"


def feed_path(name: str) -> str:
    return f"/alerts/{quote(name, safe='')}.atom"


def alert_feed(alert: Alert, items: list[Entry], base_url: str) -> str:
    """The feed XML; `base_url` is the app's absolute address (http(s)://host[:port])."""
    base = base_url.rstrip("/")
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")
    _text(feed, "id", f"urn:scanner:alert:{alert.name}")
    _text(feed, "title", f"Alerte de veille : {alert.name}")
    _text(feed, "subtitle", describe(alert))
    updated = max([e.found_at for e in items] + [alert.last_run_at or alert.created_at or EPOCH])
    _text(feed, "updated", _rfc3339(updated))
    author = ET.SubElement(feed, f"{{{ATOM}}}author")
    _text(author, "name", "scanner")
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="self", type="application/atom+xml",
                  href=base + feed_path(alert.name))  # fmt: skip
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="alternate", type="text/html",
                  href=f"{base}/alerts/{quote(alert.name, safe='')}")  # fmt: skip
    for e in items:
        entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
        _text(entry, "id", f"urn:scanner:alert:{alert.name}:{quote(e.article_id, safe='')}")
        _text(entry, "title", e.title)
        _text(entry, "updated", _rfc3339(e.found_at))
        if e.published:
            _text(entry, "published", f"{e.published.isoformat()}T00:00:00+00:00")
        ET.SubElement(entry, f"{{{ATOM}}}link", rel="alternate", type="text/html", href=e.link)
        if e.original != e.link and e.original.startswith(("http://", "https://")):
            ET.SubElement(entry, f"{{{ATOM}}}link", rel="related", href=e.original)
        if e.source:
            _text(entry, "category").set("term", e.source)
        _text(entry, "summary", e.summary).set("type", "text")
    ET.indent(feed)
    return ET.tostring(feed, encoding="unicode", xml_declaration=True) + "\n"


def alert_xml(cfg: Config, store: Store, name: str, base_url: str) -> str:
    """The feed of a saved alert (NotFound for an unknown name): its newest
    `[alerts].feed_entries` hits."""
    alert = store.alerts.get(name)
    hits = store.alerts.hits(name, limit=cfg.alerts.feed_entries)
    items = entries(hits, store.articles.many([h.article_id for h in hits]), base_url)
    return alert_feed(alert, items, base_url)


def _rfc3339(stamp: str) -> str:
    """A stored ISO time as RFC 3339 with a zone (Atom requires one)."""
    return stamp if stamp[-6:-5] in "+-" or stamp.endswith("Z") else stamp + "+00:00"


def _text(parent: ET.Element, tag: str, text: str = "") -> ET.Element:
    el = ET.SubElement(parent, f"{{{ATOM}}}{tag}")
    if text:
        el.text = text
    return el
