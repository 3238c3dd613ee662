"""Equipment a hospital buys: its price is the hospital's investment, not a takeover nor a
product's price. Sentences written for these tests, through the real mention stage."""

from __future__ import annotations

from fact_texts import amounts

from scanner.nlp.mentions import MentionExtractor


def test_buying_equipment_is_no_takeover(mention_extractor: MentionExtractor) -> None:
    text = (
        "Le CHU de Vernon s'équipe\n\n"
        "Le CHU de Vernon prévoit l'acquisition d'une salle d'imagerie hybride pour un montant "
        "de 2,4 millions d'euros."
    )
    fact = amounts(mention_extractor, text)["2,4 millions d'euros"]
    assert fact.role == "investment" and fact.payers == ("CHU de Vernon",)


def test_the_cost_of_a_robot_the_hospital_bought(mention_extractor: MentionExtractor) -> None:
    text = (
        "Le CHU de Vernon s'équipe d'un robot\n\n"
        "L'hôpital a acquis un robot de neurochirurgie au printemps. La machine a coûté "
        "810 000 euros. Le CHU a déboursé 300 000 euros sur ses fonds propres."
    )
    facts = amounts(mention_extractor, text)
    assert facts["810 000 euros"].role == "investment"
    assert facts["300 000 euros"].role == "investment"


def test_a_companys_takeover_stays_an_acquisition(mention_extractor: MentionExtractor) -> None:
    text = "Le groupe Ortheon annonce l'acquisition de la société Lumivasc pour 120 M€."
    assert amounts(mention_extractor, text)["120 M€"].role == "acquisition"


def test_a_products_price_stays_a_cost(mention_extractor: MentionExtractor) -> None:
    text = "Le traitement de Genovia coûte 350 000 euros par patient."
    assert amounts(mention_extractor, text)["350 000 euros"].role == "cost"
