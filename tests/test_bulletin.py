"""The weekly bulletin end to end on a small hand-made store (no models): ranking as seen by a
reader, story collapse, JSON contract, idempotent re-runs, escaping, Atom, CLI."""

from __future__ import annotations

import json
import sys
import types
import xml.etree.ElementTree as ET
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from scanner.bulletin import (
    build_bulletin,
    bulletin_json,
    last_complete_week,
    latest_week_with_items,
    week_dates,
    write_bulletin,
)
from scanner.config import Config, config_from_dict
from scanner.errors import InputError
from scanner.records import Article, Mention, ThemeScore
from scanner.store import Store

WEEK = "2026-W46"  # Monday 9 to Sunday 15 November 2026
MONDAY = date(2026, 11, 9)
EVIL = "<script>alert('x')</script> [piège](javascript:alert(1)) *gras* _it_ | Implant"
THEMES = {
    "sante_numerique": "Santé numérique",
    "dispositifs_medicaux": "Dispositifs médicaux",
    "prevention": "Prévention",
}
SOURCES = {"src1": 1.0, "src2": 1.0, "src3": 1.0, "src4": 1.0, "src5": 1.0, "agence": 1.5}


def make_config(tmp: Path, rank: dict[str, Any] | None = None, host: str = "news.test") -> Config:
    return config_from_dict(
        {
            "store": {"path": str(tmp / "b.db")},
            "output": {"dir": str(tmp / "out")},
            "rank": rank or {},
            "taxonomy": {
                k: {"label": v, "description": "d", "seeds": ["s"]} for k, v in THEMES.items()
            },
            "sources": [
                {
                    "id": s,
                    "kind": "feed",
                    "url": f"http://{host}/{s}.xml",
                    "name": s.upper(),
                    "weight": w,
                }
                for s, w in SOURCES.items()
            ],
        }
    )


def add(
    store: Store,
    aid: str,
    title: str,
    text: str,
    day: date,
    source: str,
    story: str = "",
    theme: str | None = "sante_numerique",
    score: float = 0.8,
    mentions: tuple[tuple[str, str, str, float | None], ...] = (),
    host: str = "news.test",
) -> None:
    """One article, its theme score and mentions (kind, text, canonical, euros) found in it."""
    store.articles.add(
        Article(
            id=aid,
            url=f"https://{host}/{aid}" if host == "news.test" else f"http://{host}/{aid}",
            title=title,
            text=text,
            source_id=source,
            published=day,
            lang="fr",
            content_hash=f"h-{aid}",
            story_id=story or aid,
        )
    )
    if theme:
        others = [t for t in THEMES if t != theme]
        store.themes.replace(
            aid,
            [ThemeScore(aid, theme, score, True)]
            + [ThemeScore(aid, t, 0.1, False) for t in others],
        )
    full = f"{title}\n\n{text}"
    found = []
    for kind, span, canonical, eur in mentions:
        start = full.index(span)
        found.append(
            Mention(
                kind=kind,  # type: ignore[arg-type]
                start=start,
                end=start + len(span),
                text=span,
                canonical=canonical,
                value_eur=eur,
                role="budget" if kind == "amount" else None,
            )
        )
    store.mentions.replace_auto(aid, found)


OLD_TEXT = (
    "Le Health Data Hub ouvre son entrepôt national de données de santé aux chercheurs. "
    "La plateforme héberge les données de l'assurance maladie et des hôpitaux. "
    "Les projets de recherche devront passer par un comité scientifique et éthique."
)


