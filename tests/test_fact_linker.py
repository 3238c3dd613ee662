"""The learnt payer linker: it adds payers the rules miss and says so, never the recipient nor
a name the text does not give, leaves table rows alone, and a missing or corrupt artefact
leaves the rules alone with a warning. Texts written for these tests (none from a corpus)."""

from __future__ import annotations

import json
import logging
import shutil
from datetime import date
from pathlib import Path

import numpy as np
import pytest

from scanner.eval.corpus import GoldFact
from scanner.eval.facts import ItemNames
from scanner.eval.linker_data import AmountCase
from scanner.eval.linker_training import compare, fit_linker, score_payers
from scanner.nlp.facts import find_facts
from scanner.nlp.facts.linker import (
    FactLinker,
    PayerModel,
    Thresholds,
    load_linker,
    read_linker,
    save_linker,
)
from scanner.nlp.facts.linking import FEATURES, INDEX
from scanner.nlp.mentions import MentionExtractor

ROOT = Path(__file__).resolve().parents[1]
SHIPPED = ROOT / "models" / "facts"
NOV = date(2026, 11, 10)


def investor_cue_model() -> FactLinker:
    """A hand-set model: a name after "mené par", "led by", "auprès de" pays."""
    coef = np.zeros(len(FEATURES))
    coef[INDEX["investor_cue"]] = 8.0
    return FactLinker(PayerModel(coef, -4.0), Thresholds(add=0.9, top=0.9))


def amounts(extractor: MentionExtractor, text: str, linker: object) -> list:
    mentions = extractor.extract_one(text, NOV)
    found = find_facts(text, mentions, NOV, extractor.parser, linker)  # type: ignore[arg-type]
    return [m for m in found if m.kind == "amount"]


