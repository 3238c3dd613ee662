"""Shapes found in the twentieth pass, reading real financing digests, a sector's quarterly
round-up, a venture studio's round and France 2030 calls (paraphrased with invented names): an
investor named with one company's round is not the next company's, investors "with further
investments from" or bringing "support for the round", a digest's next story opened by
"Meanwhile," or by what the company is, money raised "to date", a call named "de France 2030",
one named beneficiary "parmi les premiers bénéficiaires", a start-up "la mieux valorisée
(5,8 Md€)". Sentences written for these tests, each beside a near one the rule leaves alone.
Published on 10 November."""

from __future__ import annotations

from fact_texts import amounts

from scanner.nlp.mentions import MentionExtractor


def test_an_investor_of_one_company_does_not_pay_the_next_companys_round(
    mention_extractor: MentionExtractor,
) -> None:
    text = (
        "Avec 27 millions d'euros levés en octobre auprès, notamment, de Norvane Invest et "
        "Cura Capital, Radiolys compte pour 42 % du total des fonds levés par les start-up de "
        "la e-santé au troisième trimestre. Santéo Campus et Sonalys complètent le podium, avec "
        "respectivement 12 et 10 millions d'euros levés."
    )
    facts = amounts(mention_extractor, text)
    assert set(facts["27 millions d'euros"].payers) == {"Norvane Invest", "Cura Capital"}
    assert facts["10 millions d'euros"].recipient == "Sonalys"
    assert "Norvane Invest" not in facts["10 millions d'euros"].payers


def test_investors_with_further_investments_or_support_from_pay_the_round(
    mention_extractor: MentionExtractor,
) -> None:
    text = (
        "Tesoria Biotherapeutics Inc., a company developing bispecific T-cell engagers, has "
        "raised $42 million in series A financing. Rovane Venture Fund and 7BM Ventures led the "
        "round, with further investments from K Ventures and Alexia Venture Investments."
    )
    payers = set(amounts(mention_extractor, text)["$42 million"].payers)
    assert {"Rovane Venture Fund", "7BM Ventures", "K Ventures"} <= payers
    assert "Alexia Venture Investments" in payers
    text = (
        "Splicera Ltd. has closed a $28.5 million series B financing. The Jerusalem-based "
        "company attracted support for the round from Orbivest, Galil Biotech Fund and "
        "Biotelia Ltd."
    )
    payers = set(amounts(mention_extractor, text)["$28.5 million"].payers)
    assert {"Orbivest", "Galil Biotech Fund", "Biotelia"} <= payers


def test_a_fund_arriving_in_the_capital_pays_the_round(
    mention_extractor: MentionExtractor,
) -> None:
    text = (
        "Vetrina, le venture studio lyonnais, confirme un tour de financement porté à 26 "
        "millions d'euros. L'arrivée au capital du fonds Kerlane Santé 2, géré par Bpifrance, "
        "change la cadence de création de startups."
    )
    payers = amounts(mention_extractor, text)["26 millions d'euros"].payers
    assert "Kerlane Santé 2" in payers
    assert "Bpifrance" not in payers  # the fund's manager, not an investor of its own


def test_a_digest_story_opened_by_meanwhile_is_news_and_its_total_to_date_is_not(
    mention_extractor: MentionExtractor,
) -> None:
    text = (
        "Romeva Therapeutics secured $77 million in a series B round. Meanwhile, Skyvane "
        "Therapeutics raised $133 million in its latest round, bringing total equity funding "
        "plus partnership capital in the company to over $600 million to date."
    )
    facts = amounts(mention_extractor, text)
    latest = facts["$133 million"]
    assert (latest.role, latest.new, latest.recipient) == ("equity", True, "Skyvane Therapeutics")
    assert facts["over $600 million"].new is False


def test_a_described_company_opening_a_digest_story_is_news(
    mention_extractor: MentionExtractor,
) -> None:
    text = (
        "Romeva Therapeutics secured $77 million in a series B round. Clinical-stage gene "
        "therapy company Lexira Therapeutics raised $100 million in a series B financing."
    )
    fact = amounts(mention_extractor, text)["$100 million"]
    assert (fact.new, fact.recipient) == (True, "Lexira Therapeutics")


