"""Curation: corrections logged with before/after, kept over re-processing, aliases everywhere,
exports the models can learn from."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from scanner.config import Config
from scanner.curation import corrections as curation
from scanner.curation import learning
from scanner.errors import InputError, UnknownTheme
from scanner.records import Article, Mention, ThemeScore
from scanner.store import Store

TEXT = (
    "La start-up Cardiologs lève 12 millions d'euros auprès de Bpifrance dans le cadre de "
    "France 2030. La société Bpi France accompagnera aussi Inserm Transfert."
)
TITLE = "Cardiologs lève des fonds"


def model_output(full: str) -> list[Mention]:
    """What the extractor would find: a wrong organisation, an amount with a wrong value."""

    def at(text: str, kind: str, **kw: object) -> Mention:
        start = full.index(text)
        return Mention(
            kind=kind,
            start=start,
            end=start + len(text),
            text=text,
            confidence=0.5,
            **kw,
        )

    return [
        at("Cardiologs lève", "organisation", canonical="Cardiologs lève"),  # wrong span
        at("12 millions d'euros", "amount", value_eur=1_200_000.0, currency="EUR"),  # wrong value
        at("Bpifrance", "organisation", canonical="Bpifrance"),
        at("France 2030", "programme", canonical="France 2030"),
        at("Bpi France", "organisation", canonical="Bpi France"),
        at("Inserm Transfert", "organisation", canonical="Inserm Transfert"),
    ]


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    """Two articles with model mentions, on each backend."""
    s = Store.open(store_url)
    s.articles.add(
        Article(
            id="a1",
            url="http://x.test/1",
            title=TITLE,
            text=TEXT,
            content_hash="h1",
            published=date(2026, 11, 10),
        )
    )
    s.articles.add(
        Article(
            id="a2",
            url="http://x.test/2",
            title="Autre",
            text="Bpi France et Inserm Transfert signent.",
            content_hash="h2",
            published=date(2026, 11, 11),
        )
    )
    full = s.articles.get("a1").full_text
    s.mentions.replace_auto("a1", model_output(full))
    s.mentions.replace_auto(
        "a2",
        [
            Mention(
                kind="organisation", start=7, end=17, text="Bpi France", canonical="Bpi France"
            ),
        ],
    )
    yield s
    s.close()


def by_text(store: Store, article_id: str, text: str, rejected: bool = True) -> Mention:
    """The stored mention with this text (stored mentions always have an id)."""
    return next(
        m
        for m in store.mentions.for_article(article_id, include_rejected=rejected)
        if m.text == text
    )


def test_each_correction_is_logged_with_before_and_after(store: Store) -> None:
    amount = by_text(store, "a1", "12 millions d'euros")
    wrong = by_text(store, "a1", "Cardiologs lève")
    curation.edit_mention(store, amount.id or 0, "alice", value_eur=12_000_000.0)
    curation.reject_mention(store, wrong.id or 0, "bob")
    full = store.articles.get("a1").full_text
    start = full.index("Cardiologs")
    curation.add_mention(store, "a1", start, start + len("Cardiologs"), "organisation", "bob")

    log = list(store.curation.iter_corrections())
    assert [c.action for c in log] == ["edit", "reject", "add"]
    assert [c.curator for c in log] == ["alice", "bob", "bob"]
    edit = log[0]
    assert edit.target == f"mention:{amount.id}"
    assert json.loads(edit.before)["value_eur"] == 1_200_000.0
    assert json.loads(edit.after)["value_eur"] == 12_000_000.0
    assert json.loads(edit.after)["status"] == "edited"
    assert json.loads(log[1].after)["status"] == "rejected"
    assert log[2].before == "" and json.loads(log[2].after)["text"] == "Cardiologs"
    assert all(c.at is not None for c in log)


def test_reprocessing_keeps_curated_decisions(store: Store) -> None:
    amount = by_text(store, "a1", "12 millions d'euros")
    wrong = by_text(store, "a1", "Cardiologs lève")
    curation.edit_mention(store, amount.id or 0, "alice", value_eur=12_000_000.0)
    curation.reject_mention(store, wrong.id or 0, "alice")
    prog = by_text(store, "a1", "France 2030")
    curation.edit_mention(store, prog.id or 0, "alice", canonical="Plan France 2030")

    # the article is processed again and the model says the same wrong things
    full = store.articles.get("a1").full_text
    store.mentions.replace_auto("a1", curation.apply_aliases(store, model_output(full)))

    kept = {m.text: m for m in store.mentions.for_article("a1")}
    assert "Cardiologs lève" not in kept  # the rejected span did not come back
    assert kept["12 millions d'euros"].value_eur == 12_000_000.0
    assert kept["France 2030"].canonical == "Plan France 2030"
    statuses = store.mentions.status_of("a1")
    assert statuses[amount.id] == "edited" and statuses[wrong.id] == "rejected"
    # exactly one mention per span: the model's duplicate of a curated span is dropped
    assert len([m for m in kept.values() if m.kind == "amount"]) == 1


def test_merge_applies_to_past_and_future_mentions(store: Store) -> None:
    renamed = curation.merge_organisations(store, "Bpi France", "Bpifrance", "alice")
    assert renamed == 2  # one in each article
    for article_id in ("a1", "a2"):
        assert by_text(store, article_id, "Bpi France").canonical == "Bpifrance"
    # a future article: the pipeline runs extraction output through apply_aliases
    future = Mention(
        kind="organisation", start=0, end=10, text="Bpi France", canonical="Bpi France"
    )
    assert curation.apply_aliases(store, [future])[0].canonical == "Bpifrance"
    # a chain: merging the canonical itself carries its aliases along
    curation.merge_organisations(store, "Bpifrance", "BPI", "bob")
    assert curation.apply_aliases(store, [future])[0].canonical == "BPI"
    assert by_text(store, "a2", "Bpi France").canonical == "BPI"
    assert store.curation.aliases("organisation")[("organisation", "Bpi France")] == "BPI"
    merges = [c for c in store.curation.iter_corrections() if c.action == "merge"]
    assert [json.loads(c.after)["canonical"] for c in merges] == ["Bpifrance", "BPI"]
    # kinds are separate name spaces: a programme called the same is left alone
    prog = Mention(kind="programme", start=0, end=10, text="Bpi France", canonical="Bpi France")
    assert curation.apply_aliases(store, [prog])[0].canonical == "Bpi France"


def test_merge_refuses_nonsense(store: Store) -> None:
    with pytest.raises(InputError):
        curation.merge_organisations(store, "X", "X", "alice")
    with pytest.raises(InputError):
        curation.merge_organisations(store, " ", "X", "alice")
    curation.merge_organisations(store, "A", "B", "alice")
    with pytest.raises(InputError):  # would make a cycle
        curation.merge_organisations(store, "B", "A", "alice")


def test_span_edits_are_checked_against_the_text(store: Store) -> None:
    m = by_text(store, "a1", "Cardiologs lève")
    edited = curation.edit_mention(store, m.id or 0, "alice", end=m.start + len("Cardiologs"))
    assert edited.text == "Cardiologs"
    assert store.mentions.get(m.id)[0].text == "Cardiologs"
    with pytest.raises(InputError):
        curation.edit_mention(store, m.id or 0, "alice", end=10_000)
    with pytest.raises(InputError):
        curation.add_mention(store, "a1", 5, 3, "amount", "alice")
    with pytest.raises(InputError):
        curation.add_mention(store, "a1", 0, 3, "unicorn", "alice")


def test_theme_labels_are_set_removed_and_logged(store: Store) -> None:
    themes = ["sante_numerique", "prevention"]
    store.themes.replace(
        "a1",
        [
            ThemeScore("a1", "sante_numerique", 0.3, False),
            ThemeScore("a1", "prevention", 0.7, True),
        ],
    )
    curation.set_theme_label(store, "a1", "sante_numerique", 1, "alice", themes)
    curation.set_theme_label(store, "a1", "prevention", 0, "alice", themes)
    assert store.themes.labels() == {"a1": {"sante_numerique": 1, "prevention": 0}}
    assert store.themes.assigned("a1") == ["sante_numerique"]  # the curator decides at once
    curation.set_theme_label(store, "a1", "prevention", None, "bob", themes)
    assert store.themes.labels() == {"a1": {"sante_numerique": 1}}
    last = store.curation.corrections(limit=1)[0]
    assert last.action == "theme_label" and last.after == "" and '"label": 0' in last.before
    with pytest.raises(UnknownTheme, match="known themes: sante_numerique, prevention"):
        curation.set_theme_label(store, "a1", "astrologie", 1, "alice", themes)


def test_export_docbin_is_readable_by_spacy(store: Store, tmp_path: Path) -> None:
    spacy = pytest.importorskip("spacy")
    from spacy.tokens import DocBin

    amount = by_text(store, "a1", "12 millions d'euros")
    curation.accept_mention(store, amount.id or 0, "alice")
    wrong = by_text(store, "a1", "Cardiologs lève")
    curation.reject_mention(store, wrong.id or 0, "alice")
    full = store.articles.get("a1").full_text
    start = full.index("France 2030")
    prog = by_text(store, "a1", "France 2030")
    curation.accept_mention(store, prog.id or 0, "alice")
    start = full.index("Cardiologs")
    curation.add_mention(store, "a1", start, start + 10, "organisation", "alice")
    curation.set_theme_label(store, "a1", "sante_numerique", 1, "alice", ["sante_numerique"])

    spacy_path, jsonl, n = learning.export_training_data(store, tmp_path / "train")
    assert n == 1
    docs = list(DocBin().from_disk(spacy_path).get_docs(spacy.blank("fr").vocab))
    assert len(docs) == 1
    ents = {(e.text, e.label_) for e in docs[0].ents}
    assert ents == {
        ("12 millions d'euros", "AMOUNT"),
        ("France 2030", "PROGRAMME"),
        ("Cardiologs", "ORG"),
    }  # the rejected span is not an entity
    assert docs[0].cats == {"sante_numerique": 1.0}
    # a1 still has unreviewed model mentions: tokens outside the curated spans are unknown
    # to a trainer ("missing"), not asserted to be outside any entity
    assert {t.ent_iob_ for t in docs[0] if not t.ent_type_} == {""}
    line = json.loads(jsonl.read_text(encoding="utf-8").splitlines()[0])
    assert line["id"] == "a1" and len(line["entities"]) == 3


def test_curated_names_teach_the_extractor(store: Store, tmp_path: Path) -> None:
    """A merge and a name the model missed, synced beside the configured gazetteers, are what
    a freshly loaded MentionExtractor finds in a new text (the next pipeline run)."""
    spacy = pytest.importorskip("spacy")
    from scanner.config import NlpConfig
    from scanner.nlp.mentions import MentionExtractor

    curation.merge_organisations(store, "Bpi France", "Bpifrance", "alice")
    full = store.articles.get("a1").full_text
    start = full.index("Cardiologs")
    curation.add_mention(
        store, "a1", start, start + 10, "organisation", "alice", canonical="Cardiologs SAS"
    )
    gaz = tmp_path / "gaz"
    gaz.mkdir()
    (gaz / "programmes.jsonl").write_text("", encoding="utf-8")
    (gaz / "organisations.jsonl").write_text("", encoding="utf-8")
    nlp_cfg = NlpConfig(
        programmes=str(gaz / "programmes.jsonl"),
        organisations=str(gaz / "organisations.jsonl"),
        curated_dir=str(tmp_path / "watch" / "curated"),
    )
    cfg = Config(nlp=nlp_cfg)
    paths = learning.curated_gazetteer_paths(cfg)
    assert paths["organisation"] == tmp_path / "watch" / "curated" / "organisations.jsonl"
    written = learning.sync_gazetteers(store, paths)
    assert sorted(p.name for p in written) == ["organisations.jsonl", "programmes.jsonl"]
    # a blank pipeline: only the gazetteer can find these names
    extractor = MentionExtractor(nlp_cfg, base_dir=gaz, nlp=spacy.blank("fr"))
    found = extractor.extract_one("Cardiologs s'allie à Bpi France pour son essai.")
    orgs = {(m.text, m.canonical) for m in found if m.kind == "organisation"}
    assert ("Cardiologs", "Cardiologs SAS") in orgs
    assert ("Bpi France", "Bpifrance") in orgs


def test_an_added_amount_without_value_is_read_from_its_text(store: Store) -> None:
    full = store.articles.get("a1").full_text
    start = full.index("12 millions d'euros")
    added = curation.add_mention(store, "a1", start, start + 19, "amount", "alice")
    assert added.value_eur == 12_000_000.0 and added.currency == "EUR"
    stored = store.mentions.get(added.id or 0)[0]
    assert stored.value_eur == 12_000_000.0


def test_queue_puts_first_what_matters(tmp_path: Path) -> None:
    """The coming bulletin's articles, then low confidence, then new actors, then the newest;
    off-topic articles only on request."""
    store = Store.open(tmp_path / "q.db")
    rows = [  # id, day, on theme, confidence, organisation
        ("old", date(2026, 11, 2), True, 0.2, "Sanofi"),  # low confidence, last week
        ("act", date(2026, 11, 3), True, 1.0, "NovaCorp"),  # a name never seen before
        ("plain", date(2026, 11, 5), True, 1.0, "Sanofi"),  # seen before (old)
        ("bul", date(2026, 11, 10), True, 1.0, "Sanofi"),  # the coming bulletin's week
        ("off", date(2026, 11, 11), False, 0.1, "Sanofi"),  # off-topic
    ]
    for aid, day, on_theme, conf, org in rows:
        text = f"{org} investit dans la santé."
        store.articles.add(
            Article(
                id=aid,
                url=f"http://x.test/{aid}",
                title="",
                text=text,
                content_hash=f"h{aid}",
                published=day,
            )  # fmt: skip
        )
        store.mentions.replace_auto(aid, [Mention(kind="organisation", start=0, end=len(org),
                                                  text=org, canonical=org, confidence=conf)])  # fmt: skip
        store.themes.replace(aid, [ThemeScore(aid, "prevention", 0.8, on_theme)])
    week = (date(2026, 11, 9), date(2026, 11, 16))
    queue = store.curation.queue(week=week)
    assert [q.article_id for q in queue] == ["bul", "old", "act", "plain"]
    assert [(q.in_bulletin, q.new_actor) for q in queue] == [
        (True, False), (False, True), (False, True), (False, False)
    ]  # fmt: skip
    assert store.curation.new_actors(["act", "plain"]) == {"act": ["NovaCorp"]}
    assert store.curation.queue_size() == 4 and store.curation.queue_size(True) == 5
    everything = store.curation.queue(week=week, off_topic=True)
    assert [q.article_id for q in everything] == ["bul", "old", "off", "act", "plain"]
    assert not everything[2].on_topic and not everything[2].in_bulletin
    # a reviewed article leaves the queue; paging
    (m,) = store.mentions.for_article("bul")
    curation.accept_mention(store, m.id or 0, "alice")
    assert [q.article_id for q in store.curation.queue(limit=2, week=week)] == ["old", "act"]
    assert [q.article_id for q in store.curation.queue(limit=2, offset=2, week=week)] == ["plain"]
    store.close()


def test_log_exports(store: Store) -> None:
    m = by_text(store, "a1", "Bpifrance")
    curation.accept_mention(store, m.id or 0, "alice")
    rows = list(store.curation.iter_corrections())
    lines = "".join(curation.corrections_jsonl(rows)).splitlines()
    assert json.loads(lines[0])["curator"] == "alice"
    csv_text = "".join(curation.corrections_csv(rows))
    assert csv_text.splitlines()[0] == "id,target,action,before,after,curator,at"
    assert "alice" in csv_text


def test_cli_users_add_and_curate_commands(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from scanner.cli import app
    from scanner.web.security import authenticate

    db, models = tmp_path / "w.db", tmp_path / "models"
    config = tmp_path / "config.toml"
    config.write_text(
        f'[store]\nurl = "sqlite:///{db}"\n[taxonomy.prevention]\nlabel = "P"\ndescription = "d"\n'
        'seeds = ["s"]\n',
        encoding="utf-8",
    )
    runner = CliRunner()
    r = runner.invoke(
        app,
        ["users", "add", "alice", "--password-stdin", "--config", str(config)],
        input="a long enough password\n",
    )
    assert r.exit_code == 0, r.output
    r = runner.invoke(
        app, ["users", "add", "bob", "--password-stdin", "--config", str(config)], input="short\n"
    )
    assert r.exit_code == 2 and "at least 8" in r.output
    r = runner.invoke(
        app,
        ["users", "add", "rita", "--role", "reader", "--password-stdin", "-c", str(config)],
        input="another long password\n",
    )
    assert r.exit_code == 0, r.output
    r = runner.invoke(app, ["users", "list", "-c", str(config)])
    assert r.output.split() == ["alice", "curator", "rita", "reader"]
    assert runner.invoke(app, ["users", "remove", "rita", "-c", str(config)]).exit_code == 0
    r = runner.invoke(app, ["users", "remove", "rita", "-c", str(config)])
    assert r.exit_code == 2 and "no user" in r.output
    with Store.open(db) as store:
        assert authenticate(store, "alice", "a long enough password") == "alice"
        assert authenticate(store, "alice", "wrong password") is None
        store.articles.add(
            Article(id="a1", url="http://x.test/1", title=TITLE, text=TEXT, content_hash="h1")
        )
        full = store.articles.get("a1").full_text
        start = full.index("Bpifrance")
        curation.add_mention(store, "a1", start, start + 9, "organisation", "alice")
    r = runner.invoke(app, ["curate", "log", "--format", "jsonl", "--config", str(config)])
    assert r.exit_code == 0 and json.loads(r.output.splitlines()[0])["action"] == "add"
    r = runner.invoke(
        app,
        [
            "curate",
            "export",
            "--out",
            str(tmp_path / "train"),
            "--gazetteers",
            str(models),
            "--config",
            str(config),
        ],
    )
    assert r.exit_code == 0, r.output
    assert (tmp_path / "train" / "corrections.spacy").is_file()
    assert (models / "organisations.jsonl").is_file()


@pytest.mark.slow
def test_curate_retrain_prints_the_evaluation_before_and_after(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Curators' labels retrain the theme classifier; the command prints both evaluations.
    Run in its own folder (its own watch): the retrained model goes there, not into the
    project's models/."""
    from typer.testing import CliRunner

    from scanner.cli import app

    project = Path(__file__).resolve().parents[1]
    (tmp_path / "config.toml").write_text(
        (project / "config.toml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    monkeypatch.chdir(tmp_path)
    with Store.open(tmp_path / "data" / "scanner.db") as s:
        s.articles.add(
            Article(id="c1", url="http://x.test/c1", title=TITLE, text=TEXT, content_hash="c1")
        )
        curation.set_theme_label(s, "c1", "sante_numerique", 1, "alice", ["sante_numerique"])
    r = CliRunner().invoke(app, ["curate", "retrain", "--corpora", str(project / "corpora")])
    assert r.exit_code == 0, r.output
    assert "1 curator label(s) on 1 article(s)" in r.output
    assert "== before" in r.output and "== after" in r.output
    assert re.search(r"macro-F1 0\.\d{3} → 0\.\d{3} \([+-]0\.\d{3}\)", r.output)
    assert list((tmp_path / "models" / "themes").iterdir())  # the watch's own model
