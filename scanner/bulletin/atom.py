"""An Atom feed of all bulletins so far, newest first (RFC 4287). Pure: JSON bodies in, XML out.

    atom_feed([body_w46, body_w45], title="Bulletins de veille")

With `base_url` (the web app's public address, `[web].base_url`) every link is absolute: an
entry opens `{base_url}/bulletins/{week}` and links each of its top signals to the app's
article page (`rel="related"`), which feed readers need, since they resolve relative links
against wherever they fetched the feed from. Without it, entry links are relative
(`bulletin-2026-W46.html`, for a feed read beside the files) and signals link to their source
articles; a week whose files are not in the folder gets its text only. ElementTree does the
escaping; every entry of a demonstration bulletin says so in its title and text.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Collection, Iterable
from typing import Any
from urllib.parse import quote, urlsplit

from scanner.bulletin.model import DEMO_NOTICE

ATOM = "http://www.w3.org/2005/Atom"
FEED_ID = "urn:scanner:bulletins"


def atom_feed(
    bodies: Iterable[dict[str, Any]],
    title: str,
    linked: Collection[str] | None = None,
    base_url: str = "",
) -> str:
    """The feed; one entry per week (a week given twice keeps the first body). Entries link to
    their HTML and JSON files when their week is in `linked` (None: every week), through the
    web app at `base_url` when it is given (then every week is linked)."""
    base = base_url.rstrip("/")
    by_week: dict[str, dict[str, Any]] = {}
    for body in bodies:
        by_week.setdefault(str(body["week"]), body)
    ordered = sorted(by_week.values(), key=lambda b: str(b["week"]), reverse=True)
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")
    _text(feed, "id", FEED_ID)
    _text(feed, "title", title)
    if any(b.get("demo") for b in ordered):
        _text(feed, "subtitle", DEMO_NOTICE)
    updated = max((_stamp(b) for b in ordered), default="1970-01-01T00:00:00+00:00")
    _text(feed, "updated", updated)
    author = ET.SubElement(feed, f"{{{ATOM}}}author")
    _text(author, "name", "scanner")
    self_href = f"{base}/bulletins.atom" if base else "bulletins.atom"
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="self", href=self_href)
    for body in ordered:
        feed.append(entry(body, bool(base) or linked is None or str(body["week"]) in linked, base))
    ET.indent(feed)
    return ET.tostring(feed, encoding="unicode", xml_declaration=True) + "\n"


def entry(body: dict[str, Any], linked: bool = True, base: str = "") -> ET.Element:
    week = str(body["week"])
    e = ET.Element(f"{{{ATOM}}}entry")
    _text(e, "id", f"{FEED_ID}:{week}")
    demo = " (démonstration)" if body.get("demo") else ""
    period = f"{body.get('start', '')} au {body.get('end', '')}"
    _text(e, "title", f"Bulletin de veille — {week} ({period}){demo}")
    _text(e, "updated", _stamp(body))
    if linked:
        prefix = f"{base}/bulletins/" if base else ""
        html = f"{prefix}{week}" if base else f"bulletin-{week}.html"
        ET.SubElement(e, f"{{{ATOM}}}link", rel="alternate", type="text/html", href=html)
        ET.SubElement(
            e,
            f"{{{ATOM}}}link",
            rel="alternate",
            type="application/json",
            href=f"{prefix}bulletin-{week}.json",
        )
    for s in body.get("top_signals", []):
        href = article_link(s, base)
        if href:
            ET.SubElement(
                e, f"{{{ATOM}}}link", rel="related", href=href, title=str(s.get("title", ""))
            )
    if not linked:  # no file to link to: the text itself, so the entry stands (RFC 4287 §4.1.1.1)
        _text(e, "content", summary(body)).set("type", "text")
    _text(e, "summary", summary(body))
    return e


def article_link(signal: dict[str, Any], base: str) -> str:
    """The app's page of a signal's article when the app's address is known, else the source
    article's own URL (http(s) only: a crawled URL is untrusted)."""
    if base and signal.get("id"):
        return f"{base}/articles/{quote(str(signal['id']), safe='')}"
    url = str(signal.get("url") or "")
    return url if urlsplit(url).scheme in ("http", "https") else ""


def summary(body: dict[str, Any]) -> str:
    """Plain text: the counts and the week's most important signals, one per line."""
    lines = [str(body.get("notice") or DEMO_NOTICE)] if body.get("demo") else []
    lines.append(f"{body.get('read', 0)} articles lus, {body.get('kept', 0)} retenus.")
    for s in body.get("top_signals", []):
        lines.append(f"• [{s.get('label', '')}] {s.get('title', '')}")
    return "\n".join(lines)


def _stamp(body: dict[str, Any]) -> str:
    return str(body.get("generated_at") or "1970-01-01T00:00:00+00:00")


def _text(parent: ET.Element, tag: str, text: str) -> ET.Element:
    el = ET.SubElement(parent, f"{{{ATOM}}}{tag}")
    el.text = text
    return el
