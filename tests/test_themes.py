"""Theme scoring with the real embedding model and a classifier trained on the gold set."""

from __future__ import annotations

import json
import logging
import shutil
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from theme_texts import EN_BLOC, FR_BLOC, MUSIC_THERAPY, OFF_TOPIC, article

from scanner.curation.corrections import set_theme_label
from scanner.errors import InputError
from scanner.store import Store
from scanner.text.keywords import FoldedText, KeywordMatcher, fold
from scanner.themes.model import MANIFEST, WEIGHTS, ModelStale, load_model
from scanner.themes.stage import rescore_themes
from scanner.themes.training import load_theme_scorer, train_theme_model

PROJECT = Path(__file__).resolve().parents[1]


def _score(scorer, embedder, title, text, lang="fr"):  # type: ignore[no-untyped-def]
    from scanner.vectors.embed import passages

    a = article("t", title, text, lang=lang)
    scores = scorer.score(a, embedder.encode(passages(a)))
    return {s.theme: s for s in scores}


def test_french_and_english_bloc_items_belong_to_bloc_operatoire(theme_scorer, embedder):
    for title, text, lang in [(*FR_BLOC, "fr"), (*EN_BLOC, "en")]:
        scores = _score(theme_scorer, embedder, title, text, lang)
        assert scores["bloc_operatoire"].assigned, (lang, scores["bloc_operatoire"])
        best = max(scores.values(), key=lambda s: s.score)
        assert best.theme == "bloc_operatoire"


def test_off_topic_item_gets_no_theme(theme_scorer, embedder):
    scores = _score(theme_scorer, embedder, *OFF_TOPIC)
    assert len(scores) == len(theme_scorer.keys)
    assert not [s.theme for s in scores.values() if s.assigned]
    assert all(0.0 <= s.score < 0.5 for s in scores.values())


def test_a_health_word_borrowed_in_quotes_does_not_make_an_item_on_topic(theme_scorer, embedder):
    title = "Un atelier de maintenance ferroviaire robotisé"
    text = (
        "Dans son atelier de Lyon, l'entreprise de transport a installé six bras robotisés qui "
        "remplacent les pièces d'usure des trains avec « une précision chirurgicale ». Les robots "
        "travaillent de nuit et la remise en service des rames est plus rapide."
    )
    scores = _score(theme_scorer, embedder, title, text)
    assert not [s.theme for s in scores.values() if s.assigned]
    best = max(scores.values(), key=lambda s: s.score)
    assert best.evidence[0].startswith("hors sujet : aucun mot du domaine de la santé")
    assert "« chirurgicale » seulement entre guillemets" in best.evidence[0]
    # the same words said plainly make it health news: the gate no longer closes on them
    plain = _score(
        theme_scorer,
        embedder,
        title,
        text.replace("« une précision chirurgicale »", "une précision chirurgicale"),
    )
    best = max(plain.values(), key=lambda s: s.score)
    assert "aucun mot du domaine" not in " ".join(best.evidence)


def test_an_epidemic_among_animals_gets_no_theme_and_says_why(theme_scorer, embedder):
    title = "Fièvre catarrhale : les éleveurs de moutons vaccinent leurs troupeaux"
    text = (
        "Le virus progresse dans le Massif central. Les éleveurs de brebis et de bovins "
        "organisent la vaccination de leurs troupeaux avec les vétérinaires avant l'hiver."
    )
    scores = _score(theme_scorer, embedder, title, text)
    assert not [s.theme for s in scores.values() if s.assigned]
    best = max(scores.values(), key=lambda s: s.score)
    assert best.evidence[0].startswith("hors sujet : le texte parle d'animaux ou de cultures (")
    assert "éleveurs" in best.evidence[0]


def test_evidence_names_the_closest_seed_and_the_words_found(theme_scorer, embedder):
    bloc = _score(theme_scorer, embedder, *FR_BLOC)["bloc_operatoire"]
    closest, words = bloc.evidence[0], bloc.evidence[1]
    seeds = theme_scorer.cfg.theme("bloc_operatoire").seeds
    assert any(f"« {seed} »" in closest for seed in seeds), closest
    # the words as the article spells them (accents kept), not the folded keywords
    assert words.startswith("mots : ") and "robot chirurgical" in words
    assert "bloc opératoire" in words
    assert any(e.startswith("modèle appris : ") for e in bloc.evidence)


