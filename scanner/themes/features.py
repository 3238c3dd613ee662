"""What an article looks like to the theme scorer: similarity, passage and keyword features.

    phrases = ThemePhrases.of(cfg, embedder)          # theme descriptions + seeds, embedded once
    feats = article_features(cfg, phrases, article, passage_vectors)
    feats.row()                                       # the classifier's input

Per theme, four measures, each explainable on its own:

- `sim`: the mean of the three best passage × phrase cosines (phrases: the theme's description
  and seeds), and `rel`, the same minus the article's mean over themes: a language shift
  lowers every theme alike, the difference survives it (English-centred model, French text).
- `passage`: the strongest single passage, relative to that passage's mean over themes, so one
  paragraph squarely about a theme counts even when the rest of the article is about something
  else (a surgical robot paragraph inside a regional banking story).
- `lex`: the theme's keywords found in the accent-folded text, title hits weighing more.

`domain` counts the health words of `[themes].domain_words` in the text: an article with none
is not a health article, whatever its closeness to a theme (a bank's AI assistant, welding
robots). A short lower-case word ("has") and a word inside a short quotation (« une précision
chirurgicale ») do not count, nor any when animal or crop words outweigh them (ducks vaccinated
against avian flu): `scanner.text.health_words`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from scanner.config import Config
from scanner.records import Article
from scanner.text.health_words import HealthWords
from scanner.text.keywords import (
    FoldedText,
    KeywordHit,
    KeywordMatcher,
    keyword_weight,
    lexical_score,
)
from scanner.vectors.embed import Embedder, article_vector

TOP_PAIRS = 3  # similarity = mean of this many best passage × phrase cosines


@dataclass(frozen=True, slots=True)
class ThemeFeatures:
    """What an article looks like to the theme scorer (one entry per taxonomy theme)."""

    vector: np.ndarray  # (dim,) the article vector
    sim: np.ndarray  # raw similarity to the theme's phrases
    rel: np.ndarray  # sim minus the article's mean sim over themes
    lex: np.ndarray  # lexical score
    passage: np.ndarray  # best single passage's similarity, relative to that passage's mean
    passage_at: tuple[int, ...]  # which passage that is (0: title and lead)
    closest: tuple[tuple[int, float], ...]  # closest seed (index in phrases) and its cosine
    hits: tuple[tuple[KeywordHit, ...], ...]
    domain: int  # health words found (distinct words, repeats not counted)
    figurative: tuple[str, ...] = ()  # health words met only in a short quotation (not counted)
    animal: tuple[str, ...] = ()  # animal and crop words outweighing the health words (domain 0)

    def row(self) -> np.ndarray:
        """The classifier's input: article vector, then sim, rel, lex, passage per theme."""
        return np.concatenate([self.vector, self.sim, self.rel, self.lex, self.passage])


def feature_columns(dim: int, themes: int) -> int:
    """How many columns `ThemeFeatures.row` has."""
    return dim + 4 * themes


_PHRASES: dict[tuple[str, tuple[tuple[str, ...], ...]], list[np.ndarray]] = {}


@dataclass(frozen=True, slots=True)
class ThemePhrases:
    """The taxonomy as the scorer reads it: phrases and their vectors, keyword matchers."""

    phrases: tuple[tuple[str, ...], ...]  # per theme: description, then seeds
    vectors: tuple[np.ndarray, ...]  # per theme: (phrases × dim)
    matchers: tuple[KeywordMatcher, ...]
    domain: HealthWords

    @classmethod
    def of(cls, cfg: Config, embedder: Embedder) -> ThemePhrases:
        """Phrases encoded in one batch and kept for the process (every scorer of one
        taxonomy and model shares them)."""
        phrases = tuple((t.description, *t.seeds) for t in cfg.taxonomy)
        key = (embedder.model_name, phrases)
        if key not in _PHRASES:
            flat = embedder.encode([p for group in phrases for p in group])
            bounds = np.cumsum([0, *(len(g) for g in phrases)])
            _PHRASES[key] = [flat[lo:hi] for lo, hi in zip(bounds[:-1], bounds[1:], strict=True)]
        return cls(
            phrases=phrases,
            vectors=tuple(_PHRASES[key]),
            matchers=tuple(KeywordMatcher(t.keywords) for t in cfg.taxonomy),
            domain=HealthWords(
                cfg.themes.domain_words, cfg.themes.animal_words, cfg.themes.animal_min_words
            ),
        )


def article_features(
    cfg: Config, taxonomy: ThemePhrases, article: Article, passage_vectors: np.ndarray
) -> ThemeFeatures:
    """Similarity, passage, lexical and domain features of one article."""
    chunks = np.atleast_2d(np.asarray(passage_vectors, dtype=np.float32))
    sims, closest, per_passage = [], [], []
    for proto in taxonomy.vectors:
        pair = chunks @ proto.T  # passages × phrases
        flat = np.sort(pair.ravel())[::-1]
        sims.append(float(flat[: min(TOP_PAIRS, flat.size)].mean()))
        # the closest seed phrase (the description, long and abstract, explains less)
        per_phrase = pair.max(axis=0)
        best = 1 + int(np.argmax(per_phrase[1:])) if len(per_phrase) > 1 else 0
        closest.append((best, float(per_phrase[best])))
        per_passage.append(_top_mean(pair, 2))
    sim = np.array(sims)
    by_passage = np.array(per_passage).T  # passages × themes
    relative = by_passage - by_passage.mean(axis=1, keepdims=True)
    text = FoldedText(article.full_text)
    title_end = len(article.title) if article.title else 0
    hits = tuple(tuple(m.find(text, title_end)) for m in taxonomy.matchers)
    t = cfg.themes
    health = taxonomy.domain.find(article.full_text, text)
    lex = np.array([lexical_score(keyword_weight(h, t.title_weight), t.lexical_half) for h in hits])
    return ThemeFeatures(
        vector=article_vector(chunks),
        sim=sim,
        rel=sim - sim.mean(),
        lex=lex,
        passage=relative.max(axis=0),
        passage_at=tuple(int(i) for i in relative.argmax(axis=0)),
        closest=tuple(closest),
        hits=hits,
        domain=health.count,
        figurative=health.figurative,
        animal=health.animal,
    )


def _top_mean(pair: np.ndarray, k: int) -> np.ndarray:
    """Per passage (row), the mean of its `k` best phrase cosines."""
    k = min(k, pair.shape[1])
    return np.sort(pair, axis=1)[:, -k:].mean(axis=1)


def feature_rows(features: Sequence[ThemeFeatures]) -> np.ndarray:
    """The classifier's input for many articles (n × columns)."""
    return np.vstack([f.row() for f in features])
