"""The watch pipeline: chains the stages idempotently over the store.

    crawl/ingest ─► process (mentions · embeddings · index · themes) ─► clusters ─► bulletin

Each article is processed in its own transaction and marked with a processing key (content hash
+ a digest of the settings that shape the output), so a re-run does nothing twice and an
interrupted run resumes where it stopped. One bad article is logged, counted and skipped.
"""

from __future__ import annotations

import contextlib
import logging
import tempfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import timedelta
from pathlib import Path

from scanner.config import Config, resource_dir
from scanner.crawl.items import Item, item_to_article, parse_item, read_items  # noqa: F401 (the JSONL batch contract, reached as pipeline.read_items)
from scanner.curation.merges import apply_aliases
from scanner.errors import ScannerError
from scanner.records import Article, FundingFact, Maturity, Mention, StageCounts, ThemeScore
from scanner.store import Store
from scanner.weeks import iso_week

log = logging.getLogger(__name__)

Progress = Callable[[str, int, int], None]
CLUSTERS_STALE = "clusters_stale"  # the mark of a cluster update still to complete
PIPELINE_VERSION = "3"  # 2: maturity stage; 3: funding facts on amounts
BATCH = 32


def processing_key(cfg: Config) -> str:
    """What an article's processed output depends on besides its text."""
    return f"{PIPELINE_VERSION}-{cfg.digest('nlp', 'embed', 'themes', 'maturity', 'taxonomy')}"


class Processor:
    """Loads the heavy models once and processes articles in batches."""

    def __init__(self, cfg: Config, store: Store) -> None:
        from scanner.nlp.mentions import MentionExtractor
        from scanner.nlp.org_linking import NameBook
        from scanner.themes.stage import SemanticStage

        self.cfg = cfg
        self.store = store
        # unlisted names keep the canonical they were first given in this watch
        names = NameBook()
        names.remember(store.actors.unlisted_names())
        self.extractor = MentionExtractor(
            cfg.nlp, base_dir=resource_dir(cfg.nlp.programmes), names=names
        )
        self.semantic = SemanticStage(cfg, store)

    def mentions(self, articles: Sequence[Article]) -> list[list[Mention]]:
        found = self.extractor.extract(
            [a.full_text for a in articles], [a.published for a in articles]
        )
        # curators' merged aliases win over the gazetteer's canonical names
        return [
            apply_aliases(self.store, capped(a, ms, self.cfg.nlp.max_mentions))
            for a, ms in zip(articles, found, strict=True)
        ]

    def process(self, articles: Sequence[Article], counts: StageCounts, key: str) -> None:
        found: Sequence[list[Mention] | None]  # None: the article failed
        try:
            found = self.mentions(articles)
        except ScannerError as exc:
            log.warning("mention batch failed (%s); retrying one by one", exc)
            found = [self._one_mentions(a, counts) for a in articles]
        failed = set()
        for article, mentions in zip(articles, found, strict=True):
            if mentions is None:
                failed.add(article.id)
                continue
            self.store.mentions.replace_auto(article.id, mentions)
        self.semantic.process(list(articles))
        for article_id in self.semantic.failed:
            if article_id not in failed:
                failed.add(article_id)
                counts.fail("semantic")
        # an article that failed a stage stays unprocessed, so the next run retries it
        for article in articles:
            if article.id not in failed:
                self.store.articles.mark_processed(article, key)
                counts.done += 1

    def close(self) -> None:
        """Stop the mention workers (the models stay loaded for another run)."""
        self.extractor.close()

    def _one_mentions(self, article: Article, counts: StageCounts) -> list[Mention] | None:
        try:
            return self.mentions([article])[0]
        except ScannerError as exc:
            log.warning("article %s skipped: %s", article.id, exc)
            counts.fail(type(exc).__name__)
            return None


