"""Training and judging the learnt payer linker (`scanner facts train`, `scanner facts compare`).

    cases = collect_sets(extractor, folders)        # corpus label -> gold amounts with candidates
    rows = compare(cases)                           # leave one corpus out: rules vs rules+model
    linker, report = fit_linker(cases)              # on every set, thresholds tuned in folds

Leave-one-corpus-out mimics a new writer: the model is fitted on the other corpora, its
thresholds are tuned by 5-fold cross-validation (folds by item) inside them, and the left-out
corpus is scored once, with the rules alone and with rules + model. Everything is
deterministic (folds by sorted item id, lbfgs).
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import LogisticRegression

from scanner.eval.facts import _matched
from scanner.eval.linker_data import AmountCase, collect_cases
from scanner.eval.metrics import PRF, normalise
from scanner.nlp.facts.linker import FactLinker, PayerModel, Thresholds, add_payers
from scanner.nlp.facts.parties import NO_PAYER

C = 1.0  # inverse regularisation of the logistic regression
FOLDS = 5
ADD = (0.5, 0.6, 0.7, 0.8, 0.9)
TOP = (0.2, 0.3, 0.4, 0.5, 1.01)  # 1.01: never the best candidate alone


def collect_sets(
    extractor: Any, folders: Sequence[Path], progress: Callable[[str], None] | None = None
) -> dict[str, list[AmountCase]]:
    """The gold amounts of each training folder (labelled by folder name; the project's gold
    set, whose folder is `corpora` itself, as `gold`)."""
    out: dict[str, list[AmountCase]] = {}
    for folder in folders:
        label = "gold" if (folder / "gold").is_dir() and folder.name == "corpora" else folder.name
        if progress:
            progress(label)
        out[label] = collect_cases(extractor, folder, label)
    return out


def _usable(cases: Sequence[AmountCase]) -> list[AmountCase]:
    return [c for c in cases if c.found and c.fact is not None and len(c.names) and not c.crowded]


def fit_payer(cases: Sequence[AmountCase]) -> PayerModel:
    """The logistic regression over every candidate of these amounts."""
    usable = _usable(cases)
    if not usable:
        raise ValueError("no gold amount with a candidate to train the fact linker on")
    x = np.vstack([c.rows for c in usable])
    y = np.concatenate([c.payer for c in usable]).astype(int)
    if y.min() == y.max():
        raise ValueError("the fact linker needs payers and non-payers in training")
    model = LogisticRegression(C=C, max_iter=5000)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        model.fit(x, y)
    return PayerModel(model.coef_[0].copy(), float(model.intercept_[0]))


def payers_of(case: AmountCase, p: np.ndarray | None, th: Thresholds | None) -> tuple[str, ...]:
    """The payers the extractor gives a case: the rules', plus the model's when given."""
    f = case.fact
    if f is None:
        return ()
    if p is None or th is None or case.crowded or f.role in NO_PAYER or not len(case.names):
        return f.payers
    return f.payers + add_payers(case.names, p, f, th)


def score_payers(
    cases: Sequence[AmountCase],
    probs: Sequence[np.ndarray | None] | None = None,
    th: Thresholds | None = None,
) -> PRF:
    """Payer figures of the cases, with the rules alone (no `probs`) or rules + model."""
    tp = fp = fn = 0
    for k, c in enumerate(cases):
        want = {normalise(n) for n in c.gold.payers}
        if not c.found:
            fn += len(want)
            continue
        p = probs[k] if probs is not None else None
        got = {normalise(n) for n in payers_of(c, p, th)}
        hit = _matched(got, want, c.item_names)
        tp, fp, fn = tp + hit, fp + len(got) - hit, fn + len(want) - hit
    return PRF(tp, fp, fn)


def probabilities(model: PayerModel, cases: Sequence[AmountCase]) -> list[np.ndarray | None]:
    return [model.proba(c.rows) if c.found and len(c.names) else None for c in cases]


def tune_thresholds(cases: Sequence[AmountCase]) -> Thresholds:
    """The thresholds with the best payer F1 over out-of-fold probabilities (5 folds by item,
    items in sorted order)."""
    items = sorted({(c.corpus, c.item) for c in cases})
    fold = {item: k % FOLDS for k, item in enumerate(items)}
    scored: list[tuple[list[AmountCase], list[np.ndarray | None]]] = []
    for k in range(FOLDS):
        train = [c for c in cases if fold[(c.corpus, c.item)] != k]
        test = [c for c in cases if fold[(c.corpus, c.item)] == k]
        if not test:
            continue
        scored.append((test, probabilities(fit_payer(train), test)))
    best, best_f1 = Thresholds(), -1.0
    for add in ADD:
        for top in TOP:
            th = Thresholds(add, top)
            f1 = sum(score_payers(t, p, th).f1 for t, p in scored)
            if f1 > best_f1 + 1e-9:
                best, best_f1 = th, f1
    return best


def fit_linker(cases: Mapping[str, Sequence[AmountCase]]) -> FactLinker:
    """The linker fitted on every set, its thresholds tuned in folds over them."""
    pool = [c for label in sorted(cases) for c in cases[label]]
    return FactLinker(fit_payer(pool), tune_thresholds(pool))


@dataclass(frozen=True, slots=True)
class Comparison:
    """One left-out corpus: payer figures with the rules alone and with rules + model."""

    corpus: str
    amounts: int
    rules: PRF
    model: PRF
    thresholds: Thresholds


def compare(cases: Mapping[str, Sequence[AmountCase]]) -> list[Comparison]:
    """Leave one corpus out: fit and tune on the others, score the left-out one."""
    out = []
    for held in sorted(cases):
        linker = fit_linker({k: v for k, v in cases.items() if k != held})
        test = cases[held]
        probs = probabilities(linker.payer, test)
        out.append(
            Comparison(
                held,
                len(test),
                score_payers(test),
                score_payers(test, probs, linker.thresholds),
                linker.thresholds,
            )
        )
    return out


def format_comparison(rows: Sequence[Comparison]) -> str:
    """The leave-one-corpus-out table."""
    lines = [
        "payers, leave one corpus out (fitted and tuned on the others):",
        f"{'corpus':<16}{'amounts':>8}  {'rules P/R/F1':<22}{'rules+model P/R/F1':<22}thresholds",
    ]
    for r in rows:
        a, b = r.rules, r.model
        rules = f"{a.precision:.3f}/{a.recall:.3f}/{a.f1:.3f}"
        model = f"{b.precision:.3f}/{b.recall:.3f}/{b.f1:.3f}"
        lines.append(
            f"{r.corpus:<16}{r.amounts:>8}  {rules:<22}{model:<22}"
            f"add {r.thresholds.add}, top {r.thresholds.top}"
        )
    return "\n".join(lines)
