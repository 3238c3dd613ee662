"""Shapes found in the twenty-second pass, reading regional news of local authorities' grants
(paraphrased with invented names): the wire services' "1,3 ME", councils written in lower case
("le conseil départemental de l'Isère"), a council's vote that gives, a grant "pour la start-up
X", and a total a sentence shares out after a colon. Sentences written for these tests, each
beside a near one the rule leaves alone. Published on 10 November."""

from __future__ import annotations

from fact_texts import amounts, organisations

from scanner.nlp.amounts import find_amounts
from scanner.nlp.mentions import MentionExtractor


def test_a_scale_letter_then_e_is_euros() -> None:
    found = find_amounts("Le groupe a bénéficié d'un soutien de 1,3 ME pour son tiers-lieu.")
    assert [(a.text, a.value_eur) for a in found] == [("1,3 ME", 1_300_000.0)]
    assert find_amounts("Un budget de 500 KE.")[0].value_eur == 500_000.0
    # an "E" that follows no scale letter is no currency
    assert find_amounts("Il a fini 2 E du classement, selon ME Dupont.") == []


def test_councils_written_in_lower_case_are_organisations(
    mention_extractor: MentionExtractor,
) -> None:
    text = "Le conseil départemental de l'Isère accorde 45 000 € à l'association Alpisoin."
    fact = amounts(mention_extractor, text)["45 000 €"]
    assert fact.payers == ("Conseil départemental de l'Isère",)
    assert fact.recipient == "Alpisoin"
    found = organisations(
        mention_extractor,
        "La communauté d'agglomération du Grand Angoulême soutient le projet. La ville de "
        "Lyon verse 15 000 € à l'association Hémostase Lyon.",
    )
    assert {"communauté d'agglomération du Grand Angoulême", "ville de Lyon"} <= found
    # a town that does nothing is a place
    found = organisations(
        mention_extractor, "La start-up Kinévia s'est installée dans la ville de Lyon en 2024."
    )
    assert "ville de Lyon" not in found


def test_a_council_s_vote_gives_and_the_start_up_it_is_for_receives(
    mention_extractor: MentionExtractor,
) -> None:
    text = (
        "Le Conseil départemental du Finistère a voté une aide de 60 000 € pour la start-up "
        "Kinévia."
    )
    fact = amounts(mention_extractor, text)["60 000 €"]
    assert (fact.recipient, fact.payers) == ("Kinévia", ("Conseil départemental du Finistère",))
    # a price "à la société X" is who sold it, not a beneficiary
    text = (
        "Le CHU de Loire a inauguré un bloc opératoire. Le robot, acheté 2,1 millions d'euros à "
        "la société Surgivance, permettra 400 interventions par an."
    )
    assert amounts(mention_extractor, text)["2,1 millions d'euros"].recipient is None


def test_a_total_shared_out_after_a_colon_has_no_one_recipient(
    mention_extractor: MentionExtractor,
) -> None:
    text = (
        "La Région Occitanie a voté 1,2 million d'euros d'aides : 700 000 € pour la medtech "
        "Orthéa, 300 000 € pour la biotech Lysanne et 200 000 € pour le CHU de Nîmes."
    )
    facts = amounts(mention_extractor, text)
    assert facts["1,2 million d'euros"].recipient is None
    assert facts["300 000 €"].recipient == "Lysanne"
    # a round's sources after a colon: the company still raised the whole
    text = (
        "La medtech Orthéa lève 10 millions d'euros : 6 millions auprès de Kerlys Capital et 4 "
        "millions auprès de Bpifrance."
    )
    assert amounts(mention_extractor, text)["10 millions d'euros"].recipient == "Orthéa"


def test_money_shared_by_several_keeps_no_recipient_when_told_again(
    mention_extractor: MentionExtractor,
) -> None:
    text = (
        "Le Conseil européen de l'innovation a sélectionné 62 start-up et PME qui bénéficieront "
        "de 350 millions d'euros de financement. Parmi elles, la medtech Holivue. Sur un total "
        "de 350 millions d'euros, 220 millions d'euros devraient prendre la forme d'un "
        "investissement."
    )
    facts = mention_extractor.extract_one(text)
    told = [m.fact for m in facts if m.kind == "amount" and m.text == "350 millions d'euros"]
    assert [f.recipient for f in told if f is not None] == [None, None]
    # "prendre la forme d'un investissement": a funder's equity, not money spent
    assert amounts(mention_extractor, text)["220 millions d'euros"].role == "equity"
    # one round told twice still has its one taker
    text = (
        "La medtech Holivue lève 12 millions d'euros auprès de Kerlys Capital. Les 12 millions "
        "d'euros serviront à recruter."
    )
    told = [
        m.fact
        for m in mention_extractor.extract_one(text)
        if m.kind == "amount" and m.fact is not None
    ]
    assert [f.recipient for f in told] == ["Holivue", "Holivue"]


def test_each_winner_s_ceiling_is_no_one_s_money(mention_extractor: MentionExtractor) -> None:
    text = (
        "L'EIC a retenu 62 start-up. Chaque entreprise recevra une combinaison de subventions "
        "et d'investissements d'un montant maximal de 16 millions d'euros."
    )
    fact = amounts(mention_extractor, text)["16 millions d'euros"]
    assert (fact.new, fact.recipient) == (False, None)
    # one company's money of a stated amount is news
    text = (
        "L'EIC a retenu la start-up Holivue. L'entreprise recevra une combinaison de "
        "subventions et d'investissements d'un montant de 16 millions d'euros."
    )
    assert amounts(mention_extractor, text)["16 millions d'euros"].new is True


