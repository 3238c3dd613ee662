"""A real HTTP server on 127.0.0.1 for the crawl tests: routes are plain functions, every
request is logged, static files can be served with the headers their comments declare."""

from __future__ import annotations

import json
import re
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from scanner.config import Config, CrawlConfig, DedupConfig


@dataclass
class Reply:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    # for a slow or endless body: chunks written one by one, `pause` seconds apart
    chunks: Iterator[bytes] | None = None
    pause: float = 0.0
    delay: float = 0.0  # seconds before the status line


Route = Callable[[BaseHTTPRequestHandler], Reply]


class Server:
    """Routes by exact path (query string ignored unless the route looks at it)."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.log: list[tuple[str, dict[str, str]]] = []
        self.static: Path | None = None
        self.base = ""
        self._lock = threading.Lock()

    def route(self, path: str, reply: Reply | Route) -> None:
        self.routes[path] = reply if callable(reply) else (lambda _h, r=reply: r)

    def html(self, path: str, body: str, **headers: str) -> None:
        self.route(path, Reply(body=body.encode("utf-8"), headers={
            "Content-Type": "text/html; charset=utf-8", **headers}))  # fmt: skip

    def hits(self, path: str) -> int:
        with self._lock:
            return sum(1 for p, _ in self.log if p.split("?")[0] == path)

    def requested(self) -> list[str]:
        with self._lock:
            return [p for p, _ in self.log]

    def url(self, path: str) -> str:
        return self.base + path


def _handler(server: Server) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002
            pass

        def do_GET(self) -> None:  # noqa: N802
            with server._lock:
                server.log.append((self.path, {k.lower(): v for k, v in self.headers.items()}))
            path = self.path.split("?")[0]
            route = server.routes.get(path)
            if route is not None:
                reply = route(self)
            elif server.static is not None and (server.static / path.lstrip("/")).is_file():
                reply = static_reply(server.static / path.lstrip("/"))
            else:
                reply = Reply(404, b"not found", {"Content-Type": "text/plain"})
            self._send(self._conditional(reply))

        def _conditional(self, reply: Reply) -> Reply:
            """A 304 when the request's validators match the reply's (conditional GET)."""
            etag, modified = reply.headers.get("ETag"), reply.headers.get("Last-Modified")
            if reply.status == 200 and (
                (etag and self.headers.get("If-None-Match") == etag)
                or (modified and self.headers.get("If-Modified-Since") == modified)
            ):
                return Reply(304, headers={k: v for k, v in reply.headers.items()
                                           if k in ("ETag", "Last-Modified")})  # fmt: skip
            return reply

        def _send(self, reply: Reply) -> None:
            if reply.delay:
                time.sleep(reply.delay)
            try:
                self.send_response(reply.status)
                headers = dict(reply.headers)
                if reply.chunks is None:
                    headers.setdefault("Content-Length", str(len(reply.body)))
                chunked = reply.chunks is not None and "Content-Length" not in headers
                if chunked:
                    headers["Transfer-Encoding"] = "chunked"
                for key, value in headers.items():
                    self.send_header(key, value)
                self.end_headers()
                if reply.chunks is None:
                    self.wfile.write(reply.body)
                    return
                for chunk in reply.chunks:
                    self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk) if chunked else chunk)
                    self.wfile.flush()
                    if reply.pause:
                        time.sleep(reply.pause)
                if chunked:
                    self.wfile.write(b"0\r\n\r\n")
            except (BrokenPipeError, ConnectionResetError):
                self.close_connection = True

    return Handler


_HEADER = re.compile(rb"^Header:\s*([\w-]+):\s*(.*?)\s*$", re.M)


def static_reply(path: Path) -> Reply:
    """A file, with the HTTP headers its leading comment declares (feedparser's test files
    say `Header: Content-type: ...`); XML by default."""
    body = path.read_bytes()
    headers = {"Content-Type": "application/xml"}
    if path.suffix == ".gz":
        headers["Content-Type"] = "application/gzip"
    elif path.suffix in (".json",):
        headers["Content-Type"] = "application/feed+json"
    elif path.suffix in (".html", ".htm"):
        headers["Content-Type"] = "text/html"
    for name, value in _HEADER.findall(body[:2000]):
        key = name.decode("latin-1")
        if key.lower() in ("content-type", "etag", "last-modified", "content-location"):
            headers["Content-Type" if key.lower() == "content-type" else key] = value.decode(
                "latin-1"
            )
    return Reply(200, body, headers)


class _Quiet(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address) -> None:  # type: ignore[no-untyped-def]
        pass  # a client closing a kept-alive connection is no news


@contextmanager
def serving(server: Server) -> Iterator[Server]:
    httpd = _Quiet(("127.0.0.1", 0), _handler(server))
    server.base = f"http://127.0.0.1:{httpd.server_address[1]}"
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        httpd.shutdown()
        httpd.server_close()


def crawl_config(**crawl: object) -> Config:
    """A crawl configuration with short timeouts, no politeness delay, extraction in-thread."""
    settings: dict[str, object] = {
        "timeout": 1.0,
        "retries": 1,
        "backoff": 0.05,
        "delay": 0.0,
        "max_wait": 2.0,
        "max_bytes": 1_000_000,
        "workers": 0,
        "min_text_chars": 80,
    }
    settings.update(crawl)
    return Config(crawl=CrawlConfig(**settings), dedup=DedupConfig())  # type: ignore[arg-type]


ARTICLE = """<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>{title}</title>
<meta property="article:published_time" content="{date}T09:00:00+01:00"></head>
<body><nav><a href="/">Accueil</a></nav><main><article><h1>{title}</h1>
{paragraphs}</article></main><footer>Mentions légales</footer></body></html>"""

ROOT = Path(__file__).resolve().parents[1]


@lru_cache(maxsize=1)
def sample_items() -> list[dict]:
    """The sample corpus items that belong to no multi-outlet story (distinct texts)."""
    items = []
    for path in sorted((ROOT / "corpora" / "sample").glob("items_*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                items.append(json.loads(line))
    return [i for i in items if not i.get("story") and i["lang"] == "fr"]


def article_html(n: int, title: str | None = None, day: str = "2026-11-10") -> str:
    """A distinct French article page: the n-th standalone sample item, in a page."""
    item = sample_items()[n % len(sample_items())]
    paragraphs = "\n".join(f"<p>{escape(p)}</p>" for p in item["text"].split("\n\n"))
    return ARTICLE.format(title=escape(title or item["title"]), date=day, paragraphs=paragraphs)


def rss(items: list[tuple[str, str]], base: str) -> bytes:
    """An RSS feed of (path, title) items."""
    entries = "".join(
        f"<item><title>{t}</title><link>{base}{p}?utm_source=rss</link>"
        f"<pubDate>Tue, 10 Nov 2026 08:00:00 +0100</pubDate></item>"
        for p, t in items
    )
    return (
        f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>T</title>'
        f"<link>{base}/</link>{entries}</channel></rss>"
    ).encode()
