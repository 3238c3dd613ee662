"""Issue 17: a cluster update cut short (a kill between two weeks) is completed by the next
run, which then matches an uninterrupted update exactly; `clusters rebuild` redoes all. On
SQLite and on PostgreSQL (the `watch` fixture runs on each)."""

from __future__ import annotations

import pytest
from test_clusters import _snapshot, watch  # noqa: F401 (the fixture)

from scanner import pipeline


class Killed(Exception):
    """Stands for the kill: raised from the progress callback between two weeks."""


def test_a_cut_cluster_update_is_completed_by_the_next_run(watch) -> None:  # noqa: F811
    cfg, store = watch

    def progress(stage: str, done: int, total: int) -> None:
        if stage == "clusters" and done == 1:
            raise Killed

    with pytest.raises(Killed):
        pipeline.update_clusters(cfg, store, progress=progress)
    cut = _snapshot(store)  # only the first week is there
    assert pipeline.clusters_stale(store)  # the next run knows, though no article changed
    pipeline.update_clusters(cfg, store)
    completed = _snapshot(store)
    assert completed != cut and not pipeline.clusters_stale(store)
    # the same store updated from nothing in one go: the same clusters
    store.clusters.clear()
    weeks = pipeline.update_clusters(cfg, store)
    assert len(weeks) == 3 and _snapshot(store) == completed


def test_clusters_rebuild_from_nothing_gives_the_same_clusters(watch) -> None:  # noqa: F811
    cfg, store = watch
    pipeline.update_clusters(cfg, store)
    whole = _snapshot(store)
    store.db.execute(  # damage by hand: the first week's members gone
        "DELETE FROM cluster_members WHERE week = (SELECT MIN(week) FROM cluster_members)"
    )
    assert _snapshot(store) != whole
    pipeline.rebuild_clusters(cfg, store)
    assert _snapshot(store) == whole
