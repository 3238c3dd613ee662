"""The researcher's path of issue 15, end to end in headless Chromium against a real uvicorn
server over the sample corpus (real embeddings, FTS5, FAISS, the lexicon): search in English
and find the French article, browse a theme by date, save the search as an alert, run it
with a real SMTP server (aiosmtpd on 127.0.0.1) receiving the digest, read its Atom feed."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import feedparser
import pytest
from test_mail import smtp_server
from web_fixtures import PASSWORD, Server, no_dialogs

from scanner.alerts.run import run_alerts
from scanner.records import ThemeScore
from scanner.web import create_app
from scanner.web.security import add_user

pytestmark = pytest.mark.browser
THEME = "therapies_innovantes"


def tag_theme(store: Any) -> list[str]:
    """Give the gene and cell therapy items their theme (the scratch store has no theme
    scores): what the theme stage would have stored."""
    tagged = []
    for a in store.articles.all():
        text = a.full_text.lower()
        if any(w in text for w in ("thérapie génique", "car-t", "édition du génome")):
            store.themes.replace(a.id, [ThemeScore(a.id, THEME, 0.8, True)])
            tagged.append(a.id)
    return tagged


def test_search_in_english_browse_save_feed_and_digest(search_copy, web_browser) -> None:  # type: ignore[no-untyped-def]
    cfg, store = search_copy
    tagged = tag_theme(store)
    add_user(store, "alice", PASSWORD)
    page = web_browser.new_page()
    dialogs = no_dialogs(page)
    with Server(create_app(cfg, store, secret="s" * 32)) as server, smtp_server() as (inbox, port):
        url = server.url
        # 1. an English query finds the French drépanocytose article first
        page.goto(url + "/")
        page.fill("input[name=q]", "gene therapy for sickle cell disease")
        page.click("button:has-text('Rechercher')")
        page.wait_for_selector("article.hit")
        first = page.locator("article.hit h3").first.inner_text()
        assert first.startswith("Drépanocytose"), first
        assert "drépanocytose" in page.locator("article.hit .snip mark").first.inner_text().lower()
        # 2. browse the theme by date: no query, the theme alone, newest first
        page.goto(url + "/")
        page.check(f"input[name=theme][value={THEME}]")
        page.wait_for_url(f"**theme={THEME}**")
        assert "du plus récent au plus ancien" in page.locator("#summary").inner_text()
        assert int(page.locator("#total").inner_text()) == len(tagged)
        dates = [d.split(" ·")[0] for d in page.locator("article.hit .meta").all_inner_texts()]
        assert dates == sorted(dates, reverse=True) and len(dates) == min(10, len(tagged))
        # 3. log in, search again within the theme, save the search as an alert
        page.goto(url + "/login?next=/")
        page.fill("input[name=username]", "alice")
        page.fill("input[name=password]", PASSWORD)
        page.click("button:has-text('Se connecter')")
        page.wait_for_url(url + "/")
        page.fill("input[name=q]", "sickle cell gene therapy")
        page.check(f"input[name=theme][value={THEME}]")
        page.wait_for_url(f"**theme={THEME}**")
        page.fill("input[name=name]", "drepano")
        page.click('button:has-text("Enregistrer l\'alerte")')
        page.wait_for_url("**/alerts/drepano")
        assert "sickle cell gene therapy" in page.locator("main").inner_text()
        # 4. the alert runs (after a crawl, or from cron) and mails its digest
        mailing = replace(cfg.alerts.smtp, host="127.0.0.1", port=port, security="none",
                          recipients=("chercheuse@example.org",), timeout=5.0)  # fmt: skip
        [run] = run_alerts(replace(cfg, alerts=replace(cfg.alerts, smtp=mailing)), store)
        assert run.new > 0 and not run.error
        [(rcpts, message)] = inbox.messages
        assert rcpts == ["chercheuse@example.org"]
        assert "Drépanocytose" in message.get_body(("plain",)).get_content()
        # 5. the alert page lists what it found; its feed is valid Atom with absolute links
        page.reload()
        assert page.locator("main article").count() == run.new
        feed_url = page.locator("#feed-link").get_attribute("href")
        assert feed_url == f"{url}/alerts/drepano.atom"
        response = page.request.get(feed_url)
        assert response.ok and "atom" in response.headers["content-type"]
        feed = feedparser.parse(response.text())
        assert not feed.bozo and len(feed.entries) == run.new
        entry = next(e for e in feed.entries if e.title.startswith("Drépanocytose"))
        assert entry.link.startswith(url + "/articles/")
        page.goto(entry.link)  # a feed reader's click lands on the article
        assert page.locator("h1").inner_text().startswith("Drépanocytose")
        page.click("#more-like-this")
        page.wait_for_selector("article.hit")
        assert "Articles proches" in page.locator("h1").inner_text()
    assert dialogs == []
