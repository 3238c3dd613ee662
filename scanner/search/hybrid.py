"""Hybrid search over everything collected: FAISS dense ranking + FTS5 lexical ranking, fused.

    hits = search(cfg, store, "robots chirurgicaux", k=10, filters=SearchFilters(...))
    counts = facets(cfg, store, "robots chirurgicaux")       # themes, sources, langs, ...
    html = snippet_html(hits[0].snippet)                      # escaped, <mark> highlights

Dense: the query embedded with the configured model, matched against every article's passage
and whole-article vectors in the FAISS index (an article scores by its best one). Lexical: bm25
over the stemmed, accent-folded copy of each article (`scanner.search.lexical`). Hybrid: reciprocal
rank fusion of the two rankings, the dense query first moved towards the best lexical hits
(pseudo-relevance feedback: the default model is English-centred, French keyword matches steer
it). Filters restrict both rankings before they are cut, so a filtered search still returns
`k` hits when there are `k` matching articles.
"""

from __future__ import annotations

import functools
import html
import logging
import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import numpy as np

from scanner.config import Config, EmbedConfig
from scanner.errors import InputError
from scanner.records import STAGES, Hit, SearchFilters
from scanner.search.lexical import HL_END, HL_START, QueryTerms, analyse_query, snippet, stem_text
from scanner.store import Store
from scanner.vectors.embed import article_vector, load_embedder, passage_spans
from scanner.vectors.index import ARTICLE_SLOT, index_info, passage_search

log = logging.getLogger(__name__)

MODES = ("hybrid", "dense", "lexical")
MAX_K = 1_000
Progress = Callable[[str, int, int], None]


@dataclass(frozen=True, slots=True)
class Ranked:
    """One article in a ranking: its score and, from dense search, its best passage."""

    num: int
    score: float
    passage: int | None = None


def search(
    cfg: Config,
    store: Store,
    query: str,
    k: int = 10,
    filters: SearchFilters | None = None,
    mode: str = "hybrid",
    offset: int = 0,
) -> list[Hit]:
    """The hits ranked `offset` to `offset + k` for a query in French or English.

    An empty query is an InputError, an unknown theme in the filters UnknownTheme; an overlong
    query is cut (logged, and said by `check_query`)."""
    terms = _checked(cfg, query, k, filters, mode, offset)
    ranked = rank(cfg, store, terms, filters, mode, depth=max(cfg.search.depth, offset + k))
    return _hits(cfg, store, terms, ranked[offset : offset + k])


def facets(
    cfg: Config,
    store: Store,
    query: str,
    filters: SearchFilters | None = None,
    mode: str = "hybrid",
) -> dict[str, dict[str, int]]:
    """Counts per theme, source, language, organisation and programme over the articles the
    query matches (its best `[search].facet_pool` hits), filters applied."""
    terms = _checked(cfg, query, 1, filters, mode, 0)
    ranked = rank(cfg, store, terms, filters, mode, depth=cfg.search.facet_pool)
    return store.search.facet_counts([r.num for r in ranked[: cfg.search.facet_pool]])


def search_with_facets(
    cfg: Config,
    store: Store,
    query: str,
    k: int = 10,
    filters: SearchFilters | None = None,
    mode: str = "hybrid",
    offset: int = 0,
) -> tuple[list[Hit], dict[str, dict[str, int]]]:
    """`search` and `facets` of one query from a single ranking (what a search page shows)."""
    terms = _checked(cfg, query, k, filters, mode, offset)
    depth = max(cfg.search.depth, cfg.search.facet_pool, offset + k)
    ranked = rank(cfg, store, terms, filters, mode, depth=depth)
    counts = store.search.facet_counts([r.num for r in ranked[: cfg.search.facet_pool]])
    return _hits(cfg, store, terms, ranked[offset : offset + k]), counts


def snippet_html(snippet_text: str) -> str:
    """A snippet as HTML: every text segment escaped, highlights as <mark>."""
    out: list[str] = []
    for i, part in enumerate(snippet_text.split(HL_START)):
        marked, _, rest = part.partition(HL_END) if i else ("", "", part)
        if marked:
            out.append(f"<mark>{html.escape(marked, quote=False)}</mark>")
        out.append(html.escape(rest.replace(HL_END, ""), quote=False))
    return "".join(out)


def check_query(query: str) -> tuple[str, str]:
    """The query as it will be searched and a note for the user ("" when nothing to say)."""
    terms = analyse_query(query)
    return terms.text, terms.note


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


# ---------------------------------------------------------------- rankings


def rank(
    cfg: Config,
    store: Store,
    terms: QueryTerms,
    filters: SearchFilters | None,
    mode: str,
    depth: int,
) -> list[Ranked]:
    """The fused (or single) ranking of up to `depth`·2 articles for a checked query."""
    allowed = store.search.allowed_nums(filters)
    if allowed is not None and not allowed:
        return []
    lexical = _lexical(store, terms, filters, depth) if mode != "dense" else []
    if mode == "lexical":
        return lexical
    # hybrid: the best lexical hits pull the dense query towards their articles (pseudo-
    # relevance feedback), which carries French keyword matches into the English-centred model
    feedback = lexical[: cfg.search.feedback_docs] if mode == "hybrid" else []
    dense = _dense(cfg, store, terms, allowed, depth, [r.num for r in feedback])
    if mode == "dense":
        return dense
    return fuse(
        [(cfg.search.dense_weight, dense), (cfg.search.lexical_weight, lexical)], cfg.search.rrf_k
    )


