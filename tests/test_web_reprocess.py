"""End to end with the real pipeline: a curator corrects an amount and rejects an organisation
in the browser, re-processes the article (spaCy, embeddings, index, themes for real), and the
corrections are still there and show in the week's bulletin."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from web_fixtures import CHROMIUM, PASSWORD, Server, no_dialogs

from scanner.config import Config, OutputConfig, StoreConfig, load_config
from scanner.store import Store
from scanner.web import create_app

# the pipeline's models load here (spaCy, embeddings, theme scorer): well over 20 s on 2 cores
pytestmark = [pytest.mark.browser, pytest.mark.slow]
PROJECT = Path(__file__).resolve().parents[1]
ITEM = "a001"  # bioproduction: programmes, three amounts, SGPI, AIS, Bpifrance


def real_config(tmp: Path) -> Config:
    """The project's config (models, taxonomy, weights) over a store, index, output and
    gazetteer copies in `tmp`: curated names must not be written into the repository."""
    base = load_config(PROJECT / "config.toml")
    gaz = tmp / "gazetteer"
    gaz.mkdir()
    for name in ("programmes.jsonl", "organisations.jsonl"):
        shutil.copy(PROJECT / "models" / "gazetteer" / name, gaz / name)
    return replace(
        base,
        store=StoreConfig(url=f"sqlite:///{tmp / 'w.db'}"),
        index=replace(base.index, path=str(tmp / "index")),
        output=OutputConfig(dir=str(tmp / "out")),
        web=replace(base.web, secret_file=str(tmp / "secret"), login_to_read=False),
        nlp=replace(
            base.nlp,
            programmes=str(gaz / "programmes.jsonl"),
            organisations=str(gaz / "organisations.jsonl"),
        ),
        sources=(),
    )


def sample_article(item_id: str):  # type: ignore[no-untyped-def]
    from scanner.pipeline import Item, item_to_article

    for path in sorted((PROJECT / "corpora" / "sample").glob("items_*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            raw = json.loads(line)
            if raw["id"] == item_id:
                item = Item(
                    id=raw["id"],
                    text=raw["text"],
                    title=raw["title"],
                    date=date.fromisoformat(raw["published"]),
                    url=f"https://demo.test/{raw['outlet']}/{raw['slug']}",
                    lang=raw["lang"],
                )
                return replace(item_to_article(item), source_id=raw["outlet"])
    raise LookupError(item_id)


@pytest.fixture
def watch(tmp_path: Path) -> Iterator[tuple[str, Store, Config, Any]]:
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing: apt-get install chromium to run browser tests")
    from scanner.pipeline import Processor, process_articles
    from scanner.web.security import add_user

    cfg = real_config(tmp_path)
    store = Store.from_config(cfg.store)
    article = sample_article(ITEM)
    store.articles.add(article)
    add_user(store, "alice", PASSWORD)
    processor = Processor(cfg, store)
    assert process_articles(cfg, store, ids=[ITEM], processor=processor).done == 1
    app = create_app(cfg, store)
    app.state.web.processor = processor  # the models are loaded once for the whole test
    with Server(app) as server:
        yield server.url, store, cfg, article
    store.close()


def row(page: Any, text: str) -> Any:
    return page.locator(".mrow", has=page.locator(".txt", has_text=text))


def test_corrections_survive_reprocessing_and_reach_the_bulletin(
    watch: Any, web_browser: Any
) -> None:
    from scanner.bulletin import build_bulletin, iso_week, write_bulletin

    url, store, cfg, article = watch
    model = store.mentions.for_article(ITEM)
    assert any(m.text == "410 millions d'euros" and m.value_eur == 4.1e8 for m in model)
    assert any(m.kind == "organisation" and m.canonical == "Bpifrance" for m in model)

    page = web_browser.new_page()
    dialogs = no_dialogs(page)
    page.goto(url + f"/curation/articles/{ITEM}")
    page.fill("input[name=username]", "alice")
    page.fill("input[name=password]", PASSWORD)
    page.click("button:has-text('Se connecter')")
    page.wait_for_selector("#mentions")

    # the curator knows better: 420 M€ were committed, and this Bpifrance is not the actor
    amount = row(page, "410 millions d'euros")
    amount.locator("summary", has_text="Modifier").click()
    amount.locator("input[name=value_eur]").fill("420 M")
    amount.locator("button:text-is('Enregistrer')").click()
    page.wait_for_selector(".flash")
    # and that this money is the week's news, a grant paid by Bpifrance
    amount = row(page, "410 millions d'euros")
    amount.locator("summary", has_text="fait de financement").click()
    amount.locator("select[name=role]").select_option("grant")
    amount.locator("select[name=new]").select_option("1")
    amount.locator("input[name=payers]").fill("Bpifrance")
    with page.expect_navigation():
        amount.locator("button:has-text('Enregistrer le fait')").click()
    assert "aide publique" in row(page, "410 millions d'euros").locator("[data-fact]").inner_text()
    with page.expect_navigation():
        row(page, "Bpifrance").locator("button[title^=Rejeter]").click()
    # and says the article is about bioproduction
    page.locator("#themes tr", has_text="Bioproduction").locator("button:has-text('oui')").click()
    page.wait_for_selector(".flash")

    with page.expect_navigation(timeout=120_000):
        page.click("button:has-text('Re-traiter')")
    assert "re-traité" in page.locator(".flash").inner_text()

    # the model ran again and said 410 M€ and Bpifrance again: the curator still wins
    assert row(page, "410 millions d'euros").count() == 1
    assert row(page, "410 millions d'euros").locator(".st").get_attribute("data-status") == "edited"
    assert "420 M€" in row(page, "410 millions d'euros").locator(".sub").inner_text()
    assert "nouveau" in row(page, "410 millions d'euros").locator("[data-fact]").inner_text()
    assert row(page, "Bpifrance").locator(".st").get_attribute("data-status") == "rejected"
    kept = store.mentions.for_article(ITEM)
    assert not any(m.canonical == "Bpifrance" for m in kept)
    assert [m.value_eur for m in kept if m.text == "410 millions d'euros"] == [4.2e8]
    actions = [c.action for c in store.curation.iter_corrections()]
    assert actions == ["edit", "edit_fact", "reject", "theme_label", "reprocess"]

    # the week's bulletin shows the corrected amount, marked as validated, and not the org
    week = iso_week(article.published)
    write_bulletin(cfg, build_bulletin(cfg, store, week), Path(cfg.output.dir))
    page.goto(url + "/bulletins")
    page.click(f"a:has-text('{week}')")
    assert "420 M€" in page.content()
    body = page.request.get(f"{url}/api/bulletins/{week}").json()
    money = {line["value_eur"]: line for line in body["money"]}
    assert 4.2e8 in money and 4.1e8 not in money
    assert (money[4.2e8]["role"], money[4.2e8]["payers"]) == ("grant", ["Bpifrance"])
    assert body["money_totals"]["grant"] >= 4.2e8
    assert "Bpifrance" not in {o["canonical"] for o in body["organisations"]}
    assert dialogs == []
