"""Typed records that cross stage boundaries.

Plain frozen dataclasses, no behaviour beyond small derived properties. This module imports
nothing internal so that every stage can depend on it.
"""

from __future__ import annotations

from dataclasses import KW_ONLY, dataclass, field
from datetime import date, datetime
from typing import Literal

SourceKind = Literal["feed", "sitemap", "listing", "page"]
MentionKind = Literal["programme", "amount", "organisation", "person", "place", "date"]
Origin = Literal["model", "rule", "gazetteer", "curator"]
# What an amount is (see FundingFact); "other" when the text does not say.
FundingRole = Literal[
    "equity",  # levée de fonds, series A/B: capital raised from investors
    "grant",  # subvention, aide, prize, public funding awarded to a named beneficiary
    "loan",  # prêt, avance remboursable, debt
    "public_budget",  # the envelope of a programme, plan, call for projects or budget line
    "investment",  # money an organisation spends itself: a plant, equipment, R&D
    "acquisition",  # price of a takeover
    "contract",  # an order, a procurement contract, deal payments
    "market",  # market size, forecast
    "cost",  # price or cost of a product, treatment or procedure; reimbursement; spending
    "revenue",  # turnover, sales
    "other",
]
FUNDING_ROLES: tuple[str, ...] = (
    "equity", "grant", "loan", "public_budget", "investment", "acquisition", "contract",
    "market", "cost", "revenue", "other",
)  # fmt: skip
FACT_FIELDS = ("role", "new", "recipient", "payers", "programme")
# How far along an innovation is (NIHR Innovation Observatory's question), least to most mature,
# then `policy` (a programme or strategy, not a product)
StageName = Literal["research", "clinical", "regulatory", "reimbursement", "market", "policy"]
STAGES: tuple[StageName, ...] = (
    "research",
    "clinical",
    "regulatory",
    "reimbursement",
    "market",
    "policy",
)


@dataclass(frozen=True, slots=True)
class Source:
    """A place the crawler reads: a feed, a sitemap, a listing page or a single page."""

    id: str
    kind: SourceKind
    url: str
    name: str = ""
    weight: float = 1.0
    lang: str = "fr"
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    max_pages: int = 200
    delay: float | None = None  # seconds between requests to its host; None: [crawl].delay


@dataclass(frozen=True, slots=True)
class Page:
    """One fetched HTTP resource."""

    url: str
    final_url: str
    status: int
    html: str
    fetched_at: datetime
    content_type: str = ""
    etag: str | None = None
    last_modified: str | None = None


@dataclass(frozen=True, slots=True)
class FeedEntry:
    """What a feed or sitemap says about an article before it is fetched."""

    url: str
    title: str = ""
    summary: str = ""
    published: date | None = None


@dataclass(frozen=True, slots=True)
class Article:
    """An extracted news item: the unit everything downstream works on."""

    id: str
    url: str
    title: str
    text: str
    source_id: str = ""
    canonical_url: str = ""
    published: date | None = None
    lang: str = ""
    author: str = ""
    site_name: str = ""
    content_hash: str = ""
    story_id: str = ""
    lang_ok: bool = True

    @property
    def full_text(self) -> str:
        """The text mention offsets index: title, blank line, body (or body alone)."""
        return f"{self.title}\n\n{self.text}" if self.title else self.text


@dataclass(frozen=True, slots=True)
class FundingFact:
    """What an amount states: its kind of money, whether the article announces it as news,
    who receives it, who provides it and under which programme (canonical names).

    `decided_by` says, per field, which rule (or model, or curator) gave the value, so that a
    curator sees why: (("role", "rule:raise_verb"), ("new", "rule:past_marker"), ...).
    """

    role: FundingRole = "other"
    new: bool | None = None
    recipient: str | None = None
    payers: tuple[str, ...] = ()
    programme: str | None = None
    decided_by: tuple[tuple[str, str], ...] = ()

    def why(self) -> dict[str, str]:
        """Field → what decided it."""
        return dict(self.decided_by)

    def decided(self, rule: str, *fields: str) -> tuple[tuple[str, str], ...]:
        """`decided_by` with `fields` now decided by `rule`, the other fields as they were."""
        return tuple((dict(self.decided_by) | dict.fromkeys(fields, rule)).items())


