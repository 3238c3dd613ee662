"""Sentences, per-amount segments and an accent-folded, lower-case view of the same length.

The rules match cue words on `flat(text)`: lower case, accents removed, quotes and spaces
unified, character for character, so every offset found there indexes the original text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

_FLAT = str.maketrans(
    {
        **dict.fromkeys("àâäáã", "a"),
        **dict.fromkeys("éèêë", "e"),
        **dict.fromkeys("îïí", "i"),
        **dict.fromkeys("ôöó", "o"),
        **dict.fromkeys("ùûüú", "u"),
        "ç": "c",
        "ÿ": "y",
        "ñ": "n",
        "’": "'",
        "‘": "'",
        "«": '"',
        "»": '"',
        "“": '"',
        "”": '"',
        "\u00a0": " ",
        "\u202f": " ",
        "\u2009": " ",
        "–": "-",
        "—": "-",
    }
)


def flat(text: str) -> str:
    """`text` in lower case without accents, same length (offsets unchanged)."""
    return text.lower().translate(_FLAT)


@dataclass(frozen=True, slots=True)
class Span:
    """A stretch of the article's text, [start, end)."""

    start: int
    end: int

    def __contains__(self, offset: object) -> bool:
        return isinstance(offset, int) and self.start <= offset < self.end


# A sentence ends at . ! ? … followed by space and a capital, digit or quote, or at a line
# break; "M. Dupont", "St. Louis", "1.5" and "12 M€." inside a sentence are not ends.
_END = re.compile(
    r"(?<!\b[A-Z])(?<!\bM)(?<!\bSt)(?<!\bDr)[.!?…]+[\"»”)]?(?=\s+[«\"“(A-ZÀ-Ý0-9])|\n+|"
    # a round's letter ends its sentence: "closed a $50 million Series B. New investor …"
    r"(?:(?<=eries [A-H])|(?<=érie [A-H])|(?<=erie [A-H]))\.(?=\s+[«\"“(A-ZÀ-Ý])"
)


def sentences(text: str) -> list[Span]:
    """The sentences of `text` (the title is the first when the text starts with one)."""
    out: list[Span] = []
    start = 0
    for m in _END.finditer(text):
        end = m.end() if m.group().strip() else m.start()
        if text[start:end].strip():
            out.append(_trimmed(text, start, end))
        start = m.end()
    if text[start:].strip():
        out.append(_trimmed(text, start, len(text)))
    return _joined_figures(text, out)


# "60 millions d'euros. C'est le montant de l'augmentation de capital de X": a figure said
# alone, then named by the sentence after it, is one sentence for the rules and the parser
_FIGURE_ALONE = re.compile(r"[\d,.\s]+(?:[\w'’€$£]+\s*){0,4}[.!…]?")
_NAMES_IT = re.compile(r"(?:C'est|C’est|Ce sont|Tel est|Telle est|Voilà|That is|That's|This is)\b")


def _joined_figures(text: str, spans: list[Span]) -> list[Span]:
    out: list[Span] = []
    for span in spans:
        prev = out[-1] if out else None
        if (
            prev is not None
            and text[prev.start].isdigit()
            and _FIGURE_ALONE.fullmatch(text, prev.start, prev.end)
            and _NAMES_IT.match(text, span.start)
            and "\n" not in text[prev.end : span.start]
        ):
            out[-1] = Span(prev.start, span.end)
        else:
            out.append(span)
    return out


def _trimmed(text: str, start: int, end: int) -> Span:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Span(start, end)


def sentence_of(spans: Sequence[Span], offset: int) -> int:
    """Index of the sentence holding `offset` (the nearest before it when between two)."""
    lo, hi = 0, len(spans)
    while lo < hi:  # the last sentence starting at or before offset
        mid = (lo + hi) // 2
        if spans[mid].start <= offset:
            lo = mid + 1
        else:
            hi = mid
    return max(0, lo - 1)


_AND = re.compile(r"\s(?:et|and)\s")
_NAME_AFTER_AND = re.compile(
    r"\s(?:et|and)\s+(?:(?:de|du|des|par|from|by)\s+|d['’])?(?:(?:la|le|les|the)\s+|l['’])?"
    r"[A-ZÉÈÀÂÎÔ]"
)
# Where one amount's part of a sentence ends and the next one's begins, strongest first.
_BREAKS = (
    re.compile(r";"),
    re.compile(r",?\s+(?:dont|whose|of which|including)\s"),
    re.compile(r",\s*(?:et|while|and|tandis que|alors que|quand|le reste|the rest|ainsi qu)\b"),
    _AND,
    re.compile(r","),
)


def segments(text: str, sentence: Span, amounts: Sequence[Span]) -> list[Span]:
    """Each amount's own part of its sentence: the sentence is cut between two amounts at the
    strongest break between them (";", ", dont", ", et", " et ", ",")."""
    cuts = [sentence.start]
    for left, right in zip(amounts, amounts[1:], strict=False):
        between = text[left.end : right.start]
        cut = right.start
        for pattern in _BREAKS:
            found = list(pattern.finditer(between))
            if found:
                at = found[-1].start()
                comma = between.rfind(",")
                if pattern is _AND and comma > at and _NAME_AFTER_AND.match(between, at):
                    # "auprès de A et de B, complétée par un prêt de": the names the "et"
                    # adds are the first amount's, the comma after them closes its clause
                    at = comma
                cut = left.end + at
                break
        cuts.append(max(cut, cuts[-1]))
    cuts.append(sentence.end)
    return [Span(a, b) for a, b in zip(cuts, cuts[1:], strict=False)]
