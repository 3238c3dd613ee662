"""End to end: crawl the bundled sample site from a real local HTTP server, process it with the
real models, and check the bulletin an analyst would open. A second run adds nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from watch import watch_config

from scanner import pipeline
from scanner.config import load_config
from scanner.demo import run_demo, serve_directory
from scanner.store import Store

ROOT = Path(__file__).resolve().parents[1]


def demo_config(tmp_path: Path, base: str, port: int) -> Path:
    return watch_config(
        tmp_path, site_base=base, demo={"site": str(ROOT / "corpora" / "site"), "port": port}
    )


@pytest.fixture(scope="module")
def demo_run(tmp_path_factory: pytest.TempPathFactory) -> dict:
    tmp = tmp_path_factory.mktemp("demo")
    # find a free port by serving once, then run the demo on it
    with serve_directory(ROOT / "corpora" / "site") as base:
        port = int(base.rsplit(":", 1)[1])
    cfg = load_config(demo_config(tmp, f"http://127.0.0.1:{port}", port))
    store = Store.from_config(cfg.store)
    first = run_demo(cfg, store)
    counts_before = store.articles.count()
    second = run_demo(cfg, store)
    return {"cfg": cfg, "store": store, "first": first, "second": second, "count": counts_before}


def test_the_crawl_stores_the_sample_corpus(demo_run: dict) -> None:
    store: Store = demo_run["store"]
    items = [
        json.loads(line)
        for p in sorted((ROOT / "corpora" / "sample").glob("items_*.jsonl"))
        for line in p.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    # exact duplicates collapse, nothing else is lost
    assert demo_run["count"] >= len(items) * 0.95
    assert demo_run["first"].processed == demo_run["count"]
    # the rewrites of one story by several outlets are one story in the store
    story_of = {
        a.url.rsplit("/", 1)[-1].removesuffix(".html"): a.story_id for a in store.articles.all()
    }
    stories: dict[str, set[str]] = {}
    for item in items:
        # an exact copy is stored once, under its first URL: nothing to group
        if item.get("story") and item["slug"] in story_of:
            stories.setdefault(item["story"], set()).add(story_of[item["slug"]])
    assert stories and all(len(ids) == 1 for ids in stories.values())


def test_second_run_does_no_work_twice(demo_run: dict) -> None:
    assert demo_run["second"].processed == 0
    assert demo_run["store"].articles.count() == demo_run["count"]


def test_bulletin_files_list_ranked_items_with_mentions(demo_run: dict) -> None:
    files = demo_run["first"].files
    html = Path(files["html"]).read_text(encoding="utf-8")
    md = Path(files["md"]).read_text(encoding="utf-8")
    body = json.loads(Path(files["json"]).read_text(encoding="utf-8"))
    cfg = demo_run["cfg"]
    assert [s["theme"] for s in body["sections"]] == cfg.theme_keys
    items = [i for s in body["sections"] for i in s["items"]]
    assert len(items) >= 5
    kinds = {m["kind"] for i in items for m in i["mentions"]}
    assert {"programme", "amount", "organisation"} <= kinds
    assert body["money"] and body["money"][0]["value_eur"] >= body["money"][-1]["value_eur"]
    for theme in cfg.taxonomy:
        assert theme.label in html
    assert "démonstration" in html.lower() and "démonstration" in md.lower()


def test_search_finds_a_paraphrase(demo_run: dict) -> None:
    from scanner.search.hybrid import search

    hits = search(demo_run["cfg"], demo_run["store"], "robots qui opèrent les patients", k=5)
    assert hits
    themes = demo_run["store"].themes.assigned(hits[0].article_id)
    assert "bloc_operatoire" in themes


def test_week_counts_are_consistent(demo_run: dict) -> None:
    weeks = pipeline.weeks_with_articles(demo_run["store"])
    assert len(weeks) >= 6
    assert demo_run["first"].week == weeks[-1]
