"""scanner.analysis over small real SQLite stores built by hand (no model needed)."""

from __future__ import annotations

import io
import json
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

from scanner import analysis as an
from scanner.analysis import charts
from scanner.analysis.watch import CONFIG_ENV
from scanner.config import load_config
from scanner.curation import corrections as curation
from scanner.errors import ConfigError, StoreError
from scanner.eval.corpus import GoldItem, GoldMention
from scanner.eval.mentions import evaluate_mentions
from scanner.eval.metrics import PRF
from scanner.eval.themes import SystemScore, ThemeReport, score_system
from scanner.extract.dedup import content_hash
from scanner.records import Article, Cluster, FundingFact, Mention, ThemeScore
from scanner.store import Store
from scanner.store.clusters import ClusterWeek

PROJECT = Path(__file__).resolve().parents[1]
MONDAY = date(2026, 10, 5)  # 2026-W41
DIM = 8
CONFIG_TEXT = (PROJECT / "config.toml").read_text(encoding="utf-8")  # store: data/scanner.db


@pytest.fixture(scope="module")
def cfg():  # type: ignore[no-untyped-def]
    return load_config(PROJECT / "config.toml")


def _article(aid: str, day: date, title: str = "", text: str = "", story: str = "") -> Article:
    title = title or f"Titre {aid}"
    text = text or f"Texte de l'article {aid} sur la santé."
    return Article(
        id=aid,
        url=f"https://example.org/{aid}",
        title=title,
        text=text,
        source_id="src",
        published=day,
        lang="fr",
        content_hash=content_hash(title, text),
        story_id=story or aid,
    )


def _themes(store: Store, aid: str, assigned: dict[str, float], other: float = 0.1) -> None:
    keys = ["bloc_operatoire", "sante_numerique", "bioproduction"]
    store.themes.replace(
        aid,
        [
            ThemeScore(aid, k, assigned.get(k, other), k in assigned)
            for k in keys + [k for k in assigned if k not in keys]
        ],
    )


def _amount(
    aid: str, start: int, text: str, value: float, role: str = "grant", **fact: Any
) -> Mention:
    return Mention(
        "amount",
        start,
        start + len(text),
        text,
        value_eur=value,
        currency="EUR",
        fact=FundingFact(role=role, **({"new": True} | fact)),  # type: ignore[arg-type]
    )


@pytest.fixture
def store(tmp_path):  # type: ignore[no-untyped-def]
    s = Store.open(tmp_path / "scanner.db")
    yield s
    s.close()


@pytest.fixture
def watch(store):  # type: ignore[no-untyped-def]
    """Three weeks (W41, an empty W42, W43): two bloc articles of one story, a digital-health
    one also in bloc, an off-topic one, one not processed yet."""
    w43 = MONDAY + timedelta(weeks=2)
    rows = [
        _article("b1", MONDAY, story="s-bloc"),
        _article("b2", MONDAY + timedelta(days=1), story="s-bloc"),
        _article("n1", MONDAY + timedelta(days=2)),
        _article("off", w43),
        _article("todo", w43 + timedelta(days=1)),
    ]
    for a in rows:
        store.articles.add(a)
    _themes(store, "b1", {"bloc_operatoire": 0.9})
    _themes(store, "b2", {"bloc_operatoire": 0.8})
    _themes(store, "n1", {"sante_numerique": 0.95, "bloc_operatoire": 0.6})
    _themes(store, "off", {})
    return store


def test_articles_frame_best_theme_off_topic_and_weeks(cfg, watch):
    frame = an.articles_frame(cfg, watch).set_index("id")
    assert frame.at["n1", "theme"] == "sante_numerique"
    assert frame.at["n1", "themes"] == ("sante_numerique", "bloc_operatoire")
    assert frame.at["off", "theme"] == an.OFF_TOPIC
    assert frame.at["off", "theme_label"] == "Hors thème"
    assert frame.at["b1", "week"] == "2026-W41" and frame.at["off", "week"] == "2026-W43"
    assert "todo" in frame.index
    assert "todo" not in set(an.articles_frame(cfg, watch, processed_only=True)["id"])


