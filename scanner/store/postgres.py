"""The shared backend: PostgreSQL through psycopg 3, a bounded pool of connections per process.

A transaction holds one pooled connection for its thread (nested ones join it); a query
outside a transaction borrows one for that query. The repositories' SQL is SQLite's with `?`
placeholders: `pg_sql` rewrites them to psycopg's `%s` (and a literal `%` to `%%`). Connection
failures become `StoreUnavailable` (the unit of work in flight was rolled back; the pool
reconnects by itself once the server is back), a wrong URL or password a `StoreError` when the
store is opened.
"""

from __future__ import annotations

import functools
import logging
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import psycopg
from psycopg_pool import ConnectionPool, PoolTimeout

from scanner.config import display_url
from scanner.errors import StoreError, StoreUnavailable
from scanner.store.db import Params
from scanner.store.dialect import for_dialect
from scanner.store.schema import MIGRATIONS

log = logging.getLogger(__name__)

CONNECT_TIMEOUT = 10  # seconds to reach the server before saying it cannot be reached
POOL_TIMEOUT = 5.0  # seconds a query waits for a connection (server down: then an error)
MIGRATION_LOCK = 0x5CA22E7  # advisory lock: one process migrates at a time


class PgRow:
    """A row read by column name or position, like sqlite3.Row."""

    __slots__ = ("_index", "_values")

    def __init__(self, values: tuple[Any, ...], index: dict[str, int]) -> None:
        self._values = values
        self._index = index

    def __getitem__(self, key: int | str) -> Any:
        if isinstance(key, str):
            return self._values[self._index[key]]
        return self._values[key]

    def keys(self) -> list[str]:
        return list(self._index)

    def __iter__(self) -> Iterator[Any]:
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, PgRow):
            return self._values == other._values
        return self._values == other

    __hash__ = None  # type: ignore[assignment]  # mutable-looking, like sqlite3.Row

    def __repr__(self) -> str:
        return f"PgRow({dict(zip(self._index, self._values, strict=False))!r})"


def _row_factory(cursor: Any) -> Any:
    description = cursor.description or ()
    index = {column.name: i for i, column in enumerate(description)}
    return lambda values: PgRow(tuple(values), index)


@functools.lru_cache(maxsize=4096)
def pg_sql(sql: str) -> str:
    """SQLite-style SQL for psycopg: `?` → `%s` (not inside string literals or quoted names),
    `%` → `%%` (everywhere: psycopg reads placeholders inside literals too)."""
    out: list[str] = []
    quote = ""
    for ch in sql:
        if quote:
            out.append("%%" if ch == "%" else ch)
            if ch == quote:
                quote = ""
            continue
        if ch in "'\"":
            quote = ch
            out.append(ch)
        elif ch == "?":
            out.append("%s")
        elif ch == "%":
            out.append("%%")
        else:
            out.append(ch)
    return "".join(out)


def clean_value(value: Any) -> Any:
    """A value PostgreSQL accepts: NUL characters in text replaced."""
    # PostgreSQL text cannot hold NUL characters, SQLite's can; crawled text sometimes has
    # them: one replacement character for one NUL keeps every mention offset right
    if isinstance(value, str) and "\x00" in value:
        return value.replace("\x00", "\ufffd")
    return value


def _params(params: Params) -> Params:
    if isinstance(params, dict):
        return {k: clean_value(v) for k, v in params.items()}
    return [clean_value(v) for v in params]


class Result:
    """What a statement run outside a transaction returned (its connection is back in the
    pool): the rows, and how many rows it changed."""

    def __init__(self, rows: list[Any], rowcount: int) -> None:
        self.rows = rows
        self.rowcount = rowcount

    def fetchone(self) -> Any:
        return self.rows[0] if self.rows else None

    def fetchall(self) -> list[Any]:
        return self.rows


class PgConnection:
    """The connection of one transaction, taking SQLite-style SQL."""

    def __init__(self, conn: psycopg.Connection) -> None:
        self.raw = conn

    def execute(self, sql: str, params: Params = ()) -> psycopg.Cursor:
        # parameters always given, even none: psycopg then reads `%%` as `%`
        return self.raw.execute(pg_sql(sql), _params(params))

    def executemany(self, sql: str, seq: Any) -> psycopg.Cursor:
        cur = self.raw.cursor()
        rows = [_params(p) for p in seq]
        if rows:
            cur.executemany(pg_sql(sql), rows)
        return cur


