"""Institutions named by their shape where the French rules do not reach them: English bodies
whose name opens with what they are ("University of Edinburgh", "Federal Institute for Drugs
and Medical Devices", "University Medical Center Utrecht"), NHS trusts ("Guy's and St Thomas'
NHS Foundation Trust"), and French centres named after a person ("Centre Oscar Lambret",
where spaCy reads a person after a bare "Centre").

Pure functions of the text (and spaCy's entities); `organisations` adds them after the
gazetteer and the French institution rules, so a listed name always wins, and tries a name's
shorter readings when the longest overlaps a name already found ("University of Rennes and
Inserm": Inserm is listed, so "University of Rennes").
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from scanner.nlp.gazetteer import Gazetteer
from scanner.records import Mention

Ent = tuple[int, int, str]
Readings = tuple[Mention, ...]  # one name, longest reading first

_SP = r"[ \u00a0]"
_CAP = r"(?:St\.?|[A-Z][\w’'\-]*)"
# capitalised words before the head that cannot open the name ("The", "Germany's")
_NOT_PREFIX = {
    "The", "A", "An", "In", "At", "By", "From", "For", "With", "And", "Of", "On", "Its", "Their",
    "This", "That", "Both", "Partners", "Including", "Le", "La", "Les", "Des", "Du", "De", "Et",
}  # fmt: skip
# an English body whose name opens with what it is, then "of"/"for" and capitalised words
# joined by "and"/"&"/"of": "University of Sheffield", "Institute for Health and Care Research"
_EN_HEADED = re.compile(
    rf"(?P<prefix>(?:{_CAP}{_SP}){{0,3}})"
    r"(?P<head>University|Institute|College|School|Academy|Hospital|Foundation|Agency|Council)"
    rf"{_SP}(?:of|for){_SP}(?:the{_SP})?{_CAP}"
    rf"(?:{_SP}(?:(?:and|&|of|for){_SP})?{_CAP}){{0,4}}"
)
# "University Medical Center Utrecht", "St. Vincent's University Hospital": head and a place
_EN_HEAD_PLACE = re.compile(
    rf"(?P<prefix>(?:{_CAP}{_SP}){{0,2}})"
    rf"(?P<head>University{_SP}Medical{_SP}Cent(?:er|re)|University{_SP}Hospitals?)"
    rf"(?:{_SP}{_CAP})?"
)
# NHS trusts, named after places and saints: "Guy's and St Thomas' NHS Foundation Trust"
_NHS_TRUST = re.compile(
    rf"(?P<prefix>{_CAP}(?:{_SP}(?:and{_SP})?{_CAP}){{0,5}}{_SP})"
    rf"(?P<head>NHS{_SP}(?:Foundation{_SP})?Trust)"
)
# the body's acronym, in brackets right after its name, belongs to the name: "(BfArM)"
_ACRONYM_AFTER = re.compile(rf"{_SP}\([A-Z][\w\-]*(?:{_SP}[A-Z][\w\-]*)?\)")
# words that end a span without belonging to the name ("University of Oxford In 2020")
_NOT_LAST = {"In", "On", "At", "The", "And", "For", "Of", "Ltd", "Inc"}
_IN_PLACE = re.compile(r"\b(?:in|near)[ \u00a0]$")
_CUT = re.compile(rf"{_SP}(?:and|&|of|for|des|du|de|d['’]){_SP}?")
# French heads that, followed by a person's name, name an institution: "Centre Léon Bérard"
_PERSON_HEAD = re.compile(r"\b(?:Centre|Center|Institut|Fondation|Hôpital)[ \u00a0]$")
# English heads after the person's name: "John Radcliffe Hospital", "Francis Crick Institute"
_PERSON_NAME = re.compile(r"[A-Z][\w\-]+(?:[ \u00a0][A-Z][\w\-]+){1,2}")
_PERSON_TAIL = re.compile(r"[ \u00a0](?:Hospital|Infirmary|Institute|Clinic|Cent(?:re|er))\b")


def english_institutions(text: str, gazetteer: Gazetteer) -> list[Readings]:
    """English bodies named head first or after a place: "University of Edinburgh", "Radboud
    University Medical Center", "North Bristol NHS Trust"; each with its shorter readings."""
    found = []
    for pattern in (_NHS_TRUST, _EN_HEADED, _EN_HEAD_PLACE):
        for m in pattern.finditer(text):
            start = _prefix_start(text, m)
            words = text[start : m.end()].split()
            while words and words[-1] in _NOT_LAST:
                words.pop()
            end = start + len(" ".join(words))
            if end <= m.end("head") and start >= m.start("head"):
                continue  # the head alone ("University Hospital") names no one
            acronym = _ACRONYM_AFTER.match(text, end)
            if acronym and end == m.end():
                end = acronym.end()
            found.append(shorter_readings(text, start, end, m.end("head"), gazetteer))
    return found


