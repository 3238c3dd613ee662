"""Role rules: what kind of money an amount is. The first rule that answers decides; each is
named in the fact it makes.

    per_unit_price     "350 000 € par injection", "2 000 € la semaine"           → cost
    in_brackets        "lauréate du concours i-Lab en 2021 (300 k€)": the words before the
                       bracket, not the sentence's verb
    part_of_total      ", dont 48 M€ apportés par l'État": a funded part          → grant
    noun_after         "62,2 M€ d'aide", "€90 million loan", "€12 million round"
    from_payer         "30 M€ de HERA", "2,4 M€ du PHRC": money from a funder     → grant
    noun_before        "une levée de fonds de 12 M€", "un budget de 1,6 M€" (the parse's head noun)
    verb               the verb governing the amount: "lève", "investit", "apporte", "coûte"…
    subject            the subject of a neutral verb: "le projet représente 24,5 M€"
    participle         "180 000 euros, financés par…" when nothing above says more
    nearest_cue        the nearest role word in the amount's part of the sentence, then in it

Then corrections that read the role found (`role_fixes.py`); with no rule answering, a table
row takes its heading's role (`table_heading`), an amount in a sentence telling of a public
takeover offer ("une OPA sur X, valorisée à 450 M€") or in an article about a takeover is its
price (`takeover_offer`, `takeover_news`), and a fund closing is the fund's equity
(`fund_close`, "Fund III closes at 200 M€"). The cue words, the role nouns and the table
headings are read in `role_cues.py`.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from scanner.nlp.facts import lexicon as lx
from scanner.nlp.facts.context import Amount
from scanner.nlp.facts.envelope_aside import programme_envelope
from scanner.nlp.facts.funds import fund_named
from scanner.nlp.facts.parse import ancestors, participle_after, subject
from scanner.nlp.facts.role_cues import (
    NOUN_CUE,
    cues,
    in_mention,
    noun_covering,
    role_at,
    table_heading,
)
from scanner.nlp.facts.role_fixes import adjust
from scanner.nlp.facts.takeover import offer_price, takeover_news

# "une extension de 4 M€ de sa série A": the round the amount belongs to, told by its owner
_AFTER_FR = re.compile(
    r"\s*(?:\)\s*)?(?:d'|de |des |du |en |sous forme d(?:e |'))\s*(?:(?:sa|son|ses|leur|leurs) )?"
)
_INVESTORS_FUNDS = re.compile(r"fonds (?:d'investissement|de capital|d'amorcage)\b")
_AFTER_EN = re.compile(r"\s*(?:\)\s*)?(?:in |of |as )?")
# "a £980,000 Phase 2 development contract": a phase is a word to step over too
# ("in Orna's equity": a possessive too)
_EN_SKIP = re.compile(r"(?:phase [0-9iv]+[ab]?|[a-z][a-z-]*(?:'s)?|[a-z]+ [a-z]+) ")
# words after which the noun is another thing's: "€2.5m combined with equity investments"
_EN_STOP = {
    "for", "to", "by", "from", "under", "and", "with", "plus", "alongside", "or", "than",
    "at", "on", "upon", "over", "per",  # "$60 million at closing": when it is paid
}  # fmt: skip
_ENDS_WITH_OF = re.compile(r"(?:\bde|\bd'|\bof|:|\bworth|\bdu montant de)\s*$")
_VERBISH = re.compile(r"\b(?:est|sont|a|ont|sera|seront|was|is|has|have|will)\b")
_PART_START = re.compile(r"\s*[,;]?\s*(?:dont|of which|including)\b")
_FROM = re.compile(r"\s*(?:de la part d[e']|de|d'|du|des|from)\s*(?:l'|la |le |les |the )?\s*$")
_PROJECT = re.compile(lx.PROJECT_NOUNS)
_FOR = re.compile(r"\s*(?:pour|a|au|aux|for|to)\s+(?:l'|la |le |les |the |l’)?\s*")
# "60 000 € pour la start-up rennaise Kinévia": the body's kind and an adjective between ("à la
# société X" after a price is who sold it: only "pour" and "for")
_FOR_KIND = re.compile(
    r"\s*(?:pour|for)\s+(?:l'|la |le |les |the |l’)?\s*"
    r"(?:jeune\s+)?(?:start-?up|biotech|medtech|healthtech|societe|entreprise|pme|association|"
    r"laboratoire|pousse|spin-?off|company|firm)(?:\s+[a-z]+)?\s+"
)
_SHARE_TO = re.compile(r"\s*(?:pour|for|to|a|au|aux)\s+(?:[^\s,;.:()]+\s+){0,5}")
RoleRule = Callable[[Amount], str | None]


def per_unit_price(a: Amount) -> str | None:
    return "cost" if lx.PER_UNIT.match(a.article.flat, a.mention.end) else None


def in_brackets(a: Amount) -> str | None:
    """An amount in brackets qualifies the words just before them."""
    text, start = a.article.text, a.mention.start
    if not text[max(0, start - 2) : start].strip().endswith("(") or not text[
        a.mention.end : a.mention.end + 2
    ].lstrip().startswith(")"):
        return None
    bracket = text.rfind("(", a.segment.start, start)
    if _PLAN_PART.search(a.article.flat, max(a.segment.start, bracket - 60), bracket):
        return "public_budget"  # "Le pilier Science d'excellence (23,5 Md€) finance …"
    found = [r for _, r in cues(a.article.flat, a.segment.start, bracket) if r != "neutral"]
    return found[-1] if found else None


# a part of a plan or a programme named before its bracketed budget
_PLAN_PART = re.compile(
    r"\b(?:(?:le|un|du|au|ce) (?:pilier|volet|axe)|(?:la|une) (?:priorite|ligne budgetaire)|"
    r"(?:the|a|its) (?:pillar|strand|budget line))\b[^()]{0,50}$"
)


def part_of_total(a: Amount) -> str | None:
    """ ", dont 9 M€ de l'État": a part of the total just given, paid by someone (a part of
    an envelope is an envelope: `extract` gives it its total's role)."""
    if not is_part(a):
        return None
    return noun_after(a) or "grant"


def is_part(a: Amount) -> bool:
    """Whether the amount opens a ", dont …" after a total."""
    return _PART_START.match(a.article.flat, a.segment.start, a.mention.start) is not None


def noun_after(a: Amount) -> str | None:
    """A role noun right after the amount: "62,2 M€ d'aide", "€90 million loan"."""
    low, end = a.article.flat, a.mention.end
    m = _AFTER_FR.match(low, end)
    if m is not None:
        found = NOUN_CUE.match(low, m.end())
        if found is None or in_mention(a, m.end()):
            return None
        if (
            found.lastgroup == "public_budget"
            and a.article.starting_at(found.end() + 1, ("programme", "organisation")) is not None
        ):
            return None  # "du programme i-Nov": where it comes from, not what it is
        if found.lastgroup == "public_budget" and _INVESTORS_FUNDS.match(low, found.start()):
            return "equity"  # "850 000 € des fonds d'investissement X et Y": their stake
        return found.lastgroup
    pos = _AFTER_EN.match(low, end)
    at = pos.end() if pos else end
    for _ in range(3):  # "€260 million biomanufacturing plant"
        found = NOUN_CUE.match(low, at)
        if found is not None and not in_mention(a, at):
            return found.lastgroup
        if not a.article.english:
            return None
        skip = _EN_SKIP.match(low, at)
        if skip is None or _EN_STOP.intersection(skip.group().split()):
            return None
        at = skip.end()
    return None


def from_payer(a: Amount) -> str | None:
    """ "30 M€ de HERA", "2,4 M€ du PHRC", "18 M€ de France 2030": money from a funder."""
    low = a.article.flat
    for i in a.article.indexes(a.mention.end, a.mention.end + 31):
        m = a.article.mentions[i]
        if m.kind in ("organisation", "programme") and _FROM.fullmatch(low, a.mention.end, m.start):
            return "grant"
        break
    after = low[a.mention.end : a.mention.end + 20]
    return "grant" if re.match(r"\s*(?:de l'etat|from the (?:french )?state)\b", after) else None


def to_beneficiary(a: Amount) -> str | None:
    """ "1 M€ pour le centre hospitalier de Bourges", "2 M€ à Oncovia": money going to a named
    organisation that pays nothing by trade."""
    org = beneficiary(a)
    return "grant" if org is not None else None


def beneficiary(a: Amount) -> str | None:
    """The organisation named right after the amount with "pour", "à", "for", "to"."""
    return _named_after(a, _FOR, 40)


def kind_beneficiary(a: Amount) -> str | None:
    """The organisation named after the amount with "pour la start-up", "for the company"."""
    return _named_after(a, _FOR_KIND, 60)


def share_of(a: Amount) -> str | None:
    """The organisation a share of an envelope goes to, named within a few words after the
    amount ("dont 14 M€ pour le façonnier Bioserve France", "1,9 M€ pour les équipes
    cliniques du CHU de Brest"); none for a funder by trade ("dont 50 M€ pour Bpifrance")."""
    return _named_after(a, _SHARE_TO, 80)


def _named_after(a: Amount, words: re.Pattern[str], reach: int) -> str | None:
    """The first organisation within `reach` characters after the amount, if `words` are all
    that separate them and it is no funder by trade."""
    low = a.article.flat
    for i in a.article.indexes(a.mention.end, a.mention.end + reach, ("organisation",)):
        m = a.article.mentions[i]
        name = m.canonical or m.text
        if words.fullmatch(low, a.mention.end, m.start) and not a.article.is_funder(name):
            return name
        break
    return None


# a company closes a round; a funder's money is given or obtained, not closed
_CLOSED = re.compile(r"\b(?:boucl|finalis|clotur|securis)\w*\s+(?:un|son|sa|le|la)\s+$")


def noun_before(a: Amount) -> str | None:
    """The noun the amount completes: the parse's head noun ("une levée de fonds de série A
    de 12 M€"), else the nearest role noun before a closing "de"."""
    low = a.article.flat
    if a.parsed is not None and a.word is not None:
        for j in ancestors(a.parsed, a.word):
            w = a.parsed.words[j]
            if w.pos in ("VERB", "AUX"):
                return None
            if w.pos not in ("NOUN", "PROPN") or w.mention >= 0:
                continue
            if role_at(low, w.start) == "neutral" or _in_aside_bracket(a, w.start):
                continue
            found = noun_covering(low, w.start)
            if found == "grant" and _CLOSED.search(low, max(0, w.start - 40), w.start):
                return "equity"  # "a bouclé un financement de 2,3 M€": a round closed
            if found is not None:
                return found
        return None
    before = a.before[-70:]
    if not _ENDS_WITH_OF.search(before):
        return None
    for m in reversed(list(NOUN_CUE.finditer(before))):
        if _VERBISH.search(before[m.end() :]):
            return None
        return m.lastgroup
    return None


def verb(a: Amount) -> str | None:
    """The verb governing the amount: "lève" → equity, "investit" → investment…"""
    if a.parsed is None or a.verb is None:
        return None
    role = role_at(a.article.flat, a.parsed.words[a.verb].start)
    return None if role in (None, "neutral") else role


# "Alan, une plateforme d'assurance en ligne, a levé": what a body is, no word of its money
_WHAT_IT_IS = re.compile(r",\s*(?:une?|an?)\s[^,;()]{3,80},")


def subject_noun(a: Amount) -> str | None:
    """The subject of the governing verb: "l'investissement total s'élève à", "le marché
    pourrait atteindre", "le projet représente"."""
    if a.parsed is None or a.verb is None:
        return None
    s = subject(a.parsed, a.verb)
    if s is None:
        return None
    w = a.parsed.words[s]
    low = a.article.flat
    if any(
        m.start() < w.start < m.end()
        for m in _WHAT_IT_IS.finditer(low, a.sentence.start, a.sentence.end)
    ):
        return None  # "Kerlann, une plateforme de …, a réuni": the parse took the apposition
    if _PROJECT.match(low, w.start):
        return "investment"
    return noun_covering(low, w.start)


def participle(a: Amount) -> str | None:
    """A participle qualifying the amount ("180 000 euros, financés par la fondation")."""
    if a.parsed is None or a.word is None:
        return None
    v = participle_after(a.parsed, a.word)
    if v is None:
        return None
    role = role_at(a.article.flat, a.parsed.words[v].start)
    return None if role in (None, "neutral") else role


def _in_aside_bracket(a: Amount, pos: int) -> bool:
    """`pos` lies in brackets that do not hold the amount: what a company does, not the money."""
    low = a.article.flat
    opened = low.rfind("(", max(0, pos - 120), pos)
    if opened < 0 or low.rfind(")", opened, pos) >= 0:
        return False
    closed = low.find(")", pos, pos + 120)
    return closed >= 0 and not opened <= a.mention.start < closed


def nearest_cue(a: Amount) -> str | None:
    """The role word nearest the amount: before it in its segment, then after it, then in the
    rest of the sentence."""
    low = a.article.flat
    seg, sent, m = a.segment, a.sentence, a.mention
    for start, end, nearest_last in (
        (seg.start, m.start, True),
        (m.end, seg.end, False),
        (sent.start, seg.start, True),
        (seg.end, sent.end, False),
    ):
        asides = [(m.start(), m.end()) for m in _WHAT_IT_IS.finditer(low, start, end)]
        found = [
            (p, r)
            for p, r in cues(low, start, end)
            if r != "neutral"
            and not in_mention(a, p)
            and not any(s <= p < e for s, e in asides)
            # "Inato (plateforme de recrutement …) un peu plus de 18 millions": what it does
            and not _in_aside_bracket(a, p)
        ]
        if found:
            return found[-1][1] if nearest_last else found[0][1]
    return None


ROLE_RULES: tuple[tuple[str, RoleRule], ...] = (
    ("programme_envelope", programme_envelope),
    ("per_unit_price", per_unit_price),
    ("in_brackets", in_brackets),
    ("part_of_total", part_of_total),
    ("noun_after", noun_after),
    ("noun_before", noun_before),
    ("from_payer", from_payer),
    ("verb", verb),
    ("subject", subject_noun),
    ("to_beneficiary", to_beneficiary),
    ("participle", participle),
    ("nearest_cue", nearest_cue),
)
# How much a rule's answer weighs when the same amount appears twice (title and body).
STRENGTH = {
    "programme_envelope": 3, "per_unit_price": 3, "noun_after": 3, "in_brackets": 3, "part_of_total": 3,
    "from_payer": 2, "to_beneficiary": 1, "noun_before": 2, "verb": 2, "subject": 2, "participle": 1,
    "nearest_cue": 1, "no_cue": 0, "fund_close": 4,  # a fund named as raised: the surest
    "programme_takes": 3,  # "la Stratégie X bénéficie de 800 M€": the programme's own money
    "public_spending": 2,  # "l'Assurance maladie consacrera 45 M€ à …": as sure as a verb
}  # fmt: skip


def decide_role(a: Amount) -> tuple[str, str]:
    """(role, rule that decided it); "other" when no rule answers."""
    for name, rule in ROLE_RULES:
        role = rule(a)
        if role is not None:
            return adjust(a, role, name)
    heading = table_heading(a)
    if heading is not None:
        return heading, "table_heading"
    # "une OPA sur Nerisia, valorisée à 450 M€", "le montant serait compris entre 25 et 30 M€";
    # a price per share stays one ("À 7 euros par action, la medtech est valorisée …")
    if offer_price(a):
        return adjust(a, "acquisition", "takeover_offer")
    if takeover_news(a.article):
        return adjust(a, "acquisition", "takeover_news")
    if fund_named(a):
        return "equity", "fund_close"  # "Fund III closes at 200 M€": no money word, a fund's
    return adjust(a, "other", "no_cue")  # "prend 20 % de X pour 6 M€": no cue, a stake
