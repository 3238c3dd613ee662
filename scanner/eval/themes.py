"""Theme quality on the gold set (`scanner eval --only themes`), honestly measured.

    report = evaluate_themes(cfg, Path("corpora"))
    print(report.format_report()); report.macro_f1

Nested cross-validation: k folds *by story* (near-duplicate rewrites share a story and never
straddle train and test). In each fold the whole training procedure runs on the training side
only — the classifier is fitted, and the decision (part weights, on-topic and second-theme
thresholds) is tuned on those items scored out of fold by inner folds — then the held-out
fold is scored with that classifier and that decision. So no gold item is scored by a model,
a weight or a threshold chosen with it. The extra training sets (`[themes].train_sets`) and,
with a `store`, the curators' labels join every fold's training side (never the test side).
Before this, the `[themes]` weights and threshold had been set by hand looking at the whole
gold set's figures; the figures printed here no longer depend on that.

Six systems are reported per theme and per language: the taxonomy similarity alone (the
baseline), the best passage alone, the keywords alone, the classifier alone, the learnt wording
alone (each with its part ≥ 0.5) and the combined decision the product uses. Off-topic rejection is the share of
off-topic items given no theme; the no-theme rate the share of on-topic items given none.

On another folder than the training gold (`[themes].gold`), such as the held-out set
`corpora/heldout/`, nothing is refitted: the trained model and its learnt decision score the
items as the product would (`evaluate_themes` chooses, `heldout=True` in the report says so).
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
from scanner.themes.decision import ThemeParts
from scanner.themes.scoring import ThemeScorer, gold_folder
from scanner.themes.training import (
    example_vectors,
    extra_examples,
    fit_theme_model,
    load_theme_scorer,
)
from scanner.vectors.embed import encode_passages, load_embedder

SYSTEMS = ("similarity", "passage", "lexical", "classifier", "wording", "combined")
SYSTEM_LABELS = {
    "similarity": "taxonomy similarity alone (baseline)",
    "passage": "best passage alone",
    "lexical": "keywords alone",
    "classifier": "classifier alone",
    "wording": "learnt wording alone",
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
    notheme_rate: float | None = None  # on-topic items given no theme (None: none on-topic)


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
    decisions: tuple[dict[str, float], ...] = ()  # the decision used, per fold (or the model's)
    train_items: int = 0  # extra training-set items in every fold's training side

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
        if comb.notheme_rate is not None:
            out["notheme"] = comb.notheme_rate
            out["covered"] = 1.0 - comb.notheme_rate  # pinned by the gate (higher is better)
        out.update({f"f1.{k}": comb.per_theme[k].f1 for k in self.themes if self.support[k]})
        return out

    def format_report(self) -> str:
        base, comb = self.overall["similarity"], self.overall["combined"]
        how = (
            "held-out items scored by the trained model and its learnt decision (no refitting)"
            if self.heldout
            else f"nested cross-validation over {self.folds} folds by story: classifier "
            "fitted and weights/thresholds tuned on the training folds only"
            + (f", + {self.train_items} training-set items in each" if self.train_items else "")
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
        head = f"{'system':<40} {'macro-F1':>8} {'micro-F1':>8} {'off-topic':>9} {'no-theme':>8}"
        head += "".join(f" {f'{lang} macro/micro':>17}" for lang in langs)
        lines += ["", head]
        for name in SYSTEMS:
            s = self.overall[name]
            label = SYSTEM_LABELS[name]
            if name in ("classifier", "wording") and not self.heldout:
                label += " (cross-validated)"
            row = f"{label:<40} {s.macro_f1:>8.3f} {s.micro_f1:>8.3f} {_acc(s):>9}"
            row += f" {'-' if s.notheme_rate is None else f'{s.notheme_rate:.3f}':>8}"
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
        for i, d in enumerate(self.decisions, 1):
            where = "model" if self.heldout else f"fold {i}"
            lines.append(
                f"decision ({where}): weights similarity {d['similarity_weight']:.2f} "
                f"classifier {d['classifier_weight']:.2f} keywords {d['lexical_weight']:.2f} "
                f"passage {d['passage_weight']:.2f} wording {d.get('words_weight', 0.0):.2f}; "
                f"on-topic from {d['on_threshold']:.2f}, "
                f"further themes from {d['threshold']:.2f}"
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
    none = float((~pred[~off].any(axis=1)).mean()) if (~off).any() else None
    return SystemScore(per, macro, pooled.f1, acc, len(gold), none)


def evaluate_themes(cfg: Config, corpora: Path, store: Store | None = None) -> ThemeReport:
    """Theme figures on `corpora/gold`: nested cross-validation on the training gold set, else
    scored by the trained model (see the module docstring). Curators' labels count only with
    a `store`."""
    if Path(corpora).resolve() != gold_folder(cfg).resolve():
        return evaluate_heldout(cfg, corpora, store)
    keys = cfg.theme_keys
    gold = gold_examples(corpora, keys)
    extra = extra_examples(cfg)
    curated = curator_examples(store, keys, cfg.themes.curator_weight) if store else []
    merged = merge_examples([*gold, *extra], curated)  # gold first, in order, then the rest
    embedder = load_embedder(cfg.embed)
    scorer = ThemeScorer(cfg, embedder)
    vectors = example_vectors(cfg, embedder, store, merged)
    feats = [scorer.features(e.article, vectors[e.article.id]) for e in merged]
    n = len(gold)
    groups = np.array([e.group for e in gold])
    folds = min(max(2, cfg.themes.folds), len(set(groups)))
    if folds < 2:
        raise InputError("the gold set needs at least two stories to cross-validate")
    parts = scorer.parts(feats[:n], with_classifier=False)
    clf = np.full((n, len(keys)), np.nan)
    words = np.full((n, len(keys)), np.nan)
    combined = np.zeros((n, len(keys)))
    assigned = np.zeros((n, len(keys)), dtype=bool)
    extras = list(range(n, len(merged)))
    decisions = []
    for train, test in GroupKFold(n_splits=folds).split(np.zeros(n), groups=groups):
        rows = list(train) + extras
        fitted = fit_theme_model(scorer, [merged[i] for i in rows], [feats[i] for i in rows])
        scorer.use_model(fitted.classifier, None, fitted.wording)
        for i in test:
            clf[i] = scorer.classifier_part(feats[i])
        words[test] = scorer.wording_part([gold[i].article for i in test])
        decision = fitted.decision
        fold = _with_models(parts, clf, words).take(test)
        combined[test] = decision.combine(fold)
        assigned[test] = decision.assign(combined[test], fold.domain, fold.learnt())
        decisions.append(decision.as_dict())
    scored = _with_models(parts, clf, words)
    return _report(
        cfg, gold, scored, combined, assigned, folds, curated, decisions=decisions,
        train_items=len(extra),
    )  # fmt: skip


def _with_models(parts: ThemeParts, clf: np.ndarray, words: np.ndarray) -> ThemeParts:
    return ThemeParts(
        sim=parts.sim,
        clf=clf,
        lex=parts.lex,
        passage=parts.passage,
        domain=parts.domain,
        words=words,
    )


def evaluate_heldout(cfg: Config, corpora: Path, store: Store | None = None) -> ThemeReport:
    """Theme figures of the trained model on items it never saw. Without a `store` the model
    must have learnt from the gold and training sets alone: one that a watch retrained with its
    curators' labels is refitted on those first (the labels may cover these very items)."""
    keys = cfg.theme_keys
    gold = gold_examples(corpora, keys)
    embedder = load_embedder(cfg.embed)
    scorer = load_theme_scorer(cfg, store, embedder)
    counts = (scorer.manifest or {}).get("counts")
    if store is None and isinstance(counts, dict) and counts.get("curator_labels"):
        train = [*gold_examples(gold_folder(cfg), keys), *extra_examples(cfg)]
        train_vectors = example_vectors(cfg, embedder, None, train)
        train_feats = [scorer.features(e.article, train_vectors[e.article.id]) for e in train]
        fitted = fit_theme_model(scorer, train, train_feats)
        scorer.use_model(fitted.classifier, {"decision": fitted.decision.as_dict()}, fitted.wording)
    vectors = encode_passages(embedder, [e.article for e in gold], cfg.embed)
    feats = [scorer.features(e.article, v) for e, v in zip(gold, vectors, strict=True)]
    parts = scorer.parts(feats, words=scorer.wording_part([e.article for e in gold]))
    combined = scorer.decision.combine(parts)
    assigned = scorer.decision.assign(combined, parts.domain, parts.learnt())
    return _report(
        cfg, gold, parts, combined, assigned, 0, [], heldout=True,
        decisions=[scorer.decision.as_dict()],
    )  # fmt: skip


def _report(
    cfg: Config,
    gold: Sequence[Example],
    parts: ThemeParts,
    combined: np.ndarray,
    assigned: np.ndarray,
    folds: int,
    curated: Sequence[Example],
    heldout: bool = False,
    decisions: Sequence[dict[str, float]] = (),
    train_items: int = 0,
) -> ThemeReport:
    keys = cfg.theme_keys
    n = len(gold)
    truth = np.array([[e.labels[k] for k in keys] for e in gold])
    predictions = {
        "similarity": parts.sim >= 0.5,
        "passage": parts.passage >= 0.5,
        "lexical": parts.lex >= 0.5,
        "classifier": np.nan_to_num(parts.clf) >= 0.5,
        "wording": np.nan_to_num(parts.words) >= 0.5,
        "combined": assigned,
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
                assigned=tuple(k for j, k in enumerate(keys) if assigned[i, j]),
                best=keys[int(np.argmax(combined[i]))],
                best_score=float(combined[i].max()),
            )
            for i, e in enumerate(gold)
        ),
        heldout=heldout,
        decisions=tuple(decisions),
        train_items=train_items,
    )
