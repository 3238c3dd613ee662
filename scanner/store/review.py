"""Review reads: the queue of articles whose model mentions wait for a curator, what matters
first, and what curators kept (training data). `CurationRepo` inherits them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from scanner.records import Mention
from scanner.store.db import Database
from scanner.store.mentions import MentionRepo, row_to_mention

LOW_CONFIDENCE = 0.8  # the queue puts articles with a mention under this confidence first


@dataclass(frozen=True, slots=True)
class QueueItem:
    """An article waiting for review: how many model mentions, the least confident one."""

    article_id: str
    title: str
    published: str | None
    pending: int
    min_confidence: float
    on_topic: bool = True
    in_bulletin: bool = False  # on-theme and of the week the coming bulletin covers
    new_actor: bool = False  # names an organisation no earlier article named


class ReviewReads:
    """The review queue and the curated mentions, over `self.db` (a base of `CurationRepo`)."""

    db: Database

    def queue(
        self,
        limit: int = 50,
        offset: int = 0,
        week: tuple[date, date] | None = None,
        off_topic: bool = False,
        low: float = LOW_CONFIDENCE,
    ) -> list[QueueItem]:
        """Articles with unreviewed model mentions, what matters first: those the coming
        bulletin (`week`: its first day and the day after its last) will show, then those
        with a mention under `low` confidence, then those naming an organisation no earlier
        article named (a new actor), then the newest. Off-topic articles (no theme assigned)
        only with `off_topic`."""
        lo, hi = (week[0].isoformat(), week[1].isoformat()) if week else ("", "")
        pending = "FROM mentions m WHERE m.article_id = a.id AND m.status = 'auto'"
        on_topic = (
            "EXISTS (SELECT 1 FROM theme_scores t WHERE t.article_id = a.id AND t.assigned = 1)"
        )
        # an organisation's first day in the store, computed once for the whole queue (a
        # lookup per mention of "named earlier?" costs seconds at 20,000 articles)
        first_seen = (
            "WITH first_seen AS MATERIALIZED (SELECT m.canonical, MIN(b.published) AS day "
            "FROM mentions m JOIN articles b ON b.id = m.article_id WHERE m.kind = "
            "'organisation' AND m.status != 'rejected' AND m.canonical != '' "
            "GROUP BY m.canonical) "
        )
        new_actor = (
            "EXISTS (SELECT 1 FROM mentions o JOIN first_seen f ON f.canonical = o.canonical "
            "WHERE o.article_id = a.id AND o.kind = 'organisation' AND o.status != 'rejected' "
            "AND f.day >= a.published)"
        )
        rows = self.db.query(
            first_seen + "SELECT * FROM (SELECT a.id, a.title, a.published, "
            f"(SELECT COUNT(*) {pending}) AS pending, (SELECT MIN(m.confidence) {pending}) "
            f"AS min_conf, {on_topic} AS on_topic, {new_actor} AS new_actor FROM articles a "
            f"WHERE EXISTS (SELECT 1 {pending})) q "
            + ("" if off_topic else "WHERE q.on_topic ")
            + "ORDER BY "
            "(q.on_topic AND q.published >= ? AND q.published < ?) DESC NULLS LAST, "
            "(q.min_conf < ?) DESC, q.new_actor DESC, q.min_conf ASC, q.published DESC NULLS LAST, q.id "
            "LIMIT ? OFFSET ?",
            (lo, hi, low, limit, offset),
        )
        items = [
            QueueItem(
                r["id"],
                r["title"],
                r["published"],
                r["pending"],
                r["min_conf"],
                on_topic=bool(r["on_topic"]),
                in_bulletin=bool(r["on_topic"])
                and bool(week)
                and lo <= (r["published"] or "") < hi,
                new_actor=bool(r["new_actor"]),
            )
            for r in rows
        ]
        return items

    def new_actors(self, article_ids: list[str]) -> dict[str, list[str]]:
        """Article id → the organisations it names that no earlier article named."""
        out: dict[str, list[str]] = {}
        for start in range(0, len(article_ids), 500):
            chunk = article_ids[start : start + 500]
            marks = ",".join("?" * len(chunk))
            rows = self.db.query(
                "SELECT DISTINCT o.article_id, o.canonical FROM mentions o JOIN articles a ON "
                f"a.id = o.article_id WHERE o.article_id IN ({marks}) AND o.kind = "
                "'organisation' AND o.status != 'rejected' AND o.canonical != '' AND NOT EXISTS "
                "(SELECT 1 FROM mentions p JOIN articles b ON b.id = p.article_id WHERE p.kind = "
                "'organisation' AND p.status != 'rejected' AND p.canonical = o.canonical "
                "AND b.published < a.published) "
                "ORDER BY o.article_id, o.canonical",
                chunk,
            )
            for r in rows:
                out.setdefault(r[0], []).append(r[1])
        return out

    def queue_size(self, off_topic: bool = False) -> int:
        """Articles waiting for review (off-topic ones only with `off_topic`)."""
        sql = "SELECT COUNT(DISTINCT m.article_id) FROM mentions m WHERE m.status = 'auto'"
        if not off_topic:
            sql += (
                " AND EXISTS (SELECT 1 FROM theme_scores t WHERE t.article_id = m.article_id "
                "AND t.assigned = 1)"
            )
        row = self.db.one(sql)
        assert row is not None  # an aggregate query always returns one row
        return row[0]

    def curated_article_ids(self) -> list[str]:
        """Articles with at least one kept curated mention (training data)."""
        rows = self.db.query(
            "SELECT DISTINCT article_id FROM mentions "
            "WHERE status IN ('accepted', 'edited', 'added') ORDER BY article_id"
        )
        return [r[0] for r in rows]

    def curated_mentions(self, article_id: str) -> list[tuple[Mention, str]]:
        rows = self.db.query(
            "SELECT id FROM mentions WHERE article_id = ? AND status != 'auto' ORDER BY start",
            (article_id,),
        )
        repo = MentionRepo(self.db)
        return [repo.get(r[0]) for r in rows]

    def curated_facts(self) -> list[tuple[str, Mention]]:
        """(article id, amount) of every kept amount whose fact a curator set (training data
        for the role model)."""
        rows = self.db.query(
            "SELECT * FROM mentions WHERE kind = 'amount' AND status IN ('accepted', 'edited', "
            "'added') AND decided_by LIKE '%curator%' ORDER BY article_id, start"
        )
        return [(r["article_id"], row_to_mention(r)) for r in rows]

    def curated_names(self, kind: str) -> dict[str, set[str]]:
        """Canonical → surface texts of kept curated mentions of one kind."""
        rows = self.db.query(
            "SELECT canonical, text FROM mentions WHERE kind = ? "
            "AND status IN ('accepted', 'edited', 'added')",
            (kind,),
        )
        out: dict[str, set[str]] = {}
        for r in rows:
            name = r["canonical"] or r["text"]
            out.setdefault(name, set()).add(r["text"])
        return out
