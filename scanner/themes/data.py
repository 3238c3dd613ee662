"""Labelled examples for the theme classifier: the gold set and the curators' labels.

    examples = gold_examples(corpora, cfg.theme_keys)          # every theme labelled 0/1
    examples += curator_examples(store, cfg.theme_keys, 3.0)    # only the themes a curator set
    vectors = GoldVectorCache(path).passages(embedder, examples, cfg.embed)

A gold item is labelled for every theme (an item with no theme is off-topic); a curator's label
covers one theme of one article, so an example carries a per-theme label map and the classifier
of a theme trains only on examples labelled for it. `group` is the story: near-duplicate
rewrites share it, and cross-validation never splits a group between train and test.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np

from scanner.config import EmbedConfig
from scanner.errors import InputError, UnknownTheme
from scanner.eval.corpus import item_article, read_jsonl
from scanner.records import Article
from scanner.store import Store
from scanner.vectors.embed import Embedder, encode_passages

log = logging.getLogger(__name__)
CACHE_FORMAT = 1


@dataclass(frozen=True, slots=True)
class Example:
    """One labelled article: theme → 1 (belongs) / 0 (does not), for the themes it is labelled
    for; `origin` is "gold" or "curator"."""

    article: Article
    labels: dict[str, int]
    group: str
    origin: str = "gold"
    weight: float = 1.0
    curators: tuple[str, ...] = field(default=())

    @property
    def lang(self) -> str:
        return self.article.lang or "?"


def gold_examples(corpora: Path, theme_keys: Sequence[str]) -> list[Example]:
    """The gold items (`sample/items_*.jsonl` texts, `gold/annotations_*.jsonl` themes), each
    labelled for every theme; a gold theme not in the taxonomy is an UnknownTheme."""
    corpora = Path(corpora)
    themes: dict[str, tuple[str, ...]] = {}
    for path, number, data in read_jsonl(corpora / "gold", "annotations_*.jsonl"):
        labels = tuple(data.get("themes") or ())
        for t in labels:
            if t not in theme_keys:
                raise InputError(f"{path}:{number}: {UnknownTheme(t, list(theme_keys))}")
        themes[str(data["id"])] = labels
    out: list[Example] = []
    for path, number, data in read_jsonl(corpora / "sample", "items_*.jsonl"):
        item_id = str(data["id"])
        if item_id not in themes:
            continue
        if not isinstance(data.get("text"), str) or not data["text"].strip():
            raise InputError(f"{path}:{number}: item {item_id} has no text")
        out.append(
            Example(
                article=item_article(data),
                labels={k: int(k in themes[item_id]) for k in theme_keys},
                group=str(data.get("story") or item_id),
            )
        )
    if not out:
        raise InputError(f"no gold item of {corpora / 'gold'} has a text in {corpora / 'sample'}")
    return out


def gold_digest(examples: Sequence[Example]) -> str:
    """A digest of the gold labels and texts, so a model trained on other gold is retrained."""
    blob = sorted(
        (e.article.id, e.article.content_hash, sorted(k for k, v in e.labels.items() if v))
        for e in examples
        if e.origin != "curator"
    )
    return hashlib.sha256(json.dumps(blob).encode()).hexdigest()[:16]


def curator_examples(store: Store, theme_keys: Sequence[str], weight: float) -> list[Example]:
    """Curators' theme labels (`store.themes.labels()`) on stored articles; labels for themes no
    longer in the taxonomy, or on articles since removed, are skipped with a log line."""
    labels = store.themes.labels()
    if not labels:
        return []
    articles = store.articles.many(sorted(labels))
    out: list[Example] = []
    for article_id, by_theme in sorted(labels.items()):
        article = articles.get(article_id)
        if article is None:
            log.info("curator label on removed article %s skipped", article_id)
            continue
        known = {t: int(v) for t, v in by_theme.items() if t in theme_keys}
        if len(known) < len(by_theme):
            log.info("curator labels of %s on unknown themes skipped", article_id)
        if known:
            group = article.story_id or article.id
            out.append(Example(article, known, group, origin="curator", weight=weight))
    return out


def merge_examples(gold: list[Example], curated: list[Example]) -> list[Example]:
    """Gold plus curator examples; a curator's label on a gold item overrides that theme's
    gold label (and the item then weighs as a curated one). Two labelled items with one id (a
    training set reusing the gold set's ids) are an InputError: their vectors and labels would
    be mixed up."""
    seen: set[str] = set()
    for g in gold:
        if g.article.id in seen:
            raise InputError(
                f"labelled item id {g.article.id!r} is used twice (gold and train sets)"
            )
        seen.add(g.article.id)
    by_id = {e.article.id: e for e in curated}
    by_hash = {e.article.content_hash: e for e in curated if e.article.content_hash}
    out: list[Example] = []
    used: set[str] = set()
    for g in gold:
        c = by_id.get(g.article.id) or by_hash.get(g.article.content_hash)
        if c is None:
            out.append(g)
            continue
        used.add(c.article.id)
        out.append(
            replace(g, labels={**g.labels, **c.labels}, weight=c.weight, origin="gold+curator")
        )
    out.extend(c for c in curated if c.article.id not in used)
    return out


class GoldVectorCache:
    """Passage vectors of labelled texts in one .npz file beside the model (by content hash and
    embedding model), so evaluating and retraining do not re-embed the gold set each time."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def _read(self, key: str) -> dict[str, np.ndarray]:
        if not self.path.is_file():
            return {}
        try:
            with np.load(self.path, allow_pickle=False) as z:
                if int(z["format"]) != CACHE_FORMAT or str(z["model"]) != key:
                    return {}
                hashes, offsets, vectors = z["hashes"], z["offsets"], z["vectors"]
        except (OSError, ValueError, KeyError) as exc:
            log.warning("vector cache %s unreadable (%s); re-embedding", self.path, exc)
            return {}
        return {str(h): vectors[offsets[i] : offsets[i + 1]] for i, h in enumerate(hashes.tolist())}

    def _write(self, key: str, cached: dict[str, np.ndarray]) -> None:
        hashes = sorted(cached)
        sizes = [len(cached[h]) for h in hashes]
        offsets = np.concatenate([[0], np.cumsum(sizes)]).astype(np.int64)
        vectors = np.vstack([cached[h] for h in hashes]).astype(np.float32)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(".tmp.npz")
        np.savez_compressed(
            tmp,
            format=np.int64(CACHE_FORMAT),
            model=np.str_(key),
            hashes=np.array(hashes, dtype=str),
            offsets=offsets,
            vectors=vectors,
        )
        tmp.replace(self.path)

    def passages(
        self, embedder: Embedder, articles: Sequence[Article], cfg: EmbedConfig
    ) -> dict[str, np.ndarray]:
        """Passage vectors per article id; texts not in the cache are embedded and added."""
        # passages depend on the chunking settings as much as on the model
        key = f"{embedder.model_name}|{cfg.chunk_words}|{cfg.max_chunks}"
        cached = self._read(key)
        todo = list({a.content_hash: a for a in articles if a.content_hash not in cached}.values())
        if todo:
            log.warning("embedding %d labelled text(s) for the theme model", len(todo))
            for a, vectors in zip(todo, encode_passages(embedder, todo, cfg), strict=True):
                cached[a.content_hash] = vectors
            try:
                self._write(key, cached)
            except OSError as exc:
                log.warning("cannot write vector cache %s: %s", self.path, exc)
        return {a.id: cached[a.content_hash] for a in articles}
