"""Programme names without guillemets (`programme_calls`) and the quoted and strategy shapes
`programmes` gained in the eighth pass: each rule with a sentence it fixes and a near one it
leaves alone, in sentences written for these tests (invented calls beside listed ones)."""

from __future__ import annotations

from pathlib import Path

from scanner.nlp.gazetteer import Gazetteer
from scanner.nlp.programme_calls import acronym_programmes, national_plans, sentence_calls
from scanner.nlp.programmes import find_programmes

ROOT = Path(__file__).resolve().parents[1] / "models" / "gazetteer"
GAZ = Gazetteer.load(ROOT / "programmes.jsonl", ROOT / "organisations.jsonl")


def calls(text: str) -> dict[str, str]:
    return {s.text: s.canonical for s in sentence_calls(text, GAZ)}


def programmes(text: str) -> dict[str, str]:
    return {s.text: s.canonical for s in find_programmes(text, GAZ)}


def test_a_call_in_sentence_case_keeps_its_lower_case_words_and_its_head() -> None:
    text = "La région ouvre l'appel à projets Santé connectée des vallées pour les hôpitaux."
    assert calls(text) == {
        "appel à projets Santé connectée des vallées": "Santé connectée des vallées"
    }
    # a lower-case word after the head is the sentence, not a name
    assert calls("L'appel à projets lancé en mars a retenu dix équipes.") == {}
    # "en" links a name's words, not the sentence's ("en partenariat", "en 2025")
    assert calls("L'AAP Soins en réseau en partenariat avec l'ARS.") == {
        "AAP Soins en réseau": "Soins en réseau"
    }


def test_a_defined_acronym_after_a_call_name_stands_with_the_name_alone() -> None:
    text = "Retenu à l'appel à projets Soins intégrés en ville (SIV) de l'ARS, le projet..."
    assert calls(text) == {"Soins intégrés en ville (SIV)": "Soins intégrés en ville"}


def test_a_listed_body_after_de_is_the_calls_owner() -> None:
    text = "L'AMI Lieux de soins partagés de Bpifrance est ouvert jusqu'en mai."
    assert calls(text) == {"AMI Lieux de soins partagés": "Lieux de soins partagés"}
    # "de" followed by a word that is no body stays inside the name
    assert calls("L'AMI Lieux de Vie Bretagne est ouvert.") == {
        "AMI Lieux de Vie Bretagne": "Lieux de Vie Bretagne"
    }


def test_a_listed_call_keeps_its_canonical() -> None:
    assert calls("Elle a gagné l'appel à projets i-Démo en 2025.") == {
        "appel à projets i-Démo": "i-Démo"
    }


def test_an_acronym_before_an_english_head_names_the_words_it_spells() -> None:
    text = "It joined the Rural Health Accelerator Network (RHAN) program last year."
    found = {s.text: s.canonical for s in acronym_programmes(text, GAZ)}
    assert found == {"Rural Health Accelerator Network (RHAN)": "Rural Health Accelerator Network"}
    # an unlisted acronym that no words before it spell is left alone
    assert acronym_programmes("It joined the (QXZ) program.", GAZ) == []


def test_a_national_strategy_in_lower_case_is_a_programme() -> None:
    text = "La stratégie nationale de lutte contre la sclérose en plaques a été présentée."
    found = {s.text: s.canonical for s in national_plans(text, GAZ)}
    assert found == {
        "stratégie nationale de lutte contre la sclérose en plaques": (
            "Stratégie nationale de lutte contre la sclérose en plaques"
        )
    }
    # a plan the text wishes for is not one it names
    assert national_plans("Elle plaide pour une stratégie nationale sur les greffes.", GAZ) == []
    # a national plan measured by a sum has no topic
    assert national_plans("Un plan national de 30 millions d'euros.", GAZ) == []


