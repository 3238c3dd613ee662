"""The bulletin as an e-mail analysts forward: HTML whose styles mail clients keep, and the
Markdown as the plain-text part.

    send_bulletin(cfg, bulletin, to=["veille@example.org"])   # through [alerts.smtp]

Mail clients drop `<style>` blocks, CSS variables and inline SVG more often than not, so the
mail's HTML is the bulletin's with its stylesheet moved into `style` attributes (css-inline,
variables resolved), without the in-page menu and the charts (their data are in the tables
above them). The mail itself goes through `scanner.notify.mail`.
"""

from __future__ import annotations

from collections.abc import Sequence

import css_inline
import lxml.html

from scanner.bulletin.model import Bulletin
from scanner.bulletin.render import render_html, render_markdown, week_label
from scanner.config import Config
from scanner.notify.mail import send_mail

# parts of the page that make no sense in a mail (anchors menu, SVG charts)
NOT_IN_MAIL = ("//nav[@class='toc']", "//section[@id='graphiques']")
# the page numbers its top signals with ::before badges, which cannot be inlined: in a mail
# the list numbers them itself
MAIL_CSS = (
    "ol.signals { list-style: decimal; padding-left: 24px; } ol.signals li { padding-left: 4px; }"
)
_INLINER = css_inline.CSSInliner(
    extra_css=MAIL_CSS,
    keep_style_tags=False,
    keep_at_rules=False,
    load_remote_stylesheets=False,
    resolve_css_variables=True,
)


def mail_subject(b: Bulletin) -> str:
    demo = " (démonstration)" if b.demo else ""
    return f"Bulletin de veille — {week_label(b.week)}{demo}"


def mail_html(b: Bulletin, base_url: str = "") -> str:
    """The bulletin's HTML with inline styles and nothing a mail client cannot show."""
    page = lxml.html.document_fromstring(render_html(b, base_url))
    for path in NOT_IN_MAIL:
        for node in page.xpath(path):
            node.drop_tree()
    html = lxml.html.tostring(page, encoding="unicode", doctype="<!DOCTYPE html>")
    return _INLINER.inline(html)


def send_bulletin(cfg: Config, b: Bulletin, to: Sequence[str] | None = None) -> list[str]:
    """Mail the bulletin (HTML and Markdown text) to `to`, else `[alerts.smtp].recipients`;
    returns the addresses it went to. ConfigError / MailError as `send_mail` raises them."""
    text = render_markdown(b, cfg.web.base_url)
    html = mail_html(b, cfg.web.base_url)
    return send_mail(cfg.alerts.smtp, mail_subject(b), text, html=html, to=to or None)
