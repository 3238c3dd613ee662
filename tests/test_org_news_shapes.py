"""Shapes met in real news that the organisation and programme stages misread: a sentence
opening with a participle, a hospital's full name around its bracketed acronym, a company
named by its founder, a call written "AAP X". Sentences written for these tests, through the
real mention stage."""

from __future__ import annotations

import pytest

from scanner.nlp.mentions import MentionExtractor


def kinds(extractor: MentionExtractor, text: str, kind: str) -> dict[str, str]:
    return {m.text: m.canonical for m in extractor.extract_one(text) if m.kind == kind}


@pytest.mark.parametrize(
    "text",
    [
        "Nominated for the second year in a row, Qalvia will expand in Germany.",
        "Founded in 2019, Qalvia will expand in Germany.",
        "Créée en 2019, Qalvia s'installe à Lyon.",
    ],
)
def test_an_opening_participle_is_no_organisation(
    mention_extractor: MentionExtractor, text: str
) -> None:
    found = kinds(mention_extractor, text, "organisation")
    assert not {"Nominated", "Founded", "Créée"} & set(found)


def test_a_hospitals_name_runs_past_its_acronym(mention_extractor: MentionExtractor) -> None:
    found = kinds(
        mention_extractor,
        "Le Centre Hospitalier Universitaire (CHU) Grenoble Alpes, pionnier du domaine, "
        "installe un robot. Le CHU Grenoble Alpes l'utilisera dès mars.",
        "organisation",
    )
    # one canonical for both (the gazetteer's, when it lists the hospital)
    whole = found["Centre Hospitalier Universitaire (CHU) Grenoble Alpes"]
    assert set(found.values()) == {whole} and "Grenoble" in whole


def test_a_company_named_by_its_founder(mention_extractor: MentionExtractor) -> None:
    found = kinds(
        mention_extractor,
        "Le centre accompagne Osteomind, la société de Stéphane Marchal, depuis 2024.",
        "organisation",
    )
    assert "Stéphane Marchal" not in found and "Osteomind" in found


def test_a_call_written_aap_has_the_calls_canonical(mention_extractor: MentionExtractor) -> None:
    found = kinds(
        mention_extractor,
        "L'appel à projets Robotique Hospitalière 2030, opéré par Bpifrance, est ouvert. "
        "Les dossiers de l'AAP Robotique Hospitalière 2030 sont attendus en mai.",
        "programme",
    )
    assert set(found.values()) == {"Robotique Hospitalière 2030"}


def test_a_short_name_in_another_case_is_the_same_company(
    mention_extractor: MentionExtractor,
) -> None:
    found = kinds(
        mention_extractor,
        "La biotech OcuLigen Biologics lève 9 M€. Selon le directeur d'Oculigen, la "
        "société recrute.",
        "organisation",
    )
    assert found["Oculigen"] == "OcuLigen Biologics"
    assert set(found.values()) == {"OcuLigen Biologics"}


def test_an_opening_qualifier_names_no_scheme(mention_extractor: MentionExtractor) -> None:
    found = kinds(
        mention_extractor,
        "The Medtech Accelerator is a new scheme. Individual awards of up to £125,000 are "
        "on offer, and the New Frontiers programme opens in May.",
        "programme",
    )
    assert "Individual" not in found
    assert "New Frontiers" in found or "New Frontiers programme" in found


def test_a_departments_long_name_holds_its_commas(mention_extractor: MentionExtractor) -> None:
    found = kinds(
        mention_extractor,
        "The projects receive £17m from the Department for Business, Energy & Industrial Strategy.",
        "organisation",
    )
    assert found == {
        "Department for Business, Energy & Industrial Strategy": (
            "Department for Business, Energy and Industrial Strategy"
        )
    }


