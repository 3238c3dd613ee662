"""The parts of a round or a deal.

- A part that names no role of its own ("a levé 8 M€, dont une série A de 6 M€") takes its
  deal's role (`parts_of_deals`).
- Who put in how much, told in a past tense right after a new round ("La société vient de
  boucler une levée de 2,4 M€ : 1,1 M€ ont été collectés auprès de 900 particuliers, 900 000
  euros ont été apportés par …", "vient de réunir 800 000 euros. Les membres de X ont apporté
  300 000 euros"): the tense is the tense of telling the round, not of history, so each part
  is as new as the round (`parts_of_new_rounds`, rule `part_of_new_round`). A part is an
  equity amount the past tense alone made background, within two sentences after a larger
  new equity amount, in the same paragraph.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from scanner.nlp.facts.context import Amount
from scanner.records import FundingFact

DEAL_ROLES = ("equity", "acquisition")


def parts_of_deals(
    roles: dict[int, tuple[str, str]], contexts: Sequence[Amount]
) -> dict[int, tuple[str, str]]:
    """ "a levé 8 M€, dont une série A de 6 M€", "un prix de 120 M€, dont 95 M€ payés à la
    réalisation": a part that names no role of its own is a part of its round or its deal
    (`part_of_total` reads it as a funded part, a grant, otherwise)."""
    out = dict(roles)
    for before, a in zip(contexts, contexts[1:], strict=False):
        if before.sentence_index != a.sentence_index or out[a.index] != ("grant", "part_of_total"):
            continue
        role = out[before.index][0]
        if role in DEAL_ROLES:
            out[a.index] = (role, "part_of_deal")
    return out


RULE = "rule:part_of_new_round"
NEAR_SENTENCES = 2  # a part is told in the round's sentence or the next two


def parts_of_new_rounds(
    contexts: Sequence[Amount], facts: dict[int, FundingFact]
) -> dict[int, FundingFact]:
    """Each past-tense part of a round just announced is as new as the round."""
    out = dict(facts)
    for i, a in enumerate(contexts):
        f = out[a.index]
        if f.role != "equity" or f.new is not False or f.why().get("new") != "rule:past_tense":
            continue
        value = a.mention.value_eur or 0.0
        for before in reversed(contexts[:i]):
            if a.sentence_index - before.sentence_index > NEAR_SENTENCES:
                break
            whole = out[before.index]
            if (
                whole.role == "equity"
                and whole.new
                and (before.mention.value_eur or 0.0) > value > 0
                and not _paragraph_between(a, before)
            ):
                out[a.index] = replace(f, new=True, decided_by=f.decided(RULE, "new"))
                break
    return out


def _paragraph_between(a: Amount, before: Amount) -> bool:
    return "\n\n" in a.article.text[before.mention.end : a.mention.start]
