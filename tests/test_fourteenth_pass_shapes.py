"""Shapes found in the fourteenth pass, on real news read through the search tool: a perfect
tense dated to the news ("L'État a apporté vendredi", "Dans le même temps, elle a procédé à"),
a fall said as a range ("passé de 7 à 4 millions"), a figure said alone then named ("60
millions d'euros. C'est le montant de …"), "augmentation du capital", what a company is in an
apposition ("X, une plateforme de …, a …"), a lower-case name kept whole ("la Mutuelle
d'assurances du …"), a title's backer ("CARB-X backs Y"), a programme's owner ("Innosuisse's
Swiss Accelerator"), English double objects ("has awarded Kelpie a £3m grant"), a giver
before its verb ("la CNSA en cofinance"), a company word with an aside ("La jeune pousse,
créée par … du CNRS, avait réuni"), prizes a bank pays for. Sentences written for these tests
(invented names), each beside a near one the rule leaves alone."""

from __future__ import annotations

from fact_texts import amounts, organisations

from scanner.nlp.amounts import find_amounts
from scanner.nlp.facts.text import sentences
from scanner.nlp.mentions import MentionExtractor


def test_a_perfect_dated_to_the_news_is_new(mention_extractor: MentionExtractor) -> None:
    lead = "Kerlann Medical lève 12 M€ auprès d'Ardanne Capital pour son scanner portable. "
    for said in (
        "Dans le même temps, elle a procédé à une augmentation de capital de 3 M€.",
        "Elle a obtenu le 4 novembre une subvention de 3 M€ de la Région Bretagne.",
        "Elle a obtenu vendredi une subvention de 3 M€ de la Région Bretagne.",
    ):
        assert amounts(mention_extractor, lead + said)["3 M€"].new is True, said
    # the same perfect with no date of the news stays history, and so does a date of spring
    for said in (
        "Elle a obtenu une subvention de 3 M€ de la Région Bretagne.",
        "Elle a obtenu le 4 avril une subvention de 3 M€ de la Région Bretagne.",
        # an aside keeps its own time: "En parallèle" dates the main clause
        "En parallèle, Marveil Bio, qui a obtenu 3 M€ en juillet, recrute.",
    ):
        assert amounts(mention_extractor, lead + said)["3 M€"].new is False, said


def test_a_fall_is_no_range() -> None:
    (found,) = find_amounts("Le ticket médian est passé de 7 à 4 millions d'euros.")
    assert found.value_eur == 4_000_000 and found.high_eur is None
    (found,) = find_amounts("Le tour visé est de 7 à 9 millions d'euros.")
    assert (found.value_eur, found.high_eur) == (7_000_000, 9_000_000)
    (found,) = find_amounts("Un ticket entre 300 000 et 2 millions d'euros.")
    assert (found.value_eur, found.high_eur) == (300_000, 2_000_000)


def test_a_figure_said_alone_then_named(mention_extractor: MentionExtractor) -> None:
    text = (
        "Marveil Bio ouvre son capital\n\n60 millions d'euros. C'est le montant de "
        "l'augmentation du capital de Marveil Bio, souscrite par Ardanne Capital."
    )
    assert len(sentences(text)) == 2  # the title, then the figure with its naming sentence
    fact = amounts(mention_extractor, text)["60 millions d'euros"]
    assert (fact.role, fact.recipient) == ("equity", "Marveil Bio")
    # a figure alone followed by another sentence stays alone
    text = "Marveil Bio ouvre son capital\n\n60 millions d'euros. Marveil Bio recrute."
    assert len(sentences(text)) == 3


def test_what_a_company_is_names_no_money(mention_extractor: MentionExtractor) -> None:
    text = (
        "Kerlann, une plateforme de téléconsultation, a de son côté réuni 50 millions "
        "d'euros auprès d'Ardanne Capital."
    )
    assert amounts(mention_extractor, text)["50 millions d'euros"].role != "investment"
    text = "Kerlann Medical a financé une plateforme de bioproduction de 50 millions d'euros."
    assert amounts(mention_extractor, text)["50 millions d'euros"].role == "investment"


def test_a_lower_case_name_after_its_head_word(mention_extractor: MentionExtractor) -> None:
    text = (
        "Kerlann Medical a réuni 25 millions d'euros auprès d'Ardanne Capital et de la "
        "Mutuelle d'assurances du corps de santé français."
    )
    assert "Mutuelle d'assurances du corps de santé français" in organisations(
        mention_extractor, text
    )


