"""Signals over time: items per theme per week, funding facts, rising organisations, and the
emerging clusters followed week by week by their stable ids.

Every table is indexed by ISO week ("2026-W46") over the whole span of the store, weeks
without items included, so a gap shows as a gap and not as a missing row.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from scanner.analysis.watch import OFF_TOPIC, all_weeks, articles_frame, theme_labels
from scanner.bulletin.money import ROLE_LABELS, is_new_money
from scanner.clusters.emerging import EMERGING
from scanner.config import Config
from scanner.nlp.money_format import format_eur
from scanner.records import Mention
from scanner.store import Store

LINEAGE_VERBS = {
    "new": "appeared",
    "grown": "grew",
    "stable": "held",
    "shrunk": "shrank",
    "merged": "merged",
    "split": "split",
    "faded": "faded",
}


def theme_weeks(
    cfg: Config, store: Store, articles: pd.DataFrame | None = None, stories: bool = False
) -> pd.DataFrame:
    """Items per ISO week (rows) and theme (columns, taxonomy order, off-topic last). An
    article assigned two themes counts in both; `stories` counts distinct stories instead of
    articles (five rewrites of one piece of news count once)."""
    frame = articles if articles is not None else articles_frame(cfg, store, processed_only=True)
    rows = []
    for r in frame.itertuples(index=False):
        if r.week is None:
            continue
        for theme in r.themes or (OFF_TOPIC,):
            rows.append((r.week, theme, r.story_id if stories else r.id))
    long = pd.DataFrame(rows, columns=["week", "theme", "item"])
    counts = long.groupby(["week", "theme"])["item"].nunique().unstack(fill_value=0)
    return counts.reindex(
        index=pd.Index(all_weeks(store), name="week"), columns=list(theme_labels(cfg)), fill_value=0
    ).astype(int)


def _names(mentions: Sequence[Mention], kind: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(m.canonical or m.text for m in mentions if m.kind == kind))


MONEY_COLUMNS = [
    "week", "article_id", "title", "theme", "text", "value_eur", "role", "kind", "new",
    "recipient", "payers", "programme", "curated",
]  # fmt: skip


def money_frame(
    cfg: Config, store: Store, articles: pd.DataFrame | None = None, on_theme: bool = True
) -> pd.DataFrame:
    """Each amount as its funding fact, the bulletin's facts: once per story, value and role,
    with the week and the article's best theme (`on_theme=False` keeps off-topic articles'
    amounts too). `new` is the bulletin's rule: money of a funding kind the article announces
    as this week's news; the rest (past rounds, restated envelopes, markets, prices) is
    context. Sum `new` money within one `role` at a time: an envelope added to a round is
    no figure."""
    frame = articles if articles is not None else articles_frame(cfg, store, processed_only=True)
    if on_theme:
        frame = frame[frame["theme"] != OFF_TOPIC]
    info = frame.set_index("id")
    mentions = store.mentions.for_articles(list(info.index))
    seen: set[tuple[str, int, str]] = set()
    rows = []
    for aid, ms in mentions.items():
        if info.at[aid, "week"] is None:
            continue
        for m in ms:
            if m.kind != "amount" or not m.value_eur or m.value_eur <= 0:
                continue
            f = m.fact
            role = f.role if f is not None else "other"
            key = (info.at[aid, "story_id"], round(float(m.value_eur)), role)
            if key in seen:
                continue
            seen.add(key)
            rows.append(
                {
                    "week": info.at[aid, "week"],
                    "article_id": aid,
                    "title": info.at[aid, "title"],
                    "theme": info.at[aid, "theme"],
                    "text": m.text,
                    "value_eur": float(m.value_eur),
                    "role": role,
                    "kind": ROLE_LABELS.get(role, role),
                    "new": is_new_money(m),
                    "recipient": f.recipient if f is not None else None,
                    "payers": f.payers if f is not None else (),
                    "programme": f.programme if f is not None else None,
                    "curated": m.curated,
                }
            )
    out = pd.DataFrame(rows, columns=MONEY_COLUMNS)
    out = out.astype({"value_eur": float, "new": bool, "curated": bool})
    order = out.sort_values(["week", "value_eur"], ascending=[True, False], kind="stable")
    return order.reset_index(drop=True)


GROUPS = {"theme": "theme", "role": "role", "programme": "programme", "recipient": "recipient",
          "payer": "payers"}  # fmt: skip


def money_by(money: pd.DataFrame, by: str, weeks: Sequence[str]) -> pd.DataFrame:
    """Euros per week (rows, `weeks`) and `by` (columns: theme, role, programme, recipient or
    payer), largest total first. An amount with two payers counts under both, so payer
    columns do not add up to the week's total; amounts without one are left out. Pass one
    kind of money (`money[money["role"] == "equity"]`) or the new money of one role at a time
    to read totals: the table adds whatever it is given."""
    column = GROUPS.get(by)
    if column is None or column not in money.columns:
        raise ValueError(f"cannot group money by {by!r}; choose from {', '.join(GROUPS)}")
    long = money.explode(column) if column == "payers" else money
    long = long[long[column].notna() & (long[column] != "")]
    table = long.pivot_table(
        index="week", columns=column, values="value_eur", aggfunc="sum", fill_value=0.0
    )
    table = table.reindex(pd.Index(list(weeks), name="week"), fill_value=0.0)
    order = table.sum().sort_values(ascending=False).index
    return table[order].astype(float)


def in_eur(table: pd.DataFrame) -> pd.DataFrame:
    """A money table written the French way ("2,3 Md€"; "" for nothing)."""
    return table.map(lambda v: format_eur(v) if v else "")


def largest_amounts(money: pd.DataFrame, n: int = 10) -> pd.DataFrame:
    """The `n` largest amounts announced, their value written the French way."""
    top = money.nlargest(n, "value_eur").reset_index(drop=True)
    top.insert(top.columns.get_loc("value_eur"), "amount", top["value_eur"].map(format_eur))
    return top


def organisation_weeks(
    cfg: Config, store: Store, articles: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Stories naming each organisation (columns, canonical names) per ISO week (rows)."""
    frame = articles if articles is not None else articles_frame(cfg, store, processed_only=True)
    frame = frame[frame["week"].notna()]
    mentions = store.mentions.for_articles(list(frame["id"]))
    rows = [
        (r.week, name, r.story_id)
        for r in frame.itertuples(index=False)
        for name in _names(mentions.get(r.id, []), "organisation")
    ]
    long = pd.DataFrame(rows, columns=["week", "organisation", "story"])
    table = long.groupby(["week", "organisation"])["story"].nunique().unstack(fill_value=0)
    return table.reindex(pd.Index(all_weeks(store), name="week"), fill_value=0).astype(int)


