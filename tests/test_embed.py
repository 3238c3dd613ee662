"""Embeddings with the real packaged model: vectors, passages, the cache, model errors."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from scanner.config import EmbedConfig
from scanner.errors import ConfigError, ModelNotInstalled
from scanner.records import Article
from scanner.store import Store
from scanner.vectors.embed import (
    article_vector,
    embed_articles,
    load_embedder,
    passage_spans,
    passages,
)


def test_vectors_are_normalised_and_carry_meaning(embedder) -> None:  # type: ignore[no-untyped-def]
    texts = [
        "Un robot chirurgical assiste le chirurgien au bloc opératoire.",
        "Le bloc opératoire s'équipe d'un robot pour la chirurgie mini-invasive.",
        "Surgical robots in the operating room.",
        "La récolte de blé tendre recule en 2026.",
    ]
    v = embedder.encode(texts)
    assert embedder.dim == 384 and v.shape == (4, 384) and v.dtype == np.float32
    assert np.allclose(np.linalg.norm(v, axis=1), 1.0, atol=1e-5)
    assert v[0] @ v[1] > v[0] @ v[3] + 0.2  # two robot-surgery sentences vs the wheat harvest
    assert v[2] @ v[0] > v[2] @ v[3]
    assert np.allclose(embedder.encode(texts[:1])[0], v[0], atol=1e-5)  # same text, same vector
    assert embedder.encode([]).shape == (0, 384)


def test_a_long_article_is_covered_by_passages_not_truncated() -> None:
    body = " ".join(f"mot{i}" for i in range(1000))
    article = Article(id="x", url="u", title="Titre", text=body)
    ps = passages(article, chunk_words=180, max_chunks=8)
    assert ps[0].startswith("Titre. mot0") and "mot59" in ps[0] and "mot60" not in ps[0]
    assert len(ps) == 1 + 6  # title+lead, then 1000 words in chunks of 180
    assert ps[-1].endswith("mot999")  # the end of the text is embedded too
    spans = passage_spans(body, 180, 8)
    assert len(spans) == len(ps)
    for (start, end), text in zip(spans[1:], ps[1:], strict=True):
        assert body[start:end] == text
    short = Article(id="y", url="u", title="Court", text="Trois mots ici.")
    assert passages(short) == ["Court. Trois mots ici."]
    assert passage_spans(short.text) == [(0, len(short.text))]


def test_article_vector_leans_on_the_lead() -> None:
    rows = np.eye(3, dtype=np.float32)
    v = article_vector(rows)
    assert np.isclose(np.linalg.norm(v), 1.0) and v[0] > v[1] == pytest.approx(v[2])


class CountingEmbedder:
    """The real embedder, counting the texts it is asked to encode."""

    def __init__(self, inner) -> None:  # type: ignore[no-untyped-def]
        self.inner, self.model_name, self.dim, self.texts = inner, inner.model_name, inner.dim, 0

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        self.texts += len(texts)
        return self.inner.encode(texts)


def test_embeddings_are_cached_by_content_hash_and_model(embedder, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    store = Store.open(tmp_path / "s.db")
    articles = [
        Article(id=f"a{i}", url=f"u{i}", title=f"Titre {i}", text=f"Texte numéro {i}.",
                content_hash=f"h{i}")
        for i in range(3)
    ]  # fmt: skip
    for a in articles:
        store.articles.add(a)
    counting = CountingEmbedder(embedder)
    first = embed_articles(counting, store, articles, EmbedConfig())
    assert counting.texts == 3 and store.vectors.count(embedder.model_name) == 3
    again = embed_articles(counting, store, articles, EmbedConfig())
    assert counting.texts == 3  # nothing re-embedded
    for a in articles:
        assert np.array_equal(first[a.id], again[a.id])
    assert store.vectors.count("another-model") == 0
    store.close()


def test_an_unknown_model_says_how_to_install_it() -> None:
    with pytest.raises(ModelNotInstalled, match="allow_download"):
        load_embedder(EmbedConfig(model="no-such-org/no-such-model-xyz"))


def test_an_unknown_backend_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match=r"embed\.backend.*sbert\.v1"):
        load_embedder(EmbedConfig(backend="nope.v1"))


def test_loading_a_model_draws_no_progress_bar(embedder, capfd) -> None:  # type: ignore[no-untyped-def]
    capfd.readouterr()
    other = load_embedder(replace(EmbedConfig(), batch_size=7))  # a second, uncached load
    assert other is not embedder and other.dim == embedder.dim
    captured = capfd.readouterr()
    assert "Loading weights" not in captured.err + captured.out


def test_a_very_long_body_is_sampled_from_start_to_end() -> None:
    body = " ".join(f"mot{i}" for i in range(3000))
    ps = passages(Article(id="x", url="u", title="T", text=body), chunk_words=110, max_chunks=8)
    assert len(ps) == 1 + 8
    assert ps[1].startswith("mot0 ") and ps[-1].endswith("mot2999")  # first and last chunks
    starts = [int(p.split()[0][3:]) for p in ps[1:]]
    assert (
        starts == sorted(starts)
        and max(b - a for a, b in zip(starts, starts[1:], strict=False)) < 500
    )


def test_default_passages_fit_the_model_window(embedder) -> None:  # type: ignore[no-untyped-def]
    """French makes ~2 word pieces per word: the default chunks must not be cut at 256 tokens."""
    from scanner.eval.corpus import load_sample

    cfg = EmbedConfig()
    tokenizer = embedder.model.tokenizer
    sample = load_sample(Path(__file__).resolve().parents[1] / "corpora")
    lengths = [
        len(tokenizer(p)["input_ids"])
        for a in sample
        for p in passages(a, cfg.chunk_words, cfg.max_chunks)
    ]
    limit = embedder.model.max_seq_length
    assert sum(n > limit for n in lengths) <= len(lengths) // 50, max(lengths)


def test_damaged_or_stale_cache_rows_are_embedded_again(embedder, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    store = Store.open(tmp_path / "s.db")
    a = Article(id="a", url="u", title="Titre", text="Un texte court.", content_hash="h")
    store.articles.add(a)
    store.vectors.put("h", embedder.model_name, np.ones((1, 7), dtype=np.float32))  # damaged
    fresh = embed_articles(embedder, store, [a], EmbedConfig())["a"]
    assert fresh.shape == (1, embedder.dim)
    assert store.vectors.get_many(["h"], embedder.model_name)["h"].shape == (1, embedder.dim)
    store.close()
