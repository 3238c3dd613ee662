"""The weekly watch bulletin: rank the week's stories per theme and write HTML, Markdown, JSON
and an Atom feed.

    from scanner.bulletin import build_bulletin, write_bulletin, last_complete_week
    bulletin = build_bulletin(cfg, store, last_complete_week(date.today()))
    files = write_bulletin(cfg, bulletin, Path(cfg.output.dir))   # {"html": Path, ...}

Modules: `build` (the edge: reads the store, saves the bulletin), `compose` (pure: inputs →
bulletin), `summary` (extractive summaries), `model` (dataclasses, JSON form), `charts` (inline
SVG), `render` (HTML, Markdown, files), `atom` (the feed). Ranking itself is `scanner.bulletin.rank`.
"""

from __future__ import annotations

from scanner.bulletin.build import (
    build_bulletin,
    gather,
    iso_week,
    last_complete_week,
    latest_week_with_items,
    require_articles,
    week_dates,
)
from scanner.bulletin.model import Bulletin, bulletin_json
from scanner.bulletin.render import render_html, render_markdown, write_bulletin

__all__ = [
    "Bulletin",
    "build_bulletin",
    "bulletin_json",
    "gather",
    "iso_week",
    "last_complete_week",
    "latest_week_with_items",
    "render_html",
    "render_markdown",
    "require_articles",
    "week_dates",
    "write_bulletin",
]
