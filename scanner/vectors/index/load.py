"""Loading the index under locks, checking it against the config and the store, rebuilding.

A manifest that names another model or other passage settings, a missing or damaged file, or
counts that disagree with the manifest: rebuilt from the store's cached vectors. Entries out of
step with the store (article gone or changed; processed, cached, not indexed): repaired in
place when few, else rebuilt. Every such case logs a warning; none is used silently.

A loaded index is checked against the store again every `[index].recheck` seconds: with a
shared store (PostgreSQL), workers on other machines process articles this machine's index
has never seen; the check adds them from the store's cached vectors (a web node needs no copy
of anyone's index folder).
"""

from __future__ import annotations

import hashlib
import json
import logging
import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from types import TracebackType

import numpy as np

from scanner.config import Config
from scanner.store import Store
from scanner.vectors.index.files import IndexFiles, Unreadable, hash64, new_flat, new_ivf
from scanner.vectors.index.live import (
    ARTICLE_SLOT,
    FORMAT,
    SLOTS,
    LiveIndex,
    apply_updates,
    article_rows,
    persist,
)

log = logging.getLogger("scanner.vectors.index")

Progress = Callable[[str, int, int], None]
ADD_BATCH = 50_000  # vectors added to FAISS at a time while rebuilding
TRAIN_ROWS = 200_000  # IVF training vectors sampled from the store (≥ 39 per list)
REPAIR_MAX = 0.01  # out-of-step entries repaired in place up to 1% of the index, else rebuilt

_LIVE: dict[str, LiveIndex] = {}
_LOCK = threading.RLock()


def config_hash(cfg: Config) -> str:
    """What the index content depends on besides the texts: passages and the id scheme."""
    blob = json.dumps(
        [FORMAT, SLOTS, cfg.embed.backend, cfg.embed.chunk_words, cfg.embed.max_chunks]
    )
    return hashlib.sha256(blob.encode()).hexdigest()[:16]


def reading(cfg: Config, store: Store) -> LiveIndex:
    files = IndexFiles(Path(cfg.index.path))
    with _LOCK:
        live = _LIVE.get(files.key)
        if live is not None and live.stamp == files.stamp() and fits(live, cfg):
            if time.monotonic() - live.checked < cfg.index.recheck:
                return live
            with files.locked():  # articles processed elsewhere since the last look
                live = _reconcile(cfg, store, live)
                live.checked, live.stamp = time.monotonic(), files.stamp()
                _LIVE[files.key] = live
            return live
        with files.locked():
            live = _load_checked(cfg, store, files, _LIVE.get(files.key))
            _LIVE[files.key] = live
        return live


class writing:
    """Context: the live index, fresh from disk, under the process and file locks."""

    def __init__(self, cfg: Config, store: Store, incoming: Iterable[int] = ()) -> None:
        self.cfg, self.store, self.incoming = cfg, store, set(incoming)
        self.files = IndexFiles(Path(cfg.index.path))

    def __enter__(self) -> LiveIndex:
        _LOCK.acquire()
        flock_held = False
        try:
            self._flock = self.files.locked()
            self._flock.__enter__()
            flock_held = True
            live = _LIVE.get(self.files.key)
            if live is None or live.stamp != self.files.stamp() or not fits(live, self.cfg):
                live = _load_checked(self.cfg, self.store, self.files, live, self.incoming)
                _LIVE[self.files.key] = live
            return live
        except BaseException as exc:
            try:
                if flock_held:  # a failed load must not keep the index file locked
                    self._flock.__exit__(type(exc), exc, exc.__traceback__)
            finally:
                _LOCK.release()
            raise

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        try:
            self._flock.__exit__(exc_type, exc, tb)
        finally:
            _LOCK.release()


def fits(live: LiveIndex, cfg: Config) -> bool:
    return live.model == cfg.embed.model and live.config_hash == config_hash(cfg)


def _load_checked(
    cfg: Config,
    store: Store,
    files: IndexFiles,
    previous: LiveIndex | None,
    incoming: set[int] | None = None,
) -> LiveIndex:
    """The index on disk if it matches the config and the store, else repaired or rebuilt.
    `incoming`: article nums about to be indexed (a first index is then created quietly)."""
    try:
        manifest = files.read_manifest()
    except Unreadable as exc:
        cached = {n for n, _, _, has in store.vectors.article_states(cfg.embed.model) if has}
        if exc.missing and cached <= (incoming or set()):
            return _empty(cfg, files)  # a first index: nothing in the store is missing from it
        log.warning("index %s: %s; rebuilding from the store's cached vectors", files.dir, exc)
        return rebuild(cfg, store, files)
    reason = _mismatch(manifest, cfg)
    if reason:
        log.warning("index %s: %s; rebuilding from the store's cached vectors", files.dir, reason)
        return rebuild(cfg, store, files)
    try:
        if previous is not None and previous.main == manifest["main"] and fits(previous, cfg):
            live = previous  # same main file: only the (cumulative) delta can have changed
        else:
            live = _from_main(cfg, files, manifest)
        delta = files.read_delta(manifest)
        apply_updates(live, delta, record=False)
        live.delta = delta
    except Unreadable as exc:
        log.warning("index %s: %s; rebuilding from the store's cached vectors", files.dir, exc)
        return rebuild(cfg, store, files)
    live.stamp = files.stamp()
    if live.ntotal != manifest["vectors"] or len(live.entries) != manifest["articles"]:
        log.warning(
            "index %s holds %d vector(s) of %d article(s), its manifest says %d of %d; "
            "rebuilding from the store's cached vectors",
            files.dir, live.ntotal, len(live.entries), manifest["vectors"], manifest["articles"],
        )  # fmt: skip
        return rebuild(cfg, store, files)
    return _reconcile(cfg, store, live)


