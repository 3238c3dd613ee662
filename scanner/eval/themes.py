"""Theme quality on the gold set (`scanner eval --only themes`), honestly measured.

    report = evaluate_themes(cfg, Path("corpora"))
    print(report.format_report()); report.macro_f1

The classifier is cross-validated: k folds *by story* (near-duplicate rewrites share a story and
never straddle train and test), so every gold item is scored by a model that never saw it or
its rewrites. The similarity and lexical parts need no training and are scored as they are.
Four systems are reported per theme and per language: the taxonomy similarity alone (the
baseline), the keywords alone, the classifier alone and the combined score the product uses.
Off-topic accuracy is the share of off-topic items given no theme. With a `store`, the
curators' labels join every fold's training data (never the test data).

On another folder than the training gold (`[themes].gold`), such as the held-out set
`corpora/heldout/`, nothing is refitted: the trained model scores the items as the product
would (`evaluate_themes` chooses, `heldout=True` in the report says so).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from sklearn.model_selection import GroupKFold

from scanner.config import Config
from scanner.errors import InputError
from scanner.eval.metrics import PRF
from scanner.store import Store
from scanner.themes.data import Example, curator_examples, gold_examples, merge_examples
from scanner.themes.scoring import (
    ThemeScorer,
    combine,
    example_vectors,
    fit_scorer_model,
    gold_folder,
    load_theme_scorer,
)
from scanner.vectors.embed import encode_passages, load_embedder

SYSTEMS = ("similarity", "lexical", "classifier", "combined")
SYSTEM_LABELS = {
    "similarity": "taxonomy similarity alone (baseline)",
    "lexical": "keywords alone",
    "classifier": "classifier alone",
    "combined": "combined (what the product uses)",
}


@dataclass(frozen=True, slots=True)
class SystemScore:
    """One system's figures on a set of items."""

    per_theme: dict[str, PRF]
    macro_f1: float  # over themes with a gold or predicted item in the set
    micro_f1: float
    offtopic_accuracy: float | None  # None: no off-topic item in the set
    items: int


@dataclass(frozen=True, slots=True)
class ItemPrediction:
    """One gold item: its gold themes and those the combined score assigns it (cross-validated)."""

    id: str
    lang: str
    title: str
    gold: tuple[str, ...]
    assigned: tuple[str, ...]
    best: str
    best_score: float


@dataclass(frozen=True, slots=True)
class ThemeReport:
    """Per-system, per-language theme figures on the gold set."""

    themes: tuple[str, ...]
    support: dict[str, int]
    overall: dict[str, SystemScore]
    by_lang: dict[str, dict[str, SystemScore]]
    items: int
    offtopic: int
    folds: int
    curator_labels: int = 0
    predictions: tuple[ItemPrediction, ...] = ()
    heldout: bool = False

    @property
    def macro_f1(self) -> float:
        return self.overall["combined"].macro_f1

    @property
    def baseline_macro_f1(self) -> float:
        return self.overall["similarity"].macro_f1

    def figures(self) -> dict[str, float]:
        """Named figures (`macro_f1`, `offtopic`, `f1.<theme>`…) for the eval gate and `--json`."""
        comb = self.overall["combined"]
        out = {
            "macro_f1": comb.macro_f1,
            "micro_f1": comb.micro_f1,
            "baseline.macro_f1": self.baseline_macro_f1,
        }
        if comb.offtopic_accuracy is not None:
            out["offtopic"] = comb.offtopic_accuracy
        out.update({f"f1.{k}": comb.per_theme[k].f1 for k in self.themes if self.support[k]})
        return out

    def format_report(self) -> str:
        base, comb = self.overall["similarity"], self.overall["combined"]
        how = (
            "held-out items scored by the trained model (no refitting)"
            if self.heldout
            else f"classifier cross-validated over {self.folds} folds by story"
        )
        lines = [
            f"Themes — {self.items} gold items ({self.offtopic} off-topic), {how}"
            + (
                f", + {self.curator_labels} curator label(s) in training"
                if self.curator_labels
                else ""
            ),
            "",
            f"{'theme':<22} {'n':>3}   {'baseline P/R/F1':<18}   {'combined P/R/F1':<18}",
        ]
        for k in self.themes:
            b, c = base.per_theme[k], comb.per_theme[k]
            lines.append(f"{k:<22} {self.support[k]:>3}   {_prf(b):<18}   {_prf(c):<18}")
        langs = sorted(self.by_lang)
        head = f"{'system':<40} {'macro-F1':>8} {'micro-F1':>8} {'off-topic':>9}"
        head += "".join(f" {f'{lang} macro/micro':>17}" for lang in langs)
        lines += ["", head]
        for name in SYSTEMS:
            s = self.overall[name]
            label = SYSTEM_LABELS[name]
            if name == "classifier" and not self.heldout:
                label += " (cross-validated)"
            row = f"{label:<40} {s.macro_f1:>8.3f} {s.micro_f1:>8.3f} {_acc(s):>9}"
            for lang in langs:
                ls = self.by_lang[lang][name]
                row += f" {f'{ls.macro_f1:.3f}/{ls.micro_f1:.3f}':>17}"
            lines.append(row)
        lines.append(
            "items per language: "
            + ", ".join(f"{lang} {self.by_lang[lang]['combined'].items}" for lang in langs)
        )
        lines.append(
            f"macro-F1 combined {self.macro_f1:.3f} (baseline {self.baseline_macro_f1:.3f})"
        )
        return "\n".join(lines)


def _prf(s: PRF) -> str:
    return f"{s.precision:.2f} {s.recall:.2f} {s.f1:.2f}"


def _acc(s: SystemScore) -> str:
    return "-" if s.offtopic_accuracy is None else f"{s.offtopic_accuracy:.2f}"


