"""`scanner sources` (each source's crawl health), `sources import|export` (OPML) and
`sources add URL` (find a site's feeds or sitemap and follow them)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from scanner.cli import crawl_cmds
from scanner.cli.app import DEFAULT_CONFIG, ConfigOption, app, config_path, fail, guard, load, out

sources_app = typer.Typer(
    help="The watch's sources: health, OPML import/export, adding a site.",
)
app.add_typer(sources_app, name="sources")


@sources_app.callback(invoke_without_command=True)
def sources_main(
    ctx: typer.Context,
    config: ConfigOption = DEFAULT_CONFIG,
    history: Annotated[
        int, typer.Option(min=0, max=10_000, help="Also show each source's last N crawls.")
    ] = 0,
) -> None:
    """List the configured sources with their last crawl figures and health.

    Example: scanner sources --history 5
    Example: scanner sources add https://www.example.org/
    """
    if ctx.invoked_subcommand is None:
        crawl_cmds.sources(config=config, history=history)


@sources_app.command("import")
def sources_import(
    opml: Annotated[Path, typer.Argument(help="An OPML file, as feed readers export them.")],
    config: ConfigOption = DEFAULT_CONFIG,
) -> None:
    """Add the feeds of an OPML subscription list to the watch (config.toml).

    Example: scanner sources import feeds.opml
    """
    from scanner.crawl.source_list import append_sources, read_opml

    path = config_path(config)
    load(path)
    found = guard(lambda: read_opml(opml))
    added = guard(lambda: append_sources(path, found, note=f"imported from {opml.name}"))
    for s in added:
        out.print(f"added {s.id:<24} feed  {s.url}", markup=False)
    skipped = len(found) - len(added)
    out.print(
        f"{len(added)} feed(s) added to {path}" + (f", {skipped} already there" if skipped else ""),
        markup=False,
    )


@sources_app.command("export")
def sources_export(
    config: ConfigOption = DEFAULT_CONFIG,
    out_path: Annotated[
        Path | None, typer.Option("--out", help="Write here (default: standard output).")
    ] = None,
) -> None:
    """Write the watch's sources as OPML (feeds for feed readers, other sources as links).

    Example: scanner sources export --out feeds.opml
    """
    from scanner.crawl.source_list import write_opml

    cfg = load(config_path(config))
    text = write_opml(cfg.sources)
    if out_path is None:
        typer.echo(text, nl=False)
        return
    try:
        out_path.write_text(text, encoding="utf-8")
    except OSError as exc:
        fail(f"cannot write {out_path}: {exc.strerror or exc}")
    out.print(f"{len(cfg.sources)} source(s) written to {out_path}", markup=False)


@sources_app.command("add")
def sources_add(
    url: Annotated[str, typer.Argument(help="A site's home page (or a feed's address).")],
    config: ConfigOption = DEFAULT_CONFIG,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Say what was found; change nothing.")
    ] = False,
) -> None:
    """Find what a site offers to follow (its feeds, else its sitemaps, else the page as a
    listing), say it, and add it to the watch.

    Example: scanner sources add https://www.example.org/
    """
    from scanner.crawl.source_list import append_sources, find_sources

    path = config_path(config)
    cfg = load(path)
    found = guard(lambda: find_sources(cfg.crawl, url))
    for f in found:
        what = {"feed": "feed", "sitemap": "sitemap", "listing": "listing page"}[f.kind]
        count = f" — {f.entries} item(s) listed now" if f.entries else ""
        title = f" “{f.title}”" if f.title else ""
        out.print(f"found {what}{title}: {f.url} (from {f.how}){count}", markup=False)
    # follow the feeds when there are some: they say what is new; else the sitemaps
    chosen = [f for f in found if f.kind == "feed"] or [f for f in found if f.kind == "sitemap"]
    chosen = chosen or found
    if dry_run:
        out.print("dry run: config.toml left unchanged", markup=False)
        return
    taken = [s.id for s in cfg.sources]
    sources = []
    for f in chosen:
        source = f.source(taken)
        taken.append(source.id)
        sources.append(source)
    added = guard(lambda: append_sources(path, sources, note=f"found on {url}"))
    for s in added:
        out.print(f"added {s.id} ({s.kind}) to {path}", markup=False)
    if not added:
        out.print(f"nothing added: {path} already follows what was found", markup=False)
    else:
        out.print(f"check it with: scanner crawl --source {added[0].id}", markup=False)
