"""English programme shapes and the programmes the gazetteer gained in the sixth pass: each
rule with a case and a near case it leaves alone, in sentences written for these tests
(invented schemes and companies beside real, listed programmes)."""

from __future__ import annotations

import json
from pathlib import Path

from scanner.nlp.gazetteer import Gazetteer
from scanner.nlp.mentions import MentionExtractor
from scanner.nlp.programme_shapes import shaped_programmes
from scanner.records import Mention

PROGRAMMES = Path(__file__).resolve().parents[1] / "models" / "gazetteer" / "programmes.jsonl"


def found(text: str) -> dict[str, str]:
    return {s.text: s.canonical for s in shaped_programmes(text, Gazetteer())}


def names(mentions: list[Mention], kind: str) -> set[str]:
    return {m.text for m in mentions if m.kind == kind}


def test_the_acronym_before_the_head_is_inside_the_mention() -> None:
    text = "It is funded through its Medical Bridge (mb3) programme."
    assert found(text) == {"Medical Bridge (mb3)": "Medical Bridge"}
    assert found("It is funded through its Medical Bridge programme.") == {
        "Medical Bridge": "Medical Bridge"
    }


def test_a_plural_head_before_a_name_or_a_sum_is_a_verb() -> None:
    assert found("Northwind Health awards Kelso Bio up to $5 million.") == {}
    assert found("Northwind grants €2m to Kelso Bio.") == {}
    # a plural head followed by the sentence's verb still closes a scheme's name
    assert found("The Harbour Seed grants fund ten teams.") == {"Harbour Seed": "Harbour Seed"}


def test_a_bodys_own_grant_is_no_scheme() -> None:
    assert found("Kelso Bio wins Northwind Enterprise grant.") == {}
    assert found("Kelso Bio wins Northwind Seed grant.") == {"Northwind Seed": "Northwind Seed"}


def test_the_editions_year_stands_outside_the_name() -> None:
    text = "The 2027 Lumen Open call had a budget of €90 million."
    assert found(text) == {"Lumen Open": "Lumen Open"}
    assert found("It holds a Phase II Korvo grant.") == {"Korvo": "Korvo"}  # a phase's number
    assert found("It joined the Korvo 2 programme.") == {"Korvo 2": "Korvo 2"}  # inside a name


def test_french_words_open_no_english_name() -> None:
    assert found("Le centre ouvre. Au programme : essais de phase précoce.") == {}
    assert found("The centre joins the Korvo programme.") == {"Korvo": "Korvo"}


def test_a_trial_phase_is_no_programme_name() -> None:
    assert found("Milestones are due if the lead programme reaches Phase 3.") == {}
    assert found("Le programme Korvo 3 démarre.") == {"Korvo 3": "Korvo 3"}


def test_listed_schemes_are_programmes_not_organisations(
    mention_extractor: MentionExtractor,
) -> None:
    text = (
        "Kelso Bio received an award from Innovate UK's Biomedical Catalyst in 2024. "
        "Le Fonds européen de développement régional (FEDER) apporte 900 000 euros à Lumeo."
    )
    got = mention_extractor.extract_one(text)
    programmes = names(got, "programme")
    assert {"Biomedical Catalyst", "Fonds européen de développement régional (FEDER)"} <= programmes
    assert not programmes & names(got, "organisation")  # never both kinds on one name


def test_every_programme_parent_is_listed() -> None:
    entries = [json.loads(line) for line in PROGRAMMES.read_text().splitlines() if line]
    canonicals = {e["canonical"] for e in entries}
    assert len(canonicals) == len(entries)
    assert all(e["parent"] in canonicals for e in entries if e["parent"])


def test_what_a_company_wins_or_is_picked_for_is_a_scheme() -> None:
    text = "Woundly was among the winners of the Northfield Momentum Fund this year."
    assert found(text) == {"Northfield Momentum Fund": "Northfield Momentum Fund"}
    assert found("Lumen was selected for the Velora Launchpad.") == {
        "Velora Launchpad": "Velora Launchpad"
    }
    text = "Kardiatek, lauréate des Trophées Azur Innovation, recrute."
    assert found(text) == {"Trophées Azur Innovation": "Trophées Azur Innovation"}
    # a body, a trial's phase or a head left alone are no scheme's name
    assert found("Neuralis est lauréate de la Fondation Galien.") == {}
    assert found("Lumen was selected for the Phase 3 trial.") == {}
    assert found("The winners of the Northfield Institute were named.") == {}
