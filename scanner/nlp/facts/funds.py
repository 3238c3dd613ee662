"""A private fund's own money: its closing, its target, its size ("la clôture du fonds Santé
Avenir II à 120 M€", "has closed its third fund, Halcyon Bridge Fund III, at $210 million",
"son prédécesseur, Jonquille Santé I, levé en 2019 à hauteur de 85 M€").

Such an amount is capital raised from investors (role `equity`, rule `fund_close`) and its
recipient is the fund (rule `fund_itself`), not the article's protagonist nor nobody as for a
programme's envelope. The fund is a named organisation of the sentence, before the amount, that
a fund's name shape or a fund word announces, and the sentence says a fund is raised or closed.
A company's round that names its investing fund ("a levé 6 M€ auprès du fonds Ouest Ventures")
is left alone: there the fund comes after the amount, or after "auprès de", "par", "from".
"""

from __future__ import annotations

import re

from scanner.nlp.facts.context import Amount
from scanner.nlp.facts.parties import org_indexes, org_name
from scanner.nlp.facts.text import Span, flat

# a fund's name: "… Fund III", "Fonds …", "Santé Avenir II", "Jonquille Santé I"
_FUND_NAME = re.compile(r"(?:\b(?:fund|fonds)\b|\s(?:i{1,3}|iv|v|vi{1,3}|ix|x)$)")
# a fund word right before the name: "du fonds X", "its second fund, X", "le véhicule X"
_FUND_WORD_BEFORE = re.compile(
    r"\b(?:fonds|fund|vehicule|vehicle|predecesseur|predecessor)\b[^.;]{0,40}$"
)
# the sentence raises or closes the fund
_CLOSING = re.compile(
    r"\b(?:clotur\w*|clos\w*|closing|hard cap|target\w*|objectif|commitments|engagements|"
    r"souscri\w*|raised|raises|leve|levee|a leve|taille|size)\b"
)
_GIVER_BEFORE = re.compile(
    r"\b(?:par|by|from|aupres d[e']|aux cotes d[e']|alongside|with|avec|dans|in|into)\s*"
    r"(?:l'|la |le |les |du |des |the )?(?:[a-z][\w'-]*\s+){0,3}$"
)
# after the amount: "a first close of €150 million for its second fund, Médicis Santé II"
_FOR_FUND_AFTER = re.compile(
    r"^\s*(?:for|pour)\s+(?:its|their|the|son|sa|leur|le|la)\s+(?:[\w-]+\s+){0,4}"
    r"(?:fund|fonds|vehicle|vehicule)\s*,?\s*$"
)
_ROUND = re.compile(r"\b(?:tours? de table|series? [a-f]|round|amorcage|seed)\b")


def fund_named(a: Amount) -> str | None:
    """The fund whose own money the amount is, if its sentence closes or raises one."""
    low = a.article.flat
    head = low[a.sentence.start : a.mention.start]
    if not _CLOSING.search(head + low[a.mention.end : a.sentence.end]) or _ROUND.search(head):
        return None
    for i in reversed(org_indexes(a, Span(a.sentence.start, a.mention.start))):
        m = a.article.mentions[i]
        name = org_name(a, i)
        before = low[max(a.sentence.start, m.start - 60) : m.start]
        if _GIVER_BEFORE.search(before[-40:]):
            continue
        if _FUND_NAME.search(flat(name)) or _FUND_NAME.search(flat(m.text)):
            return name
        if _FUND_WORD_BEFORE.search(before) and not before.rstrip().endswith("de"):
            return name
    after = org_indexes(a, Span(a.mention.end, a.segment.end))[:1]
    if after and _FOR_FUND_AFTER.match(low[a.mention.end : a.article.mentions[after[0]].start]):
        return org_name(a, after[0])
    return None
