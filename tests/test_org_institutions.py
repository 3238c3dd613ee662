"""Organisations the extractor missed entirely (issue 14, sixth pass): English institutions
named head first, NHS trusts, French centres named after a person, business-angel networks,
a one-word company opening a sentence with an apposition, and shorter readings of a name
that runs into a listed one. Each rule with a case it fixes and a near case it leaves alone.
Sentences written for these tests (invented companies and places where possible)."""

from __future__ import annotations

from scanner.nlp.gazetteer import GazEntry, Gazetteer
from scanner.nlp.org_context import context_mentions
from scanner.nlp.org_institutions import (
    english_institutions,
    person_named_institutions,
    shorter_readings,
)
from scanner.nlp.org_openers import opening_names
from scanner.nlp.organisations import find_people_orgs_places


def longest(text: str, gaz: Gazetteer | None = None) -> set[str]:
    return {readings[0].text for readings in english_institutions(text, gaz or Gazetteer())}


def orgs(text: str, ents: list[tuple[int, int, str]], gaz: Gazetteer | None = None) -> set[str]:
    found = find_people_orgs_places(text, ents, gaz or Gazetteer())
    return {m.text for m in found if m.kind == "organisation"}


def test_english_body_named_head_first() -> None:
    text = "Tarnwick Bio, a University of Halbury spin-out, works with Germany's Federal Institute for Drugs and Medical Devices."
    found = longest(text)
    assert "University of Halbury" in found
    # the country's possessive is not part of the name
    assert "Federal Institute for Drugs and Medical Devices" in found


def test_english_head_alone_or_lower_case_is_no_body() -> None:
    text = "The university hospital said the University Hospital of the future is digital."
    assert longest(text) == set()  # "of the future": no capitalised name after the head
    assert longest("She went to University in 2019 and later to Hospital staff.") == set()


def test_university_medical_center_with_place_and_acronym() -> None:
    text = "It is coordinated by Halbury University Medical Center (HUMC) in Tarnby."
    assert "Halbury University Medical Center (HUMC)" in longest(text)
    text = "Partners include University Medical Center Tarnby and St. Aldric's University Hospital."
    found = longest(text)
    assert {"University Medical Center Tarnby", "St. Aldric's University Hospital"} <= found


def test_nhs_trusts_named_after_places_and_saints() -> None:
    text = (
        "The pilot runs with North Halbury NHS Trust and Guy's and St Aldric's NHS Foundation "
        "Trust, and with Tarnby Teaching Hospitals NHS Foundation Trust."
    )
    found = longest(text)
    assert {
        "North Halbury NHS Trust",
        "Guy's and St Aldric's NHS Foundation Trust",
        "Tarnby Teaching Hospitals NHS Foundation Trust",
    } <= found
    assert longest("The NHS Trust board met.") == set()  # no name before the head


def test_shorter_reading_when_the_longest_runs_into_a_listed_name() -> None:
    gaz = Gazetteer([GazEntry("organisation", "Inserm")])
    text = "LTSI is a joint laboratory of the University of Halbury and Inserm."
    assert {"University of Halbury", "Inserm"} <= orgs(text, [], gaz)
    # nothing listed after "and": the name keeps its "and"
    text = "It is funded by the National Institute for Health and Care Research."
    assert "National Institute for Health and Care Research" in orgs(text, [], Gazetteer())


def test_shorter_readings_stop_at_the_head() -> None:
    text = "the Institute of Halbury and Tarnby"
    start = text.index("Institute")
    readings = shorter_readings(text, start, len(text), start + len("Institute"), Gazetteer())
    assert [r.text for r in readings] == ["Institute of Halbury and Tarnby", "Institute of Halbury"]


def test_french_hospital_cut_before_the_listed_body_it_belongs_to() -> None:
    gaz = Gazetteer([GazEntry("organisation", "Hospices Civils de Lyon")])
    text = "L'essai inclura l'Hôpital Marcel-Tarnier des Hospices Civils de Lyon, qui coordonne."
    found = orgs(text, [], gaz)
    assert {"Hôpital Marcel-Tarnier", "Hospices Civils de Lyon"} <= found


