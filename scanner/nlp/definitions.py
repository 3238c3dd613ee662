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
    grown = [_with_bracket(text, s) for s in out]
    # a span the bracket of another now covers is part of that one
    return [
        s
        for s in grown
        if not any(
            o is not s
            and o.start <= s.start
            and s.end <= o.end
            and (o.start, o.end) != (s.start, s.end)  # type: ignore[attr-defined]
            for o in grown
        )
    ]


_BRACKET = re.compile(r"[ \u00a0]*\((?P<inner>[^()\n]{2,160})\)")
_ACRONYM = re.compile(r"[A-Z][A-Za-z0-9&\-]{1,11}(?:[ \u00a0][A-Z][\w\-]+){0,2}")
_LONG = re.compile(r"[A-ZÉÈ][\w'’\-]*(?:[ \u00a0][\w'’\-]+){2,14}")


def _with_bracket(text: str, span: S) -> S:
    """An organisation or programme followed by its acronym in brackets, or an acronym
    followed by its long name ("CRCI2NA (Centre de recherche en cancérologie …)"), where
    the bracket holds no mention of its own: the bracket joins the mention."""
    if getattr(span, "kind", "programme") not in ("organisation", "programme"):
        return span
    m = _BRACKET.match(text, span.end)  # type: ignore[attr-defined]
    if m is None:
        return span
    inner, surface = m.group("inner").strip(), span.text  # type: ignore[attr-defined]
    acronym = _ACRONYM.fullmatch(inner) and sum(c.isupper() for c in inner) >= 2
    spelled = _is_acronym(surface) and _LONG.fullmatch(inner) is not None
    if not (acronym and not _is_acronym(surface) and len(surface.split()) >= 2) and not spelled:
        return span
    start, end = span.start, m.end()  # type: ignore[attr-defined]
    return replace(span, end=end, text=text[start:end])  # type: ignore[type-var]


def _is_acronym(name: str) -> bool:
    return " " not in name and sum(c.isupper() for c in name) >= 2


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
