"""Ranking as pure functions: signals, weights, story collapse, reasons, novelty."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import numpy as np
import pytest

from scanner.bulletin.rank import (
    NEW_COSINE,
    SEEN_COSINE,
    SIGNALS,
    Candidate,
    key_entities,
    lexical_novelty,
    money_signal,
    novelty,
    rank,
    recency_signal,
    salience_signal,
    score,
    semantic_novelty,
    top_reasons,
)
from scanner.config import RankConfig

MONDAY = date(2026, 11, 9)
CFG = RankConfig(key_programmes=("France 2030",), key_organisations=("Bpifrance", "AIS"))

# a programme announced this week, with money and key names, one outlet so far
NEW = Candidate(
    article_id="new",
    story_id="s-new",
    theme="sante_numerique",
    theme_score=0.75,
    novelty=0.95,
    sources=1,
    max_eur=2.3e9,
    key_entities=("France 2030", "Bpifrance"),
    published=date(2026, 11, 10),
)
# the fifth rewrite of a story covered for weeks: five outlets, nothing new
OLD = Candidate(
    article_id="old5",
    story_id="s-old",
    theme="sante_numerique",
    theme_score=0.8,
    novelty=0.05,
    sources=5,
    published=date(2026, 11, 14),
)


def test_signals_are_bounded_and_monotonic() -> None:
    assert money_signal(None) == 0 and money_signal(1e5) == 0
    assert money_signal(1e6) < money_signal(6.7e8) < money_signal(2.3e9) < 1
    assert money_signal(1e12) == 1
    assert salience_signal(1) == 0 and salience_signal(2) < salience_signal(4) < 1
    assert salience_signal(50) == 1
    assert recency_signal(MONDAY, MONDAY) == 0 and recency_signal(date(2026, 11, 15), MONDAY) == 1
    assert recency_signal(None, MONDAY) == 0.5


def test_reasons_explain_the_score_exactly() -> None:
    r = score(NEW, CFG, MONDAY)
    assert set(r.reasons) == set(SIGNALS)
    assert sum(r.reasons.values()) == pytest.approx(r.score, abs=1e-3)
    assert r.reasons["key_entities"] == CFG.key_entities  # two key names: full signal
    assert top_reasons(r)[0] == "novelty"


def test_new_funded_programme_outranks_old_story_rewrite() -> None:
    ranked = rank([OLD, NEW], CFG, MONDAY)
    assert [r.article_id for r in ranked] == ["new", "old5"]


def test_a_story_appears_once_represented_by_its_best_article() -> None:
    weaker = replace(NEW, article_id="new-copy", theme_score=0.5)
    ranked = rank([weaker, NEW, OLD], CFG, MONDAY)
    assert [r.article_id for r in ranked] == ["new", "old5"]


def test_weights_change_the_order_as_documented() -> None:
    # novelty, money and key names off, wide coverage weighted up: the old story wins
    cfg = replace(CFG, novelty=0.0, money=0.0, key_entities=0.0, salience=3.0)
    assert [r.article_id for r in rank([NEW, OLD], cfg, MONDAY)] == ["old5", "new"]
    # a zero weight silences its signal entirely
    assert score(NEW, cfg, MONDAY).reasons["money"] == 0.0
    # recency alone: the later article first
    only_recency = RankConfig(**dict.fromkeys(SIGNALS, 0.0) | {"recency": 1.0})
    assert rank([NEW, OLD], only_recency, MONDAY)[0].article_id == "old5"


def test_ties_are_broken_by_article_id() -> None:
    a, b = replace(NEW, article_id="b", story_id="x"), replace(NEW, article_id="a", story_id="y")
    assert [r.article_id for r in rank([a, b], CFG, MONDAY)] == ["a", "b"]


def test_key_entities_match_accents_and_case() -> None:
    cfg = RankConfig(key_programmes=("Innovation Santé 2030",), key_organisations=("Inserm",))
    found = key_entities(["innovation sante 2030"], ["INSERM", "Sanofi"], cfg)
    assert found == ("Innovation Santé 2030", "Inserm")


def test_novelty_is_low_for_a_rewrite_and_high_for_a_new_subject() -> None:
    earlier = {
        "e1": "Le Health Data Hub ouvre son entrepôt national de données de santé aux chercheurs "
        "et aux start-up, avec un comité scientifique pour valider les projets.",
        "e2": "Une campagne de dépistage du cancer colorectal commence en Bretagne.",
    }
    current = {
        "rewrite": "Health Data Hub : l'entrepôt national de données de santé s'ouvre aux "
        "chercheurs et start-up ; un comité scientifique valide les projets.",
        "fresh": "France 2030 finance la télésurveillance médicale à domicile à hauteur de "
        "2,3 milliards d'euros, annonce le gouvernement.",
    }
    nov = lexical_novelty(current, earlier)
    assert nov["rewrite"] < 0.3 < 0.8 < nov["fresh"]
    assert lexical_novelty(current, {}) == {"rewrite": 1.0, "fresh": 1.0}
    assert novelty(current, earlier) == nov  # no vectors: words decide


def unit(*xs: float) -> np.ndarray:
    v = np.array(xs, dtype=np.float32)
    return v / np.linalg.norm(v)


def at_cosine(c: float) -> np.ndarray:
    """A unit vector at cosine `c` from (1, 0, 0)."""
    return unit(c, float(np.sqrt(1 - c * c)), 0.0)


def test_semantic_novelty_maps_the_closest_cosine_linearly() -> None:
    earlier = {"e1": unit(1, 0, 0), "e2": unit(0, 0, 1)}
    mid = (SEEN_COSINE + NEW_COSINE) / 2
    current = {"same": at_cosine(0.95), "mid": at_cosine(mid), "far": at_cosine(0.2)}
    nov = semantic_novelty(current, earlier)
    assert nov["same"] == 0.0 and nov["far"] == 1.0
    assert nov["mid"] == pytest.approx(0.5, abs=1e-3)
    assert semantic_novelty(current, {}) == dict.fromkeys(current, 1.0)


def test_novelty_takes_the_closest_earlier_text_whether_embedded_or_not() -> None:
    text = "France 2030 finance la télésurveillance médicale à domicile, annonce le gouvernement."
    current_texts = {"c": text, "plain": "Un vaccin contre un virus émergent entre en essai."}
    # e1 has a vector far from c's; e2 has none but repeats c's words: c was seen (by e2)
    previous_texts = {"e1": "Un sujet sans rapport.", "e2": text}
    nov = novelty(current_texts, previous_texts, {"c": at_cosine(0.1)}, {"e1": unit(1, 0, 0)})
    assert nov["c"] == 0.0
    # without e2, the vector comparison alone says c is new
    nov = novelty({"c": text}, {"e1": "x"}, {"c": at_cosine(0.1)}, {"e1": unit(1, 0, 0)})
    assert nov["c"] == 1.0
    # an unembedded current text is compared by words with everything earlier
    nov = novelty(current_texts, previous_texts, {}, {"e1": unit(1, 0, 0)})
    assert nov["c"] == 0.0 and nov["plain"] > 0.8


def test_novelty_scales_to_large_sets_without_dense_products() -> None:
    words = [f"mot{i}" for i in range(3000)]
    prev = {
        f"p{i}": " ".join(words[(i * 7) % 2900 : (i * 7) % 2900 + 40]) + " sante"
        for i in range(2000)
    }
    cur = {
        f"c{i}": " ".join(words[(i * 11) % 2900 : (i * 11) % 2900 + 40]) + " sante"
        for i in range(500)
    }
    nov = novelty(cur, prev)
    assert len(nov) == 500 and all(0.0 <= v <= 1.0 for v in nov.values())
