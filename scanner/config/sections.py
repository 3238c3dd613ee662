"""The configuration's sections: one frozen dataclass per TOML table, each field's default read
from defaults.toml, and `Config`, the whole. This module holds the sections of collection and
search (store, index, output, crawl, dedup, nlp, embed, search); `analysis.py` those of themes,
maturity, ranking and the bulletin (and the taxonomy), `service.py` those of the web app,
workers, the demo site and alerts.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field

from scanner.config.analysis import (
    BulletinConfig,
    MaturityConfig,
    RankConfig,
    Theme,
    ThemesConfig,
    _taxonomy,
)
from scanner.config.defaults import (
    DEFAULTS,
    _crawl,
    _dedup,
    _embed,
    _index,
    _nlp,
    _output,
    _search,
    _store,
)
from scanner.config.service import AlertsConfig, DemoConfig, WebConfig, WorkerConfig
from scanner.config.values import parse_store_url
from scanner.errors import UnknownTheme
from scanner.records import Source


@dataclass(frozen=True, slots=True)
class StoreConfig:
    """Where a watch's state lives.

    `url` is `sqlite:///PATH` (the embedded default; a relative PATH resolves against the
    current directory) or `postgresql://USER@HOST:PORT/DBNAME` (a team's shared store; the
    password comes from ~/.pgpass or $PGPASSWORD rather than the file). `connections` bounds
    the PostgreSQL connections of one process.
    """

    url: str = _store("url")
    connections: int = _store("connections")

    @property
    def backend(self) -> str:
        """ "sqlite" or "postgresql"."""
        return parse_store_url(self.url)[0]

    @property
    def sqlite_path(self) -> str | None:
        """The SQLite file (or ":memory:"), None on PostgreSQL."""
        backend, target = parse_store_url(self.url)
        return target if backend == "sqlite" else None


@dataclass(frozen=True, slots=True)
class IndexConfig:
    """FAISS index on disk: exact inner product up to `exact_max` vectors, IVF beyond.

    `nlist` is the number of IVF lists (0: about 2·√n, chosen when the index is trained);
    `nprobe` how many of them a query visits (recall against speed: 96 gives recall@10 0.97
    at 1M vectors, p95 20 ms; raise it for much larger indexes).
    """

    path: str = _index("path")
    exact_max: int = _index("exact_max")
    nlist: int = _index("nlist")
    nprobe: int = _index("nprobe")
    recheck: float = _index("recheck")


@dataclass(frozen=True, slots=True)
class OutputConfig:
    """Where bulletins are written."""

    dir: str = _output("dir")


@dataclass(frozen=True, slots=True)
class CrawlConfig:
    """Crawl politeness and limits.

    `timeout` bounds a whole request (a slow-drip server cannot hold a fetch longer);
    `concurrency` requests fly at once, at most `per_host` to one host, each host's requests
    `delay` seconds apart (a source's own `delay` overrides it); 429/5xx/connection errors are
    retried `retries` times with exponential `backoff`, honouring a `Retry-After` up to
    `max_wait` seconds. Bodies over `max_bytes` are cut off and skipped. A listing follows up
    to `listing_pages` pages of pagination, a sitemap index up to `max_sitemaps` sitemaps.
    Pages whose text has fewer than `min_text_chars` characters are skipped as empty.
    `extraction` is trafilatura's trade-off (precision | balanced | recall), run in `workers`
    processes. A URL failing transiently is retried in later crawls up to `max_attempts`
    times, the first `retry_after_hours` after it failed, each next one twice as late; a crawl
    starts no new fetch after `budget_seconds` (0: no limit). A source with no new item in its
    last `stale_runs` crawls is flagged stale. A crawl holds each source it reads for `lease`
    seconds (renewed while it runs), so two crawls sharing a store never read the same source
    at once.
    """

    user_agent: str = _crawl("user_agent")
    timeout: float = _crawl("timeout")
    max_bytes: int = _crawl("max_bytes")
    concurrency: int = _crawl("concurrency")
    per_host: int = _crawl("per_host")
    delay: float = _crawl("delay")
    retries: int = _crawl("retries")
    backoff: float = _crawl("backoff")
    max_redirects: int = _crawl("max_redirects")
    obey_robots: bool = _crawl("obey_robots")
    languages: tuple[str, ...] = _crawl("languages")
    workers: int = _crawl("workers")
    max_wait: float = _crawl("max_wait")
    listing_pages: int = _crawl("listing_pages")
    max_sitemaps: int = _crawl("max_sitemaps")
    min_text_chars: int = _crawl("min_text_chars")
    extraction: str = _crawl("extraction")
    max_attempts: int = _crawl("max_attempts")
    lease: float = _crawl("lease")
    retry_after_hours: float = _crawl("retry_after_hours")
    budget_seconds: float = _crawl("budget_seconds")
    stale_runs: int = _crawl("stale_runs")


@dataclass(frozen=True, slots=True)
class DedupConfig:
    """Near-duplicate stories: MinHash/LSH over word stems, then the exact Jaccard similarity.

    Two articles are one story when their stem sets overlap by at least `threshold` (Jaccard)
    and, when both are dated, were published at most `window_days` apart; texts with fewer
    than `min_words` distinct stems are only ever exact duplicates.
    """

    threshold: float = _dedup("threshold")
    window_days: int = _dedup("window_days")
    min_words: int = _dedup("min_words")


@dataclass(frozen=True, slots=True)
class NlpConfig:
    """Mention extraction: spaCy model, gazetteers, currency rates (euros per unit), and how
    much of one text the model reads (`max_model_chars`, 0 = all). `curated_dir` holds this
    watch's curated gazetteer additions (`programmes.jsonl`, `organisations.jsonl`), written by
    the curation desk and read on top of the shipped gazetteers. `workers`: processes that
    extract large batches, each with its own model (1 = all in the calling process).
    `max_mentions`: mentions kept per article (the first ones, in text order). `span_model`:
    the learnt span model's folder ("" = the rules alone); `span_train_sets`: the annotated
    corpora it is trained on (and estimated on, one left out at a time).
    `fact_linker`: the learnt payer linker's folder ("" = the fact rules alone), fitted on the gold
    folders `fact_train_sets` by `scanner facts train`."""

    model: str = _nlp("model")
    batch_size: int = _nlp("batch_size")
    programmes: str = _nlp("programmes")
    organisations: str = _nlp("organisations")
    rates: dict[str, float] = field(default_factory=_nlp.factory("rates"))
    max_model_chars: int = _nlp("max_model_chars")
    max_mentions: int = _nlp("max_mentions")
    curated_dir: str = _nlp("curated_dir")
    workers: int = _nlp("workers")
    span_model: str = _nlp("span_model")
    span_train_sets: tuple[str, ...] = _nlp("span_train_sets")
    fact_linker: str = _nlp("fact_linker")
    fact_train_sets: tuple[str, ...] = _nlp("fact_train_sets")


@dataclass(frozen=True, slots=True)
class EmbedConfig:
    """Embedding backend and model. A hub model needs `allow_download = true` and network.

    Articles are embedded as passages: title and lead, then body chunks of `chunk_words` words
    (110 fit the default model's 256 tokens in French), at most `max_chunks` of them, spread
    over a longer body."""

    backend: str = _embed("backend")
    model: str = _embed("model")
    batch_size: int = _embed("batch_size")
    allow_download: bool = _embed("allow_download")
    chunk_words: int = _embed("chunk_words")
    max_chunks: int = _embed("max_chunks")


@dataclass(frozen=True, slots=True)
class SearchConfig:
    """Hybrid search: dense (FAISS) and lexical (FTS5) relevance, fused.

    Lexical relevance is the share of the query's concepts an article shows (each weighted by
    its rarity; concepts carry their translations and synonyms from the `lexicon` folder),
    raised to `coverage_power`. Dense relevance maps the cosine similarity of the article's
    best passage linearly from `dense_floor` (0) to `dense_ceiling` (1). The fused relevance is
    their mean weighted by `dense_weight` and `lexical_weight`, in [0, 1]; hits under
    `min_relevance` are not shown (0 shows all). Each ranking contributes its best `depth`
    articles. In hybrid mode the dense query is first moved towards the article vectors of the
    `feedback_docs` best lexical hits covering at least `feedback_coverage` of the query
    (pseudo-relevance feedback, `feedback_weight` times their mean; 0 = off). Facets and totals
    count at most `facet_pool` hits; exports hold at most `max_export`. Up to `cache`
    rankings and facet counts are kept per process until the store changes (SQLite).
    """

    lexicon: str = _search("lexicon")
    depth: int = _search("depth")
    dense_weight: float = _search("dense_weight")
    lexical_weight: float = _search("lexical_weight")
    dense_floor: float = _search("dense_floor")
    dense_ceiling: float = _search("dense_ceiling")
    coverage_power: float = _search("coverage_power")
    feedback_docs: int = _search("feedback_docs")
    feedback_weight: float = _search("feedback_weight")
    feedback_coverage: float = _search("feedback_coverage")
    min_relevance: float = _search("min_relevance")
    facet_pool: int = _search("facet_pool")
    max_export: int = _search("max_export")
    cache: int = _search("cache")


@dataclass(frozen=True, slots=True)
class Config:
    """The whole configuration; `path` is the file it came from (None for defaults)."""

    store: StoreConfig = StoreConfig()
    index: IndexConfig = IndexConfig()
    output: OutputConfig = OutputConfig()
    crawl: CrawlConfig = CrawlConfig()
    dedup: DedupConfig = DedupConfig()
    nlp: NlpConfig = NlpConfig()
    embed: EmbedConfig = EmbedConfig()
    search: SearchConfig = SearchConfig()
    themes: ThemesConfig = ThemesConfig()
    maturity: MaturityConfig = MaturityConfig()
    rank: RankConfig = RankConfig()
    bulletin: BulletinConfig = BulletinConfig()
    web: WebConfig = WebConfig()
    worker: WorkerConfig = WorkerConfig()
    demo: DemoConfig = DemoConfig()
    alerts: AlertsConfig = AlertsConfig()
    taxonomy: tuple[Theme, ...] = field(default_factory=lambda: _taxonomy(DEFAULTS["taxonomy"]))
    sources: tuple[Source, ...] = ()
    path: str | None = None

    def theme(self, key: str) -> Theme:
        """The theme named `key`, or UnknownTheme listing the known keys."""
        for theme in self.taxonomy:
            if theme.key == key:
                return theme
        raise UnknownTheme(key, self.theme_keys)

    @property
    def theme_keys(self) -> list[str]:
        return [t.key for t in self.taxonomy]

    def source(self, source_id: str) -> Source | None:
        return next((s for s in self.sources if s.id == source_id), None)

    def digest(self, *sections: str) -> str:
        """A short hash of some sections, to tell whether derived artefacts are stale."""
        blob = json.dumps([repr(getattr(self, s)) for s in sections], sort_keys=True)
        return hashlib.sha256(blob.encode()).hexdigest()[:16]
