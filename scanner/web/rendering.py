"""Templates and the HTML built in Python: highlighted article text and search snippets.

Crawled text is untrusted. Templates autoescape everything; the two places that build HTML in
Python (`highlight_mentions`, `snippet_html`) escape every text segment first and only then
wrap it in tags whose attributes are escaped too, so no crawled byte reaches the page raw.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from html import escape
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup
from starlette.requests import Request
from starlette.responses import HTMLResponse

from scanner.config import Config
from scanner.records import Article, Mention
from scanner.store import Store

TEMPLATES = Path(__file__).resolve().parents[1] / "templates" / "web"
KIND_LABELS = {
    "programme": "Programme",
    "amount": "Montant",
    "organisation": "Organisation",
    "person": "Personne",
    "place": "Lieu",
    "date": "Date",
}
# the search module marks highlighted words with these control characters
HL_START, HL_END = "\x02", "\x03"


@dataclass
class WebState:
    """What every route needs; one per app (no module-level state)."""

    cfg: Config
    store: Store
    env: Environment
    clock: Any
    session_seconds: float


def make_env() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(("html",), default=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["eur"] = format_eur
    env.filters["kind_label"] = lambda k: KIND_LABELS.get(k, k)
    env.filters["day"] = lambda d: d.isoformat() if isinstance(d, date) else (d or "")
    return env


def state_of(request: Request) -> WebState:
    return request.app.state.web


def render(request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
    """A page with the layout's common context (user, CSRF token, taxonomy)."""
    from scanner.web.security import csrf_token

    st = state_of(request)
    user = request.scope.get("state", {}).get("user", "")
    page = st.env.get_template(template).render(
        request=request,
        user=user,
        csrf=csrf_token(request) if user or template == "login.html" else "",
        themes={t.key: t.label for t in st.cfg.taxonomy},
        **context,
    )
    return HTMLResponse(page, status_code=status, headers=SECURITY_HEADERS)


# inline scripts and styles only; nothing loaded from elsewhere
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; "
        "img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}


def format_eur(value: float | None) -> str:
    """12 500 000 → "12,5 M€" (French style, short)."""
    if value is None:
        return ""
    for size, unit in ((1e9, "Md€"), (1e6, "M€"), (1e3, "k€")):
        if abs(value) >= size:
            return (
                f"{value / size:,.1f}".replace(",", " ").replace(".", ",").replace(",0", "")
                + f" {unit}"
            )
    return f"{value:,.0f} €".replace(",", " ")


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
    """A search snippet as HTML: the search module's renderer when present, else ours."""
    try:
        from scanner.search import snippet_html as render_snippet
    except ImportError:
        render_snippet = None
    if render_snippet is not None:
        return Markup(render_snippet(snippet))
    out = escape(snippet, quote=False)
    return Markup(out.replace(HL_START, "<mark>").replace(HL_END, "</mark>"))


def plain_snippet(snippet: str) -> str:
    return snippet.replace(HL_START, "").replace(HL_END, "")
