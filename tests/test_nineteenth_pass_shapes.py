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


def test_an_english_adjective_after_la_opens_a_brand(mention_extractor: MentionExtractor) -> None:
    text = "La French Tech lance Health20\n\nLa mission French Tech lance un nouveau programme."
    assert "French Tech" in organisations(mention_extractor, text)
    # a French demonym as a noun still goes: "l'Américain" is who, not the name
    text = "La biotech Norvia a levé 10 M€ auprès des Américains Redfield Group et Sofimac."
    found = organisations(mention_extractor, text)
    assert "Redfield Group" in found and not any("Américains" in name for name in found)


def test_who_pays_and_who_is_paid_under_a_licence(mention_extractor: MentionExtractor) -> None:
    text = (
        "Brevion and Innalis sign licensing agreement\n\nBrevion Therapeutics will make an "
        "upfront payment of US$35m to French firm Innalis Pharma as part of a global agreement. "
        "The antibody is in phase I. Both companies are listed."
    )
    fact = amounts(mention_extractor, text)["US$35m"]
    assert (fact.recipient, fact.payers) == ("Innalis Pharma", ("Brevion Therapeutics",))
    text = (
        "Sorrelo and Servane enter licence agreement\n\nSorrelo and Servane enter into an "
        "exclusive worldwide licence agreement for an antibody. Financial terms include an "
        "upfront payment to Sorrelo of EUR 25 million. Sorrelo employs 60 people."
    )
    fact = amounts(mention_extractor, text)["EUR 25 million"]
    assert (fact.recipient, fact.payers) == ("Sorrelo", ("Servane",))


def test_a_billion_written_b_after_a_currency_sign_and_a_market_valued(
    mention_extractor: MentionExtractor,
) -> None:
    text = (
        "The global digital health market was valued recently at $175.6B and is projected to "
        "grow by 27.7% a year."
    )
    fact = amounts(mention_extractor, text)["$175.6B"]
    assert fact.role == "market"
    found = {m.text: m for m in mention_extractor.extract_one(text) if m.kind == "amount"}
    value = found["$175.6B"].value_eur
    assert value is not None and 1e11 < value < 2e11  # a billion, in euros
    # a phase's letter is no scale
    text = "The phase 2B trial of Orvia Bio will cost €40 million."
    assert set(amounts(mention_extractor, text)) == {"€40 million"}


def test_investors_named_after_an_adverb_between_commas(
    mention_extractor: MentionExtractor,
) -> None:
    text = (
        "Les levées de la e-santé au plus bas\n\nNeuf start-up de la e-santé ont levé des fonds "
        "ce trimestre, pour un montant total de 64 millions d'euros. Avec 27 millions d'euros "
        "levés en juin auprès, notamment, de Supernova Invest et Heal Capital, Glimmer compte "
        "pour 42 % du total. Santé Campus et OSA-Sense complètent le podium, avec respectivement "
        "12 et 10 millions d'euros levés."
    )
    facts = amounts(mention_extractor, text)
    assert set(facts["27 millions d'euros"].payers) == {"Supernova Invest", "Heal Capital"}


def test_every_investor_a_round_is_said_to_include(mention_extractor: MentionExtractor) -> None:
    text = (
        "Robocure closes series C\n\nMedical device maker MicroVast led a €40m series C round "
        "for Robocure, the France-based developer of a cardiovascular system. The round included "
        "Luxembourg CLIF, an investment fund managed by TUX-Holdings, as well as regional "
        "vehicles Go Capital, NCI and Normandie Participations. The funding will help sales."
    )
    payers = set(amounts(mention_extractor, text)["€40m"].payers)
    assert {"Luxembourg CLIF", "Go Capital", "NCI", "Normandie Participations"} <= payers
    assert "TUX-Holdings" not in payers  # the fund's manager
    # investors named by example in the round's own sentence
    text = (
        "Tissora SA reported the close of a series D round, raising $54 million from investors "
        "both new, such as Mérieux Développement, and long-term, including Cathay Capital."
    )
    payers = set(amounts(mention_extractor, text)["$54 million"].payers)
    assert payers == {"Mérieux Développement", "Cathay Capital"}