def test_grants_received_since_creation_stay_grants(mention_extractor: MentionExtractor) -> None:
    text = (
        "Orthalis a levé 36 millions d'euros à ce jour. La société a obtenu 3 millions d'euros "
        "de subventions depuis sa création."
    )
    facts = amounts(mention_extractor, text)
    assert (facts["36 millions d'euros"].role, facts["36 millions d'euros"].new) == (
        "equity",
        False,
    )
    assert facts["3 millions d'euros"].role == "grant"


def test_a_call_named_under_france_2030_keeps_its_own_name(
    mention_extractor: MentionExtractor,
) -> None:
    text = (
        "La biotech nantaise Orphelys a obtenu une aide de 2,4 M€ de Bpifrance dans le cadre "
        "de l'appel à projets i-Demo de France 2030."
    )
    programmes = {m.canonical for m in mention_extractor.extract_one(text) if m.kind == "programme"}
    assert programmes == {"i-Démo", "France 2030"}
    # a name whose own words go on after "de" stays whole
    text = "Elle est lauréate de l'appel à projets Santé numérique des territoires."
    names = [m.text for m in mention_extractor.extract_one(text) if m.kind == "programme"]
    assert any("des territoires" in n for n in names)


def test_one_named_beneficiary_among_several_gets_its_money(
    mention_extractor: MentionExtractor,
) -> None:
    text = (
        "Le conseil régional a voté mardi une enveloppe de 12 M€ pour la filière des "
        "biothérapies. Parmi les premiers bénéficiaires, la start-up lilloise Cellvance recevra "
        "1,2 M€ pour une plateforme de production."
    )
    assert amounts(mention_extractor, text)["1,2 M€"].recipient == "Cellvance"
    # the beneficiaries unnamed share it
    text = text.replace("la start-up lilloise Cellvance recevra", "chacun recevra")
    assert amounts(mention_extractor, text)["1,2 M€"].recipient is None


def test_the_most_valued_start_up_in_brackets_is_a_valuation(
    mention_extractor: MentionExtractor,
) -> None:
    text = (
        "Le ministre espère voir émerger de nouveaux champions comme Medilink, devenue cette "
        "année la start-up française la mieux valorisée (5,8 milliards d'euros)."
    )
    fact = amounts(mention_extractor, text)["5,8 milliards d'euros"]
    assert (fact.role, fact.recipient, fact.payers) == ("other", None, ())
    # a body that "valorise" research still receives money
    text = (
        "La SATT Kervalys, qui valorise la recherche publique, a reçu une subvention de 2 M€ "
        "de la Région Bretagne."
    )
    assert amounts(mention_extractor, text)["2 M€"].role == "grant"


def test_money_a_release_says_it_had_raised_is_the_news(
    mention_extractor: MentionExtractor,
) -> None:
    text = (
        "Healthmira, the Paris-based digital therapeutics start-up, said on Monday it had raised "
        "€8 million in a round led by Cantal Ventures, two years after a €3 million seed round. "
        "The company sells its app to insurers."
    )
    facts = amounts(mention_extractor, text)
    assert (facts["€8 million"].new, facts["€8 million"].recipient) == (True, "Healthmira")
    assert facts["€3 million"].new is False  # the round two years before
    # what it had raised before the round stays history
    text = (
        "Healthmira raised €8 million in a round led by Cantal Ventures. The company had raised "
        "€3 million from business angels. It sells its app to insurers."
    )
    assert amounts(mention_extractor, text)["€3 million"].new is False