def test_theme_weeks_counts_each_assigned_theme_fills_gaps_and_collapses_stories(cfg, watch):
    counts = an.theme_weeks(cfg, watch)
    assert list(counts.index) == ["2026-W41", "2026-W42", "2026-W43"]
    assert list(counts.columns)[-1] == an.OFF_TOPIC and len(counts.columns) == 9
    assert counts.loc["2026-W41", "bloc_operatoire"] == 3  # b1, b2 and n1 (second theme)
    assert counts.loc["2026-W41", "sante_numerique"] == 1
    assert counts.loc["2026-W42"].sum() == 0
    assert counts.loc["2026-W43", an.OFF_TOPIC] == 1  # `todo` is not processed: not counted
    stories = an.theme_weeks(cfg, watch, stories=True)
    assert stories.loc["2026-W41", "bloc_operatoire"] == 2  # b1 and b2 are one story


def test_hostile_titles_stay_text_in_notebook_tables(cfg, store):
    store.articles.add(_article("x", MONDAY, title="<script>alert(1)</script> & co"))
    html = an.articles_frame(cfg, store)._repr_html_()
    assert "<script>alert" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_money_facts_once_per_story_new_apart_from_context_and_off_topic(cfg, store):
    first = "L'AIS accorde 5 millions d'euros au projet. France 2030 finance le reste."
    later = "Rappel : 5 millions d'euros de France 2030. Le CHU ajoute 2 millions d'euros."
    rows = [
        (_article("m1", MONDAY, text=first, story="s1"), {"sante_numerique": 0.9}),
        (_article("m2", MONDAY, text=first + " Copie.", story="s1"), {"sante_numerique": 0.9}),
        (_article("m3", MONDAY + timedelta(weeks=1), text=later), {"bioproduction": 0.9}),
        (_article("m4", MONDAY, text="Le club recrute pour 9 millions d'euros."), {}),
    ]
    facts = {
        ("m1", 5e6): {"payers": ("AIS",), "programme": "France 2030", "recipient": "CHU"},
        ("m2", 5e6): {"payers": ("AIS",), "programme": "France 2030", "recipient": "CHU"},
        ("m3", 5e6): {"new": False, "programme": "France 2030"},  # recalled: context
        ("m3", 2e6): {"payers": ("CHU",), "programme": None},
    }
    for a, themes in rows:
        store.articles.add(a)
        _themes(store, a.id, themes)
    for a, _ in rows:
        full = a.full_text
        found = []
        for text, value in (("5 millions d'euros", 5e6), ("2 millions d'euros", 2e6)):
            if text in full:
                found.append(_amount(a.id, full.index(text), text, value, **facts[(a.id, value)]))
        if "9 millions" in full:
            found.append(_amount(a.id, full.index("9 millions"), "9 millions d'euros", 9e6))
        # a dollar market size: context, never new money
        found.append(
            Mention(
                "amount",
                0,
                3,
                "x",
                value_eur=1e9,
                currency="USD",
                fact=FundingFact(role="market", new=False),
            )
        )
        store.mentions.replace_auto(a.id, found)
    money = an.money_frame(cfg, store)
    new = money[money["new"]]
    assert sorted(new["value_eur"]) == [2e6, 5e6]  # m2 repeats m1's story; m4 off-topic
    assert set(new["article_id"]) == {"m1", "m3"}
    assert set(money[~money["new"]]["role"]) == {"grant", "market"}  # the recall, the market
    assert set(money[money["article_id"] == "m1"]["kind"]) == {"aide publique", "marché"}
    assert 9e6 in set(an.money_frame(cfg, store, on_theme=False)["value_eur"])
    weeks = an.all_weeks(store)
    by_theme = an.money_by(new, "theme", weeks)
    assert by_theme.loc["2026-W41", "sante_numerique"] == 5e6
    assert by_theme.loc["2026-W42", "bioproduction"] == 2e6  # the recalled 5 M€ is not counted
    by_programme = an.money_by(new, "programme", weeks)
    assert by_programme.loc["2026-W41", "France 2030"] == 5e6
    assert list(by_programme.columns) == ["France 2030"]  # the CHU's 2 M€ names none
    by_payer = an.money_by(new, "payer", weeks)
    assert by_payer.loc["2026-W42", "CHU"] == 2e6 and by_payer.loc["2026-W41", "AIS"] == 5e6
    assert an.money_by(new, "role", weeks).loc["2026-W41", "grant"] == 5e6
    assert an.in_eur(by_theme).loc["2026-W41", "sante_numerique"] == "5 M€"
    assert an.largest_amounts(new, 1)["amount"].tolist() == ["5 M€"]
    with pytest.raises(ValueError):
        an.money_by(money, "colour", weeks)


