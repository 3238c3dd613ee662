"""A researcher's view of the store, for the notebooks: pandas tables and matplotlib charts.

    from scanner import analysis as an
    watch = an.open_watch()                           # the store config.toml names
    articles = an.articles_frame(watch.cfg, watch.store)
    an.theme_weeks(watch.cfg, watch.store, articles)  # items per theme per ISO week

    watch.py        open a watch from a notebook; articles with their themes
    landscape.py    2-D map of the embeddings, emerging clusters, regions of the map
    signals.py      weekly counts, money, rising organisations, cluster lineage
    quality.py      `scanner eval` as tables, theme confusion, mention errors in context
    corrections.py  what the curators' corrections changed
    charts.py       matplotlib figures of all of the above

Submodules load on first use (the evaluation ones pull in spaCy and FAISS, which a map does
not need). Needs pandas (`pip install -e '.[notebooks]'`); nothing else in the package imports it.
"""

from __future__ import annotations

import importlib
from typing import Any

# public name -> the submodule that defines it
_EXPORTS = {
    "OFF_TOPIC": "watch",
    "Outline": "landscape",
    "Watch": "watch",
    "accuracy_table": "quality",
    "alias_table": "corrections",
    "all_weeks": "watch",
    "article_matrix": "landscape",
    "articles_frame": "watch",
    "cluster_outlines": "landscape",
    "cluster_stories": "signals",
    "cluster_timeline": "signals",
    "cluster_weeks": "signals",
    "context": "quality",
    "corpora_folder": "quality",
    "correction_summary": "corrections",
    "corrections_frame": "corrections",
    "find_config": "watch",
    "gold_texts": "quality",
    "in_eur": "signals",
    "landscape_frame": "landscape",
    "largest_amounts": "signals",
    "mention_errors": "quality",
    "mention_statuses": "corrections",
    "mention_table": "quality",
    "money_by": "signals",
    "money_frame": "signals",
    "open_watch": "watch",
    "organisation_weeks": "signals",
    "outline_table": "landscape",
    "placed_articles": "landscape",
    "project": "landscape",
    "region": "landscape",
    "region_of": "landscape",
    "rising_organisations": "signals",
    "search_table": "quality",
    "theme_confusion": "quality",
    "theme_label_effects": "corrections",
    "theme_labels": "watch",
    "theme_mistakes": "quality",
    "theme_predictions": "quality",
    "theme_stage_table": "landscape",
    "theme_systems": "quality",
    "theme_table": "quality",
    "theme_weeks": "signals",
    "with_clusters": "landscape",
    "worst_errors": "quality",
}
__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{_EXPORTS[name]}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_EXPORTS])
