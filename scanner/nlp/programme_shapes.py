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
from collections.abc import Sequence
from dataclasses import dataclass

from scanner.nlp.gazetteer import Gazetteer, name_key

_SPACE = "[ \u00a0\u202f]"
_UP = "A-ZÀÂÄÇÉÈÊËÎÏÔÖÛÙÜŸ"
# camel case opens a name too: "Sanofi iTech Award", "the eHealth Hub programme"
_WORD = rf"[{_UP}][\w'’+\-]*[\w+]|[{_UP}]{{2,}}|i-[A-Z][\w\-]*|[a-z][A-Z][\w'’+\-]*[\w+]"
# a year range ("Plan Cancer 2014-2019") is one word of a name
_NEXT = rf"(?:{_WORD}|[0-9]{{4}}[\-–][0-9]{{2,4}}|[0-9]{{2,4}}|[0-9]+[A-Za-z]?)"
# after a link word comes a word, never a bare number ("le concours i-Nov et 60 projets")
_NAME = (
    rf"(?:{_WORD})(?:{_SPACE}(?:(?:de|du|des|et|for|of|&){_SPACE}(?:{_WORD})|(?:{_NEXT}))){{0,5}}"
)


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
    rf"[Cc]hallenge|Prix|Troph[ée]es?|"
    rf"AAP|AMI|[Aa]ppels?{_SPACE}+à{_SPACE}+manifestations?{_SPACE}+d['’]{_SPACE}?intérêt|"
    rf"[Aa]ppels?{_SPACE}+à{_SPACE}+candidatures?|[Pp]rogramme{_SPACE}+d['’]accélération|"
    # regional schemes titled by their head ("le Pass Innovation Santé Normandie", "Booster
    # Biotech AURA"), and a call named without "à projets" ("l'appel Flash Covid-Long")
    rf"Pass|Booster|[Aa]ppels?)"
    rf"(?:{_SPACE}+(?:national|européen|régional))?"
    # "leur programme e-santé baptisé Health Innovation Intensive Training"
    rf"(?:(?:{_SPACE}+[a-zé][\w\-]*)?{_SPACE}+(?:baptisée?|intitulée?|nommée?|appelée?|dénommée?)|"
    # "le programme d'accélération deeptech Blast": one qualifier, neither a link word nor a
    # participle ("le programme financé par ...")
    rf"{_SPACE}+(?!(?:de|du|des|d|la|le|les|en|pour|avec|par|sur|dans|a|est|et|qui|au|aux|"
    # English links: "the i4i programme and Innovate UK's ..." opens no name
    rf"and|or|of|for|to|with|the|from|by|in|on|at|as)\b)"
    rf"(?![a-zé\-]*(?:é|ée|és|ées)\b)[a-zé][\w\-]{{2,}}(?={_SPACE}+[{_UP}]))?"
    rf"{_SPACE}+(?P<name>{_NAME})"
)
_BARE_CALL = re.compile(rf"[Aa]ppels?{_SPACE}+(?!à)")
_FRENCH_TECH = re.compile(
    rf"\bFrench{_SPACE}+Tech{_SPACE}+(?P<label>(?:[A-Za-z]+)?[0-9]{{2,4}}(?:/[0-9]{{2,4}})?)\b"
)
_DRUG_CODE = re.compile(r"[A-Z]{1,6}[\- ]?[0-9]+[A-Za-z]?")  # "son programme ABX464"
# What the capitalised words after a head may be instead of a programme's name
_NOT_NAME = {
    "France", "Europe", "Paris", "Le", "La", "Les", "Un", "Une", "En", "Ce", "Cette", "Il",
    "Elle", "The", "A", "An", "De", "Du", "Des", "Pour", "Avec", "Dans", "Phase",
}  # fmt: skip


