"""The repositories of sessions, watch marks, crawl back-off, maturity stages, new actors,
alerts, the curator's queue and the search queries, on SQLite and on PostgreSQL alike (the
`any_store` fixture runs each test on both): the SQL each wrote for SQLite first must mean the
same on the shared backend."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from scanner.records import (
    Alert,
    Article,
    FundingFact,
    Maturity,
    Mention,
    SearchFilters,
    ThemeScore,
)
from scanner.search.lexical import stem, stem_text
from scanner.store import Store


def article(i: int, **kw: object) -> Article:
    base = dict(
        id=f"a{i}",
        url=f"http://x.test/{i}",
        title=f"Titre {i}",
        text=f"Texte numéro {i} sur la thérapie génique.",
        content_hash=f"h{i}",
        published=date(2026, 11, i),
        source_id="s1",
    )
    base.update(kw)
    return Article(**base)  # type: ignore[arg-type]


def test_sessions_open_read_and_end(any_store: Store) -> None:
    token = any_store.sessions.open("ana", now=1000.0)
    other = any_store.sessions.open("ana", now=1001.0)
    assert any_store.sessions.user(token, now=1010.0, max_age=60) == "ana"
    assert any_store.sessions.user(token, now=2000.0, max_age=60) == ""  # too old
    assert any_store.sessions.user("forged", now=1010.0, max_age=60) == ""
    any_store.sessions.close(token)
    assert any_store.sessions.user(token, now=1010.0, max_age=60) == ""
    assert any_store.sessions.count("ana") == 1
    any_store.sessions.prune(before=1001.5)
    assert any_store.sessions.user(other, now=1010.0, max_age=60) == ""
    any_store.sessions.open("ana", now=1002.0)
    assert any_store.sessions.close_all("ana") == 1


def test_a_mark_is_cleared_only_by_the_run_that_read_it(any_store: Store) -> None:
    first = any_store.runs.mark("clusters_stale")
    second = any_store.runs.mark("clusters_stale")  # marked again meanwhile: an upsert
    assert any_store.runs.marked("clusters_stale") == second != first
    assert not any_store.runs.unmark("clusters_stale", first)
    assert any_store.runs.unmark("clusters_stale", second)
    assert any_store.runs.marked("clusters_stale") is None


def test_a_failed_url_waits_for_its_retry_time(any_store: Store) -> None:
    crawl = any_store.crawl
    crawl.record_failure("http://x.test/late", "s1", "timeout", retry=True, delay_hours=5)
    crawl.record_failure("http://x.test/now", "s1", "timeout", retry=True, delay_hours=0)
    crawl.record_failure("http://x.test/gone", "s1", "status 404", retry=False)
    urls = ["http://x.test/late", "http://x.test/now", "http://x.test/gone", "http://x.test/new"]
    assert crawl.known_urls(urls, max_attempts=3) == {"http://x.test/late", "http://x.test/gone"}
    assert crawl.known_urls(urls, max_attempts=3, force=True) == set()
    assert crawl.pending("s1", max_attempts=3) == ["http://x.test/now"]
    assert set(crawl.pending("s1", max_attempts=3, force=True)) == set(urls[:3])
    assert crawl.deferred("s1", max_attempts=3) == 1
    crawl.record_failure("http://x.test/now", "s1", "timeout", retry=True, delay_hours=0)
    crawl.record_failure("http://x.test/now", "s1", "timeout", retry=True, delay_hours=0)
    assert "http://x.test/now" in crawl.known_urls(urls, max_attempts=3)  # three attempts


def test_stages_replace_count_filter_and_go_with_their_article(any_store: Store) -> None:
    for i in (1, 2, 3):
        any_store.articles.add(article(i))
    any_store.stages.replace(Maturity("a1", "research", None, 0.4, ("essai",)))
    any_store.stages.replace(Maturity("a1", "clinical", "2", 0.9, ("phase 2",)))  # replaced
    any_store.stages.replace(Maturity("a2", "market", None, 0.8))
    any_store.stages.replace(Maturity("a3", None))
    got = any_store.stages.for_articles(["a1", "a2", "a9"])
    assert got["a1"] == Maturity("a1", "clinical", "2", 0.9, ("phase 2",)) and "a9" not in got
    assert any_store.stages.counts() == {"clinical": 1, "market": 1, None: 1}
    nums = any_store.articles.num_of(["a1", "a2"])
    allowed = any_store.search.allowed_nums(SearchFilters(stages=("clinical", "market")))
    assert sorted(allowed or []) == sorted(nums.values())
    any_store.articles.remove("a1")  # the trigger of migration 12 follows
    assert any_store.stages.counts() == {"market": 1, None: 1}


def test_new_actors_decided_once_and_listed(any_store: Store) -> None:
    any_store.articles.add(article(1, source_id="s1"))
    any_store.articles.add(article(2, source_id="s2"))
    org = Mention("organisation", 0, 5, "Nova", "Nova Bio", origin="rule")
    any_store.mentions.replace_auto("a1", [org])
    listed = Mention("programme", 6, 9, "PIA", "PIA 4", origin="gazetteer")
    any_store.mentions.replace_auto("a2", [org, listed])
    found = any_store.actors.new_actors()
    assert [(a.kind, a.canonical, a.articles, a.sources) for a in found] == [
        ("organisation", "Nova Bio", 2, 2)
    ]
    assert found[0].first_seen == "2026-11-01"
    assert any_store.actors.count_new() == 1
    assert any_store.actors.sources_until("organisation", ["Nova Bio"], date(2026, 11, 2)) == {
        "Nova Bio": 1
    }
    assert any_store.actors.decide("organisation", "Nova Bio", "rejected", "cu") == 2
    assert any_store.actors.decide("organisation", "Nova Bio", "confirmed", "cu") == 0  # upsert
    assert any_store.actors.decision("organisation", "Nova Bio") == "confirmed"
    assert any_store.actors.count_new() == 0
    assert any_store.actors.listed("organisation", ["Nova Bio", "Other"]) == {"Nova Bio"}


def test_alerts_record_what_is_new_once(any_store: Store) -> None:
    alert = Alert(
        "robots", "robots chirurgicaux", SearchFilters(langs=("fr",)), recipients=("a@b.c",)
    )
    assert any_store.alerts.add(alert) and not any_store.alerts.add(alert)  # the name is taken
    assert any_store.alerts.get("robots").filters == SearchFilters(langs=("fr",))
    assert any_store.alerts.record("robots", [("a1", 0.9), ("a2", 0.5)], "2026-11-02T10:00") == [
        "a1",
        "a2",
    ]
    assert any_store.alerts.record("robots", [("a2", 0.6), ("a3", 0.4)], "2026-11-03T10:00") == [
        "a3"
    ]
    assert [h.article_id for h in any_store.alerts.hits("robots")] == ["a3", "a1", "a2"]
    any_store.alerts.mark_mailed("robots", ["a1", "a3"])
    assert any_store.alerts.count_hits("robots", unmailed=True) == 1
    any_store.alerts.failed("robots", "2026-11-04T10:00", "smtp down")
    assert any_store.alerts.get("robots").last_error == "smtp down"
    any_store.alerts.remove("robots")
    assert any_store.alerts.all() == []


def test_the_queue_orders_undated_articles_last_and_keeps_mention_ids(any_store: Store) -> None:
    any_store.articles.add(article(1))
    any_store.articles.add(article(2, published=None))
    any_store.articles.add(article(3))
    for aid in ("a1", "a2", "a3"):
        any_store.themes.replace(aid, [ThemeScore(aid, "t", 0.9, True)])
        any_store.mentions.replace_auto(
            aid, [Mention("organisation", 0, 5, "Titre", "Acme", confidence=0.95)]
        )
    # a1 names Acme first (a new actor), then the newest, the undated one last
    assert [q.article_id for q in any_store.curation.queue()] == ["a1", "a3", "a2"]
    assert any_store.curation.queue_size() == 3
    before = any_store.mentions.for_article("a1")[0].id
    any_store.mentions.replace_auto(
        "a1", [Mention("organisation", 0, 5, "Titre", "Acme SA", confidence=0.9)]
    )
    again = any_store.mentions.for_article("a1")
    assert [m.id for m in again] == [before] and again[0].canonical == "Acme SA"
    assert sorted(any_store.curation.mentions_named("organisation", "Acme")) == [
        m.id for aid in ("a2", "a3") for m in any_store.mentions.for_article(aid)
    ]


def test_search_queries_on_both_backends(any_store: Store) -> None:
    for i in (1, 2, 3):
        any_store.articles.add(article(i))
    any_store.articles.add(article(4, text="Un robot au bloc opératoire.", published=None))
    rows = any_store.search.unstemmed()
    any_store.search.put_stems([(r[0], stem_text(r[1], "fr"), stem_text(r[2], "fr")) for r in rows])
    nums = any_store.articles.num_of(["a1", "a2", "a3", "a4"])
    assert any_store.search.stemmed_count() == 4
    therapy, gene = stem("thérapie"), stem("génique")
    # a phrase holds its words in a row; a long stem is also a prefix
    phrase = any_store.search.lexical([(therapy, gene)], None, 10)
    assert {n for n, _ in phrase} == {nums["a1"], nums["a2"], nums["a3"]}
    assert all(score > 0 for _, score in phrase)
    assert any_store.search.lexical([(gene, therapy)], None, 10) == []
    assert [n for n, _ in any_store.search.lexical(["operat"], None, 10)] == [nums["a4"]]
    text = stem("texte")
    newest = any_store.search.lexical([text], None, 2, newest=True)
    assert [n for n, _ in newest] == [nums["a3"], nums["a2"]]
    assert any_store.search.doc_freq(text) == 3 and any_store.search.doc_freq("zzz") == 0
    assert any_store.search.doc_freq("numer", prefix=True) == 3
    assert any_store.search.doc_freqs([(text, False), ("robot", False)]) == [3, 1]
    listed, total = any_store.search.newest(None, 10, 0)
    assert listed == [nums["a3"], nums["a2"], nums["a1"], nums["a4"]] and total == 4
    assert any_store.search.passing([nums["a4"], nums["a1"]], SearchFilters(sources=("s1",))) == [
        nums["a4"],
        nums["a1"],
    ]
    any_store.themes.replace("a1", [ThemeScore("a1", "t", 0.9, True)])
    assert any_store.search.themes_of(["a1", "a2"]) == {"a1": ["t"], "a2": []}


def test_funding_facts_round_trip_and_survive_reprocessing(any_store: Store) -> None:
    """Migration 16's columns on both backends: an amount's fact is stored whole, kept under
    the same mention id when processing finds the amount again, and updated."""
    any_store.articles.add(article(1))
    fact = FundingFact(
        role="equity",
        new=True,
        recipient="Nova Bio",
        payers=("Bpifrance", "Sofinnova"),
        programme="France 2030",
        decided_by=(("role", "rule:raise_verb"), ("new", "rule:past_marker")),
    )
    amount = Mention("amount", 0, 5, "3 M€", value_eur=3e6, currency="EUR", fact=fact)
    any_store.mentions.replace_auto("a1", [amount, Mention("organisation", 6, 9, "HAS", "HAS")])
    stored = {m.kind: m for m in any_store.mentions.for_article("a1")}
    assert stored["amount"].fact == fact and stored["organisation"].fact is None
    again = FundingFact(role="grant", new=False, payers=("ANR",))
    any_store.mentions.replace_auto("a1", [replace(amount, fact=again)])
    (kept,) = any_store.mentions.for_article("a1")
    assert kept.id == stored["amount"].id and kept.fact == again
