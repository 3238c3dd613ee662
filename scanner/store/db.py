"""Opening the store: one `Database` interface over SQLite (embedded) and PostgreSQL (shared).

    db = open_database("sqlite:///data/scanner.db")   # (backends.py) or a bare path, ":memory:"
    db = open_database("postgresql://veille@db:5432/veille")
    with db.transaction() as conn:                           # one unit of work
        conn.execute("INSERT INTO … VALUES (?, ?)", (a, b))
    rows = db.query("SELECT id, num FROM articles WHERE num > ?", (0,))
    rows[0]["id"], rows[0][1]                                # by name or by position

Repositories write one SQL for both backends, with `?` placeholders (PostgreSQL's adapter
rewrites them) and what both accept: `INSERT … ON CONFLICT … DO NOTHING/UPDATE`, `RETURNING`,
explicit `NULLS FIRST/LAST`. Where the two must differ (full text, long lists of values) a
repository asks `db.dialect`, or uses `db.in_list`. Migrations are in `schema.py`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Hashable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol

from scanner.config import display_url, parse_store_url
from scanner.errors import InputError

Params = Sequence[Any] | dict[str, Any]


def store_digest(url: str | Path) -> str:
    """What identifies a watch's store without saying where it is: a digest of its SQLite
    file's absolute path, or of its PostgreSQL URL (password left out)."""
    backend, target = parse_store_url(str(url))
    where = str(Path(target).resolve()) if backend == "sqlite" else display_url(target)
    return hashlib.sha256(where.encode()).hexdigest()[:16]


def now_iso() -> str:
    """The current UTC time as an ISO string (what every `*_at` column holds)."""
    return datetime.now(UTC).replace(microsecond=0).isoformat()


@contextmanager
def in_range() -> Iterator[None]:
    """A number too large for the database (an id or page number of 30 digits from a URL)
    is bad input, said as such, not an internal error."""
    try:
        yield
    except OverflowError as exc:
        raise InputError(f"a number is out of range ({exc})") from None


class Row(Protocol):
    """A result row, read by column name or by position (sqlite3.Row and its PostgreSQL twin)."""

    def __getitem__(self, key: int | str, /) -> Any: ...
    def keys(self) -> list[str]: ...
    def __iter__(self) -> Iterator[Any]: ...
    def __len__(self) -> int: ...


class Cursor(Protocol):
    """What a statement returns: its rows, and how many rows it changed."""

    @property
    def rowcount(self) -> int: ...
    def fetchone(self) -> Any: ...
    def fetchall(self) -> list[Any]: ...


class Connection(Protocol):
    """The connection of a unit of work (`Database.transaction()`)."""

    def execute(self, sql: str, params: Params = ..., /) -> Any: ...
    def executemany(self, sql: str, params: Any, /) -> Any: ...


class Database(Protocol):
    """One store's database, whichever the backend. Every method is thread-safe; a
    `transaction()` joins the one already open in the same thread."""

    dialect: str  # "sqlite" or "postgresql"
    url: str  # for messages: the SQLite path, or the PostgreSQL URL without its password

    def transaction(self) -> AbstractContextManager[Connection]: ...
    def query(self, sql: str, params: Params = ()) -> list[Any]: ...
    def one(self, sql: str, params: Params = ()) -> Any: ...
    def execute(self, sql: str, params: Params = ()) -> Cursor: ...
    def stream(self, sql: str, params: Params = (), size: int = 2000) -> Iterator[list[Any]]: ...
    def generation(self) -> Hashable | None: ...
    def in_list(self, column: str, values: Sequence[Any]) -> tuple[str, list[Any]]: ...
    def epoch_sql(self) -> str: ...
    def tables(self) -> list[str]: ...
    def columns(self, table: str) -> list[str]: ...
    @property
    def version(self) -> int: ...
    def close(self) -> None: ...
