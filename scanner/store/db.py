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

from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager
from datetime import UTC, datetime
from typing import Any, Protocol

Params = Sequence[Any] | dict[str, Any]


def now_iso() -> str:
    """The current UTC time as an ISO string (what every `*_at` column holds)."""
    return datetime.now(UTC).replace(microsecond=0).isoformat()


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
    def in_list(self, column: str, values: Sequence[Any]) -> tuple[str, list[Any]]: ...
    def epoch_sql(self) -> str: ...
    def tables(self) -> list[str]: ...
    def columns(self, table: str) -> list[str]: ...
    @property
    def version(self) -> int: ...
    def close(self) -> None: ...
