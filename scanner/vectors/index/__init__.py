"""The FAISS index on disk: every passage vector of every article, searched by inner product.

    index_articles(cfg, store, {article_id: passage_vectors})    # add or replace
    dense_search(cfg, store, query_vector, k)                    # [(article_id, score)]
    rebuild_index(cfg, store)                                    # "rebuilt: ..." message

FAISS ids are `num * SLOTS + slot` (`num` is the article's integer key in the store): slots
0..62 are its passages, slot 63 (`ARTICLE_SLOT`) the whole-article vector (the passages'
weighted mean). An article scores by its best vector (max aggregation): a long article is found
by the one paragraph that answers the query, a short one by its gist. Measured on the gold
queries (dense only): passages alone nDCG@10 0.480, article vector alone 0.493 (it dilutes long
texts, which the sample's ~200-word items do not show), both 0.484 — kept for long articles.

Exact inner product (`IndexIDMap2(IndexFlatIP)`) up to `[index].exact_max` vectors, IVF-Flat
beyond (trained on the vectors it holds, retrained when it has grown eightfold). The folder
`[index].path` holds:

    manifest.json          model, dim, kind, counts, config hash, the files below
    main-<gen>.faiss       the index at its last full save
    main-<gen>.npy         its entries: (num, content-hash prefix, passages) per article
    delta-<gen>.npz        articles added, replaced or removed since, cumulatively, so a batch
                           writes kilobytes rather than the whole index; folded in when large
    lock                   flock: one writer at a time across processes

Loading checks the manifest against the config (model, config hash) and the entries against the
store (no article that is gone or changed, none processed but missing): a mismatch or a missing
or corrupt file is repaired or rebuilt from the store's cached vectors with a logged warning,
never used silently.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from pathlib import Path

import numpy as np

from scanner.config import Config
from scanner.errors import IndexMismatch
from scanner.store import Store
from scanner.vectors.index.files import IndexFiles, hash64
from scanner.vectors.index.live import (
    ARTICLE_SLOT,
    SLOTS,
    apply_updates,
    article_rows,
    grow,
    persist,
    search_live,
)
from scanner.vectors.index.load import (
    _LIVE,
    _LOCK,
    Progress,
    config_hash,
    describe,
    reading,
    rebuild,
    writing,
)

__all__ = [
    "ARTICLE_SLOT",
    "SLOTS",
    "config_hash",
    "dense_search",
    "index_articles",
    "index_info",
    "index_stamp",
    "neighbours",
    "passage_search",
    "rebuild_index",
    "remove_articles",
]

log = logging.getLogger(__name__)

EXACT_SUBSET = 5_000  # filtered IVF searches over fewer articles score them exactly


def index_articles(cfg: Config, store: Store, passages_by_id: Mapping[str, np.ndarray]) -> None:
    """Add these articles' passage vectors to the index, replacing what it held for them."""
    if not passages_by_id:
        return
    nums = store.articles.num_of(passages_by_id)
    unknown = sorted(set(passages_by_id) - set(nums))
    if unknown:
        log.warning("not indexed, not in the store: %s", ", ".join(unknown[:5]))
    hashes = store.vectors.content_hashes(nums.values())
    updates: dict[int, tuple[int, np.ndarray | None]] = {}
    for article_id, num in nums.items():
        vectors = np.ascontiguousarray(passages_by_id[article_id], dtype=np.float32)
        if vectors.ndim != 2 or not len(vectors):
            updates[num] = (hash64(hashes.get(num, "")), None)
            continue
        updates[num] = (hash64(hashes.get(num, "")), vectors)
    with writing(cfg, store, incoming=updates) as live:
        apply_updates(live, updates)
        grow(cfg, live)
        persist(live)


def remove_articles(cfg: Config, store: Store, ids: Iterable[str]) -> None:
    """Drop articles from the index (call before removing them from the store; entries of
    articles already gone from the store are dropped too)."""
    nums = set(store.articles.num_of(list(ids)).values())
    with writing(cfg, store) as live:
        present = {n for n, *_ in store.vectors.article_states(cfg.embed.model)}
        gone = nums | {n for n in live.entries if n not in present}
        apply_updates(live, {n: (0, None) for n in gone if n in live.entries})
        persist(live)


