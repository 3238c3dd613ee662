"""Persons and places, kept only where the shape of the span makes them reliable.

The NER model's PER and LOC entities are context for a reader, not facts the scan depends
on, and a wrong one ("Figurant", "Baptisé", "Sanfilippo is a lysosomal") costs more trust
than a missing one. So a person is two to four name words ("Julie Huguet", "Jean-Charles
Samuelian", "François d'Andigné") or one name after a civil title ("M. Clozel"); a place is one
to four capitalised words with the connectors of French place names ("Saint-Denis",
"Provence-Alpes-Côte d'Azur", "Pays de la Loire"), and not a capitalised common word opening
a sentence. Pure functions of the text and the model's entities.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from scanner.nlp.org_rules import LEADING_ARTICLE, NOT_ORG, SUFFIX_RE
from scanner.records import Mention
from scanner.text.folding import fold

Ent = tuple[int, int, str]
Span = tuple[int, int]

PERSON_CONFIDENCE = 0.8
PLACE_CONFIDENCE = 0.7
_PARTICLES = {"de", "du", "des", "d", "van", "von", "der", "den", "le", "la", "da", "di", "del",
              "della", "dos", "ben", "bin", "el", "al", "ter", "y"}  # fmt: skip
_PLACE_LINKS = {"sur", "en", "de", "du", "des", "la", "le", "les", "d", "l", "et", "lès", "aux",
                "au", "sous"}  # fmt: skip
_TITLES = {
    "president", "presidente", "ministre", "directeur", "directrice", "docteur", "dr", "pr",
    "professeur", "professeure", "secretaire", "general", "generale", "delegue", "deleguee",
    "fondateur", "fondatrice", "ceo", "pdg", "republique", "madame", "monsieur", "m", "mme",
    "mr", "mrs", "ms", "prof", "chef", "responsable", "cofondateur", "cofondatrice",
}  # fmt: skip
_CIVIL = re.compile(
    r"(?:\bM\.|\bMme|\bMr\.?|\bMrs\.?|\bMs\.?|\bDr\.?|\bPr\.?|\bProfesseure?)[ \u00a0]+$"
)
_NAME_TOKEN = re.compile(r"^[A-ZÀÂÄÇÉÈÊËÎÏÔÖÛÙÜŸ][a-zà-ÿ'’]+(?:-[A-ZÀ-Ý][a-zà-ÿ'’]+)*$")
_UPPER_TOKEN = re.compile(r"^[A-ZÀ-Ý][A-ZÀ-Ý'’\-]+$")
_PLACE_TOKEN = re.compile(r"^[A-ZÀÂÄÇÉÈÊËÎÏÔÖÛÙÜŸ][\w'’]*(?:-[\w'’]+)*$")
_SENTENCE_START = re.compile(r"(?:^|[.!?:;\n\u2022«\"“(\-–—]\s*)$")
_EN_PREPOSITIONS = {"At", "In", "On", "From", "For", "With", "By", "To", "Of", "As"}
_TRAILING_CONNECTOR = re.compile(r"[ \u00a0](?:de|du|des|d|l|la|le|les|et|of|the|and)$")


# ... an English preposition ("CEO of Kairon Bio") and a reporting verb the model runs into
# the name ('", said DNA Script chief executive')
_SAID = r"said|says|added|adds|explained|explains|noted|notes|told|commented"
_LEADING_CONNECTOR = re.compile(
    r"(?:and|et|or|ou|with|avec|of|at|from|by|" + _SAID + r"|comments|stated|states|"
    r"according to|selon)\s+(?=[A-Z])"
)


# a reporting verb right before a one-word name: the speaker, never a place
_SPEAKER_BEFORE = re.compile(
    r"\b(?:" + _SAID + r"|a (?:déclaré|expliqué|ajouté|souligné|précisé|indiqué)|explique|"
    r"ajoute|souligne|précise)"
    r"[ \u00a0]+$"
)


def trim_entity(text: str, start: int, end: int) -> Span | None:
    """Drop leading articles and edge punctuation; None for spans crossing lines or markup."""
    surface = text[start:end]
    if "\n" in surface or "<" in surface or ">" in surface:
        return None
    article = LEADING_ARTICLE.match(surface) or _LEADING_CONNECTOR.match(surface)
    if article and article.end() < len(surface):
        start += article.end()
    while start < end and not text[start].isalnum():
        start += 1
    while end > start:
        while end > start and text[end - 1] in " .,;:!?»«\"“”'’()-–—\u00a0\u200b":
            end -= 1
        tail = _TRAILING_CONNECTOR.search(text, start, end)
        if tail is None:
            break
        end = tail.start()  # "Hôpital universitaire d", "Choeur de": the name is cut short
    return (start, end) if end - start >= 2 else None


def person_place_mentions(
    text: str,
    ents: Sequence[Ent],
    is_common_word: Callable[[str], bool] | None = None,
    is_known_word: Callable[[str], bool] | None = None,
) -> list[Mention]:
    """Reliable persons (PER) and places (LOC) among the model's entities; `is_known_word`
    (the model's vocabulary) vouches for a one-word place ("Pessac" yes, "Medicxi" no)."""
    mentions = []
    for s, e, label in ents:
        if label not in ("PER", "LOC"):
            continue
        span = trim_entity(text, s, e)
        if span is None:
            continue
        start, end = span
        surface = text[start:end]
        if label == "PER" and is_person(text, start, surface, is_common_word):
            kind, confidence = "person", PERSON_CONFIDENCE
        elif label == "LOC" and is_place(text, start, surface, is_common_word, is_known_word):
            kind, confidence = "place", PLACE_CONFIDENCE
        else:
            continue
        mentions.append(
            Mention(kind, start, end, surface, " ".join(surface.split()), origin="model",  # type: ignore[arg-type]
                    confidence=confidence)
        )  # fmt: skip
    return mentions


def is_person(
    text: str, start: int, surface: str, is_common_word: Callable[[str], bool] | None = None
) -> bool:
    """Two to four name words (particles allowed), or one after a civil title."""
    words = surface.replace("\u00a0", " ").split()
    if SUFFIX_RE.search(surface) or any(c.isdigit() for c in surface):
        return False
    names = [w for w in words if fold(w.split("'")[0].split("’")[0]) not in _PARTICLES]
    if not names or len(words) > 4 or any(fold(w) in _TITLES for w in words):
        return False
    for w in names:
        bare = w.split("’")[-1].split("'")[-1] if ("'" in w or "’" in w) else w
        if not (_NAME_TOKEN.match(bare) or (_UPPER_TOKEN.match(bare) and len(names) > 1)):
            return False
    if any(fold(w) in NOT_ORG for w in names):
        return False
    if len(names) == 1:
        return _CIVIL.search(text, max(0, start - 14), start) is not None
    first = names[0]
    at_start = _SENTENCE_START.search(text[max(0, start - 3) : start]) is not None
    participle = first.lower().endswith(("é", "ée", "és", "ées"))  # "Baptisé Vortex"
    return not (at_start and participle and is_common_word is not None and is_common_word(first))


_COMPANY_SUFFIXES = {"Co", "Corp", "Ltd", "Inc", "LLC", "GmbH", "AG", "SA", "SAS", "BV", "NV"}


def is_place(
    text: str,
    start: int,
    surface: str,
    is_common_word: Callable[[str], bool] | None = None,
    is_known_word: Callable[[str], bool] | None = None,
) -> bool:
    """One to four capitalised words with place-name connectors; no sentence-opening common
    word, no all-capitals heading word, no unknown single word."""
    words = re.split(r"[ \u00a0]+", surface)
    names = [w for w in words if fold(w) not in _PLACE_LINKS]
    if not names or len(words) > 5 or any(c.isdigit() for c in surface):
        return False
    if not all(_PLACE_TOKEN.match(w) and not w.endswith("-based") for w in names):
        return False
    if len(names) == 1 and is_known_word is not None and not is_known_word(names[0]):
        return False
    if len(names) == 1 and surface.isupper() and len(surface) > 4:
        return False
    if len(names) == 1 and (
        names[0].rstrip(".") in _COMPANY_SUFFIXES or len(names[0]) < 3 and not names[0].isupper()
    ):
        return False  # "(Shanghai) Co. Ltd.": a company's legal form, never a place
    if fold(names[0]) in _TITLES or names[0] in _EN_PREPOSITIONS:
        return False  # "At Elaia, we..."
    if len(names) == 1 and _SPEAKER_BEFORE.search(text, max(0, start - 30), start):
        return False  # '"…," said Innes': who speaks is a person
    at_start = _SENTENCE_START.search(text[max(0, start - 3) : start]) is not None
    return not (
        len(names) == 1 and at_start and is_common_word is not None and is_common_word(names[0])
    )
