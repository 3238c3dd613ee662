"""Curators' corrections: applied, logged with before/after, and fed back to the models.

    accept_mention / reject_mention / edit_mention / add_mention   one mention, one log row
    set_theme_label                                                a theme label (retraining)
    corrections_jsonl / corrections_csv                            the audit log, exported

Corrections always win over model output: curated mentions have a status other than 'auto',
which `MentionRepo.replace_auto` never touches when an article is re-processed, and merged
aliases are applied to stored mentions at once and to new ones by the pipeline.

Organisation merges (`merge_organisations`, `apply_aliases`) are `scanner.curation.merges`;
the checks on the values a curator types, `scanner.curation.checks`. What the models learn
from these corrections is `scanner.curation.learning`.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, replace
from typing import Any, TypedDict

from scanner.curation.checks import checked_euros, checked_name
from scanner.curation.merges import apply_aliases, merge_organisations  # noqa: F401 (merge_organisations: reached as corrections.merge_organisations)
from scanner.errors import InputError, UnknownTheme
from scanner.records import Correction, FundingFact, Mention, MentionKind
from scanner.store import Store
from scanner.store.mentions import fact_columns

FACT_COLUMNS = ("role", "is_new", "recipient", "payers", "programme", "decided_by")

KINDS: tuple[MentionKind, ...] = ("programme", "amount", "organisation", "person", "place", "date")
NAMED_KINDS = ("programme", "organisation")  # their names go into the curated gazetteers
KEPT = ("accepted", "edited", "added")
_UNSET: Any = object()


class _MentionEdit(TypedDict, total=False):
    """The fields of a mention `edit_mention` may change."""

    kind: MentionKind
    start: int
    end: int
    text: str
    canonical: str
    value_eur: float | None
    currency: str | None


def _snapshot(m: Mention, status: str) -> str:
    """The before/after text of a log row: the fields a curator can see and change."""
    data: dict[str, Any] = {
        "kind": m.kind,
        "start": m.start,
        "end": m.end,
        "text": m.text,
        "canonical": m.canonical,
        "value_eur": m.value_eur,
        "status": status,
        "article": m.article_id,  # so the log links to the article even once the mention is gone
    }
    if m.fact is not None:
        f = m.fact
        data["fact"] = {
            "role": f.role,
            "new": f.new,
            "recipient": f.recipient,
            "payers": list(f.payers),
            "programme": f.programme,
            "why": f.why(),  # so an undo puts back what decided each field
        }
    return json.dumps(data, ensure_ascii=False, sort_keys=True)


snapshot = _snapshot  # the log form of a mention, for the other curation modules


def accept_mention(store: Store, mention_id: int, curator: str) -> Mention:
    """Confirm a model mention as correct."""
    mention, old = store.mentions.get(mention_id)
    log = (
        f"mention:{mention_id}",
        "accept",
        _snapshot(mention, old),
        _snapshot(mention, "accepted"),
        curator,
    )
    store.curation.update_mention(mention_id, {"status": "accepted"}, log)
    return mention


def reject_mention(store: Store, mention_id: int, curator: str) -> Mention:
    """Mark a mention wrong; re-processing will not bring it back."""
    mention, old = store.mentions.get(mention_id)
    log = (
        f"mention:{mention_id}",
        "reject",
        _snapshot(mention, old),
        _snapshot(mention, "rejected"),
        curator,
    )
    store.curation.update_mention(mention_id, {"status": "rejected"}, log)
    return mention


def edit_mention(
    store: Store,
    mention_id: int,
    curator: str,
    *,
    kind: str | None = None,
    start: int | None = None,
    end: int | None = None,
    canonical: str | None = None,
    value_eur: float | None = _UNSET,
) -> Mention:
    """Fix a mention's span, kind, canonical name or euro value; returns the edited mention."""
    mention, old = store.mentions.get(mention_id)
    edits: _MentionEdit = {}
    if kind is not None and kind != mention.kind:
        edits["kind"] = _check_kind(kind)
    new_start = mention.start if start is None else start
    new_end = mention.end if end is None else end
    if (new_start, new_end) != (mention.start, mention.end):
        text = _span_text(store, mention.article_id, new_start, new_end)
        edits |= {"start": new_start, "end": new_end, "text": text}
    if canonical is not None and canonical.strip() != mention.canonical:
        edits["canonical"] = checked_name(canonical, "canonical name")
    if "text" in edits and mention.kind in NAMED_KINDS:
        checked_name(str(edits["text"]), "selected name")
    if value_eur is not _UNSET and value_eur != mention.value_eur:
        edits["value_eur"] = checked_euros(value_eur)
        edits["currency"] = "EUR" if value_eur is not None else mention.currency
    if not edits:
        return mention
    changes: dict[str, object] = {**edits, "status": "edited"}
    edited = replace(mention, **edits)
    if "kind" in edits:
        # an amount carries a fact, nothing else does
        fact = FundingFact(decided_by=(("role", "curator"),)) if edited.kind == "amount" else None
        edited = replace(edited, fact=fact)
        changes |= dict(zip(FACT_COLUMNS, fact_columns(edited), strict=True))
    log = (
        f"mention:{mention_id}",
        "edit",
        _snapshot(mention, old),
        _snapshot(edited, "edited"),
        curator,
    )
    store.curation.update_mention(mention_id, changes, log)
    return edited


