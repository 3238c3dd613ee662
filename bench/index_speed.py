"""Index benchmark: build time, one-query-at-a-time search latency (p50/p95) and recall@10 of
the approximate index against exact search, over 100k and 1M stored vectors.

    .venv/bin/python bench/index_speed.py                 # 100k and 1M vectors
    .venv/bin/python bench/index_speed.py --sizes 100000  # quicker

The vectors are synthetic but shaped like sentence embeddings: articles belong to topics in a
low-dimensional latent space mapped to 384 dimensions; each article has 3 passage vectors and
its whole-article vector (ids `num * 64 + slot`, as `scanner.vectors.index` stores them), so 1M vectors
are 250k articles. The indexes are built and searched by the product's own code
(`scanner.vectors.index.live.build`, `search_live`: IVF-Flat with the configured nprobe, max
aggregation per article); "exact" is the flat inner-product index used below `exact_max`.
Target: p95 < 50 ms at 1M with the approximate index, recall@10 ≥ 0.95.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from dataclasses import replace
from pathlib import Path

import faiss
import numpy as np

from scanner.config import Config, load_config
from scanner.vectors.index.files import IndexFiles
from scanner.vectors.index.live import ARTICLE_SLOT, SLOTS, LiveIndex, build, search_live

ROOT = Path(__file__).resolve().parents[1]
DIM, LATENT, PER_ARTICLE = 384, 64, 4


def synthetic(n_articles: int, seed: int = 0) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(ids, vectors, query vectors): 4 unit vectors per article (3 passages and the whole
    article), from a continuous 64-dimensional latent distribution with a power-law spectrum
    mapped to 384 dimensions, plus a shared mean direction (sentence embeddings' anisotropy).
    Calibrated on the sample corpus's real MiniLM vectors: on 1,000 vectors the typical
    cosine to the 10th/50th neighbour is 0.60/0.51 (real: 0.50/0.38) and a random pair's
    0.22 (real: 0.29). It has no tidy clusters, which makes IVF's job harder than topics do."""
    rng = np.random.default_rng(seed)
    basis = np.linalg.qr(rng.standard_normal((DIM, LATENT)))[0].T.astype(np.float32)
    scale = np.arange(1, LATENT + 1, dtype=np.float32) ** -0.5
    scale /= np.sqrt((scale**2).sum())
    mean = rng.standard_normal(DIM).astype(np.float32)
    mean *= 0.55 / np.linalg.norm(mean)
    vectors = np.empty((n_articles * PER_ARTICLE, DIM), dtype=np.float32)
    for lo in range(0, n_articles, 50_000):
        hi = min(n_articles, lo + 50_000)
        z = rng.standard_normal((hi - lo, LATENT), dtype=np.float32) * scale
        rows = np.repeat(z, PER_ARTICLE, axis=0)
        rows += 0.35 * rng.standard_normal(rows.shape, dtype=np.float32) * scale
        block = rows @ basis + mean
        block += 0.01 * rng.standard_normal(block.shape, dtype=np.float32)
        vectors[lo * PER_ARTICLE : hi * PER_ARTICLE] = block / np.linalg.norm(
            block, axis=1, keepdims=True
        )
    slots = np.tile(np.array([0, 1, 2, ARTICLE_SLOT], dtype=np.int64), n_articles)
    ids = np.repeat(np.arange(1, n_articles + 1, dtype=np.int64), PER_ARTICLE) * SLOTS + slots
    queries = (rng.standard_normal((200, LATENT), dtype=np.float32) * scale) @ basis + mean
    return ids, vectors, queries / np.linalg.norm(queries, axis=1, keepdims=True)


def timed_searches(cfg: Config, live: LiveIndex, queries: np.ndarray, k: int = 10):  # type: ignore[no-untyped-def]
    results, times = [], []
    for q in queries:
        start = time.perf_counter()
        results.append([num for num, _, _ in search_live(cfg, live, q[None, :], k)])
        times.append(time.perf_counter() - start)
    return results, np.array(times) * 1000


def bench_size(cfg: Config, n_vectors: int, folder: Path, nprobes: list[int]) -> None:
    ids, vectors, queries = synthetic(n_vectors // PER_ARTICLE)
    exact_results: list[list[int]] = []
    for kind in ("exact", "ivf"):
        kind_cfg = replace(
            cfg, index=replace(cfg.index, exact_max=10**12 if kind == "exact" else 0)
        )
        live = LiveIndex(files=IndexFiles(folder), model="synthetic", config_hash="")
        start = time.perf_counter()
        build(kind_cfg, live, vectors, ids)
        built = time.perf_counter() - start
        for nprobe in nprobes if kind == "ivf" else [0]:
            probe_cfg = replace(kind_cfg, index=replace(kind_cfg.index, nprobe=nprobe))
            timed_searches(probe_cfg, live, queries[:10])  # warm up
            results, ms = timed_searches(probe_cfg, live, queries)
            if kind == "exact":
                exact_results = results
            recall = np.mean(
                [len(set(r) & set(e)) / len(e) for r, e in zip(results, exact_results, strict=True)]
            )
            detail = "exact (flat)" if kind == "exact" else (
                f"ivf nlist={faiss.extract_index_ivf(live.index).nlist} nprobe={nprobe}"
            )  # fmt: skip
            print(
                f"{n_vectors:>9,} {n_vectors // PER_ARTICLE:>9,}  {detail:<28} {built:>8.1f} "
                f"{np.percentile(ms, 50):>8.2f} {np.percentile(ms, 95):>8.2f} {recall:>10.3f}",
                flush=True,
            )
        del live


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--nprobe", type=int, nargs="+", help="default: [index].nprobe")
    parser.add_argument("--nlist", type=int, default=None, help="default: [index].nlist")
    parser.add_argument("--threads", type=int, default=0, help="FAISS threads (0: default)")
    args = parser.parse_args()
    cfg = load_config(ROOT / "config.toml")
    if args.nlist is not None:
        cfg = replace(cfg, index=replace(cfg.index, nlist=args.nlist))
    if args.threads:
        faiss.omp_set_num_threads(args.threads)
    print(
        f"index benchmark: {os.cpu_count()} cores, faiss {faiss.__version__} "
        f"({faiss.omp_get_max_threads()} threads), load average {os.getloadavg()[0]:.1f}; "
        "200 queries one at a time, k=10 articles"
    )
    print(f"{'vectors':>9} {'articles':>9}  {'index':<28} {'build s':>8} {'p50 ms':>8} "
          f"{'p95 ms':>8} {'recall@10':>10}")  # fmt: skip
    with tempfile.TemporaryDirectory() as tmp:
        for size in args.sizes:
            bench_size(cfg, size, Path(tmp), args.nprobe or [cfg.index.nprobe])
    print("recall@10: share of the exact top-10 articles the index returns (exact = 1 by "
          "definition); synthetic vectors calibrated on real ones, see the module docstring")  # fmt: skip


if __name__ == "__main__":
    main()
