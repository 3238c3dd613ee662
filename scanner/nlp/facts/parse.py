"""The dependency parse of the sentences holding an amount, and what the rules ask of it.

Only those sentences are parsed (the mention stage runs NER alone over whole texts). Before
parsing, each amount becomes "10 M€", each organisation "Orange" (a one-word company name the
model knows) and each programme "Horizon": the French model parses a short placeholder far
better than "Capital Santé Partenaires" or "310 millions d'euros", and every placeholder word
keeps the span and the mention it stands for.

    parse = spacy_parser(nlp)              # nlp: a spaCy pipeline with tok2vec, morphologizer, parser
    parse([Job(text, span, marks), ...])   # -> one Parsed per job
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from scanner.nlp.facts.text import Span

PARSE_COMPONENTS = ("tok2vec", "morphologizer", "parser")
PLACEHOLDERS = {"amount": ("10", "M€"), "organisation": ("Orange",), "programme": ("Horizon",)}


@dataclass(frozen=True, slots=True)
class Mark:
    """A mention inside a sentence to parse: its span, kind and index in the article's list."""

    start: int
    end: int
    kind: str
    index: int


@dataclass(frozen=True, slots=True)
class Job:
    """One sentence to parse, with the mentions it holds."""

    text: str
    span: Span
    marks: tuple[Mark, ...]


@dataclass(frozen=True, slots=True)
class Word:
    """A parsed word; a placeholder's span and text are its mention's."""

    start: int
    end: int
    text: str
    pos: str
    dep: str
    head: int  # index of the head word in the sentence (itself for the root)
    tense: str  # Pres, Past, Fut, Imp or ""
    form: str  # Fin, Part, Inf, Ger or ""
    mood: str  # Ind, Cnd, Sub, Imp or ""
    mention: int = -1  # index in the article's mention list, or -1


@dataclass(frozen=True, slots=True)
class Parsed:
    span: Span
    words: tuple[Word, ...]

    def word_of(self, mention: int) -> int | None:
        """The word standing for a mention: the placeholder word whose head is outside it."""
        found = [i for i, w in enumerate(self.words) if w.mention == mention]
        for i in found:
            if self.words[self.words[i].head].mention != mention or self.words[i].head == i:
                return i
        return found[-1] if found else None


SentenceParser = Callable[[Sequence[Job]], list[Parsed]]


def spacy_parser(nlp: Any) -> SentenceParser:
    """A SentenceParser over a loaded spaCy pipeline that has a parser."""
    disable = [n for n in nlp.pipe_names if n not in PARSE_COMPONENTS]

    def parse(jobs: Sequence[Job]) -> list[Parsed]:
        from spacy.tokens import Doc

        built = [_placeholder_words(nlp, job) for job in jobs]
        docs = [Doc(nlp.vocab, words=w, spaces=s) for w, s, _ in built]
        out = []
        for (_, _, origin), doc, job in zip(
            built, nlp.pipe(docs, disable=disable), jobs, strict=True
        ):
            words = tuple(
                Word(
                    start=o[0],
                    end=o[1],
                    text=job.text[o[0] : o[1]],
                    pos=t.pos_,
                    dep=t.dep_,
                    head=t.head.i,
                    tense=_first(t.morph.get("Tense")),
                    form=_first(t.morph.get("VerbForm")),
                    mood=_first(t.morph.get("Mood")),
                    mention=o[2],
                )
                for t, o in zip(doc, origin, strict=True)
            )
            out.append(Parsed(job.span, words))
        return out

    return parse


def _first(values: list[str]) -> str:
    return values[0] if values else ""


def _placeholder_words(
    nlp: Any, job: Job
) -> tuple[list[str], list[bool], list[tuple[int, int, int]]]:
    """Words (placeholders for mentions), their trailing spaces, and each word's origin
    (start, end, mention index) in the article."""
    base = job.span.start
    doc = nlp.make_doc(job.text[job.span.start : job.span.end])
    marks = sorted(job.marks, key=lambda m: m.start)
    words: list[str] = []
    spaces: list[bool] = []
    origin: list[tuple[int, int, int]] = []
    k = 0
    tokens = list(doc)
    i = 0
    while i < len(tokens):
        t = tokens[i]
        start = base + t.idx
        while k < len(marks) and marks[k].end <= start:
            k += 1
        mark = marks[k] if k < len(marks) and marks[k].start < start + len(t.text) else None
        if mark is None or mark.kind not in PLACEHOLDERS:
            words.append(t.text)
            spaces.append(bool(t.whitespace_))
            origin.append((start, start + len(t.text), -1))
            i += 1
            continue
        j = i
        while j + 1 < len(tokens) and base + tokens[j + 1].idx < mark.end:
            j += 1
        pieces = PLACEHOLDERS[mark.kind]
        words.extend(pieces)
        spaces.extend([True] * (len(pieces) - 1) + [bool(tokens[j].whitespace_)])
        origin.extend([(mark.start, mark.end, mark.index)] * len(pieces))
        k += 1
        i = j + 1
    return words, spaces, origin


