"""The semantic stage over a real SQLite store, the real model and the real FAISS index."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
from theme_texts import EN_BLOC, FR_BLOC, OFF_TOPIC, article

from scanner.curation.corrections import set_theme_label
from scanner.store import Store
from scanner.themes.stage import SemanticStage


@pytest.fixture
def setup(theme_cfg, theme_scorer, tmp_path):  # type: ignore[no-untyped-def]
    cfg = replace(theme_cfg, index=replace(theme_cfg.index, path=str(tmp_path / "index")))
    store = Store.open(tmp_path / "scanner.db")
    arts = [
        article("fr-bloc", *FR_BLOC),
        article("en-bloc", *EN_BLOC, lang="en"),
        article("off", *OFF_TOPIC),
    ]
    for a in arts:
        store.articles.add(a)
    stage = SemanticStage(cfg, store, scorer=theme_scorer)  # the session's, loaded once
    return cfg, store, arts, stage


def test_process_stores_theme_scores_and_indexes_the_articles(setup, embedder):
    from scanner.vectors.index import dense_search

    cfg, store, arts, stage = setup
    stage.process(arts)
    assert stage.failed == []
    assert "bloc_operatoire" in store.themes.assigned("fr-bloc")
    assert "bloc_operatoire" in store.themes.assigned("en-bloc")
    assert store.themes.assigned("off") == []
    stored = store.themes.for_articles(["fr-bloc"])["fr-bloc"]
    assert len(stored) == len(cfg.taxonomy) and all(s.evidence for s in stored)
    query = embedder.encode(["robot chirurgical au bloc opératoire"])[0]
    hits = dense_search(cfg, store, query, k=3)
    assert {h for h, _ in hits} == {"fr-bloc", "en-bloc", "off"}
    assert hits[0][0] in {"fr-bloc", "en-bloc"}


def test_a_curators_label_wins_over_the_model(setup):
    cfg, store, arts, stage = setup
    stage.process(arts)
    set_theme_label(store, "off", "prevention", 1, "alice", cfg.theme_keys)
    set_theme_label(store, "fr-bloc", "bloc_operatoire", 0, "alice", cfg.theme_keys)
    stage.process(arts)  # re-scoring keeps the curated decisions
    assert store.themes.assigned("off") == ["prevention"]
    assert "bloc_operatoire" not in store.themes.assigned("fr-bloc")
    prevention = {s.theme: s for s in store.themes.for_articles(["off"])["off"]}["prevention"]
    assert prevention.evidence[0] == "validé par un curateur"


def test_a_corrupt_cached_vector_is_re_embedded_not_trusted(setup):
    cfg, store, arts, stage = setup
    bad = arts[0]
    # a corrupt cache row: vectors of the wrong width for this model
    store.vectors.put(bad.content_hash, cfg.embed.model, np.ones((2, 7), dtype=np.float32))
    stage.process(arts)
    assert stage.failed == []
    repaired = store.vectors.get_many([bad.content_hash], cfg.embed.model)[bad.content_hash]
    assert repaired.shape[1] == stage.embedder.dim
    assert store.themes.for_articles([bad.id])[bad.id]  # scored like the others
    assert "bloc_operatoire" in store.themes.assigned("en-bloc")


def test_score_articles_stores_no_theme_and_writes_no_index(setup, tmp_path):
    cfg, store, arts, stage = setup
    scores = stage.score_articles(arts)
    assert set(scores) == {a.id for a in arts}
    assert [s.theme for s in scores["fr-bloc"]] == cfg.theme_keys
    assert any(s.assigned and s.theme == "bloc_operatoire" for s in scores["fr-bloc"])
    assert store.themes.for_articles(["fr-bloc"])["fr-bloc"] == []
    assert not (tmp_path / "index").exists()
