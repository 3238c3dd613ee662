"""The SQL of search: filters, full-text matches (FTS5, bm25), stemmed copies, facet counts.

Filters apply to articles `a`: a curator's theme label wins over the model's assignment;
rejected mentions never count; several values of one filter are alternatives (any of them),
different filters all apply.

Full text runs over the stemmed, accent-folded copies of the articles (`articles_stem`, written
by `scanner.search.lexical`): on SQLite an FTS5 index ranked by bm25, on PostgreSQL a tsvector
with a GIN index ranked by `pg_fulltext.PgLexical`, which reads the same statistics bm25 does.
A query is a list of forms, each a sequence of stems (a phrase) that any matching article
holds in a row; a single stem of PREFIX_MIN letters or more also matches as a prefix.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterable, Sequence

from scanner.records import SearchFilters
from scanner.store.db import Database, Row
from scanner.store.pg_fulltext import PgLexical

# bm25 weights of the (title, text) columns: a word in the title says more
BM25 = "3.0, 1.0"
FACET_TOP = 20
COUNT_TTL = 300.0
PREFIX_MIN = 5  # a single stem this long also matches as a prefix ("therap" → "therapeut")
_LIVE_MENTION = "m.article_id = a.id AND m.status != 'rejected'"


class SearchRepo:
    """Queries behind `scanner.search.hybrid`."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self._count: tuple[float, int] | None = None
        self._pg = PgLexical(db)

    # -- filters -------------------------------------------------------------------------
    def filter_sql(self, f: SearchFilters | None, per_row: bool = True) -> tuple[str, list[object]]:
        """A WHERE condition on `a` (articles) and its parameters ("1 = 1" when unfiltered).
        `per_row`: written to check articles one by one (a ranking's candidates, newest
        first); else to list every article passing (SQLite then starts from the theme's
        index rather than from the articles)."""
        if f is None:
            return "1 = 1", []
        parts: list[str] = []
        params: list[object] = []
        if f.themes and not per_row:
            marks = _marks(f.themes)
            parts.append(
                "a.id IN (SELECT t.article_id FROM theme_scores t WHERE t.assigned = 1 AND "
                f"t.theme IN ({marks}) AND NOT EXISTS (SELECT 1 FROM theme_labels l WHERE "
                "l.article_id = t.article_id AND l.theme = t.theme AND l.label = 0) UNION "
                f"SELECT l.article_id FROM theme_labels l WHERE l.label = 1 AND l.theme IN ({marks}))"
            )
            params += [*f.themes, *f.themes]
        elif f.themes:
            # EXISTS, not IN: checked per article by the theme tables' keys, so a filter on a
            # large theme costs nothing until an article is looked at
            marks = _marks(f.themes)
            parts.append(
                "(EXISTS (SELECT 1 FROM theme_scores t WHERE t.article_id = a.id AND "
                f"t.assigned = 1 AND t.theme IN ({marks}) AND NOT EXISTS (SELECT 1 FROM "
                "theme_labels l WHERE l.article_id = t.article_id AND l.theme = t.theme AND "
                "l.label = 0)) OR EXISTS (SELECT 1 FROM theme_labels l WHERE l.article_id = a.id "
                f"AND l.label = 1 AND l.theme IN ({marks})))"
            )
            params += [*f.themes, *f.themes]
        if f.stages:
            parts.append(
                "a.id IN (SELECT g.article_id FROM article_stages g "
                f"WHERE g.stage IN ({_marks(f.stages)}))"
            )
            params += list(f.stages)
        if f.date_from:
            parts.append("a.published >= ?")
            params.append(f.date_from.isoformat())
        if f.date_to:
            parts.append("a.published <= ?")
            params.append(f.date_to.isoformat())
        if f.sources:
            marks = _marks(f.sources)
            parts.append(
                f"(a.source_id IN ({marks}) OR EXISTS (SELECT 1 FROM article_sources s "
                f"WHERE s.article_id = a.id AND s.source_id IN ({marks})))"
            )
            params += [*f.sources, *f.sources]
        if f.langs:
            parts.append(f"a.lang IN ({_marks(f.langs)})")
            params += list(f.langs)
        for kind, names in (("organisation", f.organisations), ("programme", f.programmes)):
            if names:
                # names match whatever their case (each backend's LOWER on both sides)
                lowered = ",".join("LOWER(?)" for _ in names)
                parts.append(
                    f"EXISTS (SELECT 1 FROM mentions m WHERE {_LIVE_MENTION} AND m.kind = ? "
                    f"AND LOWER(m.canonical) IN ({lowered}))"
                )
                params += [kind, *names]
        if f.min_amount_eur is not None:
            parts.append(
                f"EXISTS (SELECT 1 FROM mentions m WHERE {_LIVE_MENTION} AND m.kind = 'amount' "
                "AND (COALESCE(m.value_eur, 0) >= ? OR COALESCE(m.high_eur, 0) >= ?))"
            )
            params += [float(f.min_amount_eur)] * 2
        return (" AND ".join(parts) or "1 = 1"), params

    def allowed_nums(self, f: SearchFilters | None) -> list[int] | None:
        """Article nums passing the filters, or None when nothing is filtered."""
        where, params = self.filter_sql(f, per_row=False)
        if where == "1 = 1":
            return None
        return [r[0] for r in self.db.query(f"SELECT a.num FROM articles a WHERE {where}", params)]

    def passing(self, nums: Sequence[int], f: SearchFilters | None) -> list[int]:
        """Those of `nums` whose article passes the filters, in the order given."""
        where, params = self.filter_sql(f)
        keep: set[int] = set()
        for i in range(0, len(nums), 500):
            chunk = list(nums[i : i + 500])
            rows = self.db.query(
                f"SELECT a.num FROM articles a WHERE a.num IN ({_marks(chunk)}) AND {where}",
                [*chunk, *params],
            )
            keep.update(r[0] for r in rows)
        return [n for n in nums if n in keep]

    # -- full text -----------------------------------------------------------------------
    def lexical(
        self,
        forms: Sequence[str | Sequence[str]],
        f: SearchFilters | None,
        limit: int,
        newest: bool = False,
    ) -> list[tuple[int, float]]:
        """(num, bm25 relevance, higher is better) of the best `limit` articles holding any of
        these forms (stem sequences; a bare string is one stem); `newest`: the newest `limit` matches instead (relevance
        0), without scoring every match."""
        forms = [f for f in dict.fromkeys(_form(x) for x in forms) if f]
        if not forms:
            return []
        where, params = self.filter_sql(f)
        if self.db.dialect == "postgresql":
            return self._pg.rank(forms, where, params, limit, PREFIX_MIN, newest)
        table = "articles_stem_fts"
        score, order = ("0", "f.rowid DESC") if newest else (f"bm25({table}, {BM25})", "r")
        # unfiltered, no join: every stemmed copy has its article (a trigger deletes it with
        # the article), and looking each match up in `articles` doubled the query's time
        join = "" if where == "1 = 1" else "JOIN articles a ON a.num = f.rowid "
        try:
            rows = self.db.query(
                f"SELECT f.rowid, {score} AS r FROM {table} f "
                f"{join}WHERE {table} MATCH ? AND {where} "
                f"ORDER BY {order} LIMIT ?",
                [fts5_match(forms), *params, limit],
            )
        except sqlite3.OperationalError as exc:  # a MATCH syntax FTS5 refuses: no lexical hit
            if "fts5" in str(exc) or "syntax" in str(exc):
                return []
            raise
        return [(r[0], -float(r[1])) for r in rows]

    def stems_of(self, nums: Sequence[int]) -> dict[int, str]:
        """The stemmed copy (title, then text) of these articles, per num."""
        out: dict[int, str] = {}
        for i in range(0, len(nums), 500):
            chunk = list(nums[i : i + 500])
            for r in self.db.query(
                f"SELECT num, title, text FROM articles_stem WHERE num IN ({_marks(chunk)})",
                chunk,
            ):
                out[r[0]] = f"{r[1]} {r[2]}"
        return out

    def stemmed_count(self) -> int:
        """How many articles have a stemmed copy (what document frequencies are out of);
        counted again after COUNT_TTL seconds (a count scans the table: 0.1 s at 100,000
        articles, and an idf hardly moves in a few minutes)."""
        now = time.monotonic()
        if self._count is None or now - self._count[0] > COUNT_TTL:
            row = self.db.one("SELECT COUNT(*) FROM articles_stem")
            self._count = (now, int(row[0]) if row else 0)
        return self._count[1]

    def doc_freq(self, stem: str, prefix: bool = False) -> int:
        """How many articles hold a stem (or, with `prefix`, any stem starting with it; an
        over-count when one article holds several, which only matters for rare ones; on
        PostgreSQL the exact count of articles, from the full-text index, kept five minutes)."""
        if self.db.dialect == "postgresql":
            return self._pg.doc_freq((stem,), prefix)
        if prefix:
            row = self.db.one(
                "SELECT SUM(doc) FROM articles_stem_vocab WHERE term >= ? AND term < ?",
                (stem, stem + "\U0010ffff"),
            )
        else:
            row = self.db.one("SELECT doc FROM articles_stem_vocab WHERE term = ?", (stem,))
        return int(row[0]) if row and row[0] else 0

    def doc_freqs(self, asked: Sequence[tuple[str, bool]]) -> list[int]:
        """`doc_freq` of each (stem, prefix) pair, in order (on PostgreSQL in one statement)."""
        if self.db.dialect == "postgresql":
            return self._pg.doc_freqs([((s,), prefix) for s, prefix in asked])
        return [self.doc_freq(s, prefix) for s, prefix in asked]

    def unstemmed(self, limit: int = 500) -> list[Row]:
        """Articles without an up-to-date stemmed copy (new, or edited since): the queue that
        triggers keep (migration 10), so this costs nothing when all are stemmed."""
        return self.db.query(
            "SELECT a.num, a.title, a.text, a.lang FROM stem_queue q "
            "JOIN articles a ON a.num = q.num ORDER BY q.num LIMIT ?",
            (limit,),
        )

    def put_stems(self, rows: Sequence[tuple[int, str, str]]) -> None:
        """Store stemmed copies (num, title, text), replacing older ones."""
        nums = [(r[0],) for r in rows]
        with self.db.transaction() as conn:
            if self.db.dialect == "postgresql":
                # an upsert: two processes stemming the same new article must not collide
                conn.executemany(
                    "INSERT INTO articles_stem (num, title, text) VALUES (?,?,?) ON CONFLICT "
                    "(num) DO UPDATE SET title = excluded.title, text = excluded.text",
                    list(rows),
                )
            else:  # FTS5 follows the stemmed copies by its insert and delete triggers
                conn.executemany("DELETE FROM articles_stem WHERE num = ?", nums)
                conn.executemany(
                    "INSERT INTO articles_stem (num, title, text) VALUES (?,?,?)", list(rows)
                )
            conn.executemany("DELETE FROM stem_queue WHERE num = ?", nums)

    # -- hits and facets -----------------------------------------------------------------
    def hit_rows(self, nums: Sequence[int]) -> dict[int, Row]:
        """What a hit shows, per article num."""
        out: dict[int, Row] = {}
        for i in range(0, len(nums), 500):
            chunk = list(nums[i : i + 500])
            for r in self.db.query(
                "SELECT num, id, title, url, text, published, lang, source_id FROM articles "
                f"WHERE num IN ({_marks(chunk)})",
                chunk,
            ):
                out[r["num"]] = r
        return out

    def published_of(self, nums: Sequence[int]) -> dict[int, str]:
        """Publication dates (ISO, "" when unknown) per article num."""
        out: dict[int, str] = {}
        for i in range(0, len(nums), 500):
            chunk = list(nums[i : i + 500])
            for r in self.db.query(
                f"SELECT num, published FROM articles WHERE num IN ({_marks(chunk)})", chunk
            ):
                out[r[0]] = r[1] or ""
        return out

    def newest(self, f: SearchFilters | None, limit: int, offset: int) -> tuple[list[int], int]:
        """The nums of the articles passing the filters, newest first (undated last), from
        `offset`; and how many pass them."""
        where, params = self.filter_sql(f)
        rows = self.db.query(
            f"SELECT a.num FROM articles a WHERE {where} "
            "ORDER BY a.published IS NULL, a.published DESC, a.num DESC LIMIT ? OFFSET ?",
            [*params, limit, offset],
        )
        where, params = self.filter_sql(f, per_row=False)
        row = self.db.one(f"SELECT COUNT(*) FROM articles a WHERE {where}", params)
        return [r[0] for r in rows], int(row[0]) if row else 0

    def themes_of(self, ids: Sequence[str]) -> dict[str, list[str]]:
        """The themes each article belongs to (a curator's label wins over the model), best
        score first."""
        out: dict[str, list[str]] = {i: [] for i in ids}
        for i in range(0, len(ids), 400):
            chunk = list(ids[i : i + 400])
            marks = _marks(chunk)
            rows = self.db.query(
                "SELECT t.article_id, t.theme, t.score FROM theme_scores t "
                f"WHERE t.article_id IN ({marks}) AND t.assigned = 1 AND NOT EXISTS (SELECT 1 "
                "FROM theme_labels l WHERE l.article_id = t.article_id AND l.theme = t.theme "
                "AND l.label = 0) UNION SELECT l.article_id, l.theme, 2.0 FROM theme_labels l "
                f"WHERE l.article_id IN ({marks}) AND l.label = 1 ORDER BY 1, 3 DESC",
                chunk + chunk,
            )
            for r in rows:
                if r[1] not in out[r[0]]:
                    out[r[0]].append(r[1])
        return out

    def facet_counts(self, nums: Sequence[int]) -> dict[str, dict[str, int]]:
        """Counts per theme, source, language, organisation and programme over these articles
        (the FACET_TOP most frequent values of each)."""
        facets: dict[str, dict[str, int]] = {
            k: {} for k in ("themes", "sources", "langs", "organisations", "programmes")
        }
        if not nums:
            return facets
        nums = list(dict.fromkeys(nums))[:30_000]  # SQLite's bound-parameter limit
        # a subquery, not a temporary table: facets are read-only, never wait for a writer
        where, values = self.db.in_list("num", nums)
        pool = f"(SELECT id, num, source_id, lang FROM articles WHERE {where}) a"
        queries = {
            "themes": (
                f"SELECT theme, COUNT(DISTINCT article_id) FROM ("
                f"SELECT t.article_id, t.theme FROM theme_scores t JOIN {pool} "
                "ON a.id = t.article_id WHERE t.assigned = 1 AND NOT EXISTS (SELECT 1 FROM "
                "theme_labels l WHERE l.article_id = t.article_id AND l.theme = t.theme AND "
                f"l.label = 0) UNION SELECT l.article_id, l.theme FROM theme_labels l JOIN "
                f"{pool} ON a.id = l.article_id WHERE l.label = 1) u GROUP BY theme"
            ),
            "sources": (
                "SELECT source_id, COUNT(DISTINCT id) FROM (SELECT a.id, a.source_id FROM "
                f"{pool} WHERE a.source_id != '' UNION SELECT s.article_id, s.source_id "
                f"FROM article_sources s JOIN {pool} ON a.id = s.article_id) u GROUP BY 1"
            ),
            "langs": f"SELECT a.lang, COUNT(*) FROM {pool} WHERE a.lang != '' GROUP BY 1",
        }
        for key, sql in queries.items():
            rows = self.db.query(sql, values * sql.count(pool))
            facets[key] = _top((str(r[0]), int(r[1])) for r in rows)
        # organisations and programmes in one pass over the articles' mentions
        by_kind: dict[str, list[tuple[str, int]]] = {"organisation": [], "programme": []}
        for r in self.db.query(_mention_facet(pool), values):
            by_kind[r[0]].append((str(r[1]), int(r[2])))
        facets["organisations"] = _top(by_kind["organisation"])
        facets["programmes"] = _top(by_kind["programme"])
        return facets


