"""bm25 on PostgreSQL's full text, so lexical search ranks alike on both backends.

SQLite's FTS5 ranks by bm25: per query stem, its inverse document frequency times a saturating
function of its weighted frequency in the article, damped for long articles. PostgreSQL's
`ts_rank` has the saturating frequency (and reads the title's A weight) but no document
frequency: a stem that nearly every article holds would count as much as a rare one. The score
below puts bm25's pieces back around it, per stem:

    idf(stem) · f / (f + K1 · (1 − B + B · length / average length)),  f = ts_rank(stem)

with FTS5's idf, log((N − n + 0.5) / (n + 0.5)) floored at 1e-6 (n articles of N hold the
stem), `length` the article's distinct stems. K1 and B were set before measuring, not tuned:
a grid over them moves lexical nDCG@10 on the gold queries by ±0.01 around SQLite's figure
(`python bench/search_backends.py` prints both backends).
"""

from __future__ import annotations

import math
import time
from collections.abc import Sequence

from scanner.store.db import Database

TITLE_WEIGHT = 3.0  # as FTS5's bm25(…, 3.0, 1.0): a stem in the title counts three times
K1 = 0.5  # saturation of ts_rank's frequency (already saturating, so lower than bm25's 1.2)
B = 0.75  # how much a long article is damped, bm25's usual value
STATS_SECONDS = 300.0  # how long the counts bm25 reads are kept (they drift slowly)
# ts_rank's weights {D, C, B, A} must lie in [0, 1]: the text (D) a third of the title (A)
_WEIGHTS = f"'{{{1 / TITLE_WEIGHT:.4f}, 0, 0, 1.0}}'"


def tsquery(form: Sequence[str], prefix_min: int) -> str:
    """One form (a stem, or stems in a row) as a `to_tsquery('simple', …)` operand, each stem
    quoted: `'chirurg':*` (a single stem of `prefix_min` letters or more is also a prefix),
    `'therap' <-> 'gen'` (a phrase, as FTS5's "therap gen")."""
    quoted = ["'" + s.replace("\\", "\\\\").replace("'", "''") + "'" for s in form]
    if len(quoted) == 1 and len(form[0]) >= prefix_min:
        return quoted[0] + ":*"
    return quoted[0] if len(quoted) == 1 else "(" + " <-> ".join(quoted) + ")"


def idf(found: int, total: int) -> float:
    """FTS5's inverse document frequency: `found` articles of `total` hold the stem."""
    return max(1e-6, math.log((total - found + 0.5) / (found + 0.5)))


class PgLexical:
    """Lexical ranking on PostgreSQL for `SearchRepo.lexical`. The statistics bm25 reads (how
    many articles hold each stem, how many articles, their average length) cost a pass over
    the matching or all articles: they are kept for STATS_SECONDS, as they drift slowly."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self._totals: tuple[int, float, float] | None = None  # articles, mean length, when
        self._found: dict[str, int] = {}  # tsquery operand → articles holding it

    def rank(
        self,
        forms: Sequence[Sequence[str]],
        where: str,
        params: list[object],
        limit: int,
        prefix_min: int,
        newest: bool = False,
    ) -> list[tuple[int, float]]:
        """(num, score) of the best `limit` articles holding any form, filters applied;
        `newest`: the newest `limit` of them instead (score 0), none scored."""
        queries = list(dict.fromkeys(tsquery(form, prefix_min) for form in forms))
        anything = " | ".join(queries)
        if newest:
            rows = self.db.query(
                "SELECT s.num FROM articles_stem s JOIN articles a ON a.num = s.num "
                f"WHERE s.tsv @@ to_tsquery('simple', ?) AND {where} ORDER BY s.num DESC LIMIT ?",
                [anything, *params, limit],
            )
            return [(r[0], 0.0) for r in rows]
        total, mean, found = self._statistics(queries)
        # each ts_rank once per article (OFFSET 0 keeps the subquery from being inlined); a
        # phrase counts only where the article holds it in a row, as in FTS5 (ts_rank alone
        # credits its words wherever they are)
        ranks = ", ".join(
            (
                f"CASE WHEN s.tsv @@ to_tsquery('simple', ?) THEN ts_rank({_WEIGHTS}, s.tsv, "
                f"to_tsquery('simple', ?)) ELSE 0 END AS r{i}"
                if "<->" in q
                else f"ts_rank({_WEIGHTS}, s.tsv, to_tsquery('simple', ?)) AS r{i}"
            )
            for i, q in enumerate(queries)
        )
        rank_params = [p for q in queries for p in ([q, q] if "<->" in q else [q])]
        score = " + ".join(
            f"{idf(found[q], total)!r} * x.r{i} / (x.r{i} + {K1} * x.d)"
            for i, q in enumerate(queries)
        )
        rows = self.db.query(
            f"SELECT s.num, ({score}) AS r FROM articles_stem s JOIN articles a ON a.num = s.num "
            f"CROSS JOIN LATERAL (SELECT {ranks}, ({1 - B} + {B} * length(s.tsv) / ?::float8) "
            f"AS d OFFSET 0) x WHERE s.tsv @@ to_tsquery('simple', ?) AND {where} "
            "ORDER BY r DESC, s.num LIMIT ?",
            [*rank_params, mean, anything, *params, limit],
        )
        return [(r[0], float(r[1])) for r in rows]

    def doc_freq(self, form: Sequence[str], prefix: bool) -> int:
        """How many articles hold a form (a single stem also as a prefix with `prefix`)."""
        return self.doc_freqs([(form, prefix)])[0]

    def doc_freqs(self, asked: Sequence[tuple[Sequence[str], bool]]) -> list[int]:
        """`doc_freq` of each (form, prefix) pair, counted in one statement."""
        queries = [tsquery(form, 1 if prefix else 1 << 30) for form, prefix in asked]
        found = self._statistics(queries)[2]
        return [found[q] for q in queries]

    def _statistics(self, queries: Sequence[str]) -> tuple[int, float, dict[str, int]]:
        """(articles, mean length, articles holding each query). Safe across the threads of
        a web process: expired counts are replaced by a new dict, never cleared in place, so
        a request always reads the counts it asked for."""
        now = time.monotonic()
        totals = self._totals
        if totals is None or now - totals[2] > STATS_SECONDS:
            row = self.db.one("SELECT COUNT(*), COALESCE(AVG(length(tsv)), 1) FROM articles_stem")
            totals = (int(row[0]), max(1.0, float(row[1])), now)
            self._totals, self._found = totals, {}
        found = self._found
        missing = [q for q in dict.fromkeys(queries) if q not in found]
        if missing:
            counted = ", ".join(
                "COUNT(*) FILTER (WHERE tsv @@ to_tsquery('simple', ?))" for _ in missing
            )
            row = self.db.one(
                f"SELECT {counted} FROM articles_stem WHERE tsv @@ to_tsquery('simple', ?)",
                [*missing, " | ".join(missing)],
            )
            found.update(zip(missing, (int(n) for n in row), strict=True))
        return totals[0], totals[1], {q: found[q] for q in queries}
