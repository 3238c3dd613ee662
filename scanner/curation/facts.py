"""A curator's funding fact: set an amount's role, `new`, recipient, payers or programme.

    edit_fact(store, mention_id, "alice", role="loan", payers=["Banque européenne d'investissement"])

The amount becomes "edited", so re-processing never replaces it (`MentionRepo.replace_auto`);
each field the curator set says "curator" in the fact's `decided_by`; the audit log keeps the
fact before and after; the names a curator types (recipient, payers, programme) go to the
watch's curated gazetteers (`scanner.curation.learning`), so the extractor finds them next
time, and `scanner curate export` writes the facts with the other corrections.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from typing import Any

from scanner.curation.corrections import FACT_COLUMNS, snapshot
from scanner.errors import InputError
from scanner.records import FUNDING_ROLES, FundingFact, Mention
from scanner.store import Store
from scanner.store.mentions import fact_columns

MAX_NAME = 200  # characters of one recipient or payer name
MAX_PAYERS = 20
_UNSET: Any = object()


def edit_fact(
    store: Store,
    mention_id: int,
    curator: str,
    *,
    role: str | None = _UNSET,
    new: bool | None = _UNSET,
    recipient: str | None = _UNSET,
    payers: Iterable[str] | None = _UNSET,
    programme: str | None = _UNSET,
) -> Mention:
    """Set fields of an amount's funding fact (an absent argument leaves its field alone;
    "" or None clears a name); returns the amount as stored."""
    mention, old = store.mentions.get(mention_id)
    if mention.kind != "amount":
        raise InputError(f"mention {mention_id} is a {mention.kind}, not an amount: it has no fact")
    fact = mention.fact or FundingFact()
    changed: dict[str, Any] = {}
    if role is not _UNSET:
        if role not in FUNDING_ROLES:
            raise InputError(f"unknown role {role!r}; roles: {', '.join(FUNDING_ROLES)}")
        changed["role"] = role
    if new is not _UNSET:
        changed["new"] = None if new is None else bool(new)
    if recipient is not _UNSET:
        changed["recipient"] = clean_name(recipient, "recipient")
    if payers is not _UNSET:
        names = [n for n in (clean_name(p, "payer") for p in payers or ()) if n]
        if len(names) > MAX_PAYERS:
            raise InputError(f"at most {MAX_PAYERS} payers, got {len(names)}")
        changed["payers"] = tuple(dict.fromkeys(names))
    if programme is not _UNSET:
        changed["programme"] = clean_name(programme, "programme")
    changed = {k: v for k, v in changed.items() if getattr(fact, k) != v}
    if not changed:
        return mention
    why = fact.why() | dict.fromkeys(changed, "curator")
    edited = replace(mention, fact=replace(fact, **changed, decided_by=tuple(why.items())))
    columns = dict(zip(FACT_COLUMNS, fact_columns(edited), strict=True))
    log = (
        f"mention:{mention_id}",
        "edit_fact",
        snapshot(mention, old),
        snapshot(edited, "edited"),
        curator,
    )
    store.curation.update_mention(mention_id, columns | {"status": "edited"}, log)
    return replace(edited, curated=True)


def clean_name(value: str | None, what: str) -> str | None:
    """A name as typed by a curator: trimmed, None when empty, an error when too long."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise InputError(f"{what} must be text, not {type(value).__name__}")
    name = " ".join(value.split())
    if len(name) > MAX_NAME:
        raise InputError(f"{what} name too long ({len(name)} characters, at most {MAX_NAME})")
    return name or None
