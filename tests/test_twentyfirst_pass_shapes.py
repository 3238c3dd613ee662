"""Shapes found in the twenty-first pass, reading a biotech newsletter's review of a year's
rounds and a daily's note on the public bank's stakes (paraphrased with invented names): the
amounts of "ces quatre sociétés ont levé respectivement …" go to the four names listed in the
sentence before, names listed beside a name only the model found are organisations too, "un
demi-milliard d'euros" is money, the press's "le Feder" is the FEDER, and a programme among a
passive verb's agents is the money's programme, not a payer. Sentences written for these tests,
each beside a near one the rule leaves alone. Published on 10 November."""

from __future__ import annotations

from fact_texts import amounts, organisations

from scanner.nlp.amounts import find_amounts
from scanner.nlp.gazetteer import GazEntry, Gazetteer
from scanner.nlp.mentions import MentionExtractor

FEDER = "Fonds européen de développement régional"


def test_respective_amounts_go_to_the_names_listed_in_the_sentence_before(
    mention_extractor: MentionExtractor,
) -> None:
    text = (
        "Bpifrance a accompagné quatre biotechs en Bourse : Genorel, Sonivue, Cellavia et "
        "Oncoterra. Ces quatre sociétés ont levé respectivement 34,5 millions d'euros, 50 "
        "millions, 17,7 millions et 12,8 millions."
    )
    facts = amounts(mention_extractor, text)
    assert facts["34,5 millions d'euros"].recipient == "Genorel"
    assert facts["50 millions"].recipient == "Sonivue"
    assert facts["12,8 millions"].recipient == "Oncoterra"
    # three names for four amounts: no one is guessed
    text = (
        "Bpifrance a accompagné trois biotechs en Bourse : Genorel, Sonivue et Cellavia. Ces "
        "quatre sociétés ont levé respectivement 34,5 millions d'euros, 50 millions, 17,7 "
        "millions et 12,8 millions."
    )
    assert amounts(mention_extractor, text)["50 millions"].recipient is None


def test_names_listed_beside_a_name_the_model_found_are_organisations(
    mention_extractor: MentionExtractor,
) -> None:
    found = organisations(
        mention_extractor,
        "Bpifrance a accompagné quatre biotechs en Bourse : Genorel, Sonivue, Cellavia et "
        "Oncoterra. Le marché reste difficile.",
    )
    assert {"Sonivue", "Cellavia", "Oncoterra"} <= found
    # a family's name beside its office's is not a company listed with it
    found = organisations(
        mention_extractor,
        "Ses investisseurs historiques remettent au pot, de même que le family office de la "
        "famille Dufresnay, Corvadev. L'opération valorise l'entreprise autour de 400 M€.",
    )
    assert "Dufresnay" not in found


def test_half_a_billion_is_money() -> None:
    (found,) = find_amounts("Le gouvernement a annoncé un demi-milliard d'euros pour la filière.")
    assert found.text == "un demi-milliard d'euros"
    assert found.value_eur == 500_000_000
    (found,) = find_amounts("L'Etat consacre un demi-million d'euros au projet.")
    assert found.value_eur == 500_000
    assert find_amounts("Une demi-heure plus tard, deux demi-millions de doses.") == []


def test_the_press_spelling_of_a_long_acronym_is_the_listed_name(
    mention_extractor: MentionExtractor,
) -> None:
    text = (
        "Le projet est cofinancé par la Région Bretagne et le Feder à hauteur de 1,2 million "
        "d'euros. Les travaux commencent en janvier."
    )
    fact = amounts(mention_extractor, text)["1,2 million d'euros"]
    assert fact.programme == FEDER
    assert fact.payers == ("Région Bretagne",)


def test_only_long_acronyms_match_in_the_press_spelling() -> None:
    gazetteer = Gazetteer(
        [GazEntry("organisation", "DREES"), GazEntry("organisation", "HAS", ("Haute Autorité",))]
    )
    found = [(m.text, m.canonical) for m in gazetteer.find("La Drees publie. Elle Has dit.")]
    assert found == [("Drees", "DREES")]  # "Has" is a word, not the HAS
    assert gazetteer.lookup("Drees") == "DREES"


def test_a_programme_among_the_agents_of_a_passive_verb_is_not_a_payer(
    mention_extractor: MentionExtractor,
) -> None:
    text = (
        "Le démonstrateur est financé par la Région Normandie et par France 2030 à hauteur de "
        "3 millions d'euros. Il sera installé au CHU de Caen."
    )
    fact = amounts(mention_extractor, text)["3 millions d'euros"]
    assert fact.payers == ("Région Normandie",)
    assert fact.programme == "France 2030"


