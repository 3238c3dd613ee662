"""What an alert tells its readers: the articles it found, as entries with absolute links,
and those entries as a mail digest (plain text and HTML). Pure: data in, text out; every
crawled string is escaped in the HTML."""

from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import date

from scanner.records import Alert, AlertHit, Article

LEAD_WORDS = 45


@dataclass(frozen=True, slots=True)
class Entry:
    """One found article as a feed entry or a digest line."""

    article_id: str
    title: str
    link: str  # our article page when the base URL is known, else the original
    original: str
    published: date | None
    source: str
    summary: str
    found_at: str
    score: float


def entries(hits: list[AlertHit], articles: dict[str, Article], base_url: str) -> list[Entry]:
    """The hits whose article is still stored, as entries (a removed article is skipped)."""
    base = base_url.rstrip("/")
    out = []
    for hit in hits:
        a = articles.get(hit.article_id)
        if a is None:
            continue
        page = f"{base}/articles/{_quote(a.id)}" if base else a.url
        words = a.text.split()
        lead = " ".join(words[:LEAD_WORDS]) + (" …" if len(words) > LEAD_WORDS else "")
        out.append(
            Entry(a.id, a.title or a.url, page, a.url, a.published, a.source_id, lead,
                  hit.found_at, hit.score)
        )  # fmt: skip
    return out


def _quote(article_id: str) -> str:
    from urllib.parse import quote

    return quote(article_id, safe="")


def describe(alert: Alert) -> str:
    """The alert's search in one line: « query » and its filters."""
    f = alert.filters
    parts = [f"« {alert.query} »"]
    if f.themes:
        parts.append("thèmes " + ", ".join(f.themes))
    if f.sources:
        parts.append("sources " + ", ".join(f.sources))
    if f.langs:
        parts.append("langues " + ", ".join(f.langs))
    if f.organisations:
        parts.append("organisations " + ", ".join(f.organisations))
    if f.programmes:
        parts.append("programmes " + ", ".join(f.programmes))
    if f.date_from or f.date_to:
        parts.append(f"du {f.date_from or '…'} au {f.date_to or '…'}")
    if f.min_amount_eur is not None:
        parts.append(f"montant ≥ {f.min_amount_eur:,.0f} €".replace(",", " "))
    return " · ".join(parts)


def digest_subject(alert: Alert, total: int) -> str:
    return f"Alerte {alert.name} : {total} nouvel(s) article(s)"


def digest_text(alert: Alert, items: list[Entry], total: int, feed_url: str) -> str:
    lines = [f"Alerte « {alert.name} » — {describe(alert)}", ""]
    lines.append(f"{total} nouvel(s) article(s) depuis le dernier envoi.")
    lines.append("")
    for e in items:
        when = e.published.isoformat() if e.published else "date inconnue"
        lines += [f"• {e.title}", f"  {when} · {e.source or 'source inconnue'}", f"  {e.link}"]
        lines += [f"  {e.summary}", ""]
    if total > len(items):
        lines.append(f"… et {total - len(items)} autre(s), dans le flux de l'alerte.")
    if feed_url:
        lines.append(f"Flux Atom : {feed_url}")
    return "\n".join(lines) + "\n"


def digest_html(alert: Alert, items: list[Entry], total: int, feed_url: str) -> str:
    esc = html.escape
    rows = []
    for e in items:
        when = e.published.isoformat() if e.published else "date inconnue"
        rows.append(
            f'<li><a href="{esc(e.link)}">{esc(e.title)}</a><br>'
            f"<small>{esc(when)} · {esc(e.source or 'source inconnue')}</small>"
            f"<p>{esc(e.summary)}</p></li>"
        )
    more = (
        f"<p>… et {total - len(items)} autre(s), dans le flux de l'alerte.</p>"
        if total > len(items)
        else ""
    )
    feed = f'<p><a href="{esc(feed_url)}">Flux Atom de l\'alerte</a></p>' if feed_url else ""
    return (
        f"<html><body><h1>Alerte « {esc(alert.name)} »</h1><p>{esc(describe(alert))}</p>"
        f"<p>{total} nouvel(s) article(s) depuis le dernier envoi.</p><ul>{''.join(rows)}</ul>"
        f"{more}{feed}</body></html>"
    )
