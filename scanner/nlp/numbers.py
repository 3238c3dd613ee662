"""French numbers as written in the news: digits with their separators, and number words.

Digits: "1 500 000" (normal, no-break or narrow no-break spaces), "1.500.000", "2,3", "125.000,50",
and the English "1,500,000" / "1.1". Number words ("trente", "deux cent cinquante mille",
"quatre-vingt-quinze", "trois millions cinq cent mille") are converted by `text2num`, a
maintained French number-words parser that also rejects ill-formed sequences ("mille mille");
this module only finds the candidate runs of words and keeps their offsets.
"""

from __future__ import annotations

import functools
import re

from text_to_num import text2num

# Spaces that group thousands; never a newline, so a number does not run across lines.
GROUP_SPACE = "[ \u00a0\u202f\u2009\u2007]"

DIGITS = rf"\d{{1,3}}(?:{GROUP_SPACE}\d{{3}})+(?:,\d+)?(?!\d)|\d+(?:[.,]\d+)*(?!\d)"

_UNIT_WORDS = (
    "zéro|zero|une?|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|onze|douze|treize|quatorze|"
    "quinze|seize|vingts?|trente|quarante|cinquante|soixante|septante|octante|huitante|nonante|"
    "cents?|mille"
)
_SCALE_WORDS = "millions?|milliards?"
_WORD_SEP = r"(?:[ \u00a0\-]+et[ \u00a0\-]+|[ \u00a0\-]+)"
# A run of number words; `text2num` decides whether it is a well-formed number.
WORDS = (
    rf"(?i:\b(?:{_UNIT_WORDS})\b(?:{_WORD_SEP}(?:{_UNIT_WORDS}|{_SCALE_WORDS})\b)*"
    rf"(?:{_WORD_SEP}virgule[ \u00a0\-]+(?:{_UNIT_WORDS})\b(?:{_WORD_SEP}(?:{_UNIT_WORDS})\b)*)?)"
)

_SPACES = re.compile(GROUP_SPACE)
_SINGLE_DIGITS = {
    "zero": "0", "zéro": "0", "un": "1", "une": "1", "deux": "2", "trois": "3", "quatre": "4",
    "cinq": "5", "six": "6", "sept": "7", "huit": "8", "neuf": "9",
}  # fmt: skip


def parse_digits(raw: str, has_scale: bool = False, english: bool = False) -> float | None:
    """The value of a digit string as French (or English) news writes it; None if unreadable.

    The last of "," and "." is the decimal mark when both occur. A lone separator is a decimal
    mark, except "." or "," followed by exactly three digits with no scale word after the
    number ("10.000 $", and "1,500" in English), which groups thousands.
    """
    s = _SPACES.sub("", raw)
    commas, dots = s.count(","), s.count(".")
    try:
        if commas and dots:
            decimal = "," if s.rfind(",") > s.rfind(".") else "."
            other = "." if decimal == "," else ","
            return float(s.replace(other, "").replace(decimal, "."))
        for sep, count in ((",", commas), (".", dots)):
            if not count:
                continue
            if count > 1:
                return float(s.replace(sep, "")) if _thousands(s, sep) else None
            head, tail = s.split(sep)
            thousands = len(tail) == 3 and not has_scale and (sep == "." or english)
            return float(head + tail) if thousands else float(f"{head}.{tail}")
        return float(s)
    except ValueError:
        return None


def _thousands(s: str, sep: str) -> bool:
    """ "1.500.000": every group after the first has three digits."""
    head, *groups = s.split(sep)
    return 1 <= len(head) <= 3 and all(len(g) == 3 for g in groups)


def parse_words(raw: str) -> tuple[float, int] | None:
    """(value, offset of the first word kept) of a run of French number words, or None.

    A run that `text2num` rejects loses words from the left until it parses ("dix et vingt
    millions" → "vingt millions", the "dix" belonging to a range).
    """
    tokens = list(re.finditer(r"[^\s\-]+", raw))
    for i in range(len(tokens)):
        if tokens[i].group().lower() == "et":
            continue
        value = _words_value(raw[tokens[i].start() :])
        if value is not None:
            return value, tokens[i].start()
    return None


@functools.lru_cache(maxsize=4096)
def _words_value(raw: str) -> float | None:
    text = " ".join(raw.lower().replace("\u00a0", " ").split())
    integer, _, fraction = text.partition(" virgule ")
    whole = _text2num(integer)
    if whole is None:
        return None
    if not fraction:
        return float(whole)
    words = fraction.split()
    if all(w in _SINGLE_DIGITS for w in words):
        digits = "".join(_SINGLE_DIGITS[w] for w in words)
    else:
        value = _text2num(fraction)
        if value is None:
            return None
        digits = str(value)
    return float(f"{whole}.{digits}")


def _text2num(text: str) -> int | None:
    if text in ("un", "une"):
        return 1
    try:
        return int(text2num(text, "fr"))
    except (ValueError, TypeError):
        return None