def shaped_programmes(text: str, gazetteer: Gazetteer) -> list[ProgrammeSpan]:
    """Programme names announced by a head word (before or, in English, after the name),
    and numbered French Tech labels."""
    spans = []
    for m in _HEADED.finditer(text):
        start, end = m.span("name")
        name = text[start:end]
        first = name.split()[0]
        if first in _NOT_NAME or _DRUG_CODE.fullmatch(name) or _headline(text, m.start()):
            continue
        if _BARE_CALL.match(m.group(0)) and " " not in name and name[1:].islower():
            continue  # "l'appel Santé numérique des hôpitaux": a sentence-case name, cut short
        if gazetteer.lookup(name, "organisation") or gazetteer.lookup(first, "organisation"):
            continue  # "le programme Inserm ...": a body's programme, not a named one
        owner = _OWNER.search(name)
        if owner is not None and gazetteer.lookup(owner.group("org"), "organisation"):
            end = start + owner.start()  # "le concours i-PhD de Bpifrance": the owner is a body
            name = text[start:end]
        listed = (
            gazetteer.lookup(name, "programme")
            or _lookup_any_case(gazetteer, name)
            or _listed_with_year(gazetteer, name)
            or _listed_without_year(gazetteer, name)
        )
        titled = name
        if _NAME_HEAD.match(text, m.start()) or (
            _HEAD_IN_NAME.match(text, m.start()) and not _sentence_start(text, m.start())
        ):  # a listed name keeps its canonical: "le Plan Innovation Santé 2030"
            start, name = m.start(), text[m.start() : end]  # "le Plan Cancer": part of its name
        # "AAP X" is the call "appel à projets X" names: one canonical for both
        canonical = listed or " ".join((titled if name.startswith("AAP") else name).split())
        spans.append(ProgrammeSpan(start, end, name, canonical, "rule"))
    spans += _english_programmes(text, gazetteer) + _titled_programmes(text, gazetteer)
    spans += _won_programmes(text, gazetteer)
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


# A capitalised "Plan", "Programme" or "Stratégie" inside a sentence is part of the name
# ("le Plan Cancer 2014-2019"); a lower-case one only announces it ("le plan France 2030").
_HEAD_IN_NAME = re.compile(r"(?:Plan|Programme|Stratégie)\b")
# A capitalised "Challenge", "Prix", "Trophées" or "Concours" is always a word of the name,
# even opening a sentence ("Challenge Prévention", "Prix Galien", "Concours i-Lab 2026"), and
# annotators keep "AAP" with the call it names ("AAP Tiers-Lieux d'Expérimentation").
_NAME_HEAD = re.compile(r"(?:Challenge|Prix|Troph[ée]es?|Concours|AAP|Pass|Booster)\b")
_OPENING = re.compile(r"(?:^|[.!?:;\n\u2022«\"“(\-–—]\s*)$")


def _sentence_start(text: str, pos: int) -> bool:
    return _OPENING.search(text[max(0, pos - 3) : pos]) is not None


_OWNER = re.compile(rf"{_SPACE}(?:de|du|des){_SPACE}(?P<org>.+)$")


def _listed_with_year(gazetteer: Gazetteer, name: str) -> str | None:
    """ "le plan Innovation Santé" is "Innovation Santé 2030": a listed name with its year
    left out (only when exactly one listed programme fits)."""
    key = name_key(name)
    fits = {
        entry.canonical
        for entry in gazetteer.entries("programme")
        for alias in (entry.canonical, *entry.aliases)
        if (k := name_key(alias)).startswith(key) and k[len(key) :].isdigit()
    }
    return fits.pop() if len(fits) == 1 else None


_YEAR_END = re.compile(rf"{_SPACE}+(?:19|20)[0-9]{{2}}$")


def _listed_without_year(gazetteer: Gazetteer, name: str) -> str | None:
    """ "i-Lab 2026" is this year's edition of the listed "i-Lab"."""
    year = _YEAR_END.search(name)
    return None if year is None else gazetteer.lookup(name[: year.start()], "programme")


def _lookup_any_case(gazetteer: Gazetteer, name: str) -> str | None:
    """ "I-nov" is "i-Nov": a listed programme written in another case."""
    return gazetteer.lookup_any_case(name, "programme")


