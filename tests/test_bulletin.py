"""The weekly bulletin built from a real SQLite store filled by hand (no models except where
said): ranking as an analyst reads it, story collapse, the JSON contract, what is stored,
idempotent re-runs, changes since last week, curated mentions, novelty by embeddings."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from bulletin_data import MONDAY, THEMES, WEEK, add, fill, make_config

from scanner.bulletin import (
    build_bulletin,
    bulletin_json,
    last_complete_week,
    latest_week_with_items,
    require_articles,
    week_dates,
    write_bulletin,
)
from scanner.bulletin.rank import SIGNALS, money_signal
from scanner.config import Config
from scanner.errors import InputError, NotFound
from scanner.records import Cluster, Mention
from scanner.store import Store
from scanner.store.clusters import ClusterWeek

PROJECT = Path(__file__).resolve().parents[1]


@pytest.fixture
def env(tmp_path: Path, store_url: str) -> tuple[Config, Store]:
    """The bulletin's data on each backend (its reads aggregate in SQL)."""
    cfg = make_config(tmp_path, store_url=store_url)
    store = Store.from_config(cfg.store)
    for s in cfg.sources:
        store.articles.upsert_source(s)
    fill(store)
    yield cfg, store
    store.close()


def section(body: dict[str, Any], theme: str) -> dict[str, Any]:
    return next(s for s in body["sections"] if s["theme"] == theme)


def test_week_helpers(env: tuple[Config, Store]) -> None:
    assert week_dates(WEEK) == (MONDAY, MONDAY + timedelta(days=7))
    assert last_complete_week(date(2026, 11, 18)) == WEEK
    assert last_complete_week(date(2026, 11, 16)) == WEEK  # Monday: last week just ended
    assert last_complete_week(date(2026, 11, 15)) == "2026-W45"  # Sunday: W46 not over
    assert latest_week_with_items(env[1]) == WEEK
    for bad in ("2026-46", "2026-W54", "semaine 46"):
        with pytest.raises(InputError):
            week_dates(bad)
    require_articles(env[1], WEEK)  # has articles: no error
    with pytest.raises(NotFound, match=r"no article published in week 2026-W48 .*--week 2026-W46"):
        require_articles(env[1], "2026-W48")


def test_new_funded_programme_outranks_old_story_rewrite(env: tuple[Config, Store]) -> None:
    cfg, store = env
    body = bulletin_json(build_bulletin(cfg, store, WEEK))
    items = section(body, "sante_numerique")["items"]
    assert [i["id"] for i in items] == ["new", "old4"]
    new, old = items
    assert old["reasons"]["novelty"] == 0  # covered for four weeks already
    assert new["reasons"]["novelty"] > 0.8 * cfg.rank.novelty  # little overlap with earlier news
    assert len(old["sources"]) == 5  # ... by five outlets, which does not save it
    # why it ranks, in words an analyst reads: the signals that weighed most, no raw figure
    assert new["why"][0] == "nouveau cette semaine"
    assert {"budget de 2,3 Md€", "programme clé : France 2030"} <= set(new["why"])
    assert "nouveau cette semaine" not in old["why"] and "5 sources" in old["why"]
    assert not any(re.search(r"\d %|\(\d|score", w) for w in new["why"] + old["why"])
    assert body["top_signals"][0]["id"] == "new"
    # every figure and name is linked to the article it comes from
    assert {m["canonical"] for m in new["mentions"]} >= {"France 2030", "Bpifrance", "AIS"}
    assert all(m["url"] == "https://news.test/new" for m in new["mentions"])
    assert any(m["kind"] == "amount" and m["value_eur"] == 2.3e9 for m in new["mentions"])
    # an extractive summary of two or three of the article's own sentences
    full = store.articles.get("new").text
    assert 2 <= len(new["summary"]) <= 3 and all(s in full for s in new["summary"])


