"""Extraction quality: main text on real French pages, and publication dates.

- Text: on ../shared/fixtures/html/trafilatura-fr/ (26 real pages), the share of the
  manifest's `expected_with` snippets found in the article text and `expected_without`
  snippets absent from it, for scanner's extraction in each `[crawl].extraction` mode and
  for trafilatura alone (`trafilatura.extract`, its defaults) as the reference (~0.92).
- Dates: the share of pages whose publication date comes out right, on the pages whose date
  is known: the 92 pages of the sample site (`corpora/site`, dates from the items) read as
  pages alone (no feed to help), and the fixture pages listed in corpora/gold/page_dates.jsonl
  (hand-checked: two independent signals agree). htmldate alone (`find_date`, its defaults)
  is the reference.

    python bench/extraction_quality.py [--floor 0.92]
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "corpora"))

import build_site  # noqa: E402

from scanner.crawl.charset import decode_html  # noqa: E402
from scanner.errors import ExtractError  # noqa: E402
from scanner.extract.page import MODES, ExtractJob, extract_article  # noqa: E402

FIXTURES = ROOT.parent / "shared" / "fixtures" / "html" / "trafilatura-fr"
FETCHED = date(2026, 12, 1)  # a fixed "today": dates after it are implausible


def fixture_pages() -> list[tuple[dict, str]]:
    rows = [json.loads(line) for line in (FIXTURES / "manifest.jsonl").read_text().splitlines()]
    return [(row, decode_html((FIXTURES / row["file"]).read_bytes())) for row in rows]


def text_score(texts: dict[str, str], rows: list[dict]) -> float:
    ok = total = 0
    for row in rows:
        text = texts.get(row["file"], "")
        ok += sum(s in text for s in row["expected_with"])
        ok += sum(s not in text for s in row["expected_without"])
        total += len(row["expected_with"]) + len(row["expected_without"])
    return ok / total


def ours(row: dict, html: str, mode: str) -> tuple[str, date | None]:
    job = ExtractJob(url=row["url"], final_url=row["url"], html=html, fetched=FETCHED, mode=mode)
    try:
        article = extract_article(job)
    except ExtractError:
        return "", None
    return article.text, article.published


def site_pages() -> list[tuple[dict, str, str]]:
    site = ROOT / "corpora" / "site"
    out = []
    for item in build_site.load_items():
        path = build_site.article_path(item)
        out.append((item, build_site.BASE + path, (site / path.lstrip("/")).read_text("utf-8")))
    return out


def htmldate_alone(html: str, url: str) -> date | None:
    from htmldate import find_date

    found = find_date(html, url=url)
    return date.fromisoformat(found) if found else None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--floor", type=float, default=0.92, help="text share not to fall below")
    args = parser.parse_args()
    if not FIXTURES.is_dir():
        raise SystemExit(f"{FIXTURES} not found: the shared fixtures sit beside the project")
    import trafilatura

    pages = fixture_pages()
    rows = [row for row, _ in pages]
    reference = {
        row["file"]: trafilatura.extract(html, url=row["url"]) or "" for row, html in pages
    }
    print(f"text: trafilatura alone {text_score(reference, rows):.3f} on {len(rows)} pages")
    results = {}
    for mode in MODES:
        results[mode] = {row["file"]: ours(row, html, mode) for row, html in pages}
        texts = {f: t for f, (t, _) in results[mode].items()}
        score = text_score(texts, rows)
        flag = "" if score >= args.floor else f"  BELOW THE FLOOR {args.floor}"
        print(f"text: scanner extraction = {mode:<9} {score:.3f}{flag}")

    gold = [json.loads(line) for line in (ROOT / "corpora/gold/page_dates.jsonl").open()]
    html_of = {row["file"]: html for row, html in pages}
    url_of = {row["file"]: row["url"] for row in rows}
    mode = "precision"
    fixture_ok = sum(results[mode][g["file"]][1] == date.fromisoformat(g["date"]) for g in gold)
    fixture_ref = sum(
        htmldate_alone(html_of[g["file"]], url_of[g["file"]]) == date.fromisoformat(g["date"])
        for g in gold
    )
    site = site_pages()
    site_ok = sum(
        ours({"url": url}, html, mode)[1] == date.fromisoformat(item["published"])
        for item, url, html in site
    )
    site_ref = sum(
        htmldate_alone(html, url) == date.fromisoformat(item["published"])
        for item, url, html in site
    )
    total = len(gold) + len(site)
    print(
        f"dates: scanner {(fixture_ok + site_ok) / total:.3f} right on {total} pages with a "
        f"known date (sample site {site_ok}/{len(site)}, fixtures {fixture_ok}/{len(gold)}); "
        f"htmldate alone {(fixture_ref + site_ref) / total:.3f} "
        f"(sample site {site_ref}/{len(site)}, fixtures {fixture_ref}/{len(gold)})"
    )
    wrong = [
        g["file"] for g in gold if results[mode][g["file"]][1] != date.fromisoformat(g["date"])
    ]
    if wrong:
        print("dates: wrong or missing on " + ", ".join(wrong))


if __name__ == "__main__":
    main()
