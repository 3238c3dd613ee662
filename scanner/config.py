"""config.toml → frozen, typed configuration objects.

Every section is a frozen dataclass whose fields are the settings (name, type); each default is
read from `defaults.toml`, shipped beside this module, the one place defaults are written and
documented. A watch's `config.toml` sets only what it changes. `load_config(path)` reads the file once,
rejects unknown keys and values of the wrong type with a `ConfigError` naming the key
(`[crawl].timeout`), and returns a `Config`. Relative paths stay relative: they resolve against
the current directory when used, so two folders hold two independent watches.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
import tomllib
import types
from collections.abc import Callable
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


# Every setting's default, written once: in defaults.toml (package data, documented key by key).
DEFAULTS_FILE = Path(__file__).resolve().with_name("defaults.toml")


def _read_defaults() -> dict[str, Any]:
    try:
        return tomllib.loads(DEFAULTS_FILE.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:  # a broken install, not a user error
        raise ConfigError(
            "", f"the package's defaults ({DEFAULTS_FILE}) are unreadable: {exc}"
        ) from exc


DEFAULTS = _read_defaults()


def _frozen(value: Any) -> Any:
    """A TOML value as a dataclass default: lists become tuples (the fields are immutable)."""
    if isinstance(value, list):
        return tuple(_frozen(v) for v in value)
    return value


class _SectionDefaults:
    """`_crawl("timeout")`: the default of [crawl].timeout, as written in defaults.toml."""

    def __init__(self, section: str) -> None:
        self.section = section

    def __call__(self, key: str) -> Any:
        try:
            table = DEFAULTS
            for part in self.section.split("."):  # "alerts.smtp": a table inside a section
                table = table[part]
            return _frozen(table[key])
        except KeyError:
            raise ConfigError(f"{self.section}.{key}", f"no default in {DEFAULTS_FILE}") from None

    def factory(self, key: str) -> Callable[[], Any]:
        """For a mutable default (a table): a fresh copy for each instance."""
        value = self(key)
        return lambda: dict(value)


_store, _index, _output, _crawl, _dedup, _nlp, _embed = (
    _SectionDefaults(s) for s in ("store", "index", "output", "crawl", "dedup", "nlp", "embed")
)
_search, _themes, _rank, _bulletin, _web, _demo = (
    _SectionDefaults(s) for s in ("search", "themes", "rank", "bulletin", "web", "demo")
)
_smtp, _alerts = _SectionDefaults("alerts.smtp"), _SectionDefaults("alerts")
_maturity, _worker = _SectionDefaults("maturity"), _SectionDefaults("worker")

STORE_SCHEMES = ("sqlite", "postgresql")


def parse_store_url(url: str) -> tuple[str, str]:
    """(backend, target) of a store URL: ("sqlite", PATH) for `sqlite:///PATH` (three slashes
    then a relative path, four for an absolute one, `sqlite:///:memory:`), ("postgresql", URL)
    for `postgresql://…` (or `postgres://…`). A bare path (no scheme) is a SQLite path."""
    scheme, sep, rest = url.partition("://")
    if not sep:
        if not url:
            raise ConfigError("store.url", "empty; expected sqlite:///PATH or postgresql://…")
        return "sqlite", url
    if scheme == "sqlite":
        if not rest.startswith("/") or rest == "/":
            raise ConfigError("store.url", f"expected sqlite:///PATH (three slashes), got {url!r}")
        return "sqlite", rest[1:]
    if scheme in ("postgresql", "postgres"):
        if not rest or rest.startswith("/") and len(rest) == 1:
            raise ConfigError(
                "store.url", f"expected postgresql://USER@HOST:PORT/DBNAME, got {url!r}"
            )
        return "postgresql", url
    raise ConfigError(
        "store.url",
        f"unknown scheme {scheme!r} in {display_url(url)!r}; expected sqlite:///PATH or "
        "postgresql://USER@HOST:PORT/DBNAME",
    )


def display_url(url: str) -> str:
    """A store URL fit for messages and logs: any password replaced by ***."""
    scheme, sep, rest = url.partition("://")
    if not sep:
        return url
    netloc, slash, tail = rest.partition("/")
    user, at, host = netloc.rpartition("@")
    if at and ":" in user:
        netloc = f"{user.split(':', 1)[0]}:***@{host}"
    # a password may also come as a query parameter (…?password=…)
    tail = re.sub(r"(?i)(password=)[^&]*", r"\1***", tail)
    return f"{scheme}://{netloc}{slash}{tail}"


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
    `max_mentions`: mentions kept per article (the first ones, in text order)."""

    model: str = _nlp("model")
    batch_size: int = _nlp("batch_size")
    programmes: str = _nlp("programmes")
    organisations: str = _nlp("organisations")
    rates: dict[str, float] = field(default_factory=_nlp.factory("rates"))
    max_model_chars: int = _nlp("max_model_chars")
    max_mentions: int = _nlp("max_mentions")
    curated_dir: str = _nlp("curated_dir")
    workers: int = _nlp("workers")


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
    count at most `facet_pool` hits; exports hold at most `max_export`.
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

    tune: bool = _themes("tune")
    threshold: float = _themes("threshold")
    on_threshold: float = _themes("on_threshold")
    min_domain_words: int = _themes("min_domain_words")
    similarity_weight: float = _themes("similarity_weight")
    classifier_weight: float = _themes("classifier_weight")
    lexical_weight: float = _themes("lexical_weight")
    passage_weight: float = _themes("passage_weight")
    passage_center: float = _themes("passage_center")
    passage_scale: float = _themes("passage_scale")
    train_sets: tuple[str, ...] = _themes("train_sets")
    cluster_min_size: int = _themes("cluster_min_size")
    cluster_link: float = _themes("cluster_link")
    model_dir: str = _themes("model_dir")
    gold: str = _themes("gold")
    similarity_center: float = _themes("similarity_center")
    similarity_scale: float = _themes("similarity_scale")
    lexical_half: float = _themes("lexical_half")
    title_weight: float = _themes("title_weight")
    classifier_c: float = _themes("classifier_c")
    curator_weight: float = _themes("curator_weight")
    folds: int = _themes("folds")
    cluster_fit: float = _themes("cluster_fit")
    cluster_window: int = _themes("cluster_window")
    cluster_word_share: float = _themes("cluster_word_share")
    cluster_words: int = _themes("cluster_words")
    domain_words: tuple[str, ...] = _themes("domain_words")


