"""Training the theme model: classifier and wording, then the decision learnt out of fold.

    scorer = load_theme_scorer(cfg, store)             # the stored model, trained if stale
    train_theme_model(cfg, store, Path("corpora"))     # gold + train sets + curators' labels
    fitted = fit_theme_model(scorer, examples, feats)  # what each eval fold does
    scorer.use_model(fitted.classifier, None, fitted.wording)

The labelled items are the gold set (`[themes].gold`), the extra training sets
(`[themes].train_sets`, same layout) and the curators' theme labels in the store. The
classifier and the wording model (`scanner.themes.wording`) are fitted on all of them; the
decision (part weights and thresholds, see `scanner.themes.decision`) is tuned on the same
items scored *out of fold*: every item's classifier and wording probabilities come from models
that did not see its story, so the weights are not chosen on probabilities the models have
memorised. `scanner eval` repeats the whole
procedure inside each of its folds (nested cross-validation).
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import sklearn

from scanner.config import Config
from scanner.errors import InputError
from scanner.store import Store
from scanner.themes.data import (
    Example,
    GoldVectorCache,
    curator_examples,
    gold_digest,
    gold_examples,
    merge_examples,
)
from scanner.themes.decision import Decision, ThemeParts, tune
from scanner.themes.features import ThemeFeatures, feature_rows
from scanner.themes.model import ModelStale, ThemeClassifier, fit_classifier, load_model, save_model
from scanner.themes.scoring import (
    GOLD_CACHE,
    ThemeScorer,
    gold_folder,
    model_dirs,
    train_folders,
)
from scanner.themes.wording import WordingModel, fit_wording, load_wording, save_wording
from scanner.vectors.embed import Embedder, embed_articles, load_embedder

log = logging.getLogger(__name__)

TUNING_FOLDS = 5  # inner folds (by story) that score the training items out of fold


def gold_vector_cache(cfg: Config) -> GoldVectorCache:
    """The cache of labelled items' passage vectors: the watch's own when it has one, else the
    one shipped beside the project's model (same texts, model and chunking: no re-embedding)."""
    own, shipped = (folder / GOLD_CACHE for folder in model_dirs(cfg))
    return GoldVectorCache(shipped if not own.is_file() and shipped.is_file() else own)


def extra_examples(cfg: Config) -> list[Example]:
    """The items of the extra training sets (`[themes].train_sets`)."""
    out: list[Example] = []
    for folder in train_folders(cfg):
        out.extend(gold_examples(folder, cfg.theme_keys))
    return out


def labelled_digest(cfg: Config, corpora: Path | None = None) -> str:
    """A digest of every labelled item the model trains on besides curators' labels."""
    examples = gold_examples(corpora or gold_folder(cfg), cfg.theme_keys)
    return gold_digest([*examples, *extra_examples(cfg)])


def example_vectors(
    cfg: Config, embedder: Embedder, store: Store | None, examples: Sequence[Example]
) -> dict[str, np.ndarray]:
    """Passage vectors of labelled examples: gold and training-set ones from the cache beside
    the model, curated ones through the store's embedding cache."""
    labelled = [e.article for e in examples if e.origin != "curator"]
    curated = [e.article for e in examples if e.origin == "curator"]
    out = gold_vector_cache(cfg).passages(embedder, labelled, cfg.embed)
    if curated and store is not None:
        out.update(embed_articles(embedder, store, curated, cfg.embed))
    return out


def _labels(scorer: ThemeScorer, examples: Sequence[Example]) -> np.ndarray:
    return np.array([[e.labels.get(k, -1) for k in scorer.keys] for e in examples])


@dataclass(frozen=True, slots=True)
class FittedThemeModel:
    """What training produces: the classifier, the wording model and the decision."""

    classifier: ThemeClassifier
    wording: WordingModel
    decision: Decision


def fit_theme_model(
    scorer: ThemeScorer, examples: Sequence[Example], feats: Sequence[ThemeFeatures]
) -> FittedThemeModel:
    """The calibrated classifier and wording model fitted on all `examples` (features in the
    same order), and the decision tuned on them scored out of fold (`[themes]`'s values when
    `tune` is off). Only examples labelled for every theme count for the decision (curators
    label one theme at a time)."""
    labels = _labels(scorer, examples)
    weights = np.array([e.weight for e in examples], dtype=float)
    groups = [e.group for e in examples]
    t = scorer.cfg.themes
    model, held_out = fit_classifier(
        feature_rows(feats),
        labels,
        weights,
        scorer.keys,
        t.classifier_c,
        raw_columns=scorer.embedder.dim,
        groups=groups,
        folds=TUNING_FOLDS,
    )
    wording, words_held_out = fit_wording(
        [e.article.full_text for e in examples],
        labels,
        weights,
        scorer.keys,
        t.wording_c,
        groups=groups,
        folds=TUNING_FOLDS,
    )
    base = Decision.from_config(t)
    full = [i for i, e in enumerate(examples) if len(e.labels) == len(scorer.keys)]
    if not t.tune or len(full) < 4:
        return FittedThemeModel(model, wording, base)
    parts = scorer.parts([feats[i] for i in full], with_classifier=False)
    parts = ThemeParts(
        sim=parts.sim,
        clf=held_out[full],
        lex=parts.lex,
        passage=parts.passage,
        domain=parts.domain,
        words=words_held_out[full],
    )
    decision = tune(parts, _labels(scorer, [examples[i] for i in full]), base)
    return FittedThemeModel(model, wording, decision)