@dataclass(frozen=True, slots=True)
class Mention:
    """A span of an article's `full_text` naming a programme, an amount, an organisation..."""

    kind: MentionKind
    start: int
    end: int
    text: str
    canonical: str = ""
    _: KW_ONLY  # the rest by name only: a positional origin once landed in value_eur
    value_eur: float | None = None
    currency: str | None = None
    origin: Origin = "model"
    article_id: str = ""
    approx: bool = False
    low_eur: float | None = None
    high_eur: float | None = None
    fact: FundingFact | None = None  # amounts only: what the money is, who gets and gives it
    confidence: float = 1.0
    id: int | None = None
    curated: bool = False

    @property
    def role(self) -> FundingRole | None:
        """An amount's role (its fact's), None for other kinds or an amount with no fact."""
        return self.fact.role if self.fact is not None else None


@dataclass(frozen=True, slots=True)
class ThemeScore:
    """How much an article belongs to one taxonomy theme, and why."""

    article_id: str
    theme: str
    score: float
    assigned: bool
    evidence: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Maturity:
    """How far along the innovation an article reports is: its `stage` (None when the text
    does not say, or the article is off-topic), the trial `phase` when stated ("1/2", "3"),
    the model's confidence and why."""

    article_id: str
    stage: StageName | None
    phase: str | None = None
    confidence: float = 0.0
    evidence: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Story:
    """Near-duplicate articles grouped as one story."""

    id: str
    article_ids: tuple[str, ...]
    first_seen: date | None
    sources: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Ranked:
    """An article's bulletin score with each signal's contribution."""

    article_id: str
    score: float
    reasons: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Hit:
    """One search result: `score` is its relevance in [0, 1] (0 when browsing by date)."""

    article_id: str
    score: float
    title: str
    url: str
    snippet: str
    published: date | None = None
    source_id: str = ""
    lang: str = ""
    themes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Correction:
    """A curator's decision, kept forever in the audit log."""

    id: int | None
    target: str  # "mention:<id>" or "article:<id>" or "alias:<name>"
    action: str
    before: str
    after: str
    curator: str
    at: datetime


@dataclass(slots=True)
class StageCounts:
    """Per-run counts a batch stage reports (mutable while the run goes on)."""

    stage: str
    seen: int = 0
    done: int = 0
    skipped: int = 0
    failed: int = 0
    errors: dict[str, int] = field(default_factory=dict)

    def fail(self, kind: str) -> None:
        self.failed += 1
        self.errors[kind] = self.errors.get(kind, 0) + 1


@dataclass(slots=True)
class SourceStats:
    """What one crawl did with one source (mutable while the crawl goes on).

    `listed`: URLs the source named; `known`: already stored, not fetched again; `fetched`:
    pages downloaded; `new` / `duplicate` / `near_duplicate`: what storing them gave;
    `not_modified`: 304 answers; `robots`: URLs robots.txt disallowed; `lang_flagged`: kept
    articles outside the configured languages; `failed`: the source itself could not be read.
    """

    source_id: str
    kind: str = ""
    url: str = ""
    listed: int = 0
    known: int = 0
    fetched: int = 0
    new: int = 0
    duplicate: int = 0
    near_duplicate: int = 0
    not_modified: int = 0
    robots: int = 0
    lang_flagged: int = 0
    failed: bool = False
    errors: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    at: str = ""

    def error(self, kind: str) -> None:
        self.errors[kind] = self.errors.get(kind, 0) + 1

    @property
    def error_count(self) -> int:
        return sum(self.errors.values())


@dataclass(frozen=True, slots=True)
class Cluster:
    """A topic cluster in one ISO week; `id` is stable across weeks (lineage links them)."""

    id: str
    week: str
    size: int
    words: tuple[str, ...]
    article_ids: tuple[str, ...]
    growth: float = 0.0
    lineage: str = "new"  # new | grown | stable | shrunk | merged | split | faded
    parents: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class SearchFilters:
    """Restrictions on a search; every field optional."""

    themes: tuple[str, ...] = ()
    date_from: date | None = None
    date_to: date | None = None
    sources: tuple[str, ...] = ()
    langs: tuple[str, ...] = ()
    organisations: tuple[str, ...] = ()
    programmes: tuple[str, ...] = ()
    min_amount_eur: float | None = None
    stages: tuple[str, ...] = ()  # maturity stages (STAGES), any of them


@dataclass(frozen=True, slots=True)
class Alert:
    """A saved search: its query and filters, who gets its digest (empty: the configured
    recipients), and how its last run went."""

    name: str
    query: str
    filters: SearchFilters = field(default_factory=SearchFilters)
    mode: str = "hybrid"
    recipients: tuple[str, ...] = ()
    created_by: str = ""
    created_at: str = ""
    last_run_at: str | None = None
    last_error: str = ""


@dataclass(frozen=True, slots=True)
class AlertHit:
    """An article an alert found, when it found it, and whether its digest went out."""

    article_id: str
    score: float
    found_at: str
    mailed: bool = False