def fill(store: Store) -> None:
    """Week W46 and history: an old story's fifth rewrite, a new funded programme, a story
    covered by three sources, a crawled <script> title, an off-theme article."""
    for n in range(4):  # the old story, covered weekly since W42 by a new outlet each time
        add(
            store,
            f"old{n}",
            "Le Health Data Hub ouvre ses données",
            OLD_TEXT,
            MONDAY - timedelta(weeks=4 - n),
            f"src{n + 1}",
            story="s-old",
            mentions=(("organisation", "Health Data Hub", "Health Data Hub", None),),
        )
    add(  # fifth rewrite, this week
        store,
        "old4",
        "Health Data Hub : l'entrepôt de données de santé ouvert aux chercheurs",
        OLD_TEXT,
        MONDAY + timedelta(days=3),
        "src5",
        story="s-old",
        mentions=(("organisation", "Health Data Hub", "Health Data Hub", None),),
    )
    add(  # Bpifrance already in the news in W44
        store,
        "early",
        "Bpifrance soutient la e-santé",
        "Bpifrance lance un appel à projets.",
        MONDAY - timedelta(weeks=2),
        "src1",
        mentions=(("organisation", "Bpifrance", "Bpifrance", None),),
    )
    add(
        store,
        "new",
        "France 2030 : un programme de 2,3 milliards pour la télésurveillance",
        "Le gouvernement annonce un programme de 2,3 milliards d'euros dans le cadre de France "
        "2030 pour déployer la télésurveillance médicale à domicile. Bpifrance et l'Agence de "
        "l'innovation en santé piloteront les appels à projets. Les premiers lauréats seront "
        "connus au printemps. Une start-up lyonnaise, Telecare Lyon, prépare déjà sa candidature.",
        MONDAY + timedelta(days=1),
        "src2",
        score=0.75,
        mentions=(
            ("programme", "France 2030", "France 2030", None),
            ("amount", "2,3 milliards d'euros", "", 2.3e9),
            ("organisation", "Bpifrance", "Bpifrance", None),
            ("organisation", "Agence de l'innovation en santé", "AIS", None),
            ("organisation", "Telecare Lyon", "Telecare Lyon", None),
        ),
    )
    implant = (
        "Cardiotech obtient le marquage CE pour son implant cardiaque connecté. "
        "La medtech grenobloise lève 12 millions d'euros pour préparer sa commercialisation. "
        "Les premiers patients seront équipés en 2027."
    )
    for n, src in enumerate(("src1", "src3", "src4")):
        add(
            store,
            f"dup{n}",
            f"Implant cardiaque connecté : marquage CE pour Cardiotech ({n})",
            implant + f" Dépêche {n}.",
            MONDAY + timedelta(days=2 + n),
            src,
            story="s-dup",
            theme="dispositifs_medicaux",
            score=0.7,
            mentions=(
                ("organisation", "Cardiotech", "Cardiotech", None),
                ("amount", "12 millions d'euros", "", 1.2e7),
            ),
        )
    add(
        store,
        "evil",
        EVIL,
        "Un implant est présenté par une agence régionale. Le dispositif reste expérimental.",
        MONDAY + timedelta(days=4),
        "agence",
        theme="dispositifs_medicaux",
        score=0.6,
    )
    add(
        store,
        "offtopic",
        "Résultats du championnat de pétanque",
        "Le club local remporte le championnat.",
        MONDAY + timedelta(days=1),
        "src3",
        theme=None,
    )


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Config, Store]:
    # emerging signals come from another stage; absent here whether or not it has landed
    monkeypatch.setitem(sys.modules, "scanner.clusters", None)
    cfg = make_config(tmp_path)
    store = Store.open(cfg.store.path)
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
    with pytest.raises(InputError):
        week_dates("2026-46")


def test_new_funded_programme_outranks_old_story_rewrite(env: tuple[Config, Store]) -> None:
    cfg, store = env
    body = bulletin_json(build_bulletin(cfg, store, WEEK))
    items = section(body, "sante_numerique")["items"]
    assert [i["id"] for i in items] == ["new", "old4"]
    new, old = items
    assert old["reasons"]["novelty"] == 0  # covered for four weeks already
    assert new["reasons"]["novelty"] > 0.8 * cfg.rank.novelty  # little overlap with earlier news
    assert len(old["sources"]) == 5  # ... by five outlets, which does not save it
    assert "programme clé : France 2030" in new["why"] or "montant : 2,3 Md€" in new["why"]
    assert body["top_signals"][0]["id"] == "new"
    # every figure and name is linked to the article it comes from
    assert {m["canonical"] for m in new["mentions"]} >= {"France 2030", "Bpifrance", "AIS"}
    assert all(m["url"] == "https://news.test/new" for m in new["mentions"])


