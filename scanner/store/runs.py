"""Runs of pipeline stages and their per-stage counts."""

from __future__ import annotations

import json

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
