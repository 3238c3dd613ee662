"""Who buys and who is bought: the parties of a takeover ("Nordvik Medical rachète
HEMOTRACK", "le rachat de Mauve par Solvéo Santé", "Rheintal Pharma has agreed to acquire
Garance Bio"). For an acquisition the recipient is the company bought and the payer the buyer.

The amount's sentence is read first; else the title, the sentences before (nearest first) and
the later ones of its paragraph that name both parties around a takeover word: "the upfront
price values Garance Bio at…" is the same deal.
"""

from __future__ import annotations

import re

from scanner.nlp.facts.context import Amount, Article, is_authority
from scanner.nlp.facts.lexicon.roles import INTO_HANDS
from scanner.nlp.facts.text import Span

CUE = re.compile(
    r"\b(?:rach[ae]t\w*|acqui(?:ert|erent|sition|sitions|s|se|rir|rira)|acquer(?:ir|ra|ront|rait)|reprise|reprend\w*|"
    r"s'offre|s'offrent|met la main sur|absorb\w*|acquir\w*|acquisition|takeover|buys?|"
    r"bought|to buy|purchase[sd]?|opa|offre publique d'achat|tender offer|"
    r"snap(?:s|ped)? up|scoop(?:s|ed)? up|pass\w* sous le controle|" + INTO_HANDS + r")\b"
)
# the company bought comes first, its buyer after
_INTO_BUYER = re.compile(r"(?:tombe\w*|entre\w*|pass\w*) dans|pass\w* sous le controle")
# a public offer for a company's shares ("une OPA sur Nerisia, valorisée à 450 M€")
OFFER = re.compile(r"\b(?:opa|offre publique d'achat|tender offer|offre de rachat)\b")
# the buyer named before the company bought: "l'OPA lancée par Sanofi sur X", "the offer made
# by Sanofi for X", "le rachat par Sanofi de X"
_BUYER_FIRST = re.compile(r"(?:^|\s)(?:\w+\s+)?(?:par|by)\s*(?:l'|la |le |les |the )?$")
# "rachetée en mars 2024 par le laboratoire X", "acquired in 2023 by X": the name after is the
# buyer; the company bought is named before the participle, if at all
_BOUGHT = re.compile(r"(?:rachete|acquise?|acquired|bought|reprise?)e?s?")
_BY_BUYER = re.compile(
    r"\s*(?:\S+\s+){0,3}?(?:par|by)\s*(?:l'|la |le |les |the )?(?:[a-z][\w-]*\s+){0,2}"
)
_SELLER = re.compile(r"\b(?:aupres|from)\s+(?:de |d'|du |des )?(?:[\w'-]+\s+){0,5}$")
_BY_SOMEONE = re.compile(r"\s+(?:par|by)\b")
# the bidder after an offer: "une OPA amicale de l'américain X", "a tender offer from X"
_BIDDER = re.compile(
    r"\s*(?:[a-z]+\s+){0,2}?(?:de|du|des|d'|from|by|par)\s*(?:l'|la |le |les |the )?"
    r"(?:[a-z]+\s+){0,2}?"
)
_FOR = re.compile(
    r"^\s*(?:,[^,]{0,60},\s*)?(?:sur|for|pour)\s*(?:l'|la |le |les |the )?(?:[a-z]+\s+){0,2}$"
)
_BY = re.compile(r"^\s*(?:,[^,]{0,80},\s*)?(?:par|by)\s*(?:l'|la |le |les |the )?(?:\S+\s+){0,3}$")


def parties(article: Article, span: Span) -> tuple[str | None, str | None]:
    """(buyer, target) a sentence names around a takeover word, None where it does not."""
    low = article.flat
    cue = CUE.search(low, span.start, span.end)
    if cue is None:
        return None, None
    names = [article.mentions[i] for i in article.indexes(span.start, span.end, ("organisation",))]
    names = [m for m in names if not is_authority(m.canonical or m.text)]
    before = [m for m in names if m.end <= cue.start()]
    # "a acquis 59 % du capital auprès du fondateur et du fonds X": who sells is no party
    after = [
        m
        for m in names
        if m.start >= cue.end() and not _SELLER.search(low, max(cue.end(), m.start - 60), m.start)
    ]
    if _INTO_BUYER.match(cue.group()) and before and after:
        return _name(after[0]), _name(before[-1])  # "Nerisia tombe dans l'escarcelle de X"
    if not after:
        if before and _BOUGHT.fullmatch(cue.group()) and _BY_SOMEONE.match(low, cue.end()):
            return None, _name(before[-1])  # "Neurogard racheté par un américain"
        return (_name(before[-1]) if before else None), None
    target = after[0]
    if OFFER.fullmatch(cue.group()) and _BIDDER.fullmatch(low, cue.end(), target.start):
        # "visée par une OPA amicale de l'américain X", "a tender offer from X (for Y)"
        for_target = next((m for m in after[1:] if _FOR.search(low, target.end, m.start)), None)
        bought = for_target or (before[-1] if before else None)
        return _name(target), (_name(bought) if bought is not None else None)
    if _BOUGHT.fullmatch(cue.group()) and _BY_BUYER.fullmatch(low, cue.end(), target.start):
        return _name(target), (_name(before[-1]) if before else None)
    if _BUYER_FIRST.search(low, cue.end(), target.start) and len(after) > 1:
        return _name(target), _name(after[1])  # "l'OPA lancée par Sanofi sur Novadiscovery"
    by = next((m for m in after[1:] if _BY.match(low[target.end : m.start])), None)
    if by is not None:  # "le rachat de Mauve par Solvéo", "acquired by"
        return _name(by), _name(target)
    return (_name(before[-1]) if before else None), _name(target)


