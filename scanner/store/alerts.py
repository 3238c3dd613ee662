"""Saved searches (alerts) and the hits they recorded: plain SQL over `alerts` and
`alert_hits` (migration 12). Filters are kept as JSON, field by field, so a filter added to
SearchFilters later is saved and read back without a migration."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import fields
from datetime import date
from typing import Any

from scanner.errors import InputError, NotFound
from scanner.records import Alert, AlertHit, SearchFilters
from scanner.store.db import Database, Row, now_iso


def filters_to_json(f: SearchFilters) -> str:
    """The filters that are set, as JSON (dates ISO, lists for tuples)."""
    data: dict[str, Any] = {}
    for spec in fields(SearchFilters):
        value = getattr(f, spec.name)
        if value in (None, ()):
            continue
        data[spec.name] = value.isoformat() if isinstance(value, date) else value
    return json.dumps(data, ensure_ascii=False, sort_keys=True)


def filters_from_json(text: str) -> SearchFilters:
    """SearchFilters from `filters_to_json`; an unknown field (from a newer scanner) is an
    InputError rather than a filter silently dropped."""
    data = json.loads(text or "{}")
    known = {spec.name: spec for spec in fields(SearchFilters)}
    values: dict[str, Any] = {}
    for name, value in data.items():
        if name not in known:
            raise InputError(f"saved filter {name!r} is unknown to this scanner")
        if name.startswith("date_") and value:
            value = date.fromisoformat(value)
        elif isinstance(value, list):
            value = tuple(value)
        values[name] = value
    return SearchFilters(**values)


def _alert(row: Row) -> Alert:
    return Alert(
        name=row["name"],
        query=row["query"],
        filters=filters_from_json(row["filters"]),
        mode=row["mode"],
        recipients=tuple(json.loads(row["recipients"] or "[]")),
        created_by=row["created_by"],
        created_at=row["created_at"],
        last_run_at=row["last_run_at"],
        last_error=row["last_error"],
    )


class AlertRepo:
    """Alerts by name, and per alert the articles it has found."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def add(self, alert: Alert) -> bool:
        """Save a new alert; False (and nothing changed) when the name is taken."""
        with self.db.transaction() as conn:
            cur = conn.execute(
                "INSERT INTO alerts (name, query, filters, mode, recipients, created_by, "
                "created_at) VALUES (?,?,?,?,?,?,?) ON CONFLICT (name) DO NOTHING",
                (
                    alert.name,
                    alert.query,
                    filters_to_json(alert.filters),
                    alert.mode,
                    json.dumps(list(alert.recipients)),
                    alert.created_by,
                    alert.created_at or now_iso(),
                ),
            )
            return cur.rowcount == 1

    def get(self, name: str) -> Alert:
        row = self.db.one("SELECT * FROM alerts WHERE name = ?", (name,))
        if row is None:
            raise NotFound(f"no alert named {name!r} (`scanner alerts list` shows them)")
        return _alert(row)

    def all(self) -> list[Alert]:
        return [_alert(r) for r in self.db.query("SELECT * FROM alerts ORDER BY name")]

    def remove(self, name: str) -> None:
        self.get(name)  # NotFound
        with self.db.transaction() as conn:
            conn.execute("DELETE FROM alert_hits WHERE alert = ?", (name,))
            conn.execute("DELETE FROM alerts WHERE name = ?", (name,))

    def record(self, name: str, hits: Sequence[tuple[str, float]], at: str) -> list[str]:
        """Record the articles (id, score) a run found; returns the ids not recorded before,
        in the order given. One transaction: a run interrupted records nothing."""
        with self.db.transaction() as conn:
            known = {
                r[0]
                for r in conn.execute("SELECT article_id FROM alert_hits WHERE alert = ?", (name,))
            }
            new = [(i, s) for i, s in dict(hits).items() if i not in known]
            conn.executemany(
                "INSERT INTO alert_hits (alert, article_id, score, found_at) VALUES (?,?,?,?)",
                [(name, i, float(s), at) for i, s in new],
            )
            conn.execute(
                "UPDATE alerts SET last_run_at = ?, last_error = '' WHERE name = ?", (at, name)
            )
        return [i for i, _ in new]

    def failed(self, name: str, at: str, error: str) -> None:
        """Note a failed run (its hits, if recorded, stay; unmailed ones wait for the next)."""
        self.db.execute(
            "UPDATE alerts SET last_run_at = ?, last_error = ? WHERE name = ?",
            (at, error[:1000], name),
        )

    def hits(self, name: str, limit: int = 50, unmailed: bool = False) -> list[AlertHit]:
        """The alert's recorded hits, newest first (best score first within a run)."""
        where = " AND mailed = 0" if unmailed else ""
        rows = self.db.query(
            f"SELECT article_id, score, found_at, mailed FROM alert_hits WHERE alert = ?{where} "
            "ORDER BY found_at DESC, score DESC LIMIT ?",
            (name, limit),
        )
        return [AlertHit(r[0], float(r[1]), r[2], bool(r[3])) for r in rows]

    def count_hits(self, name: str, unmailed: bool = False) -> int:
        where = " AND mailed = 0" if unmailed else ""
        row = self.db.one(f"SELECT COUNT(*) FROM alert_hits WHERE alert = ?{where}", (name,))
        return int(row[0]) if row else 0

    def mark_mailed(self, name: str, article_ids: Sequence[str]) -> None:
        with self.db.transaction() as conn:
            conn.executemany(
                "UPDATE alert_hits SET mailed = 1 WHERE alert = ? AND article_id = ?",
                [(name, i) for i in article_ids],
            )
