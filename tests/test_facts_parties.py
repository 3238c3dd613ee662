"""Funding facts, who pays and who gets: a round's investors named after it, names nobody
listed at the head of a list line or a table row, takeovers, totals and their parts, tariffs.

Sentences written for these tests (invented companies and funds), through the real mention
stage (spaCy NER and parser, gazetteers, rules).
"""

from __future__ import annotations

from fact_texts import amounts

from scanner.nlp.facts.unlisted import line_head, name_at
from scanner.nlp.mentions import MentionExtractor


def test_investors_in_the_sentences_after_a_round(mention_extractor: MentionExtractor) -> None:
    text = (
        "Kelvia boucle un tour de table\n\n"
        "La medtech grenobloise Kelvia annonce avoir bouclé une levée de fonds de 15 millions "
        "d'euros. Sofinnova Partners, Kurma Partners et Andera Partners ont participé à "
        "l'opération. Ses investisseurs historiques, Supernova Invest et Bpifrance, ont "
        "également suivi."
    )
    f = amounts(mention_extractor, text)["15 millions d'euros"]
    assert f.role == "equity" and f.recipient == "Kelvia"
    assert set(f.payers) == {
        "Sofinnova Partners",
        "Kurma Partners",
        "Andera Partners",
        "Supernova Invest",
        "Bpifrance",
    }
    assert "round_details" in f.why()["payers"]


def test_more_investors_after_those_of_the_amounts_sentence(
    mention_extractor: MentionExtractor,
) -> None:
    text = (
        "La start-up Oxalis a levé 8 millions d'euros auprès d'Elaia. Kurma Partners a "
        "également participé au tour de table."
    )
    f = amounts(mention_extractor, text)["8 millions d'euros"]
    assert f.payers[0] == "Elaia" and "Kurma Partners" in f.payers
    assert f.why()["payers"].endswith("+round_details")


def test_a_sentence_about_something_else_adds_no_investor(
    mention_extractor: MentionExtractor,
) -> None:
    text = (
        "La start-up Oxalis a levé 8 millions d'euros auprès d'Elaia. Elle travaille avec "
        "l'AP-HP depuis 2024."
    )
    f = amounts(mention_extractor, text)["8 millions d'euros"]
    assert f.payers == ("Elaia",)


def test_names_heading_list_lines_and_table_rows() -> None:
    row = "Docteo | 3,4 M€ | subvention"
    assert line_head(row, 0, row.index("3,4")) == "Docteo"
    line = "Kalios (Lyon) : 4,3 M€ en amorçage"
    assert line_head(line, 0, line.index("4,3")) == "Kalios"
    suffixed = "CARDIOSENS SA | 2,6 M€ | subvention"
    assert line_head(suffixed, 0, suffixed.index("2,6")) == "CARDIOSENS"  # as a canonical
    prose = "Le tour est mené par Elaia : 3 M€ au total"
    assert line_head(prose, 0, prose.index("3 M€")) is None
    header = "Lauréat | Région | 2 M€"
    assert line_head(header, 0, header.index("2 M€")) is None
    assert name_at("Calanque AI closes a round", 0) == "Calanque AI"
    assert name_at("L'entreprise lève", 0) is None


def test_a_table_of_laureates_gives_recipients_and_its_headings_role(
    mention_extractor: MentionExtractor,
) -> None:
    text = (
        "Concours : les lauréats dévoilés\n\n"
        "Les subventions les plus importantes :\n"
        "Lauréat | Région | Montant\n"
        "Vexalis | Occitanie | 600 000 €\n"
        "Brumea Bio | Bretagne | 550 000 €\n"
    )
    f = amounts(mention_extractor, text)
    assert f["600 000 €"].recipient == "Vexalis" and f["550 000 €"].recipient == "Brumea Bio"
    assert f["600 000 €"].role == "grant"
    assert f["600 000 €"].why()["role"] == "rule:table_heading"
    assert f["600 000 €"].why()["recipient"] == "rule:row_head"


def test_a_takeover_pays_the_company_bought(mention_extractor: MentionExtractor) -> None:
    text = (
        "Le groupe suédois Nordvik Medical rachète HEMOTRACK\n\n"
        "Le groupe suédois Nordvik Medical a signé un accord en vue d'acquérir la société "
        "toulousaine HEMOTRACK pour 48 millions d'euros. Le montant pourrait atteindre "
        "60 millions d'euros."
    )
    f = amounts(mention_extractor, text)
    deal = f["48 millions d'euros"]
    assert deal.role == "acquisition"
    assert deal.recipient == "HEMOTRACK" and deal.payers == ("Nordvik Medical",)
    assert f["60 millions d'euros"].role == "acquisition"  # no word of its own: the deal's