def test_relevance_is_explained_with_the_theme_evidence(
    env: tuple[Config, Store], tmp_path: Path
) -> None:
    cfg, store = env
    only_theme = {k: 0.0 for k in ("novelty", "salience", "money", "key_entities")}
    cfg = make_config(tmp_path, rank=only_theme | {"authority": 0.0}, store_url=cfg.store.url)
    b = build_bulletin(cfg, store, WEEK)
    new = next(i for i in b.items() if i.id == "new")
    # 0.75 is "well within the theme"; the closest seed phrase, without its cosine
    assert new.why[0] == "bien dans le thème — télésurveillance médicale des patients à domicile"


def test_story_duplicates_collapse_to_one_item(env: tuple[Config, Store]) -> None:
    cfg, store = env
    b = build_bulletin(cfg, store, WEEK)
    everywhere = [i for i in b.items() if i.story_id == "s-dup"]
    assert len(everywhere) == 1  # once in the whole bulletin, not once per rewrite
    (dup,) = everywhere
    assert dup.articles == 3 and dup.source_ids == ("src1", "src3", "src4")
    assert "3 sources" in dup.why
    # the story's amount appears once in the money table, not once per rewrite
    assert [m.value_eur for m in b.money] == [2.3e9, 1.2e7]
    # the same story filed under another theme by one outlet still appears once
    add(
        store,
        "dup-other-theme",
        "Cardiotech : l'implant connecté vu par la presse numérique",
        "Cardiotech et son implant cardiaque connecté obtiennent le marquage CE.",
        MONDAY + timedelta(days=5),
        "src2",
        story="s-dup",
        theme="sante_numerique",
        score=0.65,
    )
    b = build_bulletin(cfg, store, WEEK)
    assert len([i for i in b.items() if i.story_id == "s-dup"]) == 1
    assert next(i for i in b.items() if i.story_id == "s-dup").articles == 4


def test_money_table_holds_new_funding_facts_largest_first(env: tuple[Config, Store]) -> None:
    cfg, store = env
    add(
        store,
        "market",
        "Chirurgie guidée par l'image : Visio lève 3 millions de dollars",
        "La start-up Visio lève 3 millions de dollars. Le marché mondial pourrait atteindre "
        "5 milliards de dollars en 2030.",
        MONDAY + timedelta(days=2),
        "src3",
        theme="dispositifs_medicaux",
        mentions=(
            (
                "amount",
                "3 millions de dollars",
                "",
                2.76e6,
                "equity",
                "USD",
                {"recipient": "Visio"},
            ),
            ("amount", "5 milliards de dollars", "", 4.6e9, "market", "USD", {"new": False}),
            ("organisation", "Visio", "Visio", None),
        ),
    )
    b = build_bulletin(cfg, store, WEEK)
    # the market forecast is no announcement: not in the table, not in the money signal
    assert [(m.value_eur, m.role, m.kind) for m in b.money] == [
        (2.3e9, "public_budget", "enveloppe"),
        (1.2e7, "equity", "levée de fonds"),
        (2.76e6, "equity", "levée de fonds"),
    ]
    assert b.money[2].recipient == "Visio" and b.money[2].url == "https://news.test/market"
    assert [(m.value_eur, m.kind) for m in b.money_context] == [(4.6e9, "marché")]
    item = next(i for i in b.items() if i.id == "market")
    assert item.reasons["money"] == pytest.approx(cfg.rank.money * money_signal(2.76e6), abs=1e-3)
    # the item shows both, its new funding first
    assert [(r.value_eur, r.new) for r in item.amounts] == [(2.76e6, True), (4.6e9, False)]
    # one total per kind: the envelope is never added to the rounds
    assert b.money_totals == {"equity": 1.2e7 + 2.76e6, "public_budget": 2.3e9}
    assert b.money_by_theme["dispositifs_medicaux"] == {"equity": 1.2e7 + 2.76e6}


