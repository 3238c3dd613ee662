"""Amounts shared out by "respectivement" / "respectively": "Ces quatre sociétés ont levé
respectivement 34,5 M€, 50 M€, 17,7 M€ et 12,8 M€" (no single recipient) or "Pyla et Orvia
lèvent respectivement 3 M€ et 2 M€" (the i-th name takes the i-th amount)."""

from __future__ import annotations

import re

from scanner.nlp.facts.context import Amount
from scanner.nlp.facts.parties import org_indexes, org_name
from scanner.nlp.facts.text import Span

_RESPECTIVELY = re.compile(r"\b(?:respectivement|respectively)\b")
# "Ces quatre sociétés ont levé respectivement…": the names were listed in the sentence before.
_PLURAL_BACK = re.compile(
    r"\b(?:ces|les|these|the)\s+(?:deux|trois|quatre|cinq|six|two|three|four|five)\s+"
    r"|\b(?:elles|ils|they)\s+(?:ont|have|avaient|had)\b"
)


def respective_recipient(a: Amount, role: str) -> tuple[bool, str | None]:
    """The name in the same place of the list before "respectivement" as the amount among the
    sentence's amounts, or no recipient when the names are not listed one for each."""
    low = a.article.flat
    word = None
    for m in _RESPECTIVELY.finditer(low, a.sentence.start, a.mention.start):
        word = m
    if word is None:
        return False, None
    amounts = [
        i
        for i in a.article.indexes(word.end(), a.sentence.end, ("amount",))
        if a.article.mentions[i].value_eur
    ]
    if a.index not in amounts:
        return False, None
    names: list[str] = []
    for i in org_indexes(a, Span(a.sentence.start, word.start())):
        name = org_name(a, i)
        if name not in names:
            names.append(name)
    if (
        not names
        and (back := a.previous)
        and _PLURAL_BACK.search(low, a.sentence.start, word.start())
    ):
        runs = [run for run in _listed_runs(a, back) if len(run) == len(amounts)]
        if len(runs) == 1:
            names = runs[0]
    if len(names) == len(amounts):
        return True, names[amounts.index(a.index)]
    return True, None


_LIST_GAP = re.compile(r"\s*(?:,|,?\s*(?:et|and))\s*")


def _listed_runs(a: Amount, span: Span) -> list[list[str]]:
    """The runs of names listed one after another ("A, B, C et D") in the span."""
    runs: list[list[str]] = []
    last_end = -1
    for i in org_indexes(a, span):
        m = a.article.mentions[i]
        if runs and _LIST_GAP.fullmatch(a.article.flat, last_end, m.start):
            runs[-1].append(org_name(a, i))
        else:
            runs.append([org_name(a, i)])
        last_end = m.end
    return runs
