"""A stake bought in a company: "Helvétia Santé prend 20 % de Kinésia pour 6 M€", "takes a
30% stake in Kelpie for €12m". The price is equity paid by the buyer to the company whose
shares it takes (an acquisition when the stake is half or more: `role_fixes`)."""

from __future__ import annotations

import re

from scanner.nlp.facts.context import Amount

# the buyer, the verb of taking, the share, then the company and the price
STAKE_TAKEN = re.compile(
    r"\b(?:prend|prennent|a pris|ont pris|acquiert|a acquis|acquerir|acquerra|rachete|a rachete|takes?|took|"
    r"acquires?|acquired|buys?|bought)\s+(?:une participation de\s+|an?\s+)?"
    r"(?P<pct>\d{1,3}(?:[.,]\d+)?)\s*(?:%|pour ?cent|per ?cent)[^.;]{0,80}\b(?:pour|for)\s*$"
)


def stake_share(a: Amount) -> float | None:
    """The share (in per cent) of a company the amount buys, None when it prices no stake."""
    m = STAKE_TAKEN.search(a.before[-90:])
    return float(m.group("pct").replace(",", ".")) if m else None


def stake_parties(a: Amount) -> tuple[str | None, str | None]:
    """(buyer, company) of the stake the amount prices: the organisation named before the
    verb of taking, and the first one after the share."""
    before = a.before[-90:]
    m = STAKE_TAKEN.search(before)
    if m is None:
        return None, None
    verb_at = a.mention.start - len(before) + m.start()
    share_at = a.mention.start - len(before) + m.end("pct")
    buyers = a.article.indexes(a.sentence.start, verb_at, ("organisation",))
    companies = a.article.indexes(share_at, a.mention.start, ("organisation",))

    def name(i: int) -> str:
        mention = a.article.mentions[i]
        return mention.canonical or mention.text

    return (name(buyers[-1]) if buyers else None, name(companies[0]) if companies else None)