def test_past_and_unknown_money_stay_out_of_the_totals(env: tuple[Config, Store]) -> None:
    cfg, store = env
    add(
        store,
        "history",
        "Cardiologie : Pulsio obtient le marquage CE",
        "Pulsio avait levé 16 millions d'euros en 2025. Le plan Innovation Santé 2030 est "
        "doté de 7,5 milliards d'euros.",
        MONDAY + timedelta(days=3),
        "src1",
        theme="dispositifs_medicaux",
        mentions=(
            ("amount", "16 millions d'euros", "", 1.6e7, "equity", "EUR", {"new": False}),
            ("amount", "7,5 milliards d'euros", "", 7.5e9, "public_budget", "EUR", {"new": None}),
        ),
    )
    b = build_bulletin(cfg, store, WEEK)
    assert b.money_totals == {"equity": 1.2e7, "public_budget": 2.3e9}
    assert {m.value_eur for m in b.money_context} >= {1.6e7, 7.5e9}
    assert not {1.6e7, 7.5e9} & {m.value_eur for m in b.money}


def test_weights_change_the_order(tmp_path: Path, env: tuple[Config, Store]) -> None:
    """As documented in [rank]: weight 0 silences a signal; salience favours wide coverage."""
    _, store = env
    cfg = make_config(
        tmp_path, rank={"novelty": 0.0, "money": 0.0, "key_entities": 0.0, "salience": 3.0}
    )
    items = section(bulletin_json(build_bulletin(cfg, store, WEEK)), "sante_numerique")["items"]
    assert [i["id"] for i in items] == ["old4", "new"]
    assert items[1]["reasons"]["money"] == 0.0
    # authority: the agency (weight 1.5) overtakes the three-source story when only it counts
    only = {k: 0.0 for k in ("theme", "novelty", "salience", "money", "key_entities", "recency")}
    cfg = make_config(tmp_path, rank=only | {"authority": 1.0})
    items = section(bulletin_json(build_bulletin(cfg, store, WEEK)), "dispositifs_medicaux")
    assert [i["story_id"] for i in items["items"]] == ["evil", "s-dup"]
    # key names are config: with none listed the signal is silent; listing Cardiotech counts
    keys = only | {"key_entities": 1.0, "key_programmes": []}
    cfg = make_config(tmp_path, rank=keys | {"key_organisations": []})
    assert all(i.reasons["key_entities"] == 0 for i in build_bulletin(cfg, store, WEEK).items())
    cfg = make_config(tmp_path, rank=keys | {"key_organisations": ["Cardiotech"]})
    b = build_bulletin(cfg, store, WEEK)
    assert {i.story_id for i in b.items() if i.reasons["key_entities"] > 0} == {"s-dup"}
    assert "acteur clé : Cardiotech" in next(i for i in b.items() if i.story_id == "s-dup").why


def test_json_contract(env: tuple[Config, Store]) -> None:
    cfg, store = env
    body = bulletin_json(build_bulletin(cfg, store, WEEK))
    assert body["week"] == WEEK
    head = {"start", "end", "read", "kept", "themes", "top_signals", "changes", "demo"}
    assert head | {"sections", "emerging", "money", "organisations"} <= set(body)
    assert (body["read"], body["kept"], body["unscored"]) == (7, 6, 0)
    assert [s["theme"] for s in body["sections"]] == list(THEMES)  # taxonomy order
    assert [s["label"] for s in body["sections"]] == list(THEMES.values())
    assert section(body, "prevention")["items"] == []
    item_keys = {"id", "title", "url", "published", "sources", "score", "reasons", "mentions"}
    for s in body["sections"]:
        assert {"theme", "label", "items"} <= set(s)
        scores = [i["score"] for i in s["items"]]
        assert scores == sorted(scores, reverse=True)  # ranked
        for item in s["items"]:
            assert item_keys <= set(item)
            assert isinstance(item["sources"], list) and item["sources"]
            assert sum(item["reasons"].values()) == pytest.approx(item["score"], abs=1e-3)
            date.fromisoformat(item["published"])
    money = body["money"]
    fact_keys = {"recipient", "payers", "programme", "role", "kind", "new", "source"}
    assert fact_keys | {"text", "value_eur", "article_id", "why"} <= set(money[0])
    assert money[0]["programme"] == "France 2030" and money[0]["payers"] == ["Bpifrance"]
    assert money[0]["text"] == "2,3 milliards d'euros" and money[0]["article_id"] == "new"
    assert body["money_totals"] == {"equity": 1.2e7, "public_budget": 2.3e9}
    assert body["money_context"] == []
    assert [m["value_eur"] for m in money] == sorted((m["value_eur"] for m in money), reverse=True)
    orgs = {o["canonical"]: o for o in body["organisations"]}
    assert {"canonical", "count", "new"} <= set(orgs["Bpifrance"])
    assert orgs["Bpifrance"]["new"] is False and orgs["Health Data Hub"]["new"] is False
    # found outside the gazetteers and named by one source only: not marked new yet
    assert orgs["Telecare Lyon"]["new"] is False
    assert orgs["Cardiotech"]["count"] == 1  # three rewrites of one story: one mention
    assert orgs["Bpifrance"]["count"] == 1 and orgs["AIS"]["count"] == 1
    assert isinstance(body["emerging"], list)
    counts = {t["theme"]: t for t in body["themes"]}
    assert counts["sante_numerique"]["count"] == 2 and counts["sante_numerique"]["previous"] == 1
    assert counts["sante_numerique"]["change"] == 1
    assert len(body["history"]["weeks"]) == cfg.bulletin.history_weeks
    assert body["history"]["weeks"][-1] == WEEK
    assert body["history"]["counts"]["sante_numerique"][-5:] == [1, 1, 2, 1, 2]
    assert body["ranking"] == {
        "weights": {name: getattr(cfg.rank, name) for name in SIGNALS},
        "novelty_weeks": 4,
    }
    assert json.loads(json.dumps(body)) == body  # plain JSON, nothing exotic


