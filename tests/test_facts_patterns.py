"""The fact rules of the fifth pass, each on sentences written for the test: what a rule
decides, and a near sentence where it must stay out of the way."""

from __future__ import annotations

from fact_texts import amounts

from scanner.nlp.facts.parse import Parsed, Word, tense
from scanner.nlp.facts.text import Span
from scanner.nlp.mentions import MentionExtractor


def test_a_part_of_a_round_is_equity(mention_extractor: MentionExtractor) -> None:
    found = amounts(
        mention_extractor,
        "Fondée en 2018, Kerwal a levé 30 M€ au total, dont une série B de 20 M€ en 2024.",
    )
    assert found["20 M€"].role == "equity"
    assert found["20 M€"].why()["role"] == "rule:part_of_deal"
    # a funded part of a grant stays a grant
    aid = amounts(mention_extractor, "La Région apporte 5 M€ au projet, dont 2 M€ de l'État.")
    assert aid["2 M€"].role == "grant"


def test_money_brought_to_the_round_before_is_equity(mention_extractor: MentionExtractor) -> None:
    found = amounts(
        mention_extractor,
        "La start-up Kerwal a bouclé un premier tour de table de 6 M€. "
        "Le fonds Orme Capital en apporte la moitié, soit 3 M€.",
    )
    assert found["3 M€"].role == "equity"
    assert found["3 M€"].why()["role"] == "rule:round_nearby"
    # a subsidy named as one is no share of a round
    aid = amounts(
        mention_extractor,
        "La start-up Kerwal a bouclé un premier tour de table de 6 M€. "
        "La Région lui apporte par ailleurs une subvention de 300 000 euros.",
    )
    assert aid["300 000 euros"].role != "equity"


def test_what_an_investor_invests_is_equity(mention_extractor: MentionExtractor) -> None:
    found = amounts(
        mention_extractor,
        "Les actionnaires historiques de Kerwal avaient investi au total 15 M€ depuis 2016.",
    )
    assert found["15 M€"].role == "equity"
    # a company investing in its plant invests
    plant = amounts(mention_extractor, "Sanofi investit 50 M€ dans son usine de Lyon.")
    assert plant["50 M€"].role == "investment"


def test_a_round_being_prepared_is_not_news(mention_extractor: MentionExtractor) -> None:
    planned = amounts(
        mention_extractor, "La medtech Kerwal prépare une série A d'environ 15 M€ pour 2027."
    )
    (f,) = planned.values()
    assert f.role == "equity" and f.new is False
    assert f.why()["new"] == "rule:planned_round"
    done = amounts(mention_extractor, "La medtech Kerwal lève 15 M€ en série A.")
    assert next(iter(done.values())).new is True


def test_money_a_company_will_receive_is_news(mention_extractor: MentionExtractor) -> None:
    found = amounts(
        mention_extractor, "Kerwal recevra une subvention de 2 M€ de la Région Bretagne."
    )
    assert found["2 M€"].new is True


def _verb(text: str, tag: str, form: str) -> Parsed:
    return Parsed(
        Span(0, len(text)), (Word(0, len(text), text, "VERB", "ROOT", 0, tag, form, "Ind"),)
    )


def test_a_french_future_is_read_from_its_ending() -> None:
    # the tagger sometimes calls "recevra" a past, "financera" a participle
    assert tense(_verb("recevra", "Past", "Fin"), 0) == "future"
    assert tense(_verb("financera", "Past", "Part"), 0) == "future"
    assert tense(_verb("déclara", "Past", "Fin"), 0) == "past"
    assert tense(_verb("reçu", "Past", "Part"), 0) == "participle"


def test_a_takeovers_money_is_the_bought_companys(mention_extractor: MentionExtractor) -> None:
    text = (
        "Médalis rachète la start-up Pulsagen\n\n"
        "Le groupe Médalis a annoncé mardi l'acquisition de la start-up Pulsagen pour 40 M€. "
        "Fondée à Lille, la jeune pousse revendique un chiffre d'affaires de 3 M€ en 2025."
    )
    found = amounts(mention_extractor, text)
    assert found["40 M€"].recipient == "Pulsagen"
    assert found["3 M€"].recipient == "Pulsagen"
    # the buyer's loan to pay for it stays the buyer's
    loan = amounts(
        mention_extractor,
        text + " L'opération sera financée par un prêt bancaire de 25 M€.",
    )
    assert loan["25 M€"].recipient != "Pulsagen"
