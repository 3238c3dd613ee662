"""Who receives an amount when no verb tells, only the names around it: the company the
sentence before opened with when a stand-in takes the money ("Elle avait levé…"), the first
company of the amount's part of a list or of its sentence (not a giver, not a source, not an
investor by name), the company a takeover's news buys, the company a "la société" stands for,
the first company of a paragraph that never names the protagonist (a round-up's next story),
and last the article's protagonist; before them, the bearer of a project a grant goes to ("le
tiers-lieu porté par le CHRU de Lille"). The later rules of `recipient.RECIPIENT_RULES`.
"""

from __future__ import annotations

import re

from scanner.nlp.facts import lexicon as lx
from scanner.nlp.facts.context import Amount
from scanner.nlp.facts.parties import FUNDED, GIVES_AFTER, org_indexes, org_name
from scanner.nlp.facts.stand_ins import company_like, recent_opener
from scanner.nlp.facts.takeover import deal, takeover_news
from scanner.nlp.facts.text import Span, flat
from scanner.records import FundingFact

# what these rules are called in a fact's `decided_by`: a guess from the names around the
# amount, which any rule that reads the sentence outweighs
GUESSES = frozenset(
    f"rule:{name}"
    for name in (
        "protagonist", "paragraph_company", "sentence_company", "segment_company",
        "stand_in_company", "bought_company",
    )
)  # fmt: skip


def guessed_recipient(f: FundingFact) -> bool:
    """Whether the fact's recipient is a guess from the names around its amount."""
    return f.why().get("recipient") in GUESSES


_GIVER_BEFORE = re.compile(
    r"\b(?:par|by|from|(?:aupres|de la part|aux cotes) " + lx.OF + r"|alongside|with|avec)\s*"
    r"(?:l'|la |le |les |du |des |the )?(?:[a-z][\w'-]*\s+){0,3}$"
)
_SAYS = re.compile(
    r"\s*(?:,[^,]{0,60},\s*)?(?:rappel\w*|indiqu\w*|precis\w*|soulign\w*|estim\w*|expliqu\w*|"
    r"not\w*|annonc\w*|says|said|notes|announced|reports?)\b"
)
_OF_ITSELF = re.compile(
    r"\s*(?:that\s+(?:it|they)|qu'(?:elle|il)s?|que\s+(?:la societe|l'entreprise))\b"
)
# a list's next name: "par X et Y", "auprès de X et de Y" give twice
_AND = re.compile(
    r"\s*(?:,|et|and|,\s*et)\s*(?:(?:de|du|des|par|from|by)\s+|d')?(?:l'|la |le |les )?"
)


def _first_company(a: Amount, span: Span) -> str | None:
    """The first company named in the span that neither gives ("auprès de X", "led by X"),
    nor speaks ("X rappelle que…"), nor invests by name."""
    low = a.article.flat
    giver_end = -1  # where the last giver's name ends: "par X et Y" gives twice
    for i in org_indexes(a, span):
        name = org_name(a, i)
        start = a.article.mentions[i].start
        giving = _GIVER_BEFORE.search(low[max(a.sentence.start, start - 40) : start]) or (
            giver_end >= 0 and _AND.fullmatch(low, giver_end, start) is not None
        )
        if giving:
            giver_end = a.article.mentions[i].end
        says = _SAYS.match(low, a.article.mentions[i].end)  # "X rappelle que…": a source
        if says and _OF_ITSELF.match(low, says.end()):
            says = None  # "X announced that it closed its round": the speaker took the money
        # "la CNSA en cofinance 300 000 €": a giver named before its verb
        gives = GIVES_AFTER.match(low, a.article.mentions[i].end)
        if (
            company_like(a, name)
            and not (giving or says or gives)
            and not lx.INVESTOR_NAME.search(flat(name))
        ):
            return name
    return None


