"""The theme classifier: one scikit-learn logistic regression per theme, stored without pickle.

    model, held_out = fit_classifier(features, labels, weights, themes, 3.0, groups=stories)
    save_model(folder, model, manifest)          # classifier.npz + manifest.json
    model = load_model(folder, expected)         # ModelStale when built for something else

Each regression is fitted with balanced classes (a theme has few positives), which says how the
evidence ranks but not how often a theme is right; so its output is calibrated (Platt scaling:
a logistic fit of the labels on the regression's logit, the logits taken out of fold, by story)
and the probability the scorer uses means what it says.

The artefact is plain arrays (coefficients, intercepts, feature standardisation, calibration)
in an .npz and
a manifest.json saying what it was trained for — embedding model, taxonomy digest, feature
digest — and on what (gold items, curator labels). `load_model` refuses an artefact whose
manifest does not match the running configuration, or whose weights file does not match its
checksum, so a model trained for another embedding or taxonomy is never used silently.
"""

from __future__ import annotations

import json
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from scipy import sparse
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold

from scanner.artefacts import save_arrays, vouched_for, write_manifest
from scanner.errors import ScannerError

FORMAT = 2  # 2: calibrated probabilities
WEIGHTS = "classifier.npz"
MANIFEST = "manifest.json"
# What the manifest must agree on with the running configuration for the model to be used.
CHECKED = ("format", "embedding_model", "dim", "taxonomy_digest", "feature_digest", "themes")
# Checked when the running side knows it (the gold set may not be installed where the model is).
CHECKED_IF_KNOWN = ("gold_digest",)


class ModelStale(ScannerError):
    """The stored theme model is missing, corrupt, or was built for another configuration."""


@dataclass(frozen=True, slots=True)
class ThemeClassifier:
    """Per-theme logistic regressions over standardised features; `trained[j]` is False for a
    theme that had no positive or no negative example (its probability is then NaN)."""

    themes: tuple[str, ...]
    coef: np.ndarray  # (themes, features)
    intercept: np.ndarray  # (themes,)
    mean: np.ndarray  # (features,)
    scale: np.ndarray  # (features,)
    trained: np.ndarray  # (themes,) bool
    calib_slope: np.ndarray  # (themes,) Platt scaling of the logit: slope …
    calib_intercept: np.ndarray  # (themes,) … and intercept

    def logits(self, features: np.ndarray) -> np.ndarray:
        """The regressions' raw logits (n × themes), before calibration."""
        z = (np.atleast_2d(features) - self.mean) / self.scale
        return np.asarray(z @ self.coef.T + self.intercept)

    def predict_proba(self, features: np.ndarray) -> np.ndarray:
        """Calibrated probability of each theme for each row (n × themes); NaN for untrained
        themes."""
        probs = sigmoid(self.logits(features) * self.calib_slope + self.calib_intercept)
        probs[:, ~self.trained] = np.nan
        return probs


def fit_classifier(
    features: np.ndarray,
    labels: np.ndarray,
    weights: np.ndarray,
    themes: Sequence[str],
    c: float,
    raw_columns: int = 0,
    groups: Sequence[str] | None = None,
    folds: int = 5,
) -> tuple[ThemeClassifier, np.ndarray]:
    """Fit one balanced logistic regression per theme and its calibration; returns the
    classifier and every row's calibrated probability *out of fold* (n × themes, NaN where a
    theme could not be split into folds), which is what tuning the decision needs.

    `labels` is (n × themes) with 1, 0 or -1 (not labelled for that theme: the row is left out
    of that theme's fit). The first `raw_columns` (the embedding) are left unscaled:
    standardising hundreds of weak embedding dimensions would let them drown the few strong
    named features on a small training set. `groups` (stories) keep rewrites of one story on
    one side of the folds that score the rows out of fold."""
    mean = features.mean(axis=0)
    scale = features.std(axis=0)
    scale[scale < 1e-6] = 1.0
    mean[:raw_columns] = 0.0
    scale[:raw_columns] = 1.0
    z = (features - mean) / scale
    story = np.array(list(groups) if groups is not None else range(len(features)), dtype=str)
    fit = fit_per_theme(z, labels, weights, story, c, folds)
    model = ThemeClassifier(
        tuple(themes), fit.coef, fit.intercept, mean, scale, fit.trained, fit.slope, fit.shift
    )
    return model, fit.held_out


@dataclass(frozen=True, slots=True)
class PerThemeFit:
    """One calibrated regression per theme column, and each row's out-of-fold probability."""

    coef: np.ndarray  # (themes, features)
    intercept: np.ndarray
    trained: np.ndarray  # False where a theme's labels are all one value
    slope: np.ndarray  # Platt scaling per theme (identity when too few labels to split)
    shift: np.ndarray
    held_out: np.ndarray  # (rows, themes), NaN where not labelled or not calibrated


def fit_per_theme(
    z: np.ndarray | sparse.csr_matrix,
    labels: np.ndarray,
    weights: np.ndarray,
    story: np.ndarray,
    c: float,
    folds: int,
) -> PerThemeFit:
    """Fit and calibrate each theme's regression on the rows labelled for it (label >= 0),
    over dense or sparse features; the theme classifier and the wording model share it."""
    n_themes = labels.shape[1]
    coef = np.zeros((n_themes, z.shape[1]))
    intercept = np.zeros(n_themes)
    trained = np.zeros(n_themes, dtype=bool)
    slope, shift = np.ones(n_themes), np.zeros(n_themes)
    held_out = np.full((z.shape[0], n_themes), np.nan)
    for j in range(n_themes):
        rows = np.flatnonzero(labels[:, j] >= 0)
        y = labels[rows, j]
        if y.sum() == 0 or y.sum() == len(y):
            continue
        coef[j], intercept[j] = fit_one(z[rows], y, weights[rows], c)
        trained[j] = True
        logits = out_of_fold_logits(z[rows], y, weights[rows], story[rows], c, folds)
        if logits is not None:
            slope[j], shift[j] = platt_scaling(logits, y)
            held_out[rows, j] = sigmoid(logits * slope[j] + shift[j])
    return PerThemeFit(coef, intercept, trained, slope, shift, held_out)


