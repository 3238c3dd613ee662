"""Command-line interface: `scanner --help`. Each module below registers its commands."""

from __future__ import annotations

from scanner.cli.app import app

# command modules register themselves on `app` when imported
from scanner.cli import bulletin_cmds  # noqa: E402,F401
from scanner.cli import crawl_cmds  # noqa: E402,F401
from scanner.cli import eval_cmds, pipeline_cmds  # noqa: E402,F401
from scanner.cli import web_cmds  # noqa: E402,F401

__all__ = ["app", "main"]


def main() -> None:
    """Entry point of the `scanner` console script."""
    app()
