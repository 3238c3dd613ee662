"""Archives a user already has: HTML files, folders of them, WARC files (warcio).

    report = ingest_html_paths(cfg, store, [Path("saved/"), Path("crawl.warc.gz")])

Each page goes through the same extraction and story grouping as a crawled one. A saved page
keeps the URL its `<link rel="canonical">` (or og:url) declares, so a page both saved and
crawled is one article; without one, its file URI identifies it. In a WARC, the HTML
`response` (and `resource`) records are read; other records are skipped. A file that cannot
be read is counted and logged, and the others go on.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from scanner.config import Config
from scanner.crawl.charset import declared_charset, decode_html
from scanner.crawl.entry import run_sync
from scanner.crawl.report import CrawlReport
from scanner.crawl.urls import canonical_url
from scanner.crawl.workers import ExtractionPool
from scanner.errors import InputError
from scanner.extract.dedup import store_article
from scanner.extract.page import ExtractJob
from scanner.records import Source, SourceStats, StageCounts
from scanner.store import Store, now_iso

if TYPE_CHECKING:
    from warcio.recordloader import ArcWarcRecord

log = logging.getLogger(__name__)

Progress = Callable[[str, int, int], None]
HTML_SUFFIXES = (".html", ".htm", ".xhtml")
WARC_SUFFIXES = (".warc", ".warc.gz", ".arc", ".arc.gz")
LOCAL = Source(id="local", kind="page", url="file:///", name="Fichiers HTML importés")
WARC = Source(id="warc", kind="page", url="file:///", name="Archives WARC importées")


@dataclass(frozen=True, slots=True)
class Document:
    """One HTML document found on disk or in an archive."""

    url: str
    html: str
    source: Source
    fetched: date | None = None


def ingest_html_paths(
    cfg: Config, store: Store, paths: Sequence[Path], progress: Progress | None = None
) -> CrawlReport:
    """Store the articles of HTML files, folders of them and WARC files."""
    missing = [str(p) for p in paths if not Path(p).exists()]
    if missing:
        raise InputError(f"not found: {', '.join(missing)}")
    files = _files([Path(p) for p in paths])
    return run_sync(_ingest(cfg, store, files, progress or (lambda s, d, t: None)))


def _files(paths: list[Path]) -> list[Path]:
    out: list[Path] = []
    for path in paths:
        if path.is_dir():
            out += sorted(p for p in path.rglob("*") if p.is_file() and _kind(p) is not None)
        elif _kind(path) is not None:
            out.append(path)
        elif path.name.lower().endswith((".jsonl", ".ndjson")):
            raise InputError(f"{path} holds JSONL items: give it as --jsonl {path}")
        else:
            # a file named on the command line is not silently ignored: nothing would be stored
            raise InputError(
                f"{path} is neither HTML ({', '.join(HTML_SUFFIXES)}) nor WARC "
                f"({', '.join(WARC_SUFFIXES)})"
            )
    return list(dict.fromkeys(out))


def _kind(path: Path) -> str | None:
    name = path.name.lower()
    if name.endswith(HTML_SUFFIXES):
        return "html"
    if name.endswith(WARC_SUFFIXES):
        return "warc"
    return None


async def _ingest(cfg: Config, store: Store, files: list[Path], progress: Progress) -> CrawlReport:
    report = CrawlReport(run_id=store.runs.start("ingest-html"))
    started = datetime.now(UTC)
    warcs = [f for f in files if _kind(f) == "warc"]
    if warcs:
        store.articles.upsert_source(WARC)
    if len(warcs) < len(files):
        store.articles.upsert_source(LOCAL)
    pool = ExtractionPool(cfg.crawl.workers, len(files) - len(warcs) + 100 * len(warcs))
    done = 0
    try:
        async for document in _documents(cfg, files, report):
            await _one(cfg, store, document, pool, report)
            done += 1
            progress("ingest", done, 0)
    finally:
        pool.close()
        report.seconds = (datetime.now(UTC) - started).total_seconds()
        at = now_iso()
        counts = StageCounts(stage="ingest-html", seen=done, done=len(report.new_ids))
        for stats in report.per_source.values():
            stats.at = at
            store.crawl.save_stats(report.run_id or 0, stats)
            counts.failed += stats.error_count
        store.runs.finish(report.run_id or 0, counts)
    return report


async def _documents(
    cfg: Config, files: list[Path], report: CrawlReport
) -> AsyncIterator[Document]:
    for path in files:
        if _kind(path) == "html":
            stats = report.stats(LOCAL.id, LOCAL.kind, LOCAL.url)
            try:
                if path.stat().st_size > cfg.crawl.max_bytes:
                    stats.error("too_large")
                    log.warning("%s skipped: larger than [crawl].max_bytes", path)
                    continue
                body = path.read_bytes()
            except OSError as exc:
                stats.error("unreadable")
                log.warning("%s skipped: %s", path, exc)
                continue
            html = decode_html(body)
            url = declared_url(html) or path.resolve().as_uri()
            yield Document(url, html, LOCAL)
        else:
            for document in _warc_documents(cfg, path, report):
                yield document
                await asyncio.sleep(0)


def _warc_documents(cfg: Config, path: Path, report: CrawlReport) -> Iterator[Document]:
    """The HTML pages of a WARC file, read as a stream (archives can be large)."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    stats = report.stats(WARC.id, WARC.kind, WARC.url)
    read = 0
    try:
        with path.open("rb") as stream:
            for record in ArchiveIterator(stream):
                document = _warc_document(cfg, record, stats)
                if document is not None:
                    read += 1
                    yield document
    except (ArchiveLoadFailed, OSError, ValueError, EOFError) as exc:
        stats.error("bad_warc")
        log.warning("%s: WARC unreadable after %d page(s): %s", path, read, exc)


