"""A name and its bracketed acronym or expansion, "Haute Autorité de santé (HAS)" or
"SESSTIM (Sciences économiques et sociales ...)", are one mention of one body.

Every independent annotator of our outside sets wrote them as one surface (112 of 116 cases in
dev_actors2, dev_money and train_actors3), and a curator reads one entity there, not two: so
the extractor joins the name, the brackets and what they hold into one mention. A bracket that
holds something else — a place, a parent body, a ticker, "Institut Cochin (Inserm)" — stays
outside: the two sides must spell each other (an acronym's letters in order through the long
side's words) or name the same listed entity.
"""

from __future__ import annotations

import re
from dataclasses import replace

from scanner.nlp.gazetteer import Gazetteer
from scanner.records import Mention
from scanner.text.folding import fold

JOINED_KINDS = ("organisation", "programme")
_BRACKET = re.compile(r"[ \t]*\(\s*([^()\n]{2,160}?)\s*\)")
_WORD = re.compile(r"[^\W_]+")


def join_bracketed(text: str, mentions: list[Mention], gazetteer: Gazetteer) -> list[Mention]:
    """`mentions` (sorted by start) with each "Name (ACR)" / "ACR (Name)" pair of one
    programme or organisation joined into one mention over both and the brackets."""
    out: list[Mention] = []
    skip_until = -1
    for i, m in enumerate(mentions):
        if m.start < skip_until:
            continue
        if m.kind not in JOINED_KINDS:
            out.append(m)
            continue
        bracket = _BRACKET.match(text, m.end)
        if bracket is None:
            out.append(m)
            continue
        inner = bracket.group(1)
        inside = [o for o in mentions[i + 1 :] if bracket.start() <= o.start < bracket.end()]
        if any(o.end > bracket.end() or o.kind not in (m.kind, "person", "place") for o in inside):
            out.append(m)
            continue
        same = [o for o in inside if o.kind == m.kind]
        if not (spell_each_other(m.text, inner) or _same_entity(m, same, inner, gazetteer)):
            out.append(m)
            continue
        out.append(
            replace(
                m,
                end=bracket.end(),
                text=text[m.start : bracket.end()],
                canonical=_canonical(m, same, gazetteer),
                origin="gazetteer"
                if _listed(m, gazetteer) or any(_listed(o, gazetteer) for o in same)
                else m.origin,
            )
        )
        skip_until = bracket.end()
    return out


def spell_each_other(left: str, right: str) -> bool:
    """One side is an acronym (one word, two capitals or more) whose letters run in order
    through the other side's words, its first letter a word's first: "HCL" and "Hospices
    Civils de Lyon", "CHU de Liège" and "Centre hospitalier universitaire de Liège". An
    acronym written as a word ("Irdes", "Resah") must also open with the long side's first
    letter, and the long side have three words or more: "Pôle Nord Médical (Lille)" is a
    place."""
    for short, long in ((left, right), (right, left)):
        words = _WORD.findall(long)
        if (
            (_acronym_shaped(short) or _word_acronym(short, words))
            and len(words) >= 2
            and _letters_run_through(short, long)
        ):
            return True
    return False


def _word_acronym(short: str, long_words: list[str]) -> bool:
    word = short.strip()
    return (
        " " not in word
        and word.istitle()
        and 4 <= len(word) <= 10
        and len(long_words) >= 3
        and fold(word[:1]).lower() == fold(long_words[0][:1]).lower()
    )


def _acronym_shaped(name: str) -> bool:
    words = name.split()
    if not words or len(words) > 3:
        return False
    caps = sum(c.isupper() for c in words[0])
    return caps >= 2 or (caps >= 1 and len(words) > 1 and words[0].isupper())


def _letters_run_through(short: str, long: str) -> bool:
    # looser than org_rules.long_form_of (Schwartz–Hearst), which finds where a long form
    # starts: here both sides are given, the long one may have many small words ("SESSTIM
    # (Sciences économiques et sociales de la santé et …)") and may carry letters the acronym
    # skips at its start ("Agence régionale de santé Provence-Alpes-Côte d'Azur (ARS PACA)")
    letters = [c for c in fold(short).lower() if c.isalnum()]
    low = "".join((fold(c) or c)[:1].lower() for c in long)  # one char per char
    starts = {m.start() for m in _WORD.finditer(low)}
    firsts = [s for s in starts if low[s] == letters[0]]
    for first in sorted(firsts):
        pos = first + 1
        for c in letters[1:]:
            pos = low.find(c, pos)
            if pos < 0:
                break
            pos += 1
        else:
            return True
    return False


def _same_entity(m: Mention, same: list[Mention], inner: str, gazetteer: Gazetteer) -> bool:
    """The bracket holds one mention of the same kind, linked to the same listed entity."""
    if len(same) != 1 or same[0].text.strip() != inner.strip():
        return False
    other = same[0]
    return bool(m.canonical) and m.canonical == other.canonical and _listed(m, gazetteer)


def _listed(m: Mention, gazetteer: Gazetteer) -> bool:
    return bool(m.canonical) and gazetteer.entry(m.kind, m.canonical) is not None


def _canonical(m: Mention, same: list[Mention], gazetteer: Gazetteer) -> str:
    """The listed entity's name when either side is listed, else the outside name's."""
    for cand in (m, *same):
        if _listed(cand, gazetteer):
            return cand.canonical
    return m.canonical or m.text
