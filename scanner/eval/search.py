"""Search quality on the gold queries: nDCG@10 and recall@10 for dense, lexical and hybrid.

    report = evaluate_search(cfg, Path("corpora"))
    print(report.format_report())

The sample corpus (`sample/items_*.jsonl`) is ingested into a scratch store and index in a
temporary folder (the user's store is never touched), embedded with the configured model, and
every query of `gold/queries_*.jsonl` (graded relevance 1–3) is run in each mode. nDCG uses the
gain 2^rel − 1; recall@10 counts every item graded 1 or more.
"""

from __future__ import annotations

import json
import math
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from scanner.config import Config
from scanner.errors import InputError
from scanner.extract.dedup import content_hash
from scanner.records import Article
from scanner.search.hybrid import search, update_lexical
from scanner.store import Store
from scanner.themes.scoring import gold_vector_cache
from scanner.vectors.embed import embed_articles, load_embedder
from scanner.vectors.index import index_articles

K = 10
Progress = Callable[[str, int, int], None]


@dataclass(frozen=True, slots=True)
class GoldQuery:
    """A query with graded relevance (item id → 1..3)."""

    query: str
    lang: str
    relevant: dict[str, int]


@dataclass(frozen=True, slots=True)
class QueryResult:
    """One query's figures in one mode, with the ids it returned."""

    query: GoldQuery
    mode: str
    ndcg: float
    recall: float
    returned: tuple[str, ...]


@dataclass
class SearchReport:
    """Per-query results for every mode; averages overall and per query language."""

    model: str
    articles: int
    results: list[QueryResult] = field(default_factory=list)

    def mean(self, mode: str, metric: str, lang: str | None = None) -> float:
        rows = [r for r in self.results if r.mode == mode and lang in (None, r.query.lang)]
        return sum(getattr(r, metric) for r in rows) / len(rows) if rows else float("nan")

    def count(self, lang: str | None = None) -> int:
        return len({r.query.query for r in self.results if lang in (None, r.query.lang)})

    @property
    def langs(self) -> list[str]:
        return sorted({r.query.lang for r in self.results})

    def format_report(self) -> str:
        """The figures as a table: one row per mode, columns overall and per language."""
        groups: list[tuple[str, str | None]] = [("all", None)] + [(lg, lg) for lg in self.langs]
        head = f"{'mode':<8}" + "".join(
            f"  {name + f' ({self.count(lang)})':>22}" for name, lang in groups
        )
        sub = f"{'':<8}" + "".join(f"  {'nDCG@10':>10} {'R@10':>11}" for _ in groups)
        lines = [
            f"Search, {self.count()} gold queries over {self.articles} sample articles "
            f"(demonstration corpus), model {self.model}",
            head,
            sub,
        ]
        for mode in ("dense", "lexical", "hybrid"):
            cells = "".join(
                f"  {self.mean(mode, 'ndcg', lang):>10.3f} {self.mean(mode, 'recall', lang):>11.3f}"
                for _, lang in groups
            )
            lines.append(f"{mode:<8}{cells}")
        best = max(("dense", "lexical"), key=lambda m: self.mean(m, "ndcg"))
        gain = self.mean("hybrid", "ndcg") - self.mean(best, "ndcg")
        lines.append(f"hybrid vs best single mode ({best}): {gain:+.3f} nDCG@10")
        return "\n".join(lines)


def ndcg_at(returned: Sequence[str], relevant: dict[str, int], k: int = K) -> float:
    """Normalised discounted cumulative gain of a ranking, gains 2^rel − 1."""
    dcg = sum(
        (2 ** relevant.get(doc, 0) - 1) / math.log2(i + 2) for i, doc in enumerate(returned[:k])
    )
    ideal = sorted(relevant.values(), reverse=True)[:k]
    idcg = sum((2**rel - 1) / math.log2(i + 2) for i, rel in enumerate(ideal))
    return dcg / idcg if idcg else 0.0


