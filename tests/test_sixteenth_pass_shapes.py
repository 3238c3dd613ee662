"""Shapes found in the sixteenth pass, on real news read through the search tool (a venture
studio's round, an accelerator's fund, a biotech round-up, a record raise "auprès de
capital-risqueurs"): a headline's taking verb ("obtient", "décroche") against the round its
body tells, aid given to a kind of company rather than to one, an investment received, and a
demonym said as a noun before a company's name. Sentences written for these tests (invented
names), each beside a near one the rule leaves alone. Published on 10 November."""

from __future__ import annotations

from fact_texts import amounts, organisations

from scanner.nlp.mentions import MentionExtractor


def test_a_taking_verb_in_the_title_yields_to_the_round_in_the_body(
    mention_extractor: MentionExtractor,
) -> None:
    text = (
        "Healthtech : le venture studio Sorbel obtient 24 M€\n\n"
        "Sorbel, le venture studio lyonnais, confirme un tour de financement porté à "
        "24 millions d'euros, avec l'arrivée au capital du fonds Kerlan Croissance."
    )
    assert {f.role for f in amounts(mention_extractor, text).values()} == {"equity"}
    # a grant said in the body stays a grant
    text = (
        "Healthtech : Sorbel obtient 2 M€\n\n"
        "Sorbel a obtenu une subvention de 2 millions d'euros de la Région Bretagne."
    )
    assert {f.role for f in amounts(mention_extractor, text).values()} == {"grant"}


def test_investors_named_in_the_body_outweigh_the_title_verb(
    mention_extractor: MentionExtractor,
) -> None:
    text = (
        "La biotech dijonnaise Nuvalis décroche 310 millions d'euros\n\n"
        "La biotech dijonnaise Nuvalis vient de décrocher un financement de 310 millions "
        "d'euros auprès de capital-risqueurs."
    )
    assert {f.role for f in amounts(mention_extractor, text).values()} == {"equity"}


def test_aid_to_a_kind_of_company_has_no_single_recipient(
    mention_extractor: MentionExtractor,
) -> None:
    lead = "Le venture studio Sorbel lève 24 M€ auprès de Kerlan Croissance. "
    said = (
        "En 2019, Bpifrance avait apporté 85 millions d'euros d'aides à l'innovation aux "
        "start-up de la medtech."
    )
    assert amounts(mention_extractor, lead + said)["85 millions d'euros"].recipient is None
    said = "En 2019, Bpifrance avait apporté 85 millions d'euros d'aides à Sorbel."
    assert amounts(mention_extractor, lead + said)["85 millions d'euros"].recipient == "Sorbel"


def test_an_investment_received_is_equity(mention_extractor: MentionExtractor) -> None:
    lead = "L'accélérateur VitaStart lance son deuxième véhicule. Quatre sociétés seront créées. "
    said = "Chacune recevra un investissement de deux millions d'euros."
    assert amounts(mention_extractor, lead + said)["deux millions d'euros"].role == "equity"
    said = "VitaStart réalisera un investissement de deux millions d'euros dans son laboratoire."
    assert amounts(mention_extractor, lead + said)["deux millions d'euros"].role == "investment"


def test_a_demonym_said_as_a_noun_names_a_company(mention_extractor: MentionExtractor) -> None:
    text = (
        "En 2022, la marseillaise Cytalis, avec sa levée de fonds de 96 millions d'euros, "
        "constituait une exception. Le suisse Valmorel et la bretonne Sanodia ont suivi."
    )
    found = organisations(mention_extractor, text)
    assert {"Cytalis", "Valmorel", "Sanodia"} <= found
    # a person's demonym is capitalised, and a demonym after a noun is an adjective
    text = "Le Lyonnais Jean Dupont préside la région lyonnaise Auvergne depuis 2021."
    assert not organisations(mention_extractor, text) & {"Jean Dupont", "Auvergne"}


def test_an_economic_impact_is_nobodys_money(mention_extractor: MentionExtractor) -> None:
    lead = "Le fonds santé de Rennes Métropole a soutenu 52 projets depuis 2020. "
    said = "Les retombées sont estimées à près de 80 millions d'euros pour le territoire."
    fact = amounts(mention_extractor, lead + said)["près de 80 millions d'euros"]
    assert (fact.role, fact.new) == ("other", False)
    said = "La métropole accorde cette année 80 000 euros d'aides au projet Vigie."
    assert amounts(mention_extractor, lead + said)["80 000 euros"].role == "grant"


def test_grants_of_up_to_a_sum_are_a_ceiling(mention_extractor: MentionExtractor) -> None:
    lead = "Innovate UK opens a health technology competition in the North East. "
    for said, surface in (
        ("Companies will be able to bid for grants of up to £1m.", "£1m"),
        ("Les lauréats pourront obtenir des subventions pouvant aller jusqu'à 200 000 euros.",
         "200 000 euros"),
        ("Le soutien pourrait atteindre 20 millions d'euros par projet.",
         "20 millions d'euros"),
    ):  # fmt: skip
        assert amounts(mention_extractor, lead + said)[surface].new is False, said
    said = "Kelvane Health has won a £1m grant to develop its sepsis test."
    assert amounts(mention_extractor, lead + said)["£1m"].new is True


