"""The index as loaded in a process: what it holds, how it changes, how it is saved."""

from __future__ import annotations

import logging
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field

import faiss
import numpy as np

from scanner.config import Config
from scanner.errors import IndexMismatch
from scanner.vectors.embed import article_vector
from scanner.vectors.index.files import IndexFiles, all_vectors, new_flat, new_ivf

log = logging.getLogger("scanner.vectors.index")

SLOTS = 64  # ids per article: passages 0..62, and the whole-article vector at 63
ARTICLE_SLOT = SLOTS - 1
FORMAT = 1
RETRAIN_GROWTH = 8  # an IVF index trained on n vectors is retrained past 8·n


@dataclass
class LiveIndex:
    """An index loaded in this process, with what it holds and what changed since its save."""

    files: IndexFiles
    model: str
    config_hash: str
    index: faiss.Index | None = None
    kind: str = "flat"
    trained_on: int = 0
    entries: dict[int, tuple[int, int]] = field(default_factory=dict)  # num → (hash, slots)
    delta: dict[int, tuple[int, np.ndarray | None]] = field(default_factory=dict)
    main: str = ""
    stamp: tuple[int, int, int] | None = None
    checked: float = 0.0  # time.monotonic() of its last check against the store

    @property
    def dim(self) -> int:
        return int(self.index.d) if self.index is not None else 0

    @property
    def ntotal(self) -> int:
        return int(self.index.ntotal) if self.index is not None else 0


