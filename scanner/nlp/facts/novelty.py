"""`new` rules: does the article announce this money as current news? The first rule that
answers decides.

    deal_valuation       what a round or a deal values a company at is news with it, unless
                         said of the past
    raised_to_date       a company's rounds added up ("porte à 42 M€ le total des fonds levés")
    planned_trial        a trial's estimated cost is a forecast, not money spent
    not_news_role        market sizes, turnover, ransoms are never this week's money
    unnamed_forecast     money of a kind no rule could name (role "") that is a goal, a
                         demand, an expectation or a yearly spending is not this week's
    price_or_cost        a cost is news only when a payer takes it on now ("prise en charge")
    past_marker          "déjà", "avait", "depuis sa création", "l'an dernier", "previously"
    past_year            a year before the article's ("a levé 16 M€ en 2025")
    average              an average or a median of rounds is a statistic
    headline_amount      the title gives the same amount: the article's news
    planned_round        a round being prepared ("prépare une série A", "plans to raise") is
                         not money raised
    opening              an inauguration or first stone: its investment and funding are news
    past_tense           "a bénéficié de", "a reçu", "avait obtenu", "raised"
    review_article       the money of a review ("bilan", "fait le point") is context, unless
                         something new is said ("un nouvel appel", "doit lancer")
    announced            "annonce", "lance", "ouvre", "a signé", "vient de", "nouvel appel"
    budget_background    an envelope held ("doté de", "dispose de"), or beside the headline's
                         money, is context, unless the sentence before sets the plan up
                         (`envelope_aside.py`)
    future               "recevront", "va recevoir", "doit lancer"
    money_role           otherwise, funding stated in the present is news
"""

from __future__ import annotations

import re
from collections.abc import Callable

from scanner.nlp.facts import lexicon as lx
from scanner.nlp.facts.background import an_average, background
from scanner.nlp.facts.context import Amount
from scanner.nlp.facts.digest import story_lead
from scanner.nlp.facts.envelope_aside import budget_background, restated_envelope
from scanner.nlp.facts.raised_so_far import total_raised
from scanner.nlp.facts.spending import estimated, trial_cost, valued, words_before
from scanner.nlp.facts.time_words import (
    MONTHS,
    founding_age,
    in_reported_speech,
    on_this_occasion,
    reported,
)

NewRule = Callable[[Amount, str], bool | None]
_DEPUIS = re.compile(
    r"\bdepuis (?:le |la |l')?(?:debut|" + "|".join(MONTHS) + r"|(?:19|20)\d\d|\d+ ans|"
    r"plusieurs|des annees)"
)
_RANGE_YEAR = re.compile(r"(?:19|20)\d\d\s*[-–/à]\s*(?:19|20)?\d\d$|(?:19|20)\d\d\s*[-–/]$")
# "auprès d'investisseurs déjà actionnaires", "from investors already on board": who they are,
# not when the money came
_ALREADY_INVESTORS = re.compile(
    r"\s+(?:au capital|actionnaires?|presents? au capital|investis? (?:dans|in)|shareholders?|"
    r"on board|invested in)\b"
)
# an aside about the subject opened before a year and closed before the amount
_RELATIVE_ASIDE = re.compile(r",\s*(?:qui|which|who)\b[^,;]*$")
_FOUNDED = re.compile(
    r"\b(?:fonde\w*|cree\w*|nee?s?|founded|established|incorporated|spun out)\b[^,;]{0,20}"
    r"\b(?:en|in)\s*$"
)
# Words that keep money news even in a review: "un nouvel appel", "doit lancer", "will open".
_FRESH = re.compile(
    r"\b(?:nouvel\w*|nouveau|nouvelle|prochain\w*|doit (?:lancer|ouvrir)|lancera|ouvrira|"
    r"will (?:launch|open)|new)\b"
)
_BUDGET_THING = re.compile(
    r"\b(?:appels? a (?:projets|candidatures)|plan|programme|fonds|strategie|dispositif|"
    r"enveloppe|budget|call for|fund|scheme)\b"
)
# A round still to come: prepared, planned, hoped for, under way.
_PLANNED = re.compile(
    r"\b(?:prevoi\w*|prepar\w*|envisag\w*|(?:compte|cherche a|souhaite|espere|ambitionne de|"
    r"vise a) (?:lever|boucler|realiser)|en vue d'une|plans? to|planning to|expects? to raise|"
    r"aims? to raise|seeks? to raise|seeking|looking to raise|intends? to raise|preparing|"
    r"(?:expects?|plans?|aims?|hopes?|intends?) to (?:close|complete|secure)|"
    r"(?:is|are) (?:also |now |currently )?raising|poursui\w* (?:une|sa|son) (?:levee|tour|serie)|"
    r"en cours de levee|(?:souhaite|compte|espere) (?:la |le )?completer|"
    r"expect\w* (?:an? |the |its )?(?:offering|ipo|listing|round))\b"
)
_EXPECTED_AFTER = re.compile(
    r"[^.;]{0,30}?\b(?:est|sont|is|are) (?:\w+ )?(?:attendue?s?|expected|prevue?s?)\b"
)
_BACKGROUND_VERB = re.compile(r"\b(?:benefici\w*|re[cç]u\w*|received|benefited)\b")
_EN_PAST = re.compile(
    r"\b(?:raised|received|won|was awarded|were awarded|got|secured|obtained|invested|"
    r"benefited|had|(?:was|were) (?:\w+ )?(?:supported|funded|backed|financed))\b"
)
_EN_ALSO = re.compile(r"\balso $")
_EN_NOW = re.compile(
    r"\b(?:this week|today|yesterday|this morning|on (?:monday|tuesday|wednesday|thursday|"
    r"friday|saturday|sunday))\b"
)
# "La start-up a également obtenu un prêt de 1 M€": a passé composé that adds to the news
_FR_ALSO = re.compile(
    r"\b(?:a|ont)\s+(?:egalement|aussi|parallelement|en parallele|par ailleurs|en outre|de plus)"
    r"\s+(?:\w+\s+){0,1}?\w+(?:e|es|is|it|u|us|t)\b[^,;]*$"
)
_EN_PRESENT_PERFECT = re.compile(r"\b(?:has|have) (?:just |now )?(?:\w+ )?$")
_FR_PAST = re.compile(
    r"\b(?:a|ont|avait|avaient|aurait|auraient)\s+(?:\w+\s+){0,2}?(?:" + lx.RECEIVED + ")"
)
_ANNOUNCE_VERB = re.compile(
    r"^(?:annonc|lanc|ouvr|ouvert|devoil|present|inaugur|sign|conclu|boucl|vot|adopt|debloqu|"
    r"confi)"
)


