"""Shapes found in the twelfth pass: English hospitals named after a founder or a saint, a
French regional council written in lower case when it acts, money "given" in English or
"attribuée à" a named company, a programme's grant beside a round, "combined with" ending an
English role noun, money from investment funds, a programme name that stops before a number.
Sentences written for these tests (invented names), each beside a near one the rule leaves
alone."""

from __future__ import annotations

from pathlib import Path

from fact_texts import amounts, organisations

from scanner.nlp.gazetteer import Gazetteer
from scanner.nlp.mentions import MentionExtractor
from scanner.nlp.programmes import find_programmes

ROOT = Path(__file__).resolve().parents[1] / "models" / "gazetteer"
GAZ = Gazetteer.load(ROOT / "programmes.jsonl", ROOT / "organisations.jsonl")


def test_a_hospital_named_after_its_founder_or_a_person(
    mention_extractor: MentionExtractor,
) -> None:
    text = (
        "Wrenfield Health will test its sensor at Addenbrooke's Hospital and at St Mary's "
        "Hospital. It also works with Oxford's John Radcliffe Hospital."
    )
    orgs = organisations(mention_extractor, text)
    assert {"Addenbrooke's Hospital", "St Mary's Hospital", "John Radcliffe Hospital"} <= orgs
    # a place's possessive still stays out of the name it owns
    assert not any(o.startswith("Oxford's") for o in orgs)
    # the model's "person" running over a clause is no hospital's name
    text = "Quill will run the preclinical studies with Mayo Clinic next year."
    assert "will run the preclinical studies with Mayo Clinic" not in organisations(
        mention_extractor, text
    )


def test_a_regional_council_in_lower_case_when_it_acts(
    mention_extractor: MentionExtractor,
) -> None:
    text = "« Bpifrance et la région Normandie ont apporté 700 000 € à Cathelis », dit-il."
    facts = amounts(mention_extractor, text)
    assert set(facts["700 000 €"].payers) == {"Bpifrance", "Région Normandie"}
    # "en région Normandie" is where something is, not who pays
    text = "En région Normandie, les medtechs emploient 3 000 personnes."
    assert not any("région" in o for o in organisations(mention_extractor, text))


def test_an_envelope_attributed_to_a_named_company(mention_extractor: MentionExtractor) -> None:
    text = (
        "Sept projets ont bénéficié de subventions de la métropole. La plus importante, une "
        "enveloppe de 80 k€, a été attribuée à Kerlann Medical, une start-up brestoise."
    )
    fact = amounts(mention_extractor, text)["80 k€"]
    assert (fact.role, fact.recipient) == ("grant", "Kerlann Medical")
    text = "La métropole a ouvert une enveloppe de 80 k€ pour les projets de l'année."
    assert amounts(mention_extractor, text)["80 k€"].role == "public_budget"


def test_a_programme_that_gave_money_beside_a_round(mention_extractor: MentionExtractor) -> None:
    text = (
        "Heronbridge Therapeutics has raised €6 million in a round led by Kurma Partners.\n"
        "The company is also part of the Solway Health Headstart programme, which gave it "
        "€50,000 in 2024."
    )
    fact = amounts(mention_extractor, text)["€50,000"]
    assert fact.role == "grant" and fact.recipient == "Heronbridge Therapeutics"


def test_combined_with_ends_an_english_role_noun(mention_extractor: MentionExtractor) -> None:
    text = (
        "Corrib Vascular was selected for EIC Accelerator funding. The scheme offers grants of "
        "up to €2.5m combined with equity investments."
    )
    assert amounts(mention_extractor, text)["€2.5m"].role == "grant"
    text = "Corrib Vascular closed a €2.5m equity investment led by Atlantic Bridge."
    assert amounts(mention_extractor, text)["€2.5m"].role == "equity"


def test_money_from_investment_funds_is_a_stake(mention_extractor: MentionExtractor) -> None:
    text = (
        "Cathelis a réuni 900 000 € des fonds d'investissement Seine Amorçage et Estuaire "
        "Capital pour son robot."
    )
    assert amounts(mention_extractor, text)["900 000 €"].role == "equity"


def test_a_programme_name_stops_before_a_number_after_a_link_word() -> None:
    found = {
        s.text
        for s in find_programmes(
            "40 projets ont rejoint le concours i-Nov et 60 projets le concours Innov'up.", GAZ
        )
    }
    assert not any(name.endswith("60") for name in found)
    found = {s.text for s in find_programmes("Le Plan Cancer 2021-2025 continue.", GAZ)}
    assert any("2021-2025" in name for name in found)


def test_money_across_projects_and_a_government_that_pays(
    mention_extractor: MentionExtractor,
) -> None:
    text = (
        "UK Government commits £28m to medical advances\n\n"
        "Innovate UK is providing just over £14m across 15 business-led projects, while the "
        "Medical Research Council has also awarded £13m to 12 academic-led projects.\n"
        "Tamesis Biosciences has received £2.1m to develop a treatment for arthritis."
    )
    facts = amounts(mention_extractor, text)
    assert facts["over £14m"].recipient is None  # spread over fifteen projects
    assert facts["£13m"].recipient is None and facts["£13m"].payers == ("MRC",)
    assert facts["£2.1m"].recipient == "Tamesis Biosciences"
    # a government is a funder, never the article's protagonist nor a recipient by default
    assert "UK Government" not in {f.recipient for f in facts.values()}
    text = "Tamesis Biosciences has received £2.1m from Kelpie Ventures for two projects."
    assert amounts(mention_extractor, text)["£2.1m"].recipient == "Tamesis Biosciences"


