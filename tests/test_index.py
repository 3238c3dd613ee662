"""The FAISS index on disk: adds, replaces, deletes, the manifest checks and every rebuild path.

Vectors are random unit vectors (the index must not care where they come from); the store is
real SQLite, the index real FAISS files.
"""

from __future__ import annotations

import json
import logging
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

import scanner.vectors.index as index
import scanner.vectors.index.load as index_load
from scanner.config import Config, EmbedConfig, IndexConfig
from scanner.errors import IndexMismatch
from scanner.records import Article
from scanner.store import Store

DIM = 24


def unit(rng: np.random.Generator, n: int) -> np.ndarray:
    v = rng.standard_normal((n, DIM)).astype(np.float32)
    return v / np.linalg.norm(v, axis=1, keepdims=True)


def forget() -> None:
    """Drop what this process has loaded, as a new process would start."""
    index_load._LIVE.clear()


@pytest.fixture()
def world(tmp_path: Path):  # type: ignore[no-untyped-def]
    """A store of 30 articles with cached passage vectors (1 to 3 passages each)."""
    cfg = Config(index=IndexConfig(path=str(tmp_path / "index"), exact_max=10_000))
    store = Store.open(tmp_path / "s.db")
    rng = np.random.default_rng(7)
    vectors = {}
    for i in range(30):
        a = Article(
            id=f"a{i}", url=f"http://x/{i}", title=f"t{i}", text=f"texte {i}",
            content_hash=f"{i:040x}",
        )  # fmt: skip
        store.articles.add(a)
        vectors[a.id] = unit(rng, 1 + i % 3)
        store.vectors.put(a.content_hash, cfg.embed.model, vectors[a.id])
    forget()
    yield cfg, store, vectors
    forget()
    store.close()


def test_added_articles_are_found_by_their_passages(world) -> None:  # type: ignore[no-untyped-def]
    cfg, store, vectors = world
    index.index_articles(cfg, store, vectors)
    for article_id in ("a0", "a4", "a29"):
        for passage in vectors[article_id]:
            assert index.dense_search(cfg, store, passage, 3)[0][0] == article_id
    info = index.index_info(cfg, store)
    # 30 articles; 1, 2 or 3 passages each, plus a whole-article vector for those with 2 or 3
    assert info["articles"] == 30 and info["vectors"] == 10 * 1 + 10 * 3 + 10 * 4


def test_each_article_appears_once_with_its_best_passage(world) -> None:  # type: ignore[no-untyped-def]
    cfg, store, vectors = world
    index.index_articles(cfg, store, vectors)
    hits = index.dense_search(cfg, store, vectors["a2"][1], 30)
    ids = [i for i, _ in hits]
    assert len(ids) == len(set(ids)) == 30
    assert hits[0] == ("a2", pytest.approx(1.0, abs=1e-5))
    assert [s for _, s in hits] == sorted((s for _, s in hits), reverse=True)


def test_reindexing_replaces_and_survives_a_new_process(world) -> None:  # type: ignore[no-untyped-def]
    cfg, store, vectors = world
    index.index_articles(cfg, store, vectors)
    fresh = unit(np.random.default_rng(99), 2)
    index.index_articles(cfg, store, {"a5": fresh})
    assert index.dense_search(cfg, store, fresh[0], 1)[0][0] == "a5"
    old_hit = index.dense_search(cfg, store, vectors["a5"][0], 1)[0]
    assert old_hit[0] != "a5" or old_hit[1] < 0.99  # the old passage is gone
    before = index.index_info(cfg, store)
    forget()  # main file + delta, read back from disk
    assert index.index_info(cfg, store) == before
    assert index.dense_search(cfg, store, fresh[1], 1)[0][0] == "a5"


def test_removed_articles_are_no_longer_found(world) -> None:  # type: ignore[no-untyped-def]
    cfg, store, vectors = world
    index.index_articles(cfg, store, vectors)
    index.remove_articles(cfg, store, ["a3", "a4"])
    found = {i for i, _ in index.dense_search(cfg, store, vectors["a3"][0], 30)}
    assert found.isdisjoint({"a3", "a4"}) and len(found) == 28
    forget()
    assert index.index_info(cfg, store)["articles"] == 28


