"""Commands that run the pipeline: process, analyze, search, index, demo (crawl, ingest: crawl_cmds)."""

from __future__ import annotations

import functools
import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from scanner import pipeline
from scanner.cli.app import (
    DEFAULT_CONFIG,
    ConfigOption,
    app,
    config_path,
    console,
    fail,
    guard,
    load,
    open_store,
    out,
    progress_bar,
    search_filters,
    setup_logging,
)
from scanner.cli.remote import server_hits
from scanner.config import Config, display_url
from scanner.errors import InputError

index_app = typer.Typer(help="The FAISS index on disk.", no_args_is_help=True)
app.add_typer(index_app, name="index")
clusters_app = typer.Typer(help="The weekly emerging-topic clusters.", no_args_is_help=True)
app.add_typer(clusters_app, name="clusters")


@app.command("process")
def process_cmd(
    config: ConfigOption = DEFAULT_CONFIG,
    force: Annotated[bool, typer.Option(help="Re-process every article.")] = False,
) -> None:
    """Extract mentions, embed, index and score themes for new articles; update clusters.

    Example: scanner process --force
    """
    setup_logging()
    cfg = load(config)
    store = open_store(cfg)
    with progress_bar() as progress:
        done = guard(lambda: pipeline.refresh(cfg, store, force=force, progress=progress))
    out.print(done.summary())


@app.command()
def analyze(
    jsonl: Annotated[Path, typer.Option(help="JSONL items: id, text, title, date, url, lang.")],
    out_path: Annotated[
        Path | None, typer.Option("--out", help="Output JSONL (default stdout).")
    ] = None,
    config: ConfigOption = DEFAULT_CONFIG,
) -> None:
    """Themes, maturity stage and mentions for each JSONL item, as JSONL; nothing is stored.

    Example: scanner analyze --jsonl items.jsonl --out analysed.jsonl
    """
    setup_logging()
    cfg = load(config)
    processor = guard(lambda: pipeline.scratch_processor(cfg))
    items = guard(lambda: list(pipeline.read_items(jsonl, cfg.crawl.max_bytes)))
    try:
        sink = out_path.open("w", encoding="utf-8") if out_path else sys.stdout
    except OSError as exc:
        fail(f"cannot write {out_path}: {exc.strerror or exc}")
        raise
    bad = 0
    try:
        good = []
        for item in items:
            if isinstance(item, InputError):
                bad += 1
                if bad <= 20:
                    console.print(f"skipped: {item}", markup=False)
            else:
                good.append(pipeline.item_to_article(item, cfg.crawl.languages))
        if bad > 20:
            console.print(f"... and {bad - 20} more bad line(s)", markup=False)
        assess = processor.semantic.assess_articles
        for start in range(0, len(good), pipeline.BATCH):
            batch = good[start : start + pipeline.BATCH]
            mentions = guard(functools.partial(processor.mentions, batch))
            themes, stages = guard(functools.partial(assess, batch))
            for article, ms in zip(batch, mentions, strict=True):
                line = pipeline.analysis_line(
                    article, ms, themes.get(article.id, []), stages.get(article.id)
                )
                sink.write(json.dumps(line, ensure_ascii=False) + "\n")
    finally:
        if out_path:
            sink.close()
    if out_path:
        out.print(f"wrote {len(items) - bad} line(s) to {out_path}")
    if bad:
        raise typer.Exit(1)


@app.command()
def search(
    query: Annotated[str, typer.Argument(help="Free text, French or English.")],
    k: Annotated[int, typer.Option(help="Number of hits.")] = 10,
    as_json: Annotated[bool, typer.Option("--json", help="Print hits as JSON.")] = False,
    theme: Annotated[list[str] | None, typer.Option(help="Only these themes (repeatable).")] = None,
    stage: Annotated[
        list[str] | None,
        typer.Option(
            help="Only these maturity stages (research, clinical, regulatory, "
            "reimbursement, market, policy; repeatable)."
        ),
    ] = None,
    since: Annotated[str | None, typer.Option(help="Published on or after YYYY-MM-DD.")] = None,
    until: Annotated[str | None, typer.Option(help="Published on or before YYYY-MM-DD.")] = None,
    source: Annotated[list[str] | None, typer.Option(help="Only these source ids.")] = None,
    lang: Annotated[list[str] | None, typer.Option(help="Only these languages.")] = None,
    organisation: Annotated[
        list[str] | None, typer.Option(help="Articles naming this organisation.")
    ] = None,
    programme: Annotated[
        list[str] | None, typer.Option(help="Articles naming this programme.")
    ] = None,
    min_amount: Annotated[
        float | None, typer.Option(help="Articles with an amount ≥ this, in euros.")
    ] = None,
    mode: Annotated[str, typer.Option(help="hybrid, dense or lexical.")] = "hybrid",
    sort: Annotated[str, typer.Option(help="relevance or date (newest first).")] = "relevance",
    config: ConfigOption = DEFAULT_CONFIG,
    local: Annotated[
        bool, typer.Option("--local", help="Search here even if `scanner serve` is running.")
    ] = False,
) -> None:
    """Hybrid semantic + lexical search over everything collected, in French or English. A
    running `scanner serve` of the same watch answers the query (its models are loaded); else
    the embedding model is loaded here (--mode lexical needs no model).

    Example: scanner search "robots chirurgicaux" --theme bloc_operatoire --json
    """
    setup_logging()
    cfg = load(config)
    from scanner.search.hybrid import check_filters, check_query
    from scanner.search.hybrid import search as run_search

    filters = search_filters(
        theme=theme,
        since=since,
        until=until,
        source=source,
        lang=lang,
        organisation=organisation,
        programme=programme,
        min_amount=min_amount,
        stage=stage,
    )
    # A wrong filter is the user's to fix before anything is opened or loaded.
    guard(lambda: check_filters(cfg, filters))
    require_store(cfg)
    store = open_store(cfg)
    _, note = guard(lambda: check_query(query, cfg))
    if note:
        console.print(note, markup=False)
    answered = None if local else server_hits(cfg, query, k, filters, mode)
    if answered is not None:
        hits, server = answered
        console.print(f"(answered by the running server at {server})", markup=False)
    else:
        hits = guard(
            lambda: run_search(cfg, store, query, k=k, filters=filters, mode=mode, sort=sort)
        )
    from scanner.search.export import hit_record, plain

    if as_json:
        rows = [hit_record(h) for h in hits]
        out.print(json.dumps(rows, ensure_ascii=False, indent=2), markup=False)
        return
    if not hits:
        out.print("no hit")
    for rank, h in enumerate(hits, start=1):
        out.print(f"{rank:>2}. {h.title}  [{h.published or '?'}]  {h.url}", markup=False)
        out.print(f"    {plain(h.snippet)}", markup=False)


