"""Ranked articles as hits: title, link, date, source, themes and a snippet around the words
the query matched (or the passage dense search found)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from scanner.config import Config
from scanner.records import Hit
from scanner.search.lexical import snippet
from scanner.search.query import QueryTerms
from scanner.search.rankings import Ranked
from scanner.store import Store
from scanner.vectors.embed import passage_spans
from scanner.vectors.index import ARTICLE_SLOT


def build_hits(cfg: Config, store: Store, terms: QueryTerms, ranked: Sequence[Ranked]) -> list[Hit]:
    """The hits of these ranked articles, in their order (an article removed since it was
    ranked is skipped)."""
    rows = store.search.hit_rows([r.num for r in ranked])
    themes = store.search.themes_of([row["id"] for row in rows.values()])
    hits = []
    seen: dict[str, dict[str, bool]] = {}  # the page's words: most recur from hit to hit
    for r in ranked:
        row = rows.get(r.num)
        if row is None:
            continue
        focus = None
        if r.passage and r.passage != ARTICLE_SLOT:  # else the lead: the default anyway
            spans = passage_spans(row["text"], cfg.embed.chunk_words, cfg.embed.max_chunks)
            focus = spans[r.passage] if r.passage < len(spans) else None
        hits.append(
            Hit(
                article_id=row["id"],
                score=float(r.score),
                title=row["title"],
                url=row["url"],
                snippet=snippet(row["text"], terms.stems, row["lang"], focus, seen=seen),
                published=date.fromisoformat(row["published"]) if row["published"] else None,
                source_id=row["source_id"] or "",
                lang=row["lang"] or "",
                themes=tuple(themes.get(row["id"], ())),
            )
        )
    return hits
