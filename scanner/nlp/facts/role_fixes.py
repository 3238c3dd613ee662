"""Corrections that read the role a rule found (`roles.decide_role` applies them):

fund_close          a private fund's closing, target or size is capital raised (`funds.py`)
project_cost        a project's or a building's cost is an investment
debt_words          funding "sous forme de prêts", money raised "via a convertible loan" is a loan
deal_payment        a licence's upfront or milestone payment received is a contract
round_share         an investor's share of a round is equity
round_nearby        money brought just after a round or by its investors is a share of it
budget_of_call      funding of a call or a plan is its envelope
public_investment   the State's investment is budget
investor_stake      "Bpifrance investit 5 M€ dans Oncovia" is equity
investor_invests    what an investor by trade or a company's shareholders invest is equity
investment_from     "a CHF 10 million investment from Alpine Bio" is equity
investment_taken    "chacune recevra un investissement de 2 M€" is equity
total_with_parts    a total followed by its funded parts is an investment (a funder's own
                    contribution told with its parts stays its grant)
part_of_loan        the part of a loan just named ("of which €8m has been drawn") is a loan
lender_money        money the European Investment Bank gives is a loan
trial_cost          what a clinical trial or a laboratory costs is its sponsor's investment
project_budget      a project's or a trial's own budget is an investment, not an envelope
takeover_price      the price paid in a takeover is the acquisition
laureate_list       a laureate's money in a list of laureates is its grant ("Sont primées : X
                    (80 000 euros)", "Parmi les lauréats : – le tiers-lieu X, doté de 4,2 M€")
award_goes_to       an envelope word's amount that "revient au consortium X", "goes to X" is
                    X's grant (`given_after.py`)
prize_won           a prize won, given by its endowment ("a obtenu un prix … doté de X") is a grant
raised_to_date      "porte à 42 M€ le total des fonds levés": the company's rounds added up
round_extension     "a $7.8m extension led by Go Capital" in a round's sentence is equity
valuation           what a deal values a company at is no money paid (`other`)
company_sold        a company "sold to X for" or "cédée à X pour" a price is an acquisition
stake_taken         "prend 20 % de X pour 6 M€" is equity (`control_taken`: half or more, an
                    acquisition)
offer_value         what a public takeover offer (OPA, tender offer) values a company at is its
                    price (`acquisition`)

What money buys (equipment, a takeover, a valuation, a trial) is read by `spending.py`, money
raised so far by `raised_so_far.py`, an outsider's money put into a company by
`investor_money.py`.
"""

from __future__ import annotations

import re

from scanner.nlp.facts import lexicon as lx
from scanner.nlp.facts.background import assets_managed
from scanner.nlp.facts.context import Amount, is_funder
from scanner.nlp.facts.envelope_aside import opening_endowment, public_spending
from scanner.nlp.facts.funds import fund_named
from scanner.nlp.facts.given_after import given_to_org, goes_to_org
from scanner.nlp.facts.investor_money import (
    GRANT_WORD,
    ROUND,
    ROUND_NEARBY,
    from_investor,
    investment_from,
    investment_taken,
    investor_gives,
    round_extension,
    stake,
)
from scanner.nlp.facts.investors import investor_by_trade
from scanner.nlp.facts.parse import children, subject
from scanner.nlp.facts.raised_so_far import total_raised
from scanner.nlp.facts.spending import COST_WORD, spending_or_deal, words_before
from scanner.nlp.facts.stakes import stake_share
from scanner.nlp.facts.takeover import company_sold

