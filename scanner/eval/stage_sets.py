"""Stage figures by leave-one-set-out: how the stage model does on a writer it never saw.

    report = stage_by_set(cfg)          # each labelled set assessed by a model trained on the others
    print(report.format_report()); report.figures()["macro"]

The stage-labelled sets (the gold set and `[maturity].train_sets`) were written by different
people (the team, an engineer, outsiders given only the written convention). A random split
mixes each writer's wording into both sides; holding one whole set out asks what matters for
unseen text: does a model trained on the other writers' items get this writer's stages right?
Each set's on-topic items (gold themes not empty) are assessed as the product does (title
rules, then the calibrated classifier, null when nothing is said). The `[maturity]` weights and
the training sets are chosen on this figure (`python bench/stage_sets.py` prints the grid).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from scanner.config import Config
from scanner.eval.corpus import load_gold
from scanner.maturity.assess import (
    MaturityAssessor,
    StageExample,
    fit_examples,
    stage_examples,
    stage_train_folders,
)
from scanner.themes.scoring import gold_folder
from scanner.themes.training import gold_vector_cache
from scanner.vectors.embed import Embedder, load_embedder


@dataclass(frozen=True, slots=True)
class StageSetsReport:
    """Per held-out set: (right, on-topic items)."""

    sets: dict[str, tuple[int, int]]

    @property
    def micro(self) -> float:
        n = sum(n for _, n in self.sets.values())
        return sum(r for r, _ in self.sets.values()) / n if n else 0.0

    @property
    def macro(self) -> float:
        shares = [r / n for r, n in self.sets.values() if n]
        return sum(shares) / len(shares) if shares else 0.0

    def figures(self) -> dict[str, float]:
        out = {"macro": self.macro, "micro": self.micro}
        out |= {f"set.{name}": r / n for name, (r, n) in self.sets.items() if n}
        return out

    def format_report(self) -> str:
        lines = ["Stage — leave one labelled set out (trained on the others, never on it)"]
        for name, (r, n) in self.sets.items():
            lines.append(f"{name:<14} {r / n if n else 0:.3f} ({r}/{n})")
        lines.append(f"mean over sets {self.macro:.3f}, over items {self.micro:.3f}")
        return "\n".join(lines)


def labelled_sets(cfg: Config) -> dict[str, list[StageExample]]:
    """Every stage-labelled set by folder name: all its items (off-topic ones have no stage)."""
    folders = [gold_folder(cfg), *stage_train_folders(cfg)]
    return {Path(f).name: stage_examples(f) for f in folders}


def stage_by_set(
    cfg: Config,
    embedder: Embedder | None = None,
    sets: dict[str, list[StageExample]] | None = None,
    calibrate: bool = True,
    never_trained: frozenset[str] = frozenset(),
) -> StageSetsReport:
    """Each set's on-topic items assessed by a stage model fitted on the other sets (the
    sets named in `never_trained` are assessed but never trained on: what a set adds)."""
    embedder = embedder or load_embedder(cfg.embed)
    sets = sets if sets is not None else labelled_sets(cfg)
    assessor = MaturityAssessor(cfg, embedder)
    cache = gold_vector_cache(cfg)
    out: dict[str, tuple[int, int]] = {}
    for held, items in sets.items():
        themes = {
            i: g.themes
            for f in [gold_folder(cfg), *stage_train_folders(cfg)]
            if Path(f).name == held
            for i, g in load_gold(f).items()
        }
        on_topic = [e for e in items if themes.get(e.article.id)]
        seen = [
            e
            for name, other in sets.items()
            if name != held and name not in never_trained
            for e in other
            if e.stage
        ]
        if not on_topic or not seen:
            continue
        assessor.classifier = fit_examples(assessor, seen, calibrate=calibrate)
        vectors = cache.passages(embedder, [e.article for e in on_topic], cfg.embed)
        right = sum(
            assessor.assess(e.article, vectors[e.article.id], on_topic=True).stage == e.stage
            for e in on_topic
        )
        out[held] = (right, len(on_topic))
    return StageSetsReport(out)
