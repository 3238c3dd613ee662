"""A total and its parts, and money whose payers say what it is: "un tour de table de 3,5 M€. L'opération comprend 3 M€ en fonds
propres apportés par A et B, ainsi qu'un prêt de 500 000 euros accordé par Bpifrance". The
total is paid by whoever pays its parts (`parts_payers`), when its own sentence names no one.

Money given under a new envelope is paid by who pays the envelope (`envelope_payer`): "La
Région a adopté un plan doté de 45 M€ … Pyxis Diagnostics reçoit 750 000 euros".
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from scanner.nlp.facts.context import Amount
from scanner.nlp.facts.investors import investor_by_trade
from scanner.records import FundingFact

# Words that open the parts of a total
PARTS = re.compile(
    r"\b(?:dont|comprend|comprennent|se compose|se decompose|se repartit|reparti\w*|"
    r"associe|combine|combinant|including|comprising|comprises|consists? of|split)\b"
)
FUNDED = ("equity", "grant", "loan")


def parts_payers(
    contexts: Sequence[Amount], facts: dict[int, FundingFact]
) -> dict[int, FundingFact]:
    """A total with no payer of its own takes the payers of its parts (the amounts after it,
    in its sentence or the next, smaller than it, once a word opens the parts)."""
    out = dict(facts)
    for k, a in enumerate(contexts):
        f = out[a.index]
        total = a.mention.value_eur
        if f.payers or not total or f.role not in FUNDED + ("investment",):
            continue
        low = a.article.flat
        names: list[str] = []
        for b in contexts[k + 1 :]:
            if b.sentence_index > a.sentence_index + 1:
                break
            between = low[a.mention.end : b.mention.start]
            value = b.mention.value_eur
            if not value or value >= total or not PARTS.search(between):
                continue
            names.extend(p for p in out[b.index].payers if p != f.recipient)
        if names:
            why = f.decided("rule:parts_payers", "payers")
            out[a.index] = replace(f, payers=tuple(dict.fromkeys(names)), decided_by=why)
    return out


def envelope_payer(
    contexts: Sequence[Amount], facts: dict[int, FundingFact]
) -> dict[int, FundingFact]:
    """New grants and loans with no payer found, given after a new envelope of the same
    article whose payers are known, are paid by them."""
    out = dict(facts)
    envelope: FundingFact | None = None
    for a in contexts:
        f = out[a.index]
        if f.role == "public_budget" and f.new and f.payers:
            envelope = f
            continue
        if envelope is None or f.payers or not f.new or f.role not in ("grant", "loan"):
            continue
        if f.recipient in envelope.payers:
            continue
        why = f.decided("rule:envelope_payer", "payers")
        out[a.index] = replace(f, payers=envelope.payers, decided_by=why)
    return out


_PRIZE = re.compile(
    r"\b(?:prix|primee?s?|laureate?s?|recompense\w*|concours|awards?|prizes?|winners?)\b"
)
STRONG_GRANT = ("noun_after", "noun_before", "part_of_total", "in_brackets")


def investor_money(
    contexts: Sequence[Amount], facts: dict[int, FundingFact]
) -> dict[int, FundingFact]:
    """Money an investor by trade puts in, which no strong rule calls a grant ("a reçu 4 M€
    de Myotis Capital", "dont 4 M€ apportés par le fonds InnoBio 2"), is equity; not a prize
    a bank pays for ("Les prix sont financés par le Crédit Agricole")."""
    out = dict(facts)
    prizes = {a.index for a in contexts if _PRIZE.search(a.sentence_flat)}
    for i, f in facts.items():
        rule = f.why().get("role", "").removeprefix("rule:").split(" ")[0]
        if f.role != "grant" or not f.payers or rule in STRONG_GRANT or i in prizes:
            continue
        if all(investor_by_trade(p) for p in f.payers):
            out[i] = replace(f, role="equity", decided_by=f.decided("rule:investor_money", "role"))
    return out
