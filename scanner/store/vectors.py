"""Cached passage embeddings, by content hash and model name (float32 rows, never pickled)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

import numpy as np

from scanner.store.db import Database


class VectorRepo:
    """Passage vectors of article texts; a text embedded once per model is never embedded again."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def put(self, content_hash: str, model: str, vectors: np.ndarray) -> None:
        """Store the passage vectors (rows) of one text, replacing any earlier ones."""
        rows = np.ascontiguousarray(vectors, dtype=np.float32)
        with self.db.transaction() as conn:
            conn.execute(
                "DELETE FROM embeddings WHERE content_hash = ? AND model = ?", (content_hash, model)
            )
            conn.executemany(
                "INSERT INTO embeddings (content_hash, model, chunk, vector) VALUES (?,?,?,?)",
                [(content_hash, model, i, row.tobytes()) for i, row in enumerate(rows)],
            )

    def get_many(self, hashes: Sequence[str], model: str) -> dict[str, np.ndarray]:
        """Passage vectors per content hash, for the hashes that have some."""
        parts: dict[str, list[tuple[int, bytes]]] = {}
        hashes = list(dict.fromkeys(hashes))
        for i in range(0, len(hashes), 500):
            chunk = hashes[i : i + 500]
            marks = ",".join("?" * len(chunk))
            rows = self.db.query(
                f"SELECT content_hash, chunk, vector FROM embeddings "
                f"WHERE model = ? AND content_hash IN ({marks})",
                [model, *chunk],
            )
            for r in rows:
                parts.setdefault(r["content_hash"], []).append((r["chunk"], r["vector"]))
        return {
            h: np.vstack([np.frombuffer(v, dtype=np.float32) for _, v in sorted(p)])
            for h, p in parts.items()
        }

    def count(self, model: str) -> int:
        """How many texts have vectors for `model`."""
        row = self.db.one(
            "SELECT COUNT(DISTINCT content_hash) FROM embeddings WHERE model = ?", (model,)
        )
        assert row is not None  # an aggregate query always returns one row
        return int(row[0])

    def cached_articles(
        self, model: str, nums: Sequence[int] | None = None, batch: int = 2000
    ) -> Iterator[tuple[int, str, np.ndarray]]:
        """(article num, content hash, passage vectors) of stored articles that have vectors for
        `model`, in num order, streamed (all of them, or only `nums`)."""
        if nums is not None:
            wanted = sorted({int(n) for n in nums})
            for i in range(0, len(wanted), 500):
                chunk = wanted[i : i + 500]
                marks = ",".join("?" * len(chunk))
                yield from self._cached_rows(model, f"num IN ({marks})", chunk)
            return
        last = -1
        while True:
            rows = self.db.query(
                "SELECT num, content_hash FROM articles WHERE num > ? ORDER BY num LIMIT ?",
                (last, batch),
            )
            if not rows:
                return
            last = rows[-1]["num"]
            found = self.get_many([r["content_hash"] for r in rows], model)
            for r in rows:
                if r["content_hash"] in found:
                    yield r["num"], r["content_hash"], found[r["content_hash"]]

    def _cached_rows(
        self, model: str, where: str, params: list[int]
    ) -> Iterator[tuple[int, str, np.ndarray]]:
        rows = self.db.query(f"SELECT num, content_hash FROM articles WHERE {where}", params)
        found = self.get_many([r["content_hash"] for r in rows], model)
        for r in sorted(rows, key=lambda r: r["num"]):
            if r["content_hash"] in found:
                yield r["num"], r["content_hash"], found[r["content_hash"]]

    def article_states(self, model: str) -> list[tuple[int, str, bool, bool]]:
        """(num, content hash, processed, has vectors for `model`) of every stored article: what
        an index is checked against."""
        rows = self.db.query(
            "SELECT a.num, a.content_hash, a.processed_key IS NOT NULL AS processed, "
            "EXISTS (SELECT 1 FROM embeddings e WHERE e.content_hash = a.content_hash "
            "AND e.model = ? AND e.chunk = 0) AS cached FROM articles a",
            (model,),
        )
        return [(r[0], r[1], bool(r[2]), bool(r[3])) for r in rows]

    def content_hashes(self, nums: Iterable[int]) -> dict[int, str]:
        """Content hash of each stored article num."""
        nums = list(nums)
        out: dict[int, str] = {}
        for i in range(0, len(nums), 500):
            chunk = nums[i : i + 500]
            marks = ",".join("?" * len(chunk))
            for r in self.db.query(
                f"SELECT num, content_hash FROM articles WHERE num IN ({marks})", chunk
            ):
                out[r["num"]] = r["content_hash"]
        return out

    def row_count(self, model: str) -> int:
        """How many passage vectors are cached for `model` (texts of removed articles too)."""
        row = self.db.one("SELECT COUNT(*) FROM embeddings WHERE model = ?", (model,))
        assert row is not None  # an aggregate query always returns one row
        return int(row[0])
