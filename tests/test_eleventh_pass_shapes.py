"""Shapes of programmes, organisations and funding lists found in the eleventh pass: regional
schemes titled "Pass"/"Booster", a call named without "à projets", a
camel-case scheme name, an English "the" before a body, English names of the regions, and a
list of laureates with one verb. Sentences written for these tests (invented names), each
beside a near one the rule leaves alone."""

from __future__ import annotations

from pathlib import Path

from fact_texts import amounts

from scanner.nlp.gazetteer import Gazetteer
from scanner.nlp.mentions import MentionExtractor
from scanner.nlp.programmes import find_programmes

ROOT = Path(__file__).resolve().parents[1] / "models" / "gazetteer"
GAZ = Gazetteer.load(ROOT / "programmes.jsonl", ROOT / "organisations.jsonl")


def programmes(text: str) -> dict[str, str]:
    return {s.text: s.canonical for s in find_programmes(text, GAZ)}


def test_a_regional_scheme_titled_pass_or_booster_keeps_its_head() -> None:
    found = programmes("En Normandie, le Pass Innovation Santé Normandie est reconduit.")
    assert found == {"Pass Innovation Santé Normandie": "Pass Innovation Santé Normandie"}
    found = programmes("La start-up a rejoint le Booster Biotech Loire cette année.")
    assert found == {"Booster Biotech Loire": "Booster Biotech Loire"}
    assert programmes("Un pass sanitaire était exigé.") == {}


def test_a_call_named_without_a_projets() -> None:
    found = programmes("Les lauréats de l'appel Flash Covid-Long seront connus en mai.")
    assert found == {"appel Flash Covid-Long": "Flash Covid-Long"}
    found = programmes("Le projet a été retenu par l'appel Santé numérique des hôpitaux, en mai.")
    assert "appel Santé numérique des hôpitaux" in found
    # "l'appel à projets ..." in lower case is no name; an appeal to a body neither
    assert programmes("L'appel à projets lancé en mars a retenu dix équipes.") == {}
    assert programmes("Il a répondu à l'appel Bpifrance.") == {}


def test_a_camel_case_word_opens_an_english_scheme_name() -> None:
    found = programmes("Quill won a Corvex iCare Award last year.")
    assert found == {"Corvex iCare Award": "Corvex iCare Award"}
    found = programmes("It received €1.2 million under the Deeptech Development Aid.")
    assert found == {"Deeptech Development Aid": "Deeptech Development Aid"}


def test_the_opening_an_english_name_is_left_out(mention_extractor: MentionExtractor) -> None:
    text = (
        "Medivex, a Swiss medtech, raised €12 million from Redalpine. The German partner will "
        "supply the sensors. The Swiss Biotech Association welcomed the news."
    )
    orgs = {m.text for m in mention_extractor.extract_one(text) if m.kind == "organisation"}
    assert "The German" not in orgs and "Swiss Biotech Association" in orgs


def test_an_english_region_and_the_sud_brand_are_the_listed_regions(
    mention_extractor: MentionExtractor,
) -> None:
    text = (
        "Hospices Civils de Lyon have signed a €14 million contract. The order was financed by "
        "a €5 million grant from the Auvergne-Rhône-Alpes region. La Région Sud soutient aussi "
        "le projet."
    )
    orgs = {m.canonical for m in mention_extractor.extract_one(text) if m.kind == "organisation"}
    assert {"Région Auvergne-Rhône-Alpes", "Région Provence-Alpes-Côte d'Azur"} <= orgs
    assert amounts(mention_extractor, text)["€5 million"].payers == ("Région Auvergne-Rhône-Alpes",)


def test_a_list_of_laureates_with_one_verb(mention_extractor: MentionExtractor) -> None:
    text = (
        "La Région Bretagne a attribué 2,4 millions d'euros à trois projets lauréats. Le CHU de "
        "Rennes reçoit 1,1 M€ pour un outil de triage, la start-up Lumoris 800 000 euros pour "
        "son assistant de codage et Vetrina 500 000 euros."
    )
    facts = amounts(mention_extractor, text)
    assert facts["2,4 millions d'euros"].recipient is None  # shared by three
    assert facts["1,1 M€"].recipient == "CHU de Rennes"
    assert facts["800 000 euros"].recipient == "Lumoris"
    assert facts["500 000 euros"].recipient == "Vetrina"
    # a giver right before an amount takes nothing
    text = "Le tour de 6 M€ est mené par Kestrel Partners, et Orbis 2 M€ de plus."
    assert amounts(mention_extractor, text)["6 M€"].recipient != "Kestrel Partners"


