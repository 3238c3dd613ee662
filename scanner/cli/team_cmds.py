"""`scanner worker` and `scanner migrate`: a watch shared by a team, on PostgreSQL."""

from __future__ import annotations

import signal
import threading
from typing import Annotated

import typer

from scanner.cli.app import (
    DEFAULT_CONFIG,
    ConfigOption,
    app,
    guard,
    load,
    open_store,
    out,
    progress_bar,
    setup_logging,
)


@app.command()
def worker(
    config: ConfigOption = DEFAULT_CONFIG,
    once: Annotated[
        bool, typer.Option("--once", help="Stop when nothing is pending (for cron).")
    ] = False,
    status: Annotated[
        bool, typer.Option("--status", help="Print pending articles and live claims, then stop.")
    ] = False,
) -> None:
    """Process pending articles in claimed batches, with any number of other workers on this
    machine or others sharing the store (PostgreSQL); Ctrl-C or SIGTERM stops after the batch
    in flight. Also updates the weekly clusters when the queue empties.

    Example: scanner worker --config team.toml
    """
    setup_logging()
    cfg = load(config)
    store = open_store(cfg)
    from scanner.pipeline import processing_key
    from scanner.worker import Worker, WorkerReport

    if status:
        pending = guard(lambda: store.work.pending(processing_key(cfg)))
        out.print(f"{pending} article(s) pending in {store.db.url}", markup=False)
        for name, n in guard(store.work.claims).items():
            out.print(f"  {name}: {n} claimed", markup=False)
        return
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())

    def said(report: WorkerReport, size: int) -> None:
        out.print(f"batch of {size}: {report.summary()}", markup=False)

    runner = Worker(cfg, store, on_batch=said)
    out.print(f"worker {runner.name} on {store.db.url} (Ctrl-C stops)", markup=False)
    try:
        report = guard(lambda: runner.run(stop=stop, once=once))
    except KeyboardInterrupt:
        report = runner.report
        out.print("stopped; unfinished claims given back", markup=False)
    out.print(report.summary(), markup=False)


@app.command()
def migrate(
    to: Annotated[str, typer.Option("--to", help="postgresql://USER@HOST:PORT/DBNAME (empty).")],
    config: ConfigOption = DEFAULT_CONFIG,
) -> None:
    """Copy this watch's store (articles, mentions, corrections and audit log, users,
    bulletins, vectors, clusters, crawl state) into an empty PostgreSQL database, checking
    every table's row count; then point [store].url at it.

    Example: scanner migrate --to postgresql://veille@db.example.org:5432/veille
    """
    setup_logging()
    cfg = load(config)
    store = open_store(cfg)
    from scanner.config import display_url
    from scanner.store.copy import copy_store

    with progress_bar() as progress:
        report = guard(lambda: copy_store(store, to, progress))
    out.print(report.summary(), markup=False)
    out.print(
        f'now set [store] url = "{display_url(to)}" in {config} (the password: ~/.pgpass or '
        "$PGPASSWORD); the index folder keeps working as it is",
        markup=False,
    )
