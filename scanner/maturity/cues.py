"""The words that say how far along an innovation is: cue words per stage, and the trial phase.

    cues = StageCues.of(cfg.maturity)
    found = cues.find(article)              # StageHits: per stage, the cue words in the text
    found.vector(title_weight=2.0)          # (6,) log-scaled counts, the classifier's input
    trial_phase("un essai de phase I/II")   # "1/2"
    news_text(article, lead_words=60)       # the main news, folded: what the classifier reads

Cue words come from `[maturity]` (one list per stage, accent-folded, matched on word
boundaries, so "amm" does not match "flamme"); a cue in the title counts more. Repeats are
capped: a text that says "essai" ten times is not ten times more clinical.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

import numpy as np

from scanner.config import MaturityConfig
from scanner.records import STAGES, Article, StageName
from scanner.text.folding import fold
from scanner.text.keywords import FoldedText, KeywordHit, KeywordMatcher

REPEAT_CAP = 3
LEAD_WORDS = 45  # the lead: the title and the text's first words
_ROMAN = {"i": "1", "ii": "2", "iii": "3", "iv": "4"}
_PHASE = re.compile(
    r"\bphases?\s+(i{1,3}v?|iv|[1-4])([ab])?(?:\s*(?:/|-|et|and|to)\s*(i{1,3}v?|iv|[1-4]))?\b",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class StageHits:
    """The cue words of each stage found in one text (STAGES order), and those of its title
    and lead: the news of an item is in its first lines, background further down."""

    hits: tuple[tuple[KeywordHit, ...], ...]
    lead: tuple[tuple[KeywordHit, ...], ...] = ()

    def weight(self, j: int, title_weight: float) -> float:
        whole = sum(
            min(h.count, REPEAT_CAP) + (title_weight if h.in_title else 0.0) for h in self.hits[j]
        )
        return whole + (sum(min(h.count, REPEAT_CAP) for h in self.lead[j]) if self.lead else 0.0)

    def vector(self, title_weight: float) -> np.ndarray:
        """Per stage, log(1 + capped count), title hits and lead hits weighing more."""
        return np.array([math.log1p(self.weight(j, title_weight)) for j in range(len(STAGES))])

    def words(self, stage: StageName, limit: int = 4) -> list[str]:
        """The surface forms of a stage's cues, most telling first."""
        return [h.surface for h in self.hits[STAGES.index(stage)][:limit]]

    @property
    def any(self) -> bool:
        return any(self.hits)


@dataclass(frozen=True, slots=True)
class StageCues:
    """One keyword matcher per stage."""

    matchers: tuple[KeywordMatcher, ...]

    @classmethod
    def of(cls, cfg: MaturityConfig) -> StageCues:
        return cls(tuple(KeywordMatcher(getattr(cfg, stage)) for stage in STAGES))

    def find(self, article: Article) -> StageHits:
        text = FoldedText(article.full_text)
        title_end = len(article.title) if article.title else 0
        lead = FoldedText(" ".join([article.title, *article.text.split()[:LEAD_WORDS]]))
        return StageHits(
            tuple(tuple(m.find(text, title_end)) for m in self.matchers),
            tuple(tuple(m.find(lead)) for m in self.matchers),
        )


def news_text(article: Article, lead_words: int) -> str:
    """The item's main news as the stage classifier reads it, accent-folded and lower-cased:
    its title twice (the headline says what happened) and the text's first `lead_words` words.
    A trial a long text mentions in passing further down does not reach it."""
    lead = " ".join(article.text.split()[:lead_words])
    return fold(f"{article.title} . {article.title} . {lead}")


def trial_phase(text: str) -> str | None:
    """The clinical-trial phase a text states first ("phase 1/2", "phase IIb", "phase 3"),
    as arabic numerals ("1/2", "2b", "3"); None when it states none."""
    m = _PHASE.search(text)
    if not m:
        return None
    first = _ROMAN.get(m.group(1).lower(), m.group(1))
    out = first + (m.group(2) or "").lower()
    if m.group(3):
        out += "/" + _ROMAN.get(m.group(3).lower(), m.group(3))
    return out
