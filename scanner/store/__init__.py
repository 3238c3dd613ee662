"""The store: SQLite or PostgreSQL underneath, one repository per concept over one database.

store = Store.from_config(cfg.store)          # [store].url: sqlite:///… or postgresql://…
store = Store.open("data/scanner.db")         # a URL or a bare SQLite path
store.articles.add(article)
store.mentions.for_article(article.id)
"""

from __future__ import annotations

from pathlib import Path

from scanner.config import StoreConfig
from scanner.store.actors import ActorRepo
from scanner.store.alerts import AlertRepo
from scanner.store.articles import ArticleRepo
from scanner.store.backends import open_database
from scanner.store.bulletins import BulletinRepo
from scanner.store.clusters import ClusterRepo
from scanner.store.crawl import CrawlRepo
from scanner.store.curation import CurationRepo
from scanner.store.db import Database, now_iso, store_digest
from scanner.store.maturity import StageRepo
from scanner.store.memo import Memo
from scanner.store.mentions import MentionRepo, ThemeRepo
from scanner.store.runs import RunRepo
from scanner.store.search import SearchRepo
from scanner.store.sessions import SessionRepo
from scanner.store.vectors import VectorRepo
from scanner.store.work import WorkRepo

__all__ = ["Store", "now_iso", "store_digest"]


class Store:
    """All persistent state of one watch."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self.articles = ArticleRepo(db)
        self.mentions = MentionRepo(db)
        self.themes = ThemeRepo(db)
        self.stages = StageRepo(db)
        self.runs = RunRepo(db)
        self.curation = CurationRepo(db)
        self.bulletins = BulletinRepo(db)
        self.vectors = VectorRepo(db)
        self.search = SearchRepo(db)
        self.crawl = CrawlRepo(db)
        self.clusters = ClusterRepo(db)
        self.work = WorkRepo(db)
        self.sessions = SessionRepo(db)
        self.actors = ActorRepo(db)
        self.alerts = AlertRepo(db)
        self.memo = Memo(db)  # search results, kept until the database changes

    @classmethod
    def open(cls, url: str | Path, connections: int = 8) -> Store:
        """Open (creating and migrating if needed) the store at `url`: `sqlite:///PATH`,
        `postgresql://…`, or a bare SQLite path. StoreError if it cannot be opened."""
        return cls(open_database(url, connections))

    @classmethod
    def from_config(cls, cfg: StoreConfig) -> Store:
        """The store a watch's `[store]` section names."""
        return cls.open(cfg.url, cfg.connections)

    @property
    def dialect(self) -> str:
        """ "sqlite" or "postgresql"."""
        return self.db.dialect

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
