"""Under which programme an amount comes: the programme named in the amount's segment
(France 2030 first for the funding it operates), else in its sentence, else, for an envelope,
in the sentence before.
"""

from __future__ import annotations

import re

from scanner.nlp.facts.context import Amount
from scanner.nlp.facts.envelope_aside import aside_programme

_FRANCE_2030 = re.compile(r"^france 2030$")
_REFERS_BACK = re.compile(
    r"^\s*(?:dote\w*|il|elle|ce (?:programme|plan|fonds|dispositif)|cet appel|cette "
    r"(?:strategie|enveloppe))\b|\b(?:son|sa|leur) (?:budget|enveloppe|dotation)\b"
)


def _shared_sentence(a: Amount) -> bool:
    """Whether another amount stands in the amount's sentence."""
    return len(a.article.indexes(a.sentence.start, a.sentence.end, ("amount",))) > 1


_RELATIVE = re.compile(r"\b(?:qui|which|who|that)\s+(?:[\w']+\s+){0,3}$")


def _relative_start(a: Amount) -> int | None:
    """Where the relative clause holding the amount starts ("… qui a levé 3,6 M€")."""
    low = a.article.flat
    found = _RELATIVE.search(low, max(a.segment.start, a.mention.start - 40), a.mention.start)
    return found.start() if found else None


def decide_programme(a: Amount, role: str) -> tuple[str | None, str]:
    """The programme the amount comes under. In a sentence with several amounts, only the
    amount's own segment counts; an envelope introduced by "doté de" or a pronoun may name
    its programme in the sentence before ("… lance un appel. Doté de 30 M€, il …")."""
    aside = aside_programme(a)
    if aside is not None:  # "France 2030 (54 milliards d'euros déployés sur 5 ans)"
        return aside.canonical or aside.text, "programme_aside"
    spans = [("programme_in_segment", a.segment)]
    if a.following is None and not _shared_sentence(a):
        spans.append(("programme_in_sentence", a.sentence))
    if role == "public_budget" and a.previous is not None and _REFERS_BACK.search(a.before):
        spans.append(("programme_before", a.previous))
    clause_start = _relative_start(a) if role == "equity" else None
    for rule, span in spans:
        found = a.article.programmes(span)
        if clause_start is not None:
            # "le prix i-Nov est remis à X qui a levé 3,6 M€": the round is not the prize's
            found = [m for m in found if m.start >= clause_start]
        if not found:
            continue
        if role in ("grant", "investment", "loan"):
            france_2030 = _france_2030([m.canonical or m.text for m in found])
            if france_2030 is not None:
                return france_2030, rule
        nearest = min(found, key=lambda m: abs(m.start - a.mention.start))
        if role == "public_budget":
            others = [
                m for m in found if not _FRANCE_2030.match((m.canonical or m.text).casefold())
            ]
            if others:
                nearest = min(others, key=lambda m: abs(m.start - a.mention.start))
        return nearest.canonical or nearest.text, rule
    if role == "grant":
        call = _laureates_call(a)
        if call is not None:
            return call, "laureates_before"
    return None, "none_found"


# the call's laureates, in the plural: "lauréate du concours i-Lab" says what one company won
# once, not whose laureates the article announces
_LAUREATES = re.compile(
    r"\b(?:laureats|laureates|winners|retenus|retenues|selectionnes|selectionnees|"
    r"selected (?:projects|companies|start-?ups)|primes|primees)\b"
)


def _laureates_call(a: Amount) -> str | None:
    """The one call whose laureates one of the two sentences before (else the title)
    announces: a laureate's grant comes under it ("… dévoilé les lauréats de son appel à
    projets X. Parmi eux, Kerdoc reçoit 450 000 euros"), France 2030 first."""
    i = a.sentence_index
    before = [a.article.sentences[j] for j in (i - 1, i - 2) if j >= 0]
    spans = [s for s in (*before, a.article.title) if s is not None and s != a.sentence]
    for span in spans:
        if not _LAUREATES.search(a.article.flat, span.start, span.end):
            continue
        names = list(dict.fromkeys(m.canonical or m.text for m in a.article.programmes(span)))
        france_2030 = _france_2030(names)
        if france_2030 is not None:
            return france_2030
        if len(names) == 1:
            return names[0]
    return None


def _france_2030(names: list[str]) -> str | None:
    """France 2030 among the names, as written: a grant tied to it comes under it even when a
    narrower call is named."""
    return next((n for n in names if _FRANCE_2030.match(n.casefold())), None)
