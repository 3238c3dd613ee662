"""Programmes nobody has listed, found by the words that announce them.

News introduces a funding scheme, a call or a label with a head word and its name: "le
programme Health Innovation Intensive Training", "le concours Innov'Up", "le dispositif
Tremplin", "le plan France Médecine Génomique", "l'appel à projets RHU", and the French Tech
labels with a number in their name ("French Tech Health20", "French Tech 120"). The name is
the capitalised words after the head (the head word itself is not part of it, as for quoted
names); its canonical is the gazetteer's when listed, else the name as written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from scanner.nlp.gazetteer import Gazetteer

_SPACE = "[ \u00a0\u202f]"
_UP = "A-ZÀÂÄÇÉÈÊËÎÏÔÖÛÙÜŸ"
_WORD = rf"[{_UP}][\w'’+\-]*[\w+]|[{_UP}]{{2,}}|i-[A-Z][\w\-]*"
_NEXT = rf"(?:{_WORD}|[0-9]{{2,4}}|[0-9]+[A-Za-z]?)"
_NAME = rf"(?:{_WORD})(?:{_SPACE}(?:(?:de|du|des|et|for|of|&){_SPACE})?(?:{_NEXT})){{0,5}}"


@dataclass(frozen=True, slots=True)
class ProgrammeSpan:
    """A programme mention: offsets index the original text; origin says how it was found."""

    start: int
    end: int
    text: str
    canonical: str
    origin: str  # "gazetteer" | "rule"


_HEADED = re.compile(
    rf"\b(?:[Pp]rogrammes?|[Cc]oncours|[Dd]ispositif|[Pp]lan|[Aa]ppels?{_SPACE}+à{_SPACE}+projets?|"
    rf"AAP|AMI|[Aa]ppels?{_SPACE}+à{_SPACE}+manifestations?{_SPACE}+d['’]{_SPACE}?intérêt|"
    rf"[Aa]ppels?{_SPACE}+à{_SPACE}+candidatures?|[Pp]rogramme{_SPACE}+d['’]accélération)"
    rf"(?:{_SPACE}+(?:national|européen|régional))?"
    # "leur programme e-santé baptisé Health Innovation Intensive Training"
    rf"(?:(?:{_SPACE}+[a-zé][\w\-]*)?{_SPACE}+(?:baptisée?|intitulée?|nommée?|appelée?|dénommée?))?"
    rf"{_SPACE}+(?P<name>{_NAME})"
)
_FRENCH_TECH = re.compile(
    rf"\bFrench{_SPACE}+Tech{_SPACE}+(?P<label>(?:[A-Za-z]+)?[0-9]{{2,4}}(?:/[0-9]{{2,4}})?)\b"
)
_DRUG_CODE = re.compile(r"[A-Z]{1,6}[\- ]?[0-9]+[A-Za-z]?")  # "son programme ABX464"
# What the capitalised words after a head may be instead of a programme's name
_NOT_NAME = {
    "France", "Europe", "Paris", "Le", "La", "Les", "Un", "Une", "En", "Ce", "Cette", "Il",
    "Elle", "The", "A", "An", "De", "Du", "Des", "Pour", "Avec", "Dans",
}  # fmt: skip


def shaped_programmes(text: str, gazetteer: Gazetteer) -> list[ProgrammeSpan]:
    """Programme names announced by a head word, and numbered French Tech labels."""
    spans = []
    for m in _HEADED.finditer(text):
        start, end = m.span("name")
        name = text[start:end]
        first = name.split()[0]
        if first in _NOT_NAME or _DRUG_CODE.fullmatch(name) or _headline(text, m.start()):
            continue
        if gazetteer.lookup(name, "organisation") or gazetteer.lookup(first, "organisation"):
            continue  # "le programme Inserm ...": a body's programme, not a named one
        canonical = gazetteer.lookup(name, "programme") or " ".join(name.split())
        spans.append(ProgrammeSpan(start, end, name, canonical, "rule"))
    for m in _FRENCH_TECH.finditer(text):
        surface = text[m.start() : m.end()]
        canonical = gazetteer.lookup(surface, "programme") or " ".join(surface.split())
        spans.append(ProgrammeSpan(m.start(), m.end(), surface, canonical, "rule"))
    return spans


def _headline(text: str, pos: int) -> bool:
    line_start = text.rfind("\n", 0, pos) + 1
    line_end = text.find("\n", pos)
    words = text[line_start : line_end if line_end >= 0 else None].split()
    long_words = [w for w in words if len(w) > 3]
    return len(long_words) >= 4 and all(w[:1].isupper() for w in long_words)
