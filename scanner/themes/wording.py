"""The wording each theme is told in, learnt from the labelled items: tf-idf + logistic regression.

    wording, held_out = fit_wording(texts, labels, weights, themes, c=4.0, groups=stories)
    wording.predict_proba(texts)        # n × themes, calibrated
    wording.words(text, j)              # the words of `text` that speak most for theme j
    save_wording(folder, wording); load_wording(folder, sha256)

The embedding model reads English best, and the taxonomy's keywords are a short hand-written
list: an article that tells a theme in its own French words ("un générateur d'hémodialyse",
"un agenda médical en ligne") can fall between both. This part learns the words of each theme
from every labelled item, word n-grams (one and two words) and character n-grams (3 to 5
characters inside words, so "défibrillateurs" shares most of its evidence with "défibrillateur"
and a misspelt or inflected form still counts), over the accent-folded lower-cased text. One
balanced logistic regression per theme, its output calibrated like the classifier's (Platt
scaling on out-of-fold logits, by story), so 0.8 means 0.8.

Explainable: `words` lists the word n-grams of the text with the largest positive weight for
the theme, which the bulletin prints as the learnt words that counted. The artefact is plain
arrays (vocabularies, idf, coefficients, calibration) in an .npz: no pickle.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer

from scanner.artefacts import save_arrays, vouched_for
from scanner.text.folding import fold
from scanner.themes.model import ModelStale, fit_per_theme, sigmoid

WORDING = "wording.npz"
MAX_CHARS = 20_000  # a long report is read to here: the title and lead carry the theme
WORD_NGRAMS = (1, 2)
CHAR_NGRAMS = (3, 5)
MAX_CHAR_FEATURES = 30_000  # the most frequent character n-grams kept (all word ones are)
MIN_DF = 2  # an n-gram met in one labelled item only says nothing general


def folded(text: str) -> str:
    """What the wording model reads: the text's beginning, accent-folded and lower-cased."""
    return fold(text[:MAX_CHARS])


def _word_vectorizer(vocabulary: Sequence[str] | None = None) -> TfidfVectorizer:
    return TfidfVectorizer(
        ngram_range=WORD_NGRAMS,
        min_df=1 if vocabulary is not None else MIN_DF,
        sublinear_tf=True,
        vocabulary=list(vocabulary) if vocabulary is not None else None,
    )


def _char_vectorizer(vocabulary: Sequence[str] | None = None) -> TfidfVectorizer:
    return TfidfVectorizer(
        analyzer="char_wb",
        ngram_range=CHAR_NGRAMS,
        min_df=1 if vocabulary is not None else MIN_DF,
        max_features=None if vocabulary is not None else MAX_CHAR_FEATURES,
        sublinear_tf=True,
        vocabulary=list(vocabulary) if vocabulary is not None else None,
    )


