"""The stage classifier: a multinomial logistic regression over cue counts and the article
vector, stored as plain arrays (no pickle) with a manifest, like the theme classifier.

    model = fit_stage_classifier(features, stages, c=0.5, raw_from=6)
    save_stage_model(folder, model, manifest)
    model = load_stage_model(folder, expected)      # StageModelStale when built for another setup
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
from scanner.records import STAGES

FORMAT = 1
WEIGHTS = "classifier.npz"
MANIFEST = "manifest.json"
CHECKED = ("format", "embedding_model", "dim", "cue_digest", "stages")


class StageModelStale(ScannerError):
    """The stored stage model is missing, corrupt, or was built for another configuration."""


@dataclass(frozen=True, slots=True)
class StageClassifier:
    """Softmax over the stages it saw in training (`classes`, indices into STAGES)."""

    classes: np.ndarray  # (k,) int
    coef: np.ndarray  # (k, features)
    intercept: np.ndarray  # (k,)
    mean: np.ndarray  # (features,)
    scale: np.ndarray  # (features,)

    def predict_proba(self, features: np.ndarray) -> np.ndarray:
        """Probability of every stage (n × len(STAGES); 0 for stages never seen)."""
        z = (np.atleast_2d(features) - self.mean) / self.scale
        logits = z @ self.coef.T + self.intercept
        logits -= logits.max(axis=1, keepdims=True)
        p = np.exp(logits)
        p /= p.sum(axis=1, keepdims=True)
        out = np.zeros((len(p), len(STAGES)))
        out[:, self.classes] = p
        return out


def fit_stage_classifier(
    features: np.ndarray, stages: Sequence[int], c: float, raw_from: int
) -> StageClassifier:
    """Fit on rows labelled with a stage index; columns from `raw_from` on (the embedding)
    are left unscaled, as in the theme classifier. Classes are balanced: a watch sees many
    more market and policy news than regulatory decisions."""
    y = np.asarray(stages)
    mean = features.mean(axis=0)
    scale = features.std(axis=0)
    scale[scale < 1e-6] = 1.0
    mean[raw_from:] = 0.0
    scale[raw_from:] = 1.0
    classes = np.unique(y)
    if len(classes) < 2:
        raise StageModelStale("the stage classifier needs at least two stages in training")
    model = LogisticRegression(C=max(c, 1e-6), class_weight="balanced", max_iter=5000)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        model.fit((features - mean) / scale, y)
    coef, intercept = model.coef_, model.intercept_
    if len(classes) == 2:  # scikit-learn keeps one row for two classes
        coef = np.vstack([-coef[0] / 2, coef[0] / 2])
        intercept = np.array([-intercept[0] / 2, intercept[0] / 2])
    return StageClassifier(classes.astype(int), coef, intercept, mean, scale)


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def save_stage_model(folder: Path, model: StageClassifier, manifest: Mapping[str, object]) -> None:
    """Write the weights, then the manifest that vouches for them (atomically each)."""
    folder.mkdir(parents=True, exist_ok=True)
    tmp = folder / f".{WEIGHTS}.tmp.npz"
    np.savez(
        tmp,
        classes=model.classes.astype(np.int64),
        coef=model.coef.astype(np.float64),
        intercept=model.intercept.astype(np.float64),
        mean=model.mean.astype(np.float64),
        scale=model.scale.astype(np.float64),
    )
    tmp.replace(folder / WEIGHTS)
    body = {**manifest, "format": FORMAT, "stages": list(STAGES)}
    body["weights_sha256"] = _sha256(folder / WEIGHTS)
    tmp_manifest = folder / f".{MANIFEST}.tmp"
    tmp_manifest.write_text(json.dumps(body, indent=2, ensure_ascii=False) + "\n", "utf-8")
    tmp_manifest.replace(folder / MANIFEST)


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
    if not weights.is_file() or _sha256(weights) != manifest.get("weights_sha256"):
        raise StageModelStale(f"stage model weights {weights} missing or not its manifest's")
    try:
        with np.load(weights, allow_pickle=False) as z:
            model = StageClassifier(
                classes=z["classes"].astype(int),
                coef=z["coef"],
                intercept=z["intercept"],
                mean=z["mean"],
                scale=z["scale"],
            )
    except (OSError, ValueError, KeyError) as exc:
        raise StageModelStale(f"stage model weights {weights} unreadable ({exc})") from exc
    wanted = expected.get("n_features")
    n_features = wanted if isinstance(wanted, int) else model.coef.shape[1]
    if model.coef.shape[1] != n_features or model.classes.max(initial=0) >= len(STAGES):
        raise StageModelStale(f"stage model in {folder} does not fit {n_features} features")
    return model, manifest