def test_story_duplicates_collapse_to_one_item(env: tuple[Config, Store]) -> None:
    cfg, store = env
    b = build_bulletin(cfg, store, WEEK)
    items = next(s for s in b.sections if s.theme == "dispositifs_medicaux").items
    dup = [i for i in items if i.story_id == "s-dup"]
    assert len(dup) == 1 and dup[0].articles == 3
    assert dup[0].source_ids == ("src1", "src3", "src4")
    assert "3 sources" in dup[0].why
    # the story's amount appears once in the money table, not once per rewrite
    assert [m.value_eur for m in b.money] == [2.3e9, 1.2e7]
    files = write_bulletin(cfg, b, Path(cfg.output.dir))
    assert "couvert par 3 sources" in files["html"].read_text(encoding="utf-8")


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
    assert items["items"][0]["id"] == "evil"


def test_json_contract(env: tuple[Config, Store]) -> None:
    cfg, store = env
    body = bulletin_json(build_bulletin(cfg, store, WEEK))
    head = {"week", "start", "end", "read", "kept", "themes", "top_signals", "changes"}
    assert head | {"sections", "emerging", "money", "organisations"} <= set(body)
    assert (body["read"], body["kept"]) == (7, 6)
    assert [s["theme"] for s in body["sections"]] == list(THEMES)  # taxonomy order
    assert section(body, "prevention")["items"] == []
    item_keys = {"id", "title", "url", "published", "sources", "score", "reasons", "mentions"}
    for s in body["sections"]:
        assert {"theme", "label", "items"} <= set(s)
        for item in s["items"]:
            assert item_keys <= set(item)
            assert sum(item["reasons"].values()) == pytest.approx(item["score"], abs=1e-3)
    money = body["money"]
    assert {"text", "value_eur", "organisations", "programmes", "role", "article_id"} <= set(
        money[0]
    )
    assert money[0]["programmes"] == ["France 2030"] and "Bpifrance" in money[0]["organisations"]
    assert [m["value_eur"] for m in money] == sorted((m["value_eur"] for m in money), reverse=True)
    orgs = {o["canonical"]: o for o in body["organisations"]}
    assert {"canonical", "count", "new"} <= set(orgs["Bpifrance"])
    assert orgs["Bpifrance"]["new"] is False and orgs["Health Data Hub"]["new"] is False
    assert orgs["Telecare Lyon"]["new"] is True and orgs["Cardiotech"]["count"] == 3
    assert body["emerging"] == [] and body["emerging_computed"] is False
    counts = {t["theme"]: t for t in body["themes"]}
    assert counts["sante_numerique"]["count"] == 2 and counts["sante_numerique"]["previous"] == 1
    assert json.loads(json.dumps(body)) == body  # plain JSON, nothing exotic
    # the store keeps the body and each item's reasons
    stored = store.bulletins.items(WEEK)
    assert len(stored) == 4 and {"new", "old4", "evil"} <= {i.article_id for i in stored}
    assert all(i.reasons for i in stored)
    assert store.bulletins.get(WEEK) == body


def test_rerun_same_week_gives_same_bulletin(env: tuple[Config, Store], tmp_path: Path) -> None:
    cfg, store = env
    first = build_bulletin(cfg, store, WEEK)
    files = write_bulletin(cfg, first, tmp_path / "a")
    again = build_bulletin(cfg, store, WEEK)
    assert bulletin_json(again) == bulletin_json(first)  # generated_at kept too
    files2 = write_bulletin(cfg, again, tmp_path / "b")
    for fmt in ("html", "md", "json"):
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


def test_crawled_text_is_escaped_in_html_and_markdown(env: tuple[Config, Store]) -> None:
    cfg, store = env
    files = write_bulletin(cfg, build_bulletin(cfg, store, WEEK), Path(cfg.output.dir))
    html = files["html"].read_text(encoding="utf-8")
    assert "<script>" not in html and "&lt;script&gt;alert(" in html
    assert 'href="javascript:' not in html
    md = files["md"].read_text(encoding="utf-8")
    assert "<script>" not in md and r"\<script\>" in md
    assert "[piège](javascript" not in md and r"\[piège\](javascript" in md
    assert r"\*gras\* \_it\_ \| Implant" in md
    assert "Aucun article retenu cette semaine pour ce thème" in html  # prevention is empty
    assert "Aucun signal émergent calculé" in html
    assert "Données de démonstration" not in html


