"""Hits as plain records: one shape for the CLI's `--json`, the API and the exports.

    hit_record(hit)                          # id, score, title, url, snippet, published, ...
    rows = export_rows(store, hits)          # + organisations and amounts named in each
    export_csv(rows), export_json(rows)      # every hit of a search, not one page

Snippets lose their highlight marks; crawled text stays as written (a CSV cell starting with
=, +, - or @ is prefixed with a quote, so a spreadsheet does not run it as a formula).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from typing import Any

from scanner.records import Hit
from scanner.search.lexical import HL_END, HL_START
from scanner.store import Store

CSV_COLUMNS = (
    "title", "url", "published", "source", "themes", "organisations", "amounts_eur", "score", "id",
)  # fmt: skip
_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def plain(snippet: str) -> str:
    """A snippet without its highlight marks."""
    return snippet.replace(HL_START, "").replace(HL_END, "")


def hit_record(hit: Hit) -> dict[str, Any]:
    """A hit as JSON-ready data."""
    return {
        "id": hit.article_id,
        "score": round(float(hit.score), 6),
        "title": hit.title,
        "url": hit.url,
        "snippet": plain(hit.snippet),
        "published": hit.published.isoformat() if hit.published else None,
        "source": hit.source_id,
        "themes": list(hit.themes),
    }


def export_rows(store: Store, hits: Sequence[Hit]) -> list[dict[str, Any]]:
    """Hit records with the organisations (canonical names) and the euro amounts each
    article names (curators' rejections left out)."""
    mentions = store.mentions.for_articles([h.article_id for h in hits])
    rows = []
    for hit in hits:
        found = mentions.get(hit.article_id, [])
        organisations = dict.fromkeys(
            m.canonical or m.text for m in found if m.kind == "organisation"
        )
        amounts = dict.fromkeys(
            m.value_eur for m in found if m.kind == "amount" and m.value_eur is not None
        )
        rows.append(
            hit_record(hit) | {"organisations": list(organisations), "amounts_eur": list(amounts)}
        )
    return rows


def export_json(rows: Sequence[dict[str, Any]]) -> str:
    return json.dumps({"count": len(rows), "hits": list(rows)}, ensure_ascii=False, indent=1)


def export_csv(rows: Sequence[dict[str, Any]]) -> str:
    """One line per hit; lists joined with " | "."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for row in rows:
        writer.writerow([_cell(row.get(c)) for c in CSV_COLUMNS])
    return buffer.getvalue()


def _cell(value: object) -> str:
    if isinstance(value, list):
        text = " | ".join(f"{v:.0f}" if isinstance(v, float) else str(v) for v in value)
    elif value is None:
        text = ""
    else:
        text = str(value)
    return "'" + text if text.startswith(_FORMULA) else text