def test_keywords_match_accent_folded_on_word_boundaries():
    matcher = KeywordMatcher(["bloc operatoire", "puce", "therapie genique"])
    text = "Blocs : le BLOC OPÉRATOIRE et la thérapie génique ; un puceron n'est pas une puce."
    hits = {h.keyword: h for h in matcher.find(FoldedText(text), title_end=6)}
    assert hits["bloc operatoire"].surface == "BLOC OPÉRATOIRE"
    assert hits["therapie genique"].surface == "thérapie génique"
    assert hits["puce"].count == 1  # "puceron" is not "puce"
    assert fold("Œdème, ﬁn") == "oedeme, fin"


def test_the_artefact_is_plain_arrays_with_a_manifest(theme_scorer, theme_cfg):
    folder = Path(theme_cfg.themes.model_dir)
    manifest = json.loads((folder / MANIFEST).read_text())
    assert manifest["embedding_model"] == theme_cfg.embed.model
    assert manifest["taxonomy_digest"] == theme_cfg.digest("taxonomy")
    assert manifest["counts"]["gold_items"] >= 80
    assert all(manifest["counts"]["positives"][k] > 0 for k in theme_cfg.theme_keys)
    with np.load(folder / WEIGHTS, allow_pickle=False) as z:  # no pickle anywhere
        assert z["coef"].shape[0] == len(theme_cfg.theme_keys)
    other = {**theme_scorer.expected_manifest(), "embedding_model": "another-model"}
    with pytest.raises(ModelStale, match="embedding_model"):
        load_model(folder, other)


def _copy_model(theme_cfg, tmp_path):  # type: ignore[no-untyped-def]
    """A copy of the session's trained model (its tests ask for `theme_scorer`, which trains
    it: run alone, a test would otherwise copy an empty folder)."""
    folder = tmp_path / "themes"
    shutil.copytree(theme_cfg.themes.model_dir, folder)
    return replace(theme_cfg, themes=replace(theme_cfg.themes, model_dir=str(folder))), folder


# slow (~8 s, a full retraining); its twin on corrupt weights keeps retraining in the default
# suite, `make test-all` runs this one
@pytest.mark.slow
@pytest.mark.usefixtures("theme_scorer")  # trains the model _copy_model copies
def test_a_model_built_for_another_taxonomy_is_retrained(theme_cfg, embedder, tmp_path, caplog):
    cfg, folder = _copy_model(theme_cfg, tmp_path)
    manifest = json.loads((folder / MANIFEST).read_text())
    (folder / MANIFEST).write_text(json.dumps({**manifest, "taxonomy_digest": "0000"}))
    with caplog.at_level(logging.WARNING, logger="scanner.themes.scoring"):
        scorer = load_theme_scorer(cfg, None, embedder)
    assert "taxonomy_digest" in caplog.text and "training the theme model" in caplog.text
    assert scorer.classifier is not None
    assert json.loads((folder / MANIFEST).read_text())["taxonomy_digest"] == cfg.digest("taxonomy")


@pytest.mark.usefixtures("theme_scorer")  # trains the model _copy_model copies
def test_corrupt_weights_are_not_used_but_retrained(theme_cfg, embedder, tmp_path, caplog):
    cfg, folder = _copy_model(theme_cfg, tmp_path)
    (folder / WEIGHTS).write_bytes(b"not an npz")
    with caplog.at_level(logging.WARNING, logger="scanner.themes.scoring"):
        scorer = load_theme_scorer(cfg, None, embedder)
    assert "weights" in caplog.text and scorer.classifier is not None
    load_model(folder, scorer.expected_manifest())  # the rewritten artefact checks out


