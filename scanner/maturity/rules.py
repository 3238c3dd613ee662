"""The stage rules that are sure: a headline that names one stage's decisive event.

    title_rule("Forfait innovation : feu vert de la HAS pour un implant")   # TitleRule(...)

A title is the item's main news in a few words. When it names a forfait innovation, a CE
marking, a clinical trial or a call for projects — and the words of no other such stage — the
stage is that one, whatever the rest of the text mentions in passing. Only these four stages
have words this decisive: "launch", "plant" or "research" in a title say much less (a launch
can be a call's, a plant can be built for trial batches). Measured on the stage-labelled tuned
sets (gold, train, train_more, train_blind) these rules were right every time they fired
(32 of 239 on-topic items); everything else goes to the classifier.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from scanner.records import StageName
from scanner.text.folding import fold

# Folded (accent-free, lower-case) patterns; one stage each.
_SURE: tuple[tuple[StageName, re.Pattern[str]], ...] = (
    (
        "reimbursement",
        re.compile(
            r"\b(forfait innovation|pecan|prise en charge anticipee|lppr|rembourse\w*"
            r"|reimburs\w*)\b"
        ),
    ),
    (
        "regulatory",
        re.compile(
            r"\b(marquage ce|ce marking|ce mark|feu vert (europeen|de la fda|de l'ema)"
            r"|fda (approval|clearance|approves|clears)|autorisation de mise sur le marche"
            r"|amm|marketing authori[sz]ation|acces precoce)\b"
        ),
    ),
    (
        "clinical",
        re.compile(
            r"\b(essai clinique|essai de phase|phase (i{1,3}|[123])\b|clinical trial"
            r"|first patients? (dosed|treated)|premiers? patients?)\b"
        ),
    ),
    (
        "policy",
        re.compile(
            r"\b(appel a projets|appel a candidatures|call for (projects|proposals)"
            r"|strategie nationale|plan national|feuille de route|projet de loi)\b"
        ),
    ),
)


@dataclass(frozen=True, slots=True)
class TitleRule:
    """A sure stage read in the title, and the words that decided it."""

    stage: StageName
    words: str


def title_rule(title: str) -> TitleRule | None:
    """The stage a title names for sure, or None (no decisive words, or two stages' words)."""
    folded = fold(title)
    found = [(stage, m.group(0)) for stage, pattern in _SURE if (m := pattern.search(folded))]
    if len(found) != 1:
        return None
    return TitleRule(found[0][0], found[0][1])
