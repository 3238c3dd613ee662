"""Theme scores: taxonomy similarity + a trained classifier + lexical evidence, combined.

    scorer = load_theme_scorer(cfg, store)                 # trains at first use if needed
    scores = scorer.score(article, passage_vectors)        # one ThemeScore per taxonomy theme
    train_theme_model(cfg, store, Path("corpora"))         # gold + curators' labels → models/

For each theme, three parts in [0, 1]:

- similarity: the article's passages against the theme's description and seed phrases (mean
  of the three best passage × phrase cosines), taken *relative to the article's mean over all
  themes* before a logistic squash. The relative form is what makes English items work against
  mostly French seeds with an English-centred model: a language shift lowers every theme's
  similarity alike, and the difference survives it.
- classifier: a logistic regression per theme on the article vector plus the similarity and
  lexical features, trained on the gold set and curators' labels (so it learns the French the
  model embeds poorly from French examples).
- lexical: the theme's keywords found in the accent-folded text, title hits weighing more.

The score is their weighted mean (`[themes]` weights; the classifier's weight drops out where no
model is available); an article belongs to a theme from `[themes].threshold` up, to none when it
is off-topic. `ThemeScore.evidence` says why, in French, for the bulletin.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import sklearn

from scanner.config import PROJECT_ROOT, Config, resource_dir
from scanner.errors import InputError
from scanner.records import Article, ThemeScore
from scanner.store import Store
from scanner.text.keywords import (
    FoldedText,
    KeywordHit,
    KeywordMatcher,
    keyword_weight,
    lexical_score,
)
from scanner.themes.data import (
    Example,
    GoldVectorCache,
    curator_examples,
    gold_digest,
    gold_examples,
    merge_examples,
)
from scanner.themes.model import ModelStale, ThemeClassifier, fit_classifier, load_model, save_model
from scanner.vectors.embed import Embedder, article_vector, embed_articles, load_embedder

log = logging.getLogger(__name__)
FEATURE_VERSION = 1
TOP_PAIRS = 3  # similarity = mean of this many best passage × phrase cosines
GOLD_CACHE = "gold-vectors.npz"


@dataclass(frozen=True, slots=True)
class ThemeFeatures:
    """What an article looks like to the theme scorer (one entry per taxonomy theme)."""

    vector: np.ndarray  # (dim,) the article vector
    sim: np.ndarray  # raw similarity to the theme's phrases
    rel: np.ndarray  # sim minus the article's mean sim over themes
    lex: np.ndarray  # lexical score
    closest: tuple[tuple[int, float], ...]  # closest seed (index in phrases) and its cosine
    hits: tuple[tuple[KeywordHit, ...], ...]

    def row(self) -> np.ndarray:
        """The classifier's input: article vector, then sim, rel, lex per theme."""
        return np.concatenate([self.vector, self.sim, self.rel, self.lex])


def feature_digest(cfg: Config) -> str:
    """What shapes the features besides the model and taxonomy: a model trained under other
    settings would read its inputs wrongly."""
    t, e = cfg.themes, cfg.embed
    blob = [FEATURE_VERSION, TOP_PAIRS, e.chunk_words, e.max_chunks, t.lexical_half, t.title_weight]
    return hashlib.sha256(json.dumps(blob).encode()).hexdigest()[:16]


def model_dirs(cfg: Config) -> tuple[Path, Path]:
    """Where a theme model is looked for, and where a (re)trained one is written: the watch's
    own folder (relative to the current directory) first, then the project's shipped one."""
    own = Path(cfg.themes.model_dir)
    if own.is_absolute():
        return own, own
    return own, PROJECT_ROOT / own


def gold_vector_cache(cfg: Config) -> GoldVectorCache:
    """The cache of the gold items' passage vectors: the watch's own when it has one, else the
    one shipped beside the project's model (same texts, model and chunking: no re-embedding)."""
    own, shipped = (folder / GOLD_CACHE for folder in model_dirs(cfg))
    return GoldVectorCache(shipped if not own.is_file() and shipped.is_file() else own)


def gold_folder(cfg: Config) -> Path:
    """The corpora folder (with sample/ and gold/) the model trains on at first use."""
    return resource_dir(cfg.themes.gold) / cfg.themes.gold


_PHRASES: dict[tuple[str, tuple[tuple[str, ...], ...]], list[np.ndarray]] = {}


def phrase_vectors(embedder: Embedder, phrases: list[tuple[str, ...]]) -> list[np.ndarray]:
    """Vectors of each theme's description and seeds, encoded in one batch and kept for the
    process (every scorer of one taxonomy and model shares them)."""
    key = (embedder.model_name, tuple(phrases))
    if key not in _PHRASES:
        flat = embedder.encode([p for group in phrases for p in group])
        bounds = np.cumsum([0, *(len(g) for g in phrases)])
        _PHRASES[key] = [flat[lo:hi] for lo, hi in zip(bounds[:-1], bounds[1:], strict=True)]
    return _PHRASES[key]


def _fr(x: float) -> str:
    return f"{x:.2f}".replace(".", ",")


