"""A name found once by its context is the same organisation wherever else the article writes
it: as written, in capitals, or by the first word of a company-shaped name ("Arvelle" for
"Arvelle Therapeutics"). Pure functions, split from `org_context`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from scanner.nlp.org_names import place_like, short_form_alone
from scanner.nlp.org_rules import NOT_ORG
from scanner.nlp.org_vocab import NOT_FIRST, PLACE_NAMED, SHAPE_WORDS
from scanner.records import Mention
from scanner.text.folding import fold


def short_forms(found: Sequence[Mention], text: str = "") -> dict[str, str]:
    """ "Arvelle" → "Arvelle Therapeutics": the first word of a two-word name shaped like a
    company, when it is no common opener nor a place the text names ("Portugal Ventures")."""
    out: dict[str, str] = {}
    for m in found:
        words = m.text.split()
        if len(words) != 2 or words[1] not in SHAPE_WORDS or len(words[0]) < 4:
            continue
        if words[1] in PLACE_NAMED or (text and place_like(text, words[0])):
            continue  # "Manche Angels" is no "Manche": the first word is the place
        if words[0].isupper():
            continue  # "NIHR Medtech", "EQT Ventures": an acronym first names the parent body
        if fold(words[0]) not in NOT_ORG and fold(words[0]) not in NOT_FIRST:
            out.setdefault(words[0], m.canonical)
    return out


def other_occurrences(text: str, found: list[Mention]) -> list[Mention]:
    """Every other occurrence of the names found, as written or in capitals, and the short
    form of a name shaped like a company ("Arvelle" for "Arvelle Therapeutics")."""
    shorts = short_forms(found, text)
    names = {m.text: m.canonical for m in found} | shorts
    out = []
    for name, canonical in names.items():
        forms = {name, name.upper()} if len(name) > 3 else {name}
        for form in forms:
            for m in re.finditer(rf"(?<![\w\-]){re.escape(form)}(?![\w\-])", text):
                if name in shorts and not short_form_alone(text, m.start(), m.end(), canonical):
                    continue
                out.append(
                    Mention("organisation", m.start(), m.end(), form, canonical, origin="rule")
                )
    return out
