"""The two rankings behind a search and their fusion.

Lexical: the store's full text (FTS5, or PostgreSQL's) finds the articles holding any form of any query concept (translations and
synonyms from the lexicon included), bm25 orders them; each is then scored by its coverage,
the share of the query's concepts it shows, each concept weighted by its rarity (idf). Dense:
the query embedded with the configured model, matched against every article's passage and
whole-article vectors in the FAISS index (an article scores by its best one). Fusion: a
weighted sum of the dense similarity and the lexical coverage, each mapped to [0, 1]
(`relevance`), so that one common word matched cannot outweigh a close dense match, and the
result is a relevance a cut-off can apply to (`[search].min_relevance`).
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from scanner.config import Config, EmbedConfig, SearchConfig
from scanner.records import SearchFilters
from scanner.search.concepts import PREFIX_MIN, QueryConcept, coverage, idf
from scanner.search.query import QueryTerms
from scanner.store import Store
from scanner.vectors.embed import article_vector, load_embedder
from scanner.vectors.index import index_info, passage_search

BM25_MAX_MATCHES = 5_000  # more matches than this: candidates by date, not by bm25


@dataclass(frozen=True, slots=True)
class Ranked:
    """One article in a ranking: its score and, from dense search, its best passage."""

    num: int
    score: float
    passage: int | None = None


def lexical_ranking(
    store: Store, terms: QueryTerms, filters: SearchFilters | None, depth: int
) -> list[Ranked]:
    """The `depth` best bm25 matches, re-ordered by coverage (score: coverage in [0, 1])."""
    if not terms.concepts:
        return []
    weights, matches = concept_weights(store, terms.concepts)
    # bm25 scores every match before it can sort them: over tens of thousands of articles
    # holding common words that costs more than the page. Then the newest matches are the
    # candidates, and coverage (and the dense side) orders them.
    by_date = matches > BM25_MAX_MATCHES
    rows = store.search.lexical(terms.forms, filters, depth, newest=by_date)
    if not rows:
        return []
    stems = store.search.stems_of([num for num, _ in rows])
    scored = [
        (coverage(stems.get(num, ""), terms.concepts, weights), -pos, num)
        for pos, (num, _) in enumerate(rows)
    ]
    scored.sort(reverse=True)
    return [Ranked(num, share) for share, _, num in scored]


def concept_weights(store: Store, concepts: Sequence[QueryConcept]) -> tuple[list[float], int]:
    """Each concept's idf: from the articles holding its most common form (the forms are
    alternatives, so the concept is at least that common); and about how many articles match
    the query at most (the sum over concepts, an over-count)."""
    total = max(1, store.search.stemmed_count())
    # every count asked at once (PostgreSQL answers them in one statement)
    asked = list(
        dict.fromkeys(
            (form[0], len(form[0]) >= PREFIX_MIN) if len(form) == 1 else (s, False)
            for concept in concepts
            for form in concept.forms
            for s in form
        )
    )
    found = dict(zip(asked, store.search.doc_freqs(asked), strict=True))
    weights = []
    matches = 0
    for concept in concepts:
        df = 0
        for form in concept.forms:
            if len(form) == 1:
                df = max(df, found[form[0], len(form[0]) >= PREFIX_MIN])
            else:
                df = max(df, min(found[s, False] for s in form))
        weights.append(idf(min(df, total), total))
        matches += df
    return weights, min(matches, total)


def dense_ranking(
    cfg: Config,
    store: Store,
    text: str,
    allowed: list[int] | None,
    depth: int,
    feedback: Sequence[int] = (),
) -> list[Ranked]:
    """The `depth` articles closest to the query (score: cosine of the best passage), the
    query first moved towards the `feedback` articles' vectors when given."""
    if not index_info(cfg, store)["vectors"]:
        return []  # nothing embedded yet: no need to load the model for the query
    vector = query_vector(cfg, text)
    if feedback and cfg.search.feedback_weight > 0:
        vector = with_feedback(cfg, store, vector, list(feedback))
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


def dense_relevance(cosine: float, cfg: SearchConfig) -> float:
    """A dense similarity mapped to [0, 1]: 0 at `dense_floor`, 1 at `dense_ceiling`."""
    span = cfg.dense_ceiling - cfg.dense_floor
    return min(1.0, max(0.0, (cosine - cfg.dense_floor) / span)) if span > 0 else 0.0


def fuse(dense: list[Ranked], lexical: list[Ranked], cfg: SearchConfig) -> list[Ranked]:
    """Weighted sum of dense relevance and lexical coverage, normalised by the weights: a
    relevance in [0, 1]; ties keep the dense order. Dense passages are kept for snippets."""
    total = cfg.dense_weight + cfg.lexical_weight or 1.0
    scores: dict[int, float] = {}
    passage: dict[int, int | None] = {}
    for r in dense:
        scores[r.num] = cfg.dense_weight * dense_relevance(r.score, cfg) / total
        passage[r.num] = r.passage
    for r in lexical:
        share = r.score**cfg.coverage_power if r.score > 0 else 0.0
        scores[r.num] = scores.get(r.num, 0.0) + cfg.lexical_weight * share / total
    order = sorted(scores, key=lambda n: -scores[n])  # stable: dense order first on ties
    return [Ranked(n, scores[n], passage.get(n)) for n in order]
