"""Institution names cut at their "et de": "Institut de la mémoire" for "Institut de la
mémoire et de la maladie d'Alzheimer (IM2A)", "Laboratoire Traitement du Signal" inside
"LTSI (Laboratoire Traitement du Signal et de l'Image)".

The rules and the model stop a name at "et", which in prose joins two things; but when the
words after "et de …" run straight into a bracket (the name's acronym opens, or the bracket
that held the name closes), they are the second half of the same name. A pure function of the
text and the mentions found.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from scanner.records import Mention

_SP = "[ \u00a0]"
# "et de la maladie d'Alzheimer" up to " (" or ")": no comma, full stop, other bracket or line
_SECOND_HALF = re.compile(
    rf"{_SP}+et{_SP}+(?:de{_SP}+la{_SP}+|de{_SP}+l['’]|de{_SP}+|du{_SP}+|des{_SP}+|d['’])"
    rf"[^()\n,;.:«»\"]{{1,60}}?(?={_SP}*\(|\))"
)


def joined_halves(text: str, mentions: Sequence[Mention]) -> list[Mention]:
    """Unlisted organisations extended over an "et de …" half that ends at a bracket, when
    that half holds no other organisation (its name keeps the extension too); a person or a
    place the model saw inside the half ("Alzheimer") goes."""
    orgs = [(m.start, m.end) for m in mentions if m.kind == "organisation"]
    out, covered = [], []
    for m in mentions:
        half = _SECOND_HALF.match(text, m.end) if m.kind == "organisation" else None
        if half is not None and m.origin not in ("gazetteer", "curator"):
            end = half.end()
            if not any(s < end and m.end < e for s, e in orgs if (s, e) != (m.start, m.end)):
                surface = text[m.start : end]
                canonical = surface if m.canonical == m.text else m.canonical
                m = replace(m, end=end, text=surface, canonical=canonical)
                covered.append((m.start, end))
        out.append(m)
    return [
        m
        for m in out
        if m.kind == "organisation" or not any(s <= m.start and m.end <= e for s, e in covered)
    ]


# "MSD France", "Sanofi France": a group's French subsidiary is an organisation of its own
# (not "France 2030", not "France-based")
_FRENCH_ARM = re.compile(rf"{_SP}France(?![\w\-'’]|{_SP}*\d)")


def national_subsidiaries(text: str, mentions: Sequence[Mention]) -> list[Mention]:
    """An organisation followed by "France" runs over it, under a canonical of its own (a
    subsidiary is never folded into its group); the place the model saw in it goes."""
    arms = {}
    for m in mentions:
        arm = _FRENCH_ARM.match(text, m.end) if m.kind == "organisation" else None
        if arm is not None and not m.text.endswith("France"):
            arms[(m.start, m.end)] = arm.end()
    if not arms:
        return list(mentions)
    out = []
    for m in mentions:
        end = arms.get((m.start, m.end))
        if end is not None:
            surface = text[m.start : end]
            m = replace(m, end=end, text=surface, canonical=f"{m.canonical} France")
        elif m.kind == "place" and any(s < m.start and m.end <= e for (s, _), e in arms.items()):
            continue
        out.append(m)
    return out
