"""Shapes found in the eighteenth pass, on the outsiders' tuned sets: a contract priced with
its phase between ("a £750,000 Phase 2 development contract"), an agency whose name says
"Projects" awarding one company a contract, repayable advances said short ("bénéficient
d'avances"), a funder's contribution told with its parts, the round an extension belongs to
("4 M€ de sa série A"), a financing a company closes ("a bouclé un financement"), what a buyer
pays at closing, "la société" in the news of its takeover, a founding aside before the company
a stand-in speaks of, a title's bet ("X mise 440 M€ sur Y"), laureates in a bulleted list, a
drug's "lead programme", crowdfunding, a consortium "coordonné par" a named body, and the lab a
company was spun out of, money "collecté auprès" of an investor or of donors, a company's
description in brackets, a fund's ticket sizes, money raised via a convertible loan, a total
"bringing it to", and money invested "in X's equity". Sentences
written for these tests (invented names), each beside a near one the rule leaves alone.
Published on 10 November."""

from __future__ import annotations

from fact_texts import amounts

from scanner.nlp.mentions import MentionExtractor


def test_a_contract_priced_with_its_phase_between_is_a_contract(
    mention_extractor: MentionExtractor,
) -> None:
    text = (
        "Dellham Health, a Leeds-based start-up, has been awarded a £750,000 Phase 2 "
        "development contract to build its triage tool."
    )
    assert amounts(mention_extractor, text)["£750,000"].role == "contract"
    # a phase before a grant leaves the grant alone
    text = "Dellham Health has received a £750,000 Phase 2 development grant from Innovate UK."
    assert amounts(mention_extractor, text)["£750,000"].role == "grant"


def test_a_name_saying_projects_is_no_list_of_projects(
    mention_extractor: MentionExtractor,
) -> None:
    text = (
        "The Advanced Research Projects Agency for Health (ARPA-H) has awarded Norvane Bio a "
        "contract worth up to $30 million to develop kidney tissue."
    )
    fact = amounts(mention_extractor, text)["$30 million"]
    assert (fact.role, fact.recipient) == ("contract", "Norvane Bio")
    # projects really listed still share the money
    text = "Innovate UK has shared £3 million between twelve projects in digital pathology."
    assert amounts(mention_extractor, text)["£3 million"].recipient is None


def test_repayable_advances_said_short_are_loans(mention_extractor: MentionExtractor) -> None:
    text = (
        "Trois entreprises bénéficient déjà d'avances de la Région Occitanie : Garonne "
        "Medical, qui imprime des cupules de hanche (800 000 euros), et Thau Bioservices, "
        "sous-traitant en bioproduction (1,1 M€)."
    )
    facts = amounts(mention_extractor, text)
    assert facts["800 000 euros"].role == "loan"
    assert facts["800 000 euros"].recipient == "Garonne Medical"
    assert facts["1,1 M€"].recipient == "Thau Bioservices"
    # a lead of two years is no money
    text = "Avec une avance de deux ans, la medtech Corvane lève 5 M€ auprès de Go Capital."
    assert amounts(mention_extractor, text)["5 M€"].role == "equity"


def test_a_funders_contribution_told_with_its_parts_stays_its_grant(
    mention_extractor: MentionExtractor,
) -> None:
    text = (
        "Le projet du CHU de Limoges représente 20 M€. L'ARS Nouvelle-Aquitaine y contribue à "
        "hauteur de 6 M€, dont 2,5 M€ au titre du Ségur du numérique en santé."
    )
    assert amounts(mention_extractor, text)["6 M€"].role == "grant"
    # a project's total with its funded parts is still the spender's investment
    text = (
        "Le CHU de Limoges engage un projet de 6 M€, dont 2,5 M€ apportés par l'ARS "
        "Nouvelle-Aquitaine."
    )
    assert amounts(mention_extractor, text)["6 M€"].role == "investment"


def test_an_extension_of_its_round_is_equity(mention_extractor: MentionExtractor) -> None:
    text = (
        "La biotech Aubrane annonce une extension de 4 M€ de sa série A, souscrite auprès de "
        "Kreaxi."
    )
    assert amounts(mention_extractor, text)["4 M€"].role == "equity"
    # a building's extension is still money spent on it
    text = "Le laboratoire Vernis engage une extension de 4 M€ de son usine de Lyon."
    assert amounts(mention_extractor, text)["4 M€"].role == "investment"


def test_a_financing_a_company_closes_is_a_round(mention_extractor: MentionExtractor) -> None:
    text = "La biotech Selvane a bouclé un financement de 3 M€ pour lancer son essai clinique."
    assert amounts(mention_extractor, text)["3 M€"].role == "equity"
    # a financing obtained from a public bank stays its grant
    text = "La biotech Selvane a obtenu un financement de 3 M€ de Bpifrance."
    assert amounts(mention_extractor, text)["3 M€"].role == "grant"