def article_rows(num: int, passages: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The FAISS ids and vectors of one article: its passages, and (when it has several) their
    weighted mean, which on short news items matches a query's gist better than any one
    passage; the article scores by the best of them."""
    passages = passages[:ARTICLE_SLOT]
    ids = num * SLOTS + np.arange(len(passages), dtype=np.int64)
    if len(passages) < 2:
        return ids, passages
    whole = article_vector(passages)[None, :]
    return np.append(ids, num * SLOTS + ARTICLE_SLOT), np.vstack([passages, whole])


def ids_of(num: int, passages: int) -> list[int]:
    """The FAISS ids `article_rows` gave an article of `passages` passages."""
    ids = [num * SLOTS + s for s in range(min(passages, ARTICLE_SLOT))]
    return ids + [num * SLOTS + ARTICLE_SLOT] if passages >= 2 else ids


def apply_updates(
    live: LiveIndex, updates: Mapping[int, tuple[int, np.ndarray | None]], record: bool = True
) -> None:
    """Replace the passages of these article nums (None: remove the article)."""
    if not updates:
        return
    old = [i for n in updates if n in live.entries for i in ids_of(n, live.entries[n][1])]
    if old and live.index is not None:
        live.index.remove_ids(faiss.IDSelectorBatch(np.asarray(old, dtype=np.int64)))
    adds: list[np.ndarray] = []
    ids: list[np.ndarray] = []
    for num, (h, vectors) in updates.items():
        live.entries.pop(num, None)
        if vectors is not None:
            vectors = vectors[:ARTICLE_SLOT]
            live.entries[num] = (h, len(vectors))
            rows_ids, rows = article_rows(num, vectors)
            adds.append(rows)
            ids.append(rows_ids)
        if record:
            live.delta[num] = (h, vectors)
    if adds:
        matrix = np.ascontiguousarray(np.vstack(adds), dtype=np.float32)
        if live.index is None:
            live.index = new_flat(matrix.shape[1])
            live.kind = "flat"
        elif matrix.shape[1] != live.dim:
            raise IndexMismatch(
                f"vectors of dimension {matrix.shape[1]} for an index of dimension {live.dim} "
                f"(model {live.model}); run `scanner index rebuild`"
            )
        live.index.add_with_ids(matrix, np.concatenate(ids))


def grow(cfg: Config, live: LiveIndex) -> None:
    """Switch to IVF past `exact_max`, retrain an IVF index that has outgrown its lists."""
    if live.index is None:  # nothing to grow (ntotal is 0)
        return
    n = live.ntotal
    if live.kind == "flat" and n > cfg.index.exact_max:
        log.info("index %s: %d vectors > exact_max, switching to IVF", live.files.dir, n)
    elif live.kind == "ivf" and n > RETRAIN_GROWTH * max(1, live.trained_on):
        log.info("index %s: grown to %d vectors, retraining IVF", live.files.dir, n)
    else:
        return
    ids, vectors = all_vectors(live.index)
    build(cfg, live, vectors, ids)
    live.delta.clear()
    live.main = ""  # forces a full save


def build(cfg: Config, live: LiveIndex, vectors: np.ndarray, ids: np.ndarray) -> None:
    if len(vectors) > cfg.index.exact_max:
        live.index = new_ivf(vectors, cfg.index.nlist)
        live.kind = "ivf"
        live.trained_on = len(vectors)
    else:
        live.index = new_flat(vectors.shape[1])
        live.kind = "flat"
        live.trained_on = 0
    live.index.add_with_ids(np.ascontiguousarray(vectors, dtype=np.float32), ids)


def persist(live: LiveIndex, full: bool = False) -> None:
    """Write the delta, or the whole index when the delta has grown large."""
    delta_vectors = sum(len(v) for _, v in live.delta.values() if v is not None)
    if full or not live.main or delta_vectors > max(2_000, live.ntotal // 20):
        live.main = live.files.write_main(live.index, live.entries)
        live.delta.clear()
    live.files.write_manifest(manifest_of(live), live.delta)
    live.stamp = live.files.stamp()


def manifest_of(live: LiveIndex) -> dict:
    return {
        "format": FORMAT,
        "model": live.model,
        "dim": live.dim,
        "kind": live.kind,
        "articles": len(live.entries),
        "vectors": live.ntotal,
        "trained_on": live.trained_on,
        "config_hash": live.config_hash,
        "slots": SLOTS,
        "main": live.main,
    }


def search_params(
    cfg: Config, live: LiveIndex, allowed: np.ndarray | None
) -> tuple[faiss.SearchParameters, tuple[object, ...]]:
    """Search parameters: nprobe for IVF, and a selector of the allowed article nums — a bitmap
    with one bit per FAISS id, so the SLOTS ids of an article are SLOTS // 8 bytes. The second
    value holds what the selector points into; keep it alive while searching."""
    bitmap = sel = None
    if allowed is not None:
        top = int(allowed.max()) + 1 if len(allowed) else 1
        bitmap = np.zeros(top * SLOTS // 8, dtype=np.uint8)
        bitmap.reshape(-1, SLOTS // 8)[allowed] = 0xFF
        sel = faiss.IDSelectorBitmap(bitmap)  # type: ignore[call-arg, arg-type]  # faiss stub lacks the wrapper's IDSelectorBitmap(array)
    params: faiss.SearchParameters
    if live.kind == "ivf":
        ivf_params = faiss.SearchParametersIVF()
        ivf_params.nprobe = max(1, cfg.index.nprobe)
        params = ivf_params
    else:
        params = faiss.SearchParameters()
    if sel is not None:
        params.sel = sel
    return params, (sel, bitmap)


@contextmanager
def _one_thread() -> Iterator[None]:
    """One FAISS thread for one query: it gains nothing from more, and on a busy machine
    OpenMP's waiting made an exact search of 100k vectors take 148 ms instead of 37 ms.
    Callers hold the index lock, so no other search in this process sees the change."""
    before = faiss.omp_get_max_threads()
    faiss.omp_set_num_threads(1)
    try:
        yield
    finally:
        faiss.omp_set_num_threads(before)


def search_live(
    cfg: Config, live: LiveIndex, query: np.ndarray, k: int, subset: np.ndarray | None = None
) -> list[tuple[int, float, int]]:
    """(num, score, slot of its best vector) of the `k` best articles for one query row,
    optionally among the `subset` of article nums."""
    index = live.index
    if index is None:
        return []
    params, keep = search_params(cfg, live, subset)
    want = min(live.ntotal, max(k * 3, k + 8))
    while True:
        with _one_thread():
            scores, ids = index.search(query, want, params=params)
        found = ids[0] >= 0
        fids, fscores = ids[0][found], scores[0][found]
        # FAISS lists best first: an article's first id is its best vector (ties: the first)
        nums, first = np.unique(fids // SLOTS, return_index=True)
        # an article with many close passages can crowd out others: ask for more
        if len(nums) >= k or want >= live.ntotal or ids[0][-1] < 0:
            break
        want = min(live.ntotal, want * 4)
    del keep  # the selector read the bitmap until here
    best = np.sort(first)[:k]  # in FAISS's order: by score, ties as listed
    return list(
        zip(
            (fids[best] // SLOTS).tolist(),
            fscores[best].tolist(),
            (fids[best] % SLOTS).tolist(),
            strict=True,
        )
    )
