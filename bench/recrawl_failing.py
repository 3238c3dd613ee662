"""Re-crawl cost of a source with failing pages: failing URLs wait (growing back-off).

A local site on 127.0.0.1 lists, in one sitemap (with an ETag, so an unchanged sitemap
answers 304), `--good` article pages and `--failing` pages that fail: half of them time
out (the server answers after `[crawl].timeout`), half answer 503. The first crawl stores
the good pages and meets every failure (each failing fetch retried `[crawl].retries` times
within the crawl). The second crawl changes nothing on the site: with the back-off across
runs, the failing URLs are not due yet and nothing is fetched; it must take under 20% of
the first crawl's time. For comparison, the same re-crawl with `--retry-failed` (which
fetches every failed URL again, as every re-crawl did before the back-off) is timed too.

    python bench/recrawl_failing.py [--good 40] [--failing 20] [--timeout 2]
"""

from __future__ import annotations

import argparse
import contextlib
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from scanner.config import Config, CrawlConfig  # noqa: E402
from scanner.crawl import crawl  # noqa: E402
from scanner.records import Source  # noqa: E402
from scanner.store import Store  # noqa: E402

PARAGRAPH = (
    "Le centre hospitalier universitaire annonce un programme de recherche sur les thérapies "
    "innovantes, financé dans le cadre de France 2030, avec des équipes de l'Inserm et des "
    "start-up de la région. "
)


def page(n: int) -> bytes:
    text = "".join(f"<p>Article {n}, paragraphe {k}. {PARAGRAPH * 2}</p>" for k in range(5))
    return (
        f'<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>Article {n}'
        f'</title><meta property="article:published_time" content="2026-11-1{n % 7}T09:00:00">'
        f"</head><body><main><article><h1>Article {n}</h1>{text}</article></main></body></html>"
    ).encode()


def make_handler(good: int, failing: int, stall: float) -> type[BaseHTTPRequestHandler]:
    hits = {"n": 0}

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002
            pass

        def reply(self, status: int, body: bytes, ctype: str, **headers: str) -> None:
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            for key, value in headers.items():
                self.send_header(key, value)
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self) -> None:  # noqa: N802
            hits["n"] += 1
            base = f"http://{self.headers['Host']}"
            if self.path == "/robots.txt":
                self.reply(200, b"User-agent: *\nAllow: /\n", "text/plain")
            elif self.path == "/sitemap.xml":
                if self.headers.get("If-None-Match") == '"v1"':
                    self.send_response(304)
                    self.send_header("ETag", '"v1"')
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                urls = [f"/good/{i}" for i in range(good)] + [f"/bad/{i}" for i in range(failing)]
                body = "".join(f"<url><loc>{base}{u}</loc></url>" for u in urls)
                xml = f'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{body}</urlset>'
                self.reply(200, xml.encode(), "application/xml", ETag='"v1"')
            elif self.path.startswith("/good/"):
                self.reply(200, page(int(self.path.rsplit("/", 1)[1])), "text/html; charset=utf-8")
            elif self.path.startswith("/bad/"):
                if int(self.path.rsplit("/", 1)[1]) % 2:
                    self.reply(503, b"busy", "text/plain")
                else:
                    time.sleep(stall)  # longer than the crawler's timeout
                    with contextlib.suppress(OSError):  # the crawler has hung up
                        self.reply(200, page(999), "text/html; charset=utf-8")
            else:
                self.reply(404, b"not found", "text/plain")

    Handler.hits = hits  # type: ignore[attr-defined]
    return Handler


class Quiet(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address) -> None:  # type: ignore[no-untyped-def]
        pass


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--good", type=int, default=40)
    parser.add_argument("--failing", type=int, default=20)
    parser.add_argument("--timeout", type=float, default=2.0)
    args = parser.parse_args()
    handler = make_handler(args.good, args.failing, args.timeout + 1)
    httpd = Quiet(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{httpd.server_address[1]}"
    cfg = Config(
        crawl=CrawlConfig(
            timeout=args.timeout, retries=2, backoff=0.5, delay=0.0, per_host=4, workers=0
        )
    )
    source = Source(id="site", kind="sitemap", url=f"{base}/sitemap.xml", max_pages=1000)
    folder = Path(tempfile.mkdtemp(prefix="scanner-bench-recrawl-"))
    store = Store.open(folder / "watch.db")
    runs = []
    try:
        for retry_failed in (False, False):
            started = time.perf_counter()
            report = crawl(cfg, store, [source], retry_failed=retry_failed)
            runs.append((time.perf_counter() - started, report))
        # the same re-crawl as before the back-off (every failure fetched again), on a copy
        forced = Store.open(folder / "forced.db")
        store.db.conn.backup(forced.db.conn)
        started = time.perf_counter()
        report = crawl(cfg, forced, [source], retry_failed=True)
        runs.append((time.perf_counter() - started, report))
    finally:
        httpd.shutdown()
    (t1, r1), (t2, r2), (t3, _) = runs
    print(
        f"recrawl: first crawl {t1:.1f}s ({len(r1.new_ids)} articles stored, "
        f"{sum(s.error_count for s in r1.per_source.values())} failing fetches)"
    )
    print(
        f"recrawl: no-change re-crawl {t2:.2f}s = {100 * t2 / t1:.1f}% of the first "
        f"({r2.fetched} pages fetched, {r2.deferred} failed URLs deferred; target < 20%)"
    )
    print(
        f"recrawl: the same re-crawl retrying every failed URL (--retry-failed, the old "
        f"behaviour) {t3:.1f}s = {100 * t3 / t1:.0f}% of the first"
    )


if __name__ == "__main__":
    main()