def test_support_from_a_national_government_is_a_state_grant(
    mention_extractor: MentionExtractor,
) -> None:
    text = (
        "Financings\n\nOso-Sense SAS raised $10.7 million in a series A round. Urgon Group SAS has "
        "just been awarded $27.7 million in financial support from the French government to "
        "develop artificial skin. Both are based in Paris."
    )
    fact = amounts(mention_extractor, text)["$27.7 million"]
    assert (fact.role, fact.recipient, fact.payers) == ("grant", "Urgon Group", ("État",))


def test_laureates_of_a_call_named_the_sentence_before_come_under_it(
    mention_extractor: MentionExtractor,
) -> None:
    text = (
        "Lauréats de l'appel Santé Numérique Bretagne\n\nLa Région Bretagne a dévoilé les cinq "
        "lauréats de son appel à projets Santé Numérique, doté de 2 millions d'euros. Parmi eux, "
        "la start-up brestoise Kerdoc reçoit 450 000 euros. Les autres se partagent le solde."
    )
    assert amounts(mention_extractor, text)["450 000 euros"].programme == "Santé Numérique"
    # a grant after a sentence naming no laureates keeps no programme
    text = (
        "La Région Bretagne a présenté son appel à projets Santé Numérique. Par ailleurs, la "
        "start-up brestoise Kerdoc reçoit 450 000 euros de la Fondation Armor."
    )
    assert amounts(mention_extractor, text)["450 000 euros"].programme is None


def test_equipment_bought_for_a_price_is_the_buyer_s_investment(
    mention_extractor: MentionExtractor,
) -> None:
    text = (
        "Le CHU de Loire a inauguré un bloc opératoire. Le robot, acheté 2,1 millions d'euros à "
        "la société Surgivance, permettra 400 interventions par an."
    )
    fact = amounts(mention_extractor, text)["2,1 millions d'euros"]
    assert (fact.role, fact.payers) == ("investment", ("CHU de Loire",))


def test_a_plan_s_envelope_in_apposition_after_its_headed_name(
    mention_extractor: MentionExtractor,
) -> None:
    text = (
        "La stratégie est dotée de 650 millions d'euros. Le plan Innovation Santé 2030, de plus "
        "de 7,5 milliards d'euros, avait été annoncé le 29 juin 2021."
    )
    fact = amounts(mention_extractor, text)["plus de 7,5 milliards d'euros"]
    assert (fact.role, fact.programme) == ("public_budget", "Innovation Santé 2030")
    # a company's name before ", de" is no programme: no envelope
    text = "Kerdoc, de Brest, a réalisé un chiffre d'affaires de 2 millions d'euros."
    assert amounts(mention_extractor, text)["2 millions d'euros"].role != "public_budget"


def test_a_digest_s_next_story_told_in_the_simple_past_is_news(
    mention_extractor: MentionExtractor,
) -> None:
    text = (
        "Med-tech financings this week\n\nCardiolux raised $13 million via a convertible loan to "
        "develop its valve repair technology. The round was oversubscribed.\n\nMediwave Inc. "
        "closed a $9 million series A round to reach the U.S. market.\n\nOso-Sense SAS raised "
        "$10.7 million to develop its augmented ear. The series A round was led by Innovacom."
    )
    fact = amounts(mention_extractor, text)["$10.7 million"]
    assert (fact.new, fact.payers) == (True, ("Innovacom",))
    # the protagonist's earlier round, told in a later paragraph, stays history
    text = (
        "Oso-Sense closes $30 million series B\n\nOso-Sense SAS has closed a $30 million series B "
        "round led by Innovacom. The funds will support its launch.\n\nOso-Sense raised a "
        "$10.7 million series A round led by Breizh-up to develop its augmented ear."
    )
    assert amounts(mention_extractor, text)["$10.7 million"].new is False
