"""Work shared by workers and crawls on one store: claims never overlap, a killed worker's batch
is claimed again, a worker waits out a store outage and finishes the work, crawls lease their
sources. On SQLite and on a real PostgreSQL server."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from dataclasses import replace
from pathlib import Path

import pytest
from crawl_server import Server, article_html, crawl_config, rss, serving
from watch import watch_config

from scanner.config import load_config
from scanner.crawl import crawl
from scanner.eval.corpus import load_sample
from scanner.records import Article, Source
from scanner.store import Store

PROJECT = Path(__file__).resolve().parents[1]


def fill(store: Store, n: int) -> None:
    with store.db.transaction():
        for i in range(n):
            store.articles.add(
                Article(
                    id=f"a{i}",
                    url=f"https://x.test/{i}",
                    title=f"T {i}",
                    text=f"texte {i}",
                    content_hash=f"h{i}",
                )  # fmt: skip
            )


def test_concurrent_claims_never_overlap_and_cover_everything(store_url: str) -> None:
    """Four claimers, each with its own connection, drain 300 pending articles."""
    with Store.open(store_url) as store:
        fill(store, 300)
    taken: dict[str, list[int]] = {}
    # every claimer connected before any claims: on a loaded machine a thread that starts
    # late could find the queue already drained by the first one (seen under load 4)
    ready = threading.Barrier(4, timeout=30)

    def claimer(name: str) -> None:
        with Store.open(store_url) as mine:
            got: list[int] = []
            ready.wait()
            while nums := mine.work.claim(name, "k", batch=7, lease=60):
                for article in mine.articles.many(
                    list(mine.articles.id_of_nums(nums).values())
                ).values():
                    mine.articles.mark_processed(article, "k")  # what processing ends with
                mine.work.release(name, nums)
                got += nums
            taken[name] = got

    threads = [threading.Thread(target=claimer, args=(f"w{i}",)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    every = [n for nums in taken.values() for n in nums]
    assert len(every) == 300 and len(set(every)) == 300  # each article once, none forgotten
    assert sum(1 for nums in taken.values() if nums) >= 2  # the work was shared
    with Store.open(store_url) as store:
        assert store.work.pending("k") == 0 and store.work.claims() == {}


CLAIM_AND_HANG = """
import sys, time
from scanner.store import Store
store = Store.open(sys.argv[1])
print(",".join(map(str, store.work.claim("doomed", "k", batch=5, lease=2.0))), flush=True)
time.sleep(600)
"""


def test_a_killed_workers_batch_is_claimed_again_when_its_lease_runs_out(store_url: str) -> None:
    with Store.open(store_url) as store:
        fill(store, 8)
        env = {**os.environ, "PYTHONPATH": str(PROJECT)}
        doomed = subprocess.Popen(
            [sys.executable, "-c", CLAIM_AND_HANG, store_url], stdout=subprocess.PIPE, env=env,
            text=True,
        )  # fmt: skip
        lost = [int(n) for n in doomed.stdout.readline().split(",")]  # type: ignore[union-attr]
        os.kill(doomed.pid, signal.SIGKILL)  # no goodbye: its claims stay in the store
        doomed.wait()
        assert len(lost) == 5
        others = store.work.claim("survivor", "k", batch=10, lease=60)
        assert sorted(others) == sorted(set(range(1, 9)) - set(lost))  # not the lost ones yet
        time.sleep(2.2)
        assert sorted(store.work.claim("survivor", "k", batch=10, lease=60)) == list(range(1, 9))


def test_leases_are_exclusive_until_they_run_out(any_store: Store) -> None:
    work = any_store.work
    assert work.take_lease("source:inserm", "crawl A", 1.0)
    assert not work.take_lease("source:inserm", "crawl B", 60)
    holder = work.lease_holder("source:inserm")
    assert holder is not None and holder[0] == "crawl A" and 0 < holder[1] <= 1.0
    assert work.take_lease("source:inserm", "crawl A", 1.0)  # renewing one's own
    time.sleep(1.1)
    assert work.take_lease("source:inserm", "crawl B", 60)  # A stopped renewing: B takes it
    work.release_lease("source:inserm", "crawl A")  # A's late release changes nothing
    assert work.lease_holder("source:inserm")[0] == "crawl B"  # type: ignore[index]


def test_a_crawl_skips_a_source_another_crawl_holds(store_url: str) -> None:
    server = Server()
    server.route("/feed.xml", lambda _h: None)
    with serving(server):
        server.html("/a0.html", article_html(0))
        from crawl_server import Reply

        server.route("/feed.xml", Reply(body=rss([("/a0.html", "A")], server.base),
                                        headers={"Content-Type": "application/rss+xml"}))  # fmt: skip
        source = Source(id="hebdo", kind="feed", url=f"{server.base}/feed.xml")
        cfg = crawl_config()
        with Store.open(store_url) as store:
            assert store.work.take_lease("source:hebdo", "crawl elsewhere", 60)
            report = crawl(cfg, store, [source])
            assert "hebdo" in report.busy and "crawl elsewhere" in report.summary()
            assert store.articles.count() == 0
            store.work.release_lease("source:hebdo", "crawl elsewhere")
            # a crawl of this machine that was killed (its process is gone): taken over at once
            dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                                  capture_output=True, text=True).stdout.strip()  # fmt: skip
            killed = f"crawl {socket.gethostname()}:{dead}:abc"
            assert store.work.take_lease("source:hebdo", killed, 60)
            report = crawl(cfg, store, [source])
            assert report.busy == {} and store.articles.count() == 1
            assert store.work.lease_holder("source:hebdo") is None  # released at the end


@pytest.mark.parametrize("backend", ["postgresql"])
def test_a_worker_waits_out_an_outage_then_processes_everything(
    backend: str, pg_server, pg_url: str, tmp_path: Path
) -> None:
    """The real pipeline (spaCy, embeddings, index, themes, clusters) under `Worker`, on a
    PostgreSQL server that is down when the worker starts and back six seconds later."""
    from scanner.worker import Worker

    cfg = load_config(watch_config(tmp_path, store={"url": pg_url}))
    cfg = replace(cfg, worker=replace(cfg.worker, batch=3, idle=0.1, reconnect=2.0),
                  nlp=replace(cfg.nlp, workers=1))  # fmt: skip
    articles = load_sample(PROJECT / "corpora")[:5]
    with Store.from_config(cfg.store) as store:
        for article in articles:
            store.articles.add(article)
        pg_server.restart_after(6.0)  # longer than a query waits for a connection
        worker = Worker(cfg, store)
        report = worker.run(once=True)
        pg_server.wait_started()
        assert report.outages >= 1
        assert report.processed == 5 and report.batches == 2 and report.cluster_updates == 1
        assert store.work.pending(worker.key) == 0 and store.work.claims() == {}
        assert all(store.themes.for_articles([a.id for a in articles]).values())
        assert store.search.lexical(["bioproduct"], None, 10)  # stemmed for lexical search
        again = Worker(cfg, store).run(once=True)  # nothing twice
        assert again.processed == 0 and again.batches == 0


def test_a_web_node_finds_what_another_machine_indexed(pg_url: str, tmp_path: Path) -> None:
    """Two index folders (two machines) over one PostgreSQL store: what a worker indexes on
    one is found by the other at its next check, from the store's vectors; no copy."""
    import numpy as np

    from scanner.config import config_from_dict
    from scanner.vectors.index import dense_search, index_articles

    def node(name: str, recheck: float):  # type: ignore[no-untyped-def]
        return config_from_dict({"store": {"url": pg_url}, "embed": {"model": "m"},
                                 "index": {"path": str(tmp_path / name), "recheck": recheck}})  # fmt: skip

    worker_node, web_node, lazy_node = node("a", 60), node("b", 0), node("c", 3600)
    rng = np.random.default_rng(0)
    with Store.open(pg_url) as store:

        def process(i: int) -> np.ndarray:  # what the worker's processing leaves behind
            article = Article(id=f"a{i}", url=f"https://x.test/{i}", title="", text=f"t{i}",
                              content_hash=f"h{i}")  # fmt: skip
            store.articles.add(article)
            vectors = rng.standard_normal((2, 8)).astype(np.float32)
            vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
            store.vectors.put(article.content_hash, "m", vectors)
            index_articles(worker_node, store, {article.id: vectors})
            store.articles.mark_processed(article, "k")
            return vectors[0]

        first = process(0)
        for cfg in (web_node, lazy_node):  # each loads its own index from the store's vectors
            assert dense_search(cfg, store, first, 1)[0][0] == "a0"
        second = process(1)
        assert dense_search(web_node, store, second, 1)[0][0] == "a1"
        assert dense_search(lazy_node, store, second, 1)[0][0] == "a0"  # not checked yet
