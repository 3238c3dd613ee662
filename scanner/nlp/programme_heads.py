"""The head word of a programme mention: "concours i-Lab", "programme RHU", "EU4Health programme".

News announces a scheme with what it is: a call, a competition, a plan, an accelerator, a
prize. Annotators keep that head word in the mention, before the name in French ("le
dispositif Impulsion Innovation", "l'appel à projets « Première usine »") and after it in
English ("the Eurostars programme", "the Booster Santé Nord accelerator"); the canonical stays
the bare name. A name introduced by "baptisé" or "intitulé" stands alone. Pure functions.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from typing import TypeVar

_SP = "[ \u00a0\u202f]"
_APOS = "['\u2019]"
# French heads, written before the name (any case: "Concours", "l'AAP")
HEADS_BEFORE = (
    rf"appels?{_SP}+à{_SP}+projets?|appels?{_SP}+à{_SP}+manifestations?{_SP}+d{_APOS}{_SP}?intérêt|"
    rf"appels?{_SP}+à{_SP}+candidatures?|AAP|AMI|programmes?{_SP}+d{_APOS}accélération|"
    rf"programmes?|concours|dispositifs?|plans?|accélérateurs?|prix|challenges?|"
    rf"grand{_SP}+prix|feuilles?{_SP}+de{_SP}+route|trophées?|labels?|bourses?"
)
_BEFORE = re.compile(rf"(?<![\w\-])(?i:{HEADS_BEFORE}){_SP}+$")
# English heads, written after the name, in lower case ("the SBRI Healthcare programme")
_AFTER = re.compile(
    rf"{_SP}+(?:programme|program|accelerator|initiative|scheme|challenge|competition)s?\b"
    r"(?![\-'’])"
)

S = TypeVar("S")


def with_heads(text: str, spans: Sequence[S]) -> list[S]:
    """Each programme span (any dataclass with start, end and text) grown over the head word
    right before it, or in English the one right after it."""
    out = []
    for s in spans:
        start, end = s.start, s.end  # type: ignore[attr-defined]
        before = _BEFORE.search(text, max(0, start - 60), start)
        if before is not None:
            start = before.start()
        else:
            after = _AFTER.match(text, end)
            if after is not None and _english_name(text, s.start, end):  # type: ignore[attr-defined]
                end = after.end()
        if (start, end) != (s.start, s.end):  # type: ignore[attr-defined]
            s = replace(s, start=start, end=end, text=text[start:end])  # type: ignore[type-var]
        out.append(s)
    return out


def _english_name(text: str, start: int, end: int) -> bool:
    """A name an English head may follow: it ends on a capitalised word or a number."""
    words = text[start:end].split()
    return bool(words) and (words[-1][:1].isupper() or words[-1][:1].isdigit())
