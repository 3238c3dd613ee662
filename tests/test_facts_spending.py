"""Funding facts, the kind of money from what it pays for: a trial's or a lab's cost and a
project's own budget are investments (`trial_cost`, `project_budget`), the price in a takeover
is the acquisition (`takeover_price`), a valuation is no money paid (`valuation`) but as new as
its deal (`deal_valuation`), and a trial's estimated cost is a forecast (`planned_trial`).
Each with a near sentence the rule must leave alone.

Sentences written for these tests (invented organisations), through the real mention stage.
"""

from __future__ import annotations

from fact_texts import amounts

from scanner.nlp.mentions import MentionExtractor


def test_an_estimated_trial_cost_is_a_planned_investment(
    mention_extractor: MentionExtractor,
) -> None:
    text = (
        "Hépatologie : Brunelle Bio prépare sa phase 2\n\n"
        "La biotech Brunelle Bio prévoit de lancer en 2027 un essai de phase 2 dont le coût est "
        "estimé à 14 M€."
    )
    f = amounts(mention_extractor, text)["14 M€"]
    assert f.role == "investment" and f.why()["role"] == "rule:trial_cost"
    assert f.new is False and f.why()["new"] == "rule:planned_trial"


def test_a_laboratory_cost_is_an_investment(mention_extractor: MentionExtractor) -> None:
    text = (
        "Genomics start-up Harlow Seq raises £20m\n\n"
        "Harlow Seq said the proceeds would fund a second sequencing laboratory in Leeds, "
        "costing about £9m."
    )
    f = amounts(mention_extractor, text)["about £9m"]
    assert f.role == "investment" and f.why()["role"] == "rule:trial_cost"


def test_a_study_cost_paid_by_the_insurance_stays_a_cost(
    mention_extractor: MentionExtractor,
) -> None:
    text = (
        "Rééducation : une étude nationale\n\n"
        "Le coût de l'étude pris en charge par l'Assurance maladie est estimé à 2,1 millions "
        "d'euros."
    )
    f = amounts(mention_extractor, text)["2,1 millions d'euros"]
    assert f.why()["role"] != "rule:trial_cost" and f.role != "investment"


def test_a_project_budget_is_an_investment(mention_extractor: MentionExtractor) -> None:
    text = (
        "Sclérose en plaques : un essai européen\n\n"
        "L'étude recrutera 200 patients dans dix centres. Le budget de l'essai atteint 7,2 M€."
    )
    f = amounts(mention_extractor, text)["7,2 M€"]
    assert f.role == "investment" and f.why()["role"] == "rule:project_budget"


def test_a_call_budget_stays_an_envelope(mention_extractor: MentionExtractor) -> None:
    text = (
        "Santé numérique : un nouvel appel\n\n"
        "L'agence régionale ouvre un appel à candidatures. Le budget de l'appel atteint 7,2 M€."
    )
    f = amounts(mention_extractor, text)["7,2 M€"]
    assert f.role == "public_budget" and f.why()["role"] != "rule:project_budget"


def test_a_purchase_price_is_the_acquisition(mention_extractor: MentionExtractor) -> None:
    text = (
        "Orvane Medical to acquire Tidewell Spine\n\n"
        "Orvane Medical announced an agreement to acquire Tidewell Spine LLC for $90 million. "
        "The purchase price comprises $70 million payable in cash at closing and $20 million "
        "in deferred consideration."
    )
    f = amounts(mention_extractor, text)
    assert f["$70 million"].role == "acquisition"
    assert f["$70 million"].why()["role"] == "rule:takeover_price"


def test_a_product_price_without_a_takeover_stays_a_cost(
    mention_extractor: MentionExtractor,
) -> None:
    text = (
        "Orvane Medical launches its spine implant\n\n"
        "Orvane Medical said the list price of its implant is $7,000 in the United States."
    )
    f = amounts(mention_extractor, text)["$7,000"]
    assert f.role == "cost" and f.why()["role"] != "rule:takeover_price"


def test_a_valuation_is_other_and_new_with_its_round(
    mention_extractor: MentionExtractor,
) -> None:
    text = (
        "Kerlys lève 8 M€\n\n"
        "La medtech Kerlys lève 8 M€ auprès de Breizh Capital. L'opération valorise la "
        "start-up rennaise, spécialiste des capteurs connectés, à 40 M€ après l'augmentation de "
        "capital."
    )
    f = amounts(mention_extractor, text)
    assert f["40 M€"].role == "other" and f["40 M€"].why()["role"] == "rule:valuation"
    assert f["40 M€"].new is True and f["40 M€"].why()["new"] == "rule:deal_valuation"
    assert f["40 M€"].payers == () and f["40 M€"].recipient is None  # no money paid
    assert f["8 M€"].role == "equity"