def test_articles_gone_from_the_store_are_dropped_with_a_warning(world, caplog) -> None:  # type: ignore[no-untyped-def]
    cfg, store, vectors = world
    index.index_articles(cfg, store, vectors)
    store.articles.remove("a7")  # behind the index's back
    forget()
    with caplog.at_level(logging.WARNING, logger="scanner.vectors.index"):
        hits = index.dense_search(cfg, store, vectors["a7"][0], 30)
    assert "a7" not in {i for i, _ in hits}
    assert "out of step with the store" in caplog.text and "1 stale" in caplog.text


def test_processed_articles_missing_from_the_index_are_added(world, caplog) -> None:  # type: ignore[no-untyped-def]
    cfg, store, vectors = world
    index.index_articles(cfg, store, vectors)
    index.remove_articles(cfg, store, ["a9"])  # the store keeps it: as after a lost update
    store.articles.mark_processed(store.articles.get("a9"), "k")
    forget()
    with caplog.at_level(logging.WARNING, logger="scanner.vectors.index"):
        assert index.dense_search(cfg, store, vectors["a9"][0], 1)[0][0] == "a9"
    assert "added 1 missing" in caplog.text


def test_an_index_of_another_model_is_rebuilt_not_used(world, caplog) -> None:  # type: ignore[no-untyped-def]
    cfg, store, vectors = world
    index.index_articles(cfg, store, vectors)
    other = replace(cfg, embed=EmbedConfig(model="paraphrase-multilingual-MiniLM-L12-v2"))
    forget()
    with caplog.at_level(logging.WARNING, logger="scanner.vectors.index"):
        info = index.index_info(other, store)
    assert "built with model 'all-MiniLM-L6-v2'" in caplog.text and "rebuilding" in caplog.text
    assert info["model"] == other.embed.model and info["articles"] == 0  # no vectors of it
    manifest = json.loads((Path(cfg.index.path) / "manifest.json").read_text())
    assert manifest["model"] == other.embed.model


