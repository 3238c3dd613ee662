"""New actors in the mention stage: organisations found by context and by shape, longer names
and acronyms linked right, programmes beyond the list, English texts, reliable persons and
places, and bad input (the examples of issue 14, in sentences written for these tests)."""

from __future__ import annotations

import time

import pytest

from scanner.nlp.mentions import MentionExtractor
from scanner.records import Mention


def names(mentions: list[Mention], kind: str) -> dict[str, str]:
    """surface text -> canonical, for one kind."""
    return {m.text: m.canonical for m in mentions if m.kind == kind}


def origins(mentions: list[Mention], kind: str) -> dict[str, str]:
    return {m.text: m.origin for m in mentions if m.kind == kind}


def test_a_funding_sentence_names_its_actors(mention_extractor: MentionExtractor) -> None:
    text = (
        "Novadiscovery lève 5 M€ auprès de Debiopharm pour sa plateforme d'essais in silico. "
        "La biotech Mutabilis boucle un tour mené par Kurma Partners, avec la participation "
        "de Bpifrance, Pontifax et CapDecisif."
    )
    found = mention_extractor.extract_one(text)
    orgs = names(found, "organisation")
    for name in ("Novadiscovery", "Debiopharm", "Mutabilis", "Kurma Partners", "Pontifax",
                 "CapDecisif", "Bpifrance"):  # fmt: skip
        assert orgs.get(name) == name, (name, orgs)
    assert origins(found, "organisation")["Debiopharm"] == "rule"  # not listed: discovered
    assert origins(found, "organisation")["Bpifrance"] == "gazetteer"
    assert not names(found, "person") and not names(found, "place")


def test_companies_read_as_people_are_companies(mention_extractor: MentionExtractor) -> None:
    text = (
        "Les biotechs américaines Juno, Kite et Bluebird ont ouvert la voie aux CAR-T. "
        "Robocath, spécialiste des robots de cathétérisme, a levé 40 M€."
    )
    found = mention_extractor.extract_one(text)
    orgs = names(found, "organisation")
    assert {"Juno", "Kite", "Bluebird", "Robocath"} <= set(orgs)
    assert not {"Juno", "Kite", "Bluebird", "Robocath"} & set(names(found, "person"))


def test_shapes_and_investors(mention_extractor: MentionExtractor) -> None:
    text = (
        "Le robot d'Intuitive Surgical domine le marché. Amolyt Pharma et Mnemo Therapeutics "
        "ont attiré Sofinnova Partners et Jeito Capital."
    )
    orgs = names(mention_extractor.extract_one(text), "organisation")
    for name in ("Intuitive Surgical", "Amolyt Pharma", "Mnemo Therapeutics",
                 "Sofinnova Partners", "Jeito Capital"):  # fmt: skip
        assert orgs.get(name) == name, (name, orgs)


def test_longer_names_are_not_folded_into_listed_ones(mention_extractor: MentionExtractor) -> None:
    text = (
        "Inserm Transfert et le CEA-Leti accompagnent la start-up, aux côtés de l'Inserm. "
        "La Caisse des dépôts et consignations (CDC) Entreprises gère le fonds."
    )
    orgs = names(mention_extractor.extract_one(text), "organisation")
    assert orgs["Inserm Transfert"] == "Inserm Transfert"
    assert orgs["CEA-Leti"] == "CEA-Leti"
    assert orgs["Inserm"] == "Inserm"
    assert orgs["Caisse des dépôts et consignations (CDC) Entreprises"] == "CDC Entreprises"


def test_acronyms_in_both_orders_and_inside_listed_names(
    mention_extractor: MentionExtractor,
) -> None:
    text = (
        "Le Paris Saclay Cancer Cluster (PSCC) réunit des hôpitaux ; le PSCC recrute. "
        "L'agence régionale de santé (ARS) de Nouvelle-Aquitaine finance l'essai ; l'ARS suit. "
        "Le BCRT (Berlin Center for Regenerative Therapies) collabore."
    )
    orgs = names(mention_extractor.extract_one(text), "organisation")
    # the definition is one mention (name and bracket), the later acronym another
    assert orgs["Paris Saclay Cancer Cluster (PSCC)"] == "PSCC" and orgs["PSCC"] == "PSCC"
    surface = "agence régionale de santé (ARS) de Nouvelle-Aquitaine"
    assert orgs[surface] == "ARS Nouvelle-Aquitaine"
    assert orgs["ARS"] == "ARS Nouvelle-Aquitaine"
    assert orgs["BCRT (Berlin Center for Regenerative Therapies)"] == "BCRT"


def test_variants_and_aliases_have_one_canonical(mention_extractor: MentionExtractor) -> None:
    texts = [
        "Oseo et le Fonds stratégique d'investissement ont rejoint Bpifrance. MSD investit.",
        "Oséo, le FSI et Merck & Co sont cités. La start-up NOVAGEN lève 3 M€.",
        "La biotech Novagen recrute.",
    ]
    found = mention_extractor.extract(texts)
    canon = [names(f, "organisation") for f in found]
    assert canon[0]["Oseo"] == canon[1]["Oséo"] == "Oseo"
    assert canon[0]["Fonds stratégique d'investissement"] == canon[1]["FSI"] == "FSI"
    assert canon[0]["MSD"] == canon[1]["Merck & Co"] == "MSD"
    # an unlisted name keeps one canonical across the batch, mixed case preferred
    assert canon[1]["NOVAGEN"] == canon[2]["Novagen"] == "Novagen"


