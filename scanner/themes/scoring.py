"""Theme scores: taxonomy similarity, best passage, a calibrated classifier, keywords, wording.

    scorer = load_theme_scorer(cfg, store)                 # (scanner.themes.training)
    scores = scorer.score(article, passage_vectors)        # one ThemeScore per taxonomy theme

The features are described in `scanner.themes.features`, how they become themes in
`scanner.themes.decision`, the training in `scanner.themes.training`. Each part of a score is
in [0, 1]:

- similarity: a logistic squash of the relative similarity to the theme's phrases;
- passage: the same for the single passage closest to the theme;
- classifier: a calibrated logistic regression per theme on the article vector plus the
  similarity, passage and lexical features, trained on the gold set and curators' labels (so it
  learns the French the model embeds poorly from French examples);
- lexical: the theme's keywords found in the accent-folded text;
- wording: a calibrated tf-idf regression per theme over the words and character n-grams of
  the folded text, learnt from the same labelled items (`scanner.themes.wording`): the words
  a theme is told in beyond the keyword list, in French as in English.

`ThemeScore.evidence` says why, in French, for the bulletin: the closest seed phrase, the
passage that counted, the words found, the models' say and the learnt words that spoke for the
theme, and why an article is off-topic when it is.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np

from scanner.config import PROJECT_ROOT, Config, resource_dir
from scanner.records import Article, ThemeScore
from scanner.themes.decision import Decision, ThemeParts
from scanner.themes.features import (
    TOP_PAIRS,
    ThemeFeatures,
    ThemePhrases,
    article_features,
    feature_columns,
)
from scanner.themes.model import ThemeClassifier
from scanner.themes.wording import WordingModel
from scanner.vectors.embed import Embedder

log = logging.getLogger(__name__)
FEATURE_VERSION = 4  # 2: best-passage features, health words; 3: the learnt wording;
# 4: health words in short quotations and lower-case acronyms ("has") not counted
GOLD_CACHE = "gold-vectors.npz"


def feature_digest(cfg: Config) -> str:
    """What shapes the features besides the model and taxonomy: a model trained under other
    settings would read its inputs wrongly."""
    t, e = cfg.themes, cfg.embed
    blob = [
        FEATURE_VERSION,
        TOP_PAIRS,
        e.chunk_words,
        e.max_chunks,
        t.lexical_half,
        t.title_weight,
        sorted(t.domain_words),
        sorted(t.animal_words),
        t.animal_min_words,
    ]
    return hashlib.sha256(json.dumps(blob).encode()).hexdigest()[:16]


def model_dirs(cfg: Config) -> tuple[Path, Path]:
    """Where a theme model is looked for, and where a (re)trained one is written: the watch's
    own folder (relative to the current directory) first, then the project's shipped one."""
    own = Path(cfg.themes.model_dir)
    if own.is_absolute():
        return own, own
    return own, PROJECT_ROOT / own


def gold_folder(cfg: Config) -> Path:
    """The corpora folder (with sample/ and gold/) the model trains on at first use."""
    return resource_dir(cfg.themes.gold) / cfg.themes.gold


def train_folders(cfg: Config) -> list[Path]:
    """The extra labelled folders (`[themes].train_sets`) that exist here."""
    out = []
    for name in cfg.themes.train_sets:
        folder = resource_dir(name) / name
        if folder.is_dir():
            out.append(folder)
        else:
            log.info("theme training set %s not found, skipped", name)
    return out


def _fr(x: float) -> str:
    return f"{x:.2f}".replace(".", ",")


def _squash(x: np.ndarray, center: float, scale: float) -> np.ndarray:
    return np.asarray(1.0 / (1.0 + np.exp(-(x - center) / max(scale, 1e-6))))


