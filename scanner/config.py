"""config.toml → frozen, typed configuration objects.

Every section is a frozen dataclass whose fields are the settings (name, type, default); the
docstring of each field's class says what it does. `load_config(path)` reads the file once,
rejects unknown keys and values of the wrong type with a `ConfigError` naming the key
(`[crawl].timeout`), and returns a `Config`. Relative paths stay relative: they resolve against
the current directory when used, so two folders hold two independent watches.
"""

from __future__ import annotations

import hashlib
import json
import tomllib
import types
from dataclasses import MISSING, dataclass, field, fields, is_dataclass
from pathlib import Path
from typing import Any, Union, get_args, get_origin, get_type_hints

from scanner.errors import ConfigError, UnknownTheme
from scanner.records import Source

SOURCE_KINDS = ("feed", "sitemap", "listing", "page")
PROJECT_ROOT = Path(__file__).resolve().parents[1]


def resource_dir(relative: str) -> Path:
    """Where project resources (models/, corpora/) named by a relative path live: the current
    directory when it has them, else the project folder this package was installed from."""
    return Path(".") if Path(relative).exists() else PROJECT_ROOT


@dataclass(frozen=True, slots=True)
class StoreConfig:
    """Where articles live. `url` is a SQLite path (the embedded default)."""

    path: str = "data/scanner.db"


@dataclass(frozen=True, slots=True)
class IndexConfig:
    """FAISS index on disk: exact inner product up to `exact_max` vectors, IVF beyond.

    `nlist` is the number of IVF lists (0: about 2·√n, chosen when the index is trained);
    `nprobe` how many of them a query visits (recall against speed: 96 gives recall@10 0.97
    at 1M vectors, p95 20 ms; raise it for much larger indexes).
    """

    path: str = "data/index"
    exact_max: int = 50_000
    nlist: int = 0
    nprobe: int = 96


