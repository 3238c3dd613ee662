"""Runs of pipeline stages, their per-stage counts, and marks a run leaves for the next.

token = store.runs.mark("clusters_stale")        # "this needs doing", kept across a kill
store.runs.marked("clusters_stale")             # the mark's token, or None
store.runs.unmark("clusters_stale", token)      # done: cleared unless marked again since
"""

from __future__ import annotations

import json
import secrets

from scanner.records import StageCounts
from scanner.store.db import Database, now_iso


class RunRepo:
    """One row per stage run: when, how many seen/done/skipped/failed, errors by kind."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def start(self, stage: str) -> int:
        row = self.db.one(
            "INSERT INTO runs (stage, started_at) VALUES (?, ?) RETURNING id", (stage, now_iso())
        )
        return int(row[0])

    def finish(self, run_id: int, counts: StageCounts) -> None:
        self.db.execute(
            "UPDATE runs SET finished_at = ?, seen = ?, done = ?, skipped = ?, failed = ?, "
            "errors = ? WHERE id = ?",
            (
                now_iso(),
                counts.seen,
                counts.done,
                counts.skipped,
                counts.failed,
                json.dumps(counts.errors, sort_keys=True),
                run_id,
            ),
        )

    def recent(self, limit: int = 20) -> list[dict]:
        rows = self.db.query("SELECT * FROM runs ORDER BY id DESC LIMIT ?", (limit,))
        return [dict(r) | {"errors": json.loads(r["errors"])} for r in rows]

    # ---- marks: work a killed run leaves for the next one to complete ----

    def mark(self, key: str) -> str:
        """Set the mark `key` (again); returns its new token."""
        token = f"{now_iso()} {secrets.token_hex(4)}"
        self.db.execute(
            "INSERT INTO watch_state (key, value, at) VALUES (?, ?, ?) ON CONFLICT(key) DO "
            "UPDATE SET value = excluded.value, at = excluded.at",
            (key, token, now_iso()),
        )
        return token

    def marked(self, key: str) -> str | None:
        row = self.db.one("SELECT value FROM watch_state WHERE key = ?", (key,))
        return str(row[0]) if row else None

    def unmark(self, key: str, token: str) -> bool:
        """Clear the mark if it still holds `token` (nobody marked it again meanwhile)."""
        cur = self.db.execute("DELETE FROM watch_state WHERE key = ? AND value = ?", (key, token))
        return cur.rowcount > 0
