"""Search over everything collected, in French and English: ranked, browsed, exported.

    page = search_page(cfg, store, "gene therapy sickle cell", k=10, filters=SearchFilters())
    page.hits, page.total, page.hidden, page.facets      # one page, all counts
    hits = search(cfg, store, "robots chirurgicaux", k=10)
    browse = search_page(cfg, store, "", filters=SearchFilters(themes=("bloc_operatoire",)))
    html = snippet_html(hits[0].snippet)                  # escaped, <mark> highlights

A query ranks articles by relevance in [0, 1] (`scanner.search.rankings`: dense similarity and
lexical coverage, with the bilingual lexicon's translations and synonyms); hits under
`[search].min_relevance` are not shown, and the page says how many. No query but filters:
the matching articles, newest first (browsing). `sort="date"` orders the relevant hits by
publication date. Facets and the total count the hits themselves (above the cut-off), not the
store. Filters restrict both rankings before they are cut.
"""

from __future__ import annotations

import html
import logging
import math
from dataclasses import dataclass, field

from scanner.config import Config
from scanner.errors import InputError
from scanner.records import STAGES, Hit, SearchFilters
from scanner.search.hits import build_hits
from scanner.search.lexical import HL_END, HL_START
from scanner.search.lexicon import Lexicon, load_lexicon
from scanner.search.query import QueryTerms, analyse_query
from scanner.search.rankings import Ranked, dense_relevance
from scanner.search.retrieval import _cutoff, _ranked, facet_counts
from scanner.store import Store
from scanner.vectors.embed import article_vector
from scanner.vectors.index import passage_search

log = logging.getLogger(__name__)

MODES = ("hybrid", "dense", "lexical")
SORTS = ("relevance", "date")
MAX_K = 1_000


@dataclass
class SearchPage:
    """One page of hits with what the whole search found: `total` hits (above the relevance
    cut-off, or matching the filters when browsing), `hidden` ranked under the cut-off, the
    facet counts of the hits, and a note for the reader ("" when nothing to say)."""

    hits: list[Hit]
    total: int
    hidden: int = 0
    facets: dict[str, dict[str, int]] = field(default_factory=dict)
    note: str = ""
    cutoff: float = 0.0
    browsing: bool = False


def search(
    cfg: Config,
    store: Store,
    query: str,
    k: int = 10,
    filters: SearchFilters | None = None,
    mode: str = "hybrid",
    offset: int = 0,
    sort: str = "relevance",
    cutoff: float | None = None,
) -> list[Hit]:
    """The hits ranked `offset` to `offset + k` for a query in French or English.

    An empty query is an InputError, an unknown theme in the filters UnknownTheme; an overlong
    query is cut (logged, and said by `check_query`)."""
    terms = _checked(cfg, query, k, filters, mode, offset, sort)
    ranked, _ = _ranked(cfg, store, terms, filters, mode, sort, cutoff)
    return build_hits(cfg, store, terms, ranked[offset : offset + k])


def search_page(
    cfg: Config,
    store: Store,
    query: str,
    k: int = 10,
    filters: SearchFilters | None = None,
    mode: str = "hybrid",
    offset: int = 0,
    sort: str = "relevance",
    cutoff: float | None = None,
) -> SearchPage:
    """A page of hits and the counts of the whole search (what a search page shows). An
    empty query with filters browses: the matching articles, newest first."""
    if not query.strip():
        return _browse(cfg, store, k, filters, offset)
    terms = _checked(cfg, query, k, filters, mode, offset, sort)
    ranked, hidden = _ranked(cfg, store, terms, filters, mode, sort, cutoff)
    counts = facet_counts(cfg, store, [r.num for r in ranked[: cfg.search.facet_pool]])
    return SearchPage(
        hits=build_hits(cfg, store, terms, ranked[offset : offset + k]),
        total=len(ranked),
        hidden=hidden,
        facets=counts,
        note=terms.note,
        cutoff=_cutoff(cfg, cutoff),
    )


def like_page(
    cfg: Config,
    store: Store,
    article_id: str,
    k: int = 10,
    filters: SearchFilters | None = None,
    offset: int = 0,
    cutoff: float | None = None,
) -> SearchPage:
    """ "More like this": the articles closest to one article (its passages' mean vector), it
    and its near-duplicate story left out; NotFound for an unknown id."""
    check_filters(cfg, filters)
    article = store.articles.get(article_id)
    cached = store.vectors.get_many([article.content_hash], cfg.embed.model)
    if article.content_hash not in cached:
        return SearchPage([], 0, note="this article is not embedded yet: no neighbour to show")
    allowed = store.search.allowed_nums(filters)
    vector = article_vector(cached[article.content_hash])
    own = set(store.articles.num_of([article_id, *store.articles.story_members(article.story_id)]
                                    if article.story_id else [article_id]).values())  # fmt: skip
    found = passage_search(cfg, store, vector, cfg.search.depth + len(own), allowed=allowed)
    ranked = [
        Ranked(num, dense_relevance(score, cfg.search), slot)
        for num, score, slot in found
        if num not in own
    ]
    floor = _cutoff(cfg, cutoff)
    shown = [r for r in ranked if r.score >= floor]
    terms = QueryTerms(text="", note="", lang="", stems=())
    return SearchPage(
        hits=build_hits(cfg, store, terms, shown[offset : offset + k]),
        total=len(shown),
        hidden=len(ranked) - len(shown),
        facets=facet_counts(cfg, store, [r.num for r in shown[: cfg.search.facet_pool]]),
        cutoff=floor,
    )


