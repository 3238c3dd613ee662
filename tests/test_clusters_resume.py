"""Issue 17: a cluster update cut short (a kill between two weeks) is completed by the next
run, which then matches an uninterrupted update exactly; `clusters rebuild` redoes all."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from test_clusters import _snapshot, watch  # noqa: F401 (the fixture)

from scanner import pipeline
from scanner.store import Store


class Killed(Exception):
    """Stands for the kill: raised from the progress callback between two weeks."""


def copy_of(store: Store, path: Path) -> Store:
    with sqlite3.connect(path) as target:
        store.db.conn.backup(target)
    return Store.open(path)


def test_a_cut_cluster_update_is_completed_by_the_next_run(watch, tmp_path) -> None:  # noqa: F811
    cfg, store = watch
    cut = copy_of(store, tmp_path / "cut.db")
    weeks = pipeline.update_clusters(cfg, store)
    assert len(weeks) == 3 and not pipeline.clusters_stale(store)
    whole = _snapshot(store)

    def progress(stage: str, done: int, total: int) -> None:
        if stage == "clusters" and done == 1:
            raise Killed

    with pytest.raises(Killed):
        pipeline.update_clusters(cfg, cut, progress=progress)
    assert _snapshot(cut) != whole  # only the first week is there
    assert pipeline.clusters_stale(cut)  # the next run knows, though no article changed
    pipeline.update_clusters(cfg, cut)
    assert _snapshot(cut) == whole and not pipeline.clusters_stale(cut)
    cut.close()


def test_clusters_rebuild_from_nothing_gives_the_same_clusters(watch) -> None:  # noqa: F811
    cfg, store = watch
    pipeline.update_clusters(cfg, store)
    whole = _snapshot(store)
    store.db.execute("DELETE FROM cluster_members WHERE rowid % 2 = 0")  # damage by hand
    assert _snapshot(store) != whole
    pipeline.rebuild_clusters(cfg, store)
    assert _snapshot(store) == whole
