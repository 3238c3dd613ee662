"""A researcher's view of one watch: open it from a notebook, read its articles as a table.

    watch = open_watch()                  # $SCANNER_CONFIG, else ../config.toml, else ./config.toml
    articles = articles_frame(watch.cfg, watch.store)

Relative paths in a config resolve against the current directory (two folders, two watches),
so `open_watch` moves into the config's folder, as a user running the CLI there would be.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pandas as pd

from scanner.config import Config, load_config
from scanner.errors import ConfigError, StoreError
from scanner.pipeline import iso_week, weeks_with_articles
from scanner.records import Article, ThemeScore
from scanner.store import Store

CONFIG_ENV = "SCANNER_CONFIG"
OFF_TOPIC = "hors_theme"
OFF_TOPIC_LABEL = "Hors thème"
ARTICLE_COLUMNS = (
    "id",
    "title",
    "url",
    "source",
    "published",
    "week",
    "lang",
    "story_id",
    "theme",
    "theme_label",
    "themes",
    "score",
    "words",
    "stage",
)


@dataclass
class Watch:
    """An opened watch: its config, its store and the folder its relative paths start from."""

    cfg: Config
    store: Store
    folder: Path

    def close(self) -> None:
        self.store.close()


def find_config(explicit: str | Path | None = None, start: Path | None = None) -> Path:
    """The config a notebook means: `explicit`, else $SCANNER_CONFIG, else `../config.toml`
    or `./config.toml` from `start` (the notebook's folder, default the current one)."""
    if explicit is not None:
        candidates = [Path(explicit)]
    elif os.environ.get(CONFIG_ENV):
        candidates = [Path(os.environ[CONFIG_ENV])]
    else:
        here = start or Path.cwd()
        candidates = [here.parent / "config.toml", here / "config.toml"]
    for path in candidates:
        if path.is_file():
            return path.resolve()
    tried = ", ".join(str(p) for p in candidates)
    raise ConfigError("", f"no config file found (tried {tried}); set ${CONFIG_ENV}")


def open_watch(config: str | Path | None = None, start: Path | None = None) -> Watch:
    """Load the config (see `find_config`), move into its folder and open its store, which
    must exist: an empty store made here would only hide a wrong path."""
    path = find_config(config, start)
    cfg = load_config(path)
    os.chdir(path.parent)
    sqlite_path = cfg.store.sqlite_path
    if sqlite_path is not None and not Path(sqlite_path).is_file():
        raise StoreError(
            f"no store at {Path(sqlite_path).resolve()} (config {path}): run `make demo` or "
            "`scanner crawl` and `scanner process` first"
        )
    return Watch(cfg, Store.from_config(cfg.store), path.parent)


def theme_labels(cfg: Config, off_topic: bool = True) -> dict[str, str]:
    """Theme key → French label, in taxonomy order (off-topic last)."""
    labels = {t.key: t.label for t in cfg.taxonomy}
    if off_topic:
        labels[OFF_TOPIC] = OFF_TOPIC_LABEL
    return labels


def week_of(published: date | None) -> str | None:
    """The ISO week of a date (None for none)."""
    return iso_week(published) if published is not None else None


def all_weeks(store: Store) -> list[str]:
    """Every ISO week from the oldest to the newest published article (gaps included)."""
    return weeks_with_articles(store)


def _row(
    a: Article, scores: Sequence[ThemeScore], labels: dict[str, str], stage: str | None = None
) -> dict:
    assigned = sorted((s for s in scores if s.assigned), key=lambda s: -s.score)
    best = assigned[0] if assigned else max(scores, key=lambda s: s.score, default=None)
    theme = assigned[0].theme if assigned else OFF_TOPIC
    return {
        "id": a.id,
        "title": a.title or a.url,
        "url": a.url,
        "source": a.source_id,
        "published": pd.Timestamp(a.published) if a.published else pd.NaT,
        "week": week_of(a.published),
        "lang": a.lang,
        "story_id": a.story_id or a.id,
        "theme": theme,
        "theme_label": labels.get(theme, theme),
        "themes": tuple(s.theme for s in assigned),
        "score": float(best.score) if best else float("nan"),
        "words": len(a.text.split()),
        "stage": stage,
    }


def articles_frame(cfg: Config, store: Store, processed_only: bool = False) -> pd.DataFrame:
    """One row per stored article: title, source, date, ISO week, best assigned theme
    (`hors_theme` when none), every assigned theme, the best score, the maturity stage
    (None when off-topic or not said). `processed_only` keeps
    the articles the semantic stage has scored."""
    articles = store.articles.all()
    scores = store.themes.for_articles([a.id for a in articles])
    labels = theme_labels(cfg)
    stages = store.stages.for_articles([a.id for a in articles])
    rows = [
        _row(a, scores.get(a.id, []), labels, m.stage if (m := stages.get(a.id)) else None)
        for a in articles
        if scores.get(a.id) or not processed_only
    ]
    frame = pd.DataFrame(rows, columns=list(ARTICLE_COLUMNS))
    return frame.sort_values(["published", "id"], na_position="last").reset_index(drop=True)
