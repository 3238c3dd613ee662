"""Curation state: the corrections audit log, aliases, theme labels, users, mention edits.

The audit log is append-only: nothing here updates or deletes a `corrections` row. Every
curator action writes its change and its log row in one transaction, so the log never misses
a change that was made nor records one that was not.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime

from scanner.errors import InputError, NotFound
from scanner.records import Correction, Mention
from scanner.store.db import Connection, Database, Row, now_iso
from scanner.store.mentions import MentionRepo, row_to_mention

LOW_CONFIDENCE = 0.8  # the queue puts articles with a mention under this confidence first
# columns a curator may change on a mention (the rest is provenance)
EDITABLE = (
    "kind", "start", "end", "text", "canonical", "value_eur", "currency", "status",
    "role", "is_new", "recipient", "payers", "programme", "decided_by",
)  # fmt: skip


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


@dataclass(frozen=True, slots=True)
class User:
    """A web account."""

    username: str
    password_hash: str
    role: str


def _row_to_correction(row: Row) -> Correction:
    return Correction(
        id=row["id"],
        target=row["target"],
        action=row["action"],
        before=row["before"],
        after=row["after"],
        curator=row["curator"],
        at=datetime.fromisoformat(row["at"]),
    )


class CurationRepo:
    """Corrections log, aliases, theme labels, users; mention edits logged atomically."""

    def __init__(self, db: Database) -> None:
        self.db = db

    # -- audit log ---------------------------------------------------------------------------
    @staticmethod
    def _log(
        conn: Connection, target: str, action: str, before: str, after: str, curator: str
    ) -> int:
        cur = conn.execute(
            "INSERT INTO corrections (target, action, before, after, curator, at) "
            "VALUES (?,?,?,?,?,?) RETURNING id",
            (target, action, before, after, curator, now_iso()),
        )
        return int(cur.fetchone()[0])

    def log(self, target: str, action: str, before: str, after: str, curator: str) -> int:
        """Append one correction; returns its id."""
        with self.db.transaction() as conn:
            return self._log(conn, target, action, before, after, curator)

    def corrections(self, limit: int = 50, offset: int = 0) -> list[Correction]:
        """Newest first."""
        rows = self.db.query(
            "SELECT * FROM corrections ORDER BY id DESC LIMIT ? OFFSET ?", (limit, offset)
        )
        return [_row_to_correction(r) for r in rows]

    def iter_corrections(self) -> Iterator[Correction]:
        """Every correction, oldest first (for exports)."""
        last = 0
        while True:
            rows = self.db.query(
                "SELECT * FROM corrections WHERE id > ? ORDER BY id LIMIT 1000", (last,)
            )
            if not rows:
                return
            for r in rows:
                yield _row_to_correction(r)
            last = rows[-1]["id"]

    def count_corrections(self) -> int:
        row = self.db.one("SELECT COUNT(*) FROM corrections")
        assert row is not None  # an aggregate query always returns one row
        return row[0]

    def corrections_for(self, article_id: str, mention_ids: list[int]) -> list[Correction]:
        targets = [f"article:{article_id}"] + [f"mention:{i}" for i in mention_ids]
        marks = ",".join("?" * len(targets))
        rows = self.db.query(
            f"SELECT * FROM corrections WHERE target IN ({marks}) ORDER BY id DESC", targets
        )
        return [_row_to_correction(r) for r in rows]

    # -- mentions ----------------------------------------------------------------------------
    def update_mention(
        self, mention_id: int, changes: dict[str, object], log: tuple[str, str, str, str, str]
    ) -> None:
        """Change some columns of a mention and append the log row, in one transaction."""
        bad = set(changes) - set(EDITABLE)
        if bad:
            raise InputError(f"cannot edit mention field(s) {sorted(bad)}")
        sets = ", ".join(f'"{k}" = ?' for k in changes)
        with self.db.transaction() as conn:
            cur = conn.execute(
                f"UPDATE mentions SET {sets} WHERE id = ?", [*changes.values(), mention_id]
            )
            if cur.rowcount == 0:
                raise NotFound(f"no mention {mention_id}")
            self._log(conn, *log)

    def add_mention(
        self, article_id: str, mention: Mention, log: tuple[str, str, str, str, str]
    ) -> int:
        """Store a curator's mention, drop model mentions it overlaps, log it; returns its id."""
        with self.db.transaction() as conn:
            # an auto mention overlapping a curated one would be dropped on re-processing anyway
            conn.execute(
                "DELETE FROM mentions WHERE article_id = ? AND status = 'auto' "
                'AND start < ? AND "end" > ?',
                (article_id, mention.end, mention.start),
            )
            new_id = MentionRepo._insert(conn, article_id, mention, "added")
            target, action, before, after, curator = log
            self._log(conn, target.format(id=new_id), action, before, after, curator)
        return new_id

    def rename_canonical(self, kind: str, alias: str, canonical: str) -> int:
        """Point every stored `kind` mention named `alias` at `canonical`; returns how many."""
        cur = self.db.execute(
            "UPDATE mentions SET canonical = ? WHERE kind = ? AND (canonical = ? OR "
            "(canonical = '' AND text = ?))",
            (canonical, kind, alias, alias),
        )
        return cur.rowcount

    def mentions_named(self, kind: str, name: str) -> list[int]:
        """Ids of the stored `kind` mentions named `name` (canonical, else their text)."""
        rows = self.db.query(
            "SELECT id FROM mentions WHERE kind = ? AND (canonical = ? OR "
            "(canonical = '' AND text = ?)) ORDER BY id",
            (kind, name, name),
        )
        return [r[0] for r in rows]

    def mentions_per_article(self, kind: str, name: str) -> dict[str, int]:
        """Article id → how many of its `kind` mentions are named `name`, most first."""
        rows = self.db.query(
            "SELECT article_id, COUNT(*) AS n FROM mentions WHERE kind = ? AND status != "
            "'rejected' AND (canonical = ? OR (canonical = '' AND text = ?)) "
            "GROUP BY article_id ORDER BY n DESC, article_id",
            (kind, name, name),
        )
        return {r["article_id"]: r["n"] for r in rows}

    def rename_mentions(self, ids: list[int], canonical: str) -> int:
        """Set the canonical name of these mentions; returns how many."""
        n = 0
        with self.db.transaction() as conn:
            for start in range(0, len(ids), 500):
                chunk = ids[start : start + 500]
                marks = ",".join("?" * len(chunk))
                cur = conn.execute(
                    f"UPDATE mentions SET canonical = ? WHERE id IN ({marks})", [canonical, *chunk]
                )
                n += cur.rowcount
        return n

    def remove_alias(self, kind: str, alias: str) -> None:
        self.db.execute("DELETE FROM aliases WHERE kind = ? AND alias = ?", (kind, alias))

    def correction(self, correction_id: int) -> Correction:
        row = self.db.one("SELECT * FROM corrections WHERE id = ?", (correction_id,))
        if row is None:
            raise NotFound(f"no correction {correction_id}")
        return _row_to_correction(row)

    def undone_ids(self) -> set[int]:
        """Corrections already undone (an undo's `after` names the one it undid)."""
        rows = self.db.query("SELECT after FROM corrections WHERE action = 'undo'")
        out = set()
        for r in rows:
            found = re.search(r'"undoes": (\d+)', r[0] or "")
            if found:
                out.add(int(found[1]))
        return out

    def delete_mention(self, mention_id: int, log: tuple[str, str, str, str, str]) -> None:
        """Remove a mention (a curator's own addition, undone) and log it, atomically."""
        with self.db.transaction() as conn:
            if conn.execute("DELETE FROM mentions WHERE id = ?", (mention_id,)).rowcount == 0:
                raise NotFound(f"no mention {mention_id}")
            self._log(conn, *log)

    def article_of_mentions(self, ids: list[int]) -> dict[int, str]:
        """Mention id → its article, for the mentions still stored."""
        out: dict[int, str] = {}
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            marks = ",".join("?" * len(chunk))
            rows = self.db.query(
                f"SELECT id, article_id FROM mentions WHERE id IN ({marks})", chunk
            )
            out.update({r[0]: r[1] for r in rows})
        return out

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

    # -- aliases -----------------------------------------------------------------------------
    def add_alias(self, kind: str, alias: str, canonical: str, curator: str) -> None:
        self.db.execute(
            "INSERT INTO aliases (kind, alias, canonical, curator, at) VALUES (?,?,?,?,?) "
            "ON CONFLICT(kind, alias) DO UPDATE SET canonical = excluded.canonical, "
            "curator = excluded.curator, at = excluded.at",
            (kind, alias, canonical, curator, now_iso()),
        )

    def aliases(self, kind: str | None = None) -> dict[tuple[str, str], str]:
        """(kind, alias) → canonical."""
        sql = "SELECT kind, alias, canonical FROM aliases"
        params: tuple[str, ...] = ()
        if kind is not None:
            sql, params = sql + " WHERE kind = ?", (kind,)
        return {(r["kind"], r["alias"]): r["canonical"] for r in self.db.query(sql, params)}

    # -- theme labels ------------------------------------------------------------------------
    def set_label(
        self, article_id: str, theme: str, label: int | None, log: tuple[str, str, str, str, str]
    ) -> None:
        """Set (1 belongs, 0 does not) or remove (None) a theme label, and log it. A set label
        also decides the stored score's `assigned` at once (the semantic stage applies labels
        again whenever it re-scores); a removed one gives the model's say back at the next
        processing."""
        with self.db.transaction() as conn:
            if label is not None:
                conn.execute(
                    "UPDATE theme_scores SET assigned = ? WHERE article_id = ? AND theme = ?",
                    (label, article_id, theme),
                )
            if label is None:
                conn.execute(
                    "DELETE FROM theme_labels WHERE article_id = ? AND theme = ?",
                    (article_id, theme),
                )
            else:
                conn.execute(
                    "INSERT INTO theme_labels (article_id, theme, label, curator, at) "
                    "VALUES (?,?,?,?,?) ON CONFLICT(article_id, theme) DO UPDATE SET "
                    "label = excluded.label, curator = excluded.curator, at = excluded.at",
                    (article_id, theme, label, log[4], now_iso()),
                )
            self._log(conn, *log)

    def labels_for(self, article_id: str) -> dict[str, int]:
        rows = self.db.query(
            "SELECT theme, label FROM theme_labels WHERE article_id = ?", (article_id,)
        )
        return {r["theme"]: r["label"] for r in rows}

    # -- users -------------------------------------------------------------------------------
    def add_user(self, username: str, password_hash: str, role: str = "curator") -> None:
        """Create or replace an account (replacing resets the password and ends the
        account's web sessions: one copied before the reset must not go on working)."""
        with self.db.transaction() as conn:
            conn.execute(
                "INSERT INTO users (username, password_hash, role, created_at) VALUES (?,?,?,?) "
                "ON CONFLICT(username) DO UPDATE SET password_hash = excluded.password_hash, "
                "role = excluded.role",
                (username, password_hash, role, now_iso()),
            )
            conn.execute("DELETE FROM web_sessions WHERE username = ?", (username,))

    def user(self, username: str) -> User:
        row = self.db.one("SELECT * FROM users WHERE username = ?", (username,))
        if row is None:
            raise NotFound(f"no user {username!r}")
        return User(row["username"], row["password_hash"], row["role"])

    def set_password_hash(self, username: str, password_hash: str) -> None:
        self.db.execute(
            "UPDATE users SET password_hash = ? WHERE username = ?", (password_hash, username)
        )

    def remove_user(self, username: str) -> None:
        with self.db.transaction() as conn:
            if conn.execute("DELETE FROM users WHERE username = ?", (username,)).rowcount == 0:
                raise NotFound(f"no user {username!r}")
            conn.execute("DELETE FROM web_sessions WHERE username = ?", (username,))

    def users(self) -> list[User]:
        rows = self.db.query("SELECT * FROM users ORDER BY username")
        return [User(r["username"], r["password_hash"], r["role"]) for r in rows]

    def usernames(self) -> list[str]:
        return [r[0] for r in self.db.query("SELECT username FROM users ORDER BY username")]
