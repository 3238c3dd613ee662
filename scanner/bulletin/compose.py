"""From a week's `Inputs` to a `Bulletin`: rank, pick, summarise, explain. Pure.

The edge (`build.gather`) reads the store; everything here is deterministic for given inputs,
which is what lets a re-run with no new input give the same bulletin.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import date, timedelta
from urllib.parse import urlsplit

from scanner.bulletin.explain import telling, why
from scanner.bulletin.model import (
    Bulletin,
    Change,
    Emerging,
    Inputs,
    Item,
    OrgCount,
    Ref,
    Section,
    Signal,
    ThemeCount,
)
from scanner.bulletin.money import is_new_money, money_by_theme, money_lines, money_totals
from scanner.bulletin.rank import SIGNALS, Candidate, key_entities, rank
from scanner.bulletin.summary import summarise
from scanner.config import Config
from scanner.records import Article, Mention, Ranked

DEMO_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})
MAX_REFS = {"programme": 4, "amount": 4, "organisation": 6}
MAX_CHANGES = 8
MAX_MONEY = 30
MAX_ORGS = 15
MAX_NEW_ORGS = 5
MAX_EMERGING = 6
EXAMPLES = 3  # example articles per emerging cluster


def compose(cfg: Config, inp: Inputs, generated_at: str, input_key: str) -> Bulletin:
    """The week's bulletin from what the store said about it."""
    labels = {t.key: t.label for t in cfg.taxonomy}
    themes = best_themes(inp, list(labels))
    members = story_members(inp, themes)
    cands = [candidate(cfg, inp, aid, theme, members) for aid, theme in themes.items()]
    by_id = {c.article_id: c for c in cands}
    ranked = rank(cands, cfg.rank, inp.start)
    sections = []
    for key, label in labels.items():
        mine = [r for r in ranked if by_id[r.article_id].theme == key]
        shown = mine[: cfg.bulletin.items_per_theme]
        items = tuple(make_item(cfg, inp, r, by_id[r.article_id], members, label) for r in shown)
        sections.append(Section(key, label, len(mine), items))
    money, context = money_lines(inp, themes)
    week_list = list(inp.history)
    return Bulletin(
        week=inp.week,
        start=inp.start,
        end=inp.end - timedelta(days=1),
        generated_at=generated_at,
        input_key=input_key,
        read=len(inp.articles),
        kept=len(themes),
        unscored=sum(1 for aid in inp.articles if aid not in inp.scored),
        themes=theme_counts(inp, labels),
        signals=top_signals(sections, cfg.bulletin.top_signals),
        changes=changes(inp, ranked, by_id),
        changes_from_bulletin=inp.previous_from_bulletin,
        sections=tuple(sections),
        emerging=emerging(inp),
        money=tuple(money[:MAX_MONEY]),
        money_context=tuple(context[:MAX_MONEY]),
        money_totals=money_totals(money),
        organisations=organisations(inp, themes),
        history_weeks=tuple(week_list),
        history={k: tuple(inp.history[w].get(k, 0) for w in week_list) for k in labels},
        money_by_theme=money_by_theme(money, labels),
        demo=is_demo(cfg, inp),
        weights={name: float(getattr(cfg.rank, name)) for name in SIGNALS},
        novelty_weeks=cfg.rank.novelty_weeks,
    )


def is_demo(cfg: Config, inp: Inputs) -> bool:
    """Whether the week's articles come from the bundled demonstration site (served on the
    loopback interface, by a URL of its own or through a configured source on it)."""
    demo_sources = {s.id for s in cfg.sources if _host(s.url) in DEMO_HOSTS}
    return any(
        a.source_id in demo_sources or _host(a.url) in DEMO_HOSTS for a in inp.articles.values()
    )


def _host(url: str) -> str | None:
    try:
        return urlsplit(url).hostname
    except ValueError:  # a malformed stored URL ("http://[") is no demo host
        return None


def best_themes(inp: Inputs, keys: Sequence[str]) -> dict[str, str]:
    """Each on-theme article's best assigned theme (taxonomy order breaks ties)."""
    out: dict[str, str] = {}
    for aid in inp.articles:
        scores = [s for s in inp.themes.get(aid, ()) if s.assigned and s.theme in keys]
        if scores:
            best = max(scores, key=lambda s: (s.score, -keys.index(s.theme)))
            out[aid] = best.theme
    return out


def story_members(inp: Inputs, themes: dict[str, str]) -> dict[str, list[str]]:
    """Story id → its on-theme articles of the week, oldest first."""
    out: dict[str, list[str]] = defaultdict(list)
    ordered = sorted(themes, key=lambda i: (inp.articles[i].published or date.max, i))
    for aid in ordered:
        out[story_of(inp.articles[aid])].append(aid)
    return out


