"""Who buys and who supplies under a contract: "Le CHU de Bordeaux a attribué à MEDIKA
SYSTEMES un marché de 9,8 M€", "UniHA a retenu Kerlann Medical", "Kerlann Medical remporte
un marché UniHA", "Mila has been awarded a contract worth £18m by Manchester University NHS
Foundation Trust". For a contract the recipient is the supplier and the payer the customer.
"""

from __future__ import annotations

import re

from scanner.nlp.facts.context import Amount, Article
from scanner.nlp.facts.text import Span

# The customer (before) picks the supplier (after).
CHOOSE = re.compile(
    r"\b(?:attribu\w*|confi(?:e|ent|era)\b|retenu\w*|retient|choisi\w*|selectionn\w*|"
    r"command\w*|chose|chosen|selects?|selected|picked|commissioned|"
    # "BARDA awarded Hexapath a contract": the active voice names the customer first
    r"(?<!been )(?<!was )(?<!were )(?<!is )(?<!are )(?<!be )award(?:s|ed))\b"
)
# The supplier (before) wins the customer's (after) contract.
WIN = re.compile(
    r"\b(?:remport\w*|decroch\w*|wins?|won|(?:been|was|were|is|are|be) awarded|obtient)\b"
)
_NAME_AS_ADJECTIVE = re.compile(r"\s+(?:contracts?|grants?|awards?|deals?|orders?)\b")
_BY = re.compile(r"\b(?:par|by)\s*(?:l'|la |le |les |the )?\s*$")


def parties(article: Article, span: Span) -> tuple[str | None, str | None]:
    """(customer, supplier) a sentence names around a choosing or winning verb."""
    low = article.flat
    orgs = [article.mentions[i] for i in article.indexes(span.start, span.end, ("organisation",))]
    for pattern, customer_first in ((CHOOSE, True), (WIN, False)):
        cue = pattern.search(low, span.start, span.end)
        if cue is None:
            continue
        before = [m for m in orgs if m.end <= cue.start()]
        after = [m for m in orgs if m.start >= cue.end()]
        if not before or not after:
            continue
        first, other = before[-1], after[0]
        if customer_first and _NAME_AS_ADJECTIVE.match(low, other.end):
            # "Vaxilon awarded BARDA contract": a headline's passive, the customer's name
            # qualifying its contract
            return other.canonical or other.text, first.canonical or first.text
        by = next(
            (m for m in after if _BY.search(low[max(span.start, m.start - 12) : m.start])), None
        )
        if not customer_first and by is not None:
            other = by  # "has been awarded a contract … by X"
        a, b = (first, other) if customer_first else (other, first)
        return a.canonical or a.text, b.canonical or b.text
    return None, None


def contract_parties(a: Amount) -> tuple[str | None, str | None]:
    """(customer, supplier) of the contract an amount prices: its sentence, else the one
    before when the amount's names no one ("… a contract to X. The contract is valued at up to
    $187 million."), else the title."""
    customer, supplier = parties(a.article, a.sentence)
    if customer and supplier:
        return customer, supplier
    prev = a.previous
    if prev is not None and not a.article.indexes(
        a.sentence.start, a.sentence.end, ("organisation",)
    ):
        customer, supplier = parties(a.article, prev)
        if customer and supplier:
            return customer, supplier
    title = a.article.title
    if title is not None:
        return parties(a.article, title)
    return None, None
