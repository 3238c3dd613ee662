"""The maturity stage: cue words, trial phase, the classifier, the store and search filter."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from theme_texts import article

from scanner.errors import InputError
from scanner.maturity.assess import (
    MaturityAssessor,
    load_maturity_assessor,
    model_dirs,
    train_maturity_model,
)
from scanner.maturity.cues import StageCues, news_text, trial_phase
from scanner.maturity.model import MANIFEST, WEIGHTS
from scanner.maturity.rules import title_rule
from scanner.records import STAGES, Article, Maturity, SearchFilters
from scanner.store import Store
from scanner.vectors.embed import passages

PROJECT = Path(__file__).resolve().parents[1]

TRIAL = (
    "Myopathie : premier patient traité dans un essai de phase I/II de thérapie génique",
    "Le CHU de Nantes a inclus le premier patient d'un essai clinique de phase I/II évaluant "
    "une thérapie génique de la myopathie. L'étude doit recruter douze patients.",
)
CE_MARK = (
    "Une medtech lyonnaise obtient le marquage CE pour son implant",
    "La société a obtenu le marquage CE de son implant cardiaque après l'avis de l'organisme "
    "notifié. La commercialisation débutera en 2027.",
)
CALL = (
    "Le gouvernement lance un appel à projets de 30 millions d'euros pour la prévention",
    "Le ministère de la Santé ouvre un appel à projets dans le cadre de la stratégie nationale "
    "de prévention. Les dossiers sont attendus jusqu'en mars.",
)


@pytest.mark.parametrize(
    "text, phase",
    [
        ("un essai de phase 1/2", "1/2"),
        ("a phase I/II trial", "1/2"),
        ("entre en phase 3 en Afrique", "3"),
        ("a phase IIb study", "2b"),
        ("phase III et IV", "3/4"),
        ("les phases de la vie", None),
        ("aucune phase ici", None),
    ],
)
def test_trial_phase_is_read_in_arabic_numerals(text: str, phase: str | None) -> None:
    assert trial_phase(text) == phase


def test_cues_match_folded_words_on_boundaries_and_weigh_title_and_lead(theme_cfg) -> None:
    cues = StageCues.of(theme_cfg.maturity)
    flame = cues.find(article("x", "Une flamme", "La flamme olympique passe par Lyon."))
    assert not flame.any  # "amm" (marketing authorisation) is not in "flamme"
    titled = cues.find(article("x", "Marquage CE obtenu", "Rien d'autre à dire ici."))
    buried = cues.find(
        article("y", "Une entreprise", " ".join(["mot"] * 80) + " marquage CE obtenu.")
    )
    j = STAGES.index("regulatory")
    w = theme_cfg.maturity.title_weight
    assert titled.words("regulatory") == ["Marquage CE"]
    assert titled.weight(j, w) > buried.weight(j, w) > 0


@pytest.fixture(scope="module")
def assessor(theme_cfg, embedder) -> MaturityAssessor:  # type: ignore[no-untyped-def]
    return load_maturity_assessor(theme_cfg, embedder)


def _assess(assessor: MaturityAssessor, embedder, title: str, text: str, on: bool = True):  # type: ignore[no-untyped-def]
    a = article("m", title, text)
    return assessor.assess(a, embedder.encode(passages(a)), on_topic=on)


def test_clear_items_get_their_stage_phase_and_evidence(assessor, embedder) -> None:  # type: ignore[no-untyped-def]
    trial = _assess(assessor, embedder, *TRIAL)
    assert (trial.stage, trial.phase) == ("clinical", "1/2")
    assert trial.evidence[0].startswith("stade : essai clinique") and "phase 1/2" in trial.evidence
    assert any(e.startswith("indices : ") for e in trial.evidence)
    assert _assess(assessor, embedder, *CE_MARK).stage == "regulatory"
    call = _assess(assessor, embedder, *CALL)
    assert call.stage == "policy" and call.phase is None
    assert 0 < call.confidence <= 1


def test_off_topic_or_silent_items_get_no_stage(theme_cfg, assessor, embedder) -> None:  # type: ignore[no-untyped-def]
    off = _assess(assessor, embedder, *TRIAL, on=False)
    assert off.stage is None and off.evidence == ("hors sujet : pas de stade",)
    # no cue word and an unsure model: the text does not say
    unsure = MaturityAssessor(
        replace(theme_cfg, maturity=replace(theme_cfg.maturity, min_confidence=1.01)),
        embedder,
        assessor.classifier,
    )
    silent = _assess(unsure, embedder, "Un hôpital", "Un hôpital de Bretagne, au bord de la mer.")
    assert silent.stage is None and "ne dit pas" in silent.evidence[0]


def test_stage_model_is_plain_arrays_and_retrained_when_cues_change(
    theme_cfg, embedder, tmp_path, caplog
) -> None:  # type: ignore[no-untyped-def]
    # the gold set and one training set: two sets to fit the temperature on, and fast
    maturity = replace(
        theme_cfg.maturity, model_dir=str(tmp_path / "m"), train_sets=("corpora/train_stage",)
    )
    cfg = replace(theme_cfg, maturity=maturity)
    assert "labelled item(s)" in train_maturity_model(cfg, embedder=embedder)
    folder = model_dirs(cfg)[0]
    manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    assert manifest["stages"] == list(STAGES) and sum(manifest["counts"].values()) > 100
    import numpy as np

    with np.load(folder / WEIGHTS, allow_pickle=False) as z:  # no pickle anywhere
        assert z["coef"].shape[1] == manifest["n_features"] + len(z["terms"]) > 0
        assert len(z["terms"]) > 100 and float(z["temperature"]) > 0  # main-news words, calibrated
    assert manifest["train_sets"] == ["corpora", "train_stage"]
    changed = replace(
        cfg, maturity=replace(cfg.maturity, market=(*cfg.maturity.market, "grand magasin"))
    )
    with caplog.at_level("WARNING"):
        fresh = load_maturity_assessor(changed, embedder)
    assert "cue_digest" in caplog.text and fresh.classifier is not None
    (folder / WEIGHTS).write_bytes(b"not an npz")
    with caplog.at_level("WARNING"):
        again = load_maturity_assessor(changed, embedder)
    assert again.classifier is not None  # corrupt weights: retrained, not used


@pytest.mark.parametrize(
    "title, stage",
    [
        ("Forfait innovation : feu vert de la HAS pour un implant auditif", "reimbursement"),
        ("Une medtech nantaise obtient le marquage CE de son robot", "regulatory"),
        ("EU-backed antiviral moves into phase 2 trial", "clinical"),
        ("Antibiorésistance : un appel à projets de 30 millions d'euros", "policy"),
        ("Une usine de vaccins entre en production", None),  # no decisive word
        ("Essai clinique réussi : la start-up obtient le marquage CE", None),  # two stages
    ],
)
def test_title_rules_decide_only_one_stage_s_decisive_words(title: str, stage: str | None) -> None:
    rule = title_rule(title)
    assert (rule.stage if rule else None) == stage


def test_the_main_news_is_the_title_and_lead_and_decides_over_a_passing_trial(
    theme_cfg, assessor, embedder
) -> None:  # type: ignore[no-untyped-def]
    lead = " ".join(["mot"] * 70)
    a = article("n", "Une usine", f"{lead} un essai clinique lointain.")
    news = news_text(a, 60)
    assert news.startswith("une usine . une usine . mot") and "essai" not in news
    plant = _assess(
        assessor,
        embedder,
        "CAR-T : un façonnier inaugure son usine à Lyon et livre ses premiers lots commerciaux",
        "Le sous-traitant a inauguré jeudi sa nouvelle usine, qui livre déjà des lots "
        "commerciaux à trois laboratoires clients. Le site emploie 200 personnes. "
        + "La production a démarré en septembre. " * 5
        + "Un de ses clients mène par ailleurs un essai clinique de phase 1 en Belgique.",
    )
    assert plant.stage == "market", plant.evidence
    assert any(e.startswith("mots de la nouvelle : ") for e in plant.evidence)
    ruled = _assess(assessor, embedder, *CE_MARK)
    assert "règle : le titre dit « marquage ce »" in ruled.evidence[0]


def test_the_temperature_is_the_one_that_makes_held_out_probabilities_honest() -> None:
    import numpy as np

    from scanner.maturity.model import fit_temperature

    rng = np.random.default_rng(0)
    truth = rng.integers(0, 3, 300)
    logits = rng.normal(size=(300, 3))
    logits[np.arange(300), truth] += 1.0  # right more often than not …
    assert fit_temperature(logits * 5, np.arange(3), truth) > 2  # … so overconfident logits cool
    assert fit_temperature(logits / 5, np.arange(3), truth) < 0.5  # and timid ones sharpen


def test_a_gold_stage_outside_the_list_is_an_input_error(tmp_path: Path) -> None:
    from scanner.maturity.assess import stage_examples

    (tmp_path / "gold").mkdir()
    (tmp_path / "sample").mkdir()
    (tmp_path / "gold" / "annotations_x.jsonl").write_text(
        '{"id": "x1", "themes": ["prevention"], "stage": "vaporware"}\n'
    )
    (tmp_path / "sample" / "items_x.jsonl").write_text('{"id": "x1", "text": "Un texte."}\n')
    with pytest.raises(InputError, match="vaporware"):
        stage_examples(tmp_path)


def _stored(store: Store, aid: str, stage: str | None) -> None:
    store.articles.add(
        Article(
            id=aid,
            url=f"http://x.test/{aid}",
            title=aid,
            text=f"texte {aid}",
            content_hash=f"h{aid}",
        )  # fmt: skip
    )
    store.stages.replace(Maturity(aid, stage, "2" if stage == "clinical" else None, 0.7, ("e",)))


def test_stages_are_stored_filtered_and_forgotten_with_their_article(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "s.db")
    for aid, stage in (("a", "clinical"), ("b", "market"), ("c", None)):
        _stored(store, aid, stage)
    got = store.stages.for_articles(["a", "b", "c", "zz"])
    assert got["a"] == Maturity("a", "clinical", "2", 0.7, ("e",)) and got["c"].stage is None
    assert "zz" not in got
    assert store.stages.counts() == {"clinical": 1, "market": 1, None: 1}
    nums = {store.articles.get(i).id for i in ("a", "b")}
    allowed = store.search.allowed_nums(SearchFilters(stages=("clinical", "market")))
    assert allowed is not None and len(allowed) == len(nums)
    assert len(store.search.allowed_nums(SearchFilters(stages=("market",))) or []) == 1
    store.stages.replace(Maturity("b", "policy"))  # re-processing replaces the row
    assert store.stages.for_articles(["b"])["b"].stage == "policy"
    store.articles.remove("a")
    assert "a" not in store.stages.for_articles(["a"])
    store.close()


def test_an_unknown_stage_filter_is_refused(search_sample) -> None:  # type: ignore[no-untyped-def]
    from scanner.search.hybrid import search

    cfg, store = search_sample
    with pytest.raises(InputError, match="known stages: research"):
        search(cfg, store, "robot", filters=SearchFilters(stages=("vaporware",)))


def test_stage_eval_is_cross_validated_on_gold_and_silent_without_labels(theme_cfg) -> None:  # type: ignore[no-untyped-def]
    from scanner.eval.stage import evaluate_stage

    report = evaluate_stage(theme_cfg, PROJECT / "corpora")
    text = report.format_report()
    assert report.items >= 60 and report.folds >= 2 and "cross-validated" in text
    assert report.figures()["accuracy"] >= 0.65, text
    assert "clinical" in text and "confusions" in text
    # the held-out set has no stage labels: no figure rather than a made-up one
    heldout = evaluate_stage(theme_cfg, PROJECT / "corpora" / "heldout")
    assert heldout.items == 0 and heldout.figures() == {}
