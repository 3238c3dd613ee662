"""Shapes found in the nineteenth pass, reading real financing digests and round announcements
(paraphrased with invented names): a loan a company "a également obtenu" beside its round, a
round "auprès de A et de B" followed by a loan after a comma, a company opening its sentence
with what it is ("Startup X ApS received"), a fund named after its listed parent and a region
("Lilly Asia Ventures Fund"), and an English sentence opened by a common word the French
vectors miss ("Health tech innovators"). Sentences written for these tests, each beside a near
one the rule leaves alone. Published on 10 November."""

from __future__ import annotations

from fact_texts import amounts, organisations

from scanner.nlp.mentions import MentionExtractor


def test_money_also_obtained_beside_the_round_is_news(
    mention_extractor: MentionExtractor,
) -> None:
    text = (
        "Doliane lève 4 M€\n\nDoliane, spécialiste de la télésurveillance cardiaque, lève 4 "
        "millions d'euros auprès de Go Capital. La jeune pousse rennaise a également obtenu un "
        "prêt d'innovation de 1 million d'euros de Bpifrance. Elle compte doubler ses effectifs."
    )
    fact = amounts(mention_extractor, text)["1 million d'euros"]
    assert (fact.role, fact.new, fact.recipient) == ("loan", True, "Doliane")
    # what it also received long ago stays history
    text = text.replace("a également obtenu", "avait également obtenu en 2023")
    assert amounts(mention_extractor, text)["1 million d'euros"].new is False


def test_investors_joined_by_et_de_before_a_loan_all_pay_the_round(
    mention_extractor: MentionExtractor,
) -> None:
    text = (
        "Vasculab boucle un tour de table\n\nLa medtech lyonnaise Vasculab a bouclé une levée de "
        "fonds de 12 millions d'euros auprès de Sofimac Innovation et de Kreaxi, complétée par "
        "un prêt de 3 millions d'euros de la Banque européenne d'investissement. Elle compte "
        "accélérer le déploiement de son stent. La société emploie 40 personnes."
    )
    facts = amounts(mention_extractor, text)
    assert set(facts["12 millions d'euros"].payers) == {"Sofimac Innovation", "Kreaxi"}
    loan = facts["3 millions d'euros"]
    assert (loan.role, loan.recipient) == ("loan", "Vasculab")
    # an "et" that opens a new clause still cuts there: its month stays with its money
    text = (
        "Synora a réalisé un chiffre d'affaires de 3,9 M€ et a signé en 2024 un contrat avec "
        "Hoshida Medical, assorti d'un paiement initial de 1,5 M€."
    )
    assert amounts(mention_extractor, text)["1,5 M€"].new is False


def test_what_a_company_is_opens_its_sentence_not_its_name(
    mention_extractor: MentionExtractor,
) -> None:
    text = (
        "Startup Aiolix ApS received a €1.3 million convertible loan from the Bioinnovation "
        "Institute to develop its platform."
    )
    assert "Aiolix ApS" in organisations(mention_extractor, text)
    assert amounts(mention_extractor, text)["€1.3 million"].recipient == "Aiolix"
    # a name that merely starts like a kind keeps its words
    text = "Biotechnica Nordic ApS received a €1.3 million loan from the Bioinnovation Institute."
    assert "Biotechnica Nordic ApS" in organisations(mention_extractor, text)


def test_a_listed_parent_and_a_region_inside_a_fund_name(
    mention_extractor: MentionExtractor,
) -> None:
    text = (
        "Cerevance Neuro launched with a $100 million series A financing. Lilly Asia Ventures "
        "Fund and Arch Venture Partners co-led the round."
    )
    found = organisations(mention_extractor, text)
    assert "Lilly Asia Ventures Fund" in found and "Lilly" not in found
    # a place after a listed name with no shape word closing it is no part of it
    text = "Cerevance Neuro signed a licence with Lilly Asia for its lead compound."
    assert "Lilly Asia" not in organisations(mention_extractor, text)


def test_a_sentence_opening_english_word_is_no_organisation(
    mention_extractor: MentionExtractor,
) -> None:
    text = (
        "Health tech projects backed by £113m fund\n\nHealth tech innovators are among those "
        "backed by a new £113m government funding scheme. The funding comes via UK Research "
        "and Innovation. Among the beneficiaries is Elasmotec Ltd, which will lead a project."
    )
    found = organisations(mention_extractor, text)
    assert "Health" not in found and "Elasmotec Ltd" in found
    assert "Health" not in amounts(mention_extractor, text)["£113m"].payers


