"""More new actors (issue 14, second pass): shapes found missing on real health-innovation news,
each in sentences written for these tests (invented companies beside real programmes)."""

from __future__ import annotations

from scanner.nlp.gazetteer import GazEntry, Gazetteer, SpanSet
from scanner.nlp.mentions import MentionExtractor
from scanner.nlp.org_lists import list_siblings
from scanner.nlp.organisations import model_org_mentions
from scanner.nlp.programme_shapes import entity_programmes, shaped_programmes
from scanner.records import Mention


def names(mentions: list[Mention], kind: str) -> dict[str, str]:
    return {m.text: m.canonical for m in mentions if m.kind == kind}


def test_capitalised_programme_head_is_part_of_the_name() -> None:
    gaz = Gazetteer()
    text = "Le ministère a lancé le Plan Oncopédia 2021-2025 et le plan Vitalis 2030."
    found = {s.text: s.canonical for s in shaped_programmes(text, gaz)}
    assert found == {"Plan Oncopédia 2021-2025": "Plan Oncopédia 2021-2025",
                     "Vitalis 2030": "Vitalis 2030"}  # fmt: skip


def test_english_programme_named_before_its_head() -> None:
    gaz = Gazetteer([GazEntry("organisation", "Wellcome Leap"),
                     GazEntry("programme", "Horizon Europe")])  # fmt: skip
    text = (
        "The start-up won a grant from Innovate UK's Medical Bridge programme. "
        "It also joined the Horizon Europe Cluster 1 call and the Wellcome Leap programme. "
        "Its ABX464 program is in phase 2."
    )
    found = {s.text for s in shaped_programmes(text, gaz)}
    assert found == {"Medical Bridge"}


def test_model_organisations_that_open_with_a_programme_word() -> None:
    gaz = Gazetteer()
    text = "Le gouvernement présente la Stratégie nationale des maladies orphelines. Plan du site"
    start = text.index("Stratégie")
    ents = [(start, text.index("."), "ORG"), (text.index("Plan du"), len(text), "ORG")]
    found = entity_programmes(text, ents, gaz)
    assert [s.text for s in found] == ["Stratégie nationale des maladies orphelines"]


def test_listed_programme_in_another_case(mention_extractor: MentionExtractor) -> None:
    found = mention_extractor.extract_one("La 14e vague du concours I-nov est ouverte.")
    assert names(found, "programme") == {"concours I-nov": "i-Nov"}  # the head is inside


def test_tax_schemes_are_programmes_not_organisations(
    mention_extractor: MentionExtractor,
) -> None:
    text = (
        "La jeune pousse Lumidose a obtenu le statut de Jeune Entreprise Innovante (JEI) et "
        "bénéficie du crédit d'impôt recherche (CIR)."
    )
    found = mention_extractor.extract_one(text)
    progs = names(found, "programme")
    # a name and its bracketed acronym are one mention
    assert progs.get("crédit d'impôt recherche (CIR)") == "Crédit d'impôt recherche"
    assert progs.get("Jeune Entreprise Innovante (JEI)") == "Jeune entreprise innovante"
    assert not any("CIR" in n for n in names(found, "organisation"))


def test_funding_verbs_and_investor_shapes(mention_extractor: MentionExtractor) -> None:
    text = (
        "Carminova obtient le marquage CE pour son implant. Velorix étend sa série B à 40 M€, "
        "auprès du singapourien Straitcap et de Quillon Management. "
        "La levée de fonds de Bravexa a surpris. Norvane, qui développe un capteur, recrute."
    )
    orgs = names(mention_extractor.extract_one(text), "organisation")
    for name in ("Carminova", "Velorix", "Straitcap", "Quillon Management", "Bravexa", "Norvane"):
        assert orgs.get(name) == name, (name, orgs)


def test_bracketed_descriptions_in_a_list(mention_extractor: MentionExtractor) -> None:
    text = (
        "On retrouve des start-up comme Pelvio (rééducation connectée), Ostrana (suivi des "
        "fractures) ou encore Kelmis, qui développe un test salivaire. Premier de la classe, "
        "Dravik (plateforme de recrutement pour des essais cliniques) a levé 9 M€."
    )
    orgs = names(mention_extractor.extract_one(text), "organisation")
    for name in ("Pelvio", "Ostrana", "Kelmis", "Dravik"):
        assert name in orgs, (name, orgs)


def test_possessive_and_nationality_are_not_part_of_a_name(
    mention_extractor: MentionExtractor,
) -> None:
    text = (
        "Among the winners are Dutch Morvex BV and the Boston-based Tenzor Inc., backed by "
        "Caldera Ventures's new fund."
    )
    orgs = names(mention_extractor.extract_one(text), "organisation")
    assert orgs.get("Morvex BV") == "Morvex"
    assert orgs.get("Tenzor Inc.") == "Tenzor"
    assert "Caldera Ventures" in orgs
    assert not any("Dutch" in o or "based" in o or "'s" in o for o in orgs)


