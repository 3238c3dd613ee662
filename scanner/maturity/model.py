"""The stage classifier: a multinomial logistic regression over cue counts, the article vector
and the tf-idf of the item's main news, stored as plain arrays (no pickle) with a manifest.

    model = fit_stage_classifier(dense, news_texts, stages, c=1.0, raw_from=6, wording_weight=3.0)
    model.predict_proba(dense_row, [news_text])      # calibrated (temperature) probabilities
    save_stage_model(folder, model, manifest)
    model = load_stage_model(folder, expected)       # StageModelStale when built for another setup

The news text (`scanner.maturity.cues.news_text`: the title, twice, and the lead) is what a
reader takes the item's stage from; its word n-grams ("a obtenu le", "lance un essai", "va
construire") carry the main event's verb and tense, which cue counts over the whole text do not.
The probabilities are calibrated by one temperature fitted on leave-one-set-out predictions
(`fit_temperature`), so a 0.6 is right about six times in ten on a set it never saw.
"""

from __future__ import annotations

import json
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from scipy import sparse
from sklearn.exceptions import ConvergenceWarning
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

from scanner.artefacts import save_arrays, vouched_for, write_manifest
from scanner.errors import ScannerError
from scanner.records import STAGES

FORMAT = 2  # 2: news-text tf-idf and a temperature beside the dense features
WEIGHTS = "classifier.npz"
MANIFEST = "manifest.json"
CHECKED = ("format", "embedding_model", "dim", "cue_digest", "stages")
MIN_DF = 2  # a word n-gram met in one labelled item only says nothing general


class StageModelStale(ScannerError):
    """The stored stage model is missing, corrupt, or was built for another configuration."""


def _vectorizer(vocabulary: Sequence[str] | None = None) -> TfidfVectorizer:
    return TfidfVectorizer(
        ngram_range=(1, 2),
        min_df=1 if vocabulary is not None else MIN_DF,
        sublinear_tf=True,
        vocabulary=list(vocabulary) if vocabulary is not None else None,
    )