def story_of(a: Article) -> str:
    return a.story_id or a.id


def candidate(
    cfg: Config, inp: Inputs, aid: str, theme: str, members: dict[str, list[str]]
) -> Candidate:
    a = inp.articles[aid]
    story = story_of(a)
    ms = [m for i in members[story] for m in inp.mentions.get(i, ())]
    amounts = [m.value_eur for m in ms if announced(m) and m.value_eur is not None]
    score = next(s.score for s in inp.themes[aid] if s.theme == theme)
    return Candidate(
        article_id=aid,
        story_id=story,
        theme=theme,
        theme_score=score,
        novelty=0.0 if story in inp.old_stories else inp.novelty.get(aid, 1.0),
        sources=max(1, len(inp.story_sources.get(story, ()))),
        max_eur=max(amounts, default=None),
        key_entities=key_entities(names(ms, "programme"), names(ms, "organisation"), cfg.rank),
        authority=inp.source_weights.get(a.source_id, 1.0),
        published=a.published,
    )


def announced(m: Mention) -> bool:
    """An amount that counts as money announced (ranking, money table, headline): new money
    of a funding kind, as its fact says (`scanner.bulletin.money.is_new_money`). A market
    size, a price, a round raised last year only show in the item and the context block."""
    return is_new_money(m)


def names(mentions: Iterable[Mention], kind: str) -> list[str]:
    return [m.canonical or m.text for m in mentions if m.kind == kind]


def make_item(
    cfg: Config, inp: Inputs, r: Ranked, c: Candidate, members: dict[str, list[str]], label: str
) -> Item:
    a = inp.articles[r.article_id]
    story = members[c.story_id]
    refs = story_refs(inp, [r.article_id, *(i for i in story if i != r.article_id)])
    source_ids = inp.story_sources.get(c.story_id, ()) or (a.source_id,)
    skip = len(a.title) + 2 if a.title else 0
    stage = inp.stages.get(a.id)
    return Item(
        id=a.id,
        story_id=c.story_id,
        theme=c.theme,
        title=a.title or a.url,
        url=a.url,
        published=a.published,
        sources=tuple(inp.source_names.get(s, s) for s in source_ids),
        source_ids=tuple(source_ids),
        articles=len(story),
        score=r.score,
        reasons=dict(r.reasons),
        why=tuple(why(cfg, r, c, inp, largest_role(inp, c))),
        summary=summarise(a.full_text, inp.mentions.get(a.id, ()), skip=skip),
        programmes=refs["programme"],
        amounts=refs["amount"],
        organisations=refs["organisation"],
        stage=stage.stage if stage else None,
        phase=stage.phase if stage else None,
    )


def story_refs(inp: Inputs, ids: Sequence[str]) -> dict[str, tuple[Ref, ...]]:
    """Programmes, amounts and organisations of a story, each once, linked to its article."""
    seen: dict[tuple[str, str], Ref] = {}
    for aid in ids:
        for m in inp.mentions.get(aid, ()):
            if m.kind not in MAX_REFS or (m.kind == "amount" and not m.value_eur):
                continue
            name = m.canonical or m.text
            amount = m.value_eur if m.kind == "amount" else None  # not None: checked above
            key = (m.kind, str(round(amount)) if amount is not None else name.casefold())
            held = seen.get(key)
            if held is None or (m.curated and not held.curated):
                url = inp.articles[aid].url
                f = m.fact
                seen[key] = Ref(
                    m.kind,
                    name,
                    m.text,
                    aid,
                    url,
                    m.curated,
                    m.value_eur,
                    m.currency,
                    m.approx,
                    m.high_eur,
                    role=f.role if f else None,
                    new=is_new_money(m) if m.kind == "amount" else None,
                    recipient=f.recipient if f else None,
                    payers=f.payers if f else (),
                    programme=f.programme if f else None,
                )
    out: dict[str, tuple[Ref, ...]] = {}
    for kind, limit in MAX_REFS.items():
        refs = [r for r in seen.values() if r.kind == kind]
        if kind == "amount":  # this week's new funding first, then the context
            refs.sort(key=lambda r: (not r.new, -(r.value_eur or 0)))
        out[kind] = tuple(refs[:limit])
    return out


