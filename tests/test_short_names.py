"""A company's short form takes its full name's canonical (one company, not two)."""

from __future__ import annotations

from scanner.nlp.short_names import with_full_names
from scanner.records import Mention


def org(text: str, start: int, canonical: str | None = None, origin: str = "model") -> Mention:
    return Mention("organisation", start, start + len(text), text, canonical or text, origin=origin)  # type: ignore[arg-type]


def canonicals(text: str, found: list[Mention]) -> dict[str, str]:
    return {m.text: m.canonical for m in with_full_names(text, found)}


def test_a_bare_first_or_last_name_joins_the_full_name() -> None:
    text = "Kinetiq Health lève 8 M$. Kinetiq vise l'Europe. Laboratoires Théralpes : Théralpes."
    found = [
        org("Kinetiq Health", 0),
        org("Kinetiq", 26),
        org("Laboratoires Théralpes", 50),
        org("Théralpes", 75),
    ]
    got = canonicals(text, found)
    assert got["Kinetiq"] == "Kinetiq Health"
    assert got["Théralpes"] == "Laboratoires Théralpes"


def test_listed_names_and_ambiguous_short_forms_stay_themselves() -> None:
    text = "Inserm Transfert et Inserm. Calder Imaging et Calder Robotics : Calder."
    found = [
        org("Inserm Transfert", 0),
        org("Inserm", 20, origin="gazetteer"),
        org("Calder Imaging", 28),
        org("Calder Robotics", 46),
        org("Calder", 64),
    ]
    got = canonicals(text, found)
    assert got["Inserm"] == "Inserm"  # a listed body is not its subsidiary
    assert got["Calder"] == "Calder"  # two longer names: no guess


def test_a_next_generation_fund_is_another_body() -> None:
    text = "Orvane Seed lance Orvane Seed II. Halcyon Bio et Halcyon Bio Labs : Halcyon."
    found = [org("Orvane Seed", 0), org("Orvane Seed II", 18)]
    assert canonicals(text, found)["Orvane Seed"] == "Orvane Seed"
    # a longer name with a word of a name still takes the short form
    found = [org("Kinetiq Health", 0), org("Kinetiq", 20)]
    assert canonicals("Kinetiq Health lève. Kinetiq vise.", found)["Kinetiq"] == "Kinetiq Health"
