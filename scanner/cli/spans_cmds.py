"""`scanner spans`: the learnt organisation/programme span model — retrain it, estimate it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from scanner.cli.app import (
    DEFAULT_CONFIG,
    ConfigOption,
    app,
    console,
    guard,
    load,
    out,
    progress_bar,
)

spans_app = typer.Typer(
    help="The learnt span model (organisations, programmes) beside the rules.",
    no_args_is_help=True,
)
app.add_typer(spans_app, name="spans")

StepsOption = Annotated[int, typer.Option(min=1, max=100_000, help="Training updates.")]
SeedOption = Annotated[int, typer.Option(help="Random seed (same data, same seed: same weights).")]


@spans_app.command("train")
def train_cmd(
    config: ConfigOption = DEFAULT_CONFIG,
    out_dir: Annotated[
        Path | None, typer.Option("--out", help="Folder to write (default [nlp].span_model).")
    ] = None,
    steps: StepsOption = 600,
    seed: SeedOption = 0,
) -> None:
    """Retrain the span model on [nlp].span_train_sets (deterministic: fixed seed and steps)
    and write it with its manifest.

    Example: scanner spans train --out models/spans
    """
    from scanner.eval.span_model import train_artefact

    cfg = load(config)
    with progress_bar() as bar:
        manifest = guard(
            lambda: train_artefact(
                cfg.nlp,
                out_dir,
                steps=steps,
                seed=seed,
                progress=lambda done, total: bar("training", done, total),
            )
        )
    a = manifest["alignment"]
    out.print(
        f"span model trained on {manifest['items']} items "
        f"({', '.join(c['folder'] for c in manifest['corpora'])}): {a['occurrences']} "
        f"annotated occurrences, {a['unaligned']} could not be aligned to tokens",
        markup=False,
    )


@spans_app.command("folds")
def folds_cmd(
    config: ConfigOption = DEFAULT_CONFIG,
    steps: StepsOption = 600,
    seed: SeedOption = 0,
    as_json: Annotated[bool, typer.Option("--json", help="Print the figures as JSON.")] = False,
) -> None:
    """Leave one training corpus out: train on the others, score it with the rules alone and
    with each merging policy; print the figures and the policy they choose (several minutes).

    Example: scanner spans folds --json
    """
    from scanner.eval.span_model import leave_one_corpus_out

    cfg = load(config)

    def note(message: str) -> None:
        console.print(message, markup=False, highlight=False)

    report = guard(lambda: leave_one_corpus_out(cfg.nlp, steps=steps, seed=seed, progress=note))
    if as_json:
        figures = report.figures() | {"chosen": report.chosen()}
        out.print(json.dumps(figures, indent=2, sort_keys=True), markup=False)
    else:
        out.print(report.format(), markup=False)
