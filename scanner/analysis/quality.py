"""Extraction quality for curators and whoever tunes the models: `scanner eval` figures as
tables, a confusion view of theme assignments, and the worst mention errors with their context
(what the curators' corrections changed is `corrections.py`).

The evaluations are those of `scanner eval` (`scanner.eval.mentions`, `scanner.eval.themes`,
`scanner.eval.search`) on the gold set the config names (`[themes].gold`); this module only
turns their reports into tables. `theme_predictions` repeats the cross-validation of
`evaluate_themes` to keep each item's predictions, which the report does not expose.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

import pandas as pd

from scanner.analysis.watch import OFF_TOPIC
from scanner.config import Config
from scanner.eval.corpus import GoldItem, load_gold, load_items
from scanner.eval.mentions import MentionReport, normalise
from scanner.eval.search import SearchReport
from scanner.eval.themes import SYSTEM_LABELS, ThemeReport
from scanner.themes.scoring import (
    gold_folder,
)

CONTEXT_CHARS = 70
ERROR_KINDS = ("missed", "false alarm", "wrong canonical", "wrong value")


def corpora_folder(cfg: Config) -> Path:
    """The gold corpus the config names (`[themes].gold`: sample/ and gold/)."""
    return gold_folder(cfg)


# -- `scanner eval` figures as tables ---------------------------------------------------------


def mention_table(report: MentionReport, baseline: MentionReport | None = None) -> pd.DataFrame:
    """Precision, recall, F1 and counts per mention kind, for the mention stage and the spaCy
    baseline (rows: system × kind)."""
    rows = [
        {
            "system": rep.label,
            "kind": kind,
            "precision": s.precision,
            "recall": s.recall,
            "f1": s.f1,
            "tp": s.tp,
            "fp": s.fp,
            "fn": s.fn,
        }
        for rep in (report, baseline)
        if rep is not None
        for kind, s in rep.kinds.items()
    ]
    return pd.DataFrame(rows).set_index(["system", "kind"])


def accuracy_table(report: MentionReport) -> pd.DataFrame:
    """Canonical-name accuracy of matched programmes and organisations, and euro-value
    accuracy (within 0.5%) of matched amounts."""
    rows = [(f"canonical {kind}", right, seen) for kind, (right, seen) in report.canonical.items()]
    rows.append(("amount value", *report.amount_values))
    frame = pd.DataFrame(rows, columns=["check", "right", "compared"]).set_index("check")
    frame["accuracy"] = frame["right"] / frame["compared"].where(frame["compared"] > 0)
    return frame


def theme_table(report: ThemeReport) -> pd.DataFrame:
    """Per theme: gold support, then precision/recall/F1 of the baseline (taxonomy similarity
    alone) and of the combined score the product uses."""
    rows = []
    for k in report.themes:
        b, c = report.overall["similarity"].per_theme[k], report.overall["combined"].per_theme[k]
        rows.append(
            {
                "theme": k,
                "n": report.support[k],
                "baseline P": b.precision,
                "baseline R": b.recall,
                "baseline F1": b.f1,
                "P": c.precision,
                "R": c.recall,
                "F1": c.f1,
            }
        )
    return pd.DataFrame(rows).set_index("theme")


def theme_systems(report: ThemeReport) -> pd.DataFrame:
    """Macro-F1, micro-F1 and off-topic accuracy of each system, overall and per language."""
    rows = []
    for name, s in report.overall.items():
        row: dict[str, object] = {
            "system": SYSTEM_LABELS.get(name, name),
            "macro-F1": s.macro_f1,
            "micro-F1": s.micro_f1,
            "off-topic accuracy": s.offtopic_accuracy,
        }
        for lang, systems in sorted(report.by_lang.items()):
            row[f"{lang} macro-F1"] = systems[name].macro_f1
        rows.append(row)
    return pd.DataFrame(rows).set_index("system")


def search_table(report: SearchReport) -> pd.DataFrame:
    """nDCG@10 and recall@10 per search mode, overall and per query subset (en, fr,
    paraphrase)."""
    rows = []
    for mode in ("dense", "lexical", "hybrid"):
        row: dict[str, object] = {"mode": mode}
        groups = [("all", None)] + [(s, f"subset:{s}") for s in report.subsets]
        for name, group in groups:
            row[f"nDCG@10 {name}"] = report.mean(mode, "ndcg", group)
            row[f"R@10 {name}"] = report.mean(mode, "recall", group)
        rows.append(row)
    return pd.DataFrame(rows).set_index("mode")


# -- themes: per-item predictions and confusion ------------------------------------------------


def theme_predictions(report: ThemeReport) -> pd.DataFrame:
    """Every gold item's gold themes and the themes the combined score assigns it, as
    `evaluate_themes` cross-validated them, with what is missing and extra."""
    rows = [
        {
            "id": p.id,
            "lang": p.lang,
            "title": p.title,
            "gold": p.gold,
            "assigned": p.assigned,
            "missing": tuple(k for k in p.gold if k not in p.assigned),
            "extra": tuple(k for k in p.assigned if k not in p.gold),
            "best": p.best,
            "best_score": p.best_score,
        }
        for p in report.predictions
    ]
    return pd.DataFrame(rows)


def theme_confusion(predictions: pd.DataFrame, keys: Sequence[str]) -> pd.DataFrame:
    """Gold theme (rows) × assigned theme (columns), `hors_theme` for no theme on either side.
    Every (gold, assigned) pair of an item counts once: a single-theme item lands in one cell
    (on the diagonal when right); an item with two gold and two assigned themes in four."""
    labels = [*keys, OFF_TOPIC]
    table = pd.DataFrame(0, index=pd.Index(labels, name="gold"), columns=labels)
    for r in predictions.itertuples(index=False):
        for g in r.gold or (OFF_TOPIC,):
            for p in r.assigned or (OFF_TOPIC,):
                table.loc[g, p] += 1
    table.columns.name = "assigned"
    return table


def theme_mistakes(predictions: pd.DataFrame) -> pd.DataFrame:
    """The gold items whose assigned themes differ from the gold ones."""
    wrong = predictions[(predictions["missing"].map(len) > 0) | (predictions["extra"].map(len) > 0)]
    columns = ["id", "lang", "title", "gold", "assigned", "missing", "extra", "best_score"]
    return wrong[columns].reset_index(drop=True)


# -- mentions: the worst misses and false alarms, in context -----------------------------------


def context(text: str, needle: str, width: int = CONTEXT_CHARS) -> str:
    """The passage of `text` around the first occurrence of `needle`, the needle between
    [[ ]] ("" when it cannot be found, case and accents aside)."""
    at = text.find(needle)
    if at < 0:
        at = text.casefold().find(needle.casefold())
    if at < 0 or not needle:
        return ""
    lo, hi = max(0, at - width), min(len(text), at + len(needle) + width)
    gap = " " if text[at - 1 : at].isspace() else ""
    before = ("…" if lo > 0 else "") + " ".join(text[lo:at].split()) + gap
    gap = " " if text[at + len(needle) : at + len(needle) + 1].isspace() else ""
    after = gap + " ".join(text[at + len(needle) : hi].split()) + ("…" if hi < len(text) else "")
    return f"{before}[[{text[at : at + len(needle)]}]]{after}"


def _gold_value(item: GoldItem | None, kind: str, text: str) -> object:
    if item is None:
        return None
    key = normalise(text)
    for m in item.mentions:
        if m.kind == kind and normalise(m.text) == key:
            return m.value_eur if kind == "amount" else m.canonical or None
    return None


def mention_errors(
    report: MentionReport,
    items: Mapping[str, str],
    gold: Mapping[str, GoldItem],
) -> pd.DataFrame:
    """Every mention error of the report, grouped by kind, error and (normalised) text, worst
    first: the errors repeated over the most items, then the largest amounts. `items` are the
    gold texts (`load_items`), `gold` the annotations (`load_gold`)."""
    cases: list[tuple[str, str, str, str, object, object]] = []
    for kind, found in report.false_negatives.items():
        cases += [(kind, "missed", i, t, _gold_value(gold.get(i), kind, t), None) for i, t in found]
    for kind, found in report.false_positives.items():
        cases += [(kind, "false alarm", i, t, None, None) for i, t in found]
    for item_id, text, want, got in report.wrong_canonical:
        kind = next(
            (
                m.kind
                for m in gold[item_id].mentions
                if normalise(m.text) == normalise(text) and m.kind != "amount"
            ),
            "organisation",
        )
        cases.append((kind, "wrong canonical", item_id, text, want, got))
    cases += [("amount", "wrong value", i, t, v, g) for i, t, v, g in report.wrong_values]
    rows: dict[tuple[str, str, str], dict] = {}
    for kind, error, item_id, text, expected, actual in cases:
        key = (kind, error, normalise(text))
        row = rows.get(key)
        if row is None:
            rows[key] = {
                "kind": kind,
                "error": error,
                "text": text,
                "items": 1,
                "item_id": item_id,
                "expected": expected,
                "got": actual,
                "context": context(items.get(item_id, ""), text),
            }
        else:
            row["items"] += 1
    frame = pd.DataFrame(
        list(rows.values()),
        columns=["kind", "error", "text", "items", "item_id", "expected", "got", "context"],
    )
    if frame.empty:
        return frame
    money = pd.to_numeric(frame["expected"].where(frame["kind"] == "amount"), errors="coerce")
    frame = frame.assign(_money=money.fillna(0.0))
    frame["_order"] = frame["error"].map({e: i for i, e in enumerate(ERROR_KINDS)})
    frame = frame.sort_values(
        ["kind", "_order", "items", "_money"], ascending=[True, True, False, False]
    )
    return frame.drop(columns=["_money", "_order"]).reset_index(drop=True)


def worst_errors(errors: pd.DataFrame, n: int = 5, error: str | None = None) -> pd.DataFrame:
    """The first `n` errors of each kind (and error type), optionally of one error type."""
    if error is not None:
        errors = errors[errors["error"] == error]
    return errors.groupby(["kind", "error"], sort=False).head(n).reset_index(drop=True)


def gold_texts(corpora: Path) -> tuple[dict[str, str], dict[str, GoldItem]]:
    """The gold item texts and annotations of a corpus (what `mention_errors` reads)."""
    return load_items(corpora), load_gold(corpora)
