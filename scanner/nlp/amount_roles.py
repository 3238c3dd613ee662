"""The role of a money amount where its sentence says it: a programme's budget ("doté de"),
public aid ("subvention", "aide"), an investment, a fund-raising ("lève", "tour de table"), an
acquisition ("rachète"). Cost, price and turnover words mean none of these.
"""

from __future__ import annotations

import re
from typing import Literal

from scanner.records import AmountRole

SP = "[ \u00a0\u202f\u2009]"
_APOS = "['’]"
_SENTENCE_END = re.compile(r"[.!?;]\s|\n")

# Role words, most specific first; the one nearest the amount in its sentence decides.
# "neutral" words (cost, price, turnover) mean the amount has none of the roles.
_ROLE_WORDS: tuple[tuple[AmountRole | Literal["neutral"], str], ...] = (
    (
        "fundraising",
        r"lev[ée]e?s?(?:\s+de\s+fonds)?|l[eè]ve(?:nt|r)?|tour\s+de\s+table|"
        r"s[ée]rie\s+[A-D]\b|amor[çc]age|boucl\w*|raises?d?|raising|round|funding\s+round",
    ),
    (
        "acquisition",
        r"rach[eèa]t\w*|acqui(?:sition|ert|èrent|s|se)\b|acquires?d?|"
        r"acquisition|takeover|buys?|bought|reprise",
    ),
    (
        "budget",
        r"dot[ée]e?s?\b|dotation|budgets?|enveloppes?|mobilis\w*|programme\s+de|"
        r"plan\s+de|fonds\s+d['’]urgence|earmark\w*|budgeted",
    ),
    (
        "aid",
        r"aides?\b|subventions?|financ\w*|soutien\w*|soutenu\w*|b[ée]n[ée]fici\w*|"
        r"re[çc]oi\w*|re[çc]u\w*|obten\w*|obtient|d[ée]croch\w*|apport\w*|contribu\w*|"
        r"particip\w*|pr[eê]ts?|avances?\s+remboursables?|grants?|awarded|loans?|support\w*",
    ),
    ("investment", r"invest\w*"),
    (
        "neutral",
        r"co[ûu]t\w*|prix|chiffre\s+d['’]affaires|vendu\w*|factur\w*|"
        r"commercialis\w*|march[ée]\b|rançon|valoris\w*|cost\w*|price\w*|revenue|worth",
    ),
)
_ROLES: dict[str, AmountRole] = {role: role for role, _ in _ROLE_WORDS if role != "neutral"}
_ROLE_BEFORE = re.compile(
    "|".join(rf"(?P<{role}>\b(?:{words})\b)" for role, words in _ROLE_WORDS), re.IGNORECASE
)
_ROLE_AFTER = re.compile(
    rf"{SP}*(?:(?:d{_APOS}|de{SP}+|en{SP}+)(?P<word>aides?|subventions?|investissements?|"
    rf"financements?|lev[ée]e|budget)|in{SP}+(?P<en>grants?|funding|investment))",
    re.IGNORECASE,
)
_AFTER_ROLES: dict[str, AmountRole] = {
    "aide": "aid", "subvention": "aid", "financement": "aid", "grant": "aid", "funding": "aid",
    "investissement": "investment", "investment": "investment",
    "levee": "fundraising", "levée": "fundraising", "budget": "budget",
}  # fmt: skip


def amount_role(text: str, start: int, end: int) -> AmountRole | None:
    """The amount's role where its sentence says it: a role word right after the amount
    ("62,2 millions d'euros d'aide"), else the nearest role word before it."""
    after = _ROLE_AFTER.match(text, end, min(len(text), end + 40))
    if after is not None:
        word = (after.group("word") or after.group("en") or "").lower().rstrip("s")
        role = _AFTER_ROLES.get(word)
        if role is not None:
            return role
    window_start = max(0, start - 160)
    sentence = list(_SENTENCE_END.finditer(text, window_start, start))
    if sentence:
        window_start = sentence[-1].end()
    role_name = None
    for m in _ROLE_BEFORE.finditer(text, window_start, start):
        role_name = m.lastgroup
    return _ROLES.get(role_name) if role_name is not None else None  # "neutral": None
