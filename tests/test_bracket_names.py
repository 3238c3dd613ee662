"""A name and the acronym or expansion in brackets after it: one body or two."""

import pytest

from scanner.nlp.bracket_names import spell_each_other


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
