"""A TOML value made the type its setting declares, inside its natural range, or a ConfigError
naming the key; store URLs read and shown without their password."""

from __future__ import annotations

import math
import re
import types
from dataclasses import MISSING, fields, is_dataclass
from typing import Any, Union, get_args, get_origin, get_type_hints

from scanner.errors import ConfigError

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
    "search.cache": (0, 100_000),
    "themes.threshold": (0, 1),
    "themes.second_chance": (0, 2),
    "themes.second_chance_words": (0, 1000),
    "themes.animal_min_words": (1, 1000),
    "themes.similarity_center": (-1, 1),
    "themes.similarity_scale": (0.0001, 10),
    "themes.lexical_half": (0.01, 1000),
    "themes.classifier_c": (0.0001, 1_000_000),
    "themes.wording_c": (0.0001, 1_000_000),
    "themes.folds": (2, 100),
    "themes.cluster_fit": (0, 1),
    "themes.cluster_window": (1, 520),
    "themes.cluster_min_size": (2, 100_000),
    "themes.cluster_link": (0, 1),
    "themes.cluster_word_share": (0, 1),
    "themes.cluster_words": (1, 1000),
    "maturity.classifier_c": (0.0001, 1_000_000),
    "maturity.min_confidence": (0, 1),
    "maturity.title_weight": (0, 100),
    "maturity.vector_weight": (0, 100),
    "maturity.wording_weight": (0, 100),
    "maturity.lead_words": (0, 100_000),
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
