"""Money shared out "respectivement", a company's age that is no date of its money, and the
tenses of reported speech. Sentences written for these tests (invented companies), through the real mention stage."""

from __future__ import annotations

from fact_texts import amounts

from scanner.nlp.mentions import MentionExtractor


def test_each_listed_company_takes_its_amount(mention_extractor: MentionExtractor) -> None:
    facts = amounts(
        mention_extractor,
        "Les start-up Pylamed et Orvia Therapeutics lèvent respectivement 3 M€ et 2 M€ "
        "auprès de Bpifrance.",
    )
    assert facts["3 M€"].recipient == "Pylamed"
    assert facts["2 M€"].recipient == "Orvia Therapeutics"
    assert facts["2 M€"].why()["recipient"] == "rule:respectively"


def test_unnamed_companies_share_no_recipient(mention_extractor: MentionExtractor) -> None:
    text = (
        "Bpifrance soutient Quenta\n\n"
        "Bpifrance est entrée au capital de Quenta lors d'un tour de 9 M€. "
        "Ces trois sociétés ont levé respectivement 20 M€, 14 M€ et 6 M€ en 2021."
    )
    facts = amounts(mention_extractor, text)
    assert facts["9 M€"].recipient == "Quenta"
    for value in ("20 M€", "14 M€", "6 M€"):
        assert facts[value].recipient is None


def test_a_company_founded_years_ago_raises_new_money(mention_extractor: MentionExtractor) -> None:
    text = (
        "Valvio boucle sa série A\n\n"
        "Créée il y a cinq ans, la start-up Valvio boucle une série A de 12 M€ menée par "
        "Kurma Partners."
    )
    fact = amounts(mention_extractor, text)["12 M€"]
    assert fact.new is True and fact.recipient == "Valvio"


def test_money_raised_years_ago_stays_past(mention_extractor: MentionExtractor) -> None:
    text = (
        "Valvio entre en clinique\n\n"
        "La start-up Valvio, qui a levé 4 M€ il y a trois ans, lance son premier essai."
    )
    assert amounts(mention_extractor, text)["4 M€"].new is False


def test_reported_speech_keeps_the_news_new(mention_extractor: MentionExtractor) -> None:
    text = (
        "Ortheon rachète Lumivasc\n\n"
        "Le groupe Ortheon a annoncé mardi qu'il avait accepté de racheter la société "
        "Lumivasc pour 120 M€."
    )
    fact = amounts(mention_extractor, text)["120 M€"]
    assert fact.role == "acquisition" and fact.new is True


def test_an_earlier_deal_in_the_pluperfect_stays_past(mention_extractor: MentionExtractor) -> None:
    text = (
        "Ortheon entre en Bourse\n\n"
        "Le groupe Ortheon, qui avait racheté la société Lumivasc pour 120 M€, entre en Bourse."
    )
    assert amounts(mention_extractor, text)["120 M€"].new is False


def test_bond_financing_and_its_drawdown_are_loans(mention_extractor: MentionExtractor) -> None:
    text = (
        "Oculigen renforce sa trésorerie\n\n"
        "La biotech Oculigen a annoncé ces jours derniers avoir obtenu un financement "
        "obligataire d'un montant maximal de 14 M€ souscrit auprès du fonds Harbor Debt III ; "
        "elle devrait effectuer un premier tirage d'un montant de 7 M€."
    )
    facts = amounts(mention_extractor, text)
    assert facts["14 M€"].role == "loan" and facts["14 M€"].new is True
    assert facts["14 M€"].recipient == "Oculigen"
    assert facts["7 M€"].role == "loan" and facts["7 M€"].recipient != "Harbor Debt III"


def test_money_from_a_new_investor_is_equity(mention_extractor: MentionExtractor) -> None:
    text = (
        "Oculigen lève 9 M€\n\n"
        "Oculigen a réalisé une augmentation de capital de 9 M€, complétée à raison de 5 M€ "
        "par un nouvel investisseur, le fonds Orion Santé."
    )
    fact = amounts(mention_extractor, text)["5 M€"]
    assert fact.role == "equity" and "Orion Santé" in fact.payers


