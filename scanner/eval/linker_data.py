"""The learnt linker's examples: every gold amount of a tuned corpus with the candidate
organisations the extractor offers it (their feature rows, `nlp.facts.linking`), what the
rules decided, and which candidates the annotator named as payer or recipient.

    cases = collect_cases(extractor, "corpora/dev_money")

A gold amount the extractor missed is kept (it counts as wrong in every figure, as in
`scanner eval`) with no candidates.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from scanner.eval.corpus import GoldFact, load_gold, load_sample
from scanner.eval.facts import VALUE_TOLERANCE, ItemNames, item_names
from scanner.eval.metrics import normalise
from scanner.nlp.facts.context import Amount
from scanner.nlp.facts.linking import FEATURES, article_clues, candidate_rows
from scanner.records import FundingFact, Mention


@dataclass(slots=True)
class AmountCase:
    """One gold amount, as the linker sees it and as the annotator labelled it."""

    corpus: str
    item: str
    text: str
    gold: GoldFact
    found: bool = False  # the extractor found this amount (value right)
    value_right: bool = False
    role_right: bool = False
    new_right: bool = False
    fact: FundingFact | None = None  # the rules' fact
    crowded: bool = False
    names: list[str] = field(default_factory=list)
    rows: np.ndarray = field(default_factory=lambda: np.zeros((0, len(FEATURES))))
    payer: np.ndarray = field(default_factory=lambda: np.zeros(0, bool))  # per candidate
    recipient: np.ndarray = field(default_factory=lambda: np.zeros(0, bool))
    item_names: ItemNames = field(default_factory=ItemNames)
    before: str = ""  # folded words of the amount's sentence before it
    after: str = ""  # and after it


@dataclass(slots=True)
class _Seen:
    """What the recording linker saw of one amount."""

    text: str
    fact: FundingFact
    crowded: bool
    names: list[str]
    rows: np.ndarray
    before: str
    after: str


class Recorder:
    """A linker that changes nothing and keeps, per article text, each amount's candidates."""

    def __init__(self) -> None:
        self.seen: dict[str, list[_Seen]] = {}

    def __call__(
        self, contexts: Sequence[Amount], facts: dict[int, FundingFact], crowded: set[int]
    ) -> dict[int, FundingFact]:
        clues = (
            article_clues(contexts[0].article, (facts[a.index] for a in contexts))
            if contexts
            else None
        )
        for a in contexts:
            f = facts[a.index]
            names, rows = candidate_rows(a, f, clues)
            self.seen.setdefault(a.article.text, []).append(
                _Seen(
                    a.mention.text,
                    f,
                    a.sentence_index in crowded,
                    names,
                    rows,
                    a.article.flat[a.sentence.start : a.mention.start],
                    a.article.flat[a.mention.end : a.sentence.end],
                )
            )
        return facts


def collect_cases(extractor: Any, corpora: Path | str, label: str = "") -> list[AmountCase]:
    """The gold amounts of a corpus folder with their candidates (the extractor runs in this
    process: its `linker` is replaced by a recorder for the run)."""
    gold = load_gold(corpora)
    articles = [a for a in load_sample(corpora) if a.id in gold]
    recorder = Recorder()
    before = extractor.linker
    extractor.linker = recorder
    try:
        found = extractor.extract([a.full_text for a in articles], [a.published for a in articles])
    finally:
        extractor.linker = before
    label = label or Path(corpora).name
    cases: list[AmountCase] = []
    for article, mentions in zip(articles, found, strict=True):
        seen: dict[str, _Seen] = {}
        for one in recorder.seen.get(article.full_text, []):
            seen.setdefault(normalise(one.text), one)
        predicted: dict[str, Mention] = {}
        for m in mentions:
            if m.kind == "amount":
                predicted.setdefault(normalise(m.text), m)
        names = item_names(gold[article.id].mentions, mentions)
        done: set[str] = set()
        for g in gold[article.id].mentions:
            # each distinct surface once, as `scanner eval` counts them
            if g.kind != "amount" or g.fact is None or normalise(g.text) in done:
                continue
            done.add(normalise(g.text))
            case = AmountCase(label, article.id, g.text, g.fact, item_names=names)
            key = normalise(g.text)
            p, s = predicted.get(key), seen.get(key)
            if p is not None and p.fact is not None and s is not None:
                f = p.fact
                case.found = True
                case.value_right = g.value_eur is None or (
                    p.value_eur is not None
                    and abs(p.value_eur - g.value_eur) <= VALUE_TOLERANCE * abs(g.value_eur)
                )
                case.role_right = f.role == g.fact.role
                case.new_right = f.new == g.fact.new
                case.fact = f
                case.crowded = s.crowded
                case.names, case.rows = s.names, s.rows
                case.before, case.after = s.before, s.after
                want_payers = [normalise(n) for n in g.fact.payers]
                want_rec = normalise(g.fact.recipient) if g.fact.recipient else ""
                case.payer = np.array(
                    [any(names.same(normalise(n), w) for w in want_payers) for n in s.names], bool
                )
                case.recipient = np.array(
                    [bool(want_rec) and names.same(normalise(n), want_rec) for n in s.names], bool
                )
            cases.append(case)
    return cases