def test_what_a_buyer_pays_at_closing_is_the_takeovers_price(
    mention_extractor: MentionExtractor,
) -> None:
    text = (
        "Nodal Health has agreed to acquire Kerlann Imaging for about $85 million. Under the "
        "terms of the agreement, Nodal will pay $60 million at closing, with the remainder "
        "tied to reimbursement milestones."
    )
    fact = amounts(mention_extractor, text)["$60 million"]
    assert (fact.role, fact.recipient) == ("acquisition", "Kerlann Imaging")
    # a licence's payment at signing stays the licence's
    text = (
        "Sakurada Pharmaceutical acquires the rights to Theranyx's antibody. Sakurada will pay "
        "$30 million at signing under the licence agreement."
    )
    assert amounts(mention_extractor, text)["$30 million"].role == "contract"


def test_the_company_in_the_news_of_its_takeover_is_the_bought_one(
    mention_extractor: MentionExtractor,
) -> None:
    text = (
        "Le groupe Kalmeyer Medizintechnik s'offre Saint-Aubin Diagnostics pour 120 M€\n\n"
        "Le fabricant allemand Kalmeyer Medizintechnik a signé un accord pour acquérir "
        "Saint-Aubin Diagnostics, PME angevine des tests moléculaires. Les actionnaires "
        "historiques cèdent l'intégralité de leurs titres. La société avait levé 7 M€ en 2019 "
        "auprès d'Ouest Croissance Santé."
    )
    assert amounts(mention_extractor, text)["7 M€"].recipient == "Saint-Aubin Diagnostics"


def test_a_founding_aside_does_not_hide_the_company_a_stand_in_speaks_of(
    mention_extractor: MentionExtractor,
) -> None:
    text = (
        "L'AP-HM confie le tri des urgences à Sémaphore Santé\n\n"
        "L'AP-HM a attribué à la start-up Sémaphore Santé un marché de 3,2 M€ sur quatre ans. "
        "Fondée en 2022, Sémaphore Santé emploie 30 personnes. Elle avait bouclé en mars une "
        "levée de 5,5 M€."
    )
    assert amounts(mention_extractor, text)["5,5 M€"].recipient == "Sémaphore Santé"


def test_the_company_bet_on_in_a_title_is_the_one_paid(
    mention_extractor: MentionExtractor,
) -> None:
    text = (
        "Sakurada Pharmaceutical mise jusqu'à 440 M€ sur l'anticorps de Théranyx\n\n"
        "La biotech strasbourgeoise Théranyx a cédé à Sakurada Pharmaceutical les droits "
        "mondiaux de THX-07. Le laboratoire japonais versera 30 M€ à la signature."
    )
    assert amounts(mention_extractor, text)["30 M€"].recipient == "Théranyx"
    # a title whose company takes the money keeps it as the article's subject
    text = (
        "Théranyx lève 30 M€ auprès de Sakurada Pharmaceutical\n\n"
        "La biotech strasbourgeoise a bouclé sa série B. L'an dernier, la société a réalisé "
        "2 M€ de chiffre d'affaires."
    )
    assert amounts(mention_extractor, text)["2 M€"].recipient == "Théranyx"


def test_a_laureate_endowed_in_a_list_gets_a_grant_its_bearer_takes(
    mention_extractor: MentionExtractor,
) -> None:
    text = (
        "Le gouvernement a désigné les lauréats de l'appel à projets « Lieux d'essai en santé "
        "2026 », opéré par Bpifrance.\n\nParmi les lauréats :\n"
        "– le lieu d'essai porté par le CHU de Caen et la Région Normandie, doté de 3,1 M€ ;\n"
        "– Autonomie Lab Vosges, qui reçoit 2,5 M€."
    )
    fact = amounts(mention_extractor, text)["3,1 M€"]
    assert (fact.role, fact.recipient) == ("grant", "CHU de Caen")
    # a contest endowed as a whole keeps its envelope
    text = (
        "Les Pays de la Loire comptent trois lauréats : Néphroline, qui obtient 450 000 euros, "
        "et Lumino'Derm. Opérée par Bpifrance, l'édition 2026 du concours était dotée de 80 M€."
    )
    assert amounts(mention_extractor, text)["80 M€"].role == "public_budget"


def test_a_drugs_lead_programme_is_no_budget(mention_extractor: MentionExtractor) -> None:
    text = (
        "Kelpie Biologics has closed a £12m Series A and won a £3m grant. The combined £15m "
        "will take Kelpie's lead programme through a first-in-human study."
    )
    assert amounts(mention_extractor, text)["£15m"].role != "public_budget"
    # a programme's own money is its envelope
    text = "The new programme, worth £12m over three years, opens to start-ups in March."
    assert amounts(mention_extractor, text)["£12m"].role == "public_budget"


