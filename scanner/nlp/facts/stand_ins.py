"""What a stand-in stands for: the organisation "elle", "la société", "the company", "le
consortium" names, the company that opens a sentence or the one before, and the organisation a
parsed word names. Shared by the recipient rules (`recipient.py`, `company_fallback.py`) and
the payer linker (`linking.py`).
"""

from __future__ import annotations

import re

from scanner.nlp.facts import lexicon as lx
from scanner.nlp.facts.context import Amount, is_authority
from scanner.nlp.facts.parse import children
from scanner.nlp.facts.parties import GIVES_AFTER, org_indexes, org_name
from scanner.nlp.facts.takeover import deal, takeover_news
from scanner.nlp.facts.text import Span, flat

_NAME_WORD = re.compile(r"^[A-ZÀ-Ý][\w-]*[a-zà-ÿ][\w-]*$")  # "Bactolys", "NeoDiag"; no "Le"
_PUBLIC = re.compile(
    r"\b(?:chu|chru|hopita\w*|hospices|ap-h[pm]|hcl|institut|inserm|cnrs|cea|inria|inrae|"
    r"universite|university|ecole|centre hospitalier|clinique|ihu|ministere|region|ville|"
    r"departement|metropole|agence|efs|ssa|"
    # the local councils `org_rules` finds in lower case ("le conseil départemental de l'Isère")
    r"conseil (?:departemental|regional|municipal|metropolitain)|"
    r"communaute (?:d'agglomeration|de communes|urbaine)|agglomeration)\b"
)


def antecedent(a: Amount, phrase: str = "") -> str | None:
    """What "elle", "la société", "le projet" stand for. A company word ("la start-up", "the
    company") is the last company named in the two sentences before, if any; otherwise the
    organisation the article is about, else the first organisation of the previous sentence
    that pays nothing by trade."""
    lead = a.article.protagonist
    own = _sentence_opener(a) if _PRONOUN.match(phrase) else None
    if own:
        return own  # "Sonaris a signé un partenariat pour lequel il bénéficiera de 1,5 M€"
    company_word = lx.COMPANY_WORDS.match(phrase) is not None
    opener = recent_opener(a) if company_word else None
    if opener:
        return opener
    if company_word and lead and takeover_news(a.article):
        buyer, target = deal(a)
        if target and buyer == lead:
            return target  # "La société avait levé 7 M€" in the news of its takeover: the bought
    if company_word and not (lead and company_like(a, lead)):
        s = a.sentence_index
        for back in (s, s - 1, s - 2):
            if back < 0:
                break
            span = a.article.sentences[back]
            end = min(span.end, a.mention.start)
            names = [org_name(a, i) for i in org_indexes(a, Span(span.start, end))]
            companies = [n for n in names if company_like(a, n)]
            if companies:
                return companies[-1]
    if a.article.protagonist:
        return a.article.protagonist
    prev = a.previous
    if prev is not None:
        for i in org_indexes(a, prev):
            name = org_name(a, i)
            if not a.article.is_funder(name):
                return name
    return None


_PRONOUN = re.compile(r"^(?:il|elle|it)$")
# the pronoun sits in a clause hanging from the sentence's first verb
_CLAUSE_OPENS = re.compile(r"\b(?:qui|que|dont|lequel|laquelle|lesquels|ou|which|where|whereby)\b")


def _sentence_opener(a: Amount) -> str | None:
    """The company opening the amount's own sentence, when a relative clause between it and
    the amount holds the pronoun ("X a signé un accord pour lequel il bénéficiera…")."""
    first = org_indexes(a, Span(a.sentence.start, a.mention.start))[:1]
    if not first:
        return None
    m = a.article.mentions[first[0]]
    low = a.article.flat
    if low[a.sentence.start : m.start].strip(" \n\"«'") or not _CLAUSE_OPENS.search(
        low, m.end, a.mention.start
    ):
        return None
    name = org_name(a, first[0])
    return name if company_like(a, name) and not a.article.is_funder(name) else None


