"""Who takes the money, said by a clause the parse does not tie to it: a relative clause
after a list item's name ("Pyxis Diagnostics, à Clermont-Ferrand, qui reçoit 750 000 euros"),
an English verb of giving with two objects ("has awarded Kelpie a £3m grant")."""

from __future__ import annotations

import re

from scanner.nlp.facts import lexicon as lx
from scanner.nlp.facts.context import Amount
from scanner.nlp.facts.parties import FUNDED, org_name

# "Pyxis Diagnostics, à Clermont-Ferrand, qui reçoit 750 000 euros", "Dosalis (aide à la
# prescription), qui a levé": the name the relative clause hangs from (past a place or what
# it does in brackets) takes the money
_WHO_TAKES = re.compile(
    r"(?:\s*\([^()]{1,150}\))?,\s*(?:[^,;]{2,80},\s*)?(?:qui|which|who)\s+(?:[\w']+\s+){0,2}?(?:"
    + lx.TAKE
    + r")\s+(?:[\w']+\s+){0,4}$"
)

# "X, consortium piloté par Y, qui reçoit": Y leads, X takes
_LEADER_BEFORE = re.compile(r"\b(?:par|by|avec|with|de la part d[e'])\s+(?:l'|la |le |les |the )?$")


def relative_taker(a: Amount, role: str) -> tuple[bool, str | None]:
    """The name a relative clause of taking hangs from ("X, à Brest, qui reçoit 3,5 M€")."""
    if role not in FUNDED:
        return False, None
    low = a.article.flat
    for i in reversed(a.article.indexes(a.sentence.start, a.mention.start, ("organisation",))):
        m = a.article.mentions[i]
        if _LEADER_BEFORE.search(low, max(a.sentence.start, m.start - 30), m.start):
            continue  # "X, consortium piloté par Y, qui reçoit": Y leads, X takes
        if _WHO_TAKES.fullmatch(low, m.end, a.mention.start):
            return True, org_name(a, i)
    return False, None


# English gives twice: "has awarded Kelpie a £3m grant", "granted the company an additional €2m"
_GAVE = re.compile(r"\b(?:awarded|granted|gave|given|lent|loaned|handed|offered)\s+$")
_THE_COMPANY = re.compile(
    r"\b(?:awarded|granted|gave|lent|loaned|handed|offered)\s+"
    r"the (?:company|start-?up|firm|biotech|medtech)\s+(?:an?|the)?\s*$"
)
_THEN_MONEY = re.compile(r"\s+(?:an?|the|its)?\s*(?:additional|further|new|first|second)?\s*$")


def given_first_object(a: Amount) -> tuple[bool, str | None]:
    """Without a parse, English: "X has awarded Kelpie a £3m grant", "granted the company an
    additional €2m" (the company the article is about)."""
    low = a.article.flat
    if not a.article.english:
        return False, None
    if _THE_COMPANY.search(low, a.segment.start, a.mention.start):
        return (True, a.article.protagonist) if a.article.protagonist else (False, None)
    for i in a.article.indexes(a.segment.start, a.mention.start, ("organisation",)):
        m = a.article.mentions[i]
        if _GAVE.search(low, a.segment.start, m.start) and _THEN_MONEY.fullmatch(
            low, m.end, a.mention.start
        ):
            return True, org_name(a, i)
    return False, None