def largest_role(inp: Inputs, c: Candidate) -> str | None:
    """The funding role of the story's largest announced amount (None: no role found)."""
    a = inp.articles[c.article_id]
    ids = [i for i, x in inp.articles.items() if story_of(x) == story_of(a)]
    amounts = [m for i in ids for m in inp.mentions.get(i, ()) if announced(m)]
    best = max(amounts, key=lambda m: (m.value_eur or 0, bool(m.role)), default=None)
    return best.role if best else None


def theme_counts(inp: Inputs, labels: dict[str, str]) -> tuple[ThemeCount, ...]:
    """This week's count per theme, last week's, and the mean of the earlier weeks of the window
    since the store's first article: weeks before any data would pull the mean to zero."""
    weeks = list(inp.history)
    now = inp.history.get(inp.week, {})
    earlier = [w for w in weeks if w < inp.week]
    last = inp.history[earlier[-1]] if earlier else {}
    since = [inp.history[w] for w in earlier if inp.first_week is None or w >= inp.first_week]
    out = []
    for key, label in labels.items():
        avg = sum(h.get(key, 0) for h in since) / len(since) if since else 0.0
        count = ThemeCount(key, label, now.get(key, 0), last.get(key, 0), round(avg, 1))
        out.append(replace(count, weeks=len(since)))
    return tuple(out)


def top_signals(sections: Sequence[Section], n: int) -> tuple[Signal, ...]:
    items = sorted((i for s in sections for i in s.items), key=lambda i: (-i.score, i.id))
    label = {s.theme: s.label for s in sections}
    # the head says what stands out; relevance to the theme goes without saying there
    return tuple(
        Signal(i.id, i.theme, label[i.theme], i.title, i.url, telling(i.why)) for i in items[:n]
    )


def changes(
    inp: Inputs, ranked: Sequence[Ranked], by_id: dict[str, Candidate]
) -> tuple[Change, ...]:
    """Last week's stories: grown (more sources), continued, or quiet (no article this week)."""
    now = {by_id[r.article_id].story_id: r for r in ranked}
    grew: list[Change] = []
    cont: list[Change] = []
    quiet: list[Change] = []
    for sid, prev in inp.previous_stories.items():
        r = now.get(sid)
        if r is None:
            quiet.append(Change("quiet", sid, prev.title, prev.url, prev.sources, 0))
            continue
        a = inp.articles[r.article_id]
        n = by_id[r.article_id].sources
        kind = "grew" if n > prev.sources else "continued"
        (grew if kind == "grew" else cont).append(
            Change(kind, sid, a.title or prev.title, a.url, prev.sources, n)
        )
    grew.sort(key=lambda c: (-(c.now - c.before), c.story_id))
    cont.sort(key=lambda c: (-c.now, c.story_id))
    quiet.sort(key=lambda c: (-c.before, c.story_id))
    return tuple(grew[:MAX_CHANGES] + cont[:MAX_CHANGES] + quiet[:MAX_CHANGES])


def emerging(inp: Inputs) -> tuple[Emerging, ...] | None:
    if inp.clusters is None:
        return None
    known = {**inp.cluster_articles, **inp.articles}
    out = []
    ordered = sorted(inp.clusters, key=lambda c: (-c.growth, -c.size, c.id))
    for c in ordered[:MAX_EMERGING]:
        examples = [known[i] for i in c.article_ids if i in known][:EXAMPLES]
        items = tuple((a.id, a.title or a.url, a.url) for a in examples)
        out.append(Emerging(c.id, c.words[:8], c.growth, c.lineage, c.size, items))
    return tuple(out)


def organisations(inp: Inputs, themes: dict[str, str]) -> tuple[OrgCount, ...]:
    """Most mentioned organisations, then new ones not in the top. An organisation counts once
    per story naming it: five rewrites of one story are one piece of news, not five. New means
    first cited this week and, for a name no gazetteer lists, confirmed by a curator or named
    by two sources."""
    stories: dict[str, set[str]] = defaultdict(set)
    first: dict[str, str] = {}
    for aid in themes:
        for name in dict.fromkeys(names(inp.mentions.get(aid, ()), "organisation")):
            stories[name].add(story_of(inp.articles[aid]))
            first.setdefault(name, aid)
    count = Counter({name: len(s) for name, s in stories.items()})
    ordered = sorted(count, key=lambda n: (-count[n], n.casefold()))
    top = ordered[:MAX_ORGS]

    def new(name: str) -> bool:  # first cited this week, and vouched for
        return name not in inp.known_organisations and name not in inp.unconfirmed_organisations

    extra = [n for n in ordered[MAX_ORGS:] if new(n)][:MAX_NEW_ORGS]
    return tuple(
        OrgCount(n, count[n], new(n), first[n], inp.articles[first[n]].url) for n in top + extra
    )
