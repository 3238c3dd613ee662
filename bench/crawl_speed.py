"""Crawl throughput: pages/s fetched + extracted + stored, then a second, no-change crawl.

A local site of `--pages` article pages (the sample site's HTML template; texts mixed from
the sample corpus's sentences, so no two pages are alike) with `--feeds` RSS feeds and one
sitemap listing every page is served by a separate process on 127.0.0.1. The first crawl
fetches, extracts (in `[crawl].workers` processes) and stores everything; the second finds
the feeds and the sitemap unchanged (304) and must take under 5% of the first one's time.

    python bench/crawl_speed.py [--pages 2000] [--feeds 10] [--workers 2] [--target 30]
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import random
import re
import resource
import sys
import tempfile
import time
from datetime import date, timedelta
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "corpora"))

import build_site  # noqa: E402

from scanner.config import Config, CrawlConfig  # noqa: E402
from scanner.crawl import crawl  # noqa: E402
from scanner.records import Source  # noqa: E402
from scanner.store import Store  # noqa: E402

FIRST_DAY = date(2026, 3, 2)


def sentences() -> list[str]:
    out = []
    for path in sorted((ROOT / "corpora" / "sample").glob("items_*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                text = json.loads(line)["text"]
                out += [s for s in re.split(r"(?<=[.!?»])\s+", text) if len(s) > 40]
    return out


def build(site: Path, pages: int, feeds: int, base: str) -> None:
    rng = random.Random(7)
    pool = sentences()
    outlets = list(build_site.OUTLETS)
    items = []
    for i in range(pages):
        outlet = outlets[i % len(outlets)]
        chosen = rng.sample(pool, 14)
        text = "\n\n".join(" ".join(chosen[k : k + 3]) for k in range(0, 14, 3))
        day = FIRST_DAY + timedelta(days=i % 240)
        items.append({
            "id": f"p{i:05d}", "outlet": outlet, "slug": f"article-{i:05d}",
            "title": f"Dépêche {i} : " + chosen[0][:70], "published": day.isoformat(),
            "author": "Rédaction", "lang": "fr", "text": text,
        })  # fmt: skip
    build_site.BASE = base
    for item in items:
        path = site / build_site.article_path(item).lstrip("/")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(build_site.page(item, items[:3]), encoding="utf-8")
    for f in range(feeds):
        chunk = items[f::feeds]
        (site / f"feed-{f}.xml").write_text(build_site.rss(outlets[0], chunk, []), "utf-8")
    (site / "sitemap.xml").write_text(build_site.sitemap(items), encoding="utf-8")
    (site / "robots.txt").write_text("User-agent: *\nDisallow: /prive/\n", encoding="utf-8")


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


def serve(site: str, port_queue: multiprocessing.Queue) -> None:
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(QuietHandler, directory=site))
    port_queue.put(server.server_address[1])
    server.serve_forever()


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process (Linux /proc), 0 when unknown."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def worker_pids() -> list[int]:
    from scanner.crawl import workers

    pool = workers._pool
    return list(pool._processes) if pool is not None else []  # type: ignore[attr-defined]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=2000)
    parser.add_argument("--feeds", type=int, default=10)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--target", type=float, default=30.0, help="pages/s to reach")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="scanner-bench-crawl-"))
    site = tmp / "site"
    spawn = multiprocessing.get_context("spawn")
    ports = spawn.Queue()
    server = spawn.Process(target=serve, args=(str(site), ports), daemon=True)
    # the pages hold absolute links and the port is known once the server runs: start it on
    # the empty folder, then build the site into it
    site.mkdir(parents=True)
    server.start()
    port = ports.get(timeout=30)
    base = f"http://127.0.0.1:{port}"
    build(site, args.pages, args.feeds, base)
    cfg = Config(
        crawl=CrawlConfig(delay=0.0, per_host=4, concurrency=8, workers=args.workers, retries=1),
        sources=(),
    )
    sources = [
        Source(id=f"feed-{f}", kind="feed", url=f"{base}/feed-{f}.xml", max_pages=args.pages)
        for f in range(args.feeds)
    ] + [Source(id="sitemap", kind="sitemap", url=f"{base}/sitemap.xml", max_pages=args.pages)]
    store = Store.open(tmp / "bench.db")
    try:
        load = os.getloadavg()[0]
        own, served = resource.getrusage(resource.RUSAGE_SELF), cpu_seconds(server.pid)
        started = time.perf_counter()
        first = crawl(cfg, store, sources)
        t1 = time.perf_counter() - started
        after = resource.getrusage(resource.RUSAGE_SELF)
        main_cpu = after.ru_utime + after.ru_stime - own.ru_utime - own.ru_stime
        workers_cpu = sum(cpu_seconds(pid) for pid in worker_pids())
        server_cpu = cpu_seconds(server.pid) - served
        load = max(load, os.getloadavg()[0])
        started = time.perf_counter()
        second = crawl(cfg, store, sources)
        t2 = time.perf_counter() - started
    finally:
        server.terminate()
    fetched = first.fetched
    stored = store.articles.count()
    rate = fetched / t1
    print(
        f"crawl: {fetched} pages fetched+extracted+stored ({stored} articles) in {t1:.1f}s = "
        f"{rate:.1f} pages/s with {args.workers} extraction workers (target >= {args.target:g})"
    )
    per_page = 1000 * (main_cpu + workers_cpu) / max(1, fetched)
    print(
        f"crawl: CPU per page {per_page:.1f} ms (crawler {1000 * main_cpu / max(1, fetched):.1f}, "
        f"extraction workers {1000 * workers_cpu / max(1, fetched):.1f}; the server "
        f"{1000 * server_cpu / max(1, fetched):.1f} more): two free cores would do about "
        f"{2000 / max(per_page, 1e-9):.0f} pages/s (load average during the run: {load:.1f})"
    )
    print(
        f"crawl: second, no-change crawl in {t2:.2f}s = {100 * t2 / t1:.1f}% of the first "
        f"({second.fetched} pages fetched; target < 5%)"
    )
    if first.failed_sources or stored < 0.99 * args.pages:
        print(first.summary())


if __name__ == "__main__":
    main()
