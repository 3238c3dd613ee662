"""`scanner bulletin`: build and write the weekly watch bulletin."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

import typer

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
    setup_logging,
)
from scanner.errors import NotFound


@app.command()
def bulletin(
    week: Annotated[
        str | None,
        typer.Option(help="ISO week like 2026-W47 (default: the last complete week)."),
    ] = None,
    config: ConfigOption = DEFAULT_CONFIG,
    out_dir: Annotated[
        Path | None, typer.Option("--out", help="Output folder (default [output].dir).")
    ] = None,
    mail: Annotated[
        bool, typer.Option("--mail", help="Also mail it through [alerts.smtp] (HTML and text).")
    ] = False,
    to: Annotated[
        list[str] | None,
        typer.Option(help="Mail to this address (repeatable; default [alerts.smtp].recipients)."),
    ] = None,
) -> None:
    """Build the week's bulletin and write HTML, Markdown, JSON and the Atom feed; with --mail,
    send it too.

    Example: scanner bulletin --week 2026-W46 --out out/
    Example: scanner bulletin --mail --to veille@example.org
    """
    setup_logging()
    cfg = load(config)
    store = open_store(cfg)
    from scanner.bulletin import (
        build_bulletin,
        last_complete_week,
        require_articles,
        week_dates,
        write_bulletin,
    )

    chosen = week or last_complete_week(date.today())
    guard(lambda: week_dates(chosen))  # a malformed week: usage error, exit 2
    try:
        require_articles(store, chosen)
    except NotFound as exc:  # nothing published that week: say so, write nothing, exit 1
        store.close()
        fail(str(exc), code=1)
    result = guard(lambda: build_bulletin(cfg, store, chosen))
    archive = [b.body for b in store.bulletins.list()]
    try:
        files = guard(
            lambda: write_bulletin(cfg, result, out_dir or Path(cfg.output.dir), archive=archive)
        )
    finally:
        store.close()
    out.print(
        f"bulletin {chosen}: {result.kept} of {result.read} article(s) on theme"
        + (" (demonstration data)" if result.demo else ""),
        markup=False,
    )
    if result.unscored:
        console.print(
            f"note: {result.unscored} article(s) of the week have no theme scores yet and are "
            "left out: run `scanner process` first",
            markup=False,
        )
    for fmt, path in files.items():
        out.print(f"  {fmt:<5} {path}", markup=False)
    if mail:
        from scanner.bulletin.mail import send_bulletin

        sent = guard(lambda: send_bulletin(cfg, result, to))
        out.print(f"mailed to {', '.join(sent)}", markup=False)
