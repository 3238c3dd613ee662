"""The mention stage: programmes, amounts, organisations, persons and places in article texts.

    extractor = MentionExtractor(cfg.nlp)            # loads spaCy and the gazetteers
    extractor.extract([article.full_text, ...], [article.published, ...])
                                                     # -> one sorted list[Mention] per text
    extractor.close()                                # stops its worker processes, if any

With `[nlp].workers` above 1, the first batch of PARALLEL_MIN_DOCS texts or more starts that
many worker processes (`scanner.nlp.workers`), each with its own model, kept until `close()`;
from then on every batch goes to them. Smaller jobs (one article, five seeds) run in this
process, where starting the workers would cost more than it saves.

spaCy's NER reads whole texts; its parser reads only the sentences that hold an amount, for
the amounts' funding facts (`scanner.nlp.facts`), which also weigh the texts' publication dates.

Every mention's offsets index the given text exactly (`text[m.start:m.end] == m.text`). Overlaps
are resolved by trust: amounts, then programmes, then organisations (gazetteer, acronym
definitions, legal names, spaCy), then persons and places. Bad input (empty text, markup,
invisible characters, a megabyte of text) gives a result, never a crash.
"""

from __future__ import annotations

import functools
import logging
import os
from collections.abc import Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from scanner.config import NlpConfig
from scanner.errors import InputError
from scanner.nlp.amounts import find_amounts
from scanner.nlp.bracket_names import join_bracketed
from scanner.nlp.common_words import common_word_test
from scanner.nlp.facts import facts_renamed, find_facts
from scanner.nlp.facts.extract import Linker
from scanner.nlp.facts.linker import load_linker
from scanner.nlp.facts.parse import SentenceParser
from scanner.nlp.gazetteer import Gazetteer, SpanSet, load_entries
from scanner.nlp.gazetteer_files import curated_gazetteer_files, resolve_gazetteer_path
from scanner.nlp.org_filters import without_false_orgs
from scanner.nlp.org_linking import NameBook, link_across
from scanner.nlp.organisations import Ent, find_people_orgs_places
from scanner.nlp.programme_heads import with_heads
from scanner.nlp.programmes import find_programmes
from scanner.nlp.short_names import with_full_names
from scanner.nlp.spacy_pipeline import (
    check_spacy_model,
    load_spacy,
    not_ner,
    sentence_parser,
    spacy_view,
    split_chunks,
)
from scanner.nlp.span_model.merge import (
    DEFAULT_POLICY,
    POLICIES,
    WITH_PROGRAMMES,
    Learnt,
    learnt_programmes,
    without_overlaps,
)
from scanner.nlp.span_model.spans import SpanModel, load_span_model
from scanner.nlp.workers import BrokenProcessPool, WorkerPool
from scanner.records import Mention
from scanner.text.folding import FoldedText

log = logging.getLogger(__name__)

PARALLEL_MIN_DOCS = 24  # a batch this large starts the workers


