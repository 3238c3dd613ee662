"""A programme's envelope given in brackets or in apposition after its name: "le plan France
2030 (54 milliards d'euros déployés sur 5 ans)", "France 2030, avec un investissement de 54
milliards d'euros". It is that programme's budget whatever the sentence around it is
about, and background unless the sentence launches the programme (`roles`, `novelty` and
`programme` read it). `budget_background`, the `new` rule over envelopes, lives here too:
an envelope the text holds as context is background, unless the text sets the programme up."""

from __future__ import annotations

import re

from scanner.nlp.facts import lexicon as lx
from scanner.nlp.facts.context import Amount
from scanner.records import Mention

MAX_GAP = 3  # characters between the programme's name and the opening bracket


# "France 2030, avec un investissement de 54 milliards d'euros, …", "dans le cadre de France
# 2030, plan d'investissement de 54 milliards d'euros": an apposition giving the envelope
_APPOSITION = re.compile(
    r",\s*(?:(?:avec|soit|un|une|le|la|son|sa|plan|programme|strategie|enveloppe|budget|"
    r"investissements?|nationale?|publics?|globale?|totale?|dote\w*|de|d'|du|des)\s*)+$"
)
# the sentence sets the programme up: its envelope is news ("a adopté le plan X, doté de…")
SET_UP = re.compile(r"\b(?:adopt\w*|vot\w*|debloqu\w*|met en place|mis en place|cree|creent)\b")
_ENVELOPE_WORD = re.compile(r"\b(?:dote\w*|investissements?|enveloppe|budget|plan)\b")


def aside_programme(a: Amount) -> Mention | None:
    """The programme whose name the bracket the amount opens, or the apposition it ends,
    follows, if any."""
    text = a.article.text
    before = text[max(0, a.mention.start - 4) : a.mention.start].rstrip()
    headed_only = False  # "Le plan Innovation Santé 2030, de plus de 7,5 Md€": its head says it
    if before.endswith("("):
        opening = text.rfind("(", 0, a.mention.start)
    else:
        low = a.article.flat
        lead = low[max(a.sentence.start, a.mention.start - 60) : a.mention.start]
        m = _APPOSITION.search(lead)
        if m is None:
            return None
        headed_only = not _ENVELOPE_WORD.search(m.group())
        opening = a.mention.start - len(lead) + m.start()
    for pos in range(opening - 1, max(-1, opening - 1 - MAX_GAP), -1):
        m2 = a.article.covering(pos)
        if m2 is not None:
            if m2.kind != "programme":
                return None
            if headed_only and not _HEADED.search(_named_head(a, m2)):
                return None
            return m2
    return None


_HEADED = re.compile(r"^(?:\w+ )?(?:plan|programme|strategie|fonds|enveloppe)\b")


def _named_head(a: Amount, m: Mention) -> str:
    """The programme's surface with the word just before it ("le plan X": "plan x")."""
    low = a.article.flat
    before = low[max(0, m.start - 12) : m.start].split()
    return " ".join(before[-1:] + [low[m.start : m.end]])


def envelope_aside(a: Amount) -> bool:
    """The amount opens a bracket that follows a programme's name."""
    return aside_programme(a) is not None


def programme_envelope(a: Amount) -> str | None:
    """Role rule: the bracketed envelope of the programme just named."""
    return "public_budget" if envelope_aside(a) else None


def restated_envelope(a: Amount, role: str) -> bool | None:
    """Novelty rule: a programme's envelope recalled in brackets or apposition is background,
    unless the sentence launches the programme ("lance l'appel à projets « X » (4,2 M€)",
    "a adopté le plan X, doté de 45 M€") or the title gives the same amount."""
    if role != "public_budget" or not envelope_aside(a):
        return None
    before = a.article.flat[a.sentence.start : a.mention.start]
    if lx.ANNOUNCE.search(before) or SET_UP.search(before) or a.in_title:
        return None
    value = a.mention.value_eur
    return None if value and round(value) in a.article.title_values else False


