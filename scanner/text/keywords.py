"""Accent-folded keyword matching: the lexical evidence of a theme.

    matcher = KeywordMatcher(theme.keywords)
    hits = matcher.find(FoldedText(article.full_text))    # [KeywordHit("bloc opératoire", 3), ...]

Texts and keywords are compared lower-cased with accents and ligatures folded by the folding the
gazetteer uses (`scanner.text.folding`: "Opératoire" and "operatoire" match, "œ" is "oe", quotes
and dashes unified), on word boundaries, so "puce" does not match "puceron". A hit
keeps the surface form first met in the text, so evidence reads like the article.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from scanner.text.folding import FoldedText, fold

__all__ = ["FoldedText", "KeywordHit", "KeywordMatcher", "fold", "keyword_weight", "lexical_score"]


@dataclass(frozen=True, slots=True)
class KeywordHit:
    """A keyword found in a text: its surface form there and how many times."""

    keyword: str
    surface: str
    count: int
    in_title: bool = False


class KeywordMatcher:
    """Finds a theme's keywords in folded text, on word boundaries."""

    def __init__(self, keywords: Iterable[str]) -> None:
        self.keywords = tuple(dict.fromkeys(fold(k).strip() for k in keywords if k.strip()))
        # longest first, so "therapies geniques" is not also counted as "therapie genique"
        ordered = sorted(self.keywords, key=len, reverse=True)
        self._pattern = (
            re.compile(r"(?<![\w-])(" + "|".join(re.escape(k) for k in ordered) + r")(?![\w-])")
            if ordered
            else None
        )

    def occurrences(self, text: FoldedText) -> Iterator[tuple[str, int, int]]:
        """Each keyword occurrence in `text`: the keyword and its span in the original text."""
        if self._pattern is None:
            return
        for m in self._pattern.finditer(text.lower):
            lo, hi = text.original_span(m.start(1), m.end(1))
            yield m.group(1), lo, hi

    def find(self, text: FoldedText, title_end: int = 0) -> list[KeywordHit]:
        """Hits in `text`, most frequent first; `title_end` is where the title stops in the
        original text (0: no title)."""
        counts: dict[str, int] = {}
        surfaces: dict[str, str] = {}
        titled: set[str] = set()
        for key, lo, hi in self.occurrences(text):
            counts[key] = counts.get(key, 0) + 1
            surfaces.setdefault(key, text.text[lo:hi])
            if lo < title_end:
                titled.add(key)
        hits = [KeywordHit(k, surfaces[k], n, k in titled) for k, n in counts.items()]
        return sorted(hits, key=lambda h: (-h.in_title, -h.count, h.keyword))


def keyword_weight(hits: Sequence[KeywordHit], title_weight: float, cap: int = 3) -> float:
    """How much keyword evidence the hits amount to: repeats capped (a keyword said ten times
    is not ten keywords), a keyword of the title weighing `title_weight` more."""
    return sum(min(h.count, cap) + (title_weight if h.in_title else 0.0) for h in hits)


def lexical_score(weight: float, half: float) -> float:
    """Saturating map of keyword weight to [0, 1): `half` hits give 0.5."""
    if weight <= 0:
        return 0.0
    return 1.0 - 0.5 ** (weight / max(half, 1e-6))
