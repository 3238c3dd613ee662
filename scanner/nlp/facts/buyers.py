"""Who pays when the amount's sentence names no funder: the buyer of what the money buys (a
contract's customer, a takeover's buyer, the buyer of a stake)."""

from __future__ import annotations

from scanner.nlp.facts.context import Amount
from scanner.nlp.facts.contracts import contract_parties
from scanner.nlp.facts.stakes import stake_parties
from scanner.nlp.facts.takeover import deal


def deal_payer(a: Amount, role: str) -> tuple[str | None, str]:
    """(buyer, rule): the customer of a contract, the buyer of a takeover or of a stake."""
    if role == "contract":
        return contract_parties(a)[0], "customer"
    if role == "acquisition":
        return deal(a)[0], "buyer"
    if role == "equity":
        return stake_parties(a)[0], "stake_buyer"
    return None, ""
