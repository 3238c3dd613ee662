"""Extraction off the event loop: a process pool for real crawls, one thread for small ones.

trafilatura is CPU-bound (about 22 pages/s on one core), so a crawl of any size extracts in
`[crawl].workers` processes while the event loop keeps fetching. The pool is started once
per process (a forkserver that has already imported trafilatura) and reused by later crawls;
a crawl of a handful of pages extracts in a thread rather than pay for starting it.
"""

from __future__ import annotations

import asyncio
import atexit
import logging
import multiprocessing
import os
import signal
from concurrent.futures import Executor, ProcessPoolExecutor, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from scanner.extract.page import Extracted, ExtractJob, run_job

log = logging.getLogger(__name__)

PROCESS_MIN_JOBS = 16  # below this many pages, starting processes costs more than it saves

_pool: ProcessPoolExecutor | None = None
_pool_size = 0


def _levels() -> dict[str, int]:
    """The parent's logging levels, for workers to log as it does."""
    names = [""] + list(logging.root.manager.loggerDict)
    return {n: logging.getLogger(n).level for n in names if logging.getLogger(n).level}


def _init_worker(levels: dict[str, int], owner: int) -> None:
    from scanner.nlp.workers import exit_with_parent

    # a crawl killed with -9 must not leave its extraction processes (nor the forkserver,
    # which lives as long as they do) behind
    exit_with_parent(owner)
    # Ctrl-C is the parent's to handle: a worker dying on it would break the pool mid-crawl
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    logging.basicConfig(format="%(levelname)s %(name)s: %(message)s")
    for name, level in levels.items():
        logging.getLogger(name or None).setLevel(level)
    from scanner.text.lang import detect_language

    detect_language("chargement des profils de langue " * 3)  # load langdetect's profiles once


def _process_pool(workers: int) -> ProcessPoolExecutor:
    global _pool, _pool_size
    if _pool is None or _pool_size != workers:
        shutdown_pool()
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["scanner.extract.page"])
        _pool = ProcessPoolExecutor(
            max_workers=workers,
            mp_context=context,
            initializer=_init_worker,
            initargs=(_levels(), os.getpid()),
        )
        _pool_size = workers
    return _pool


def shutdown_pool() -> None:
    """Stop the shared worker processes (at exit, or after a pool broke)."""
    global _pool, _pool_size
    if _pool is not None:
        _pool.shutdown(wait=False, cancel_futures=True)
    _pool, _pool_size = None, 0


atexit.register(shutdown_pool)


class ExtractionPool:
    """Where one crawl's pages are extracted."""

    def __init__(self, workers: int, expected_jobs: int) -> None:
        self.workers = workers
        self.processes = workers >= 1 and expected_jobs >= PROCESS_MIN_JOBS
        self._thread: ThreadPoolExecutor | None = None

    def _executor(self) -> Executor:
        if self.processes:
            return _process_pool(self.workers)
        if self._thread is None:
            self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="extract")
        return self._thread

    async def run(self, job: ExtractJob) -> Extracted:
        loop = asyncio.get_running_loop()
        try:
            return await loop.run_in_executor(self._executor(), run_job, job)
        except BrokenProcessPool:
            # a worker died (out of memory on a hostile page, killed, or a script without an
            # `if __name__ == "__main__":` guard): go on in a thread
            if self.processes:
                log.warning("extraction processes died; going on in a thread")
                shutdown_pool()
                self.processes = False
            return await loop.run_in_executor(self._executor(), run_job, job)

    def close(self) -> None:
        if self._thread is not None:
            self._thread.shutdown(wait=False, cancel_futures=True)
            self._thread = None
