"""The organisation named right after a given amount with "à", "au", "to": "l'ANRS MIE
attribue 2,6 M€ au consortium VigiTrop", "un don de 5 M€ à la Fondation de l'AP-HP", "The
third award, €6.5 million, goes to Lumiq Imaging", "la dotation la plus importante, 60 M€,
revient au projet X". The article's main organisation is often
the giver there, or another laureate, so falling back to it names the wrong one.

Only for money given (grant, loan, equity) with a giving word before the amount (a giving
verb, "don", "subvention", "grant", "award"…) or "goes to" itself; never for "lève 5 M€ à
Paris" (no organisation) or "reçoit 2 M€ au titre de France 2030" (a programme).
"""

from __future__ import annotations

import re

from scanner.nlp.facts import lexicon as lx
from scanner.nlp.facts.context import Amount
from scanner.nlp.facts.parties import FUNDED, org_indexes, org_name
from scanner.nlp.facts.text import Span

_GIVE = re.compile(lx.GIVE)
# between the amount and the name: "à la", "au consortium", ", goes to the", "to the French"
_GOING = (
    r"(?:goes|go|went|will go|is going|revient|reviennent|reviendra|va|vont|ira|iront|"
    # given in the passive: "une enveloppe de 80 k€ a été attribuée à X", "was awarded to X"
    r"(?:(?:a|ont|avait|sera|seront|est|sont)\s+)?(?:ete\s+)?"
    r"(?:attribuee?s?|accordee?s?|allouee?s?|versee?s?|octroyee?s?)|"
    r"(?:was|were|has been|have been|will be|is|are)\s+(?:awarded|granted|given|allocated))"
)
_TO_GAP = re.compile(
    r"^\s*,?\s*(?:" + _GOING + r"\s+)?(?:a|au|aux|to)\s+"
    r"(?:l'|la |le |les |the )?(?:[a-z][\w'-]*\s+){0,2}"
    # "à la plateforme de bioproduction de X", "au projet de recherche de X": the owner's
    r"(?:(?<=\s)(?:[a-z][\w'-]*\s+){0,3}(?:de|du|d'|of)\s*(?:l'|la |le |the )?)?$"
)
_GOES = re.compile(r"\b" + _GOING + r"\s+(?:a|au|aux|to)\b")
_GIFT = re.compile(
    r"\b(?:dons?|donations?|subventions?|aides?|dotations?|grants?|awards?|prix|"
    r"financements?|funding)\b"
)


_PAYMENT = re.compile(r"\b(?:payments?|paiements?|versements?|pay|pays|paiera|versera)\b")


def _org_given_to(a: Amount) -> tuple[int, str] | None:
    """The organisation named right after the amount with "à", "au", "to" (its mention index),
    and the words between."""
    after = org_indexes(a, Span(a.mention.end, a.segment.end))[:1]
    if not after:
        return None
    gap = a.article.flat[a.mention.end : a.article.mentions[after[0]].start]
    return (after[0], gap) if _TO_GAP.match(gap) else None


def goes_to_org(a: Amount) -> bool:
    """ "18 M€, revient au consortium X", "€5m goes to X": an award to a named organisation,
    whatever the envelope word before it ("la dotation la plus importante")."""
    found = _org_given_to(a)
    return found is not None and _GOES.search(found[1]) is not None


def given_to_org(a: Amount) -> bool:
    """An organisation named right after the amount with "à", "au", "to"."""
    return _org_given_to(a) is not None


def given_after(a: Amount, role: str) -> tuple[bool, str | None]:
    """The organisation "à"/"to" after an amount given."""
    low = a.article.flat
    # "will make an upfront payment of US$35m to Innalis Pharma": who is paid under a deal
    paid = role == "contract" and _PAYMENT.search(low, a.segment.start, a.mention.start)
    if (role not in FUNDED and not paid) or a.in_title:
        return False, None
    found = _org_given_to(a)
    if found is None:
        return False, None
    index, gap = found
    before = low[a.sentence.start : a.mention.start]
    if not (paid or _GIVE.search(before) or _GIFT.search(before[-60:]) or _GOES.search(gap)):
        return False, None
    return True, org_name(a, index)
