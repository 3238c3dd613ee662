"""Cached passage embeddings, by content hash and model name (float32 rows, never pickled)."""

from __future__ import annotations

from collections.abc import Sequence

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
        return int(row[0])
