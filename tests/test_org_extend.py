"""An institution's name cut at its "et de" runs to the bracket that follows. Sentences
invented for these tests."""

from __future__ import annotations

from scanner.nlp.org_extend import joined_halves
from scanner.records import Mention


def at(text: str, surface: str, kind: str = "organisation", origin: str = "model") -> Mention:
    start = text.index(surface)
    return Mention(kind, start, start + len(surface), surface, surface, origin=origin)  # type: ignore[arg-type]


def test_the_second_half_before_a_bracket_belongs_to_the_name() -> None:
    text = "Suivis à l'Institut de la vision et de la rétine de Brest (IVRB) depuis 2019."
    found = joined_halves(
        text, [at(text, "Institut de la vision"), at(text, "Brest", kind="place")]
    )
    assert [m.text for m in found] == ["Institut de la vision et de la rétine de Brest"]
    inside = "Avec le LCSA (Laboratoire Capteurs du Sommeil et de l'Apnée), un laboratoire mixte."
    got = joined_halves(inside, [at(inside, "Laboratoire Capteurs du Sommeil", origin="rule")])
    assert got[0].text == "Laboratoire Capteurs du Sommeil et de l'Apnée"


def test_a_second_thing_in_prose_or_a_listed_name_stays_cut() -> None:
    text = "Suivis à l'Institut Marvel et de nombreux centres, dont Orvane (Lyon)."
    assert joined_halves(text, [at(text, "Institut Marvel")])[0].text == "Institut Marvel"
    listed = "L'Institut Curie et de la Fondation Varenne (FV) ont signé."
    got = joined_halves(listed, [at(listed, "Institut Curie", origin="gazetteer")])
    assert got[0].text == "Institut Curie"