class ThemeScorer:
    """Scores articles against the taxonomy; holds the theme phrase vectors and the classifier."""

    def __init__(
        self,
        cfg: Config,
        embedder: Embedder,
        classifier: ThemeClassifier | None = None,
        manifest: Mapping[str, object] | None = None,
    ) -> None:
        self.cfg = cfg
        self.embedder = embedder
        self.classifier = classifier
        self.manifest = dict(manifest or {})
        self.keys = cfg.theme_keys
        self.phrases = [(t.description, *t.seeds) for t in cfg.taxonomy]
        self.prototypes = phrase_vectors(embedder, self.phrases)
        self.matchers = [KeywordMatcher(t.keywords) for t in cfg.taxonomy]

    def expected_manifest(self) -> dict[str, object]:
        """What a stored model must have been trained for to be used with this scorer."""
        return expected_manifest(self.cfg, self.embedder)

    # -- features ------------------------------------------------------------------------

    def features(self, article: Article, passage_vectors: np.ndarray) -> ThemeFeatures:
        """Similarity, relative similarity and lexical features of one article."""
        chunks = np.atleast_2d(np.asarray(passage_vectors, dtype=np.float32))
        sims, closest = [], []
        for proto in self.prototypes:
            pair = chunks @ proto.T  # passages × phrases
            flat = np.sort(pair.ravel())[::-1]
            sims.append(float(flat[: min(TOP_PAIRS, flat.size)].mean()))
            # the closest seed phrase (the description, long and abstract, explains less)
            per_phrase = pair.max(axis=0)
            best = 1 + int(np.argmax(per_phrase[1:])) if len(per_phrase) > 1 else 0
            closest.append((best, float(per_phrase[best])))
        sim = np.array(sims)
        text = FoldedText(article.full_text)
        title_end = len(article.title) if article.title else 0
        hits = tuple(tuple(m.find(text, title_end)) for m in self.matchers)
        t = self.cfg.themes
        lex = np.array(
            [lexical_score(keyword_weight(h, t.title_weight), t.lexical_half) for h in hits]
        )
        return ThemeFeatures(
            vector=article_vector(chunks),
            sim=sim,
            rel=sim - sim.mean(),
            lex=lex,
            closest=tuple(closest),
            hits=hits,
        )

    # -- parts and combination -----------------------------------------------------------

    def similarity_part(self, feats: ThemeFeatures) -> np.ndarray:
        t = self.cfg.themes
        return 1.0 / (
            1.0 + np.exp(-(feats.rel - t.similarity_center) / max(t.similarity_scale, 1e-6))
        )

    def classifier_part(self, feats: ThemeFeatures) -> np.ndarray:
        if self.classifier is None:
            return np.full(len(self.keys), np.nan)
        return self.classifier.predict_proba(feats.row())[0]

    def score(self, article: Article, passage_vectors: np.ndarray) -> list[ThemeScore]:
        """One ThemeScore per taxonomy theme (taxonomy order), with its evidence."""
        feats = self.features(article, passage_vectors)
        sim, clf, lex = self.similarity_part(feats), self.classifier_part(feats), feats.lex
        combined = combine(self.cfg, sim, clf, lex)
        out = []
        for j, key in enumerate(self.keys):
            score = round(float(combined[j]), 4)  # decided on the figure that is stored
            out.append(
                ThemeScore(
                    article_id=article.id,
                    theme=key,
                    score=score,
                    assigned=score >= self.cfg.themes.threshold,
                    evidence=self._evidence(feats, j, clf[j]),
                )
            )
        return out

    def score_many(
        self, articles: Sequence[Article], vectors: Mapping[str, np.ndarray]
    ) -> dict[str, list[ThemeScore]]:
        return {a.id: self.score(a, vectors[a.id]) for a in articles if a.id in vectors}

    def _evidence(self, feats: ThemeFeatures, j: int, prob: float) -> tuple[str, ...]:
        """The why, in the bulletin's language: closest phrase, keywords, the model's say."""
        out = []
        phrase, cos = feats.closest[j]
        if phrase == 0:
            out.append(f"proche de la description du thème ({_fr(cos)})")
        else:
            out.append(f"proche de « {self.phrases[j][phrase]} » ({_fr(cos)})")
        hits = feats.hits[j]
        if hits:
            words = ", ".join(
                f"{h.surface}" + (f" ×{h.count}" if h.count > 1 else "") for h in hits[:4]
            )
            out.append(f"mots : {words}")
        if not np.isnan(prob):
            out.append(f"modèle appris : {_fr(float(prob))}")
        return tuple(out)


def combine(cfg: Config, sim: np.ndarray, clf: np.ndarray, lex: np.ndarray) -> np.ndarray:
    """Weighted mean of the parts (arrays of the same shape); where the classifier part is NaN
    (no model for that theme) its weight drops out."""
    t = cfg.themes
    ws, wc, wl = t.similarity_weight, t.classifier_weight, t.lexical_weight
    have = ~np.isnan(clf)
    num = ws * sim + wl * lex + np.where(have, wc * np.nan_to_num(clf), 0.0)
    den = ws + wl + np.where(have, wc, 0.0)
    return np.where(den > 0, num / np.where(den > 0, den, 1.0), 0.0)