def test_every_tranche_of_a_loan_is_the_loan(mention_extractor: MentionExtractor) -> None:
    text = (
        "Le 27 octobre, Chirovia a obtenu un prêt de 30 millions d'euros accordé par la Banque "
        "européenne d'investissement. Ce prêt sera versé en trois tranches. La première tranche "
        "de 15 millions d'euros a été versée en novembre. La deuxième tranche de 5 millions "
        "d'euros sera versée en 2027, et la troisième tranche de 10 millions d'euros après la "
        "prochaine augmentation de capital."
    )
    facts = amounts(mention_extractor, text)
    for surface in ("15 millions d'euros", "5 millions d'euros", "10 millions d'euros"):
        assert facts[surface].role == "loan"
        assert facts[surface].recipient == "Chirovia"


def test_investors_named_after_their_kind_pay_the_amount(
    mention_extractor: MentionExtractor,
) -> None:
    text = (
        "Le fondateur de Cathorobo développe un robot de cathétérisme. La Région Normandie a "
        "apporté 800 000 €, face aux 900 000 € des fonds d'investissement Ouest Capital "
        "Amorçage et Nordia Invest. Le prototype est achevé."
    )
    facts = amounts(mention_extractor, text)
    assert set(facts["900 000 €"].payers) == {"Ouest Capital Amorçage", "Nordia Invest"}
    assert facts["800 000 €"].payers == ("Région Normandie",)


def test_a_public_bank_investing_in_start_ups_under_a_plan_is_a_budget(
    mention_extractor: MentionExtractor,
) -> None:
    text = (
        "Bpifrance investira 2 milliards d'euros supplémentaires dans les start-up de santé dans "
        "le cadre du plan Innovation Santé 2030. Le programme sera déployé sur cinq ans."
    )
    fact = amounts(mention_extractor, text)["2 milliards d'euros"]
    assert fact.role == "public_budget"
    assert fact.programme == "Innovation Santé 2030"
    # a company's own plant stays its investment
    text = (
        "Sanofi va investir 1 milliard d'euros dans une nouvelle usine à Lyon. Le site emploiera "
        "500 personnes."
    )
    assert amounts(mention_extractor, text)["1 milliard d'euros"].role == "investment"


def test_a_company_fallen_into_a_buyers_purse_is_bought(
    mention_extractor: MentionExtractor,
) -> None:
    text = (
        "Sonavia passe sous pavillon américain. En juin 2025, le spécialiste de l'imagerie "
        "Echolys était tombé dans l'escarcelle de l'américain Holvane (pour 35 millions "
        "d'euros) au terme d'un parcours boursier chaotique."
    )
    fact = amounts(mention_extractor, text)["35 millions d'euros"]
    assert fact.role == "acquisition"
    assert fact.recipient == "Echolys"
    assert fact.payers == ("Holvane",)


def test_half_a_billion_in_english_is_money() -> None:
    (found,) = find_amounts("Jetavio has built up more than half a billion euros for biotechs.")
    assert found.value_eur == 500_000_000
    assert found.approx
    assert find_amounts("Half a dozen firms spent half a day on it.") == []


def test_a_manager_closing_its_own_unnamed_fund_raises_it(
    mention_extractor: MentionExtractor,
) -> None:
    text = (
        "La société de gestion Lauxara Partners a bouclé son premier fonds à 260 millions "
        "d'euros, bien au-delà de son objectif initial de 150 millions d'euros. Le fonds "
        "investira dans les medtechs européennes."
    )
    facts = amounts(mention_extractor, text)
    closed, target = facts["260 millions d'euros"], facts["150 millions d'euros"]
    assert (closed.role, closed.recipient, closed.new) == ("equity", "Lauxara Partners", True)
    assert target.new is False  # a target, not money raised
    text = (
        "Medevar Capital a levé 120 millions d'euros pour son nouveau fonds dédié aux "
        "biotechs. Bpifrance et le Fonds européen d'investissement ont souscrit."
    )
    fact = amounts(mention_extractor, text)["120 millions d'euros"]
    assert fact.recipient == "Medevar Capital"
    assert "Medevar Capital" not in fact.payers
    # a company's own equity ("ses fonds propres") is no fund
    text = (
        "Kerlia a renforcé ses fonds propres de 8 millions d'euros auprès de Norvane Invest. "
        "La medtech vise le marché américain."
    )
    assert amounts(mention_extractor, text)["8 millions d'euros"].recipient == "Kerlia"


def test_a_target_reached_is_money_raised(mention_extractor: MentionExtractor) -> None:
    text = (
        "Calvadis boucle sa levée de fonds et atteint son objectif de 5 millions d'euros auprès "
        "de Norvane Invest. Les fonds financeront les essais cliniques."
    )
    assert amounts(mention_extractor, text)["5 millions d'euros"].new is True
    text = (
        "Calvadis boucle sa levée de fonds, bien au-delà de son objectif de 5 millions "
        "d'euros. Les fonds financeront les essais cliniques."
    )
    fact = amounts(mention_extractor, text)["5 millions d'euros"]
    assert fact.new is False
    assert "fund_close" not in fact.why()["role"]  # "sa levée de fonds" is no fund of its own


