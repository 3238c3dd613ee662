"""Where an organisation's name begins and ends inside the span a cue found (`org_context`):
the words that open a span but are no part of the name (sentence openers, titles, "-based",
"les Américains", a sentence-initial common word) and the function words that close it go.
Pure functions."""

from __future__ import annotations

import re
from collections.abc import Callable

from scanner.nlp.org_names import UP, place_like
from scanner.nlp.org_rules import NOT_ORG
from scanner.nlp.org_vocab import (
    FRENCH_DEMONYMS,
    GENERIC_KINDS,
    KIND,
    NOT_FIRST,
    NOT_LAST,
    SHAPE_WORDS,
    only_nationalities,
)
from scanner.text.folding import fold

Span = tuple[int, int]

# "Mind over Matter MedTech": a brand's own lower-case word between two capitalised ones; only
# words that never join two names in a sentence ("and", "at", "in" do: "partner at Calder Bio")
BRAND_LINK_WORDS = ("over", "under", "upon", "beyond", "into")
_LINK_WORDS = {"of", "for", "de", "du", "des", "la", "&"}
KIND_WORD = re.compile(KIND)  # what a body is: "start-up", "biotech", "fonds"…
# an institution named after its founder or saint ends with its head word
_FOUNDED_HEADS = {
    "Hospital",
    "Hospitals",
    "Infirmary",
    "Clinic",
    "College",
    "University",
    "Hospice",
}
# a city's or region's people as a noun: "la Strasbourgeoise Biolynx", "le Nantais Valneva"
_CITY_DEMONYM = (
    rf"[{UP}][a-zéèêëàâîïôûüç]+(?:-[{UP}][a-zéèêëàâîïôûüç]+)*"
    r"(?:ois|oise|ais|aise|ien|ienne|éen|éenne|ain|aine)"
)
# a nationality as a noun after its article, before a name; French nouns only: after "La",
# an English adjective opens a brand ("La French Tech")
_NATIONALITY_NOUN = re.compile(
    rf"[\s\S]*\b(?:[Ll]es?|[Ll]a|[Ll]['’]|[Dd]es|[Dd]u|[Aa]ux?)[ \u00a0]*"
    rf"(?:{'|'.join(sorted(FRENCH_DEMONYMS))}|{_CITY_DEMONYM})s?[ \u00a0][{UP}]"
)

_TIED = ("-based", "-affiliated", "-backed", "-owned", "-listed", "-headquartered", "-founded")


def clean_name(
    text: str,
    start: int,
    end: int,
    is_common_word: Callable[[str], bool] | None,
    keep_article: bool = False,
) -> Span | None:
    """Drop opening words that are no part of a name (sentence openers, titles, a
    sentence-initial common word, "Start-up") and closing function words; None if nothing is
    left. `keep_article`: a capitalised article right after "le centre hospitalier" belongs
    to the name ("Le Vinatier")."""
    words = list(re.finditer(r"\S+", text[start:end]))
    if keep_article and words and words[0].group() in ("Le", "La", "Les") and len(words) > 1:
        return start, start + words[-1].end()
    owner = next((w for w in words if w.group().endswith(("'s", "’s"))), None)
    following = next((w.group() for w in words if owner and w.start() > owner.start()), "")
    if following in _FOUNDED_HEADS:
        owner = None  # "Addenbrooke's Hospital", "King's College": a founder's, the name's own
    if owner is not None and place_like(text, owner.group()[:-2]):
        words = [w for w in words if w.start() > owner.start()]  # "Strasbourg's Opaline Bio"
    elif owner is not None:  # "Innovate UK's Biomedical Catalyst": the owner is the name
        end = start + owner.end() - 2
        words = list(re.finditer(r"\S+", text[start:end]))
    based = [i for i, w in enumerate(words) if w.group().endswith(_TIED)]
    if based and based[-1] < len(words) - 1:
        # "Tel Aviv-based Aidoc", "Tsinghua University-affiliated TUS-Holdings": where it is,
        # whose it is, not its name
        words = words[based[-1] + 1 :]
    popped = None
    while (
        words
        # "Mind over Matter MedTech": a word bound to the next by a brand's link word stays
        and not (len(words) > 2 and words[1].group() in BRAND_LINK_WORDS)
        and _opener(
            text, start + words[0].start(), words[0].group(), is_common_word, len(words) == 1
        )
    ):
        popped = words.pop(0)
    while words and words[0].group() in _LINK_WORDS:
        words.pop(0)  # "CEO of Kairon Bio" less its title: the link word goes too
    shape_only = bool(words) and all(w.group() in SHAPE_WORDS for w in words)
    if popped is not None and shape_only and fold(popped.group()) not in NOT_FIRST:
        words.insert(0, popped)  # "Novo Holdings" at a sentence start: "Novo" stays
    elif shape_only:
        return None  # "M Ventures" less its letter: "Ventures" alone names nobody
    while words and (
        fold(words[-1].group().strip("'’")) in NOT_LAST
        # "Belgian CRO" cut before its name; "XenoFrance Biotech" keeps its shape word
        or (fold(words[-1].group()) in GENERIC_KINDS and words[-1].group() not in SHAPE_WORDS)
    ):
        words.pop()
    if not words:
        return None
    new_start, new_end = start + words[0].start(), start + words[-1].end()
    surface = text[new_start:new_end]
    key = fold(surface)
    if (
        key in NOT_ORG
        or len(surface) < 2
        or surface.isdigit()
        or not any(c.isalpha() for c in surface)
    ):
        return None
    if len(words) == 1 and surface.isupper() and len(surface) <= 2:
        return None
    if only_nationalities(w.group() for w in words):
        return None  # "led by the French public investment bank Bpifrance"
    return new_start, new_end


def _opener(
    text: str,
    pos: int,
    word: str,
    is_common_word: Callable[[str], bool] | None,
    alone: bool = True,
) -> bool:
    """A word that opens the span but no name: a function word, a title, "-based", what a
    body is, or a common word opening a sentence when it is the whole name ("Innovation");
    before another capitalised word it is the name's ("Skin Analytics")."""
    key = fold(word.rstrip(".,").replace("’", "'").split("'")[0])
    if key in NOT_FIRST or word.endswith("-based"):
        return True
    if not alone and _NATIONALITY_NOUN.fullmatch(text, max(0, pos - 5), pos + len(word) + 2):
        return True  # "les Américains Redmile Group", "le Français Sofinnova": who, not the name
    if KIND_WORD.fullmatch(word.lower()):
        # "la start-up", "Biotech X lève": what it is; "Agence Nord Innovation Santé", "Banque
        # Populaire": a capitalised body word opens the name
        return word[:1].islower() or fold(word) in GENERIC_KINDS
    before = text[max(0, pos - 3) : pos]
    at_start = pos == 0 or bool(re.search(r"(?:^|[.!?:;\n«\"“(])\s*$", before))
    common = is_common_word is not None and is_common_word(word) and word.istitle()
    return at_start and common and alone
