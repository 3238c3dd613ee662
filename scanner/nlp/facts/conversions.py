"""An amount converted in brackets ("1,05 milliard de dollars (962 millions d'euros)", "€10
million ($11 million)") is the same money said in another currency: it states the same fact as
the amount before it, whatever its own words would say (after the bracket there are none); what
either one found of the money's parties holds for both."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from scanner.nlp.facts.context import Amount
from scanner.records import FundingFact, Mention

# between the two amounts: an opening bracket, and at most a word saying it is a conversion
_OPENS_CONVERSION = re.compile(r"\s*\(\s*(?:(?:soit|environ|about|around|approx\.?|~|≈)\s*)?")


def converts(text: str, first: Mention, second: Mention) -> bool:
    """Whether `second` says `first` again in another currency, in brackets right after it."""
    if first.currency is None or second.currency in (None, first.currency):
        return False
    return _OPENS_CONVERSION.fullmatch(text, first.end, second.start) is not None


def converted(contexts: Sequence[Amount], facts: dict[int, FundingFact]) -> dict[int, FundingFact]:
    """Each amount that converts the one just before it, in brackets and in another currency,
    and that one share one fact: the first one's role and `new`, both ones' parties."""
    out = dict(facts)
    for before, a in zip(contexts, contexts[1:], strict=False):
        if not converts(a.article.text, before.mention, a.mention):
            continue
        if before.index not in out or a.index not in out:
            continue
        first_fact, own = out[before.index], out[a.index]
        # one money: the first amount's reading, what either one found of its parties
        payers = first_fact.payers + tuple(p for p in own.payers if p not in first_fact.payers)
        fact = replace(
            first_fact,
            recipient=first_fact.recipient or own.recipient,
            payers=payers,
            programme=first_fact.programme or own.programme,
        )
        out[before.index] = fact
        why = tuple((field, f"{rule} (converted)") for field, rule in fact.decided_by)
        out[a.index] = replace(fact, decided_by=why)
    return out