def train_theme_model(cfg: Config, store: Store | None, corpora: Path) -> str:
    """Train the classifier and learn the decision on the gold set, the training sets and the
    curators' labels in `store`; write them under `[themes].model_dir` (weights + manifest)
    and say what they were trained on."""
    embedder = load_embedder(cfg.embed)
    scorer = ThemeScorer(cfg, embedder)
    gold = gold_examples(corpora, cfg.theme_keys)
    extra = extra_examples(cfg)
    curated = curator_examples(store, cfg.theme_keys, cfg.themes.curator_weight) if store else []
    examples = merge_examples([*gold, *extra], curated)
    if not examples:
        raise InputError(f"no labelled item to train the theme model on in {corpora}")
    vectors = example_vectors(cfg, embedder, store, examples)
    feats = [scorer.features(e.article, vectors[e.article.id]) for e in examples]
    fitted = fit_theme_model(scorer, examples, feats)
    positives = {k: sum(e.labels.get(k) == 1 for e in examples) for k in cfg.theme_keys}
    manifest = {
        **scorer.expected_manifest(),
        "gold_digest": gold_digest([*gold, *extra]),
        "gold": str(corpora),
        "train_sets": [str(f) for f in train_folders(cfg)],
        "trained_at": datetime.now(UTC).replace(microsecond=0).isoformat(),
        "sklearn": sklearn.__version__,
        "classifier_c": cfg.themes.classifier_c,
        "wording_c": cfg.themes.wording_c,
        "decision": fitted.decision.as_dict(),
        "counts": {
            "gold_items": len(gold),
            "train_items": len(extra),
            "curator_articles": len(curated),
            "curator_labels": sum(len(c.labels) for c in curated),
            "positives": positives,
        },
    }
    folder = model_dirs(cfg)[0]
    manifest["wording_sha256"] = save_wording(folder, fitted.wording)
    save_model(folder, fitted.classifier, manifest)
    untrained = [
        k for k, ok in zip(cfg.theme_keys, fitted.classifier.trained, strict=True) if not ok
    ]
    return (
        f"theme model trained on {len(gold)} gold items + {len(extra)} training items + "
        f"{manifest['counts']['curator_labels']} curator label(s) on {len(curated)} "
        f"article(s); written to {folder}"
        + (f"; no classifier for {', '.join(untrained)} (one class only)" if untrained else "")
    )


def load_theme_scorer(
    cfg: Config, store: Store | None = None, embedder: Embedder | None = None
) -> ThemeScorer:
    """The scorer with its stored classifier; a missing or stale model is retrained from the
    gold set (and curators' labels) with a log message; without gold data it scores with the
    similarity, passage and lexical parts alone, saying so."""
    embedder = embedder or load_embedder(cfg.embed)
    scorer = ThemeScorer(cfg, embedder)
    expected = scorer.expected_manifest()
    with contextlib.suppress(InputError):  # no gold set here: the shipped model is used as is
        expected["gold_digest"] = labelled_digest(cfg)
    reasons = []
    for folder in dict.fromkeys(p.resolve() for p in model_dirs(cfg)):
        try:
            use_stored_model(scorer, folder, expected)
            return scorer
        except ModelStale as exc:
            reasons.append(str(exc))
    log.warning("%s: training the theme model from the gold set", "; ".join(reasons))
    try:
        log.warning("%s", train_theme_model(cfg, store, gold_folder(cfg)))
        use_stored_model(scorer, model_dirs(cfg)[0], expected)
    except (InputError, ModelStale, OSError) as exc:
        log.warning("theme classifier unavailable (%s): similarity and keywords only", exc)
    return scorer


def use_stored_model(scorer: ThemeScorer, folder: Path, expected: dict[str, object]) -> None:
    """Score with the classifier, wording model and decision stored in `folder`; ModelStale
    when they were built for something else or do not match their manifest."""
    classifier, manifest = load_model(folder, expected)
    wording = load_wording(folder, manifest.get("wording_sha256"), scorer.keys)
    scorer.use_model(classifier, manifest, wording)
