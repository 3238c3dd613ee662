"""Money from an investor said with a generic word, a company's total raised beside its new
round, money raised "so far", and a grant a company was given before. Sentences written for
these tests (invented companies), through the real mention stage."""

from __future__ import annotations

from fact_texts import amounts

from scanner.nlp.mentions import MentionExtractor


def test_financing_from_an_investment_fund_is_equity(mention_extractor: MentionExtractor) -> None:
    text = "Orbis reçoit un financement de 4 M€ de la part de Kestrel Impact Fund."
    fact = amounts(mention_extractor, text)["4 M€"]
    assert fact.role == "equity" and fact.payers == ("Kestrel Impact Fund",)


def test_financing_from_a_public_bank_stays_a_grant(mention_extractor: MentionExtractor) -> None:
    text = "Orbis reçoit une subvention de 4 M€ de la part de Bpifrance."
    assert amounts(mention_extractor, text)["4 M€"].role == "grant"


def test_the_total_raised_beside_a_new_round(mention_extractor: MentionExtractor) -> None:
    text = (
        "Lysta Health raises $20 million\n\n"
        "Lysta Health, Inc. today announced a $20 million Series B financing, bringing its "
        "total funding to $41 million."
    )
    facts = amounts(mention_extractor, text)
    assert facts["$20 million"].new is True
    assert facts["$41 million"].new is False and facts["$41 million"].payers == ()


def test_money_raised_so_far_with_decimals(mention_extractor: MentionExtractor) -> None:
    text = (
        "Nerova wins a grant for its dialysis sensor\n\n"
        "The European Innovation Council has awarded a €2.5 million grant to Nerova. "
        "Nerova was founded in 2021 by engineers. It has raised €6.1 million so far, through "
        "a seed round led by Sambre Ventures."
    )
    facts = amounts(mention_extractor, text)
    assert facts["€2.5 million"].new is True
    assert facts["€6.1 million"].new is False


def test_a_grant_the_company_was_given_before(mention_extractor: MentionExtractor) -> None:
    text = (
        "Nerova wins a grant for its dialysis sensor\n\n"
        "The European Innovation Council has awarded a €2.5 million grant to Nerova.\n\n"
        "Lysta Health, Inc. today announced a $20 million Series B financing. The company's "
        "early work was supported by a $1.5 million grant from the National Science Foundation."
    )
    fact = amounts(mention_extractor, text)["$1.5 million"]
    assert fact.new is False and fact.recipient == "Lysta Health"


def test_a_round_up_takeover_keeps_its_own_buyer(mention_extractor: MentionExtractor) -> None:
    text = (
        "Les brèves de la semaine\n\n"
        "Ostrava Pharma ouvre le bal.\n"
        "Le groupe tchèque a annoncé l'acquisition pour 310 M€ de la biotech belge Velunex.\n"
        "Corvana rachète Lystera Bio pour 95 M€."
    )
    facts = amounts(mention_extractor, text)
    assert facts["310 M€"].recipient == "Velunex"
    assert facts["310 M€"].payers == ("Ostrava Pharma",)
    assert facts["95 M€"].payers == ("Corvana",)


def test_the_company_of_a_round_up_is_the_one_just_told_of(
    mention_extractor: MentionExtractor,
) -> None:
    text = (
        "Les brèves de la semaine\n\n"
        "Quorvex étend sa série C à 90 M€ avec l'arrivée de Talmont Capital.\n"
        "Pelagia Therapeutics reçoit une aide de 1,2 M€ de Bpifrance pour sa plateforme. En "
        "parallèle, la société poursuit une levée de série A de 8 M€."
    )
    fact = amounts(mention_extractor, text)["8 M€"]
    assert fact.recipient == "Pelagia Therapeutics"
    assert fact.new is False  # a round still being raised


def test_the_company_a_sentence_opens_on_with_what_it_is(
    mention_extractor: MentionExtractor,
) -> None:
    text = (
        "Les biotechs lyonnaises lèvent des fonds\n\n"
        "Quorvex a annoncé avoir levé 30 millions d'euros le 23 octobre. La biotech française "
        "Pelagia, installée à Lyon, a pour sa part levé 12 millions d'euros. L'entreprise "
        "prévoyait de recevoir 15 millions d'euros."
    )
    assert amounts(mention_extractor, text)["15 millions d'euros"].recipient == "Pelagia"
