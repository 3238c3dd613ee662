"""Weekly bulletins (body JSON + ranked items with reasons) and the bulk reads a bulletin needs.

    store.bulletins.save(week, generated_at, input_key, body, items)
    store.bulletins.get("2026-W46")       # the JSON body (dict); NotFound if never built
    store.bulletins.record("2026-W46")    # StoredBulletin with generated_at and input_key
    store.bulletins.list()                # newest week first

The reads below aggregate in SQL so a week of thousands of articles does not load twelve
weeks of texts to count them.
"""

from __future__ import annotations

import builtins
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from scanner.errors import NotFound
from scanner.records import Mention, ThemeScore
from scanner.store.db import Database
from scanner.store.mentions import row_to_mention

CHUNK = 500


@dataclass(frozen=True, slots=True)
class StoredItem:
    """One ranked item of a stored bulletin."""

    article_id: str
    theme: str
    rank: int
    score: float
    reasons: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class StoredBulletin:
    week: str
    generated_at: str
    input_key: str
    body: dict[str, Any]


class BulletinRepo:
    """Bulletins by ISO week; saving a week again replaces it."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def save(
        self,
        week: str,
        generated_at: str,
        input_key: str,
        body: dict[str, Any],
        items: Iterable[StoredItem],
    ) -> None:
        with self.db.transaction() as conn:
            conn.execute("DELETE FROM bulletin_items WHERE week = ?", (week,))
            conn.execute(
                "INSERT INTO bulletins (week, generated_at, input_key, body) VALUES (?,?,?,?) "
                "ON CONFLICT(week) DO UPDATE SET generated_at = excluded.generated_at, "
                "input_key = excluded.input_key, body = excluded.body",
                (week, generated_at, input_key, json.dumps(body, ensure_ascii=False)),
            )
            conn.executemany(
                "INSERT INTO bulletin_items (week, article_id, theme, rank, score, reasons) "
                "VALUES (?,?,?,?,?,?)",
                [
                    (week, i.article_id, i.theme, i.rank, i.score, json.dumps(i.reasons))
                    for i in items
                ],
            )

    def record(self, week: str) -> StoredBulletin:
        row = self.db.one(
            "SELECT week, generated_at, input_key, body FROM bulletins WHERE week = ?", (week,)
        )
        if row is None:
            raise NotFound(f"no bulletin for week {week}")
        return StoredBulletin(row[0], row[1], row[2], json.loads(row[3]))

    def get(self, week: str) -> dict[str, Any]:
        """The bulletin's JSON body."""
        return self.record(week).body

    def list(self) -> list[StoredBulletin]:
        rows = self.db.query(
            "SELECT week, generated_at, input_key, body FROM bulletins ORDER BY week DESC"
        )
        return [StoredBulletin(r[0], r[1], r[2], json.loads(r[3])) for r in rows]

    def items(self, week: str) -> builtins.list[StoredItem]:
        rows = self.db.query(
            "SELECT article_id, theme, rank, score, reasons FROM bulletin_items WHERE week = ? "
            "ORDER BY theme, rank",
            (week,),
        )
        return [StoredItem(r[0], r[1], r[2], r[3], json.loads(r[4])) for r in rows]

    # ---- bulk reads for building a bulletin ----

    def published_count(self, start: date, end: date) -> int:
        """Articles published in [start, end)."""
        row = self.db.one(
            "SELECT COUNT(*) FROM articles WHERE published >= ? AND published < ?",
            (start.isoformat(), end.isoformat()),
        )
        assert row is not None  # an aggregate query always returns one row
        return int(row[0])

    def week_theme_scores(
        self, start: date, end: date
    ) -> tuple[dict[str, builtins.list[ThemeScore]], set[str]]:
        """Assigned theme scores (best first) of the articles published in [start, end), and
        the ids of those that have any score at all (the others are not processed yet)."""
        span = (start.isoformat(), end.isoformat())
        rows = self.db.query(
            "SELECT t.article_id, t.theme, t.score, t.evidence FROM theme_scores t "
            "JOIN articles a ON a.id = t.article_id WHERE t.assigned = 1 "
            "AND a.published >= ? AND a.published < ? ORDER BY a.num, t.score DESC, t.theme",
            span,
        )
        assigned: dict[str, list[ThemeScore]] = {}
        for r in rows:
            score = ThemeScore(r[0], r[1], r[2], True, tuple(json.loads(r[3])))
            assigned.setdefault(r[0], []).append(score)
        scored = self.db.query(
            "SELECT DISTINCT t.article_id FROM theme_scores t JOIN articles a "
            "ON a.id = t.article_id WHERE a.published >= ? AND a.published < ?",
            span,
        )
        return assigned, {r[0] for r in scored}

    def week_mentions(self, start: date, end: date) -> dict[str, builtins.list[Mention]]:
        """Mentions (curator-rejected ones left out) of the articles published in [start, end),
        in article order, by offset."""
        rows = self.db.query(
            "SELECT m.* FROM mentions m JOIN articles a ON a.id = m.article_id "
            "WHERE a.published >= ? AND a.published < ? AND m.status != 'rejected' "
            "ORDER BY a.num, m.start, m.id",
            (start.isoformat(), end.isoformat()),
        )
        out: dict[str, list[Mention]] = {}
        for r in rows:
            out.setdefault(r["article_id"], []).append(row_to_mention(r))
        return out

    def theme_counts_by_day(self, start: date, end: date) -> dict[tuple[date, str], int]:
        """On-theme articles per (publication day, theme) in [start, end), in one query."""
        rows = self.db.query(
            "SELECT a.published, t.theme, COUNT(*) FROM theme_scores t "
            "JOIN articles a ON a.id = t.article_id WHERE t.assigned = 1 "
            "AND a.published >= ? AND a.published < ? GROUP BY a.published, t.theme",
            (start.isoformat(), end.isoformat()),
        )
        return {(date.fromisoformat(r[0][:10]), r[1]): r[2] for r in rows}

    def story_sources(self, story_ids: Sequence[str], until: date) -> dict[str, tuple[str, ...]]:
        """Distinct sources of each story's articles published before `until` (sorted)."""
        out: dict[str, set[str]] = {s: set() for s in story_ids}
        ids = list(out)
        for i in range(0, len(ids), CHUNK):
            chunk = ids[i : i + CHUNK]
            marks = ",".join("?" * len(chunk))
            rows = self.db.query(
                f"SELECT a.story_id, a.source_id, s.source_id FROM articles a "
                f"LEFT JOIN article_sources s ON s.article_id = a.id "
                f"WHERE a.story_id IN ({marks}) AND (a.published IS NULL OR a.published < ?)",
                [*chunk, until.isoformat()],
            )
            for story, own, linked in rows:
                out[story].update(x for x in (own, linked) if x)
        return {s: tuple(sorted(v)) for s, v in out.items()}

    def stories_before(self, story_ids: Sequence[str], before: date) -> set[str]:
        """Those stories with an article published before `before`."""
        out: set[str] = set()
        ids = list(dict.fromkeys(story_ids))
        for i in range(0, len(ids), CHUNK):
            chunk = ids[i : i + CHUNK]
            marks = ",".join("?" * len(chunk))
            rows = self.db.query(
                f"SELECT DISTINCT story_id FROM articles WHERE story_id IN ({marks}) "
                "AND published < ?",
                [*chunk, before.isoformat()],
            )
            out.update(r[0] for r in rows)
        return out

    def organisations_before(self, names: Sequence[str], before: date) -> set[str]:
        """Those organisation canonical names mentioned in an article published before `before`."""
        # one EXISTS per name stops at the first earlier mention: well-known names have
        # thousands, and an IN (...) join would read them all
        sql = (
            "SELECT EXISTS (SELECT 1 FROM mentions m JOIN articles a ON a.id = m.article_id "
            "WHERE m.kind = 'organisation' AND m.canonical = ? AND m.status != 'rejected' "
            "AND a.published < ?)"
        )
        day = before.isoformat()
        found: set[str] = set()
        for n in dict.fromkeys(names):
            row = self.db.one(sql, (n, day))
            assert row is not None  # SELECT EXISTS (...) always returns one row
            if row[0]:
                found.add(n)
        return found

    def on_theme_stories(self, start: date, end: date) -> builtins.list[tuple[str, str, str, str]]:
        """(story id, article id, title, url) of on-theme articles published in [start, end)."""
        rows = self.db.query(
            "SELECT DISTINCT a.story_id, a.id, a.title, a.url, a.num FROM articles a "
            "JOIN theme_scores t ON t.article_id = a.id WHERE t.assigned = 1 "
            "AND a.published >= ? AND a.published < ? ORDER BY a.num",
            (start.isoformat(), end.isoformat()),
        )
        return [(r[0] or r[1], r[1], r[2], r[3]) for r in rows]

    def latest_published(self, on_theme: bool = True) -> date | None:
        """The newest publication date (of an on-theme article unless `on_theme` is False)."""
        if on_theme:
            sql = (
                "SELECT MAX(a.published) FROM articles a JOIN theme_scores t "
                "ON t.article_id = a.id WHERE t.assigned = 1"
            )
        else:
            sql = "SELECT MAX(published) FROM articles"
        row = self.db.one(sql)
        return date.fromisoformat(row[0]) if row and row[0] else None

    def earliest_published(self) -> date | None:
        """The oldest publication date in the store (None: no dated article)."""
        row = self.db.one("SELECT MIN(published) FROM articles")
        return date.fromisoformat(row[0]) if row and row[0] else None