_PROJECT = re.compile(lx.PROJECT_NOUNS)
# "D'un coût total de 2,4 M€, cet investissement a été …", "Costing €3m, the new plant …": the
# project the cost belongs to is the subject that follows
_PROJECT_AFTER = re.compile(
    r"\s*(?:\((?:ht|ttc|hors taxes?)\)\s*|(?:ht|ttc|hors taxes?)\s*)?,\s*"
    r"(?:ce|cet|cette|ces|le|la|les|l'|the|this|its)\s*(?:(?:nouv\w*|new|futur\w*)\s+)?"
    + lx.PROJECT_NOUNS
)
_DEBT = re.compile(
    r"\b(?:sous forme de (?:prets?|dette)|dette|prets?\b(?! a )|loans?\b|debt|"
    r"obligations? convertibles?|emprunts? obligataires?|convertible (?:bonds?|notes?))"
)
_DEAL = re.compile(
    r"\b(?:licen[cs]\w*|upfront|paiements? (?:initial|d'etape)|milestones?|redevances|royalt\w*)"
)
# a list of prize winners: what each one gets is its prize, whatever its project is
_LAUREATES = re.compile(
    r"\b(?:sont primee?s|ont ete primee?s|laureats?\s*:|recompense\w*|distingue\w*\s*:|"
    r"(?:deux|trois|quatre|cinq|six|sept|huit|neuf|dix|\d+) laureats|"
    r"winners?\s*(?:are|:)|were awarded)\b"
)
_ENDOWED = re.compile(r"\bdote(?:e|s|es)? (?:de|d')\s*$")
_VIA_DEBT = re.compile(
    r"\s*(?:[\w'-]+\s+){0,4}?(?:via|through|in the form of|sous (?:la )?forme d(?:e |')|"
    r"par le biais d(?:e |'))\s*(?:an?\s+|une?\s+|des\s+|d')?(?:[\w-]+\s+)?"
    r"(?:convertible (?:loan|notes?|bonds?)|venture debt|loans?|debt|obligations? convertibles?|"
    r"prets?|emprunts?|dette)\b"
)
_BULLET = re.compile(r"\s*[-–—•*]\s")
_LIST_OF_LAUREATES = re.compile(r"\blaureats?(?: sont)?\s*:|\bwinners?(?: are)?\s*:")
_TOTAL_OF_GRANTS = re.compile(
    r"\b(?:total|totale|montant|enveloppe|somme)\s+(?:\w+\s+){0,2}?(?:des|de|of)\s+"
    r"(?:subventions|aides|grants|bourses|prix)\b"
)
_PARTS = re.compile(r"^\s*,?\s*(?:dont|of which|including)\s*$")
_GIVES = re.compile(lx.GIVE)


def _funder_gives(a: Amount) -> bool:
    """ "L'ARS y contribue à hauteur de 6 M€, dont 2,5 M€ au titre du Ségur": a funder by
    trade gives the total, which stays its grant (its parts are the same grant told again)."""
    low = a.article.flat
    for i in a.article.indexes(a.sentence.start, a.mention.start, ("organisation",)):
        named = a.article.mentions[i]
        if is_funder(named.canonical or named.text) and _GIVES.search(
            low, named.end, a.mention.start
        ):
            return True
    return False


