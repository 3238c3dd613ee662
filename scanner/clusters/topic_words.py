"""Characteristic words of topic clusters: class-based TF-IDF (c-TF-IDF, as in BERTopic).

    words = characteristic_words([docs_of_cluster_1, docs_of_cluster_2], background_docs, n=8)

Each cluster's documents are pooled into one class, the other articles of the period into a
background class; a word weighs its frequency in the class times log(1 + A / its frequency over
all classes) (A: mean class length), so words every class uses sink and words one cluster owns
rise. Words are compared accent-folded and shown in their commonest surface form; French and
English stop words and numbers are left out.
"""

from __future__ import annotations

import importlib.util
import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from scanner.errors import ModelNotInstalled
from scanner.text.keywords import fold

_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
MIN_LETTERS = 3
# News boilerplate that stop-word lists miss but that says nothing about a topic.
_NEWS = {
    "euros", "millions", "milliards", "million", "selon", "annonce", "annoncé", "lundi",
    "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche", "premier", "première",
    "prochain", "prochaine", "année", "années", "mois", "semaine", "semaines", "également",
    "ainsi", "déjà", "notamment", "estime", "indique", "explique", "souligne", "précise",
    "said", "says", "year", "years", "new",
}  # fmt: skip


@lru_cache(maxsize=1)
def stop_words() -> frozenset[str]:
    """French (spaCy's list) and English (scikit-learn's) stop words, accent-folded."""
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    return frozenset(fold(w) for w in (*_french_stop_words(), *ENGLISH_STOP_WORDS, *_NEWS))


def _french_stop_words() -> set[str]:
    """spaCy's French stop-word list, read from its module file: importing `spacy.lang.fr`
    builds the French tokenizer exceptions, tens of seconds on a busy machine, for a list."""
    spec = importlib.util.find_spec("spacy")
    if spec is None or not spec.submodule_search_locations:
        raise ModelNotInstalled("spaCy is not installed: pip install spacy")
    path = Path(spec.submodule_search_locations[0]) / "lang" / "fr" / "stop_words.py"
    module_spec = importlib.util.spec_from_file_location("_scanner_fr_stop_words", path)
    if module_spec is None or module_spec.loader is None:
        raise ModelNotInstalled(f"spaCy's French stop words not found at {path}")
    module = importlib.util.module_from_spec(module_spec)
    module_spec.loader.exec_module(module)
    return set(module.STOP_WORDS)


def tokens(text: str) -> list[tuple[str, str]]:
    """(key, lower-case surface) of the topic-bearing words of a text. The key is folded and
    stripped of a plural -s/-x ("xénogreffes" counts as "xénogreffe"); elided articles ("l'",
    "d'") fall away because the apostrophe splits words."""
    stops = stop_words()
    out = []
    for m in _WORD.finditer(text):
        surface = m.group(0).lower()
        key = fold(surface)
        if len(key) < MIN_LETTERS or key in stops:
            continue
        if len(key) > 4 and key[-1] in "sx" and not key.endswith("ss"):
            key = key[:-1]
        out.append((key, surface))
    return out


def word_keys(text: str) -> set[str]:
    """The distinct word keys of a text (see `tokens`)."""
    return {k for k, _ in tokens(text)}


@dataclass(frozen=True, slots=True)
class ClassWords:
    """A cluster's words, best first (shown form and key), the share of its documents each
    appears in, and the share of the background documents."""

    words: tuple[str, ...]
    keys: tuple[str, ...]
    share: tuple[float, ...]
    background_share: tuple[float, ...]

    def core(self, lift: float, background_max: float = 0.1) -> set[str]:
        """Keys of the words that set the cluster apart: in at least `lift` more of its
        documents than of the background's, and rare in the background ("partir", common
        everywhere, is not a topic even where a cluster happens to use it)."""
        pairs = zip(self.keys, self.share, self.background_share, strict=True)
        return {k for k, s, b in pairs if s - b >= lift and b <= background_max}


def characteristic_words(
    clusters: Sequence[Sequence[str]], background: Sequence[str], n: int = 8
) -> list[ClassWords]:
    """The `n` most characteristic words of each cluster (a list of document texts)."""
    doc_keys = [[word_keys(d) for d in docs] for docs in clusters]
    background_keys = [word_keys(d) for d in background]
    counts: list[Counter[str]] = []
    surfaces: Counter[tuple[str, str]] = Counter()
    for docs in [*clusters, background]:
        c: Counter[str] = Counter()
        for d in docs:
            for key, surface in tokens(d):
                c[key] += 1
                surfaces[(key, surface)] += 1
        counts.append(c)
    total = Counter[str]()
    for c in counts:
        total.update(c)
    sizes = [sum(c.values()) for c in counts]
    mean_size = sum(sizes) / max(1, len([s for s in sizes if s])) if any(sizes) else 1.0
    shown: dict[str, str] = {}
    for (key, surface), _ in sorted(surfaces.items(), key=lambda kv: (-kv[1], kv[0][1])):
        shown.setdefault(key, surface)
    out = []
    for i, docs in enumerate(clusters):
        c, size = counts[i], max(1, sizes[i])
        weight = {t: (f / size) * math.log(1 + mean_size / total[t]) for t, f in c.items()}
        best = sorted(weight, key=lambda t: (-weight[t], t))[:n]
        share = tuple(sum(t in keys for keys in doc_keys[i]) / max(1, len(docs)) for t in best)
        bg = tuple(
            sum(t in keys for keys in background_keys) / max(1, len(background)) for t in best
        )
        out.append(ClassWords(tuple(shown[t] for t in best), tuple(best), share, bg))
    return out
