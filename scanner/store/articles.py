"""Articles, their sources and stories."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

from scanner.errors import NotFound
from scanner.records import Article, Source
from scanner.store.db import Connection, Database, Row, now_iso

_COLUMNS = (
    "id, url, canonical_url, source_id, title, text, published, lang, lang_ok, author, "
    "site_name, content_hash, story_id"
)


def row_to_article(row: Row) -> Article:
    """An Article from a row selected with the article columns."""
    return Article(
        id=row["id"],
        url=row["url"],
        canonical_url=row["canonical_url"],
        source_id=row["source_id"],
        title=row["title"],
        text=row["text"],
        published=date.fromisoformat(row["published"]) if row["published"] else None,
        lang=row["lang"],
        lang_ok=bool(row["lang_ok"]),
        author=row["author"],
        site_name=row["site_name"],
        content_hash=row["content_hash"],
        story_id=row["story_id"],
    )


class ArticleRepo:
    """Read and write articles. `add` is idempotent on id, canonical URL and content hash."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def add(self, article: Article) -> bool:
        """Store an article; False if one with the same id, URL or content already exists."""
        with self.db.transaction() as conn:
            if self.find_duplicate(article) is not None:
                if article.source_id:
                    self._link_source(conn, article)
                return False
            conn.execute(
                f"INSERT INTO articles ({_COLUMNS}, added_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (
                    article.id,
                    article.url,
                    article.canonical_url or article.url,
                    article.source_id,
                    article.title,
                    article.text,
                    article.published.isoformat() if article.published else None,
                    article.lang,
                    int(article.lang_ok),
                    article.author,
                    article.site_name,
                    article.content_hash,
                    article.story_id or article.id,
                    now_iso(),
                ),
            )
            if article.source_id:
                self._link_source(conn, article)
        return True

    def _link_source(self, conn: Connection, article: Article) -> None:
        existing = self.find_duplicate(article)
        target = existing or article.id
        conn.execute(
            "INSERT INTO article_sources (article_id, source_id, url) VALUES (?,?,?) "
            "ON CONFLICT DO NOTHING",
            (target, article.source_id, article.canonical_url or article.url),
        )

    def find_duplicate(self, article: Article) -> str | None:
        """The id of a stored article that is exactly this one (id, canonical URL, content)."""
        row = self.db.one(
            "SELECT id FROM articles WHERE id = ? OR canonical_url = ? OR content_hash = ? LIMIT 1",
            (article.id, article.canonical_url or article.url, article.content_hash),
        )
        return row["id"] if row else None

    def get(self, article_id: str) -> Article:
        row = self.db.one(f"SELECT {_COLUMNS} FROM articles WHERE id = ?", (article_id,))
        if row is None:
            raise NotFound(f"no article {article_id!r}")
        return row_to_article(row)

    def many(self, ids: Sequence[str]) -> dict[str, Article]:
        out: dict[str, Article] = {}
        for i in range(0, len(ids), 500):
            chunk = list(ids[i : i + 500])
            marks = ",".join("?" * len(chunk))
            for row in self.db.query(
                f"SELECT {_COLUMNS} FROM articles WHERE id IN ({marks})", chunk
            ):
                out[row["id"]] = row_to_article(row)
        return out

    def all(self) -> list[Article]:
        return [row_to_article(r) for r in self.db.query(f"SELECT {_COLUMNS} FROM articles")]

    def ids(self) -> list[str]:
        return [r["id"] for r in self.db.query("SELECT id FROM articles ORDER BY num")]

    def count(self) -> int:
        row = self.db.one("SELECT COUNT(*) FROM articles")
        assert row is not None  # an aggregate query always returns one row
        return row[0]

    def known_url(self, url: str) -> bool:
        return self.db.one("SELECT 1 FROM articles WHERE canonical_url = ?", (url,)) is not None

    def num_of(self, ids: Iterable[str]) -> dict[str, int]:
        """Integer keys of articles (what the FAISS index stores)."""
        ids = list(ids)
        out: dict[str, int] = {}
        for i in range(0, len(ids), 500):
            chunk = ids[i : i + 500]
            marks = ",".join("?" * len(chunk))
            for r in self.db.query(f"SELECT id, num FROM articles WHERE id IN ({marks})", chunk):
                out[r["id"]] = r["num"]
        return out

    def id_of_nums(self, nums: Iterable[int]) -> dict[int, str]:
        nums = list(nums)
        out: dict[int, str] = {}
        for i in range(0, len(nums), 500):
            chunk = nums[i : i + 500]
            marks = ",".join("?" * len(chunk))
            for r in self.db.query(f"SELECT id, num FROM articles WHERE num IN ({marks})", chunk):
                out[r["num"]] = r["id"]
        return out

    def needing_processing(self, key: str, ids: Sequence[str] | None = None) -> list[Article]:
        """Articles (all, or those of `ids`) whose processing key (content hash + pipeline
        version) is not `key`-fresh."""
        stale = "(processed_key IS NULL OR processed_key != content_hash || ':' || ?)"
        if ids is None:
            rows = self.db.query(
                f"SELECT {_COLUMNS} FROM articles WHERE {stale} ORDER BY num", (key,)
            )
            return [row_to_article(r) for r in rows]
        out: list[Article] = []
        ids = list(ids)
        for i in range(0, len(ids), 500):
            chunk = ids[i : i + 500]
            rows = self.db.query(
                f"SELECT {_COLUMNS} FROM articles WHERE {stale} "
                f"AND id IN ({','.join('?' * len(chunk))}) ORDER BY num",
                [key, *chunk],
            )
            out += [row_to_article(r) for r in rows]
        return out

    def mark_processed(self, article: Article, key: str) -> None:
        self.db.execute(
            "UPDATE articles SET processed_key = ? WHERE id = ?",
            (f"{article.content_hash}:{key}", article.id),
        )

    def in_period(self, start: date, end: date) -> list[Article]:
        """Articles published in [start, end)."""
        rows = self.db.query(
            f"SELECT {_COLUMNS} FROM articles WHERE published >= ? AND published < ? ORDER BY num",
            (start.isoformat(), end.isoformat()),
        )
        return [row_to_article(r) for r in rows]

    def published_range(self) -> tuple[date | None, date | None]:
        row = self.db.one("SELECT MIN(published), MAX(published) FROM articles")
        assert row is not None  # an aggregate query always returns one row
        lo, hi = row[0], row[1]
        return (date.fromisoformat(lo) if lo else None, date.fromisoformat(hi) if hi else None)

    def set_story(self, article_id: str, story_id: str) -> None:
        self.db.execute("UPDATE articles SET story_id = ? WHERE id = ?", (story_id, article_id))

    def story_members(self, story_id: str) -> list[str]:
        return [
            r["id"]
            for r in self.db.query(
                "SELECT id FROM articles WHERE story_id = ? ORDER BY published NULLS FIRST, num",
                (story_id,),
            )
        ]

    def sources_of(self, article_id: str) -> list[str]:
        return [
            r["source_id"]
            for r in self.db.query(
                "SELECT DISTINCT source_id FROM article_sources WHERE article_id = ?",
                (article_id,),
            )
        ]

    def remove(self, article_id: str) -> None:
        with self.db.transaction() as conn:
            for table in ("mentions", "theme_scores", "article_sources", "minhashes"):
                conn.execute(f"DELETE FROM {table} WHERE article_id = ?", (article_id,))
            conn.execute("DELETE FROM articles WHERE id = ?", (article_id,))

    # minhash signatures for near-duplicate detection
    def save_signature(self, article_id: str, signature: bytes) -> None:
        self.db.execute(
            "INSERT INTO minhashes (article_id, signature) VALUES (?, ?) "
            "ON CONFLICT (article_id) DO UPDATE SET signature = excluded.signature",
            (article_id, signature),
        )

    def signatures(self) -> list[tuple[str, bytes]]:
        return [(r[0], r[1]) for r in self.db.query("SELECT article_id, signature FROM minhashes")]

    # sources known to the store (from config or ad hoc)
    def upsert_source(self, source: Source) -> None:
        self.db.execute(
            "INSERT INTO sources (id, kind, url, name, weight, lang, added_at) "
            "VALUES (?,?,?,?,?,?,?) ON CONFLICT(id) DO UPDATE SET kind=excluded.kind, "
            "url=excluded.url, name=excluded.name, weight=excluded.weight, lang=excluded.lang",
            (
                source.id,
                source.kind,
                source.url,
                source.name,
                source.weight,
                source.lang,
                now_iso(),
            ),
        )

    def source_weights(self) -> dict[str, float]:
        return {r["id"]: r["weight"] for r in self.db.query("SELECT id, weight FROM sources")}

    def source_names(self) -> dict[str, str]:
        return {
            r["id"]: r["name"] or r["id"] for r in self.db.query("SELECT id, name FROM sources")
        }
