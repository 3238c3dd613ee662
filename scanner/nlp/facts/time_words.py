"""Time words that are no date of the money: a company's age ("Créée il y a 6 ans, la
start-up boucle une série A") and the tenses of reported speech ("Medtronic a annoncé mardi
qu'il avait accepté de racheter Y pour 550 M$", "a annoncé avoir obtenu 12 M€"). The novelty
rules read the sentence's past markers and tenses through these."""

from __future__ import annotations

import re
from datetime import date

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
    """The past marker `word` at `at` of the folded text is "avait" (or "had") in reported
    speech."""
    if word == "had":  # "said on Monday it had raised €8 million": the news, reported
        return _REPORTED_EN.search(low, max(0, at - 80), at) is not None
    if word not in ("avait", "avaient"):
        return False
    return _REPORTED.search(low, max(0, at - 80), at) is not None


_REPORTED_EN = re.compile(
    r"\b(?:said|announced|confirmed|reported|disclosed|revealed)\b(?:\s+(?:on|this|last)\s+\w+)?"
    r"(?:\s+that)?\s+(?:it|they|the company|the firm|the start-?up)\s*$"
)


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


_WEEKDAYS = "lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche"
MONTHS = (
    "janvier", "fevrier", "mars", "avril", "mai", "juin", "juillet", "aout", "septembre",
    "octobre", "novembre", "decembre",
)  # fmt: skip
EN_MONTHS = (
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december",
)  # fmt: skip


def latest_year(published: date, month: int) -> int:
    """The year of the latest `month` that began on or before the article's date."""
    return published.year if month <= published.month else published.year - 1


# words that put a perfect ("a obtenu", "a procédé à") on the day of the news, not in history
_THIS_OCCASION = re.compile(
    r"\b(?:(?:ce |le )?(?:" + _WEEKDAYS + r")|hier|aujourd'hui|ce jour|cette semaine|"
    r"ce mois-ci|dans le meme temps|en parallele|parallelement|simultanement|"
    r"a cette occasion|a l'occasion de cette (?:operation|levee))\b"
)
_DAY_MONTH = re.compile(r"\b(1er|\d{1,2}) (" + "|".join(MONTHS) + r")\b(?! (?:19|20)\d\d)")
_RELATIVE = re.compile(r",\s*(?:qui|dont|which|who)\b")
RECENT_DAYS = 45  # a date this close before the article's is this news' date


def on_this_occasion(a: Amount) -> bool:
    """The amount's sentence, up to the amount, dates it to the news: a weekday, "hier",
    "dans le même temps", or a day of the month just before the article's date ("le 7
    novembre" in an article of 10 November)."""
    low = a.article.flat
    start, end = a.sentence.start, a.mention.start
    # "En parallèle, X, qui a collecté 1,1 M€ en septembre, …": the aside has its own time
    asides = list(_RELATIVE.finditer(low, start, end))
    start = asides[-1].end() if asides else start
    if _THIS_OCCASION.search(low, start, end):
        return True
    published = a.article.published
    if published is None:
        return False
    for m in _DAY_MONTH.finditer(low, start, end):
        day = 1 if m.group(1) == "1er" else int(m.group(1))
        month = MONTHS.index(m.group(2)) + 1
        try:
            said = date(latest_year(published, month), month, day)
        except ValueError:
            continue
        if 0 <= (published - said).days <= RECENT_DAYS:
            return True
    return False
