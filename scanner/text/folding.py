"""Accent and punctuation folding that keeps a map back to the original offsets.

Names are compared on a folded copy of the text: accents removed, quotes, dashes and spaces
unified, invisible characters dropped, decomposed accents joined to their letter. `FoldedText`
keeps, for every folded character, its span in the original text, so a match found on the
folded copy always indexes the caller's text exactly.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Sequence

# Characters with the same meaning for matching purposes; quotes and dashes vary by publisher.
_CHAR_MAP = {
    "\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u00b4": "'", "`": "'", "\u2032": "'",
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2212": "-",
    "\u00ab": '"', "\u00bb": '"', "\u201c": '"', "\u201d": '"', "\u201e": '"',
    "\u00a0": " ", "\u202f": " ", "\u2009": " ", "\u2007": " ",
    "\u0153": "oe", "\u0152": "OE", "\u00e6": "ae", "\u00c6": "AE",
}  # fmt: skip
_INVISIBLE = frozenset("\u200b\u200c\u200d\u2060\ufeff\u00ad")
_FOLD_CACHE: dict[str, str] = {}


def fold_char(ch: str) -> str:
    """One character without accents, with quotes, dashes and spaces unified (case kept)."""
    folded = _FOLD_CACHE.get(ch)
    if folded is None:
        if ch in _INVISIBLE:
            folded = ""
        elif ch in _CHAR_MAP:
            folded = _CHAR_MAP[ch]
        elif ord(ch) < 128:
            folded = ch
        else:
            decomposed = unicodedata.normalize("NFKD", ch)
            folded = "".join(c for c in decomposed if not unicodedata.combining(c))
        _FOLD_CACHE[ch] = folded
    return folded


@functools.lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """`text` accent-folded and lower-cased, as the gazetteer compares names (cached: names and
    words repeat)."""
    return FoldedText(text).lower


class FoldedText:
    """A text's accent-folded copies (`cased`, `lower`) with each folded character's span in the
    original text, so that folded offsets map back exactly (`original_span`)."""

    __slots__ = ("text", "cased", "lower", "starts", "ends")

    def __init__(self, text: str) -> None:
        self.text = text
        chars = set(text)
        folds = {c: fold_char(c) for c in chars}
        if all(len(f) == 1 for f in folds.values()) and not any(map(unicodedata.combining, chars)):
            # the common case: one folded character per character, offsets unchanged
            self.cased = text.translate({ord(c): f for c, f in folds.items() if f != c})
            lowered = self.cased.lower()
            self.lower = lowered if len(lowered) == len(self.cased) else self._lower(self.cased)
            self.starts: Sequence[int] = range(len(text))
            self.ends: Sequence[int] = range(1, len(text) + 1)
            return
        # a few characters fold to zero or two characters ("œ", a zero-width space, a combining
        # accent): map offsets segment by segment around them
        odd = re.compile(
            "["
            + re.escape(
                "".join(c for c, f in folds.items() if len(f) != 1 or unicodedata.combining(c))
            )
            + "]"
        )
        cased: list[str] = []
        starts: list[int] = []
        ends: list[int] = []
        table = {ord(c): f for c, f in folds.items() if f != c and len(f) == 1}
        pos = 0
        for m in odd.finditer(text):
            i = m.start()
            cased.append(text[pos:i].translate(table))
            starts.extend(range(pos, i))
            ends.extend(range(pos + 1, i + 1))
            ch = text[i]
            if unicodedata.combining(ch):
                # a decomposed accent belongs to the letter before it
                if ends and ends[-1] == i:
                    ends[-1] = i + 1
            else:
                cased.append(folds[ch])
                starts.extend([i] * len(folds[ch]))
                ends.extend([i + 1] * len(folds[ch]))
            pos = i + 1
        cased.append(text[pos:].translate(table))
        starts.extend(range(pos, len(text)))
        ends.extend(range(pos + 1, len(text) + 1))
        self.cased = "".join(cased)
        lowered = self.cased.lower()
        self.lower = lowered if len(lowered) == len(self.cased) else self._lower(self.cased)
        self.starts = starts
        self.ends = ends

    @staticmethod
    def _lower(cased: str) -> str:
        # keep one folded char per position: a lower() that changes length keeps the original
        return "".join(lc if len(lc) == 1 else c for c, lc in ((c, c.lower()) for c in cased))

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """Original offsets of the folded span [start, end)."""
        return self.starts[start], self.ends[end - 1]
