"""`scanner eval` (quality figures on the gold set) and `scanner sources` (crawl health)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from scanner.cli.app import DEFAULT_CONFIG, ConfigOption, app, guard, load, open_store, out

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
            raise typer.BadParameter(f"{part!r}: choose from {', '.join(PARTS)}", param_hint="--only")
    if "mentions" in parts:
        out.print(guard(lambda: _mentions_report(cfg, corpora)), markup=False)
    if "themes" in parts:
        from scanner.eval_themes import evaluate_themes

        out.print(guard(lambda: evaluate_themes(cfg, corpora).format_report()), markup=False)
    if "search" in parts:
        from scanner.eval_search import evaluate_search

        out.print(guard(lambda: evaluate_search(cfg, corpora).format_report()), markup=False)


def _mentions_report(cfg, corpora: Path) -> str:  # type: ignore[no-untyped-def]
    from scanner.eval_mentions import (
        baseline_spacy_orgs,
        evaluate_mentions,
        format_report,
        load_gold,
        load_items,
    )
    from scanner.nlp.mentions import MentionExtractor

    gold = load_gold(corpora)
    items = load_items(corpora)
    extractor = MentionExtractor(cfg.nlp)
    ids = [i for i in items if i in gold]
    texts = [items[i] for i in ids]
    predicted = dict(zip(ids, extractor.extract(texts), strict=True))
    report = evaluate_mentions(gold, predicted)
    baseline = baseline_spacy_orgs({i: items[i] for i in ids}, gold, cfg.nlp.model)
    return format_report(report, baseline)


@app.command()
def sources(config: ConfigOption = DEFAULT_CONFIG) -> None:
    """List the configured sources with their last crawl figures and health.

    Example: scanner sources
    """
    cfg = load(config)
    store = open_store(cfg)
    health = guard(lambda: store.crawl.health([s.id for s in cfg.sources]))
    for source in cfg.sources:
        h = health.get(source.id)
        line = f"{source.id:<24} {source.kind:<8} {source.url}"
        out.print(line, markup=False)
        out.print(f"    {h if h is not None else 'never crawled'}", markup=False)
