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
_TRANCHE_BEFORE = re.compile(r"\btranches?\s+(?:\w+\s+){0,2}(?:de|d'un montant de|of|worth)\s*$")


def tranche_of(contexts: Sequence[Amount], facts: dict[int, FundingFact]) -> dict[int, FundingFact]:
    """Each tranche takes the fact of the funding it is part of."""
    out = dict(facts)
    for k, a in enumerate(contexts):
        if not _TRANCHE_BEFORE.search(a.article.flat[a.segment.start : a.mention.start][-60:]):
            continue
        parent = _parent(contexts[:k], facts, a.mention.value_eur)
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
