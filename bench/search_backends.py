"""Search quality on each backend: `scanner eval --only search --json` with the store on SQLite
and on PostgreSQL, on the gold queries (tuned on) and the held-out ones (never tuned on).

    python bench/search_backends.py [--pg-url postgresql://…] [--corpora corpora corpora/search_heldout]

Without --pg-url a throw-away PostgreSQL (Debian's, as in the tests) is started and stopped.
The eval builds its sample store in a temporary SQLite file, or in a temporary schema of the
PostgreSQL database, so the same queries run over the same articles on both.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

FIGURES = ("lexical.ndcg", "hybrid.ndcg", "dense.ndcg", "lexical.recall", "hybrid.recall")


def eval_search(url: str, corpora: str, folder: Path) -> dict[str, float]:
    config = folder / "config.toml"
    body = (ROOT / "config.toml").read_text(encoding="utf-8")
    body = re.sub(r'^url = "sqlite:///data/scanner.db"$', f'url = "{url}"', body, flags=re.M)
    config.write_text(body, encoding="utf-8")
    done = subprocess.run(
        [str(Path(sys.executable).parent / "scanner"), "eval", "--only", "search", "--json",
         "--corpora", str(ROOT / corpora), "--config", str(config)],
        capture_output=True, text=True, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)},
    )  # fmt: skip
    if done.returncode:
        raise SystemExit(f"eval failed on {url}:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout)["figures"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pg-url", default="")
    parser.add_argument("--corpora", nargs="+", default=["corpora", "corpora/search_heldout"])
    args = parser.parse_args()
    from pg_server import postgresql_url

    with postgresql_url(args.pg_url) as pg_url, tempfile.TemporaryDirectory() as tmp:
        for corpora in args.corpora:
            lite = eval_search(f"sqlite:///{Path(tmp) / 'x.db'}", corpora, Path(tmp))
            pg = eval_search(pg_url, corpora, Path(tmp))
            print(f"== {corpora}: search, SQLite (FTS5 bm25) vs PostgreSQL (tsvector)")
            for name in FIGURES:
                a, b = lite[f"search.{name}"], pg[f"search.{name}"]
                print(f"  {name:<16} sqlite {a:.4f}   postgresql {b:.4f}   ({b - a:+.4f})")


if __name__ == "__main__":
    main()
