"""Mentions and theme scores of articles.

Curated mentions (status other than 'auto') are never replaced by model output: re-processing
an article replaces only its 'auto' mentions, and drops new model mentions that overlap a
curated one (a rejected span stays rejected, an edited one keeps its edit).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence

from scanner.errors import NotFound
from scanner.records import FUNDING_ROLES, FundingFact, FundingRole, Mention, ThemeScore
from scanner.store.db import Connection, Database, Row

CURATED = ("accepted", "rejected", "edited", "added")


def row_to_fact(row: Row) -> FundingFact | None:
    """An amount row's funding fact (None for other kinds)."""
    if row["kind"] != "amount":
        return None
    role: FundingRole = row["role"] if row["role"] in FUNDING_ROLES else "other"
    new = row["is_new"]
    why = json.loads(row["decided_by"] or "{}")
    return FundingFact(
        role=role,
        new=None if new is None else bool(new),
        recipient=row["recipient"],
        payers=tuple(json.loads(row["payers"] or "[]")),
        programme=row["programme"],
        decided_by=tuple((str(k), str(v)) for k, v in why.items()),
    )


def fact_columns(m: Mention) -> tuple[object, ...]:
    """(role, is_new, recipient, payers, programme, decided_by) of a mention's row."""
    f = m.fact
    if f is None:
        return (None, None, None, "[]", None, "{}")
    return (
        f.role,
        None if f.new is None else int(f.new),
        f.recipient,
        json.dumps(list(f.payers), ensure_ascii=False),
        f.programme,
        json.dumps(f.why(), ensure_ascii=False),
    )


def row_to_mention(row: Row) -> Mention:
    """A Mention from a `mentions` row."""
    return Mention(
        id=row["id"],
        article_id=row["article_id"],
        kind=row["kind"],
        start=row["start"],
        end=row["end"],
        text=row["text"],
        canonical=row["canonical"],
        value_eur=row["value_eur"],
        currency=row["currency"],
        origin=row["origin"],
        approx=bool(row["approx"]),
        low_eur=row["low_eur"],
        high_eur=row["high_eur"],
        fact=row_to_fact(row),
        confidence=row["confidence"],
        curated=row["status"] in CURATED,
    )