# English puts the head after the name: "the Biomedical Catalyst programme", "Innovate UK's
# Smart grant", "the EU4Health programme", "the Strategic Health Technologies challenge".
_ENGLISH_HEADED = re.compile(
    # "the Invention for Innovation (i4i) programme": its acronym may stand before the head
    rf"(?P<name>{_NAME})(?P<acr>{_SPACE}+\([A-Za-z0-9&\-]{{2,12}}\))?{_SPACE}+"
    rf"(?P<head>programme|program|scheme|initiative|call|competition|"
    rf"challenge|grant|award|prize|accelerator|fellowship)(?P<plural>s)?\b"
)
# "ARPA-H awards Silvermoor Bio up to $48 million": a plural head before a name, an article or
# a sum is the verb, and what stands before it is the body that awards
_VERB_AFTER = re.compile(rf"{_SPACE}+(?:[{_UP}£$€0-9]|(?:a|an|the|its|their|up)\b)")
_VERB_HEADS = {"award", "grant", "call", "challenge"}
# "wins Scottish Enterprise grant", "a Wellcome Trust award": a body's own grant, not a named
# scheme (the body is an organisation mention)
_BODY_WORDS = {
    "Enterprise", "Agency", "Council", "Foundation", "Trust", "Institute", "Institutes",
    "University", "Ministry", "Commission", "Bank", "Authority", "Department", "Office",
    "Society", "Association", "Academy",
}  # fmt: skip
# a nationality or a reach alone names no scheme ("the European program", "a National grant")
_ADJECTIVES = {
    "European", "National", "Federal", "Regional", "British", "French", "German", "Dutch",
    "International", "Global", "American", "Swiss", "Scottish", "Welsh", "English", "Irish",
    "Nordic", "Canadian", "Belgian", "Danish", "Swedish", "Italian", "Spanish", "Japanese",
}  # fmt: skip
_POSSESSIVE = re.compile(r"['’]s(?=\s)")
# an edition's year, or a phase's number once "Phase" is dropped ("a Phase II SBIR grant")
_LEADING_NUMBER = re.compile(r"(?:19|20)[0-9]{2}|I{1,3}|IV|[0-9]")
# French possessives and "Au" ("Au programme : essais de phase précoce") open no English name
_EN_NOT_NAME = _NOT_NAME | {
    "Its", "Their", "His", "Her", "Our", "This", "That", "Series", "Phase",
    "Au", "Aux", "Son", "Sa", "Ses", "Leur", "Leurs", "Notre", "Nos",
    "Funding",  # "Funding competition ...": a page's heading, the name follows
}  # fmt: skip
# a quantifier or an adjective alone before the head names nothing: "Individual awards of up
# to £125,000" (within a longer name it may: "New Frontiers programme")
_EN_QUALIFIERS = {
    "Individual", "Additional", "Further", "Other", "Several", "Many", "Some", "Such", "Each",
    "All", "Both", "These", "Those", "New", "Previous", "Future", "Total", "Annual", "Major",
    "Existing", "Successful", "Selected", "Eligible", "Early", "Small", "Large", "Larger",
    "SMEs", "SME", "Startups", "Start-ups", "Companies", "Businesses",  # "startups and SMEs grants"
}  # fmt: skip


_ELIDED = re.compile(rf"[LlDd]['’][{_UP}]")


def _english_name(text: str, start: int, end: int, keep: int) -> tuple[int, list[str]]:
    """Where a scheme's name starts past its owner ("Innovate UK's Biomedical Catalyst": the
    owner is a body) and past leading words that are no name ("Its", "This"), and its words;
    `keep`: how many words to keep whatever they are."""
    owners = list(_POSSESSIVE.finditer(text, start, end))
    if owners:
        start = owners[-1].end() + 1
    words = text[start:end].split()
    if words and _ELIDED.match(words[0]):
        # "L'EIC Accelerator a financé": a French sentence's article is no part of the name
        start += 2
        words[0] = words[0][2:]
    # "the 2026 Pathfinder Open call": the edition's year stands before the name
    while len(words) > keep and (words[0] in _EN_NOT_NAME or _LEADING_NUMBER.fullmatch(words[0])):
        start += text[start:end].find(words[0]) + len(words[0]) + 1
        words = words[1:]
    return start, words


