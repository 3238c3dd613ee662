"""Maturity-stage quality (`scanner eval --only stage`), honestly measured.

    report = evaluate_stage(cfg, Path("corpora"))
    print(report.format_report()); report.figures()["accuracy"]

The figure is the share of on-topic gold items (gold themes not empty) whose predicted stage
is their gold `stage` (a gold null must be predicted null). On the training gold set the stage
classifier is cross-validated by story: each fold's items are assessed by a model fitted on the
other folds plus the training sets (`[maturity].train_sets`), never on them. On another folder
(the held-out or independent set) the trained model assesses the items as the product would,
and an end-to-end figure is added: every item, its on-topic decision made by the theme model
(an off-topic item is right when it gets no stage). A folder without `stage` labels has no
stage figures.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from sklearn.model_selection import GroupKFold

from scanner.config import Config
from scanner.errors import InputError
from scanner.eval.metrics import PRF
from scanner.maturity.assess import (
    MaturityAssessor,
    StageExample,
    fit_examples,
    load_maturity_assessor,
    stage_examples,
    stage_train_folders,
)
from scanner.records import STAGES, Maturity
from scanner.themes.scoring import gold_folder
from scanner.themes.training import gold_vector_cache, load_theme_scorer
from scanner.vectors.embed import encode_passages, load_embedder

NULL = "null"


@dataclass(frozen=True, slots=True)
class StageReport:
    """Stage accuracy on the on-topic items of a gold folder."""

    items: int  # on-topic items with a gold stage key
    correct: int
    confusion: dict[tuple[str, str], int]  # (gold, predicted) → count, None as "null"
    folds: int = 0
    heldout: bool = False
    end_to_end: tuple[int, int] | None = None  # (right, items) with themes from the model
    phases: tuple[int, int] = (0, 0)  # (right, gold clinical items with a phase)
    mistakes: tuple[tuple[str, str, str], ...] = field(default=())  # (id, gold, predicted)

    @property
    def accuracy(self) -> float:
        return self.correct / self.items if self.items else 0.0

    def per_stage(self) -> dict[str, PRF]:
        out = {}
        for stage in (*STAGES, NULL):
            tp = self.confusion.get((stage, stage), 0)
            fp = sum(n for (g, p), n in self.confusion.items() if p == stage and g != stage)
            fn = sum(n for (g, p), n in self.confusion.items() if g == stage and p != stage)
            if tp or fp or fn:
                out[stage] = PRF(tp, fp, fn)
        return out

    def figures(self) -> dict[str, float]:
        """`accuracy`, `end_to_end` (held-out folders), `f1.<stage>` for the eval gate."""
        if not self.items:
            return {}
        out = {"accuracy": self.accuracy}
        if self.end_to_end and self.end_to_end[1]:
            out["end_to_end"] = self.end_to_end[0] / self.end_to_end[1]
        out |= {f"f1.{s}": prf.f1 for s, prf in self.per_stage().items() if s != NULL}
        return out

    def format_report(self) -> str:
        if not self.items:
            return "Stage — no item of this folder has a gold `stage`"
        how = (
            "trained model (no refitting)"
            if self.heldout
            else f"classifier cross-validated over {self.folds} folds by story"
        )
        lines = [
            f"Stage — {self.items} on-topic gold items, {how}",
            f"accuracy {self.accuracy:.3f} ({self.correct}/{self.items})",
        ]
        if self.end_to_end:
            right, n = self.end_to_end
            lines.append(
                f"end to end (every item, on-topic decided by the theme model) "
                f"{right / n if n else 0:.3f} ({right}/{n})"
            )
        if self.phases[1]:
            lines.append(f"clinical phase right {self.phases[0]}/{self.phases[1]}")
        lines += ["", f"{'stage':<14} {'n':>3}   P/R/F1"]
        for stage, prf in self.per_stage().items():
            lines.append(
                f"{stage:<14} {prf.tp + prf.fn:>3}   "
                f"{prf.precision:.2f} {prf.recall:.2f} {prf.f1:.2f}"
            )
        wrong = Counter({k: n for k, n in self.confusion.items() if k[0] != k[1]})
        if wrong:
            lines.append(
                "confusions (gold → predicted): "
                + ", ".join(f"{g} → {p} ×{n}" for (g, p), n in wrong.most_common(8))
            )
        return "\n".join(lines)


def evaluate_stage(cfg: Config, corpora: Path) -> StageReport:
    """Stage figures on `corpora` (see the module docstring)."""
    corpora = Path(corpora)
    if corpora.resolve() != gold_folder(cfg).resolve():
        return _heldout(cfg, corpora)
    examples = [e for e in stage_examples(corpora) if _on_topic(corpora, e)]
    if not examples:
        return StageReport(0, 0, {})
    extra = [e for f in stage_train_folders(cfg) for e in labelled_stages_of(f)]
    embedder = load_embedder(cfg.embed)
    assessor = MaturityAssessor(cfg, embedder)
    vectors = gold_vector_cache(cfg).passages(embedder, [e.article for e in examples], cfg.embed)
    groups = np.array([e.group for e in examples])
    folds = min(max(2, cfg.themes.folds), len(set(groups)))
    if folds < 2:
        raise InputError("the gold set needs at least two stories to cross-validate stages")
    predicted: list[Maturity | None] = [None] * len(examples)
    for train, test in GroupKFold(n_splits=folds).split(groups, groups=groups):
        seen = [examples[i] for i in train if examples[i].stage is not None] + extra
        # no temperature per fold: it moves the null decision only (fitted leave-one-set-out
        # on every set it is 1.0 at the shipped settings) and would cost five fits more a fold
        assessor.classifier = fit_examples(assessor, seen, calibrate=False)
        for i in test:
            a = examples[i].article
            predicted[i] = assessor.assess(a, vectors[a.id], on_topic=True)
    return _report(examples, predicted, folds=folds)


def labelled_stages_of(folder: Path) -> list[StageExample]:
    return [e for e in stage_examples(folder) if e.stage is not None]


def _on_topic(corpora: Path, example: StageExample) -> bool:
    return bool(_gold_themes(corpora).get(example.article.id))


_THEMES: dict[Path, dict[str, tuple[str, ...]]] = {}


def _gold_themes(corpora: Path) -> dict[str, tuple[str, ...]]:
    from scanner.eval.corpus import load_gold

    key = corpora.resolve()
    if key not in _THEMES:
        _THEMES[key] = {i: g.themes for i, g in load_gold(corpora).items() if g.staged}
    return _THEMES[key]


def _heldout(cfg: Config, corpora: Path) -> StageReport:
    _THEMES.pop(corpora.resolve(), None)  # a folder being written may change between runs
    staged = _gold_themes(corpora)
    examples = [e for e in stage_examples(corpora) if e.article.id in staged]
    if not examples:
        return StageReport(0, 0, {})
    embedder = load_embedder(cfg.embed)
    assessor = load_maturity_assessor(cfg, embedder)
    scorer = load_theme_scorer(cfg, None, embedder)
    vectors = encode_passages(embedder, [e.article for e in examples], cfg.embed)
    on_topic = [e for e in examples if staged[e.article.id]]
    predicted: list[Maturity | None] = []
    right = 0
    for e, v in zip(examples, vectors, strict=True):
        model_on = any(s.assigned for s in scorer.score(e.article, v))
        maturity = assessor.assess(e.article, v, on_topic=True)
        right += (maturity.stage if model_on else None) == e.stage
        if staged[e.article.id]:
            predicted.append(maturity)
    report = _report(on_topic, predicted, heldout=True)
    return StageReport(
        report.items,
        report.correct,
        report.confusion,
        heldout=True,
        end_to_end=(right, len(examples)),
        phases=report.phases,
        mistakes=report.mistakes,
    )


def _report(
    examples: list[StageExample],
    predicted: list[Maturity | None],
    folds: int = 0,
    heldout: bool = False,
) -> StageReport:
    confusion: Counter[tuple[str, str]] = Counter()
    mistakes = []
    phases = [0, 0]
    for e, m in zip(examples, predicted, strict=True):
        g, q = e.stage or NULL, (m.stage if m else None) or NULL
        confusion[(g, q)] += 1
        if g != q:
            mistakes.append((e.article.id, g, q))
        if e.phase:
            phases[1] += 1
            phases[0] += bool(m and m.phase == e.phase)
    correct = sum(n for (g, p), n in confusion.items() if g == p)
    return StageReport(
        len(examples),
        correct,
        dict(confusion),
        folds=folds,
        heldout=heldout,
        phases=(phases[0], phases[1]),
        mistakes=tuple(mistakes),
    )
