"""A laureate's grant whose own sentence names no payer, in an article where every other grant
or envelope is paid by one same funder ("Three consortia share €27 million from the European
Commission. … Institut Cancer Littoral receives €9 million"): that funder pays it too
(`shared_funder`). With two funders in the article (another funder by trade or public
authority named anywhere in it, paying or not), or none, nothing is guessed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from scanner.nlp.facts.context import Amount, Article, is_authority
from scanner.records import FundingFact

_PAID = ("grant", "public_budget")


def shared_funder(
    contexts: Sequence[Amount], facts: dict[int, FundingFact]
) -> dict[int, FundingFact]:
    """Each grant with a recipient and no payer takes the one payer set of the article's other
    grants and envelopes, when they all agree."""
    sets = {f.payers for f in facts.values() if f.role in _PAID and f.payers and f.new}
    if len(sets) != 1:
        return facts
    payers = next(iter(sets))
    if contexts and _other_funder(contexts[0].article, payers):
        return facts
    out = dict(facts)
    for a in contexts:
        f = out[a.index]
        if f.role != "grant" or not f.new or f.payers or not f.recipient or f.recipient in payers:
            continue
        out[a.index] = replace(
            f, payers=payers, decided_by=f.decided("rule:shared_funder", "payers")
        )
    return out


def _other_funder(article: Article, payers: tuple[str, ...]) -> bool:
    """Whether the article names a funder by trade or an authority besides `payers`."""
    for m in article.mentions:
        name = m.canonical or m.text
        other = m.kind == "organisation" and name not in payers
        if other and (article.is_funder(name) or is_authority(name)):
            return True
    return False
