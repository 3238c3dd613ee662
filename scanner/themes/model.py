"""The theme classifier: one scikit-learn logistic regression per theme, stored without pickle.

    model = fit_classifier(features, labels, weights, themes, c=3.0)
    save_model(folder, model, manifest)          # classifier.npz + manifest.json
    model = load_model(folder, expected)         # ModelStale when built for something else

The artefact is plain arrays (coefficients, intercepts, feature standardisation) in an .npz and
a manifest.json saying what it was trained for — embedding model, taxonomy digest, feature
digest — and on what (gold items, curator labels). `load_model` refuses an artefact whose
manifest does not match the running configuration, or whose weights file does not match its
checksum, so a model trained for another embedding or taxonomy is never used silently.
"""

from __future__ import annotations

import hashlib
import json
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import LogisticRegression

from scanner.errors import ScannerError

FORMAT = 1
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

    def predict_proba(self, features: np.ndarray) -> np.ndarray:
        """Probability of each theme for each row (n × themes); NaN for untrained themes."""
        z = (np.atleast_2d(features) - self.mean) / self.scale
        logits = z @ self.coef.T + self.intercept
        probs = 1.0 / (1.0 + np.exp(-np.clip(logits, -30, 30)))
        probs[:, ~self.trained] = np.nan
        return probs


def fit_classifier(
    features: np.ndarray,
    labels: np.ndarray,
    weights: np.ndarray,
    themes: Sequence[str],
    c: float,
    raw_columns: int = 0,
) -> ThemeClassifier:
    """Fit one balanced logistic regression per theme. `labels` is (n × themes) with 1, 0 or
    -1 (not labelled for that theme: the row is left out of that theme's fit). The first
    `raw_columns` (the embedding) are left unscaled: standardising hundreds of weak embedding
    dimensions would let them drown the few strong named features on a small training set."""
    n_features = features.shape[1]
    mean = features.mean(axis=0)
    scale = features.std(axis=0)
    scale[scale < 1e-6] = 1.0
    mean[:raw_columns] = 0.0
    scale[:raw_columns] = 1.0
    z = (features - mean) / scale
    coef = np.zeros((len(themes), n_features))
    intercept = np.zeros(len(themes))
    trained = np.zeros(len(themes), dtype=bool)
    for j in range(len(themes)):
        rows = labels[:, j] >= 0
        y = labels[rows, j]
        if y.sum() == 0 or y.sum() == len(y):
            continue
        model = LogisticRegression(C=max(c, 1e-6), class_weight="balanced", max_iter=5000)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            model.fit(z[rows], y, sample_weight=weights[rows])
        coef[j] = model.coef_[0]
        intercept[j] = model.intercept_[0]
        trained[j] = True
    return ThemeClassifier(tuple(themes), coef, intercept, mean, scale, trained)


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def save_model(folder: Path, model: ThemeClassifier, manifest: Mapping[str, object]) -> None:
    """Write the weights, then the manifest that vouches for them (atomically each)."""
    folder.mkdir(parents=True, exist_ok=True)
    tmp = folder / f".{WEIGHTS}.tmp.npz"
    np.savez(
        tmp,
        coef=model.coef.astype(np.float64),
        intercept=model.intercept.astype(np.float64),
        mean=model.mean.astype(np.float64),
        scale=model.scale.astype(np.float64),
        trained=model.trained.astype(bool),
        themes=np.array(model.themes, dtype=str),
    )
    tmp.replace(folder / WEIGHTS)
    body = {**manifest, "format": FORMAT, "themes": list(model.themes)}
    body["weights_sha256"] = _sha256(folder / WEIGHTS)
    tmp_manifest = folder / f".{MANIFEST}.tmp"
    tmp_manifest.write_text(json.dumps(body, indent=2, ensure_ascii=False) + "\n", "utf-8")
    tmp_manifest.replace(folder / MANIFEST)


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
    if not weights.is_file() or _sha256(weights) != manifest.get("weights_sha256"):
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
