"""Helpers of the funding-fact tests: sentences written for them (invented companies and
funds) go through the real mention stage (spaCy NER and parser, gazetteers, rules)."""

from __future__ import annotations

from datetime import date

from scanner.nlp.mentions import MentionExtractor
from scanner.records import FundingFact

NOV = date(2026, 11, 10)  # the articles' publication date


def amounts(extractor: MentionExtractor, text: str) -> dict[str, FundingFact]:
    """The fact of every amount of `text` published on NOV, by its surface."""
    return {
        m.text: m.fact
        for m in extractor.extract_one(text, NOV)
        if m.kind == "amount" and m.fact is not None
    }


def organisations(extractor: MentionExtractor, text: str) -> set[str]:
    """The surfaces of the organisations found in `text`."""
    return {m.text for m in extractor.extract_one(text) if m.kind == "organisation"}
