"""Consistency checks of the held-out sample and its gold annotations.

    python corpora/heldout/check.py       # checks sample/items_h.jsonl and gold/annotations_h.jsonl

Verifies the items (required fields, ids h001.., unique slugs, dates inside ISO weeks 2026-W47
and 2026-W48, known outlets and their language, 120-350 words in 2-4 paragraphs, near-duplicate
stories told by several outlets within a few days) and the gold annotations (one line per item,
known themes, mention kinds and fields, each mention's text found in `title + "\\n\\n" + text`,
each (kind, text) once, amounts with an ISO currency, a euro value converted with the
`scanner/defaults.toml` `[nlp.rates]` for foreign currencies, `high_eur` for ranges). Prints counts per
week, theme, language, outlet and mention kind; exits 1 on any problem. Standard library only.
"""

from __future__ import annotations

import contextlib
import re
import sys
import tomllib
from collections import Counter
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
CONFIG = HERE.parent.parent / "scanner" / "defaults.toml"  # where [nlp.rates] is set
sys.path.insert(0, str(HERE.parent))
# the main corpus's checker: same themes, outlets, fields, mention kinds and JSONL reading
from check_part import FIELDS, KINDS, OUTLETS, THEMES, load_jsonl, week_of  # noqa: E402

WEEKS = ("2026-W47", "2026-W48")
WORDS = (120, 350)
PARAGRAPHS = (2, 4)
STORY_DAYS = 4  # rewrites of one story appear within this many days ([dedup] window_days)


def load_rates(problems: list[str]) -> dict[str, float]:
    """Euros per unit of each foreign currency, as the pipeline converts them."""
    try:
        rates = tomllib.loads(CONFIG.read_text(encoding="utf-8"))["nlp"]["rates"]
    except (OSError, KeyError, tomllib.TOMLDecodeError) as e:
        problems.append(f"{CONFIG.name}: cannot read [nlp.rates] ({e})")
        return {}
    return {str(k): float(v) for k, v in rates.items()}


def check_items(items: list[dict], problems: list[str]) -> dict[str, dict]:
    by_id: dict[str, dict] = {}
    slugs: Counter[str] = Counter()
    for it in items:
        iid = str(it.get("id", "?"))
        for f in FIELDS:
            if not isinstance(it.get(f), str) or not it[f].strip():
                problems.append(f"{iid}: field {f!r} missing or empty")
        if iid in by_id:
            problems.append(f"{iid}: duplicate id")
        by_id[iid] = it
        if not re.fullmatch(r"h\d{3}", iid):
            problems.append(f"{iid}: id should look like h001")
        if it.get("outlet") not in OUTLETS:
            problems.append(f"{iid}: unknown outlet {it.get('outlet')!r}")
        elif it.get("lang") != OUTLETS[it["outlet"]]:
            problems.append(
                f"{iid}: lang {it.get('lang')!r} but {it['outlet']} is {OUTLETS[it['outlet']]}"
            )
        slug = str(it.get("slug", ""))
        slugs[slug] += 1
        if not re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", slug):
            problems.append(f"{iid}: slug {slug!r} is not a lowercase ASCII slug")
        try:
            d = date.fromisoformat(str(it.get("published")))
            if week_of(d) not in WEEKS:
                problems.append(
                    f"{iid}: published {d} is in {week_of(d)}, not {' or '.join(WEEKS)}"
                )
        except ValueError:
            problems.append(f"{iid}: published {it.get('published')!r} is not an ISO date")
        if "story" in it and (not isinstance(it["story"], str) or not it["story"]):
            problems.append(f"{iid}: story must be a non-empty string when present")
        text = str(it.get("text", ""))
        words = len(text.split())
        paras = [p for p in text.split("\n\n") if p.strip()]
        if not WORDS[0] <= words <= WORDS[1]:
            problems.append(f"{iid}: {words} words (expected {WORDS[0]}-{WORDS[1]})")
        if not PARAGRAPHS[0] <= len(paras) <= PARAGRAPHS[1]:
            problems.append(
                f"{iid}: {len(paras)} paragraphs (expected {PARAGRAPHS[0]}-{PARAGRAPHS[1]})"
            )
    for slug, n in slugs.items():
        if n > 1:
            problems.append(f"slug {slug!r} used {n} times")
    check_stories(items, problems)
    return by_id


def check_stories(items: list[dict], problems: list[str]) -> None:
    stories: dict[str, list[dict]] = {}
    for it in items:
        if isinstance(it.get("story"), str) and it["story"]:
            stories.setdefault(it["story"], []).append(it)
    for key, told in stories.items():
        if len(told) < 2:
            problems.append(f"story {key!r}: only one item")
        if len({it.get("outlet") for it in told}) < len(told):
            problems.append(f"story {key!r}: two rewrites from the same outlet")
        try:
            days = [date.fromisoformat(str(it.get("published"))) for it in told]
        except ValueError:
            continue
        if (max(days) - min(days)).days > STORY_DAYS:
            problems.append(f"story {key!r}: rewrites more than {STORY_DAYS} days apart")


