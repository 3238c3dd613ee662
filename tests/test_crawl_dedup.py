"""Exact and near-duplicate articles: one story per syndicated or rewritten piece, with all
its articles and sources, whatever the order they arrive in."""

from __future__ import annotations

import itertools
import json
import random
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

from typer.testing import CliRunner
from watch import watch_config

from scanner import pipeline
from scanner.cli import app
from scanner.config import DedupConfig
from scanner.extract.dedup import content_hash, store_article
from scanner.records import Article
from scanner.store import Store

ROOT = Path(__file__).resolve().parents[1]


def sample() -> list[dict]:
    out = []
    for path in sorted((ROOT / "corpora" / "sample").glob("items_*.jsonl")):
        out += [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]
    return out


def article(i: str, text: str, day: date | None = date(2026, 11, 10), source: str = "s") -> Article:
    return Article(id=i, url=f"https://example.org/{i}", canonical_url=f"https://example.org/{i}",
                   title=f"Titre {i}", text=text, published=day, source_id=source,
                   content_hash=content_hash("", text))  # fmt: skip


def words(lo: int, hi: int) -> str:
    """Distinct made-up words (distinct in their first five letters too)."""
    letters = "bcdfghjklmnpqrstvz"
    out = []
    for n in range(lo, hi):
        w = "".join(letters[(n // len(letters) ** k) % len(letters)] for k in range(3))
        out.append(f"{w}a{w}")
    return " ".join(out)


def groups(store: Store) -> set[frozenset[str]]:
    by_story: dict[str, set[str]] = {}
    for a in store.articles.all():
        by_story.setdefault(a.story_id, set()).add(a.id)
    return {frozenset(g) for g in by_story.values()}


def test_exact_duplicate_links_its_source_to_the_stored_article() -> None:
    store = Store.open(":memory:")
    text = "Un texte d'agence repris tel quel par plusieurs sites. " * 10
    first = store_article(store, article("a", text, source="afp"))
    again = store_article(
        store, replace(article("b", text, source="regional"), title="Autre titre")
    )
    assert (first.status, again.status) == ("new", "duplicate")
    assert again.article_id == "a" and again.story_id == first.story_id
    assert store.articles.count() == 1
    assert set(store.articles.sources_of("a")) == {"afp", "regional"}


def test_sample_rewrites_form_the_gold_stories_in_any_order() -> None:
    items = sample()
    gold: dict[str, set[str]] = {}
    for item in items:
        gold.setdefault(item.get("story") or item["id"], set()).add(item["id"])
    expected = {frozenset(g) for g in gold.values()}
    assert any(len(g) > 2 for g in expected)
    for seed in (1, 2):
        store = Store.open(":memory:")
        order = items[:]
        random.Random(seed).shuffle(order)
        for item in order:
            parsed = pipeline.parse_item({**item, "date": item["published"]})
            store_article(store, pipeline.item_to_article(parsed))
        assert groups(store) == expected
        assert store.articles.count() == len(items)  # near-duplicates are kept, grouped


def test_story_needs_close_dates_and_enough_words() -> None:
    store = Store.open(":memory:")
    text = words(0, 60)
    store_article(store, article("a", text))
    late = store_article(
        store, article("b", text + " fin", day=date(2026, 11, 10) + timedelta(days=30))
    )
    assert late.status == "new"  # same words a month later: another story
    near = store_article(store, article("c", text + " suite", day=date(2026, 11, 12)))
    assert near.status == "near_duplicate" and near.story_id == "a"
    short = "Brève : robot chirurgical au CHU de Lille."
    store_article(store, article("d", short))
    assert store_article(store, article("e", short + " Mise à jour.")).status == "new"
    undated = store_article(store, article("f", text + " encore", day=None))
    assert undated.status == "near_duplicate"  # no date: compared whatever the window


def test_an_article_bridging_two_stories_merges_them() -> None:
    store = Store.open(":memory:")
    policy = DedupConfig(threshold=0.3)
    assert store_article(store, article("a", words(0, 60)), policy=policy).status == "new"
    assert store_article(store, article("b", words(45, 105)), policy=policy).status == "new"
    bridge = store_article(store, article("c", words(20, 85)), policy=policy)
    assert bridge.status == "near_duplicate"
    assert groups(store) == {frozenset({"a", "b", "c"})}
    assert len(set(store.articles.story_members(bridge.story_id))) == 3


def test_jsonl_ingest_groups_stories(tmp_path: Path) -> None:
    config = watch_config(tmp_path)
    story = [i for i in sample() if i.get("story") == "hdh-appel-2026"]
    others = [i for i in sample() if not i.get("story")][:3]
    lines = [json.dumps({"id": i["id"], "title": i["title"], "text": i["text"],
                         "date": i["published"]}, ensure_ascii=False) for i in story + others]  # fmt: skip
    items = tmp_path / "items.jsonl"
    items.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["ingest", "--jsonl", str(items), "-c", str(config),
                                      "--no-process"])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert f"stored {len(lines)} new item(s)" in result.output
    with Store.open(tmp_path / "w.db") as store:
        found = store.articles.many([i["id"] for i in story + others])
    stories = {found[i["id"]].story_id for i in story}
    assert len(stories) == 1
    assert all(found[o["id"]].story_id not in stories for o in others)
    for a, b in itertools.combinations(others, 2):
        assert found[a["id"]].story_id != found[b["id"]].story_id
