"""A query as concepts: each content word, or each lexicon term the words spell, with every
stemmed form that shows it in an article (its translations and synonyms included).

    concepts = query_concepts(["sickle", "cell", "gene", "therapy"], "en", lexicon)
    match = fts_match(concepts)                    # FTS5: any form of any concept
    share = coverage(article_stems, concepts, idf) # how much of the query an article shows

Lexical search ranks by how much of the query an article covers (each concept weighted by its
rarity), not by bm25 alone: an article that matches one common word of a four-concept query
("cell" in "sickle cell gene therapy") is a weak lexical hit, whatever its bm25.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Sequence
from dataclasses import dataclass

from scanner.search.lexical import stem, tokens_of
from scanner.search.lexicon import Lexicon, Match
from scanner.store.search import PREFIX_MIN, fts5_match

MAX_CONCEPTS = 16  # content words and lexicon terms of one query
MAX_FORMS = 14  # stemmed forms per concept sent to FTS5 (the query's own words first)

Form = tuple[str, ...]  # a stem sequence


@dataclass(frozen=True, slots=True)
class QueryConcept:
    """What one part of a query asks for: the query words, and the stem sequences any of which
    shows it (`translated`: the lexicon added forms in the other language or synonyms)."""

    text: str
    forms: tuple[Form, ...]
    translated: bool = False
    gloss: str = ""  # the concept's first term in the other language ("" if none)


def word_forms(word: str, langs: Sequence[str]) -> tuple[Form, ...]:
    """A query word's stems in each language to try (French first)."""
    return tuple(dict.fromkeys((stem(word, lg),) for lg in langs))


def term_forms(term: str, lang: str) -> Form:
    """A lexicon term as the stem sequence articles show (every word, stop words included:
    the stemmed copy of an article keeps them, and a phrase must be contiguous)."""
    return tuple(stem(w, lang) for w in tokens_of(term))


def query_concepts(
    words: Sequence[str], lang: str, lexicon: Lexicon | None, stemmers: Sequence[str]
) -> tuple[QueryConcept, ...]:
    """The concepts of a query's content words: lexicon terms where the words spell one
    (longest first), single words elsewhere."""
    spans: dict[int, list[Match]] = {}
    for m in lexicon.find(words, lang) if lexicon else []:
        spans.setdefault(m.start, []).append(m)
    concepts: list[QueryConcept] = []
    i = 0
    while i < len(words) and len(concepts) < MAX_CONCEPTS:
        if i in spans:
            end = spans[i][0].end
            own = [term_forms(" ".join(words[i:end]), lg) for lg in stemmers]
            forms: list[Form] = list(dict.fromkeys(own))
            for m in spans[i]:
                for lg in ("fr", "en"):
                    forms += [term_forms(t, lg) for t in m.concept.terms(lg)]
            forms = [f for f in dict.fromkeys(forms) if f][:MAX_FORMS]
            other = "fr" if lang == "en" else "en"
            gloss = spans[i][0].concept.terms(other)[0]
            concepts.append(QueryConcept(" ".join(words[i:end]), tuple(forms), True, gloss))
            i = end
        else:
            concepts.append(QueryConcept(words[i], word_forms(words[i], stemmers)))
            i += 1
    return tuple(concepts)


def fts_match(concepts: Sequence[QueryConcept], skip: frozenset[Form] = frozenset()) -> str:
    """An FTS5 MATCH expression: any form of any concept, except the `skip` forms (forms so
    common that listing every article holding them costs more than it tells)."""
    return fts5_match(list(dict.fromkeys(f for c in concepts for f in c.forms if f not in skip)))


def needles(form: Form) -> str:
    """What an article's stems (space-separated, a space at each end) hold when they show a
    form: the phrase between spaces; a single stem of PREFIX_MIN letters or more as the start
    of a word (a prefix, as the full-text query matches it)."""
    if len(form) == 1 and len(form[0]) >= PREFIX_MIN:
        return f" {form[0]}"
    return f" {' '.join(form)} "


def idf(df: int, total: int) -> float:
    """The BM25 inverse document frequency of a concept found in `df` of `total` articles."""
    return math.log(1 + (total - df + 0.5) / (df + 0.5))


def coverage(stems: str, concepts: Sequence[QueryConcept], weights: Sequence[float]) -> float:
    """The share of the query's weight (each concept's idf) an article's stems (a
    space-separated string) show."""
    total = sum(weights)
    if not total:
        return 0.0
    # substring tests on the whole text, no set of its words: one C-level scan per form; the
    # stemmed copies are single-spaced already (isprintable: no whitespace but " "), else
    # made so
    plain = stems.isprintable() and "  " not in stems
    text = f" {stems if plain else ' '.join(stems.split())} "
    found = sum(
        w
        for wanted, w in zip(_needles(tuple(concepts)), weights, strict=True)
        if any(n in text for n in wanted)
    )
    return found / total


@functools.lru_cache(maxsize=256)
def _needles(concepts: tuple[QueryConcept, ...]) -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(needles(f) for f in c.forms) for c in concepts)
