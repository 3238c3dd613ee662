"""Funding facts, a share an envelope gives to a named organisation is that organisation's
grant (`share_to_beneficiary`), as new as its envelope; a share for a field (no organisation)
gets no recipient.

Sentences written for these tests (invented organisations), through the real mention stage
(spaCy NER and parser, gazetteers, rules).
"""

from __future__ import annotations

from fact_texts import amounts

from scanner.nlp.mentions import MentionExtractor


def test_a_share_for_a_named_company_is_its_grant(mention_extractor: MentionExtractor) -> None:
    text = (
        "Bioproduction : douze lauréats\n\n"
        "L'appel à projets « Bioproduction 2026 », doté de 62 M€ par l'État, a retenu douze "
        "lauréats. La répartition prévoit 14 M€ pour le façonnier Biovarne France et 9 M€ pour "
        "les équipes cliniques du CHU de Brest."
    )
    f = amounts(mention_extractor, text)
    assert f["14 M€"].role == "grant" and f["14 M€"].recipient == "Biovarne France"
    assert f["9 M€"].role == "grant" and f["9 M€"].recipient == "CHU de Brest"
    assert f["14 M€"].why()["role"] == "rule:share_to_beneficiary"
    assert f["14 M€"].new == f["62 M€"].new and f["14 M€"].payers == f["62 M€"].payers


def test_a_share_for_a_field_stays_an_envelope(mention_extractor: MentionExtractor) -> None:
    text = (
        "France 2030 : 7 milliards pour la santé\n\n"
        "Le gouvernement consacre 7 milliards d'euros à l'innovation en santé, dont 670 M€ pour "
        "la santé numérique."
    )
    f = amounts(mention_extractor, text)["670 M€"]
    assert f.why()["role"] != "rule:share_to_beneficiary" and f.recipient is None
