"""Corrections that read the role a rule found (`roles.decide_role` applies them):

fund_close          a private fund's closing, target or size is capital raised (`funds.py`)
project_cost        a project's or a building's cost is an investment
debt_words          funding "sous forme de prêts" is a loan
deal_payment        a licence's upfront or milestone payment received is a contract
round_share         an investor's share of a round is equity
round_nearby        money brought just after a round or by its investors is a share of it
budget_of_call      funding of a call or a plan is its envelope
public_investment   the State's investment is budget
investor_stake      "Bpifrance investit 5 M€ dans Oncovia" is equity
investor_invests    what an investor by trade or a company's shareholders invest is equity
total_with_parts    a total followed by its funded parts is an investment
"""

from __future__ import annotations

import re

from scanner.nlp.facts import lexicon as lx
from scanner.nlp.facts.context import Amount
from scanner.nlp.facts.funds import fund_named
from scanner.nlp.facts.investors import investor_by_trade
from scanner.nlp.facts.parse import children, subject

_PROJECT = re.compile(lx.PROJECT_NOUNS)
_DEBT = re.compile(r"\b(?:sous forme de (?:prets?|dette)|dette|prets?\b(?! a )|loans?\b|debt)")
_DEAL = re.compile(
    r"\b(?:licen[cs]\w*|upfront|paiements? (?:initial|d'etape)|milestones?|redevances|royalt\w*)"
)
_PARTS = re.compile(r"^\s*,?\s*(?:dont|of which|including)\s*$")
_EQUITY_NOUN = re.compile(
    r"\b(?:tours? de table|levees? de fonds|levee|series? [a-f]|round|fundraising)\b"
)
# a round said with other words, or by who takes part in it ("le tour est mené par",
# "ses investisseurs historiques"): read in the amount's segment and the sentence before
_ROUND_NEARBY = re.compile(
    r"\b(?:tours? de table|levees? de fonds|series? [a-f]|round|fundraising|"
    r"(?:le|ce|un|du|premier|nouveau|son|sa) tour|investisseurs?|investors?|business angels|"
    r"actionnaires|shareholders)\b"
)
_FUND_MISREAD = ("public_budget", "other", "investment", "grant", "equity")
_HOLDERS = re.compile(r"\b(?:actionnaires|shareholders|investisseurs|investors|business angels)\b")
_GRANT_WORD = re.compile(r"\b(?:subventions?|aides?|bourses?|grants?|dons?|prix|awards?)\b")
_GRANT_GIVE = re.compile(r"^(?:contribu|particip|apport|invest|provid|put|inject)")
_FINANCED = re.compile(r"^(?:financ|cofinanc|dote|dotee|funded|backed)")
_BUDGET_THING = re.compile(
    r"^(?:appels?|plans?|programmes?|fonds|dispositifs?|strategies?|campagnes?|budgets?|"
    r"enveloppes?|calls?|schemes?|funds?)\b"
)
_INTO = re.compile(
    r"\b(?:dans|in|au capital d[e']|into)\s*(?:l'|la |le |les |the )?(?:[\w'-]+\s+){0,3}$"
)
_COST_WORD = re.compile(r"\bco[uû]t\w*|\bcost\w*")


def _financed_thing(a: Amount) -> str:
    """The folded noun a funding participle or passive verb is about ("un appel … financé à
    hauteur de 30 M€" → "appel"), "" when the parse does not say."""
    if a.parsed is None or a.verb is None:
        return ""
    p, v = a.parsed, a.verb
    w = p.words[v]
    if w.dep.startswith("acl") and w.head != v:
        head = p.words[w.head]
        if head.mention >= 0 and a.article.mentions[head.mention].kind == "programme":
            return "programme"
        return a.article.flat[head.start : head.end]
    if any(p.words[j].dep == "aux:pass" for j in children(p, v)):
        s = subject(p, v)
        if s is not None:
            return a.article.flat[p.words[s].start : p.words[s].end]
    return ""