def expected_manifest(cfg: Config, embedder: Embedder) -> dict[str, object]:
    keys = cfg.theme_keys
    return {
        "embedding_model": embedder.model_name,
        "dim": int(embedder.dim),
        "taxonomy_digest": cfg.digest("taxonomy"),
        "feature_digest": feature_digest(cfg),
        "themes": list(keys),
        "n_features": int(embedder.dim) + 3 * len(keys),
    }


# -- training ------------------------------------------------------------------------------


def example_vectors(
    cfg: Config, embedder: Embedder, store: Store | None, examples: Sequence[Example]
) -> dict[str, np.ndarray]:
    """Passage vectors of labelled examples: gold ones from the cache beside the model,
    curated ones through the store's embedding cache."""
    gold = [e.article for e in examples if e.origin != "curator"]
    curated = [e.article for e in examples if e.origin == "curator"]
    out = gold_vector_cache(cfg).passages(embedder, gold, cfg.embed)
    if curated and store is not None:
        out.update(embed_articles(embedder, store, curated, cfg.embed))
    return out


def training_matrix(
    scorer: ThemeScorer, examples: Sequence[Example], vectors: Mapping[str, np.ndarray]
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Features (n × f), labels (n × themes; -1 where not labelled) and sample weights."""
    rows = [scorer.features(e.article, vectors[e.article.id]).row() for e in examples]
    labels = np.array([[e.labels.get(k, -1) for k in scorer.keys] for e in examples])
    weights = np.array([e.weight for e in examples], dtype=float)
    return np.vstack(rows), labels, weights


def fit_scorer_model(
    scorer: ThemeScorer, examples: Sequence[Example], vectors: Mapping[str, np.ndarray]
) -> ThemeClassifier:
    features, labels, weights = training_matrix(scorer, examples, vectors)
    c = scorer.cfg.themes.classifier_c
    return fit_classifier(
        features, labels, weights, scorer.keys, c, raw_columns=scorer.embedder.dim
    )


def train_theme_model(cfg: Config, store: Store | None, corpora: Path) -> str:
    """Train the classifier on the gold set plus the curators' labels in `store`, write it
    under `[themes].model_dir` (weights + manifest) and say what it was trained on."""
    embedder = load_embedder(cfg.embed)
    scorer = ThemeScorer(cfg, embedder)
    examples = gold_examples(corpora, cfg.theme_keys)
    n_gold, digest = len(examples), gold_digest(examples)
    curated = curator_examples(store, cfg.theme_keys, cfg.themes.curator_weight) if store else []
    examples = merge_examples(examples, curated)
    vectors = example_vectors(cfg, embedder, store, examples)
    model = fit_scorer_model(scorer, examples, vectors)
    positives = {k: sum(e.labels.get(k) == 1 for e in examples) for k in cfg.theme_keys}
    manifest = {
        **scorer.expected_manifest(),
        "gold_digest": digest,
        "gold": str(corpora),
        "trained_at": datetime.now(UTC).replace(microsecond=0).isoformat(),
        "sklearn": sklearn.__version__,
        "classifier_c": cfg.themes.classifier_c,
        "counts": {
            "gold_items": n_gold,
            "curator_articles": len(curated),
            "curator_labels": sum(len(c.labels) for c in curated),
            "positives": positives,
        },
    }
    folder = model_dirs(cfg)[0]
    save_model(folder, model, manifest)
    untrained = [k for k, ok in zip(cfg.theme_keys, model.trained, strict=True) if not ok]
    return (
        f"theme model trained on {n_gold} gold items + {manifest['counts']['curator_labels']} "
        f"curator label(s) on {len(curated)} article(s); written to {folder}"
        + (f"; no classifier for {', '.join(untrained)} (one class only)" if untrained else "")
    )


def load_theme_scorer(
    cfg: Config, store: Store | None = None, embedder: Embedder | None = None
) -> ThemeScorer:
    """The scorer with its stored classifier; a missing or stale model is retrained from the
    gold set (and curators' labels) with a log message; without gold data it scores with the
    similarity and lexical parts alone, saying so."""
    embedder = embedder or load_embedder(cfg.embed)
    scorer = ThemeScorer(cfg, embedder)
    expected = scorer.expected_manifest()
    with contextlib.suppress(InputError):  # no gold set here: the shipped model is used as is
        expected["gold_digest"] = gold_digest(gold_examples(gold_folder(cfg), cfg.theme_keys))
    reasons = []
    for folder in dict.fromkeys(p.resolve() for p in model_dirs(cfg)):
        try:
            scorer.classifier, scorer.manifest = load_model(folder, expected)
            return scorer
        except ModelStale as exc:
            reasons.append(str(exc))
    log.warning("%s: training the theme model from the gold set", "; ".join(reasons))
    try:
        log.warning("%s", train_theme_model(cfg, store, gold_folder(cfg)))
        scorer.classifier, scorer.manifest = load_model(model_dirs(cfg)[0], expected)
    except (InputError, ModelStale, OSError) as exc:
        log.warning("theme classifier unavailable (%s): similarity and keywords only", exc)
    return scorer
