"""New actors: the programmes and organisations the extraction found outside the gazetteers.

A name is "new" while none of its mentions is listed (origin `gazetteer` or `curator`) or
kept by a curator, and no curator has decided on it yet. A decision is made once per
(kind, canonical name): `confirmed` (it joins the watch's curated gazetteer) or `rejected`
(its pending mentions are rejected with it, and it is not listed again).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from scanner.store.db import Database, now_iso

ACTOR_KINDS = ("organisation", "programme")
DECISIONS = ("confirmed", "rejected")


@dataclass(frozen=True, slots=True)
class NewActor:
    """A programme or organisation no gazetteer lists, with where and how often it was seen."""

    kind: str
    canonical: str
    articles: int
    sources: int
    first_seen: str  # earliest publication date (ISO), "" when unknown
    example_article: str
    example_text: str


# A canonical is listed when any of its mentions is: then it is not new.
_LISTED = (
    "EXISTS (SELECT 1 FROM mentions l WHERE l.kind = m.kind AND l.canonical = m.canonical "
    "AND (l.origin IN ('gazetteer', 'curator') OR l.status IN ('accepted', 'edited', 'added')))"
)
_DECIDED = (
    "EXISTS (SELECT 1 FROM actor_decisions d WHERE d.kind = m.kind AND d.canonical = m.canonical)"
)


class ActorRepo:
    """Queries over unlisted names and the curators' decisions on them."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def new_actors(
        self, limit: int = 100, offset: int = 0, kind: str | None = None
    ) -> list[NewActor]:
        """Undecided unlisted names, the most recently first seen first, then the most cited."""
        kinds = (kind,) if kind else ACTOR_KINDS
        marks = ",".join("?" * len(kinds))
        rows = self.db.query(
            "SELECT m.kind, m.canonical, COUNT(DISTINCT m.article_id) AS n, "
            "COUNT(DISTINCT NULLIF(a.source_id, '')) AS s, MIN(a.published) AS first, "
            "MIN(m.article_id) AS example, MIN(m.text) AS surface "
            "FROM mentions m JOIN articles a ON a.id = m.article_id "
            f"WHERE m.kind IN ({marks}) AND m.origin IN ('rule', 'model') "
            f"AND m.status != 'rejected' AND NOT {_LISTED} AND NOT {_DECIDED} "
            "GROUP BY m.kind, m.canonical ORDER BY first DESC NULLS LAST, n DESC, m.canonical "
            "LIMIT ? OFFSET ?",
            (*kinds, limit, offset),
        )
        return [NewActor(r[0], r[1], r[2], r[3], r[4] or "", r[5], r[6]) for r in rows if r[1]]

    def count_new(self) -> int:
        row = self.db.one(
            "SELECT COUNT(*) FROM (SELECT DISTINCT m.kind, m.canonical FROM mentions m "
            "WHERE m.kind IN ('organisation', 'programme') AND m.origin IN ('rule', 'model') "
            f"AND m.status != 'rejected' AND NOT {_LISTED} AND NOT {_DECIDED}) u"
        )
        return int(row[0]) if row else 0

    def decide(self, kind: str, canonical: str, status: str, curator: str) -> int:
        """Record a decision (replacing an earlier one); a rejection also rejects the name's
        pending model mentions. Returns how many mentions were rejected."""
        rejected = 0
        with self.db.transaction() as conn:
            conn.execute(
                "INSERT INTO actor_decisions (kind, canonical, status, curator, at) "
                "VALUES (?,?,?,?,?) ON CONFLICT(kind, canonical) DO UPDATE SET "
                "status = excluded.status, curator = excluded.curator, at = excluded.at",
                (kind, canonical, status, curator, now_iso()),
            )
            if status == "rejected":
                cur = conn.execute(
                    "UPDATE mentions SET status = 'rejected' WHERE kind = ? AND canonical = ? "
                    "AND status = 'auto'",
                    (kind, canonical),
                )
                rejected = cur.rowcount
        return rejected

    def decision(self, kind: str, canonical: str) -> str | None:
        row = self.db.one(
            "SELECT status FROM actor_decisions WHERE kind = ? AND canonical = ?", (kind, canonical)
        )
        return row[0] if row else None

    def confirmed(self, kind: str) -> dict[str, set[str]]:
        """Confirmed canonical names of one kind → the surface texts they were found as."""
        rows = self.db.query(
            "SELECT d.canonical, m.text FROM actor_decisions d LEFT JOIN mentions m "
            "ON m.kind = d.kind AND m.canonical = d.canonical AND m.status != 'rejected' "
            "WHERE d.kind = ? AND d.status = 'confirmed'",
            (kind,),
        )
        out: dict[str, set[str]] = {}
        for r in rows:
            out.setdefault(r[0], set()).update([r[1]] if r[1] else [])
        return out

    def sources_until(self, kind: str, names: Sequence[str], end: date) -> dict[str, int]:
        """Distinct sources that named each of `names` in an article published before `end`."""
        out: dict[str, int] = {}
        for name in dict.fromkeys(names):
            row = self.db.one(
                "SELECT COUNT(DISTINCT NULLIF(a.source_id, '')) FROM mentions m "
                "JOIN articles a ON a.id = m.article_id WHERE m.kind = ? AND m.canonical = ? "
                "AND m.status != 'rejected' AND a.published < ?",
                (kind, name, end.isoformat()),
            )
            out[name] = int(row[0]) if row else 0
        return out

    def listed(self, kind: str, names: Sequence[str]) -> set[str]:
        """Those of `names` that a gazetteer or a curator vouches for (listed, kept, confirmed)."""
        out = set()
        for name in dict.fromkeys(names):
            row = self.db.one(
                "SELECT EXISTS (SELECT 1 FROM mentions l WHERE l.kind = ? AND l.canonical = ? "
                "AND (l.origin IN ('gazetteer', 'curator') OR l.status IN "
                "('accepted', 'edited', 'added'))) OR EXISTS (SELECT 1 FROM actor_decisions d "
                "WHERE d.kind = ? AND d.canonical = ? AND d.status = 'confirmed')",
                (kind, name, kind, name),
            )
            if row and row[0]:
                out.add(name)
        return out

    def unlisted_names(self) -> list[tuple[str, str, str]]:
        """(kind, surface, canonical) of every unlisted name kept in the store: what the
        extraction links new articles' names to."""
        rows = self.db.query(
            "SELECT DISTINCT kind, text, canonical FROM mentions "
            "WHERE kind IN ('organisation', 'programme') AND origin IN ('rule', 'model') "
            "AND status != 'rejected'"
        )
        return [(r[0], r[1], r[2]) for r in rows]