def test_rising_organisations_compares_recent_weeks_with_the_ones_before():
    weeks = pd.Index([f"2026-W{n}" for n in range(40, 46)], name="week")
    table = pd.DataFrame(
        {
            "Inserm": [3, 3, 2, 2, 2, 2],  # steady: no rise
            "HAS": [1, 0, 1, 0, 3, 4],  # 1 → 7
            "NewCo": [0, 0, 0, 0, 1, 1],  # never before: new
            "Old": [0, 0, 0, 1, 1, 1],  # 1 → 2 but seen before
        },
        index=weeks,
    )
    rising = an.rising_organisations(table, recent=2)
    assert list(rising.index) == ["HAS", "NewCo", "Old"]
    assert rising.loc["HAS", "recent"] == 7 and rising.loc["HAS", "before"] == 1
    assert rising.loc["NewCo", "new"] and not rising.loc["Old", "new"]
    assert rising.attrs["weeks"] == (["2026-W42", "2026-W43"], ["2026-W44", "2026-W45"])


def test_organisation_weeks_count_stories(cfg, watch):
    for aid in ("b1", "b2", "n1"):
        text = watch.articles.get(aid).full_text
        watch.mentions.replace_auto(aid, [Mention("organisation", 0, 5, text[:5], "AP-HP")])
    table = an.organisation_weeks(cfg, watch)
    assert table.loc["2026-W41", "AP-HP"] == 2  # b1 and b2 are one story
    assert table.loc["2026-W43", "AP-HP"] == 0


def _save_clusters(store: Store) -> None:
    def cw(cid, week, size, growth, lineage, members, parents=(), recent=None):  # type: ignore[no-untyped-def]
        c = Cluster(cid, week, size, ("psilocybine", "essai"), members, growth, lineage, parents)
        n = len(members) if recent is None else recent
        return ClusterWeek(c, np.ones(DIM, dtype=np.float32), n)

    store.clusters.save_week("2026-W41", [cw("2026-W41-c1", "2026-W41", 3, 3.0, "new", ("b1",))])
    store.clusters.save_week(
        "2026-W42",
        [
            cw("2026-W41-c1", "2026-W42", 5, 2.0, "grown", ("b1", "b2")),
            cw("2026-W42-c1", "2026-W42", 3, 3.0, "new", ("n1",)),
        ],
    )
    store.clusters.save_week(
        "2026-W43",
        [
            cw("2026-W41-c1", "2026-W43", 8, 0.0, "merged", ("b1", "b2", "n1"), ("2026-W42-c1",)),
            cw("2026-W42-c1", "2026-W43", 0, -3.0, "faded", ()),
        ],
    )


def test_cluster_lineage_tables_follow_stable_ids(cfg, watch):
    _save_clusters(watch)
    lineage = an.cluster_weeks(watch)
    assert len(lineage) == 5
    assert lineage[lineage["cluster"] == "2026-W41-c1"]["lineage"].tolist() == [
        "new",
        "grown",
        "merged",
    ]
    weeks = an.all_weeks(watch)
    timeline = an.cluster_timeline(lineage, weeks)
    assert timeline.loc["2026-W41-c1"].tolist() == [3, 5, 8]
    assert timeline.loc["2026-W42-c1"].tolist() == [0, 3, 0]
    stories = an.cluster_stories(lineage).set_index("cluster")
    assert stories.at["2026-W41-c1", "story"] == (
        "appeared 2026-W41 (3), grew 2026-W42 (+2 → 5), merged (with 2026-W42-c1) 2026-W43 (+0 → 8)"
    )
    assert stories.at["2026-W42-c1", "story"].endswith("faded 2026-W43")
    assert stories.at["2026-W41-c1", "peak"] == 8
    fig = charts.plot_cluster_timeline(lineage, weeks)
    fig.savefig(io.BytesIO(), format="png")
    assert [t.get_text() for t in fig.axes[0].get_yticklabels()] == ["2026-W41-c1", "2026-W42-c1"]


def _vectors(store: Store, ids: list[str], centres: dict[str, np.ndarray], seed: int = 0) -> None:
    rng = np.random.default_rng(seed)
    for aid in ids:
        a = store.articles.get(aid)
        v = centres[aid] + rng.normal(0, 0.05, DIM)
        v = (v / np.linalg.norm(v)).astype(np.float32)
        store.vectors.put(a.content_hash, "all-MiniLM-L6-v2", v[None, :])


