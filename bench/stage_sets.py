"""How the `[maturity]` weights and stage training sets were chosen: leave-one-set-out.

    python bench/stage_sets.py [--quick]

Prints, for a small grid of `[maturity]` settings (article vector weight, main-news wording
weight, regularisation) and for the configured settings with each training set left out of the
training side, the stage accuracy of every labelled set when it is held out (gold,
`[maturity].train_sets`), their mean over sets and over items. The configured defaults are the
best mean over sets, rounded to the grid's plateau rather than its single best cell. The
temperature is not fitted here (it moves the null decision only): `scanner eval --only stage
--by-set` gives the figure with it.
"""

from __future__ import annotations

import itertools
import sys
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from scanner.config import load_config  # noqa: E402
from scanner.eval.stage_sets import labelled_sets, stage_by_set  # noqa: E402
from scanner.vectors.embed import load_embedder  # noqa: E402


def main() -> None:
    cfg = load_config(ROOT / "config.toml")
    embedder = load_embedder(cfg.embed)
    sets = labelled_sets(cfg)
    m = cfg.maturity
    grid = [(m.vector_weight, m.wording_weight, m.classifier_c)]
    if "--quick" not in sys.argv:
        grid += list(itertools.product([1.0, 2.0, 3.0], [0.0, 2.0, 3.0, 4.0], [0.5, 1.0]))
    rows = []
    for vector, wording, c in dict.fromkeys(grid):
        setting = replace(m, vector_weight=vector, wording_weight=wording, classifier_c=c)
        report = stage_by_set(replace(cfg, maturity=setting), embedder, sets, calibrate=False)
        rows.append((report.macro, f"vector {vector} wording {wording} C {c}", report))
        print(f"{rows[-1][1]:<34} {_line(report)}", flush=True)
    for name in sets:
        if name == "corpora":
            continue
        report = stage_by_set(cfg, embedder, sets, calibrate=False, never_trained=frozenset({name}))
        print(f"{'configured, never training on ' + name:<34} {_line(report)}", flush=True)
    best = max(rows, key=lambda r: r[0])
    print(f"best mean over sets: {best[1]} ({best[0]:.3f})")


def _line(report) -> str:  # type: ignore[no-untyped-def]
    per = " ".join(f"{k[:11]} {r / n:.3f}" for k, (r, n) in report.sets.items())
    return f"{per} | mean {report.macro:.3f} items {report.micro:.3f}"


if __name__ == "__main__":
    main()