def capped(article: Article, mentions: list[Mention], limit: int) -> list[Mention]:
    """The first `limit` mentions in text order: a huge or hostile text (a 5 MB item made
    170,000) must not fill the store and the desk with them."""
    if len(mentions) <= limit:
        return mentions
    log.warning(
        "article %s: %d mentions, only the first %d kept ([nlp].max_mentions)",
        article.id,
        len(mentions),
        limit,
    )
    return sorted(mentions, key=lambda m: (m.start, m.end))[:limit]


def scratch_processor(cfg: Config) -> Processor:
    """A Processor over an in-memory store and a throw-away index: `analyze` stores nothing."""
    scratch_dir = Path(tempfile.mkdtemp(prefix="scanner-analyze-"))
    scratch_cfg = replace(cfg, index=replace(cfg.index, path=str(scratch_dir / "index")))
    return Processor(scratch_cfg, Store.open(":memory:"))


LOADING = "chargement des modèles…"  # the progress step while models load (a minute, cold)


def load_processor(cfg: Config, store: Store, progress: Progress | None = None) -> Processor:
    """A Processor with its models loaded, reported as a step of its own: cold, loading
    spaCy, the embedding model and the theme classifier takes long enough to look hung."""
    if progress:
        progress(LOADING, 0, 1)
    processor = Processor(cfg, store)
    # the embedder and the theme classifier; a failure here, the first batch meets again
    # and handles as it always has
    with contextlib.suppress(ScannerError):
        processor.semantic.scorer  # noqa: B018
    if progress:
        progress(LOADING, 1, 1)
    return processor


def process_articles(
    cfg: Config,
    store: Store,
    ids: Iterable[str] | None = None,
    force: bool = False,
    progress: Progress | None = None,
    processor: Processor | None = None,
) -> StageCounts:
    """Extract mentions, embed, index and score themes for articles that need it."""
    key = processing_key(cfg)
    if ids is not None:
        wanted = list(dict.fromkeys(ids))
        if force:
            found = store.articles.many(wanted)
            articles = [found[i] for i in wanted if i in found]
        else:
            articles = store.articles.needing_processing(key, wanted)
    elif force:
        articles = store.articles.all()
    else:
        articles = store.articles.needing_processing(key)
    counts = StageCounts(stage="process", seen=len(articles))
    run_id = store.runs.start("process")
    if articles:
        # before anything changes: a run killed from here on leaves the clusters to redo
        store.runs.mark(CLUSTERS_STALE)
        own = processor is None
        if own:
            processor = load_processor(cfg, store, progress)
        assert processor is not None
        try:
            for start in range(0, len(articles), BATCH):
                batch = articles[start : start + BATCH]
                processor.process(batch, counts, key)
                if progress:
                    progress("process", min(start + BATCH, len(articles)), len(articles))
        finally:
            if own:
                processor.close()
    counts.skipped = counts.seen - counts.done - counts.failed
    from scanner.search.retrieval import update_lexical

    # stemmed copies for lexical search now, rather than at the first search
    update_lexical(store, progress=progress)
    store.runs.finish(run_id, counts)
    return counts


def remove_articles(cfg: Config, store: Store, ids: Iterable[str]) -> int:
    """Forget articles: out of the index first, then out of the store; returns how many."""
    from scanner.vectors.index import remove_articles as unindex

    found = list(store.articles.many(list(dict.fromkeys(ids))))
    if found:
        store.runs.mark(CLUSTERS_STALE)
        unindex(cfg, store, found)
        for article_id in found:
            store.articles.remove(article_id)
    return len(found)


@dataclass(frozen=True, slots=True)
class Refreshed:
    """What `refresh` did: the processing counts and the weeks whose clusters were updated."""

    counts: StageCounts
    weeks: list[str]

    def summary(self) -> str:
        c = self.counts
        clusters = (
            f"clusters updated for {len(self.weeks)} week(s)"
            if self.weeks
            else ("clusters unchanged")
        )
        return f"processed {c.done} article(s), {c.failed} failed; {clusters}"


