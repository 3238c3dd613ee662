"""The audit log as a curator reads it: what was done, to what, what changed. Pure.

    entry = describe(correction, article_id="a1")
    entry.action      # "Correction"
    entry.subject     # "Montant « 3 M€ »"
    entry.changes     # (Change("valeur", "300 k€", "3 M€"), Change("statut", "à relire", "corrigée"))

Each log row keeps its before/after as JSON text (the record of what was stored); this module
turns a pair into the fields that changed, in French, with amounts in euros and names without
escapes (`Université`, not `Universit\\u00e9`), for the web page and `scanner curate log`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from scanner.nlp.money_format import format_eur
from scanner.records import Correction

ACTIONS = {
    "accept": "Validation",
    "reject": "Rejet",
    "edit": "Correction",
    "edit_fact": "Fait corrigé",
    "add": "Ajout",
    "theme_label": "Thème",
    "merge": "Fusion",
    "reprocess": "Re-traitement",
    "undo": "Annulation",
}
KINDS = {
    "programme": "Programme",
    "amount": "Montant",
    "organisation": "Organisation",
    "person": "Personne",
    "place": "Lieu",
    "date": "Date",
}
STATUSES = {
    "auto": "à relire",
    "accepted": "validée",
    "edited": "corrigée",
    "added": "ajoutée",
    "rejected": "rejetée",
}
FIELDS = {
    "kind": "type",
    "text": "texte",
    "canonical": "nom",
    "value_eur": "valeur",
    "start": "position",
    "status": "statut",
}
# a mention's fields a curator can change, in the order a reader wants them
SHOWN = ("status", "kind", "text", "canonical", "value_eur", "start")
# an amount's funding fact, field by field
FACT_SHOWN = {
    "role": "nature",
    "new": "nouveau",
    "recipient": "bénéficiaire",
    "payers": "financeurs",
    "programme": "programme",
}
UNDOABLE = ("accept", "reject", "edit", "add", "theme_label", "merge", "edit_fact")


@dataclass(frozen=True, slots=True)
class Change:
    label: str
    before: str
    after: str


@dataclass(frozen=True, slots=True)
class LogEntry:
    """One correction, readable."""

    correction: Correction
    action: str
    subject: str
    changes: tuple[Change, ...]
    article_id: str = ""  # the article it concerns, when known (a link to it)
    undoes: int | None = None  # the correction this one undid

    @property
    def undoable(self) -> bool:
        return self.correction.action in UNDOABLE


def parse(text: str) -> dict[str, Any]:
    """A before/after JSON object ({} when empty or not JSON: old rows, free text)."""
    if not text:
        return {}
    try:
        data = json.loads(text)
    except ValueError:
        return {"note": text}
    return data if isinstance(data, dict) else {"note": text}


def readable(text: str) -> str:
    """JSON text written again without \\u escapes (anything else unchanged)."""
    try:
        return json.dumps(json.loads(text), ensure_ascii=False, sort_keys=True) if text else ""
    except ValueError:
        return text


def describe(c: Correction, article_id: str = "") -> LogEntry:
    before, after = parse(c.before), parse(c.after)
    action = ACTIONS.get(c.action, c.action)
    undoes = after.get("undoes") if c.action == "undo" else None
    if c.target.startswith("article:"):
        article_id = article_id or c.target.removeprefix("article:")
    if c.action == "merge":
        subject = f"Organisation « {before.get('name', c.target.removeprefix('alias:'))} »"
        changes = [Change("nom", str(before.get("name", "")), str(after.get("canonical", "")))]
        if "mentions" in after:
            changes.append(Change("mentions renommées", "", str(after["mentions"])))
        return LogEntry(c, action, subject, tuple(changes), article_id, undoes)
    if c.action == "theme_label" or "theme" in before or "theme" in after:
        theme = str(after.get("theme") or before.get("theme") or "")
        change = Change(f"thème {theme}", _label(before), _label(after))
        return LogEntry(c, action, f"Article {article_id}", (change,), article_id, undoes)
    if c.action == "reprocess":
        return LogEntry(c, action, f"Article {article_id}", (), article_id, undoes)
    mention = after or before
    article_id = article_id or str(mention.get("article") or "")
    kind = KINDS.get(str(mention.get("kind", "")), "Mention")
    subject = f"{kind} « {mention.get('text', '')} »" if mention else c.target
    fields = tuple(
        Change(FIELDS[k], _show(k, before.get(k)), _show(k, after.get(k)))
        for k in SHOWN
        if (k in before or k in after) and before.get(k) != after.get(k)
    )
    fact_before, fact_after = before.get("fact") or {}, after.get("fact") or {}
    fields += tuple(
        Change(f"fait : {label}", _fact(fact_before.get(k)), _fact(fact_after.get(k)))
        for k, label in FACT_SHOWN.items()
        if fact_before.get(k) != fact_after.get(k)
    )
    return LogEntry(c, action, subject, fields, article_id, undoes)


def _fact(value: Any) -> str:
    """A fact field as the log shows it: oui/non for `new`, payers joined."""
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


def _label(data: dict[str, Any]) -> str:
    if "label" not in data:
        return "sans avis"
    return "appartient" if data["label"] else "n'appartient pas"


def _show(key: str, value: Any) -> str:
    if value is None or value == "":
        return "—"
    if key == "value_eur" and isinstance(value, int | float):
        return format_eur(float(value))
    if key == "status":
        return STATUSES.get(str(value), str(value))
    if key == "kind":
        return KINDS.get(str(value), str(value)).lower()
    return str(value)


def text_lines(e: LogEntry) -> list[str]:
    """The entry as `scanner curate log` prints it, one change a line."""
    c = e.correction
    head = f"{c.id:>5} {c.at:%Y-%m-%d %H:%M} {c.curator:<12} {e.action:<13} {e.subject}"
    lines = [head]
    if e.article_id:
        lines.append(f"      article : {e.article_id}")
    if e.undoes:
        lines.append(f"      annule la correction n° {e.undoes}")
    lines += [f"      {ch.label} : {ch.before} → {ch.after}" for ch in e.changes]
    return lines
