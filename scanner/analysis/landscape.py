"""The theme landscape: every article placed on a 2-D map from its embedding.

    land = landscape_frame(cfg, store)          # articles_frame + x, y (method in .attrs)
    outlines = cluster_outlines(store)          # emerging clusters, their words and members
    region(land, x=(-5, 5), y=(0, 10))          # the articles of a bounding box

The projection is UMAP when `umap-learn` is installed, else t-SNE (scikit-learn) on cosine
distances, else PCA for a handful of articles. It is seeded: the same store gives the same map.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from threadpoolctl import threadpool_limits

from scanner.analysis.watch import articles_frame
from scanner.clusters.emerging import EMERGING
from scanner.config import Config
from scanner.store import Store
from scanner.vectors.embed import article_vector

METHODS = ("auto", "umap", "tsne", "pca")
SINGLE_THREAD_MAX = 5000
MIN_TSNE = 10  # fewer articles than this: PCA (t-SNE needs a neighbourhood to speak of)


@dataclass(frozen=True, slots=True)
class Outline:
    """An emerging cluster as the map shows it: its latest state and members."""

    cluster: str
    week: str
    words: tuple[str, ...]
    lineage: str
    size: int
    article_ids: tuple[str, ...]


NOT_SAID = "non dit"


def article_matrix(cfg: Config, store: Store, ids: Sequence[str]) -> tuple[list[str], np.ndarray]:
    """Article vectors (passages averaged, as the index holds them) of the given articles that
    have cached embeddings for the configured model; returns (ids kept, n × dim matrix)."""
    articles = store.articles.many(list(ids))
    hashes = [a.content_hash for a in articles.values()]
    cached = store.vectors.get_many(hashes, cfg.embed.model)
    kept = [i for i in ids if i in articles and articles[i].content_hash in cached]
    if not kept:
        return [], np.zeros((0, 0), dtype=np.float32)
    rows = [article_vector(cached[articles[i].content_hash]) for i in kept]
    return kept, np.vstack(rows).astype(np.float32)


def choose_method(method: str, n: int) -> str:
    """The projection actually used for `method` over `n` articles."""
    if method not in METHODS:
        raise ValueError(f"unknown projection {method!r}; choose from {', '.join(METHODS)}")
    if method == "umap" and importlib.util.find_spec("umap") is None:
        raise ValueError("umap-learn is not installed (pip install umap-learn), use tsne or pca")
    if method != "auto":
        return method if n >= MIN_TSNE or method == "pca" else "pca"
    if n < MIN_TSNE:
        return "pca"
    return "umap" if importlib.util.find_spec("umap") is not None else "tsne"


def project(matrix: np.ndarray, method: str = "auto", seed: int = 0) -> tuple[np.ndarray, str]:
    """2-D coordinates of the rows of `matrix`, and the method used."""
    used = choose_method(method, len(matrix))
    # a few thousand points gain nothing from BLAS/OpenMP threads, and on a busy machine
    # their spin-waiting made t-SNE of 92 articles take 17 s instead of 0.7 s
    limit = 1 if len(matrix) <= SINGLE_THREAD_MAX else None
    with threadpool_limits(limits=limit):
        return _project(matrix, used, seed), used


def _project(matrix: np.ndarray, used: str, seed: int) -> np.ndarray:
    n = len(matrix)
    if n <= 1:
        return np.zeros((n, 2))
    if used == "umap":
        import umap

        reducer = umap.UMAP(
            n_neighbors=min(15, n - 1), metric="cosine", random_state=seed, n_components=2
        )
        return np.asarray(reducer.fit_transform(matrix))
    if used == "tsne":
        from sklearn.manifold import TSNE

        perplexity = float(min(30, max(2, (n - 1) // 3)))
        tsne = TSNE(
            n_components=2, perplexity=perplexity, metric="cosine", init="pca", random_state=seed
        )
        return tsne.fit_transform(matrix)
    from sklearn.decomposition import PCA

    return PCA(n_components=min(2, n, matrix.shape[1]), random_state=seed).fit_transform(matrix)


def landscape_frame(
    cfg: Config,
    store: Store,
    method: str = "auto",
    seed: int = 0,
    articles: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """`articles_frame` of the embedded articles with their map coordinates `x`, `y`; the
    projection used is in `.attrs["method"]`."""
    frame = articles if articles is not None else articles_frame(cfg, store, processed_only=True)
    ids, matrix = article_matrix(cfg, store, list(frame["id"]))
    coords, used = project(matrix, method, seed)
    if coords.shape[1] == 1:  # one dimension of variance left: lay the map flat
        coords = np.hstack([coords, np.zeros_like(coords)])
    placed = pd.DataFrame(
        {"id": pd.Series(ids, dtype=object), "x": coords[:, 0], "y": coords[:, 1]}
    )
    out = frame.merge(placed, on="id", how="inner")
    out.attrs["method"] = used
    out.attrs["left_out"] = len(frame) - len(out)  # articles with no cached embedding
    return out


def cluster_outlines(store: Store, emerging_only: bool = True) -> list[Outline]:
    """Each cluster in its latest week alive (members of that week's window). With
    `emerging_only`, only clusters that were an emerging signal in some week (appeared or
    grew, with members published that week)."""
    latest: dict[str, Outline] = {}
    signalled: set[str] = set()
    for week in store.clusters.weeks():
        for cw in store.clusters.week(week):
            c = cw.cluster
            if c.lineage in EMERGING and c.growth > 0 and cw.recent > 0:
                signalled.add(c.id)
            if c.lineage != "faded" and c.article_ids:
                latest[c.id] = Outline(c.id, week, c.words, c.lineage, c.size, c.article_ids)
    return [o for cid, o in sorted(latest.items()) if cid in signalled or not emerging_only]


def with_clusters(land: pd.DataFrame, outlines: Sequence[Outline]) -> pd.DataFrame:
    """`land` with a `cluster` column: the outlined cluster an article belongs to ("" if none;
    the first outline wins for an article in two)."""
    member: dict[str, str] = {}
    for o in outlines:
        for aid in o.article_ids:
            member.setdefault(aid, o.cluster)
    out = land.copy()
    out["cluster"] = out["id"].map(member).fillna("")
    return out


def region(
    land: pd.DataFrame, x: tuple[float, float], y: tuple[float, float], columns: Sequence[str] = ()
) -> pd.DataFrame:
    """Articles whose map position falls in the box x[0] ≤ x ≤ x[1], y[0] ≤ y ≤ y[1], by theme
    then date."""
    (x0, x1), (y0, y1) = sorted(x), sorted(y)
    inside = land[land["x"].between(x0, x1) & land["y"].between(y0, y1)]
    shown = list(columns) or [
        c for c in ("title", "theme_label", "published", "source", "cluster", "url") if c in land
    ]
    return inside.sort_values(["theme", "published"])[shown].reset_index(drop=True)


def region_of(
    land: pd.DataFrame, cluster: str | None = None, margin: float = 0.04
) -> tuple[tuple[float, float], tuple[float, float]]:
    """A bounding box (x, y) round one cluster's members (`land` with `with_clusters`), or
    round the whole map for None, with a margin (a share of the map's extent): a ready-made
    region to list, or a start for one's own."""
    pts = land if cluster is None else land[land["cluster"] == cluster]
    if pts.empty:
        raise ValueError(f"no article of cluster {cluster!r} on the map")
    pad = margin * max(float(np.ptp(land["x"])), float(np.ptp(land["y"])), 1e-6)
    (x0, x1), (y0, y1) = (pts["x"].min(), pts["x"].max()), (pts["y"].min(), pts["y"].max())
    return (float(x0 - pad), float(x1 + pad)), (float(y0 - pad), float(y1 + pad))


def outline_table(outlines: Sequence[Outline]) -> pd.DataFrame:
    """The outlined clusters as a table: id, the week drawn, lineage, size, words."""
    rows = [(o.cluster, o.week, o.lineage, o.size, ", ".join(o.words)) for o in outlines]
    return pd.DataFrame(rows, columns=["cluster", "week", "lineage", "size", "words"])


def placed_articles(land: pd.DataFrame) -> pd.DataFrame:
    """Every article with its map position (rounded), by theme then position."""
    shown = [c for c in ("x", "y", "theme_label", "cluster", "published", "title") if c in land]
    out = land.sort_values(["theme", "x", "y"])[shown].reset_index(drop=True)
    return out.round({"x": 2, "y": 2})


def theme_stage_table(cfg: Config, articles: pd.DataFrame) -> pd.DataFrame:
    """How far along each theme's news is: articles per theme (every assigned theme, rows)
    and maturity stage (columns, in the analysts' words, "non dit" when the text does not say),
    with totals. Off-topic articles are left out (they have no stage)."""
    from scanner.maturity import STAGE_LABELS

    on = articles[articles["themes"].map(len) > 0]
    rows = on.explode("themes")
    names = {k: t.label for k, t in zip(cfg.theme_keys, cfg.taxonomy, strict=True)}
    columns = [*STAGE_LABELS.values(), NOT_SAID]
    if rows.empty:
        return pd.DataFrame(0, index=list(names.values()), columns=columns)
    stage = rows["stage"].map(lambda s: STAGE_LABELS.get(s, NOT_SAID) if s else NOT_SAID)
    table = pd.crosstab(rows["themes"].map(lambda k: names.get(k, k)), stage)
    table = table.reindex(index=list(names.values()), columns=columns, fill_value=0)
    return table.fillna(0).astype(int)
