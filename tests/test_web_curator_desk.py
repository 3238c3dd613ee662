"""The curator's desk as issue 18 asked for it, in headless Chromium against a real uvicorn
server: a readable audit log with undo, a merge previewed before it is made, a desk left open
across a re-processing, error pages in French, a reader who sees no curation links, the queue
in its order, and the Atom feed served with absolute links."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner
from web_fixtures import PASSWORD, Server, fill_store, make_config, no_dialogs

from scanner.bulletin import build_bulletin, write_bulletin
from scanner.cli import app as cli
from scanner.config import Config
from scanner.records import Mention
from scanner.store import Store
from scanner.web import create_app
from scanner.web.security import add_user

pytestmark = pytest.mark.browser
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def site(tmp_path: Path) -> Iterator[tuple[str, Store, Config]]:
    cfg = make_config(tmp_path)
    store = Store.from_config(cfg.store)
    fill_store(store)
    # an organisation with an accent, twice, for the merge and the log's spelling
    full = store.articles.get("a2").full_text
    at = full.index("Lyon")
    lyon = Mention(kind="organisation", start=at, end=at + 4, text="Lyon",
                   canonical="Université de Lyon", confidence=0.9)  # fmt: skip
    store.mentions.replace_auto("a2", [lyon])
    add_user(store, "rita", PASSWORD, role="reader")
    with Server(create_app(cfg, store)) as server:
        yield server.url, store, cfg
    store.close()


def log_in(page: Any, url: str, user: str = "alice", target: str = "/curation") -> None:
    page.goto(f"{url}/login?next={target}")
    page.fill("input[name=username]", user)
    page.fill("input[name=password]", PASSWORD)
    page.click("button:has-text('Se connecter')")
    page.wait_for_load_state("load")


def test_audit_log_is_readable_and_a_correction_can_be_undone(
    site: Any, web_browser: Any, tmp_path: Path
) -> None:
    url, store, cfg = site
    page = web_browser.new_page()
    dialogs = no_dialogs(page)
    log_in(page, url, target="/curation/articles/a1")
    page.goto(url + "/curation/articles/a1")
    amount = page.locator(".mrow", has=page.locator(".txt", has_text="3 M€"))
    amount.locator("summary", has_text="Modifier").click()  # not the fact form's summary
    amount.locator("input[name=value_eur]").fill("3 000 000")
    amount.locator("button:text-is('Enregistrer')").click()
    page.wait_for_selector(".flash")

    page.goto(url + "/curation/log")
    row = page.locator("tr[id^=c-]").first
    text = row.inner_text()
    # a diff in words and euros, not two JSON blobs; a link to the article
    assert "Correction" in text and "Montant « 3 M€ »" in text
    assert "valeur : 300 k€ → 3 M€" in " ".join(text.split())
    assert "statut : à relire → corrigée" in " ".join(text.split())
    assert '"value_eur"' not in text
    assert row.locator('a:has-text("voir l\'article")').get_attribute("href") == "/articles/a1"

    # undo: the amount is back to what the model said, and the undo is logged
    row.locator("button:has-text('Annuler')").click()
    page.wait_for_selector(".flash")
    assert "annulée" in page.locator(".flash").inner_text()
    (m,) = [m for m in store.mentions.for_article("a1") if m.kind == "amount"]
    assert m.value_eur == 300_000.0 and store.mentions.get(m.id or 0)[1] == "auto"
    rows = page.locator("tr[id^=c-]")
    assert rows.count() == 2
    assert (
        "Annulation" in rows.first.inner_text()
        and "annule la correction" in rows.first.inner_text()
    )
    assert "annulée" in rows.nth(1).inner_text()  # and cannot be undone twice
    assert rows.nth(1).locator("button").count() == 0
    assert [c.action for c in store.curation.iter_corrections()] == ["edit", "undo"]
    assert dialogs == []


def test_merge_is_previewed_then_made_and_undone(site: Any, web_browser: Any) -> None:
    url, store, cfg = site
    page = web_browser.new_page()
    log_in(page, url, target="/curation/articles/a2")
    page.goto(url + "/curation/articles/a2")
    page.fill("#merge input[name=alias]", "Université de Lyon")
    page.fill("#merge input[name=canonical]", "Bpifrance")
    page.click("#merge button[type=submit]")
    page.wait_for_selector("#preview")
    preview = " ".join(page.locator("#preview").inner_text().split())
    assert "1 mention dans 1 article prendront le nom « Bpifrance »" in preview
    assert page.locator("#preview td a").inner_text() == "Robot au bloc"
    assert store.curation.count_corrections() == 0  # nothing done yet
    page.click("button:has-text('Confirmer la fusion')")
    page.wait_for_selector(".flash")
    assert [m.canonical for m in store.mentions.for_article("a2")] == ["Bpifrance"]

    page.goto(url + "/curation/log")
    text = page.locator("tr[id^=c-]").first.inner_text()
    assert "Fusion" in text and "Université de Lyon" in text and "\\u00e9" not in text
    page.locator("tr[id^=c-]").first.locator("button:has-text('Annuler')").click()
    page.wait_for_selector(".flash")
    assert [m.canonical for m in store.mentions.for_article("a2")] == ["Université de Lyon"]
    assert ("organisation", "Université de Lyon") not in store.curation.aliases()

    # the CLI prints the same readable log, accents as they are
    toml = Path(cfg.store.sqlite_path or "").parent / "config.toml"
    toml.write_text(f'[store]\nurl = "{cfg.store.url}"\n', encoding="utf-8")
    run = CliRunner().invoke(cli, ["curate", "log", "--config", str(toml)])
    assert run.exit_code == 0, run.output
    assert "Fusion" in run.output and "Université de Lyon" in run.output
    assert "\\u00e9" not in run.output and "annule la correction n°" in run.output
    run = CliRunner().invoke(cli, ["curate", "log", "--config", str(toml), "--format", "jsonl"])
    assert "Université de Lyon" in run.output and "\\u00e9" not in run.output


def test_a_desk_left_open_across_reprocessing(site: Any, web_browser: Any) -> None:
    url, store, _ = site
    page = web_browser.new_page()
    log_in(page, url, target="/curation/articles/a1")
    page.goto(url + "/curation/articles/a1")
    before = {m.text: m.id for m in store.mentions.for_article("a1")}
    # the article is re-processed: the model finds Bpifrance again, not the amount
    kept = [m for m in store.mentions.for_article("a1") if m.kind == "organisation"]
    store.mentions.replace_auto("a1", kept)
    assert {m.text: m.id for m in store.mentions.for_article("a1")} == {
        "Bpifrance": before["Bpifrance"]
    }  # the same id: the open desk still points at it
    # accepting the amount that is gone: back to the article, told why, in French
    amount = page.locator(".mrow", has=page.locator(".txt", has_text="3 M€"))
    amount.locator("button[title^=Accepter]").click()
    page.wait_for_selector(".flash")
    assert page.url.endswith("/curation/articles/a1")
    assert "n'existe plus" in page.locator(".flash").inner_text()
    assert page.locator(".mrow", has=page.locator(".txt", has_text="3 M€")).count() == 0
    # accepting Bpifrance on the same stale page works: its id did not change
    page.go_back()
    org = page.locator(".mrow", has=page.locator(".txt", has_text="Bpifrance"))
    org.locator("button[title^=Accepter]").click()
    page.wait_for_selector(".flash")
    assert store.mentions.get(before["Bpifrance"] or 0)[1] == "accepted"


def test_readers_see_no_curation_and_errors_are_in_french(site: Any, web_browser: Any) -> None:
    url, *_ = site
    page = web_browser.new_page()
    log_in(page, url, user="rita", target="/")
    nav = page.locator("header.top nav").inner_text()
    assert "Recherche" in nav and "Curation" not in nav and "Journal" not in nav
    page.goto(url + "/curation")
    body = page.locator("main").inner_text()
    assert "réservé aux curateurs" in body and "is for curators" not in body
    page.goto(url + "/nulle-part")
    assert "Cette page n'existe pas." in page.locator("main").inner_text()
    page.goto(url + "/articles/inconnu")
    assert "Aucun article « inconnu »" in page.locator("main").inner_text()
    curator = web_browser.new_page()
    log_in(curator, url)
    assert "Curation" in curator.locator("header.top nav").inner_text()


def test_queue_in_chromium_hides_off_topic_until_asked(site: Any, web_browser: Any) -> None:
    url, store, _ = site
    page = web_browser.new_page()
    log_in(page, url)
    page.goto(url + "/curation")
    titles = page.locator("tr.q td:nth-child(2)").all_inner_texts()
    assert len(titles) == 1  # a1 only: a2 has no theme
    assert "prochain bulletin" in page.locator("tr.q").first.inner_text()
    page.click("a:has-text('les afficher')")
    page.wait_for_url("**off_topic=true")
    rows = page.locator("tr.q")
    assert rows.count() == 2 and "hors thème" in rows.nth(1).inner_text()
    # once a1 is reviewed it leaves the queue at once (the ordered queue is not reused)
    token = page.request.get(url + "/api/session").json()["csrf_token"]
    for m in store.mentions.for_article("a1"):
        r = page.request.post(
            f"{url}/curation/mentions/{m.id}/accept",
            form={"csrf_token": token},
            headers={"Accept": "application/json"},
        )
        assert r.ok, r.text()
    page.goto(url + "/curation")
    assert page.locator("tr.q").count() == 0
    assert "Rien à relire dans les thèmes" in page.locator("main").inner_text()


def test_atom_feed_from_the_app_has_absolute_links(site: Any, web_browser: Any) -> None:
    url, store, cfg = site
    write_bulletin(cfg, build_bulletin(cfg, store, "2026-W46"), Path(cfg.output.dir))
    page = web_browser.new_page()
    page.goto(url + "/bulletins/2026-W46")
    with page.expect_response(lambda r: r.url.endswith("bulletins.atom")) as answer:
        page.click("a:has-text('flux Atom')")  # relative link from the bulletin page
    assert answer.value.status == 200
    feed = ET.fromstring(page.request.get(url + "/bulletins.atom").text())
    hrefs = [link.get("href") or "" for link in feed.iter(f"{ATOM}link")]
    assert hrefs and all(h.startswith(url + "/") for h in hrefs), hrefs
    assert f"{url}/bulletins/2026-W46" in hrefs and f"{url}/articles/a1" in hrefs
    assert page.request.get(f"{url}/bulletins/2026-W46").status == 200
