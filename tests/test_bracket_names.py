"""A name and the acronym or expansion in brackets after it: one body or two."""

import pytest

from scanner.nlp.bracket_names import spell_each_other
from scanner.nlp.mentions import MentionExtractor


@pytest.mark.parametrize(
    ("left", "right"),
    [
        ("Hospices Civils de Lyon", "HCL"),
        ("Centre hospitalier universitaire de Liège", "CHU de Liège"),
        ("SESSTIM", "Sciences économiques et sociales de la santé et traitement de l'information"),
        ("Agence régionale de santé Provence-Alpes-Côte d'Azur", "ARS PACA"),
        ("Établissement français du sang", "EFS"),
        ("Small Business Innovation Research", "SBIR"),
    ],
)
def test_a_name_and_its_acronym_spell_each_other(left: str, right: str) -> None:
    assert spell_each_other(left, right)
    assert spell_each_other(right, left)


@pytest.mark.parametrize(
    ("left", "right"),
    [
        ("Institut Cochin", "Inserm"),  # a parent body, not an acronym
        ("Sanofi", "SNY"),  # a one-word name is no expansion
        ("Paris Brain Institute", "ICM"),  # letters out of reach: left apart, not guessed
        ("Owkin Therapeutics", "USA"),
        ("Institut Curie", "PSL"),
    ],
)
def test_other_brackets_do_not(left: str, right: str) -> None:
    assert not spell_each_other(left, right)


def test_a_programme_keeps_its_head_noun(mention_extractor: MentionExtractor) -> None:
    text = (
        "Lauréate du concours i-Lab, la start-up rejoint le dispositif « Impulsion Santé » "
        "et le plan France Relance. Le Plan Innovation Santé 2030 finance aussi i-Lab."
    )
    mentions = mention_extractor.extract_one(text)
    progs = {m.text: m.canonical for m in mentions if m.kind == "programme"}
    assert progs["concours i-Lab"] == progs["i-Lab"] == "i-Lab"  # one canonical, head or not
    assert any(t.startswith("plan France Relance") for t in progs)
    assert "dispositif « Impulsion Santé »" in progs
    # a capitalised head is the name's own first word, never doubled
    assert not any(t.startswith("plan Plan") or t.lower().count("plan") > 1 for t in progs)