class MentionExtractor:
    """Loads the spaCy model and the gazetteers once; extracts mentions from batches of texts."""

    def __init__(
        self,
        cfg: NlpConfig,
        base_dir: Path = Path("."),
        nlp: Any | None = None,
        workers: int | None = None,
        names: NameBook | None = None,
    ) -> None:
        """`nlp`: an already loaded spaCy pipeline (then no worker process); `workers`
        overrides `[nlp].workers` (1 = everything in this process); `names`: the canonical
        names given to unlisted programmes and organisations in earlier batches, kept up to
        date (without it each batch is linked on its own)."""
        self.cfg = cfg
        self.names = names
        self.base_dir = base_dir
        programmes = resolve_gazetteer_path(cfg.programmes, base_dir)
        organisations = resolve_gazetteer_path(cfg.organisations, base_dir)
        self.gazetteer = Gazetteer.load(programmes, organisations)
        # this watch's curated names (`scanner.curation.learning.sync_gazetteers`) over the shipped ones
        for kind, curated in curated_gazetteer_files(cfg).items():
            if curated.exists():
                for entry in load_entries(curated, kind, strict=False):
                    for alias in (entry.canonical, *entry.aliases):
                        self.gazetteer.add_alias(kind, alias, entry.canonical)
        self._nlp = nlp
        self._spans: SpanModel | None | bool = None  # False: looked for, none usable
        self.span_policy = DEFAULT_POLICY
        self._parser: SentenceParser | None = None
        # the learnt payer linker (None: the fact rules alone)
        self.linker: Linker | None = load_linker(
            resolve_gazetteer_path(cfg.fact_linker, base_dir) if cfg.fact_linker else None
        )
        n = min(cfg.workers if workers is None else workers, os.cpu_count() or 1)
        factory = functools.partial(_worker_extractor, cfg, str(base_dir))
        self._pool = WorkerPool(factory, n) if n > 1 and nlp is None else None
        self._aliases: list[tuple[str, str, str]] = []  # sent to the workers with each batch
        if self._pool is None:
            self._nlp = self.nlp  # load now: a missing model is an error at start, not later
            _ = self.span_model
        else:
            check_spacy_model(cfg.model)

    @property
    def nlp(self) -> Any:
        """This process's spaCy pipeline (loaded at first use when workers do the big batches)."""
        if self._nlp is None:
            self._nlp = load_spacy(self.cfg.model)
        return self._nlp

    @property
    def span_model(self) -> SpanModel | None:
        """The learnt span model on this process's pipeline; None when `[nlp].span_model` is
        empty, or the artefact is missing or damaged (a warning says so: the rules work alone)."""
        if self._spans is None:
            self._spans = False
            if self.cfg.span_model:
                folder = resolve_gazetteer_path(self.cfg.span_model, self.base_dir)
                model = load_span_model(folder, self.nlp)
                if model is not None:
                    self._spans = model
                    policy = model.manifest.get("policy")
                    self.span_policy = policy if policy in POLICIES else DEFAULT_POLICY
        return self._spans if isinstance(self._spans, SpanModel) else None

    def use_span_model(self, model: SpanModel | None, policy: str = DEFAULT_POLICY) -> None:
        """Run with this span model (None: the rules alone) and merging policy, in this process
        (evaluation folds)."""
        if policy not in POLICIES:
            raise InputError(f"unknown span policy {policy!r}: one of {', '.join(POLICIES)}")
        self._spans = model if model is not None else False
        self.span_policy = policy

    def add_alias(self, kind: str, alias: str, canonical: str) -> None:
        """A curator's merge: `alias` now means `canonical` (programme or organisation)."""
        self.gazetteer.add_alias(kind, alias, canonical)
        self._aliases.append((kind, alias, canonical))

    def close(self) -> None:
        """Stop the worker processes (a later large batch starts them again)."""
        if self._pool is not None:
            self._pool.close()

    def __enter__(self) -> MentionExtractor:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def parser(self) -> SentenceParser | None:
        """The parse of amount sentences (over this process's pipeline)."""
        if self._parser is None:
            self._parser = sentence_parser(self.nlp)
        return self._parser

    def extract_one(self, text: str, published: date | None = None) -> list[Mention]:
        """Mentions in one text, sorted by start."""
        return self.extract([text], [published])[0]

    def extract(
        self, texts: Sequence[str], published: Sequence[date | None] | None = None
    ) -> list[list[Mention]]:
        """Mentions for each text, in order; each list sorted by start. `published`: each
        text's publication date, which tells past money from this week's. The rules run on
        each text as soon as its entities are out of spaCy, so they overlap the NER workers."""
        prepared = [_as_text(t) for t in texts]
        dates = list(published) if published is not None else [None] * len(prepared)
        if len(dates) != len(prepared):
            raise InputError(f"{len(prepared)} texts but {len(dates)} publication dates")
        busy = sum(1 for t in prepared if t.strip())
        pool = self._pool
        # once started, the workers take even a small batch: a model here would cost seconds
        if pool is not None and busy and (pool.started or busy >= PARALLEL_MIN_DOCS):
            try:
                return self._linked(pool.extract(prepared, self._aliases, dates))
            except BrokenProcessPool as exc:  # a worker died (out of memory, killed)
                log.warning("mention workers stopped (%s): extracting in this process", exc)
                self._pool = None
        found: list[list[Mention]] = [[] for _ in prepared]
        for i, ents, learnt in self._stream_entities(prepared):
            found[i] = self.mentions(prepared[i], ents, dates[i], learnt)
        return self._linked(found)

    def _linked(self, found: list[list[Mention]]) -> list[list[Mention]]:
        """One canonical per unlisted name across the batch, and across earlier batches
        when the extractor keeps a `names` book (the pipeline's); the funding facts follow
        the renamed organisations and programmes."""
        linked = link_across(found, self.names)
        return [facts_renamed(before, after) for before, after in zip(found, linked, strict=True)]

    def entities(self, texts: Sequence[str]) -> list[list[Ent]]:
        """spaCy entities per text as (start, end, label), in original-text offsets."""
        found: list[list[Ent]] = [[] for _ in texts]
        for i, ents, _ in self._stream_entities(texts):
            found[i] = ents
        return found

    def _stream_entities(
        self, texts: Sequence[str]
    ) -> Iterator[tuple[int, list[Ent], list[Learnt]]]:
        """(index, entities, learnt spans) for every text, in order, each as soon as its last
        chunk is done; blank texts come with none and cost no NER."""
        jobs = [
            (i, offset, chunk)
            for i, text in enumerate(texts)
            if text.strip()
            for offset, chunk in split_chunks(spacy_view(self._model_part(i, text)))
        ]
        last_job = {i: k for k, (i, _, _) in enumerate(jobs)}
        batch = max(1, self.cfg.batch_size)
        docs = self.nlp.pipe(
            (chunk for _, _, chunk in jobs), batch_size=batch, disable=not_ner(self.nlp)
        )
        spans = self.span_model
        annotated = spans.annotate(docs, batch) if spans is not None else ((d, []) for d in docs)
        done = 0
        current: list[Ent] = []
        learnt: list[Learnt] = []
        for k, ((i, offset, _), (doc, found)) in enumerate(zip(jobs, annotated, strict=True)):
            current.extend((offset + e.start_char, offset + e.end_char, e.label_) for e in doc.ents)
            learnt.extend((offset + s, offset + e, label) for s, e, label in found)
            if last_job[i] == k:
                for blank in range(done, i):
                    yield blank, [], []
                yield i, current, learnt
                current, learnt, done = [], [], i + 1
        for blank in range(done, len(texts)):
            yield blank, [], []

    def _model_part(self, i: int, text: str) -> str:
        """The part of a text the model reads: a megabyte "article" is a dump, not news; its
        head goes through NER and all of it through the gazetteers and rules."""
        limit = self.cfg.max_model_chars
        if limit <= 0 or len(text) <= limit:
            return text
        log.warning(
            "text %d has %d characters: the NER model reads the first %d (nlp.max_model_chars)",
            i,
            len(text),
            limit,
        )
        return text[:limit]

    def mentions(
        self,
        text: str,
        ents: Sequence[Ent],
        published: date | None = None,
        learnt: Sequence[Learnt] = (),
    ) -> list[Mention]:
        """Merge amounts, programmes, organisations, persons and places found in one text;
        the amounts with their funding facts. `learnt`: the span model's spans, joined to the
        rules' candidates by `span_policy`."""
        if not text.strip():
            return []
        view = FoldedText(text)
        amounts = [_amount_mention(a) for a in find_amounts(text, self.cfg.rates)]
        amounts = _non_overlapping(amounts, [])
        listed = self.gazetteer.entry
        programmes = [
            Mention(
                "programme",
                p.start,
                p.end,
                p.text,
                p.canonical,
                origin="gazetteer" if listed("programme", p.canonical) else p.origin,  # type: ignore[arg-type]
            )
            for p in find_programmes(text, self.gazetteer, view, ents)
        ]
        programmes = _non_overlapping(programmes, amounts)
        blocked = [(m.start, m.end) for m in amounts + programmes]
        vocab = getattr(self.nlp, "vocab", None)
        others = find_people_orgs_places(
            text,
            ents,
            self.gazetteer,
            blocked,
            view,
            is_common_word=common_word_test(text, vocab),
            is_known_word=None if vocab is None else vocab.has_vector,
            learnt=learnt,
            policy=self.span_policy,
        )
        others = without_false_orgs(text, others)  # persons with a role, adverbs, generic terms
        if learnt and self.span_policy in WITH_PROGRAMMES:
            taken = [(m.start, m.end) for m in amounts + programmes + others]
            programmes += [
                Mention("programme", p.start, p.end, p.text, p.canonical, origin="model")
                for p in without_overlaps(learnt_programmes(text, learnt, self.gazetteer), taken)
            ]
        merged = [m for m in amounts + programmes + others if text[m.start : m.end] == m.text]
        merged.sort(key=lambda m: (m.start, m.end))
        merged = join_bracketed(text, with_heads(text, merged), self.gazetteer)
        merged = with_full_names(text, merged)
        return find_facts(text, merged, published, self.parser, self.linker)


