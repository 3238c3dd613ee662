"""End to end in headless Chromium against a real uvicorn server on 127.0.0.1.

A researcher searches and filters; a curator logs in, corrects an amount, rejects a wrong
organisation and adds a missing mention by selecting text; the article is re-processed and the
corrections are still there; an anonymous POST is refused; a crawled <script> title is text.
"""

from __future__ import annotations

import socket
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from scanner.records import Mention
from scanner.store import Store
from scanner.web import create_app

sys.path.insert(0, str(Path(__file__).parent))
from test_web_api import EVIL, PASSWORD, fill_store, lexical_stand_in, make_config  # noqa: E402

pytestmark = pytest.mark.browser
CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


class Server:
    """uvicorn serving the app in a thread, on a port the OS picked."""

    def __init__(self, app: object) -> None:
        import uvicorn

        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}"
        self.server = uvicorn.Server(uvicorn.Config(app, log_level="warning"))
        self.thread = threading.Thread(
            target=self.server.run, kwargs={"sockets": [self.sock]}, daemon=True
        )

    def __enter__(self) -> Server:
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.05)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)
        self.sock.close()


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[str, Store]]:
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing: apt-get install chromium to run browser tests")
    pytest.importorskip("playwright.sync_api", reason="playwright (Python) is not installed")
    try:
        import scanner.search  # noqa: F401
    except ImportError:
        monkeypatch.setitem(sys.modules, "scanner.search", lexical_stand_in())
    cfg = make_config(tmp_path)
    store = Store.open(cfg.store.path)
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


@pytest.fixture
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


def no_dialogs(page: Any) -> list[str]:
    """Collect dialogs: an alert() would mean crawled script ran."""
    seen: list[str] = []
    page.on("dialog", lambda d: (seen.append(d.message), d.dismiss()))
    return seen


def test_researcher_searches_and_filters(site: Any, browser: Any) -> None:
    url, _ = site
    page = browser.new_page()
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


def test_curator_corrections_survive_reprocessing(site: Any, browser: Any) -> None:
    url, store = site
    page = browser.new_page()
    dialogs = no_dialogs(page)
    page.goto(url + "/curation")
    assert "/login" in page.url  # the desk needs an account
    page.fill("input[name=username]", "alice")
    page.fill("input[name=password]", PASSWORD)
    page.click("button:has-text('Se connecter')")
    page.wait_for_url("**/curation")
    page.click("a:has-text('Robot chirurgical')")
    page.wait_for_selector("#mentions")

    # correct the amount: 3 M€ was read as 300 000
    amount = page.locator(".mrow", has=page.locator(".txt", has_text="3 M€"))
    amount.locator("summary").click()
    amount.locator("input[name=value_eur]").fill("3 000 000")
    amount.locator("button:has-text('Enregistrer')").click()
    page.wait_for_selector(".flash")

    # reject the wrong organisation with the keyboard: j/k to it, then r
    rows = page.locator(".mrow")
    wrong_index = rows.all_inner_texts().index(
        next(t for t in rows.all_inner_texts() if "Un robot" in t)
    )
    page.locator("body").click(position={"x": 5, "y": 5})
    for _ in range(rows.count()):
        page.keyboard.press("k")
    for _ in range(wrong_index):
        page.keyboard.press("j")
    with page.expect_navigation():
        page.keyboard.press("r")
    assert "rejeté" in page.locator(".flash").inner_text()

    # add the missing organisation "Lyon"-free way: select "robot chirurgical" in the text
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

    # the article is re-processed: the model says the same wrong things again
    full = store.articles.get("a1").full_text
    b, m, u = full.index("Bpifrance"), full.index("3 M€"), full.index("Un robot")
    store.mentions.replace_auto(
        "a1",
        [
            Mention(
                kind="organisation", start=b, end=b + 9, text="Bpifrance", canonical="Bpifrance"
            ),
            Mention(kind="amount", start=m, end=m + 4, text="3 M€", value_eur=300_000.0),
            Mention(kind="organisation", start=u, end=u + 8, text="Un robot", canonical="Un robot"),
        ],
    )
    page.reload()
    amount = page.locator(".mrow", has=page.locator(".txt", has_text="3 M€"))
    assert amount.count() == 1 and "3 M€" in amount.locator(".sub").inner_text()
    assert amount.locator(".st").inner_text() == "edited"
    wrong = page.locator(".mrow", has=page.locator(".txt", has_text="Un robot"))
    assert wrong.count() == 1 and wrong.locator(".st").inner_text() == "rejected"
    public = browser.new_page()
    public.goto(url + "/articles/a1")
    assert "Un robot" not in public.locator("#text .m").all_inner_texts()
    actions = [c.action for c in store.curation.iter_corrections()]
    assert actions == ["edit", "reject", "add"]
    page.goto(url + "/curation/log")
    assert page.locator("table tr").count() == 4
    assert dialogs == []


def test_anonymous_post_is_refused(site: Any, browser: Any) -> None:
    url, store = site
    page = browser.new_page()
    page.goto(url + "/articles/a1")
    mention_id = store.mentions.for_article("a1")[0].id
    r = page.request.post(f"{url}/curation/mentions/{mention_id}/reject", form={"csrf_token": "x"})
    assert r.status == 403
    assert store.curation.count_corrections() == 0