_EQUITY_NOUN = re.compile(
    r"\b(?:tours? de table|levees? de fonds|levee|series? [a-f]|" + ROUND + r"|fundraising)\b"
)
_FUND_MISREAD = ("public_budget", "other", "investment", "grant", "equity")
# an envelope a company takes is its grant: "il bénéficiera d'une enveloppe de 1,5 M€",
# "a obtenu une dotation de 200 000 €" (not "le programme, doté d'une enveloppe de")
_ENVELOPE_GIVEN = re.compile(
    r"\b(?:donn|accord|attribu|vers|allou|octroi|apport|gave|give|grant|award|allocat)\w*\s+"
    r"(?:une|un|an|a)\s+(?:enveloppe|dotation|envelope)\s+(?:\w+\s+)?(?:de|d'un montant de|of)\s*$"
)
_ENVELOPE_TAKEN = re.compile(
    r"\b(?:benefici\w*|obtien\w*|obtenu\w*|obtient|re[cç]oi\w*|recu\w*|recev\w*|decroch\w*|"
    r"touch\w*|per[cç]oi\w*|received?|receives|secured?|secures|wins?|won)\s+(?:d'|de |of )?"
    r"(?:une|un|l'|la|cette|an|a|the)\s+(?:enveloppe|dotation|envelope)\s+(?:\w+\s+)?"
    r"(?:de|d'un montant de|of)\s*$"
)
# a prize someone won, priced by its endowment ("avait obtenu un prix au concours i-Lab doté
# de 400 000 €"), not the competition's envelope ("le concours, doté de 500 000 €")
_PRIZE_WON = re.compile(
    r"\b(?:obtenu|obtient|remporte|decroche|recu|re[cç]oit|gagne|won|wins|received)\b[^.;]{0,90}"
    r"\b(?:un|une|le|la|a|the)\s+(?:\w+\s+)?(?:prix|bourse|award|prize)\b[^.;]{0,60}"
    r"\b(?:dote|dotee|doted|worth)\s*(?:de|d'un montant de|of)?\s*$"
)
# "un marché" is an order ("remporte un marché de 9,8 M€") unless sized or placed
_MARKET_SIZE = re.compile(
    r"\bmarches? (?:\w+ )?(?:estimes?|evalues?|potentiels?|mondial|mondiaux|global|globaux|"
    r"europeens?|adressables?|pes\w+|represent\w+|valoris\w+)\b"
)
# a sector's spending counted worldwide or forecast: the size of a market, nobody's bill
_WORLD_SPENDING = re.compile(
    r"\b(?:worldwide|globally|dans le monde|au niveau mondial|a l'echelle mondiale|mondiale?s?)\b"
    r"[^.;]{0,120}\b(?:will (?:grow|reach)|should reach|is expected|d'ici (?:a )?20\d\d|by 20\d\d|"
    r"atteindr\w*|devrai\w*)"
)
# the price of one share: neither a cost nor money raised
_SHARE_PRICE = re.compile(
    r"\b(?:prix (?:de l'action|par action|de souscription|d'emission)|cours de (?:l'action|bourse)|"
    r"share price|price per share|offering price|subscription price)\b"
)
_PER_SHARE = re.compile(r"\s*(?:par action|per share|l'action)\b")
_CAPITAL_INCREASE = re.compile(
    r"\b(?:augmentations? d(?:e|u) capital|capital increase|placements? prives?|private placement)\b"
)
_GRANT_GIVE = re.compile(r"^(?:contribu|particip|apport|invest|provid|put|inject)")
_FINANCED = re.compile(r"^(?:financ|cofinanc|dote|dotee|funded|backed)")
_BUDGET_THING = re.compile(
    r"^(?:appels?|plans?|programmes?|fonds|dispositifs?|strategies?|campagnes?|budgets?|"
    r"enveloppes?|calls?|schemes?|funds?)\b"
)
# the EU's bank lends (venture debt, project loans): money it gives is a loan
_EIB = re.compile(
    r"\b(?:bei|eib|banque europeenne d'investissement|european investment bank)\b(?! \w*\s*fund)"
)


def _financed_thing(a: Amount) -> str:
    """The folded noun a funding participle or passive verb is about ("un appel … financé à
    hauteur de 30 M€" → "appel"), "" when the parse does not say."""
    if a.parsed is None or a.verb is None:
        return ""
    p, v = a.parsed, a.verb
    w = p.words[v]
    if w.dep.startswith("acl") and w.head != v:
        head = p.words[w.head]
        if head.mention >= 0 and a.article.mentions[head.mention].kind == "programme":
            return "programme"
        return a.article.flat[head.start : head.end]
    if any(p.words[j].dep == "aux:pass" for j in children(p, v)):
        s = subject(p, v)
        if s is not None:
            return a.article.flat[p.words[s].start : p.words[s].end]
    return ""


_IN_PROJECTS = re.compile(
    r"\s*(?:(?:supplementaires|additionnels|more|additional)\s+)?"
    r"(?:in|into|dans|pour)\s+(?:des |les |de |d')?(?:[a-z&-]+\s+){0,5}"
    r"(?:projects|projets|businesses|companies|entreprises|smes|pme|start-?ups?|jeunes pousses)\b"
)


def _public_spender(a: Amount) -> bool:
    """ "L'État investit 2 Md€", "54 Md€ seront investis": the State's investment is budget."""
    if a.parsed is None or a.verb is None:
        return False
    p, v = a.parsed, a.verb
    s = subject(p, v)
    if s is not None:
        w = p.words[s]
        return bool(lx.STATE.match(a.article.flat, max(0, w.start - 3))) or bool(
            lx.STATE.search(a.article.flat[max(0, w.start - 3) : w.end])
        )
    passive = any(p.words[j].dep == "aux:pass" for j in children(p, v))
    return passive and not agents_named(a)


