"""Money a sentence dates or frames as background, whatever its verb's tense: a round "closed
in March" told in a November article, the sums "raised over the past 18 months" listed after a
colon, the assets a fund manages, a scheme's cap per company ("up to £150,000 per company"),
money spent or received every year ("investit chaque année 1,2 M€"), the sizes of the tickets
a fund writes ("émet des tickets de 0,5 à 2 M€").

Each test reads the folded text around one amount and says only "background" (False) or
nothing (None), like the other novelty rules (`scanner.nlp.facts.novelty`).
"""

from __future__ import annotations

import calendar
import re
from datetime import date

from scanner.nlp.facts import lexicon as lx
from scanner.nlp.facts.context import Amount
from scanner.nlp.facts.time_words import EN_MONTHS, MONTHS, latest_year

# a month said alone dates the money: "closed in March", "en septembre", "last June"; not
# with a year (the year rules read it), nor as an end or a start ("by March", "d'ici juin")
_MONTH = re.compile(
    r"(?:\b(?:in|last|en|au mois de|debut|fin)\s+|\bmi-)(?P<month>"
    + "|".join((*MONTHS, *(m for m in EN_MONTHS if m != "may")))
    + r")\b(?!\s*(?:19|20)\d\d|\s+\d)"
)
MONTH_GAP_DAYS = 20  # a month that ended this long before the article is not this week's
# a period looked back on: the amounts listed in its sentence are a review, not the news
_LOOKED_BACK = re.compile(
    r"\b(?:(?:over|in|during) the (?:past|last) (?:\w+ )?(?:months|years|decade)|"
    r"in recent (?:months|years)|"
    r"(?:au cours|lors) des (?:\w+ )?(?:derniers mois|dernieres annees)|"
    r"ces (?:\w+ )?(?:derniers mois|dernieres annees)|"
    r"(?:sur|en) (?:les )?(?:\w+ )?(?:derniers mois|dernieres annees))\b"
)
# a sentence opened by the time since the start frames all its money: "Depuis sa création
# en 2017, X avait levé 19 M€ et bénéficié de 3,6 M€ d'aides" (both amounts)
_SINCE_OPENING = re.compile(
    r"\s*(?:depuis (?:sa|leur|son) (?:creation|lancement|fondation)|depuis (?:19|20)\d\d|"
    r"since (?:its|their) (?:founding|creation|launch|inception)|since (?:19|20)\d\d)\b"
)
# the assets a fund manages: what it is, not money it has just received
_MANAGES_BEFORE = re.compile(r"\b(?:manages|managing|gere|gerant|gerait)\s*$")
_MANAGED_AFTER = re.compile(r"^\s*(?:d'actifs\s+)?(?:sous gestion|under management|in assets)")
# a scheme's ceiling for each winner: "up to £150,000 per company", "jusqu'à 600 000 € par
# projet", "offers £150,000 … per company"
_UP_TO = r"up to|jusqu'a|pouvant (?:aller jusqu'a|atteindre)|allant jusqu'a"
_CAP_BEFORE = re.compile(
    r"\b(?:" + _UP_TO + r"|maximum|maxima\w*|plafon\w*|"
    r"(?:pourrai\w*|peut|pourra|could|can|may) (?:atteindre|reach)|"
    r"offers?|offre|propose|provides?)\b[^.;]{0,30}$"
)
_PER_UNIT = re.compile(
    r"^[^.;€$£]{0,45}?\b(?:per|par) (?:company|companies|project|winner|startup|start-up|"
    r"applicant|projet|entreprise|laureat|societe|dossier)\b"
)


def month_before(a: Amount) -> bool:
    """The amount's clause names a month alone that ended weeks before the article."""
    published = a.article.published
    if published is None or a.tense == "future":
        return False
    low = a.article.flat
    end = a.sentence.end
    if a.following is not None:
        end = min(end, a.following.start)
    for m in _MONTH.finditer(low, a.segment.start, end):
        name = m.group("month")
        month = (MONTHS.index(name) if name in MONTHS else EN_MONTHS.index(name)) + 1
        year = latest_year(published, month)
        last = date(year, month, calendar.monthrange(year, month)[1])
        if (published - last).days > MONTH_GAP_DAYS:
            return True
    return False


def looked_back(a: Amount) -> bool:
    """The sentence, before the amount, looks back on a period ("over the past 18 months",
    "Depuis sa création, …")."""
    low = a.article.flat
    return bool(
        _LOOKED_BACK.search(low, a.sentence.start, a.mention.start)
        or _SINCE_OPENING.match(low, a.sentence.start)
    )


def assets_managed(a: Amount) -> bool:
    """ "The firm, which manages $900 million", "1,2 Md€ sous gestion"."""
    return bool(_MANAGES_BEFORE.search(a.before) or _MANAGED_AFTER.match(a.after))


# "bid for grants of up to £1m", "des subventions pouvant aller jusqu'à 200 000 euros": the
# ceiling of grants in the plural, each winner's at most
_GRANTS_UP_TO = re.compile(
    r"\b(?:grants|awards|loans|subventions|aides|prets|bourses|avances remboursables)\s+"
    r"(?:of\s+)?(?:" + _UP_TO + r")\s*$"
)


def cap_per_winner(a: Amount) -> bool:
    """A scheme's ceiling per winner, not a sum given to anyone."""
    if _GRANTS_UP_TO.search(a.before[-60:]):
        return True
    if not _CAP_BEFORE.search(a.before[-60:]):
        return False
    # "Chaque entreprise recevra … d'un montant maximal de 16 M€": the winner said before
    return bool(
        _PER_UNIT.match(a.after)
        or lx.EACH.search(a.article.flat, a.sentence.start, a.mention.start)
    )


def an_average(a: Amount) -> bool:
    """ "Le montant moyen des levées a chuté à 10 M€": a statistic of many rounds."""
    return lx.AVERAGE.search(a.article.flat, a.segment.start, a.mention.start) is not None


# "qui investit chaque année près de 1,2 M€", "spends £3m every year": a habit, told in the
# present; money paid yearly from now on ("recevra 1 M€ par an") is still news
_EVERY_YEAR = re.compile(
    r"\b(?:chaque annee|tous les ans|chaque mois|each year|every year|annually)\b[^.;]{0,50}$"
)


def habitual(a: Amount) -> bool:
    """Money the sentence says is spent or received every year, in the present tense."""
    return a.tense == "present" and _EVERY_YEAR.search(a.before[-80:]) is not None


# "émet des tickets de 0,5 à 2 M€", "with initial tickets of €3m to €8m": a fund's usual
# sizes, in the plural; "un ticket de 5 M€ dans X" is one investment, news
_TICKETS = re.compile(
    r"\btickets\s+(?:[a-z]+\s+)?(?:(?:de|d'|of|allant de|compris entre|entre|between)\s*)?$"
)


def ticket_sizes(a: Amount) -> bool:
    """The sizes of the tickets a fund writes, not money it has put anywhere."""
    return _TICKETS.search(a.before[-40:]) is not None


def background(a: Amount, role: str) -> bool | None:
    """Background by the way the sentence frames the money (see the module docstring)."""
    framed = (assets_managed, cap_per_winner, looked_back, month_before, habitual, ticket_sizes)
    return False if any(test(a) for test in framed) else None
