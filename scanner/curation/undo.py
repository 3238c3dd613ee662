"""Undo a correction: put back what its log row says was there before, and log the undo.

    undo_correction(store, 42, "alice")   # -> the undo's own Correction id

The audit log stays append-only: an undo is a new row (`action = "undo"`, its `after` naming
the correction it undid), never an erased one. A correction is undone only while what it
wrote is still what is stored (a later correction of the same mention must be undone first),
and only once.
"""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

from scanner.curation.audit import UNDOABLE, parse
from scanner.curation.corrections import FACT_COLUMNS, _snapshot
from scanner.errors import InputError, NotFound
from scanner.records import Correction, FundingFact, Mention
from scanner.store import Store
from scanner.store.mentions import fact_columns

RESTORED = ("kind", "start", "end", "text", "canonical", "value_eur", "status")
FACT_FIELDS = ("role", "new", "recipient", "payers", "programme")


class CannotUndo(InputError):
    """The correction cannot be undone (already undone, changed since, not undoable)."""

    def __init__(self, correction_id: int, reason: str) -> None:
        super().__init__(f"correction {correction_id} cannot be undone: {reason}")


def undo_correction(store: Store, correction_id: int, curator: str) -> int:
    """Undo one correction; returns the id of the log row that records the undo."""
    c = store.curation.correction(correction_id)
    if c.action not in UNDOABLE:
        raise CannotUndo(correction_id, f"a {c.action!r} is not undone")
    if correction_id in store.curation.undone_ids():
        raise CannotUndo(correction_id, "it was undone already")
    with store.db.transaction():
        if c.action == "merge":
            _undo_merge(store, c, curator)
        elif c.action == "theme_label":
            _undo_label(store, c, curator)
        elif c.action == "edit_fact":
            _undo_fact(store, c, curator)
        else:
            _undo_mention(store, c, curator)
        return store.curation.corrections(limit=1)[0].id or 0


def _after(c: Correction, **extra: Any) -> str:
    return json.dumps({"undoes": c.id, **extra}, ensure_ascii=False, sort_keys=True)


def _stored(store: Store, c: Correction) -> tuple[int, Mention, str]:
    """The mention a correction was made to, as stored now; CannotUndo when it is gone."""
    mention_id = int(c.target.removeprefix("mention:"))
    try:
        mention, status = store.mentions.get(mention_id)
    except NotFound:
        raise CannotUndo(c.id or 0, "the mention is no longer stored") from None
    return mention_id, mention, status


def _undo_mention(store: Store, c: Correction, curator: str) -> None:
    mention_id, mention, status = _stored(store, c)
    now = parse(_snapshot(mention, status))
    wrote = parse(c.after)
    if any(now.get(k) != wrote.get(k) for k in RESTORED):
        raise CannotUndo(c.id or 0, "the mention was changed since: undo the later correction")
    current = _snapshot(mention, status)
    if c.action == "add":
        log = (c.target, "undo", current, _after(c, removed=True), curator)
        store.curation.delete_mention(mention_id, log)
        return
    before = parse(c.before)
    changes = {k: before[k] for k in RESTORED if k in before and before[k] != now.get(k)}
    if not changes:
        raise CannotUndo(c.id or 0, "it changed nothing that is still there")
    restored = {**now, **changes}
    log = (c.target, "undo", current, _after(c, **restored), curator)
    store.curation.update_mention(mention_id, changes, log)


def _undo_fact(store: Store, c: Correction, curator: str) -> None:
    """Put back an amount's funding fact, and its status, as they were before the edit."""
    mention_id, mention, status = _stored(store, c)
    current = _snapshot(mention, status)
    now, wrote = parse(current).get("fact") or {}, parse(c.after).get("fact") or {}
    if any(now.get(k) != wrote.get(k) for k in FACT_FIELDS):
        raise CannotUndo(c.id or 0, "the fact was changed since: undo the later correction")
    before = parse(c.before)
    old = before.get("fact") or {}
    # logs written before the fact kept its rules: the fields say the undo restored them
    why = old.get("why") or dict.fromkeys(FACT_FIELDS, "undo")
    fact = FundingFact(
        role=old.get("role") or "other",
        new=old.get("new"),
        recipient=old.get("recipient"),
        payers=tuple(old.get("payers") or ()),
        programme=old.get("programme"),
        decided_by=tuple((str(k), str(v)) for k, v in why.items()),
    )
    restored = replace(mention, fact=fact if old else None)
    back_to = str(before.get("status") or status)
    columns: dict[str, object] = dict(zip(FACT_COLUMNS, fact_columns(restored), strict=True))
    columns["status"] = back_to
    after = _after(c, **parse(_snapshot(restored, back_to)))
    log = (c.target, "undo", current, after, curator)
    store.curation.update_mention(mention_id, columns, log)


def _undo_label(store: Store, c: Correction, curator: str) -> None:
    article_id = c.target.removeprefix("article:")
    before, after = parse(c.before), parse(c.after)
    theme = str(after.get("theme") or before.get("theme") or "")
    now = store.curation.labels_for(article_id).get(theme)
    if now != after.get("label"):
        raise CannotUndo(c.id or 0, "the label was changed since: undo the later correction")
    label = before.get("label")
    current = json.dumps({"theme": theme, "label": now}) if now is not None else ""
    log = (c.target, "undo", current, _after(c, theme=theme, label=label), curator)
    store.curation.set_label(article_id, theme, label, log)


def _undo_merge(store: Store, c: Correction, curator: str) -> None:
    before, after = parse(c.before), parse(c.after)
    if "ids" not in after:
        raise CannotUndo(c.id or 0, "merges logged before undo existed did not keep their mentions")
    alias, canonical = str(before.get("name", "")), str(after.get("canonical", ""))
    table = store.curation.aliases("organisation")
    if table.get(("organisation", alias)) != canonical:
        raise CannotUndo(c.id or 0, "the alias was changed since: undo the later merge")
    if before.get("was"):
        store.curation.add_alias("organisation", alias, str(before["was"]), curator)
    else:
        store.curation.remove_alias("organisation", alias)
    for name in after.get("followers", []):
        store.curation.add_alias("organisation", str(name), alias, curator)
    ids = [int(i) for i in after["ids"]]
    # only the mentions still carrying the merged name go back (a later edit stands)
    named = set(store.curation.mentions_named("organisation", canonical))
    still = [i for i in ids if i in named]
    restored = store.curation.rename_mentions(still, alias)
    store.curation.log(
        c.target,
        "undo",
        c.after,
        _after(c, name=alias, mentions=restored),
        curator,
    )
