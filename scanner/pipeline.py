"""The watch pipeline: chains the stages idempotently over the store.

    crawl/ingest ─► process (mentions · embeddings · index · themes) ─► clusters ─► bulletin

Each article is processed in its own transaction and marked with a processing key (content hash
+ a digest of the settings that shape the output), so a re-run does nothing twice and an
interrupted run resumes where it stopped. One bad article is logged, counted and skipped.
"""

from __future__ import annotations

import json
import logging
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from pathlib import Path

from scanner.config import Config, resource_dir
from scanner.curation.corrections import apply_aliases
from scanner.errors import InputError, ScannerError
from scanner.extract.dedup import content_hash
from scanner.records import Article, FundingFact, Mention, StageCounts, ThemeScore
from scanner.store import Store
from scanner.text.lang import detect_language

log = logging.getLogger(__name__)

Progress = Callable[[str, int, int], None]
PIPELINE_VERSION = "2"  # 2: funding facts on amounts
BATCH = 32


def processing_key(cfg: Config) -> str:
    """What an article's processed output depends on besides its text."""
    return f"{PIPELINE_VERSION}-{cfg.digest('nlp', 'embed', 'themes', 'taxonomy')}"


class Processor:
    """Loads the heavy models once and processes articles in batches."""

    def __init__(self, cfg: Config, store: Store) -> None:
        from scanner.nlp.mentions import MentionExtractor
        from scanner.themes.stage import SemanticStage

        self.cfg = cfg
        self.store = store
        self.extractor = MentionExtractor(cfg.nlp, base_dir=resource_dir(cfg.nlp.programmes))
        self.semantic = SemanticStage(cfg, store)

    def mentions(self, articles: Sequence[Article]) -> list[list[Mention]]:
        found = self.extractor.extract(
            [a.full_text for a in articles], [a.published for a in articles]
        )
        # curators' merged aliases win over the gazetteer's canonical names
        return [apply_aliases(self.store, ms) for ms in found]

    def process(self, articles: Sequence[Article], counts: StageCounts, key: str) -> None:
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


def scratch_processor(cfg: Config) -> Processor:
    """A Processor over an in-memory store and a throw-away index: `analyze` stores nothing."""
    scratch_dir = Path(tempfile.mkdtemp(prefix="scanner-analyze-"))
    scratch_cfg = replace(cfg, index=replace(cfg.index, path=str(scratch_dir / "index")))
    return Processor(scratch_cfg, Store.open(":memory:"))


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
        own = processor is None
        processor = processor or Processor(cfg, store)
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
    from scanner.search.hybrid import update_lexical

    # stemmed copies for lexical search now, rather than at the first search
    update_lexical(store, progress=progress)
    store.runs.finish(run_id, counts)
    return counts


def remove_articles(cfg: Config, store: Store, ids: Iterable[str]) -> int:
    """Forget articles: out of the index first, then out of the store; returns how many."""
    from scanner.vectors.index import remove_articles as unindex

    found = list(store.articles.many(list(dict.fromkeys(ids))))
    if found:
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
    stale = force or counts.done > 0 or (store.articles.count() and not store.clusters.weeks())
    weeks = update_clusters(cfg, store, progress=progress) if stale else []
    return Refreshed(counts, weeks)


def update_clusters(cfg: Config, store: Store, progress: Progress | None = None) -> list[str]:
    """Cluster every ISO week that has articles, oldest first (stable ids need that order)."""
    from scanner.clusters.emerging import update_clusters as update_week

    weeks = weeks_with_articles(store)
    for i, week in enumerate(weeks, start=1):
        update_week(cfg, store, week)
        if progress:
            progress("clusters", i, len(weeks))
    return weeks


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


def iso_week(day: date) -> str:
    """The ISO week of a day, as "2026-W46"."""
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


# ---- JSONL items: the batch contract of `scanner analyze` and `scanner ingest --jsonl` ----


@dataclass(frozen=True, slots=True)
class Item:
    """One input line: `id`, `text`, optional `title`, `date`, `url`, `lang`."""

    id: str
    text: str
    title: str = ""
    date: date | None = None
    url: str = ""
    lang: str = ""


def read_items(path: Path) -> Iterator[Item | InputError]:
    """Items of a JSONL file; a bad line yields an InputError naming the line (not raised)."""
    try:
        handle = path.open(encoding="utf-8")
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc}") from exc
    with handle:
        for n, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                yield parse_item(json.loads(line))
            except (json.JSONDecodeError, InputError, UnicodeDecodeError) as exc:
                yield InputError(f"{path}:{n}: {exc}")


def parse_item(obj: object) -> Item:
    """Validate one decoded JSON object as an Item."""
    if not isinstance(obj, dict):
        raise InputError("expected a JSON object")
    for key in ("id", "text"):
        if not isinstance(obj.get(key), str) or not obj[key].strip():
            raise InputError(f"missing or empty string field {key!r}")
    published = None
    if obj.get("date"):
        try:
            published = date.fromisoformat(str(obj["date"])[:10])
        except ValueError as exc:
            raise InputError(f"bad date {obj['date']!r} (expected YYYY-MM-DD)") from exc
    return Item(
        id=obj["id"],
        text=obj["text"],
        title=str(obj.get("title") or ""),
        date=published,
        url=str(obj.get("url") or ""),
        lang=str(obj.get("lang") or ""),
    )


def item_to_article(item: Item, languages: Sequence[str] = ("fr", "en")) -> Article:
    """An Article for an input item; its id is kept, its URL made up when absent."""
    url = item.url or f"urn:scanner:item:{item.id}"
    lang = item.lang or detect_language(f"{item.title}\n{item.text}")
    return Article(
        id=item.id,
        url=url,
        canonical_url=url,
        title=item.title,
        text=item.text,
        published=item.date,
        lang=lang,
        lang_ok=lang in languages,
        content_hash=content_hash(item.title, item.text),
        source_id="jsonl",
    )


def analysis_line(
    article: Article, mentions: Sequence[Mention], themes: Sequence[ThemeScore]
) -> dict:
    """The output line of `scanner analyze` for one article."""
    assigned = sorted((t for t in themes if t.assigned), key=lambda t: -t.score)
    return {
        "id": article.id,
        "lang": article.lang,
        "themes": [{"theme": t.theme, "score": round(t.score, 4)} for t in assigned],
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