def _mention_facet(pool: str) -> str:
    # CROSS JOIN keeps SQLite from scanning every mention of the kind: the matching articles
    # first, then their mentions by index (27 s → 4 ms per page at 100k articles)
    return (
        f"SELECT m.kind, m.canonical, COUNT(DISTINCT m.article_id) FROM {pool} CROSS JOIN "
        "mentions m WHERE a.id = m.article_id AND m.kind IN ('organisation', 'programme') "
        "AND m.status != 'rejected' AND m.canonical != '' GROUP BY m.kind, m.canonical"
    )


def _top(pairs: Iterable[tuple[str, int]]) -> dict[str, int]:
    """The FACET_TOP most frequent values, most frequent first (ties by name)."""
    return dict(sorted(pairs, key=lambda kv: (-kv[1], kv[0]))[:FACET_TOP])


def _form(form: str | Sequence[str]) -> tuple[str, ...]:
    """A form as a tuple of stems (a bare string is one stem)."""
    return (form,) if isinstance(form, str) else tuple(form)


def fts5_match(forms: Sequence[Sequence[str]]) -> str:
    """An FTS5 MATCH expression: any of the forms, each a quoted phrase of stems (a single
    stem of PREFIX_MIN letters or more also as a prefix)."""
    return " OR ".join(_quoted(form) for form in forms if form)


def _quoted(form: Sequence[str]) -> str:
    phrase = '"' + " ".join(s.replace('"', '""') for s in form) + '"'
    return f"{phrase}*" if len(form) == 1 and len(form[0]) >= PREFIX_MIN else phrase


def _marks(values: Sequence[object]) -> str:
    return ",".join("?" * len(values))
