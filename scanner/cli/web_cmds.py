"""`scanner serve`, `scanner users add`, `scanner curate retrain|export|log`."""

from __future__ import annotations

import os
import sys
from pathlib import Path
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
    setup_logging,
)

PASSWORD_ENV = "SCANNER_PASSWORD"  # `users add` without a terminal reads the password here
users_app = typer.Typer(help="Web accounts (curators).", no_args_is_help=True)
curate_app = typer.Typer(
    help="Curators' corrections: retrain, export, audit log.", no_args_is_help=True
)
app.add_typer(users_app, name="users")
app.add_typer(curate_app, name="curate")


@app.command()
def serve(
    config: ConfigOption = DEFAULT_CONFIG,
    host: Annotated[
        str | None, typer.Option(help="Address to listen on (default [web].host).")
    ] = None,
    port: Annotated[int | None, typer.Option(help="Port (default [web].port).")] = None,
    workers: Annotated[
        int,
        typer.Option(
            help="Server processes sharing the port, each with its own store connections."
        ),
    ] = 1,
) -> None:
    """Serve the web app: search, articles, bulletins, alerts, curation desk (API docs at
    /docs).

    Example: scanner serve --port 8000 --workers 2
    """
    setup_logging()
    cfg = load(config)
    store = open_store(cfg)  # migrates the store once, before any worker opens it
    from scanner.web import create_app
    from scanner.web.serve import serve as run_server

    guard(lambda: create_app(cfg, store))  # a bad secret file or template fails here, once
    store.close()
    host = host or cfg.web.host
    port = port if port is not None else cfg.web.port
    if not 0 < port < 65_536:
        fail(f"--port must be between 1 and 65535, got {port}")
    if host not in ("127.0.0.1", "localhost", "::1"):
        console.print(
            f"warning: listening on {host}, reachable from other machines; put it behind HTTPS"
            + ("" if cfg.web.secure_cookies else " and set [web].secure_cookies = true"),
            markup=False,
        )
    plural = f", {workers} processes" if workers > 1 else ""
    out.print(
        f"scanner web on http://{host}:{port}/{plural}  (API: /docs; Ctrl-C stops)", markup=False
    )
    try:
        guard(lambda: run_server(cfg, host, port, workers))
    except OSError as exc:
        fail(f"cannot listen on {host}:{port}: {exc.strerror or exc}")


@users_app.command("add")
def users_add(
    name: Annotated[str, typer.Argument(help="User name.")],
    config: ConfigOption = DEFAULT_CONFIG,
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help="Read the password from stdin.")
    ] = False,
    role: Annotated[
        str, typer.Option(help="curator (reads and corrects) or reader (reads only).")
    ] = "curator",
) -> None:
    """Create a web account (or reset its password and role); the password is hashed with
    argon2. Without a terminal (a script, CI) the password is read from the environment
    variable SCANNER_PASSWORD, else from the first line of standard input.

    Example: echo "$PASSWORD" | scanner users add alice --password-stdin
    Example: SCANNER_PASSWORD=… scanner users add alice --role reader
    """
    cfg = load(config)
    store = open_store(cfg)
    from scanner.web.security import add_user

    from_env = os.environ.get(PASSWORD_ENV)
    if password_stdin or (from_env is None and not sys.stdin.isatty()):
        password = sys.stdin.readline().rstrip("\r\n")
        if not password:
            fail(f"no password on standard input (or set {PASSWORD_ENV})")
    elif from_env is not None:
        password = from_env
    else:
        password = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    guard(lambda: add_user(store, name, password, role))
    out.print(f"user {name} saved ({role})", markup=False)


@users_app.command("remove")
def users_remove(
    name: Annotated[str, typer.Argument(help="User name.")],
    config: ConfigOption = DEFAULT_CONFIG,
) -> None:
    """Delete a web account; its open sessions stop working at their next request.

    Example: scanner users remove alice
    """
    store = open_store(load(config))
    guard(lambda: store.curation.remove_user(name))
    out.print(f"user {name} removed", markup=False)


@users_app.command("list")
def users_list(config: ConfigOption = DEFAULT_CONFIG) -> None:
    """List web accounts and their roles.

    Example: scanner users list
    """
    store = open_store(load(config))
    for user in store.curation.users():
        out.print(f"{user.username}\t{user.role}", markup=False)