def require_store(cfg: Config) -> None:
    """Exit 1, saying how to fill it, when the store holds no article; a missing store is
    not created (a mistyped folder must not grow a data/ of its own)."""
    from scanner.store import Store

    sqlite = cfg.store.sqlite_path
    empty = sqlite is not None and sqlite != ":memory:" and not Path(sqlite).is_file()
    if not empty:
        with Store.from_config(cfg.store) as store:
            empty = store.articles.count() == 0
    if empty:
        fail(
            f"the store {sqlite or display_url(cfg.store.url)} is empty: nothing to search yet. Fill it with `scanner demo` "
            "(the sample site), `scanner crawl` (the configured sources) or "
            "`scanner ingest --jsonl items.jsonl`; or point --config at another watch",
            code=1,
        )


@app.command()
def remove(
    ids: Annotated[list[str], typer.Argument(help="Article ids to forget.")],
    config: ConfigOption = DEFAULT_CONFIG,
) -> None:
    """Forget articles: out of the FAISS index, then out of the store (mentions, themes too).

    Example: scanner remove a001 a002
    """
    setup_logging()
    cfg = load(config)
    store = open_store(cfg)
    removed = guard(lambda: pipeline.remove_articles(cfg, store, ids))
    out.print(f"removed {removed} article(s); {len(set(ids)) - removed} unknown id(s)")
    if removed < len(set(ids)):
        raise typer.Exit(1)


@index_app.command("rebuild")
def index_rebuild(config: ConfigOption = DEFAULT_CONFIG) -> None:
    """Rebuild the FAISS index from the store's cached vectors (and stem new articles).

    Example: scanner index rebuild
    """
    setup_logging()
    cfg = load(config)
    store = open_store(cfg)
    from scanner.search.retrieval import update_lexical
    from scanner.vectors.index import rebuild_index

    with progress_bar() as progress:
        message = guard(lambda: rebuild_index(cfg, store, progress=progress))
        stemmed = guard(lambda: update_lexical(store, progress=progress))
    out.print(str(message), markup=False)
    if stemmed:
        out.print(f"lexical search: stemmed {stemmed} article(s)")


@clusters_app.command("rebuild")
def clusters_rebuild(config: ConfigOption = DEFAULT_CONFIG) -> None:
    """Forget the stored clusters and compute every week's again, oldest first.

    (`scanner process` already completes a cluster update that a killed run left half done.)

    Example: scanner clusters rebuild
    """
    setup_logging()
    cfg = load(config)
    store = open_store(cfg)
    with progress_bar() as progress:
        weeks = guard(lambda: pipeline.rebuild_clusters(cfg, store, progress=progress))
    clusters = sum(len(store.clusters.week(w)) for w in weeks)
    out.print(f"clusters rebuilt for {len(weeks)} week(s): {clusters} cluster-week row(s)")


@app.command()
def demo(
    config: ConfigOption = DEFAULT_CONFIG,
    week: Annotated[
        str | None, typer.Option(help="Bulletin week (default: latest in the data).")
    ] = None,
) -> None:
    """Serve the bundled sample site on 127.0.0.1, crawl it, process it, write the bulletin.
    Works from any folder: without a config.toml there, the project's demo watch is used
    (its data and bulletin are written in the current folder).

    Example: scanner demo
    """
    setup_logging()
    from scanner.demo import demo_config_file, run_demo

    chosen = config_path(config)
    watch_file = demo_config_file(chosen) if chosen == DEFAULT_CONFIG else chosen
    if watch_file != chosen:
        console.print(f"no {chosen} here: using the demo watch {watch_file}", markup=False)
    cfg = load(watch_file)
    store = open_store(cfg)

    with progress_bar() as progress:
        result = guard(lambda: run_demo(cfg, store, week=week, progress=progress))
    out.print(result.summary(), markup=False)