def _worker_extractor(cfg: NlpConfig, base_dir: str) -> MentionExtractor:
    """A worker process's own extractor (everything in that process)."""
    return MentionExtractor(cfg, Path(base_dir), workers=1)


def _as_text(text: object) -> str:
    if text is None:
        return ""
    if not isinstance(text, str):
        raise InputError(f"mention extraction needs text, not {type(text).__name__}")
    return text


def _amount_mention(amount: Any) -> Mention:
    high_eur = getattr(amount, "high_eur", None)
    return Mention(
        "amount",
        amount.start,
        amount.end,
        amount.text,
        amount.text,
        value_eur=amount.value_eur,
        currency=amount.currency,
        origin="rule",
        approx=bool(getattr(amount, "approx", False)),
        low_eur=amount.value_eur if high_eur is not None else None,
        high_eur=high_eur,
    )


def _non_overlapping(mentions: list[Mention], taken: list[Mention]) -> list[Mention]:
    """Mentions that overlap neither `taken` nor an earlier kept one (longest first)."""
    spans = SpanSet((m.start, m.end) for m in taken)
    ordered = sorted(mentions, key=lambda m: (-(m.end - m.start), m.start))
    kept = [m for m in ordered if spans.add(m.start, m.end)]
    return sorted(kept, key=lambda m: m.start)