def test_crowdfunding_is_a_round_not_a_platform_bought(
    mention_extractor: MentionExtractor,
) -> None:
    text = (
        "Levées de la semaine\n\nVeilline (Paris) : 950 k€ via la plateforme de financement "
        "participatif WiSEED. Détection des chutes par capteurs radar."
    )
    fact = amounts(mention_extractor, text)["950 k€"]
    assert (fact.role, fact.recipient) == ("equity", "Veilline")
    # a platform built is still money spent
    text = "Le CHU de Caen investit 950 k€ dans une plateforme de séquençage."
    assert amounts(mention_extractor, text)["950 k€"].role == "investment"


def test_a_consortium_coordinated_by_a_named_body_is_that_body(
    mention_extractor: MentionExtractor,
) -> None:
    text = (
        "L'Institut national du cancer (INCa) a retenu sept projets pour 9 M€. Le projet porté "
        "par Gustave Roussy reçoit 1,8 M€. Le consortium coordonné par l'Institut Curie obtient "
        "1,4 M€ pour un programme d'immunothérapie."
    )
    facts = amounts(mention_extractor, text)
    assert facts["1,4 M€"].recipient == "Institut Curie"
    assert facts["1,8 M€"].recipient == "Gustave Roussy"


def test_the_lab_a_company_was_spun_out_of_is_no_taker(
    mention_extractor: MentionExtractor,
) -> None:
    text = (
        "Calvane AI closes €6m seed round\n\n"
        "Calvane AI, a Marseille-based start-up, has closed a €6m seed round led by Frst. "
        "The company was spun out of Aix-Marseille Université in 2024 and previously raised "
        "€800,000 from business angels."
    )
    assert amounts(mention_extractor, text)["€800,000"].recipient == "Calvane AI"


def test_money_gathered_from_investors_is_a_round_and_from_donors_a_gift(
    mention_extractor: MentionExtractor,
) -> None:
    text = (
        "Alvane, une plate-forme d'accès aux soins, a de son côté collecté 50 millions d'euros "
        "auprès du singapourien Temasek."
    )
    fact = amounts(mention_extractor, text)["50 millions d'euros"]
    assert (fact.role, fact.recipient) == ("equity", "Alvane")
    text = (
        "La fondation hospitalière avait collecté 41 M€ auprès de plus de 60 000 donateurs "
        "particuliers."
    )
    assert amounts(mention_extractor, text)["41 M€"].role != "equity"
    text = "Premier de la classe, Glimmer a glané 27 millions d'euros cette année."
    assert amounts(mention_extractor, text)["27 millions d'euros"].role == "equity"


def test_what_a_company_does_in_brackets_gives_no_role(
    mention_extractor: MentionExtractor,
) -> None:
    text = (
        "Premier de la classe, Glimmer (aide au diagnostic) a glané 27 millions, son suivant "
        "Inatek (plateforme de recrutement pour des essais) un peu plus de 18 millions."
    )
    facts = amounts(mention_extractor, text)
    assert facts["27 millions"].role != "grant"
    assert facts["un peu plus de 18 millions"].role != "investment"
    # an aid named outside the brackets is still a grant
    text = "Glimmer (radiologie) a obtenu une aide de 2 millions d'euros de la Région."
    assert amounts(mention_extractor, text)["2 millions d'euros"].role == "grant"


def test_a_funds_ticket_sizes_are_no_news(mention_extractor: MentionExtractor) -> None:
    text = (
        "Le fonds Patient Sûr de Bpifrance a été créé en 2017. Patient Sûr émet des tickets "
        "de 0,5 à 2 millions d'euros."
    )
    assert amounts(mention_extractor, text)["de 0,5 à 2 millions d'euros"].new is False
    # one ticket put into a company is news
    text = "Bpifrance prend un ticket de 2 millions d'euros dans la biotech Ovalys."
    assert amounts(mention_extractor, text)["2 millions d'euros"].new is True


def test_money_raised_through_a_convertible_loan_is_a_loan(
    mention_extractor: MentionExtractor,
) -> None:
    text = (
        "Cardiovane AS raised $13 million in fresh capital via a convertible loan agreement to "
        "develop its mitral valve repair device."
    )
    assert amounts(mention_extractor, text)["$13 million"].role == "loan"
    # a round raised through a named fund stays a round
    text = "Cardiovane AS raised $13 million via its Series A led by Go Capital."
    assert amounts(mention_extractor, text)["$13 million"].role == "equity"


def test_a_total_brought_to_by_a_round_is_no_news(mention_extractor: MentionExtractor) -> None:
    text = (
        "Tyvo Care Ltd. nabbed $50 million in an oversubscribed round. The new cash nearly "
        "doubles the company's total funding, bringing it to $105 million."
    )
    facts = amounts(mention_extractor, text)
    assert facts["$105 million"].new is False
    assert facts["$50 million"].new is True


def test_money_invested_in_a_companys_equity_is_equity(
    mention_extractor: MentionExtractor,
) -> None:
    text = "In addition, Merck is investing another $100 million in Ornale's equity."
    assert amounts(mention_extractor, text)["$100 million"].role == "equity"
