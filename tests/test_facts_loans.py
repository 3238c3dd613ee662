"""Funding facts, loans: convertible bonds are debt, a loan's tranche is part of that loan
(`tranche_of`). Sentences written for these tests (invented companies), through the real
mention stage (spaCy NER and parser, gazetteers, rules)."""

from __future__ import annotations

from fact_texts import amounts

from scanner.nlp.mentions import MentionExtractor


def test_convertible_bonds_are_a_loan(mention_extractor: MentionExtractor) -> None:
    text = (
        "Financement\n\n"
        "Nerisia lève 10 M€ sous forme d'obligations convertibles auprès de ses actionnaires."
    )
    f = amounts(mention_extractor, text)["10 M€"]
    assert f.role == "loan" and f.recipient == "Nerisia"


def test_shares_raised_are_no_loan(mention_extractor: MentionExtractor) -> None:
    text = "Financement\n\nNerisia lève 10 M€ sous forme d'actions auprès de ses actionnaires."
    assert amounts(mention_extractor, text)["10 M€"].role == "equity"


def test_a_loans_tranche_is_that_loan(mention_extractor: MentionExtractor) -> None:
    text = (
        "Financement\n\n"
        "Nerisia a obtenu un prêt de 40 M€ de la BEI. Une première tranche de 15 M€ sera "
        "versée en 2027."
    )
    found = amounts(mention_extractor, text)
    loan, tranche = found["40 M€"], found["15 M€"]
    assert tranche.role == "loan" and tranche.recipient == loan.recipient == "Nerisia"
    assert tranche.payers == loan.payers and tranche.why()["role"] == "rule:tranche_of"


def test_money_paid_with_no_tranche_word_keeps_its_own_fact(
    mention_extractor: MentionExtractor,
) -> None:
    text = (
        "Financement\n\n"
        "Nerisia a obtenu un prêt de 40 M€ de la BEI. La Région versera en outre 2 M€ à "
        "Qualvio en 2027."
    )
    f = amounts(mention_extractor, text)["2 M€"]
    assert f.why()["role"] != "rule:tranche_of"


def test_a_tranche_named_after_its_amount_is_that_loan(
    mention_extractor: MentionExtractor,
) -> None:
    text = (
        "Financement\n\n"
        "Nerisia a obtenu un prêt de 40 M€ de la BEI en 2025. La société annonce le tirage de "
        "10 M€ au titre de la deuxième tranche."
    )
    f = amounts(mention_extractor, text)["10 M€"]
    assert f.role == "loan" and f.recipient == "Nerisia" and f.why()["role"] == "rule:tranche_of"


def test_a_series_a_financing_is_equity(mention_extractor: MentionExtractor) -> None:
    text = (
        "Financement\n\n"
        "Nerisia a annoncé 10 M$ (9,2 M€) de financement en série A, mené par Kurma Partners."
    )
    found = amounts(mention_extractor, text)
    assert found["10 M$"].role == found["9,2 M€"].role == "equity"


def test_a_financing_with_no_round_stays_a_grant(mention_extractor: MentionExtractor) -> None:
    text = "Financement\n\nNerisia a obtenu 2 M€ de financement de la Région Bretagne."
    assert amounts(mention_extractor, text)["2 M€"].role == "grant"