def test_a_damaged_index_file_is_rebuilt_from_the_store(world, caplog) -> None:  # type: ignore[no-untyped-def]
    cfg, store, vectors = world
    index.index_articles(cfg, store, vectors)
    index.rebuild_index(cfg, store)  # everything in the main file
    main = next(Path(cfg.index.path).glob("main-*.faiss"))
    blob = bytearray(main.read_bytes())
    blob[len(blob) // 2] ^= 0xFF  # one flipped byte, same size
    main.write_bytes(bytes(blob))
    forget()
    with caplog.at_level(logging.WARNING, logger="scanner.vectors.index"):
        assert index.dense_search(cfg, store, vectors["a1"][0], 1)[0][0] == "a1"
    assert "damaged" in caplog.text and "rebuilding" in caplog.text


@pytest.mark.parametrize("damage", ["delete main", "truncate main", "garble manifest", "count"])
def test_missing_or_inconsistent_files_are_rebuilt(world, caplog, damage: str) -> None:  # type: ignore[no-untyped-def]
    cfg, store, vectors = world
    index.index_articles(cfg, store, vectors)
    index.rebuild_index(cfg, store)
    folder = Path(cfg.index.path)
    main = next(folder.glob("main-*.faiss"))
    if damage == "delete main":
        main.unlink()
    elif damage == "truncate main":
        main.write_bytes(main.read_bytes()[:100])
    elif damage == "garble manifest":
        (folder / "manifest.json").write_text("{not json", encoding="utf-8")
    else:
        manifest = json.loads((folder / "manifest.json").read_text())
        manifest["vectors"] += 5
        (folder / "manifest.json").write_text(json.dumps(manifest))
    forget()
    with caplog.at_level(logging.WARNING, logger="scanner.vectors.index"):
        assert index.dense_search(cfg, store, vectors["a8"][0], 1)[0][0] == "a8"
    assert "rebuilding from the store's cached vectors" in caplog.text
    assert index.index_info(cfg, store)["articles"] == 30


def test_a_first_index_is_created_quietly(tmp_path: Path, caplog) -> None:  # type: ignore[no-untyped-def]
    cfg = Config(index=IndexConfig(path=str(tmp_path / "index")))
    store = Store.open(tmp_path / "s.db")
    a = Article(id="a0", url="http://x/0", title="t", text="texte", content_hash="0" * 40)
    store.articles.add(a)
    vectors = unit(np.random.default_rng(1), 2)
    store.vectors.put(a.content_hash, cfg.embed.model, vectors)  # embedded, then indexed
    with caplog.at_level(logging.WARNING, logger="scanner.vectors.index"):
        index.index_articles(cfg, store, {"a0": vectors})
    assert caplog.text == ""
    assert index.index_info(cfg, store)["articles"] == 1
    store.close()


def test_a_lost_index_with_cached_vectors_is_rebuilt_loudly(world, caplog) -> None:  # type: ignore[no-untyped-def]
    cfg, store, vectors = world  # 30 articles embedded, no index on disk
    with caplog.at_level(logging.WARNING, logger="scanner.vectors.index"):
        index.index_articles(cfg, store, {"a0": vectors["a0"]})
    assert "no index yet" in caplog.text and "rebuilding" in caplog.text
    assert index.index_info(cfg, store)["articles"] == 30


def test_past_exact_max_the_index_becomes_ivf_and_filters_still_hold(world) -> None:  # type: ignore[no-untyped-def]
    cfg, store, vectors = world
    index.index_articles(cfg, store, vectors)
    assert index.index_info(cfg, store)["kind"] == "flat"  # 80 vectors, exact_max 10,000
    small = replace(cfg, index=replace(cfg.index, exact_max=40, nprobe=64))
    index.index_articles(small, store, {"a1": vectors["a1"]})  # the next add is past 40
    assert index.index_info(small, store)["kind"] == "ivf"
    assert index.dense_search(small, store, vectors["a20"][0], 1)[0][0] == "a20"
    nums = store.articles.num_of(["a1", "a2", "a3"])
    found = index.passage_search(small, store, vectors["a20"][0], 10, allowed=nums.values())
    assert {n for n, _, _ in found} == set(nums.values())
    forget()
    assert index.index_info(small, store)["kind"] == "ivf"


def test_filtered_search_on_the_exact_index(world) -> None:  # type: ignore[no-untyped-def]
    cfg, store, vectors = world
    index.index_articles(cfg, store, vectors)
    nums = store.articles.num_of(["a10", "a11"])
    found = index.passage_search(cfg, store, vectors["a0"][0], 10, allowed=nums.values())
    assert sorted(n for n, _, _ in found) == sorted(nums.values())
    assert index.passage_search(cfg, store, vectors["a0"][0], 10, allowed=[]) == []


def test_neighbours_exclude_the_article_itself(world) -> None:  # type: ignore[no-untyped-def]
    cfg, store, vectors = world
    index.index_articles(cfg, store, vectors)
    near = index.neighbours(cfg, store, "a4", k=5)
    assert len(near) == 5 and "a4" not in {i for i, _ in near}


def test_rebuild_says_what_it_rebuilt(world) -> None:  # type: ignore[no-untyped-def]
    cfg, store, vectors = world
    message = index.rebuild_index(cfg, store)
    assert "30 article(s)" in message and "flat index" in message and "no index yet" in message


def test_a_query_of_the_wrong_dimension_is_a_clear_error(world) -> None:  # type: ignore[no-untyped-def]
    cfg, store, vectors = world
    index.index_articles(cfg, store, vectors)
    with pytest.raises(IndexMismatch, match="dimension"):
        index.dense_search(cfg, store, np.ones(DIM + 1, dtype=np.float32), 3)
