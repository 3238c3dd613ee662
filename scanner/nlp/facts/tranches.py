"""A tranche of money told before ("Nerisia a obtenu un prêt de 40 M€ de la BEI. Une première
tranche de 15 M€ sera versée en 2027"): the tranche is part of that loan, round or grant, so
it takes its role, recipient, payers and programme (rule `tranche_of`), where the verb of its
own sentence ("versée", "décaissée") would make it a grant with no recipient.

The parent is the nearest amount before it in the article whose role is funding (`FUNDED`)
and larger than the tranche.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from scanner.nlp.facts.context import Amount
from scanner.nlp.facts.parties import FUNDED
from scanner.records import FundingFact

# "une première tranche de 15 M€", "deux tranches de 20 M€", "a first tranche of €15 million"
# "une première tranche de 30 OC d'un montant total en principal de 300 000 €"
_TRANCHE_BEFORE = re.compile(r"\btranches?\s+(?:[^.;:()]{0,50}\s)?(?:de|d'un|of|worth)\s*$")
# "le tirage de 10 M€ au titre de la deuxième tranche du prêt", "as the first tranche"
_TRANCHE_AFTER = re.compile(
    r"\s*(?:au titre d[e']|comme|as|in)\s+(?:la |l'|the )?(?:\w+\s+)?tranche"
)


def tranche_of(contexts: Sequence[Amount], facts: dict[int, FundingFact]) -> dict[int, FundingFact]:
    """Each tranche takes the fact of the funding it is part of."""
    out = dict(facts)
    tranches: set[int] = set()
    for k, a in enumerate(contexts):
        low = a.article.flat
        before = _TRANCHE_BEFORE.search(low[a.segment.start : a.mention.start][-80:])
        if not before and not _TRANCHE_AFTER.match(low, a.mention.end):
            continue
        tranches.add(a.index)
        # "la première tranche de 15 M€ … la deuxième tranche de 5 M€": both are the loan's
        earlier = [b for b in contexts[:k] if b.index not in tranches]
        parent = _parent(earlier, facts, a.mention.value_eur)
        if parent is None:
            continue
        p = facts[parent.index]
        own = facts[a.index]
        out[a.index] = replace(
            own,
            role=p.role,
            recipient=p.recipient,
            payers=p.payers,
            programme=p.programme,
            decided_by=own.decided("rule:tranche_of", "role", "recipient", "payers", "programme"),
        )
    return out


def _parent(
    before: Sequence[Amount], facts: dict[int, FundingFact], value: float | None
) -> Amount | None:
    """The nearest funding amount before, larger than the tranche."""
    for b in reversed(before):
        f = facts[b.index]
        if f.role not in FUNDED or b.in_title:
            continue
        if value and b.mention.value_eur and b.mention.value_eur <= value:
            continue
        return b
    return None