class ThemeScorer:
    """Scores articles against the taxonomy; holds the theme phrases, the classifier and the
    decision (learnt with the classifier when `[themes].tune`, else `[themes]`'s values)."""

    def __init__(
        self,
        cfg: Config,
        embedder: Embedder,
        classifier: ThemeClassifier | None = None,
        manifest: Mapping[str, object] | None = None,
        wording: WordingModel | None = None,
    ) -> None:
        self.cfg = cfg
        self.embedder = embedder
        self.keys = cfg.theme_keys
        self.taxonomy = ThemePhrases.of(cfg, embedder)
        self.phrases = self.taxonomy.phrases
        self.classifier: ThemeClassifier | None = None
        self.wording: WordingModel | None = None
        self.manifest: dict[str, object] = {}
        self.decision = Decision.from_config(cfg.themes)
        self.use_model(classifier, manifest, wording)

    def use_model(
        self,
        classifier: ThemeClassifier | None,
        manifest: Mapping[str, object] | None = None,
        wording: WordingModel | None = None,
    ) -> None:
        """Score with this classifier and wording model, and the decision learnt with them
        when there is one."""
        self.classifier = classifier
        self.wording = wording
        self.manifest = dict(manifest or {})
        self.decision = Decision.from_config(self.cfg.themes)
        learnt = self.manifest.get("decision")
        if self.cfg.themes.tune and classifier is not None and isinstance(learnt, dict):
            self.decision = Decision.from_dict(learnt, self.decision)

    def expected_manifest(self) -> dict[str, object]:
        """What a stored model must have been trained for to be used with this scorer."""
        return expected_manifest(self.cfg, self.embedder)

    # -- features and parts --------------------------------------------------------------

    def features(self, article: Article, passage_vectors: np.ndarray) -> ThemeFeatures:
        """Similarity, passage, lexical and domain features of one article."""
        return article_features(self.cfg, self.taxonomy, article, passage_vectors)

    def similarity_part(self, feats: ThemeFeatures) -> np.ndarray:
        t = self.cfg.themes
        return _squash(feats.rel, t.similarity_center, t.similarity_scale)

    def passage_part(self, feats: ThemeFeatures) -> np.ndarray:
        t = self.cfg.themes
        return _squash(feats.passage, t.passage_center, t.passage_scale)

    def classifier_part(self, feats: ThemeFeatures) -> np.ndarray:
        if self.classifier is None:
            return np.full(len(self.keys), np.nan)
        return np.asarray(self.classifier.predict_proba(feats.row())[0])

    def wording_part(self, articles: Sequence[Article]) -> np.ndarray:
        """The learnt wording's calibrated probabilities (n × themes; NaN without a model)."""
        if self.wording is None:
            return np.full((len(articles), len(self.keys)), np.nan)
        return self.wording.predict_proba([a.full_text for a in articles])

    def parts(
        self,
        feats: Sequence[ThemeFeatures],
        with_classifier: bool = True,
        words: np.ndarray | None = None,
    ) -> ThemeParts:
        """The parts of many articles (the classifier's left NaN if asked; the wording's are
        `words`, from `wording_part`, NaN when not given)."""
        n = len(feats)
        return ThemeParts(
            words=np.full((n, len(self.keys)), np.nan) if words is None else np.asarray(words),
            sim=np.vstack([self.similarity_part(f) for f in feats]),
            clf=(
                np.vstack([self.classifier_part(f) for f in feats])
                if with_classifier
                else np.full((n, len(self.keys)), np.nan)
            ),
            lex=np.vstack([f.lex for f in feats]),
            passage=np.vstack([self.passage_part(f) for f in feats]),
            domain=np.array([f.domain for f in feats]),
        )

    # -- scores --------------------------------------------------------------------------

    def score(self, article: Article, passage_vectors: np.ndarray) -> list[ThemeScore]:
        """One ThemeScore per taxonomy theme (taxonomy order), with its evidence."""
        feats = self.features(article, passage_vectors)
        parts = self.parts([feats], words=self.wording_part([article]))
        # decided on the figures that are stored
        combined = np.round(self.decision.combine(parts), 4)
        sure = parts.learnt()
        assigned = self.decision.assign(combined, parts.domain, sure)[0]
        if self.decision.second_chances(combined, parts.domain, sure)[0]:
            best = int(np.argmax(combined[0]))
            gate = (
                f"seconde chance : meilleur thème à {_fr(float(combined[0, best]))}, sous le "
                f"seuil, mais modèle appris à {_fr(float(sure[0, best]))} et "
                f"{feats.domain} mots de la santé"
            )
        else:
            gate = self._gate_evidence(float(combined[0].max()), feats)
        out = []
        for j, key in enumerate(self.keys):
            learnt = self.wording.words(article.full_text, j) if self.wording else []
            evidence = self._evidence(feats, j, float(parts.clf[0, j]), learnt)
            if gate and j == int(np.argmax(combined[0])):
                evidence = (gate, *evidence)
            out.append(
                ThemeScore(
                    article_id=article.id,
                    theme=key,
                    score=float(combined[0, j]),
                    assigned=bool(assigned[j]),
                    evidence=evidence,
                )
            )
        return out

    def score_many(
        self, articles: Sequence[Article], vectors: Mapping[str, np.ndarray]
    ) -> dict[str, list[ThemeScore]]:
        return {a.id: self.score(a, vectors[a.id]) for a in articles if a.id in vectors}

    def _gate_evidence(self, best: float, feats: ThemeFeatures) -> str:
        """Why an article is off-topic ("" when it is not): too few health words (those of a
        text about animals or crops, or met only in a short quotation, do not count), or a
        best theme under the threshold."""
        d = self.decision
        if feats.animal and feats.domain < d.min_domain_words:
            return (
                "hors sujet : le texte parle d'animaux ou de cultures ("
                + ", ".join(feats.animal[:4])
                + "), pas de santé humaine"
            )
        if feats.domain < d.min_domain_words:
            quoted = ", ".join(f"« {w} »" for w in feats.figurative[:3])
            return "hors sujet : aucun mot du domaine de la santé" + (
                f" ({quoted} seulement entre guillemets : une image)" if quoted else ""
            )
        if best < d.on_threshold:
            return f"hors sujet : meilleur thème à {_fr(best)}, sous le seuil {_fr(d.on_threshold)}"
        return ""

    def _evidence(
        self, feats: ThemeFeatures, j: int, prob: float, learnt: Sequence[str] = ()
    ) -> tuple[str, ...]:
        """The why, in the bulletin's language: closest phrase, keywords, the model's say, the
        learnt words that spoke for the theme, the passage closest to the theme."""
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
        if learnt:
            out.append(f"mots appris : {', '.join(learnt)}")
        where = feats.passage_at[j]
        out.append(
            "passage le plus proche : titre et chapeau"
            if where == 0
            else f"passage le plus proche : n° {where + 1}"
        )
        return tuple(out)


def expected_manifest(cfg: Config, embedder: Embedder) -> dict[str, object]:
    keys = cfg.theme_keys
    return {
        "embedding_model": embedder.model_name,
        "dim": int(embedder.dim),
        "taxonomy_digest": cfg.digest("taxonomy"),
        "feature_digest": feature_digest(cfg),
        "themes": list(keys),
        "n_features": feature_columns(int(embedder.dim), len(keys)),
    }
