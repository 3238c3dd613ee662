"""Commands that bring articles in: crawl, ingest, and sources (each source's crawl health)."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from scanner import pipeline
from scanner.cli.app import (
    DEFAULT_CONFIG,
    ConfigOption,
    app,
    console,
    fail,
    guard,
    load,
    open_store,
    out,
    progress_bar,
    setup_logging,
)
from scanner.errors import InputError, ScannerError

# extraction libraries log every odd page at WARNING; the crawl's summary counts them already
_CHATTY = ("trafilatura", "htmldate", "courlan", "charset_normalizer", "httpx", "httpcore")
MAX_REPORTED = 20  # bad lines printed one by one; the rest are counted
RESUME = "interrupted: every article stored so far is kept; run the same command again to resume"


def _quiet(verbose: bool) -> None:
    for name in _CHATTY:
        logging.getLogger(name).setLevel(logging.DEBUG if verbose else logging.ERROR)


@app.command()
def crawl(
    config: ConfigOption = DEFAULT_CONFIG,
    url: Annotated[
        str | None, typer.Option(help="Crawl this one URL instead of the config's sources.")
    ] = None,
    kind: Annotated[
        str, typer.Option(help="Kind of --url: feed, sitemap, listing or page.")
    ] = "page",
    source: Annotated[
        list[str] | None, typer.Option(help="Only these source ids (repeatable).")
    ] = None,
    process: Annotated[bool, typer.Option(help="Process what was stored.")] = True,
    retry_failed: Annotated[
        bool, typer.Option(help="Fetch URLs that failed before now, whatever their back-off.")
    ] = False,
    verbose: bool = False,
) -> None:
    """Crawl the configured sources (or one --url), store new articles, then process them.

    A URL that failed is retried by later crawls with a growing back-off
    ([crawl].retry_after_hours, doubled each time); --retry-failed retries every one now.

    Example: scanner crawl --url https://example.org/feed.xml --kind feed
    """
    setup_logging(verbose)
    _quiet(verbose)
    cfg = load(config)
    store = open_store(cfg)
    from scanner.crawl import crawl as run_crawl
    from scanner.crawl import crawl_url

    try:
        with progress_bar() as progress:
            if url:
                report = guard(
                    lambda: crawl_url(cfg, store, url, kind, progress, retry_failed=retry_failed)
                )
            else:
                chosen = [s for s in cfg.sources if not source or s.id in source]
                if source and len(chosen) != len(set(source)):
                    known = ", ".join(s.id for s in cfg.sources)
                    fail(f"unknown source in {source}; known sources: {known}")
                report = guard(
                    lambda: run_crawl(
                        cfg, store, chosen, progress=progress, retry_failed=retry_failed
                    )
                )
    except KeyboardInterrupt:
        console.print(RESUME, markup=False)
        raise typer.Exit(130) from None
    out.print(report.summary(), markup=False)
    from scanner.crawl.report import advice

    hint = advice(report, cfg.demo.port)
    if hint:  # nothing answered: say why it may be and what to do, and process nothing
        console.print(f"[red]error:[/red] {escape(hint)}", markup=True, highlight=False)
        raise typer.Exit(1)
    if process:
        with progress_bar() as progress:
            done = guard(lambda: pipeline.refresh(cfg, store, progress=progress))
        out.print(done.summary())
        if store.alerts.all():  # what the new articles bring to the saved searches
            from scanner.cli.alert_cmds import report_runs

            report_runs(cfg, store, None, mail=True)
    if report.failed_sources:
        raise typer.Exit(1)


@app.command()
def ingest(
    paths: Annotated[
        list[Path] | None, typer.Argument(help="HTML files, folders or WARC files.")
    ] = None,
    jsonl: Annotated[
        Path | None, typer.Option(help="JSONL items: id, text, title, date, url, lang.")
    ] = None,
    config: ConfigOption = DEFAULT_CONFIG,
    process: Annotated[bool, typer.Option(help="Process what was stored.")] = True,
) -> None:
    """Store items from a JSONL file, or local HTML/WARC files, then process them.

    Example: scanner ingest --jsonl items.jsonl
    Example: scanner ingest saved-pages/ archive.warc.gz
    """
    setup_logging()
    _quiet(False)
    cfg = load(config)
    if not jsonl and not paths:
        fail("give --jsonl FILE or HTML/WARC paths")
    store = open_store(cfg)
    from scanner.extract.dedup import store_article

    added = bad = unreadable = 0
    try:
        if jsonl:
            for item in guard(lambda: pipeline.read_items(jsonl, cfg.crawl.max_bytes)):
                try:
                    if isinstance(item, InputError):
                        raise item
                    article = pipeline.item_to_article(item, cfg.crawl.languages)
                    outcome = store_article(store, article, policy=cfg.dedup)
                except ScannerError as exc:  # this line only: the others go on
                    bad += 1
                    if bad <= MAX_REPORTED:
                        console.print(f"skipped: {exc}", markup=False)
                    continue
                added += outcome.status != "duplicate"
            if bad > MAX_REPORTED:
                console.print(f"... and {bad - MAX_REPORTED} more bad line(s)", markup=False)
        if paths:
            from scanner.crawl import ingest_html_paths

            with progress_bar() as progress:
                report = guard(lambda: ingest_html_paths(cfg, store, paths, progress=progress))
            out.print(report.summary(), markup=False)
            added += len(report.new_ids)
            unreadable += sum(s.error_count for s in report.per_source.values())
    except KeyboardInterrupt:
        console.print(RESUME, markup=False)
        raise typer.Exit(130) from None
    tail = f", {unreadable} page(s) or file(s) skipped" if unreadable else ""
    out.print(f"stored {added} new item(s), {bad} bad line(s) skipped{tail}")
    if process:
        with progress_bar() as progress:
            done = guard(lambda: pipeline.refresh(cfg, store, progress=progress))
        out.print(done.summary())
    if bad or unreadable:
        raise typer.Exit(1)


def sources(config: Path, history: int) -> None:
    """What `scanner sources` prints (its options are declared once, in sources_cmds): the
    configured sources with their last crawl figures and health, and the last `history`
    crawls of each."""
    cfg = load(config)
    store = open_store(cfg)
    ids = [s.id for s in cfg.sources]
    health = guard(lambda: store.crawl.health(ids, stale_runs=cfg.crawl.stale_runs))
    for source in cfg.sources:
        h = health.get(source.id)
        out.print(f"{source.id:<24} {source.kind:<8} {source.url}", markup=False)
        out.print(f"    {h if h is not None else 'never crawled'}", markup=False)
        for past in store.crawl.history(source.id, limit=history) if history else []:
            errors = ", ".join(f"{k} {v}" for k, v in sorted(past.errors.items())) or "-"
            out.print(
                f"      {past.at}  listed {past.listed:>4}  fetched {past.fetched:>4}  "
                f"new {past.new + past.near_duplicate:>4}  304 {past.not_modified}  "
                f"robots {past.robots}  errors {errors}" + ("  UNREADABLE" if past.failed else ""),
                markup=False,
            )