def check_amount(m: dict, where: str, rates: dict[str, float], problems: list[str]) -> None:
    cur, val = m.get("currency"), m.get("value_eur", "missing")
    if not isinstance(cur, str) or not re.fullmatch(r"[A-Z]{3}", cur):
        problems.append(f"{where}: currency must be an ISO code")
        return
    convertible = cur == "EUR" or cur in rates
    if convertible and not isinstance(val, float):
        problems.append(f"{where}: value_eur must be a float for {cur} (euros, via [nlp.rates])")
    if not convertible and val is not None:
        problems.append(f"{where}: value_eur must be null for {cur} (no rate in [nlp.rates])")
    if "high_eur" in m and (
        not isinstance(m["high_eur"], float) or not isinstance(val, float) or m["high_eur"] < val
    ):
        problems.append(f"{where}: high_eur must be a float >= value_eur")
    if "approx" in m and m["approx"] is not True:
        problems.append(f"{where}: approx, when present, must be true")


def check_gold(
    gold: list[dict], by_id: dict[str, dict], rates: dict[str, float], problems: list[str]
) -> dict[str, list[str]]:
    themes: dict[str, list[str]] = {}
    for g in gold:
        gid = str(g.get("id", "?"))
        if gid not in by_id:
            problems.append(f"gold {gid}: no such item")
            continue
        if gid in themes:
            problems.append(f"gold {gid}: duplicate line")
        ts = g.get("themes")
        if not isinstance(ts, list) or len(ts) > 2:
            problems.append(f"gold {gid}: themes must be a list of 0-2 keys")
            ts = []
        for t in ts:
            if t not in THEMES:
                problems.append(f"gold {gid}: unknown theme {t!r}")
        themes[gid] = ts
        it = by_id[gid]
        full = f"{it.get('title', '')}\n\n{it.get('text', '')}"
        seen: set[tuple[str, str]] = set()
        mentions = g.get("mentions")
        if not isinstance(mentions, list):
            problems.append(f"gold {gid}: mentions must be a list")
            continue
        for m in mentions:
            kind, text = m.get("kind"), m.get("text")
            where = f"gold {gid} {kind} {text!r}"
            if kind not in KINDS:
                problems.append(f"{where}: unknown kind")
            if not isinstance(text, str) or not text or text not in full:
                problems.append(f"{where}: text not found in title + text")
            elif text != text.strip():
                problems.append(f"{where}: text has surrounding spaces")
            if (kind, text) in seen:
                problems.append(f"{where}: listed twice")
            seen.add((kind, text))
            if kind == "amount":
                check_amount(m, where, rates, problems)
            elif kind in ("programme", "organisation") and (
                not isinstance(m.get("canonical"), str) or not m["canonical"].strip()
            ):
                problems.append(f"{where}: canonical missing")
    for iid in by_id:
        if iid not in themes:
            problems.append(f"{iid}: no gold annotation line")
    return themes


def main() -> int:
    problems: list[str] = []
    items = load_jsonl(HERE / "sample" / "items_h.jsonl", problems)
    gold = load_jsonl(HERE / "gold" / "annotations_h.jsonl", problems)
    rates = load_rates(problems)
    by_id = check_items(items, problems)
    themes = check_gold(gold, by_id, rates, problems)

    weeks: Counter[str] = Counter()
    for it in items:
        with contextlib.suppress(ValueError):
            weeks[week_of(date.fromisoformat(str(it.get("published"))))] += 1
    theme_counts = Counter(t for ts in themes.values() for t in ts)
    for t in THEMES:
        if theme_counts[t] == 0:
            problems.append(f"theme {t}: no item")
    off_topic = sum(1 for ts in themes.values() if not ts)
    two = sum(1 for ts in themes.values() if len(ts) == 2)
    langs = Counter(it.get("lang") for it in items)
    outlets = Counter(it.get("outlet") for it in items)
    stories = Counter(it["story"] for it in items if it.get("story"))
    kinds = Counter(m.get("kind") for g in gold for m in g.get("mentions", []))
    words = [len(str(it.get("text", "")).split()) for it in items]

    print(f"held-out: {len(items)} items, {len(gold)} gold lines")
    print("per week:     " + ", ".join(f"{w} {n}" for w, n in sorted(weeks.items())))
    print("per language: " + ", ".join(f"{lang} {n}" for lang, n in sorted(langs.items())))
    print(
        "per theme:    "
        + ", ".join(f"{t} {theme_counts[t]}" for t in THEMES)
        + f", (off-topic) {off_topic}; items on two themes {two}"
    )
    print("per outlet:   " + ", ".join(f"{o} {n}" for o, n in sorted(outlets.items())))
    print("stories:      " + (", ".join(f"{s} {n}" for s, n in sorted(stories.items())) or "-"))
    print("mentions:     " + ", ".join(f"{k} {n}" for k, n in sorted(kinds.items())))
    if words:
        print(f"words:        {min(words)}-{max(words)} (mean {sum(words) / len(words):.0f})")
    if problems:
        print(f"\n{len(problems)} problem(s):")
        for p in problems:
            print("  - " + p)
        return 1
    print("OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