def recall_at(returned: Sequence[str], relevant: dict[str, int], k: int = K) -> float:
    """Share of the relevant items (grade ≥ 1) in the first k."""
    wanted = {doc for doc, rel in relevant.items() if rel > 0}
    return len(wanted & set(returned[:k])) / len(wanted) if wanted else 0.0


def load_queries(corpora: Path) -> list[GoldQuery]:
    """Every gold query of `corpora/gold/queries_*.jsonl`."""
    queries = []
    for path in sorted((corpora / "gold").glob("queries_*.jsonl")):
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
                queries.append(GoldQuery(obj["query"], obj.get("lang", ""), obj["relevant"]))
            except (ValueError, KeyError, TypeError) as exc:
                raise InputError(f"{path}:{n}: bad gold query ({exc})") from exc
    if not queries:
        raise InputError(f"no gold queries in {corpora / 'gold'} (queries_*.jsonl)")
    return queries


def load_sample(corpora: Path) -> list[Article]:
    """The sample items as articles (their ids kept; the outlet as source)."""
    articles = []
    for path in sorted((corpora / "sample").glob("items_*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            obj = json.loads(line)
            url = f"urn:scanner:sample:{obj['id']}"
            articles.append(
                Article(
                    id=obj["id"],
                    url=url,
                    canonical_url=url,
                    title=obj.get("title", ""),
                    text=obj["text"],
                    source_id=obj.get("outlet", ""),
                    published=date.fromisoformat(obj["published"])
                    if obj.get("published")
                    else None,
                    lang=obj.get("lang", ""),
                    content_hash=content_hash(obj.get("title", ""), obj["text"]),
                )
            )
    if not articles:
        raise InputError(f"no sample items in {corpora / 'sample'} (items_*.jsonl)")
    return articles


def scratch_search_store(cfg: Config, corpora: Path, folder: Path) -> tuple[Config, Store]:
    """A store and index in `folder` holding the sample corpus, embedded and indexed."""
    scratch = replace(
        cfg,
        store=replace(cfg.store, path=str(folder / "eval.db")),
        index=replace(cfg.index, path=str(folder / "index")),
    )
    store = Store.open(scratch.store.path)
    articles = load_sample(corpora)
    embedder = load_embedder(scratch.embed)
    # the sample is the gold set the theme model trains on: its vectors are cached already
    cached = gold_vector_cache(cfg).passages(embedder, articles, scratch.embed)
    for article in articles:
        store.articles.add(article)
        store.vectors.put(article.content_hash, embedder.model_name, cached[article.id])
    index_articles(scratch, store, embed_articles(embedder, store, articles, scratch.embed))
    update_lexical(store)
    return scratch, store


def evaluate_search(cfg: Config, corpora: Path, progress: Progress | None = None) -> SearchReport:
    """nDCG@10 and recall@10 of every mode on the gold queries, over a scratch sample store."""
    queries = load_queries(corpora)
    with tempfile.TemporaryDirectory(prefix="scanner-eval-search-") as tmp:
        scratch, store = scratch_search_store(cfg, corpora, Path(tmp))
        try:
            return evaluate_on(scratch, store, queries, progress)
        finally:
            store.close()


def evaluate_on(
    cfg: Config, store: Store, queries: Sequence[GoldQuery], progress: Progress | None = None
) -> SearchReport:
    """Run every query in every mode over a store that holds the judged articles."""
    report = SearchReport(model=cfg.embed.model, articles=store.articles.count())
    for i, q in enumerate(queries, start=1):
        for mode in ("dense", "lexical", "hybrid"):
            ids = tuple(h.article_id for h in search(cfg, store, q.query, K, mode=mode))
            report.results.append(
                QueryResult(q, mode, ndcg_at(ids, q.relevant), recall_at(ids, q.relevant), ids)
            )
        if progress:
            progress("search eval", i, len(queries))
    return report