def test_an_apposition_running_to_that_raised_names_the_taker(
    mention_extractor: MentionExtractor,
) -> None:
    text = (
        "Paris-based Mnemora Therapeutics announced a €75m Series A round on Wednesday, led by "
        "Casdan Capital. The round takes the record from Vadelis, a security startup that "
        "raised a €65m round in 2019."
    )
    fact = amounts(mention_extractor, text)["€65m"]
    assert fact.recipient == "Vadelis"
    assert "Vadelis" not in fact.payers


def test_backers_named_inside_a_list_pay_the_round(mention_extractor: MentionExtractor) -> None:
    text = (
        "Cythelis SA, a Paris-based biopharmaceutical company, has closed a €12m Series D "
        "funding round. The syndicate of investors includes new venture partner Orvane "
        "Entreprises, acting on behalf of the Strategic Growth Fund, and existing backers "
        "Bioam Gestion, Kestrel Capital and Forbion Capital Partners."
    )
    payers = set(amounts(mention_extractor, text)["€12m"].payers)
    assert {"Bioam Gestion", "Kestrel Capital", "Forbion Capital Partners"} <= payers


def test_money_won_at_a_stock_market_listing_is_equity(
    mention_extractor: MentionExtractor,
) -> None:
    text = (
        "The Bordeaux-based biotech Aelira Pharma, which is developing a drug against cannabis "
        "addiction, won 25 million euros when it was listed in November on Euronext Paris. "
        "Few companies have tried their luck since."
    )
    assert amounts(mention_extractor, text)["25 million euros"].role == "equity"
    text = (
        "The Bordeaux-based biotech Aelira Pharma won a 2 million euro innovation prize in "
        "November. Few companies have won it twice."
    )
    assert amounts(mention_extractor, text)["2 million euro"].role == "grant"


def test_a_pillars_bracketed_budget_is_an_envelope(mention_extractor: MentionExtractor) -> None:
    text = (
        "Doté d'une enveloppe totale de 95,5 milliards d'euros, le programme Horizon Europe "
        "soutient des projets collaboratifs. Le pilier Science d'excellence (23,5 milliards "
        "d'euros) finance la recherche fondamentale."
    )
    fact = amounts(mention_extractor, text)["23,5 milliards d'euros"]
    assert fact.role == "public_budget"
    assert fact.recipient is None


def test_a_prize_winner_who_raised_money_took_it_outside_the_prize(
    mention_extractor: MentionExtractor,
) -> None:
    text = (
        "Du côté des lauréats i-Nov, le grand prix est remis à Escalys Technologies qui a levé "
        "3,6 M€ en juin dernier. Dans la même catégorie, on retrouve Midivolt."
    )
    fact = amounts(mention_extractor, text)["3,6 M€"]
    assert fact.recipient == "Escalys Technologies"
    assert fact.programme is None  # the round is not the prize's


def test_a_companys_cash_at_a_date_is_no_new_money(mention_extractor: MentionExtractor) -> None:
    text = (
        "Curalis disposait d'une trésorerie de 12 millions d'euros au 30 juin, qui lui permet "
        "de financer ses activités jusqu'en 2027. La société prépare une levée de fonds."
    )
    fact = amounts(mention_extractor, text)["12 millions d'euros"]
    assert (fact.role, fact.new) == ("other", False)


def test_the_form_a_financing_takes_is_told_after(mention_extractor: MentionExtractor) -> None:
    text = (
        "Pixalis se finance aussi. La société a mis en place un financement de 10 M€ sur 30 "
        "mois avec Select Growth Fund. Il prend la forme d'obligations remboursables en actions."
    )
    assert amounts(mention_extractor, text)["10 M€"].role == "loan"
    text = (
        "Pixalis se finance aussi. La société a mis en place un financement de 10 M€ sur 30 "
        "mois avec Select Growth Fund. Il servira à recruter."
    )
    assert amounts(mention_extractor, text)["10 M€"].role != "loan"


def test_a_name_money_is_invested_into_is_a_company(mention_extractor: MentionExtractor) -> None:
    text = (
        "Kestrel Ventures a investi 3 millions d'euros dans Orthovia, spécialiste des implants "
        "connectés. La société compte 20 salariés."
    )
    assert amounts(mention_extractor, text)["3 millions d'euros"].recipient == "Orthovia"
    # a town after "à" stays a place
    found = organisations(
        mention_extractor,
        "Installée à Villeurbanne, spécialisée dans les implants, la start-up recrute.",
    )
    assert "Villeurbanne" not in found