def segment_company(a: Amount, role: str) -> tuple[bool, str | None]:
    """In a sentence of several amounts, the first company of the amount's own part of it: a
    list of companies each with its money ("Garonne Medical (800 000 euros) ; Cévennes Imaging,
    qui développe une sonde (650 000 euros)", "Pyxis, qui reçoit 750 000 euros, et Neurovance,
    qui obtient 400 000 euros")."""
    if a.segment.start <= a.sentence.start:
        return False, None  # the sentence's first amount: `sentence_company` reads it
    # from the previous amount on (a segment never starts before it): the list's break may
    # fall after the company's name ("…, ou encore SparingVision, qui atteint 138 M€")
    before = a.article.indexes(a.sentence.start, a.mention.start, ("amount",))
    start = a.article.mentions[before[-1]].end if before else a.segment.start
    name = _first_company(a, Span(start, a.mention.start))
    if name is None:
        return False, None
    return (True, name) if name != a.article.protagonist else (False, None)


def sentence_company(a: Amount, role: str) -> tuple[bool, str | None]:
    """The first company the amount's sentence names before it, when that is not the article's
    protagonist: a round-up of several companies ("Parmi les opérations figurent la série A
    d'Alsagen (3,5 M€)")."""
    name = _first_company(a, Span(a.sentence.start, a.mention.start))
    if name is None:
        return False, None
    return (True, name) if name != a.article.protagonist else (False, None)


def bought_company(a: Amount, role: str) -> tuple[bool, str | None]:
    """In the news of a takeover whose buyer is the article's protagonist, money the sentence
    ties to no one is the bought company's (its sales, its earlier rounds, its earn-out): the
    piece is about what is bought; the buyer named before the amount keeps its own, and a
    loan is the buyer's (it borrows to pay)."""
    article = a.article
    if role == "loan" or article.protagonist is None or not takeover_news(article):
        return False, None
    buyer, target = deal(a)
    if not target or buyer != article.protagonist:
        return False, None
    named = {org_name(a, i) for i in org_indexes(a, Span(a.sentence.start, a.mention.start))}
    return (False, None) if buyer in named else (True, target)


_TAKE = re.compile(lx.TAKE)
_GIVE = re.compile(lx.GIVE)
_SPENDS = re.compile(r"\b(?:invest\w*|consacr\w*|depens\w*|spen[dt]\w*|inject\w*)")
# "The company's early work was supported by a $1.5 million grant": given to the stand-in
_GIVEN_TO = re.compile(
    r"\b(?:was|were|has been|have been|a ete|ont ete|est|sont)\s+(?:\w+\s+)?(?:supported\b|"
    + lx.GIVE
    + ")"
)
# nothing before the name but its article, or its kind ("Le laboratoire lyonnais Grenvik")
_OPENING_ARTICLE = re.compile(
    # "Fondée en 2022, Sémaphore Santé emploie 30 personnes": a founding aside may come first
    r"^\s*(?:(?:fondee?s?|creee?s?|founded|established|launched)\b[^,.]{0,60},\s*)?"
    r"(?:(?:la|le|les|l'|the)\s*(?:(?:societe|entreprise|start-?up|jeune pousse|biotech|"
    r"medtech|healthtech|pme|groupe|laboratoire|fabricant|company|firm|group)"
    r"(?:\s+[a-z\-]+)?\s+)?)?$"
)


def previous_opener(a: Amount, role: str) -> tuple[bool, str | None]:
    """A sentence that opens with "it", "elle", "la jeune pousse"… and takes the money ("It
    raised €6 million in 2025", "La jeune pousse … avait réuni 2 M€") speaks of the company that
    opens the sentence before ("Quill, founded in 2022, …", "Lagune Diagnostics en recevra…"),
    often not the article's protagonist (a partner's history in the background)."""
    prev = a.previous
    low = a.article.flat
    head = low[a.sentence.start : a.mention.start]
    # "Le groupe avait déjà consacré 35 M€ à ce site": the spender, as the taker, is the one
    # the sentence before opened with
    spending = role == "investment" and _SPENDS.search(head)
    if (role not in FUNDED and not spending) or prev is None or a.in_title:
        return False, None
    taking = spending or (_TAKE.search(head) and not _GIVE.search(head))
    if not lx.OPENS_WITH_STAND_IN.match(head) or not (taking or _GIVEN_TO.search(head)):
        return False, None
    if org_indexes(a, Span(a.sentence.start, a.mention.start)):
        return False, None  # a name in the sentence: the other rules read it
    first = org_indexes(a, prev)[:1]
    if not first or not _OPENING_ARTICLE.match(
        low[prev.start : a.article.mentions[first[0]].start]
    ):
        return False, None
    if GIVES_AFTER.match(low, a.article.mentions[first[0]].end):
        return False, None  # "X has committed $4m to Y. The company could receive …": not X
    name = org_name(a, first[0])
    return (True, name) if company_like(a, name) else (False, None)


