"""The learnt spans as candidates beside the rules' (`find_programmes`, `find_people_orgs_places`).

A learnt organisation is trimmed as the French model's entities are (a leading article, edge
punctuation), refused when it is no plausible name (no capital letter, a common word opening
a sentence, a line break inside), and named by the gazetteer when it lists it, else by its
surface without a legal suffix; its origin is "model" unless the gazetteer lists it. A learnt
programme keeps its surface (guillemets and head word, as annotators write it).

A learnt organisation must also start with a capital (or be headed by an institution's word:
"hôpital Cochin", "ministère de la Santé", "université de Montpellier"), since the model,
trained on funding news, takes landmarks for bodies ("pont d'Austerlitz", "gare Saint-Jean"),
and is no name the article introduces as a product ("le test SepsiQuick") nor a description
opened by an indefinite article ("d'un CHU de l'Ouest").

How they meet the rules is the policy, chosen by leave-one-corpus-out estimates
(`scanner spans folds`); every policy adds a learnt name only where no rule found anything, and
a learnt programme only where no rule found a programme, an amount or an organisation:
`fill` takes every learnt name; `strict` also drops a learnt organisation the French model
calls a place (and not an organisation) and a single common word; `orgs` is `strict` without
programmes; `extend` is `strict` where a learnt organisation that strictly contains a rule's
(a longer hospital name, "LAAS-CNRS" around "CNRS") replaces it; `off` ignores the model.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Sequence

from scanner.nlp.common_words import looks_english
from scanner.nlp.gazetteer import Gazetteer
from scanner.nlp.org_lists import after_family_word
from scanner.nlp.org_rules import NOT_ORG, runs_into_next_sentence, strip_legal_suffix
from scanner.nlp.org_vocab import only_nationalities
from scanner.nlp.people_places import trim_entity
from scanner.nlp.programme_shapes import ProgrammeSpan
from scanner.records import Mention
from scanner.text.folding import fold

_DRUG_CODE = re.compile(r"[A-Z]{1,6}[\- ]?[0-9]+[A-Za-z]?")  # "AMB-204", "GNV-11"
# words that make a name a scheme's, not a body's ("Deeptech Plan", "Plan Cancer")
SCHEME_WORDS = {
    "Plan", "Aid", "Programme", "Program", "Scheme", "Initiative", "Prize", "Award", "Prix",
    "Concours", "Appel", "Dispositif", "Booster", "Challenge", "Label",
}  # fmt: skip
_INDEFINITE = re.compile(r"(?:\b(?:un|une|an|a)|\bd['’]une?)\s+$", re.IGNORECASE)
POLICIES = ("fill", "strict", "orgs", "extend", "off")
DEFAULT_POLICY = "orgs"  # chosen by `scanner spans folds` (pooled org F1 + programme F1)
STRICT = ("strict", "orgs", "extend")  # policies that veto places and common words
WITH_PROGRAMMES = ("fill", "strict", "extend")
# lower-case heads of institutions' names as annotators write them ("hôpital Cochin")
INSTITUTION_HEADS = {
    "ministère", "ministere", "hôpital", "hopital", "université", "universite", "agence",
    "agences", "centre", "caisse", "groupement", "comité", "comite", "chambre", "institut",
    "fondation", "conseil", "direction", "office", "laboratoire", "clinique", "musée",
    "agglomération", "communauté", "métropole", "région", "département", "syndicat",
    "fédération", "association", "autorité", "haute", "health", "regional", "national",
}  # fmt: skip
# lower-case words that open a programme's name as annotators write it ("appel à projets « X »")
PROGRAMME_HEADS = {
    "appel", "appels", "programme", "plan", "concours", "prix", "dispositif", "label",
    "stratégie", "strategie", "feuille", "accélérateur", "challenge", "bourse", "fonds", "aap",
    "ami", "grand", "volet", "action", "the",
}  # fmt: skip
LEARNT_CONFIDENCE = 0.6
MAX_WORDS = 14
Learnt = tuple[int, int, str]  # start, end, "ORG" | "PROG" in original-text offsets
_SENTENCE_START = re.compile(r"(?:^|[.!?:;\n\u2022«\"“(\-–—]\s*)$")
_EDGE = " \t\u00a0\u202f,;:.!?"


def learnt_organisations(
    text: str,
    learnt: Sequence[Learnt],
    gazetteer: Gazetteer,
    is_common_word: Callable[[str], bool] | None = None,
    ents: Sequence[tuple[int, int, str]] = (),
    strict: bool = False,
    products: Collection[str] = (),
) -> list[Mention]:
    """Organisation mentions from the learnt ORG spans (see the module's docstring); `ents`:
    the French model's entities, which `strict` reads; `products`: names the article
    introduces as things."""
    out = []
    english = looks_english(text)
    for start, end, label in learnt:
        if label != "ORG":
            continue
        span = trim_entity(text, start, end)
        if span is None:
            continue
        s, e = _with_name_head(text, *span, ents)
        surface = text[s:e]
        listed = gazetteer.lookup(surface, "organisation")
        if not listed and not _plausible(text, s, surface, is_common_word, products, english):
            continue
        if strict and not listed and _vetoed(text, s, e, surface, ents, is_common_word):
            continue
        name = strip_legal_suffix(surface)
        canonical = listed or gazetteer.lookup(name, "organisation") or " ".join(name.split())
        out.append(
            Mention(
                "organisation",
                s,
                e,
                surface,
                canonical,
                origin="gazetteer" if listed else "model",
                confidence=LEARNT_CONFIDENCE,
            )
        )
    return out


def _with_name_head(
    text: str, start: int, end: int, ents: Sequence[tuple[int, int, str]]
) -> tuple[int, int]:
    """A learnt name that lost its first words ("Script" in '", said DNA Script chief
    executive') runs back to where the French model's entity around it starts, once trimmed,
    when only capitalised words lie between (the entity may run on past the name)."""
    for es, ee, _ in ents:
        if es >= start or ee < end:
            continue
        trimmed = trim_entity(text, es, ee)
        if trimmed is None or trimmed[0] >= start:
            continue
        head = text[trimmed[0] : start].split()
        if head and all(w[:1].isupper() for w in head):
            return trimmed[0], end
    return start, end


def learnt_programmes(
    text: str, learnt: Sequence[Learnt], gazetteer: Gazetteer
) -> list[ProgrammeSpan]:
    """Programme spans from the learnt PROG spans, origin "model"; the gazetteer's canonical
    when it lists the name, else the name as written."""
    out = []
    for start, end, label in learnt:
        if label != "PROG":
            continue
        while start < end and text[start] in _EDGE:
            start += 1
        while end > start and text[end - 1] in _EDGE:
            end -= 1
        surface = text[start:end]
        if not surface or "\n" in surface or len(surface.split()) > MAX_WORDS:
            continue
        words = surface.split()
        if not any(c.isupper() or c.isdigit() for c in surface):
            continue
        if not words[0][:1].isupper() and words[0].lower() not in PROGRAMME_HEADS:
            continue  # "championnat de France"
        if words[0].lower() in PROGRAMME_HEADS and not any(
            w[:1].isupper() or w[:1].isdigit() or w[:1] in '«"“' for w in words[1:]
        ):
            continue  # "dispositif (IUD)": a head word and no name
        if gazetteer.lookup(surface, "organisation") is not None:
            continue  # a listed body the model took for a scheme
        canonical = gazetteer.lookup(surface, "programme") or " ".join(surface.split())
        out.append(ProgrammeSpan(start, end, surface, canonical, "model"))
    return out


def _vetoed(
    text: str,
    start: int,
    end: int,
    surface: str,
    ents: Sequence[tuple[int, int, str]],
    is_common_word: Callable[[str], bool] | None,
) -> bool:
    """A place for the French model (and no organisation of it overlaps), part of a person's
    name ("Lindqvist" in "Mette Lindqvist", "Partner Aurélie Fontanel"), a drug code
    ("AMB-204"), a scheme's name ("Deeptech Plan"), or one common word."""
    near = [label for s, e, label in ents if s < end and start < e]
    if "LOC" in near and "ORG" not in near:
        return True
    persons = [
        (s, e)
        for s, e, label in ents
        if label == "PER" and s < end and start < e and " " in text[s:e]
    ]
    inside = any(s <= start and end <= e and (s, e) != (start, end) for s, e in persons)
    titled = any(start < s and e == end for s, e in persons)  # "Partner Aurélie Fontanel"
    if "ORG" not in near and (inside or titled):
        return True
    words = surface.split()
    if _DRUG_CODE.fullmatch(surface) or words[-1] in SCHEME_WORDS or words[0] in SCHEME_WORDS:
        return True
    one_word = " " not in surface.strip()
    return (
        one_word
        and not surface.isupper()
        and is_common_word is not None
        and is_common_word(surface)
        and "ORG" not in near
    )


def _plausible(
    text: str,
    start: int,
    surface: str,
    is_common_word: Callable[[str], bool] | None,
    products: Collection[str] = (),
    english: bool = False,
) -> bool:
    words = surface.split()
    if not words or len(words) > MAX_WORDS or fold(surface) in NOT_ORG or surface in products:
        return False
    if runs_into_next_sentence(surface):
        return False
    if only_nationalities(words):
        return False  # "The Swiss group Helvetix" less its article
    if not any(c.isupper() for c in surface) or not any(c.isalpha() for c in surface):
        return False
    if _INDEFINITE.search(text, max(0, start - 6), start):
        return False  # "d'un CHU de l'Ouest": a description, not a name
    if len(words) == 1 and after_family_word(text, start):
        return False  # "la famille Mulliez": a family
    head = words[0]
    capitalised = head[:1].isdigit() or any(c.isupper() for c in head)
    if not capitalised and head.lower() not in INSTITUTION_HEADS:
        return False
    if len(words) > 1:
        return True
    at_start = _SENTENCE_START.search(text[max(0, start - 3) : start]) is not None
    if english and at_start and not surface.isupper() and _only_opening(text, surface):
        return False  # "Health tech innovators are…": an English word the French vectors miss
    if is_common_word is None:
        return True
    return not (at_start and is_common_word(surface) and not surface.isupper())


# what follows a name opening an English sentence: a verb, an adverb, a link
_VERB_LIKE = re.compile(
    r"(?:has|have|had|is|was|are|were|will|would|can|could|may|might|said|says|today|also|now|"
    r"just|and|or|to|which|who|[a-z]+(?:ed|es|s))$"
)


def _only_opening(text: str, word: str) -> bool:
    """A word an English text writes only where any word is capitalised (a sentence's or a
    line's first word) and once followed by a word that no verb is ("Health tech
    innovators"): nothing says it is a name."""
    found = list(re.finditer(rf"(?<![\w\-]){re.escape(word)}(?![\w\-])", text))
    if not all(_SENTENCE_START.search(text[max(0, m.start() - 3) : m.start()]) for m in found):
        return False
    return any(
        (after := _NEXT_WORD.match(text, m.end())) is not None
        and not _VERB_LIKE.match(after.group(1))
        for m in found
    )


_NEXT_WORD = re.compile(r" ([a-z]+)\b")


def without_overlaps(candidates: Sequence, taken: Sequence[tuple[int, int]]) -> list:
    """The candidates (anything with start and end) overlapping none of `taken`."""
    return [c for c in candidates if all(c.end <= s or c.start >= e for s, e in taken)]


def extending(candidates: Sequence, taken: Sequence[tuple[int, int]]) -> list:
    """The candidates that strictly contain at least one taken span and cross none; never a
    "Name (ACR)" pair, which annotators and the linking keep as two names."""
    out = []
    for c in candidates:
        if "(" in c.text or ")" in c.text:
            continue
        inside = [(s, e) for s, e in taken if c.start <= s and e <= c.end]
        crossing = [(s, e) for s, e in taken if s < c.end and c.start < e and (s, e) not in inside]
        if inside and not crossing and any((s, e) != (c.start, c.end) for s, e in inside):
            out.append(c)
    return out