@dataclass(frozen=True, slots=True)
class OutputConfig:
    """Where bulletins are written."""

    dir: str = "out"


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
    times; a source with no new item in its last `stale_runs` crawls is flagged stale.
    """

    user_agent: str = "scanner/0.1 (veille prospective sante; +https://example.org/scanner)"
    timeout: float = 20.0
    max_bytes: int = 5_000_000
    concurrency: int = 8
    per_host: int = 2
    delay: float = 0.5
    retries: int = 2
    backoff: float = 1.0
    max_redirects: int = 5
    obey_robots: bool = True
    languages: tuple[str, ...] = ("fr", "en")
    workers: int = 2
    max_wait: float = 60.0
    listing_pages: int = 5
    max_sitemaps: int = 20
    min_text_chars: int = 80
    extraction: str = "precision"
    max_attempts: int = 3
    stale_runs: int = 5


@dataclass(frozen=True, slots=True)
class DedupConfig:
    """Near-duplicate stories: MinHash/LSH over word stems, then the exact Jaccard similarity.

    Two articles are one story when their stem sets overlap by at least `threshold` (Jaccard)
    and, when both are dated, were published at most `window_days` apart; texts with fewer
    than `min_words` distinct stems are only ever exact duplicates.
    """

    threshold: float = 0.27
    window_days: int = 4
    min_words: int = 20


@dataclass(frozen=True, slots=True)
class NlpConfig:
    """Mention extraction: spaCy model, gazetteers, currency rates (euros per unit), and how
    much of one text the model reads (`max_model_chars`, 0 = all). `curated_dir` holds this
    watch's curated gazetteer additions (`programmes.jsonl`, `organisations.jsonl`), written by
    the curation desk and read on top of the shipped gazetteers. `workers`: processes that
    extract large batches, each with its own model (1 = all in the calling process)."""

    model: str = "fr_core_news_md"
    batch_size: int = 32
    programmes: str = "models/gazetteer/programmes.jsonl"
    organisations: str = "models/gazetteer/organisations.jsonl"
    rates: dict[str, float] = field(default_factory=dict)
    max_model_chars: int = 100_000
    curated_dir: str = "data/curated"
    workers: int = 2


@dataclass(frozen=True, slots=True)
class EmbedConfig:
    """Embedding backend and model. A hub model needs `allow_download = true` and network.

    Articles are embedded as passages: title and lead, then body chunks of `chunk_words` words
    (110 fit the default model's 256 tokens in French), at most `max_chunks` of them, spread
    over a longer body."""

    backend: str = "sbert.v1"
    model: str = "all-MiniLM-L6-v2"
    batch_size: int = 32
    allow_download: bool = False
    chunk_words: int = 110
    max_chunks: int = 8


@dataclass(frozen=True, slots=True)
class SearchConfig:
    """Hybrid search: reciprocal rank fusion of dense (FAISS) and lexical (FTS5) rankings.

    A document's fused score is Σ weight / (`rrf_k` + rank) over the rankings it appears in;
    each ranking contributes its best `depth` documents. In hybrid mode the dense query is
    first moved towards the article vectors of the `feedback_docs` best lexical hits
    (pseudo-relevance feedback, `feedback_weight` times their mean; 0 = off): it carries French
    keyword matches into the English-centred default model. `facet_pool`: how many of the best
    hits facet counts are taken over.
    """

    rrf_k: int = 60
    depth: int = 100
    dense_weight: float = 1.0
    lexical_weight: float = 1.0
    feedback_docs: int = 3
    feedback_weight: float = 1.0
    facet_pool: int = 200


@dataclass(frozen=True, slots=True)
class Theme:
    """One foresight theme of the taxonomy."""

    key: str
    label: str
    description: str
    seeds: tuple[str, ...]
    keywords: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ThemesConfig:
    """How theme scores combine and where an article counts as belonging to a theme."""

    threshold: float = 0.5
    similarity_weight: float = 0.35
    classifier_weight: float = 0.45
    lexical_weight: float = 0.20
    cluster_min_size: int = 3
    cluster_link: float = 0.75
    model_dir: str = "models/themes"
    gold: str = "corpora"
    similarity_center: float = 0.10
    similarity_scale: float = 0.03
    lexical_half: float = 2.0
    title_weight: float = 2.0
    classifier_c: float = 3.0
    curator_weight: float = 3.0
    folds: int = 5
    cluster_fit: float = 0.65
    cluster_window: int = 4
    cluster_word_share: float = 0.6
    cluster_words: int = 8
    domain_words: tuple[str, ...] = (
        "sante", "patient", "patients", "medical", "medicale", "medicaux", "medecin", "medecins",
        "hopital", "hopitaux", "chu", "clinique", "cliniques", "soins", "soignants", "maladie",
        "maladies", "traitement", "traitements", "therapie", "therapies", "therapeutique",
        "medicament", "medicaments", "essai clinique", "essais cliniques", "greffe", "greffes",
        "chirurgie", "diagnostic", "vaccin", "virus", "psychiatrie", "inserm", "has", "ansm",
        "health", "medicine", "hospital", "clinical", "disease", "treatment", "drug",
    )  # fmt: skip


@dataclass(frozen=True, slots=True)
class RankConfig:
    """Bulletin ranking: an item's score is the sum of its signals, each in [0, 1], times its
    weight here (0 silences a signal); `scanner.bulletin.rank` documents how each signal is measured.
    `novelty_weeks` is how far back "already seen" looks."""

    theme: float = 1.0
    novelty: float = 1.0
    salience: float = 0.8
    money: float = 0.8
    key_entities: float = 0.5
    authority: float = 0.4
    recency: float = 0.3
    key_programmes: tuple[str, ...] = ("France 2030", "Innovation Santé 2030")
    key_organisations: tuple[str, ...] = ("AIS", "Bpifrance", "Inserm", "HAS")
    novelty_weeks: int = 4


@dataclass(frozen=True, slots=True)
class BulletinConfig:
    """What a bulletin shows."""

    items_per_theme: int = 8
    history_weeks: int = 12
    top_signals: int = 5


@dataclass(frozen=True, slots=True)
class WebConfig:
    """The web app."""

    host: str = "127.0.0.1"
    port: int = 8000
    login_to_read: bool = False
    session_hours: int = 8
    secret_file: str = "data/web-secret"


@dataclass(frozen=True, slots=True)
class DemoConfig:
    """The bundled sample site, served on 127.0.0.1 by `scanner demo`."""

    site: str = "corpora/site"
    port: int = 8765


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
    rank: RankConfig = RankConfig()
    bulletin: BulletinConfig = BulletinConfig()
    web: WebConfig = WebConfig()
    demo: DemoConfig = DemoConfig()
    taxonomy: tuple[Theme, ...] = ()
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


_SECTIONS = {
    "store": StoreConfig,
    "index": IndexConfig,
    "output": OutputConfig,
    "crawl": CrawlConfig,
    "dedup": DedupConfig,
    "nlp": NlpConfig,
    "embed": EmbedConfig,
    "search": SearchConfig,
    "themes": ThemesConfig,
    "rank": RankConfig,
    "bulletin": BulletinConfig,
    "web": WebConfig,
    "demo": DemoConfig,
}


def load_config(path: str | Path = "config.toml") -> Config:
    """Read and validate a config file; raise ConfigError naming the offending key."""
    p = Path(path)
    if not p.is_file():
        raise ConfigError("", f"file not found: {p} (pass --config PATH or create config.toml)")
    try:
        data = tomllib.loads(p.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError("", f"{p} is not valid TOML: {exc}") from exc
    return config_from_dict(data, path=str(p))


def config_from_dict(data: dict[str, Any], path: str | None = None) -> Config:
    """Build a Config from parsed TOML (used by tests and by load_config)."""
    known = set(_SECTIONS) | {"taxonomy", "sources"}
    for key in data:
        if key not in known:
            raise ConfigError(key, f"unknown section; known sections: {', '.join(sorted(known))}")
    kwargs: dict[str, Any] = {
        name: _build(cls, data.get(name, {}), name) for name, cls in _SECTIONS.items()
    }
    kwargs["taxonomy"] = _taxonomy(data.get("taxonomy", {}))
    kwargs["sources"] = _sources(data.get("sources", []))
    return Config(**kwargs, path=path)


def _build(cls: type, data: Any, where: str) -> Any:
    if not isinstance(data, dict):
        raise ConfigError(where, f"expected a table, got {type(data).__name__}")
    hints = get_type_hints(cls)
    names = {f.name for f in fields(cls)}
    for key in data:
        if key not in names:
            raise ConfigError(
                f"{where}.{key}", f"unknown key; known keys: {', '.join(sorted(names))}"
            )
    values = {}
    for f in fields(cls):
        if f.name in data:
            values[f.name] = _coerce(data[f.name], hints[f.name], f"{where}.{f.name}")
        elif f.default is MISSING and f.default_factory is MISSING:
            raise ConfigError(f"{where}.{f.name}", "missing required key")
    return cls(**values)


def _coerce(value: Any, hint: Any, where: str) -> Any:
    origin = get_origin(hint)
    if origin in (Union, types.UnionType):
        options = [a for a in get_args(hint) if a is not type(None)]
        return _coerce(value, options[0], where)
    if origin is tuple:
        if not isinstance(value, list):
            raise ConfigError(where, f"expected a list, got {value!r}")
        return tuple(_coerce(v, get_args(hint)[0], f"{where}[{i}]") for i, v in enumerate(value))
    if origin is dict:
        if not isinstance(value, dict):
            raise ConfigError(where, f"expected a table, got {value!r}")
        _, vtype = get_args(hint)
        return {str(k): _coerce(v, vtype, f"{where}.{k}") for k, v in value.items()}
    if hint is float:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ConfigError(where, f"expected a number, got {value!r}")
        if value < 0:
            raise ConfigError(where, f"must not be negative, got {value!r}")
        return float(value)
    if hint is int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise ConfigError(where, f"expected an integer, got {value!r}")
        if value < 0:
            raise ConfigError(where, f"must not be negative, got {value!r}")
        return value
    if hint is bool:
        if not isinstance(value, bool):
            raise ConfigError(where, f"expected true or false, got {value!r}")
        return value
    if hint is str:
        if not isinstance(value, str):
            raise ConfigError(where, f"expected a string, got {value!r}")
        return value
    if is_dataclass(hint):
        return _build(hint, value, where)
    return value


def _taxonomy(data: Any) -> tuple[Theme, ...]:
    if not isinstance(data, dict) or not data:
        raise ConfigError("taxonomy", "at least one theme is required ([taxonomy.<key>] tables)")
    themes = []
    for key, table in data.items():
        if not isinstance(table, dict):
            raise ConfigError(f"taxonomy.{key}", "expected a table")
        theme = _build(Theme, {"key": key, **table}, f"taxonomy.{key}")
        if not theme.seeds:
            raise ConfigError(f"taxonomy.{key}.seeds", "at least one seed phrase is required")
        themes.append(theme)
    return tuple(themes)


def _sources(data: Any) -> tuple[Source, ...]:
    if not isinstance(data, list):
        raise ConfigError("sources", "expected an array of tables ([[sources]])")
    out: list[Source] = []
    for i, table in enumerate(data):
        where = f"sources[{i}]"
        source = _build(Source, table, where)
        if source.kind not in SOURCE_KINDS:
            raise ConfigError(f"{where}.kind", f"{source.kind!r} is not one of {SOURCE_KINDS}")
        if not source.url.startswith(("http://", "https://")):
            raise ConfigError(f"{where}.url", f"expected an http(s) URL, got {source.url!r}")
        if any(s.id == source.id for s in out):
            raise ConfigError(f"{where}.id", f"duplicate source id {source.id!r}")
        out.append(source)
    return tuple(out)