@pytest.mark.usefixtures("theme_scorer")  # trains the model _copy_model copies
def test_curator_labels_change_the_trained_model(theme_cfg, embedder, tmp_path):
    cfg, _ = _copy_model(theme_cfg, tmp_path)
    store = Store.open(tmp_path / "s.db")
    arts = [article(f"m{i}", t, x) for i, (t, x) in enumerate(MUSIC_THERAPY)]
    for a in arts:
        store.articles.add(a)
    held_out = arts[-1]
    j = cfg.theme_keys.index("prevention")

    def models_say() -> tuple[float, float]:
        """What the two learnt parts, the classifier and the wording, say of the item."""
        from scanner.vectors.embed import embed_articles

        scorer = load_theme_scorer(cfg, store, embedder)
        vectors = embed_articles(embedder, store, [held_out], cfg.embed)[held_out.id]
        classifier = scorer.classifier_part(scorer.features(held_out, vectors))[j]
        return float(classifier), float(scorer.wording_part([held_out])[0, j])

    def stored_score() -> float:
        rescore_themes(cfg, store, [held_out.id])
        scores = store.themes.for_articles([held_out.id])[held_out.id]
        return next(s.score for s in scores if s.theme == "prevention")

    before, stored_before = models_say(), stored_score()
    for a in arts[:3]:  # what a curator does from the web desk
        set_theme_label(store, a.id, "prevention", 1, "alice", cfg.theme_keys)
    summary = train_theme_model(cfg, store, PROJECT / "corpora")
    assert "3 curator label(s) on 3 article(s)" in summary
    after = models_say()
    assert max(before) < 0.5 <= max(after), (before, after)
    assert stored_score() > stored_before  # re-scoring the store uses the retrained model


@pytest.mark.slow  # the nested cross-validation over the gold set: about a minute and a half
@pytest.mark.usefixtures("theme_scorer")  # trains the model _copy_model copies
def test_the_gold_eval_trains_every_fold_with_the_curators_labels(theme_cfg, tmp_path):
    """The curators' labels join every fold's training side (never its test side)."""
    from scanner.eval.themes import evaluate_themes

    cfg, _ = _copy_model(theme_cfg, tmp_path)
    store = Store.open(tmp_path / "s.db")
    arts = [article(f"m{i}", t, x) for i, (t, x) in enumerate(MUSIC_THERAPY)]
    for a in arts:
        store.articles.add(a)
    for a in arts[:3]:
        set_theme_label(store, a.id, "prevention", 1, "alice", cfg.theme_keys)
    report = evaluate_themes(cfg, PROJECT / "corpora", store)
    assert report.curator_labels == 3 and "3 curator label(s)" in report.format_report()


def test_a_gold_theme_outside_the_taxonomy_is_an_input_error(theme_cfg, tmp_path):
    from scanner.themes.data import gold_examples

    (tmp_path / "gold").mkdir()
    (tmp_path / "sample").mkdir()
    (tmp_path / "gold" / "annotations_x.jsonl").write_text('{"id": "x1", "themes": ["cuisine"]}\n')
    (tmp_path / "sample" / "items_x.jsonl").write_text('{"id": "x1", "text": "Un texte."}\n')
    with pytest.raises(InputError, match="cuisine"):
        gold_examples(tmp_path, theme_cfg.theme_keys)


@pytest.mark.slow  # the nested-CV figure, also pinned by tests/test_eval_gate.py with -m slow
def test_cross_validated_gold_eval_meets_the_target(theme_cfg, theme_scorer):
    from scanner.eval.themes import evaluate_themes

    report = evaluate_themes(theme_cfg, PROJECT / "corpora")
    text = report.format_report()
    assert report.macro_f1 >= 0.85, text
    assert report.macro_f1 > report.baseline_macro_f1
    assert report.overall["combined"].offtopic_accuracy >= 0.9
    # nested: one decision learnt per fold, on its training side, printed
    assert len(report.decisions) == report.folds and "decision (fold 1)" in text
    figures = report.figures()
    assert figures["notheme"] <= 0.05 and figures["covered"] == pytest.approx(
        1 - figures["notheme"]
    )
    assert {"fr", "en"} <= set(report.by_lang)
    for key in theme_cfg.theme_keys:
        assert key in text


def test_held_out_items_are_scored_by_the_trained_model(theme_cfg, theme_scorer):
    """Items outside the training gold are scored, not refitted on: the honest figure."""
    from scanner.eval.themes import evaluate_themes

    report = evaluate_themes(theme_cfg, PROJECT / "corpora" / "heldout")
    assert report.heldout and report.items >= 30
    assert "no refitting" in report.format_report()
    assert report.macro_f1 >= 0.85
    assert report.overall["combined"].offtopic_accuracy >= 0.8


def test_the_decision_keeps_the_best_theme_and_a_real_second_one() -> None:
    import numpy as np

    from scanner.themes.decision import Decision

    d = Decision(0.35, 0.45, 0.2, 0.0, 0.3, on_threshold=0.35, threshold=0.5, min_domain_words=1)
    combined = np.array(
        [
            [0.45, 0.10, 0.05],  # on-topic, below `threshold`: still gets its best theme
            [0.80, 0.60, 0.10],  # a real second theme is kept
            [0.30, 0.20, 0.10],  # best under `on_threshold`: off-topic
            [0.90, 0.10, 0.10],  # close to a theme but no health word: off-topic
        ]
    )
    domain = np.array([3, 3, 3, 0])
    assigned = d.assign(combined, domain)
    assert assigned.tolist() == [
        [True, False, False],
        [True, True, False],
        [False, False, False],
        [False, False, False],
    ]


