"""Organisations known by the company they keep: list siblings and listed names in another case.

News lists companies together: "Alan, Dental Monitoring et Doctolib se distinguent",
"Inventiva et Nanobiotix", "Juno, Kite and Bluebird". Once one member of such a list is an
organisation (listed, or found by a rule), its capitalised neighbours joined by a comma or
"et / and / ou / or" are organisations too, unless the article shows them to be persons or
places (`org_names`) or they are common words. And a name the model marked as anything (PER, LOC, ORG) that a listed
organisation spells in another case ("BpiFrance") is that organisation. Pure functions.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from scanner.nlp.gazetteer import Gazetteer, SpanSet
from scanner.nlp.org_names import one_word_person_or_place, person_words
from scanner.nlp.org_rules import NOT_ORG
from scanner.records import Mention
from scanner.text.folding import fold

Ent = tuple[int, int, str]
Span = tuple[int, int]

_UP = "A-ZÀÂÄÇÉÈÊËÎÏÔÖÛÙÜŸ"
_SP = "[ \u00a0]"
_WORD = rf"(?:[{_UP}][\w&+\-]*[\w+]|[a-z]{{1,4}}[{_UP}][\w\-]*)"
_NAME = rf"{_WORD}(?:{_SP}{_WORD}){{0,3}}"
_SEP = rf"(?:{_SP}*,{_SP}*(?:(?:et|and|ou|or){_SP}+)?|{_SP}+(?:et|and|ou|or){_SP}+)"
_LEFT = re.compile(rf"(?<![\w\-'’])(?P<name>{_NAME}){_SEP}$")
_RIGHT = re.compile(rf"{_SEP}(?P<name>{_NAME})(?![\w\-'’])")
_OPENING = re.compile(r"(?:^|[.!?:;\n\u2022«\"“(\-–—]\s*)$")
_FAMILY_BEFORE = re.compile(r"\b(?:famille|family|époux|frères|soeurs|sœurs)[ \u00a0]+$", re.I)
MAX_ROUNDS = 12  # a list is rarely longer; bounds the walk on a page of capitalised names


def after_family_word(text: str, start: int) -> bool:
    """Whether the name at `start` follows "famille", "family": a family's name, no company's."""
    return _FAMILY_BEFORE.search(text, max(0, start - 30), start) is not None


def list_siblings(
    text: str,
    found: Sequence[Mention],
    ents: Sequence[Ent],
    taken: SpanSet,
    is_common_word: Callable[[str], bool] | None = None,
) -> list[Mention]:
    """Capitalised names listed right beside an organisation already found."""
    persons = person_words(text, ents)
    queue = [m for m in found if m.kind == "organisation"]
    out: list[Mention] = []
    for _ in range(MAX_ROUNDS):
        new: list[Mention] = []
        for m in queue:
            window = text[max(0, m.start - 120) : m.start]
            left = _LEFT.search(window)
            if left is not None:
                start = m.start - len(window) + left.start("name")
                end = start + len(left.group("name"))
                new += _sibling(text, start, end, ents, persons, is_common_word)
            right = _RIGHT.match(text, m.end)
            if right is not None:
                new += _sibling(text, *right.span("name"), ents, persons, is_common_word)
        kept = [m for m in new if taken.add(m.start, m.end)]
        if not kept:
            break
        out += kept
        queue = kept
    return out


def _sibling(
    text: str,
    start: int,
    end: int,
    ents: Sequence[Ent],
    persons: set[str],
    is_common_word: Callable[[str], bool] | None,
) -> list[Mention]:
    surface = text[start:end]
    words = surface.split()
    if fold(surface) in NOT_ORG or one_word_person_or_place(text, start, end, ents, persons):
        return []
    if after_family_word(text, start):
        return []  # "le family office de la famille Mulliez, Creadev": a family's name
    at_start = _OPENING.search(text[max(0, start - 3) : start]) is not None
    if len(words) == 1 and is_common_word is not None and is_common_word(surface):
        return []  # "Recherche, Inserm et ...": a common noun heading a list
    if at_start and is_common_word is not None and is_common_word(words[0]):
        return []
    return [Mention("organisation", start, end, surface, surface, origin="rule")]


def any_case_names(text: str, ents: Sequence[Ent], gazetteer: Gazetteer) -> list[Mention]:
    """The model's entities that a listed organisation spells in another case."""
    out = []
    for start, end, _label in ents:
        surface = text[start:end].strip()
        if not surface or len(surface) < 4 or surface.islower():
            continue
        canonical = gazetteer.lookup_any_case(surface, "organisation")
        if canonical is not None:
            out.append(Mention("organisation", start, start + len(surface), surface, canonical,
                               origin="gazetteer"))  # fmt: skip
    return out