def rising_organisations(org_weeks: pd.DataFrame, recent: int = 2, top: int = 10) -> pd.DataFrame:
    """Organisations whose mentions rise fastest: stories naming them in the last `recent`
    weeks against the `recent` weeks before. `rise` is the difference, `ratio` the smoothed
    quotient (recent + 1) / (before + 1); `new` marks those never named before the recent
    weeks. Sorted by rise, then ratio, then recent count; only organisations with a rise."""
    weeks = list(org_weeks.index)
    last, before = weeks[-recent:], weeks[-2 * recent : -recent] if len(weeks) > recent else []
    earlier = weeks[: max(0, len(weeks) - recent)]
    now = org_weeks.loc[last].sum()
    then = org_weeks.loc[before].sum() if before else now * 0
    ever = org_weeks.loc[earlier].sum() if earlier else now * 0
    out = pd.DataFrame({"recent": now, "before": then})
    out["rise"] = out["recent"] - out["before"]
    out["ratio"] = (out["recent"] + 1) / (out["before"] + 1)
    out["new"] = ever == 0
    out = out[out["rise"] > 0]
    out = out.sort_values(["rise", "ratio", "recent"], ascending=False, kind="stable")
    out.index.name = "organisation"
    out.attrs["weeks"] = (before, last)
    return out.head(top).astype({"recent": int, "before": int, "rise": int})


def cluster_weeks(store: Store) -> pd.DataFrame:
    """Every cluster in every week it was seen: stable id, week, size (articles in the
    look-back window), `recent` (members published that week), growth, lineage (new, grown,
    stable, shrunk, merged, split, faded), parents and characteristic words."""
    rows = []
    for week in store.clusters.weeks():
        for cw in store.clusters.week(week):
            c = cw.cluster
            rows.append(
                {
                    "cluster": c.id,
                    "week": week,
                    "size": c.size,
                    "recent": cw.recent,
                    "growth": c.growth,
                    "lineage": c.lineage,
                    "emerging": c.lineage in EMERGING and c.growth > 0 and cw.recent > 0,
                    "parents": c.parents,
                    "words": ", ".join(c.words[:6]),
                }
            )
    columns = ["cluster", "week", "size", "recent", "growth", "lineage", "emerging"]
    columns += ["parents", "words"]
    return pd.DataFrame(rows, columns=columns).sort_values(["cluster", "week"], ignore_index=True)


def cluster_timeline(lineage: pd.DataFrame, weeks: Sequence[str]) -> pd.DataFrame:
    """Cluster size per cluster (rows, oldest first) and week (columns); 0 once faded."""
    table = lineage.pivot_table(
        index="cluster", columns="week", values="size", aggfunc="max", fill_value=0
    )
    table = table.reindex(columns=list(weeks), fill_value=0)
    first = lineage.groupby("cluster")["week"].min()
    return table.loc[first.sort_values(kind="stable").index].astype(int)


def cluster_stories(lineage: pd.DataFrame) -> pd.DataFrame:
    """One line per cluster telling its life in words: "appeared 2026-W44 (3), grew
    2026-W45 (+2 → 5), faded 2026-W47", with its latest words."""
    rows = []
    for cid, group in lineage.groupby("cluster", sort=False):
        steps = []
        for r in group.sort_values("week").itertuples(index=False):
            verb = LINEAGE_VERBS.get(r.lineage, r.lineage)
            if r.lineage in ("merged", "split") and r.parents:
                verb += f" ({'with' if r.lineage == 'merged' else 'from'} {', '.join(r.parents)})"
            if r.lineage == "new":
                steps.append(f"{verb} {r.week} ({r.size})")
            elif r.lineage == "faded":
                steps.append(f"{verb} {r.week}")
            else:
                steps.append(f"{verb} {r.week} ({r.growth:+.0f} → {r.size})")
        alive = group[group["lineage"] != "faded"]
        latest = alive.iloc[-1] if len(alive) else group.iloc[-1]
        rows.append(
            {
                "cluster": cid,
                "first_week": group["week"].min(),
                "last_week": latest["week"],
                "peak": int(group["size"].max()),
                "emerging_weeks": int(group["emerging"].sum()),
                "words": latest["words"],
                "story": ", ".join(steps),
            }
        )
    columns = ["cluster", "first_week", "last_week", "peak", "emerging_weeks", "words", "story"]
    out = pd.DataFrame(rows, columns=columns)
    return out.sort_values(["first_week", "cluster"], ignore_index=True)
