"""A programme's envelope given in brackets after its name: "le plan France 2030 (54 milliards
d'euros déployés sur 5 ans)". It is that programme's budget whatever the sentence around it is
about, and background unless the sentence launches the programme (`roles`, `novelty` and
`programme` read it)."""

from __future__ import annotations

from scanner.nlp.facts import lexicon as lx
from scanner.nlp.facts.context import Amount
from scanner.records import Mention

MAX_GAP = 3  # characters between the programme's name and the opening bracket


def aside_programme(a: Amount) -> Mention | None:
    """The programme whose name the bracket the amount opens follows, if any."""
    text = a.article.text
    before = text[max(0, a.mention.start - 4) : a.mention.start].rstrip()
    if not before.endswith("("):
        return None
    bracket = text.rfind("(", 0, a.mention.start)
    for pos in range(bracket - 1, max(-1, bracket - 1 - MAX_GAP), -1):
        m = a.article.covering(pos)
        if m is not None:
            return m if m.kind == "programme" else None
    return None


def envelope_aside(a: Amount) -> bool:
    """The amount opens a bracket that follows a programme's name."""
    return aside_programme(a) is not None


def programme_envelope(a: Amount) -> str | None:
    """Role rule: the bracketed envelope of the programme just named."""
    return "public_budget" if envelope_aside(a) else None


def restated_envelope(a: Amount, role: str) -> bool | None:
    """Novelty rule: a programme's envelope recalled in brackets is background, unless the
    sentence launches the programme ("lance l'appel à projets « X » (4,2 M€)")."""
    if role != "public_budget" or not envelope_aside(a):
        return None
    before = a.article.flat[a.sentence.start : a.mention.start]
    return None if lx.ANNOUNCE.search(before) else False
