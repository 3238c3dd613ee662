"""Who takes the money, said by a clause the parse does not tie to it: a relative clause
after a list item's name ("Pyxis Diagnostics, à Clermont-Ferrand, qui reçoit 750 000 euros"),
an English verb of giving with two objects ("has awarded Kelpie a £3m grant")."""

from __future__ import annotations

import re

from scanner.nlp.facts import lexicon as lx
from scanner.nlp.facts.context import Amount
from scanner.nlp.facts.parties import FUNDED, org_name

# "Pyxis Diagnostics, à Clermont-Ferrand, qui reçoit 750 000 euros", "Dosalis (aide à la
# prescription), qui a levé": the name the relative clause hangs from (past a place or what
# it does in brackets) takes the money
_WHO_TAKES = re.compile(
    # "X, a security startup that raised a €65m round": the apposition may run to the pronoun
    # "le grand prix est remis à X qui a levé 3,6 M€": no comma before a name's relative
    r"(?:(?:\s*\([^()]{1,150}\))?,\s*(?:[^,;]{2,80},\s*|[^,;]{2,80}?\s)?|\s+)(?:qui|which|who|that)\s+"
    r"(?:[\w']+\s+){0,2}?(?:" + lx.TAKE + r")\s+(?:[\w']+\s+){0,4}$"
)

# "X, consortium piloté par Y, qui reçoit": Y leads, X takes
# ("à commencer par X, qui a levé": a list's first item, no leader)
_LEADER_BEFORE = re.compile(
    r"\b(?:(?<!commencer )par|(?<!starting )(?<!beginning )by|avec|with|de la part d[e'])\s+"
    r"(?:l'|la |le |les |the )?$"
)


def relative_taker(a: Amount, role: str) -> tuple[bool, str | None]:
    """The name a relative clause of taking hangs from ("X, à Brest, qui reçoit 3,5 M€")."""
    if role not in FUNDED:
        return False, None
    low = a.article.flat
    for i in reversed(a.article.indexes(a.sentence.start, a.mention.start, ("organisation",))):
        m = a.article.mentions[i]
        if _LEADER_BEFORE.search(low, max(a.sentence.start, m.start - 30), m.start):
            continue  # "X, consortium piloté par Y, qui reçoit": Y leads, X takes
        if _WHO_TAKES.fullmatch(low, m.end, a.mention.start):
            return True, org_name(a, i)
        if _WITH_OR_TOTALS.fullmatch(low, m.end, a.mention.start) and _RAISED_AFTER.match(
            low, a.mention.end
        ):
            return True, org_name(a, i)  # "X, avec près de 78 M€ levés au total"
    return False, None


# "Treelia, avec près de 78 M€ levés au total", "Sparvision, qui atteint 138 M€ de
# financement": a list item's name with what it has raised
_WITH_OR_TOTALS = re.compile(
    r"\s*,\s*(?:avec|with|qui (?:atteint|totalise|cumule)|which (?:totals|has reached))\s+$"
)
_RAISED_AFTER = re.compile(
    r"\s*(?:d'euros\s+)?(?:de fonds\s+)?(?:leves|raised|de financements?|de fonds leves|in funding)\b"
)


# English gives twice: "has awarded Kelpie a £3m grant", "granted the company an additional €2m"
_GAVE = re.compile(r"\b(?:awarded|granted|gave|given|lent|loaned|handed|offered)\s+$")
_THE_COMPANY = re.compile(
    r"\b(?:awarded|granted|gave|lent|loaned|handed|offered)\s+"
    r"the (?:company|start-?up|firm|biotech|medtech)\s+(?:an?|the)?\s*$"
)
_THEN_MONEY = re.compile(r"\s+(?:an?|the|its)?\s*(?:additional|further|new|first|second)?\s*$")


def given_first_object(a: Amount) -> tuple[bool, str | None]:
    """Without a parse, English: "X has awarded Kelpie a £3m grant", "granted the company an
    additional €2m" (the company the article is about)."""
    low = a.article.flat
    if not a.article.english:
        return False, None
    if _THE_COMPANY.search(low, a.segment.start, a.mention.start):
        return (True, a.article.protagonist) if a.article.protagonist else (False, None)
    for i in a.article.indexes(a.segment.start, a.mention.start, ("organisation",)):
        m = a.article.mentions[i]
        if _GAVE.search(low, a.segment.start, m.start) and _THEN_MONEY.fullmatch(
            low, m.end, a.mention.start
        ):
            return True, org_name(a, i)
    return False, None


# "Basé dans le Jura et également soutenu pour 1 M€, Dermatec conçoit …": a sentence opening
# on a participle whose subject is the name after the comma
# (read on the text as written: "Soutenue", "Basé", not "Une", "Cette", "Entre")
_OPENING_PARTICIPLE = re.compile(
    r"\s*(?:(?!(?:Plus|Au|Du|Vu|Tu)\b)[A-ZÉ][a-zéèêàâîôûç]+(?:é|ée|és|ées|u|ue|us|ues)\b|"
    # "Grâce à la subvention de 200 000 €, Sensolys est née": what made it possible
    r"Grâce (?:à|aux?)\b|Thanks to\b)"
)
# after the opening phrase's comma: a few words of what the company is, then its name
_AFTER_COMMA = re.compile(
    r"[^,;.]{0,60}?,\s*(?:(?:la|le|l'|les|cette|ce)\s*)?"
    r"(?:(?!(?:par|by|de|du|des|d'|avec|with|aupres|pour)\b)[a-z][\w'-]*\s+){0,3}$"
)


def participle_subject(a: Amount, role: str) -> tuple[bool, str | None]:
    """The name after a sentence's opening participial phrase that holds the amount
    ("Soutenue à hauteur de 2 M€ par Bpifrance, la start-up Orvalys …")."""
    if role not in FUNDED:
        return False, None
    low = a.article.flat
    start = a.sentence.start
    if "," in low[start : a.mention.start] or not _OPENING_PARTICIPLE.match(a.article.text, start):
        return False, None
    if a.article.indexes(start, a.mention.start, ("organisation",)):
        return False, None  # "Dotée par Bpifrance de 2 M€, …": its names are the givers
    end = min(a.sentence.end, a.mention.end + 140)
    for i in a.article.indexes(a.mention.end, end, ("organisation",)):
        m = a.article.mentions[i]
        if "," not in low[a.mention.end : m.start]:
            continue  # "… 2 M€ par Bpifrance, la start-up X": the giver, inside the phrase
        if _AFTER_COMMA.fullmatch(low, a.mention.end, m.start):
            return True, org_name(a, i)
        break
    return False, None
