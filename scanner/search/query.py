"""A search query checked and analysed: its text, language, content words and concepts.

    terms = analyse_query("gene therapy for sickle cell disease", lexicon)
    terms.lang          # "en"
    terms.concepts      # "gene therapy" (+ "thérapie génique"...), "sickle cell disease" (+
                        #  "drépanocytose"...)

A French query is stemmed in French, any other in French and English (most articles are
French); stop words are dropped. With a lexicon, the words that spell one of its terms become
one concept carrying the term's translations and synonyms (`scanner.search.concepts`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from scanner.errors import InputError
from scanner.search.concepts import Form, QueryConcept, fts_match, query_concepts
from scanner.search.lexical import (
    HL_END,
    HL_START,
    acronym,
    fold,
    guess_query_lang,
    stop_words,
    tokens_of,
)
from scanner.search.lexicon import Lexicon

MAX_QUERY_CHARS = 2_000  # longer queries are cut (at a word boundary), with a note
MAX_TERMS = 48  # distinct stems highlighted in snippets
_LETTER_OR_DIGIT = re.compile(r"[^\W_]", re.UNICODE)


@dataclass(frozen=True, slots=True)
class QueryTerms:
    """A checked query: its text (maybe cut), a note for the user, language, stems (for
    highlighting: every form of every concept), concepts (for matching)."""

    text: str
    note: str
    lang: str
    stems: tuple[str, ...]
    concepts: tuple[QueryConcept, ...] = ()

    def fts(self) -> str:
        """An FTS5 MATCH expression: any form of any concept."""
        return fts_match(self.concepts)

    @property
    def forms(self) -> list[Form]:
        """Every form of every concept, once: what the full-text side looks for."""
        return list(dict.fromkeys(f for c in self.concepts for f in c.forms))

    @property
    def dense_text(self) -> str:
        """What the embedding model reads: the query, then its lexicon terms in the other
        language (measured on the gold queries: the English-centred model finds French
        paraphrases far better with an English gloss, English queries better with a French
        one)."""
        gloss = " ".join(dict.fromkeys(c.gloss for c in self.concepts if c.gloss))
        return f"{self.text} ; {gloss}" if gloss else self.text

    @property
    def translated(self) -> bool:
        """Whether the lexicon added words the query did not have."""
        return any(c.translated for c in self.concepts)


def analyse_query(query: str, lexicon: Lexicon | None = None) -> QueryTerms:
    """Check and analyse a query; an empty one (or one with no letter or digit) is an
    InputError, an overlong one is cut at a word boundary with a note."""
    text = " ".join(str(query).replace(HL_START, " ").replace(HL_END, " ").split())
    if not text or not _LETTER_OR_DIGIT.search(text):
        raise InputError("empty query: type a few words (French or English)")
    note = ""
    if len(text) > MAX_QUERY_CHARS:
        cut = text.rfind(" ", 0, MAX_QUERY_CHARS)
        note = (
            f"query cut to its first {MAX_QUERY_CHARS} characters "
            f"(it had {len(text)}); only they are searched"
        )
        text = text[: cut if cut > MAX_QUERY_CHARS // 2 else MAX_QUERY_CHARS]
    lang = guess_query_lang(text)
    stop = stop_words().both
    words = [t for t in tokens_of(text) if fold(t) not in stop or acronym(t)]
    if not words:  # only stop words ("à la une"): search them rather than nothing
        words = tokens_of(text)
    # a French query: French stems only (an English stem of a French word, "therapi" for
    # "thérapie", is rare in the corpus and would win on IDF alone); any other query: French
    # and English stems, since most articles are French
    stemmers = ("fr",) if lang == "fr" else ("fr", "en")
    concepts = query_concepts(words, lang, lexicon, stemmers)
    stems = dict.fromkeys(s for c in concepts for form in c.forms for s in form)
    return QueryTerms(text, note, lang, tuple(stems)[:MAX_TERMS], concepts)