def test_money_shared_by_projects_is_a_grant(mention_extractor: MentionExtractor) -> None:
    text = "£9.1 million will be shared by 14 projects led by small businesses."
    fact = amounts(mention_extractor, text)["£9.1 million"]
    assert fact.role == "grant" and fact.recipient is None


def test_respective_amounts_written_with_one_unit(mention_extractor: MentionExtractor) -> None:
    from scanner.nlp.amounts import find_amounts

    found = [(a.text, a.value_eur) for a in find_amounts("avec respectivement 11 et 9 M€.")]
    assert found == [("11", 11e6), ("9 M€", 9e6)]
    found = [(a.text, a.value_eur) for a in find_amounts("levées respectivement de 4 et 12 M€")]
    assert found == [("4", 4e6), ("12 M€", 12e6)]
    # a year before "et" is no amount, a plain range keeps its low end
    assert [a.text for a in find_amounts("respectivement 2024 et 3 M€")] == ["3 M€"]
    text = (
        "Médiform et Sonaris complètent le podium, avec respectivement 11 et 9 millions "
        "d'euros levés."
    )
    facts = amounts(mention_extractor, text)
    assert facts["11"].recipient == "Médiform"
    assert facts["9 millions d'euros"].recipient == "Sonaris"
    # completing a ranking gives nothing
    assert not {"Médiform", "Sonaris"} & set(facts["11"].payers)


def test_an_envelope_a_company_takes_through_a_clause(mention_extractor: MentionExtractor) -> None:
    text = (
        "Radiscan a levé 24 millions d'euros en juin.\n"
        "Sonaris a signé un partenariat avec l'AP-HP pour lequel il bénéficiera d'une "
        "enveloppe de 1,5 M€ de France 2030."
    )
    fact = amounts(mention_extractor, text)["1,5 M€"]
    assert (fact.role, fact.recipient) == ("grant", "Sonaris")
    text = "Le programme, doté d'une enveloppe de 1,5 M€, ouvrira en mars."
    assert amounts(mention_extractor, text)["1,5 M€"].role == "public_budget"


def test_the_funds_of_a_fund_raising_are_the_round(mention_extractor: MentionExtractor) -> None:
    text = (
        "Enfin, la start-up Verdane Therapeutics a vu une deuxième levée de fonds pour 22 "
        "millions de dollars par EMBL Ventures et Forbion Capital."
    )
    assert amounts(mention_extractor, text)["22 millions de dollars"].role == "equity"


def test_a_hospital_in_lower_case_and_its_foundation_apart(
    mention_extractor: MentionExtractor,
) -> None:
    text = (
        "Un robot pour le CHU de Laval\n\n"
        "Cette acquisition est le fruit d'une campagne de la Fondation du CHU de Laval. Le "
        "centre hospitalier de Montluçon a suivi."
    )
    found = {
        m.text: m.canonical for m in mention_extractor.extract_one(text) if m.kind == "organisation"
    }
    assert found["CHU de Laval"] == "CHU de Laval"  # not its foundation
    assert found["centre hospitalier de Montluçon"] == "Centre hospitalier de Montluçon"
    text = "L'an dernier, un centre hospitalier du Sud-Ouest a payé une rançon."
    assert not organisations(mention_extractor, text)


def test_an_english_accelerator_and_the_tail_of_a_bracketed_name() -> None:
    text = (
        "Seven companies won contracts under the Small Business Research Initiative (SBRI) "
        "Healthcare competition. Quillon took part in the MedTech Northlink accelerator."
    )
    found = {s.text for s in find_programmes(text, GAZ)}
    assert "MedTech Northlink" in found
    assert "Healthcare" not in found  # the tail of the name before its bracket
    # a lower-case accelerator with no name before it names nothing
    assert not {s.text for s in find_programmes("It joined an accelerator in May.", GAZ)}


def test_a_company_named_by_who_works_there(mention_extractor: MentionExtractor) -> None:
    for text in (
        "Depuis 2019, le radiologue Paul Vernet développe au sein de Cathelis un robot.",
        "Selon Marc Tessier, président de Cathelis, le marché est mûr.",
        "Les fondateurs de Cathelis ont présenté leur robot au salon.",
    ):
        assert "Cathelis" in organisations(mention_extractor, text), text
    # a place after the same words stays a place; a lower-case word is no name
    text = "Le président de la République a visité le site. Elle travaille en Bretagne."
    assert not organisations(mention_extractor, text)


def test_a_year_after_a_hospital_is_no_part_of_its_name(
    mention_extractor: MentionExtractor,
) -> None:
    text = "Le robot sera testé au CHU de Rouen en 2026, puis à l'Université de Caen 2027."
    orgs = organisations(mention_extractor, text)
    assert "CHU de Rouen" in orgs and not any("2026" in o or "2027" in o for o in orgs)