def test_landscape_places_embedded_articles_and_lists_a_region(cfg, watch):
    _save_clusters(watch)
    east, west, north = np.eye(DIM)[0], np.eye(DIM)[1], np.eye(DIM)[2]
    _vectors(watch, ["b1", "b2", "n1", "off"], {"b1": east, "b2": east, "n1": west, "off": north})
    land = an.landscape_frame(cfg, watch)
    assert land.attrs["method"] == "pca" and land.attrs["left_out"] == 0  # 4 articles: PCA
    assert set(land["id"]) == {"b1", "b2", "n1", "off"}  # `todo` has no theme scores
    b = land.set_index("id")
    near = np.hypot(*(b.loc["b1", ["x", "y"]] - b.loc["b2", ["x", "y"]]))
    far = np.hypot(*(b.loc["b1", ["x", "y"]] - b.loc["n1", ["x", "y"]]))
    assert near < far
    outlines = an.cluster_outlines(watch)
    # the merged cluster in its last week; the faded one in the last week it was alive
    assert [(o.cluster, o.week) for o in outlines] == [
        ("2026-W41-c1", "2026-W43"),
        ("2026-W42-c1", "2026-W42"),
    ]
    land = an.with_clusters(land, outlines)
    assert land.set_index("id").at["n1", "cluster"] == "2026-W41-c1"
    box = an.region_of(land, "2026-W41-c1")
    assert set(an.region(land, *box)["title"]) == {"Titre b1", "Titre b2", "Titre n1"}
    x0, y0 = b.loc["b1", "x"], b.loc["b1", "y"]
    picked = an.region(land, x=(x0 + 1e-6, x0 - 1e-6), y=(y0 - 1e-6, y0 + 1e-6))
    assert picked["title"].tolist() == ["Titre b1"]  # a box given backwards still works
    assert an.outline_table(outlines)["words"].iloc[0] == "psilocybine, essai"
    labels = an.theme_labels(cfg)
    fig = charts.plot_landscape(land, labels, outlines, box=box)
    fig.savefig(io.BytesIO(), format="png")
    ax = fig.axes[0]
    assert len(ax.collections) == 3  # off-topic, bloc, digital health
    assert len(ax.patches) == 3  # two outlines and the box
    assert any("2026-W41-c1: psilocybine" in t.get_text() for t in ax.texts)


def test_projection_is_seeded_and_switches_to_tsne(cfg):
    rng = np.random.default_rng(1)
    matrix = rng.normal(size=(30, DIM)).astype(np.float32)
    one, used = an.project(matrix, "auto", seed=3)
    two, _ = an.project(matrix, "auto", seed=3)
    assert used in ("tsne", "umap") and one.shape == (30, 2)
    assert np.allclose(one, two)
    assert an.project(matrix[:1], "tsne")[0].shape == (1, 2)
    with pytest.raises(ValueError, match="unknown projection"):
        an.project(matrix, "mds")


def test_find_config_order_and_missing_store(tmp_path, monkeypatch):
    (tmp_path / "notebooks").mkdir()
    project_config = tmp_path / "config.toml"
    project_config.write_text(CONFIG_TEXT, encoding="utf-8")
    monkeypatch.delenv(CONFIG_ENV, raising=False)
    assert an.find_config(start=tmp_path / "notebooks") == project_config.resolve()
    other = tmp_path / "other.toml"
    other.write_text("", encoding="utf-8")
    monkeypatch.setenv(CONFIG_ENV, str(other))
    assert an.find_config(start=tmp_path / "notebooks") == other.resolve()
    monkeypatch.setenv(CONFIG_ENV, str(tmp_path / "missing.toml"))
    with pytest.raises(ConfigError, match="SCANNER_CONFIG"):
        an.find_config()
    monkeypatch.chdir(tmp_path)
    with pytest.raises(StoreError, match="make demo"):
        an.open_watch(project_config)
    assert not (tmp_path / "data" / "scanner.db").exists()  # no empty store made