def recent_opener(a: Amount) -> str | None:
    """The company opening one of the two sentences before ("Signia Therapeutics reçoit une
    aide … . En parallèle, la société poursuit une levée"): in a round-up, "la société" is
    the company just told of, not the article's first one."""
    s = a.sentence_index
    for back in (s - 1, s - 2):
        if back < 0 or (a.article.title is not None and back == 0):
            break
        span = a.article.sentences[back]
        first = org_indexes(a, span)[:1]
        if not first:
            continue
        m = a.article.mentions[first[0]]
        if not _OPENER_ARTICLE.fullmatch(a.article.flat, span.start, m.start):
            return None  # a name inside the sentence: which one is meant is not clear
        if GIVES_AFTER.match(a.article.flat, m.end):
            return None  # "X has committed $4m to Y": X gives
        name = org_name(a, first[0])
        return name if company_like(a, name) else None
    return None


# nothing before the name but an article, or what the company is ("La biotech française X"),
# past a short opening phrase ("Dans l'Hérault, X", "In Leeds, X")
_OPENER_ARTICLE = re.compile(
    r"\s*(?:[^,.;:]{1,40},\s*)?(?:(?:la|le|les|l'|the)\s*)?(?:(?:biotech|medtech|start-?up|societe|entreprise|pme|"
    r"jeune pousse|company|firm)\s+(?:[a-z-]+\s+){0,2}?)?"
)


def company_like(a: Amount, name: str) -> bool:
    """A name that could be a company: no funder, no authority, no public institution."""
    return not (a.article.is_funder(name) or is_authority(name) or _PUBLIC.search(flat(name)))


def resolve(a: Amount, word: int) -> str | None:
    """The organisation a parsed word names or stands for; None for other nouns."""
    assert a.parsed is not None
    w = a.parsed.words[word]
    if w.mention >= 0 and a.article.mentions[w.mention].kind == "organisation":
        return org_name(a, w.mention)
    named = a.article.covering(w.start)
    if named is not None and named.kind in ("person", "place") and len(named.text.split()) <= 3:
        return named.canonical or named.text  # a company the NER took for a person or place
    if named is None and w.pos == "PROPN" and _NAME_WORD.match(w.text):
        return w.text  # a name no extractor knew ("Bactolys obtient 2 M€"), as written
    phrase = a.article.flat[w.start : w.end]
    det = [a.parsed.words[j] for j in children(a.parsed, word, ("det",))]
    if det:
        phrase = a.article.flat[det[0].start : w.end]
    if lx.STAND_INS.match(phrase):
        return _named_after(a, w.end) or _bearer_after(a, w.end) or antecedent(a, phrase)
    return None


# "Le consortium coordonné par l'Institut Curie obtient 1,4 M€": the bearer named after it
_BEARER = re.compile(
    r"\s+(?:coordonne|porte|pilote|mene|led|coordinated|run)(?:e|s|es)?\s+(?:par|by)\s+"
    r"(?:l'|la |le |les |the )?"
)


def _bearer_after(a: Amount, end: int) -> str | None:
    bearer = _BEARER.match(a.article.flat, end)
    if bearer is None:
        return None
    found = a.article.starting_at(bearer.end(), ("organisation",))
    return org_name(a, found) if found is not None else None


# a stand-in's own name right after it, past a few lower-case words ("La biotech lyonnaise
# Nerisia", "la start-up Qualvio"); no comma, no verb between
_UP_TO_NAME = re.compile(r"\s+(?:[a-zà-ÿ][\w-]*\s+){0,2}")
_NOT_EPITHET = re.compile(
    r"\b(?:a|ont|est|sont|vient|has|have|is|was|will|de|du|des|d|of|par|by|avec|with)\b|"
    + lx.TAKE
    + "|"
    + lx.GIVE
)


def _named_after(a: Amount, end: int) -> str | None:
    """The name a stand-in announces ("La biotech Nerisia lève 12 M€" → Nerisia): the
    organisation, or the capitalised word no extractor knew, right after it."""
    text = a.article.text
    gap = _UP_TO_NAME.match(text, end)
    if gap is None or gap.end() >= a.mention.start or _NOT_EPITHET.search(flat(gap.group())):
        return None
    named = a.article.covering(gap.end())
    if named is not None:
        if named.kind == "organisation" and named.start == gap.end():
            return named.canonical or named.text
        return None
    word = re.match(r"[\w-]+", text[gap.end() :])
    if word and _NAME_WORD.match(word.group()) and not lx.STAND_INS.match(flat(word.group())):
        return word.group()
    return None


# ---- payers ----