@curate_app.command("retrain")
def curate_retrain(
    config: ConfigOption = DEFAULT_CONFIG,
    corpora: Annotated[Path, typer.Option(help="Folder with sample/ and gold/.")] = Path("corpora"),
) -> None:
    """Retrain the theme classifier with the curators' theme labels; print the cross-validated
    evaluation on the gold set without them (before) and with them (after).

    Example: scanner curate retrain
    """
    setup_logging()
    cfg = load(config)
    store = open_store(cfg)
    from scanner.eval.themes import evaluate_themes
    from scanner.themes.training import train_theme_model

    labels = store.themes.labels()
    out.print(
        f"{sum(len(v) for v in labels.values())} curator label(s) on {len(labels)} article(s)",
        markup=False,
    )
    before = guard(lambda: evaluate_themes(cfg, corpora))
    out.print("== before (gold set only) ==", markup=False)
    out.print(before.format_report(), markup=False)
    out.print(guard(lambda: train_theme_model(cfg, store, corpora)), markup=False)
    after = guard(lambda: evaluate_themes(cfg, corpora, store))
    out.print("== after (gold set + curators' labels) ==", markup=False)
    out.print(after.format_report(), markup=False)
    change = after.macro_f1 - before.macro_f1
    out.print(
        f"macro-F1 {before.macro_f1:.3f} → {after.macro_f1:.3f} ({change:+.3f})", markup=False
    )


@curate_app.command("export")
def curate_export(
    config: ConfigOption = DEFAULT_CONFIG,
    out_dir: Annotated[Path, typer.Option("--out", help="Folder for training data.")] = Path(
        "data/training"
    ),
    gazetteers: Annotated[
        Path | None,
        typer.Option(
            help="Folder for the curated gazetteer files (default: [nlp].curated_dir, where "
            "extraction reads them)."
        ),
    ] = None,
) -> None:
    """Write the corrections as spaCy training data (corrections.spacy, a DocBin, and
    corrections.jsonl) and the curated names as gazetteer additions.

    Example: scanner curate export --out data/training
    """
    cfg = load(config)
    store = open_store(cfg)
    from scanner.curation.learning import (
        curated_gazetteer_paths,
        export_training_data,
        sync_gazetteers,
    )

    paths = curated_gazetteer_paths(cfg)
    if gazetteers is not None:
        paths = {kind: gazetteers / path.name for kind, path in paths.items()}
    try:
        spacy_path, jsonl, n = guard(lambda: export_training_data(store, out_dir))
        out.print(f"{n} corrected article(s) → {spacy_path}, {jsonl}", markup=False)
        for path in guard(lambda: sync_gazetteers(store, paths)):
            out.print(f"gazetteer additions → {path}", markup=False)
    except OSError as exc:  # an unwritable folder: say which, no traceback
        fail(f"cannot write {exc.filename or out_dir}: {exc.strerror or exc}")


@curate_app.command("log")
def curate_log(
    config: ConfigOption = DEFAULT_CONFIG,
    fmt: Annotated[str, typer.Option("--format", help="table, jsonl or csv.")] = "table",
    limit: Annotated[
        int, typer.Option(min=1, max=1_000_000, help="Newest N rows (table only).")
    ] = 50,
) -> None:
    """Print the corrections audit log (who, when, before, after).

    Example: scanner curate log --format jsonl > corrections.jsonl
    """
    store = open_store(load(config))
    from scanner.curation.corrections import corrections_csv, corrections_jsonl

    if fmt in ("jsonl", "csv"):
        writer = corrections_jsonl if fmt == "jsonl" else corrections_csv
        for chunk in writer(store.curation.iter_corrections()):
            sys.stdout.write(chunk)
        return
    if fmt != "table":
        fail(f"--format: choose table, jsonl or csv, not {fmt!r}")
    from scanner.curation.audit import describe, text_lines

    rows = store.curation.corrections(limit=limit)
    ids = [int(c.target[8:]) for c in rows if c.target.startswith("mention:")]
    articles = store.curation.article_of_mentions([i for i in ids])
    for c in rows:
        mention = c.target[8:] if c.target.startswith("mention:") else ""
        entry = describe(c, articles.get(int(mention), "") if mention.isdigit() else "")
        for line in text_lines(entry):
            out.print(line, markup=False)
