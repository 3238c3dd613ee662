"""The week's money as funding facts: what is new, of which kind, who gets it, who pays. Pure.

    new, context = money_lines(inp, themes)   # facts announced this week / the rest, once per story
    money_totals(new)                         # {"equity": 4.2e7, "grant": 1.8e7, ...}: never summed across kinds
    money_by_theme(new, themes)               # theme → kind → euros (the chart)

Only new money counts (`FundingFact.new`): a programme's envelope restated, a round raised last
year, a market size, a price are context, listed apart and never added to the week's total. The
headline gives one total per kind, so an envelope is never added to a round.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from scanner.bulletin.model import Inputs, MoneyLine
from scanner.records import Article, Mention

# Kinds of new money, in headline order, with their headline label.
KINDS: dict[str, str] = {
    "equity": "Levées de fonds",
    "grant": "Aides publiques",
    "loan": "Prêts",
    "investment": "Investissements",
    "acquisition": "Acquisitions",
    "contract": "Contrats",
    "public_budget": "Enveloppes annoncées",
}
# What each role is called in a table row.
ROLE_LABELS: dict[str, str] = {
    "equity": "levée de fonds",
    "grant": "aide publique",
    "loan": "prêt",
    "public_budget": "enveloppe",
    "investment": "investissement",
    "acquisition": "acquisition",
    "contract": "contrat",
    "market": "marché",
    "cost": "coût, prix",
    "revenue": "chiffre d'affaires",
    "other": "autre",
}


def is_new_money(m: Mention) -> bool:
    """An amount the article announces as this week's money, of a funding kind, in euros."""
    f = m.fact
    return (
        m.kind == "amount"
        and f is not None
        and f.new is True
        and f.role in KINDS
        and bool(m.value_eur)
        and (m.value_eur or 0) > 0
    )


def money_lines(inp: Inputs, themes: Mapping[str, str]) -> tuple[list[MoneyLine], list[MoneyLine]]:
    """(new money, context) of the week's on-theme articles: each fact once per story (a
    curated one wins), largest first."""
    new: dict[tuple[str, int, str], MoneyLine] = {}
    context: dict[tuple[str, int, str], MoneyLine] = {}
    for aid, theme in themes.items():
        a = inp.articles[aid]
        for m in inp.mentions.get(aid, ()):
            if m.kind != "amount" or not m.value_eur or m.value_eur <= 0:
                continue
            line = money_line(m, a, theme, inp.source_names)
            held = new if line.new else context
            key = (a.story_id or a.id, round(line.value_eur), line.role)
            old = held.get(key)
            if old is None or (line.curated and not old.curated):
                held[key] = line
    order = lambda m: (-m.value_eur, m.article_id, m.text)  # noqa: E731
    return sorted(new.values(), key=order), sorted(context.values(), key=order)


def money_line(m: Mention, a: Article, theme: str, sources: Mapping[str, str]) -> MoneyLine:
    """One row of the money table: the amount's fact and where it comes from."""
    f = m.fact
    role = f.role if f is not None else "other"
    return MoneyLine(
        text=m.text,
        value_eur=float(m.value_eur or 0),
        role=role,
        kind=ROLE_LABELS.get(role, role),
        new=is_new_money(m),
        recipient=f.recipient if f is not None else None,
        payers=f.payers if f is not None else (),
        programme=f.programme if f is not None else None,
        article_id=a.id,
        url=a.url,
        title=a.title or a.url,
        source=sources.get(a.source_id, a.source_id),
        theme=theme,
        curated=m.curated,
        currency=m.currency,
        approx=m.approx,
        high_eur=m.high_eur,
        why=f.why() if f is not None else {},
    )


def money_totals(lines: Iterable[MoneyLine]) -> dict[str, float]:
    """Euros of new money per kind, in headline order, kinds with none left out."""
    totals = dict.fromkeys(KINDS, 0.0)
    for m in lines:
        if m.new and m.role in totals:
            totals[m.role] += m.value_eur
    return {k: v for k, v in totals.items() if v > 0}


def money_by_theme(
    lines: Sequence[MoneyLine], themes: Iterable[str]
) -> dict[str, dict[str, float]]:
    """Theme → kind → euros of new money (every theme present, kinds with none left out)."""
    out: dict[str, dict[str, float]] = {t: {} for t in themes}
    for m in lines:
        if m.new and m.role in KINDS:
            kinds = out.setdefault(m.theme, {})
            kinds[m.role] = kinds.get(m.role, 0.0) + m.value_eur
    return {t: {k: v[k] for k in KINDS if k in v} for t, v in out.items()}