@dataclass(frozen=True, slots=True)
class WordingModel:
    """Per-theme logistic regressions over word and character tf-idf; `trained[j]` is False
    for a theme without both positive and negative items (its probability is then NaN)."""

    themes: tuple[str, ...]
    word_terms: tuple[str, ...]
    word_idf: np.ndarray
    char_terms: tuple[str, ...]
    char_idf: np.ndarray
    coef: np.ndarray  # (themes, words + chars)
    intercept: np.ndarray
    trained: np.ndarray
    calib_slope: np.ndarray
    calib_intercept: np.ndarray
    vectorizers: tuple[TfidfVectorizer, TfidfVectorizer] = field(
        init=False, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        words, chars = _word_vectorizer(self.word_terms), _char_vectorizer(self.char_terms)
        words.idf_, chars.idf_ = self.word_idf, self.char_idf
        object.__setattr__(self, "vectorizers", (words, chars))

    def matrix(self, texts: Sequence[str]) -> sparse.csr_matrix:
        """The tf-idf rows of some texts (word n-grams, then character n-grams)."""
        words, chars = self.vectorizers
        prepared = [folded(t) for t in texts]
        return sparse.hstack([words.transform(prepared), chars.transform(prepared)]).tocsr()

    def predict_proba(self, texts: Sequence[str]) -> np.ndarray:
        """Calibrated probability of each theme for each text (n × themes)."""
        logits = np.asarray(self.matrix(texts) @ self.coef.T) + self.intercept
        probs = sigmoid(logits * self.calib_slope + self.calib_intercept)
        probs[:, ~self.trained] = np.nan
        return probs

    def words(self, text: str, j: int, limit: int = 4) -> list[str]:
        """The word n-grams of `text` that weigh most for theme `j` (weight × tf-idf > 0)."""
        if not self.trained[j]:
            return []
        words = self.vectorizers[0]
        row = words.transform([folded(text)]).tocoo()
        weights = self.coef[j, row.col] * row.data
        order = np.argsort(-weights)[:limit]
        return [self.word_terms[row.col[i]] for i in order if weights[i] > 0]


def fit_wording(
    texts: Sequence[str],
    labels: np.ndarray,
    weights: np.ndarray,
    themes: Sequence[str],
    c: float,
    groups: Sequence[str] | None = None,
    folds: int = 5,
) -> tuple[WordingModel, np.ndarray]:
    """Fit the vocabularies and one balanced regression per theme with its calibration;
    returns the model and every text's calibrated probability *out of fold* (n × themes,
    NaN where a theme could not be split into folds). `labels` as `fit_classifier`'s: 1, 0,
    or -1 for a theme a row is not labelled for."""
    prepared = [folded(t) for t in texts]
    words, chars = _word_vectorizer(), _char_vectorizer()
    x = sparse.hstack([words.fit_transform(prepared), chars.fit_transform(prepared)]).tocsr()
    story = np.array(list(groups) if groups is not None else range(len(texts)), dtype=str)
    fit = fit_per_theme(x, labels, weights, story, c, folds)
    model = WordingModel(
        themes=tuple(themes),
        word_terms=tuple(str(t) for t in words.get_feature_names_out()),
        word_idf=np.asarray(words.idf_),
        char_terms=tuple(str(t) for t in chars.get_feature_names_out()),
        char_idf=np.asarray(chars.idf_),
        coef=fit.coef,
        intercept=fit.intercept,
        trained=fit.trained,
        calib_slope=fit.slope,
        calib_intercept=fit.shift,
    )
    return model, fit.held_out


def save_wording(folder: Path, model: WordingModel) -> str:
    """Write the model (atomically); returns its file's sha256 for the manifest to vouch for."""
    return save_arrays(
        folder / WORDING,
        dict(
            themes=np.array(model.themes, dtype=str),
            word_terms=np.array(model.word_terms, dtype=str),
            word_idf=model.word_idf.astype(np.float64),
            char_terms=np.array(model.char_terms, dtype=str),
            char_idf=model.char_idf.astype(np.float64),
            coef=model.coef.astype(np.float32),
            intercept=model.intercept.astype(np.float64),
            trained=model.trained.astype(bool),
            calib_slope=model.calib_slope.astype(np.float64),
            calib_intercept=model.calib_intercept.astype(np.float64),
        ),
        compressed=True,
    )


def load_wording(folder: Path, sha256: object, themes: Sequence[str]) -> WordingModel:
    """The stored wording model, if it is the file the manifest names and has `themes`."""
    path = folder / WORDING
    if not vouched_for(path, sha256):
        raise ModelStale(f"theme wording model {path} missing or not the one its manifest names")
    try:
        with np.load(path, allow_pickle=False) as z:
            model = WordingModel(
                themes=tuple(str(t) for t in z["themes"].tolist()),
                word_terms=tuple(str(t) for t in z["word_terms"].tolist()),
                word_idf=z["word_idf"],
                char_terms=tuple(str(t) for t in z["char_terms"].tolist()),
                char_idf=z["char_idf"],
                coef=z["coef"].astype(np.float64),
                intercept=z["intercept"],
                trained=z["trained"].astype(bool),
                calib_slope=z["calib_slope"],
                calib_intercept=z["calib_intercept"],
            )
    except (OSError, ValueError, KeyError) as exc:
        raise ModelStale(f"theme wording model {path} unreadable ({exc})") from exc
    if list(model.themes) != list(themes):
        raise ModelStale(f"theme wording model {path} has themes {model.themes}")
    if model.coef.shape != (len(themes), len(model.word_terms) + len(model.char_terms)):
        raise ModelStale(f"theme wording model {path} has inconsistent arrays")
    return model
