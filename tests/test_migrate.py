"""`scanner migrate`: a SQLite watch copied whole into a real PostgreSQL, counts checked; a
second run, a used target, a failed copy: clear errors and nothing half-copied."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from scanner.cli import app
from scanner.errors import StoreError
from scanner.records import Article, Cluster, Mention, ThemeScore
from scanner.search.retrieval import update_lexical
from scanner.store import Store
from scanner.store.bulletins import StoredItem
from scanner.store.clusters import ClusterWeek

EVERY_TABLE = (
    "articles", "article_sources", "mentions", "theme_scores", "corrections", "theme_labels",
    "aliases", "users", "bulletins", "bulletin_items", "embeddings", "clusters",
    "cluster_weeks", "cluster_members", "articles_stem", "runs", "fetch_state",
)  # fmt: skip


def a_watch(path: Path) -> Store:
    """A SQLite watch with something in every kind of table."""
    store = Store.open(path)
    for i in range(12):
        store.articles.add(
            Article(id=f"a{i}", url=f"https://x.test/{i}", title=f"Thérapie génique {i}",
                    text=f"Bpifrance finance la bioproduction ({i} M€).\x00", source_id="s1",
                    content_hash=f"h{i}", published=date(2026, 11, 2 + i % 7), lang="fr")
        )  # fmt: skip
        store.mentions.replace_auto(
            f"a{i}",
            [
                Mention(
                    kind="organisation",
                    start=0,
                    end=9,
                    text="Bpifrance",
                    canonical="Bpifrance",
                    confidence=0.5,
                )
            ],  # fmt: skip
        )
        store.themes.replace(f"a{i}", [ThemeScore(f"a{i}", "bioproduction", 0.8, True, ("x",))])
        store.vectors.put(f"h{i}", "m", np.full((2, 4), i, dtype=np.float32))
        store.articles.save_signature(f"a{i}", bytes(range(16)))
        store.articles.add(  # a syndicated copy: one more source of a{i}
            Article(
                id=f"c{i}",
                url=f"https://y.test/{i}",
                title="",
                text="",
                content_hash=f"h{i}",
                source_id="s2",
            )  # fmt: skip
        )
    mention = store.mentions.for_article("a0")[0]
    store.curation.update_mention(
        mention.id, {"status": "accepted"}, (f"mention:{mention.id}", "accept", "", "", "alice")
    )
    store.curation.set_label("a1", "prevention", 0, ("article:a1", "label", "", "0", "alice"))
    store.curation.add_alias("organisation", "BPI", "Bpifrance", "alice")
    store.curation.add_user("alice", "argon2-hash", "curator")
    store.bulletins.save("2026-W46", "2026-11-16", "k", {"week": "2026-W46"},
                         [StoredItem("a0", "bioproduction", 1, 0.9, {"theme": 0.8})])  # fmt: skip
    cluster = Cluster("2026-W46-c1", "2026-W46", 3, ("bio",), ("a0", "a1", "a2"))
    store.clusters.save_week("2026-W46", [ClusterWeek(cluster, np.ones(4, np.float32), 3)])
    store.crawl.record_article("https://x.test/0", "s1", 200, "a0")
    store.runs.finish(store.runs.start("process"), __import__("scanner").records.StageCounts("p"))
    update_lexical(store)
    return store


def rows(store: Store, table: str) -> list[tuple]:
    columns = [c for c in store.db.columns(table) if c != "tsv"]
    names = ", ".join(f'"{c}"' for c in columns)
    return sorted(
        (tuple(r) for r in store.db.query(f"SELECT {names} FROM {table}")),
        key=lambda t: repr(t),
    )


def test_a_watch_is_copied_whole_and_goes_on_working(tmp_path: Path, pg_url: str) -> None:
    from scanner.store.copy import copy_store

    source = a_watch(tmp_path / "w.db")
    report = copy_store(source, pg_url)
    with Store.open(pg_url) as target:
        for table in EVERY_TABLE:
            assert report.rows[table] > 0, table
            mine, theirs = rows(source, table), rows(target, table)
            if table == "articles":  # NUL is the one character PostgreSQL cannot hold
                mine = [tuple(str(v).replace("\x00", "\ufffd") if isinstance(v, str) else v
                              for v in r) for r in mine]  # fmt: skip
            assert mine == theirs, table
        # ids go on after the copied ones; search, curation and the queue read the copy
        new = target.mentions.insert(
            "a3", Mention(kind="amount", start=0, end=1, text="3"), "added"
        )
        assert new > max(m.id for m in source.mentions.for_article("a0"))  # type: ignore[operator]
        assert {n for n, _ in target.search.lexical(["therapi"], None, 50)} == {
            n for n, _ in source.search.lexical(["therapi"], None, 50)
        }
        assert target.curation.user("alice").password_hash == "argon2-hash"
        assert target.curation.queue_size() == source.curation.queue_size()
        assert "counts checked" in report.summary()


def test_a_second_run_or_a_used_target_is_refused_and_changes_nothing(
    tmp_path: Path, pg_url: str
) -> None:
    from scanner.store.copy import copy_store

    source = a_watch(tmp_path / "w.db")
    copy_store(source, pg_url)
    with pytest.raises(StoreError, match="already holds a watch copied from .*w.db on .*12 art"):
        copy_store(source, pg_url)
    with Store.open(pg_url) as target:
        assert target.articles.count() == 12  # once, not twice


def test_a_target_with_data_and_a_sqlite_target_are_refused(tmp_path: Path, pg_url: str) -> None:
    from scanner.store.copy import copy_store

    source = a_watch(tmp_path / "w.db")
    with Store.open(pg_url) as target:
        target.curation.add_user("bob", "h", "reader")
    with pytest.raises(StoreError, match=r"is not empty \(users 1 row"):
        copy_store(source, pg_url)
    with pytest.raises(StoreError, match="into PostgreSQL"):
        copy_store(source, f"sqlite:///{tmp_path / 'other.db'}")


def test_a_copy_that_fails_half_way_leaves_nothing(tmp_path: Path, pg_url: str) -> None:
    """SQLite stores any value in any column; PostgreSQL refuses text in a number column."""
    from scanner.store.copy import copy_store

    source = a_watch(tmp_path / "w.db")
    source.db.execute("UPDATE runs SET seen = 'many'")  # runs is copied after articles
    with pytest.raises(StoreError, match="runs.*nothing was kept"):
        copy_store(source, pg_url)
    with Store.open(pg_url) as target:
        assert all(target.db.one(f"SELECT COUNT(*) FROM {t}")[0] == 0 for t in EVERY_TABLE)
        assert target.work.meta("migrated_from") is None
    source.db.execute("UPDATE runs SET seen = 0")
    assert copy_store(source, pg_url).rows["runs"] == 1  # fixed: the next run copies it all


def test_migrate_command(tmp_path: Path, pg_url: str) -> None:
    a_watch(tmp_path / "w.db").close()
    config = tmp_path / "config.toml"
    config.write_text(f'[store]\nurl = "sqlite:///{tmp_path / "w.db"}"\n')
    result = CliRunner().invoke(app, ["migrate", "--to", pg_url, "--config", str(config)])
    assert result.exit_code == 0, result.output
    assert "counts checked" in result.output and "[store] url" in result.output
    again = CliRunner().invoke(app, ["migrate", "--to", pg_url, "--config", str(config)])
    assert again.exit_code == 2 and "already holds a watch" in again.output
