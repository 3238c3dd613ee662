"""End to end in headless Chromium against a real uvicorn server on 127.0.0.1.

A researcher searches and filters; a curator logs in, corrects an amount, rejects a wrong
organisation and adds a missing mention by selecting text; the article is re-processed and the
corrections are still there; an anonymous POST is refused; a crawled <script> title is text.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from web_fixtures import (
    EVIL,
    PASSWORD,
    Server,
    fill_store,
    make_config,
    no_dialogs,
)

from scanner.records import Mention
from scanner.store import Store
from scanner.web import create_app

pytestmark = pytest.mark.browser


@pytest.fixture
def site(tmp_path: Path) -> Iterator[tuple[str, Store]]:
    cfg = make_config(tmp_path)
    store = Store.from_config(cfg.store)
    fill_store(store)
    # a wrong organisation for the curator to reject
    full = store.articles.get("a1").full_text
    start = full.index("Un robot")
    wrong = Mention(
        kind="organisation",
        start=start,
        end=start + 8,
        text="Un robot",
        canonical="Un robot",
        confidence=0.2,
    )
    store.mentions.replace_auto("a1", [*store.mentions.for_article("a1"), wrong])
    with Server(create_app(cfg, store)) as server:
        yield server.url, store
    store.close()


def test_researcher_searches_and_filters(site: Any, web_browser: Any) -> None:
    url, _ = site
    page = web_browser.new_page()
    dialogs = no_dialogs(page)
    page.goto(url + "/")
    page.fill("input[name=q]", "robot")
    page.select_option("select[name=mode]", "lexical")
    page.click("button:has-text('Rechercher')")
    page.wait_for_selector("article.hit")
    titles = page.locator("article.hit h3").all_inner_texts()
    assert EVIL in titles and "Robot au bloc" in titles  # the <script> title shown as text
    # filter by theme: only the article scored in bloc_operatoire stays
    page.check("input[name=theme][value=bloc_operatoire]")
    page.wait_for_url("**theme=bloc_operatoire**")
    assert page.locator("article.hit h3").all_inner_texts() == [EVIL]
    page.click("article.hit h3 a")
    page.wait_for_selector("#text")
    assert page.locator("h1").inner_text() == EVIL
    assert "Bpifrance" in page.locator("#text .m-organisation").all_inner_texts()
    assert dialogs == []


def log_in(page: Any, url: str, target: str = "/curation") -> None:
    page.goto(url + target)
    assert "/login" in page.url  # the desk needs an account
    page.fill("input[name=username]", "alice")
    page.fill("input[name=password]", PASSWORD)
    page.click("button:has-text('Se connecter')")
    page.wait_for_url("**" + target)


def test_curator_corrects_with_keyboard_and_selection(site: Any, web_browser: Any) -> None:
    url, store = site
    page = web_browser.new_page()
    dialogs = no_dialogs(page)
    log_in(page, url)
    page.click("a:has-text('Robot chirurgical')")
    page.wait_for_selector("#mentions")

    # correct the amount: 3 M€ was read as 300 000
    amount = page.locator(".mrow", has=page.locator(".txt", has_text="3 M€"))
    amount.locator("summary", has_text="Modifier").click()  # not the fact form's summary
    amount.locator("input[name=value_eur]").fill("3 000 000")
    amount.locator("button:text-is('Enregistrer')").click()
    page.wait_for_selector(".flash")
    assert "3 M€" in amount.locator(".sub").inner_text()

    # reject the wrong organisation with the keyboard: k to the top, j down to it, then r
    rows = page.locator(".mrow")
    texts = rows.all_inner_texts()
    wrong_index = next(i for i, t in enumerate(texts) if "Un robot" in t)
    page.locator("body").click(position={"x": 5, "y": 5})
    for _ in range(rows.count()):
        page.keyboard.press("k")
    for _ in range(wrong_index):
        page.keyboard.press("j")
    with page.expect_navigation():
        page.keyboard.press("r")
    assert "rejeté" in page.locator(".flash").inner_text()
    wrong = page.locator(".mrow", has=page.locator(".txt", has_text="Un robot"))
    assert wrong.locator(".st").get_attribute("data-status") == "rejected"

    # add a missing mention by selecting words in the text
    page.evaluate("""() => {
      const el = document.getElementById('text');
      const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
      let node;
      while ((node = walker.nextNode())) {
        const i = node.data.indexOf('chirurgical financé');
        if (i >= 0) {
          const r = document.createRange();
          r.setStart(node, i); r.setEnd(node, i + 'chirurgical'.length);
          const s = window.getSelection(); s.removeAllRanges(); s.addRange(r);
          return;
        }
      }
    }""")
    page.wait_for_function("document.getElementById('add-start').value !== ''")
    page.select_option("#add-form select[name=kind]", "place")
    page.click("#add-form button:has-text('Ajouter')")
    page.wait_for_selector(".flash")
    added = [m for m in store.mentions.for_article("a1") if m.origin == "curator"]
    assert [m.text for m in added] == ["chirurgical"]  # offsets matched the server's text

    # the public page no longer shows the rejected organisation; the log has all three
    public = web_browser.new_page()
    public.goto(url + "/articles/a1")
    assert "Un robot" not in public.locator("#text .m").all_inner_texts()
    assert [c.action for c in store.curation.iter_corrections()] == ["edit", "reject", "add"]
    page.goto(url + "/curation/log")
    assert page.locator("table tr").count() == 4
    assert dialogs == []


def test_anonymous_post_is_refused(site: Any, web_browser: Any) -> None:
    url, store = site
    page = web_browser.new_page()
    page.goto(url + "/articles/a1")
    mention_id = store.mentions.for_article("a1")[0].id
    r = page.request.post(f"{url}/curation/mentions/{mention_id}/reject", form={"csrf_token": "x"})
    assert r.status == 403
    assert store.curation.count_corrections() == 0
