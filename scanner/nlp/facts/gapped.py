"""Amounts in a list whose verb is said once: "Le CHU de Rennes reçoit 1,1 M€, la start-up
Lumedis 800 000 euros et l'université de Brest 500 000 euros". The second and later amounts
have no verb of their own; the name standing right before each one takes it."""

from __future__ import annotations

import re

from scanner.nlp.facts.context import Amount
from scanner.nlp.facts.parties import org_indexes, org_name
from scanner.nlp.facts.text import Span

# between the name and its amount: nothing, or a bracket ("Lumedis (800 000 euros)")
_ADJACENT = re.compile(r"[\s\u00a0]*[(:]?[\s\u00a0]*")
# what may open the amount's part before the name: a list's link and a description
# ("et la start-up brestoise", ", l'université de")
_LIST_LINK = re.compile(r"^[\s,;]*(?:et|and|puis|enfin)?\s*")
# a giver's preposition right before the name ("mené par X 5 M€")
_GIVER_LEFT = re.compile(r"\b(?:par|by|de|d'|du|des|aupres|from)\s*$")


def gapped_recipient(a: Amount, role: str) -> tuple[bool, str | None]:
    """The organisation right before a later amount of a list with one verb."""
    if a.segment.start <= a.sentence.start:
        return False, None  # the first amount has the sentence's verb
    low = a.article.flat
    found = org_indexes(a, Span(a.segment.start, a.mention.start))
    if not found:
        return False, None
    last = a.article.mentions[found[-1]]
    if _ADJACENT.fullmatch(low, last.end, a.mention.start) is None:
        return False, None
    lead = low[a.segment.start : last.start]
    if len(_LIST_LINK.sub("", lead).split()) > 4 or _GIVER_LEFT.search(lead):
        return False, None  # a clause, or a giver ("mené par X 5 M€")
    return True, org_name(a, found[-1])