def _warc_document(cfg: Config, record: ArcWarcRecord, stats: SourceStats) -> Document | None:
    if record.rec_type not in ("response", "resource"):
        return None
    url = record.rec_headers.get_header("WARC-Target-URI") or ""
    if record.rec_type == "response":
        if record.http_headers is None or record.http_headers.get_statuscode() != "200":
            return None
        content_type = record.http_headers.get_header("Content-Type") or ""
    else:
        content_type = record.rec_headers.get_header("Content-Type") or ""
    if "html" not in content_type.lower():
        return None
    body = record.content_stream().read(cfg.crawl.max_bytes + 1)
    if len(body) > cfg.crawl.max_bytes:
        stats.error("too_large")
        return None
    try:
        url = canonical_url(url)
    except ValueError:
        stats.error("bad_url")
        return None
    fetched = _warc_date(record.rec_headers.get_header("WARC-Date"))
    return Document(url, decode_html(body, declared_charset(content_type)), WARC, fetched)


def _warc_date(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).date()
    except ValueError:
        return None


async def _one(
    cfg: Config, store: Store, document: Document, pool: ExtractionPool, report: CrawlReport
) -> None:
    source = document.source
    stats = report.stats(source.id, source.kind, source.url)
    stats.listed += 1
    if document.url in store.crawl.known_urls([document.url], cfg.crawl.max_attempts):
        stats.known += 1
        return
    stats.fetched += 1
    job = ExtractJob(
        url=document.url,
        final_url=document.url,
        html=document.html,
        source_id=source.id,
        source_lang="",
        fetched=document.fetched,
        languages=cfg.crawl.languages,
        mode=cfg.crawl.extraction,
        min_chars=cfg.crawl.min_text_chars,
        min_words=cfg.dedup.min_words,
    )
    result = await pool.run(job)
    if result.article is None:
        stats.error("empty" if result.error.startswith("no usable text") else "extract")
        log.info("%s skipped: %s", document.url, result.error)
        return
    with store.db.transaction():
        outcome = store_article(store, result.article, result.signature, cfg.dedup)
        store.crawl.record_article(document.url, source.id, 200, outcome.article_id)
    if outcome.status == "duplicate":
        stats.duplicate += 1
        return
    stats.near_duplicate += outcome.status == "near_duplicate"
    stats.new += outcome.status == "new"
    stats.lang_flagged += not result.article.lang_ok
    report.new_ids.append(outcome.article_id)


def declared_url(html: str) -> str:
    """The http(s) URL a saved page declares for itself (rel=canonical, then og:url)."""
    import lxml.html
    from lxml import etree

    try:
        tree = lxml.html.document_fromstring(html[:200_000])
    except (etree.ParserError, ValueError):
        return ""
    for xpath in ('//link[@rel="canonical"]/@href', '//meta[@property="og:url"]/@content'):
        for value in tree.xpath(xpath):
            try:
                return canonical_url(str(value))
            except ValueError:
                continue
    return ""
