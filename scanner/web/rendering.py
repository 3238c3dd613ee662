"""Templates and the HTML built in Python: highlighted article text and search snippets.

Crawled text is untrusted. Templates autoescape everything; the two places that build HTML in
Python (`highlight_mentions`, `snippet_html`) escape every text segment first and only then
wrap it in tags whose attributes are escaped too, so no crawled byte reaches the page raw.
"""

from __future__ import annotations

import secrets
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from html import escape
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup
from starlette.requests import Request
from starlette.responses import HTMLResponse

from scanner.config import Config
from scanner.curation.audit import KINDS as KIND_LABELS
from scanner.curation.audit import STATUSES as STATUS_LABELS
from scanner.nlp.money_format import format_eur as french_eur
from scanner.records import Article, Mention
from scanner.search.hybrid import snippet_html as render_snippet
from scanner.store import Store
from scanner.web.security import csrf_token

TEMPLATES = Path(__file__).resolve().parents[1] / "templates" / "web"


@dataclass
class WebState:
    """What every route needs; one per app (no module-level state). `processor` holds the
    pipeline's models once a curator first re-processes an article (loaded on demand: a
    reader never pays for them), guarded by `processing` since they are not thread-safe."""

    cfg: Config
    store: Store
    env: Environment
    clock: Any
    session_seconds: float
    processor: Any = None
    processing: threading.Lock = field(default_factory=threading.Lock)
    # (when read, names): the desk's list of known organisations, re-read every few minutes
    organisations: tuple[float, list[str]] | None = None
    throttle: Any = None  # the LoginThrottle (web/throttle.py): failed logins, hashing slots
    # (when read, which queue, its first items): ordering the review queue reads every
    # pending article, so the desk's "next article" reuses it until a correction is made
    queue: tuple[float, tuple[Any, ...], list[Any]] | None = None


def make_env() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(("html",), default=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["eur"] = format_eur
    env.filters["eur_input"] = euros_field
    env.filters["kind_label"] = lambda k: KIND_LABELS.get(k, k)
    env.filters["status_label"] = lambda s: STATUS_LABELS.get(s, s)
    env.filters["day"] = lambda d: d.isoformat() if isinstance(d, date) else (d or "")
    # a stored URL becomes a link only when it is http(s): no javascript: or data: link from a
    # crawled page or an ingested item, whatever the CSP would make of it
    env.filters["http_url"] = http_url
    return env


def state_of(request: Request) -> WebState:
    return request.app.state.web


def render(request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
    """A page with the layout's common context (user, role, CSRF token, taxonomy); its inline
    scripts carry a per-response nonce, the only scripts the Content-Security-Policy allows."""
    st = state_of(request)
    scope_state = request.scope.get("state", {})
    user = scope_state.get("user", "")
    nonce = secrets.token_urlsafe(16)
    page = st.env.get_template(template).render(
        request=request,
        user=user,
        role=scope_state.get("role", ""),
        csrf=csrf_token(request) if user or template == "login.html" else "",
        nonce=nonce,
        themes={t.key: t.label for t in st.cfg.taxonomy},
        **context,
    )
    headers = SECURITY_HEADERS | {"Content-Security-Policy": page_policy(nonce)}
    return HTMLResponse(page, status_code=status, headers=headers)


def page_policy(nonce: str) -> str:
    """Only our own nonce-tagged inline scripts run: a crawled <script> that slipped past
    escaping still would not."""
    return (
        f"default-src 'none'; style-src 'unsafe-inline'; script-src 'nonce-{nonce}'; "
        "img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
    )


# for pages we did not render (stored bulletins): inline styles and SVG, no script at all
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; "
        "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}


def http_url(url: str | None) -> str:
    """The URL when its scheme is http or https (and it names a host), else ""."""
    if not url:
        return ""
    try:
        parts = urlsplit(url.strip())
    except ValueError:  # "http://[" and other malformed netlocs
        return ""
    return url.strip() if parts.scheme in ("http", "https") and parts.netloc else ""


def format_eur(value: float | None) -> str:
    """12 500 000 → "12,5 M€" (the amount parser's French format); "" for no value."""
    return "" if value is None else french_eur(value)


def euros_field(value: float | None) -> str:
    """A euro value as a form field shows it: exact, no exponent, no trailing zeros."""
    if value is None:
        return ""
    return f"{value:.2f}".rstrip("0").rstrip(".")


def highlight_mentions(
    text: str,
    mentions: Sequence[Mention],
    statuses: dict[int, str] | None = None,
    start: int = 0,
    end: int | None = None,
) -> Markup:
    """text[start:end] as HTML with each mention in it wrapped in a span, escaped segment by
    segment. Overlapping mentions are dropped after the first: spans cannot interleave."""
    statuses = statuses or {}
    end = len(text) if end is None else end
    parts: list[str] = []
    pos = start
    for m in sorted(mentions, key=lambda m: (m.start, -m.end)):
        if m.start < pos or m.end > end or m.start >= m.end:
            continue
        parts.append(escape(text[pos : m.start], quote=False))
        status = statuses.get(m.id or -1, "")
        title = m.canonical or m.text
        if m.value_eur is not None:
            title += f" = {format_eur(m.value_eur)}"
        parts.append(
            f'<span class="m m-{escape(m.kind)} s-{escape(status)}" data-id="{m.id or ""}" '
            f'title="{escape(KIND_LABELS.get(m.kind, m.kind))} : {escape(title)}">'
            f"{escape(text[m.start : m.end], quote=False)}</span>"
        )
        pos = m.end
    parts.append(escape(text[pos:end], quote=False))
    return Markup("".join(parts))


def highlight_article(
    article: Article, mentions: Sequence[Mention], statuses: dict[int, str] | None = None
) -> Markup:
    """The whole `full_text` (what mention offsets index), the title set apart by a tag that
    leaves the text content, and so the offsets read from a selection, unchanged."""
    text = article.full_text
    if not article.title:
        return highlight_mentions(text, mentions, statuses)
    cut = len(article.title)
    title = highlight_mentions(text, mentions, statuses, 0, cut)
    body = highlight_mentions(text, mentions, statuses, cut)
    return Markup(f'<span class="ttl">{title}</span>{body}')


def snippet_html(snippet: str) -> Markup:
    """A search snippet as HTML (escaped by the search module, highlights as <mark>)."""
    return Markup(render_snippet(snippet))
