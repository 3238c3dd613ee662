"""What the curation desk keeps on the app's state (`WebState`) and refreshes: the review
queue's first pages, the organisation names of its name fields, the models that re-process one
article, and the curated gazetteers rewritten after a curator changed a name.
"""

from __future__ import annotations

import logging
from datetime import date

from scanner.bulletin.build import latest_week_with_items, week_dates
from scanner.curation import learning
from scanner.pipeline import Processor, process_articles
from scanner.records import Mention, StageCounts
from scanner.store.curation import QueueItem
from scanner.web.rendering import WebState

log = logging.getLogger("scanner.web.curation")  # the desk's warnings keep their logger

PAGE = 50  # review queue items per page


def learn(st: WebState, mention: Mention | None = None) -> None:
    """Rewrite the curated gazetteers after a name changed (a mention of another kind leaves
    them alone). The correction itself is already stored: a gazetteer that cannot be written
    is logged, and `scanner curate export` writes it later."""
    if mention is not None and mention.kind not in learning.GAZETTEER_KINDS:
        return
    try:
        learning.sync_gazetteers(st.store, learning.curated_gazetteer_paths(st.cfg))
    except OSError as exc:
        log.warning("curated gazetteers not written: %s", exc)


def known_organisations(st: WebState, ttl: float = 300, limit: int = 500) -> list[str]:
    """The most mentioned organisation names, for the desk's name fields: counting them reads
    every organisation mention, so the list is kept a few minutes (a merge refreshes it)."""
    now = st.clock()
    if st.organisations is None or now - st.organisations[0] > ttl:
        names = [n for n, _ in st.store.mentions.canonicals("organisation") if n][:limit]
        st.organisations = (now, names)
    return st.organisations[1]


def reprocess_article(st: WebState, article_id: str) -> StageCounts:
    """Run the pipeline again on one article with the app's models, loaded on first use and
    taught the curators' names first; curated mentions survive (`replace_auto`)."""
    with st.processing:
        if st.processor is None:
            st.processor = Processor(st.cfg, st.store)
        for kind, names in learning.gazetteer_names(st.store).items():
            for canonical, aliases in names.items():
                for alias in {canonical, *aliases}:
                    st.processor.extractor.add_alias(kind, alias, canonical)
        return process_articles(st.cfg, st.store, [article_id], force=True, processor=st.processor)


QUEUE_TTL = 60.0  # seconds the ordered queue is reused when no correction was made
QUEUE_HELD = 4 * PAGE  # the first pages of the queue kept


def ordered_queue(st: WebState, off_topic: bool, offset: int, limit: int) -> list[QueueItem]:
    """A slice of the review queue, from the copy of its first pages made less than a minute
    ago when no correction was made since (`done` drops it), else from the store."""
    week = coming_week(st)
    key = (week, off_topic)
    now = st.clock()
    if offset + limit > QUEUE_HELD:
        return st.store.curation.queue(limit=limit, offset=offset, week=week, off_topic=off_topic)
    if st.queue is None or st.queue[1] != key or now - st.queue[0] > QUEUE_TTL:
        items = st.store.curation.queue(limit=QUEUE_HELD, week=week, off_topic=off_topic)
        st.queue = (now, key, items)
    return list(st.queue[2][offset : offset + limit])


def coming_week(st: WebState) -> tuple[date, date] | None:
    """The week the coming bulletin covers: that of the newest on-theme article."""
    week = latest_week_with_items(st.store)
    return week_dates(week) if week else None
