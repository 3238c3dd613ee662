"""Money an organisation spends itself: "Volta Cycle a investi 1,8 M€ dans une ligne de test",
"le coût total du projet atteint 85 M€" (its plan of financing named after it).

Such an `investment` is paid by its owner, the spender, and received by no one; the co-funders
named beside it (a bank's loan, a region's aid) pay their own amounts, not the total. Every
outside annotator writes it so (38 of 45 investments in dev_actors2, dev_money and
train_actors3: no recipient, the spender alone as payer, co-funders or not; none of the 45 has
a programme: a programme pays its own part, the grant); the convention of `corpora/README.md`
follows them since the sixth pass.
"""

from __future__ import annotations

from dataclasses import replace

from scanner.nlp.facts.company_fallback import guessed_recipient
from scanner.records import FundingFact

RULE = "rule:own_spending"


def own_spending(facts: dict[int, FundingFact]) -> dict[int, FundingFact]:
    """An investment's owner (found as its recipient by the rules) is its payer; no one
    receives it and no programme pays for it (the programme pays its own part, a grant)."""
    out = dict(facts)
    for i, f in facts.items():
        if f.role != "investment" or (f.recipient is None and f.programme is None):
            continue
        moved: tuple[str, ...] = (
            ("recipient", "payers", "programme") if f.recipient else ("programme",)
        )
        payers = (f.recipient,) if f.recipient else f.payers
        if f.payers and f.why().get("payers") == "rule:giver_subject" and guessed_recipient(f):
            # "Bpifrance a injecté 1,3 Md€ dans la numérisation": the subject spends, not the
            # company the article is about (a co-funder named beside an investment is no
            # subject: the spender stays the one the rules found)
            moved, payers = ("recipient", "programme"), f.payers
        why = f.decided(RULE, *moved)
        out[i] = replace(f, recipient=None, payers=payers, programme=None, decided_by=why)
    return out