def _prefix_start(text: str, m: re.Match[str]) -> int:
    """Where the name opens: after the last prefix word that cannot open a name ("The",
    a possessive that is no saint's: "Germany's" but not "St. Vincent's")."""
    start, pos = m.start(), m.start()
    words = m.group("prefix").split()
    for i, word in enumerate(words):
        pos = text.index(word, pos)
        saint = i > 0 and words[i - 1] in ("St", "St.")
        joined = i + 1 < len(words) and words[i + 1] == "and"  # "Guy's and St Thomas'"
        if word in _NOT_PREFIX or (word.endswith(("'s", "’s")) and not saint and not joined):
            start = pos + len(word) + 1
        pos += len(word)
    if " and " in text[start : m.start("head")] and _IN_PLACE.search(
        text, max(0, start - 6), start
    ):
        # "Hospital NHS Trust in Nuneaton and Wye Valley NHS Trust": the place, then a name
        start = text.index(" and ", start) + len(" and ")
    return start


def shorter_readings(
    text: str, start: int, end: int, least_end: int, gazetteer: Gazetteer
) -> Readings:
    """The name `text[start:end]`, then the same cut before each later connector ("and",
    "of", "des"…), longest first, none ending before `least_end` (the head)."""
    ends = [end] + [
        start + c.start()
        for c in reversed(list(_CUT.finditer(text[start:end])))
        if start + c.start() > least_end
    ]
    out = []
    for stop in ends:
        surface = text[start:stop]
        canonical = gazetteer.lookup(surface, "organisation") or surface
        out.append(Mention("organisation", start, stop, surface, canonical, origin="rule"))
    return tuple(out)


def person_named_institutions(
    text: str, ents: Sequence[Ent], gazetteer: Gazetteer
) -> list[Mention]:
    """ "Centre Oscar Lambret", "Institut Gustave Roussy", "John Radcliffe Hospital": an
    institution head directly before (French) or after (English) what spaCy reads as a person
    (two words or more) is the institution's name."""
    mentions = []
    for s, e, label in ents:
        if label != "PER" or " " not in text[s:e].strip():
            continue
        head = _PERSON_HEAD.search(text, max(0, s - 12), s)
        # the head after the name, or read by the model as the person's last name
        tail = _PERSON_TAIL.match(text, e) or _PERSON_TAIL.match(text, text.rfind(" ", s, e))
        if head is None and tail is None:
            continue
        if head is None and not _PERSON_NAME.fullmatch(text, s, tail.start()):  # type: ignore[union-attr]
            continue  # the model's "person" runs over more than a name
        start, end = (head.start(), e) if head is not None else (s, max(e, tail.end()))  # type: ignore[union-attr]
        surface = text[start:end]
        canonical = gazetteer.lookup(surface, "organisation") or surface
        mentions.append(Mention("organisation", start, end, surface, canonical, origin="rule"))
    return mentions