def test_a_shape_word_alone_is_no_name(mention_extractor: MentionExtractor) -> None:
    text = "Novo Holdings et plusieurs investisseurs créent un fonds."
    orgs = names(mention_extractor.extract_one(text), "organisation")
    assert "Holdings" not in orgs and orgs.get("Novo Holdings") == "Novo Holdings"


def test_a_product_the_text_introduces_is_no_company(
    mention_extractor: MentionExtractor,
) -> None:
    text = "Le projet, baptisé Curavox, associe trois CHU. Curavox obtient 2 M€ de la Région."
    assert "Curavox" not in names(mention_extractor.extract_one(text), "organisation")


def test_list_siblings_of_a_known_organisation() -> None:
    text = "Calyra, Dental Rovex et Doctolib se distinguent. Le Dr Jean Morel et Doctolib aussi."
    doc = text.index("Doctolib")
    known = [Mention("organisation", doc, doc + 8, "Doctolib", "Doctolib", origin="gazetteer")]
    second = text.index("Doctolib", doc + 1)
    known.append(Mention("organisation", second, second + 8, "Doctolib", "Doctolib"))
    person = text.index("Jean Morel")
    ents = [(person, person + len("Jean Morel"), "PER")]
    taken = SpanSet((m.start, m.end) for m in known)
    found = {m.text for m in list_siblings(text, known, ents, taken, lambda w: False)}
    assert found == {"Calyra", "Dental Rovex"}


def test_a_listed_name_in_another_case_wins_over_the_models_label(
    mention_extractor: MentionExtractor,
) -> None:
    text = "Le fonds a été créé avec le soutien de BpiFrance et de la région."
    found = mention_extractor.extract_one(text)
    assert names(found, "organisation").get("BpiFrance") == "Bpifrance"
    assert "BpiFrance" not in names(found, "place")


def test_satt_names_are_organisations(mention_extractor: MentionExtractor) -> None:
    found = mention_extractor.extract_one("La SATT Lumen Ouest a maturé le projet.")
    assert names(found, "organisation").get("SATT Lumen Ouest") == "SATT Lumen Ouest"


def test_an_acronym_before_an_english_programme_head() -> None:
    text = "The Agency's Device Bridge (DB2) programme funds prototypes."
    found = {s.text for s in shaped_programmes(text, Gazetteer())}
    assert found == {"Device Bridge (DB2)"}  # one mention with its acronym, as annotators write


def test_two_english_bodies_joined_by_and_the() -> None:
    text = "It is managed by the Northern Research Council and the Regional Strategy Board."
    start = text.index("Northern")
    ents = [(start, text.index("."))]  # the French model's one ORG over both names
    found = {m.text for m in model_org_mentions(text, ents, Gazetteer(), english=True)}
    assert found == {"Northern Research Council", "Regional Strategy Board"}
    joined = {m.text for m in model_org_mentions(text, ents, Gazetteer(), english=False)}
    assert joined != found  # French text keeps the model's span (no English split)


def test_an_acronym_before_a_company_word_is_not_its_short_name(
    mention_extractor: MentionExtractor,
) -> None:
    text = "The QRSB Medtech scheme ends. QRSB will fund a new centre, the agency said."
    found = mention_extractor.extract_one(text)
    assert all(m.canonical != "QRSB Medtech" for m in found if m.text == "QRSB")


def test_programme_heads_with_a_qualifier_an_owner_or_a_missing_year() -> None:
    gaz = Gazetteer(
        [
            GazEntry("organisation", "Bpifrance"),
            GazEntry("programme", "Vitalis 2030", ("Plan Vitalis 2030",)),
        ]
    )
    text = (
        "Le programme d'accélération medtech Korvo accueille dix projets. Le concours Lumen de "
        "Bpifrance est ouvert. Le programme financé par la Région démarre. Le plan Vitalis, "
        "volet santé, avance."
    )
    found = {s.text: s.canonical for s in shaped_programmes(text, gaz)}
    assert found == {"Korvo": "Korvo", "Lumen": "Lumen", "Vitalis": "Vitalis 2030"}


def test_an_action_named_in_quotes_is_a_programme(mention_extractor: MentionExtractor) -> None:
    text = "Cette action intitulée « Relais des incubateurs » est dotée de 30 M€."
    progs = names(mention_extractor.extract_one(text), "programme")
    assert progs == {"Relais des incubateurs": "Relais des incubateurs"}