def test_a_preposition_never_opens_a_name(mention_extractor: MentionExtractor) -> None:
    text = (
        "Kairon Bio today announced a €30 million Series B financing led by Forbion. "
        '"This is a milestone," said Marie Dupont, CEO of Kairon Bio.'
    )
    names = {
        (m.text, m.canonical)
        for m in mention_extractor.extract_one(text)
        if m.kind == "organisation"
    }
    assert all(not t.startswith("of ") and not c.startswith("of ") for t, c in names)
    assert ("Kairon Bio", "Kairon Bio") in names


def test_a_mixed_financing_and_a_word_holding_in(mention_extractor: MentionExtractor) -> None:
    text = (
        "La start-up Dermalis annonce avoir finalisé un financement de 12 millions d'euros, "
        "composé d'une augmentation de capital de 8 M€ souscrite par Irdi Capital "
        "Investissement et Sofimac Innovation, et d'un prêt de 4 M€ de la Banque européenne "
        "d'investissement. Bpifrance accompagne également Dermalis à hauteur de 1,2 M€."
    )
    facts = amounts(mention_extractor, text)
    # "investissement et Sofimac" invests in nothing: both investors pay, the company takes
    assert facts["8 M€"].recipient == "Dermalis"
    assert set(facts["8 M€"].payers) == {"Irdi Capital Investissement", "Sofimac Innovation"}
    assert facts["4 M€"].recipient == "Dermalis" and facts["4 M€"].role == "loan"
    # "accompagne X à hauteur de": a funder's support
    assert facts["1,2 M€"].role == "grant" and facts["1,2 M€"].recipient == "Dermalis"
    assert facts["1,2 M€"].payers == ("Bpifrance",)


def test_also_secured_is_more_of_the_news(mention_extractor: MentionExtractor) -> None:
    text = (
        "Kairon Bio closes €30M Series B\n\n"
        "Kairon Bio today announced the closing of a €30 million Series B financing led by "
        "Forbion. The company also secured a €2.5 million grant from the European Innovation "
        "Council. In 2022, the company received a €1 million grant from Bpifrance."
    )
    facts = amounts(mention_extractor, text)
    assert facts["€2.5 million"].new is True
    assert facts["€1 million"].new is False


def test_a_nationality_alone_is_no_organisation(mention_extractor: MentionExtractor) -> None:
    text = "The Swiss group Helvetix acquired the Lyon startup Cordalis Medical."
    orgs = {m.text for m in mention_extractor.extract_one(text) if m.kind == "organisation"}
    assert "Swiss" not in orgs and "The Swiss" not in orgs


def test_a_list_of_companies_each_with_its_total(mention_extractor: MentionExtractor) -> None:
    text = (
        "Les lauréats cochent ce critère, à commencer par Pelvio, qui a levé 40 M€ en série A, "
        "Corvalis Therapeutics, avec près de 78 M€ levés au total, ou encore Stenova, qui "
        "atteint 138 M€ de financement."
    )
    facts = amounts(mention_extractor, text)
    assert facts["138 M€"].recipient == "Stenova"
    # money raised so far is no round of this week
    assert facts["près de 78 M€"].new is False and facts["138 M€"].role == "equity"
    assert facts["138 M€"].new is False


def test_grants_added_up_and_a_list_of_prize_winners(mention_extractor: MentionExtractor) -> None:
    text = (
        "Le montant total des subventions attribuées s'élève à 373 136 €, dont 180 050 € sur "
        "l'axe 2. Sont primées : Orvane, pour un substitut osseux recyclé (80 000 euros) ; "
        "Tessio, qui développe une plateforme de réadaptation (45 000 euros)."
    )
    facts = amounts(mention_extractor, text)
    assert facts["373 136 €"].role == "grant" and facts["373 136 €"].recipient is None
    assert facts["180 050 €"].recipient is None
    assert facts["80 000 euros"].role == "grant" and facts["45 000 euros"].role == "grant"
