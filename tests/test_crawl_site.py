"""The bundled sample site, crawled from a real local server through its feeds, its sitemap
index and a paginated listing: every item stored once, with its title, date and language,
without boilerplate or tracking parameters, near-duplicate rewrites grouped as one story,
robots.txt obeyed, and a second crawl that fetches nothing."""

from __future__ import annotations

import filecmp
import importlib.util
import itertools
import json
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner
from watch import watch_config

from scanner.cli import app
from scanner.config import load_config
from scanner.crawl import crawl
from scanner.demo import SITE_BASE, serve_directory
from scanner.store import Store

ROOT = Path(__file__).resolve().parents[1]
SITE = ROOT / "corpora" / "site"
BOILERPLATE = ("cookies", "Partager", "Newsletter", "À lire aussi", "Mentions légales",
               "Nos autres titres", "S'inscrire")  # fmt: skip


def build_site_module():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("build_site", ROOT / "corpora" / "build_site.py")
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


def items() -> list[dict]:
    return build_site_module().load_items()


def test_committed_site_is_in_step_with_the_items(tmp_path: Path) -> None:
    fresh = tmp_path / "site"
    n = build_site_module().build(fresh)
    assert n == len(items())
    committed = sorted(p.relative_to(SITE) for p in SITE.rglob("*") if p.is_file())
    built = sorted(p.relative_to(fresh) for p in fresh.rglob("*") if p.is_file())
    assert committed == built, "corpora/site is stale: run `make site`"
    _, mismatch, errors = filecmp.cmpfiles(SITE, fresh, [str(p) for p in built], shallow=False)
    assert not mismatch and not errors, f"stale files (run `make site`): {mismatch[:5]}"


@pytest.fixture(scope="module")
def site_crawl(tmp_path_factory: pytest.TempPathFactory) -> dict:
    tmp = tmp_path_factory.mktemp("site")
    cfg = load_config(ROOT / "config.toml")
    # extraction in a thread keeps this test lean; the worker processes are tested elsewhere
    crawl_cfg = replace(cfg.crawl, workers=0)
    cfg = replace(cfg, store=replace(cfg.store, url=f"sqlite:///{tmp / 'w.db'}"), crawl=crawl_cfg)
    with serve_directory(SITE) as base:
        sources = [replace(s, url=s.url.replace(SITE_BASE, base)) for s in cfg.sources]
        store = Store.from_config(cfg.store)
        first = crawl(cfg, store, sources)
        second = crawl(cfg, store, sources)
    return {"base": base, "store": store, "first": first, "second": second, "cfg": cfg}


def by_item(site_crawl: dict) -> dict[str, object]:
    store: Store = site_crawl["store"]
    module = build_site_module()
    by_url = {a.canonical_url: a for a in store.articles.all()}
    return {i["id"]: by_url.get(site_crawl["base"] + module.article_path(i)) for i in items()}


def test_every_item_is_stored_once_with_its_metadata(site_crawl: dict) -> None:
    found = by_item(site_crawl)
    missing = [i for i, a in found.items() if a is None]
    assert not missing
    assert site_crawl["store"].articles.count() == len(found)
    for item in items():
        article = found[item["id"]]
        assert article.title == item["title"]
        assert article.published == date.fromisoformat(item["published"])  # not 2027 (cookie)
        assert article.lang == item["lang"] and article.lang_ok
        assert article.source_id == item["outlet"]
        # trafilatura turns no-break spaces into spaces: compare words
        first_paragraph = " ".join(item["text"].split("\n\n")[0].split())
        assert first_paragraph in " ".join(article.text.split())
        assert not any(b in article.text for b in BOILERPLATE), article.text
        assert "utm_" not in article.canonical_url and "xtor" not in article.canonical_url


def test_rewrites_of_one_story_are_grouped(site_crawl: dict) -> None:
    found = by_item(site_crawl)
    gold = {i["id"]: i.get("story") for i in items()}
    tp = fp = fn = 0
    for a, b in itertools.combinations(found, 2):
        same_gold = gold[a] is not None and gold[a] == gold[b]
        same_found = found[a].story_id == found[b].story_id
        tp += same_gold and same_found
        fp += same_found and not same_gold
        fn += same_gold and not same_found
    assert (tp, fp, fn) == (tp, 0, 0) and tp > 0
    # a story's articles come from several outlets: the bulletin counts them once
    store: Store = site_crawl["store"]
    cart = [i["id"] for i in items() if i.get("story") == "cart-lyon-2026"]
    members = store.articles.story_members(found[cart[0]].story_id)
    assert sorted(members) == sorted(found[i].id for i in cart)
    assert len({found[i].source_id for i in cart}) == len(cart)


def test_robots_txt_and_pagination(site_crawl: dict) -> None:
    stats = site_crawl["first"].per_source
    # the embargoed page a feed and a listing link to: skipped once, counted for the feed
    # (a feed's claim on a URL comes before a listing's)
    assert stats["depeches-sante"].robots == 1
    assert sum(s.robots for s in stats.values()) == 1
    assert all("/prive/" not in a.url for a in site_crawl["store"].articles.all())
    english = [i for i in items() if i["outlet"] == "innov-health-wire"]
    assert stats["innov-health-wire"].new == len(english) > 5  # two listing pages
    assert stats["innov-health-wire"].listed == len(english) + 1  # and the embargoed page
    assert site_crawl["first"].failed_sources == 0
    assert not any(s.errors for s in stats.values())


def test_second_crawl_fetches_nothing(site_crawl: dict) -> None:
    second = site_crawl["second"]
    assert second.fetched == 0 and not second.new_ids
    assert sum(s.known for s in second.per_source.values()) >= len(items()) - 8


def test_crawl_and_sources_commands(tmp_path: Path) -> None:
    runner = CliRunner()
    with serve_directory(SITE) as base:
        # no politeness delay for the ad-hoc source on the local site
        config = watch_config(tmp_path, site_base=base, crawl={"delay": 0.0})
        result = runner.invoke(
            app, ["crawl", "-c", str(config), "--no-process", "--source", "medtech-actu"]
        )
        assert result.exit_code == 0, result.output
        assert "medtech-actu" in result.output and "14 new article(s)" in result.output
        one = f"{base}/innov-health-wire/index.html"
        result = runner.invoke(
            app, ["crawl", "-c", str(config), "--no-process", "--url", one, "--kind", "listing"]
        )
        assert result.exit_code == 0, result.output
        assert "adhoc-127.0.0.1-" in result.output
    listed = runner.invoke(app, ["sources", "-c", str(config), "--history", "2"])
    assert listed.exit_code == 0, listed.output
    assert "medtech-actu" in listed.output and "OK:" in listed.output
    assert "never crawled" in listed.output  # the sources this test left alone
    with Store.open(tmp_path / "w.db") as store:
        assert store.articles.count() == 14 + 8
        runs = [json.dumps(r) for r in store.runs.recent() if r["stage"] == "crawl"]
        assert len(runs) == 2
