"""Who pays under a contract whose amount's own sentence names no payer: the deal's other party,
told elsewhere in the article. A deal's terms come sentences after the deal itself ("Orchid
Care a signé un accord de distribution avec MediNorth. L'accord prévoit des commandes
minimales de 4,2 M€"), so the amount names no one.

    same_deal      the payer of another amount of the same contract with the same supplier
                   ("Takumi versera 20 M€, puis jusqu'à 340 M€ de paiements d'étape")
    deal_partner   the organisation a deal sentence (the amount's, else up to three before it,
                   else the title) names with "avec", "with" or "par"/"by" after a deal word
                   ("un contrat de distribution avec le japonais Hoshida Medical", "une
                   commande ferme de huit robots par Hélianthe Cliniques")

Never the supplier itself, never a programme.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from scanner.nlp.facts.context import Amount, Article
from scanner.nlp.facts.text import Span
from scanner.records import FundingFact

_DEAL = re.compile(
    r"\b(?:contrats?|accords?|partenariats?|licences?|commandes?|marches?|"
    r"agreements?|deals?|partnerships?|licen[cs]es?|contracts?|orders?)\b"
)
# the deal word, then at most a few words, then "avec X" / "par X" right before the name
_PARTNER_BEFORE = re.compile(
    r"\b(?:avec|with|par|by)\s+(?:l'|la |le |les |the |son |sa |its )?"
    r"(?:[a-z][\w'-]*\s+){0,2}$"
)
_SIGNED_WITH = re.compile(
    r"\b(?:sign\w*|conclu\w*|nou\w*|pass\w*|entered into|agreed)\s+(?:[a-z][\w'-]*\s+){0,2}?"
    r"(?:avec|with)\s+(?:l'|la |le |les |the )?$"
)
BACK = 3  # sentences before the amount's own that may state the deal


def deal_partners(
    contexts: Sequence[Amount], facts: dict[int, FundingFact]
) -> dict[int, FundingFact]:
    """Each contract amount with a supplier and no payer takes its deal's other party."""
    out = dict(facts)
    for a in contexts:
        f = out[a.index]
        if f.role != "contract" or f.payers or not f.recipient:
            continue
        found, rule = _same_deal(contexts, out, a, f.recipient), "same_deal"
        if not found:
            found, rule = _partner(a.article, a.sentence_index, f.recipient), "deal_partner"
        if found:
            out[a.index] = replace(f, payers=found, decided_by=f.decided(f"rule:{rule}", "payers"))
    return out


def _same_deal(
    contexts: Sequence[Amount], facts: dict[int, FundingFact], a: Amount, supplier: str
) -> tuple[str, ...]:
    """The one payer set the other contract amounts of this supplier agree on."""
    sets = {
        facts[b.index].payers
        for b in contexts
        if b.index != a.index
        and facts[b.index].role == "contract"
        and facts[b.index].recipient == supplier
        and facts[b.index].payers
    }
    return next(iter(sets)) if len(sets) == 1 else ()


def _partner(article: Article, sentence_index: int, supplier: str) -> tuple[str, ...]:
    """The first organisation named "avec"/"par" after a deal word, nearest sentence first."""
    first = max(0, sentence_index - BACK)
    spans = [article.sentences[s] for s in range(sentence_index, first - 1, -1)]
    if article.title is not None:
        spans.append(article.title)
    for span in spans:
        name = _named_partner(article, span, supplier)
        if name:
            return (name,)
    return ()


def _named_partner(article: Article, span: Span, supplier: str) -> str | None:
    low = article.flat
    deal = _DEAL.search(low, span.start, span.end)
    if deal is None:
        return None
    for i in article.indexes(deal.end(), span.end, ("organisation",)):
        m = article.mentions[i]
        lead = low[max(deal.end(), m.start - 60) : m.start]
        name = m.canonical or m.text
        if name != supplier and _PARTNER_BEFORE.search(lead):
            return name
    before = article.indexes(span.start, deal.start(), ("organisation",))
    # "Orvalys a signé avec l'AP-HP un contrat de 2 M€": the partner named before the deal
    for i in before:
        m = article.mentions[i]
        name = m.canonical or m.text
        signed_with = _SIGNED_WITH.search(low, max(span.start, m.start - 50), m.start)
        if name != supplier and signed_with and not low[m.end : deal.start()].count(","):
            return name
    # "Sorrelo and Servane enter into a licence agreement": the supplier's fellow signatory
    if len(before) == 2:
        one, other = (article.mentions[i] for i in before)
        names = [m.canonical or m.text for m in (one, other)]
        signed = _SIGN.match(low, other.end, deal.start())
        if supplier in names and _AND.fullmatch(low, one.end, other.start) and signed:
            return names[1 - names.index(supplier)]
    return None


_AND = re.compile(r"\s+(?:and|et)\s+(?:l'|la |le |the )?")
# the two names sign the deal: "X and Y enter into", "X et Y signent", "X and Y ink"
_SIGN = re.compile(
    r"\s+(?:have |has |ont |a )?(?:sign\w*|enter\w*|conclu\w*|ink\w*|strik\w*|struck|forg\w*|"
    r"nou\w*|announce\w*|annonc\w*)\b"
)
