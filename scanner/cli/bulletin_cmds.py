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
    guard,
    load,
    open_store,
    out,
    setup_logging,
)


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
) -> None:
    """Build the week's bulletin and write HTML, Markdown, JSON and the Atom feed.

    Example: scanner bulletin --week 2026-W46 --out out/
    """
    setup_logging()
    cfg = load(config)
    store = open_store(cfg)
    from scanner.bulletin import build_bulletin, last_complete_week, write_bulletin

    chosen = week or last_complete_week(date.today())
    result = guard(lambda: build_bulletin(cfg, store, chosen))
    files = write_bulletin(cfg, result, out_dir or Path(cfg.output.dir))
    store.close()
    out.print(
        f"bulletin {chosen}: {result.kept} of {result.read} article(s) on theme", markup=False
    )
    for fmt, path in files.items():
        out.print(f"  {fmt:<5} {path}", markup=False)