def refresh(
    cfg: Config, store: Store, force: bool = False, progress: Progress | None = None
) -> Refreshed:
    """What follows new articles (crawl, ingest, `scanner process`): process those that need
    it, then the weekly clusters, unless nothing changed since they were last computed."""
    counts = process_articles(cfg, store, force=force, progress=progress)
    stale = force or counts.done > 0 or clusters_stale(store)
    weeks = update_clusters(cfg, store, progress=progress) if stale else []
    return Refreshed(counts, weeks)


def clusters_stale(store: Store) -> bool:
    """Whether the stored clusters need an update although no article changed in this run:
    a run was killed between processing and the end of its cluster update, or none ran."""
    if store.runs.marked(CLUSTERS_STALE) is not None:
        return True
    return bool(store.articles.count()) and not store.clusters.weeks()


def update_clusters(cfg: Config, store: Store, progress: Progress | None = None) -> list[str]:
    """Cluster every ISO week that has articles, oldest first (stable ids need that order).

    Each week is saved in one transaction, and the weeks are chained (a week links to the
    one before), so the whole update is what must be complete: the CLUSTERS_STALE mark stays
    until the last week is saved, and the next run redoes the update when a kill left it."""
    from scanner.clusters.emerging import update_clusters as update_week

    token = store.runs.mark(CLUSTERS_STALE)
    weeks = weeks_with_articles(store)
    for i, week in enumerate(weeks, start=1):
        update_week(cfg, store, week)
        if progress:
            progress("clusters", i, len(weeks))
    store.runs.unmark(CLUSTERS_STALE, token)
    return weeks


def rebuild_clusters(cfg: Config, store: Store, progress: Progress | None = None) -> list[str]:
    """Forget every stored cluster and compute them all again, oldest week first (`scanner
    clusters rebuild`): the repair for clusters left wrong by any means."""
    store.runs.mark(CLUSTERS_STALE)
    store.clusters.clear()
    return update_clusters(cfg, store, progress=progress)


def weeks_with_articles(store: Store) -> list[str]:
    """ISO weeks ("2026-W46") from the oldest to the newest published article."""
    lo, hi = store.articles.published_range()
    if lo is None or hi is None:
        return []
    weeks: list[str] = []
    day = lo - timedelta(days=lo.weekday())
    while day <= hi:
        weeks.append(iso_week(day))
        day += timedelta(days=7)
    return weeks


# ---- JSONL items (scanner.crawl.items): the batch contract of `analyze` and `ingest --jsonl` ----


def analysis_line(
    article: Article,
    mentions: Sequence[Mention],
    themes: Sequence[ThemeScore],
    maturity: Maturity | None = None,
) -> dict:
    """The output line of `scanner analyze` for one article: its themes, its maturity stage
    (null when off-topic or not said) and phase, the evidence of both (the best theme's,
    assigned or not: it says why an item got no theme), its mentions."""
    assigned = sorted((t for t in themes if t.assigned), key=lambda t: -t.score)
    best = max(themes, key=lambda t: t.score, default=None)
    return {
        "id": article.id,
        "lang": article.lang,
        "themes": [{"theme": t.theme, "score": round(t.score, 4)} for t in assigned],
        "stage": maturity.stage if maturity else None,
        "phase": maturity.phase if maturity else None,
        "evidence": {
            "theme": list(best.evidence) if best else [],
            "stage": list(maturity.evidence) if maturity else [],
        },
        "mentions": [mention_line(m) for m in mentions],
    }


def mention_line(m: Mention) -> dict:
    """One mention of an `analyze` line; an amount also carries its funding fact."""
    line = {
        "kind": m.kind,
        "text": m.text,
        "start": m.start,
        "end": m.end,
        "canonical": m.canonical,
        "value_eur": m.value_eur,
        "currency": m.currency,
    }
    if m.kind == "amount":
        f = m.fact or FundingFact()
        line |= {
            "role": f.role,
            "new": f.new,
            "recipient": f.recipient,
            "payers": list(f.payers),
            "programme": f.programme,
            "high_eur": m.high_eur,
            "approx": m.approx,
            "decided_by": f.why(),
        }
    return line
