"""The maturity stage of each article (one row per article; `scanner.maturity` decides it)."""

from __future__ import annotations

import json
from collections.abc import Sequence

from scanner.records import STAGES, Maturity, StageName
from scanner.store.db import Database


class StageRepo:
    """Stages per article: written with the theme scores, read by the bulletin and search."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def replace(self, maturity: Maturity) -> None:
        with self.db.transaction() as conn:
            conn.execute(
                "INSERT INTO article_stages (article_id, stage, phase, confidence, evidence) "
                "VALUES (?,?,?,?,?) ON CONFLICT (article_id) DO UPDATE SET stage = "
                "excluded.stage, phase = excluded.phase, confidence = excluded.confidence, "
                "evidence = excluded.evidence",
                (
                    maturity.article_id,
                    maturity.stage,
                    maturity.phase,
                    float(maturity.confidence),
                    json.dumps(list(maturity.evidence), ensure_ascii=False),
                ),
            )

    def for_articles(self, ids: Sequence[str]) -> dict[str, Maturity]:
        """The stored stage of each of these articles that has one."""
        out: dict[str, Maturity] = {}
        ids = list(ids)
        for i in range(0, len(ids), 500):
            chunk = ids[i : i + 500]
            marks = ",".join("?" * len(chunk))
            for r in self.db.query(
                f"SELECT * FROM article_stages WHERE article_id IN ({marks})", chunk
            ):
                out[r["article_id"]] = Maturity(
                    article_id=r["article_id"],
                    stage=_stage(r["stage"]),
                    phase=r["phase"],
                    confidence=r["confidence"],
                    evidence=tuple(json.loads(r["evidence"])),
                )
        return out

    def counts(self) -> dict[str | None, int]:
        """How many articles sit at each stage (None: no stage)."""
        rows = self.db.query("SELECT stage, COUNT(*) AS n FROM article_stages GROUP BY stage")
        return {r["stage"]: r["n"] for r in rows}


def _stage(value: object) -> StageName | None:
    for stage in STAGES:
        if value == stage:
            return stage
    return None
