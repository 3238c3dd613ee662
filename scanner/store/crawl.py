"""What the crawler remembers between runs: fetch state, per-source statistics, LSH bands.

store.crawl.validators(url)                    # ETag / Last-Modified for a conditional GET
store.crawl.known_urls(urls, max_attempts)     # URLs a crawl need not fetch (yet)
store.crawl.save_stats(run_id, stats)          # one row per source per crawl run
store.crawl.health(["inserm", "dsih"])         # {source_id: SourceHealth}, printable
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from scanner.records import SourceStats
from scanner.store.db import Database, Row, now_iso

CHUNK = 500
_STAT_COLUMNS = (
    "listed, known, fetched, new, duplicate, near_duplicate, not_modified, robots, "
    "lang_flagged, failed, seconds"
)
_STAT_UPDATE = ", ".join(
    f"{c} = excluded.{c}" for c in ["at", "errors", *_STAT_COLUMNS.split(", ")]
)


@dataclass(frozen=True, slots=True)
class SourceHealth:
    """A source's recent crawls in one line: the last run's figures and a verdict.

    `status` is "ok", "failing" (the last crawls could not read it, or every page failed) or
    "stale" (no new item in its last `stale_runs` crawls).
    """

    source_id: str
    status: str
    reason: str
    runs: int
    last: SourceStats | None
    new_recent: int

    def __str__(self) -> str:
        if self.last is None:
            return "never crawled"
        s = self.last
        errors = ", ".join(f"{k} {v}" for k, v in sorted(s.errors.items())) or "none"
        return (
            f"{self.status.upper()}: {self.reason} | last crawl {s.at}: listed {s.listed}, "
            f"fetched {s.fetched}, new {s.new}, duplicate {s.duplicate + s.near_duplicate}, "
            f"not modified {s.not_modified}, robots {s.robots}, errors: {errors}"
        )


def _stats_from_row(row: Row) -> SourceStats:
    return SourceStats(
        source_id=row["source_id"],
        listed=row["listed"],
        known=row["known"],
        fetched=row["fetched"],
        new=row["new"],
        duplicate=row["duplicate"],
        near_duplicate=row["near_duplicate"],
        not_modified=row["not_modified"],
        robots=row["robots"],
        lang_flagged=row["lang_flagged"],
        failed=bool(row["failed"]),
        errors=json.loads(row["errors"]),
        seconds=row["seconds"],
        at=row["at"],
    )


class CrawlRepo:
    """Fetch state (conditional GET, known and failed URLs), source statistics, LSH bands."""

    def __init__(self, db: Database) -> None:
        self.db = db

    # ---- conditional GET on feeds, sitemaps, listings and pages ----

    def validators(self, url: str) -> tuple[str | None, str | None]:
        """The (ETag, Last-Modified) last seen for `url`, for If-None-Match/If-Modified-Since."""
        row = self.db.one("SELECT etag, last_modified FROM fetch_state WHERE url = ?", (url,))
        return (row["etag"], row["last_modified"]) if row else (None, None)

    def save_validators(
        self, url: str, status: int, etag: str | None, last_modified: str | None
    ) -> None:
        self.db.execute(
            "INSERT INTO fetch_state (url, etag, last_modified, status, fetched_at) "
            "VALUES (?,?,?,?,?) ON CONFLICT(url) DO UPDATE SET etag = excluded.etag, "
            "last_modified = excluded.last_modified, status = excluded.status, "
            "fetched_at = excluded.fetched_at",
            (url, etag, last_modified, status, now_iso()),
        )

    # ---- article URLs: stored, failed, to retry ----

    def record_article(self, url: str, source_id: str, status: int, article_id: str) -> None:
        """`url` gave (or duplicates) the stored article `article_id`: never fetch it again."""
        self.db.execute(
            "INSERT INTO fetch_state (url, status, fetched_at, article_id, source_id) "
            "VALUES (?,?,?,?,?) ON CONFLICT(url) DO UPDATE SET status = excluded.status, "
            "fetched_at = excluded.fetched_at, article_id = excluded.article_id, error = '', "
            "retry = 0",
            (url, status, now_iso(), article_id, source_id),
        )

    def record_failure(
        self, url: str, source_id: str, error: str, retry: bool, delay_hours: float = 0.0
    ) -> None:
        """`url` failed with `error`; a `retry`-able failure is tried again by a later crawl,
        not before `delay_hours` after this one, doubled after each earlier failure (so a
        URL failing for good costs a crawl less and less often)."""
        row = self.db.one("SELECT attempts FROM fetch_state WHERE url = ?", (url,))
        attempts = int(row[0]) + 1 if row else 1
        wait = timedelta(hours=delay_hours * 2 ** min(attempts - 1, 20))
        retry_at = (datetime.now(UTC) + wait).replace(microsecond=0).isoformat()
        self.db.execute(
            "INSERT INTO fetch_state (url, fetched_at, source_id, error, attempts, retry, "
            "retry_at) VALUES (?,?,?,?,?,?,?) ON CONFLICT(url) DO UPDATE SET "
            "fetched_at = excluded.fetched_at, error = excluded.error, "
            "attempts = excluded.attempts, retry = excluded.retry, retry_at = excluded.retry_at",
            (url, now_iso(), source_id, error, attempts, int(retry), retry_at),
        )

    def known_urls(self, urls: Iterable[str], max_attempts: int, force: bool = False) -> set[str]:
        """Those URLs a crawl skips: stored, failed for good (or too often), or failed and
        not due for a retry yet. With `force` (`--retry-failed`), only the stored ones."""
        urls = list(dict.fromkeys(urls))
        known: set[str] = set()
        failed = (
            "0 = 1" if force else "(error != '' AND (retry = 0 OR attempts >= ? OR retry_at > ?))"
        )
        for i in range(0, len(urls), CHUNK):
            chunk = urls[i : i + CHUNK]
            marks = ",".join("?" * len(chunk))
            rows = self.db.query(
                f"SELECT url FROM fetch_state WHERE url IN ({marks}) AND (article_id IS NOT NULL "
                f"OR {failed})",
                [*chunk] if force else [*chunk, max_attempts, now_iso()],
            )
            known.update(r[0] for r in rows)
            rows = self.db.query(
                f"SELECT canonical_url FROM articles WHERE canonical_url IN ({marks})", chunk
            )
            known.update(r[0] for r in rows)
        return known

    def pending(self, source_id: str, max_attempts: int, force: bool = False) -> list[str]:
        """URLs of this source that failed transiently and are due for another try (with
        `force`, every URL of the source that failed and was never stored)."""
        if force:
            rows = self.db.query(
                "SELECT url FROM fetch_state WHERE source_id = ? AND article_id IS NULL "
                "AND error != '' ORDER BY fetched_at",
                (source_id,),
            )
        else:
            rows = self.db.query(
                "SELECT url FROM fetch_state WHERE source_id = ? AND article_id IS NULL "
                "AND error != '' AND retry = 1 AND attempts < ? AND retry_at <= ? "
                "ORDER BY fetched_at",
                (source_id, max_attempts, now_iso()),
            )
        return [r[0] for r in rows]

    def deferred(self, source_id: str, max_attempts: int) -> int:
        """How many failed URLs of this source wait for their retry time."""
        row = self.db.one(
            "SELECT COUNT(*) FROM fetch_state WHERE source_id = ? AND article_id IS NULL "
            "AND error != '' AND retry = 1 AND attempts < ? AND retry_at > ?",
            (source_id, max_attempts, now_iso()),
        )
        return int(row[0]) if row else 0

    def failures(self, source_id: str) -> dict[str, int]:
        """Failed URLs of a source by error kind (those still failing)."""
        rows = self.db.query(
            "SELECT error, COUNT(*) FROM fetch_state WHERE source_id = ? AND article_id IS NULL "
            "AND error != '' GROUP BY error",
            (source_id,),
        )
        return {r[0]: r[1] for r in rows}

    # ---- per-source statistics, per run ----

    def save_stats(self, run_id: int, stats: SourceStats) -> None:
        s = stats
        self.db.execute(
            f"INSERT INTO source_stats (run_id, source_id, at, errors, {_STAT_COLUMNS}) "
            f"VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT (run_id, source_id) DO UPDATE "
            f"SET {_STAT_UPDATE}",
            (
                run_id,
                s.source_id,
                s.at or now_iso(),
                json.dumps(s.errors, sort_keys=True),
                s.listed,
                s.known,
                s.fetched,
                s.new,
                s.duplicate,
                s.near_duplicate,
                s.not_modified,
                s.robots,
                s.lang_flagged,
                int(s.failed),
                round(s.seconds, 3),
            ),
        )

    def history(self, source_id: str, limit: int = 20) -> list[SourceStats]:
        """The source's statistics, newest crawl first."""
        rows = self.db.query(
            f"SELECT source_id, at, errors, {_STAT_COLUMNS} FROM source_stats "
            "WHERE source_id = ? ORDER BY run_id DESC LIMIT ?",
            (source_id, limit),
        )
        return [_stats_from_row(r) for r in rows]

    def health(self, source_ids: Sequence[str], stale_runs: int = 5) -> dict[str, SourceHealth]:
        """Each source's verdict over its recent crawls (sources never crawled are absent)."""
        out: dict[str, SourceHealth] = {}
        for source_id in source_ids:
            runs = self.history(source_id, limit=max(stale_runs, 3) + 20)
            if runs:
                out[source_id] = judge(source_id, runs, stale_runs)
        return out

    # ---- near-duplicate detection: LSH bands of MinHash signatures ----

    def save_bands(self, article_id: str, hashes: Iterable[int]) -> None:
        with self.db.transaction() as conn:
            conn.executemany(
                "INSERT INTO minhash_bands (hash, article_id) VALUES (?, ?) ON CONFLICT DO NOTHING",
                [(h, article_id) for h in hashes],
            )

    def band_candidates(
        self, hashes: Sequence[int], published: date | None, window_days: int
    ) -> list[tuple[str, str, bytes]]:
        """(article_id, story_id, signature) of stored articles sharing a band, in the window.

        Undated articles (and an undated query) are compared with every candidate.
        """
        marks = ",".join("?" * len(hashes))
        sql = (
            "SELECT a.id, a.story_id, m.signature FROM articles a "
            "JOIN minhashes m ON m.article_id = a.id "
            f"WHERE a.id IN (SELECT article_id FROM minhash_bands WHERE hash IN ({marks}))"
        )
        params: list = list(hashes)
        if published is not None:
            lo = (published - timedelta(days=window_days)).isoformat()
            hi = (published + timedelta(days=window_days)).isoformat()
            sql += " AND (a.published IS NULL OR a.published BETWEEN ? AND ?)"
            params += [lo, hi]
        return [(r[0], r[1], r[2]) for r in self.db.query(sql, params)]

    def merge_stories(self, into: str, others: Iterable[str]) -> None:
        """Every article of the stories `others` joins the story `into`."""
        for story in set(others) - {into}:
            self.db.execute("UPDATE articles SET story_id = ? WHERE story_id = ?", (into, story))