def test_valorisation_in_a_name_is_no_valuation(mention_extractor: MentionExtractor) -> None:
    text = (
        "Normandie : le pass innovation reconduit\n\n"
        "Le pass innovation, géré par Normandie Valorisation Santé, est reconduit avec une "
        "enveloppe de 2,5 millions d'euros."
    )
    f = amounts(mention_extractor, text)["2,5 millions d'euros"]
    assert f.role == "public_budget" and f.why()["role"] != "rule:valuation"


def test_money_the_eib_gives_is_a_loan(mention_extractor: MentionExtractor) -> None:
    text = (
        "Imagerie : Kervel obtient 12 millions d'euros de la BEI\n\n"
        "La start-up Kervel SA obtient 12 millions d'euros de la BEI pour son logiciel de "
        "détection des fractures."
    )
    f = amounts(mention_extractor, text)["12 millions d'euros"]
    assert f.role == "loan"


def test_money_a_region_gives_stays_a_grant(mention_extractor: MentionExtractor) -> None:
    text = (
        "Imagerie : Kervel obtient 1,2 million d'euros de la Région Bretagne\n\n"
        "La start-up Kervel SA obtient 1,2 million d'euros de la Région Bretagne pour son "
        "logiciel de détection des fractures."
    )
    f = amounts(mention_extractor, text)["1,2 million d'euros"]
    assert f.role == "grant" and f.why()["role"] != "rule:lender_money"


def test_the_drawn_part_of_a_loan_is_a_loan(mention_extractor: MentionExtractor) -> None:
    text = (
        "Lupus: Arvelle raises €60m\n\n"
        "Arvelle secured a €10m venture loan from Rhône Crédit Santé in 2025, of which €6m has "
        "been drawn so far."
    )
    f = amounts(mention_extractor, text)["€6m"]
    assert f.role == "loan" and f.why()["role"] == "rule:part_of_loan"


def test_the_funded_part_of_a_programme_stays_a_grant(
    mention_extractor: MentionExtractor,
) -> None:
    text = (
        "Pathology: a European project\n\n"
        "The project has a total cost of €20m, of which €8m comes from the Innovative Health "
        "Initiative."
    )
    f = amounts(mention_extractor, text)["€8m"]
    assert f.role == "grant" and f.why()["role"] != "rule:part_of_loan"


def test_an_amount_before_trial_is_its_investment(mention_extractor: MentionExtractor) -> None:
    text = (
        "Opaline starts its Phase 2\n\n"
        "The €12 million trial is funded from the company's €30 million Series B."
    )
    f = amounts(mention_extractor, text)
    assert f["€12 million"].role == "investment" and f["€30 million"].role == "equity"


def test_money_of_unknown_kind_can_be_news(mention_extractor: MentionExtractor) -> None:
    text = (
        "Cancers de l'enfant : l'Institut Kerlan retient sept projets pour 9 M€\n\n"
        "L'Institut Kerlan a dévoilé mardi les sept projets retenus."
    )
    f = amounts(mention_extractor, text)["9 M€"]
    assert f.why()["role"] == "rule:no_cue" and f.new is True


def test_a_goal_of_unknown_kind_is_no_news(mention_extractor: MentionExtractor) -> None:
    text = (
        "Fonds : Jasmin Partners réalise un premier closing\n\n"
        "Jasmin Partners a annoncé un premier closing pour Jasmin Santé II. L'objectif est fixé "
        "à 250 M€ d'ici fin 2027."
    )
    f = amounts(mention_extractor, text)["250 M€"]
    assert f.why()["role"] == "rule:no_cue"
    assert f.new is False and f.why()["new"] == "rule:unnamed_forecast"


def test_yearly_spending_of_unknown_kind_is_no_news(
    mention_extractor: MentionExtractor,
) -> None:
    text = (
        "Heart failure start-up Corrin raises money\n\n"
        "The NHS spends more than £3bn a year on heart failure care."
    )
    f = amounts(mention_extractor, text)["more than £3bn"]
    assert f.new is False and f.why()["new"] == "rule:unnamed_forecast"
