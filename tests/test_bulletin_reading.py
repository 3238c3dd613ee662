"""The bulletin as an analyst reads it (issue 18): what changed since the last bulletin said
plainly, a mean that ignores the weeks before any data, summaries that keep the lead, a table
that fits a phone and a clean print, in headless Chromium."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from bulletin_data import WEEK, fill, make_config

from scanner.bulletin import build_bulletin, write_bulletin
from scanner.bulletin.render import changes_lead, render_html
from scanner.bulletin.summary import summarise
from scanner.config import Config
from scanner.store import Store

PROJECT = Path(__file__).resolve().parents[1]


@pytest.fixture
def env(tmp_path: Path) -> tuple[Config, Store]:
    cfg = make_config(tmp_path)
    store = Store.from_config(cfg.store)
    for s in cfg.sources:
        store.articles.upsert_source(s)
    fill(store)
    yield cfg, store
    store.close()


def test_since_last_bulletin_says_plainly_what_changed(env: tuple[Config, Store]) -> None:
    cfg, store = env
    # no bulletin for W45: said so, and what became of W45's stories, in one sentence
    b = build_bulletin(cfg, store, WEEK)
    lead = changes_lead(b)
    assert lead.startswith("Pas de bulletin précédent (aucun n'a été établi pour la semaine 45")
    assert "1 s'est renforcé" in lead
    html = render_html(b)
    block = html[html.index('id="evolutions"') : html.index('id="themes"')]
    assert lead.replace("'", "&#39;") in block
    assert "<h4>Se poursuit</h4>" not in block  # no empty column
    assert '<p class="muted small">—</p>' not in block
    # with W45's bulletin: compared with it
    build_bulletin(cfg, store, "2026-W45")
    lead = changes_lead(build_bulletin(cfg, store, WEEK))
    assert (
        lead == "Des sujets du bulletin de la semaine 45 de 2026, 1 s'est renforcé cette semaine."
    )
    # the first week of data: nothing before it at all
    first = build_bulletin(cfg, store, "2026-W42")
    assert changes_lead(first) == (
        "Pas de bulletin précédent, ni de sujet paru la semaine 41 de 2026 : rien à comparer."
    )


def test_mean_is_over_the_weeks_with_data_only(env: tuple[Config, Store]) -> None:
    cfg, store = env
    b = build_bulletin(cfg, store, WEEK)
    assert len(b.history_weeks) == cfg.bulletin.history_weeks == 12
    # the store's first article is of W42: W42..W45 are the earlier weeks with data
    since = [i for i, w in enumerate(b.history_weeks) if "2026-W42" <= w < WEEK]
    assert len(since) == 4
    for t in b.themes:
        assert t.weeks == 4
        assert t.average == round(sum(b.history[t.theme][i] for i in since) / 4, 1)
    digital = next(t for t in b.themes if t.theme == "sante_numerique")
    assert digital.average > 0.9  # over 11 weeks it would read 0.4
    html = render_html(b)
    assert "Moy. 4 sem." in html and "Moyenne 11 sem." not in html
    # the first week with data: no earlier week to average, said as a dash
    first = build_bulletin(cfg, store, "2026-W42")
    assert all(t.weeks == 0 for t in first.themes)
    assert ">Moyenne</th>" in render_html(first)


def test_summary_keeps_the_lead_sentence() -> None:
    items = [
        json.loads(line)
        for name in ("items_a.jsonl", "items_b.jsonl")
        for line in (PROJECT / "corpora" / "sample" / name).read_text("utf-8").splitlines()
    ]
    glyco = next(i for i in items if i["slug"].startswith("glycosense-marquage-ce"))
    summary = summarise(glyco["text"])
    assert summary[0].startswith("La medtech toulousaine GlycoSense SAS a obtenu le marquage CE")
    assert 2 <= len(summary) <= 3
    # the lead of every sample article opens its summary (a short byline is not a lead)
    for item in items[:40]:
        first = next(s for s in item["text"].split(". ") if len(s.split()) >= 5)
        assert summarise(item["text"])[0].startswith(first[:40]), item["id"]
    assert summarise("Par J. Dupont. " + glyco["text"])[0].startswith("La medtech toulousaine")


@pytest.mark.browser
def test_activity_table_fits_a_phone_and_the_print_is_clean(
    env: tuple[Config, Store], tmp_path: Path, web_browser: object
) -> None:
    cfg, store = env
    html = write_bulletin(cfg, build_bulletin(cfg, store, WEEK), tmp_path / "out")["html"]
    page = web_browser.new_page(viewport={"width": 390, "height": 844})  # type: ignore[attr-defined]
    page.goto(html.as_uri())
    table = page.locator("#activite table")
    box = table.bounding_box()
    assert box and box["x"] >= 0 and box["x"] + box["width"] <= 390
    # nothing hidden to the right: the block does not scroll, every column is on screen
    assert page.eval_on_selector("#activite", "e => e.scrollWidth <= e.clientWidth")
    last = page.locator("#activite th").last.bounding_box()
    assert last and last["x"] + last["width"] <= 390
    page.close()
    # print: the dark masthead and the menu go, links print black
    page = web_browser.new_page(viewport={"width": 1100, "height": 900})  # type: ignore[attr-defined]
    page.goto(html.as_uri())
    page.emulate_media(media="print")
    assert not page.locator("nav.toc").is_visible()
    masthead = page.eval_on_selector("header.masthead", "e => getComputedStyle(e).backgroundColor")
    assert masthead in ("rgb(255, 255, 255)", "rgba(0, 0, 0, 0)")
    colour = page.eval_on_selector("article.item h3 a", "e => getComputedStyle(e).color")
    assert colour == "rgb(0, 0, 0)"
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF")
    page.close()