def test_centre_named_after_a_person() -> None:
    text = "Le réseau réunit le CHU de Tarnby et le Centre Odile Marvand, qui coordonne."
    s = text.index("Odile")
    ents = [(s, s + len("Odile Marvand"), "PER")]
    found = person_named_institutions(text, ents, Gazetteer())
    assert [m.text for m in found] == ["Centre Odile Marvand"]
    assert "Centre Odile Marvand" in orgs(text, ents)


def test_person_after_a_place_or_a_verb_is_still_a_person() -> None:
    text = "Au Centre, Odile Marvand parle. Le centre accueille Odile Marvand."
    ents = [
        (m, m + len("Odile Marvand"), "PER")
        for m in (4 + text.index("tre, "), text.rindex("Odile"))
    ]
    assert person_named_institutions(text, ents, Gazetteer()) == []
    one_word = "Le Centre Marvand ouvre."
    s = one_word.index("Marvand")
    assert person_named_institutions(one_word, [(s, s + 7, "PER")], Gazetteer()) == []


def test_business_angel_network_and_the_place_it_is_named_after() -> None:
    text = (
        "La société a levé 2 M€ auprès de Bpifrance et de Tarnoise Angels. Elle exploite des "
        "algues de la Tarnoise."
    )
    found = {m.text for m in context_mentions(text, Gazetteer())}
    assert "Tarnoise Angels" in found
    assert "Tarnoise" not in found  # the place, not a short form of the network


def test_one_word_company_opening_a_sentence_with_an_apposition() -> None:
    text = (
        "Flair rachète Clinitel\n\nFlair, a Halbury-based start-up whose app detects asthma, "
        "has raised £7 million."
    )
    assert [m.text for m in opening_names(text, Gazetteer())] == ["Flair"]


def test_opening_adverb_or_single_use_word_is_no_company() -> None:
    text = "Aujourd'hui, la start-up emploie 20 personnes. Aujourd'hui tout va bien."
    assert opening_names(text, Gazetteer()) == []
    text = "Concrètement, la société vend. Concrètement encore."
    assert opening_names(text, Gazetteer()) == []
    # named once only: no second mention to tell it from a word
    assert (
        opening_names("Boussole, jeune entreprise caennaise, édite une application.", Gazetteer())
        == []
    )


def test_two_places_after_in_are_no_organisation() -> None:
    text = "The company employs 38 people in Halbury and Tarnby. It works with Halbury and Tarnby Health."
    s = text.index("Halbury")
    ents = [(s, s + len("Halbury and Tarnby"), "ORG")]
    assert "Halbury and Tarnby" not in orgs(text, ents)
    # the same words named as partners, not after "in", stay the model's organisation
    s2 = text.rindex("Halbury")
    ents2 = [(s2, s2 + len("Halbury and Tarnby Health"), "ORG")]
    assert "Halbury and Tarnby Health" in orgs(text, ents2)


def test_short_form_that_the_text_uses_as_a_place_is_the_place() -> None:
    text = "The start-up was backed by Tarnland Ventures. It runs centres in Spain and in Tarnland."
    found = {m.text for m in context_mentions(text, Gazetteer())}
    assert "Tarnland Ventures" in found
    assert "Tarnland" not in found
    # "a partner at Orvane Partners": "at" names a firm, so the short form still counts
    text = "She was a partner at Orvane Partners. Orvane led the round."
    assert "Orvane" in {m.text for m in context_mentions(text, Gazetteer())}


def test_possessive_place_before_a_company_is_not_the_company() -> None:
    text = "Halbury's Orvane Bio doses first patient. Orvane Bio, a Halbury-based biotech, said."
    found = {m.text for m in context_mentions(text, Gazetteer())}
    assert "Orvane Bio" in found
    assert "Halbury" not in found


def test_french_health_company_named_with_sante() -> None:
    text = "Le projet s'appuie sur l'expertise de Cybervale Santé pour les tests d'intrusion."
    assert "Cybervale Santé" in {m.text for m in context_mentions(text, Gazetteer())}
    # the ministry and the authority name health after "de (la)": no company shape
    text = "Le ministère de la Santé et la Haute Autorité de Santé ont rendu un avis."
    assert not any(m.text.endswith("Santé") for m in context_mentions(text, Gazetteer()))