def _owner_acronym(gazetteer: Gazetteer, words: list[str], name: str) -> bool:
    """A listed body's acronym opening an unlisted name of three words or more."""
    return (
        len(words) >= 4
        and words[0].isupper()
        and gazetteer.lookup(words[0], "organisation") is not None
        and gazetteer.lookup(name, "programme") is None
    )


def _english_programmes(text: str, gazetteer: Gazetteer) -> list[ProgrammeSpan]:
    spans = []
    for m in _ENGLISH_HEADED.finditer(text):
        start, end = m.span("name")
        start, words = _english_name(text, start, end, keep=0)
        if not words or start >= end or _headline(text, m.start()):
            continue
        if len(words) == 1 and text[max(0, start - 2) : start].startswith(")"):
            continue  # "(SBRI) Healthcare competition": the tail of the name before it
        if (
            m.group("plural")
            and m.group("head") in _VERB_HEADS
            and _VERB_AFTER.match(text, m.end())
        ):
            continue
        if words[-1] in _BODY_WORDS or (
            len(words) == 1 and (words[0] in _ADJECTIVES or words[0] in _EN_QUALIFIERS)
        ):
            continue  # "The European program, Enlumen, ...": the name is elsewhere
        name = text[start:end]
        if _DRUG_CODE.fullmatch(name) or gazetteer.lookup(name, "organisation"):
            continue  # "its ABX464 program", "the Sanofi programme"
        if _owner_acronym(gazetteer, words, name):
            # "the NIHR Invention for Innovation (i4i) programme": its owner, then its name
            start += len(words[0]) + 1
            words = words[1:]
            name = text[start:end]
        if any(gazetteer.lookup(" ".join(words[:k]), "programme") for k in range(1, len(words))):
            continue  # "the Horizon Europe Cluster 1 call": the listed programme stands
        if not any(c.islower() for c in name) and len(words) == 1 and len(name) <= 3:
            continue  # "the R&D programme", "an EU grant"
        canonical = gazetteer.lookup(name, "programme") or " ".join(name.split())
        if m.group("acr"):  # "Invention for Innovation (i4i)": one mention with its acronym
            end = m.end("acr")
        spans.append(ProgrammeSpan(start, end, text[start:end], canonical, "rule"))
    return spans


# English names a scheme with a capitalised head as its last word: "the NHS Innovation
# Accelerator", "the Longitude Prize", "the Health Innovation Programme"; the head is part of
# the name.
_TITLED = re.compile(
    # "the Health Innovation Challenge Fund": a challenge's or an accelerator's fund is a scheme
    rf"(?P<name>{_NAME}{_SPACE}(?:(?:Challenge|Accelerator|Catalyst){_SPACE}Fund|"
    rf"Programme|Program|Challenge|Accelerator|Prize|Awards?|"
    rf"Initiative|Scheme|Competition|Fellowship|Aid|Grand{_SPACE}Challenges?))\b(?![\-'’])"
)


def _titled_programmes(text: str, gazetteer: Gazetteer) -> list[ProgrammeSpan]:
    spans = []
    for m in _TITLED.finditer(text):
        start, end = m.span("name")
        start, words = _english_name(text, start, end, keep=1)
        if len(words) < 2 or _headline(text, m.start()):
            continue
        name = text[start:end]
        if gazetteer.lookup(name, "organisation"):
            continue
        if words[-1] == "Initiative" and gazetteer.lookup(" ".join(words[:-1]), "organisation"):
            continue  # "Inserm Transfert Initiative": a listed body's investment vehicle
        canonical = gazetteer.lookup(name, "programme") or " ".join(name.split())
        spans.append(ProgrammeSpan(start, end, name, canonical, "rule"))
    return spans