def fuse(rankings: list[tuple[float, list[Ranked]]], rrf_k: int = 60) -> list[Ranked]:
    """Reciprocal rank fusion: Σ weight / (rrf_k + rank), rank from 1; keeps dense passages."""
    scores: dict[int, float] = {}
    passage: dict[int, int] = {}
    for weight, ranking in rankings:
        for position, r in enumerate(ranking, start=1):
            scores[r.num] = scores.get(r.num, 0.0) + weight / (rrf_k + position)
            if r.passage is not None:
                passage.setdefault(r.num, r.passage)
    order = sorted(scores, key=lambda n: (-scores[n], n))
    return [Ranked(n, scores[n], passage.get(n)) for n in order]


def _dense(
    cfg: Config,
    store: Store,
    terms: QueryTerms,
    allowed: list[int] | None,
    depth: int,
    feedback: list[int] | None = None,
) -> list[Ranked]:
    if not index_info(cfg, store)["vectors"]:
        return []  # nothing embedded yet: no need to load the model for the query
    vector = query_vector(cfg, terms.text)
    if feedback and cfg.search.feedback_weight > 0:
        vector = with_feedback(cfg, store, vector, feedback)
    return [
        Ranked(num, score, slot)
        for num, score, slot in passage_search(cfg, store, vector, depth, allowed=allowed)
    ]


def with_feedback(cfg: Config, store: Store, vector: np.ndarray, nums: list[int]) -> np.ndarray:
    """The query vector plus `feedback_weight` times the mean article vector of `nums`."""
    found = [
        article_vector(v) for _, _, v in store.vectors.cached_articles(cfg.embed.model, nums=nums)
    ]
    if not found:
        return vector
    moved = vector + cfg.search.feedback_weight * np.mean(found, axis=0)
    norm = float(np.linalg.norm(moved))
    return (moved / norm).astype(np.float32) if norm > 0 else vector


def query_vector(cfg: Config, text: str) -> np.ndarray:
    """The query's embedding (cached: a page asks for hits and facets of the same query)."""
    return _query_vector(cfg.embed, text)


@functools.lru_cache(maxsize=256)
def _query_vector(embed_cfg: EmbedConfig, text: str) -> np.ndarray:
    vector = load_embedder(embed_cfg).encode([text])[0]
    vector.setflags(write=False)
    return vector


def _lexical(
    store: Store, terms: QueryTerms, filters: SearchFilters | None, depth: int
) -> list[Ranked]:
    update_lexical(store)  # articles stored since the last processing run are searchable too
    if not terms.stems:
        return []
    return [Ranked(num, score) for num, score in store.search.lexical(terms.fts(), filters, depth)]


# ---------------------------------------------------------------- checks and hits


def _checked(
    cfg: Config,
    query: str,
    k: int,
    filters: SearchFilters | None,
    mode: str,
    offset: int,
) -> QueryTerms:
    if mode not in MODES:
        raise InputError(f"search mode must be one of {', '.join(MODES)}, not {mode!r}")
    if not 1 <= k <= MAX_K:
        raise InputError(f"k must be between 1 and {MAX_K}, not {k}")
    if offset < 0:
        raise InputError(f"offset must not be negative, not {offset}")
    if filters is not None:
        for theme in filters.themes:
            cfg.theme(theme)  # UnknownTheme, listing the known ones
        for stage in filters.stages:
            if stage not in STAGES:
                raise InputError(f"unknown stage {stage!r}; known stages: {', '.join(STAGES)}")
        if filters.date_from and filters.date_to and filters.date_from > filters.date_to:
            raise InputError(f"date range ends ({filters.date_to}) before it starts")
        low = filters.min_amount_eur
        if low is not None and not (math.isfinite(low) and low >= 0):
            raise InputError(f"the minimum amount must be a number of euros ≥ 0, not {low}")
    terms = analyse_query(query)
    if terms.note:
        log.warning("%s", terms.note)
    return terms


def _hits(cfg: Config, store: Store, terms: QueryTerms, ranked: list[Ranked]) -> list[Hit]:
    rows = store.search.hit_rows([r.num for r in ranked])
    hits = []
    for r in ranked:
        row = rows.get(r.num)
        if row is None:  # removed since it was ranked
            continue
        focus = None
        if r.passage and r.passage != ARTICLE_SLOT:  # else the lead: the default anyway
            spans = passage_spans(row["text"], cfg.embed.chunk_words, cfg.embed.max_chunks)
            focus = spans[r.passage] if r.passage < len(spans) else None
        hits.append(
            Hit(
                article_id=row["id"],
                score=float(r.score),
                title=row["title"],
                url=row["url"],
                snippet=snippet(row["text"], terms, row["lang"], focus),
                published=date.fromisoformat(row["published"]) if row["published"] else None,
            )
        )
    return hits
