"""`scanner eval`: quality figures on a gold corpus folder."""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Annotated, Protocol

import typer

from scanner.cli.app import DEFAULT_CONFIG, ConfigOption, app, guard, load, open_store, out
from scanner.config import Config

PARTS = ("mentions", "themes", "stage", "search")


class Report(Protocol):
    def format_report(self) -> str: ...

    def figures(self) -> dict[str, float]: ...


@app.command("eval")
def eval_cmd(
    config: ConfigOption = DEFAULT_CONFIG,
    corpora: Annotated[Path, typer.Option(help="Folder with sample/ and gold/.")] = Path("corpora"),
    only: Annotated[
        list[str] | None, typer.Option(help="mentions, themes, stage or search.")
    ] = None,
    with_curated: Annotated[
        bool,
        typer.Option(
            "--with-curated",
            help="Count this watch's curated names and theme labels (off by default: a "
            "curator's work on gold items would inflate the figures).",
        ),
    ] = False,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the named figures and the corpus digest.")
    ] = False,
    by_set: Annotated[
        bool,
        typer.Option(
            "--by-set",
            help="Stage: hold each stage-labelled set (gold, [maturity].train_sets) out in turn "
            "and assess it with a model trained on the others (printed as stage.by_set.*).",
        ),
    ] = False,
) -> None:
    """Print precision/recall/F1 per mention kind and per theme (off-topic rejection, no-theme
    rate), maturity-stage accuracy, and search nDCG@10.

    Example: scanner eval --only mentions --corpora corpora/heldout
    Example: scanner eval --only stage --by-set
    """
    cfg = load(config)
    parts = only or list(PARTS)
    for part in parts:
        if part not in PARTS:
            raise typer.BadParameter(
                f"{part!r}: choose from {', '.join(PARTS)}", param_hint="--only"
            )
    figures: dict[str, float] = {}
    for part in parts:
        if part == "search" and not only and not any((corpora / "gold").glob("queries_*.jsonl")):
            # a gold set without queries (the held-out one): nothing to say about search
            if not as_json:
                out.print(f"search: no gold queries in {corpora / 'gold'}, skipped", markup=False)
            continue
        name = "stage.by_set" if part == "stage" and by_set else part
        report = guard(functools.partial(_report, name, cfg, corpora, with_curated))
        figures |= {f"{name}.{key}": value for key, value in report.figures().items()}
        if not as_json:
            out.print(report.format_report(), markup=False)
    if as_json:
        from scanner.eval.corpus import corpus_digest

        result = {"corpora": str(corpora), "digest": corpus_digest(corpora), "figures": figures}
        out.print(json.dumps(result, indent=2, sort_keys=True), markup=False)


def _report(part: str, cfg: Config, corpora: Path, with_curated: bool) -> Report:
    if part == "mentions":
        from scanner.eval.mentions import evaluate_corpus

        report, baseline = evaluate_corpus(cfg.nlp, corpora, with_curated=with_curated)
        report.baseline = baseline
        return report
    if part == "themes":
        from scanner.eval.themes import evaluate_themes

        return evaluate_themes(cfg, corpora, open_store(cfg) if with_curated else None)
    if part == "stage.by_set":
        from scanner.eval.stage_sets import stage_by_set

        return stage_by_set(cfg)
    if part == "stage":
        from scanner.eval.stage import evaluate_stage

        return evaluate_stage(cfg, corpora)
    from scanner.eval.search import evaluate_search

    return evaluate_search(cfg, corpora)