def test_bulletin_is_stored_with_each_items_reasons(env: tuple[Config, Store]) -> None:
    cfg, store = env
    b = build_bulletin(cfg, store, WEEK)
    stored = store.bulletins.items(WEEK)
    assert len(stored) == 4 and {"new", "old4", "evil", "dup2"} == {i.article_id for i in stored}
    by_id = {i.id: i for i in b.items()}
    for s in stored:
        assert s.reasons == by_id[s.article_id].reasons and s.score == by_id[s.article_id].score
    assert [s.rank for s in stored if s.theme == "sante_numerique"] == [1, 2]
    assert store.bulletins.get(WEEK) == bulletin_json(b)
    assert [r.week for r in store.bulletins.list()] == [WEEK]


def test_rerun_same_week_gives_same_bulletin(env: tuple[Config, Store], tmp_path: Path) -> None:
    cfg, store = env
    first = build_bulletin(cfg, store, WEEK)
    files = write_bulletin(cfg, first, tmp_path / "a")
    again = build_bulletin(cfg, store, WEEK)
    assert bulletin_json(again) == bulletin_json(first)  # generated_at kept too
    files2 = write_bulletin(cfg, again, tmp_path / "b")
    for fmt in ("html", "md", "json", "atom"):
        assert files[fmt].read_bytes() == files2[fmt].read_bytes(), fmt
    add(
        store,
        "late",
        "Nouvelle étude sur la prévention",
        "Une étude paraît.",
        MONDAY + timedelta(days=5),
        "src1",
        theme="prevention",
    )
    changed = build_bulletin(cfg, store, WEEK)
    assert changed.input_key != first.input_key
    assert [i.id for i in changed.sections[2].items] == ["late"]
    # a curator's edit is new input too
    m = store.mentions.for_article("new")[0]
    assert m.id is not None
    store.db.execute("UPDATE mentions SET status = 'accepted' WHERE id = ?", (m.id,))
    assert build_bulletin(cfg, store, WEEK).input_key != changed.input_key