def sigmoid(x: np.ndarray) -> np.ndarray:
    return np.asarray(1.0 / (1.0 + np.exp(-np.clip(x, -30, 30))))


def fit_one(
    z: np.ndarray | sparse.csr_matrix, y: np.ndarray, weights: np.ndarray, c: float
) -> tuple[np.ndarray, float]:
    """One theme's balanced logistic regression over dense or sparse features: weights, bias."""
    # liblinear: five times faster than lbfgs on a few hundred rows, and nested evaluation
    # fits these regressions hundreds of times
    model = LogisticRegression(
        C=max(c, 1e-6), class_weight="balanced", solver="liblinear", max_iter=5000
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        model.fit(z, y, sample_weight=weights)
    return model.coef_[0], float(model.intercept_[0])


def out_of_fold_logits(
    z: np.ndarray | sparse.csr_matrix,
    y: np.ndarray,
    weights: np.ndarray,
    story: np.ndarray,
    c: float,
    folds: int,
) -> np.ndarray | None:
    """Each row's logit from a regression fitted without its story; None when the labels are
    too few to split (the calibration is then left as the identity)."""
    folds = min(folds, len(set(story)), int(y.sum()), int(len(y) - y.sum()))
    if folds < 2:
        return None
    out = np.zeros(len(y))
    for train, test in GroupKFold(n_splits=folds).split(z, y, groups=story):
        if y[train].min() == y[train].max():
            return None
        coef, intercept = fit_one(z[train], y[train], weights[train], c)
        out[test] = z[test] @ coef + intercept
    return out


def platt_scaling(logits: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    """Slope and intercept mapping a logit to a calibrated probability (a mildly regularised
    one-feature logistic regression: few positives, no perfect separation blow-up)."""
    model = LogisticRegression(C=1.0, max_iter=1000)
    model.fit(logits.reshape(-1, 1), y)
    return float(model.coef_[0, 0]), float(model.intercept_[0])


def save_model(folder: Path, model: ThemeClassifier, manifest: Mapping[str, object]) -> None:
    """Write the weights, then the manifest that vouches for them (atomically each)."""
    sha = save_arrays(
        folder / WEIGHTS,
        dict(
            coef=model.coef.astype(np.float64),
            intercept=model.intercept.astype(np.float64),
            mean=model.mean.astype(np.float64),
            scale=model.scale.astype(np.float64),
            trained=model.trained.astype(bool),
            calib_slope=model.calib_slope.astype(np.float64),
            calib_intercept=model.calib_intercept.astype(np.float64),
            themes=np.array(model.themes, dtype=str),
        ),
    )
    body = {**manifest, "format": FORMAT, "themes": list(model.themes), "weights_sha256": sha}
    write_manifest(folder / MANIFEST, body)


def read_manifest(folder: Path) -> dict:
    """The manifest of the model in `folder`; ModelStale when absent or unreadable."""
    path = folder / MANIFEST
    if not path.is_file():
        raise ModelStale(f"no theme model in {folder}")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ModelStale(f"theme model manifest {path} unreadable ({exc})") from exc
    if not isinstance(data, dict):
        raise ModelStale(f"theme model manifest {path} is not an object")
    return data


def load_model(folder: Path, expected: Mapping[str, object]) -> tuple[ThemeClassifier, dict]:
    """The stored classifier and its manifest, if built for `expected` (see CHECKED)."""
    manifest = read_manifest(folder)
    for key in CHECKED:
        want = expected.get(key, FORMAT if key == "format" else None)
        if manifest.get(key) != want:
            raise ModelStale(
                f"theme model in {folder} was built for {key}={manifest.get(key)!r}, "
                f"this configuration has {want!r}"
            )
    for key in CHECKED_IF_KNOWN:
        if expected.get(key) and manifest.get(key) != expected[key]:
            raise ModelStale(f"theme model in {folder} was trained on another gold set ({key})")
    weights = folder / WEIGHTS
    if not vouched_for(weights, manifest.get("weights_sha256")):
        raise ModelStale(
            f"theme model weights {weights} missing or not the ones its manifest names"
        )
    try:
        with np.load(weights, allow_pickle=False) as z:
            model = ThemeClassifier(
                themes=tuple(str(t) for t in z["themes"].tolist()),
                coef=z["coef"],
                intercept=z["intercept"],
                mean=z["mean"],
                scale=z["scale"],
                trained=z["trained"].astype(bool),
                calib_slope=z["calib_slope"],
                calib_intercept=z["calib_intercept"],
            )
    except (OSError, ValueError, KeyError) as exc:
        raise ModelStale(f"theme model weights {weights} unreadable ({exc})") from exc
    themes = expected.get("themes")
    if list(model.themes) != (list(themes) if isinstance(themes, list | tuple) else []):
        raise ModelStale(f"theme model in {folder} has themes {model.themes}")
    known = expected.get("n_features")
    n_features = known if isinstance(known, int) and known else int(model.coef.shape[1])
    if model.coef.shape != (len(model.themes), n_features):
        raise ModelStale(
            f"theme model in {folder} has {model.coef.shape[1]} features, not {n_features}"
        )
    return model, manifest
