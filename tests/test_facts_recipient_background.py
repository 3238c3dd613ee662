"""Funding facts, who gets money a background sentence tells of: a sentence opening with "it",
"elle", "la jeune pousse" that takes money speaks of the company opening the sentence before,
not of the article's protagonist (`recipient.previous_opener`).

Sentences written for these tests (invented companies and funds), through the real mention
stage (spaCy NER and parser, gazetteers, rules).
"""

from __future__ import annotations

from fact_texts import amounts

from scanner.nlp.mentions import MentionExtractor


def test_a_partners_past_round_is_the_partners(mention_extractor: MentionExtractor) -> None:
    text = (
        "Sanofi signs with Paris start-up Quorvia\n\n"
        "Sanofi has signed a multi-year agreement with Quorvia, a Paris start-up whose software "
        "predicts patient recruitment at clinical trial sites.\n\n"
        "Quorvia, founded in 2022 by former hospital pharmacists, won an award last year. "
        "It raised €6 million in 2025 from Pont-Neuf Ventures."
    )
    f = amounts(mention_extractor, text)["€6 million"]
    assert f.recipient == "Quorvia"
    assert f.why()["recipient"] == "rule:previous_opener"


def test_a_stand_in_after_a_sentence_opening_with_no_company_is_left_alone(
    mention_extractor: MentionExtractor,
) -> None:
    text = (
        "Sanofi signs with Paris start-up Quorvia\n\n"
        "Sanofi has signed a multi-year agreement with Quorvia, a Paris start-up whose software "
        "predicts patient recruitment at clinical trial sites.\n\n"
        "Founded in 2022 by former hospital pharmacists, the software won an award last year. "
        "It raised €6 million in 2025 from Pont-Neuf Ventures."
    )
    f = amounts(mention_extractor, text)["€6 million"]
    assert f.why()["recipient"] != "rule:previous_opener"


def test_a_french_stand_in_follows_the_company_opening_the_sentence_before(
    mention_extractor: MentionExtractor,
) -> None:
    text = (
        "L'ANRS attribue 2,6 M€ au consortium Vigitrax\n\n"
        "L'ANRS attribue 2,6 M€ au consortium Vigitrax, qui associe l'Institut Pasteur et la "
        "start-up montpelliéraine Lagunor Diagnostics.\n\n"
        "Lagunor Diagnostics en recevra 900 000 euros pour industrialiser la cartouche. La jeune "
        "pousse, créée en 2023, avait réuni 2 M€ en amorçage auprès de Garrigue Ventures."
    )
    f = amounts(mention_extractor, text)["2 M€"]
    assert f.recipient == "Lagunor Diagnostics"


def test_a_list_of_companies_gives_each_its_money(mention_extractor: MentionExtractor) -> None:
    text = (
        "La région Occitanie soutient trois jeunes entreprises\n\n"
        "La région Occitanie accorde des avances remboursables à trois entreprises : Garonnel "
        "Medical, qui imprime des cupules de hanche (800 000 euros) ; Cévenor Imaging, qui "
        "développe une sonde d'échographie (650 000 euros) ; et Thaulis Bioservices, "
        "sous-traitant en bioproduction (1,1 M€)."
    )
    f = amounts(mention_extractor, text)
    assert f["650 000 euros"].recipient == "Cévenor Imaging"
    assert f["1,1 M€"].recipient == "Thaulis Bioservices"


def test_a_sentences_first_amount_keeps_the_first_company(
    mention_extractor: MentionExtractor,
) -> None:
    text = (
        "Bilan de l'année\n\n"
        "Parmi les opérations de l'année figurent la série A de Norvalis (3,5 M€) et "
        "l'amorçage de Kerbio (1,6 M€)."
    )
    f = amounts(mention_extractor, text)
    assert f["3,5 M€"].recipient == "Norvalis"
    assert f["3,5 M€"].why()["recipient"] != "rule:segment_company"