def test_the_name_after_an_opening_participle_takes_its_money(
    mention_extractor: MentionExtractor,
) -> None:
    text = (
        "Capnord Innov annonce ses trois premiers investissements. Basé dans le Jura et "
        "également soutenu pour 1 M€, Dermatec Médical conçoit des pansements. Il emploie 12 "
        "personnes."
    )
    assert amounts(mention_extractor, text)["1 M€"].recipient == "Dermatec Médical"
    text = (
        "Le fonds a été lancé en 2025. Soutenue à hauteur de 2 M€ par Bpifrance, la start-up "
        "lyonnaise Orvalys développe un test sanguin. Elle recrute."
    )
    fact = amounts(mention_extractor, text)["2 M€"]
    assert (fact.recipient, fact.payers) == ("Orvalys", ("Bpifrance",))
    # a sentence opening on a determiner is no participle: "Une aide de 2 M€, …"
    text = (
        "Kervane lève 5 M€ auprès de Go Capital. Une aide de 2 M€, accordée par la Région, "
        "complète le tour."
    )
    assert amounts(mention_extractor, text)["2 M€"].why()["recipient"] != "rule:participle_subject"


def test_an_endowment_opening_its_sentence_is_the_envelope(
    mention_extractor: MentionExtractor,
) -> None:
    text = (
        "Le fonds a été lancé en 2025. Doté de 30 M€, le programme Santé Plus soutient Orvalys. "
        "Elle recrute."
    )
    fact = amounts(mention_extractor, text)["30 M€"]
    assert (fact.role, fact.recipient) == ("public_budget", None)
    # the programme giving money to a named company keeps it a grant
    text = "Le fonds a été lancé en 2025. Le programme Santé Plus accorde 2 M€ à Orvalys."
    assert amounts(mention_extractor, text)["2 M€"].role == "grant"


def test_a_citys_people_before_a_name_is_no_part_of_it(
    mention_extractor: MentionExtractor,
) -> None:
    text = (
        "La Strasbourgeoise Biolynx a levé un million d'euros auprès de Capnord Innov. Le Nantais "
        "Orvalys a obtenu une subvention de 2 M€."
    )
    found = {m.text for m in mention_extractor.extract_one(text) if m.kind == "organisation"}
    assert {"Biolynx", "Orvalys", "Capnord Innov"} <= found
    assert not any("Strasbourgeoise" in n or "Nantais" in n for n in found)
    # a capitalised word of the name itself stays ("Lyonnaise Santé Conseil")
    text = "La société Lyonnaise Santé Conseil a obtenu une subvention de 1 M€."
    found = {m.text for m in mention_extractor.extract_one(text) if m.kind == "organisation"}
    assert "Lyonnaise Santé Conseil" in found


def test_each_listed_company_takes_what_its_own_clause_says(
    mention_extractor: MentionExtractor,
) -> None:
    text = (
        "Les lauréats cochent ce critère, à commencer par Medidom, qui a levé 40 M€ en série A, "
        "Treelia Therapeutics, avec près de 78 M€ levés au total, et Sparvia Bio."
    )
    facts = amounts(mention_extractor, text)
    assert facts["40 M€"].recipient == "Medidom"
    assert facts["près de 78 M€"].recipient == "Treelia Therapeutics"
    # a consortium "piloté par" its leader still takes the money, not the leader
    text = (
        "Le consortium Neurolink, piloté par Cerebra Labs, qui reçoit 2 M€, développe un "
        "implant. Il réunit quatre partenaires."
    )
    assert amounts(mention_extractor, text)["2 M€"].recipient != "Cerebra Labs"


def test_what_a_grant_made_possible_names_its_taker(mention_extractor: MentionExtractor) -> None:
    text = (
        "Kelvane Santé organise le concours depuis 2025. Grâce à une subvention de 200 000 €, la "
        "start-up "
        "Sensolys a pu recruter ses premiers ingénieurs. Elle vise le marché américain."
    )
    assert amounts(mention_extractor, text)["200 000 €"].recipient == "Sensolys"


def test_english_money_raised_this_week_is_news_and_the_state_bank_is_not_the_state(
    mention_extractor: MentionExtractor,
) -> None:
    text = (
        "The company, which employs 40 people, had revenue of €12 million last year. It raised "
        "€15 million this week from Kelvane Capital."
    )
    assert amounts(mention_extractor, text)["€15 million"].new is True
    text = text.replace("this week", "in 2024")
    assert amounts(mention_extractor, text)["€15 million"].new is False
    text = (
        "Bpifrance reported its annual results on Thursday. The state bank injected €60 billion "
        "into the French economy."
    )
    assert "État" not in amounts(mention_extractor, text)["€60 billion"].payers


