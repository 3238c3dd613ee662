"""The learnt span model against the rules: training it on the annotated corpora
(`scanner spans train`) and estimating what it adds by leaving one corpus out
(`scanner spans folds`).

Each tuned corpus was written by a different hand (the team's gold set, the outsiders'
development sets), so leaving one out, training on the others and scoring the left-out one
with the rules alone and with each merging policy mimics a text by a new writer. The policy
the artefact uses is the one with the best pooled figures over the folds (organisation F1 plus
programme F1, strict counts summed over the folds); `chosen_elsewhere` also says, fold by fold,
which policy the other folds would have chosen and what it scored there.
"""

from __future__ import annotations

import hashlib
import logging
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from scanner.config import PROJECT_ROOT, NlpConfig
from scanner.errors import InputError
from scanner.eval.corpus import corpus_digest, load_gold, load_items
from scanner.eval.mentions import MentionReport, score_extractor
from scanner.eval.metrics import PRF
from scanner.nlp.span_model.examples import AnnotatedText, annotated_texts
from scanner.nlp.span_model.merge import POLICIES
from scanner.nlp.span_model.spans import load_span_model
from scanner.nlp.span_model.training import (
    DEFAULT_SEED,
    DEFAULT_STEPS,
    FORMAT,
    Progress,
    save_spans,
    train_spans,
)

log = logging.getLogger(__name__)

FIGURES = (
    "organisation.precision",
    "organisation.recall",
    "organisation.f1",
    "organisation.not_in_gazetteer.recall",
    "organisation.en.f1",
    "programme.recall",
    "programme.f1",
    "organisation.relaxed.f1",
    "programme.relaxed.f1",
)


def training_folders(cfg: NlpConfig, base_dir: Path = Path(".")) -> list[Path]:
    """The `[nlp].span_train_sets` folders that exist (relative to `base_dir`, else to the
    project); a set not yet written is skipped with a note."""
    out = []
    for name in cfg.span_train_sets:
        folder = next(
            (b / name for b in (base_dir, PROJECT_ROOT) if (b / name / "gold").is_dir()), None
        )
        if folder is None:
            log.warning("span training set %s not found: skipped", name)
            continue
        out.append(folder)
    if not out:
        raise InputError("none of [nlp].span_train_sets exists: nothing to train the span model on")
    return out


def corpus_items(folder: Path) -> list[AnnotatedText]:
    """A corpus's annotated items (organisations and programmes)."""
    return annotated_texts(load_items(folder), load_gold(folder))


def train_artefact(
    cfg: NlpConfig,
    out: Path | None = None,
    base_dir: Path = Path("."),
    steps: int = DEFAULT_STEPS,
    seed: int = DEFAULT_SEED,
    policy: str | None = None,
    progress: Progress | None = None,
) -> dict:
    """Train the span model on every training set and save it to `out` (default
    `[nlp].span_model`); its manifest is returned."""
    from scanner.nlp.span_model.merge import DEFAULT_POLICY

    folders = training_folders(cfg, base_dir)
    items = [item for f in folders for item in corpus_items(f)]
    trained = train_spans(items, cfg.model, steps, seed, progress)
    target = out if out is not None else base_dir / (cfg.span_model or "models/spans")
    corpora = [(_shown(f, base_dir), corpus_digest(f)) for f in folders]
    return save_spans(trained, target, corpora, policy or DEFAULT_POLICY)


def _shown(folder: Path, base_dir: Path) -> str:
    for root in (base_dir, PROJECT_ROOT):
        try:
            return folder.resolve().relative_to(root.resolve()).as_posix()
        except ValueError:
            continue
    return str(folder)


@dataclass(slots=True)
class FoldResult:
    """One left-out corpus: the alignment of its training data and a report per policy."""

    corpus: str
    train_items: int
    unaligned: int
    reports: dict[str, MentionReport] = field(default_factory=dict)  # "off" = rules alone


@dataclass(slots=True)
class FoldsReport:
    """Leave-one-corpus-out figures and the policy they choose."""

    folds: list[FoldResult]
    steps: int
    seed: int

    def pooled(self, policy: str) -> dict[str, float]:
        """Figures over all folds' counts summed (each item counted once)."""
        sums: dict[str, PRF] = {}
        for fold in self.folds:
            for name, counts in _counts(fold.reports[policy]).items():
                sums[name] = sums.get(name, PRF(0, 0, 0)) + counts
        return _as_figures(sums)

    def chosen(self, folds: Sequence[FoldResult] | None = None) -> str:
        """The policy with the best organisation F1 + programme F1 over `folds` (all)."""
        use = list(folds if folds is not None else self.folds)
        sub = FoldsReport(use, self.steps, self.seed)
        policies = [p for p in POLICIES if all(p in f.reports for f in use)]
        return max(
            policies,
            key=lambda p: (
                sub.pooled(p).get("organisation.f1", 0) + sub.pooled(p).get("programme.f1", 0)
            ),
        )

    def chosen_elsewhere(self) -> list[tuple[str, str, dict[str, float]]]:
        """(left-out corpus, policy the other folds choose, its figures on that corpus)."""
        out = []
        for fold in self.folds:
            others = [f for f in self.folds if f is not fold]
            policy = self.chosen(others) if others else "off"
            out.append((fold.corpus, policy, figures_of(fold.reports[policy])))
        return out

    def figures(self) -> dict[str, float]:
        """`{policy}.{figure}` pooled, and `{corpus}.{policy}.{figure}` per fold."""
        out: dict[str, float] = {}
        for policy in self.folds[0].reports if self.folds else ():
            out |= {f"{policy}.{k}": v for k, v in self.pooled(policy).items()}
            for fold in self.folds:
                rep = figures_of(fold.reports[policy])
                out |= {f"{fold.corpus}.{policy}.{k}": v for k, v in rep.items()}
        return out

    def format(self) -> str:
        """A table per fold and pooled, then the choice."""
        head = f"{'corpus / policy':<34}" + "".join(f"{_short(n):>9}" for n in FIGURES)
        lines = [
            f"Span model, leave one corpus out ({self.steps} steps, seed {self.seed}); strict "
            "figures unless 'relaxed'; 'off' = the rules alone",
            head,
        ]
        for fold in self.folds:
            lines.append(
                f"{fold.corpus} (trained on {fold.train_items} items of the others, "
                f"{fold.unaligned} occurrences not aligned)"
            )
            for policy, rep in fold.reports.items():
                lines.append(_row(f"  {policy}", figures_of(rep)))
        lines.append("pooled over the folds")
        for policy in self.folds[0].reports if self.folds else ():
            lines.append(_row(f"  {policy}", self.pooled(policy)))
        lines.append(f"chosen policy (pooled org F1 + programme F1): {self.chosen()}")
        for corpus, policy, figs in self.chosen_elsewhere():
            lines.append(
                f"  {corpus}: the other folds choose {policy}: org F1 "
                f"{figs.get('organisation.f1', 0):.3f}, programme recall "
                f"{figs.get('programme.recall', 0):.3f}"
            )
        return "\n".join(lines)


