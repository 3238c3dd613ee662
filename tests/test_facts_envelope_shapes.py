"""A programme's envelope in apposition ("France 2030, avec un investissement de 54 milliards
d'euros"), a competition's share, a public funder's money for projects, and a spaCy entity
running into the sentence. Sentences written for these tests, through the real mention
stage."""

from __future__ import annotations

from fact_texts import amounts

from scanner.nlp.mentions import MentionExtractor


def test_a_programmes_envelope_in_apposition_is_background(
    mention_extractor: MentionExtractor,
) -> None:
    texts = (
        "France 2030, avec un investissement de 54 milliards d'euros, soutient la start-up Qivara.",
        "Qivara reçoit 2 M€ de Bpifrance dans le cadre de France 2030, plan d'investissement "
        "de 54 milliards d'euros.",
    )
    for text in texts:
        fact = amounts(mention_extractor, text)["54 milliards d'euros"]
        assert fact.role == "public_budget" and fact.new is False
        assert fact.programme == "France 2030" and fact.payers == ()


def test_a_plan_adopted_with_its_envelope_is_news(mention_extractor: MentionExtractor) -> None:
    text = (
        "La Région Occitanie a adopté le plan « Occitanie Santé 2030 », doté de 30 millions "
        "d'euros sur quatre ans."
    )
    fact = amounts(mention_extractor, text)["30 millions d'euros"]
    assert fact.role == "public_budget" and fact.new is True


def test_a_share_of_a_competition_is_its_envelope(mention_extractor: MentionExtractor) -> None:
    text = (
        "UK businesses can apply for a share of up to £4 million to develop new digital "
        "health solutions. Innovate UK is to invest up to £4 million in industrial research "
        "and experimental development projects."
    )
    facts = amounts(mention_extractor, text)
    assert {f.role for f in facts.values()} == {"public_budget"}


def test_an_entity_running_into_the_sentence_is_no_programme(
    mention_extractor: MentionExtractor,
) -> None:
    text = "The Velmont Invention for Care (VIC) Programme is a translational funding scheme."
    programmes = {m.text for m in mention_extractor.extract_one(text) if m.kind == "programme"}
    assert not any(" is " in name for name in programmes)
