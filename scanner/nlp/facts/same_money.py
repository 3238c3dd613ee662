"""One amount said more than once is one money: its mentions agree on what it is.

harmonised          each mention takes the role the strongest rule found for any of
                    them, the title's on a tie
title_from_body     a title amount takes the fact of the same amount in the body
same_money_shares   what one mention leaves open (recipient, payers, programme), another
                    of the same amount and role may say
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from scanner.nlp.facts import lexicon as lx
from scanner.nlp.facts.company_fallback import guessed_recipient
from scanner.nlp.facts.context import Amount
from scanner.nlp.facts.roles import STRENGTH
from scanner.records import FundingFact


def harmonised(
    roles: dict[int, tuple[str, str]], contexts: Sequence[Amount]
) -> dict[int, tuple[str, str]]:
    """The same amount said twice is the same money: each takes the role the strongest rule
    found for it, the title's on a tie (a headline says what the money is: "X investit
    50 M€"), and keeps its own when two strong rules disagree."""
    groups: dict[int, list[Amount]] = {}
    for a in contexts:
        if a.mention.value_eur:
            groups.setdefault(round(a.mention.value_eur), []).append(a)
    out = dict(roles)
    for members in groups.values():
        if len(members) < 2:
            continue
        ref = max(members, key=lambda a: (_strength(a, roles[a.index][1]), a.in_title))
        r_role, r_rule = roles[ref.index]
        ref_strength = _strength(ref, r_rule)
        for a in members:
            role, rule = roles[a.index]
            own = _strength(a, rule)
            if role != r_role and (own < ref_strength or own == ref_strength and ref.in_title):
                out[a.index] = (r_role, f"{r_rule} (same amount)")
    return out


# corrections (`role_fixes`) that saw investors give the money
_INVESTORS_SEEN = {
    "investor_funding", "investor_stake", "investor_invests", "investment_from",
    "investment_taken", "round_share", "round_nearby",
}  # fmt: skip
# "obtient", "reçoit", "secures": a verb any money is taken with says less of its kind than
# the noun the same amount has elsewhere ("Sorbel obtient 24 M€" over "un tour de
# financement porté à 24 M€")
_TAKING_VERB = re.compile(lx.TAKING)


def _strength(a: Amount, rule: str) -> float:
    """How much a rule's answer weighs against the same amount's other mentions."""
    if rule == "verb" and _TAKING_VERB.match(a.verb_text()):
        return 0.5  # above no cue at all, below any noun
    if rule in _INVESTORS_SEEN:
        return STRENGTH["noun_before"]  # investors named: as sure as "levée de fonds"
    return STRENGTH.get(rule, 0)


def same_money_shares(
    contexts: Sequence[Amount], facts: dict[int, FundingFact]
) -> dict[int, FundingFact]:
    """What one mention of an amount leaves open, another of the same amount and role may
    say: its recipient, payers, programme."""
    first: dict[tuple[int, str], dict[str, object]] = {}
    shared = _shared_money(contexts, facts)
    for a in contexts:
        f = facts[a.index]
        if not a.mention.value_eur:
            continue
        known = first.setdefault((round(a.mention.value_eur), f.role), {})
        if (round(a.mention.value_eur), f.role) in shared:
            known["recipient"] = None  # shared by several: no mention's guess names one
        for name in ("recipient", "payers", "programme"):
            if getattr(f, name) and name not in known:
                known[name] = getattr(f, name)
    out = dict(facts)
    for a in contexts:
        f = facts[a.index]
        if not a.mention.value_eur:
            continue
        key = (round(a.mention.value_eur), f.role)
        known = first.get(key, {})
        fill = {n: v for n, v in known.items() if v and not getattr(f, n)}
        if key in shared and f.recipient and guessed_recipient(f):
            why = f.decided("rule:several (same amount)", "recipient")
            f = replace(f, recipient=None, decided_by=why)
            out[a.index] = f
        if fill:
            why = f.decided("rule:same_amount", *fill)
            out[a.index] = replace(f, **fill, decided_by=why)  # type: ignore[arg-type]
    return _backers_added_up(contexts, out)


def _shared_money(
    contexts: Sequence[Amount], facts: dict[int, FundingFact]
) -> set[tuple[int, str]]:
    """(value, role) of the money one of whose mentions is shared by several ("62 start-up
    qui bénéficieront de 350 M€"): another mention's guessed recipient is not its one taker."""
    return {
        (round(a.mention.value_eur), facts[a.index].role)
        for a in contexts
        if a.mention.value_eur and facts[a.index].why().get("recipient") == "rule:several"
    }


def _backers_added_up(
    contexts: Sequence[Amount], facts: dict[int, FundingFact]
) -> dict[int, FundingFact]:
    """ "lève 75 M€ sous l'égide de A … Les 75 M€ ont été levés aux côtés de A et de B": the
    investors named at each telling of one round (same value, role and recipient) add up."""
    backers: dict[tuple[int, str, str], tuple[str, ...]] = {}
    for a in contexts:
        f = facts[a.index]
        if a.mention.value_eur and f.recipient and f.payers:
            key = (round(a.mention.value_eur), f.role, f.recipient)
            seen = backers.get(key, ())
            backers[key] = seen + tuple(p for p in f.payers if p not in seen)
    out = dict(facts)
    for a in contexts:
        f = facts[a.index]
        if not (a.mention.value_eur and f.recipient and f.payers):
            continue
        every = backers[(round(a.mention.value_eur), f.role, f.recipient)]
        if len(every) > len(f.payers):
            why = f.decided("rule:same_amount", "payers")
            out[a.index] = replace(f, payers=every, decided_by=why)
    return out


def title_from_body(
    contexts: Sequence[Amount], facts: dict[int, FundingFact]
) -> dict[int, FundingFact]:
    """A title amount takes the fact of the same amount in the body."""
    body: dict[int, FundingFact] = {}
    for a in contexts:
        if not a.in_title and a.mention.value_eur:
            body.setdefault(round(a.mention.value_eur), facts[a.index])
    out = dict(facts)
    for a in contexts:
        if a.in_title and a.mention.value_eur and round(a.mention.value_eur) in body:
            fact = body[round(a.mention.value_eur)]
            why = tuple((f, f"{rule} (same amount in body)") for f, rule in fact.decided_by)
            own = facts[a.index]
            out[a.index] = replace(
                fact,
                decided_by=why,
                # what the body leaves open, the title may say ("Oncovia raises €18 million")
                recipient=fact.recipient or (own.recipient if own.role == fact.role else None),
                payers=fact.payers or (own.payers if own.role == fact.role else ()),
            )
    return out