def test_an_unlisted_body_named_after_its_seat(mention_extractor: MentionExtractor) -> None:
    found = kinds(
        mention_extractor,
        "Le programme est porté par la Chambre de Commerce et d’Industrie (CCI) de Val-Brenne "
        "avec la start-up Oculigen.",
        "organisation",
    )
    name = "Chambre de Commerce et d’Industrie (CCI) de Val-Brenne"
    assert found[name] == "CCI de Val-Brenne"


def test_an_acronym_spelt_by_its_words_initials() -> None:
    from scanner.nlp.org_rules import long_form_of

    window = "avec la Chambre de Commerce et d'Industrie "
    start, _ = long_form_of(window, "CCI") or (None, None)
    assert start is not None and window[start:].startswith("Chambre")
    window = "selon l'Assistance Publique-Hôpitaux de Paris "
    start, _ = long_form_of(window, "AP-HP") or (None, None)
    assert start is not None and window[start:].startswith("Assistance")


def test_a_bodys_listed_scheme_after_its_acronym_is_no_body(
    mention_extractor: MentionExtractor,
) -> None:
    text = (
        "Four Irish medtech companies were selected for European Innovation Council (EIC) "
        "Accelerator funding, among them Oculigen Ltd."
    )
    orgs = kinds(mention_extractor, text, "organisation")
    assert not any("Accelerator" in name for name in orgs) and "Four Irish" not in orgs


def test_the_company_a_fund_bet_on(mention_extractor: MentionExtractor) -> None:
    found = kinds(
        mention_extractor,
        "Pour son premier investissement, le fonds a misé sur Quillora, avec le soutien d'un "
        "réseau d'anges.",
        "organisation",
    )
    assert "Quillora" in found


def test_a_loan_product_is_no_organisation(mention_extractor: MentionExtractor) -> None:
    found = kinds(
        mention_extractor,
        "Oculigen a obtenu un Prêt Garanti par l'État (PGE) de 3 M€. Le PGE sera remboursé en "
        "2030.",
        "organisation",
    )
    assert "PGE" not in found and not any(name.startswith("Prêt") for name in found)


def test_a_listed_bodys_initiative_is_its_vehicle(mention_extractor: MentionExtractor) -> None:
    text = "Existing investors Seventure Partners and Inserm Transfert Initiative also joined."
    assert "Inserm Transfert Initiative" not in kinds(mention_extractor, text, "programme")


def test_a_rare_word_taking_money_is_a_company(mention_extractor: MentionExtractor) -> None:
    # "Orbis" has a vector the pruned table maps onto a frequent word's row: no common word
    text = (
        "Orbis reçoit un financement de 4 M€ de la part de Kestrel Impact Fund. La biotech "
        "lyonnaise développe des antibiotiques."
    )
    assert "Orbis" in kinds(mention_extractor, text, "organisation")


def test_an_investors_apposition_keeps_the_list_going(mention_extractor: MentionExtractor) -> None:
    text = (
        "Velorix réalise une série A de 12 M€ menée auprès de Kestrelia, investisseur et "
        "cofondateur, et de Vandoria, co-lead sur le tour."
    )
    found = kinds(mention_extractor, text, "organisation")
    assert {"Kestrelia", "Vandoria"} <= set(found)
    fact = next(m.fact for m in mention_extractor.extract_one(text) if m.kind == "amount")
    assert fact is not None and set(fact.payers) == {"Kestrelia", "Vandoria"}


def test_european_research_grants_are_programmes(mention_extractor: MentionExtractor) -> None:
    text = (
        "La chercheuse a obtenu une ERC Starting Grant du Conseil européen de la recherche, "
        "après une bourse Marie Skłodowska-Curie."
    )
    found = kinds(mention_extractor, text, "programme")
    assert found.get("ERC Starting Grant") == "ERC Starting Grant"
    assert found.get("bourse Marie Skłodowska-Curie") == "Actions Marie Skłodowska-Curie"
    assert "ERC Starting Grant" not in kinds(mention_extractor, text, "organisation")
