"""The store's schema as one ordered list of migrations, for SQLite and PostgreSQL alike.

Each migration is applied once, in order, inside a transaction; `schema_version` records the
last one applied. Add a migration at the end (of `schema_additions.ADDITIONS`); never edit
one that has shipped.

Adding one: write it as a plain string in SQLite's words (types INTEGER, REAL, TEXT, BLOB;
`INSERT … ON CONFLICT DO NOTHING`, not `INSERT OR IGNORE`): `dialect.for_dialect` gives
PostgreSQL the same text with the types spelt its way (INTEGER → BIGINT, REAL → DOUBLE
PRECISION, BLOB → BYTEA, an `INTEGER PRIMARY KEY` → an identity column). Only where the two
really differ (full-text indexes, triggers) write a `Migration(sqlite=…, postgresql=…)`.
`tests/test_store_backends.py` checks that both backends end at the same tables, columns and
indexes.
"""

from __future__ import annotations

from scanner.store.dialect import Migration
from scanner.store.schema_additions import ADDITIONS
from scanner.store.schema_founding import FOUNDING

# 1–7: the founding tables; 8 onwards: everything added since
MIGRATIONS: list[str | Migration] = [*FOUNDING, *ADDITIONS]