def test_a_fund_secured_for_its_new_vehicle(mention_extractor: MentionExtractor) -> None:
    text = (
        "Halden Partners closes its fund\n\n"
        "Venture firm Halden Partners has secured €150 million (US $165 million) for its new "
        "biotech fund, Halden Bio II, with backing from Pfizer."
    )
    fact = amounts(mention_extractor, text)["€150 million"]
    assert fact.role == "equity" and fact.recipient == "Halden Bio II"


def test_a_public_funder_investing_in_projects_sets_an_envelope(
    mention_extractor: MentionExtractor,
) -> None:
    text = (
        "SME support to evaluate medical devices\n\n"
        "The Office for Life Sciences will work with Innovate UK to invest up to £2 million "
        "in innovation projects led by small businesses."
    )
    fact = amounts(mention_extractor, text)["£2 million"]
    assert fact.role == "public_budget" and fact.recipient is None


def test_a_company_investing_in_its_plant_still_spends(mention_extractor: MentionExtractor) -> None:
    text = (
        "Halden Bio grows\n\n"
        "Halden Bio will invest £12 million in a new manufacturing plant in Leeds."
    )
    assert amounts(mention_extractor, text)["£12 million"].role == "investment"


def test_equity_investments_are_equity(mention_extractor: MentionExtractor) -> None:
    text = (
        "Halden Bio closes its round\n\n"
        "Halden Bio received equity investments of €6 million from Orion Ventures."
    )
    assert amounts(mention_extractor, text)["€6 million"].role == "equity"


def test_a_programmes_envelope_recalled_in_brackets(mention_extractor: MentionExtractor) -> None:
    text = (
        "Quatre projets d'imagerie retenus\n\n"
        "Les 4 projets sélectionnés reçoivent 16,1 M€. Ce financement s'inscrit dans le plan "
        "France 2030 (54 milliards d'euros déployés sur 5 ans)."
    )
    fact = amounts(mention_extractor, text)["54 milliards d'euros"]
    assert (fact.role, fact.new, fact.programme) == ("public_budget", False, "France 2030")


def test_a_launched_calls_bracketed_envelope_is_news(mention_extractor: MentionExtractor) -> None:
    text = (
        "Appels à projets régionaux\n\n"
        "La Région lance l'appel à projets « Santé connectée Val-Brenne » (4,2 M€)."
    )
    fact = amounts(mention_extractor, text)["4,2 M€"]
    assert fact.role == "public_budget" and fact.new is True


def test_a_state_guaranteed_loan(mention_extractor: MentionExtractor) -> None:
    text = (
        "Oculigen se finance\n\n"
        "Oculigen a obtenu un Prêt Garanti par l'État (PGE) de 3 M€ auprès de la banque Orion "
        "Crédit. Une nouvelle augmentation de capital de 1 M€ est attendue dans les prochaines "
        "semaines."
    )
    facts = amounts(mention_extractor, text)
    assert facts["3 M€"].role == "loan" and facts["3 M€"].payers == ("Orion Crédit",)
    assert facts["1 M€"].new is False


def test_a_rounds_extension_is_equity(mention_extractor: MentionExtractor) -> None:
    text = (
        "Halden Bio extends its round\n\n"
        "Halden Bio closed a €20m series B round with a $7m extension led by Orion Ventures."
    )
    assert amounts(mention_extractor, text)["$7m"].role == "equity"


def test_an_investor_through_its_fund_keeps_the_list_going(
    mention_extractor: MentionExtractor,
) -> None:
    text = (
        "Lumora raises €40 million\n\n"
        "Lumora Therapeutics today announced the closing of a €40 million Series B financing. "
        "The round was led by Kurma Partners, with participation from Bpifrance, through its "
        "InnoBio 2 fund, and Omnes Capital, as well as existing investor Seventure Partners."
    )
    payers = amounts(mention_extractor, text)["€40 million"].payers
    assert {"Kurma Partners", "Bpifrance", "Omnes Capital", "Seventure Partners"} <= set(payers)