_COMPANY_STAND_IN = re.compile(
    r"\b(?:la (?:jeune )?(?:societe|entreprise|pousse|start-?up|biotech|medtech|healthtech|pme)|"
    r"l'entreprise|the (?:young )?(?:company|start-?up|firm|biotech))\b"
)


_ASIDE = re.compile(r"\s*,[^,;]{3,120},")
_OPENING_PHRASE = re.compile(r"[^,;]{3,80},\s*")


def stand_in_company(a: Amount, role: str) -> tuple[bool, str | None]:
    """ "Signia reçoit une aide … . En parallèle, la société poursuit une levée de 16 M€":
    a company word before the amount, no name, speaks of the company opening a sentence
    just before (`parties.recent_opener`), in a round-up not the article's first one."""
    if role not in FUNDED or a.in_title:
        return False, None
    low = a.article.flat
    stand_in = _COMPANY_STAND_IN.search(low, a.sentence.start, a.mention.start)
    if stand_in is None:
        return False, None
    # "La jeune pousse, créée par d'anciens chercheurs du CNRS, avait réuni": the aside's
    # names are not the company's
    aside = _ASIDE.match(low, stand_in.end())
    # "Membre du pôle Eurobiomed, la jeune entreprise avait levé": an opening phrase's name
    opening = _OPENING_PHRASE.fullmatch(low, a.sentence.start, stand_in.start())
    named = [
        i
        for i in org_indexes(a, Span(a.sentence.start, a.mention.start))
        if not (aside is not None and aside.start() <= a.article.mentions[i].start < aside.end())
        and not (opening is not None and a.article.mentions[i].end <= stand_in.start())
    ]
    if named:
        return False, None
    name = recent_opener(a)
    return (True, name) if name else (False, None)


# "sera apporté à hauteur de 10,2 M€ par Sorelle Surgical": the name after "par" gives it
_BY_AFTER = re.compile(r"\s*(?:par|by|de la part d[e']|from)\s+(?:l'|la |le |les |the )?")


def paragraph_company(a: Amount, role: str) -> tuple[bool, str | None]:
    """In a paragraph that never names the article's protagonist, the company it names first
    before the amount: a round-up's next story ("Garrow Medical closed its Series B at $3.7
    million. The WNY fund contributed $500,000 to the Series B")."""
    low = a.article.flat
    start = low.rfind("\n\n", 0, a.mention.start) + 1
    end = low.find("\n\n", a.mention.end)
    paragraph = Span(start, end if end >= 0 else len(low))
    if start <= 0 or any(
        org_name(a, i) == a.article.protagonist for i in org_indexes(a, paragraph)
    ):
        return False, None
    name = _first_company(a, Span(start, a.mention.start))
    return (True, name) if name else (False, None)


def protagonist(a: Amount, role: str) -> tuple[bool, str | None]:
    """The article's main organisation, unless the amount's own words name it as the giver."""
    name = a.article.protagonist
    if not name:
        return False, None
    by = _BY_AFTER.match(a.article.flat, a.mention.end)
    if by is not None:
        giver = a.article.starting_at(by.end(), ("organisation",))
        if giver is not None and org_name(a, giver) == name:
            return False, None
    return True, name


# "le tiers-lieu porté par le CHRU de Lille et Eurasanté, doté de 4,2 M€": the project's bearer
_CARRIED_BY = re.compile(
    r"\b(?:porte|portee|portes|portees|pilote|pilotee|coordonne|coordonnee|coordinated by)"
    r"(?: par)?\s+(?:l'|la |le |les |the )?$"
)


def carried_by(a: Amount, role: str) -> tuple[bool, str | None]:
    """A grant to a project "porté par X" or "coordinated by X" in the amount's part of its
    sentence goes to X, the bearer (the first one named)."""
    if role != "grant":
        return False, None
    low = a.article.flat
    for i in org_indexes(a, Span(a.segment.start, a.mention.start)):
        named = a.article.mentions[i]
        if _CARRIED_BY.search(low, max(a.segment.start, named.start - 30), named.start):
            return True, org_name(a, i)
    return False, None