def rebuild_index(cfg: Config, store: Store, progress: Progress | None = None) -> str:
    """Rebuild the index from the store's cached vectors; says what was rebuilt and why."""
    files = IndexFiles(Path(cfg.index.path))
    with _LOCK, files.locked():
        before = describe(files)
        live = rebuild(cfg, store, files, progress)
        _LIVE[files.key] = live
    return (
        f"rebuilt {files.dir}: {len(live.entries)} article(s), {live.ntotal} vector(s), "
        f"{live.kind} index, model {live.model} (was: {before})"
    )


def dense_search(
    cfg: Config, store: Store, query_vector: np.ndarray, k: int
) -> list[tuple[str, float]]:
    """The `k` articles whose best passage is closest to the query vector, best first."""
    hits = passage_search(cfg, store, query_vector, k)
    ids = store.articles.id_of_nums([num for num, _, _ in hits])
    return [(ids[num], score) for num, score, _ in hits if num in ids]


def passage_search(
    cfg: Config,
    store: Store,
    query_vector: np.ndarray,
    k: int,
    allowed: Iterable[int] | None = None,
) -> list[tuple[int, float, int]]:
    """(num, score, best passage) of the `k` best articles, optionally only among `allowed`
    article nums."""
    live = reading(cfg, store)
    if live.index is None or not live.ntotal or k <= 0:
        return []
    query = np.ascontiguousarray(query_vector, dtype=np.float32).reshape(1, -1)
    if query.shape[1] != live.dim:
        raise IndexMismatch(
            f"query vector of dimension {query.shape[1]}, index of dimension {live.dim} "
            f"({live.model}); run `scanner index rebuild`"
        )
    subset = None if allowed is None else np.fromiter(set(allowed), dtype=np.int64)
    if subset is not None:
        subset = subset[np.isin(subset, np.fromiter(live.entries, np.int64, len(live.entries)))]
        if not len(subset):
            return []
        if live.kind == "ivf" and len(subset) <= EXACT_SUBSET:
            # an IVF probe would see few of a small subset: score its cached vectors exactly
            return _exact_subset(cfg, store, query[0], k, subset)
    with _LOCK:  # a writer in this process may be changing the index
        return search_live(cfg, live, query, k, subset)


def _exact_subset(
    cfg: Config, store: Store, query: np.ndarray, k: int, nums: np.ndarray
) -> list[tuple[int, float, int]]:
    scored = []
    for num, _, vectors in store.vectors.cached_articles(cfg.embed.model, nums=nums.tolist()):
        ids, rows = article_rows(num, vectors)
        sims = rows @ query
        best = int(np.argmax(sims))
        scored.append((num, float(sims[best]), int(ids[best]) % SLOTS))
    return sorted(scored, key=lambda t: -t[1])[:k]


def neighbours(cfg: Config, store: Store, article_id: str, k: int = 10) -> list[tuple[str, float]]:
    """The `k` articles closest to this one (its passages averaged), itself excluded."""
    from scanner.vectors.embed import article_vector

    article = store.articles.get(article_id)
    cached = store.vectors.get_many([article.content_hash], cfg.embed.model)
    if article.content_hash not in cached:
        return []
    vector = article_vector(cached[article.content_hash])
    found = dense_search(cfg, store, vector, k + 1)
    return [(i, s) for i, s in found if i != article_id][:k]


def index_stamp(cfg: Config) -> tuple[int, int, int] | None:
    """When the index on disk last changed (None: no index yet): what results computed from
    it are kept with."""
    return IndexFiles(Path(cfg.index.path)).stamp()


def index_info(cfg: Config, store: Store) -> dict[str, object]:
    """What the index holds (after the load-time checks): for `scanner index` and the web."""
    live = reading(cfg, store)
    return {
        "path": str(live.files.dir),
        "model": live.model,
        "kind": live.kind,
        "articles": len(live.entries),
        "vectors": live.ntotal,
        "dim": live.dim,
        "pending_delta": len(live.delta),
    }
