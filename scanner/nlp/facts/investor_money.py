"""Money an outsider puts into a company, where a rule read a grant or the company's own
spending (`role_fixes.adjust` applies them):

    round_extension   "a $7.8m extension led by Go Capital" in a round's sentence
    stake             "Bpifrance investit 5 M€ dans Oncovia": an investor buying into a company
    investor_gives    what an investor by trade or a company's shareholders invest
    from_investor     "un financement de 7 M€ de la part de X Fund": a generic funding word
                      with an investor by trade as its source
    investment_from   "a CHF 10 million investment from Alpine Bio"
    investment_taken  "chacune recevra un investissement de 2 M€": an investment received
"""

from __future__ import annotations

import re

from scanner.nlp.facts import lexicon as lx
from scanner.nlp.facts.context import Amount
from scanner.nlp.facts.investors import investor_by_trade
from scanner.nlp.facts.spending import words_before

_PROJECT = re.compile(lx.PROJECT_NOUNS)
GRANT_WORD = re.compile(
    r"\b(?:subventions?|aides?|bourses?|grants?|dons?|prix|awards?|awarded|soutien financier|"
    r"financial support|public funding|financement public)\b"
)
_EXTENSION = re.compile(r"\s*(?:\w+\s+){0,2}?extensions?\b")
_HOLDERS = re.compile(r"\b(?:actionnaires|shareholders|investisseurs|investors|business angels)\b")
_INTO = re.compile(
    # "in" as a word, as in `recipient._INTO`
    r"\b(?:(?:dans|in|into)\b|au capital d[e'])\s*(?:l'|la |le |les |the )?(?:[\w'-]+\s+){0,3}$"
)
# "the ninth round of the Biomedical Catalyst", "a round of awards": a competition's round
ROUND = r"round\b(?!\s+of\s+(?:the|its|this|awards?|grants?)\b)"
# a round said with other words, or by who takes part in it ("le tour est mené par",
# "ses investisseurs historiques"): read in the amount's segment and the sentence before
ROUND_NEARBY = re.compile(
    r"\b(?:tours? de table|levees? de fonds|series? [a-f]|" + ROUND + r"|fundraising|"
    r"(?:le|ce|un|du|premier|nouveau|son|sa) tour|investisseurs?|investors?|business angels|"
    r"actionnaires|shareholders)\b"
)


def round_extension(a: Amount) -> bool:
    """An "extension" right after the amount, in a sentence that tells of a round."""
    extension = _EXTENSION.match(a.article.flat, a.mention.end, a.segment.end)
    return extension is not None and ROUND_NEARBY.search(a.sentence_flat) is not None


def stake(a: Amount) -> bool:
    """ "Bpifrance investit 5 M€ dans Oncovia": an investor buying into a company."""
    low = a.article.flat
    for i in a.article.indexes(a.mention.end, a.segment.end, ("organisation",)):
        m = a.article.mentions[i]
        lead = low[max(a.mention.end, m.start - 40) : m.start]
        if _INTO.search(lead) and not a.article.is_funder(m.canonical or m.text):
            return True
    return False


def investor_gives(a: Amount) -> bool:
    """ "Alpine Bio Partners invests CHF 10 million in…", "ses actionnaires avaient investi
    15 M€": an investor by trade (not a bank, not a foundation) or the shareholders named
    before the amount in its part of the sentence, and no project or building there."""
    lead = a.article.flat[a.segment.start : a.mention.start]
    if _PROJECT.search(lead) or _PROJECT.search(a.after[:40]):
        return False
    if _HOLDERS.search(lead):
        return True
    for i in a.article.indexes(a.segment.start, a.mention.start, ("organisation",)):
        if investor_by_trade(a.article.mentions[i].canonical or a.article.mentions[i].text):
            return True
    return False


_FROM_GIVER = re.compile(
    r"(?:de la part|aupres|aux cotes) " + lx.OF + r"\s*(?:l'|la |le |les )?$|"
    r"\b(?:from|by|par)\s+(?:the |l'|la |le |les )?$"
)


# investors named by their trade alone, right after the amount
_FROM_INVESTORS = re.compile(
    r"\s*(?:aupres|de la part|from)\s+(?:de |d'|des |of )?(?:[a-z-]+\s+){0,2}?"
    r"(?:capital-risqueurs?|investisseurs|fonds d'investissement|business angels|"
    r"venture capital\w*|investors|vcs)\b"
)


def from_investor(a: Amount, segment: str) -> bool:
    """Money "from" an investor by trade right after the amount, in a segment with no grant
    word: a generic "financement" is then a stake ("reçoit un financement de 7 M€ de la part
    de Novo Holdings Repair Impact Fund")."""
    if GRANT_WORD.search(segment):
        return False
    if _FROM_INVESTORS.match(a.article.flat, a.mention.end):
        return True  # "un financement de 348 M€ auprès de capital-risqueurs"
    after = a.article.indexes(a.mention.end, a.segment.end, ("organisation",))[:1]
    if not after:
        return False
    m = a.article.mentions[after[0]]
    lead = a.article.flat[a.mention.end : m.start]
    return (
        len(lead) < 40
        and _FROM_GIVER.search(lead) is not None
        and investor_by_trade(m.canonical or m.text)
    )


# "a CHF 10 million investment from Alpine Bio", "a $6 million strategic investment from X":
# an outsider's money put into the company, not the company's own spending
_INVESTMENT_FROM = re.compile(
    r"\s*(?:[a-z-]+\s+)?(?:investments?|investissements?)\s+(?:from|by|de la part d[e'])\s*"
    r"(?:the\s+|l'|la\s+|le\s+)?"
)


def investment_from(a: Amount) -> bool:
    m = _INVESTMENT_FROM.match(a.article.flat, a.mention.end)
    return m is not None and a.article.starting_at(m.end(), ("organisation",)) is not None


# "chacune recevra un investissement de 2 M€", "a obtenu un investissement de 3 M€ du fonds X"
_INVESTMENT_TAKEN = re.compile(
    r"\b(?:re[cç]oi\w*|recu\w*|recev\w*|obt(?:ien|en|in)\w*|benefici\w*|decroch\w*|"
    r"receiv\w*|secur\w*|attire\w*|attract\w*)\s+(?:d'|de |of )?(?:un|une|an|a|l'|the)\s+"
    r"(?:\w+\s+)?(?:investissements?|investments?)\s+(?:\w+\s+)?(?:de|d'un montant de|of)\s*$"
)


def investment_taken(a: Amount) -> bool:
    return _INVESTMENT_TAKEN.search(words_before(a)[-90:]) is not None