def deal_valuation(a: Amount, role: str) -> bool | None:
    """ "l'opération valorise la société à 165 M€": as new as the deal it values."""
    if role != "other" or not valued(a):
        return None
    return not _past_words(a)


def raised_to_date(a: Amount, role: str) -> bool | None:
    """ "porte à 42 M€ le total des fonds levés": the rounds added up, not this week's money."""
    if role != "equity" or not total_raised(a):
        return None
    return False


def planned_trial(a: Amount, role: str) -> bool | None:
    """ "un essai dont le coût est estimé à 11 M€", "the trial is expected to cost €45m"."""
    return False if role == "investment" and trial_cost(a) and estimated(a) else None


# a goal, a demand, an expectation ("l'objectif est fixé à", "réclame", "expect an
# offering of"), or money spent every year ("spends … a year")
_GOAL = re.compile(
    r"\b(?:objectifs?|targets?|vis(?:e|ent|ait)|expect\w*|attend\w*|reclam\w*|demand\w*|"
    r"pourrai(?:t|ent)|could|would)\b"
)
_YEARLY = re.compile(r"\s*(?:a year|per year|each year|par an|chaque annee|annuels?)\b")


def unnamed_forecast(a: Amount, role: str) -> bool | None:
    """Money of unknown kind that is a goal, a demand or a yearly spending."""
    if role:
        return None
    lead = words_before(a)[-80:]
    if _GOAL.search(lead) or _YEARLY.match(a.article.flat, a.mention.end):
        return False
    return None


def not_news_role(a: Amount, role: str) -> bool | None:
    return False if role in ("market", "revenue", "other") else None


def price_or_cost(a: Amount, role: str) -> bool | None:
    """A cost is news when it is taken on now ("pris en charge par"), a price when a tariff is
    being set ("le forfait est fixé à 1 200 euros", "priced at"), not when hoped for or
    estimated, nor a product's shelf price."""
    if role != "cost":
        return None
    if _past_words(a):
        return False
    near = a.article.flat[max(a.sentence.start, a.mention.start - 120) : a.mention.end + 40]
    if lx.PRICE_GUESS.search(near):
        return False
    if lx.PRICE_SET.search(near):
        return True  # "le forfait a été fixé à": just set
    if a.tense in ("past", "imperfect"):
        return False
    if a.tense == "future":
        return True  # "chaque pompe sera facturée 2 900 euros": the price being announced
    return lx.FUNDED_COST.search(a.sentence_flat) is not None


def clause(a: Amount) -> str:
    start, end = clause_span(a)
    return a.article.flat[start:end]