def test_each_backers_share_in_brackets_is_its_part_of_the_round(
    mention_extractor: MentionExtractor,
) -> None:
    text = (
        "Orvalys boucle un tour de table. L'opération de 5 M€ a été financée par Kurmo Partners "
        "(3 M€) et par Go Capital (2 M€). La société recrute."
    )
    facts = amounts(mention_extractor, text)
    assert set(facts["5 M€"].payers) == {"Kurmo Partners", "Go Capital"}
    share = facts["3 M€"]
    assert (share.role, share.recipient, share.payers) == ("equity", "Orvalys", ("Kurmo Partners",))
    assert facts["2 M€"].payers == ("Go Capital",)


def test_a_companys_own_money_in_brackets_in_a_list_is_its_own(
    mention_extractor: MentionExtractor,
) -> None:
    text = (
        "Several young companies have raised large sums this year: Cordavia Health ($32 million "
        "Series A, led by Redwell Capital), Ostrava Remote Care ($18.5 million) and Vigilis."
    )
    fact = amounts(mention_extractor, text)["$18.5 million"]
    assert (fact.role, fact.recipient) == ("equity", "Ostrava Remote Care")
    assert "Ostrava Remote Care" not in fact.payers


def test_investors_who_join_or_are_convinced_pay_the_round(
    mention_extractor: MentionExtractor,
) -> None:
    text = (
        "Orvalys lève 5 M€. Kurmo Partners a mené l'opération, rejoint par Go Capital et le "
        "fonds régional Rhône Croissance. Elle recrute."
    )
    payers = set(amounts(mention_extractor, text)["5 M€"].payers)
    assert {"Kurmo Partners", "Go Capital", "Rhône Croissance"} <= payers
    text = (
        "Orvalys lève 5 M€. La jeune pousse lyonnaise a convaincu Kurmo Partners et Go Capital, "
        "qui investissent aux côtés de ses actionnaires historiques. Elle recrute."
    )
    assert {"Kurmo Partners", "Go Capital"} <= set(amounts(mention_extractor, text)["5 M€"].payers)


def test_the_partner_a_contract_is_signed_with_pays_it(
    mention_extractor: MentionExtractor,
) -> None:
    text = (
        "Orvalys a signé avec l'AP-HP un contrat de 2 M€ pour équiper douze services. Les "
        "premiers appareils seront livrés en mars."
    )
    fact = amounts(mention_extractor, text)["2 M€"]
    assert (fact.role, fact.recipient, fact.payers) == ("contract", "Orvalys", ("AP-HP",))


def test_a_fund_named_with_baptise_is_an_organisation(
    mention_extractor: MentionExtractor,
) -> None:
    text = (
        "Les trois partenaires lancent un nouveau fonds d'investissement baptisé Captek Santé "
        "Nutrition. Il vise 20 M€."
    )
    found = {m.text for m in mention_extractor.extract_one(text) if m.kind == "organisation"}
    assert "Captek Santé Nutrition" in found
    # a product named so stays no organisation
    text = "La start-up lance un test sanguin baptisé SepsiRapid. Il coûte 40 euros."
    found = {m.text for m in mention_extractor.extract_one(text) if m.kind == "organisation"}
    assert "SepsiRapid" not in found


def test_a_rounds_letter_ends_its_sentence(mention_extractor: MentionExtractor) -> None:
    text = (
        "Kelvane Therapeutics closed a $50 million Series B. New investor Orbivest Capital led "
        "the round; existing investors Sofinova Partners and Kurmo Partners also participated. "
        "The company will start a trial."
    )
    payers = set(amounts(mention_extractor, text)["$50 million"].payers)
    assert {"Orbivest Capital", "Sofinova Partners", "Kurmo Partners"} <= payers
    # an initial in a person's name ends nothing: "Jane B. Smith"
    from scanner.nlp.facts.text import sentences

    assert len(sentences("Its chair is Jane B. Smith, a former banker. She joined in May.")) == 2


