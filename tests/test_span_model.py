"""The learnt span model beside the rules: training data alignment, the shipped artefact,
its fallbacks, how its spans join the rules', and bad input through it."""

from __future__ import annotations

import json
import logging
import shutil
from pathlib import Path

import pytest

from scanner.config import NlpConfig
from scanner.nlp.gazetteer import Gazetteer
from scanner.nlp.organisations import find_people_orgs_places
from scanner.nlp.span_model.examples import (
    Alignment,
    AnnotatedText,
    occurrence_spans,
    paragraphs,
    training_docs,
)
from scanner.nlp.span_model.spans import MANIFEST, file_digests, load_span_model

PROJECT = Path(__file__).resolve().parents[1]
SHIPPED = PROJECT / "models" / "spans"


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer.load(
        PROJECT / "models/gazetteer/programmes.jsonl",
        PROJECT / "models/gazetteer/organisations.jsonl",
    )


def test_every_occurrence_is_labelled_longest_first_at_word_boundaries() -> None:
    text = "Le LAAS-CNRS et le CNRS. Le CNRSx n'en est pas; le CNRS encore."
    spans, missing = occurrence_spans(
        text,
        [("organisation", "CNRS"), ("organisation", "LAAS-CNRS"), ("organisation", "Absent")],
    )
    assert [text[s:e] for s, e, _ in spans] == ["LAAS-CNRS", "CNRS", "CNRS"]
    assert missing == 1


def test_alignment_counts_every_occurrence(mention_extractor) -> None:  # type: ignore[no-untyped-def]
    text = "Titre\n\nLa start-up Robocath lève 5 M€ auprès de l'AP-HP et du programme i-Lab."
    item = AnnotatedText(
        "t1",
        text,
        (("organisation", "Robocath"), ("organisation", "AP-HP"), ("programme", "i-Lab"),
         ("organisation", "AP")),
    )  # fmt: skip
    counts = Alignment()
    docs = training_docs(mention_extractor.nlp, [item], counts)
    assert len(docs) == len(paragraphs(text)) == 2
    ents = [(e.text, e.label_) for d in docs for e in d.ents]
    assert ("Robocath", "ORG") in ents and ("i-Lab", "PROG") in ents
    assert counts.occurrences == counts.aligned + counts.expanded + counts.unaligned
    assert counts.occurrences == 3  # "AP" inside "AP-HP" is not a second name


def test_the_shipped_artefact_loads_and_keeps_the_base_entities(mention_extractor) -> None:  # type: ignore[no-untyped-def]
    model = load_span_model(SHIPPED, mention_extractor.nlp)
    assert model is not None, "models/spans did not load: retrain with `scanner spans train`"
    manifest = json.loads((SHIPPED / MANIFEST).read_text(encoding="utf-8"))
    assert manifest["sha256"] == file_digests(SHIPPED)
    assert manifest["alignment"]["unaligned"] <= manifest["alignment"]["occurrences"] // 50
    text = "La start-up lyonnaise Novadiscovery lève 5 millions d'euros auprès de Debiopharm."
    nlp = mention_extractor.nlp
    before = [(e.text, e.label_) for e in nlp(text).ents]
    [(doc, learnt)] = list(model.annotate([nlp(text)]))
    assert [(e.text, e.label_) for e in doc.ents] == before
    assert {text[s:e] for s, e, label in learnt if label == "ORG"} >= {"Novadiscovery"}


def _corrupt_copy(tmp_path: Path, damage: str) -> Path:
    folder = tmp_path / "spans"
    shutil.copytree(SHIPPED, folder)
    if damage == "weights":
        weights = folder / "ner" / "model"
        weights.write_bytes(weights.read_bytes()[:1000])
    elif damage == "manifest":
        (folder / MANIFEST).write_text("{not json")
    elif damage == "base":
        manifest = json.loads((folder / MANIFEST).read_text())
        (folder / MANIFEST).write_text(json.dumps(manifest | {"base": "fr_core_news_sm-3.8.0"}))
    elif damage == "missing":
        shutil.rmtree(folder)
    return folder


@pytest.mark.parametrize("damage", ["weights", "manifest", "base", "missing"])
def test_a_damaged_artefact_falls_back_to_the_rules_with_a_warning(
    damage: str,
    tmp_path: Path,
    mention_extractor,
    caplog,  # type: ignore[no-untyped-def]
) -> None:
    from scanner.nlp.mentions import MentionExtractor

    folder = _corrupt_copy(tmp_path, damage)
    with caplog.at_level(logging.WARNING, logger="scanner.nlp.span_model.spans"):
        assert load_span_model(folder, mention_extractor.nlp) is None
    assert "rules only" in caplog.text
    cfg = NlpConfig(workers=1, curated_dir="", span_model=str(folder))
    extractor = MentionExtractor(cfg, PROJECT, nlp=mention_extractor.nlp)
    assert extractor.span_model is None
    found = extractor.extract_one("L'Inserm et Bpifrance financent la start-up Robocath.")
    assert {m.canonical for m in found if m.kind == "organisation"} >= {"Inserm", "Bpifrance"}


