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
from collections.abc import Sequence
from dataclasses import replace

from scanner.nlp.facts import lexicon as lx
from scanner.nlp.facts.context import Amount
from scanner.nlp.facts.parties import org_indexes, org_name
from scanner.nlp.facts.text import Span, flat
from scanner.records import FundingFact

# a fund's name: "… Fund III", "Fonds …", "Santé Avenir II", "Jonquille Santé I"
_FUND_NAME = re.compile(r"(?:\b(?:fund|fonds)\b|\s(?:i{1,3}|iv|v|vi{1,3}|ix|x)$)")
# a fund word right before the name: "du fonds X", "its second fund, X", "le véhicule X"
_FUND_WORD_BEFORE = re.compile(
    r"\b(?:fonds|fund|vehicule|vehicle|predecesseur|predecessor)\b[^.;]{0,40}$"
)
# the sentence raises or closes the fund
_CLOSING = re.compile(
    r"\b(?:clotur\w*|clos\w*|closing|hard cap|target\w*|objectif|commitments|engagements|"
    r"souscri\w*|raised|raises|secured|secures|leve|levee|a leve|taille|size|boucl\w*|collect\w*|"
    r"final close)\b"
)
_GIVER_BEFORE = re.compile(
    r"\b(?:par|by|from|(?:aupres|aux cotes) " + lx.OF + r"|alongside|with|avec|dans|in|into)\s*"
    r"(?:l'|la |le |les |du |des |the )?(?:[a-z][\w'-]*\s+){0,3}$"
)
# after the amount: "a first close of €150 million for its second fund, Médicis Santé II"
_FOR_FUND_AFTER = re.compile(
    # "€165 million (US $180 million) for its new biotech fund, Biovelocita II"
    r"^\s*(?:\([^()]{0,40}\)\s*)?(?:for|pour)\s+(?:its|their|the|son|sa|leur|le|la)\s+"
    r"(?:[\w-]+\s+){0,4}"
    r"(?:fund|fonds|vehicle|vehicule)\s*,?\s*$"
)
# after the amount, a fund by its name alone: "180 M€ pour Santé Horizon Fund III"
_FOR_NAMED_FUND = re.compile(r"^\s*(?:for|pour)\s+(?:son |sa |its |le |la |the )?$")
_MANAGED_BY = re.compile(
    r"\b(?:gere|geree|geres|gerees|managed|advised|conseille)\s+(?:par|by)\s*"
    r"(?:l'|la |le |les |the )?(?:societe de gestion\s*)?$|\bsociete de gestion\s*$"
)
# the subject that closes or raises the fund is its manager: "Medevar Capital a collecté …"
_CLOSER_AFTER = re.compile(
    r"\s*(?:a |has |have |vient d[e']\s*)?(?:boucl\w*|collect\w*|clotur\w*|closed|closes|"
    r"raised|raises|leve|a leve|annonce (?:la|le) (?:cloture|closing|bouclage))\b"
)
# first words a fund shares with others without being of their family
_GENERIC_WORDS = frozenset(
    [
        "fonds",
        "fund",
        "sante",
        "health",
        "capital",
        "ventures",
        "partners",
        "invest",
        "innovation",
        "france",
        "european",
        "europe",
        "le",
        "la",
        "les",
        "the",
    ]
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
    end = a.segment.end
    if low[a.mention.end : a.mention.end + 3].lstrip().startswith("("):
        end = a.sentence.end  # "€165 million (US $180 million) for its new fund, X"
    after = org_indexes(a, Span(a.mention.end, end))[:1]
    if not after:
        return _unnamed_fund_manager(a)
    between = low[a.mention.end : a.article.mentions[after[0]].start]
    if _FOR_FUND_AFTER.match(between):
        return org_name(a, after[0])
    name = org_name(a, after[0])
    if _FOR_NAMED_FUND.match(between) and _FUND_NAME.search(flat(name)):
        return name  # "a collecté 180 M€ pour Santé Horizon Fund III"
    return None


# the manager's own fund, unnamed: "a bouclé son premier fonds à 260 M€", "for its first fund"
_OWN_FUND = re.compile(
    # (not "sa levée de fonds", "its fund-raising": a company's round)
    r"\b(?:son|sa|leur|its|their)\s+(?:(?!de\b|des\b|d'|lev)[\w-]+\s+){0,2}"
    r"(?:fonds|fund|vehicule|vehicle)\b(?!-?raising)"
    r"(?!\s+propres)(?!\s*,\s*[a-z0-9]*[A-Z])"
)


def _unnamed_fund_manager(a: Amount) -> str | None:
    """The manager raising its own unnamed fund: the sentence's first organisation, before
    the amount, when the sentence tells of "son premier fonds" / "its first fund"."""
    text = a.article.text
    if not _OWN_FUND.search(text, a.sentence.start, a.sentence.end):
        return None
    names = org_indexes(a, Span(a.sentence.start, a.mention.start))
    if not names:
        return None
    low = a.article.flat
    first = a.article.mentions[names[0]]
    if _GIVER_BEFORE.search(low[max(a.sentence.start, first.start - 40) : first.start]):
        return None
    return org_name(a, names[0])


def _managers(a: Amount, fund: str) -> set[str]:
    """The fund's manager in the amount's sentence: "géré par Medevo Capital", or a name of
    the fund's family ("Halcyon Bridge Ventures" for "Halcyon Bridge Fund III")."""
    low = a.article.flat
    family = [w for w in flat(fund).split()[:1] if w not in _GENERIC_WORDS]
    out = set()
    for i in org_indexes(a, a.sentence):
        name = org_name(a, i)
        start = a.article.mentions[i].start
        if name == fund:
            continue
        managed = _MANAGED_BY.search(low[max(a.sentence.start, start - 40) : start])
        closer = start < a.mention.start and _CLOSER_AFTER.match(low, a.article.mentions[i].end)
        if managed or closer or family and flat(name).split()[:1] == family:
            out.add(name)
    return out


def fund_payers(
    contexts: Sequence[Amount], facts: dict[int, FundingFact]
) -> dict[int, FundingFact]:
    """A fund's own money is paid by its investors (its LPs), never by its manager: the manager
    is left out of the payers (`fund_manager` in `decided_by`)."""
    out = dict(facts)
    for a in contexts:
        f = facts[a.index]
        if not f.recipient or not f.why().get("recipient", "").startswith("rule:fund_itself"):
            continue
        managers = _managers(a, f.recipient)
        kept = tuple(p for p in f.payers if p not in managers)
        if kept == f.payers:
            continue
        why = f"{f.why().get('payers', '')}-fund_manager"
        out[a.index] = replace(
            f,
            payers=kept,
            decided_by=f.decided(why, "payers"),
        )
    return out