def add_mention(
    store: Store,
    article_id: str,
    start: int,
    end: int,
    kind: str,
    curator: str,
    canonical: str = "",
    value_eur: float | None = None,
    rates: Mapping[str, float] | None = None,
) -> Mention:
    """Add a mention the model missed (overlapping model mentions give way). An amount given
    without a value is read from the selected text with the amount parser (`rates`: euros per
    unit of other currencies)."""
    mention_kind = _check_kind(kind)
    value_eur = checked_euros(value_eur)
    text = _span_text(store, article_id, start, end)
    if kind in NAMED_KINDS:
        checked_name(canonical or text, "canonical name" if canonical.strip() else "selected name")
    mention = Mention(
        kind=mention_kind,
        start=start,
        end=end,
        text=text,
        canonical=canonical.strip() or (text if kind in ("programme", "organisation") else ""),
        value_eur=value_eur,
        currency="EUR" if value_eur is not None else None,
        origin="curator",
        article_id=article_id,
        confidence=1.0,
        curated=True,
    )
    if kind == "amount" and value_eur is None:
        mention = _read_amount(mention, rates or {})
    if kind == "amount":
        mention = _with_fact(store, mention)
    if kind in ("programme", "organisation"):
        mention = apply_aliases(store, [mention])[0]
    log = ("mention:{id}", "add", "", _snapshot(mention, "added"), curator)
    new_id = store.curation.add_mention(article_id, mention, log)
    return replace(mention, id=new_id)


def set_theme_label(
    store: Store,
    article_id: str,
    theme: str,
    label: int | None,
    curator: str,
    known_themes: Sequence[str],
) -> None:
    """Say an article belongs (1) or not (0) to a theme, or remove the label (None)."""
    if theme not in known_themes:
        raise UnknownTheme(theme, list(known_themes))
    store.articles.get(article_id)  # NotFound for an unknown article
    before = store.curation.labels_for(article_id).get(theme)
    log = (
        f"article:{article_id}",
        "theme_label",
        _label_text(theme, before),
        _label_text(theme, label),
        curator,
    )
    store.curation.set_label(article_id, theme, label, log)


def _label_text(theme: str, label: int | None) -> str:
    return "" if label is None else json.dumps({"theme": theme, "label": label})


def _read_amount(mention: Mention, rates: Mapping[str, float]) -> Mention:
    """The mention with the value the amount parser reads in its text (the longest amount
    found), or unchanged when the text holds none."""
    from scanner.nlp.amounts import find_amounts

    found = [a for a in find_amounts(mention.text, rates) if a.value_eur is not None]
    if not found:
        return mention
    best = max(found, key=lambda a: a.end - a.start)
    return replace(
        mention,
        value_eur=best.value_eur,
        currency=best.currency,
        approx=best.approx,
        high_eur=best.high_eur,
    )


def _with_fact(store: Store, mention: Mention) -> Mention:
    """An added amount with the fact the rules read around it (its span is the curator's;
    the fact is the rules' until a curator sets it)."""
    from scanner.nlp.facts import find_facts

    article = store.articles.get(mention.article_id)
    others = [m for m in store.mentions.for_article(article.id) if m.kind != "amount"]
    found = find_facts(
        article.full_text, sorted([*others, mention], key=lambda m: m.start), article.published
    )
    return next((m for m in found if m.kind == "amount" and m.start == mention.start), mention)


def _check_kind(kind: str) -> MentionKind:
    """`kind` as a mention kind; InputError when it is not one."""
    for known in KINDS:
        if kind == known:
            return known
    raise InputError(f"unknown mention kind {kind!r}; kinds: {', '.join(KINDS)}")


def _span_text(store: Store, article_id: str, start: int, end: int) -> str:
    text = store.articles.get(article_id).full_text
    if not 0 <= start < end <= len(text):
        raise InputError(f"span {start}-{end} is outside the article (0-{len(text)})")
    span = text[start:end]
    if not span.strip():
        raise InputError("a mention must contain some text")
    return span


# -- audit log exports (before/after as readable JSON: no \u escapes) -------------------------
LOG_FIELDS = ("id", "target", "action", "before", "after", "curator", "at")


def correction_row(c: Correction) -> dict[str, Any]:
    from scanner.curation.audit import readable

    return asdict(c) | {
        "at": c.at.isoformat(),
        "before": readable(c.before),
        "after": readable(c.after),
    }


def corrections_jsonl(corrections: Iterable[Correction]) -> Iterable[str]:
    for c in corrections:
        yield json.dumps(correction_row(c), ensure_ascii=False) + "\n"


def corrections_csv(corrections: Iterable[Correction]) -> Iterable[str]:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=LOG_FIELDS)
    writer.writeheader()
    for c in corrections:
        writer.writerow(correction_row(c))
        yield buf.getvalue()
        buf.seek(0)
        buf.truncate()
    yield buf.getvalue()
