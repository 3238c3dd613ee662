"""The demonstration: serve the bundled sample site on 127.0.0.1 and run the whole watch on it."""

from __future__ import annotations

import functools
import io
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import BinaryIO

from scanner import pipeline
from scanner.config import PROJECT_ROOT, Config, resource_dir
from scanner.errors import ScannerError
from scanner.store import Store

# the sample site is written with this base; the server rewrites it to where it really runs
SITE_BASE = "http://127.0.0.1:8765"


class _SiteHandler(SimpleHTTPRequestHandler):
    base = SITE_BASE

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass  # the crawl reports what it fetched; per-request lines are noise

    def send_head(self) -> io.BytesIO | BinaryIO | None:
        path = Path(self.translate_path(self.path))
        if self.base == SITE_BASE or path.suffix not in (".xml", ".html") or not path.is_file():
            return super().send_head()
        body = path.read_bytes().replace(SITE_BASE.encode(), self.base.encode())
        self.send_response(200)
        ctype = "application/xml" if path.suffix == ".xml" else "text/html; charset=utf-8"
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


@contextmanager
def serve_directory(root: Path, port: int = 0, host: str = "127.0.0.1") -> Iterator[str]:
    """Serve `root` over HTTP on host:port (0 = any free port); yields the base URL.

    Links written for the sample site's default address are rewritten to the real one, so
    tests can serve it on any free port.
    """
    if not root.is_dir():
        raise ScannerError(f"demo site not found: {root} (set [demo].site to its folder)")
    try:
        server = ThreadingHTTPServer((host, port), _SiteHandler)
    except OSError as exc:
        raise ScannerError(
            f"cannot serve the demo site on {host}:{port}: {exc} "
            "(another demo running? change [demo].port and the demo source URLs)"
        ) from exc
    base = f"http://{host}:{server.server_address[1]}"
    bound = type("SiteHandler", (_SiteHandler,), {"base": base})
    server.RequestHandlerClass = functools.partial(bound, directory=str(root))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield base
    finally:
        server.shutdown()
        server.server_close()


def site_dir(cfg: Config) -> Path:
    """The demo site's folder: `[demo].site` as given when it is absolute or exists from the
    current directory, else the one beside the installed package (the demo runs from any
    folder, as the models do)."""
    site = Path(cfg.demo.site)
    return site if site.is_absolute() else resource_dir(cfg.demo.site) / site


def demo_config_file(given: Path) -> Path:
    """The watch file the demo reads: `given` when it exists, else the project's own
    config.toml (the demo sources), so `scanner demo` works in an empty folder."""
    if given.is_file():
        return given
    shipped = PROJECT_ROOT / "config.toml"
    return shipped if shipped.is_file() else given


@dataclass
class DemoResult:
    """What the demo did and where the bulletin is."""

    crawled: str
    processed: int
    weeks: list[str]
    week: str
    files: dict[str, Path] = field(default_factory=dict)

    def summary(self) -> str:
        lines = [self.crawled, f"processed {self.processed} article(s)"]
        lines.append(f"bulletin for {self.week} (demonstration data):")
        lines += [f"  {fmt:<5} {path}" for fmt, path in sorted(self.files.items())]
        return "\n".join(lines)


def run_demo(
    cfg: Config, store: Store, week: str | None = None, progress: pipeline.Progress | None = None
) -> DemoResult:
    """Serve the sample site, crawl the configured sources, process, write the bulletin."""
    from scanner.bulletin import build_bulletin, latest_week_with_items, write_bulletin
    from scanner.crawl import crawl

    with serve_directory(site_dir(cfg), cfg.demo.port):
        report = crawl(cfg, store, cfg.sources, progress=progress)
    done = pipeline.refresh(cfg, store, progress=progress)
    chosen = week or latest_week_with_items(store)
    if chosen is None:
        raise ScannerError("the crawl stored no article: nothing to put in a bulletin")
    bulletin = build_bulletin(cfg, store, chosen)
    files = write_bulletin(cfg, bulletin, Path(cfg.output.dir))
    summary = report.summary() if hasattr(report, "summary") else str(report)
    return DemoResult(summary, done.counts.done, done.weeks, chosen, files)