def test_a_total_is_paid_by_whoever_pays_its_parts(mention_extractor: MentionExtractor) -> None:
    text = (
        "Boussole, jeune entreprise caennaise, boucle un tour de table de 3,5 millions "
        "d'euros. L'opération comprend 3 M€ en fonds propres apportés par Side Capital et "
        "Normandie Participations, ainsi qu'un prêt de 500 000 euros accordé par Bpifrance."
    )
    f = amounts(mention_extractor, text)
    assert f["3 M€"].role == "equity"
    assert set(f["3 M€"].payers) == {"Side Capital", "Normandie Participations"}
    assert f["500 000 euros"].role == "loan" and f["500 000 euros"].payers == ("Bpifrance",)
    total = f["3,5 millions d'euros"]
    assert set(total.payers) == {"Side Capital", "Normandie Participations", "Bpifrance"}
    assert total.why()["payers"] == "rule:parts_payers"


def test_a_tariff_set_is_news_a_price_hoped_for_is_not(
    mention_extractor: MentionExtractor,
) -> None:
    set_now = amounts(
        mention_extractor,
        "Le forfait de télésurveillance a été fixé à 1 200 euros par patient et par an.",
    )
    assert set_now["1 200 euros"].role == "cost" and set_now["1 200 euros"].new is True
    hoped = amounts(
        mention_extractor,
        "L'entreprise espère un tarif de remboursement de 4 500 euros par implant.",
    )
    assert hoped["4 500 euros"].role == "cost" and hoped["4 500 euros"].new is False


def test_where_a_company_comes_from_is_no_payer(mention_extractor: MentionExtractor) -> None:
    f = amounts(
        mention_extractor,
        "Génovia, issue du Généthon, a bénéficié de 18 millions d'euros de Bpifrance.",
    )["18 millions d'euros"]
    assert "Genethon" not in f.payers and "Généthon" not in f.payers
    assert "Bpifrance" in f.payers


def test_sales_have_no_payer(mention_extractor: MentionExtractor) -> None:
    f = amounts(
        mention_extractor,
        "Soutenue par le fonds Sud Santé Territoires, Lavande Santé a réalisé 14 millions "
        "d'euros de chiffre d'affaires l'an dernier.",
    )["14 millions d'euros"]
    assert f.role == "revenue" and f.payers == ()


def test_a_contract_pays_its_supplier_from_its_customer(
    mention_extractor: MentionExtractor,
) -> None:
    f = amounts(
        mention_extractor,
        "Le CHU de Bordeaux a attribué à l'éditeur MEDIKA SYSTEMES un marché de 9,8 millions "
        "d'euros sur sept ans pour son dossier patient informatisé.",
    )["9,8 millions d'euros"]
    assert f.role == "contract"  # "un marché de": a procurement contract, not a market size
    assert f.recipient == "MEDIKA SYSTEMES" and f.payers == ("CHU de Bordeaux",)
    deal = amounts(
        mention_extractor,
        "Dans le cadre de l'accord de licence, Ambrelis recevra un paiement initial de "
        "8 millions d'euros.",
    )["8 millions d'euros"]
    assert deal.role == "contract"


def test_a_round_up_gives_each_amount_its_own_company(
    mention_extractor: MentionExtractor,
) -> None:
    text = (
        "Le fonds Grand Est Santé Invest fait son bilan\n\n"
        "Le fonds régional a présenté son bilan annuel. Parmi les opérations de l'année "
        "figurent la série A de la strasbourgeoise Alsagen Therapeutics (3,5 millions "
        "d'euros), menée aux côtés de Sofimac Innovation."
    )
    f = amounts(mention_extractor, text)["3,5 millions d'euros"]
    # the fund is the article's subject, "aux côtés de" makes Sofimac an investor: the company
    # named in the amount's sentence gets the money
    assert f.recipient == "Alsagen Therapeutics" and f.payers == ("Sofimac Innovation",)


def test_a_stand_in_followed_by_its_name_is_that_name(
    mention_extractor: MentionExtractor,
) -> None:
    text = (
        "Cardiolis et Zelvoria lèvent des fonds\n\n"
        "Cardiolis prépare un essai. La biotech nantaise Zelvoria lève 4 M€ pour son essai."
    )
    f = amounts(mention_extractor, text)["4 M€"]
    assert f.recipient == "Zelvoria"


def test_a_stand_in_followed_by_a_verb_is_the_company_before(
    mention_extractor: MentionExtractor,
) -> None:
    text = (
        "Financement\n\nLa biotech a levé 4 M€ auprès de Kurma Partners. Zelvoria prépare un essai."
    )
    f = amounts(mention_extractor, text)["4 M€"]
    assert f.recipient == "Zelvoria"  # the article's company, not a word after "a levé"


def test_an_asset_manager_is_an_investor() -> None:
    from scanner.nlp.facts.investors import investor_by_trade

    assert investor_by_trade("Amundi Asset Management")
    assert not investor_by_trade("Amundi Medical Devices")