def test_open_watch_resolves_paths_from_the_config_folder(tmp_path, monkeypatch):
    folder = tmp_path / "watch"
    (folder / "data").mkdir(parents=True)
    Store.open(folder / "data" / "scanner.db").close()
    (folder / "config.toml").write_text(CONFIG_TEXT, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    w = an.open_watch(folder / "config.toml")
    try:
        assert w.folder == folder.resolve() and Path.cwd() == folder.resolve()
        assert w.store.articles.count() == 0
    finally:
        w.close()


def _gold() -> dict[str, GoldItem]:
    return {
        "g1": GoldItem(
            "g1",
            ("bloc_operatoire",),
            (
                GoldMention("organisation", "Inserm", "Inserm"),
                GoldMention("amount", "30 M€", value_eur=3e7),
                GoldMention("amount", "2 Md€", value_eur=2e9),
            ),
        ),
        "g2": GoldItem("g2", (), (GoldMention("organisation", "Inserm", "Inserm"),)),
    }


def test_mention_errors_worst_first_with_context():
    items = {
        "g1": "Titre\n\nL'Inserm reçoit 30 M€ et l'État 2 Md€ pour la recherche.",
        "g2": "Titre\n\nL'Inserm ouvre un site. Le club OL recrute.",
    }
    predicted = {
        "g1": [Mention("amount", 0, 0, "30 M€", value_eur=3e6)],  # wrong value
        "g2": [Mention("organisation", 0, 0, "OL", "OL")],  # false alarm
    }
    report = evaluate_mentions(_gold(), predicted)
    errors = an.mention_errors(report, items, _gold())
    missed = an.worst_errors(errors, 5, "missed")
    # Inserm is missed in two items: worse than the 2 Md€ missed once, despite its size
    assert missed[missed["kind"] == "organisation"]["items"].tolist() == [2]
    assert missed[missed["kind"] == "amount"]["text"].tolist() == ["2 Md€"]
    assert missed[missed["kind"] == "amount"]["expected"].tolist() == [2e9]
    alarm = an.worst_errors(errors, 5, "false alarm").iloc[0]
    assert alarm["text"] == "OL" and "club [[OL]] recrute" in alarm["context"]
    wrong = an.worst_errors(errors, 5, "wrong value").iloc[0]
    assert (wrong["expected"], wrong["got"]) == (3e7, 3e6)
    table = an.mention_table(report)
    assert table.loc[("scanner", "amount"), "tp"] == 1
    assert table.loc[("scanner", "organisation"), "fp"] == 1
    assert an.accuracy_table(report).loc["amount value", "accuracy"] == 0.0


def test_context_marks_the_first_occurrence():
    text = "a" * 100 + " Bpifrance investit " + "b" * 100
    got = an.context(text, "bpifrance", width=10)
    assert got == "…aaaaaaaaa [[Bpifrance]] investit…"
    assert an.context(text, "absent") == ""


def test_theme_confusion_counts_gold_against_assigned():
    keys = ["a", "b"]
    predictions = pd.DataFrame(
        {
            "gold": [("a",), ("a",), ("b",), (), ("a", "b")],
            "assigned": [("a",), ("b",), (), (), ("a",)],
            "missing": [(), ("a",), ("b",), (), ("b",)],
            "extra": [(), ("b",), (), (), ()],
        }
    )
    confusion = an.theme_confusion(predictions, keys)
    assert confusion.loc["a", "a"] == 2 and confusion.loc["a", "b"] == 1
    assert confusion.loc["b", an.OFF_TOPIC] == 1 and confusion.loc["b", "a"] == 1
    assert confusion.loc[an.OFF_TOPIC, an.OFF_TOPIC] == 1
    assert confusion.to_numpy().sum() == 6
    fig = charts.plot_confusion(confusion)
    assert sorted(t.get_text() for t in fig.axes[0].texts) == ["1", "1", "1", "1", "2"]


def test_theme_tables_from_a_report():
    keys = ("a", "b")
    truth = np.array([[1, 0], [0, 1], [0, 0]])
    good = score_system(truth, truth, keys)
    bad = score_system(truth, np.array([[1, 1], [0, 0], [0, 0]]), keys)
    report = ThemeReport(
        themes=keys,
        support={"a": 1, "b": 1},
        overall={"similarity": bad, "lexical": bad, "classifier": good, "combined": good},
        by_lang={"fr": {"similarity": bad, "lexical": bad, "classifier": good, "combined": good}},
        items=3,
        offtopic=1,
        folds=2,
    )
    table = an.theme_table(report)
    assert table.loc["a", "F1"] == 1.0 and table.loc["b", "baseline R"] == 0.0
    assert table.loc["a", "baseline P"] == 1.0
    systems = an.theme_systems(report)
    assert systems.loc["combined (what the product uses)", "macro-F1"] == 1.0
    assert "fr macro-F1" in systems.columns
    assert isinstance(bad, SystemScore) and bad.per_theme["b"] == PRF(0, 1, 1)


def test_corrections_tell_what_changed(cfg, watch):
    text = watch.articles.get("b1").full_text
    mentions = [
        Mention("organisation", 0, 5, text[:5], "APHP", article_id="b1"),
        Mention("organisation", 6, 11, text[6:11], "CHU", article_id="b1"),
        Mention("amount", 12, 14, text[12:14], value_eur=1e6, article_id="b1"),
    ]
    watch.mentions.replace_auto("b1", mentions)
    ids = [m.id for m in watch.mentions.for_article("b1")]
    curation.edit_mention(watch, ids[0], "claire", canonical="AP-HP")
    curation.reject_mention(watch, ids[1], "claire")
    curation.accept_mention(watch, ids[2], "paul")
    curation.set_theme_label(watch, "b1", "bloc_operatoire", 0, "paul", cfg.theme_keys)
    curation.set_theme_label(watch, "off", "prevention", 0, "paul", cfg.theme_keys)
    curation.merge_organisations(watch, "Assistance publique", "AP-HP", "claire")
    corrections = an.corrections_frame(watch)
    assert corrections["action"].tolist() == [
        "edit",
        "reject",
        "accept",
        "theme_label",
        "theme_label",
        "merge",
    ]
    assert "canonical: 'APHP' → 'AP-HP'" in corrections["change"].iloc[0]
    assert "status: 'auto' → 'rejected'" in corrections["change"].iloc[1]
    assert corrections["change"].iloc[3] == "theme: 'bloc_operatoire'; label: 0"
    summary = an.correction_summary(corrections).set_index(["on", "action"])
    assert summary.loc[("article", "theme_label"), "corrections"] == 2
    assert summary.loc[("mention", "edit"), "curators"] == 1
    statuses = an.mention_statuses(watch)
    assert statuses.loc["organisation", "edited"] == 1
    assert statuses.loc["organisation", "rejected"] == 1
    assert statuses.loc["amount", "accepted"] == 1
    effects = an.theme_label_effects(cfg, watch).set_index("article_id")
    assert bool(effects.at["b1", "overrode"])  # the model gave 0.9: the curator said no
    assert not bool(effects.at["off", "overrode"])  # the model agreed (0.1)
    assert an.alias_table(watch).to_dict("records") == [
        {"kind": "organisation", "alias": "Assistance publique", "canonical": "AP-HP"}
    ]
    assert an.correction_summary(an.corrections_frame(Store.open(":memory:"))).empty


def test_charts_draw_weeks_money_and_names_with_dollars(cfg, watch):
    labels = an.theme_labels(cfg)
    counts = an.theme_weeks(cfg, watch)
    fig = charts.plot_theme_weeks(counts, labels)
    assert len(fig.axes[0].lines) == len(counts.columns)
    weeks = an.all_weeks(watch)
    money = pd.DataFrame(
        {"2026-W41": [1e6, 0.0, 0.0], "2026-W42": [0.0, 0.0, 0.0], "2026-W43": [0.0, 5e8, 0.0]},
        index=["Fonds $1", "B", "C"],
    ).T.reindex(weeks)
    fig = charts.plot_money(money, top=2)
    fig.savefig(io.BytesIO(), format="png")  # "$" in a name is not mathtext
    assert [t.get_text() for t in fig.axes[0].get_legend().get_texts()] == [
        r"Fonds \$1",
        "B",
        "autres",
    ]
    fig = charts.plot_lines(money)
    fig.savefig(io.BytesIO(), format="png")
    assert json.dumps(charts.theme_colours(labels))  # one plain colour string per theme


def test_an_empty_watch_gives_empty_tables_and_blank_charts(cfg, store):
    articles = an.articles_frame(cfg, store)
    weeks = an.all_weeks(store)
    assert articles.empty and weeks == []
    assert an.theme_weeks(cfg, store, articles).empty
    money = an.money_frame(cfg, store, articles)
    assert money.empty and an.largest_amounts(money).empty
    assert an.money_by(money, "programme", weeks).empty
    assert an.rising_organisations(an.organisation_weeks(cfg, store, articles)).empty
    lineage = an.cluster_weeks(store)
    assert an.cluster_stories(lineage).empty and an.cluster_timeline(lineage, weeks).empty
    land = an.with_clusters(an.landscape_frame(cfg, store, articles=articles), [])
    assert land.empty and an.region(land, (0, 1), (0, 1)).empty
    for fig in (
        charts.plot_landscape(land, an.theme_labels(cfg)),
        charts.plot_cluster_timeline(lineage, weeks),
        charts.plot_money(an.money_by(money, "theme", weeks)),
    ):
        fig.savefig(io.BytesIO(), format="png")
    assert an.mention_statuses(store).empty and an.corrections_frame(store).empty
