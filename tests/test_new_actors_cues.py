"""New actors (issue 14, third pass): organisations named by the company they keep and what
they do, bodies named by their head word, programmes named with their head, in sentences
written for these tests (invented companies beside real bodies and programmes)."""

from __future__ import annotations

from scanner.nlp.mentions import MentionExtractor
from scanner.nlp.org_names import occurrences, one_word_person_or_place, person_words
from scanner.nlp.org_rules import strip_legal_suffix
from scanner.records import Mention


def names(mentions: list[Mention], kind: str) -> dict[str, str]:
    return {m.text: m.canonical for m in mentions if m.kind == kind}


def test_a_first_name_that_raises_money_is_a_company(mention_extractor: MentionExtractor) -> None:
    found = mention_extractor.extract_one(
        "Alan lève 50 millions d'euros auprès de Temasek et Index Ventures."
    )
    assert {"Alan", "Temasek", "Index Ventures"} <= set(names(found, "organisation"))


def test_partners_buyers_and_incubators_are_organisations(
    mention_extractor: MentionExtractor,
) -> None:
    text = (
        "La start-up a signé un partenariat avec Medtronic. Elle est accompagnée par Wilvaro "
        "et incubée chez Agorinov. Doctalia annonce l'acquisition de Tankeo."
    )
    orgs = names(mention_extractor.extract_one(text), "organisation")
    assert {"Medtronic", "Wilvaro", "Agorinov", "Doctalia", "Tankeo"} <= set(orgs)


def test_one_word_names_the_model_calls_places_join_a_list_of_companies(
    mention_extractor: MentionExtractor,
) -> None:
    text = "Novadiscora, Cardiolis et Implicor ont été sélectionnées par le jury."
    orgs = names(mention_extractor.extract_one(text), "organisation")
    assert {"Novadiscora", "Cardiolis", "Implicor"} <= set(orgs)


def test_persons_and_places_are_not_taken_for_partners() -> None:
    text = (
        "Jean Dupont préside le jury. Dupont a signé la convention. "
        "Le site ouvre à Rennes et le siège est en Bretagne."
    )
    rennes = occurrences(text, "Rennes")[0]
    ents = [(0, 11, "PER"), (rennes, rennes + 6, "LOC")]
    persons = person_words(text, ents)
    dupont = occurrences(text, "Dupont")[1]
    bretagne = occurrences(text, "Bretagne")[0]
    assert one_word_person_or_place(text, dupont, dupont + 6, ents, persons)
    assert one_word_person_or_place(text, rennes, rennes + 6, ents, persons)
    assert one_word_person_or_place(text, bretagne, bretagne + 8, [], persons)  # "en Bretagne"
    assert not one_word_person_or_place(text, 0, 4, [], set())


def test_occurrences_are_whole_words() -> None:
    text = "Kiro, Kiroshi et Kiro-Bio: Kiro."
    assert occurrences(text, "Kiro") == [0, 27]


def test_english_bodies_roles_and_possessives(mention_extractor: MentionExtractor) -> None:
    text = (
        "George Eliot Hospital NHS Trust in Nuneaton and Wye Valley NHS Trust signed the deal. "
        "Justine Lipuma, CEO of Mycophora, spoke. Nablix's chief executive said the round closed."
    )
    orgs = names(mention_extractor.extract_one(text), "organisation")
    assert {"George Eliot Hospital NHS Trust", "Wye Valley NHS Trust"} <= set(orgs)
    assert {"Mycophora", "Nablix"} <= set(orgs)
    assert "Nuneaton" not in orgs


def test_a_name_found_once_is_found_in_the_title_too(mention_extractor: MentionExtractor) -> None:
    text = (
        "Novartis Strikes Deal With Kelvion Bio\n\n"
        "Novartis will pay up to $1bn to Kelvion Bio, a Boston-based biotech."
    )
    found = [m for m in mention_extractor.extract_one(text) if m.text == "Kelvion Bio"]
    assert len(found) == 2


def test_institutions_named_with_articles_and_saints(mention_extractor: MentionExtractor) -> None:
    text = (
        "Le robot opère à la Clinique Ophtalmologique des Baous et à la Clinique Saint-Clément "
        "des Garrigues. Issue de l'Université Côte d'Azur, l'équipe travaille avec l'hôpital "
        "Robert-Debré. Le responsable de l'entrepôt d'un CHU de l'Ouest témoigne."
    )
    orgs = names(mention_extractor.extract_one(text), "organisation")
    assert {
        "Clinique Ophtalmologique des Baous",
        "Clinique Saint-Clément des Garrigues",
        "Université Côte d'Azur",
        "hôpital Robert-Debré",
    } <= set(orgs)
    assert "CHU de l'Ouest" not in orgs


def test_bodies_named_by_their_head_word(mention_extractor: MentionExtractor) -> None:
    text = (
        "Les Laboratoires Théralmia cèdent leurs droits. La dette est arrangée par la Banque "
        "Populaire Bourgogne Franche-Comté. Le projet est opéré par l'Agence Nord Innovation "
        "Santé."
    )
    orgs = names(mention_extractor.extract_one(text), "organisation")
    assert {
        "Laboratoires Théralmia",
        "Banque Populaire Bourgogne Franche-Comté",
        "Agence Nord Innovation Santé",
    } <= set(orgs)


def test_composite_legal_suffixes() -> None:
    assert strip_legal_suffix("Hoshikawa Medical Co., Ltd.") == "Hoshikawa Medical"
    assert strip_legal_suffix("Meridian Health Partners LLP") == "Meridian Health Partners"


def test_programmes_named_with_their_head(mention_extractor: MentionExtractor) -> None:
    text = (
        "Le lauréat du Challenge Prévention recevra 2 M€ et le Prix Galien récompense les "
        "innovations. La start-up rejoint l'accélérateur « Grand Est Health Boost ». "
        "The company joined the NHS Innovation Accelerator and won the Longitude Prize."
    )
    progs = names(mention_extractor.extract_one(text), "programme")
    assert progs["Challenge Prévention"] == "Challenge Prévention"
    assert progs["Prix Galien"] == "Prix Galien"
    assert progs["accélérateur « Grand Est Health Boost »"] == "Grand Est Health Boost"
    assert {"NHS Innovation Accelerator", "Longitude Prize"} <= set(progs)
    assert "NHS Innovation Accelerator" not in names(
        mention_extractor.extract_one(text), "organisation"
    )


def test_a_capitalised_head_before_a_listed_programme(mention_extractor: MentionExtractor) -> None:
    text = "La biotech a reçu 18 M€ du Plan Innovation Santé 2030 pour son usine."
    progs = names(mention_extractor.extract_one(text), "programme")
    assert progs == {"Plan Innovation Santé 2030": "Innovation Santé 2030"}
