"""Organisation, person and place mentions of one article.

Organisations come from these sources, most trusted first: names that hold or extend a listed
one (`org_linking`: "Inserm Transfert", "l'agence régionale de santé (ARS) de
Nouvelle-Aquitaine", acronym definitions in either order), the gazetteer, names with a legal
suffix ("TheraPanacea SAS"), institutions named after a place ("CHU de Nîmes"), names the
sentence presents as a company, an investor or a fund, or whose shape says so (`org_context`),
and spaCy ORG entities that survive filtering of its frequent false positives. Persons and
places are kept only where reliable (`people_places`). Everything here is a pure function of
the text, its entities and the gazetteer.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import replace

from scanner.nlp.common_words import looks_english, lowercase_words
from scanner.nlp.gazetteer import Gazetteer, SpanSet
from scanner.nlp.org_context import SHAPE_WORDS, context_mentions
from scanner.nlp.org_extend import joined_halves, national_subsidiaries
from scanner.nlp.org_institutions import (
    english_institutions,
    person_named_institutions,
    shorter_readings,
)
from scanner.nlp.org_linking import (
    bracketed_acronyms,
    foundation_names,
    link_variants,
    longer_names,
)
from scanner.nlp.org_lists import after_family_word, any_case_names, list_siblings
from scanner.nlp.org_names import PLACE_LINKS, occurrences
from scanner.nlp.org_openers import opening_names
from scanner.nlp.org_rules import (
    NOT_ORG,
    ORG_HEADS,
    acronym_mentions,
    institution_mentions,
    legal_name_mentions,
    runs_into_next_sentence,
    short_name_mentions,
    strip_legal_suffix,
)
from scanner.nlp.org_vocab import only_nationalities
from scanner.nlp.people_places import person_place_mentions, trim_entity
from scanner.nlp.span_model.merge import (
    STRICT,
    Learnt,
    extending,
    learnt_organisations,
    without_overlaps,
)
from scanner.records import Mention
from scanner.text.folding import FoldedText, fold

Ent = tuple[int, int, str]  # start, end, spaCy label, in original-text offsets
Span = tuple[int, int]

_SENTENCE_START = re.compile(r"(?:^|[.!?:;\n\u2022«\"“(\-–—]\s*)$")


def find_people_orgs_places(
    text: str,
    ents: Sequence[Ent],
    gazetteer: Gazetteer,
    blocked: Sequence[Span] = (),
    folded: FoldedText | None = None,
    is_common_word: Callable[[str], bool] | None = None,
    is_known_word: Callable[[str], bool] | None = None,
    learnt: Sequence[Learnt] = (),
    policy: str = "off",
) -> list[Mention]:
    """Organisation, person and place mentions; spans in `blocked` (programmes, amounts) are
    never reused. `learnt`: the span model's spans, joined by `policy` (`span_model.merge`).
    Sorted by start, non-overlapping."""
    view = folded if folded is not None else FoldedText(text)
    taken = SpanSet(blocked)
    found: list[Mention] = []

    def add(m: Mention) -> bool:
        m = _closed_bracket(text, m)
        if taken.add(m.start, m.end):
            found.append(m)
            return True
        return False

    def add_first(readings: Sequence[Mention]) -> None:
        any(add(m) for m in readings)  # the longest reading that overlaps nothing found

    # "Roche" in "La Roche-sur-Yon": a listed name inside a compound place name is the place's
    hits = [
        h
        for h in gazetteer.find(view, kinds=("organisation",))
        if not _PLACE_LINK.match(text, h.end)
    ]
    org_ents = [(s, e) for s, e, label in ents if label == "ORG"]
    # names that hold or extend a listed one come before it
    for m in bracketed_acronyms(text, gazetteer) + acronym_mentions(text, gazetteer, org_ents):
        add(m)
    for m in foundation_names(text, hits, gazetteer) + longer_names(text, hits, gazetteer, blocked):
        add(m)
    for hit in hits:
        add(
            Mention("organisation", hit.start, hit.end, hit.text, hit.canonical, origin="gazetteer")
        )
    legal = legal_name_mentions(text)
    for m in legal + short_name_mentions(text, [m.canonical for m in legal], is_common_word):
        add(m)
    for m in institution_mentions(text, gazetteer):
        # "Hôpital Édouard-Herriot des Hospices Civils de Lyon": cut before the listed body
        add_first(
            [m]
            + [
                r
                for r in shorter_readings(text, m.start, m.end, m.start + 1, gazetteer)
                if r.text.split()[-1][:1].isupper() and " " in r.text
            ][1:]
        )
    for readings in english_institutions(text, gazetteer):
        add_first(readings)
    for m in person_named_institutions(text, ents, gazetteer):
        add(m)
    # a "person" whose name ends like a company's ("Caldera Ventures") is the company
    persons = [
        (s, e)
        for s, e, label in ents
        if label == "PER"
        and " " in text[s:e].strip()
        and text[s:e].split()[-1].strip("'’") not in SHAPE_WORDS
    ]
    kept = [(m.start, m.end) for m in found]
    products = product_names(text)
    for m in context_mentions(text, gazetteer, kept, persons, is_common_word, ents):
        if m.text not in products:  # "le projet, baptisé SimBloc, ... SimBloc reçoit 4 M€"
            add(m)
    for m in opening_names(text, gazetteer):
        add(m)
    for m in any_case_names(text, ents, gazetteer):
        add(m)
    for m in list_siblings(text, found, ents, taken, is_common_word):
        found.append(m)  # `list_siblings` took their spans
    walked = {(m.start, m.end) for m in found}  # their siblings are found or ruled out
    english = looks_english(text)
    model_orgs = model_org_mentions(text, org_ents, gazetteer, is_common_word, english)
    # "la Mutuelle d'assurances du corps de santé français": a rule kept its head word alone
    heads = [m for m in found if m.origin == "rule" and fold(m.text) in ORG_HEADS]
    longer = [
        c
        for c in model_orgs
        if any(c.start == h.start < h.end < c.end and _LOWER_TAIL.match(text, h.end) for h in heads)
    ]
    if longer:
        found, taken = _extended(found, longer, blocked)
    for m in model_orgs:
        add(m)
    if learnt and policy != "off":
        strict = policy in STRICT
        candidates = learnt_organisations(
            text, learnt, gazetteer, is_common_word, ents, strict, products
        )
        if policy == "extend":
            found, taken = _extended(found, candidates, blocked)
        for m in candidates:
            add(m)
    # the model's names seed their list siblings too: "Genorel, Sonivue, Cellavia et Oncoterra";
    # not in English text, where the French model's names are too often not names
    if not english:
        seeds = [m for m in found if (m.start, m.end) not in walked]
        for m in list_siblings(text, seeds, ents, taken, is_common_word):
            found.append(m)
    for m in repeated_names(text, found, is_common_word):
        add(m)
    for m in person_place_mentions(text, ents, is_common_word, is_known_word):
        add(m)
    found = joined_halves(text, found)  # "Institut de la mémoire et de la maladie ... (IM2A)"
    found = national_subsidiaries(text, found)  # "MSD France"
    return sorted(link_variants(found, gazetteer), key=lambda m: m.start)


# what a lower-case name goes on with after its head word: "d'assurances du corps de …"
_LOWER_TAIL = re.compile(r"[ \u00a0]+(?:d['’]|de[ \u00a0]|du[ \u00a0]|des[ \u00a0])[a-zà-ÿ]")
_PLACE_LINK = re.compile(rf"-(?:{PLACE_LINKS}|d['’])-", re.IGNORECASE)


def _closed_bracket(text: str, m: Mention) -> Mention:
    """ "Institut ... (Irdes": a name cut before its closing bracket (the learnt spans and the
    model's entities drop edge punctuation) runs to it."""
    if m.text.count("(") > m.text.count(")") and text[m.end : m.end + 1] == ")":
        canonical = m.canonical + ")" if m.canonical == m.text else m.canonical
        return replace(m, end=m.end + 1, text=m.text + ")", canonical=canonical)
    return m


def _extended(
    found: list[Mention], candidates: Sequence[Mention], blocked: Sequence[Span]
) -> tuple[list[Mention], SpanSet]:
    """A learnt name that strictly contains organisations found by the rules (and touches no
    programme or amount) replaces them; the kept mentions and their spans."""
    orgs = [(m.start, m.end) for m in found if m.kind == "organisation"]
    longer = [c for c in extending(candidates, orgs) if without_overlaps([c], blocked)]
    kept = [m for m in found if not any(c.start <= m.start and m.end <= c.end for c in longer)]
    taken = SpanSet(blocked)
    for m in kept:
        taken.add(m.start, m.end)
    for c in longer:
        if taken.add(c.start, c.end):
            kept.append(c)
    return kept, taken


def repeated_names(
    text: str, found: Sequence[Mention], is_common_word: Callable[[str], bool] | None = None
) -> list[Mention]:
    """Every other occurrence of an organisation's name found once, wherever the evidence
    was (a title capitalises every word, so its names are found only in the body): one name,
    one body, within an article. A common word alone ("Orange") is not followed."""
    out = []
    seen: dict[str, Mention] = {}
    for m in found:
        if m.kind == "organisation" and len(m.text) >= 3:
            seen.setdefault(m.text, m)
    for surface, first in seen.items():
        one_word = " " not in surface
        if one_word and is_common_word is not None and is_common_word(surface):
            continue
        for pos in occurrences(text, surface):
            out.append(
                Mention(
                    "organisation",
                    pos,
                    pos + len(surface),
                    surface,
                    first.canonical,
                    origin=first.origin,
                    confidence=first.confidence,
                )
            )
    return out


def model_org_mentions(
    text: str,
    org_ents: Sequence[Span],
    gazetteer: Gazetteer,
    is_common_word: Callable[[str], bool] | None = None,
    english: bool = False,
) -> list[Mention]:
    """spaCy ORG entities, trimmed and filtered; canonical from the gazetteer when it knows it.
    A name the article presents as a product, a project or a service is no organisation."""
    mentions = []
    products = product_names(text)
    lower = lowercase_words(text)
    if english:  # "the Medical Research Council and the Technology Strategy Board": two bodies
        org_ents = [part for s, e in org_ents for part in _split_conjoined(text, s, e)]
    for s, e in org_ents:
        span = trim_entity(text, s, e)
        if span is None:
            continue
        start, end = span
        surface = text[start:end]
        if (
            surface.isupper()
            and _DATELINE.match(text, end)
            and _SENTENCE_START.search(text[max(0, start - 3) : start])
        ):
            continue  # "HONG KONG – Splisense Ltd. has closed": a dateline names the city
        if not _plausible_org(text, start, surface, is_common_word):
            continue
        if english and not _plausible_english_org(text, start, surface):
            continue
        known = gazetteer.lookup(surface, "organisation") is not None
        if not known and (surface in products or not _clean_model_org(surface, lower)):
            continue
        name = strip_legal_suffix(surface)
        canonical = gazetteer.lookup(surface, "organisation") or gazetteer.lookup(
            name, "organisation"
        )
        mentions.append(
            Mention(
                "organisation",
                start,
                end,
                surface,
                canonical or name,
                origin="model",
                confidence=0.7,
            )
        )
    return mentions


# "HONG KONG –", "LIÈGE, Belgium —", "NEW YORK, Dec. 10, 2026 —": a city, then its country
# or the date, then the dash
_DATELINE = re.compile(r"(?:,[^,\n–—]{1,30}){0,3}?[ \u00a0]*[–—-][ \u00a0]")
_CONJOINED = re.compile(r",?\s+and\s+the\s+|,\s+the\s+")


def _split_conjoined(text: str, start: int, end: int) -> list[Span]:
    parts, pos = [], start
    for m in _CONJOINED.finditer(text, start, end):
        parts.append((pos, m.start()))
        pos = m.end()
    return [*parts, (pos, end)]


_THING = (
    r"test|dispositif|logiciel|application|appli|plateforme|solution|robot|outil|produit|"
    r"service|ligne|projet|programme|traitement|médicament|vaccin|capteur|algorithme|"
    r"implant|analyseur|kit|device|software|app|platform|tool|product|project|test"
)
_PRODUCT_BEFORE = re.compile(
    rf"(?i:\b(?:(?:le|la|l['’]|son|sa|ses|du|de la|their|its|the)\s*(?:{_THING})|"
    rf"baptisée?s?|nommée?s?|appelée?s?|dénommée?s?|called|named|dubbed))\s+$"
)
_PRODUCT_AFTER = re.compile(
    rf"\s*,\s*(?i:(?:un|une|a|an|the|son|sa|le|la)\s+(?:{_THING}))\b"
    r"|\s+(?:test|device|software|app|platform|kit|analyser|analyzer)\b"
)
_CAPITALISED = re.compile(r"\b[A-Z][\w\-]*(?:\s+[A-Z][\w\-]*){0,3}")


def product_names(text: str) -> set[str]:
    """Capitalised names that the text introduces as a thing, not a body: "le test
    SepsiQuick", "SepsiQuick, un test qui ...", "le projet, baptisé SimBloc", "la ligne Tabac
    Info Service"."""
    names = set()
    for m in _CAPITALISED.finditer(text):
        before = text[max(0, m.start() - 30) : m.start()]
        if _BODY_NAMED.search(text, max(0, m.start() - 80), m.start()):
            continue  # "un nouveau fonds d'investissement baptisé Captek": a body's name
        if _PRODUCT_BEFORE.search(before) or _PRODUCT_AFTER.match(text, m.end()):
            names.add(m.group())
    return names


_BODY_NAMED = re.compile(
    r"(?i:\b(?:fonds|funds?|sociétés?|start-?ups?|entreprises?|compan(?:y|ies)|firms?|"
    r"incubateurs?|accélérateurs?|associations?|fondations?|foundations?|filiales?|"
    rf"spin-?offs?|venture studios?)(?:\s+(?!(?:{_THING})\b)[\w'’-]+){{0,2}}\s+"
    r"(?:baptisée?s?|nommée?s?|appelée?s?|dénommée?s?|called|named|dubbed))\s+$"
)


_BROKEN = re.compile(r" [–—-] |[“”«»]|:")
_PERSON_TITLE = re.compile(r"(?:ministre|président|présidente|secrétaire|directeur|directrice)\b")


def _clean_model_org(surface: str, lower: set[str]) -> bool:
    """Rejects what the model's ORGs often are in news prose: a span broken by a dash, quotes
    or a colon ("France 2 – Grève"), a person's title ("ministre de la Santé"), a capitalised
    common noun the text also writes in lower case ("Conseil", "Grève")."""
    if _BROKEN.search(surface) or _PERSON_TITLE.match(surface):
        return False
    words = surface.split()
    return not (len(words) == 1 and surface.istitle() and fold(surface) in lower)


def _plausible_org(
    text: str, start: int, surface: str, is_common_word: Callable[[str], bool] | None
) -> bool:
    key = fold(surface)
    words = surface.split()
    if key in NOT_ORG or not any(c.isupper() for c in surface) or len(words) > 8:
        return False
    if runs_into_next_sentence(surface):
        return False  # "R & D. Un effort …": the model's span runs into the next sentence
    if len(words) == 1 and after_family_word(text, start):
        return False  # "le family office de la famille Mulliez": a family, not a company
    if not any(c.isalpha() for c in surface):
        return False
    if is_common_word is None:
        return True
    common_head = is_common_word(words[0])
    if surface.isupper() and len(words) == 1:
        return not (common_head and len(surface) >= 6)  # "DEVELOPPEMENT" in a heading; "TBM" ok
    at_start = _SENTENCE_START.search(text[max(0, start - 3) : start]) is not None
    # "Innovation", "Découvrir l'ensemble": a common word opening a sentence, a title, a menu
    rest_lower = all(not w[:1].isupper() for w in words[1:])
    return not (at_start and common_head and rest_lower)


_IN_BEFORE = re.compile(r"\b(?:in|near)[ \u00a0](?:[A-Z][a-z]+[ \u00a0])?$")  # "in Tel Aviv"
_EN_CONNECTORS = {"of", "and", "for", "the", "&", "de", "du", "des", "la", "le", "et"}


def _plausible_english_org(text: str, start: int, surface: str) -> bool:
    """In English text the French model's ORGs need capitalised words and no sentence-initial
    single word ("Regulatory", "Asia for their clinical batches")."""
    words = surface.split()
    if any(not w[:1].isupper() and w.lower() not in _EN_CONNECTORS for w in words):
        return False
    if words[0] in {"In", "At", "On", "For", "From", "With", "By", "The", "As", "After"}:
        return False
    if only_nationalities(words):
        return False  # "The Swiss group Helvetix" less its article
    if any(fold(part) in NOT_ORG for part in re.split(r" and | et |, ", surface)):
        return False
    if " and " in surface and _IN_BEFORE.search(text, max(0, start - 20), start):
        return False  # "employs 38 people in Cambridge and Leeds": two places
    at_start = _SENTENCE_START.search(text[max(0, start - 3) : start]) is not None
    return not (len(words) == 1 and at_start and not surface.isupper())
