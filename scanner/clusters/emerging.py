"""Emerging topics: what no theme names yet, clustered week by week with stable ids.

    update_clusters(cfg, store, "2026-W46")   # idempotent; weeks must be run oldest first
    emerging(store, "2026-W46")               # clusters that appeared or grew that week

For a week, the candidates are the articles of the look-back window (`[themes].cluster_window`
weeks ending with it) that fit no theme well: off-topic, or whose assigned themes all score
below `[themes].cluster_fit`. One article per story stands for its near-duplicates. Their
vectors, centred on the window's mean article (which removes what all French health news
shares, so topics stand apart), are clustered with scikit-learn's HDBSCAN. A cluster is then
checked by its words (c-TF-IDF against the window's on-theme news): it needs core words, in
`cluster_word_share` more of its articles than of the on-theme ones; members using none leave,
candidates using two join, and a cluster that ends up small or off the health domain goes.
On a small sample, density alone returns grab-bags of leftovers and topics with strays.

Clusters are linked to the previous week's by centroid cosine (≥ `[themes].cluster_link`): a
one-to-one best match keeps the id (grown / stable / shrunk by size); a second cluster matching
the same predecessor is a split; a predecessor matching a cluster already claimed has merged
into it; a predecessor matched by none has faded (recorded, size 0). A cluster matched by none
is new, with an id minted from the week ("2026-W46-c1"). Re-running a week reuses the ids it
gave before (by member overlap), so nothing is renumbered. `growth` is the change in size
(articles in the window) since the previous week; a new cluster's growth is its size.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date, timedelta

import numpy as np
from sklearn.cluster import HDBSCAN

from scanner.clusters.topic_words import characteristic_words, word_keys
from scanner.config import Config
from scanner.records import Article, Cluster
from scanner.store import Store
from scanner.store.clusters import ClusterWeek
from scanner.text.health_words import HealthWords
from scanner.vectors.embed import article_vector
from scanner.weeks import iso_week, week_start

log = logging.getLogger(__name__)
EMERGING = ("new", "grown", "merged", "split")
REUSE_OVERLAP = 0.5  # member Jaccard at which a re-run cluster takes the id it had before
ATTACH_WORDS = 2  # core words a left-out candidate must use to join a topic
BACKGROUND_SAMPLE = 2000  # articles averaged for the window's mean vector


def _iso(day: date) -> str:
    return iso_week(day)


@dataclass(slots=True)
class Draft:
    """A cluster found this week, before it has an id."""

    members: list[str]  # article ids, this week's first
    centroid: np.ndarray
    words: tuple[str, ...]
    recent: int
    id: str = ""
    lineage: str = "new"
    parents: list[str] = field(default_factory=list)
    growth: float = 0.0


def loose_fits(cfg: Config, store: Store, articles: list[Article]) -> list[Article]:
    """Articles with theme scores of which no assigned theme reaches `cluster_fit`."""
    scores = store.themes.for_articles([a.id for a in articles])
    fit = cfg.themes.cluster_fit
    return [
        a
        for a in articles
        if scores.get(a.id) and not any(s.assigned and s.score >= fit for s in scores[a.id])
    ]


def find_topics(cfg: Config, vectors: np.ndarray, background_mean: np.ndarray) -> list[list[int]]:
    """Groups of row indices that HDBSCAN finds dense (noise left out), biggest first."""
    size = max(2, cfg.themes.cluster_min_size)
    if len(vectors) < size:
        return []
    centred = vectors - background_mean
    norms = np.linalg.norm(centred, axis=1, keepdims=True)
    centred = centred / np.where(norms > 0, norms, 1.0)
    groups: list[list[int]] = []
    # a lone dense topic among few candidates is the whole tree's root, which HDBSCAN only
    # returns when allowed to: try without first, so two topics are not returned as one
    for single in (False, True):
        labels = HDBSCAN(
            min_cluster_size=size, min_samples=1, allow_single_cluster=single, copy=True
        ).fit_predict(centred)
        groups = [[int(i) for i in np.flatnonzero(labels == k)] for k in sorted(set(labels) - {-1})]
        if groups:
            break
    return sorted(_attach(centred, groups), key=lambda g: (-len(g), g[0]))


def _attach(vectors: np.ndarray, groups: list[list[int]]) -> list[list[int]]:
    """Give a group the noise points closer to its centroid than its loosest member is:
    HDBSCAN leaves borderline points of a small sample as noise."""
    if not groups:
        return groups
    centroids = np.vstack([_centroid(vectors[g]) for g in groups])
    loosest = [float((vectors[g] @ centroids[k]).min()) for k, g in enumerate(groups)]
    grouped = {i for g in groups for i in g}
    out = [list(g) for g in groups]
    for i in range(len(vectors)):
        if i in grouped:
            continue
        sims = centroids @ vectors[i]
        k = int(np.argmax(sims))
        if sims[k] >= loosest[k]:
            out[k].append(i)
    return [sorted(g) for g in out]


def _centroid(vectors: np.ndarray) -> np.ndarray:
    mean = vectors.mean(axis=0)
    norm = float(np.linalg.norm(mean))
    return (mean / norm if norm > 0 else mean).astype(np.float32)


def draft_clusters(cfg: Config, store: Store, week: str) -> list[Draft]:
    """This week's topic clusters among the loosely fitting articles of the window."""
    start = week_start(week)
    end = start + timedelta(days=7)
    lookback = timedelta(weeks=max(1, cfg.themes.cluster_window) - 1)
    window = store.articles.in_period(start - lookback, end)
    candidates = loose_fits(cfg, store, window)
    # the window's mean article, from an even sample of it when it is large
    sample = window[:: max(1, len(window) // BACKGROUND_SAMPLE)]
    wanted = {a.content_hash for a in [*candidates, *sample]}
    cached = store.vectors.get_many(sorted(wanted), cfg.embed.model)
    if not cached:
        return []
    vec = {
        a.id: article_vector(cached[a.content_hash])
        for a in {*candidates, *sample}
        if a.content_hash in cached
    }
    background_mean = np.vstack(
        [vec[a.id] for a in sample if a.id in vec] or list(vec.values())
    ).mean(axis=0)
    # one representative per story (its earliest article); rewrites follow their story
    stories: dict[str, list[Article]] = {}
    for a in sorted(candidates, key=lambda a: (a.published or start, a.id)):
        if a.id in vec:
            stories.setdefault(a.story_id or a.id, []).append(a)
    reps = [members[0] for members in stories.values()]
    if not reps:
        return []
    matrix = np.vstack([vec[a.id] for a in reps])
    groups = find_topics(cfg, matrix, background_mean)
    loose = {a.id for a in candidates}
    usual = [a.full_text for a in window if a.id not in loose]
    groups = refine(cfg, [a.full_text for a in reps], usual, groups)
    member_lists = [[m for i in g for m in stories[reps[i].story_id or reps[i].id]] for g in groups]
    docs = [[reps[i].full_text for i in g] for g in groups]
    labelled = label_groups(cfg, docs, member_lists, window)
    drafts = []
    for ms, words in zip(member_lists, labelled, strict=True):
        recent = [a for a in ms if a.published and start <= a.published < end]
        older = [a for a in ms if a not in recent]
        order = sorted(recent, key=lambda a: (a.published, a.id), reverse=True) + sorted(
            older, key=lambda a: (a.published or start, a.id), reverse=True
        )
        drafts.append(
            Draft(
                members=[a.id for a in order],
                centroid=_centroid(np.vstack([vec[a.id] for a in ms])),
                words=words,
                recent=len(recent),
            )
        )
    return drafts


def refine(
    cfg: Config, texts: list[str], usual: list[str], groups: list[list[int]]
) -> list[list[int]]:
    """Groups as topics: a group needs core words (in `cluster_word_share` more of its texts
    than of the `usual` ones, the window's on-theme news); its members that use none leave it, and a candidate left
    out that uses two of them joins it. A group then smaller than `cluster_min_size` goes, and
    so does one whose members mostly use none of the `domain_words` (the watch is about
    health: trams and harvests are not its signals). Density clustering of a small sample
    otherwise returns grab-bags of unrelated leftovers, topics with a stray neighbour, or a
    topic's borderline article left on the wrong side."""
    if not groups:
        return []
    found = characteristic_words(
        [[texts[i] for i in g] for g in groups], usual, n=max(3, cfg.themes.cluster_words)
    )
    keys = [word_keys(t) for t in texts]
    cores = [words.core(cfg.themes.cluster_word_share) for words in found]
    members = [[i for i in g if keys[i] & core] for g, core in zip(groups, cores, strict=True)]
    placed = {i for m in members for i in m}
    for i in range(len(texts)):
        shared = [len(keys[i] & core) if core else 0 for core in cores]
        best = int(np.argmax(shared))
        if i not in placed and shared[best] >= ATTACH_WORDS:
            members[best].append(i)
    t = cfg.themes
    domain = HealthWords(t.domain_words, t.animal_words, t.animal_min_words)
    out = []
    for g, kept, core in zip(groups, members, cores, strict=True):
        on_domain = [i for i in kept if not domain.keywords or domain.find(texts[i]).count]
        if len(kept) >= max(2, cfg.themes.cluster_min_size) and 2 * len(on_domain) >= len(kept):
            out.append(sorted(kept))
        else:
            log.debug("cluster %s set aside: core words %s", g, sorted(core))
    return out


def label_groups(
    cfg: Config, docs: list[list[str]], members: list[list[Article]], window: list[Article]
) -> list[tuple[str, ...]]:
    """The characteristic words of the final groups (one text per story), against the rest
    of the window."""
    inside = {a.id for ms in members for a in ms}
    background = [a.full_text for a in window if a.id not in inside]
    found = characteristic_words(docs, background, n=max(1, cfg.themes.cluster_words))
    return [w.words for w in found]


def link(
    drafts: list[Draft],
    previous: list[ClusterWeek],
    earlier_run: list[ClusterWeek],
    threshold: float,
) -> list[ClusterWeek]:
    """Give drafts ids and lineage against the previous week's clusters (see module doc);
    returns the drafts' ClusterWeeks, then a faded row per predecessor left without heir.
    Ids still to mint are left empty."""
    prev = [p for p in previous if p.cluster.lineage != "faded"]
    sim = (
        np.vstack([d.centroid for d in drafts]) @ np.vstack([p.centroid for p in prev]).T
        if drafts and prev
        else np.zeros((len(drafts), len(prev)))
    )
    heir_of: dict[int, int] = {}  # previous index → draft index
    pairs = sorted(
        ((sim[i, j], i, j) for i in range(len(drafts)) for j in range(len(prev))),
        key=lambda t: (-t[0], t[1], t[2]),
    )
    taken: set[int] = set()
    for s, i, j in pairs:
        if s >= threshold and i not in taken and j not in heir_of:
            heir_of[j] = i
            taken.add(i)
    for j, i in heir_of.items():
        d, heir_to = drafts[i], prev[j].cluster
        d.id, d.growth = heir_to.id, float(len(d.members) - heir_to.size)
        d.lineage = "grown" if d.growth > 0 else "shrunk" if d.growth < 0 else "stable"
    for i, d in enumerate(drafts):
        if i in taken or not prev:
            continue
        j = int(np.argmax(sim[i]))
        if sim[i, j] >= threshold:  # a second heir of one predecessor: a split
            d.lineage, d.parents, d.growth = "split", [prev[j].cluster.id], 0.0
            if j in heir_of:
                heir = drafts[heir_of[j]]
                heir.lineage, heir.parents = "split", [prev[j].cluster.id]
    faded: list[ClusterWeek] = []
    for j, p in enumerate(prev):
        if j in heir_of:
            continue
        i = int(np.argmax(sim[:, j])) if drafts else -1
        if i >= 0 and sim[i, j] >= threshold and drafts[i].id:  # absorbed by another's heir
            d = drafts[i]
            d.lineage = "merged"
            d.parents = [*(d.parents or [d.id]), p.cluster.id]
            d.growth -= p.cluster.size
            continue
        faded.append(p)
    _reuse_ids(drafts, earlier_run)
    rows = [
        ClusterWeek(
            Cluster(
                id=d.id,
                week="",
                size=len(d.members),
                words=d.words,
                article_ids=tuple(d.members),
                growth=float(len(d.members)) if d.lineage == "new" else d.growth,
                lineage=d.lineage,
                parents=tuple(d.parents),
            ),
            d.centroid,
            d.recent,
        )
        for d in drafts
    ]
    for p in faded:
        c = p.cluster
        gone = Cluster(c.id, "", 0, c.words, (), -float(c.size), "faded", ())
        rows.append(ClusterWeek(gone, p.centroid, 0))
    return rows


def _reuse_ids(drafts: list[Draft], earlier_run: list[ClusterWeek]) -> None:
    """Drafts without an inherited id take the id an earlier run of this week gave the same
    members, so a re-run renumbers nothing."""
    used = {d.id for d in drafts if d.id}
    for d in drafts:
        if d.id:
            continue
        best, best_overlap = None, REUSE_OVERLAP
        for old in earlier_run:
            c = old.cluster
            if c.id in used or c.lineage == "faded" or not c.article_ids:
                continue
            a, b = set(d.members), set(c.article_ids)
            overlap = len(a & b) / len(a | b)
            if overlap >= best_overlap:
                best, best_overlap = c.id, overlap
        if best:
            d.id = best
            used.add(best)


def update_clusters(cfg: Config, store: Store, week: str) -> list[Cluster]:
    """Cluster `week` (its look-back window), link it to the week before, store it and return
    its clusters (faded ones last). Idempotent; run weeks oldest first."""
    start = week_start(week)
    drafts = draft_clusters(cfg, store, week)
    before = store.clusters.latest_week_before(week)
    horizon = _iso(start - timedelta(weeks=max(1, cfg.themes.cluster_window)))
    previous = store.clusters.week(before) if before and before >= horizon else []
    rows = link(drafts, previous, store.clusters.week(week), cfg.themes.cluster_link)
    ordinal = store.clusters.next_ordinal(week)
    final = []
    for row in rows:
        c = row.cluster
        cid = c.id
        if not cid:
            cid, ordinal = f"{week}-c{ordinal}", ordinal + 1
        cluster = Cluster(cid, week, c.size, c.words, c.article_ids, c.growth, c.lineage, c.parents)
        final.append(ClusterWeek(cluster, row.centroid, row.recent))
    store.clusters.save_week(week, final)
    return [r.cluster for r in final]


def emerging(store: Store, week: str) -> list[Cluster]:
    """The week's emerging signals: clusters that appeared or grew, with members published
    that week, by growth."""
    week_start(week)
    rows = [
        r
        for r in store.clusters.week(week)
        if r.cluster.lineage in EMERGING and r.cluster.growth > 0 and r.recent > 0
    ]
    rows.sort(key=lambda r: (-r.cluster.growth, -r.cluster.size, r.cluster.id))
    return [r.cluster for r in rows]
