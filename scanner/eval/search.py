"""Search quality on the gold queries: nDCG@10 and recall@10 for dense, lexical and hybrid.

    report = evaluate_search(cfg, Path("corpora"))
    print(report.format_report())

The sample corpus (`sample/items_*.jsonl`) is ingested into a scratch store and index in a
temporary folder (the user's store is never touched), embedded with the configured model, and
every query of `gold/queries_*.jsonl` (graded relevance 1–3) is run in each mode. nDCG uses the
gain 2^rel − 1; recall@10 counts every item graded 1 or more.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from scanner.config import Config
from scanner.eval.corpus import GoldQuery, load_queries, load_sample
from scanner.eval.metrics import K, ndcg_at, recall_at
from scanner.search.hybrid import search
from scanner.search.retrieval import update_lexical
from scanner.store import Store
from scanner.store.scratch import scratch_url
from scanner.themes.training import gold_vector_cache
from scanner.vectors.embed import embed_articles, load_embedder
from scanner.vectors.index import index_articles

Progress = Callable[[str, int, int], None]


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
    """Per-query results for every mode; averages overall, per query language and per subset
    (`en`: English queries; `fr`: French queries using the answers' words; `paraphrase`:
    French queries that avoid them)."""

    model: str
    articles: int
    results: list[QueryResult] = field(default_factory=list)

    def _rows(self, mode: str | None, group: str | None) -> list[QueryResult]:
        return [
            r
            for r in self.results
            if mode in (None, r.mode) and group in (None, f"lang:{r.query.lang}",
                                                   f"subset:{r.query.subset}")
        ]  # fmt: skip

    def mean(self, mode: str, metric: str, group: str | None = None) -> float:
        """Mean of a metric in one mode over all queries or a group (`lang:fr`, `subset:en`)."""
        rows = self._rows(mode, group)
        return sum(getattr(r, metric) for r in rows) / len(rows) if rows else float("nan")

    def count(self, group: str | None = None) -> int:
        return len({r.query.query for r in self._rows(None, group)})

    @property
    def langs(self) -> list[str]:
        return sorted({r.query.lang for r in self.results})

    @property
    def subsets(self) -> list[str]:
        order = {"en": 0, "fr": 1, "paraphrase": 2}
        return sorted({r.query.subset for r in self.results}, key=lambda s: (order.get(s, 9), s))

    def figures(self) -> dict[str, float]:
        """Named figures for the eval gate and `--json`: `hybrid.ndcg` (all queries),
        `fr.hybrid.ndcg` (by language), `subset.paraphrase.hybrid.ndcg` (by subset)."""
        out: dict[str, float] = {}
        for mode in ("dense", "lexical", "hybrid"):
            for metric in ("ndcg", "recall"):
                out[f"{mode}.{metric}"] = self.mean(mode, metric)
                for lang in self.langs:
                    out[f"{lang}.{mode}.{metric}"] = self.mean(mode, metric, f"lang:{lang}")
                for subset in self.subsets:
                    out[f"subset.{subset}.{mode}.{metric}"] = self.mean(
                        mode, metric, f"subset:{subset}"
                    )
        return out

    def format_report(self) -> str:
        """The figures as a table: one row per mode, columns overall and per subset."""
        groups: list[tuple[str, str | None]] = [("all", None)] + [
            (s, f"subset:{s}") for s in self.subsets
        ]
        head = f"{'mode':<8}" + "".join(
            f"  {name + f' ({self.count(group)})':>22}" for name, group in groups
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
                f"  {self.mean(mode, 'ndcg', g):>10.3f} {self.mean(mode, 'recall', g):>11.3f}"
                for _, g in groups
            )
            lines.append(f"{mode:<8}{cells}")
        best = max(("dense", "lexical"), key=lambda m: self.mean(m, "ndcg"))
        gain = self.mean("hybrid", "ndcg") - self.mean(best, "ndcg")
        lines.append(f"hybrid vs best single mode ({best}): {gain:+.3f} nDCG@10")
        lines.append(
            "subsets: en = English queries (answers mostly French), fr = French queries with "
            "the answers' words, paraphrase = French queries without them"
        )
        return "\n".join(lines)


def scratch_search_store(
    cfg: Config, corpora: Path, folder: Path, url: str | None = None
) -> tuple[Config, Store]:
    """A store (at `url`, default a SQLite file in `folder`) and an index in `folder` holding
    the sample corpus, embedded and indexed."""
    scratch = replace(
        cfg,
        store=replace(cfg.store, url=url or f"sqlite:///{folder.resolve() / 'eval.db'}"),
        index=replace(cfg.index, path=str(folder / "index")),
    )
    store = Store.from_config(scratch.store)
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
    """nDCG@10 and recall@10 of every mode on the gold queries, over a scratch sample store on
    the configured backend (a temporary SQLite file, or a temporary PostgreSQL schema)."""
    queries = load_queries(corpora)
    with (
        tempfile.TemporaryDirectory(prefix="scanner-eval-search-") as tmp,
        scratch_url(cfg.store, Path(tmp), "eval") as url,
    ):
        scratch, store = scratch_search_store(cfg, corpora, Path(tmp), url)
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
