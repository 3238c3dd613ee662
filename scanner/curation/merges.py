"""Organisation merges: a curator makes one name an alias of another, for every article.

    merge_preview         what a merge would rename, before doing it
    merge_organisations   the alias, logged; stored mentions renamed at once
    apply_aliases         canonical names remapped by the aliases (new mentions, in the pipeline)

Aliases chain (A→B then B→C leaves no mention named B); undoing a merge is
`scanner.curation.undo`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import replace
from typing import Any

from scanner.curation.checks import checked_name
from scanner.errors import InputError
from scanner.records import Mention
from scanner.store import Store


def merge_organisations(store: Store, alias: str, canonical: str, curator: str) -> int:
    """Make `alias` a name of `canonical` everywhere: stored mentions now, future ones through
    `apply_aliases`. Returns how many stored mentions were renamed."""
    alias, canonical = alias.strip(), canonical.strip()
    if not alias or not canonical:
        raise InputError("both names are needed to merge organisations")
    if alias == canonical:
        raise InputError(f"cannot merge {alias!r} into itself")
    checked_name(alias, "name")
    checked_name(canonical, "canonical name")
    # follow an existing chain so that A→B then B→C leaves no mention named B
    canonical = _resolve(store.curation.aliases("organisation"), "organisation", canonical)
    if canonical == alias:
        raise InputError(f"{alias!r} is already the canonical name of {canonical!r}'s group")
    with store.db.transaction():
        before = store.curation.aliases("organisation").get(("organisation", alias))
        store.curation.add_alias("organisation", alias, canonical, curator)
        # earlier aliases of `alias` now point at the new canonical too
        followers = [
            name
            for (kind, name), target in store.curation.aliases("organisation").items()
            if target == alias
        ]
        for name in followers:
            store.curation.add_alias("organisation", name, canonical, curator)
        ids = store.curation.mentions_named("organisation", alias)
        renamed = store.curation.rename_mentions(ids, canonical)
        # what undoing it needs: the mentions renamed, the aliases that followed, the old alias
        after = {"canonical": canonical, "mentions": renamed, "ids": ids, "followers": followers}
        store.curation.log(
            f"alias:{alias}",
            "merge",
            json.dumps({"kind": "organisation", "name": alias, "was": before}, ensure_ascii=False),
            json.dumps(after, ensure_ascii=False),
            curator,
        )
    return renamed


def merge_preview(store: Store, alias: str, canonical: str) -> dict[str, Any]:
    """What a merge would do, before doing it: the canonical name the chain leads to, the
    mentions to rename per article (with titles) and the aliases that would follow."""
    alias, canonical = alias.strip(), canonical.strip()
    if not alias or not canonical:
        raise InputError("both names are needed to merge organisations")
    if alias == canonical:
        raise InputError(f"cannot merge {alias!r} into itself")
    table = store.curation.aliases("organisation")
    target = _resolve(table, "organisation", canonical)
    per_article = store.curation.mentions_per_article("organisation", alias)
    titles = store.articles.many(list(per_article)) if per_article else {}
    return {
        "alias": alias,
        "canonical": target,
        "mentions": sum(per_article.values()),
        "articles": [
            (aid, titles[aid].title if aid in titles else aid, n) for aid, n in per_article.items()
        ],
        "followers": sorted(name for (_, name), t in table.items() if t == alias),
        "canonical_mentions": sum(
            store.curation.mentions_per_article("organisation", target).values()
        ),
    }


def apply_aliases(store: Store, mentions: Iterable[Mention]) -> list[Mention]:
    """The mentions with canonical names remapped by the curators' aliases."""
    table = store.curation.aliases()
    if not table:
        return list(mentions)
    out = []
    for m in mentions:
        name = m.canonical or m.text
        target = _resolve(table, m.kind, name)
        out.append(replace(m, canonical=target) if target != name else m)
    return out


def _resolve(table: dict[tuple[str, str], str], kind: str, name: str) -> str:
    seen = {name}
    while (kind, name) in table:
        name = table[(kind, name)]
        if name in seen:  # a cycle made by hand in the database: stop where we are
            break
        seen.add(name)
    return name