def test_tuning_learns_thresholds_that_fit_the_labels() -> None:
    import numpy as np

    from scanner.themes.decision import Decision, ThemeParts, objective, tune

    rng = np.random.default_rng(0)
    truth = np.zeros((40, 3), dtype=int)
    truth[np.arange(30), np.arange(30) % 3] = 1  # 30 on-topic items, 10 off-topic
    score = np.where(truth == 1, 0.7, 0.15) + rng.normal(0, 0.03, truth.shape)
    parts = ThemeParts(score, score, score, score, np.full(40, 2), words=score)
    base = Decision(0.35, 0.45, 0.2, 0.0, 0.3, 0.9, 0.9, 1)  # thresholds far off
    learnt = tune(parts, truth, base)
    assert 0.2 <= learnt.on_threshold <= 0.65 and learnt.threshold > 0.2
    predicted = learnt.assign(learnt.combine(parts), parts.domain)
    assert float(objective(truth, predicted)) == pytest.approx(3.0)  # F1, rejection, coverage


def test_the_learnt_wording_is_plain_arrays_and_names_its_words(theme_scorer, theme_cfg, embedder):
    from scanner.themes.wording import WORDING

    folder = Path(theme_cfg.themes.model_dir)
    manifest = json.loads((folder / MANIFEST).read_text())
    with np.load(folder / WORDING, allow_pickle=False) as z:  # no pickle anywhere
        assert z["coef"].shape == (
            len(theme_cfg.theme_keys),
            len(z["word_terms"]) + len(z["char_terms"]),
        )
    assert manifest["wording_sha256"] and "words_weight" in manifest["decision"]
    assert theme_scorer.wording is not None
    bloc = _score(theme_scorer, embedder, *FR_BLOC)["bloc_operatoire"]
    learnt = [e for e in bloc.evidence if e.startswith("mots appris : ")]
    assert learnt and any(w in learnt[0] for w in ("robot", "chirurg", "bloc")), bloc.evidence


def test_the_wording_learns_words_the_taxonomy_does_not_list() -> None:
    """A theme told in words of its own: the regression learns them from labelled items and
    finds them again inflected (character n-grams), in a text it never saw."""
    from scanner.themes.wording import fit_wording

    dialysis = [
        "Un générateur d'hémodialyse compact livré aux centres de néphrologie.",
        "Les défibrillateurs automatisés équipent les gymnases de la ville.",
        "Un fabricant de générateurs d'hémodialyse double sa production.",
        "Des défibrillateurs installés dans les gares par un industriel.",
    ]
    other = [
        "La campagne de dépistage du cancer colorectal progresse.",
        "Le tabac recule chez les jeunes après la hausse des prix.",
        "Une campagne contre l'alcool au volant avant les fêtes.",
        "Le dépistage organisé du cancer du sein relancé par courrier.",
    ]
    labels = np.array([[1, 0]] * 4 + [[0, 1]] * 4)
    model, held_out = fit_wording(
        dialysis + other, labels, np.ones(8), ("devices", "prevention"), 4.0, folds=2
    )
    assert held_out.shape == (8, 2)
    probs = model.predict_proba(["Hémodialyse : un nouveau générateur pour les patients."])[0]
    assert probs[0] > probs[1]
    assert any("hemodialyse" in w for w in model.words("L'hémodialyse à domicile.", 0))


@pytest.mark.slow  # ~7 s: a theme training; the classifier's twin test stays in the default suite
@pytest.mark.usefixtures("theme_scorer")  # trains the model _copy_model copies
def test_a_corrupt_wording_model_is_not_used_but_retrained(theme_cfg, embedder, tmp_path, caplog):
    from scanner.themes.wording import WORDING

    cfg, folder = _copy_model(theme_cfg, tmp_path)
    (folder / WORDING).write_bytes(b"not an npz")
    with caplog.at_level(logging.WARNING, logger="scanner.themes.scoring"):
        scorer = load_theme_scorer(cfg, None, embedder)
    assert "wording" in caplog.text and scorer.wording is not None
