"""Money a company has raised so far, its rounds added up ("porte à 42 M€ le total des fonds
levés", "78 M€ levés au total", "bringing its total funding to $57 million"): equity, but not
the round the article tells of (`role_fixes.adjust` reads it as `raised_to_date`, novelty as no
news).
"""

from __future__ import annotations

import re

from scanner.nlp.facts.context import Amount

# a company's rounds added up: "porte à 42 M€ le total des fonds levés", "bringing its total
# funding to $57 million" (the "fonds" is money raised, not a programme's fund)
_RAISED_TO_DATE_FR = re.compile(
    r"\b(?:porte|portant|porter|portera)\s+a\b[^.;]{0,40}\b(?:total|montant total|cumul)\b"
    r"[^.;]{0,30}\b(?:fonds|financements?|capitaux)\s+leves\b"
)
_RAISED_TO_DATE_EN = re.compile(
    r"\b(?:brings?|bringing|brought|taking|takes)\s+(?:its\s+|their\s+|the\s+company's\s+|"
    r"the\s+)?total\s+(?:(?:funding|capital|amount)\s+raised|raised|funding|financing)\b"
    r"(?:\s+\w+){0,3}\s+to\s*$|"
    # "The new cash nearly doubles the company's total funding, bringing it to $105 million"
    r"\btotal\s+(?:funding|financing|capital raised)\b[^.;]{0,30},\s*(?:bringing|taking)\s+"
    r"it\s+to\s*$"
)


def total_raised(a: Amount) -> bool:
    """Whether the amount is the total a company has raised so far ("porte à 42 M€ le total des
    fonds levés", "bringing its total funding to $57 million"), not the round beside it."""
    low = a.article.flat
    for m in _RAISED_TO_DATE_FR.finditer(low, a.sentence.start, a.sentence.end):
        if m.start() <= a.mention.start < m.end():
            return True
    lead = low[max(a.sentence.start, a.mention.start - 90) : a.mention.start]
    if _RAISED_TO_DATE_EN.search(lead) or _TOTAL_BEFORE.search(lead):
        return True
    tail = low[a.mention.end : min(a.sentence.end, a.mention.end + 50)]
    return bool(_CUMULATED.search(lead[-30:]) and _FUNDING_AFTER.match(tail)) or bool(
        _RAISED_IN_ALL.match(tail) or (_SO_FAR.match(tail) and _RAISING.search(lead))
    )


# "qui atteint 138 M€ de financement", "cumule 60 M€ de fonds levés", "78 M€ levés au total",
# "a levé au total 45 M€", "raised a total of €45 million"
_CUMULATED = re.compile(
    r"\b(?:atteint|atteignant|totalise|totalisant|cumule|cumulant)\s+(?:\w+\s+)?$"
)
_FUNDING_AFTER = re.compile(r"\s*(?:d'euros\s+)?(?:de\s+)?(?:financements?|fonds leves|levees?)\b")
_RAISED_IN_ALL = re.compile(r"\s*(?:de fonds\s+)?leves\s+(?:au total|en tout|depuis)\b")
_TOTAL_BEFORE = re.compile(
    r"\b(?:leve|obtenu|reuni|raised)\s+(?:au total|en tout|a total of|in total)\s+(?:\w+\s+)?$"
)
# "bringing its funding to over $600 million to date", "36 M€ à ce jour": everything so far
_SO_FAR = re.compile(
    r"\s*(?:(?:d'euros|de dollars|in (?:total )?(?:funding|financing|capital|equity)|"
    r"of (?:funding|financing|capital))\s+)?(?:to date|so far|since (?:its )?(?:inception|"
    r"founding|creation|launch)|a ce jour|jusqu'a present|depuis (?:sa|leur) (?:creation|fondation))\b"
)
# the money so far is rounds only where the sentence says so (grants received "depuis sa
# création" stay grants)
_RAISING = re.compile(r"\b(?:leve\w*|levees?|raised?|raising|funding|financing|equity)\b")
