"""The bilingual domain lexicon: French ↔ English terms of health innovation, for search.

    lexicon = load_lexicon("models/lexicon")
    for match in lexicon.find(["sickle", "cell", "gene", "therapy"], "en"):
        match.concept.fr        # ("drépanocytose", "anémie falciforme", ...)

`models/lexicon/*.tsv` hold one concept a line: its French terms separated by `|`, a tab, its
English terms separated by `|` (`#` starts a comment). Terms of one line are translations of
each other and the French ones synonyms of each other. A query's words are looked up as stems
(each term stemmed in its own language, accents folded, stop words dropped), longest match
first, so "gene therapy for sickle cell disease" finds two concepts, "gene therapy" and
"sickle cell disease", and their French names "thérapie génique" and "drépanocytose".
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from scanner.errors import InputError
from scanner.search.lexical import fold, stem, stop_words

_TOKEN = re.compile(r"\w+", re.UNICODE)
LANGS = ("fr", "en")


@dataclass(frozen=True, slots=True)
class Concept:
    """One line of the lexicon: French terms, English terms, and where it was written."""

    fr: tuple[str, ...]
    en: tuple[str, ...]
    where: str

    def terms(self, lang: str) -> tuple[str, ...]:
        return self.fr if lang == "fr" else self.en


@dataclass(frozen=True, slots=True)
class Match:
    """A concept found in a query: the query tokens it covers (start, end) and the concept."""

    start: int
    end: int
    concept: Concept


def term_key(term: str, lang: str) -> tuple[str, ...]:
    """A term as the stems a query must show: its words stemmed in `lang`, stop words dropped
    unless only short words would be left ("in vitro" → ("vitro",), "IA" → ("ia",))."""
    words = _TOKEN.findall(term)
    stop = stop_words().both
    kept = [w for w in words if fold(w) not in stop or (len(w) >= 2 and w.isupper())]
    if all(len(w) <= 2 for w in kept):  # "nouveau-né" is not ("ne",)
        kept = words
    return tuple(stem(w, lang) for w in kept)


@dataclass(frozen=True)
class Lexicon:
    """Concepts, and an index from each term's stems (per language) to its concepts."""

    concepts: tuple[Concept, ...]
    index: dict[tuple[str, tuple[str, ...]], tuple[int, ...]]
    longest: int

    def find(self, tokens: Sequence[str], lang: str) -> list[Match]:
        """The concepts a query's content words name, longest match first, left to right.
        `lang` is the query's language ("" when unsure: both are tried)."""
        langs = (lang,) if lang in LANGS else LANGS
        stems = {lg: [stem(t, lg) for t in tokens] for lg in langs}
        found: list[Match] = []
        i = 0
        while i < len(tokens):
            for size in range(min(self.longest, len(tokens) - i), 0, -1):
                hits = [
                    n
                    for lg in langs
                    for n in self.index.get((lg, tuple(stems[lg][i : i + size])), ())
                ]
                if hits:
                    found += [Match(i, i + size, self.concepts[n]) for n in dict.fromkeys(hits)]
                    i += size
                    break
            else:
                i += 1
        return found

    @property
    def pairs(self) -> int:
        """French-English pairs the lexicon holds (a concept of 2 French and 3 English terms
        holds 6)."""
        return sum(len(c.fr) * len(c.en) for c in self.concepts)


def parse_lexicon(lines: Sequence[str], name: str) -> list[Concept]:
    """The concepts of one file's lines; a malformed line is an InputError naming it."""
    concepts = []
    for number, raw in enumerate(lines, start=1):
        line = raw.split("#", 1)[0].strip() if raw.lstrip().startswith("#") else raw.strip()
        if not line:
            continue
        parts = line.split("\t")
        fr, en = (_terms(p) for p in (parts + [""])[:2]) if len(parts) == 2 else ((), ())
        if not fr or not en:
            raise InputError(
                f"{name}:{number}: expected French terms, a tab, English terms ('|' between "
                f"terms), got {raw.strip()[:80]!r}"
            )
        concepts.append(Concept(fr, en, f"{name}:{number}"))
    return concepts


def _terms(cell: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(t.strip() for t in cell.split("|") if t.strip()))


def build_lexicon(concepts: Sequence[Concept]) -> Lexicon:
    """Index the concepts by the stems of each of their terms."""
    index: dict[tuple[str, tuple[str, ...]], list[int]] = {}
    for n, concept in enumerate(concepts):
        for lang in LANGS:
            for term in concept.terms(lang):
                key = term_key(term, lang)
                if key:
                    index.setdefault((lang, key), []).append(n)
    longest = max((len(k[1]) for k in index), default=1)
    frozen = {k: tuple(dict.fromkeys(v)) for k, v in index.items()}
    return Lexicon(tuple(concepts), frozen, longest)


@functools.lru_cache(maxsize=4)
def load_lexicon(folder: str) -> Lexicon:
    """Every `*.tsv` of `folder` as one lexicon (cached per folder); a missing folder is an
    InputError saying where it was looked for."""
    path = Path(folder)
    files = sorted(path.glob("*.tsv")) if path.is_dir() else []
    if not files:
        raise InputError(f"no lexicon in {path.resolve()} (expected *.tsv files)")
    concepts: list[Concept] = []
    for file in files:
        concepts += parse_lexicon(file.read_text(encoding="utf-8").splitlines(), file.name)
    return build_lexicon(concepts)