def clause_span(a: Amount) -> tuple[int, int]:
    """The offsets of the words that hold for the amount: its segment, and the sentence before it
    when the verb governing it stands there ("Depuis 2022, l'appel a permis de financer
    62,2 M€ d'aide et 294 M€ d'investissements": the date holds for both)."""
    start = a.segment.start
    if a.parsed is not None and a.verb is not None:
        start = min(start, a.parsed.words[a.verb].start)
    if is_part_or_gap(a):
        start = a.sentence.start
    return start, a.segment.end


def is_part_or_gap(a: Amount) -> bool:
    """A segment without a verb of its own: ", dont 9 M€", ", et la Région 3 M€", ", puis un
    prix doté de 400 000 €"."""
    head = a.article.flat[a.segment.start : a.mention.start]
    return bool(
        re.match(r"^\s*[,;]?\s*(?:dont|et|and|of which|soit|puis|then)\b", head)
    ) and not re.search(lx.RECEIVED + "|" + lx.GIVE, head)


def _past_words(a: Amount) -> bool:
    seg = clause(a)
    start, _ = clause_span(a)
    before = a.article.flat[start : a.mention.start]
    markers = (
        m
        for m in lx.PAST_MARKERS.finditer(seg)
        if not founding_age(seg, m)
        and not reported(a.article.flat, start + m.start(), m.group())
        and not _ALREADY_INVESTORS.match(seg, m.end())
    )
    return bool(next(markers, None) or _DEPUIS.search(seg) or lx.EARLIER_EVENT.search(before))


def past_marker(a: Amount, role: str) -> bool | None:
    return False if _past_words(a) else None


def past_year(a: Amount, role: str) -> bool | None:
    """A year before the article's in the amount's segment, not as an end ("d'ici 2025")."""
    published = a.article.published
    if published is None:
        return None
    low = a.article.flat
    start, end = clause_span(a)
    for m in lx.YEAR.finditer(low, start, end):
        year = int(m.group())
        if year >= published.year or a.article.covering(m.start()) is not None:
            continue  # this year or later; a name ("Plan cancer 2014-2019", "i-Nov 2024")
        if _FOUNDED.search(low, max(0, m.start() - 30), m.start()):
            continue  # "fondée en 2019": when the company began, not when the money came
        if _RELATIVE_ASIDE.search(low[start : m.start()]) and "," in low[m.end() : a.mention.start]:
            continue  # "X, qui a soutenu Y en 2024, apporte 12 M€": the aside's own time
        if _RANGE_YEAR.search(low[max(0, m.start() - 12) : m.end() + 8]) and _range_reaches(
            low, m, published.year
        ):
            continue
        return False
    return None


def _range_reaches(low: str, m: re.Match[str], year: int) -> bool:
    tail = re.match(r"\s*[-–/à]\s*((?:19|20)?\d\d)", low[m.end() : m.end() + 10])
    if tail is None:
        return True  # the range's end is before: "2024-" said in full elsewhere
    end = int(tail.group(1)) if len(tail.group(1)) == 4 else 2000 + int(tail.group(1))
    return end >= year


def headline_amount(a: Amount, role: str) -> bool | None:
    value = a.mention.value_eur
    if value and round(value) in a.article.title_values and role != "cost":
        return True
    return None


def planned_round(a: Amount, role: str) -> bool | None:
    """A round the company prepares or plans ("prépare une série A d'environ 15 M€", "plans
    to raise $40 million") has brought no money yet."""
    if role != "equity":
        return None
    start, _ = clause_span(a)
    before = a.article.flat[max(start, a.mention.start - 100) : a.mention.start]
    if _EXPECTED_AFTER.match(a.article.flat, a.mention.end, a.segment.end):
        return False  # "une nouvelle augmentation de capital de 2 M€ est attendue"
    if _TARGET_BEFORE.search(before[-50:]) and not _TARGET_MET.search(before[-70:]):
        return False  # "bien au-delà de son objectif initial de 150 M€", "which targets €250m"
    return False if _PLANNED.search(before) else None


# a round's or a fund's target right before the amount, not money raised unless it was met
_TARGET_BEFORE = re.compile(
    r"\b(?:objectif|target|cible)s?(?: initia(?:l|le)| de depart| original| final)?\s+"
    r"(?:(?:de|d'|of|a|at|fixee? a)\s*)?(?:quelque |environ |about |some )?$"
    r"|\btargets\s+$"
)
_TARGET_MET = re.compile(r"\b(?:atteint|reached|hit|met|rempli)\b")


def average(a: Amount, role: str) -> bool | None:
    """ "Le montant moyen des levées a chuté à 10 M€": a statistic, not money announced."""
    return False if an_average(a) else None


