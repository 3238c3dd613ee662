"""The learnt spans as candidates beside the rules' (`find_programmes`, `find_people_orgs_places`).

A learnt organisation is trimmed as the French model's entities are (a leading article, edge
punctuation), refused when it is no plausible name (no capital letter, a common word opening
a sentence, a line break inside), and named by the gazetteer when it lists it, else by its
surface without a legal suffix; its origin is "model" unless the gazetteer lists it. A learnt
programme keeps its surface (guillemets and head word, as annotators write it).

How they meet the rules is the policy, chosen by leave-one-corpus-out estimates
(`scanner spans folds`): `fill` adds a learnt name only where no rule found anything;
`extend` also lets a learnt name that strictly contains a rule's (a longer hospital name,
"LAAS-CNRS" around "CNRS") replace it; `off` ignores the model.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from scanner.nlp.gazetteer import Gazetteer
from scanner.nlp.org_rules import NOT_ORG, strip_legal_suffix
from scanner.nlp.people_places import trim_entity
from scanner.nlp.programme_shapes import ProgrammeSpan
from scanner.records import Mention
from scanner.text.folding import fold

POLICIES = ("fill", "extend", "off")
DEFAULT_POLICY = "fill"
LEARNT_CONFIDENCE = 0.6
MAX_WORDS = 14
Learnt = tuple[int, int, str]  # start, end, "ORG" | "PROG" in original-text offsets
_SENTENCE_START = re.compile(r"(?:^|[.!?:;\n\u2022«\"“(\-–—]\s*)$")
_EDGE = " \t\u00a0\u202f,;:.!?"


def learnt_organisations(
    text: str,
    learnt: Sequence[Learnt],
    gazetteer: Gazetteer,
    is_common_word: Callable[[str], bool] | None = None,
) -> list[Mention]:
    """Organisation mentions from the learnt ORG spans (see the module's docstring)."""
    out = []
    for start, end, label in learnt:
        if label != "ORG":
            continue
        span = trim_entity(text, start, end)
        if span is None:
            continue
        s, e = span
        surface = text[s:e]
        if not _plausible(text, s, surface, is_common_word):
            continue
        listed = gazetteer.lookup(surface, "organisation")
        name = strip_legal_suffix(surface)
        canonical = listed or gazetteer.lookup(name, "organisation") or " ".join(name.split())
        out.append(
            Mention(
                "organisation",
                s,
                e,
                surface,
                canonical,
                origin="gazetteer" if listed else "model",
                confidence=LEARNT_CONFIDENCE,
            )
        )
    return out


def learnt_programmes(
    text: str, learnt: Sequence[Learnt], gazetteer: Gazetteer
) -> list[ProgrammeSpan]:
    """Programme spans from the learnt PROG spans, origin "model"; the gazetteer's canonical
    when it lists the name, else the name as written."""
    out = []
    for start, end, label in learnt:
        if label != "PROG":
            continue
        while start < end and text[start] in _EDGE:
            start += 1
        while end > start and text[end - 1] in _EDGE:
            end -= 1
        surface = text[start:end]
        if not surface or "\n" in surface or len(surface.split()) > MAX_WORDS:
            continue
        if not any(c.isupper() or c.isdigit() for c in surface):
            continue
        if gazetteer.lookup(surface, "organisation") is not None:
            continue  # a listed body the model took for a scheme
        canonical = gazetteer.lookup(surface, "programme") or " ".join(surface.split())
        out.append(ProgrammeSpan(start, end, surface, canonical, "model"))
    return out


def _plausible(
    text: str, start: int, surface: str, is_common_word: Callable[[str], bool] | None
) -> bool:
    words = surface.split()
    if not words or len(words) > MAX_WORDS or fold(surface) in NOT_ORG:
        return False
    if not any(c.isupper() for c in surface) or not any(c.isalpha() for c in surface):
        return False
    if is_common_word is None or len(words) > 1:
        return True
    at_start = _SENTENCE_START.search(text[max(0, start - 3) : start]) is not None
    return not (at_start and is_common_word(surface) and not surface.isupper())


def without_overlaps(candidates: Sequence, taken: Sequence[tuple[int, int]]) -> list:
    """The candidates (anything with start and end) overlapping none of `taken`."""
    return [c for c in candidates if all(c.end <= s or c.start >= e for s, e in taken)]


def extending(candidates: Sequence, taken: Sequence[tuple[int, int]]) -> list:
    """The candidates that strictly contain at least one taken span and cross none."""
    out = []
    for c in candidates:
        inside = [(s, e) for s, e in taken if c.start <= s and e <= c.end]
        crossing = [(s, e) for s, e in taken if s < c.end and c.start < e and (s, e) not in inside]
        if inside and not crossing and any((s, e) != (c.start, c.end) for s, e in inside):
            out.append(c)
    return out
