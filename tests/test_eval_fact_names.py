"""Funding-fact scoring compares names as entities of the item, not as canonical spellings."""

from scanner.eval.corpus import GoldFact, GoldMention
from scanner.eval.facts import FactScores, item_names, score_fact
from scanner.records import FundingFact, Mention


def _org(text: str, canonical: str) -> Mention:
    return Mention("organisation", 0, len(text), text, canonical)


def _gold_org(text: str, canonical: str) -> GoldMention:
    return GoldMention("organisation", text, canonical)


def _amount(payers: tuple[str, ...], recipient: str | None) -> tuple[GoldMention, Mention]:
    gold = GoldMention(
        "amount",
        "12 M€",
        value_eur=12e6,
        fact=GoldFact("loan", True, "Cardiolys", ("BEI",), None),
    )
    pred = Mention(
        "amount",
        0,
        5,
        "12 M€",
        value_eur=12e6,
        fact=FundingFact(role="loan", new=True, recipient=recipient, payers=payers),
    )
    return gold, pred


def test_an_item_local_canonical_matches_through_the_surface_both_sides_share() -> None:
    # the annotator wrote the bank's short form as canonical; we give the full name
    gold_orgs = [_gold_org("BEI", "BEI"), _gold_org("Banque européenne d'investissement", "BEI")]
    pred_orgs = [_org("BEI", "Banque européenne d'investissement")]
    gold, pred = _amount(("Banque européenne d'investissement",), "Cardiolys")
    scores = FactScores()
    score_fact(scores, "x1", gold, pred, item_names(gold_orgs, pred_orgs + [pred]))
    assert scores.payers.precision == 1.0 and scores.payers.recall == 1.0
    assert scores.right["fact"] == 1


def test_names_with_no_shared_surface_stay_different() -> None:
    gold_orgs = [_gold_org("BEI", "BEI")]
    pred_orgs = [_org("Bpifrance", "Bpifrance")]
    gold, pred = _amount(("Bpifrance",), "Cardiolys")
    scores = FactScores()
    score_fact(scores, "x1", gold, pred, item_names(gold_orgs, pred_orgs))
    assert scores.payers.precision == 0.0 and scores.payers.recall == 0.0


def test_each_gold_payer_is_matched_once() -> None:
    # two predicted names for one gold entity: one right, one spurious
    gold_orgs = [_gold_org("BEI", "BEI"), _gold_org("Banque européenne d'investissement", "BEI")]
    pred_orgs = [
        _org("BEI", "BEI"),
        _org("Banque européenne d'investissement", "Banque européenne d'investissement"),
    ]
    gold, pred = _amount(("BEI", "Banque européenne d'investissement"), None)
    scores = FactScores()
    score_fact(scores, "x1", gold, pred, item_names(gold_orgs, pred_orgs))
    assert (scores.payers.tp, scores.payers.fp, scores.payers.fn) == (1, 1, 0)
    assert scores.right["recipient"] == 0  # None against "Cardiolys"
