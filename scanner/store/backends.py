"""Which backend a store URL names: SQLite (`sqlite.py`) or PostgreSQL (`postgres.py`)."""

from __future__ import annotations

from pathlib import Path

from scanner.config import parse_store_url
from scanner.store.db import Database


def open_database(url: str | Path, connections: int = 8) -> Database:
    """The database of a store URL (or a bare SQLite path), created and migrated if needed.

    Raises StoreError when it cannot be opened (a wrong password, an unreachable server, a
    schema newer than this scanner)."""
    backend, target = parse_store_url(str(url))
    if backend == "postgresql":
        from scanner.store.postgres import PostgresDatabase

        return PostgresDatabase(target, connections=connections)
    from scanner.store.sqlite import SqliteDatabase

    return SqliteDatabase(target)
