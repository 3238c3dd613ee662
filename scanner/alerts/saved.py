"""Saving a search as an alert, with every check a user can fail named in its error.

    save_alert(cfg, store, "drepano", "sickle cell gene therapy",
               SearchFilters(themes=("therapies_innovantes",)), by="alice")

A name is what the feed's address holds (`/alerts/NAME.atom`): letters, digits, `-` and `_`,
64 at most, so no `/`, no `..`, nothing to escape. A query is required and at most
`[alerts].max_query_chars` long (a saved query is not cut silently as a typed one is).
"""

from __future__ import annotations

import re

from scanner.config import Config
from scanner.errors import InputError
from scanner.records import Alert, SearchFilters
from scanner.search.hybrid import MODES, check_query
from scanner.store import Store, now_iso

NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,63}")
EMAIL = re.compile(r"[^@\s<>,;]+@[^@\s<>,;]+\.[^@\s<>,;]+")


class AlertExists(InputError):
    """An alert of that name is already saved (its first definition is kept)."""

    http_status = 409


def check_name(name: str) -> str:
    if not NAME.fullmatch(name or ""):
        raise InputError(
            f"alert name {name[:80]!r} is not allowed: use 1 to 64 letters, digits, '-' or "
            "'_', starting with a letter or digit (no '/', '.', space)"
        )
    return name


def check_alert(cfg: Config, alert: Alert) -> Alert:
    """The alert if it can be saved and run; else InputError (UnknownTheme for a theme)."""
    check_name(alert.name)
    query = " ".join(alert.query.split())
    if not query:
        raise InputError("an alert needs a query: a few words, French or English")
    if len(query) > cfg.alerts.max_query_chars:
        raise InputError(
            f"the query has {len(query)} characters; an alert's query has at most "
            f"{cfg.alerts.max_query_chars} ([alerts].max_query_chars)"
        )
    check_query(query, cfg)  # no letter or digit: InputError
    if alert.mode not in MODES:
        raise InputError(f"mode must be one of {', '.join(MODES)}, not {alert.mode!r}")
    f = alert.filters
    for theme in f.themes:
        cfg.theme(theme)
    if f.date_from and f.date_to and f.date_from > f.date_to:
        raise InputError(f"date range ends ({f.date_to}) before it starts ({f.date_from})")
    for address in alert.recipients:
        if not EMAIL.fullmatch(address):
            raise InputError(f"{address[:80]!r} is not an e-mail address")
    return Alert(
        name=alert.name,
        query=query,
        filters=f,
        mode=alert.mode,
        recipients=tuple(dict.fromkeys(alert.recipients)),
        created_by=alert.created_by,
        created_at=alert.created_at or now_iso(),
    )


def save_alert(
    cfg: Config,
    store: Store,
    name: str,
    query: str,
    filters: SearchFilters | None = None,
    *,
    mode: str = "hybrid",
    recipients: tuple[str, ...] = (),
    by: str = "",
) -> Alert:
    """Check and save a new alert; AlertExists if the name is taken (nothing is changed)."""
    alert = check_alert(
        cfg, Alert(name, query, filters or SearchFilters(), mode, recipients, created_by=by)
    )
    if not store.alerts.add(alert):
        raise AlertExists(
            f"an alert named {name!r} exists already; choose another name or remove it first "
            f"(`scanner alerts remove {name}`)"
        )
    return alert
