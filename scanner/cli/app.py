"""The Typer application, shared options and the one place errors become messages.

Every command is a few lines over the library API; commands live in sibling modules, one per
concern, each registering itself on `app` (imported by `scanner.cli`).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Annotated, TypeVar

import typer
from rich.console import Console
from rich.highlighter import NullHighlighter
from rich.logging import RichHandler
from rich.markup import escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)

from scanner.config import Config, load_config
from scanner.errors import ScannerError
from scanner.records import SearchFilters
from scanner.store import Store

app = typer.Typer(
    name="scanner",
    help="Veille prospective en innovation santé: crawl, extract, theme, rank, search.",
    no_args_is_help=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)
console = Console(stderr=True)
out = Console(highlight=False, soft_wrap=True)

ConfigOption = Annotated[
    Path, typer.Option("--config", "-c", help="Path to config.toml (default ./config.toml).")
]
DEFAULT_CONFIG = Path("config.toml")

T = TypeVar("T")


def setup_logging(verbose: bool = False) -> None:
    """Only the CLI configures logging: warnings (skips, retries) go to stderr, through the
    console the progress bars draw on, so a warning prints above the bars instead of
    breaking them."""
    handler = RichHandler(
        console=console,
        show_time=False,
        show_path=False,
        markup=False,
        rich_tracebacks=False,
        highlighter=NullHighlighter(),
    )
    handler.setFormatter(logging.Formatter("%(name)s: %(message)s"))
    logging.basicConfig(
        level=logging.DEBUG if verbose else logging.WARNING, handlers=[handler], force=True
    )


class _Chosen:
    """The --config given before the command (`scanner --config w.toml crawl`), if any."""

    path: Path | None = None


@app.callback()
def main_options(
    config: Annotated[
        Path | None,
        typer.Option(
            "--config",
            "-c",
            help="Path to config.toml for any command (also accepted after the command).",
        ),
    ] = None,
) -> None:
    """Veille prospective en innovation santé: crawl, extract, theme, rank, search."""
    _Chosen.path = config  # set on every run: None resets what an earlier run chose


def config_path(config: Path) -> Path:
    """The file a command reads: its own --config, else the one given before the command,
    else ./config.toml."""
    if config == DEFAULT_CONFIG and _Chosen.path is not None:
        return _Chosen.path
    return config


def load(config: Path) -> Config:
    """Load the config or exit with its error message."""
    try:
        return load_config(config_path(config))
    except ScannerError as exc:
        fail(str(exc))
        raise  # unreachable; for type checkers


def open_store(cfg: Config) -> Store:
    return guard(lambda: Store.from_config(cfg.store))


def fail(message: str, code: int = 2) -> None:
    # the message may hold brackets ("config [crawl.timeout]: ..."): never read it as markup
    console.print(f"[red]error:[/red] {escape(message)}", markup=True, highlight=False)
    raise typer.Exit(code)


def guard(fn: Callable[[], T]) -> T:
    """Run fn; a ScannerError becomes a clear message and exit code 2."""
    try:
        return fn()
    except ScannerError as exc:
        fail(str(exc))
        raise


def iso_date(value: str | None, option: str) -> date | None:
    """A YYYY-MM-DD option's date, None when it is not given; else a usage error naming it."""
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        fail(f"{option}: expected YYYY-MM-DD, got {value!r}")
        raise


def search_filters(
    *,
    theme: list[str] | None,
    since: str | None,
    until: str | None,
    source: list[str] | None,
    lang: list[str] | None,
    organisation: list[str] | None,
    programme: list[str] | None,
    min_amount: float | None,
    stage: list[str] | None = None,
) -> SearchFilters:
    """The filters of `scanner search` and `scanner alerts add`, from their options."""
    return SearchFilters(
        themes=tuple(theme or ()),
        date_from=iso_date(since, "--since"),
        date_to=iso_date(until, "--until"),
        sources=tuple(source or ()),
        langs=tuple(lang or ()),
        organisations=tuple(organisation or ()),
        programmes=tuple(programme or ()),
        min_amount_eur=min_amount,
        stages=tuple(stage or ()),
    )


@contextmanager
def progress_bar(enabled: bool = True) -> Iterator[Callable[[str, int, int], None]]:
    """A progress callback (stage, done, total) drawing one rich bar per stage."""
    if not enabled or not console.is_terminal:
        yield lambda stage, done, total: None
        return
    bars: dict[str, TaskID] = {}
    with Progress(
        TextColumn("{task.description:<12}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=False,
    ) as progress:

        def update(stage: str, done: int, total: int) -> None:
            if stage not in bars:
                bars[stage] = progress.add_task(stage, total=total or None)
            progress.update(bars[stage], completed=done, total=total or None)

        yield update
