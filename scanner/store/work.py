"""Work shared between processes and machines: claims on pending articles, leases, store facts.

    nums = store.work.claim("host:123", key, batch=32, lease=600)   # pending articles, mine now
    store.work.renew("host:123", lease=600)                          # still working on them
    store.work.release("host:123", nums)                              # done (or given back)
    store.work.take_lease("source:inserm", "host:123", 600)           # False: someone holds it

A claim is a row of `process_claims` with an expiry: a worker that dies stops renewing its
claims, and they expire, so another worker claims that batch again. Claims are made in one
statement: on PostgreSQL the pending articles are locked with `FOR UPDATE SKIP LOCKED`, so
concurrent claimers never wait on each other nor take the same rows, and the conditional
upsert refuses a row someone else claimed a moment before; on SQLite the write lock of the
transaction serialises claimers. Expiries are read on the database's clock, which every
machine shares.
"""

from __future__ import annotations

from collections.abc import Sequence

from scanner.store.db import Database

# an article needs processing when its processing key is not its content hash + the pipeline's
PENDING = "(a.processed_key IS NULL OR a.processed_key != a.content_hash || ':' || ?)"


class WorkRepo:
    """Claims on articles to process, leases on named things (sources), store facts."""

    def __init__(self, db: Database) -> None:
        self.db = db

    # -- claims on pending articles ------------------------------------------------------------
    def claim(self, worker: str, key: str, batch: int, lease: float) -> list[int]:
        """Up to `batch` pending articles (oldest first) nobody else holds, held by `worker`
        for `lease` seconds; their nums."""
        now = self.db.epoch_sql()
        lock = " FOR UPDATE OF a SKIP LOCKED" if self.db.dialect == "postgresql" else ""
        # a worker's own claims count as free: after a lost connection it takes them back
        sql = (
            f"WITH picked AS (SELECT a.num FROM articles a WHERE {PENDING} AND NOT EXISTS "
            "(SELECT 1 FROM process_claims c WHERE c.num = a.num AND c.worker != ? "
            f"AND c.until > {now}) ORDER BY a.num LIMIT ?{lock}) "
            f"INSERT INTO process_claims (num, worker, until) SELECT num, ?, {now} + ? "
            "FROM picked WHERE true ON CONFLICT (num) DO UPDATE SET worker = excluded.worker, "
            f"until = excluded.until WHERE process_claims.until <= {now} "
            "OR process_claims.worker = excluded.worker RETURNING num"
        )
        with self.db.transaction() as conn:
            rows = conn.execute(sql, (key, worker, batch, worker, lease)).fetchall()
        return sorted(r[0] for r in rows)

    def renew(self, worker: str, lease: float) -> int:
        """Extend every claim of `worker` by `lease` seconds from now; how many it holds."""
        cur = self.db.execute(
            f"UPDATE process_claims SET until = {self.db.epoch_sql()} + ? WHERE worker = ?",
            (lease, worker),
        )
        return cur.rowcount

    def release(self, worker: str, nums: Sequence[int] | None = None) -> None:
        """Give back these claims of `worker` (all of them when `nums` is None)."""
        if nums is None:
            self.db.execute("DELETE FROM process_claims WHERE worker = ?", (worker,))
            return
        for i in range(0, len(nums), 500):
            where, params = self.db.in_list("num", list(nums[i : i + 500]))
            self.db.execute(
                f"DELETE FROM process_claims WHERE worker = ? AND {where}", [worker, *params]
            )

    def claims(self) -> dict[str, int]:
        """Live claims per worker (for `scanner worker --status` and tests)."""
        rows = self.db.query(
            f"SELECT worker, COUNT(*) FROM process_claims WHERE until > {self.db.epoch_sql()} "
            "GROUP BY worker ORDER BY worker"
        )
        return {r[0]: int(r[1]) for r in rows}

    def pending(self, key: str) -> int:
        """Articles waiting for processing with this key (claimed or not)."""
        row = self.db.one(f"SELECT COUNT(*) FROM articles a WHERE {PENDING}", (key,))
        return int(row[0]) if row else 0

    # -- leases on named things ----------------------------------------------------------------
    def take_lease(self, name: str, holder: str, seconds: float) -> bool:
        """Hold `name` for `seconds` unless another holder's lease on it is still running
        (taking one's own lease again renews it)."""
        now = self.db.epoch_sql()
        with self.db.transaction() as conn:
            row = conn.execute(
                f"INSERT INTO leases (name, holder, until) VALUES (?, ?, {now} + ?) "
                "ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, until = "
                f"excluded.until WHERE leases.until <= {now} OR leases.holder = excluded.holder "
                "RETURNING holder",
                (name, holder, seconds),
            ).fetchone()
        return row is not None

    def take_over_lease(self, name: str, old: str, holder: str, seconds: float) -> bool:
        """Take `name` from `old` (known to be dead), if `old` still holds it."""
        cur = self.db.execute(
            f"UPDATE leases SET holder = ?, until = {self.db.epoch_sql()} + ? "
            "WHERE name = ? AND holder = ?",
            (holder, seconds, name, old),
        )
        return cur.rowcount == 1

    def release_lease(self, name: str, holder: str) -> None:
        self.db.execute("DELETE FROM leases WHERE name = ? AND holder = ?", (name, holder))

    def lease_holder(self, name: str) -> tuple[str, float] | None:
        """(holder, seconds left) of a running lease on `name`, None if nobody holds it."""
        now = self.db.epoch_sql()
        row = self.db.one(
            f"SELECT holder, until - {now} FROM leases WHERE name = ? AND until > {now}", (name,)
        )
        return (row[0], float(row[1])) if row else None

    # -- facts about the store -----------------------------------------------------------------
    def meta(self, key: str) -> str | None:
        row = self.db.one("SELECT value FROM store_meta WHERE key = ?", (key,))
        return row[0] if row else None

    def set_meta(self, key: str, value: str) -> None:
        self.db.execute(
            "INSERT INTO store_meta (key, value) VALUES (?, ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (key, value),
        )
