"""Build a week's bulletin: read the store (the edge), compose (pure), save.

    bulletin = build_bulletin(cfg, store, "2026-W46")
    build_bulletin(cfg, store, "2026-W46")   # again, nothing new: same content, same generated_at

The input key is a digest of everything read for the week plus the configuration that shapes
the bulletin; when it matches the stored bulletin's, `generated_at` is kept, so a re-run is a
no-op as far as readers are concerned.
"""

from __future__ import annotations

import hashlib
from dataclasses import fields, replace
from datetime import date, timedelta
from typing import Any

import numpy as np

from scanner.bulletin.compose import EXAMPLES, best_themes, compose, names
from scanner.bulletin.model import FORMAT_VERSION, Bulletin, Inputs, PreviousStory, bulletin_json
from scanner.bulletin.rank import novelty
from scanner.clusters.emerging import emerging
from scanner.config import Config
from scanner.errors import NotFound
from scanner.records import Article, Cluster
from scanner.store import Store, now_iso
from scanner.store.bulletins import StoredItem
from scanner.vectors.embed import article_vector
from scanner.weeks import iso_week, week_bounds


def week_dates(week: str) -> tuple[date, date]:
    """Monday of an ISO week ("2026-W46") and the Monday after (exclusive end)."""
    return week_bounds(week)


def last_complete_week(today: date) -> str:
    """The ISO week before the one `today` is in (a week is complete once it is over)."""
    return iso_week(today - timedelta(days=today.weekday() + 7))


def latest_week_with_items(store: Store) -> str | None:
    """The week of the newest on-theme article (else of the newest article); None if empty."""
    day = store.bulletins.latest_published(on_theme=True)
    day = day or store.bulletins.latest_published(on_theme=False)
    return iso_week(day) if day else None


def require_articles(store: Store, week: str) -> None:
    """NotFound, saying which week does have articles, when none was published in `week`."""
    start, end = week_dates(week)
    if store.bulletins.published_count(start, end):
        return
    last = end - timedelta(days=1)
    latest = latest_week_with_items(store)
    hint = (
        f"the newest articles are from {latest}: try --week {latest}"
        if latest
        else "the store holds no dated article yet: crawl or ingest first"
    )
    raise NotFound(
        f"no article published in week {week} ({start.isoformat()} to {last.isoformat()}); {hint}"
    )


def build_bulletin(cfg: Config, store: Store, week: str) -> Bulletin:
    """Compose the week's bulletin from the store and save it there (body, items, reasons)."""
    inputs = gather(cfg, store, week)
    key = input_key(cfg, inputs)
    try:
        held = store.bulletins.record(week)
    except NotFound:
        held = None
    generated_at = held.generated_at if held and held.input_key == key else now_iso()
    bulletin = compose(cfg, inputs, generated_at=generated_at, input_key=key)
    store.bulletins.save(week, generated_at, key, bulletin_json(bulletin), stored_items(bulletin))
    return bulletin


def stored_items(b: Bulletin) -> list[StoredItem]:
    return [
        StoredItem(i.id, s.theme, rank, i.score, dict(i.reasons))
        for s in b.sections
        for rank, i in enumerate(s.items, start=1)
    ]


def gather(cfg: Config, store: Store, week: str) -> Inputs:
    """Everything the week's bulletin is made from, read in bulk."""
    start, end = week_dates(week)
    articles = {a.id: a for a in store.articles.in_period(start, end)}
    themes, scored = store.bulletins.week_theme_scores(start, end)
    week_mentions = store.bulletins.week_mentions(start, end)
    mentions = {aid: week_mentions.get(aid, []) for aid in articles}
    inputs = Inputs(
        week=week,
        start=start,
        end=end,
        articles=articles,
        themes=themes,
        scored=frozenset(scored),
        mentions=mentions,
        story_sources={},
        old_stories=frozenset(),
        source_weights={**store.articles.source_weights(), **{s.id: s.weight for s in cfg.sources}},
        source_names={
            **store.articles.source_names(),
            **{s.id: s.name or s.id for s in cfg.sources},
        },
        novelty={},
        history={},
        known_organisations=frozenset(),
        previous_stories={},
        previous_from_bulletin=False,
        clusters=None,
        stages=store.stages.for_articles(list(articles)),
    )
    on_theme = best_themes(inputs, cfg.theme_keys)
    stories = sorted({a.story_id or a.id for a in (articles[i] for i in on_theme)})
    orgs = sorted({n for i in on_theme for n in names(mentions[i], "organisation")})
    previous, from_bulletin = previous_stories(store, week, start)
    clusters, cluster_articles = emerging_clusters(store, week, articles)
    old = frozenset(store.bulletins.stories_before(stories, start))
    # a story already told before the week has novelty 0 whatever its words (compose)
    fresh = [i for i in on_theme if (articles[i].story_id or i) not in old]
    return replace(
        inputs,
        story_sources=store.bulletins.story_sources(stories, end),
        old_stories=old,
        novelty=week_novelty(cfg, store, articles, fresh, start),
        history=theme_history(store, start, cfg.bulletin.history_weeks),
        known_organisations=frozenset(store.bulletins.organisations_before(orgs, start)),
        unconfirmed_organisations=unconfirmed_organisations(store, orgs, end),
        previous_stories=previous,
        previous_from_bulletin=from_bulletin,
        clusters=clusters,
        cluster_articles=cluster_articles,
        first_week=first_week(store),
    )