def _funder_invests_in_projects(a: Amount) -> bool:
    """ "Innovate UK will invest up to £1.5 million in innovation projects": a public funder's
    money for projects still to choose is its envelope, not its own spending."""
    if not _IN_PROJECTS.match(a.after):
        return False
    names = [
        a.article.mentions[i].canonical or a.article.mentions[i].text
        for i in a.article.indexes(a.segment.start, a.mention.start, ("organisation",))
    ]
    return any(is_funder(n) and not investor_by_trade(n) for n in names)


# "… la forme d'obligations", "the form of a loan": what a financing is
_FORM_OF = (
    r"(?:la forme|the form)\s+(?:d'|de |du |des |of )(?:(?:un|une|a|an)\s+)?(?P<what>[a-z-]+)"
)
# the next sentence says what a financing is: "Il prend la forme d'obligations convertibles"
_TAKES_FORM = re.compile(
    r"\s*(?:il|elle|ce financement|celui-ci|cette operation|it|the financing)\s+"
    r"(?:prend|prendra|takes|will take)\s+" + _FORM_OF
)
_FORM_ROLE = {
    "obligations": "loan", "pret": "loan", "emprunt": "loan", "dette": "loan",
    "avance": "loan", "avances": "loan", "bonds": "loan", "notes": "loan", "loan": "loan",
    "debt": "loan", "augmentation": "equity", "actions": "equity", "shares": "equity",
    "equity": "equity", "subvention": "grant", "grant": "grant",
    # "220 M€ devraient prendre la forme d'un investissement (en fonds propres)": a fund's
    "investissement": "equity", "investissements": "equity", "prise": "equity",
    "prises": "equity", "participation": "equity", "participations": "equity",
    "subventions": "grant", "grants": "grant", "prets": "loan", "loans": "loan",
}  # fmt: skip
# the same told right after the amount, in its own clause
_FORM_AFTER = re.compile(r"\s*(?:[a-z]+\s+){0,2}?(?:prend\w*|prendr\w*|take\w*|took)\s+" + _FORM_OF)


def _form_told(a: Amount) -> str | None:
    """The role the amount's own clause gives it ("… devraient prendre la forme d'un
    investissement")."""
    found = _FORM_AFTER.match(a.after)
    return _FORM_ROLE.get(found.group("what")) if found else None


def _form_told_after(a: Amount) -> str | None:
    """The role the sentence after gives a financing of no named kind."""
    k = a.sentence_index + 1
    if k >= len(a.article.sentences) or a.following is not None:
        return None
    found = _TAKES_FORM.match(a.article.flat, a.article.sentences[k].start)
    return _FORM_ROLE.get(found.group("what")) if found else None


_LISTED = re.compile(
    r"\b(?:(?:was|were|is|been|being|got) listed|introduction en bourse|ipo|"
    r"cotation sur|(?:est |a ete )?cotee? sur)\b"
)
_WEAK_GRANT = ("noun_before", "nearest_cue", "verb")  # rules an investor named overrides


def _round_nearby(a: Amount) -> bool:
    """Whether the amount's part of its sentence, or the sentence before, tells of a round or
    its investors."""
    if ROUND_NEARBY.search(a.article.flat[a.segment.start : a.segment.end]):
        return True
    prev = a.previous
    return prev is not None and bool(ROUND_NEARBY.search(a.article.flat[prev.start : prev.end]))


def agents_named(a: Amount) -> bool:
    """Whether the amount's segment names an organisation at all."""
    return bool(a.article.indexes(a.segment.start, a.segment.end, ("organisation",)))


_PROGRAMME_NOUN = re.compile(r"programmes?|plans?|stratégies?|dispositifs?|appels?|fonds")
_TAKE = re.compile(lx.TAKE)


