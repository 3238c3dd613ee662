"""Each backer's share in brackets after its name: "L'opération de 5 M€ a été financée par
Kurmo Partners (3 M€) et par Go Capital (2 M€)". The bracketed amount is that backer's part
of the larger amount its sentence told before it: the same kind of money, for the same
recipient, as new as it, paid by the name before the bracket; the total is paid by every
backer named so (rule `share_in_brackets`)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from scanner.nlp.facts.context import Amount
from scanner.nlp.facts.parties import FUNDED
from scanner.records import FundingFact, Mention

RULE = "rule:share_in_brackets"
LISTED = "rule:listed_in_brackets"
_OPEN = re.compile(r"\s*\(\s*(?:soit\s+|pour\s+|with\s+|for\s+)?")
_CLOSE = re.compile(r"\s*(?:d'euros|euros)?\s*\)")


def bracket_shares(
    contexts: Sequence[Amount], facts: dict[int, FundingFact]
) -> dict[int, FundingFact]:
    """Bracketed shares after backers' names read as parts of their sentence's total."""
    out = dict(facts)
    shares: set[int] = set()
    for k, b in enumerate(contexts):
        named = _backer_before(b)
        if named is None:
            continue
        backer = named.canonical or named.text
        total = _total_before([a for a in contexts[:k] if a.index not in shares], b, out)
        if total is None:
            continue
        t = out[total.index]
        if backer not in t.payers and not _GIVER_CUE.search(
            b.article.flat, max(b.sentence.start, b.mention.start - 80), named.start
        ):
            # "Cordova Health ($32 million Series A), Ostrander Remote Care ($18.5 million)":
            # a company's own money in a list, of the kind its sentence told before it
            if not b.article.is_funder(backer) and out[b.index].role != t.role:
                why = out[b.index].decided(LISTED, "role", "recipient")
                out[b.index] = replace(out[b.index], role=t.role, recipient=backer, decided_by=why)
            continue
        why = out[b.index].decided(RULE, "role", "new", "recipient", "payers")
        out[b.index] = replace(
            out[b.index],
            role=t.role,
            new=t.new,
            recipient=t.recipient,
            payers=(backer,),
            decided_by=why,
        )
        shares.add(b.index)
        if backer not in t.payers and backer != t.recipient:
            out[total.index] = replace(
                t, payers=(*t.payers, backer), decided_by=t.decided(RULE, "payers")
            )
    return out


# "… et par Go Capital (2 M€)": the name is a backer's
_GIVER_CUE = re.compile(
    r"\b(?:par|by|from|aupres d[eu']|de la part d[eu'])\s*(?:l'|la |le |les |the )?$"
)


def _backer_before(b: Amount) -> Mention | None:
    """The organisation whose name ends right before the amount's opening bracket."""
    art = b.article
    if not _CLOSE.match(art.flat, b.mention.end):
        return None
    found = art.indexes(b.sentence.start, b.mention.start, ("organisation",))
    if not found:
        return None
    m = art.mentions[found[-1]]
    return m if _OPEN.fullmatch(art.flat, m.end, b.mention.start) else None


def _total_before(
    earlier: Sequence[Amount], b: Amount, facts: dict[int, FundingFact]
) -> Amount | None:
    """The larger funded amount told before `b` in its sentence (its last one)."""
    value = b.mention.value_eur or 0
    for a in reversed(earlier):
        if a.sentence_index != b.sentence_index:
            return None
        if facts[a.index].role in FUNDED and (a.mention.value_eur or 0) > value:
            return a
    return None