class MentionRepo:
    """Mentions per article, with curated ones protected."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def replace_auto(self, article_id: str, mentions: Iterable[Mention]) -> int:
        """Replace the article's model mentions, keeping curated ones; returns how many stored.

        A model mention found again (same kind and span) keeps its id, its row updated in
        place: a desk left open on the article still points at the right mentions after the
        article is re-processed (`process --force`). Only mentions no longer found go."""
        with self.db.transaction() as conn:
            rows = conn.execute(
                'SELECT id, kind, start, "end", status FROM mentions WHERE article_id = ?',
                (article_id,),
            ).fetchall()
            curated = [r for r in rows if r["status"] != "auto"]
            held = {
                (r["kind"], r["start"], r["end"]): r["id"] for r in rows if r["status"] == "auto"
            }
            kept: set[int] = set()
            n = 0
            for m in mentions:
                if any(m.start < c["end"] and c["start"] < m.end for c in curated):
                    continue
                same = held.get((m.kind, m.start, m.end))
                if same is not None and same not in kept:
                    self._update(conn, same, m)
                    kept.add(same)
                else:
                    self._insert(conn, article_id, m, "auto")
                n += 1
            gone = [i for i in held.values() if i not in kept]
            for start in range(0, len(gone), 500):
                chunk = gone[start : start + 500]
                conn.execute(
                    f"DELETE FROM mentions WHERE id IN ({','.join('?' * len(chunk))})", chunk
                )
        return n

    @staticmethod
    def _update(conn: Connection, mention_id: int, m: Mention) -> None:
        conn.execute(
            "UPDATE mentions SET text = ?, canonical = ?, value_eur = ?, currency = ?, "
            "origin = ?, approx = ?, low_eur = ?, high_eur = ?, confidence = ?, role = ?, "
            "is_new = ?, recipient = ?, payers = ?, programme = ?, decided_by = ? WHERE id = ?",
            (
                m.text,
                m.canonical,
                m.value_eur,
                m.currency,
                m.origin,
                int(m.approx),
                m.low_eur,
                m.high_eur,
                m.confidence,
                *fact_columns(m),  # the whole fact: re-processing fills what it finds now
                mention_id,
            ),
        )

    def insert(self, article_id: str, mention: Mention, status: str) -> int:
        with self.db.transaction() as conn:
            return self._insert(conn, article_id, mention, status)

    @staticmethod
    def _insert(conn: Connection, article_id: str, m: Mention, status: str) -> int:
        cur = conn.execute(
            'INSERT INTO mentions (article_id, kind, start, "end", text, canonical, value_eur, '
            "currency, origin, approx, low_eur, high_eur, confidence, status, role, is_new, "
            "recipient, payers, programme, decided_by) "
            "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) RETURNING id",
            (
                article_id,
                m.kind,
                m.start,
                m.end,
                m.text,
                m.canonical,
                m.value_eur,
                m.currency,
                m.origin,
                int(m.approx),
                m.low_eur,
                m.high_eur,
                m.confidence,
                status,
                *fact_columns(m),
            ),
        )
        return int(cur.fetchone()[0])

    def for_article(self, article_id: str, include_rejected: bool = False) -> list[Mention]:
        sql = "SELECT * FROM mentions WHERE article_id = ?"
        if not include_rejected:
            sql += " AND status != 'rejected'"
        return [row_to_mention(r) for r in self.db.query(sql + " ORDER BY start", (article_id,))]

    def for_articles(self, ids: Sequence[str]) -> dict[str, list[Mention]]:
        out: dict[str, list[Mention]] = {i: [] for i in ids}
        ids = list(ids)
        for i in range(0, len(ids), 500):
            chunk = ids[i : i + 500]
            marks = ",".join("?" * len(chunk))
            rows = self.db.query(
                f"SELECT * FROM mentions WHERE article_id IN ({marks}) "
                "AND status != 'rejected' ORDER BY article_id, start",
                chunk,
            )
            for r in rows:
                out[r["article_id"]].append(row_to_mention(r))
        return out

    def get(self, mention_id: int) -> tuple[Mention, str]:
        """A mention and its status."""
        row = self.db.one("SELECT * FROM mentions WHERE id = ?", (mention_id,))
        if row is None:
            raise NotFound(f"no mention {mention_id}")
        return row_to_mention(row), row["status"]

    def exists(self, mention_id: int) -> bool:
        return self.db.one("SELECT 1 FROM mentions WHERE id = ?", (mention_id,)) is not None

    def status_of(self, article_id: str) -> dict[int, str]:
        rows = self.db.query("SELECT id, status FROM mentions WHERE article_id = ?", (article_id,))
        return {r["id"]: r["status"] for r in rows}

    def canonicals(self, kind: str) -> list[tuple[str, int]]:
        rows = self.db.query(
            "SELECT canonical, COUNT(*) AS n FROM mentions WHERE kind = ? AND status != 'rejected' "
            "GROUP BY canonical ORDER BY n DESC",
            (kind,),
        )
        return [(r["canonical"], r["n"]) for r in rows]


class ThemeRepo:
    """Theme scores per article (one row per taxonomy theme)."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def replace(self, article_id: str, scores: Iterable[ThemeScore]) -> None:
        with self.db.transaction() as conn:
            conn.execute("DELETE FROM theme_scores WHERE article_id = ?", (article_id,))
            conn.executemany(
                "INSERT INTO theme_scores (article_id, theme, score, assigned, evidence) "
                "VALUES (?,?,?,?,?)",
                [
                    (article_id, s.theme, s.score, int(s.assigned), json.dumps(list(s.evidence)))
                    for s in scores
                ],
            )

    def for_articles(self, ids: Sequence[str]) -> dict[str, list[ThemeScore]]:
        out: dict[str, list[ThemeScore]] = {i: [] for i in ids}
        ids = list(ids)
        for i in range(0, len(ids), 500):
            chunk = ids[i : i + 500]
            marks = ",".join("?" * len(chunk))
            rows = self.db.query(
                f"SELECT * FROM theme_scores WHERE article_id IN ({marks}) ORDER BY score DESC",
                chunk,
            )
            for r in rows:
                out[r["article_id"]].append(
                    ThemeScore(
                        article_id=r["article_id"],
                        theme=r["theme"],
                        score=r["score"],
                        assigned=bool(r["assigned"]),
                        evidence=tuple(json.loads(r["evidence"])),
                    )
                )
        return out

    def assigned(self, article_id: str) -> list[str]:
        rows = self.db.query(
            "SELECT theme FROM theme_scores WHERE article_id = ? AND assigned = 1 "
            "ORDER BY score DESC",
            (article_id,),
        )
        return [r["theme"] for r in rows]

    def labels(self) -> dict[str, dict[str, int]]:
        """Curators' theme labels: article id → theme → 1 (belongs) / 0 (does not)."""
        out: dict[str, dict[str, int]] = {}
        for r in self.db.query("SELECT article_id, theme, label FROM theme_labels"):
            out.setdefault(r["article_id"], {})[r["theme"]] = r["label"]
        return out
