"""Search parameters from a query string, validated once for the page and its JSON twin."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date
from urllib.parse import urlencode

from starlette.datastructures import QueryParams

from scanner.config import Config
from scanner.errors import InputError, UnknownTheme
from scanner.records import STAGES, SearchFilters

MODES = ("hybrid", "dense", "lexical")
SORTS = ("relevance", "date")
MAX_K = 100
MAX_QUERY = 10_000  # the search module cuts long queries further, with a note


@dataclass(frozen=True, slots=True)
class SearchParams:
    """A validated search request."""

    query: str = ""
    filters: SearchFilters = field(default_factory=SearchFilters)
    mode: str = "hybrid"
    k: int = 10
    page: int = 1
    sort: str = "relevance"
    cutoff: float | None = None  # None: [search].min_relevance
    like: str = ""  # an article id: the articles closest to it ("more like this")

    @property
    def filtered(self) -> bool:
        """Whether any filter is set (filters alone browse, newest first)."""
        return self.filters != SearchFilters()

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.k

    def query_string(self, **changes: object) -> str:
        """This search as a query string, with some parameters changed (paging, facets)."""
        return urlencode(self.pairs(**changes))

    def pairs(self, **changes: object) -> list[tuple[str, object]]:
        """This search as (name, value) pairs, with some parameters changed."""
        f = self.filters
        pairs: list[tuple[str, object]] = [("q", self.query)]
        pairs += [("theme", t) for t in f.themes]
        pairs += [("source", s) for s in f.sources]
        pairs += [("lang", s) for s in f.langs]
        pairs += [("organisation", s) for s in f.organisations]
        pairs += [("programme", s) for s in f.programmes]
        pairs += [("stage", s) for s in f.stages]
        if f.date_from:
            pairs.append(("since", f.date_from.isoformat()))
        if f.date_to:
            pairs.append(("until", f.date_to.isoformat()))
        if f.min_amount_eur is not None:
            pairs.append(("min_amount", f"{f.min_amount_eur:g}"))
        if self.mode != "hybrid":
            pairs.append(("mode", self.mode))
        if self.k != 10:
            pairs.append(("k", self.k))
        if self.sort != "relevance":
            pairs.append(("sort", self.sort))
        if self.cutoff is not None:
            pairs.append(("cutoff", f"{self.cutoff:g}"))
        if self.like:
            pairs.append(("like", self.like))
        pairs.append(("page", self.page))
        for name, value in changes.items():
            pairs = [(n, v) for n, v in pairs if n != name]
            if isinstance(value, list | tuple):
                pairs += [(name, v) for v in value]
            elif value is not None:
                pairs.append((name, value))
        return [(n, v) for n, v in pairs if v not in ("", None)]


def parse_search(cfg: Config, params: QueryParams) -> SearchParams:
    """Validate a search query string; UnknownTheme and InputError say what is wrong (400)."""
    query = params.get("q", "").strip()
    if len(query) > MAX_QUERY:
        raise InputError(f"query too long ({len(query)} characters; at most {MAX_QUERY})")
    themes = _values(params, "theme")
    for theme in themes:
        if theme not in cfg.theme_keys:
            raise UnknownTheme(theme, cfg.theme_keys)
    stages = _values(params, "stage")
    for stage in stages:
        if stage not in STAGES:
            raise InputError(f"stage: unknown stage {stage!r}; known stages: {', '.join(STAGES)}")
    mode = params.get("mode", "hybrid") or "hybrid"
    if mode not in MODES:
        raise InputError(f"mode must be one of {', '.join(MODES)}, not {mode!r}")
    filters = SearchFilters(
        themes=themes,
        date_from=_date(params.get("since"), "since"),
        date_to=_date(params.get("until"), "until"),
        sources=_values(params, "source"),
        langs=_values(params, "lang"),
        organisations=_values(params, "organisation"),
        programmes=_values(params, "programme"),
        min_amount_eur=_amount(params.get("min_amount")),
        stages=stages,
    )
    if filters.date_from and filters.date_to and filters.date_from > filters.date_to:
        raise InputError(
            f"since ({filters.date_from}) is after until ({filters.date_to}): no date matches"
        )
    k = _int(params.get("k"), "k", 10, 1, MAX_K)
    page = _int(params.get("page"), "page", 1, 1, 1000)
    sort = params.get("sort", "relevance") or "relevance"
    if sort not in SORTS:
        raise InputError(f"sort must be one of {', '.join(SORTS)}, not {sort!r}")
    cutoff = None
    if params.get("cutoff", "").strip():
        try:
            cutoff = float(params["cutoff"])
        except ValueError:
            raise InputError(f"cutoff: expected a number 0..1, got {params['cutoff']!r}") from None
        if not 0 <= cutoff <= 1:
            raise InputError(f"cutoff must be between 0 and 1, got {cutoff:g}")
    like = params.get("like", "").strip()[:200]
    return SearchParams(
        query=query, filters=filters, mode=mode, k=k, page=page, sort=sort, cutoff=cutoff,
        like=like,
    )  # fmt: skip


def _values(params: QueryParams, name: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(v.strip() for v in params.getlist(name) if v.strip()))


def _date(value: str | None, name: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InputError(f"{name}: expected a date YYYY-MM-DD, got {value!r}") from None


def _amount(value: str | None) -> float | None:
    if not value or not value.strip():
        return None
    try:
        amount = float(value.replace(" ", "").replace(",", "."))
    except ValueError:
        raise InputError(f"min_amount: expected a number of euros, got {value!r}") from None
    if not math.isfinite(amount) or amount < 0:
        raise InputError(f"min_amount: expected a number of euros ≥ 0, got {value!r}")
    return amount


def _int(value: str | None, name: str, default: int, lo: int, hi: int) -> int:
    if value is None or value == "":
        return default
    try:
        number = int(value)
    except ValueError:
        raise InputError(f"{name}: expected an integer, got {value!r}") from None
    if not lo <= number <= hi:
        raise InputError(f"{name} must be between {lo} and {hi}, got {number}")
    return number