def _programme_takes(a: Amount) -> bool:
    """Whether the subject of the taking verb is a programme: its money is its envelope."""
    if a.parsed is None or a.verb is None:
        return False
    if _TAKE.match(a.article.flat, a.parsed.words[a.verb].start) is None:
        return False
    s = subject(a.parsed, a.verb)
    if s is None:
        return False
    w = a.parsed.words[s]
    named = a.article.mentions[w.mention] if w.mention >= 0 else a.article.covering(w.start)
    if named is None and _PROGRAMME_NOUN.fullmatch(w.text.lower()):
        named = a.article.covering(w.end + 1)  # "le programme Santé Avenir bénéficie de"
    return named is not None and named.kind == "programme"


def _laureate_endowed(a: Amount) -> bool:
    """An item of a list of laureates "doté de" its money: the laureate's grant, not the
    contest's envelope ("l'édition était dotée de 80 M€" is no list item)."""
    low = a.article.flat
    if not _ENDOWED.search(low, max(0, a.mention.start - 30), a.mention.start):
        return False
    line = low.rfind("\n", 0, a.mention.start) + 1
    if not _BULLET.match(low, line):
        return False
    start = a.previous.start if a.previous is not None else a.sentence.start
    return _LIST_OF_LAUREATES.search(low, min(start, line), a.mention.start) is not None


