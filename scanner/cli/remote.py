"""A query from the CLI answered by a running `scanner serve` of the same watch, when there is
one: its models are loaded already, so the query costs milliseconds instead of the seconds
of loading the embedding model in a fresh process.

The server is the one `[web].host`/`port` name; it proves it serves the same store by the
digest of its store's path on /healthz (`X-Scanner-Store`). Anything else (nothing listening,
another watch, a login required, an error) returns None and the CLI searches by itself.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from scanner.config import Config
from scanner.records import Hit, SearchFilters
from scanner.store import store_digest

# a local server answers /healthz in milliseconds, but a busy machine can stall it for a
# moment; nothing listening is refused at once, so only a hung listener ever waits this long
PROBE_SECONDS = 2.0
QUERY_SECONDS = 60.0


def server_hits(
    cfg: Config, query: str, k: int, filters: SearchFilters, mode: str
) -> tuple[list[Hit], str] | None:
    """The hits from the running server of this watch and its address, or None."""
    import httpx

    host = "127.0.0.1" if cfg.web.host in ("0.0.0.0", "::") else cfg.web.host
    base = f"http://{host}:{cfg.web.port}"
    try:
        probe = httpx.get(f"{base}/healthz", timeout=PROBE_SECONDS)
        if probe.headers.get("x-scanner-store") != store_digest(cfg.store.url):
            return None
        params: list[tuple[str, Any]] = [("q", query), ("k", k), ("mode", mode)]
        params += [("theme", t) for t in filters.themes]
        params += [("source", s) for s in filters.sources]
        params += [("lang", s) for s in filters.langs]
        params += [("organisation", s) for s in filters.organisations]
        params += [("programme", s) for s in filters.programmes]
        if filters.date_from:
            params.append(("since", filters.date_from.isoformat()))
        if filters.date_to:
            params.append(("until", filters.date_to.isoformat()))
        if filters.min_amount_eur is not None:
            params.append(("min_amount", filters.min_amount_eur))
        answer = httpx.get(f"{base}/api/search", params=params, timeout=QUERY_SECONDS)
        if answer.status_code != 200:
            return None
        rows = answer.json()["hits"]
        hits = [
            Hit(
                article_id=str(r["id"]),
                score=float(r["score"]),
                title=str(r["title"]),
                url=str(r["url"]),
                snippet=str(r["snippet"]),
                published=date.fromisoformat(r["published"]) if r.get("published") else None,
            )
            for r in rows
        ]
    except (httpx.HTTPError, ValueError, KeyError, TypeError):
        return None
    return hits, base
