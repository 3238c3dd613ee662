"""A name defined with its acronym is one mention: "Hospices Civils de Lyon (HCL)".

News defines a short form once, in either order, "Agence du numérique en santé (ANS)" or
"PSPC (projets de R&D structurants pour la compétitivité)", and uses the short form alone
afterwards. Annotators keep the definition as one surface and each later bare use as another;
so two mentions of one kind that stand as "X (Y)", the bracket holding exactly the second, are
joined, the canonical the pair already shares (or the long form's). Pure function.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from typing import TypeVar

_OPEN = re.compile(r"[ \u00a0]*\([ \u00a0]*$")
_CLOSE = re.compile(r"[ \u00a0]*\)")

S = TypeVar("S")


def join_definitions(text: str, spans: Sequence[S]) -> list[S]:
    """`spans` (sorted by start, each with start, end, text, canonical) with every "X (Y)"
    pair joined into one span "X (Y)"."""
    ordered = sorted(spans, key=lambda s: s.start)  # type: ignore[attr-defined]
    out: list[S] = []
    i = 0
    while i < len(ordered):
        first = ordered[i]
        if i + 1 < len(ordered):
            second = ordered[i + 1]
            joined = _joined(text, first, second)
            if joined is not None:
                out.append(joined)
                i += 2
                continue
        out.append(first)
        i += 1
    return out


def _joined(text: str, first: S, second: S) -> S | None:
    f_end, s_start = first.end, second.start  # type: ignore[attr-defined]
    if getattr(first, "kind", None) != getattr(second, "kind", None):
        return None
    if s_start <= f_end or s_start - f_end > 4:
        return None
    if not _OPEN.fullmatch(text, f_end, s_start):
        return None
    close = _CLOSE.match(text, second.end)  # type: ignore[attr-defined]
    if close is None:
        return None
    long_first = len(first.text) >= len(second.text)  # type: ignore[attr-defined]
    long_one = first if long_first else second
    short_one = second if long_first else first
    if short_one.canonical == long_one.canonical:  # type: ignore[attr-defined]
        canonical = long_one.canonical  # type: ignore[attr-defined]
    elif getattr(short_one, "origin", "") == "gazetteer":
        canonical = short_one.canonical  # type: ignore[attr-defined]
    else:
        canonical = long_one.canonical  # type: ignore[attr-defined]
    start, end = first.start, close.end()  # type: ignore[attr-defined]
    return replace(  # type: ignore[type-var]
        first, start=start, end=end, text=text[start:end], canonical=canonical
    )
