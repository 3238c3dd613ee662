"""`scanner eval`: quality figures on the gold set."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from scanner.cli.app import DEFAULT_CONFIG, ConfigOption, app, guard, load, out

PARTS = ("mentions", "themes", "search")


@app.command("eval")
def eval_cmd(
    config: ConfigOption = DEFAULT_CONFIG,
    corpora: Annotated[Path, typer.Option(help="Folder with sample/ and gold/.")] = Path("corpora"),
    only: Annotated[list[str] | None, typer.Option(help="mentions, themes or search.")] = None,
) -> None:
    """Print precision/recall/F1 per mention kind and per theme, and search nDCG@10.

    Example: scanner eval --only mentions
    """
    cfg = load(config)
    parts = only or list(PARTS)
    for part in parts:
        if part not in PARTS:
            raise typer.BadParameter(
                f"{part!r}: choose from {', '.join(PARTS)}", param_hint="--only"
            )
    if "mentions" in parts:
        out.print(guard(lambda: _mentions_report(cfg, corpora)), markup=False)
    if "themes" in parts:
        from scanner.eval.themes import evaluate_themes

        out.print(guard(lambda: evaluate_themes(cfg, corpora).format_report()), markup=False)
    if "search" in parts:
        from scanner.eval.search import evaluate_search

        if not only and not any((corpora / "gold").glob("queries_*.jsonl")):
            # a gold set without queries (the held-out one): nothing to say about search
            out.print(f"search: no gold queries in {corpora / 'gold'}, skipped", markup=False)
            return
        out.print(guard(lambda: evaluate_search(cfg, corpora).format_report()), markup=False)


def _mentions_report(cfg, corpora: Path) -> str:  # type: ignore[no-untyped-def]
    from scanner.eval.mentions import evaluate_corpus, format_report

    return format_report(*evaluate_corpus(cfg.nlp, corpora))
