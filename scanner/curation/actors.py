"""The discovery loop: curators confirm or reject the new actors the extraction found.

    confirm_actor(store, "organisation", "Robocath", "alice")   # joins the curated gazetteer
    reject_actor(store, "organisation", "Figurant", "alice")    # its pending mentions rejected

Both are logged in the audit log. A confirmed name is one of the curators' names
(`scanner.curation.learning.gazetteer_names`), written to the watch's curated gazetteer by
`sync_gazetteers`, so the next extraction finds it as listed; the bulletin marks an unlisted
organisation as new only once it is confirmed or seen in two sources.
"""

from __future__ import annotations

import json

from scanner.curation.checks import checked_name
from scanner.errors import InputError
from scanner.store import Store
from scanner.store.actors import ACTOR_KINDS


def confirm_actor(store: Store, kind: str, canonical: str, curator: str) -> None:
    """`canonical` is a real programme or organisation: it joins the curated gazetteer."""
    _decide(store, kind, canonical, "confirmed", curator)


def reject_actor(store: Store, kind: str, canonical: str, curator: str) -> int:
    """`canonical` is no programme or organisation: it leaves the list, and its pending
    mentions are rejected. Returns how many mentions were rejected."""
    return _decide(store, kind, canonical, "rejected", curator)


def _decide(store: Store, kind: str, canonical: str, status: str, curator: str) -> int:
    if kind not in ACTOR_KINDS:
        raise InputError(f"new actors are {' or '.join(ACTOR_KINDS)}, not {kind!r}")
    canonical = checked_name(canonical, "name")
    before = store.actors.decision(kind, canonical) or ""
    with store.db.transaction():
        rejected = store.actors.decide(kind, canonical, status, curator)
        store.curation.log(
            f"actor:{kind}:{canonical}",
            "confirm_actor" if status == "confirmed" else "reject_actor",
            json.dumps({"kind": kind, "name": canonical, "status": before}, ensure_ascii=False),
            json.dumps(
                {"kind": kind, "name": canonical, "status": status, "mentions_rejected": rejected},
                ensure_ascii=False,
            ),
            curator,
        )
    return rejected