def test_a_hotel_dieu_is_a_hospital(mention_extractor: MentionExtractor) -> None:
    text = "L'Hôtel-Dieu de Vernaison vient de s'équiper d'un robot chirurgical."
    assert "Hôtel-Dieu de Vernaison" in organisations(mention_extractor, text)


def test_a_title_backer_is_no_protagonist(mention_extractor: MentionExtractor) -> None:
    text = (
        "Brackwell Trust backs French sensor maker Kerlann Medical\n\n"
        "Brackwell Trust has committed $4 million to Kerlann Medical. The company could "
        "receive up to an additional $2 million next year."
    )
    assert amounts(mention_extractor, text)["$2 million"].recipient == "Kerlann Medical"
    # a title whose first name takes the money keeps it as the protagonist
    text = (
        "Kerlann Medical raises $4 million from Brackwell Trust\n\n"
        "Kerlann Medical has raised $4 million. The company could receive up to an "
        "additional $2 million next year."
    )
    assert amounts(mention_extractor, text)["$2 million"].recipient == "Kerlann Medical"


def test_a_programme_owner_pays_through_it(mention_extractor: MentionExtractor) -> None:
    text = (
        "Kerlann Optics wins Swiss support\n\n"
        "Kerlann Optics, a spin-off from the University of Vernaison developing a retinal "
        "imager for pharmacies, has won the final of the Rhône Prize, taking home CHF 150,000. "
        "The start-up has also been selected for Innosuisse's Swiss Accelerator programme, "
        "which will provide up to CHF 1.1 million in non-dilutive funding."
    )
    facts = amounts(mention_extractor, text)
    assert facts["CHF 150,000"].recipient == "Kerlann Optics"
    assert "University of Vernaison" not in facts["CHF 150,000"].payers
    assert facts["CHF 1.1 million"].recipient == "Kerlann Optics"


def test_english_gives_twice(mention_extractor: MentionExtractor) -> None:
    text = "Scottish Enterprise has awarded Kelpie Biologics a £3m research grant."
    fact = amounts(mention_extractor, text)["£3m"]
    assert (fact.recipient, fact.payers) == ("Kelpie Biologics", ("Scottish Enterprise",))
    # beside a round, a grant named after its amount stays a grant
    text = (
        "Kelpie Biologics has closed a £12m Series A led by Firth Ventures. Alongside the "
        "round, Scottish Enterprise has awarded the company a £3m research grant."
    )
    fact = amounts(mention_extractor, text)["£3m"]
    assert (fact.role, fact.recipient) == ("grant", "Kelpie Biologics")


def test_a_giver_before_its_verb_receives_nothing(mention_extractor: MentionExtractor) -> None:
    text = (
        "Le Conseil départemental du Cantal a retenu Marvel Télésanté pour équiper ses Ehpad. "
        "Le contrat s'élève à 780 000 euros. La Caisse nationale de solidarité pour "
        "l'autonomie (CNSA) en cofinance 300 000 euros."
    )
    fact = amounts(mention_extractor, text)["300 000 euros"]
    assert fact.recipient != "CNSA"


def test_a_company_word_with_an_aside(mention_extractor: MentionExtractor) -> None:
    text = (
        "Fièvres : l'Institut Vernaison finance un test rapide\n\n"
        "L'Institut Vernaison attribue 2,6 M€ au consortium Trop, qui associe Lagune "
        "Diagnostics. Lagune Diagnostics en recevra 900 000 euros. La jeune pousse, créée en "
        "2023 par d'anciens chercheurs du CNRS, avait réuni 2 M€ auprès de Garrigue Ventures."
    )
    assert amounts(mention_extractor, text)["2 M€"].recipient == "Lagune Diagnostics"


def test_a_prize_a_bank_pays_for_is_a_grant(mention_extractor: MentionExtractor) -> None:
    text = (
        "Le concours Santé Vernaison a récompensé trois jeunes entreprises. Sont primées : "
        "Vosges Biomatériaux, pour un substitut osseux (80 000 euros) ; et Nancéa Santé, pour "
        "une plateforme de réadaptation (45 000 euros). Les prix sont financés par la Banque "
        "Populaire Vernaison."
    )
    facts = amounts(mention_extractor, text)
    assert facts["80 000 euros"].role == "grant"
    assert facts["80 000 euros"].recipient == "Vosges Biomatériaux"