@dataclass(frozen=True, slots=True)
class MaturityConfig:
    """How far along an innovation is (`scanner.maturity`): cue words per stage, the
    classifier over them and where it is stored, and when the text is taken not to say."""

    model_dir: str = _maturity("model_dir")
    classifier_c: float = _maturity("classifier_c")
    min_confidence: float = _maturity("min_confidence")
    title_weight: float = _maturity("title_weight")
    research: tuple[str, ...] = _maturity("research")
    clinical: tuple[str, ...] = _maturity("clinical")
    regulatory: tuple[str, ...] = _maturity("regulatory")
    reimbursement: tuple[str, ...] = _maturity("reimbursement")
    market: tuple[str, ...] = _maturity("market")
    policy: tuple[str, ...] = _maturity("policy")


@dataclass(frozen=True, slots=True)
class RankConfig:
    """Bulletin ranking: an item's score is the sum of its signals, each in [0, 1], times its
    weight here (0 silences a signal); `scanner.bulletin.rank` documents how each signal is measured.
    `novelty_weeks` is how far back "already seen" looks."""

    theme: float = _rank("theme")
    novelty: float = _rank("novelty")
    salience: float = _rank("salience")
    money: float = _rank("money")
    key_entities: float = _rank("key_entities")
    authority: float = _rank("authority")
    recency: float = _rank("recency")
    key_programmes: tuple[str, ...] = _rank("key_programmes")
    key_organisations: tuple[str, ...] = _rank("key_organisations")
    novelty_weeks: int = _rank("novelty_weeks")


@dataclass(frozen=True, slots=True)
class BulletinConfig:
    """What a bulletin shows."""

    items_per_theme: int = _bulletin("items_per_theme")
    history_weeks: int = _bulletin("history_weeks")
    top_signals: int = _bulletin("top_signals")


@dataclass(frozen=True, slots=True)
class WebConfig:
    """The web app. `base_url` is its public address (no trailing slash needed): feeds link to
    it absolutely, bulletins written with it link to its article pages and searches, mailed
    digests to its pages; "" = the address a request came to (feeds), no app links elsewhere.
    `secure_cookies`: the session cookie only travels over HTTPS. After `login_attempts` failed
    logins for one account, or from one address, within `login_window_minutes`, logins for it
    wait; at most `hashing` password hashes run at once."""

    host: str = _web("host")
    port: int = _web("port")
    login_to_read: bool = _web("login_to_read")
    session_hours: int = _web("session_hours")
    secret_file: str = _web("secret_file")
    secure_cookies: bool = _web("secure_cookies")
    login_attempts: int = _web("login_attempts")
    login_window_minutes: int = _web("login_window_minutes")
    hashing: int = _web("hashing")
    base_url: str = _web("base_url")

    def __post_init__(self) -> None:
        if self.base_url and not self.base_url.startswith(("http://", "https://")):
            raise ConfigError(
                "web.base_url", f'expected an http(s) URL or "", got {self.base_url!r}'
            )

    @property
    def app_url(self) -> str:
        """`base_url` without its trailing slash ("" when unset)."""
        return self.base_url.rstrip("/")


