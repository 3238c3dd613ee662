"""A foundation named after the body it raises money for ("Fondation de l'AP-HP") is its own
organisation, takes gifts as a recipient, and a reporting verb the NER runs into a company's
name ('said DNA Script') is no part of it. Sentences written for these tests (invented donors
and companies beside real institutions), through the real mention stage."""

from __future__ import annotations

import pytest
from fact_texts import amounts

from scanner.nlp.facts.context import is_funder
from scanner.nlp.gazetteer import GazEntry, Gazetteer
from scanner.nlp.mentions import MentionExtractor
from scanner.nlp.org_linking import foundation_names


def orgs(extractor: MentionExtractor, text: str) -> dict[str, str]:
    return {m.text: m.canonical for m in extractor.extract_one(text) if m.kind == "organisation"}


def test_a_foundation_named_after_a_listed_body() -> None:
    gaz = Gazetteer([GazEntry("organisation", "AP-HP"), GazEntry("organisation", "Inserm")])
    text = "La Fondation de l'AP-HP et l'Inserm, avec le fonds de dotation du CHU, financent."
    found = foundation_names(text, gaz.find(text, kinds=("organisation",)), gaz)
    assert [(m.text, m.canonical) for m in found] == [
        ("Fondation de l'AP-HP", "Fondation de l'AP-HP")
    ]


def test_foundations_found_in_news(mention_extractor: MentionExtractor) -> None:
    found = orgs(
        mention_extractor,
        "La Fondation de l'AP-HP soutient le projet. L'AP-HP ouvrira le service en 2027.",
    )
    assert found["Fondation de l'AP-HP"] == "Fondation de l'AP-HP"
    assert found["AP-HP"] == "AP-HP"


@pytest.mark.parametrize(
    ("name", "funder"),
    [
        ("Fondation de l'AP-HP", False),
        ("Fondation du CHU de Nantes", False),
        ("Fonds de dotation du CHU de Rennes", False),
        ("Fondation ARC", True),
        ("Fondation Berthelier", True),
        ("Bpifrance", True),
    ],
)
def test_a_hospitals_foundation_is_no_funder_by_trade(name: str, funder: bool) -> None:
    assert is_funder(name) is funder


def test_a_gift_to_a_hospitals_foundation(mention_extractor: MentionExtractor) -> None:
    text = (
        "Un don pour la chirurgie pédiatrique\n\n"
        "La Fondation Marlène Ostrow a annoncé un don de 5 M€ à la Fondation de l'AP-HP. "
        "Ce don s'ajoute aux 12 M€ collectés par la Fondation de l'AP-HP en 2025."
    )
    facts = amounts(mention_extractor, text)
    assert facts["5 M€"].recipient == "Fondation de l'AP-HP"
    assert facts["12 M€"].recipient == "Fondation de l'AP-HP"
    assert facts["12 M€"].why()["recipient"] == "rule:taken_by"


def test_a_reporting_verb_is_no_part_of_a_name(mention_extractor: MentionExtractor) -> None:
    found = orgs(mention_extractor, '"We will grow", said DNA Script chief executive Tom Bell.')
    assert found == {"DNA Script": "DNA Script"}


def test_market_operations_are_no_organisations(mention_extractor: MentionExtractor) -> None:
    found = orgs(
        mention_extractor, "Quiet Therapeutics prépare son IPO après un LBO mené par Ardian."
    )
    assert "IPO" not in found and "LBO" not in found and "Ardian" in found
