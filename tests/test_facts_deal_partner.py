"""A contract's payer told in the deal's sentence before its terms (`deal_partner.py`), and the
organisation an amount is given "à" / "to" (`given_after.py`). Invented companies."""

from __future__ import annotations

from fact_texts import amounts

from scanner.nlp.mentions import MentionExtractor


def test_the_deal_partner_pays_the_terms_told_after(mention_extractor: MentionExtractor) -> None:
    facts = amounts(
        mention_extractor,
        "Distribution : Orvalis Medical s'allie à un grossiste canadien\n\n"
        "La medtech lyonnaise Orvalis Medical a signé un contrat de distribution exclusive de "
        "quatre ans avec le canadien Northgate Supply Inc. pour ses prothèses de genou. "
        "Le contrat prévoit des commandes minimales de 6,2 M€ sur quatre ans.",
    )
    f = facts["6,2 M€"]
    assert f.role == "contract" and f.recipient == "Orvalis Medical"
    assert f.payers == ("Northgate Supply Inc.",) or f.payers == ("Northgate Supply",)
    assert f.why()["payers"] == "rule:deal_partner"


def test_a_partner_named_in_no_deal_sentence_pays_nothing(
    mention_extractor: MentionExtractor,
) -> None:
    facts = amounts(
        mention_extractor,
        "Distribution : Orvalis Medical poursuit sa croissance\n\n"
        "La medtech lyonnaise Orvalis Medical travaille depuis 2021 avec le CHU de Lyon sur ses "
        "prothèses de genou. Le contrat prévoit des commandes minimales de 6,2 M€ sur quatre "
        "ans.",
    )
    f = facts["6,2 M€"]
    assert f.role == "contract" and f.payers == ()


def test_money_given_to_a_consortium_is_the_consortium_s(
    mention_extractor: MentionExtractor,
) -> None:
    facts = amounts(
        mention_extractor,
        "Maladies tropicales : un consortium financé\n\n"
        "L'Agence nationale de la recherche attribue 3,1 M€ au consortium TropiSense, qui "
        "associe l'Institut Pasteur de Lille et la start-up rennaise Kerdiag.",
    )
    f = facts["3,1 M€"]
    assert f.recipient == "TropiSense" and f.why()["recipient"] == "rule:given_after"


def test_an_award_that_goes_to_a_company_is_that_company_s(
    mention_extractor: MentionExtractor,
) -> None:
    facts = amounts(
        mention_extractor,
        "Four consortia share €30 million from the European Commission. The largest grant, "
        "€12 million, is coordinated by Institut Curie. The third award, €5.5 million, goes "
        "to Marlowe Imaging, a Nantes spin-off.",
    )
    f = facts["€5.5 million"]
    assert f.recipient == "Marlowe Imaging" and f.why()["recipient"] == "rule:given_after"


def test_money_raised_in_a_city_goes_to_no_one_there(
    mention_extractor: MentionExtractor,
) -> None:
    facts = amounts(
        mention_extractor,
        "La biotech Velmora Therapeutics a levé 12 M€ à Paris auprès du fonds Seine Bio "
        "Ventures pour son essai de phase 2.",
    )
    f = facts["12 M€"]
    assert f.recipient == "Velmora Therapeutics"
    assert f.why()["recipient"] != "rule:given_after"


def test_the_largest_award_that_returns_to_a_project_is_its(
    mention_extractor: MentionExtractor,
) -> None:
    facts = amounts(
        mention_extractor,
        "Six projets ont été retenus par l'appel à projets. La dotation la plus importante, "
        "18 M€, revient au consortium NeuroPulse, coordonné par l'Inserm.",
    )
    f = facts["18 M€"]
    assert f.recipient == "NeuroPulse" and f.why()["recipient"] == "rule:given_after"
    assert f.role == "grant" and f.why()["role"] == "rule:award_goes_to"


def test_an_envelope_told_with_no_one_it_goes_to_stays_one(
    mention_extractor: MentionExtractor,
) -> None:
    facts = amounts(
        mention_extractor, "L'appel à projets est doté de 18 M€ au total, a indiqué l'Inserm."
    )
    f = facts["18 M€"]
    assert f.role == "public_budget" and f.recipient is None


def test_a_laureate_s_grant_is_paid_by_the_article_s_one_funder(
    mention_extractor: MentionExtractor,
) -> None:
    text = (
        "Four consortia led from France share €24 million in funding from the European "
        "Commission, announced on Monday. Centre Hospitalier de Vannes receives €7 million to "
        "test a follow-up model for breast cancer survivors."
    )
    f = amounts(mention_extractor, text)["€7 million"]
    assert f.role == "grant" and f.why()["payers"] == "rule:shared_funder"
    assert f.payers and "Commission" in f.payers[0] or "Commission" in " ".join(f.payers)


def test_with_two_funders_in_the_article_no_funder_is_guessed(
    mention_extractor: MentionExtractor,
) -> None:
    text = (
        "Four consortia led from France share €24 million in funding from the European "
        "Commission, announced on Monday, and the Région Bretagne adds a €2 million grant of "
        "its own. Centre Hospitalier de Vannes receives €7 million to test a follow-up model "
        "for breast cancer survivors."
    )
    f = amounts(mention_extractor, text)["€7 million"]
    assert f.why()["payers"] != "rule:shared_funder"