def adjust(a: Amount, role: str, rule: str) -> tuple[str, str]:
    """Corrections that read the role a rule gave."""
    form = _form_told(a)
    if form is not None and form != role:
        return form, "form_told"
    if role != "other" and assets_managed(a):
        return "other", "assets_managed"  # "Sofivia (1,4 Md€ sous gestion)": what a fund is
    if role in _FUND_MISREAD and fund_named(a):
        return "equity", "fund_close"
    if role in ("public_budget", "other", "grant") and total_raised(a):
        return "equity", "raised_to_date"
    if role in ("other", "cost") and public_spending(a):
        return "public_budget", "public_spending"  # "L'État consacrera 50 M€ à la prévention"
    if role == "grant" and opening_endowment(a):
        return "public_budget", "opening_endowment"  # "Doté de 30 M€, le programme X soutient"
    if role == "public_budget" and goes_to_org(a):
        return "grant", "award_goes_to"  # "la dotation la plus importante, 18 M€, revient à X"
    if role == "public_budget" and _ENVELOPE_TAKEN.search(words_before(a)[-80:]):
        return "grant", "envelope_taken"  # "il bénéficiera d'une enveloppe de 1,5 M€"
    if (
        role == "public_budget"
        and _ENVELOPE_GIVEN.search(words_before(a)[-80:])
        and given_to_org(a)
    ):
        return "grant", "envelope_given"  # "va donner une enveloppe de 235 000 € au pôle X"
    if role == "public_budget" and _PRIZE_WON.search(words_before(a)):
        return "grant", "prize_won"  # "a obtenu un prix … doté de 400 000 €": the prize, won
    before = a.before[-90:]
    if role == "contract" and _MARKET_SIZE.search(before[-60:]):
        return "market", "market_size"  # "un marché estimé à 16 Md$": no order, a size
    if role in ("cost", "other") and _WORLD_SPENDING.search(a.sentence_flat):
        return "market", "world_spending"  # "spending worldwide reached $3.4bn, will grow"
    if role in ("cost", "other") and company_sold(a, before):
        return "acquisition", "company_sold"  # "Valvea, which was sold in 2025 to X for €190m"
    share = stake_share(a) if role in ("other", "cost", "investment", "acquisition") else None
    if share is not None:
        return ("acquisition", "control_taken") if share >= 50 else ("equity", "stake_taken")
    if _SHARE_PRICE.search(before[-70:]) or _PER_SHARE.match(a.after):
        return "other", "share_price"  # "le prix de l'action a été fixé à 1,02 €"
    low = a.article.flat
    costed = role in ("cost", "public_budget") and rule != "per_unit_price"
    if costed and COST_WORD.search(before) and _PROJECT.search(before):
        return "investment", "project_cost"
    if costed and COST_WORD.search(before[-40:]) and _PROJECT_AFTER.match(a.after):
        return "investment", "project_cost"
    if role == "cost" and rule in ("verb", "nearest_cue") and _PROJECT.search(before[-60:]):
        return "investment", "project_cost"
    segment = a.article.flat[a.segment.start : a.segment.end]
    if role == "grant" and rule != "noun_after" and _DEBT.search(segment):
        return "loan", "debt_words"
    if role == "grant" and rule == "part_of_total" and _DEBT.search(words_before(a)):
        return "loan", "part_of_loan"  # "a €12m venture loan …, of which €8m has been drawn"
    if role == "grant" and rule != "noun_after" and _EIB.search(segment):
        return "loan", "lender_money"
    if role == "grant" and rule in ("verb", "nearest_cue") and _DEAL.search(a.sentence_flat):
        return "contract", "deal_payment"
    if role == "grant" and rule == "verb" and _programme_takes(a):
        return "public_budget", "programme_takes"  # "La Stratégie X bénéficie de 800 M€"
    if role == "grant" and not GRANT_WORD.search(segment):  # money not called a grant
        form = _form_told_after(a)
        if form is not None:
            return form, "form_told_after"  # "… un financement de 10 M€. Il prend la forme d'OC."
        if _LISTED.search(segment):
            return "equity", "listing_proceeds"  # "won €25m when it was listed on Euronext"
        if _CAPITAL_INCREASE.search(segment):
            return "equity", "capital_increase"  # "accompagnée d'une augmentation de capital"
    if role == "grant" and rule in _WEAK_GRANT and from_investor(a, segment):
        return "equity", "investor_funding"  # "un financement de 7 M€ de la part de X Fund"
    if role == "grant" and rule in ("verb", "nearest_cue", "participle"):
        verb_word = a.verb_text()
        # "Alongside the round, X has awarded the company a £3m R&D grant": a grant still
        grant_named = GRANT_WORD.search(a.after[:50])
        if (
            _EQUITY_NOUN.search(a.sentence_flat)
            and (_GRANT_GIVE.match(verb_word) or rule == "nearest_cue")
            and not grant_named
        ):
            return "equity", "round_share"
        if (
            (_GRANT_GIVE.match(verb_word) or rule == "nearest_cue")
            and not GRANT_WORD.search(segment)
            and not a.article.indexes(a.segment.start, a.segment.end, ("programme",))
            and _round_nearby(a)
        ):
            return "equity", "round_nearby"
        if _FINANCED.match(verb_word) and _BUDGET_THING.match(_financed_thing(a)):
            return "public_budget", "budget_of_call"
    if role == "investment" and rule in ("verb", "participle") and _public_spender(a):
        return "public_budget", "public_investment"
    if role == "investment" and _funder_invests_in_projects(a):
        return "public_budget", "public_investment"
    if role == "investment" and round_extension(a):
        return "equity", "round_extension"  # "a $7.8m extension led by Go Capital"
    if role == "investment" and rule == "noun_after" and investment_from(a):
        return "equity", "investment_from"
    if role == "investment" and rule == "noun_before" and investment_taken(a):
        return "equity", "investment_taken"
    if role == "investment" and rule == "verb" and stake(a):
        return "equity", "investor_stake"
    if role == "investment" and rule in ("verb", "nearest_cue", "noun_after") and investor_gives(a):
        return "equity", "investor_invests"
    fixed = spending_or_deal(a, role, rule)
    if fixed is not None:
        return fixed
    if (
        role in ("investment", "cost")
        and rule in ("nearest_cue", "in_brackets", "noun_after")
        and _LAUREATES.search(low[a.sentence.start : a.mention.start])
    ):
        return "grant", "laureate_list"  # "Sont primées : X, pour un substitut (80 000 euros)"
    if role == "equity" and _VIA_DEBT.match(a.after):
        return "loan", "debt_words"  # "raised $13 million … via a convertible loan agreement"
    if role == "public_budget" and _laureate_endowed(a):
        return "grant", "laureate_list"  # "Parmi les lauréats : – le tiers-lieu X, doté de 4,2 M€"
    total = role in ("grant", "cost") and a.following is not None
    # "le montant total des subventions attribuées s'élève à X, dont Y": grants still
    if (
        total
        and a.following
        and _PARTS.match(low[a.mention.end : a.following.start])
        and not _TOTAL_OF_GRANTS.search(words_before(a))
        and not _funder_gives(a)
    ):
        return "investment", "total_with_parts"
    return role, rule
