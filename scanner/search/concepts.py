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

import math
from collections.abc import Mapping, Sequence
from collections.abc import Set as AbstractSet
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


def shows(
    text: str,
    words: AbstractSet[str],
    form: Form,
    expansions: Mapping[str, frozenset[str]] | None = None,
) -> bool:
    """Whether an article's stems hold a form. `text`: its stems space-separated, with a
    space at each end; `words`: the set of them; `expansions`: the known stems each prefix
    stands for, when looked up."""
    if len(form) == 1:
        s = form[0]
        if s in words:
            return True
        if len(s) < PREFIX_MIN:
            return False
        known = expansions.get(s) if expansions else None
        if known is not None:
            return not known.isdisjoint(words)
        return any(t.startswith(s) for t in words)
    return f" {' '.join(form)} " in text


def idf(df: int, total: int) -> float:
    """The BM25 inverse document frequency of a concept found in `df` of `total` articles."""
    return math.log(1 + (total - df + 0.5) / (df + 0.5))


def coverage(
    stems: str,
    concepts: Sequence[QueryConcept],
    weights: Sequence[float],
    expansions: Mapping[str, frozenset[str]] | None = None,
) -> float:
    """The share of the query's weight (each concept's idf) an article's stems (a
    space-separated string) show."""
    total = sum(weights)
    if not total:
        return 0.0
    parts = stems.split()
    text = f" {' '.join(parts)} "
    words = set(parts)
    found = sum(
        w
        for c, w in zip(concepts, weights, strict=True)
        if any(shows(text, words, f, expansions) for f in c.forms)
    )
    return found / total


def prefix_forms(concepts: Sequence[QueryConcept]) -> list[str]:
    """The single stems long enough to match as prefixes."""
    return list(
        dict.fromkeys(
            f[0] for c in concepts for f in c.forms if len(f) == 1 and len(f[0]) >= PREFIX_MIN
        )
    )
