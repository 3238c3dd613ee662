"""Curation state: the corrections audit log, aliases, theme labels, mention edits. The review
queue (`review`) and users (`users`) live in modules of their own; `CurationRepo` inherits them.

The audit log is append-only: nothing here updates or deletes a `corrections` row. Every
curator action writes its change and its log row in one transaction, so the log never misses
a change that was made nor records one that was not.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime

from scanner.errors import InputError, NotFound
from scanner.records import Correction, Mention
from scanner.store.db import Connection, Database, Row, now_iso
from scanner.store.mentions import MentionRepo
from scanner.store.review import LOW_CONFIDENCE, QueueItem, ReviewReads
from scanner.store.users import UserAccounts

# LOW_CONFIDENCE and QueueItem are re-exported: `scanner.web.curation` imports them from here
__all__ = ["EDITABLE", "LOW_CONFIDENCE", "CurationRepo", "QueueItem"]

# columns a curator may change on a mention (the rest is provenance)
EDITABLE = (
    "kind", "start", "end", "text", "canonical", "value_eur", "currency", "status",
    "role", "is_new", "recipient", "payers", "programme", "decided_by",
)  # fmt: skip


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


class CurationRepo(ReviewReads, UserAccounts):
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