def test_the_shipped_linker_loads_and_fits_the_features() -> None:
    linker = read_linker(SHIPPED)
    assert linker.payer.coef.shape == (len(FEATURES),)
    manifest = json.loads((SHIPPED / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["features"] == list(FEATURES)
    assert all(not s.startswith(("corpora/heldout", "corpora/discovery", "corpora/unseen"))
               for s in manifest["train_sets"])  # fmt: skip


@pytest.mark.parametrize("damage", ["missing", "weights", "features", "manifest"])
def test_an_unusable_linker_leaves_the_rules_alone(
    tmp_path: Path, damage: str, caplog: pytest.LogCaptureFixture
) -> None:
    folder = tmp_path / "facts"
    shutil.copytree(SHIPPED, folder)
    if damage == "missing":
        shutil.rmtree(folder)
    elif damage == "weights":
        (folder / "linker.npz").write_bytes(b"not an npz")
    elif damage == "features":
        manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
        manifest["features"] = manifest["features"][:-1]
        (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    else:
        (folder / "manifest.json").write_text("{", encoding="utf-8")
    with caplog.at_level(logging.WARNING):
        assert load_linker(folder) is None
    assert "rules alone" in caplog.text
    assert load_linker(None) is None  # none configured: rules alone, nothing to say


def test_a_saved_linker_reads_back_the_same(tmp_path: Path) -> None:
    linker = investor_cue_model()
    save_linker(tmp_path, linker, {"train_sets": []})
    again = read_linker(tmp_path)
    assert np.array_equal(again.payer.coef, linker.payer.coef)
    assert again.thresholds == linker.thresholds


def test_the_model_adds_investors_named_in_the_next_sentence(
    mention_extractor: MentionExtractor,
) -> None:
    text = (
        "Cardiolis boucle son tour de table\n\n"
        "La medtech Cardiolis annonce avoir levé 7 millions d'euros. "
        "Le tour a été mené par Kurma Partners, qui accompagne la société depuis 2024."
    )
    rules = amounts(mention_extractor, text, None)
    linked = amounts(mention_extractor, text, investor_cue_model())
    (before,) = [m.fact for m in rules]
    (after,) = [m.fact for m in linked]
    assert before is not None and after is not None
    assert "Kurma Partners" in after.payers
    assert after.recipient == before.recipient and after.recipient not in after.payers
    if "Kurma Partners" not in before.payers:
        assert after.why()["payers"].endswith("model:payer")


def test_the_model_never_adds_to_a_table_row(mention_extractor: MentionExtractor) -> None:
    text = (
        "Société Montant Investisseurs Oncovia 18 M€ mené par Bpifrance Ostéalis 9 M€ mené par "
        "Sofinnova Cardiolis 4 M€ Kurma Partners Neurolis 7 M€ Andera Partners Visiolis 3 M€"
    )
    coef = np.ones(len(FEATURES)) * 5  # a model that would take everyone
    everyone = FactLinker(PayerModel(coef, 5.0), Thresholds(0.5, 0.5))
    for m in amounts(mention_extractor, text, everyone):
        assert m.fact is not None and m.fact.payers == ()


def test_the_model_names_only_organisations_of_the_text(
    mention_extractor: MentionExtractor,
) -> None:
    text = (
        "Dix lauréats se partagent une enveloppe de 5 millions d'euros, et la start-up "
        "Visiolis a réalisé 2 millions d'euros de chiffre d'affaires. Budget : 12 M€."
    )
    coef = np.ones(len(FEATURES)) * 5
    everyone = FactLinker(PayerModel(coef, 5.0), Thresholds(0.5, 0.5))
    names = {m.canonical or m.text for m in mention_extractor.extract_one(text, NOV)}
    for m in amounts(mention_extractor, text, everyone):
        assert m.fact is not None
        assert set(m.fact.payers) <= names | {"État"}
        if m.fact.role in ("revenue", "market"):
            assert m.fact.payers == ()  # no one pays a company's sales


def case(corpus: str, item: str, payer: bool, cue: float) -> AmountCase:
    """One gold amount with two candidates: the cued one pays when `payer`."""
    rows = np.zeros((2, len(FEATURES)))
    rows[0, INDEX["investor_cue"]] = cue
    rows[0, INDEX["same_sentence"]] = 1.0
    rows[1, INDEX["protagonist"]] = 1.0
    from scanner.records import FundingFact

    return AmountCase(
        corpus,
        item,
        "1 M€",
        GoldFact("equity", True, "Co", ("Fund",) if payer else (), None),
        found=True,
        fact=FundingFact(role="equity", new=True, recipient="Co"),
        names=["Fund", "Co"],
        rows=rows,
        payer=np.array([payer, False]),
        recipient=np.array([False, True]),
        item_names=ItemNames(),
    )


def test_training_is_deterministic_and_beats_the_rules_where_cues_say_it() -> None:
    cases = {
        c: [case(c, f"{c}{i}", i % 3 != 0, 1.0 if i % 3 != 0 else 0.0) for i in range(30)]
        for c in ("a", "b", "c")
    }
    one, two = fit_linker(cases), fit_linker(cases)
    assert np.array_equal(one.payer.coef, two.payer.coef) and one.thresholds == two.thresholds
    rows = compare(cases)
    assert [r.corpus for r in rows] == ["a", "b", "c"]
    for r in rows:
        assert r.rules.recall == 0.0  # the rules found no payer
        assert r.model.recall == 1.0 and r.model.precision == 1.0
    assert score_payers(cases["a"]).fn == 20


@pytest.mark.slow
def test_facts_train_is_deterministic_on_the_training_sets(tmp_path: Path) -> None:
    """`scanner facts train` twice on the shipped training sets writes the same weights, the
    ones shipped in models/facts (a retrain after a change of rules or corpora must be
    committed with it)."""
    import subprocess
    import sys

    digests = []
    for name in ("one", "two"):
        out = tmp_path / name
        subprocess.run(
            [
                sys.executable,
                "-c",
                "from scanner.cli import main; main()",
                "facts",
                "train",
                "--out",
                str(out),
            ],
            cwd=ROOT,
            check=True,
            capture_output=True,
        )
        digests.append(json.loads((out / "manifest.json").read_text("utf-8"))["weights_sha256"])
    shipped = json.loads((SHIPPED / "manifest.json").read_text("utf-8"))["weights_sha256"]
    assert digests[0] == digests[1] == shipped


def test_the_model_adds_no_payer_from_another_companys_paragraph(
    mention_extractor: MentionExtractor,
) -> None:
    text = (
        "Deux levées en Bretagne\n\n"
        "La medtech Cardiolis annonce avoir levé 7 millions d'euros pour son implant.\n"
        "Neurolis lève de son côté 3 M€ auprès de Kurma Partners."
    )
    coef = np.ones(len(FEATURES)) * 5  # a model that would take everyone
    everyone = FactLinker(PayerModel(coef, 5.0), Thresholds(0.5, 0.5))
    first = amounts(mention_extractor, text, everyone)[0].fact
    assert first is not None and first.recipient == "Cardiolis"
    assert "Kurma Partners" not in first.payers
    assert "other_story" in first.why()["payers"]


def test_the_model_keeps_a_payer_named_in_the_rounds_own_paragraph(
    mention_extractor: MentionExtractor,
) -> None:
    text = (
        "Deux levées en Bretagne\n\n"
        "La medtech Cardiolis annonce avoir levé 7 millions d'euros pour son implant. "
        "Neurolis, partenaire de la société, y participe avec Kurma Partners."
    )
    coef = np.ones(len(FEATURES)) * 5
    everyone = FactLinker(PayerModel(coef, 5.0), Thresholds(0.5, 0.5))
    first = amounts(mention_extractor, text, everyone)[0].fact
    assert first is not None and "Kurma Partners" in first.payers