def _short(name: str) -> str:
    return (
        name.replace("organisation", "org")
        .replace("programme", "prog")
        .replace("not_in_gazetteer", "unl")
        .replace("precision", "P")
        .replace("recall", "R")
        .replace("relaxed", "rlx")
        .replace(".f1", ".F1")
    )


def _row(label: str, figs: dict[str, float]) -> str:
    cells = "".join(f"{figs[n]:>9.3f}" if n in figs else f"{'-':>9}" for n in FIGURES)
    return f"{label:<34}{cells}"


def _counts(report: MentionReport) -> dict[str, PRF]:
    out: dict[str, PRF] = {}
    for kind in ("organisation", "programme"):
        if kind in report.kinds:
            out[kind] = report.kinds[kind]
        for side, c in report.listed.get(kind, {}).items():
            out[f"{kind}.{side}"] = c
        for lang, c in report.by_lang.get(kind, {}).items():
            out[f"{kind}.{lang}"] = c
        if kind in report.relaxed:
            out[f"{kind}.relaxed"] = report.relaxed[kind]
    return out


def _as_figures(counts: dict[str, PRF]) -> dict[str, float]:
    out: dict[str, float] = {}
    for name, c in counts.items():
        out |= {f"{name}.precision": c.precision, f"{name}.recall": c.recall, f"{name}.f1": c.f1}
    return out


def _fold_key(folders: Sequence[Path], base: str, steps: int, seed: int) -> str:
    h = hashlib.sha256(f"{base}|{steps}|{seed}|{FORMAT}".encode())
    for folder in folders:
        h.update(corpus_digest(folder).encode())
    return h.hexdigest()[:16]


def figures_of(report: MentionReport) -> dict[str, float]:
    """The fold table's figures of one report."""
    return _as_figures(_counts(report))


def leave_one_corpus_out(
    cfg: NlpConfig,
    base_dir: Path = Path("."),
    steps: int = DEFAULT_STEPS,
    seed: int = DEFAULT_SEED,
    policies: Sequence[str] = POLICIES,
    progress: Callable[[str], None] | None = None,
    cache: Path | None = None,
) -> FoldsReport:
    """For each training set: train on the others, score it with the rules alone and with
    each policy (the watch's curated names left out, as `scanner eval` does). With `cache`,
    each fold's model is kept there under a key of its training data, steps and seed, and a
    later run with the same key reuses it instead of training again."""
    from scanner.nlp.mentions import MentionExtractor

    folders = training_folders(cfg, base_dir)
    if len(folders) < 2:
        raise InputError("leaving one corpus out needs two training sets or more")
    items = {f: corpus_items(f) for f in folders}
    cfg = replace(cfg, curated_dir="", span_model="")
    folds = []
    with MentionExtractor(cfg, base_dir, workers=1) as extractor:
        for left in folders:
            name = _shown(left, base_dir)
            if progress is not None:
                progress(f"training without {name}")
            train_on = [it for f in folders if f != left for it in items[f]]
            key = _fold_key([f for f in folders if f != left], cfg.model, steps, seed)
            kept = cache / key if cache is not None else None
            model = load_span_model(kept, extractor.nlp) if kept and kept.is_dir() else None
            if model is None:
                trained = train_spans(train_on, cfg.model, steps, seed)
                with tempfile.TemporaryDirectory(prefix="scanner-fold-") as tmp:
                    target = kept if kept is not None else Path(tmp) / "spans"
                    save_spans(trained, target, [], "off")
                    model = load_span_model(target, extractor.nlp)
            fold = FoldResult(
                name, len(train_on), int(model.manifest["alignment"]["unaligned"]) if model else 0
            )
            if model is None:
                raise InputError(f"the span model trained without {name} did not load")
            for policy in dict.fromkeys(["off", *policies]):
                if progress is not None:
                    progress(f"scoring {name} ({policy})")
                extractor.use_span_model(None if policy == "off" else model, policy)
                fold.reports[policy] = score_extractor(extractor, left)
            folds.append(fold)
    return FoldsReport(folds, steps, seed)