def score_system(gold: np.ndarray, pred: np.ndarray, themes: Sequence[str]) -> SystemScore:
    """Figures of 0/1 predictions against 0/1 gold (items × themes)."""
    per = {}
    for j, k in enumerate(themes):
        g, p = gold[:, j] == 1, pred[:, j] == 1
        per[k] = PRF(int((g & p).sum()), int((~g & p).sum()), int((g & ~p).sum()))
    present = [k for j, k in enumerate(themes) if gold[:, j].any() or pred[:, j].any()]
    macro = float(np.mean([per[k].f1 for k in present])) if present else 0.0
    pooled = sum((per[k] for k in themes), PRF(0, 0, 0))
    off = ~gold.any(axis=1)
    acc = float((~pred[off].any(axis=1)).mean()) if off.any() else None
    return SystemScore(per, macro, pooled.f1, acc, len(gold))


def evaluate_themes(cfg: Config, corpora: Path, store: Store | None = None) -> ThemeReport:
    """Theme figures on `corpora/gold`: cross-validated on the training gold set, else scored by
    the trained model (see the module docstring). Curators' labels count only with a `store`."""
    if Path(corpora).resolve() != gold_folder(cfg).resolve():
        return evaluate_heldout(cfg, corpora, store)
    keys = cfg.theme_keys
    gold = gold_examples(corpora, keys)
    curated = curator_examples(store, keys, cfg.themes.curator_weight) if store else []
    merged = merge_examples(gold, curated)  # gold items first, in order, then curated extras
    embedder = load_embedder(cfg.embed)
    scorer = ThemeScorer(cfg, embedder)
    vectors = example_vectors(cfg, embedder, store, merged)
    feats = [scorer.features(e.article, vectors[e.article.id]) for e in merged]
    n = len(gold)
    groups = np.array([e.group for e in gold])
    folds = min(max(2, cfg.themes.folds), len(set(groups)))
    if folds < 2:
        raise InputError("the gold set needs at least two stories to cross-validate")
    sim = np.vstack([scorer.similarity_part(f) for f in feats[:n]])
    lex = np.vstack([f.lex for f in feats[:n]])
    clf = np.full((n, len(keys)), np.nan)
    extras = list(range(n, len(merged)))
    for train, test in GroupKFold(n_splits=folds).split(np.zeros(n), groups=groups):
        rows = list(train) + extras
        scorer.classifier = fit_scorer_model(scorer, [merged[i] for i in rows], vectors)
        for i in test:
            clf[i] = scorer.classifier_part(feats[i])
    return _report(cfg, gold, sim, clf, lex, folds, curated)


def evaluate_heldout(cfg: Config, corpora: Path, store: Store | None = None) -> ThemeReport:
    """Theme figures of the trained model on items it never saw. Without a `store` the model
    must have learnt from the gold set alone: one that a watch retrained with its curators'
    labels is refitted on the gold set first (those labels may cover these very items)."""
    keys = cfg.theme_keys
    gold = gold_examples(corpora, keys)
    embedder = load_embedder(cfg.embed)
    scorer = load_theme_scorer(cfg, store, embedder)
    counts = (scorer.manifest or {}).get("counts")
    if store is None and isinstance(counts, dict) and counts.get("curator_labels"):
        train = gold_examples(gold_folder(cfg), keys)
        train_vectors = example_vectors(cfg, embedder, None, train)
        scorer.classifier = fit_scorer_model(scorer, train, train_vectors)
    vectors = encode_passages(embedder, [e.article for e in gold], cfg.embed)
    feats = [scorer.features(e.article, v) for e, v in zip(gold, vectors, strict=True)]
    sim = np.vstack([scorer.similarity_part(f) for f in feats])
    lex = np.vstack([f.lex for f in feats])
    clf = np.vstack([scorer.classifier_part(f) for f in feats])
    return _report(cfg, gold, sim, clf, lex, 0, [], heldout=True)


def _report(
    cfg: Config,
    gold: Sequence[Example],
    sim: np.ndarray,
    clf: np.ndarray,
    lex: np.ndarray,
    folds: int,
    curated: Sequence[Example],
    heldout: bool = False,
) -> ThemeReport:
    keys = cfg.theme_keys
    n = len(gold)
    truth = np.array([[e.labels[k] for k in keys] for e in gold])
    threshold = cfg.themes.threshold
    combined = combine(cfg, sim, clf, lex)
    predictions = {
        "similarity": sim >= threshold,
        "lexical": lex >= threshold,
        "classifier": np.nan_to_num(clf) >= 0.5,
        "combined": combined >= threshold,
    }
    langs = np.array([e.lang for e in gold])
    by_lang = {
        lang: {
            name: score_system(truth[langs == lang], p[langs == lang].astype(int), keys)
            for name, p in predictions.items()
        }
        for lang in sorted(set(langs))
    }
    return ThemeReport(
        themes=tuple(keys),
        support={k: int(truth[:, j].sum()) for j, k in enumerate(keys)},
        overall={name: score_system(truth, p.astype(int), keys) for name, p in predictions.items()},
        by_lang=by_lang,
        items=n,
        offtopic=int((~truth.any(axis=1)).sum()),
        folds=folds,
        curator_labels=sum(len(c.labels) for c in curated),
        predictions=tuple(
            ItemPrediction(
                id=e.article.id,
                lang=e.lang,
                title=e.article.title,
                gold=tuple(k for k in keys if e.labels[k]),
                assigned=tuple(k for j, k in enumerate(keys) if predictions["combined"][i, j]),
                best=keys[int(np.argmax(combined[i]))],
                best_score=float(combined[i].max()),
            )
            for i, e in enumerate(gold)
        ),
        heldout=heldout,
    )
