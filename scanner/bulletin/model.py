"""The bulletin as plain dataclasses, and its JSON form.

`Inputs` is everything read from the store for one week (gathered at the edge by `build`);
`Bulletin` is what `compose` makes of it and what the renderers and the JSON twin show.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from scanner.maturity import STAGE_LABELS
from scanner.nlp.money_format import format_amount
from scanner.records import Article, Cluster, Maturity, Mention, ThemeScore

FORMAT_VERSION = 4  # bump when the bulletin's content changes for the same inputs (4: facts)
DEMO_NOTICE = (
    "Données de démonstration : corpus d'exemple rédigé par l'équipe scanner, contenu fictif "
    "— à ne pas citer comme actualité."
)

# ---- inputs: what the store says about one week ----


@dataclass(frozen=True, slots=True)
class PreviousStory:
    """A story of last week (from last week's bulletin, else from the store)."""

    story_id: str
    title: str
    url: str
    sources: int


@dataclass(frozen=True, slots=True)
class Inputs:
    """Everything a week's bulletin is made from; its digest is the bulletin's input key."""

    week: str
    start: date
    end: date  # exclusive (next Monday)
    articles: dict[str, Article]
    themes: dict[str, list[ThemeScore]]  # assigned scores only, best first
    scored: frozenset[str]  # articles with theme scores (the others are not processed yet)
    mentions: dict[str, list[Mention]]
    story_sources: dict[str, tuple[str, ...]]  # distinct source ids up to the week's end
    old_stories: frozenset[str]  # stories with an article before the week
    source_weights: dict[str, float]
    source_names: dict[str, str]
    novelty: dict[str, float]
    history: dict[str, dict[str, int]]  # week → theme → on-theme articles, oldest first
    known_organisations: frozenset[str]  # this week's organisations already seen before
    previous_stories: dict[str, PreviousStory]
    previous_from_bulletin: bool
    clusters: list[Cluster] | None  # None: clusters not computed
    cluster_articles: dict[str, Article] = field(default_factory=dict)
    stages: dict[str, Maturity] = field(default_factory=dict)  # maturity of the week's articles
    # this week's organisations that no gazetteer lists, no curator confirmed and fewer than
    # two sources named: never marked new (a discovery waits for a second source or a curator)
    unconfirmed_organisations: frozenset[str] = frozenset()
    first_week: str | None = None  # week of the store's oldest article (None: no date known)


# ---- the bulletin ----


@dataclass(frozen=True, slots=True)
class Ref:
    """A name or figure and the article it comes from."""

    kind: str
    canonical: str
    text: str
    article_id: str
    url: str
    curated: bool = False
    value_eur: float | None = None
    currency: str | None = None
    approx: bool = False
    high_eur: float | None = None
    role: str | None = None  # an amount's funding fact (None for other kinds)
    new: bool | None = None
    recipient: str | None = None
    payers: tuple[str, ...] = ()
    programme: str | None = None

    @property
    def label(self) -> str:
        if self.value_eur is None:
            return self.canonical
        return format_amount(self.value_eur, self.currency, self.approx, self.high_eur)


@dataclass(frozen=True, slots=True)
class Item:
    """One story in a theme section, represented by its best article."""

    id: str
    story_id: str
    theme: str
    title: str
    url: str
    published: date | None
    sources: tuple[str, ...]  # names
    source_ids: tuple[str, ...]
    articles: int  # articles of the story this week
    score: float
    reasons: dict[str, float]
    why: tuple[str, ...]
    summary: tuple[str, ...]
    programmes: tuple[Ref, ...] = ()
    amounts: tuple[Ref, ...] = ()
    organisations: tuple[Ref, ...] = ()
    stage: str | None = None  # maturity (research … policy), None when not said
    phase: str | None = None  # clinical-trial phase when stated

    @property
    def stage_label(self) -> str:
        """The stage in the analysts' words ("essai clinique (phase 2)"), "" when none."""
        if not self.stage:
            return ""
        label = STAGE_LABELS.get(self.stage, self.stage)
        return f"{label} (phase {self.phase})" if self.phase else label


@dataclass(frozen=True, slots=True)
class Section:
    theme: str
    label: str
    total: int  # stories of the theme this week (items shows the first few)
    items: tuple[Item, ...]


@dataclass(frozen=True, slots=True)
class ThemeCount:
    theme: str
    label: str
    count: int
    previous: int  # last week
    average: float  # mean of the earlier weeks of the history window that have data
    weeks: int = 0  # how many weeks that mean is over (0: no earlier week has data)

    @property
    def change(self) -> int:
        return self.count - self.previous


@dataclass(frozen=True, slots=True)
class Signal:
    """One line of the head: an important item in a few words."""

    id: str
    theme: str
    label: str
    title: str
    url: str
    why: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Change:
    """A story followed from last week: continued, grew (more sources) or went quiet."""

    kind: str
    story_id: str
    title: str
    url: str
    before: int
    now: int


@dataclass(frozen=True, slots=True)
class Emerging:
    cluster: str
    words: tuple[str, ...]
    growth: float
    lineage: str
    size: int
    items: tuple[tuple[str, str, str], ...]  # (article id, title, url)


@dataclass(frozen=True, slots=True)
class MoneyLine:
    """One funding fact of the week: how much, of which kind, who gets it, who pays, under
    which programme, and the article that says so (`why`: the rule behind each field)."""

    text: str
    value_eur: float
    role: str  # FundingRole
    kind: str  # the role in French
    new: bool  # announced this week, of a funding kind: counted; else context
    recipient: str | None
    payers: tuple[str, ...]
    programme: str | None
    article_id: str
    url: str
    title: str
    source: str
    theme: str
    curated: bool = False
    currency: str | None = None
    approx: bool = False
    high_eur: float | None = None
    why: dict[str, str] = field(default_factory=dict)

    @property
    def label(self) -> str:
        return format_amount(self.value_eur, self.currency, self.approx, self.high_eur)


@dataclass(frozen=True, slots=True)
class OrgCount:
    canonical: str
    count: int
    new: bool
    article_id: str
    url: str


@dataclass(frozen=True, slots=True)
class Bulletin:
    """One week's bulletin, in taxonomy order."""

    week: str
    start: date
    end: date  # inclusive (Sunday)
    generated_at: str
    input_key: str
    read: int
    kept: int
    unscored: int  # articles of the week the semantic stage has not scored yet
    themes: tuple[ThemeCount, ...]
    signals: tuple[Signal, ...]
    changes: tuple[Change, ...]
    changes_from_bulletin: bool
    sections: tuple[Section, ...]
    emerging: tuple[Emerging, ...] | None  # None: not computed
    money: tuple[MoneyLine, ...]  # new money, largest first
    organisations: tuple[OrgCount, ...]
    history_weeks: tuple[str, ...]
    history: dict[str, tuple[int, ...]]  # theme → counts per history week
    money_by_theme: dict[str, dict[str, float]]  # theme → role → euros of new money
    demo: bool
    weights: dict[str, float]  # [rank] weights the scores were made with
    novelty_weeks: int
    money_context: tuple[MoneyLine, ...] = ()  # past money, envelopes restated, markets, prices
    money_totals: dict[str, float] = field(default_factory=dict)  # role → euros of new money

    def items(self) -> list[Item]:
        return [i for s in self.sections for i in s.items]


def ref_json(r: Ref) -> dict[str, Any]:
    out = asdict(r) | {"payers": list(r.payers)}
    if r.kind != "amount":
        for key in ("role", "new", "recipient", "payers", "programme"):
            out.pop(key)
    return out


def money_json(m: MoneyLine) -> dict[str, Any]:
    return asdict(m) | {"payers": list(m.payers)}


def item_json(i: Item) -> dict[str, Any]:
    mentions = [ref_json(r) for r in (*i.programmes, *i.amounts, *i.organisations)]
    return {
        "id": i.id,
        "story_id": i.story_id,
        "title": i.title,
        "url": i.url,
        "published": i.published.isoformat() if i.published else None,
        "sources": list(i.sources),
        "source_ids": list(i.source_ids),
        "articles": i.articles,
        "score": i.score,
        "reasons": i.reasons,
        "why": list(i.why),
        "summary": list(i.summary),
        "mentions": mentions,
        "stage": i.stage,
        "phase": i.phase,
    }


def bulletin_json(b: Bulletin) -> dict[str, Any]:
    """The JSON twin (the contract of `bulletin-<week>.json` and of the stored body)."""
    return {
        "format": FORMAT_VERSION,
        "week": b.week,
        "start": b.start.isoformat(),
        "end": b.end.isoformat(),
        "generated_at": b.generated_at,
        "input_key": b.input_key,
        "read": b.read,
        "kept": b.kept,
        "unscored": b.unscored,
        "demo": b.demo,
        "notice": DEMO_NOTICE if b.demo else "",
        "themes": [{**asdict(t), "change": t.change} for t in b.themes],
        "top_signals": [asdict(s) | {"why": list(s.why)} for s in b.signals],
        "changes": [asdict(c) for c in b.changes],
        "changes_from_bulletin": b.changes_from_bulletin,
        "sections": [
            {
                "theme": s.theme,
                "label": s.label,
                "total": s.total,
                "items": [item_json(i) for i in s.items],
            }
            for s in b.sections
        ],
        "emerging_computed": b.emerging is not None,
        "emerging": [
            {
                "cluster": e.cluster,
                "words": list(e.words),
                "growth": e.growth,
                "lineage": e.lineage,
                "size": e.size,
                "items": [{"id": a, "title": t, "url": u} for a, t, u in e.items],
            }
            for e in b.emerging or ()
        ],
        "money": [money_json(m) for m in b.money],
        "money_context": [money_json(m) for m in b.money_context],
        "money_totals": b.money_totals,
        "organisations": [asdict(o) for o in b.organisations],
        "history": {
            "weeks": list(b.history_weeks),
            "counts": {k: list(v) for k, v in b.history.items()},
        },
        "money_by_theme": b.money_by_theme,
        "ranking": {"weights": b.weights, "novelty_weeks": b.novelty_weeks},
    }
