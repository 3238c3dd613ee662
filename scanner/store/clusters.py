"""Topic clusters per ISO week, with stable ids and their lineage.

    store.clusters.save_week("2026-W46", rows)    # replaces that week's rows, nothing else
    store.clusters.week("2026-W46")               # [ClusterWeek] (faded ones included)
    store.clusters.history(cluster_id)            # the cluster week by week, oldest first

`clusters` holds one row per id (the week it was first seen, its latest words); `cluster_weeks`
one row per id and week (size, growth, lineage, parents, centroid, words, `recent`: members
published that week); `cluster_members` the articles. Saving a week touches only that week, so
re-running it never renumbers another week's clusters.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from scanner.records import Cluster
from scanner.store.db import Database, Row

_ORDINAL = re.compile(r"-c(\d+)$")


@dataclass(frozen=True, slots=True)
class ClusterWeek:
    """A cluster's state in one week: the record, its centroid and its members of the week."""

    cluster: Cluster
    centroid: np.ndarray
    recent: int = 0


class ClusterRepo:
    """Reads and writes the cluster tables."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def save_week(self, week: str, rows: Sequence[ClusterWeek]) -> None:
        """Replace everything stored for `week` with `rows`, in one transaction; ids minted in
        that week and no longer used anywhere are dropped."""
        with self.db.transaction() as conn:
            conn.execute("DELETE FROM cluster_weeks WHERE week = ?", (week,))
            conn.execute("DELETE FROM cluster_members WHERE week = ?", (week,))
            for row in rows:
                c = row.cluster
                words = json.dumps(list(c.words), ensure_ascii=False)
                conn.execute(
                    "INSERT INTO clusters (id, first_week, words) VALUES (?,?,?) "
                    "ON CONFLICT(id) DO NOTHING",
                    (c.id, week, words),
                )
                conn.execute(
                    "INSERT INTO cluster_weeks (cluster_id, week, size, growth, lineage, parents, "
                    "words, centroid, recent) VALUES (?,?,?,?,?,?,?,?,?)",
                    (
                        c.id,
                        week,
                        c.size,
                        c.growth,
                        c.lineage,
                        json.dumps(list(c.parents)),
                        words,
                        np.ascontiguousarray(row.centroid, dtype=np.float32).tobytes(),
                        row.recent,
                    ),
                )
                conn.executemany(
                    "INSERT INTO cluster_members (cluster_id, week, article_id) VALUES (?,?,?)",
                    [(c.id, week, a) for a in dict.fromkeys(c.article_ids)],
                )
            conn.execute(
                "DELETE FROM clusters WHERE first_week = ? AND id NOT IN "
                "(SELECT DISTINCT cluster_id FROM cluster_weeks)",
                (week,),
            )
            # the words a cluster is known by are those of its latest week
            conn.execute(
                "UPDATE clusters SET words = (SELECT cw.words FROM cluster_weeks cw "
                "WHERE cw.cluster_id = clusters.id AND cw.lineage != 'faded' "
                "ORDER BY cw.week DESC LIMIT 1) WHERE id IN "
                "(SELECT cluster_id FROM cluster_weeks WHERE week = ? AND lineage != 'faded')",
                (week,),
            )

    def clear(self) -> None:
        """Forget every cluster of every week (before a rebuild), in one transaction."""
        with self.db.transaction() as conn:
            for table in ("cluster_members", "cluster_weeks", "clusters"):
                conn.execute(f"DELETE FROM {table}")

    def week(self, week: str) -> list[ClusterWeek]:
        """The week's clusters (faded ones included), largest first."""
        rows = self.db.query(
            "SELECT * FROM cluster_weeks WHERE week = ? ORDER BY size DESC, cluster_id", (week,)
        )
        members = self._members(week)
        return [self._row(r, members.get(r["cluster_id"], ())) for r in rows]

    def _members(self, week: str) -> dict[str, tuple[str, ...]]:
        out: dict[str, list[str]] = {}
        rows = self.db.query(
            "SELECT m.cluster_id, m.article_id FROM cluster_members m "
            "LEFT JOIN articles a ON a.id = m.article_id WHERE m.week = ? "
            "ORDER BY m.cluster_id, a.published DESC NULLS LAST, m.article_id",
            (week,),
        )
        for r in rows:
            out.setdefault(r["cluster_id"], []).append(r["article_id"])
        return {k: tuple(v) for k, v in out.items()}

    @staticmethod
    def _row(r: Row, members: tuple[str, ...]) -> ClusterWeek:
        cluster = Cluster(
            id=r["cluster_id"],
            week=r["week"],
            size=int(r["size"]),
            words=tuple(json.loads(r["words"])),
            article_ids=members,
            growth=float(r["growth"]),
            lineage=r["lineage"],
            parents=tuple(json.loads(r["parents"])),
        )
        return ClusterWeek(
            cluster, np.frombuffer(r["centroid"], dtype=np.float32), int(r["recent"])
        )

    def latest_week_before(self, week: str) -> str | None:
        """The latest week before `week` that has clusters stored (ISO weeks sort as text)."""
        row = self.db.one("SELECT MAX(week) FROM cluster_weeks WHERE week < ?", (week,))
        return row[0] if row and row[0] else None

    def next_ordinal(self, week: str) -> int:
        """1 + the highest ordinal of the ids minted in `week` ("2026-W46-c3" → 3)."""
        rows = self.db.query("SELECT id FROM clusters WHERE first_week = ?", (week,))
        found = [int(m.group(1)) for r in rows if (m := _ORDINAL.search(r["id"]))]
        return max(found, default=0) + 1

    def history(self, cluster_id: str) -> list[Cluster]:
        """A cluster week by week, oldest first (article ids included)."""
        weeks = self.db.query(
            "SELECT week FROM cluster_weeks WHERE cluster_id = ? ORDER BY week", (cluster_id,)
        )
        out: list[Cluster] = []
        for w in weeks:
            out.extend(c.cluster for c in self.week(w["week"]) if c.cluster.id == cluster_id)
        return out

    def weeks(self) -> list[str]:
        """Weeks with clusters stored, oldest first."""
        return [
            r["week"]
            for r in self.db.query("SELECT DISTINCT week FROM cluster_weeks ORDER BY week")
        ]