def test_changes_since_last_bulletin(env: tuple[Config, Store]) -> None:
    cfg, store = env
    b = build_bulletin(cfg, store, WEEK)  # no W45 bulletin: compared with W45's articles
    assert not b.changes_from_bulletin
    assert {(c.kind, c.story_id) for c in b.changes} == {("grew", "s-old")}
    build_bulletin(cfg, store, "2026-W45")
    b = build_bulletin(cfg, store, WEEK)
    assert b.changes_from_bulletin
    assert [(c.kind, c.story_id, c.before, c.now) for c in b.changes] == [("grew", "s-old", 4, 5)]
    # W47: nothing new on the old story, so it went quiet; the implant story continues
    add(
        store,
        "dup-w47",
        "Cardiotech : premiers patients équipés",
        "Cardiotech équipe ses premiers patients avec son implant.",
        MONDAY + timedelta(days=8),
        "src1",
        story="s-dup",
        theme="dispositifs_medicaux",
    )
    b = build_bulletin(cfg, store, "2026-W47")
    kinds = {c.story_id: c.kind for c in b.changes}
    assert kinds["s-old"] == "quiet" and kinds["new"] == "quiet" and kinds["evil"] == "quiet"
    assert kinds["s-dup"] == "continued"


def test_curator_validated_mentions_are_marked(env: tuple[Config, Store]) -> None:
    cfg, store = env
    full = store.articles.get("new").full_text
    start = full.index("Telecare Lyon")
    store.mentions.replace_auto("new", [])  # the curator's version is the only one left
    store.mentions.insert(
        "new",
        Mention(
            kind="organisation",
            start=start,
            end=start + 13,
            text="Telecare Lyon",
            canonical="Telecare Lyon",
            origin="curator",
        ),
        "added",
    )
    b = build_bulletin(cfg, store, WEEK)
    (ref,) = b.sections[0].items[0].organisations
    assert ref.curated and ref.canonical == "Telecare Lyon"
    files = write_bulletin(cfg, b, Path(cfg.output.dir))
    html = files["html"].read_text(encoding="utf-8")
    assert 'Telecare Lyon</a> <span class="ok"' in html
    assert "[Telecare Lyon](https://news.test/new) ✓" in files["md"].read_text(encoding="utf-8")
    # a mention the curator rejected is gone from the bulletin
    store.db.execute("UPDATE mentions SET status = 'rejected' WHERE article_id = 'new'")
    assert build_bulletin(cfg, store, WEEK).sections[0].items[0].organisations == ()


def test_articles_not_yet_scored_are_counted(env: tuple[Config, Store]) -> None:
    cfg, store = env
    # "offtopic" was scored and fits no theme; "raw" was never scored
    add(
        store,
        "raw",
        "Pas encore traité",
        "Texte.",
        MONDAY + timedelta(days=2),
        "src1",
        scored=False,
    )
    b = build_bulletin(cfg, store, WEEK)
    assert (b.read, b.kept, b.unscored) == (8, 6, 1)
    html = write_bulletin(cfg, b, Path(cfg.output.dir))["html"].read_text(encoding="utf-8")
    assert "1 article de la semaine n&#39;est pas encore analysé" in html


def test_an_empty_week_builds_an_empty_bulletin(env: tuple[Config, Store]) -> None:
    cfg, store = env
    b = build_bulletin(cfg, store, "2026-W30")
    assert (b.read, b.kept) == (0, 0) and b.items() == [] and b.money == ()
    html = write_bulletin(cfg, b, Path(cfg.output.dir))["html"].read_text(encoding="utf-8")
    assert "Aucun article publié cette semaine dans la base" in html


