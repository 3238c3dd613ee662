"""Command-line interface: `scanner --help`. Each module below registers its commands."""

from __future__ import annotations

# command modules register themselves on `app` when imported
from scanner.cli import (  # noqa: E402,F401
    alert_cmds,
    bulletin_cmds,  # noqa: E402,F401
    config_cmds,
    crawl_cmds,  # noqa: E402,F401
    eval_cmds,
    facts_cmds,
    pipeline_cmds,
    sources_cmds,
    spans_cmds,
    team_cmds,
    web_cmds,  # noqa: E402,F401
)
from scanner.cli.app import app

__all__ = ["app", "main"]


def main() -> None:
    """Entry point of the `scanner` console script."""
    app()
