"""Embedding throughput: articles (and passages) per second with the configured model.

    .venv/bin/python bench/embed_speed.py            # the sample corpus, 3 rounds
    .venv/bin/python bench/embed_speed.py --long     # also 1,000-word articles (7 passages)

Every article is cut into passages as the pipeline does (title + lead, then body chunks) and
encoded with the cache bypassed, so the figure is the model's real cost; `load average` says
how busy the machine was (other processes share its cores).
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

from scanner.config import load_config
from scanner.eval.corpus import load_sample
from scanner.records import Article
from scanner.vectors.embed import load_embedder, passages

ROOT = Path(__file__).resolve().parents[1]


def measure(embedder, articles: list[Article], chunk_words: int, max_chunks: int, rounds: int):  # type: ignore[no-untyped-def]
    texts = [p for a in articles for p in passages(a, chunk_words, max_chunks)]
    embedder.encode(texts[:8])  # warm up
    start = time.perf_counter()
    for _ in range(rounds):
        embedder.encode(texts)
    seconds = (time.perf_counter() - start) / rounds
    return len(articles) / seconds, len(texts) / seconds, len(texts) / len(articles)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--long", action="store_true", help="also 1,000-word articles")
    args = parser.parse_args()
    import torch

    cfg = load_config(ROOT / "config.toml")
    start = time.perf_counter()
    embedder = load_embedder(cfg.embed)
    loaded = time.perf_counter() - start
    print(
        f"embedding benchmark: model {cfg.embed.model}, batch {cfg.embed.batch_size}, "
        f"{os.cpu_count()} cores, torch {torch.get_num_threads()} threads, "
        f"load average {os.getloadavg()[0]:.1f}; model loaded in {loaded:.1f} s"
    )
    sample = load_sample(ROOT / "corpora")
    sets = [("sample corpus (news items, ~200 words)", sample)]
    if args.long:
        long_text = " ".join(a.text for a in sample[:6])
        sets.append((
            "long articles (~1,100 words)",
            [Article(id=f"l{i}", url="u", title=sample[i].title, text=long_text) for i in range(24)],
        ))  # fmt: skip
    for name, articles in sets:
        per_s, passages_s, per_article = measure(
            embedder, articles, cfg.embed.chunk_words, cfg.embed.max_chunks, args.rounds
        )
        print(
            f"{name:<42} {per_s:>7.1f} articles/s  {passages_s:>7.1f} passages/s  "
            f"({per_article:.1f} passages per article)"
        )


if __name__ == "__main__":
    main()