def test_novelty_by_embeddings_catches_a_rewrite_in_other_words(
    tmp_path: Path, embedder: Any
) -> None:
    """Two outlets' accounts of one event, not grouped as one story by the crawl (different
    words), a week apart: the article vectors see the second as already covered."""
    from scanner.vectors.embed import embed_articles

    items = {}
    for path in sorted((PROJECT / "corpora" / "sample").glob("items_*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            item = json.loads(line)
            items[item["id"]] = item
    if not {"b008", "b009", "a001"} <= set(items):
        pytest.skip("sample corpus items b008, b009, a001 not found")
    cfg = make_config(tmp_path)
    with Store.from_config(cfg.store) as store:
        earlier, rewrite, other = items["b008"], items["b009"], items["a001"]
        add(store, "earlier", earlier["title"], earlier["text"], MONDAY - timedelta(days=3), "src1")
        add(store, "rewrite", rewrite["title"], rewrite["text"], MONDAY + timedelta(days=1), "src2")
        add(store, "other", other["title"], other["text"], MONDAY + timedelta(days=1), "src3")
        by_words = build_bulletin(cfg, store, WEEK)  # no vectors yet: shared words only
        words = {i.id: i.reasons["novelty"] for i in by_words.items()}
        embed_articles(embedder, store, store.articles.all(), cfg.embed)
        by_vectors = build_bulletin(cfg, store, WEEK)
        vectors = {i.id: i.reasons["novelty"] for i in by_vectors.items()}
    assert vectors["rewrite"] < 0.1 < words["rewrite"]  # words alone miss the rewrite
    assert vectors["other"] > 0.5 and words["other"] > 0.5  # a different subject stays new
    assert by_vectors.input_key != by_words.input_key


def clusters_week(store: Store, week: str, *clusters: tuple[Cluster, int]) -> None:
    """Store a week's clusters as the cluster stage does (centroids do not matter here)."""
    rows = [ClusterWeek(c, np.ones(4, dtype=np.float32) / 2, recent) for c, recent in clusters]
    store.clusters.save_week(week, rows)


def test_emerging_signals_come_from_the_weeks_clusters(env: tuple[Config, Store]) -> None:
    cfg, store = env
    assert build_bulletin(cfg, store, WEEK).emerging is None  # never clustered
    grown = Cluster(
        "2026-W44-c1",
        WEEK,
        3,
        ("implant", "cardiaque", "<b>marquage</b>"),
        ("dup0", "dup1", "old0"),
        growth=2.0,
        lineage="grown",
    )
    steady = Cluster("2026-W44-c2", WEEK, 4, ("pétanque",), ("offtopic",), 0.0, "stable")
    clusters_week(store, "2026-W45", (replace(grown, week="2026-W45", size=1, growth=1), 1))
    assert build_bulletin(cfg, store, WEEK).emerging == ()  # clustered: nothing this week
    clusters_week(store, WEEK, (grown, 2), (steady, 1))
    b = build_bulletin(cfg, store, WEEK)
    body = bulletin_json(b)
    assert body["emerging_computed"] is True
    (e,) = body["emerging"]  # the stable cluster is no signal
    assert {"cluster", "words", "growth", "items"} <= set(e)
    assert e["cluster"] == "2026-W44-c1" and e["growth"] == 2.0
    assert e["words"] == ["implant", "cardiaque", "<b>marquage</b>"]
    ids = [i["id"] for i in e["items"]]
    assert sorted(ids) == ["dup0", "dup1", "old0"]  # old0, from W42, read from the store
    assert all(i["url"].startswith("https://news.test/") and i["title"] for i in e["items"])
    files = write_bulletin(cfg, b, Path(cfg.output.dir))
    html = files["html"].read_text(encoding="utf-8")
    assert "implant · cardiaque · &lt;b&gt;marquage&lt;/b&gt;" in html
    assert "en croissance · +2 articles en une semaine" in html
    assert r"\<b\>marquage\</b\>" in files["md"].read_text(encoding="utf-8")
    # clustered, nothing emerging: said so
    clusters_week(store, WEEK, (steady, 1))
    html = write_bulletin(cfg, build_bulletin(cfg, store, WEEK), Path(cfg.output.dir))["html"]
    assert "Aucun regroupement nouveau ou en croissance" in html.read_text(encoding="utf-8")


def test_a_discovered_organisation_is_new_once_confirmed(env: tuple[Config, Store]) -> None:
    """An organisation no gazetteer lists is marked new once a curator confirms it (or once
    two sources name it), never on one source's word."""
    from scanner.curation.actors import confirm_actor

    cfg, store = env
    assert "Telecare Lyon" in {a.canonical for a in store.actors.new_actors()}
    confirm_actor(store, "organisation", "Telecare Lyon", "alice")
    orgs = {o.canonical: o for o in build_bulletin(cfg, store, WEEK).organisations}
    assert orgs["Telecare Lyon"].new is True
    assert orgs["Bpifrance"].new is False  # cited before the week
