"""`scanner migrate`: a watch's whole store copied into an empty PostgreSQL database.

    report = copy_store(store, "postgresql://veille@db:5432/veille", progress)
    print(report.summary())        # rows per table, checked

Every table of the source (articles, mentions, corrections and their audit log, users,
bulletins, vectors, clusters, crawl state, and whatever later migrations add) is copied with
PostgreSQL's COPY, keeping every id, so the local FAISS index (keyed by article num) and every
link between tables stay valid. The source is read inside one transaction (a consistent
snapshot, writers wait) and the target is written inside one transaction: the copy is
committed only after each table's row count on the target equals the source's, so an
interrupted or failed copy leaves nothing behind. A target that already holds data (an earlier
`migrate`, or another watch) is refused with what it holds; a target with a newer schema is
refused when it is opened.
"""

from __future__ import annotations

import json
import socket
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from scanner.config import display_url, parse_store_url
from scanner.errors import StoreError
from scanner.store import Store, now_iso

Progress = Callable[[str, int, int], None]
MIGRATED_FROM = "migrated_from"  # store_meta key: where the data came from, when
MIGRATE_LOCK = 0x5CA22E8
SKIP = {"schema_version"}  # each side has its own
GENERATED = {("articles_stem", "tsv")}  # computed by PostgreSQL from the copied columns


@dataclass
class CopyReport:
    """Rows copied per table (equal on both sides: checked before the commit)."""

    source: str
    target: str
    rows: dict[str, int] = field(default_factory=dict)

    def summary(self) -> str:
        width = max((len(t) for t in self.rows), default=5) + 2
        lines = [f"{t.ljust(width)}{n:>10}" for t, n in self.rows.items() if n]
        empty = [t for t, n in self.rows.items() if not n]
        if empty:
            lines.append(f"(empty: {', '.join(empty)})")
        lines.append(
            f"copied {sum(self.rows.values())} row(s) of {len(self.rows)} table(s) from "
            f"{self.source} to {self.target}; counts checked"
        )
        return "\n".join(lines)


def copy_store(source: Store, target_url: str, progress: Progress | None = None) -> CopyReport:
    """Copy every table of `source` into the empty PostgreSQL store at `target_url`."""
    if parse_store_url(target_url)[0] != "postgresql":
        raise StoreError(f"migrate copies into PostgreSQL, not {display_url(target_url)}")
    target = Store.open(target_url, connections=2)
    try:
        report = CopyReport(source.db.url, target.db.url)
        if source.db.version != target.db.version:
            raise StoreError(
                f"schema versions differ: {source.db.url} {source.db.version}, "
                f"{target.db.url} {target.db.version}"
            )
        tables = _tables(source, target)
        with source.db.transaction():  # a consistent snapshot; writers wait for the copy
            counts = {t: _count(source, t) for t in tables}
            total = sum(counts.values())
            done = 0
            with target.db.transaction() as conn:
                raw: Any = conn.raw  # type: ignore[attr-defined]  # psycopg, for COPY
                # one copy at a time into a database; the second finds the first's data
                raw.execute("SELECT pg_advisory_xact_lock(%s)", (MIGRATE_LOCK,))
                _refuse_if_used(target, tables)
                for table in tables:
                    raw.execute(f"ALTER TABLE {table} DISABLE TRIGGER USER")
                for table in tables:
                    done = _copy_table(source, raw, table, _columns(source, target, table), done,
                                       total, progress)  # fmt: skip
                for table in tables:
                    raw.execute(f"ALTER TABLE {table} ENABLE TRIGGER USER")
                _restart_identities(raw, tables)
                for table in tables:
                    copied = raw.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
                    if copied != counts[table]:
                        raise StoreError(
                            f"copy of {table} holds {copied} row(s), the source {counts[table]}: "
                            "nothing was kept"
                        )
                    report.rows[table] = copied
                stamp = {"from": source.db.url, "at": now_iso(), "host": socket.gethostname()}
                conn.execute(
                    "INSERT INTO store_meta (key, value) VALUES (?, ?)",
                    (MIGRATED_FROM, json.dumps(stamp | {"rows": report.rows})),
                )
        return report
    finally:
        target.close()


def _tables(source: Store, target: Store) -> list[str]:
    theirs = set(target.db.tables())
    mine = [t for t in source.db.tables() if t not in SKIP]
    missing = [t for t in mine if t not in theirs]
    if missing:
        raise StoreError(f"{target.db.url} lacks table(s) {', '.join(missing)}")
    return mine


def _columns(source: Store, target: Store, table: str) -> list[str]:
    mine = [c for c in source.db.columns(table) if (table, c) not in GENERATED]
    theirs = {c for c in target.db.columns(table) if (table, c) not in GENERATED}
    missing = [c for c in mine if c not in theirs]
    if missing:
        raise StoreError(f"{target.db.url}: table {table} lacks column(s) {', '.join(missing)}")
    return mine


def _count(store: Store, table: str) -> int:
    return int(store.db.one(f"SELECT COUNT(*) FROM {table}")[0])


def _refuse_if_used(target: Store, tables: list[str]) -> None:
    """An earlier copy, or any data at all, stops this one before it writes anything."""
    stamp = target.work.meta(MIGRATED_FROM)
    if stamp is not None:
        info = json.loads(stamp)
        raise StoreError(
            f"{target.db.url} already holds a watch copied from {info.get('from')} on "
            f"{info.get('at')} ({info.get('rows', {}).get('articles', '?')} articles): "
            "nothing copied; to copy again, drop and re-create that database"
        )
    used = {t: n for t in tables if (n := _count(target, t))}
    if used:
        held = ", ".join(f"{t} {n}" for t, n in sorted(used.items()))
        raise StoreError(
            f"{target.db.url} is not empty ({held} row(s)): nothing copied; migrate into an "
            "empty database"
        )


def _copy_table(
    source: Store,
    raw: Any,
    table: str,
    columns: list[str],
    done: int,
    total: int,
    progress: Progress | None,
) -> int:
    import psycopg

    from scanner.store.postgres import clean_value

    names = ", ".join(f'"{c}"' for c in columns)
    try:
        with raw.cursor().copy(f"COPY {table} ({names}) FROM STDIN") as copy:
            for rows in source.db.stream(f"SELECT {names} FROM {table}"):
                for row in rows:
                    copy.write_row([clean_value(v) for v in row])
                done += len(rows)
                if progress:
                    progress("migrate", done, total)
    except psycopg.OperationalError:
        raise  # the server went away: StoreUnavailable, said by the transaction
    except psycopg.Error as exc:  # a value PostgreSQL refuses (SQLite takes any in any column)
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise StoreError(f"copy of {table} failed: {reason}; nothing was kept") from exc
    return done


def _restart_identities(raw: Any, tables: list[str]) -> None:
    """Identity columns go on after the highest id copied (new rows must not collide)."""
    rows = raw.execute(
        "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = "
        "current_schema() AND is_identity = 'YES'"
    ).fetchall()
    for table, column in rows:
        if table in tables:
            raw.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', '{column}'), "
                f"COALESCE((SELECT MAX({column}) FROM {table}), 0) + 1, false)"
            )