def test_named_investors_beside_unnamed_angels_join_the_round(
    mention_extractor: MentionExtractor,
) -> None:
    text = (
        "Orvalys annonce une levée de 4 M€. Le tour est mené par Kurmo Partners. Go Capital et "
        "des business angels complètent le tour. La société recrute."
    )
    assert set(amounts(mention_extractor, text)["4 M€"].payers) == {"Kurmo Partners", "Go Capital"}


def test_a_takers_partner_listed_with_it_does_not_pay(
    mention_extractor: MentionExtractor,
) -> None:
    text = (
        "Le projet Neurolink, cofinancé par l'Europe à hauteur de 1,2 M€, associe le CHU de "
        "Lille et Orvalys. La société recrute."
    )
    assert "Orvalys" not in amounts(mention_extractor, text)["1,2 M€"].payers


def test_money_a_public_body_sets_aside_is_a_budget(mention_extractor: MentionExtractor) -> None:
    text = (
        "L'État consacrera 50 M€ sur cinq ans à la prévention des cancers pédiatriques, a "
        "annoncé la ministre. Un appel à projets sera lancé au printemps."
    )
    assert amounts(mention_extractor, text)["50 M€"].role == "public_budget"
    text = "The NHS will spend £250 million on AI diagnostic tools over the next three years."
    assert amounts(mention_extractor, text)["£250 million"].role == "public_budget"
    # what care costs each year, or what the insurer spent, stays a cost
    text = "The NHS spends more than £2bn a year on heart failure care, a charity says."
    assert amounts(mention_extractor, text)["more than £2bn"].role != "public_budget"
    text = (
        "Le coût des thérapies inquiète l'Assurance maladie, qui a consacré 1,4 milliard "
        "d'euros à ces traitements en 2025."
    )
    assert amounts(mention_extractor, text)["1,4 milliard d'euros"].role != "public_budget"


def test_a_valuation_a_round_brings_the_company_to_is_no_money_paid(
    mention_extractor: MentionExtractor,
) -> None:
    text = (
        "Orvalys lève 30 M€. La levée de fonds porte la valorisation de la société à 300 M€. "
        "Elle emploie 80 personnes."
    )
    fact = amounts(mention_extractor, text)["300 M€"]
    assert (fact.role, fact.recipient, fact.payers) == ("other", None, ())


def test_a_new_round_named_tour_is_equity_and_a_round_expected_is_not_news(
    mention_extractor: MentionExtractor,
) -> None:
    text = (
        "Depuis sa création en 2018, Orvalys a levé 42 M€. Elle annonce aujourd'hui un nouveau "
        "tour de 20 M€ auprès de Kurmo Partners."
    )
    fact = amounts(mention_extractor, text)["20 M€"]
    assert (fact.role, fact.new, fact.recipient) == ("equity", True, "Orvalys")
    # a tour of the site is no round
    text = "Le ministre a fait le tour de l'usine, qui a coûté 20 M€."
    assert amounts(mention_extractor, text)["20 M€"].role != "equity"
    text = (
        "Kelvane Bio said it expects to close a $30 million Series B in the first quarter of next "
        "year. The company is testing its drug in a phase 1 trial."
    )
    assert amounts(mention_extractor, text)["$30 million"].new is False


def test_a_named_funds_manager_does_not_pay_the_round(mention_extractor: MentionExtractor) -> None:
    text = (
        "L'accélérateur Vortamed Start a bouclé une levée de fonds de 10 millions d'euros auprès "
        "du fonds Kerlane Accélération géré par Bpifrance et de ses investisseurs historiques "
        "Kelvo Partners et NeuroVa. Cette opération lui permettra de lancer un second programme."
    )
    payers = amounts(mention_extractor, text)["10 millions d'euros"].payers
    assert {"Kerlane Accélération", "Kelvo Partners", "NeuroVa"} <= set(payers)
    assert "Bpifrance" not in payers
    # the operator of a programme's grant still pays it
    text = (
        "Orvalys reçoit une subvention de 2 M€ dans le cadre du programme Santé Plus, opéré par "
        "Bpifrance. Elle recrute."
    )
    assert "Bpifrance" in amounts(mention_extractor, text)["2 M€"].payers
