"""Money shared by several takers, none named as its own: "six projets recevront…",
"chacun", "aux start-up de la medtech", "£3 million to five companies", a grant total
shared out after a colon ("1,2 M€ d'aides : 700 000 € pour X, 300 000 € pour Y …"), an
average of many rounds (the `several` recipient rule: no recipient). One named among them
still takes its money ("Parmi les premiers bénéficiaires, Cellvance recevra 1,2 M€")."""

from __future__ import annotations

import re

from scanner.nlp.facts import lexicon as lx
from scanner.nlp.facts.background import an_average
from scanner.nlp.facts.context import Amount
from scanner.nlp.facts.parties import org_indexes, org_name
from scanner.nlp.facts.text import Span


def several(a: Amount, role: str) -> tuple[bool, str | None]:
    seg = a.article.flat[a.segment.start : a.mention.start]
    after = a.article.flat[a.mention.end : a.mention.end + 16]
    if _several_outside_names(a) or lx.EACH.search(seg) or lx.EACH.search(after):
        return True, None
    if role == "grant" and _shared_out(a):
        return True, None
    if an_average(a):
        return True, None  # "le montant moyen des levées": many rounds', no one's
    # "le montant total des subventions attribuées s'élève à X, dont Y sur l'axe 2"
    whole = a.article.flat[a.sentence.start : a.mention.start]
    part = _PART_OPENS.match(seg) and not org_indexes(a, Span(a.segment.start, a.segment.end))
    if _GRANTS_ADDED_UP.search(seg) or (part and _GRANTS_ADDED_UP.search(whole)):
        return True, None
    # "a attribué 2,4 M€ à trois projets lauréats", "€3 million to five companies"
    to = _TO_SEVERAL.match(a.article.flat, a.mention.end, a.segment.end)
    # "£2.1m from Kelpie Ventures for two projects": a named source between, its own projects
    named = to is not None and org_indexes(a, Span(a.mention.end, to.end()))
    low = a.article.flat
    if (
        to
        and not named
        and any(
            several.match(low, to.end(), a.segment.end)
            for several in (lx.SEVERAL, lx.SEVERAL_TAKERS)
        )
    ):
        return True, None
    # "85 M€ d'aides à l'innovation aux start-up de la medtech": "aux" and a kind of body
    # in the plural, no article needed
    kind = _TO_KIND.match(a.article.flat, a.mention.end, a.segment.end)
    if kind and not org_indexes(a, Span(a.mention.end, kind.end())):
        return True, None
    return False, None


# "a voté 1,2 million d'euros d'aides : 700 000 € pour X, 300 000 € pour Y …": a few words
# of what the money is, then a colon opening its shares
_COLON_SOON = re.compile(r"[^:;.]{0,40}?:")


def _shared_out(a: Amount) -> bool:
    """The amount is a total its sentence then shares out, after a colon, in two or more
    smaller amounts among two or more organisations ("12 M€ : 8 M€ de X et 4 M€ de Y" is
    a round's sources, not its takers: only grants are asked)."""
    colon = _COLON_SOON.match(a.article.flat, a.mention.end, a.sentence.end)
    if colon is None or not a.mention.value_eur:
        return False
    shares = [
        a.article.mentions[i].value_eur
        for i in a.article.indexes(colon.end(), a.sentence.end, ("amount",))
    ]
    smaller = [v for v in shares if v and v < a.mention.value_eur]
    takers = {org_name(a, i) for i in org_indexes(a, Span(colon.end(), a.sentence.end))}
    return len(smaller) >= 2 and len(smaller) == len(shares) and len(takers) >= 2


def _several_outside_names(a: Amount) -> bool:
    """ "trois projets lauréats" before the amount, not a name's word: the Advanced Research
    Projects Agency for Health awarding one company a contract is one payer, one taker."""
    low = a.article.flat
    for m in lx.SEVERAL.finditer(low, a.segment.start, a.mention.start):
        named = a.article.covering(m.start())
        if named is not None and named.kind in ("organisation", "programme"):
            continue
        colon = low.find(":", m.end(), a.mention.start)
        if colon >= 0 and org_indexes(a, Span(colon, a.mention.start)):
            continue  # "Trois entreprises … : Garonne Medical (800 000 euros)": one of them
        if _AMONG.search(low, max(0, m.start() - 20), m.start()) and org_indexes(
            a, Span(m.end(), a.mention.start)
        ):
            continue  # "Parmi les premiers bénéficiaires, Cellvance recevra 1,2 M€": one of them
        return True
    return False


_AMONG = re.compile(r"\b(?:parmi|among|amongst)\s+$")
_GRANTS_ADDED_UP = re.compile(
    r"\b(?:montant total|total|somme totale) des (?:subventions|aides|financements|grants)\b"
)
_PART_OPENS = re.compile(r"[\s,]*(?:dont|of which)\b")
_TO_KIND = re.compile(
    r"\s*(?:[\w'-]+\s+){0,6}?aux\s+(?:jeunes\s+)?(?:start-up|startups|jeunes pousses|societes|"
    r"entreprises|pme|projets|laureats|equipes|etablissements|hopitaux|laboratoires|chercheurs|"
    r"porteurs de projets|biotechs|medtechs|collectivites)\b"
)
_TO_SEVERAL = re.compile(
    r"\s*(?:[\w'-]+\s+){0,4}?(?:a|aux|to|sur|pour|for|entre|between|among|across)\s+"
)
