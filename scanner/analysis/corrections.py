"""What the curators' corrections changed: the audit log in words, mentions by review
status, theme labels against the model's scores, merged names."""

from __future__ import annotations

import json

import pandas as pd

from scanner.config import Config
from scanner.store import Store


def _changes(before: str, after: str) -> str:
    """What a correction changed, in words: "canonical: 'A' → 'B'; status: auto → edited"."""
    try:
        b = json.loads(before) if before else {}
        a = json.loads(after) if after else {}
    except ValueError:
        return f"{before!r} → {after!r}"
    if not isinstance(a, dict) or not isinstance(b, dict):
        return f"{before!r} → {after!r}"
    if not b:
        return "; ".join(f"{k}: {v!r}" for k, v in a.items() if v not in (None, ""))
    return "; ".join(
        f"{k}: {b.get(k)!r} → {a.get(k)!r}" for k in dict.fromkeys([*b, *a]) if b.get(k) != a.get(k)
    )


def corrections_frame(store: Store) -> pd.DataFrame:
    """The curators' audit log, oldest first, with what each correction changed in words."""
    rows = [
        {
            "id": c.id,
            "at": c.at,
            "curator": c.curator,
            "on": c.target.split(":", 1)[0],
            "target": c.target,
            "action": c.action,
            "change": _changes(c.before, c.after),
        }
        for c in store.curation.iter_corrections()
    ]
    columns = ["id", "at", "curator", "on", "target", "action", "change"]
    return pd.DataFrame(rows, columns=columns)


def correction_summary(corrections: pd.DataFrame) -> pd.DataFrame:
    """Corrections counted by what they were on (mention, article, alias) and action."""
    if corrections.empty:
        return pd.DataFrame(columns=["on", "action", "corrections", "curators"])
    grouped = corrections.groupby(["on", "action"])
    return pd.DataFrame(
        {"corrections": grouped.size(), "curators": grouped["curator"].nunique()}
    ).reset_index()


def mention_statuses(store: Store) -> pd.DataFrame:
    """Stored mentions per kind (rows) and review status (columns: auto = never reviewed;
    accepted, edited, added, rejected by a curator)."""
    rows = store.db.query(
        "SELECT kind, status, COUNT(*) AS n FROM mentions GROUP BY kind, status ORDER BY kind"
    )
    frame = pd.DataFrame([tuple(r) for r in rows], columns=["kind", "status", "n"])
    table = frame.pivot_table(index="kind", columns="status", values="n", fill_value=0)
    order = [s for s in ("auto", "accepted", "edited", "added", "rejected") if s in table.columns]
    return table.reindex(columns=order).astype(int)


def theme_label_effects(cfg: Config, store: Store) -> pd.DataFrame:
    """Each curator's theme label beside the model's score for that theme: `overrode` when
    the label says otherwise than the model (score against `[themes].threshold`)."""
    labels = store.themes.labels()
    scores = store.themes.for_articles(list(labels))
    articles = store.articles.many(list(labels))
    rows = []
    for aid, by_theme in labels.items():
        got = {s.theme: s.score for s in scores.get(aid, [])}
        for theme, label in by_theme.items():
            score = got.get(theme)
            model = None if score is None else score >= cfg.themes.threshold
            rows.append(
                {
                    "article_id": aid,
                    "title": articles[aid].title if aid in articles else "",
                    "theme": theme,
                    "label": "belongs" if label else "does not belong",
                    "model_score": score,
                    "overrode": model is not None and model != bool(label),
                }
            )
    columns = ["article_id", "title", "theme", "label", "model_score", "overrode"]
    return pd.DataFrame(rows, columns=columns)


def alias_table(store: Store) -> pd.DataFrame:
    """Names curators merged into a canonical one (kind, alias → canonical)."""
    rows = [(k, a, c) for (k, a), c in sorted(store.curation.aliases().items())]
    return pd.DataFrame(rows, columns=["kind", "alias", "canonical"])
