"""Health words an article really uses: the theme stage's on-topic evidence.

    health = HealthWords(cfg.themes.domain_words)
    found = health.find(article.full_text)   # HealthFound(words=("patients", "CHU"), figurative=())
    len(found.words)                         # what the off-topic gate counts

An article naming none of `[themes].domain_words` is not health news, whatever its closeness to
a theme. Two uses of those words are not health news either, and are left out:

- a word of three letters or fewer written in lower case: the list's short words are acronyms
  (HAS, ARS, CHU), and "has" is also the English verb ("the bank has launched …"). On the
  tuned sets this verb was the only health word of three off-topic items the stage accepted
  (an insurer's chatbot, a bank's assistant, a chip plant) and of two on-topic ones.
- a word inside a short quotation (five words or fewer between « », “ ”, ‘ ’ or quote marks):
  a borrowed figure of speech — cobots welding with « une précision chirurgicale », the
  « bloc opératoire » of a train depot, a wheat "therapy", a jet engine's « diagnostic ». A
  person's quoted sentence is longer and still counts.

An article naming `animal_min` animal or crop words (`[themes].animal_words`: livestock, bees,
vines, farmers) or more, and at least as many as its health words, is about animals or fields:
its health words (an avian flu vaccination, a bee virus) do not count at all (`count` is 0).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from scanner.text.keywords import FoldedText, KeywordMatcher

ACRONYM_CHARS = 3  # a health word this short counts only in capitals (HAS, ARS, CHU)
QUOTED_WORDS = 5  # a quotation this short is a figure of speech, not the article's subject
_QUOTE = re.compile(
    r"«[^»\n]{1,80}»|“[^”\n]{1,80}”|\"[^\"\n]{1,80}\"|‘[^’\n]{1,80}’|(?<!\w)'[^'\n]{1,80}'(?!\w)"
)


@dataclass(frozen=True, slots=True)
class HealthFound:
    """The distinct health words of a text (surface first met), and those met only as a
    figure of speech (inside a short quotation), which do not count."""

    words: tuple[str, ...]
    figurative: tuple[str, ...] = ()
    animal: tuple[str, ...] = ()  # animal and crop words, when they outweigh the health words

    @property
    def count(self) -> int:
        """How many health words count: none when the text is about animals or crops."""
        return 0 if self.animal else len(self.words)


def short_quotes(text: str) -> list[tuple[int, int]]:
    """Spans of the quotations of `QUOTED_WORDS` words or fewer in `text`."""
    return [
        (m.start(), m.end())
        for m in _QUOTE.finditer(text)
        if len(m.group().split()) <= QUOTED_WORDS
    ]


class HealthWords:
    """Finds the health words of a text (accent-folded, word boundaries), as the module says."""

    def __init__(
        self, words: Iterable[str], animal_words: Iterable[str] = (), animal_min: int = 3
    ) -> None:
        self.matcher = KeywordMatcher(words)
        self.animal = KeywordMatcher(animal_words)
        self.animal_min = max(1, animal_min)

    @property
    def keywords(self) -> tuple[str, ...]:
        return self.matcher.keywords

    def find(self, text: str, folded: FoldedText | None = None) -> HealthFound:
        """The health words of `text` (`folded`: its folded copy, when already made)."""
        if folded is None:
            folded = FoldedText(text)
        quotes = short_quotes(text)
        counted: dict[str, str] = {}
        quoted: dict[str, str] = {}
        for key, lo, hi in self.matcher.occurrences(folded):
            surface = text[lo:hi]
            if len(key) <= ACRONYM_CHARS and not surface.isupper():
                continue
            if any(a <= lo and hi <= b for a, b in quotes):
                quoted.setdefault(key, surface)
            else:
                counted.setdefault(key, surface)
        figurative = tuple(s for k, s in quoted.items() if k not in counted)
        animal = [h.surface for h in self.animal.find(folded)]
        if len(animal) < max(self.animal_min, len(counted)):
            animal = []
        return HealthFound(tuple(counted.values()), figurative, tuple(animal))