def unconfirmed_organisations(store: Store, names: list[str], end: date) -> frozenset[str]:
    """Those of the week's organisations found outside the gazetteers, not confirmed by a
    curator, and named by fewer than two sources up to the week's end."""
    vouched = store.actors.listed("organisation", names)
    rest = [n for n in names if n not in vouched]
    sources = store.actors.sources_until("organisation", rest, end)
    return frozenset(n for n in rest if sources.get(n, 0) < 2)


def first_week(store: Store) -> str | None:
    day = store.bulletins.earliest_published()
    return iso_week(day) if day else None


def week_novelty(
    cfg: Config, store: Store, articles: dict[str, Article], ids: list[str], start: date
) -> dict[str, float]:
    """Novelty of the week's on-theme articles against the `[rank].novelty_weeks` weeks before,
    by their cached article vectors where the semantic stage stored them, else by their words.

    A story is measured once, by its first article of the week, and every article of it gets
    that figure: rewrites of one story are equally new, whichever of them represents it.
    """
    first: dict[str, Article] = {}
    for a in sorted((articles[i] for i in ids), key=lambda a: (a.published or date.max, a.id)):
        first.setdefault(a.story_id or a.id, a)
    current = list(first.values())
    earlier = store.articles.in_period(start - timedelta(weeks=cfg.rank.novelty_weeks), start)
    vectors = article_vectors(store, [*current, *earlier], cfg.embed.model)
    by_story = novelty(
        {a.id: a.full_text for a in current},
        {a.id: a.full_text for a in earlier},
        {a.id: vectors[a.content_hash] for a in current if a.content_hash in vectors},
        {a.id: vectors[a.content_hash] for a in earlier if a.content_hash in vectors},
    )
    return {i: by_story[first[articles[i].story_id or i].id] for i in ids}


def article_vectors(store: Store, articles: list[Article], model: str) -> dict[str, np.ndarray]:
    """Article vector per content hash, from the passages cached in `store.vectors`."""
    passages = store.vectors.get_many([a.content_hash for a in articles if a.content_hash], model)
    return {h: article_vector(p) for h, p in passages.items() if len(p)}


def theme_history(store: Store, start: date, weeks: int) -> dict[str, dict[str, int]]:
    """On-theme articles per theme for the `weeks` weeks ending with this one, oldest first."""
    first = start - timedelta(weeks=max(1, weeks) - 1)
    out: dict[str, dict[str, int]] = {
        iso_week(first + timedelta(weeks=n)): {} for n in range(max(1, weeks))
    }
    by_day = store.bulletins.theme_counts_by_day(first, start + timedelta(days=7))
    for (day, theme), n in sorted(by_day.items()):
        counts = out[iso_week(day)]
        counts[theme] = counts.get(theme, 0) + n
    return out


def previous_stories(store: Store, week: str, start: date) -> tuple[dict[str, PreviousStory], bool]:
    """Last week's stories: from last week's bulletin when stored, else its on-theme articles."""
    last = iso_week(start - timedelta(days=7))
    try:
        body = store.bulletins.get(last)
    except NotFound:
        body = None
    if body is not None:
        out = {}
        for section in body.get("sections", []):
            for it in section.get("items", []):
                sid = it.get("story_id") or it["id"]
                out[sid] = PreviousStory(sid, it["title"], it["url"], len(it.get("sources", [])))
        return out, True
    rows = store.bulletins.on_theme_stories(start - timedelta(days=7), start)
    firsts: dict[str, tuple[str, str]] = {}
    for sid, _aid, title, url in rows:
        firsts.setdefault(sid, (title or url, url))
    counts = store.bulletins.story_sources(list(firsts), start)
    return {
        sid: PreviousStory(sid, t, u, max(1, len(counts.get(sid, ()))))
        for sid, (t, u) in firsts.items()
    }, False


def emerging_clusters(
    store: Store, week: str, articles: dict[str, Article]
) -> tuple[list[Cluster] | None, dict[str, Article]]:
    """Clusters that appeared or grew this week, and the example articles published before it;
    None when the store holds no cluster at all (clustering never ran: `scanner process` runs
    it). A week clustered with no result leaves no row, so "none this week" is all one can say
    once some week has clusters."""
    if not store.clusters.weeks():
        return None, {}
    clusters = emerging(store, week)
    examples = {i for c in clusters for i in c.article_ids[:EXAMPLES]}
    missing = sorted(i for i in examples if i not in articles)
    return clusters, store.articles.many(missing) if missing else {}


def input_key(cfg: Config, inputs: Inputs) -> str:
    """A digest of the inputs and of the configuration sections that shape a bulletin.

    The inputs are read in a fixed order (SQL ORDER BY), so the repr of their plain frozen
    records is a deterministic text; articles stand by their content hash, sets are sorted
    (their iteration order changes with the process's hash seed).
    """
    h = hashlib.sha256()
    h.update(f"{FORMAT_VERSION}:{cfg.digest('rank', 'bulletin', 'taxonomy', 'sources')}".encode())
    for f in fields(inputs):
        value = getattr(inputs, f.name)
        if f.name in ("articles", "cluster_articles"):
            value = [_article_key(a) for a in value.values()]
        elif isinstance(value, set | frozenset):
            value = sorted(value)
        h.update(f"\x00{f.name}\x00{value!r}".encode())
    return h.hexdigest()[:24]


def _article_key(a: Article) -> tuple[Any, ...]:
    digest = a.content_hash or hashlib.sha256(a.text.encode()).hexdigest()
    return (a.id, a.url, a.title, digest, a.story_id, a.published, a.source_id)
