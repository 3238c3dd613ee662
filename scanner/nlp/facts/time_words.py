"""Time words that are no date of the money: a company's age ("Créée il y a 6 ans, la
start-up boucle une série A") and the tenses of reported speech ("Medtronic a annoncé mardi
qu'il avait accepté de racheter Y pour 550 M$", "a annoncé avoir obtenu 12 M€"). The novelty
rules read the sentence's past markers and tenses through these."""

from __future__ import annotations

import re

from scanner.nlp.facts.context import Amount

# an announcing verb, then "qu'il", "qu'elle"…: what follows is reported
_REPORTED = re.compile(
    r"\b(?:a|ont|vient d'|viennent d')\s*(?:annonce|indique|precise|declare|confirme|"
    r"fait savoir|explique|affirme)\b[^.;]{0,40}\bqu(?:'|e\s)\s*(?:il|elle|ils|elles)?\s*$"
)
_FOUNDED_AGO = re.compile(r"\b(?:fonde\w*|cree\w*|nee?s?|lance\w*|immatricule\w*)\b[^,;.]{0,25}$")
_PLUPERFECT = re.compile(r"\bavai(?:t|ent)\b")
# "a annoncé ces jours derniers avoir obtenu…": the perfect infinitive of what is announced
_ANNOUNCED_HAVING = re.compile(
    r"\b(?:annonc\w*|indiqu\w*|confirm\w*|declar\w*)\b[^.;]{0,40}\bavoir\s+(?:\w+\s+)?\w+"
)


def reported(low: str, at: int, word: str) -> bool:
    """The past marker `word` at `at` of the folded text is "avait" in reported speech."""
    if word not in ("avait", "avaient"):
        return False
    return _REPORTED.search(low, max(0, at - 80), at) is not None


def founding_age(seg: str, m: re.Match[str]) -> bool:
    """The past marker `m` is "il y a N ans" after "créée", "fondée": the company's age."""
    return m.group().startswith("il y a") and bool(
        _FOUNDED_AGO.search(seg, max(0, m.start() - 40), m.start())
    )


def in_reported_speech(a: Amount) -> bool:
    """The amount's clause is in the pluperfect of reported speech, or an announced perfect
    infinitive ("annonce avoir obtenu")."""
    low = a.article.flat
    if _ANNOUNCED_HAVING.search(low, a.sentence.start, a.mention.start):
        return True
    found = list(_PLUPERFECT.finditer(low, a.sentence.start, a.mention.start))
    return bool(found) and reported(low, found[-1].start(), "avait")
