"""Build a week's bulletin: read the store (the edge), compose (pure), save.

    bulletin = build_bulletin(cfg, store, "2026-W46")
    build_bulletin(cfg, store, "2026-W46")   # again, nothing new: same content, same generated_at

The input key is a digest of everything read for the week plus the configuration that shapes
the bulletin; when it matches the stored bulletin's, `generated_at` is kept, so a re-run is a
no-op as far as readers are concerned.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import fields, is_dataclass, replace
from datetime import date, timedelta
from typing import Any

from scanner.bulletin.compose import best_themes, compose, names
from scanner.bulletin.model import FORMAT_VERSION, Bulletin, Inputs, PreviousStory, bulletin_json
from scanner.config import Config
from scanner.errors import InputError, NotFound
from scanner.rank import novelty
from scanner.records import Article, Cluster
from scanner.store import Store, now_iso
from scanner.store.bulletins import StoredItem

WEEK = re.compile(r"^(\d{4})-W(\d{2})$")
NOVELTY_WEEKS = 4  # novelty is measured against this many previous weeks


def week_dates(week: str) -> tuple[date, date]:
    """Monday of an ISO week ("2026-W46") and the Monday after (exclusive end)."""
    m = WEEK.match(week)
    if not m:
        raise InputError(f"{week!r} is not an ISO week like 2026-W46")
    try:
        start = date.fromisocalendar(int(m[1]), int(m[2]), 1)
    except ValueError as exc:
        raise InputError(f"{week!r} is not an ISO week: {exc}") from exc
    return start, start + timedelta(days=7)


def iso_week(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def last_complete_week(today: date) -> str:
    """The ISO week before the one `today` is in (a week is complete once it is over)."""
    return iso_week(today - timedelta(days=today.weekday() + 7))


def latest_week_with_items(store: Store) -> str | None:
    """The week of the newest on-theme article (else of the newest article); None if empty."""
    day = store.bulletins.latest_published(on_theme=True)
    day = day or store.bulletins.latest_published(on_theme=False)
    return iso_week(day) if day else None


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
    ids = list(articles)
    themes = store.themes.for_articles(ids)
    mentions = store.mentions.for_articles(ids)
    inputs = Inputs(
        week=week,
        start=start,
        end=end,
        articles=articles,
        themes=themes,
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
    )
    on_theme = best_themes(inputs, cfg.theme_keys)
    stories = sorted({a.story_id or a.id for a in (articles[i] for i in on_theme)})
    orgs = sorted({n for i in on_theme for n in names(mentions[i], "organisation")})
    previous, from_bulletin = previous_stories(store, week, start)
    clusters, cluster_articles = emerging_clusters(store, week, articles)
    return replace(
        inputs,
        story_sources=store.bulletins.story_sources(stories, end),
        old_stories=frozenset(store.bulletins.stories_before(stories, start)),
        novelty=week_novelty(store, articles, list(on_theme), start),
        history=theme_history(store, start, cfg.bulletin.history_weeks),
        known_organisations=frozenset(store.bulletins.organisations_before(orgs, start)),
        previous_stories=previous,
        previous_from_bulletin=from_bulletin,
        clusters=clusters,
        cluster_articles=cluster_articles,
    )


def week_novelty(
    store: Store, articles: dict[str, Article], ids: list[str], start: date
) -> dict[str, float]:
    earlier = store.articles.in_period(start - timedelta(weeks=NOVELTY_WEEKS), start)
    current = {i: articles[i].full_text for i in ids}
    return novelty(current, {a.id: a.full_text for a in earlier})


def theme_history(store: Store, start: date, weeks: int) -> dict[str, dict[str, int]]:
    """On-theme articles per theme for the `weeks` weeks ending with this one, oldest first."""
    out: dict[str, dict[str, int]] = {}
    for back in range(max(1, weeks) - 1, -1, -1):
        monday = start - timedelta(weeks=back)
        out[iso_week(monday)] = store.bulletins.theme_counts(monday, monday + timedelta(days=7))
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
    """Clusters that appeared or grew this week; None when clustering is not available."""
    try:
        from scanner.clusters import emerging
    except ImportError:
        return None, {}
    try:
        clusters = list(emerging(store, week))
    except AttributeError:  # the store has no cluster repository yet
        return None, {}
    missing = sorted({i for c in clusters for i in c.article_ids[:3] if i not in articles})
    return clusters, store.articles.many(missing) if missing else {}


def input_key(cfg: Config, inputs: Inputs) -> str:
    """A digest of the inputs and of the configuration sections that shape a bulletin."""
    h = hashlib.sha256()
    h.update(f"{FORMAT_VERSION}:{cfg.digest('rank', 'bulletin', 'taxonomy', 'sources')}".encode())
    h.update(json.dumps(inputs, default=_plain, sort_keys=True, ensure_ascii=False).encode())
    return h.hexdigest()[:24]


def _plain(o: Any) -> Any:
    if isinstance(o, Article):  # its content hash stands for the text (faster to digest)
        digest = o.content_hash or hashlib.sha256(o.text.encode()).hexdigest()
        return [o.id, o.url, o.title, digest, o.story_id, o.published, o.source_id]
    if is_dataclass(o) and not isinstance(o, type):
        return {f.name: getattr(o, f.name) for f in fields(o)}
    if isinstance(o, set | frozenset):
        return sorted(o)
    if isinstance(o, date):
        return o.isoformat()
    raise TypeError(f"cannot digest {type(o).__name__}")
