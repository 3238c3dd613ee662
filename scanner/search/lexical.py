"""French-aware lexical analysis for search: folding, Snowball stems, query terms, snippets.

Articles are indexed as stems (`stem_text`: each word lower-cased, stemmed with its language's
Snowball stemmer, then accent-folded; SQLite's FTS5 or PostgreSQL's full text index them, see
`scanner.store.search`), so "robots chirurgicaux" finds "robot chirurgical" and "thérapies" finds
"therapie". A French query is stemmed in French, any other with both the French and the
English stemmer (most articles are French); stop words are dropped.

Snippets mark highlighted words with \\x02 … \\x03 and are otherwise raw text: renderers escape
them (`snippet_html` in `scanner.search.hybrid`).
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

import Stemmer

from scanner.text.lang import detect_language

HL_START, HL_END = "\x02", "\x03"
SNIPPET_WORDS = 32

_TOKEN = re.compile(r"\w+", re.UNICODE)
_SNOWBALL = {
    "fr": "french",
    "en": "english",
    "de": "german",
    "es": "spanish",
    "it": "italian",
    "pt": "portuguese",
    "nl": "dutch",
}
_LIGATURES = str.maketrans({"œ": "oe", "æ": "ae", "ß": "ss", "Œ": "oe", "Æ": "ae"})


def fold(word: str) -> str:
    """Lower-case, ligatures spelt out, accents removed: "Thérapie" → "therapie"."""
    decomposed = unicodedata.normalize("NFKD", word.lower().translate(_LIGATURES))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@dataclass(frozen=True, slots=True)
class StopWords:
    """Folded stop words of French and English, and the words telling one from the other."""

    both: frozenset[str]
    french: frozenset[str]
    english: frozenset[str]


@functools.cache
def stop_words() -> StopWords:
    """spaCy's lists, read at first use from their files: importing them the usual way
    (`spacy.lang.fr.stop_words`) imports spaCy itself, seconds of CPU that a query from the
    CLI would pay for two word lists."""
    fr = frozenset(fold(w) for w in _spacy_stop_words("fr"))
    en = frozenset(fold(w) for w in _spacy_stop_words("en"))
    return StopWords(fr | en | {"l", "d", "s", "n", "j", "qu"}, fr - en, en - fr)


def _spacy_stop_words(lang: str) -> set[str]:
    """STOP_WORDS of `spacy/lang/<lang>/stop_words.py`, a module with no import of its own,
    run alone; through spaCy when its files are not where the package spec says."""
    import importlib.util
    import runpy

    spec = importlib.util.find_spec("spacy")  # finds the package without importing it
    if spec is not None and spec.submodule_search_locations:
        for root in spec.submodule_search_locations:
            path = Path(root) / "lang" / lang / "stop_words.py"
            if path.is_file():
                return set(runpy.run_path(str(path))["STOP_WORDS"])
    module = importlib.import_module(f"spacy.lang.{lang}.stop_words")
    return set(module.STOP_WORDS)


@functools.cache
def _stemmer(lang: str) -> Stemmer.Stemmer | None:
    name = _SNOWBALL.get(lang)
    return Stemmer.Stemmer(name) if name else None


@functools.lru_cache(maxsize=200_000)
def stem(word: str, lang: str = "fr") -> str:
    """The folded Snowball stem of one word in `lang` (the folded word if no stemmer)."""
    stemmer = _stemmer(lang)
    lowered = word.lower()
    return fold(stemmer.stemWord(lowered) if stemmer else lowered)


def stem_text(text: str, lang: str) -> str:
    """A text as space-separated stems, for the stemmed full-text table."""
    return " ".join(stem(t, lang or "fr") for t in _TOKEN.findall(text))


def guess_query_lang(text: str) -> str:
    """ "fr" or "en" (or another code from langdetect on a longer query; "" if unsure): stop
    words and accents decide for short queries, where langdetect guesses poorly."""
    words = [fold(t) for t in _TOKEN.findall(text)]
    stop = stop_words()
    fr = sum(w in stop.french for w in words) + (2 if re.search(r"[éèêàùçôîâœ]", text) else 0)
    en = sum(w in stop.english for w in words)
    if fr != en:
        return "fr" if fr > en else "en"
    return detect_language(text) if len(text) > 40 else ""


def tokens_of(text: str) -> list[str]:
    """The words of a text (letters and digits; punctuation and hyphens split)."""
    return _TOKEN.findall(text)


def acronym(token: str) -> bool:
    """Capitals kept even when they spell a stop word: HAS, AI, CE, ARS."""
    return len(token) >= 2 and token.isupper()


def snippet(
    text: str,
    stems: Collection[str],
    lang: str,
    focus: tuple[int, int] | None = None,
    size: int = SNIPPET_WORDS,
    seen: dict[str, dict[str, bool]] | None = None,
) -> str:
    """About `size` words of `text` around its best run of query words (or from `focus`, a
    character range such as the passage dense search matched), query words marked. `seen`:
    per language, word → whether it matches these `stems`, shared by one page's snippets."""
    text = text.replace(HL_START, " ").replace(HL_END, " ")
    tokens = [m.span() for m in _TOKEN.finditer(text)]
    if not tokens:
        return text[:300]
    wanted = set(stems)
    prefixes = tuple(w for w in wanted if len(w) >= 5)
    words = _TOKEN.findall(text)
    known = ({} if seen is None else seen).setdefault(lang, {})  # words repeat: stem each once
    for word in set(words).difference(known):
        known[word] = _matches(word, lang, wanted, prefixes)
    hit = [known[w] for w in words]
    first = _best_window(hit, size)
    if focus is not None and not any(hit):
        first = next((i for i, (a, _) in enumerate(tokens) if a >= focus[0]), 0)
    last = min(len(tokens), first + size) - 1
    first = max(0, min(first, last - size + 1))
    out: list[str] = ["… " if first > 0 else ""]
    at = tokens[first][0]
    for i in range(first, last + 1):
        a, b = tokens[i]
        out.append(text[at:a])
        out.append(f"{HL_START}{text[a:b]}{HL_END}" if hit[i] else text[a:b])
        at = b
    out.append(" …" if last < len(tokens) - 1 else text[at:].rstrip())
    return " ".join("".join(out).split())


def _matches(token: str, lang: str, wanted: set[str], prefixes: tuple[str, ...]) -> bool:
    s = stem(token, lang or "fr")
    if s in wanted or stem(token, "en") in wanted:
        return True
    # the full-text query treats stems of 5+ letters as prefixes; highlight what it matched
    # (`prefixes` holds them: one C-level test per word, not a loop over the query's stems)
    return bool(prefixes) and s.startswith(prefixes)


def _best_window(hit: list[bool], size: int) -> int:
    """Start of the `size`-token window holding the most query words (earliest on ties)."""
    if not any(hit):
        return 0
    best, best_at, count = -1, 0, 0
    for i, h in enumerate(hit):
        count += h
        if i >= size:
            count -= hit[i - size]
        if count > best:
            best, best_at = count, max(0, i - size + 1)
    # start a little before the first hit of the window, for context
    first_hit = next(i for i in range(best_at, len(hit)) if hit[i])
    return max(0, min(best_at, first_hit - 4))
