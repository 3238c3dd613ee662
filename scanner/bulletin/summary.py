"""Extractive summaries: the 2–3 sentences of an article that say most about it.

    summarise(article.full_text, mentions, skip=len(article.title))  # -> ("…", "…")

The lead (the body's first sentence) always comes first: news is written as an inverted
pyramid, and the lead is where the news is ("GlycoSense a obtenu le marquage CE…"), even when
its words recur less than the details'. The other sentences score by their centrality (word
overlap with the rest of the article, the classic TextRank intuition without the iteration)
plus a bonus for each programme, amount or organisation they name; the chosen sentences come
back in the article's order. Pure.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from scanner.bulletin.rank import tokens
from scanner.records import Mention

# a sentence ends at . ! ? … followed by space and a capital, quote or digit; "M. Dupont" and
# "2,3 Md€." are handled well enough for news prose
_SPLIT = re.compile(r"(?<=[.!?…])\s+(?=[«\"“A-ZÀ-ÖØ-Ý0-9])|\n\s*\n")
MENTION_BONUS = {"programme": 0.35, "amount": 0.35, "organisation": 0.2}
MAX_CHARS = 320
MIN_WORDS = 5


@dataclass(frozen=True, slots=True)
class Sentence:
    start: int
    end: int
    text: str


def sentences(text: str, skip: int = 0) -> list[Sentence]:
    """Sentences of `text` from offset `skip` on, with their offsets in `text`."""
    out: list[Sentence] = []
    pos = skip
    for piece in _SPLIT.split(text[skip:]):
        start = text.find(piece, pos) if piece else -1
        if start < 0:
            continue
        pos = start + len(piece)
        clean = " ".join(piece.split())
        if clean:
            out.append(Sentence(start, pos, clean))
    return out


def sentence_scores(sents: Sequence[Sentence], mentions: Sequence[Mention]) -> list[float]:
    """Centrality (mean cosine of word counts to the other sentences) plus mention bonuses."""
    bags = [Counter(tokens(s.text)) for s in sents]
    norms = [math.sqrt(sum(v * v for v in b.values())) or 1.0 for b in bags]
    scores: list[float] = []
    for i, bag in enumerate(bags):
        sims = [
            sum(n * bags[j].get(w, 0) for w, n in bag.items()) / (norms[i] * norms[j])
            for j in range(len(bags))
            if j != i
        ]
        centrality = sum(sims) / len(sims) if sims else 0.0
        bonus = sum(
            MENTION_BONUS.get(m.kind, 0.0)
            for m in mentions
            if sents[i].start <= m.start < sents[i].end
        )
        short = 0.5 if len(bag) < MIN_WORDS else 1.0  # fragments and bylines rarely inform
        scores.append((centrality + min(bonus, 0.7)) * short)
    return scores


def summarise(
    text: str, mentions: Sequence[Mention] = (), skip: int = 0, n: int = 3, max_chars: int = 600
) -> tuple[str, ...]:
    """Up to `n` sentences (2 when they already fill `max_chars`), in their original order."""
    sents = sentences(text, skip)
    if not sents:
        return ()
    scores = sentence_scores(sents, mentions)
    order = sorted(range(len(sents)), key=lambda i: (-scores[i], i))
    lead = next((i for i, s in enumerate(sents) if len(s.text.split()) >= MIN_WORDS), None)
    if lead is not None:  # the lead first, whatever its score (a byline is not a lead)
        order = [lead, *(i for i in order if i != lead)]
    chosen: list[int] = []
    used = 0
    for i in order:
        if len(chosen) >= n or (len(chosen) >= 2 and used >= max_chars):
            break
        chosen.append(i)
        used += len(sents[i].text)
    return tuple(_shorten(sents[i].text) for i in sorted(chosen))


def _shorten(sentence: str) -> str:
    if len(sentence) <= MAX_CHARS:
        return sentence
    cut = sentence[:MAX_CHARS].rsplit(" ", 1)[0]
    return cut.rstrip(",;:") + " …"