# ---- what the rules ask of a parse ----


def ancestors(p: Parsed, i: int) -> Iterator[int]:
    """The heads above word i, nearest first, up to the root."""
    seen = {i}
    while p.words[i].head != i and p.words[i].head not in seen:
        i = p.words[i].head
        seen.add(i)
        yield i


def children(p: Parsed, i: int, deps: tuple[str, ...] = ()) -> list[int]:
    """Words whose head is i (of these dependency labels, or any)."""
    return [
        j
        for j, w in enumerate(p.words)
        if w.head == i and j != i and (not deps or w.dep.split(":")[0] in deps or w.dep in deps)
    ]


def governing_verb(p: Parsed, i: int) -> int | None:
    """The nearest verb above the word, else a participle right after it ("48 M€ apportés
    par")."""
    for j in ancestors(p, i):
        if p.words[j].pos in ("VERB", "AUX") and not p.words[j].dep.startswith("aux"):
            return j
    return participle_after(p, i)


def participle_after(p: Parsed, i: int) -> int | None:
    """A participle that qualifies the word: "180 000 euros, financés par la fondation"."""
    for j in children(p, i, ("acl",)):
        if p.words[j].pos == "VERB":
            return j
    return None


# A French simple future (no participle or past ends so; "-ara" is a simple past: "déclara")
_FUTURE_ENDING = re.compile(r"(?<!a)r(?:a|ont)$")


def tense(p: Parsed, v: int) -> str:
    """ "present", "past" (passé composé, simple, plus-que-parfait), "imperfect", "future",
    "conditional", "participle" (a participle on its own: "doté de") or "infinitive"."""
    w = p.words[v]
    auxes = [p.words[j] for j in children(p, v, ("aux",))]
    if not auxes and _FUTURE_ENDING.search(w.text.lower()):
        return "future"  # the tagger reads "recevra", "financera" as a past or a participle
    perfect = [a for a in auxes if a.dep in ("aux:tense", "aux")]
    if perfect and w.form == "Part":
        a = perfect[0]
        if a.mood == "Cnd":
            return "conditional"
        return {"Pres": "past", "Imp": "past", "Fut": "future", "Past": "past"}.get(a.tense, "past")
    passive = [a for a in auxes if a.dep == "aux:pass"]
    if passive:
        a = passive[0]
        if a.mood == "Cnd":
            return "conditional"
        return {"Pres": "present", "Imp": "imperfect", "Fut": "future", "Past": "past"}.get(
            a.tense, "present"
        )
    if w.form == "Inf":  # "a permis de financer", "doit lancer": the verb above says when
        head = p.words[w.head]
        if w.head != v and head.pos in ("VERB", "AUX") and head.form != "Inf":
            return tense(p, w.head)
        return "infinitive"
    if w.form == "Part":
        return "participle"
    if w.mood == "Cnd":
        return "conditional"
    return {"Pres": "present", "Fut": "future", "Imp": "imperfect", "Past": "past"}.get(
        w.tense, "present"
    )


def subject(p: Parsed, v: int) -> int | None:
    """The subject of a verb (active or passive), else of the verb it is coordinated with."""
    for j in children(p, v, ("nsubj",)):
        w = p.words[j]
        if w.pos == "PRON" and w.text.lower() in ("qui", "which", "that") and p.words[v].head != v:
            return p.words[v].head  # "l'Assurance maladie, qui a consacré 1,4 Md€": the noun
        return j
    w = p.words[v]
    if (w.dep.startswith("conj") or w.dep.split(":")[0] in ("xcomp", "ccomp")) and w.head != v:
        # "X et Y ont …, puis ont accordé", "l'ARS a décidé d'accorder": the subject above
        for j in children(p, w.head, ("nsubj",)):
            return j
    gerund = w.text.lower().endswith("ant") and any(
        p.words[j].text.lower() == "en" for j in children(p, v, ("mark",))
    )
    if gerund:
        # "X a renouvelé sa confiance en participant à hauteur de 70 M€": the main clause's
        # subject acts (the parser often hangs the gerund from the wrong word)
        root = next((j for j, x in enumerate(p.words) if x.head == j), v)
        if root != v and p.words[root].pos in ("VERB", "AUX"):
            for j in children(p, root, ("nsubj",)):
                return j
    return None


def agents(p: Parsed, v: int) -> list[int]:
    """The "par X" of a passive verb, with the names coordinated to it."""
    found = children(p, v, ("obl:agent",))
    return found + [k for j in found for k in children(p, j, ("conj",))]


def phrase_end(p: Parsed, i: int) -> int:
    """The last word of the phrase headed by word i (its subtree's end)."""
    end = i
    stack = [i]
    while stack:
        j = stack.pop()
        end = max(end, j)
        stack.extend(children(p, j))
    return end
