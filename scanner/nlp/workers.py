"""Mention extraction in worker processes that live as long as the extractor that owns them.

spaCy's own `nlp.pipe(n_process=2)` starts two new processes, each loading the model, on every
call: with the pipeline's batches of 32 articles that start-up costs more than the NER itself.
Here each worker loads the model and the gazetteers once, then extracts whole shards of texts
(NER and rules), so both cores work on every batch.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from datetime import date
from typing import Protocol

from scanner.records import Mention

log = logging.getLogger(__name__)

Alias = tuple[str, str, str]  # kind, alias, canonical


class ShardExtractor(Protocol):
    """What a worker process runs: an in-process mention extractor."""

    def add_alias(self, kind: str, alias: str, canonical: str) -> None: ...

    def extract(
        self, texts: Sequence[str], published: Sequence[date | None] | None = None
    ) -> list[list[Mention]]: ...


# Builds a worker's extractor; picklable (a module-level function or a partial of one) since
# it crosses to spawned processes. Passed in, so this module never imports the extractor's.
ExtractorFactory = Callable[[], ShardExtractor]

_EXTRACTOR: ShardExtractor | None = None  # the worker process's own


def exit_with_parent(pid: int | None = None, period: float = 1.0) -> None:
    """In a worker process: exit as soon as the parent (or the process `pid`) is gone. A
    parent killed with -9 runs no clean-up, and a worker blocked on its task queue would
    otherwise live on, holding its model's memory (600 MB for spaCy). A thread polls: an
    orphan is re-parented, so `getppid()` changes (the parent's pid comes from
    multiprocessing, in case it died while this worker was still starting); a process that
    ended cannot be signalled. (A worker forked by a forkserver names the process that owns
    the pool: its own parent, the forkserver, lives as long as its workers do.)"""
    if pid is None:
        spawner = multiprocessing.parent_process()
        parent = spawner.pid if spawner is not None and spawner.pid else os.getppid()

        def gone() -> bool:
            return os.getppid() != parent

    else:

        def gone() -> bool:
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                return True
            except PermissionError:  # alive, owned by another user
                return False
            return False

    def watch() -> None:
        while not gone():
            time.sleep(period)
        os._exit(0)

    threading.Thread(target=watch, name="exit-with-parent", daemon=True).start()


def _start_worker(factory: ExtractorFactory) -> None:
    from threadpoolctl import threadpool_limits

    exit_with_parent()
    global _EXTRACTOR
    threadpool_limits(1)  # one BLAS thread per worker: the workers are the parallelism
    _EXTRACTOR = factory()


def _extract_shard(
    texts: list[str], aliases: list[Alias], published: list[date | None]
) -> list[list[Mention]]:
    assert _EXTRACTOR is not None, "worker not started"
    for kind, alias, canonical in aliases:  # curators' merges made since the worker started
        _EXTRACTOR.add_alias(kind, alias, canonical)
    return _EXTRACTOR.extract(texts, published)


class WorkerPool:
    """`workers` processes, each with the extractor `factory` builds; started on first use."""

    def __init__(self, factory: ExtractorFactory, workers: int) -> None:
        self.factory = factory
        self.workers = workers
        self._executor: ProcessPoolExecutor | None = None

    @property
    def started(self) -> bool:
        return self._executor is not None

    def extract(
        self,
        texts: Sequence[str],
        aliases: Sequence[Alias],
        published: Sequence[date | None] | None = None,
    ) -> list[list[Mention]]:
        """Mentions per text (`published`: their dates), in order; the texts are cut into one shard per worker, of about
        the same number of characters. BrokenProcessPool if a worker died."""
        if self._executor is None:
            # spawn, not fork: the parent may hold torch threads and open SQLite connections
            self._executor = ProcessPoolExecutor(
                self.workers,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=_start_worker,
                initargs=(self.factory,),
            )
        shards = balanced_shards([len(t) for t in texts], self.workers)
        dates = list(published) if published is not None else [None] * len(texts)
        futures = [
            self._executor.submit(
                _extract_shard,
                [texts[i] for i in shard],
                list(aliases),
                [dates[i] for i in shard],
            )
            for shard in shards
        ]
        found: list[list[Mention]] = [[] for _ in texts]
        for shard, future in zip(shards, futures, strict=True):
            for i, mentions in zip(shard, future.result(), strict=True):
                found[i] = mentions
        return found

    def close(self) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)
            self._executor = None


def balanced_shards(sizes: Sequence[int], n: int) -> list[list[int]]:
    """Indexes cut into at most `n` contiguous runs of about equal total size (none empty)."""
    total = sum(sizes) or 1
    shards: list[list[int]] = [[]]
    done = 0
    for i, size in enumerate(sizes):
        if shards[-1] and done >= total * len(shards) / n and len(shards) < n:
            shards.append([])
        shards[-1].append(i)
        done += size
    return [s for s in shards if s]


__all__ = ["BrokenProcessPool", "WorkerPool", "balanced_shards", "exit_with_parent"]