def test_a_competition_round_is_no_funding_round(mention_extractor: MentionExtractor) -> None:
    lead = "The government has announced the winners of the Biomedical Catalyst. "
    said = (
        "The funding comes from the ninth round of the Biomedical Catalyst. Glasgow-based "
        "Pulmetrix, which makes lung infection tests, secured £720,000."
    )
    assert amounts(mention_extractor, lead + said)["£720,000"].role == "grant"
    said = (
        "The company closed its seed round last week. Glasgow-based Pulmetrix, which makes "
        "lung infection tests, secured £720,000 from its investors."
    )
    assert amounts(mention_extractor, lead + said)["£720,000"].role == "equity"


def test_a_relative_clause_after_brackets_names_the_taker(
    mention_extractor: MentionExtractor,
) -> None:
    text = (
        "Parmi les anciens lauréats, plusieurs start-up ont fait parler d'elles, comme Dosalis "
        "(optimisation des prescriptions pour les infirmiers), qui a récemment levé "
        "3 millions d'euros."
    )
    assert amounts(mention_extractor, text)["3 millions d'euros"].recipient == "Dosalis"
    # without a name the clause hangs from, money shared among several has no recipient
    text = "Plusieurs start-up du programme ont levé au total 3 millions d'euros."
    assert amounts(mention_extractor, text)["3 millions d'euros"].recipient is None


def test_money_spent_every_year_is_background(mention_extractor: MentionExtractor) -> None:
    text = (
        "Le CHU de Nîmes, qui investit chaque année près de 1,2 million d'euros dans ses "
        "dispositifs d'innovation, lance un projet d'intelligence artificielle."
    )
    assert amounts(mention_extractor, text)["près de 1,2 million d'euros"].new is False
    # money paid yearly from now on is news
    text = "Kalmo recevra 1 M€ par an pendant trois ans de la Région Occitanie."
    assert amounts(mention_extractor, text)["1 M€"].new is True


def test_a_spin_out_in_apposition_is_a_company(mention_extractor: MentionExtractor) -> None:
    text = (
        "Its rival Breathtec, a spin-out of Imperial College London, raised $5m from "
        "Kickstart Ventures last year."
    )
    assert "Breathtec" in organisations(mention_extractor, text)


def test_a_plan_just_adopted_is_news_down_to_its_parts(
    mention_extractor: MentionExtractor,
) -> None:
    text = (
        "La Région Occitanie a adopté le 9 octobre le plan « Occitanie Santé 2030 ». Doté de "
        "45 millions d'euros sur cinq ans, il se décompose ainsi : 20 M€ pour un fonds "
        "d'avances remboursables, 15 M€ pour des appels à projets et 10 M€ pour la formation."
    )
    facts = amounts(mention_extractor, text)
    assert {s: (f.role, f.new) for s, f in facts.items()} == {
        s: ("public_budget", True) for s in ("45 millions d'euros", "20 M€", "15 M€", "10 M€")
    }
    # a plan the article only recalls keeps its envelope as context
    text = (
        "Kalmo ouvre un site à Toulouse. Le plan « Occitanie Santé 2030 », doté de 45 millions "
        "d'euros, soutient déjà la filière."
    )
    assert amounts(mention_extractor, text)["45 millions d'euros"].new is False


def test_a_stake_bought_is_equity_paid_to_the_company(
    mention_extractor: MentionExtractor,
) -> None:
    text = "Le groupe Helvétia Santé prend 20 % de la medtech Kinésia pour 6 M€."
    fact = amounts(mention_extractor, text)["6 M€"]
    assert (fact.role, fact.recipient, fact.payers) == ("equity", "Kinésia", ("Helvétia Santé",))
    # half the company or more is a takeover
    text = "Le groupe Orvane prend 60 % du capital de la biotech Kalmo pour 40 M€."
    assert amounts(mention_extractor, text)["40 M€"].role == "acquisition"


def test_a_company_sold_for_a_price_is_an_acquisition(
    mention_extractor: MentionExtractor,
) -> None:
    text = (
        "The firm backed 14 companies, including the cardiac device maker Valvea, which was "
        "sold in 2025 to a US strategic buyer for €190m."
    )
    assert amounts(mention_extractor, text)["€190m"].role == "acquisition"
    text = "La biotech Kalmo a été cédée au groupe Orvane pour 40 M€."
    assert amounts(mention_extractor, text)["40 M€"].role == "acquisition"
    # a product sold for a price is its price
    text = "Les pompes de Kalmo ont été vendues aux hôpitaux pour 2 900 euros chacune."
    assert amounts(mention_extractor, text)["2 900 euros"].role == "cost"


def test_a_prize_said_with_recompenser_is_a_grant(mention_extractor: MentionExtractor) -> None:
    text = (
        "La start-up Nutrilab est récompensée pour son algorithme de détection de la "
        "dénutrition à hauteur de 450 000 euros."
    )
    assert amounts(mention_extractor, text)["450 000 euros"].role == "grant"


def test_a_speaker_is_never_a_place(mention_extractor: MentionExtractor) -> None:
    text = (
        'Glasgow-based Ohmedix has won a £759,000 award. "This is a vote of confidence," '
        "said Innes. The study will run at a hospital in Glasgow."
    )
    places = {m.text for m in mention_extractor.extract_one(text) if m.kind == "place"}
    assert "Innes" not in places
