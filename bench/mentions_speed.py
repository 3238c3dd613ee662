"""Speed of the whole mention stage (spaCy NER + gazetteers + rules + amounts) in articles/s.

Articles of about 600 words are cut from the real seed articles (../shared/seeds), the sample
corpus items being added when present; each is varied so no two are identical.

    python bench/mentions_speed.py [--articles 240] [--target 15]
"""

from __future__ import annotations

import argparse
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
        from scanner.eval_mentions import load_items

        sources += list(load_items(corpus).values())
    words = " ".join(sources).split(" ")
    if len(words) < WORDS:
        raise SystemExit(f"not enough text under {SEEDS} to build {WORDS}-word articles")
    texts = []
    for i in range(n):
        start = (i * 397) % (len(words) - WORDS)
        texts.append(f"Article {i}\n\n" + " ".join(words[start : start + WORDS]))
    return texts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=240)
    parser.add_argument("--target", type=float, default=15.0, help="articles/s to reach")
    args = parser.parse_args()
    extractor = MentionExtractor(NlpConfig(), ROOT)
    texts = articles(args.articles)
    extractor.extract(texts[:4])  # warm-up: first-call allocations, regex compilation
    started = time.perf_counter()
    found = extractor.extract(texts)
    elapsed = time.perf_counter() - started
    rate = len(texts) / elapsed
    mentions = sum(len(ms) for ms in found)
    print(
        f"mentions: {len(texts)} articles of ~{WORDS} words in {elapsed:.1f}s = "
        f"{rate:.1f} articles/s ({mentions} mentions; target >= {args.target:g})"
    )
    if rate < args.target:
        print("below target", file=sys.stderr)


if __name__ == "__main__":
    main()
