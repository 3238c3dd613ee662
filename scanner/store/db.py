"""Opening the SQLite store: WAL, foreign-key-free portable schema, migrations, transactions."""

from __future__ import annotations

import hashlib
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from scanner.errors import InputError, StoreError
from scanner.store.schema import MIGRATIONS


def store_digest(path: str | Path) -> str:
    """What identifies a watch's store without saying where it is (a digest of its path)."""
    return hashlib.sha256(str(Path(path).resolve()).encode()).hexdigest()[:16]


def now_iso() -> str:
    """The current UTC time as an ISO string (what every `*_at` column holds)."""
    return datetime.now(UTC).replace(microsecond=0).isoformat()


@contextmanager
def _in_range() -> Iterator[None]:
    """A number too large for the database (an id or page number of 30 digits from a URL)
    is bad input, said as such, not an internal error."""
    try:
        yield
    except OverflowError as exc:
        raise InputError(f"a number is out of range ({exc})") from None


class Database:
    """One SQLite connection with its migrations applied.

    The connection is shared by the repositories of a `Store`; `transaction()` commits or rolls
    back a unit of work (one article, one curator action) so an interruption loses at most the
    unit in flight.
    """

    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        if self.path != ":memory:":
            try:
                Path(self.path).parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StoreError(
                    f"cannot make the store's folder {Path(self.path).parent}: "
                    f"{exc.strerror or exc} (check [store].path)"
                ) from exc
        try:
            self.conn = sqlite3.connect(
                self.path, timeout=30, isolation_level=None, check_same_thread=False
            )
            self.conn.row_factory = sqlite3.Row
            self.conn.execute("PRAGMA journal_mode=WAL")
            self.conn.execute("PRAGMA synchronous=NORMAL")
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
        for version, sql in enumerate(MIGRATIONS[current:], start=current + 1):
            # executescript commits first; wrap each migration so a failure leaves no half
            self.conn.executescript(
                f"BEGIN; {sql}; INSERT INTO schema_version VALUES ({version}); COMMIT;"
            )

    @property
    def version(self) -> int:
        return self.conn.execute("SELECT MAX(version) FROM schema_version").fetchone()[0]

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

    def query(self, sql: str, params: tuple | list | dict = ()) -> list[sqlite3.Row]:
        with self._lock, _in_range():
            return self.conn.execute(sql, params).fetchall()

    def one(self, sql: str, params: tuple | list | dict = ()) -> sqlite3.Row | None:
        with self._lock, _in_range():
            return self.conn.execute(sql, params).fetchone()

    def execute(self, sql: str, params: tuple | list | dict = ()) -> sqlite3.Cursor:
        with self._lock, _in_range():
            return self.conn.execute(sql, params)

    def close(self) -> None:
        self.conn.close()
