"""Funding facts, a private fund's own money: its closing, target or size is capital raised
(role `equity`, `fund_close`) and the fund gets it (`fund_itself`); a company's round that
names its investing fund is left alone.

Sentences written for these tests (invented funds and companies), through the real mention
stage (spaCy NER and parser, gazetteers, rules).
"""

from __future__ import annotations

from fact_texts import amounts

from scanner.nlp.mentions import MentionExtractor


def test_a_fund_closing_is_the_funds(mention_extractor: MentionExtractor) -> None:
    text = (
        "Medevar Capital clôture son deuxième fonds\n\n"
        "La société de gestion lyonnaise Medevar Capital annonce la clôture du fonds Santé "
        "Horizon II à 120 M€, au-dessus de son objectif initial de 100 M€."
    )
    f = amounts(mention_extractor, text)["120 M€"]
    assert f.role == "equity" and f.recipient == "Santé Horizon II"
    assert f.why()["recipient"] == "rule:fund_itself"


def test_an_english_fund_closing_is_the_funds(mention_extractor: MentionExtractor) -> None:
    text = (
        "Halden Ventures closes third fund\n\n"
        "Boston-based Halden Ventures has closed its third life sciences fund, Halden Bridge "
        "Fund III, at its hard cap of $210 million."
    )
    f = amounts(mention_extractor, text)["$210 million"]
    assert f.role == "equity" and f.recipient == "Halden Bridge Fund III"


def test_a_fund_named_after_its_closing_amount(mention_extractor: MentionExtractor) -> None:
    text = (
        "Orvane Ventures holds first close of second fund\n\n"
        "Paris-based Orvane Ventures, a venture firm investing in digital health, has announced "
        "a first close of €150 million for its second fund, Orvane Santé II, which targets "
        "€250 million."
    )
    f = amounts(mention_extractor, text)["€150 million"]
    assert f.role == "equity" and f.recipient == "Orvane Santé II"


def test_a_round_from_a_fund_is_the_companys(mention_extractor: MentionExtractor) -> None:
    text = (
        "Lumivo lève 6 M€\n\n"
        "La medtech rennaise Lumivo a levé 6 M€ auprès du fonds Ouest Horizon II et de "
        "business angels pour financer une ligne de production."
    )
    f = amounts(mention_extractor, text)["6 M€"]
    assert f.role == "equity" and f.recipient == "Lumivo"
    assert f.why()["recipient"] != "rule:fund_itself"


def test_a_funds_manager_does_not_pay_its_closing(mention_extractor: MentionExtractor) -> None:
    text = (
        "Halden Ventures closes third fund\n\n"
        "Boston-based Halden Ventures has closed its third life sciences fund, Halden Bridge "
        "Fund III, at its hard cap of $210 million. Limited partners include the Wellford "
        "University Endowment and the Bayview Foundation."
    )
    f = amounts(mention_extractor, text)["$210 million"]
    assert "Halden Ventures" not in f.payers


def test_a_fund_closing_with_no_money_word_is_the_funds(
    mention_extractor: MentionExtractor,
) -> None:
    text = (
        "Halden Ventures\n\n"
        "Halden Bridge Fund III closes at 200 M€, above its target. Halden Ventures invests "
        "in medical devices."
    )
    f = amounts(mention_extractor, text)["200 M€"]
    assert f.role == "equity" and f.why()["role"] == "rule:fund_close"
    assert f.recipient == "Halden Bridge Fund III"


def test_a_company_that_closes_a_deal_is_no_fund(mention_extractor: MentionExtractor) -> None:
    text = "Ostéalis\n\nOstéalis Medical closes at 200 M€ a record year of sales."
    f = amounts(mention_extractor, text)["200 M€"]
    assert f.why()["role"] != "rule:fund_close" and f.role == "revenue"


def test_a_fund_wrapped_up_is_the_funds(mention_extractor: MentionExtractor) -> None:
    text = (
        "Medevar Capital\n\n"
        "La société de gestion Medevar Capital a bouclé son fonds Santé Horizon II à 150 M€."
    )
    f = amounts(mention_extractor, text)["150 M€"]
    assert f.role == "equity" and f.recipient == "Santé Horizon II"


def test_money_collected_for_a_named_fund_is_the_funds(
    mention_extractor: MentionExtractor,
) -> None:
    text = (
        "Medevar Capital\n\n"
        "Medevar Capital a collecté 180 M€ pour Santé Horizon Fund III auprès d'investisseurs "
        "institutionnels."
    )
    f = amounts(mention_extractor, text)["180 M€"]
    assert f.role == "equity" and f.recipient == "Santé Horizon Fund III"
    assert "Medevar Capital" not in f.payers  # its manager collects, its LPs pay


def test_a_company_raising_for_its_trial_is_no_fund(mention_extractor: MentionExtractor) -> None:
    text = "Lumivo\n\nLumivo a collecté 6 M€ pour son essai clinique auprès de Kurma Partners."
    f = amounts(mention_extractor, text)["6 M€"]
    assert f.why()["role"] != "rule:fund_close" and f.why()["recipient"] != "rule:fund_itself"


def test_rounds_added_up_are_no_new_money(mention_extractor: MentionExtractor) -> None:
    text = (
        "Nerisia lève 12 M€\n\n"
        "La biotech Nerisia lève 12 M€ auprès de Kurma Partners. Ce tour porte à 42 M€ le "
        "total des fonds levés par la société."
    )
    found = amounts(mention_extractor, text)
    total = found["42 M€"]
    assert total.role == "equity" and total.new is False and total.recipient == "Nerisia"
    assert total.why()["role"] == "rule:raised_to_date"
    assert found["12 M€"].new is True


def test_a_fund_closing_is_no_total_of_rounds(mention_extractor: MentionExtractor) -> None:
    text = (
        "Medevar Capital\n\n"
        "La société de gestion Medevar Capital a bouclé son fonds Santé Horizon II à 150 M€."
    )
    assert amounts(mention_extractor, text)["150 M€"].why()["role"] != "rule:raised_to_date"


def test_a_prize_won_is_a_grant_to_its_winner(mention_extractor: MentionExtractor) -> None:
    text = (
        "Financement\n\n"
        "La biotech Nerisia annonce une levée de 9 M€. La jeune pousse avait déjà obtenu en "
        "2025 un prix au concours i-Lab doté de 400 000 euros."
    )
    f = amounts(mention_extractor, text)["400 000 euros"]
    assert f.role == "grant" and f.why()["role"] == "rule:prize_won"
    assert f.recipient == "Nerisia" and f.new is False


def test_a_prize_won_then_is_as_old_as_the_grant_before(
    mention_extractor: MentionExtractor,
) -> None:
    text = (
        "Nerisia\n\n"
        "La biotech Nerisia annonce une levée de 9 M€. La jeune pousse avait déjà obtenu en "
        "2025 une Bourse French Tech de 30 000 euros, puis un prix au concours i-Lab doté de "
        "400 000 euros."
    )
    f = amounts(mention_extractor, text)["400 000 euros"]
    assert f.role == "grant" and f.recipient == "Nerisia" and f.new is False


def test_a_competitions_endowment_is_its_envelope(mention_extractor: MentionExtractor) -> None:
    text = "Concours\n\nLe concours Innov'Santé, doté de 500 000 euros, récompensera dix projets."
    assert amounts(mention_extractor, text)["500 000 euros"].role == "public_budget"