def _public_spender(a: Amount) -> bool:
    """ "L'État investit 2 Md€", "54 Md€ seront investis": the State's investment is budget."""
    if a.parsed is None or a.verb is None:
        return False
    p, v = a.parsed, a.verb
    s = subject(p, v)
    if s is not None:
        w = p.words[s]
        return bool(lx.STATE.match(a.article.flat, max(0, w.start - 3))) or bool(
            lx.STATE.search(a.article.flat[max(0, w.start - 3) : w.end])
        )
    passive = any(p.words[j].dep == "aux:pass" for j in children(p, v))
    return passive and not agents_named(a)


def _stake(a: Amount) -> bool:
    """ "Bpifrance investit 5 M€ dans Oncovia": an investor buying into a company."""
    low = a.article.flat
    for i in a.article.indexes(a.mention.end, a.segment.end, ("organisation",)):
        m = a.article.mentions[i]
        lead = low[max(a.mention.end, m.start - 40) : m.start]
        if _INTO.search(lead) and not a.article.is_funder(m.canonical or m.text):
            return True
    return False


def _investor_gives(a: Amount) -> bool:
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


def _round_nearby(a: Amount) -> bool:
    """Whether the amount's part of its sentence, or the sentence before, tells of a round or
    its investors."""
    if _ROUND_NEARBY.search(a.article.flat[a.segment.start : a.segment.end]):
        return True
    prev = a.previous
    return prev is not None and bool(_ROUND_NEARBY.search(a.article.flat[prev.start : prev.end]))


def agents_named(a: Amount) -> bool:
    """Whether the amount's segment names an organisation at all."""
    return bool(a.article.indexes(a.segment.start, a.segment.end, ("organisation",)))


def adjust(a: Amount, role: str, rule: str) -> tuple[str, str]:
    """Corrections that read the role a rule gave."""
    if role in _FUND_MISREAD and fund_named(a):
        return "equity", "fund_close"
    before = a.before[-90:]
    low = a.article.flat
    costed = role in ("cost", "public_budget") and rule != "per_unit_price"
    if costed and _COST_WORD.search(before) and _PROJECT.search(before):
        return "investment", "project_cost"
    if role == "cost" and rule in ("verb", "nearest_cue") and _PROJECT.search(before[-60:]):
        return "investment", "project_cost"
    segment = a.article.flat[a.segment.start : a.segment.end]
    if role == "grant" and rule != "noun_after" and _DEBT.search(segment):
        return "loan", "debt_words"
    if role == "grant" and rule in ("verb", "nearest_cue") and _DEAL.search(a.sentence_flat):
        return "contract", "deal_payment"
    if role == "grant" and rule in ("verb", "nearest_cue", "participle"):
        verb_word = a.verb_text()
        if _EQUITY_NOUN.search(a.sentence_flat) and (
            _GRANT_GIVE.match(verb_word) or rule == "nearest_cue"
        ):
            return "equity", "round_share"
        if (
            (_GRANT_GIVE.match(verb_word) or rule == "nearest_cue")
            and not _GRANT_WORD.search(segment)
            and _round_nearby(a)
        ):
            return "equity", "round_nearby"
        if _FINANCED.match(verb_word) and _BUDGET_THING.match(_financed_thing(a)):
            return "public_budget", "budget_of_call"
    if role == "investment" and rule in ("verb", "participle") and _public_spender(a):
        return "public_budget", "public_investment"
    if role == "investment" and rule == "verb" and _stake(a):
        return "equity", "investor_stake"
    if (
        role == "investment"
        and rule in ("verb", "nearest_cue", "noun_after")
        and _investor_gives(a)
    ):
        return "equity", "investor_invests"
    total = role in ("grant", "cost") and a.following is not None
    if total and a.following and _PARTS.match(low[a.mention.end : a.following.start]):
        return "investment", "total_with_parts"
    return role, rule