def test_programmes_beyond_the_list(mention_extractor: MentionExtractor) -> None:
    text = (
        "Lauréate de French Tech Health20 et du Concours mondial d'innovation, la société a "
        "obtenu un PSPC puis un financement du FUI. Le PEPR Organoïdes et organes sur puce est "
        "doté de 50 M€. La région lance le concours Nova'Up et l'appel à projets "
        "« Santé connectée 2027 ». Elle vise l'EIC Accelerator d'Horizon Europe."
    )
    found = mention_extractor.extract_one(text)
    progs = names(found, "programme")
    assert progs["French Tech Health20"] == "French Tech Health20"
    assert progs["Concours mondial d'innovation"] == "Concours mondial d'innovation"
    assert progs["PSPC"] == "PSPC" and progs["FUI"] == "FUI"
    assert progs["PEPR Organoïdes et organes sur puce"] == "PEPR Organoïdes et organes sur puce"
    # a lowercase head is inside the surface, not in the canonical
    assert progs["concours Nova'Up"] == "Nova'Up"
    assert origins(found, "programme")["concours Nova'Up"] == "rule"
    # the head that introduces a quoted title is kept, the canonical is the bare title
    assert progs["appel à projets « Santé connectée 2027 »"] == "Santé connectée 2027"
    assert progs["EIC Accelerator"] == "EIC Accelerator"
    assert not {"French Tech Health20", "PSPC", "FUI", "Nova'Up"} & set(
        names(found, "organisation")
    )


def test_english_organisations(mention_extractor: MentionExtractor) -> None:
    text = (
        "Paris-based Mnemo Therapeutics has raised €75m in a Series A round led by Casdin "
        "Capital and Sofinnova Partners. The French startup Kiomed, a spinout of Inserm, "
        "raised $12m from investors including Seventure and Bpifrance. The company said "
        "regulatory approval is expected in Asia."
    )
    found = mention_extractor.extract_one(text)
    orgs = names(found, "organisation")
    for name in ("Mnemo Therapeutics", "Casdin Capital", "Sofinnova Partners", "Kiomed",
                 "Inserm", "Seventure", "Bpifrance"):  # fmt: skip
        assert name in orgs, (name, orgs)
    assert not {"Paris-based", "French", "Asia", "Series A"} & set(orgs)


def test_persons_and_places_only_where_reliable(mention_extractor: MentionExtractor) -> None:
    text = (
        "Sanfilippo is a lysosomal storage disease. Figurant parmi les lauréats, la start-up "
        "rennaise a convaincu. « Nous accélérons », explique Julie Marchand, sa présidente, "
        "depuis Rennes."
    )
    found = mention_extractor.extract_one(text)
    persons, places = names(found, "person"), names(found, "place")
    assert "Julie Marchand" in persons
    assert not any("lysosomal" in p or p == "Sanfilippo" for p in persons)
    assert "Figurant" not in places and "Figurant" not in persons


def test_a_companys_legal_form_is_no_place(mention_extractor: MentionExtractor) -> None:
    text = (
        "Pulsar Medical Imaging Technology (Shanghai) Co. Ltd. has raised more than $100 "
        "million in a series C round, its chief executive said from Shanghai."
    )
    places = names(mention_extractor.extract_one(text), "place")
    assert "Co" not in places and "Ltd" not in places
    assert "Shanghai" in places


# --- bad input ------------------------------------------------------------------------------


def test_a_list_of_two_hundred_company_names(mention_extractor: MentionExtractor) -> None:
    companies = [f"Biotek{i:03d} Therapeutics" for i in range(200)]
    text = "Les sociétés suivantes ont levé des fonds : " + ", ".join(companies) + "."
    started = time.perf_counter()
    found = mention_extractor.extract_one(text)
    assert time.perf_counter() - started < 20
    orgs = names(found, "organisation")
    assert len(orgs) >= 190
    for m in found:
        assert text[m.start : m.end] == m.text


@pytest.mark.parametrize(
    "text",
    [
        "LA START-UP ROBOCATH LÈVE 5 M€ AUPRÈS DE BPIFRANCE ET DE L'INSERM.",
        "La start-up Robo\u200bcath 🤖 lève 5 M€ auprès de Bpi\u200bfrance 🚀 et de 🧬Genoway.",
        "🚀" * 500 + " Inserm " + "\u200b" * 500,
    ],
)
def test_capitals_emoji_and_invisible_characters(
    mention_extractor: MentionExtractor, text: str
) -> None:
    found = mention_extractor.extract_one(text)
    for m in found:
        assert text[m.start : m.end] == m.text
    assert any(m.canonical in ("Bpifrance", "Inserm") for m in found)


def test_a_groups_french_subsidiary_is_an_organisation_of_its_own(
    mention_extractor: MentionExtractor,
) -> None:
    text = "L'Institut Roussel et MSD France signent un accord, soutenu par France 2030."
    found = mention_extractor.extract_one(text)
    # never folded into the listed group
    assert names(found, "organisation")["MSD France"] == "MSD France"
    assert "France" not in names(found, "place")
    assert "France 2030" in names(found, "programme")


def test_a_stock_ticker_is_no_organisation(mention_extractor: MentionExtractor) -> None:
    text = (
        "La biotech Theranexa (Euronext Growth : ALTHX) obtient un brevet. Corvela (Nasdaq: "
        "CRVL) lève 40 M$ auprès du Fonds européen d'investissement (FEI)."
    )
    orgs = set(names(mention_extractor.extract_one(text), "organisation"))
    assert {"Theranexa", "Corvela"} <= orgs
    assert not {"ALTHX", "CRVL"} & orgs
    assert "FEI" in orgs or "Fonds européen d'investissement (FEI)" in orgs  # an acronym stays
