"""Which words of a text are ordinary words of its language, not names: its language (French
or English function words), the words it writes in lower case, and the French model's vector
table, which lists words by frequency. A capitalised sentence-initial "Innovation" is then a
common noun, "Mutabilis" or "Iktos" a name.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from scanner.text.folding import fold

_EN_WORDS = re.compile(r"\b(?:the|and|of|with|for|has|was|is|are)\b")
_FR_WORDS = re.compile(r"\b(?:le|la|les|et|des|du|une|est|avec|pour)\b")


def looks_english(text: str) -> bool:
    """More English than French function words (the NER model is French)."""
    sample = text[:5000]
    return len(_EN_WORDS.findall(sample)) > len(_FR_WORDS.findall(sample))


def lowercase_words(text: str) -> set[str]:
    """Folded words written in lower case somewhere in the text ("conseil", "grève")."""
    return {fold(w) for w in re.findall(r"\b[a-zàâçéèêëîïôûùüÿœ][\w\-]*", text)}


# The model's vector table lists words by frequency; a word among the first rows is a common
# one ("assurance", "innovation"), while names the vectors merely know ("alan", "tanker",
# "medtronic") sit far down or share a rare row.
COMMON_WORD_ROWS = 10_000
# A pruned table maps its rare words onto the row of a near frequent one ("mutabilis" shares
# a row among the first 10,000): the key's rank in the table (keys are stored by frequency)
# tells a rare word from a frequent one.
RARE_WORD_RANK = 200_000
_RANKS: dict[int, dict[int, int]] = {}


def _ranks(vectors: Any) -> dict[int, int]:
    """The rank of each of the table's first `RARE_WORD_RANK` keys (computed once a table)."""
    ranks = _RANKS.get(id(vectors))
    if ranks is None:
        ranks = {}
        for rank, key in enumerate(vectors.key2row):
            if rank >= RARE_WORD_RANK:
                break
            ranks[key] = rank
        _RANKS[id(vectors)] = ranks
    return ranks


def common_word_test(text: str, vocab: Any) -> Callable[[str], bool]:
    """A test for "common word": it appears in lower case in the text, or it is among the
    model's frequent words ("diapositive" yes, "iktos" and "alan" no). A capitalised
    sentence-initial ORG such as "Innovation" is then a common noun, not a company."""
    words = lowercase_words(text)
    vectors = getattr(vocab, "vectors", None)
    rows = getattr(vectors, "key2row", None) or {}
    ranks = _ranks(vectors) if rows else {}
    english = looks_english(text)

    def is_common(word: str) -> bool:
        lower = word.lower()
        if any(c.isdigit() for c in lower):
            return False  # "snap40", "5am": a brand, even written in lower case
        if fold(lower) in words:
            return True
        if vocab is None or not vocab.has_vector(lower):
            return False
        key = vocab.strings[lower]
        row = rows.get(key) if rows else None
        if row is None:
            return True
        if row >= COMMON_WORD_ROWS:
            return False
        # a rare word sharing a frequent word's row; not in English, whose words are all rare
        # to French vectors ("Alongside", "Treatments")
        return english or key in ranks

    return is_common