def test_a_learnt_name_the_rules_miss_comes_out_with_origin_model(gazetteer: Gazetteer) -> None:
    text = "Le rapport cite Zorblax comme exemple, avec l'Inserm."
    start = text.index("Zorblax")
    learnt = [(start, start + len("Zorblax"), "ORG")]
    without = find_people_orgs_places(text, [], gazetteer)
    assert "Zorblax" not in {m.text for m in without}
    found = {m.text: m for m in find_people_orgs_places(text, [], gazetteer, learnt=learnt,
                                                        policy="fill")}  # fmt: skip
    assert found["Zorblax"].origin == "model" and found["Zorblax"].canonical == "Zorblax"
    assert found["Inserm"].origin == "gazetteer"
    off = find_people_orgs_places(text, [], gazetteer, learnt=learnt, policy="off")
    assert "Zorblax" not in {m.text for m in off}


def test_the_shipped_model_finds_a_name_the_rules_miss(mention_extractor) -> None:  # type: ignore[no-untyped-def]
    from scanner.nlp.mentions import MentionExtractor

    text = "Parmi les lauréats figurent Ortivia, Kalnea et Sensorys."
    cfg = NlpConfig(workers=1, curated_dir="", span_model="")
    rules = MentionExtractor(cfg, PROJECT, nlp=mention_extractor.nlp)
    assert not [m for m in rules.extract_one(text) if m.kind == "organisation"]
    found = {m.text: m for m in mention_extractor.extract_one(text) if m.kind == "organisation"}
    assert found["Ortivia"].origin == "model" and found["Ortivia"].canonical == "Ortivia"


def test_fill_never_overrides_a_rule_and_extend_takes_the_longer_name(gazetteer: Gazetteer) -> None:
    text = "Le laboratoire LAAS-CNRS de Toulouse travaille avec le CNRS."
    s = text.index("LAAS-CNRS")
    learnt = [(s, s + len("LAAS-CNRS de Toulouse"), "ORG"), (s + 5, s + 9, "ORG")]
    fill = find_people_orgs_places(text, [], gazetteer, learnt=learnt, policy="fill")
    rules = find_people_orgs_places(text, [], gazetteer)
    assert {(m.start, m.end) for m in rules} <= {(m.start, m.end) for m in fill}
    extend = find_people_orgs_places(text, [], gazetteer, learnt=learnt, policy="extend")
    assert "LAAS-CNRS de Toulouse" in {m.text for m in extend}


def test_a_learnt_programme_fills_a_gap_but_never_takes_a_body(mention_extractor) -> None:  # type: ignore[no-untyped-def]
    from scanner.nlp.mentions import MentionExtractor

    text = "Les lauréats de la saison Zorblax Cent sont connus ; Bpifrance les accompagne."
    s = text.index("Zorblax Cent")
    b = text.index("Bpifrance")
    learnt = [(s, s + len("Zorblax Cent"), "PROG"), (b, b + 9, "PROG")]
    cfg = NlpConfig(workers=1, curated_dir="", span_model="")
    extractor = MentionExtractor(cfg, PROJECT, nlp=mention_extractor.nlp)
    ents = mention_extractor.entities([text])[0]
    for policy, with_programmes in (("fill", True), ("orgs", False), ("off", False)):
        extractor.use_span_model(None, policy)
        found = {m.text: m for m in extractor.mentions(text, ents, None, learnt)}
        assert found["Bpifrance"].kind == "organisation"
        programmes = [m for m in found.values() if m.kind == "programme"]
        assert any(m.text == "Zorblax Cent" and m.origin == "model" for m in programmes) == (
            with_programmes
        )


@pytest.mark.parametrize(
    "text",
    [
        "Investisseurs : " + ", ".join(f"Biotek{i:03d} Therapeutics" for i in range(200)) + ".",
        "LA START-UP ROBOCATH LÈVE 5 M€ AUPRÈS DE BPIFRANCE ET DU FONDS KURMA PARTNERS. " * 20,
        "La start-up Robo\u200bcath 🤖 lève 5 M€ auprès de Bpi\u200bfrance 🚀" + "\u200b" * 500,
        "\u200b\u200c\u200d" * 300,
    ],
    ids=["200-names", "all-caps", "zero-width", "only-invisible"],
)
def test_bad_input_through_the_span_model_gives_a_result(text: str, mention_extractor) -> None:  # type: ignore[no-untyped-def]
    assert mention_extractor.span_model is not None
    found = mention_extractor.extract_one(text)
    assert all(text[m.start : m.end] == m.text for m in found)
    if "Biotek000" in text:
        assert len([m for m in found if m.kind == "organisation"]) >= 150


@pytest.mark.slow
def test_retraining_is_deterministic(tmp_path: Path) -> None:
    """Same data, seed and steps: the same weights, byte for byte (two short trainings)."""
    from scanner.eval.span_model import corpus_items
    from scanner.nlp.span_model.training import save_spans, train_spans, weights_digest

    items = corpus_items(PROJECT / "corpora" / "dev_actors")
    digests = []
    for run in ("a", "b"):
        trained = train_spans(items, steps=15, seed=3)
        save_spans(trained, tmp_path / run, [("corpora/dev_actors", "-")], "fill")
        digests.append(weights_digest(tmp_path / run))
    assert digests[0] == digests[1]
    other = train_spans(items, steps=15, seed=4)
    save_spans(other, tmp_path / "c", [("corpora/dev_actors", "-")], "fill")
    assert weights_digest(tmp_path / "c") != digests[0]