def test_a_public_offer_of_a_named_bidder_and_its_price_per_share(
    mention_extractor: MentionExtractor,
) -> None:
    text = (
        "Orthéa visée par une OPA amicale\n\nLe spécialiste lyonnais des implants Orthéa est visé "
        "par une OPA amicale de l'américain Medtrion. À 7 euros par action, la medtech est "
        "valorisée quelque 135 millions d'euros. Orthéa emploie 200 personnes."
    )
    facts = amounts(mention_extractor, text)
    deal = facts["quelque 135 millions d'euros"]
    assert (deal.recipient, deal.payers) == ("Orthéa", ("Medtrion",))
    assert facts["7 euros"].role == "other"
    # the bidder named by "par" before the company it bids for
    text = (
        "OPA sur Orthéa\n\nL'OPA lancée par Medtrion sur Orthéa valorise la medtech à 135 "
        "millions d'euros. Orthéa emploie 200 personnes. Le dossier est à l'AMF."
    )
    deal = amounts(mention_extractor, text)["135 millions d'euros"]
    assert (deal.recipient, deal.payers) == ("Orthéa", ("Medtrion",))


def test_who_sells_the_shares_is_not_the_company_bought(
    mention_extractor: MentionExtractor,
) -> None:
    text = (
        "Neurogard racheté par un américain pour 164 M€\n\nL'équipementier américain Stryvex a "
        "annoncé lundi avoir acquis la majorité du capital de Neurogard. Stryvex a acquis 59 % "
        "du capital auprès du fondateur et du fonds Newvest. En plus de cette opération de "
        "quelque 70 millions d'euros, Stryvex déposera une offre publique d'achat simplifiée."
    )
    deal = amounts(mention_extractor, text)["quelque 70 millions d'euros"]
    assert (deal.recipient, deal.payers) == ("Neurogard", ("Stryvex",))


def test_what_a_contract_is_valued_at_is_the_contract(
    mention_extractor: MentionExtractor,
) -> None:
    text = (
        "Vaxilon awarded BARDA contract worth up to $179 million\n\nVaxilon, Inc. has been "
        "awarded a contract valued at up to $179 million by BARDA for its influenza vaccines. "
        "During the contract's three-year base period, valued at $97 million, Vaxilon will "
        "develop its vaccines. The company employs 300 people."
    )
    base = amounts(mention_extractor, text)["$97 million"]
    assert (base.role, base.recipient, base.payers) == ("contract", "Vaxilon", ("BARDA",))
    # what a company is valued at stays a valuation
    text = "The round values Vaxilon at $970 million, its chief executive said."
    assert amounts(mention_extractor, text)["$970 million"].role == "other"


def test_a_contract_valued_in_the_sentence_after_its_award(
    mention_extractor: MentionExtractor,
) -> None:
    text = (
        "Anthrion wins vaccine contract\n\nBARDA has awarded a contract to Anthrion "
        "BioSolutions for an anthrax vaccine. The contract is valued at up to $187 million. "
        "Anthrion employs 80 people."
    )
    fact = amounts(mention_extractor, text)["$187 million"]
    assert (fact.role, fact.recipient, fact.payers) == ("contract", "Anthrion", ("BARDA",))


def test_a_valorisation_is_no_money_raised(mention_extractor: MentionExtractor) -> None:
    text = (
        "Les start-up incubées avaient levé 55 millions d'euros fin 2025, pour une valorisation "
        "de 190 millions d'euros."
    )
    assert amounts(mention_extractor, text)["190 millions d'euros"].role == "other"
    # a body whose work is "valorisation" receives real money
    text = "La Satt Ouest Valorisation a obtenu une subvention de 2 millions d'euros de la Région."
    assert amounts(mention_extractor, text)["2 millions d'euros"].role == "grant"


def test_sums_given_to_named_bodies_of_a_council_vote(
    mention_extractor: MentionExtractor,
) -> None:
    text = (
        "La Métropole de Saône aide trois acteurs de la santé\n\nLa Métropole de Saône a accordé "
        "des subventions pour un montant total de 335 000 euros à trois acteurs de l'innovation. "
        "La collectivité va donner une enveloppe de 235 000 euros au pôle de compétitivité "
        "Saônebiopôle. Enfin, 20 000 euros sont accordés au cluster I-Soin LAB."
    )
    facts = amounts(mention_extractor, text)
    assert facts["335 000 euros"].recipient is None
    assert (facts["235 000 euros"].role, facts["235 000 euros"].recipient) == (
        "grant",
        "Saônebiopôle",
    )
    assert facts["20 000 euros"].recipient == "I-Soin LAB"
    # money said to be shared, with no body after it, still has no single recipient
    text = "Au total, 2 millions d'euros sont répartis entre les lauréats de l'appel."
    assert amounts(mention_extractor, text)["2 millions d'euros"].recipient is None
