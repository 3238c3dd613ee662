"""Emerging clusters: real embeddings, real SQLite, HDBSCAN; lineage logic on its own."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import numpy as np
import pytest
from theme_texts import CANNABIS, EN_BLOC, FR_BLOC, MUSIC_THERAPY, NOISE, article

from scanner.clusters.emerging import Draft, emerging, link, update_clusters
from scanner.clusters.topic_words import characteristic_words
from scanner.errors import InputError
from scanner.records import Cluster, ThemeScore
from scanner.store import Store
from scanner.store.clusters import ClusterWeek
from scanner.text.keywords import fold
from scanner.vectors.embed import passages

W10, W11, W12 = "2026-W10", "2026-W11", "2026-W12"
MONDAY = {W10: date(2026, 3, 2), W11: date(2026, 3, 9), W12: date(2026, 3, 16)}


def _add(store, embedder, cfg, aid, title, text, week, on_theme=False):  # type: ignore[no-untyped-def]
    a = article(aid, title, text, published=MONDAY[week])
    store.articles.add(a)
    store.vectors.put(a.content_hash, cfg.embed.model, embedder.encode(passages(a)))
    # theme scores as the semantic stage stores them: on-theme or fitting nothing
    score = 0.9 if on_theme else 0.1
    store.themes.replace(aid, [ThemeScore(aid, "bloc_operatoire", score, on_theme)])
    return a


@pytest.fixture
def watch(theme_cfg, embedder, store_url):  # type: ignore[no-untyped-def]
    """Three weeks: music therapy appears (W10), grows (W11); medical cannabis appears in W12
    while music therapy leaves the two-week window. On each backend."""
    cfg = replace(theme_cfg, themes=replace(theme_cfg.themes, cluster_window=2))
    store = Store.open(store_url)
    for i, (t, x) in enumerate(MUSIC_THERAPY):
        _add(store, embedder, cfg, f"music{i}", t, x, W10 if i < 3 else W11)
    for i, (t, x) in enumerate(CANNABIS):
        _add(store, embedder, cfg, f"cannabis{i}", t, x, W12)
    for i, (t, x) in enumerate(NOISE):
        _add(store, embedder, cfg, f"noise{i}", t, x, (W10, W11, W12)[i])
    _add(store, embedder, cfg, "bloc-fr", *FR_BLOC, W10, on_theme=True)
    _add(store, embedder, cfg, "bloc-en", *EN_BLOC, W11, on_theme=True)
    yield cfg, store
    store.close()


def _snapshot(store: Store) -> list[tuple]:
    rows = []
    for table in ("clusters", "cluster_weeks", "cluster_members"):
        rows += [(table, *tuple(r)) for r in store.db.query(f"SELECT * FROM {table} ORDER BY 1, 2")]
    return sorted(rows, key=repr)


def test_a_topic_appears_grows_and_keeps_its_id(watch):
    cfg, store = watch
    first = update_clusters(cfg, store, W10)
    assert len(first) == 1 and first[0].lineage == "new" and first[0].growth == 3
    music = first[0]
    assert set(music.article_ids) == {"music0", "music1", "music2"}
    assert any("musicothérapie" in w for w in music.words[:3]), music.words
    assert [c.id for c in emerging(store, W10)] == [music.id]

    second = {c.id: c for c in update_clusters(cfg, store, W11)}
    assert second[music.id].lineage == "grown" and second[music.id].growth == 1
    assert second[music.id].article_ids[0] == "music3"  # this week's article first
    assert [c.id for c in emerging(store, W11)] == [music.id]

    third = update_clusters(cfg, store, W12)
    faded = [c for c in third if c.id == music.id]
    assert faded and faded[0].lineage == "faded" and faded[0].size == 0
    signals = emerging(store, W12)
    assert len(signals) == 1 and signals[0].id != music.id
    cannabis = signals[0]
    assert cannabis.lineage == "new" and cannabis.growth == 4 > 0
    assert set(cannabis.article_ids) == {f"cannabis{i}" for i in range(4)}
    assert "cannabis" in cannabis.words[:3]
    assert [c.week for c in store.clusters.history(music.id)] == [W10, W11, W12]


def test_rerunning_weeks_renumbers_nothing(watch, embedder):
    cfg, store = watch
    for week in (W10, W11, W12):
        update_clusters(cfg, store, week)
    before = _snapshot(store)
    update_clusters(cfg, store, W11)  # a past week again
    for week in (W10, W11, W12):  # and the whole history
        update_clusters(cfg, store, week)
    assert _snapshot(store) == before
    # new input in a past week: the week is redone, its cluster keeps its id
    music_id = store.clusters.week(W10)[0].cluster.id
    extra = "Musicothérapie : les patients en réanimation écoutent aussi des séances de musique"
    _add(store, embedder, cfg, "music-late", extra, extra + " adaptées à leurs soins.", W11)
    again = {c.id: c for c in update_clusters(cfg, store, W11)}
    assert music_id in again and "music-late" in again[music_id].article_ids
    assert again[music_id].growth == 2


def test_a_week_that_is_not_an_iso_week_is_an_input_error(watch):
    cfg, store = watch
    with pytest.raises(InputError):
        update_clusters(cfg, store, "2026-46")


def _unit(*xs: float) -> np.ndarray:
    v = np.array(xs, dtype=np.float32)
    return v / np.linalg.norm(v)


def _prev(cid: str, vector: np.ndarray, size: int) -> ClusterWeek:
    ids = tuple(f"{cid}-{i}" for i in range(size))
    return ClusterWeek(Cluster(cid, "2026-W01", size, ("w",), ids), vector, size)


def _draft(vector: np.ndarray, members: list[str]) -> Draft:
    return Draft(members=members, centroid=vector, words=("w",), recent=len(members))


def test_lineage_of_splits_merges_fades_and_new_topics():
    previous = [
        _prev("split-me", _unit(1, 0, 0, 0, 0), 4),
        _prev("merge-a", _unit(0, 1, 0, 0, 0), 2),
        _prev("merge-b", _unit(0, 1, 0.9, 0, 0), 3),
        _prev("fades", _unit(0, 0, 0, 1, 0), 3),
    ]
    drafts = [
        _draft(_unit(1, 0, 0, 0, 0), ["a", "b", "c"]),
        _draft(_unit(1, 0.3, 0, 0, -0.3), ["d", "e", "f"]),
        _draft(_unit(0, 1, 0.4, 0, 0), ["g", "h", "i", "j", "k", "l", "m"]),
        _draft(_unit(0, 0, 0, 0, 1), ["n", "o", "p"]),
    ]
    rows = {i: r.cluster for i, r in enumerate(link(drafts, previous, [], threshold=0.75))}
    assert rows[0].id == "split-me" and rows[0].lineage == "split"
    assert rows[1].id == "" and rows[1].lineage == "split" and rows[1].parents == ("split-me",)
    merged = rows[2]
    assert merged.lineage == "merged" and set(merged.parents) == {"merge-a", "merge-b"}
    assert merged.id in {"merge-a", "merge-b"} and merged.growth == 7 - 2 - 3
    assert rows[3].id == "" and rows[3].lineage == "new" and rows[3].growth == 3
    assert rows[4].id == "fades" and rows[4].lineage == "faded" and rows[4].size == 0


def test_characteristic_words_skip_french_stop_words_and_keep_accents():
    cluster = [
        "Les xénogreffes de rein de porc : une équipe prépare un essai.",
        "Xénogreffe : le comité d'éthique saisi avant tout essai de greffe de rein de porc.",
        "Les immunologistes s'attaquent au rejet des xénogreffes de porc.",
    ]
    background = ["Le robot chirurgical entre au bloc opératoire.", "Un essai de vaccin."]
    [words] = characteristic_words([cluster], background, n=5)
    assert {"porc"} < set(words.words[:2]) and {"xénogreffes", "xénogreffe"} & set(words.words)
    assert not {"les", "des", "une", "avant", "tout"} & set(words.words)
    at = words.keys.index(fold("xénogreffe"))
    assert words.share[at] == 1.0  # singular and plural count as one word
