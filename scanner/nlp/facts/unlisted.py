"""Names no extractor found, read where an organisation is expected: at the head of a title
that says "X lève", "X raises"; at the head of a list line or a table row that gives an
amount ("Kalios (Lyon) : 4,3 M€ en amorçage", "Docteo | 3,4 M€ | subvention").

A name is a run of one to four capitalised words ("Vigie Santé", "Calanque AI", "NEPHROLINK",
"ÉPIDERM'IA"), returned as written without a legal suffix ("CARDIOSENS SA" → "CARDIOSENS"),
which is how a canonical name is written. Words that open a sentence without naming anything
("Le", "Les", "La société") are no name.
"""

from __future__ import annotations

import re

_WORD = r"[A-ZÀ-Ý][\w'’&.+-]*"
_LINK = r"(?:\s+(?:de|du|des|d'|la|le|for|of|&)\s+)"
NAME = re.compile(_WORD + r"(?:(?:\s+|" + _LINK + r")(?:" + _WORD + r"|[0-9]+))" + "{0,3}")
_LEGAL = re.compile(
    r"\s+(?:SA|SAS|SASU|SARL|SE|AG|GmbH|Inc\.?|Ltd\.?|LLC|LLP|plc|PLC|BV|NV|AB|Oy|S\.A\.)$"
)
# Capitalised words that open a sentence or a row without naming an organisation.
_NOT_NAMES = re.compile(
    r"^(?:le|la|les|l'|un|une|des|du|ce|cette|ces|son|sa|ses|leur|il|elle|ils|elles|on|en|"
    r"au|aux|a|the|a|an|its|it|this|these|their|in|on|at|for|with|total|montant|societe|"
    r"laureat|laureats|nom|entreprise|company|name|amount|region|nature|projet|project|"
    r"dont|parmi|selon|apres|avant|depuis|pour|avec|chez|sur|sous|by|from|to)$",
    re.IGNORECASE,
)
_HEAD_OF_LINE = re.compile(r"\s*(?:[-–•*·]\s*)?")
_AFTER_HEAD = re.compile(r"\s*(?:\([^()\n]{0,60}\))?\s*(?::|\|)\s")
MAX_CELLS = 40  # characters between the head and the amount: other cells, not a sentence


def name_at(text: str, start: int, end: int | None = None) -> str | None:
    """The name starting at `start` (within [start, end)), None when none starts there."""
    m = NAME.match(text, start, len(text) if end is None else end)
    if m is None:
        return None
    name = _LEGAL.sub("", m.group().rstrip(".,;:"))
    first = name.split()[0].replace("’", "'")
    if _NOT_NAMES.match(_fold(first)) or len(name) < 2 or re.match(r"[LD]'", first):
        return None
    return name


def line_head(text: str, line_start: int, amount_start: int) -> str | None:
    """The name heading a list line or a table row that holds the amount: the line starts
    with it, then a bracket at most, then ":" or "|" (and the amount comes after)."""
    lead = _HEAD_OF_LINE.match(text, line_start, amount_start)
    at = lead.end() if lead else line_start
    name = name_at(text, at, amount_start)
    if name is None:
        return None
    after = _AFTER_HEAD.match(text, at + len(name), amount_start)
    if after is None:
        # "CARDIOSENS SA | 2,6 M€": the suffix left out of the name is still in the text
        rest = re.match(r"\s+\S+", text[at + len(name) : amount_start])
        if rest is None:
            return None
        after = _AFTER_HEAD.match(text, at + len(name) + rest.end(), amount_start)
        if after is None:
            return None
    return name if amount_start - after.end() <= MAX_CELLS else None


def _fold(word: str) -> str:
    return (
        word.lower()
        .replace("é", "e")
        .replace("è", "e")
        .replace("à", "a")
        .replace("ô", "o")
        .replace("î", "i")
    )