def search_with_facets(
    cfg: Config,
    store: Store,
    query: str,
    k: int = 10,
    filters: SearchFilters | None = None,
    mode: str = "hybrid",
    offset: int = 0,
) -> tuple[list[Hit], dict[str, dict[str, int]]]:
    """`search` and `facets` of one query from a single ranking."""
    page = search_page(cfg, store, query, k, filters, mode, offset)
    return page.hits, page.facets


def facets(
    cfg: Config,
    store: Store,
    query: str,
    filters: SearchFilters | None = None,
    mode: str = "hybrid",
) -> dict[str, dict[str, int]]:
    """Counts per theme, source, language, organisation and programme over the hits."""
    return search_page(cfg, store, query, 1, filters, mode).facets


def all_hits(
    cfg: Config,
    store: Store,
    query: str,
    filters: SearchFilters | None = None,
    mode: str = "hybrid",
    sort: str = "relevance",
    cutoff: float | None = None,
) -> list[Hit]:
    """Every hit of a search or a browse (at most `[search].max_export`), for exports."""
    limit = cfg.search.max_export
    if not query.strip():
        return _browse(cfg, store, max(1, limit), filters, 0).hits
    terms = _checked(cfg, query, 1, filters, mode, 0, sort)
    ranked, _ = _ranked(cfg, store, terms, filters, mode, sort, cutoff)
    return build_hits(cfg, store, terms, ranked[:limit])


def snippet_html(snippet_text: str) -> str:
    """A snippet as HTML: every text segment escaped, highlights as <mark>."""
    out: list[str] = []
    for i, part in enumerate(snippet_text.split(HL_START)):
        marked, _, rest = part.partition(HL_END) if i else ("", "", part)
        if marked:
            out.append(f"<mark>{html.escape(marked, quote=False)}</mark>")
        out.append(html.escape(rest.replace(HL_END, ""), quote=False))
    return "".join(out)


def check_query(query: str, cfg: Config | None = None) -> tuple[str, str]:
    """The query as it will be searched and a note for the user ("" when nothing to say)."""
    terms = analyse_query(query, lexicon_of(cfg) if cfg else None)
    return terms.text, terms.note


def lexicon_of(cfg: Config) -> Lexicon | None:
    """The configured lexicon (None when `[search].lexicon` is ""): a missing or malformed
    one is an error naming the file, never a silent search without it."""
    if not cfg.search.lexicon:
        return None
    from scanner.config import resource_dir

    return load_lexicon(str(resource_dir(cfg.search.lexicon) / cfg.search.lexicon))


def _browse(
    cfg: Config, store: Store, k: int, filters: SearchFilters | None, offset: int
) -> SearchPage:
    check_filters(cfg, filters)
    nums, total = store.search.newest(filters, k, offset)
    pool = store.search.newest(filters, cfg.search.facet_pool, 0)[0]
    terms = QueryTerms(text="", note="", lang="", stems=())
    ranked = [Ranked(n, 0.0) for n in nums]
    return SearchPage(
        hits=build_hits(cfg, store, terms, ranked),
        total=total,
        facets=facet_counts(cfg, store, pool),
        browsing=True,
    )


# ---------------------------------------------------------------- checks


def check_filters(cfg: Config, filters: SearchFilters | None) -> None:
    """Raise UnknownTheme or InputError on a filter no article could match sensibly."""
    if filters is None:
        return
    for theme in filters.themes:
        cfg.theme(theme)  # UnknownTheme, listing the known ones
    if filters.date_from and filters.date_to and filters.date_from > filters.date_to:
        raise InputError(f"date range ends ({filters.date_to}) before it starts")
    for stage in filters.stages:
        if stage not in STAGES:
            raise InputError(f"unknown stage {stage!r}; known stages: {', '.join(STAGES)}")
    low = filters.min_amount_eur
    if low is not None and not (math.isfinite(low) and low >= 0):
        raise InputError(f"the minimum amount must be a number of euros ≥ 0, not {low}")


def _checked(
    cfg: Config,
    query: str,
    k: int,
    filters: SearchFilters | None,
    mode: str,
    offset: int,
    sort: str = "relevance",
) -> QueryTerms:
    if mode not in MODES:
        raise InputError(f"search mode must be one of {', '.join(MODES)}, not {mode!r}")
    if sort not in SORTS:
        raise InputError(f"sort must be one of {', '.join(SORTS)}, not {sort!r}")
    if not 1 <= k <= MAX_K:
        raise InputError(f"k must be between 1 and {MAX_K}, not {k}")
    if offset < 0:
        raise InputError(f"offset must not be negative, not {offset}")
    check_filters(cfg, filters)
    terms = analyse_query(query, lexicon_of(cfg))
    if terms.note:
        log.warning("%s", terms.note)
    return terms