@dataclass(frozen=True, slots=True)
class WorkerConfig:
    """`scanner worker`: several processes, on one machine or several, share the processing.

    Each claims `batch` pending articles at a time for `lease` seconds (renewed as it goes),
    so no two process the same article and a killed worker's batch is claimed again once its
    lease runs out; with nothing pending it looks again every `idle` seconds; when the store
    is unreachable it tries again, waiting longer each time, up to `reconnect` seconds."""

    batch: int = _worker("batch")
    lease: float = _worker("lease")
    idle: float = _worker("idle")
    reconnect: float = _worker("reconnect")


@dataclass(frozen=True, slots=True)
class DemoConfig:
    """The bundled sample site, served on 127.0.0.1 by `scanner demo`."""

    site: str = _demo("site")
    port: int = _demo("port")


@dataclass(frozen=True, slots=True)
class SmtpConfig:
    """The mail server digests and bulletins are sent through; `host = ""` sends nothing.

    `security` is "starttls", "ssl" or "none"; the password is never written in the file:
    `password_env` names the environment variable that holds it (empty: no login)."""

    host: str = _smtp("host")
    port: int = _smtp("port")
    security: str = _smtp("security")
    username: str = _smtp("username")
    password_env: str = _smtp("password_env")
    sender: str = _smtp("sender")
    recipients: tuple[str, ...] = _smtp("recipients")
    timeout: float = _smtp("timeout")


@dataclass(frozen=True, slots=True)
class AlertsConfig:
    """Saved searches (alerts): the longest query one may save, hits per mailed digest,
    entries per Atom feed; and the mail server digests and bulletins go through."""

    max_query_chars: int = _alerts("max_query_chars")
    digest_hits: int = _alerts("digest_hits")
    feed_entries: int = _alerts("feed_entries")
    smtp: SmtpConfig = field(default_factory=SmtpConfig)


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
    "maturity": MaturityConfig,
    "rank": RankConfig,
    "bulletin": BulletinConfig,
    "web": WebConfig,
    "worker": WorkerConfig,
    "demo": DemoConfig,
    "alerts": AlertsConfig,
}


# The natural range of the settings that have one (inclusive); every other number must lie in
# [0, MAX_NUMBER]. A value outside is a ConfigError naming the key, not a surprise later (a
# threshold of 7.5 assigns no theme, a port of 99999 fails at start-up, a look-back of a
# billion weeks overflows the calendar). `*` stands for any one name (a rate, a theme).
MAX_NUMBER = 1_000_000_000
RANGES: dict[str, tuple[float, float]] = {
    "index.exact_max": (1, MAX_NUMBER),
    "index.nprobe": (1, 100_000),
    "crawl.timeout": (0.1, 3600),
    "crawl.max_bytes": (1024, MAX_NUMBER),
    "crawl.concurrency": (1, 1000),
    "crawl.per_host": (1, 100),
    "crawl.delay": (0, 3600),
    "crawl.retries": (0, 10),
    "crawl.backoff": (0, 3600),
    "crawl.max_wait": (0, 86_400),
    "crawl.max_redirects": (0, 50),
    "crawl.workers": (0, 64),
    "crawl.listing_pages": (1, 10_000),
    "crawl.max_sitemaps": (1, 100_000),
    "crawl.max_attempts": (1, 100),
    "crawl.retry_after_hours": (0, 8760),
    "crawl.budget_seconds": (0, 7 * 86_400),
    "crawl.stale_runs": (1, 1000),
    "dedup.threshold": (0, 1),
    "dedup.window_days": (0, 3650),
    "nlp.batch_size": (1, 10_000),
    "nlp.workers": (1, 64),
    "nlp.rates.*": (0, 1_000_000),
    "nlp.max_mentions": (1, 1_000_000),
    "embed.batch_size": (1, 10_000),
    "embed.chunk_words": (1, 10_000),
    "embed.max_chunks": (1, 1000),
    "search.depth": (1, 100_000),
    "search.feedback_docs": (0, 1000),
    "search.facet_pool": (1, 100_000),
    "themes.threshold": (0, 1),
    "themes.similarity_center": (-1, 1),
    "themes.similarity_scale": (0.0001, 10),
    "themes.lexical_half": (0.01, 1000),
    "themes.classifier_c": (0.0001, 1_000_000),
    "themes.folds": (2, 100),
    "themes.cluster_fit": (0, 1),
    "themes.cluster_window": (1, 520),
    "themes.cluster_min_size": (2, 100_000),
    "themes.cluster_link": (0, 1),
    "themes.cluster_word_share": (0, 1),
    "themes.cluster_words": (1, 1000),
    "rank.novelty_weeks": (1, 520),
    "bulletin.items_per_theme": (1, 1000),
    "bulletin.history_weeks": (1, 520),
    "bulletin.top_signals": (0, 1000),
    "web.port": (1, 65_535),
    "web.session_hours": (1, 8760),
    "web.login_attempts": (1, 1000),
    "web.login_window_minutes": (1, 10_080),
    "web.hashing": (1, 64),
    "demo.port": (1, 65_535),
}
_NAME = re.compile(r"(?<=\.)[^.]+$")


