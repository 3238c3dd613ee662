"""Shapes found in the thirteenth pass: a local authority named again by its kind ("La
Métropole" after "la Métropole de Rennes"), a past year inside an aside about the giver, a cost
that opens the sentence whose subject is the project ("D'un coût total de 2,4 M€, cet
investissement …"), money brought "à la plateforme de X" (the owner of the thing funded receives
it), a company that "a implanté" a plant, a sentence opening on a place before its company ("Dans
l'Hérault, X …. L'entreprise a reçu"), "lui accorde", "certains projets". Sentences written for
these tests (invented names), each beside a near one the rule leaves alone."""

from __future__ import annotations

from fact_texts import amounts, organisations

from scanner.nlp.mentions import MentionExtractor


def test_a_cost_whose_subject_is_the_project(mention_extractor: MentionExtractor) -> None:
    text = (
        "Valmorel Santé agrandit son site de Caen. D'un coût total de 2,4 M€, cet investissement "
        "permettra de doubler la production de cathéters."
    )
    assert amounts(mention_extractor, text)["2,4 M€"].role == "investment"
    text = (
        "Brackwell Devices is expanding in Leeds. Costing €3.1 million, the new plant will "
        "make sensors."
    )
    assert amounts(mention_extractor, text)["€3.1 million"].role == "investment"
    # the price of a treatment, with no project after it, stays a cost
    text = (
        "D'un coût de 320 000 € par patient, ce traitement sera remboursé par l'Assurance maladie."
    )
    assert amounts(mention_extractor, text)["320 000 €"].role == "cost"


def test_money_brought_to_the_platform_of_a_company(mention_extractor: MentionExtractor) -> None:
    text = (
        "Ardanne Capital, qui a soutenu Kerlann Medical, apporte 12 M€ à la plateforme de "
        "bioproduction de Marveil Bio, une start-up lyonnaise."
    )
    fact = amounts(mention_extractor, text)["12 M€"]
    assert fact.recipient == "Marveil Bio"
    assert "Marveil Bio" not in fact.payers
    # money brought to a place names no recipient there
    text = "Ardanne Capital, qui a soutenu Kerlann Medical, apporte 12 M€ à la région de Lyon."
    assert amounts(mention_extractor, text)["12 M€"].recipient != "Lyon"


def test_a_past_year_inside_an_aside_about_the_giver(
    mention_extractor: MentionExtractor,
) -> None:
    text = (
        "Ardanne Capital, qui a soutenu Kerlann Medical en 2024, apporte 12 M€ à Marveil Bio, "
        "une start-up lyonnaise."
    )
    assert amounts(mention_extractor, text)["12 M€"].new is True
    # the year of the amount's own aside still dates it
    text = "Kerlann Medical, qui a levé 8 M€ en 2024, annonce un tour de 20 M€."
    facts = amounts(mention_extractor, text)
    assert facts["8 M€"].new is False
    assert facts["20 M€"].new is True


def test_a_local_authority_named_again_by_its_kind(mention_extractor: MentionExtractor) -> None:
    text = (
        "La start-up Kerlann Medical, soutenue par la Région Bretagne et la Métropole de "
        "Rennes, inaugure un atelier. La Métropole a apporté 300 000 € au projet."
    )
    orgs = {m.text: m.canonical for m in mention_extractor.extract_one(text)}
    assert orgs.get("La Métropole") == "Métropole de Rennes"
    assert amounts(mention_extractor, text)["300 000 €"].payers == ("Métropole de Rennes",)
    # two métropoles named: the bare one stays itself rather than pick one
    text = (
        "La Métropole de Rennes et la Métropole de Lyon soutiennent Kerlann Medical. "
        "La Métropole a apporté 300 000 € au projet."
    )
    orgs = {m.text: m.canonical for m in mention_extractor.extract_one(text)}
    assert orgs.get("La Métropole") not in ("Métropole de Rennes", "Métropole de Lyon")


def test_a_company_told_of_after_a_place_then_named_by_a_stand_in(
    mention_extractor: MentionExtractor,
) -> None:
    text = (
        "La Région Occitanie et Ad'Occ lancent une filière biothérapie. En Haute-Garonne, "
        "Vexlor a implanté une usine de vaccins. La région lui accorde 3 M€ de subventions. "
        "Dans l'Hérault, Ciloxa développe des exosomes. L'entreprise a reçu 300 000 € de "
        "subventions."
    )
    assert "Vexlor" in {m.text for m in mention_extractor.extract_one(text)}
    facts = amounts(mention_extractor, text)
    assert facts["3 M€"].recipient == "Vexlor"
    assert facts["300 000 €"].recipient == "Ciloxa"
    # "lui" with no company opening the sentence before: no recipient guessed from it
    text = "La Région Occitanie lance une filière biothérapie. La région lui accorde 3 M€."
    assert amounts(mention_extractor, text)["3 M€"].recipient is None


def test_money_shared_by_some_projects_has_no_single_recipient(
    mention_extractor: MentionExtractor,
) -> None:
    text = (
        "Ad'Occ lance une filière biothérapie. Le conseil régional subventionne déjà certains "
        "projets, de 150 000 à 3 M€."
    )
    assert amounts(mention_extractor, text)["de 150 000 à 3 M€"].recipient is None


