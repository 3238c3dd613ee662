"""Places, lone job titles, plural schemes and opening participles the model tags as
organisations are dropped or retyped; bodies named after a place are kept.
Sentences and companies invented for these tests."""

from __future__ import annotations

from scanner.nlp.org_filters import without_false_orgs
from scanner.records import Mention


def kept(text: str, surface: str, origin: str = "model") -> bool:
    start = text.index(surface)
    m = Mention("organisation", start, start + len(surface), surface, surface, origin=origin)  # type: ignore[arg-type]
    return bool(without_false_orgs(text, [m]))


def test_places_alone_or_paired_are_no_organisation() -> None:
    text = "The spinout draws on labs in Oxford and Cambridge and has a team in Silicon Valley."
    assert not kept(text, "Oxford and Cambridge")
    assert not kept(text, "Silicon Valley")
    assert not kept("La start-up vise Lyon et Grenoble.", "Lyon et Grenoble")
    assert not kept("Un vol Paris-Stockholm relie les deux sites.", "Paris-Stockholm")
    assert not kept("Le projet couvre la Creuse.", "Creuse")


def test_bodies_named_after_a_place_are_kept() -> None:
    text = "Oxford Nanopore and Cambridge Innovation Capital back Lyonvax in Lyon."
    assert kept(text, "Oxford Nanopore")
    assert kept(text, "Cambridge Innovation Capital")
    assert kept("Saint-Étienne Santé Invest mène le tour.", "Saint-Étienne Santé Invest")
    # a listed name is trusted even when it is a place's
    assert kept("Le fonds Occitanie investit.", "Occitanie", origin="gazetteer")


def test_a_scheme_named_in_the_plural_is_a_programme() -> None:
    from scanner.nlp.org_filters import as_schemes

    def org(surface: str, canonical: str) -> Mention:
        return Mention("organisation", 0, len(surface), surface, canonical, origin="rule")

    got = as_schemes(
        [
            org("Knowledge Transfer Partnerships (KTPs)", "KTPs"),
            org("KTPs", "KTPs"),
            org("Academic Health Science Networks (AHSNs)", "AHSNs"),
        ]
    )
    assert [m.kind for m in got] == ["programme", "programme", "organisation"]
    assert got[1].canonical == "Knowledge Transfer Partnerships"


def test_a_job_title_alone_is_no_organisation() -> None:
    text = (
        "The panel: Ada Moss, Managing Director, Kerlann Partners; Leo Hart, Investment "
        "Associate, Orvane Health Ventures; Mia Roy, Partner, Venture Partners."
    )
    assert not kept(text, "Managing Director")
    assert not kept(text, "Investment Associate")
    assert not kept(text, "Partner")
    assert kept(text, "Kerlann Partners")
    assert kept(text, "Venture Partners")  # plural: a firm's name
    assert kept(text, "Orvane Health Ventures")


def test_a_place_and_the_kind_of_its_investors_is_no_organisation() -> None:
    text = "Silicon Valley VC firm Harlow and Boston VC Partners back Orvane."
    assert not kept(text, "Silicon Valley VC")
    assert kept(text, "Boston VC Partners")


def test_a_participle_opening_a_sentence_before_by_is_no_organisation() -> None:
    text = "Moderated by Ada Moss, the panel met. Harrowed, Orvane signed with Lumed by March."
    assert not kept(text, "Moderated")
    assert kept(text, "Harrowed")  # no "by" after it: left to the other checks
    assert kept(text, "Lumed")  # inside the sentence
