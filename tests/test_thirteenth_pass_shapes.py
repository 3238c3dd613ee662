"""Shapes found in the thirteenth pass: a cost that opens the sentence whose subject is the
project ("D'un coût total de 2,4 M€, cet investissement …"), money brought "à la plateforme de X"
(the owner of the thing funded receives it). Sentences written for these tests (invented names),
each beside a near one the rule leaves alone."""

from __future__ import annotations

from fact_texts import amounts

from scanner.nlp.mentions import MentionExtractor


def test_a_cost_whose_subject_is_the_project(mention_extractor: MentionExtractor) -> None:
    text = (
        "Valmorel Santé agrandit son site de Caen. D'un coût total de 2,4 M€, cet investissement "
        "permettra de doubler la production de cathéters."
    )
    assert amounts(mention_extractor, text)["2,4 M€"].role == "investment"
    text = (
        "Brackwell Devices is expanding in Leeds. Costing €3.1 million, the new plant will "
        "make sensors."
    )
    assert amounts(mention_extractor, text)["€3.1 million"].role == "investment"
    # the price of a treatment, with no project after it, stays a cost
    text = (
        "D'un coût de 320 000 € par patient, ce traitement sera remboursé par l'Assurance maladie."
    )
    assert amounts(mention_extractor, text)["320 000 €"].role == "cost"


def test_money_brought_to_the_platform_of_a_company(mention_extractor: MentionExtractor) -> None:
    text = (
        "Ardanne Capital, qui a soutenu Kerlann Medical, apporte 12 M€ à la plateforme de "
        "bioproduction de Marveil Bio, une start-up lyonnaise."
    )
    fact = amounts(mention_extractor, text)["12 M€"]
    assert fact.recipient == "Marveil Bio"
    assert "Marveil Bio" not in fact.payers
    # money brought to a place names no recipient there
    text = "Ardanne Capital, qui a soutenu Kerlann Medical, apporte 12 M€ à la région de Lyon."
    assert amounts(mention_extractor, text)["12 M€"].recipient != "Lyon"