def test_an_amount_converted_in_brackets_is_the_same_money(
    mention_extractor: MentionExtractor,
) -> None:
    text = "Quill raised $40 million (€37 million) from Ardanne Capital and Brisk Ventures."
    facts = amounts(mention_extractor, text)
    dollars, euros = facts["$40 million"], facts["€37 million"]
    assert (euros.role, euros.new, euros.recipient) == (
        dollars.role,
        dollars.new,
        dollars.recipient,
    )
    assert set(dollars.payers) == set(euros.payers) == {"Ardanne Capital", "Brisk Ventures"}
    # a part in brackets, in the same currency, is another amount with its own fact
    text = "Kerlann Medical lève 5 M€ (dont 2 M€ de prêts de Bpifrance) auprès d'Ardanne Capital."
    facts = amounts(mention_extractor, text)
    assert facts["2 M€"].role == "loan"
    assert facts["5 M€"].role == "equity"


def test_a_company_bought_told_in_the_passive(mention_extractor: MentionExtractor) -> None:
    text = (
        "Le lyonnais Nordvik Medical fait figure d'exception. Racheté en mars 2024 par le "
        "laboratoire Halvard Pharma pour 1,05 milliard de dollars, il avait levé 130 M€."
    )
    fact = amounts(mention_extractor, text)["1,05 milliard de dollars"]
    assert fact.role == "acquisition"
    assert fact.recipient != "Halvard Pharma"
    assert fact.payers == ("Halvard Pharma",)
    # the active voice still reads the buyer first
    text = "Halvard Pharma a racheté Nordvik Medical pour 40 M€."
    fact = amounts(mention_extractor, text)["40 M€"]
    assert (fact.recipient, fact.payers) == ("Nordvik Medical", ("Halvard Pharma",))


def test_investors_already_shareholders_and_named_by_nationality(
    mention_extractor: MentionExtractor,
) -> None:
    text = (
        "Le 9 février, la biotech Ossevia annonce avoir levé 50 M€ auprès d'investisseurs déjà "
        "actionnaires, les Américains Redwater Group et Invexa et le Français Calder Partners."
    )
    names = {m.text for m in mention_extractor.extract_one(text) if m.kind == "organisation"}
    assert {"Redwater Group", "Calder Partners"} <= names
    assert not any(n.startswith(("Américains", "Français")) for n in names)
    assert amounts(mention_extractor, text)["50 M€"].new is True
    # a company whose name opens with a nationality keeps it
    names = {
        m.text
        for m in mention_extractor.extract_one("Le tour est mené par la Française des Jeux.")
        if m.kind == "organisation"
    }
    assert "Française des Jeux" in names
    # money the company had already raised is still past
    text = "Ossevia avait déjà levé 12 M€ auprès de Calder Partners."
    assert amounts(mention_extractor, text)["12 M€"].new is False


def test_funding_from_investors_named_by_their_trade_is_equity(
    mention_extractor: MentionExtractor,
) -> None:
    text = (
        "La biotech Ossevia vient de décrocher un financement de 34 M€ auprès de capital-risqueurs."
    )
    assert amounts(mention_extractor, text)["34 M€"].role == "equity"
    # from a public funder, the same noun is no stake
    text = "La biotech Ossevia vient de décrocher un financement de 3 M€ auprès de la Région Occitanie."
    assert amounts(mention_extractor, text)["3 M€"].role != "equity"


def test_a_giver_acting_through_a_gerund_and_a_capital_increase(
    mention_extractor: MentionExtractor,
) -> None:
    text = (
        "La biotech Ossevia lève 105 M€. L'Institut Halvard, actionnaire majoritaire d'Ossevia, "
        "a renouvelé sa confiance dans la technologie développée par la biotech en participant "
        "à hauteur de 70 M€ à cette levée de fonds."
    )
    assert amounts(mention_extractor, text)["70 M€"].payers == ("Institut Halvard",)
    text = (
        "L'opération a été accompagnée d'une augmentation de capital réservée à Calder "
        "Partners pour 40 M€."
    )
    assert amounts(mention_extractor, text)["40 M€"].role == "equity"
    # a grant said beside a capital increase stays a grant
    text = (
        "Ossevia reçoit une subvention de 2 M€ de la Région Occitanie, en plus de son "
        "augmentation de capital."
    )
    assert amounts(mention_extractor, text)["2 M€"].role == "grant"


def test_the_price_of_one_share_is_neither_cost_nor_funding(
    mention_extractor: MentionExtractor,
) -> None:
    text = "Ossevia lève 105 M€ auprès de Calder Partners. Le prix de l'action a été fixé à 1,02 €."
    facts = amounts(mention_extractor, text)
    assert (facts["1,02 €"].role, facts["1,02 €"].payers) == ("other", ())
    assert facts["105 M€"].role == "equity"
    # the price of a treatment is still a cost
    text = "Le prix du traitement a été fixé à 320 000 € par patient."
    assert amounts(mention_extractor, text)["320 000 €"].role == "cost"