def opening(a: Amount, role: str) -> bool | None:
    """The article opens a building or equipment: what it cost and who paid are news."""
    if a.article.opening and role in ("investment", "grant", "loan"):
        return True
    return None


def lead_news(a: Amount, role: str) -> bool | None:
    """Funding stated in the lead (the title or the first sentence of the body) is what the
    article reports, whatever the tense ("X a levé 15 M€ auprès de …")."""
    sentences = a.article.sentences
    first_body = 1 if a.article.title is not None else 0
    funding = role in ("equity", "grant", "loan", "investment", "acquisition", "contract")
    background = _BACKGROUND_VERB.search(clause(a))  # "a bénéficié de", "a reçu": history
    if funding and not background and a.sentence_index <= first_body < len(sentences) - 1:
        return True
    return None


def past_tense(a: Amount, role: str) -> bool | None:
    """Money received or raised in a past tense is background."""
    if a.in_title:
        return None
    if a.article.english:
        if story_lead(a):
            return None  # a digest's next story: "Oso-Sense SAS raised $10.7 million …"
        if _EN_NOW.search(a.sentence_flat):
            return None  # "It raised €15 million this week from …": this week's news
        before = a.before[-80:]
        found = list(_EN_PAST.finditer(before))
        if found and not _EN_PRESENT_PERFECT.search(before[: found[-1].start()]):
            # "The company also secured a €2.5 million grant": more of the news announced
            if _EN_ALSO.search(before[: found[-1].start()]):
                return None
            return False
        return None
    if in_reported_speech(a) or on_this_occasion(a):
        return None
    if _FR_ALSO.search(a.before[-80:]) and not _BACKGROUND_VERB.search(clause(a)):
        return None  # "a également obtenu", not "a également bénéficié de" (history)
    if a.tense:
        if a.tense in ("past", "imperfect") and not _ANNOUNCE_VERB.match(a.verb_text()):
            return False
        return None
    return False if _FR_PAST.search(a.before[-80:]) else None


def announced(a: Amount, role: str) -> bool | None:
    low = a.article.flat
    seg = low[a.segment.start : a.segment.end]
    if lx.ANNOUNCE.search(seg):
        return True
    if role == "public_budget":
        prev = a.previous
        if lx.ANNOUNCE.search(a.sentence_flat):
            return True
        # "… un nouvel appel à projets lancé le 5 octobre. Doté de 30 M€, il …" (and not
        # "Lancé en 2023, le programme …": a launch of years ago)
        before = low[prev.start : prev.end] if prev is not None else ""
        if (
            lx.ANNOUNCE.search(before)
            and (_BUDGET_THING.search(before) or a.article.programmes(prev))  # type: ignore[arg-type]
            and not _earlier_year(a, before)
            and not lx.PAST_MARKERS.search(before)
        ):
            return True
    return None


def _earlier_year(a: Amount, text: str) -> bool:
    published = a.article.published
    return published is not None and any(int(y) < published.year for y in lx.YEAR.findall(text))


def review_article(a: Amount, role: str) -> bool | None:
    """A review of a running programme ("bilan", "fait le point"): its money is context
    unless its segment says something new ("un nouvel appel", "doit lancer")."""
    seg = a.article.flat[a.segment.start : a.segment.end]
    return False if a.article.review and not _FRESH.search(seg) else None


def future(a: Amount, role: str) -> bool | None:
    return True if a.tense in ("future", "conditional", "infinitive") else None


def money_role(a: Amount, role: str) -> bool | None:
    return role not in ("market", "revenue", "other", "cost")


NEW_RULES: tuple[tuple[str, NewRule], ...] = (
    ("deal_valuation", deal_valuation),
    ("raised_to_date", raised_to_date),
    ("planned_trial", planned_trial),
    ("not_news_role", not_news_role),
    ("unnamed_forecast", unnamed_forecast),
    ("price_or_cost", price_or_cost),
    ("restated_envelope", restated_envelope),
    ("past_marker", past_marker),
    ("past_year", past_year),
    ("background", background),
    ("average", average),
    ("headline_amount", headline_amount),
    ("planned_round", planned_round),
    ("opening", opening),
    ("lead_news", lead_news),
    ("past_tense", past_tense),
    ("review_article", review_article),
    ("announced", announced),
    ("budget_background", budget_background),
    ("future", future),
    ("money_role", money_role),
)


def decide_new(a: Amount, role: str) -> tuple[bool | None, str]:
    """(new, rule that decided it)."""
    for name, rule in NEW_RULES:
        value = rule(a, role)
        if value is not None:
            return value, name
    return None, "no_rule"