def _mismatch(manifest: dict, cfg: Config) -> str:
    if manifest.get("format") != FORMAT:
        return f"format {manifest.get('format')!r}, expected {FORMAT}"
    if manifest.get("model") != cfg.embed.model:
        return f"built with model {manifest.get('model')!r}, configured {cfg.embed.model!r}"
    if manifest.get("config_hash") != config_hash(cfg):
        return "built with other passage settings ([embed].chunk_words/max_chunks/backend)"
    return ""


def _reconcile(cfg: Config, store: Store, live: LiveIndex) -> LiveIndex:
    """Compare the entries with the store: stale ones (article gone or changed) and missing ones
    (processed, vectors cached, not indexed) are fixed in place when few, else rebuilt."""
    states = store.vectors.article_states(cfg.embed.model)
    live.checked = time.monotonic()
    current = {num: hash64(h) for num, h, _, _ in states}
    stale = [n for n, (h, _) in live.entries.items() if current.get(n) != h]
    missing = [n for n, _, done, cached in states if done and cached and n not in live.entries]
    if not stale and not missing:
        return live
    if len(stale) + len(missing) > max(20, REPAIR_MAX * len(live.entries)):
        log.warning(
            "index %s is out of step with the store (%d stale, %d missing article(s)); "
            "rebuilding from the store's cached vectors", live.files.dir, len(stale), len(missing),
        )  # fmt: skip
        return rebuild(cfg, store, live.files)
    log.warning(
        "index %s was out of step with the store: dropped %d stale and added %d missing "
        "article(s) from the cached vectors", live.files.dir, len(stale), len(missing),
    )  # fmt: skip
    updates: dict[int, tuple[int, np.ndarray | None]] = {n: (0, None) for n in stale}
    for num, content_hash, vectors in store.vectors.cached_articles(
        cfg.embed.model, nums=stale + missing
    ):
        updates[num] = (hash64(content_hash), vectors)
    apply_updates(live, updates)
    persist(live)
    return live


def _empty(cfg: Config, files: IndexFiles) -> LiveIndex:
    return LiveIndex(
        files=files, model=cfg.embed.model, config_hash=config_hash(cfg), checked=time.monotonic()
    )


def _from_main(cfg: Config, files: IndexFiles, manifest: dict) -> LiveIndex:
    index, entries = files.read_main(manifest)
    if index is not None and index.d != manifest["dim"]:
        raise Unreadable(f"index dimension {index.d}, manifest says {manifest['dim']}")
    return LiveIndex(
        files=files,
        model=manifest["model"],
        config_hash=manifest["config_hash"],
        index=index,
        kind=manifest["kind"],
        trained_on=int(manifest.get("trained_on", 0)),
        entries=entries,
        main=manifest["main"],
    )


def rebuild(
    cfg: Config, store: Store, files: IndexFiles, progress: Progress | None = None
) -> LiveIndex:
    """A fresh index of every stored article that has cached vectors for the model, streamed
    from the store: a first pass samples IVF training vectors when the index will be large."""
    live = _empty(cfg, files)
    model = cfg.embed.model
    estimate = store.vectors.row_count(model) + store.vectors.count(model)  # + article vectors
    if estimate > cfg.index.exact_max:
        live.index = new_ivf(_training_sample(store, model, estimate), cfg.index.nlist, estimate)
        live.kind, live.trained_on = "ivf", estimate
    total = store.articles.count()
    ids: list[np.ndarray] = []
    rows: list[np.ndarray] = []
    pending = 0
    for done, (num, content_hash, vectors) in enumerate(
        store.vectors.cached_articles(model), start=1
    ):
        live.entries[num] = (hash64(content_hash), min(len(vectors), ARTICLE_SLOT))
        article_ids, article_vectors = article_rows(num, vectors)
        ids.append(article_ids)
        rows.append(article_vectors)
        pending += len(article_ids)
        if pending >= ADD_BATCH:
            _add(live, ids, rows)
            pending = 0
        if progress and done % 1000 == 0:
            progress("index", done, total)
    _add(live, ids, rows)
    persist(live, full=True)
    if progress:
        progress("index", total, total)
    return live


def _add(live: LiveIndex, ids: list[np.ndarray], rows: list[np.ndarray]) -> None:
    if not rows:
        return
    matrix = np.ascontiguousarray(np.vstack(rows), dtype=np.float32)
    if live.index is None:
        live.index = new_flat(matrix.shape[1])
    live.index.add_with_ids(matrix, np.concatenate(ids))
    ids.clear()
    rows.clear()


def _training_sample(store: Store, model: str, estimate: int) -> np.ndarray:
    """About TRAIN_ROWS vectors drawn evenly from the store's cached ones."""
    keep = min(1.0, TRAIN_ROWS / max(1, estimate))
    rng = np.random.default_rng(0)
    rows = [
        article_rows(num, vectors)[1]
        for num, _, vectors in store.vectors.cached_articles(model)
        if rng.random() < keep
    ]
    return np.vstack(rows)


# ---------------------------------------------------------------- changing and saving


def describe(files: IndexFiles) -> str:
    try:
        m = files.read_manifest()
    except Unreadable as exc:
        return str(exc)
    return f"{m.get('articles')} article(s), {m.get('kind')} index, model {m.get('model')}"