def _in_range(value: int | float, where: str) -> int | float:
    key = re.sub(r"\[\d+\]$", "", where)  # a list item takes its list's range
    lo, hi = RANGES.get(key) or RANGES.get(_NAME.sub("*", key)) or (0, MAX_NUMBER)
    if not lo <= value <= hi:
        bounds = f"between {lo:g} and {hi:g}" if lo or hi != MAX_NUMBER else f"at most {hi:g}"
        if value < 0 <= lo:
            raise ConfigError(where, f"must not be negative, got {value!r}")
        raise ConfigError(where, f"must be {bounds}, got {value!r}")
    return value


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
    _check_store(data.get("store", {}))
    kwargs: dict[str, Any] = {
        name: _build(cls, data.get(name, {}), name) for name, cls in _SECTIONS.items()
    }
    # a watch's taxonomy replaces the default one whole (themes are not merged key by key)
    kwargs["taxonomy"] = _taxonomy(data.get("taxonomy") or DEFAULTS["taxonomy"])
    kwargs["sources"] = _sources(data.get("sources", []))
    base = kwargs["web"].base_url
    if base and not base.startswith(("http://", "https://")):
        raise ConfigError("web.base_url", f'expected an http(s) address or "", got {base!r}')
    return Config(**kwargs, path=path)


def _check_store(data: Any) -> None:
    """[store].url is a URL the store can open; the former [store].path says what replaced it."""
    if not isinstance(data, dict):
        return  # _build names the error
    if "path" in data:
        path = data["path"]
        hint = f'url = "sqlite:///{path}"' if isinstance(path, str) else 'url = "sqlite:///PATH"'
        raise ConfigError(
            "store.path",
            f"replaced by [store].url, which also takes PostgreSQL; write {hint} instead",
        )
    if isinstance(data.get("url"), str):
        parse_store_url(data["url"])


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
        if not math.isfinite(value):  # TOML has inf and nan; no setting means either
            raise ConfigError(where, f"expected a finite number, got {value!r}")
        return float(_in_range(value, where))
    if hint is int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise ConfigError(where, f"expected an integer, got {value!r}")
        return _in_range(value, where)
    if hint is bool:
        if not isinstance(value, bool):
            raise ConfigError(where, f"expected true or false, got {value!r}")
        return value
    if hint is str:
        if not isinstance(value, str):
            raise ConfigError(where, f"expected a string, got {value!r}")
        return value
    if isinstance(hint, type) and is_dataclass(hint):
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


def config_as_dict(cfg: Config) -> dict[str, Any]:
    """The settings in force, as the TOML tables a config file would write them."""
    data: dict[str, Any] = {name: _plain(getattr(cfg, name)) for name in _SECTIONS}
    data["taxonomy"] = {
        t.key: {k: v for k, v in _plain(t).items() if k != "key"} for t in cfg.taxonomy
    }
    data["sources"] = [{k: v for k, v in _plain(s).items() if v is not None} for s in cfg.sources]
    return data


def _plain(obj: Any) -> Any:
    if is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: _plain(getattr(obj, f.name)) for f in fields(obj)}
    if isinstance(obj, tuple | list):
        return [_plain(v) for v in obj]
    if isinstance(obj, dict):
        return {k: _plain(v) for k, v in obj.items()}
    return obj
