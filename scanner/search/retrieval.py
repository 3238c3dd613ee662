"""A checked query's ranking, under `scanner.search.hybrid`: the ranking of one mode (`rank`,
the dense side within the filters by `filtered_dense`), cut off at the minimum relevance and
ordered (`_ranked`, kept until the store or the index changes, like `facet_counts`), and
`update_lexical`, which stems the articles the lexical ranking has not seen yet."""

from __future__ import annotations

import logging
from collections.abc import Callable

from scanner.config import Config
from scanner.records import SearchFilters
from scanner.search.lexical import stem_text
from scanner.search.query import QueryTerms
from scanner.search.rankings import (
    Ranked,
    dense_ranking,
    dense_relevance,
    fuse,
    lexical_ranking,
)
from scanner.store import Store
from scanner.vectors.index import index_stamp

# the records keep the logger name they had before this module was split from hybrid.py
log = logging.getLogger("scanner.search.hybrid")

WIDEN = 8  # a filtered dense search first looks at this many times more articles
Progress = Callable[[str, int, int], None]


def update_lexical(store: Store, progress: Progress | None = None) -> int:
    """Stem the articles that have no up-to-date stemmed copy; returns how many."""
    done = 0
    while rows := store.search.unstemmed(500):
        if not done and len(rows) == 500:
            log.info("stemming articles for lexical search (once per article)")
        stems = [
            (r["num"], stem_text(r["title"], r["lang"]), stem_text(r["text"], r["lang"]))
            for r in rows
        ]
        store.search.put_stems(stems)
        done += len(rows)
        if progress:
            progress("lexical", done, done)
    return done


def rank(
    cfg: Config,
    store: Store,
    terms: QueryTerms,
    filters: SearchFilters | None,
    mode: str,
    depth: int | None = None,
) -> list[Ranked]:
    """The ranking of a checked query in one mode, every score a relevance in [0, 1]."""
    depth = depth or cfg.search.depth
    lexical: list[Ranked] = []
    if mode != "dense":
        update_lexical(store)  # articles stored since the last processing run count too
        lexical = lexical_ranking(store, terms, filters, depth)
    if mode == "lexical":
        return [r for r in lexical if r.score > 0]
    # hybrid: the lexical hits covering most of the query pull the dense query towards their
    # articles (pseudo-relevance feedback), which carries French keyword matches into the
    # English-centred model; a hit matching one stray word does not
    feedback = []
    if mode == "hybrid":
        good = [r.num for r in lexical if r.score >= cfg.search.feedback_coverage]
        feedback = good[: cfg.search.feedback_docs]
    dense = filtered_dense(cfg, store, terms.dense_text, filters, depth, feedback)
    if mode == "dense":
        return [Ranked(r.num, dense_relevance(r.score, cfg.search), r.passage) for r in dense]
    return fuse(dense, lexical, cfg.search)


def filtered_dense(
    cfg: Config,
    store: Store,
    text: str,
    filters: SearchFilters | None,
    depth: int,
    feedback: list[int],
) -> list[Ranked]:
    """The dense ranking within the filters: the nearest articles overall, checked against
    the filters (cheap, whatever the filter); only when too few pass (a narrow filter) the
    search runs again over exactly the articles that pass."""
    if filters is None or filters == SearchFilters():
        return dense_ranking(cfg, store, text, None, depth, feedback)
    wide = depth * WIDEN
    nearest = dense_ranking(cfg, store, text, None, wide, feedback)
    passed: list[Ranked] = []
    # checked `depth` at a time, nearest first, until `depth` pass: a filter on a quarter of
    # the store reads 800 articles rather than all `wide` of them
    for lo in range(0, len(nearest), depth):
        chunk = nearest[lo : lo + depth]
        keep = set(store.search.passing([r.num for r in chunk], filters))
        passed += [r for r in chunk if r.num in keep]
        if len(passed) >= depth:
            break
    if len(passed) >= depth or len(nearest) < wide:
        return passed[:depth]
    allowed = store.search.allowed_nums(filters)
    if not allowed:
        return []
    return dense_ranking(cfg, store, text, allowed, depth, feedback)


def _cutoff(cfg: Config, cutoff: float | None) -> float:
    return cfg.search.min_relevance if cutoff is None else cutoff


def facet_counts(cfg: Config, store: Store, nums: list[int]) -> dict[str, dict[str, int]]:
    """`store.search.facet_counts`, kept until the store changes."""
    return store.memo.get(
        ("facets", tuple(nums)), lambda: store.search.facet_counts(nums), cfg.search.cache
    )


def _ranked(
    cfg: Config,
    store: Store,
    terms: QueryTerms,
    filters: SearchFilters | None,
    mode: str,
    sort: str,
    cutoff: float | None,
) -> tuple[list[Ranked], int]:
    """The hits above the cut-off in the order asked for, and how many fell under it; kept
    until the store or the index on disk changes (paging, facets and exports rank once)."""
    key = ("ranked", cfg.search, cfg.embed, cfg.index, index_stamp(cfg), terms.text, filters,
           mode, sort, cutoff)  # fmt: skip
    return store.memo.get(
        key,
        lambda: _ranked_now(cfg, store, terms, filters, mode, sort, cutoff),
        cfg.search.cache,
    )


def _ranked_now(
    cfg: Config,
    store: Store,
    terms: QueryTerms,
    filters: SearchFilters | None,
    mode: str,
    sort: str,
    cutoff: float | None,
) -> tuple[list[Ranked], int]:
    ranked = rank(cfg, store, terms, filters, mode)
    floor = _cutoff(cfg, cutoff)
    shown = [r for r in ranked if r.score >= floor]
    if sort == "date":
        dates = store.search.published_of([r.num for r in shown])
        shown.sort(key=lambda r: (dates.get(r.num) or "", r.score), reverse=True)
    return shown, len(ranked) - len(shown)