def judge(source_id: str, runs: list[SourceStats], stale_runs: int) -> SourceHealth:
    """The verdict on a source from its statistics, newest first."""
    last = runs[0]
    broken = 0
    for s in runs:
        if not _broken(s):
            break
        broken += 1
    recent = runs[:stale_runs]
    new_recent = sum(s.new + s.near_duplicate for s in recent)
    ever = sum(s.new + s.near_duplicate for s in runs)
    if broken:
        since = runs[broken - 1].at
        kinds = ", ".join(sorted(last.errors)) or "unreadable"
        if broken < len(runs):
            reason = f"failing since {since} ({broken} crawl(s): {kinds}); worked before"
        else:
            reason = f"has never worked ({broken} crawl(s): {kinds})"
        status = "failing"
    elif len(runs) >= stale_runs and new_recent == 0:
        status = "stale"
        reason = f"no new item in its last {stale_runs} crawls" + (
            " (it yielded some before)" if ever else ""
        )
    elif len(runs) < stale_runs:
        status, reason = "ok", f"{new_recent} new item(s) in {len(runs)} crawl(s)"
    else:
        status, reason = "ok", f"{new_recent} new item(s) in its last {stale_runs} crawls"
    return SourceHealth(source_id, status, reason, len(runs), last, new_recent)


def _broken(s: SourceStats) -> bool:
    """A run where the source could not be read, or where every page fetched failed."""
    if s.failed:
        return True
    good = s.new + s.duplicate + s.near_duplicate + s.known + s.not_modified
    return s.error_count > 0 and good == 0
