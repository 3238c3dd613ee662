"""A valuation ("l'opération valorise la société à 165 M€", "the company is valued at") is no
money paid: role `other` (`spending.valued`), no payer and no recipient, as the outside
writers annotate every one of them (dev_actors2, dev_money, train_actors3).
"""

from __future__ import annotations

from dataclasses import replace

from scanner.records import FundingFact

RULE = "rule:valuation"


def unpaid_valuations(facts: dict[int, FundingFact]) -> dict[int, FundingFact]:
    """Valuations with their payers and recipient cleared."""
    out = dict(facts)
    for i, f in facts.items():
        if f.why().get("role", "").split(" (")[0] != RULE or not (f.payers or f.recipient):
            continue
        why = f.decided(RULE, "recipient", "payers")
        out[i] = replace(f, recipient=None, payers=(), decided_by=why)
    return out