def test_a_quoted_title_after_national_or_regional_keeps_its_head() -> None:
    text = "L'appel à projets régional « Prévention des chutes » a retenu six projets."
    assert programmes(text) == {
        "appel à projets régional « Prévention des chutes »": "Prévention des chutes"
    }


def test_the_acceleration_strategy_in_a_field_is_the_listed_strategy() -> None:
    text = "La stratégie d'accélération dans les biothérapies soutient dix projets."
    assert set(programmes(text).values()) == {
        "Stratégie d'accélération Biothérapies et bioproduction"
    }
    # an unknown field after "dans les" gives nothing
    assert programmes("La stratégie d'accélération dans les usines tourne.") == {}


def test_a_nationality_alone_before_an_english_head_names_no_scheme() -> None:
    found = {s.text for s in find_programmes("The European program, Enlumen, has a budget.", GAZ)}
    assert "European" not in found
    # a name that opens with a nationality keeps it
    assert "European Pathway" in {
        s.text for s in find_programmes("It won the European Pathway programme.", GAZ)
    }


def test_a_last_word_alone_is_the_longer_programme_named_in_the_article() -> None:
    text = (
        "Kelvra won a Biomedical Catalyst grant in May. It also holds a Catalyst award "
        "from the agency."
    )
    assert set(programmes(text).values()) == {"Biomedical Catalyst"}
    # without the longer name in the article the short one keeps its own canonical
    assert programmes("It also holds a Catalyst award from the agency.") == {"Catalyst": "Catalyst"}


def test_a_catalyst_fund_in_sentence_case_or_with_its_round_is_a_programme() -> None:
    text = "Funding competition Digital health technology catalyst 2017 round 1 is closed."
    assert programmes(text) == {
        "Digital health technology catalyst": "Digital health technology catalyst"
    }
    assert "Agri-Tech Catalyst" in programmes("It won an Agri-Tech Catalyst round 3 grant.")
    # a venture firm and a metaphor are no catalyst fund
    assert programmes("General Catalyst led the round.") == {}
    assert programmes("Regulation is a powerful catalyst for change.") == {}


def test_a_quoted_title_after_a_heads_complement_stands_alone() -> None:
    text = "La 3e édition du programme d'accélération de start-ups numériques « Takeoff » commence."
    assert programmes(text) == {"Takeoff": "Takeoff"}
    # a lower-case quotation after a generic head's complement is a slogan
    assert programmes("Le programme de soins « mieux vivre » commence.") == {}
    # a complement that holds another head leaves the title to it
    text = "Un volet de la stratégie d'accélération « Santé numérique » de France 2030."
    assert "stratégie d'accélération « Santé numérique »" in programmes(text)


def test_two_capitalised_words_before_catalyst_name_a_fund() -> None:
    text = "It was funded through the government's Digital Health Technology Catalyst."
    assert programmes(text) == {
        "Digital Health Technology Catalyst": "Digital Health Technology Catalyst"
    }


def test_a_challenge_or_accelerator_fund_is_a_scheme() -> None:
    text = "The Coastal Health Challenge Fund backs ten teams."
    assert programmes(text) == {"Coastal Health Challenge Fund": "Coastal Health Challenge Fund"}
    # a venture fund is no scheme
    assert programmes("The Coastal Health Venture Fund backs ten teams.") == {}


def test_a_name_the_sentence_calls_a_fund_is_no_programme() -> None:
    assert programmes("Kelvra Seed Initiative, un fonds qui soutient les biotechs, lève.") == {}
    assert programmes("The Kelvra Seed Initiative, a fund for biotechs, closed.") == {}
    # the same name called a scheme stays
    assert "Kelvra Seed Initiative" in programmes(
        "The Kelvra Seed Initiative, a scheme for biotechs, opened."
    )
    # after a programme, ", l'entreprise ..." opens the sentence's main clause
    text = "Accélérée par le programme « Kelvra Boost », l'entreprise a levé 2 M€."
    assert "programme « Kelvra Boost »" in programmes(text)
