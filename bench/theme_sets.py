"""Does a labelled set help the theme model on writers it never saw? Leave-one-set-out.

    python bench/theme_sets.py [--candidate corpora/train_stage] [--second-chance]

For each labelled set (the gold set and `[themes].train_sets`, plus the candidate), the theme
model (classifier, wording, decision tuned out of fold) is fitted on the other sets, with and
without the candidate, and the held-out set is scored: macro-F1, off-topic rejection, on-topic
items left with no theme. The candidate joins `[themes].train_sets` when the mean over the
held-out sets says it helps. Nothing here reads a held-out or independent set.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from scanner.config import load_config  # noqa: E402
from scanner.themes.data import gold_examples  # noqa: E402
from scanner.themes.decision import objective  # noqa: E402
from scanner.themes.scoring import ThemeScorer, gold_folder, train_folders  # noqa: E402
from scanner.themes.training import example_vectors, fit_theme_model  # noqa: E402
from scanner.vectors.embed import load_embedder  # noqa: E402


def figures(truth: np.ndarray, assigned: np.ndarray) -> tuple[float, float, float]:
    """macro-F1 over themes present, off-topic rejected, on-topic with no theme."""
    tp = (assigned & truth).sum(0)
    wrong = (assigned ^ truth).sum(0)
    present = truth.any(0) | assigned.any(0)
    f1 = 2 * tp / np.maximum(2 * tp + wrong, 1)
    on = truth.any(1)
    got = assigned.any(1)
    return float(f1[present].mean()), float((~got[~on]).mean()), float((~got[on]).mean())


def second_chance(parts, combined, assigned, level, words):  # type: ignore[no-untyped-def]
    """An item no theme passed gets its best theme when a learnt part (classifier or wording)
    is sure of it (>= level) and the text names `words` health words or more."""
    out = assigned.copy()
    learnt = np.fmax(np.nan_to_num(parts.clf), np.nan_to_num(parts.words))
    best = combined.argmax(axis=1)
    sure = learnt[np.arange(len(best)), best] >= level
    retry = ~assigned.any(axis=1) & sure & (np.asarray(parts.domain) >= words)
    out[np.flatnonzero(retry), best[retry]] = True
    return out


def main() -> None:
    cfg = load_config(ROOT / "config.toml")
    candidate = sys.argv[sys.argv.index("--candidate") + 1] if "--candidate" in sys.argv else None
    embedder = load_embedder(cfg.embed)
    scorer = ThemeScorer(cfg, embedder)
    folders = [gold_folder(cfg), *train_folders(cfg)]
    if candidate:
        folders.append(ROOT / candidate)
    sets = {f.name: gold_examples(f, cfg.theme_keys) for f in folders}
    every = [e for s in sets.values() for e in s]
    vectors = example_vectors(cfg, embedder, None, every)
    feats = {e.article.id: scorer.features(e.article, vectors[e.article.id]) for e in every}
    cand = Path(candidate).name if candidate else None
    for held, items in sets.items():
        truth = np.array([[e.labels[k] for k in scorer.keys] for e in items]).astype(bool)
        for with_candidate in [False, True] if cand and held != cand else [False]:
            train = [
                e
                for name, s in sets.items()
                if name != held and (with_candidate or name != cand)
                for e in s
            ]
            fitted = fit_theme_model(scorer, train, [feats[e.article.id] for e in train])
            scorer.use_model(fitted.classifier, None, fitted.wording)
            parts = scorer.parts(
                [feats[e.article.id] for e in items],
                words=scorer.wording_part([e.article for e in items]),
            )
            combined = fitted.decision.combine(parts)
            assigned = fitted.decision.assign(combined, parts.domain)
            tag = f"+{cand}" if with_candidate else ""
            variants = {"": assigned}
            for level in (0.5, 0.6, 0.7):
                for words in (2, 4):
                    second = second_chance(parts, combined, assigned, level, words)
                    variants[f" 2nd {level} w{words}"] = second
            for name, got in variants.items():
                macro, off, none = figures(truth, got)
                print(
                    f"{held:<12} {tag:<13}{name:<13} macro {macro:.3f} off-topic {off:.3f} "
                    f"no theme {none:.3f} objective {float(objective(truth, got)):.3f}",
                    flush=True,
                )


if __name__ == "__main__":
    main()