def test_obtient_takes_money(mention_extractor: MentionExtractor) -> None:
    # "obt[ei]n" matched "obtenu" but never "obtient": the verb of half the grant news
    text = (
        "Le plan régional soutient l'amorçage. Les premiers bénéficiaires sont Pyxis Santé, "
        "à Clermont-Ferrand, qui reçoit 750 000 euros, et Neurovia Therapeutics, à Grenoble, qui obtient "
        "une avance remboursable de 400 000 euros."
    )
    facts = amounts(mention_extractor, text)
    assert facts["750 000 euros"].recipient == "Pyxis Santé"
    assert facts["400 000 euros"].recipient == "Neurovia Therapeutics"


def test_the_relative_clause_of_a_list_item(mention_extractor: MentionExtractor) -> None:
    text = (
        "Parmi les lauréats : Autonomie Lab Vernaison, consortium piloté par la Mutualité "
        "Française Vernaison, qui reçoit 3,5 M€."
    )
    fact = amounts(mention_extractor, text)["3,5 M€"]
    assert fact.recipient == "Autonomie Lab Vernaison"
    # the name the relative hangs from, past a place
    text = "Parmi les lauréats figure Kerlann Medical, à Brest, qui reçoit 3,5 M€."
    assert amounts(mention_extractor, text)["3,5 M€"].recipient == "Kerlann Medical"


def test_a_company_word_after_an_opening_phrase(mention_extractor: MentionExtractor) -> None:
    text = (
        "Vernaison : onze projets retenus par l'ARS\n\n"
        "L'ARS Vernaison a dévoilé les onze lauréats de son appel à projets, doté de 3,2 "
        "millions d'euros. Hippocamp Santé, qui détecte les rechutes dépressives, percevra "
        "380 000 euros. Membre du pôle de compétitivité Eurobiomed, la jeune entreprise avait "
        "levé 1,1 M€ en 2025 auprès de Garonne Invest."
    )
    facts = amounts(mention_extractor, text)
    assert facts["380 000 euros"].role == "grant"
    assert facts["1,1 M€"].recipient == "Hippocamp Santé"


def test_bare_millions_after_a_verb_of_money() -> None:
    found = find_amounts(
        "Gleamer a glané 27 millions, son suivant Inato un peu plus de 18 millions."
    )
    assert [(a.text, a.value_eur) for a in found] == [
        ("27 millions", 27_000_000),
        ("un peu plus de 18 millions", 18_000_000),
    ]
    assert find_amounts("La société a levé 12 millions.")[0].value_eur == 12_000_000
    # millions of people, of visitors: counts, whatever the verb
    assert find_amounts("La campagne a touché 27 millions de personnes.") == []
    assert find_amounts("Le site a reçu 3 millions de visiteurs.") == []
    assert find_amounts("Le laboratoire compte 3 millions de tests.") == []


def test_gleaned_money_has_a_taker(mention_extractor: MentionExtractor) -> None:
    text = "En imagerie, Kerlann Medical a glané 27 M€ auprès d'Ardanne Capital."
    fact = amounts(mention_extractor, text)["27 M€"]
    assert fact.recipient == "Kerlann Medical"


def test_the_operator_not_the_organiser_pays(mention_extractor: MentionExtractor) -> None:
    text = (
        "Concours Vernaison 2026 : quatorze lauréats\n\n"
        "Le palmarès du concours Vernaison 2026, organisé par le ministère de la Santé et "
        "opéré par Bpifrance, a été dévoilé mardi. Les quatorze lauréats se partagent plus de "
        "7 M€, sur une enveloppe globale de 21 M€."
    )
    assert amounts(mention_extractor, text)["21 M€"].payers == ("Bpifrance",)
    # without an operator named after its cue, who runs the call is still read before it
    text = (
        "Concours Vernaison 2026 : quatorze lauréats\n\n"
        "Bpifrance, qui opère le concours Vernaison 2026, a dévoilé mardi le palmarès. Les "
        "quatorze lauréats se partagent plus de 7 M€, sur une enveloppe globale de 21 M€."
    )
    assert amounts(mention_extractor, text)["21 M€"].payers == ("Bpifrance",)


def test_spending_counted_worldwide_is_a_market(mention_extractor: MentionExtractor) -> None:
    text = (
        "Brackwell Research estimates that spending on remote monitoring reached $3.4 billion "
        "worldwide in 2025 and will grow to about $9 billion by 2030."
    )
    facts = amounts(mention_extractor, text)
    assert facts["$3.4 billion"].role == "market"
    assert facts["about $9 billion"].role == "market"
    # a hospital's own bill stays a cost
    text = "Le traitement coûte 320 000 € par patient au CHU de Vernaison."
    assert amounts(mention_extractor, text)["320 000 €"].role == "cost"