# an envelope a programme holds: "doté de", "dispose de", "endowed with"
_HOLDING = re.compile(
    r"\b(?:dote|dotee|dotes|dotees)\b[^,;]{0,25}\b(?:de|d')\s*$|\bdispos\w*\b[^,;]{0,40}$|"
    r"\bendowed with\b[^,;]{0,15}$"
)
_ENDOWED_OPENING = re.compile(r"\s*(?:dote|dotee|finance|financee|endowed|funded)\b")


def budget_background(a: Amount, role: str) -> bool | None:
    """An envelope the text holds as context: a programme's endowment restated ("doté de"),
    a review of a running plan, an envelope beside the headline's money."""
    if role != "public_budget":
        return None
    if SET_UP.search(a.article.flat, a.sentence.start, a.mention.start):
        return None  # "a adopté le plan X, doté de 45 M€": the plan is the news
    prev = a.previous
    if (
        prev is not None
        and _ENDOWED_OPENING.match(a.article.flat, a.sentence.start)
        and SET_UP.search(a.article.flat, prev.start, prev.end)
    ):
        return None  # "La Région a adopté le plan X. Doté de 45 M€, il …": the same news
    if a.article.review or _HOLDING.search(a.before[-90:]):
        return False
    if a.tense in ("past", "imperfect", "participle"):
        return False
    if a.article.title_values and not a.in_title:
        return False
    return None


# "Doté de 30 M€, le programme X soutient Y": an endowment that opens its sentence
_ENDOWED_PHRASE = re.compile(r"\s*(?:dote|dotee|dotes|dotees)\s+(?:de|d')\s*$")


def opening_endowment(a: Amount) -> bool:
    """Whether the amount is the endowment a sentence opens on ("Doté de 30 M€, le programme
    X soutient Y"): the envelope of what follows, not what the main verb gives."""
    return _ENDOWED_PHRASE.fullmatch(a.article.flat, a.sentence.start, a.mention.start) is not None


# "L'État consacrera 50 M€ sur cinq ans à la prévention", "The NHS will spend £250 million on
# AI tools": a public body setting money aside, a budget line
_PUBLIC_BODY = re.compile(
    r"\b(?:l'etat|le gouvernement|the (?:uk |french |us )?government|the state|(?:the )?nhs|"
    r"la region|le conseil regional|le departement|la metropole|la ville|le ministere|"
    r"the ministry|l'ars|l'agence regionale de sante|the department of health|the council|"
    r"l'assurance maladie|la cnam|la commission europeenne|the european commission)\b"
)
_SETS_ASIDE = re.compile(
    r"\b(?:consacr\w*|allou\w*|affect\w*|will spend|to spend|plans to spend|"
    r"met(?:tra)? sur la table|earmark\w*)\s+(?:[\w'-]+\s+){0,3}$"
)


def public_spending(a: Amount) -> bool:
    """Whether a public body sets the amount aside in its sentence ("L'État consacrera 50 M€
    à …", "The NHS will spend £250 million on …")."""
    low = a.article.flat
    if _YEARLY.match(low, a.mention.end):
        return False  # "spends more than £2bn a year on heart failure care": what care costs
    verb = _SETS_ASIDE.search(low, a.sentence.start, a.mention.start)
    if verb is None or _SPENT.search(low, max(a.sentence.start, verb.start() - 25), verb.start()):
        return False  # "l'Assurance maladie, qui a consacré 1,4 Md€ à ces traitements": a cost
    return _PUBLIC_BODY.search(low, a.sentence.start, verb.start()) is not None


_SPENT = re.compile(r"\b(?:a|ont|avait|avaient|had|has|have)\s+(?:\w+\s+)?$")


_YEARLY = re.compile(r"\s*(?:a year|per year|each year|annually|par an|chaque annee|par annee)\b")