class PostgresDatabase:
    """A PostgreSQL database with its migrations applied; thread-safe."""

    dialect = "postgresql"

    def __init__(self, url: str, connections: int = 8) -> None:
        self.conninfo = url
        self.url = display_url(url)
        try:
            with psycopg.connect(url, connect_timeout=CONNECT_TIMEOUT, autocommit=True) as conn:
                self._migrate(conn)
        except psycopg.OperationalError as exc:
            raise StoreError(f"cannot open store {self.url}: {_reason(exc)}") from exc
        self._local = threading.local()
        self.pool = ConnectionPool(
            url,
            min_size=1,
            max_size=max(1, connections),
            kwargs={
                "autocommit": True,
                "row_factory": _row_factory,
                "connect_timeout": CONNECT_TIMEOUT,
            },
            check=ConnectionPool.check_connection,
            timeout=POOL_TIMEOUT,
            open=False,
            num_workers=1,  # the pool's maintenance threads
            name=f"scanner store {self.url}",
        )
        try:
            self.pool.open(wait=True, timeout=POOL_TIMEOUT)
        except PoolTimeout as exc:
            self.pool.close()
            raise StoreUnavailable(f"store {self.url} cannot be reached") from exc

    # -- schema ------------------------------------------------------------------------------
    def _migrate(self, conn: psycopg.Connection) -> None:
        """Apply the missing migrations in one transaction, one process at a time."""
        with conn.transaction():
            conn.execute("SELECT pg_advisory_xact_lock(%s)", (MIGRATION_LOCK,))
            conn.execute("CREATE TABLE IF NOT EXISTS schema_version (version BIGINT NOT NULL)")
            row = conn.execute("SELECT MAX(version) FROM schema_version").fetchone()
            current = (row[0] if row else None) or 0
            if current > len(MIGRATIONS):
                raise StoreError(
                    f"store {self.url} has schema version {current}, newer than this scanner "
                    f"({len(MIGRATIONS)}); upgrade scanner"
                )
            for version, migration in enumerate(MIGRATIONS[current:], start=current + 1):
                sql = for_dialect(migration, "postgresql")
                if sql.strip():
                    conn.execute(sql)  # several statements, no params
                conn.execute("INSERT INTO schema_version VALUES (%s)", (version,))

    @property
    def version(self) -> int:
        row = self.one("SELECT MAX(version) FROM schema_version")
        return int(row[0])

    # -- units of work and queries ----------------------------------------------------------
    @contextmanager
    def transaction(self) -> Iterator[PgConnection]:
        """A unit of work on one connection; nested calls (same thread) join it."""
        active: PgConnection | None = getattr(self._local, "conn", None)
        if active is not None:
            yield active
            return
        try:
            with self.pool.connection() as raw, raw.transaction():
                active = PgConnection(raw)
                self._local.conn = active
                try:
                    yield active
                finally:
                    self._local.conn = None
        except (psycopg.OperationalError, PoolTimeout) as exc:
            raise self._unavailable(exc) from exc

    def query(self, sql: str, params: Params = ()) -> list[Any]:
        return self.execute(sql, params).fetchall()

    def one(self, sql: str, params: Params = ()) -> Any:
        return self.execute(sql, params).fetchone()

    def execute(self, sql: str, params: Params = ()) -> Result:
        active: PgConnection | None = getattr(self._local, "conn", None)
        if active is not None:
            cur = active.execute(sql, params)
            return Result(cur.fetchall() if cur.description else [], cur.rowcount)
        try:
            with self.pool.connection() as raw:
                cur = PgConnection(raw).execute(sql, params)
                return Result(cur.fetchall() if cur.description else [], cur.rowcount)
        except (psycopg.OperationalError, PoolTimeout) as exc:
            raise self._unavailable(exc) from exc

    def stream(self, sql: str, params: Params = (), size: int = 2000) -> Iterator[list[Any]]:
        """The rows of a query, `size` at a time, through a server-side cursor."""
        with self.transaction() as conn, conn.raw.cursor(name="scanner_stream") as cur:
            cur.execute(pg_sql(sql), _params(params))
            while rows := cur.fetchmany(size):
                yield rows

    def _unavailable(self, exc: Exception) -> StoreUnavailable:
        return StoreUnavailable(f"store {self.url} unavailable: {_reason(exc)}")

    def generation(self) -> None:
        """None: PostgreSQL does not say cheaply whether anything changed (nothing is memoised)."""
        return None

    @staticmethod
    def in_list(column: str, values: Sequence[Any]) -> tuple[str, list[Any]]:
        """`column = ANY(?)`: one array parameter, however many values."""
        return f"{column} = ANY(?)", [list(values)]

    @staticmethod
    def epoch_sql() -> str:
        """The server's clock (shared by every machine), in seconds since 1970."""
        return "EXTRACT(EPOCH FROM clock_timestamp())::float8"

    def tables(self) -> list[str]:
        rows = self.query(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = "
            "current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name"
        )
        return [r[0] for r in rows]

    def columns(self, table: str) -> list[str]:
        rows = self.query(
            "SELECT column_name FROM information_schema.columns WHERE table_schema = "
            "current_schema() AND table_name = ? ORDER BY ordinal_position",
            (table,),
        )
        return [r[0] for r in rows]

    def close(self) -> None:
        self.pool.close()


def _reason(exc: Exception) -> str:
    """libpq's message, first line (the rest repeats the connection details)."""
    text = str(exc).strip() or type(exc).__name__
    return text.splitlines()[0]


def with_schema(url: str, schema: str) -> str:
    """The URL of the same database, its tables looked up (and created) in `schema`."""
    from urllib.parse import quote

    joiner = "&" if "?" in url else "?"
    return f"{url}{joiner}options={quote(f'-c search_path={schema}')}"


def create_schema(url: str, schema: str) -> None:
    """Create a schema (a private namespace of tables) in the database of `url`."""
    try:
        with psycopg.connect(url, connect_timeout=CONNECT_TIMEOUT, autocommit=True) as conn:
            conn.execute(f'CREATE SCHEMA IF NOT EXISTS "{schema}"')
    except psycopg.Error as exc:
        raise StoreError(
            f"cannot create schema {schema} in {display_url(url)}: {_reason(exc)}"
        ) from exc


def drop_schema(url: str, schema: str) -> None:
    """Drop a schema and everything in it."""
    try:
        with psycopg.connect(url, connect_timeout=CONNECT_TIMEOUT, autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
    except psycopg.Error as exc:
        log.warning("could not drop schema %s in %s: %s", schema, display_url(url), exc)
