"""Bulletin generation time on a synthetic store: 100,000 articles, 5,000 in the bulletin week.

Articles are short synthetic texts (random words from a fixed vocabulary, stories of 1–5
rewrites across outlets), each with a theme score and a few mentions; those of the last nine
weeks also have a cached article vector (384 dimensions, rewrites of a story close to each
other), as the semantic stage leaves them, so novelty is measured by embeddings as in real use.
They are inserted in bulk with SQL (the store's insert path is not what is measured). Prints
the seconds taken by `build_bulletin` and by `write_bulletin` (HTML with charts, Markdown,
JSON, Atom).

    python bench/bulletin_speed.py [--articles 100000] [--week-articles 5000] [--target 10]
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from scanner.bulletin import build_bulletin, write_bulletin  # noqa: E402
from scanner.config import config_from_dict  # noqa: E402
from scanner.store import Store  # noqa: E402

WEEK = "2026-W46"
MODEL = "all-MiniLM-L6-v2"  # the default [embed].model: the bulletin reads its vectors
DIM = 384
VECTOR_WEEKS = 8  # weeks before the bulletin week whose articles have vectors
MONDAY = date(2026, 11, 9)
THEMES = ["therapies", "bloc", "puces", "numerique", "dispositifs", "bioprod", "nrbc", "prevention"]
SOURCES = [f"src{i}" for i in range(40)]
ORGS = [f"Organisation {i}" for i in range(600)] + ["Bpifrance", "Inserm", "AIS", "HAS"]
PROGRAMMES = [f"Programme {i}" for i in range(30)] + ["France 2030", "PIA4"]


def config(tmp: Path):  # type: ignore[no-untyped-def]
    return config_from_dict(
        {
            "store": {"url": f"sqlite:///{tmp / 'bench.db'}"},
            "taxonomy": {
                t: {"label": t.title(), "description": "d", "seeds": ["s"]} for t in THEMES
            },
            "sources": [
                {"id": s, "kind": "feed", "url": f"https://news{i}.test/rss", "weight": 1.0}
                for i, s in enumerate(SOURCES)
            ],
        }
    )


def fill(store: Store, total: int, in_week: int, seed: int = 46) -> None:
    """Bulk-insert `total` articles, `in_week` of them in the bulletin week, the rest spread
    over the 60 weeks before; stories of 1–5 articles share most of their words."""
    rng = random.Random(seed)
    vectors = np.random.default_rng(seed)
    vocab = [f"mot{i}" for i in range(8000)]
    conn = store.db.conn
    conn.execute("BEGIN")
    conn.executemany(
        "INSERT INTO sources (id, kind, url, name, weight, lang, added_at) VALUES (?,?,?,?,?,?,?)",
        [(s, "feed", f"https://{s}.test", s.upper(), 1.0, "fr", "2026-01-01") for s in SOURCES],
    )
    n = 0
    story = 0
    while n < total:
        story += 1
        in_this_week = n < in_week
        base = [rng.choice(vocab) for _ in range(90)]
        centre = vectors.standard_normal(DIM).astype(np.float32)
        title = " ".join(base[:8]).capitalize()
        theme = rng.choice(THEMES)
        start = MONDAY if in_this_week else MONDAY - timedelta(days=rng.randint(1, 420))
        for k in range(min(rng.choice((1, 1, 1, 2, 3, 5)), total - n)):
            words = list(base)
            for _ in range(10):  # a rewrite changes a few words
                words[rng.randrange(len(words))] = rng.choice(vocab)
            day = start + timedelta(days=rng.randint(0, 6) if in_this_week else k)
            add_row(conn, rng, n, story, title, words, day, theme)
            if day >= MONDAY - timedelta(weeks=VECTOR_WEEKS):
                v = centre + 0.35 * vectors.standard_normal(DIM).astype(np.float32)
                conn.execute(
                    "INSERT INTO embeddings (content_hash, model, chunk, vector) VALUES (?,?,?,?)",
                    (f"h{n}", MODEL, 0, (v / np.linalg.norm(v)).astype(np.float32).tobytes()),
                )
            n += 1
    conn.execute("COMMIT")


def add_row(conn, rng, n, story, title, words, day, theme) -> None:  # type: ignore[no-untyped-def]
    aid = f"a{n}"
    source = rng.choice(SOURCES)
    text = " ".join(words) + "."
    conn.execute(
        "INSERT INTO articles (id, url, canonical_url, source_id, title, text, published, lang, "
        "content_hash, story_id, added_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
        (
            aid,
            f"https://{source}.test/{aid}",
            f"https://{source}.test/{aid}",
            source,
            title,
            text,
            day.isoformat(),
            "fr",
            f"h{n}",
            f"s{story}",
            "2026-01-01",
        ),
    )
    conn.execute(
        "INSERT INTO article_sources (article_id, source_id, url) VALUES (?,?,?)",
        (aid, source, f"https://{source}.test/{aid}"),
    )
    assigned = rng.random() < 0.8
    conn.executemany(
        "INSERT INTO theme_scores (article_id, theme, score, assigned, evidence) VALUES (?,?,?,?,?)",
        [
            (
                aid,
                t,
                rng.uniform(0.5, 1.0) if t == theme else rng.uniform(0, 0.4),
                int(assigned and t == theme),
                "[]",
            )
            for t in THEMES
        ],
    )
    full = f"{title}\n\n{text}"
    offset = len(title) + 2
    rows = []
    for kind, name, value in mentions(rng):
        rows.append(
            (
                aid,
                kind,
                offset,
                offset + 5,
                name,
                name if kind != "amount" else "",
                value,
                "EUR" if value else None,
                "rule",
            )
        )
        offset = min(offset + 40, len(full) - 6)
    conn.executemany(
        'INSERT INTO mentions (article_id, kind, start, "end", text, canonical, value_eur, '
        "currency, origin) VALUES (?,?,?,?,?,?,?,?,?)",
        rows,
    )


def mentions(rng: random.Random) -> list[tuple[str, str, float | None]]:
    out: list[tuple[str, str, float | None]] = []
    for _ in range(rng.randint(1, 3)):
        out.append(("organisation", rng.choice(ORGS), None))
    if rng.random() < 0.3:
        out.append(("programme", rng.choice(PROGRAMMES), None))
    if rng.random() < 0.3:
        value = 10 ** rng.uniform(5, 9.5)
        out.append(("amount", f"{value / 1e6:.1f} M€", round(value)))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--week-articles", type=int, default=5_000)
    parser.add_argument("--target", type=float, default=10.0, help="seconds not to exceed")
    parser.add_argument(
        "--keep", type=Path, help="folder to build the store in once and reuse on later runs"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        cfg = config(folder)
        reuse = args.keep is not None and Path(cfg.store.url).is_file()
        store = Store.from_config(cfg.store)
        if reuse:
            print(f"store: reusing {cfg.store.url} ({store.articles.count()} articles)")
        else:
            t0 = time.perf_counter()
            fill(store, args.articles, args.week_articles)
            print(
                f"store: {args.articles} articles ({args.week_articles} in {WEEK}) "
                f"built in {time.perf_counter() - t0:.1f} s"
            )
        store.db.execute("DELETE FROM bulletins")  # measure a first build, not a re-run
        t0 = time.perf_counter()
        bulletin = build_bulletin(cfg, store, WEEK)
        built = time.perf_counter() - t0
        t0 = time.perf_counter()
        write_bulletin(cfg, bulletin, Path(tmp) / "out")
        written = time.perf_counter() - t0
        t0 = time.perf_counter()
        build_bulletin(cfg, store, WEEK)
        again = time.perf_counter() - t0
        store.close()
    total = built + written
    print(
        f"build_bulletin: {built:.2f} s ({bulletin.read} read, {bulletin.kept} on theme, "
        f"{sum(s.total for s in bulletin.sections)} stories)"
    )
    print(f"write_bulletin: {written:.2f} s")
    print(f"re-run (same input): {again:.2f} s")
    print(
        f"bulletin generation: {total:.2f} s (target < {args.target:.0f} s): "
        f"{'OK' if total < args.target else 'TOO SLOW'}"
    )


if __name__ == "__main__":
    main()
