"""`scanner facts train | compare`: the learnt payer linker of the funding facts."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer

from scanner.cli.app import DEFAULT_CONFIG, ConfigOption, app, guard, load, out
from scanner.config import Config

facts_app = typer.Typer(help="The learnt payer linker of the funding facts.", no_args_is_help=True)
app.add_typer(facts_app, name="facts")


def _cases(cfg: Config, sets: list[str] | None) -> dict:
    """Every training folder's gold amounts with their candidates (curated names left out)."""
    from scanner.eval.linker_training import collect_sets
    from scanner.nlp.mentions import MentionExtractor

    folders = [Path(s) for s in (sets or cfg.nlp.fact_train_sets)]
    missing = [str(f) for f in folders if not (f / "gold").is_dir()]
    if missing:
        raise typer.BadParameter(f"no gold/ folder in {', '.join(missing)}", param_hint="--sets")
    nlp = replace(cfg.nlp, curated_dir="")
    with MentionExtractor(nlp, Path("."), workers=1) as extractor:
        return collect_sets(
            extractor, folders, lambda label: out.print(f"reading {label}", markup=False)
        )


SetsOption = Annotated[
    list[str] | None,
    typer.Option("--sets", help="Gold folders (default [nlp].fact_train_sets)."),
]


@facts_app.command("compare")
def facts_compare(
    config: ConfigOption = DEFAULT_CONFIG,
    sets: SetsOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="The figures as JSON.")] = False,
) -> None:
    """Payers with the rules alone and with rules + the learnt linker, leaving each training
    corpus out in turn (fitted and tuned on the others: what a new writer's text would get).

    Example: scanner facts compare
    """
    from scanner.eval.linker_training import compare, format_comparison

    cfg = load(config)
    rows = guard(lambda: compare(_cases(cfg, sets)))
    if as_json:
        body = {
            r.corpus: {
                "amounts": r.amounts,
                "rules": {
                    "precision": r.rules.precision,
                    "recall": r.rules.recall,
                    "f1": r.rules.f1,
                },
                "model": {
                    "precision": r.model.precision,
                    "recall": r.model.recall,
                    "f1": r.model.f1,
                },
                "thresholds": {"add": r.thresholds.add, "top": r.thresholds.top},
            }
            for r in rows
        }
        out.print(json.dumps(body, indent=2), markup=False)
        return
    out.print(format_comparison(rows), markup=False)


@facts_app.command("train")
def facts_train(
    config: ConfigOption = DEFAULT_CONFIG,
    sets: SetsOption = None,
    model_dir: Annotated[
        Path | None, typer.Option("--out", help="Folder to write (default [nlp].fact_linker).")
    ] = None,
) -> None:
    """Fit the payer linker on the training corpora (thresholds tuned by 5-fold
    cross-validation over them) and write it with its manifest. Deterministic: the same
    corpora give the same weights.

    Example: scanner facts train
    """
    from scanner.eval.corpus import corpus_digest
    from scanner.eval.linker_training import fit_linker
    from scanner.nlp.facts.linker import save_linker

    cfg = load(config)
    folder = model_dir or Path(cfg.nlp.fact_linker or "models/facts")
    cases = _cases(cfg, sets)
    linker = guard(lambda: fit_linker(cases))
    import sklearn

    folders = list(sets or cfg.nlp.fact_train_sets)
    manifest = {
        "model": "logistic regression over candidate organisations (payer of an amount)",
        "train_sets": folders,
        "train_digests": {f: corpus_digest(f) for f in folders},
        "amounts": {label: len(v) for label, v in cases.items()},
        "sklearn": sklearn.__version__,
        "trained_at": datetime.now(UTC).replace(microsecond=0).isoformat(),
    }
    save_linker(folder, linker, manifest)
    th = linker.thresholds
    out.print(
        f"fact linker written to {folder} ({sum(len(v) for v in cases.values())} gold amounts; "
        f"thresholds add {th.add}, top {th.top})",
        markup=False,
    )
