"""The head noun before a programme's name belongs to its mention: "concours i-Lab",
"plan France Relance", "dispositif Impulsion Innovation".

Outside annotators write these heads inside the surface (concours 9 of 9, plan 7 of 7,
dispositif 9 of 10 in dev_actors2, dev_money and train_actors3), as the extractor already does
for "appel à projets « X »" and "stratégie X"; the canonical stays the name ("i-Lab"), so one
programme keeps one canonical with or without its head. "programme X" stays outside: the
annotators split on it (18 in, 9 out) and taking it in lowered train_actors3.
"""

from __future__ import annotations

import re
from dataclasses import replace

from scanner.records import Mention

# lowercase only: "Plan Innovation Santé 2030" is itself a name, found whole already
HEADS = ("concours", "plan", "dispositif")
_HEAD_BEFORE = re.compile(r"(?<![\w'’-])(" + "|".join(HEADS) + r")[ \u00a0]+(?:[«“\"][ \u00a0]*)?$")
_WINDOW = 24


def with_heads(text: str, mentions: list[Mention]) -> list[Mention]:
    """`mentions` with each programme's head noun, written just before it, inside it."""
    out: list[Mention] = []
    for m in mentions:
        if m.kind == "programme":
            window = max(0, m.start - _WINDOW)
            head = _HEAD_BEFORE.search(text, window, m.start)
            if head is not None and not _taken(out, head.start()):
                m = replace(m, start=head.start(), text=text[head.start() : m.end])
        out.append(m)
    return out


def _taken(kept: list[Mention], start: int) -> bool:
    """Whether an earlier mention already covers the head (never two mentions on one word)."""
    return any(k.end > start for k in kept[-3:])
