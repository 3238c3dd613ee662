"""The figures every evaluation reports: precision/recall/F1 from counts, nDCG and recall@k;
the comparison form of names and surface texts."""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

K = 10
_ARTICLE = re.compile(r"^(?:l'|d'|la |le |les |du |des |de la |de l')")
_QUOTES = str.maketrans({c: " " for c in "\"«»“”„‟'’‘`"})


def normalise(text: str) -> str:
    """Comparison form of a surface text: casefolded, accents and quotes removed, spaces
    collapsed, a leading article dropped."""
    text = unicodedata.normalize("NFKD", text.replace("’", "'"))
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    text = " ".join(text.replace("\u00a0", " ").replace("\u202f", " ").split())
    text = _ARTICLE.sub("", text)
    return " ".join(text.translate(_QUOTES).split())


@dataclass(frozen=True, slots=True)
class PRF:
    """True positives, false positives, false negatives, and the figures derived from them."""

    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def __add__(self, other: PRF) -> PRF:
        return PRF(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)


def ndcg_at(returned: Sequence[str], relevant: dict[str, int], k: int = K) -> float:
    """Normalised discounted cumulative gain of a ranking, gains 2^rel − 1."""
    dcg = sum(
        (2 ** relevant.get(doc, 0) - 1) / math.log2(i + 2) for i, doc in enumerate(returned[:k])
    )
    ideal = sorted(relevant.values(), reverse=True)[:k]
    idcg = sum((2**rel - 1) / math.log2(i + 2) for i, rel in enumerate(ideal))
    return dcg / idcg if idcg else 0.0


def recall_at(returned: Sequence[str], relevant: dict[str, int], k: int = K) -> float:
    """Share of the relevant items (grade ≥ 1) in the first k."""
    wanted = {doc for doc, rel in relevant.items() if rel > 0}
    return len(wanted & set(returned[:k])) / len(wanted) if wanted else 0.0
