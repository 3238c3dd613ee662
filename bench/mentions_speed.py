"""Speed of the whole mention stage (spaCy NER + the learnt span model + gazetteers + rules +
amounts) in articles/s.

Articles of about 600 words are cut from the real seed articles (../shared/seeds), the sample
corpus items being added when present; each is varied so no two are identical. The stage runs
as the pipeline runs it: `MentionExtractor.extract` over batches of `--batch` articles, which
go to `[nlp].workers` worker processes (each with its own model, started once; their start-up
is timed apart, as a long crawl pays it once).

Two figures: the wall-clock rate, and the rate the CPU time spent allows on two cores
(2 x articles / CPU seconds of this process and its workers, read from /proc). On a machine
shared with other jobs (load average above the core count) the wall rate measures the
contention; the CPU rate is what the stage costs.

    python bench/mentions_speed.py [--articles 240] [--batch 32] [--workers 2] [--target 15]
                                   [--span-model ""]
                                   [--no-linker]   # the fact rules alone, for a before/after
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from scanner.config import NlpConfig  # noqa: E402
from scanner.nlp.mentions import MentionExtractor  # noqa: E402

SEEDS = ROOT.parent / "shared" / "seeds"
WORDS = 600


def articles(n: int) -> list[str]:
    """`n` texts of about WORDS words from the seeds (and corpus items when present)."""
    sources = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    corpus = ROOT / "corpora"
    if (corpus / "sample").exists():
        from scanner.eval.corpus import load_items

        sources += list(load_items(corpus).values())
    words = " ".join(sources).split(" ")
    if len(words) < WORDS:
        raise SystemExit(f"not enough text under {SEEDS} to build {WORDS}-word articles")
    texts = []
    for i in range(n):
        start = (i * 397) % (len(words) - WORDS)
        texts.append(f"Article {i}\n\n" + " ".join(words[start : start + WORDS]))
    return texts


def _cpu_seconds() -> float:
    """CPU time of this process and of its live children (the mention workers), from /proc."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0.0
    pids = [os.getpid()]
    children = Path(f"/proc/{os.getpid()}/task/{os.getpid()}/children")
    if children.exists():
        pids += [int(p) for p in children.read_text().split()]
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / tick  # utime + stime
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=240)
    parser.add_argument("--batch", type=int, default=32, help="articles per extract() call")
    parser.add_argument("--target", type=float, default=15.0, help="articles/s to reach")
    parser.add_argument("--workers", type=int, default=NlpConfig().workers)
    parser.add_argument(
        "--span-model",
        default=NlpConfig().span_model,
        help='the learnt span model\'s folder ("" = the rules alone, as before it)',
    )
    parser.add_argument(
        "--no-linker", action="store_true", help="fact rules alone (no learnt payer linker)"
    )
    args = parser.parse_args()
    linker = "" if args.no_linker else NlpConfig().fact_linker
    cfg = NlpConfig(workers=args.workers, span_model=args.span_model, fact_linker=linker)
    extractor = MentionExtractor(cfg, ROOT)
    texts = articles(args.articles)
    warm = time.perf_counter()
    # warm-up: worker start-up (model loading), first-call allocations, regex compilation
    extractor.extract(texts[: args.batch])
    print(f"mentions: {args.workers} worker(s) started in {time.perf_counter() - warm:.1f}s")
    load_before = os.getloadavg()[0]
    cpu_started, started = _cpu_seconds(), time.perf_counter()
    found = []
    for i in range(0, len(texts), args.batch):
        found += extractor.extract(texts[i : i + args.batch])
    elapsed = time.perf_counter() - started
    cpu = _cpu_seconds() - cpu_started
    extractor.close()
    rate, cpu_rate = len(texts) / elapsed, 2 * len(texts) / cpu
    mentions = sum(len(ms) for ms in found)
    load = max(load_before, os.getloadavg()[0])
    print(
        f"mentions: {len(texts)} articles of ~{WORDS} words in batches of {args.batch}: "
        f"{elapsed:.1f}s wall = {rate:.1f} articles/s; {cpu:.1f} CPU-s = {cpu_rate:.1f} "
        f"articles/s on 2 cores ({mentions} mentions; load average {load:.1f}; "
        f"target >= {args.target:g})"
    )
    if min(rate, cpu_rate) < args.target:
        print(
            "below target" + (" (wall rate: machine shared)" if load > 2 else ""), file=sys.stderr
        )


if __name__ == "__main__":
    main()
