"""Funding facts, takeovers told without "rachète": a public offer (OPA, tender offer) and
what it values the company at is the takeover's price; "tombé dans l'escarcelle de X" names
the buyer after the company bought. Sentences written for these tests (invented companies),
through the real mention stage (spaCy NER and parser, gazetteers, rules)."""

from __future__ import annotations

from fact_texts import amounts

from scanner.nlp.mentions import MentionExtractor


def test_a_public_offer_values_the_company_bought(mention_extractor: MentionExtractor) -> None:
    text = "Bourse\n\nLe laboratoire Vexaris a lancé une OPA sur Nerisia, valorisée à 450 M€."
    f = amounts(mention_extractor, text)["450 M€"]
    assert f.role == "acquisition" and f.why()["role"] == "rule:takeover_offer"
    assert f.recipient == "Nerisia" and "Vexaris" in f.payers


def test_a_valuation_without_an_offer_pays_nothing(mention_extractor: MentionExtractor) -> None:
    text = (
        "Financement\n\n"
        "Nerisia lève 20 M€ auprès de Kurma Partners. L'opération valorise la société à 150 M€."
    )
    f = amounts(mention_extractor, text)["150 M€"]
    assert f.role == "other" and "takeover" not in f.why()["role"]


def test_a_company_fallen_into_a_buyers_hands(mention_extractor: MentionExtractor) -> None:
    text = (
        "Nerisia rachetée\n\n"
        "La biotech Nerisia est tombée dans l'escarcelle de Vexaris Pharma pour 300 M€."
    )
    f = amounts(mention_extractor, text)["300 M€"]
    assert f.role == "acquisition" and f.recipient == "Nerisia"
    assert f.payers == ("Vexaris Pharma",)


def test_a_buyer_before_its_takeover_word_still_buys(mention_extractor: MentionExtractor) -> None:
    text = "Rachat\n\nVexaris Pharma met la main sur Nerisia pour 120 M€."
    f = amounts(mention_extractor, text)["120 M€"]
    assert f.recipient == "Nerisia" and f.payers == ("Vexaris Pharma",)


def test_an_offer_launched_by_its_buyer_on_the_company(
    mention_extractor: MentionExtractor,
) -> None:
    text = (
        "Bourse\n\n"
        "L'OPA lancée par Vexaris Pharma sur la société Nerisia valorise l'entreprise à 120 M€."
    )
    found = mention_extractor.extract_one(text)
    assert "OPA" not in {m.text for m in found if m.kind == "organisation"}
    f = amounts(mention_extractor, text)["120 M€"]
    assert f.role == "acquisition" and f.recipient == "Nerisia"
    assert f.payers == ("Vexaris Pharma",)
