"""Processing throughput of `scanner worker` on one PostgreSQL: one worker, then two at once.

    python bench/worker_speed.py [--articles 192] [--workers 1,2] [--pg-url postgresql://…]

Each run gets a fresh schema (in --pg-url's database, or a throw-away server's) holding the
same articles (the sample corpus, each item repeated with a numbered closing sentence so that
every text is new to the embedding cache), then
starts that many `scanner worker --once` processes together, each with one spaCy process
([nlp].workers = 1). Printed per run: the wall time (models loading included) and the steady
rate, articles per second from the moment every worker has finished its first batch (models
loaded) to the last batch. Without --pg-url a throw-away PostgreSQL (Debian's) is started.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from scanner.eval.corpus import load_sample  # noqa: E402
from scanner.extract.dedup import content_hash  # noqa: E402
from scanner.store import Store  # noqa: E402
from scanner.store.postgres import create_schema, drop_schema, with_schema  # noqa: E402


def fill(url: str, n: int) -> None:
    sample = load_sample(ROOT / "corpora")
    with Store.open(url) as store, store.db.transaction():
        for i in range(n):
            base = sample[i % len(sample)]
            text = f"{base.text}\n\nDépêche n° {i} de la veille."
            store.articles.add(
                replace(
                    base,
                    id=f"{base.id}-{i}",
                    url=f"{base.url}?copy={i}",
                    canonical_url=f"{base.url}?copy={i}",
                    text=text,
                    content_hash=content_hash(base.title, text),
                    story_id="",
                )  # fmt: skip
            )


def write_config(folder: Path, url: str) -> Path:
    path = folder / "config.toml"
    path.write_text(
        f'[store]\nurl = "{url}"\n[index]\npath = "{folder / "index"}"\n'
        f'[nlp]\nworkers = 1\ncurated_dir = ""\n[output]\ndir = "{folder / "out"}"\n',
        encoding="utf-8",
    )
    return path


def run(url: str, workers: int, folder: Path) -> tuple[float, float, int]:
    """(wall seconds, steady articles/s, articles processed) of `workers` workers."""
    config = write_config(folder, url)
    scanner = str(Path(sys.executable).parent / "scanner")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "OMP_NUM_THREADS": "1"}
    started = time.perf_counter()
    batches: list[list[tuple[float, int]]] = [[] for _ in range(workers)]
    procs = [
        subprocess.Popen([scanner, "worker", "--once", "--config", str(config)], cwd=ROOT,
                         env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        for _ in range(workers)
    ]  # fmt: skip

    def read(i: int) -> None:
        for line in procs[i].stdout:  # type: ignore[union-attr]
            if line.startswith("batch of "):
                batches[i].append((time.perf_counter(), int(line.split()[2].rstrip(":"))))

    readers = [threading.Thread(target=read, args=(i,)) for i in range(workers)]
    for t in readers:
        t.start()
    for p in procs:
        p.wait()
    for t in readers:
        t.join()
    wall = time.perf_counter() - started
    firsts = [b[0][0] for b in batches if b]
    t0 = max(firsts)  # every worker has its models loaded
    after = [(t, n) for b in batches for t, n in b if t > t0]
    last = max((t for t, _ in after), default=t0)
    steady = sum(n for _, n in after) / (last - t0) if after and last > t0 else float("nan")
    return wall, steady, sum(n for b in batches for _, n in b)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=192)
    parser.add_argument("--workers", default="1,2")
    parser.add_argument("--pg-url", default="")
    args = parser.parse_args()
    from pg_server import postgresql_url

    print(f"load average before: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    with postgresql_url(args.pg_url) as base:
        for n in (int(w) for w in args.workers.split(",")):
            schema = f"scanner_bench_workers_{n}_{os.getpid()}"
            create_schema(base, schema)
            try:
                with tempfile.TemporaryDirectory() as tmp:
                    url = with_schema(base, schema)
                    fill(url, args.articles)
                    wall, steady, done = run(url, n, Path(tmp))
            finally:
                drop_schema(base, schema)
            print(f"{n} worker(s): {done} articles processed in {wall:.1f} s wall "
                  f"({done / wall:.2f} articles/s with model loading), steady "
                  f"{steady:.2f} articles/s")  # fmt: skip


if __name__ == "__main__":
    main()
