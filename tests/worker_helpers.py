"""What the worker-process tests run in spawned processes (importable there: a module, not a
test function)."""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Sequence


class TinyExtractor:
    """A ShardExtractor that loads nothing: the pool's processes, without a model."""

    def add_alias(self, kind: str, alias: str, canonical: str) -> None:
        pass

    def extract(self, texts: Sequence[str], published: Sequence[object] = ()) -> list[list]:
        return [[] for _ in texts]


def hold_workers(kind: str) -> None:
    """Start the mention (`nlp`) or extraction (`crawl`) worker processes, print their pids,
    then wait to be killed."""
    if kind == "nlp":
        from scanner.nlp.workers import WorkerPool

        pool = WorkerPool(TinyExtractor, 2)
        pool.extract(["a", "b", "c", "d"], [])
        pids = {p.pid for p in pool._executor._processes.values()}  # type: ignore[union-attr]
    else:
        from scanner.crawl.workers import _process_pool

        executor = _process_pool(2)
        pids = {f.result() for f in [executor.submit(os.getpid) for _ in range(8)]}
        pids |= {p.pid for p in executor._processes.values()}
    print(" ".join(str(p) for p in sorted(pids)), flush=True)
    time.sleep(600)


if __name__ == "__main__":
    hold_workers(sys.argv[1])