@dataclass(frozen=True, slots=True)
class StageClassifier:
    """Softmax over the stages it saw in training (`classes`, indices into STAGES): dense
    features (standardised up to `raw_from`) then the news text's tf-idf times
    `wording_weight`; logits divided by `temperature`."""

    classes: np.ndarray  # (k,) int
    coef: np.ndarray  # (k, dense + terms)
    intercept: np.ndarray  # (k,)
    mean: np.ndarray  # (dense,)
    scale: np.ndarray  # (dense,)
    terms: tuple[str, ...] = ()
    idf: np.ndarray = field(default_factory=lambda: np.zeros(0))
    wording_weight: float = 0.0
    temperature: float = 1.0
    vectorizer: TfidfVectorizer | None = field(default=None, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.terms:
            v = _vectorizer(self.terms)
            v.idf_ = self.idf
            object.__setattr__(self, "vectorizer", v)

    def design(self, dense: np.ndarray, news: Sequence[str]) -> sparse.csr_matrix:
        """The regression's input rows: standardised dense features, then weighted tf-idf."""
        z = sparse.csr_matrix((np.atleast_2d(dense) - self.mean) / self.scale)
        if self.vectorizer is None:
            return z
        words = self.vectorizer.transform(list(news)) * self.wording_weight
        return sparse.hstack([z, words]).tocsr()

    def logits(self, dense: np.ndarray, news: Sequence[str]) -> np.ndarray:
        return np.asarray(self.design(dense, news) @ self.coef.T) + self.intercept

    def predict_proba(
        self, dense: np.ndarray, news: Sequence[str], temperature: float | None = None
    ) -> np.ndarray:
        """Probability of every stage (n × len(STAGES); 0 for stages never seen)."""
        logits = self.logits(dense, news) / (temperature or self.temperature)
        logits -= logits.max(axis=1, keepdims=True)
        p = np.exp(logits)
        p /= p.sum(axis=1, keepdims=True)
        out = np.zeros((len(p), len(STAGES)))
        out[:, self.classes] = p
        return out

    def news_words(self, news: str, stage: int, limit: int = 4) -> list[str]:
        """The news text's word n-grams that speak most for `stage` (weight × tf-idf > 0)."""
        if self.vectorizer is None or stage not in self.classes:
            return []
        k = int(np.flatnonzero(self.classes == stage)[0])
        row = self.vectorizer.transform([news]).tocoo()
        weights = self.coef[k, len(self.mean) + row.col] * row.data
        order = np.argsort(-weights)[:limit]
        return [self.terms[row.col[i]] for i in order if weights[i] > 0]


def fit_stage_classifier(
    dense: np.ndarray,
    news: Sequence[str],
    stages: Sequence[int],
    c: float,
    raw_from: int,
    wording_weight: float = 0.0,
    sample_weight: np.ndarray | None = None,
) -> StageClassifier:
    """Fit on rows labelled with a stage index; dense columns from `raw_from` on (the
    embedding) are left unscaled, as in the theme classifier. Classes are balanced: a watch
    sees many more market and policy news than regulatory decisions."""
    y = np.asarray(stages)
    mean = dense.mean(axis=0)
    scale = dense.std(axis=0)
    scale[scale < 1e-6] = 1.0
    mean[raw_from:] = 0.0
    scale[raw_from:] = 1.0
    classes = np.unique(y)
    if len(classes) < 2:
        raise StageModelStale("the stage classifier needs at least two stages in training")
    terms: tuple[str, ...] = ()
    idf = np.zeros(0)
    x = sparse.csr_matrix((dense - mean) / scale)
    if wording_weight > 0:
        vectorizer = _vectorizer()
        try:
            words = vectorizer.fit_transform(list(news))
        except ValueError:  # no n-gram in two items: the dense features decide alone
            wording_weight = 0.0
        else:
            terms = tuple(str(t) for t in vectorizer.get_feature_names_out())
            idf = np.asarray(vectorizer.idf_)
            x = sparse.hstack([x, words * wording_weight]).tocsr()
    model = LogisticRegression(C=max(c, 1e-6), class_weight="balanced", max_iter=5000)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        model.fit(x, y, sample_weight=sample_weight)
    coef, intercept = model.coef_, model.intercept_
    if len(classes) == 2:  # scikit-learn keeps one row for two classes
        coef = np.vstack([-coef[0] / 2, coef[0] / 2])
        intercept = np.array([-intercept[0] / 2, intercept[0] / 2])
    return StageClassifier(
        classes.astype(int), coef, intercept, mean, scale, terms, idf, wording_weight
    )


def fit_temperature(logits: np.ndarray, classes: np.ndarray, stages: Sequence[int]) -> float:
    """The temperature that makes held-out softmax probabilities honest: the one of a small
    grid with the lowest log-loss of the true stages (`logits` n × k over `classes`)."""
    y = np.asarray(stages)
    known = np.isin(y, classes)
    if not known.any():
        return 1.0
    index = np.searchsorted(classes, y[known])
    best, best_loss = 1.0, np.inf
    for t in np.geomspace(0.25, 4.0, 25):
        z = logits[known] / t
        z = z - z.max(axis=1, keepdims=True)
        logp = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
        loss = -float(logp[np.arange(len(index)), index].mean())
        if loss < best_loss:
            best, best_loss = float(t), loss
    return best


def save_stage_model(folder: Path, model: StageClassifier, manifest: Mapping[str, object]) -> None:
    """Write the weights, then the manifest that vouches for them (atomically each)."""
    sha = save_arrays(
        folder / WEIGHTS,
        dict(
            classes=model.classes.astype(np.int64),
            coef=model.coef.astype(np.float64),
            intercept=model.intercept.astype(np.float64),
            mean=model.mean.astype(np.float64),
            scale=model.scale.astype(np.float64),
            terms=np.array(model.terms, dtype=str),
            idf=model.idf.astype(np.float64),
            wording_weight=np.float64(model.wording_weight),
            temperature=np.float64(model.temperature),
        ),
        compressed=True,
    )
    body = {**manifest, "format": FORMAT, "stages": list(STAGES), "weights_sha256": sha}
    write_manifest(folder / MANIFEST, body)


def load_stage_model(folder: Path, expected: Mapping[str, object]) -> tuple[StageClassifier, dict]:
    """The stored classifier and its manifest, if built for `expected` (see CHECKED and
    `labelled_digest` when the running side knows it)."""
    path = folder / MANIFEST
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise StageModelStale(f"no usable stage model in {folder} ({exc})") from exc
    if not isinstance(manifest, dict):
        raise StageModelStale(f"stage model manifest {path} is not an object")
    want = {**expected, "format": FORMAT, "stages": list(STAGES)}
    for key in CHECKED:
        if manifest.get(key) != want.get(key):
            raise StageModelStale(
                f"stage model in {folder} was built for {key}={manifest.get(key)!r}, "
                f"this configuration has {want.get(key)!r}"
            )
    if expected.get("labelled_digest") and manifest.get("labelled_digest") != expected.get(
        "labelled_digest"
    ):
        raise StageModelStale(f"stage model in {folder} was trained on other labelled items")
    weights = folder / WEIGHTS
    if not vouched_for(weights, manifest.get("weights_sha256")):
        raise StageModelStale(f"stage model weights {weights} missing or not its manifest's")
    try:
        with np.load(weights, allow_pickle=False) as z:
            model = StageClassifier(
                classes=z["classes"].astype(int),
                coef=z["coef"],
                intercept=z["intercept"],
                mean=z["mean"],
                scale=z["scale"],
                terms=tuple(str(t) for t in z["terms"].tolist()),
                idf=z["idf"],
                wording_weight=float(z["wording_weight"]),
                temperature=float(z["temperature"]),
            )
    except (OSError, ValueError, KeyError) as exc:
        raise StageModelStale(f"stage model weights {weights} unreadable ({exc})") from exc
    wanted = expected.get("n_features")
    n_dense = wanted if isinstance(wanted, int) else len(model.mean)
    if (
        len(model.mean) != n_dense
        or model.coef.shape[1] != n_dense + len(model.terms)
        or len(model.idf) != len(model.terms)
        or model.classes.max(initial=0) >= len(STAGES)
        or not model.temperature > 0
    ):
        raise StageModelStale(f"stage model in {folder} does not fit {n_dense} features")
    return model, manifest
