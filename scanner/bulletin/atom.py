"""An Atom feed of all bulletins so far, newest first (RFC 4287). Pure: JSON bodies in, XML out.

    atom_feed([body_w46, body_w45], title="Bulletins de veille")

Entry links are relative (`bulletin-2026-W46.html`): the feed sits beside the bulletins, so it
works wherever the folder is published. ElementTree does the escaping.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterable
from typing import Any

ATOM = "http://www.w3.org/2005/Atom"
FEED_ID = "urn:scanner:bulletins"


def atom_feed(bodies: Iterable[dict[str, Any]], title: str) -> str:
    """The feed; one entry per week (a week given twice keeps the first body)."""
    by_week: dict[str, dict[str, Any]] = {}
    for body in bodies:
        by_week.setdefault(str(body["week"]), body)
    ordered = sorted(by_week.values(), key=lambda b: str(b["week"]), reverse=True)
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")
    _text(feed, "id", FEED_ID)
    _text(feed, "title", title)
    updated = max((_stamp(b) for b in ordered), default="1970-01-01T00:00:00+00:00")
    _text(feed, "updated", updated)
    author = ET.SubElement(feed, f"{{{ATOM}}}author")
    _text(author, "name", "scanner")
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="self", href="bulletins.atom")
    for body in ordered:
        feed.append(entry(body))
    ET.indent(feed)
    return ET.tostring(feed, encoding="unicode", xml_declaration=True) + "\n"


def entry(body: dict[str, Any]) -> ET.Element:
    week = str(body["week"])
    e = ET.Element(f"{{{ATOM}}}entry")
    _text(e, "id", f"{FEED_ID}:{week}")
    _text(
        e,
        "title",
        f"Bulletin de veille — {week} ({body.get('start', '')} au {body.get('end', '')})",
    )
    _text(e, "updated", _stamp(body))
    ET.SubElement(
        e, f"{{{ATOM}}}link", rel="alternate", type="text/html", href=f"bulletin-{week}.html"
    )
    ET.SubElement(
        e, f"{{{ATOM}}}link", rel="alternate", type="application/json", href=f"bulletin-{week}.json"
    )
    _text(e, "summary", summary(body))
    return e


def summary(body: dict[str, Any]) -> str:
    """Plain text: the counts and the week's most important signals, one per line."""
    lines = [f"{body.get('read', 0)} articles lus, {body.get('kept', 0)} retenus."]
    for s in body.get("top_signals", []):
        lines.append(f"• [{s.get('label', '')}] {s.get('title', '')}")
    return "\n".join(lines)


def _stamp(body: dict[str, Any]) -> str:
    return str(body.get("generated_at") or "1970-01-01T00:00:00+00:00")


def _text(parent: ET.Element, tag: str, text: str) -> ET.Element:
    el = ET.SubElement(parent, f"{{{ATOM}}}{tag}")
    el.text = text
    return el
