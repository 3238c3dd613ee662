"""bm25 on PostgreSQL's full text, so lexical search ranks alike on both backends.

SQLite's FTS5 ranks by bm25: per query stem, its inverse document frequency times a saturating
function of its weighted frequency in the article, damped for long articles. PostgreSQL's
`ts_rank` has the saturating frequency (and reads the title's A weight) but no document
frequency: a stem that nearly every article holds would count as much as a rare one. The score
below puts bm25's pieces back around it, per stem:

    idf(stem) · f / (f + K1 · (1 − B + B · length / average length)),  f = ts_rank(stem)

with FTS5's idf, log((N − n + 0.5) / (n + 0.5)) floored at 1e-6, from the counts the caller
reads once per query (n articles of N hold the stem), `length` the article's distinct stems.
Measured on the gold queries (`scanner eval --only search` on each backend, README).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

TITLE_WEIGHT = 3.0  # as FTS5's bm25(…, 3.0, 1.0): a stem in the title counts three times
K1 = 0.5  # saturation of ts_rank's frequency (already saturating, so lower than bm25's 1.2)
B = 0.75  # how much a long article is damped, bm25's usual value
# ts_rank's weights {D, C, B, A} must lie in [0, 1]: the text (D) a third of the title (A)
_WEIGHTS = f"'{{{1 / TITLE_WEIGHT:.4f}, 0, 0, 1.0}}'"


def tsquery(stem: str, prefix: bool) -> str:
    """One stem as a `to_tsquery('simple', …)` operand, quoted (`'chirurg':*` as a prefix)."""
    quoted = "'" + stem.replace("\\", "\\\\").replace("'", "''") + "'"
    return quoted + (":*" if prefix else "")


def idf(found: int, total: int) -> float:
    """FTS5's inverse document frequency: `found` articles of `total` hold the stem."""
    return max(1e-6, math.log((total - found + 0.5) / (found + 0.5)))


def bm25_sql(
    column: str, queries: Sequence[str], found: Sequence[int], total: int, avg_length: float
) -> tuple[str, list[object]]:
    """The score expression over the tsvector `column` for these query operands, and its
    parameters (in order)."""
    parts: list[str] = []
    params: list[object] = []
    damping = f"({1 - B} + {B} * length({column}) / ?::float8)"
    for query, n in zip(queries, found, strict=True):
        rank = f"ts_rank({_WEIGHTS}, {column}, to_tsquery('simple', ?))"
        parts.append(f"? * {rank} / ({rank} + {K1} * {damping})")
        params += [idf(n, total), query, query, max(avg_length, 1.0)]
    return "(" + " + ".join(parts) + ")", params
