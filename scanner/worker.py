"""`scanner worker`: the processing of pending articles, shared by processes and machines.

    worker = Worker(cfg, store)
    worker.run(stop=threading.Event())     # until stopped (Ctrl-C, SIGTERM)
    worker.run(once=True)                  # until nothing is pending (cron, tests)

Each turn claims a batch of pending articles (`store.work.claim`: one statement, with
`FOR UPDATE SKIP LOCKED` on PostgreSQL, so two workers never take the same article), processes
it exactly as `scanner process` does (mentions, embeddings into the local index, themes), stems
it for lexical search, and releases the claims. A heartbeat renews the claims while the batch
runs; a worker killed mid-batch stops renewing and its batch is claimed again once the lease
([worker].lease) runs out. When nothing is pending and this worker processed something since
(or a killed process left a cluster update half done), it updates the weekly clusters under
the lease "clusters", so one worker at a time does it.

When the store cannot be reached the worker waits (1 s, 2 s, 4 s … up to [worker].reconnect)
and carries on: what was not marked processed is simply pending again, and its own claims
count as free to it.
"""

from __future__ import annotations

import logging
import os
import secrets
import socket
import threading
from collections.abc import Callable
from dataclasses import dataclass
from types import TracebackType

from scanner.config import Config
from scanner.errors import ScannerError, StoreUnavailable
from scanner.pipeline import CLUSTERS_STALE, Processor, processing_key, update_clusters
from scanner.records import StageCounts
from scanner.store import Store

log = logging.getLogger(__name__)

CLUSTERS_LEASE = "clusters"


@dataclass
class WorkerReport:
    """What a worker did so far."""

    processed: int = 0
    failed: int = 0
    batches: int = 0
    outages: int = 0
    cluster_updates: int = 0

    def summary(self) -> str:
        return (
            f"{self.processed} article(s) processed in {self.batches} batch(es), "
            f"{self.failed} failed; clusters updated {self.cluster_updates} time(s); "
            f"{self.outages} store outage(s) waited out"
        )


class Heartbeat:
    """Calls `beat` every `interval` seconds in a thread while the `with` block runs."""

    def __init__(self, beat: Callable[[], object], interval: float) -> None:
        self.beat = beat
        self.interval = max(0.2, interval)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="scanner-heartbeat", daemon=True)

    def _loop(self) -> None:
        while not self._stop.wait(self.interval):
            try:
                self.beat()
            except ScannerError as exc:  # the store is away: the next beat may reach it
                log.warning("heartbeat failed: %s", exc)

    def __enter__(self) -> Heartbeat:
        self._thread.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._stop.set()
        self._thread.join()


class Worker:
    """Claims, processes and releases batches of pending articles until told to stop."""

    def __init__(
        self,
        cfg: Config,
        store: Store,
        name: str | None = None,
        on_batch: Callable[[WorkerReport, int], None] | None = None,
    ) -> None:
        self.cfg = cfg
        self.store = store
        self.name = name or f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(3)}"
        self.key = processing_key(cfg)
        self.on_batch = on_batch or (lambda report, size: None)
        self.report = WorkerReport()
        self._processor: Processor | None = None
        self._dirty = False  # processed something since the clusters were last updated

    @property
    def processor(self) -> Processor:
        if self._processor is None:  # the models load at the first batch, not before
            self._processor = Processor(self.cfg, self.store)
        return self._processor

    def step(self) -> int:
        """Claim and process one batch; how many articles it claimed (0: nothing pending)."""
        lease = self.cfg.worker.lease
        nums = self.store.work.claim(self.name, self.key, self.cfg.worker.batch, lease)
        if not nums:
            return 0
        from scanner.search.retrieval import update_lexical

        with Heartbeat(lambda: self.store.work.renew(self.name, lease), lease / 3):
            try:
                ids = list(self.store.articles.id_of_nums(nums).values())
                # claimed as pending a moment ago; processed since by `scanner process`: skip
                articles = self.store.articles.needing_processing(self.key, ids)
                counts = StageCounts(stage="process", seen=len(articles))
                run_id = self.store.runs.start("process")
                if articles:
                    self.processor.process(articles, counts, self.key)
                update_lexical(self.store)
                counts.skipped = counts.seen - counts.done - counts.failed
                self.store.runs.finish(run_id, counts)
            finally:
                self._release(nums)
        self.report.batches += 1
        self.report.processed += counts.done
        self.report.failed += counts.failed
        self._dirty = self._dirty or counts.done > 0
        self.on_batch(self.report, len(nums))
        return len(nums)

    def _release(self, nums: list[int]) -> None:
        try:
            self.store.work.release(self.name, nums)
        except StoreUnavailable as exc:  # they run out by themselves
            log.warning("could not release claims: %s", exc)

    def update_clusters(self) -> bool:
        """Update the weekly clusters unless another worker is at it; True if done here."""
        lease = self.cfg.worker.lease
        if not self.store.work.take_lease(CLUSTERS_LEASE, self.name, lease):
            return False
        try:
            beat = lambda: self.store.work.take_lease(CLUSTERS_LEASE, self.name, lease)  # noqa: E731
            with Heartbeat(beat, lease / 3):
                update_clusters(self.cfg, self.store)
        finally:
            try:
                self.store.work.release_lease(CLUSTERS_LEASE, self.name)
            except StoreUnavailable as exc:
                log.warning("could not release the clusters lease: %s", exc)
        self._dirty = False
        self.report.cluster_updates += 1
        return True

    def run(self, stop: threading.Event | None = None, once: bool = False) -> WorkerReport:
        """Work until `stop` is set (or, with `once`, until nothing is pending)."""
        stop = stop or threading.Event()
        wait = 1.0
        try:
            while not stop.is_set():
                try:
                    if self.step():
                        wait = 1.0
                        continue
                    # also a cluster update that a killed process left half done (its mark)
                    if self._dirty or self.store.runs.marked(CLUSTERS_STALE) is not None:
                        self.update_clusters()
                    if once:
                        break
                    stop.wait(self.cfg.worker.idle)
                    wait = 1.0
                except StoreUnavailable as exc:
                    self.report.outages += 1
                    log.warning("%s; trying again in %.0f s", exc, wait)
                    stop.wait(wait)
                    wait = min(wait * 2, max(1.0, self.cfg.worker.reconnect))
        finally:
            self.close()
        return self.report

    def close(self) -> None:
        """Give back any claim still held and stop the mention worker processes."""
        try:
            self.store.work.release(self.name)
        except ScannerError as exc:
            log.warning("could not release claims: %s", exc)
        if self._processor is not None:
            self._processor.close()
            self._processor = None