def test_a_round_carried_by_an_investor_in_the_next_sentence(
    mention_extractor: MentionExtractor,
) -> None:
    text = (
        "La biotech strasbourgeoise Ossevia annonce une levée de fonds de 105 M€. Ce "
        "financement, porté notamment par l'Institut Halvard, doit permettre de franchir de "
        "nouvelles étapes cliniques."
    )
    assert amounts(mention_extractor, text)["105 M€"].payers == ("Institut Halvard",)
    # a name merely mentioned after the round is no investor
    text = (
        "La biotech strasbourgeoise Ossevia annonce une levée de fonds de 105 M€. Ce "
        "financement doit permettre de lancer un essai avec l'Institut Halvard."
    )
    assert "Institut Halvard" not in amounts(mention_extractor, text)["105 M€"].payers


def test_a_name_said_to_be_a_start_up_is_no_person(mention_extractor: MentionExtractor) -> None:
    # spaCy reads "Procope Medicals" as a person's name; the apposition says what it is
    text = (
        "Huit projets ont bénéficié de subventions de la métropole. La plus importante, une "
        "enveloppe de 90 k€, a été attribuée à Procope Medicals, une start-up nantaise."
    )
    assert "Procope Medicals" in organisations(mention_extractor, text)
    assert amounts(mention_extractor, text)["90 k€"].recipient == "Procope Medicals"
    # a person described by what they do stays a person
    text = "Jean Dupont, un entrepreneur lyonnais, a fondé Kerlann Medical."
    assert "Jean Dupont" not in organisations(mention_extractor, text)


def test_a_market_sized_is_no_order(mention_extractor: MentionExtractor) -> None:
    text = "Cœur artificiel : un marché estimé à 16 Md$ dans le monde."
    assert amounts(mention_extractor, text)["16 Md$"].role == "market"
    # an order won is still a contract
    text = "Kerlann Medical remporte un marché de 9,8 M€ auprès de l'AP-HP."
    assert amounts(mention_extractor, text)["9,8 M€"].role == "contract"


def test_an_english_round_led_by_a_company_for_another(
    mention_extractor: MentionExtractor,
) -> None:
    text = (
        "Medical device maker Halvard Scientific led a €40m ($43.4m) series C round yesterday "
        "for Ossevia, the France-based developer of a cardiac robot."
    )
    fact = amounts(mention_extractor, text)["€40m"]
    assert fact.recipient == "Ossevia"
    assert "Halvard Scientific" in fact.payers
    # a round led by someone is no round they lead
    text = "Ossevia raised €40m in a series C round led by Halvard Scientific."
    fact = amounts(mention_extractor, text)["€40m"]
    assert (fact.recipient, fact.payers) == ("Ossevia", ("Halvard Scientific",))


def test_a_name_after_whose_it_is(mention_extractor: MentionExtractor) -> None:
    text = (
        "The round included Brisk Fund, an investment fund managed by the Halvard "
        "University-affiliated TUS-Kappa Holdings."
    )
    orgs = organisations(mention_extractor, text)
    assert "TUS-Kappa Holdings" in orgs
    assert not any("affiliated" in o for o in orgs)


def test_a_programme_that_receives_money_is_an_envelope(
    mention_extractor: MentionExtractor,
) -> None:
    text = "Le programme Santé Avenir bénéficie de 20 M€ pour soutenir les start-up du Grand Est."
    assert amounts(mention_extractor, text)["20 M€"].role == "public_budget"
    # a company that receives money from the programme gets a grant
    text = "Kerlann Medical bénéficie de 2 M€ du programme Santé Avenir."
    assert amounts(mention_extractor, text)["2 M€"].role == "grant"


def test_money_spread_over_many_projects_a_few_words_on(
    mention_extractor: MentionExtractor,
) -> None:
    text = (
        "Au pôle santé, Kerlann Conseil accompagne les biotechs. Bpifrance a financé pour plus "
        "de 400 M€ d'aide en 2020 sur de nombreux projets d'innovation."
    )
    assert amounts(mention_extractor, text)["plus de 400 M€"].recipient is None
    text = "Kelpie Health works with Innovate UK, which provides £14m of funding for 15 projects."
    assert amounts(mention_extractor, text)["£14m"].recipient is None
    # money for one named company a few words on still goes to it
    text = "Bpifrance a accordé 4 M€ d'aide en 2025 à Kerlann Medical."
    assert amounts(mention_extractor, text)["4 M€"].recipient == "Kerlann Medical"


def test_research_and_development_is_no_organisation(
    mention_extractor: MentionExtractor,
) -> None:
    text = (
        "Soit 202 M€, dont 50 M€ pour renforcer les aides à la R & D. Un effort particulier "
        "sera fait pour l'évaluation (168 M€)."
    )
    assert not any(o.startswith("R & D") for o in organisations(mention_extractor, text))
    assert amounts(mention_extractor, text)["168 M€"].recipient is None
    # a company's name that holds the words keeps them
    text = "La start-up Kerlann R&D Labs ouvre un site à Lyon."
    assert "Kerlann R&D Labs" in organisations(mention_extractor, text)
