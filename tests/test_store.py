"""The store on each backend: migrations, idempotent adds, curated mentions protected,
resumable work (tests taking `any_store` or `store_url` run on SQLite and on PostgreSQL)."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest

from scanner.errors import NotFound, StoreError
from scanner.records import Article, Mention, ThemeScore
from scanner.store import Store
from scanner.store.schema import MIGRATIONS


def article(i: int, **kw: object) -> Article:
    base = dict(
        id=f"a{i}",
        url=f"http://x.test/{i}",
        title=f"Titre {i}",
        text=f"Texte numéro {i} sur la thérapie génique.",
        content_hash=f"h{i}",
        published=date(2026, 11, 10),
        source_id="s1",
    )
    base.update(kw)
    return Article(**base)  # type: ignore[arg-type]


def test_schema_is_migrated_once(store_url: str) -> None:
    with Store.open(store_url) as store:
        assert store.db.version == len(MIGRATIONS)
        store.articles.add(article(1))
    with Store.open(store_url) as store:  # reopening applies nothing twice and keeps the data
        assert store.db.version == len(MIGRATIONS)
        assert store.articles.count() == 1


def test_sqlite_runs_in_wal_mode(tmp_path: Path) -> None:
    path = tmp_path / "w.db"
    Store.open(path).close()
    mode = sqlite3.connect(path).execute("PRAGMA journal_mode").fetchone()[0]
    assert mode == "wal"


def test_newer_schema_is_refused(store_url: str) -> None:
    with Store.open(store_url) as store:
        store.db.execute("INSERT INTO schema_version VALUES (999)")
    with pytest.raises(StoreError, match="schema version 999, newer than this scanner"):
        Store.open(store_url)


def test_not_a_database_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "w.db"
    path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError, match="cannot open store"):
        Store.open(path)


def test_adding_twice_stores_once_and_links_sources(any_store: Store) -> None:
    store = any_store
    assert store.articles.add(article(1))
    assert not store.articles.add(article(1))
    # the same text at another URL from another source: a syndicated copy, not a new article
    copy = article(2, content_hash="h1", source_id="s2")
    assert not store.articles.add(copy)
    assert store.articles.count() == 1
    assert sorted(store.articles.sources_of("a1")) == ["s1", "s2"]


def test_fulltext_folds_accents() -> None:
    store = Store.open(":memory:")  # the unstemmed FTS5 index is SQLite's alone
    store.articles.add(article(1))
    rows = store.db.query("SELECT rowid FROM articles_fts WHERE articles_fts MATCH 'therapie'")
    assert len(rows) == 1
    store.articles.remove("a1")
    assert not store.db.query("SELECT rowid FROM articles_fts WHERE articles_fts MATCH 'genique'")
    with pytest.raises(NotFound):
        store.articles.get("a1")


def test_reprocessing_keeps_curated_mentions(any_store: Store) -> None:
    store = any_store
    store.articles.add(article(1))
    auto = [
        Mention(kind="organisation", start=0, end=5, text="Titre", canonical="Titre"),
        Mention(kind="amount", start=10, end=15, text="12 M€", value_eur=1.2e7),
    ]
    store.mentions.replace_auto("a1", auto)
    wrong = store.mentions.for_article("a1")[0]
    store.db.execute("UPDATE mentions SET status = 'rejected' WHERE id = ?", (wrong.id,))
    store.mentions.replace_auto("a1", auto)  # the model says the same again
    kept = store.mentions.for_article("a1")
    assert [m.kind for m in kept] == ["amount"]
    assert len(store.mentions.for_article("a1", include_rejected=True)) == 2


def test_processing_key_makes_work_resumable(any_store: Store) -> None:
    store = any_store
    for i in range(3):
        store.articles.add(article(i))
    todo = store.articles.needing_processing("k1")
    assert len(todo) == 3
    store.articles.mark_processed(todo[0], "k1")
    assert [a.id for a in store.articles.needing_processing("k1")] == ["a1", "a2"]
    assert len(store.articles.needing_processing("k2")) == 3  # settings changed: redo all


def test_theme_scores_replace(any_store: Store) -> None:
    store = any_store
    store.articles.add(article(1))
    scores = [ThemeScore("a1", "prevention", 0.7, True, ("dépistage",))]
    store.themes.replace("a1", scores)
    store.themes.replace("a1", scores)
    assert store.themes.for_articles(["a1"])["a1"] == scores
    assert store.themes.assigned("a1") == ["prevention"]


def test_transaction_rolls_back_on_error(any_store: Store) -> None:
    store = any_store
    with pytest.raises(RuntimeError), store.db.transaction() as conn:
        conn.execute("INSERT INTO runs (stage, started_at) VALUES ('x', '2026-01-01')")
        raise RuntimeError("interrupted")
    assert store.db.one("SELECT COUNT(*) FROM runs")[0] == 0