def deal(a: Amount) -> tuple[str | None, str | None]:
    """(buyer, target) of the takeover an acquisition amount prices."""
    buyer, target = parties(a.article, a.sentence)
    if target and not buyer:
        buyer = _stand_in_buyer(a)
    if buyer and target:
        return buyer, target
    for span in _told_before(a):
        b, t = parties(a.article, span)
        if b and t:
            return buyer or b, target or t
    return buyer, target


def _told_before(a: Amount) -> list[Span]:
    """Where else the deal may be told: the title, the sentences before the amount's (nearest
    first), then the later ones of its paragraph; a later paragraph tells of another deal in a
    round-up ("Celgene rachète Impact Biomedicines" after Takeda's)."""
    art = a.article
    spans = [art.title] if art.title is not None else []
    spans += [art.sentences[i] for i in range(a.sentence_index - 1, -1, -1)]
    paragraph_end = art.text.find("\n", a.sentence.end)
    spans += [
        s
        for s in art.sentences[a.sentence_index + 1 :]
        if paragraph_end < 0 or s.start < paragraph_end
    ]
    return spans


# "Le groupe japonais a annoncé l'acquisition de X": the company the sentence before opens on
_STAND_IN_BUYER = re.compile(
    r"\s*(?:le|la|l'|the)\s*(?:groupe|laboratoire|societe|geant|company|group|firm|"
    r"(?=[a-z]+(?:ais|ain|ois|ien|and|ique)\b))\s*(?:[a-z]+(?:ais|ain|ois|ien|and|ique)\b)?\s"
)


def _stand_in_buyer(a: Amount) -> str | None:
    """The buyer a stand-in subject speaks of: the organisation opening the sentence before."""
    art, prev = a.article, a.previous
    if prev is None or not _STAND_IN_BUYER.match(art.flat, a.sentence.start):
        return None
    first = art.indexes(prev.start, prev.end, ("organisation",))[:1]
    if not first or art.flat[prev.start : art.mentions[first[0]].start].strip():
        return None
    m = art.mentions[first[0]]
    return None if is_authority(m.canonical or m.text) else _name(m)


def takeover_news(article: Article) -> bool:
    """Whether the title (else the first sentence) tells of a takeover."""
    span = article.title or (article.sentences[0] if article.sentences else None)
    return span is not None and CUE.search(article.flat, span.start, span.end) is not None


def offer_price(a: Amount) -> bool:
    """Whether the amount's sentence tells of a public offer for a company: its amount, with
    no other word for it, is the takeover's price (`takeover_offer`)."""
    return OFFER.search(a.article.flat, a.sentence.start, a.sentence.end) is not None


def _name(m: object) -> str:
    return getattr(m, "canonical", "") or getattr(m, "text", "")


# a company sold for a price: "which was sold in 2025 to a US buyer for", "a été cédée au
# groupe X pour"
_COMPANY_SOLD = re.compile(
    r"\b(?:was|has been|had been|a ete|avait ete)\s+(?:sold|vendue?|cedee?)\b"
    r"[^.;]{0,60}\b(?:to|a|au|aux)\b[^.;]{0,60}\b(?:for|pour)\s*$"
)


def company_sold(a: Amount, before: str) -> bool:
    """ "sold to X for" the amount, with an organisation named before the sale (the company
    sold, not a product); `before` ends at the amount."""
    sold = _COMPANY_SOLD.search(before)
    if sold is None:
        return False
    at = max(a.sentence.start, a.mention.start - len(before) + sold.start())
    return bool(a.article.indexes(a.sentence.start, at, ("organisation",)))