def test_changes_since_last_bulletin_and_atom(env: tuple[Config, Store]) -> None:
    cfg, store = env
    out = Path(cfg.output.dir)
    write_bulletin(cfg, build_bulletin(cfg, store, "2026-W45"), out)
    b = build_bulletin(cfg, store, WEEK)
    assert b.changes_from_bulletin
    assert [(c.kind, c.story_id, c.before, c.now) for c in b.changes] == [("grew", "s-old", 4, 5)]
    files = write_bulletin(cfg, b, out)
    feed = ET.parse(files["atom"]).getroot()
    ns = {"a": "http://www.w3.org/2005/Atom"}
    entries = feed.findall("a:entry", ns)
    assert [e.find("a:id", ns).text for e in entries] == [  # type: ignore[union-attr]
        "urn:scanner:bulletins:2026-W46",
        "urn:scanner:bulletins:2026-W45",
    ]
    assert "France 2030" in entries[0].find("a:summary", ns).text  # type: ignore[union-attr,operator]


def test_demo_data_is_said_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "scanner.clusters", None)
    cfg = make_config(tmp_path, host="127.0.0.1:8765")
    with Store.open(cfg.store.path) as store:
        add(
            store,
            "d1",
            "Démo",
            "Un article de démonstration.",
            MONDAY,
            "src1",
            host="127.0.0.1:8765",
        )
        files = write_bulletin(cfg, build_bulletin(cfg, store, WEEK), tmp_path / "out")
    assert "Données de démonstration (corpus d'exemple)" in files["html"].read_text("utf-8")
    assert json.loads(files["json"].read_text("utf-8"))["demo"] is True


def test_cli_writes_the_files(env: tuple[Config, Store], tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from scanner.cli import app

    cfg, _ = env
    toml = tmp_path / "config.toml"
    lines = [f'[store]\npath = "{cfg.store.path}"\n']
    for k, v in THEMES.items():
        lines.append(f'[taxonomy.{k}]\nlabel = "{v}"\ndescription = "d"\nseeds = ["s"]\n')
    toml.write_text("\n".join(lines), encoding="utf-8")
    result = CliRunner().invoke(
        app, ["bulletin", "--week", WEEK, "--config", str(toml), "--out", str(tmp_path / "cli")]
    )
    assert result.exit_code == 0, result.output
    for ext in ("html", "md", "json"):
        assert str(tmp_path / "cli" / f"bulletin-{WEEK}.{ext}") in result.output
    assert (tmp_path / "cli" / "bulletins.atom").is_file()
    bad = CliRunner().invoke(app, ["bulletin", "--week", "nope", "--config", str(toml)])
    assert bad.exit_code == 2 and "ISO week" in bad.output


def test_emerging_signals_from_the_cluster_stage(
    env: tuple[Config, Store], monkeypatch: pytest.MonkeyPatch
) -> None:
    from scanner.records import Cluster

    cfg, store = env
    grown = Cluster(
        "c7",
        WEEK,
        3,
        ("implant", "cardiaque", "marquage"),
        ("dup0", "dup1", "old0"),
        growth=2.0,
        lineage="grown",
    )
    fake = types.ModuleType("scanner.clusters")
    fake.emerging = lambda store, week: [grown]  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "scanner.clusters", fake)
    b = build_bulletin(cfg, store, WEEK)
    body = bulletin_json(b)
    assert body["emerging_computed"] is True
    (e,) = body["emerging"]
    assert {"cluster", "words", "growth", "items"} <= set(e)
    assert e["cluster"] == "c7" and e["growth"] == 2.0
    assert [i["id"] for i in e["items"]] == ["dup0", "dup1", "old0"]  # old0 read from the store
    html = write_bulletin(cfg, b, Path(cfg.output.dir))["html"].read_text(encoding="utf-8")
    assert "implant · cardiaque · marquage" in html and "en croissance (+2)" in html

    def no_repo(store: Store, week: str) -> list[Cluster]:
        raise AttributeError("'Store' object has no attribute 'clusters'")

    fake.emerging = no_repo  # type: ignore[attr-defined]
    assert build_bulletin(cfg, store, WEEK).emerging is None


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