# "winners of the Momentum Fund", "lauréate des Trophées Azur Innovation", "selected for the
# Velora Launchpad": what a company wins or is picked for is a scheme, whatever its last word
_WON = re.compile(
    rf"\b(?:[Ww]inners?|[Ll]aureates?|[Ff]inalists?|[Ll]auréat(?:e|s|es)?|[Ff]inalistes?)"
    rf"{_SPACE}+(?:(?:of|du|des)(?:{_SPACE}+the)?{_SPACE}+|de{_SPACE}+la{_SPACE}+|de{_SPACE}+l['’])"
    rf"(?P<name>{_NAME})|"
    rf"\b(?:selected|chosen|shortlisted|accepted){_SPACE}+(?:for|into|to{_SPACE}+join)"
    rf"(?:{_SPACE}+the)?{_SPACE}+(?P<picked>{_NAME})"
)
# a head alone is the start of a longer name another shape reads ("lauréate du Concours
# d'innovation i-Lab"); a body is no scheme ("lauréate de la Fondation X")
_WON_NOT_NAME = {
    "Concours", "Prix", "Grand", "Trophées", "Trophée", "Programme", "Plan", "Challenge",
    "Fondation", "Institut", "Université", "Agence", "Région", "Ministère", "Réseau",
}  # fmt: skip
_QUOTE_AFTER = re.compile(rf"{_SPACE}*[«\"“]")


def _won_programmes(text: str, gazetteer: Gazetteer) -> list[ProgrammeSpan]:
    spans = []
    for m in _WON.finditer(text):
        group = "name" if m.group("name") else "picked"
        start, end = m.span(group)
        start, words = _english_name(text, start, end, keep=0)
        if not words or start >= end or _headline(text, m.start()):
            continue
        if words[0] in _WON_NOT_NAME or words[-1] in _BODY_WORDS:
            continue
        if len(words) == 1 and (words[0] in _ADJECTIVES or words[0] in _EN_QUALIFIERS):
            continue
        name = text[start:end]
        if _QUOTE_AFTER.match(text, end) or gazetteer.lookup(name, "organisation"):
            continue
        if gazetteer.lookup(words[0], "organisation") or _DRUG_CODE.fullmatch(name):
            continue  # "lauréats de Bpifrance Excellence": the body's own label
        if not any(c.islower() for c in name) and len(words) == 1 and len(name) <= 3:
            continue
        canonical = gazetteer.lookup(name, "programme") or " ".join(name.split())
        spans.append(ProgrammeSpan(start, end, name, canonical, "rule"))
    return spans


# spaCy calls "la Stratégie nationale de santé", "le Plan national maladies rares" ORG or MISC;
# a name that opens with a capitalised programme word is a programme.
_PROGRAMME_ENTITY = re.compile(
    rf"(?:Plan|Programme|Stratégie|Feuille{_SPACE}+de{_SPACE}+route|Grand{_SPACE}+Défi|"
    rf"Appel{_SPACE}+à{_SPACE}+projets|Concours){_SPACE}+[\w'’]"
)
_ENTITY_END = re.compile(r"[\s,;:.'’\-]+$")
_LINK_END = re.compile(rf"{_SPACE}+(?:de|du|des|la|le|les|l['’]|d['’]|et|of|the|and|for)$")


def entity_programmes(
    text: str, ents: Sequence[tuple[int, int, str]], gazetteer: Gazetteer
) -> list[ProgrammeSpan]:
    """The model's ORG and MISC entities whose first word says programme, inside a sentence
    (at a sentence start "Programme" may be a heading's word)."""
    spans = []
    for start, end, label in ents:
        if label not in ("ORG", "MISC") or not _PROGRAMME_ENTITY.match(text, start, end):
            continue
        trail = _ENTITY_END.search(text, start, end)
        end = trail.start() if trail else end
        while (link := _LINK_END.search(text, start, end)) is not None:
            end = link.start()  # "Plan climat de la" cut before its owner: the links go
        name = text[start:end]
        if _sentence_start(text, start) or not 2 <= len(name.split()) <= 10:
            continue
        if "\n" in name or gazetteer.lookup(name, "organisation") or _CLAUSE_WORD.search(name):
            continue
        canonical = (
            gazetteer.lookup(name, "programme")
            or _listed_without_year(gazetteer, name)  # "Concours d'innovation i-Lab 2025"
            or " ".join(name.split())
        )
        spans.append(ProgrammeSpan(start, end, name, canonical, "rule"))
    return spans


# a verb or an article: the entity ran on into the sentence ("Programme is a translational
# research funding scheme", "Plan a permis de…")
_CLAUSE_WORD = re.compile(r"\b(?:is|are|was|were|has|have|will|a|an|the|which|that|est|sont)\b")
