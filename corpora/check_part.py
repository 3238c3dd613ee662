"""Consistency checks of one part of the demonstration corpus and its gold files.

    python corpora/check_part.py a        # checks sample/items_a.jsonl, gold/annotations_a.jsonl, gold/queries_a.jsonl

Verifies the items (required fields, unique ids and slugs, dates inside ISO weeks 2026-W40..W46,
outlets, size), the gold annotations (one line per item, known themes and stage, mention kinds and fields,
each mention's text found in `title + "\\n\\n" + text`) and the queries (known ids, grades 1..3).
Prints counts per week, theme and outlet; exits 1 on any problem. Standard library only.
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
THEMES = (
    "therapies_innovantes",
    "bloc_operatoire",
    "organes_sur_puce",
    "sante_numerique",
    "dispositifs_medicaux",
    "bioproduction",
    "mie_nrbc",
    "prevention",
)  # taxonomy order
OUTLETS = {
    "veille-sante-hebdo": "fr",
    "medtech-actu": "fr",
    "biofrance-info": "fr",
    "hopital-numerique-mag": "fr",
    "depeches-sante": "fr",
    "innov-health-wire": "en",
}
FIELDS = ("id", "outlet", "slug", "title", "published", "author", "lang", "text")
FIRST, LAST = date(2026, 9, 28), date(2026, 11, 15)  # Monday of 2026-W40 .. Sunday of 2026-W46
KINDS = {"amount", "programme", "organisation"}
STAGES = ("research", "clinical", "regulatory", "reimbursement", "market", "policy")
MIN_PER_WEEK = 4


def load_jsonl(path: Path, problems: list[str]) -> list[dict]:
    rows: list[dict] = []
    if not path.exists():
        problems.append(f"{path.name}: missing")
        return rows
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as e:
            problems.append(f"{path.name}:{n}: bad JSON ({e})")
            continue
        if isinstance(row, dict):
            rows.append(row)
        else:
            problems.append(f"{path.name}:{n}: not a JSON object")
    return rows


def week_of(d: date) -> str:
    y, w, _ = d.isocalendar()
    return f"{y}-W{w:02d}"


def check_items(items: list[dict], part: str, problems: list[str]) -> dict[str, dict]:
    by_id: dict[str, dict] = {}
    for it in items:
        iid = it.get("id", "?")
        for f in FIELDS:
            if not isinstance(it.get(f), str) or not it.get(f).strip():
                problems.append(f"{iid}: field {f!r} missing or empty")
        if iid in by_id:
            problems.append(f"{iid}: duplicate id")
        by_id[iid] = it
        if not re.fullmatch(rf"{part}\d{{3}}", str(iid)):
            problems.append(f"{iid}: id should look like {part}001")
        if it.get("outlet") not in OUTLETS:
            problems.append(f"{iid}: unknown outlet {it.get('outlet')!r}")
        elif it.get("lang") != OUTLETS[it["outlet"]]:
            problems.append(
                f"{iid}: lang {it.get('lang')!r} but outlet {it['outlet']} is {OUTLETS[it['outlet']]}"
            )
        if not re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", str(it.get("slug", ""))):
            problems.append(f"{iid}: slug {it.get('slug')!r} is not a lowercase ASCII slug")
        try:
            d = date.fromisoformat(str(it.get("published")))
            if not FIRST <= d <= LAST:
                problems.append(f"{iid}: published {d} outside 2026-W40..2026-W46")
        except ValueError:
            problems.append(f"{iid}: published {it.get('published')!r} is not an ISO date")
        if "story" in it and (not isinstance(it["story"], str) or not it["story"]):
            problems.append(f"{iid}: story must be a non-empty string when present")
        text = str(it.get("text", ""))
        paras = [p for p in text.split("\n\n") if p.strip()]
        words = len(text.split())
        if not 150 <= words <= 450:
            problems.append(f"{iid}: {words} words (expected 150-450)")
        if not 3 <= len(paras) <= 6:
            problems.append(f"{iid}: {len(paras)} paragraphs (expected 3-6)")
    stories = Counter(it["story"] for it in items if it.get("story"))
    for key, n in stories.items():
        if n < 2:
            problems.append(f"story {key!r}: only one item")
    return by_id


def check_gold(
    gold: list[dict], by_id: dict[str, dict], problems: list[str]
) -> dict[str, list[str]]:
    themes: dict[str, list[str]] = {}
    for g in gold:
        gid = g.get("id", "?")
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
        if "stage" not in g:
            problems.append(f"gold {gid}: stage missing (null when the text does not say)")
        elif g["stage"] is not None and g["stage"] not in STAGES:
            problems.append(f"gold {gid}: unknown stage {g['stage']!r}")
        elif g["stage"] is not None and not ts:
            problems.append(f"gold {gid}: an off-topic item has no stage")
        if "phase" in g and g.get("stage") != "clinical":
            problems.append(f"gold {gid}: a phase belongs to a clinical stage")
        it = by_id[gid]
        full = f"{it['title']}\n\n{it['text']}"
        seen = set()
        for m in g.get("mentions", []):
            kind, text = m.get("kind"), m.get("text")
            where = f"gold {gid} {kind} {text!r}"
            if kind not in KINDS:
                problems.append(f"{where}: unknown kind")
            if not isinstance(text, str) or not text or text not in full:
                problems.append(f"{where}: text not found in title + text")
            if (kind, text) in seen:
                problems.append(f"{where}: listed twice")
            seen.add((kind, text))
            if kind == "amount":
                cur, val = m.get("currency"), m.get("value_eur", "missing")
                if not isinstance(cur, str) or not re.fullmatch(r"[A-Z]{3}", cur):
                    problems.append(f"{where}: currency must be an ISO code")
                if cur == "EUR" and not isinstance(val, float):
                    problems.append(f"{where}: value_eur must be a float for EUR")
                if cur != "EUR" and val is not None:
                    problems.append(f"{where}: value_eur must be null for {cur}")
                if "high_eur" in m and (
                    not isinstance(m["high_eur"], float)
                    or not isinstance(val, float)
                    or m["high_eur"] < val
                ):
                    problems.append(f"{where}: high_eur must be a float >= value_eur")
                if "approx" in m and m["approx"] is not True:
                    problems.append(f"{where}: approx, when present, must be true")
            elif kind in ("programme", "organisation") and (
                not isinstance(m.get("canonical"), str) or not m["canonical"]
            ):
                problems.append(f"{where}: canonical missing")
    for iid in by_id:
        if iid not in themes:
            problems.append(f"{iid}: no gold annotation line")
    return themes


def check_queries(queries: list[dict], by_id: dict[str, dict], problems: list[str]) -> None:
    for q in queries:
        text = q.get("query")
        if not isinstance(text, str) or not text.strip():
            problems.append(f"query {q!r}: empty")
        if q.get("lang") not in ("fr", "en"):
            problems.append(f"query {text!r}: lang must be fr or en")
        rel = q.get("relevant")
        if not isinstance(rel, dict) or not rel:
            problems.append(f"query {text!r}: relevant must be a non-empty object")
            continue
        for iid, grade in rel.items():
            if iid not in by_id:
                problems.append(f"query {text!r}: unknown id {iid}")
            if grade not in (1, 2, 3):
                problems.append(f"query {text!r}: grade {grade!r} for {iid} (expected 1, 2 or 3)")


def check_other_parts(part: str, by_id: dict[str, dict], problems: list[str]) -> None:
    """Ids and article paths must stay unique across all parts present."""
    paths = {
        (it["outlet"], it["published"][:7], it["slug"]): iid
        for iid, it in by_id.items()
        if all(isinstance(it.get(k), str) for k in ("outlet", "published", "slug"))
    }
    for other in sorted((HERE / "sample").glob("items_*.jsonl")):
        if other.stem == f"items_{part}":
            continue
        for line in other.read_text(encoding="utf-8").splitlines():
            try:
                it = json.loads(line) if line.strip() else None
            except json.JSONDecodeError:
                continue
            if not it:
                continue
            if it.get("id") in by_id:
                problems.append(f"{it.get('id')}: id also used in {other.name}")
            key = (it.get("outlet"), str(it.get("published", ""))[:7], it.get("slug"))
            if key in paths:
                problems.append(
                    f"{paths[key]}: same article path as {it.get('id')} in {other.name}"
                )


def main(argv: list[str]) -> int:
    if len(argv) != 2 or not re.fullmatch(r"[a-z]", argv[1]):
        print("usage: python corpora/check_part.py PART   (a part letter, e.g. a)", file=sys.stderr)
        return 2
    part = argv[1]
    problems: list[str] = []
    items = load_jsonl(HERE / "sample" / f"items_{part}.jsonl", problems)
    gold = load_jsonl(HERE / "gold" / f"annotations_{part}.jsonl", problems)
    queries = load_jsonl(HERE / "gold" / f"queries_{part}.jsonl", problems)
    by_id = check_items(items, part, problems)
    themes = check_gold(gold, by_id, problems)
    check_queries(queries, by_id, problems)
    check_other_parts(part, by_id, problems)

    weeks = Counter(
        week_of(date.fromisoformat(it["published"]))
        for it in items
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(it.get("published", "")))
    )
    for w in (f"2026-W{n}" for n in range(40, 47)):
        if weeks.get(w, 0) < MIN_PER_WEEK:
            problems.append(f"{w}: {weeks.get(w, 0)} items (expected at least {MIN_PER_WEEK})")
    theme_counts = Counter(t for ts in themes.values() for t in ts)
    off_topic = sum(1 for ts in themes.values() if not ts)
    outlets = Counter(it.get("outlet") for it in items)
    stories = Counter(it["story"] for it in items if it.get("story"))
    kinds = Counter(m.get("kind") for g in gold for m in g.get("mentions", []))
    stages = Counter(str(g.get("stage")) for g in gold)

    print(f"part {part}: {len(items)} items, {len(gold)} gold lines, {len(queries)} queries")
    print("per week:   " + ", ".join(f"{w} {n}" for w, n in sorted(weeks.items())))
    print(
        "per theme:  "
        + ", ".join(f"{t} {n}" for t, n in sorted(theme_counts.items()))
        + f", (none) {off_topic}"
    )
    print("per outlet: " + ", ".join(f"{o} {n}" for o, n in sorted(outlets.items())))
    print("stories:    " + (", ".join(f"{s} {n}" for s, n in sorted(stories.items())) or "-"))
    print("stages:     " + ", ".join(f"{s} {n}" for s, n in sorted(stages.items())))
    print("mentions:   " + ", ".join(f"{k} {n}" for k, n in sorted(kinds.items())))
    if problems:
        print(f"\n{len(problems)} problem(s):")
        for p in problems:
            print("  - " + p)
        return 1
    print("OK")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
