"""Annotated corpora as training documents for the span model.

Gold annotations give each organisation and programme as a surface text, once per item, not
as offsets. Every occurrence of every surface in `title + "\\n\\n" + text` is labelled (longest
first, never overlapping, only at word boundaries), then aligned to the tokenizer's tokens:
spaCy's `char_span` with `alignment_mode="contract"`, else "expand" when that adds at most a
few characters ("CNRS" inside "LAAS-CNRS" is not stretched to the whole token). Occurrences
that still do not align are counted, never silently dropped. Each paragraph is one document,
so batches stay small and a paragraph without names teaches what is not one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

LABELS = {"organisation": "ORG", "programme": "PROG"}
KINDS = {label: kind for kind, label in LABELS.items()}
MAX_EXPAND = 3  # characters an "expand" alignment may add to a surface
_PARAGRAPH = re.compile(r"\n\s*\n|\n")


@dataclass(frozen=True, slots=True)
class AnnotatedText:
    """One item's text and its annotated surfaces as (kind, surface) pairs."""

    id: str
    text: str
    names: tuple[tuple[str, str], ...]


@dataclass(slots=True)
class Alignment:
    """How the annotated occurrences met the tokens."""

    occurrences: int = 0  # surfaces found in the texts
    aligned: int = 0  # exactly on token boundaries, or contracted to them
    expanded: int = 0  # stretched to whole tokens by at most MAX_EXPAND characters
    unaligned: int = 0  # left out
    not_found: int = 0  # annotated surfaces that occur nowhere in their text
    examples: list[str] = field(default_factory=list)  # a few unaligned ones

    def summary(self) -> str:
        return (
            f"{self.occurrences} occurrences: {self.aligned} aligned, {self.expanded} expanded, "
            f"{self.unaligned} could not be aligned; {self.not_found} surfaces not in their text"
        )


def occurrence_spans(text: str, names: Iterable[tuple[str, str]]) -> tuple[list, int]:
    """(start, end, label) of every occurrence of the named surfaces, longest first then
    leftmost, non-overlapping, sorted by start; and how many surfaces occur nowhere."""
    found: list[tuple[int, int, str]] = []
    missing = 0
    for kind, surface in names:
        label = LABELS.get(kind)
        if label is None or not surface.strip():
            continue
        hits = [
            (m.start(), m.end(), label)
            for m in re.finditer(rf"(?<!\w){re.escape(surface)}(?!\w)", text)
        ]
        missing += not hits
        found += hits
    found.sort(key=lambda s: (-(s[1] - s[0]), s[0]))
    taken: list[tuple[int, int, str]] = []
    for s in found:
        if all(s[1] <= t[0] or s[0] >= t[1] for t in taken):
            taken.append(s)
    return sorted(taken), missing


def paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of each non-blank paragraph (a line) of `text`."""
    out, pos = [], 0
    for m in _PARAGRAPH.finditer(text):
        if text[pos : m.start()].strip():
            out.append((pos, m.start()))
        pos = m.end()
    if text[pos:].strip():
        out.append((pos, len(text)))
    return out


def training_docs(
    nlp: Any, items: Sequence[AnnotatedText], alignment: Alignment | None = None
) -> list[Any]:
    """spaCy documents (one per paragraph) with their annotated names as entities, tokenized
    by `nlp`'s tokenizer; `alignment` counts what aligned and what did not."""
    counts = alignment if alignment is not None else Alignment()
    docs = []
    for item in items:
        spans, missing = occurrence_spans(item.text, item.names)
        counts.not_found += missing
        for start, end in paragraphs(item.text):
            doc = nlp.make_doc(item.text[start:end])
            ents: list[Any] = []
            for s, e, label in spans:
                if s < start or e > end:
                    continue
                counts.occurrences += 1
                span = _aligned(doc, s - start, e - start, label, counts)
                if span is None:
                    counts.unaligned += 1
                    if len(counts.examples) < 10:
                        counts.examples.append(f"{item.id}: {item.text[s:e]!r}")
                elif all(span.end <= o.start or span.start >= o.end for o in ents):
                    ents.append(span)
                else:
                    counts.unaligned += 1
            doc.ents = sorted(ents, key=lambda sp: sp.start)
            docs.append(doc)
    return docs


def _aligned(doc: Any, start: int, end: int, label: str, counts: Alignment) -> Any | None:
    span = doc.char_span(start, end, label=label, alignment_mode="strict")
    if span is not None:
        counts.aligned += 1
        return span
    span = doc.char_span(start, end, label=label, alignment_mode="contract")
    if span is not None and len(span.text) >= (end - start) - MAX_EXPAND:
        counts.aligned += 1
        return span
    span = doc.char_span(start, end, label=label, alignment_mode="expand")
    if span is not None and len(span.text) <= (end - start) + MAX_EXPAND:
        counts.expanded += 1
        return span
    return None


def annotated_texts(texts: Mapping[str, str], gold: Mapping[str, Any]) -> list[AnnotatedText]:
    """The items that have both a text and gold annotations, with their organisation and
    programme surfaces (`gold`: item id -> `scanner.eval.corpus.GoldItem`-like objects)."""
    out = []
    for item_id, text in texts.items():
        if item_id not in gold:
            continue
        names = tuple(
            (m.kind, m.text) for m in gold[item_id].mentions if m.kind in LABELS and m.text
        )
        out.append(AnnotatedText(item_id, text, names))
    return out
