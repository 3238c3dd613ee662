"""`scanner alerts add | list | remove | run | feed`: saved searches, their digests and feeds."""

from __future__ import annotations

from typing import Annotated

import typer

from scanner.cli.app import (
    DEFAULT_CONFIG,
    ConfigOption,
    app,
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
from scanner.config import Config
from scanner.store import Store

alerts_app = typer.Typer(
    help="Saved searches: alerts with an Atom feed and an e-mail digest.", no_args_is_help=True
)
app.add_typer(alerts_app, name="alerts")


@alerts_app.command("add")
def alerts_add(
    name: Annotated[str, typer.Argument(help="Letters, digits, - and _ (the feed's address).")],
    q: Annotated[str, typer.Option("--q", help="The query, French or English.")] = "",
    theme: Annotated[list[str] | None, typer.Option(help="Only these themes.")] = None,
    since: Annotated[str | None, typer.Option(help="Published on or after YYYY-MM-DD.")] = None,
    until: Annotated[str | None, typer.Option(help="Published on or before YYYY-MM-DD.")] = None,
    source: Annotated[list[str] | None, typer.Option(help="Only these source ids.")] = None,
    lang: Annotated[list[str] | None, typer.Option(help="Only these languages.")] = None,
    organisation: Annotated[
        list[str] | None, typer.Option(help="Naming this organisation.")
    ] = None,
    programme: Annotated[list[str] | None, typer.Option(help="Naming this programme.")] = None,
    min_amount: Annotated[float | None, typer.Option(help="An amount ≥ this (€).")] = None,
    mode: Annotated[str, typer.Option(help="hybrid, dense or lexical.")] = "hybrid",
    to: Annotated[
        list[str] | None, typer.Option(help="Digest recipients (default [alerts.smtp]).")
    ] = None,
    config: ConfigOption = DEFAULT_CONFIG,
) -> None:
    """Save a search as an alert.

    Example: scanner alerts add drepano --q "sickle cell gene therapy" --theme therapies_innovantes
    """
    cfg = load(config)
    store = open_store(cfg)
    from scanner.alerts.feed import feed_path
    from scanner.alerts.saved import save_alert

    filters = search_filters(
        theme=theme,
        since=since,
        until=until,
        source=source,
        lang=lang,
        organisation=organisation,
        programme=programme,
        min_amount=min_amount,
    )
    alert = guard(
        lambda: save_alert(
            cfg, store, name, q, filters, mode=mode, recipients=tuple(to or ()), by="cli"
        )
    )
    out.print(f"alert {alert.name} saved; feed: {feed_path(alert.name)}", markup=False)


@alerts_app.command("list")
def alerts_list(config: ConfigOption = DEFAULT_CONFIG) -> None:
    """List the alerts: search, hits found, last run and its error if any.

    Example: scanner alerts list
    """
    store = open_store(load(config))
    from scanner.alerts.digest import describe

    alerts = store.alerts.all()
    if not alerts:
        out.print("no alert (scanner alerts add NAME --q ...)", markup=False)
    for a in alerts:
        found = store.alerts.count_hits(a.name)
        last = a.last_run_at or "never run"
        out.print(f"{a.name}\t{describe(a)}\t{found} hit(s)\tlast run: {last}", markup=False)
        if a.last_error:
            out.print(f"\terror: {a.last_error}", markup=False)


@alerts_app.command("remove")
def alerts_remove(
    name: Annotated[str, typer.Argument(help="The alert's name.")],
    config: ConfigOption = DEFAULT_CONFIG,
) -> None:
    """Delete an alert and what it recorded.

    Example: scanner alerts remove drepano
    """
    store = open_store(load(config))
    guard(lambda: store.alerts.remove(name))
    out.print(f"alert {name} removed", markup=False)


@alerts_app.command("run")
def alerts_run(
    names: Annotated[list[str] | None, typer.Argument(help="Only these alerts.")] = None,
    mail: Annotated[bool, typer.Option(help="Mail digests ([alerts.smtp]).")] = True,
    config: ConfigOption = DEFAULT_CONFIG,
) -> None:
    """Run the alerts: record what each finds that is new, mail the digests. The exit code is
    the number of alerts that failed (each failure is printed; the others still ran).

    Example (cron, hourly): 0 * * * * cd /srv/veille && scanner alerts run
    """
    setup_logging()
    cfg = load(config)
    store = open_store(cfg)
    failed = report_runs(cfg, store, names or None, mail)
    if failed:
        raise typer.Exit(min(failed, 100))


def report_runs(cfg: Config, store: Store, names: list[str] | None, mail: bool) -> int:
    """Run the alerts, print a line each; returns how many failed."""
    from scanner.alerts.run import run_alerts

    with progress_bar() as progress:
        runs = guard(lambda: run_alerts(cfg, store, names, mail=mail, progress=progress))
    if not runs:
        out.print("alerts: none saved", markup=False)
    for r in runs:
        sent = f", digest to {', '.join(r.mailed_to)}" if r.mailed_to else ""
        line = f"alert {r.name}: {r.new} new hit(s){sent}"
        if r.error:
            console.print(f"{line}; error: {r.error}", markup=False)
        else:
            out.print(line, markup=False)
    return sum(bool(r.error) for r in runs)


@alerts_app.command("feed")
def alerts_feed(
    name: Annotated[str, typer.Argument(help="The alert's name.")],
    base_url: Annotated[
        str, typer.Option(help="Absolute address of the web app (default [web].base_url).")
    ] = "",
    config: ConfigOption = DEFAULT_CONFIG,
) -> None:
    """Print an alert's Atom feed (what /alerts/NAME.atom serves).

    Example: scanner alerts feed drepano --base-url https://veille.example.org
    """
    cfg = load(config)
    store = open_store(cfg)
    from scanner.alerts.feed import alert_xml

    base = base_url or cfg.web.base_url
    if not base:
        fail("the feed needs absolute links: pass --base-url or set [web].base_url")
    out.print(guard(lambda: alert_xml(cfg, store, name, base)), markup=False, end="")
