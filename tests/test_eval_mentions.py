"""The mention scorer on tiny hand-made gold and predictions: exact P/R/F1."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from scanner.errors import InputError
from scanner.eval.corpus import GoldItem, GoldMention, load_gold, load_items
from scanner.eval.mentions import evaluate_mentions, format_report, normalise
from scanner.eval.metrics import PRF
from scanner.records import Mention


def org(text: str, canonical: str = "") -> Mention:
    return Mention("organisation", 0, len(text), text, canonical or text)


GOLD = {
    "x1": GoldItem(
        "x1",
        ("sante_numerique",),
        (
            GoldMention("organisation", "Inserm", "Inserm"),
            GoldMention("organisation", "Agence de l'innovation en santé", "AIS"),
            GoldMention("programme", "France 2030", "France 2030"),
            GoldMention("amount", "2 M€", value_eur=2_000_000.0, currency="EUR"),
        ),
    ),
    "x2": GoldItem("x2", (), (GoldMention("organisation", "CNRS", "CNRS"),)),
}

PRED = {
    "x1": [
        org("l'INSERM", "Inserm"),  # matches "Inserm" after normalisation
        org("Agence de l’Innovation en Santé", "Agence"),  # matched, wrong canonical
        org("Innovation"),  # false positive
        Mention("programme", 0, 11, "France 2030", "France 2030"),
        Mention("amount", 0, 4, "2 M€", value_eur=2_005_000.0),  # within 0.5%
        Mention("person", 0, 5, "Alice", "Alice"),  # kind not in gold: not scored
    ],
    "x2": [],  # CNRS missed
    "x3": [org("Sanofi")],  # no gold: ignored
}


def test_counts_and_figures_per_kind() -> None:
    report = evaluate_mentions(GOLD, PRED)
    assert report.n_items == 2
    assert set(report.kinds) == {"programme", "organisation", "amount"}
    orgs = report.kinds["organisation"]
    assert (orgs.tp, orgs.fp, orgs.fn) == (2, 1, 1)
    assert orgs.precision == pytest.approx(2 / 3)
    assert orgs.recall == pytest.approx(2 / 3)
    assert orgs.f1 == pytest.approx(2 / 3)
    prog = report.kinds["programme"]
    assert (prog.precision, prog.recall, prog.f1) == (1.0, 1.0, 1.0)


def test_canonical_and_amount_value_accuracy() -> None:
    report = evaluate_mentions(GOLD, PRED)
    assert report.canonical["organisation"] == (1, 2)
    assert report.canonical["programme"] == (1, 1)
    assert report.amount_values == (1, 1)
    off = {"x1": [Mention("amount", 0, 4, "2 M€", value_eur=2_020_000.0)]}
    wrong = evaluate_mentions(GOLD, off)
    assert wrong.amount_values == (0, 1)
    assert wrong.wrong_values == [("x1", "2 M€", 2_000_000.0, 2_020_000.0)]
    assert "wrong value: x1: '2 M€'" in format_report(wrong)


def test_duplicates_count_once_and_empty_scores_are_zero() -> None:
    report = evaluate_mentions(GOLD, {"x2": [org("CNRS"), org("CNRS"), org("cnrs")]})
    assert report.kinds["organisation"].tp == 1
    assert report.kinds["organisation"].fp == 0
    empty = evaluate_mentions(GOLD, {"x2": []}, kinds=["programme"])
    assert (empty.kinds["programme"].precision, empty.kinds["programme"].f1) == (0.0, 0.0)


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("l'Inserm", "inserm"),
        ("L’INSERM", "inserm"),
        ("«\u00a0Santé  numérique\u00a0»", "sante numerique"),
        ("la Région Occitanie", "region occitanie"),
        ("AP-HP", "ap-hp"),
    ],
)
def test_normalise(raw: str, expected: str) -> None:
    assert normalise(raw) == expected


def test_format_report_shows_kinds_and_baseline() -> None:
    report = evaluate_mentions(GOLD, PRED)
    baseline = evaluate_mentions(GOLD, {"x1": [org("Inserm")], "x2": []}, kinds=["organisation"])
    text = format_report(report, baseline)
    assert "organisation" in text and "baseline" in text and "canonical organisation: 1/2" in text
    # the failing cases are listed, so that the next fix is visible
    assert "missed organisation: x2: CNRS" in text
    assert "spurious organisation: x1: Innovation" in text
    assert """wrong canonical: x1: "Agence de l'innovation en santé" -> 'Agence'""" in text
    assert report.format_report() == format_report(report)


def test_loaders(tmp_path: Path) -> None:
    (tmp_path / "gold").mkdir()
    (tmp_path / "sample").mkdir()
    gold_line = {
        "id": "a1",
        "themes": ["t"],
        "mentions": [{"kind": "organisation", "text": "AIS", "canonical": "AIS"}],
    }
    (tmp_path / "gold" / "annotations_a.jsonl").write_text(json.dumps(gold_line) + "\n\n", "utf-8")
    item = {"id": "a1", "title": "Titre", "text": "Corps"}
    (tmp_path / "sample" / "items_a.jsonl").write_text(json.dumps(item) + "\n", "utf-8")
    gold = load_gold(tmp_path)
    assert gold["a1"].mentions[0] == GoldMention("organisation", "AIS", "AIS")
    assert load_items(tmp_path) == {"a1": "Titre\n\nCorps"}
    (tmp_path / "gold" / "annotations_b.jsonl").write_text('{"id": "b1"}\nnot json\n', "utf-8")
    with pytest.raises(InputError, match=r"annotations_b\.jsonl:2"):
        load_gold(tmp_path)
    with pytest.raises(InputError):
        load_items(tmp_path / "missing")


HELDOUT = Path(__file__).resolve().parents[1] / "corpora" / "heldout"


def test_figures_split_by_gazetteer_language_and_canonical_consistency() -> None:
    from scanner.nlp.gazetteer import GazEntry, Gazetteer

    gaz = Gazetteer([GazEntry("organisation", "Inserm"), GazEntry("organisation", "CNRS")])
    gold = {
        "f1": GoldItem("f1", (), (GoldMention("organisation", "Inserm", "Inserm"),
                                  GoldMention("organisation", "Robocath", "Robocath"),
                                  GoldMention("organisation", "Debiopharm", "Debiopharm"))),
        "e1": GoldItem("e1", (), (GoldMention("organisation", "ROBOCATH", "Robocath"),
                                  GoldMention("organisation", "CNRS", "CNRS"))),
    }  # fmt: skip
    predicted = {
        "f1": [org("Inserm"), org("Robocath"), org("Figurant")],  # Debiopharm missed
        "e1": [org("ROBOCATH", "ROBOCATH"), org("CNRS")],  # a second canonical for Robocath
    }
    report = evaluate_mentions(gold, predicted, gazetteer=gaz, langs={"f1": "fr", "e1": "en"})
    figures = report.figures()
    assert report.listed["organisation"]["in_gazetteer"] == PRF(2, 0, 0)
    assert report.listed["organisation"]["not_in_gazetteer"] == PRF(2, 1, 1)
    assert figures["organisation.not_in_gazetteer.recall"] == pytest.approx(2 / 3)
    assert figures["organisation.in_gazetteer.precision"] == 1.0
    assert report.by_lang["organisation"] == {"en": PRF(2, 0, 0), "fr": PRF(2, 1, 1)}
    assert report.one_canonical["organisation"] == (0, 1)  # Robocath named twice, two ways
    assert figures["organisation.one_canonical"] == 0.0
    assert "not in gazetteer" in format_report(report)
