"""The embedded backend: one SQLite file (WAL), one shared connection, serialised by a lock."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from scanner.errors import StoreError
from scanner.store.db import Params, in_range
from scanner.store.dialect import for_dialect
from scanner.store.schema import MIGRATIONS

CACHE_KIB = 65_536  # per connection (one per process): 64 MiB


class SqliteDatabase:
    """One SQLite connection with its migrations applied.

    The connection is shared by the repositories of a `Store`; `transaction()` commits or rolls
    back a unit of work (one article, one curator action) so an interruption loses at most the
    unit in flight.
    """

    dialect = "sqlite"

    def __init__(self, path: str | Path) -> None:
        self.path = self.url = str(path)
        if self.path != ":memory:":
            try:
                Path(self.path).parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StoreError(
                    f"cannot make the store's folder {Path(self.path).parent}: "
                    f"{exc.strerror or exc} (check [store].url)"
                ) from exc
        try:
            self.conn = sqlite3.connect(
                self.path, timeout=30, isolation_level=None, check_same_thread=False
            )
            self.conn.row_factory = sqlite3.Row
            self.conn.execute("PRAGMA journal_mode=WAL")
            self.conn.execute("PRAGMA synchronous=NORMAL")
            # a page cache of CACHE_KIB rather than SQLite's 2 MiB: a search page reads a few
            # thousand rows of the full-text index and the articles it joins, which then stay
            # in memory rather than being copied in again from the OS on every page
            self.conn.execute(f"PRAGMA cache_size=-{CACHE_KIB}")
            self._migrate()
        except (sqlite3.DatabaseError, OSError) as exc:
            raise StoreError(f"cannot open store {self.path}: {exc}") from exc
        self._lock = threading.RLock()
        self._depth = 0

    def _migrate(self) -> None:
        self.conn.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
        row = self.conn.execute("SELECT MAX(version) FROM schema_version").fetchone()
        current = row[0] or 0
        if current > len(MIGRATIONS):
            raise StoreError(
                f"store {self.path} has schema version {current}, newer than this scanner "
                f"({len(MIGRATIONS)}); upgrade scanner"
            )
        for version, migration in enumerate(MIGRATIONS[current:], start=current + 1):
            sql = for_dialect(migration, "sqlite")
            # executescript commits first; wrap each migration so a failure leaves no half
            self.conn.executescript(
                f"BEGIN; {sql}; INSERT INTO schema_version VALUES ({version}); COMMIT;"
            )

    @property
    def version(self) -> int:
        return int(self.conn.execute("SELECT MAX(version) FROM schema_version").fetchone()[0])

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """A unit of work; nested calls join the outer transaction."""
        with self._lock:
            outer = self._depth == 0
            if outer:
                self.conn.execute("BEGIN IMMEDIATE")
            self._depth += 1
            try:
                yield self.conn
            except BaseException:
                self._depth -= 1
                if outer:
                    self.conn.execute("ROLLBACK")
                raise
            self._depth -= 1
            if outer:
                self.conn.execute("COMMIT")

    def query(self, sql: str, params: Params = ()) -> list[sqlite3.Row]:
        with self._lock, in_range():
            return self.conn.execute(sql, params).fetchall()

    def one(self, sql: str, params: Params = ()) -> sqlite3.Row | None:
        with self._lock, in_range():
            return self.conn.execute(sql, params).fetchone()

    def execute(self, sql: str, params: Params = ()) -> sqlite3.Cursor:
        with self._lock, in_range():
            return self.conn.execute(sql, params)

    def stream(
        self, sql: str, params: Params = (), size: int = 2000
    ) -> Iterator[list[sqlite3.Row]]:
        """The rows of a query, `size` at a time (a table larger than memory)."""
        with self._lock:
            cur = self.conn.execute(sql, params)
            while rows := cur.fetchmany(size):
                yield rows

    def generation(self) -> tuple[int, int]:
        """A value that differs after any change to the database: a commit by another
        connection (any process) moves `data_version`, this connection's writes `total_changes`."""
        with self._lock:
            row = self.conn.execute("PRAGMA data_version").fetchone()
            return int(row[0]), self.conn.total_changes

    @staticmethod
    def in_list(column: str, values: Sequence[Any]) -> tuple[str, list[Any]]:
        """`column IN (?, …)` and its parameters (callers keep lists under SQLite's limit)."""
        if not values:
            return "1 = 0", []
        return f"{column} IN ({','.join('?' * len(values))})", list(values)

    @staticmethod
    def epoch_sql() -> str:
        """The database's clock, in seconds since 1970, as an SQL expression."""
        return "((julianday('now') - 2440587.5) * 86400.0)"

    def tables(self) -> list[str]:
        """Plain tables (full-text indexes and their shadow tables left out)."""
        rows = self.query(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE "
            "'CREATE VIRTUAL TABLE%' AND name NOT LIKE 'sqlite_%' ORDER BY name"
        )
        fts = {r[0] for r in self.query("SELECT name FROM sqlite_master WHERE sql LIKE '%fts5%'")}
        return [r[0] for r in rows if not any(r[0].startswith(f + "_") for f in fts)]

    def columns(self, table: str) -> list[str]:
        return [r["name"] for r in self.query(f"PRAGMA table_info({table})")]

    def close(self) -> None:
        self.conn.close()