def test_a_french_article_is_no_part_of_a_scheme_s_name(
    mention_extractor: MentionExtractor,
) -> None:
    for text in (
        "L'EIC Accelerator a financé 290 entreprises européennes.",
        "Depuis 2021, l'EIC Accelerator a financé 290 entreprises européennes.",
    ):
        found = [m for m in mention_extractor.extract_one(text) if m.kind == "programme"]
        assert [(m.text, m.canonical) for m in found] == [("EIC Accelerator", "EIC Accelerator")]


def test_a_sector_named_alone_is_no_organisation(mention_extractor: MentionExtractor) -> None:
    found = organisations(
        mention_extractor,
        "Selon notre veille, 15 des 22 TechBio françaises ont levé des fonds depuis 2016. La "
        "HealthTech reste dynamique, portée par Owlia Health.",
    )
    assert not {"TechBio", "HealthTech"} & found
    assert "Owlia Health" in found


def test_assets_under_management_are_what_a_fund_is(mention_extractor: MentionExtractor) -> None:
    text = (
        "Le capital-risque français compte deux acteurs majeurs, dont Sofivia Partners (1,4 "
        "milliard d'euros sous gestion, 480 sociétés financées en 40 ans)."
    )
    fact = amounts(mention_extractor, text)["1,4 milliard d'euros"]
    assert (fact.role, fact.new, fact.recipient, fact.payers) == (
        "other",
        False,
        "Sofivia Partners",
        (),
    )
    # money a fund raises is still a round's
    text = "Sofivia Partners lève 1,4 milliard d'euros pour son nouveau fonds."
    assert amounts(mention_extractor, text)["1,4 milliard d'euros"].role != "other"


def test_an_average_round_is_a_statistic_not_news(mention_extractor: MentionExtractor) -> None:
    text = (
        "La medtech Nablia lève 8 millions d'euros. Le montant moyen des levées a chuté de 20 à "
        "10 millions d'euros en deux ans."
    )
    facts = amounts(mention_extractor, text)
    assert (facts["10 millions d'euros"].new, facts["10 millions d'euros"].recipient) == (
        False,
        None,
    )
    # the round itself, told beside it, is the news
    assert (facts["8 millions d'euros"].new, facts["8 millions d'euros"].recipient) == (
        True,
        "Nablia",
    )


def test_a_funder_s_spending_is_not_the_article_s_company_s(
    mention_extractor: MentionExtractor,
) -> None:
    text = (
        "Les investisseurs se recentrent sur les dossiers solides, comme le prouve Nablia. "
        "Bpifrance a injecté 1,3 milliard d'euros en 2025 dans la numérisation du secteur santé."
    )
    fact = amounts(mention_extractor, text)["1,3 milliard d'euros"]
    assert (fact.recipient, fact.payers) == (None, ("Bpifrance",))
    # a company investing in its own plant still pays for it
    text = "La medtech Nablia a investi 1,8 million d'euros dans une ligne de production."
    fact = amounts(mention_extractor, text)["1,8 million d'euros"]
    assert (fact.role, fact.payers) == ("investment", ("Nablia",))


def test_a_call_s_name_ends_where_the_sentence_s_verb_begins(
    mention_extractor: MentionExtractor,
) -> None:
    def programmes(text: str) -> list[str]:
        return [m.canonical for m in mention_extractor.extract_one(text) if m.kind == "programme"]

    assert programmes("L'appel à projets Challenge Prévention s'inscrit dans la stratégie.") == [
        "Challenge Prévention"
    ]
    assert programmes("L'appel à projets Santé Innov l'an dernier a retenu 12 projets.") == [
        "Santé Innov"
    ]
    # an apostrophe inside a name is no verb's
    assert programmes("Le concours Innov'Santé récompense les start-up.") == ["Innov'Santé"]


def test_the_company_money_is_put_into_is_an_organisation(
    mention_extractor: MentionExtractor,
) -> None:
    found = organisations(
        mention_extractor,
        "Kerlys Capital a investi 3 M€ dans Orthovia en 2024. Le fonds Arvel est entré au "
        "capital de Kinévia.",
    )
    assert {"Orthovia", "Kinévia"} <= found
    # money put into a plant in a town names no company
    found = organisations(mention_extractor, "L'entreprise a investi 5 M€ dans une usine à Nantes.")
    assert "Nantes" not in found


def test_a_listed_body_s_arm_is_another_organisation(
    mention_extractor: MentionExtractor,
) -> None:
    text = "La biotech Genovia lève 8 millions d'euros auprès de CDC Innovation et d'Auriga."
    assert amounts(mention_extractor, text)["8 millions d'euros"].payers[0] == "CDC Innovation"
    # the listed body alone stays itself
    text = "La biotech Genovia lève 8 millions d'euros auprès de la CDC et d'Auriga Partners."
    assert "Caisse des Dépôts" in amounts(mention_extractor, text)["8 millions d'euros"].payers


def test_a_council_opening_the_sentence_before_is_no_company_a_stand_in_means(
    mention_extractor: MentionExtractor,
) -> None:
    text = (
        "Le conseil départemental de l'Isère a voté une aide de 60 000 € pour la start-up "
        "Kinévia, qui développe un dispositif de télésurveillance. La medtech avait levé 2 M€ "
        "en 2024."
    )
    assert amounts(mention_extractor, text)["2 M€"].recipient == "Kinévia"
    # a company opening the sentence before is the one "la medtech" means
    text = (
        "La start-up Orthéa a reçu une aide de 60 000 € du conseil départemental de l'Isère. "
        "La medtech avait levé 2 M€ en 2024."
    )
    assert amounts(mention_extractor, text)["2 M€"].recipient == "Orthéa"
