"""One canonical for a company and its short form in an article: "Kinetiq" is "Kinetiq Health",
"Théralpes" is "Laboratoires Théralpes", "Redwood Point" is "Redwood Point Bio", "Gensight" is
"GenSight Biologics" when the article names the longer one.

The rules that find a short form of a company-shaped name give it the full name's canonical,
but other sources (the learnt span model, a sentence opener) find bare names too and name them
after themselves; this last pass makes them agree, so the bulletin counts one company, not two.
Only unlisted names move (a listed "Inserm" stays itself beside "Inserm Transfert"), and only
to the one longer name of the article that starts or ends with them word for word.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from scanner.records import Mention

MIN_CHARS = 4  # "Bio", "SAS": too short to stand for a company
# a name after "du", "of" is the longer body's owner, not its short form
_OWNER_LINK = {"du", "de", "des", "la", "d'", "d’", "of", "the", "for", "pour"}
# "MB Launch II", "French Tech Accélération 2": a fund's or a vehicle's next generation is
# another body than the first, not its full name
_GENERATION = re.compile(r"(?:[IVX]{1,4}|[0-9]{1,2})")
# "La Métropole a apporté 300 000 €" after "la Métropole de Rennes": a local authority named
# again by its kind alone is the one of that kind the article has named
_BARE_AUTHORITY = re.compile(
    r"(?:[Ll]a |[Ll]e |[Ll]'|[Ll]’)?(Région|Métropole|Eurométropole|Département|Agglomération)"
)


def _longer_names(short: str, names: set[str]) -> set[str]:
    # in any case: "Gensight" is "GenSight Biologics" written by a hurried hand
    words = short.casefold().split()
    out = set()
    for name in names:
        other = name.casefold().split()
        if len(other) > len(words) and (
            other[: len(words)] == words or other[-len(words) :] == words
        ):
            extra = name.split()[len(words) :] if other[: len(words)] == words else []
            if extra and all(_GENERATION.fullmatch(w) for w in extra):
                continue
            before = name.split()[: -len(words)] if other[-len(words) :] == words else []
            if before and before[-1].casefold() in _OWNER_LINK:
                continue  # "Fondation du CHU de Laval" is the CHU's foundation, not the CHU
            out.add(name)
    return out


def with_full_names(text: str, mentions: Sequence[Mention]) -> list[Mention]:
    """The mentions, each unlisted organisation named by a short form of exactly one longer
    organisation name of the same text taking that name's canonical."""
    orgs = [m for m in mentions if m.kind == "organisation"]
    names = {m.text: m.canonical for m in orgs}
    out = []
    for m in mentions:
        if (
            m.kind == "organisation"
            and m.origin != "gazetteer"
            and m.canonical == m.text
            and len(m.text) >= MIN_CHARS
            and m.text[:1].isupper()
        ):
            bare = _BARE_AUTHORITY.fullmatch(m.text)
            if bare:
                longer = {c for c in names.values() if c.split()[0] == bare.group(1)} - {m.text}
            else:
                longer = {names[n] for n in _longer_names(m.text, set(names))}
            if len(longer) == 1:
                m = replace(m, canonical=longer.pop())
        out.append(m)
    return out
