"""What money buys, read in the amount's sentence before it: equipment bought (the buyer's
investment), a takeover's price, a valuation (no money paid), a trial's cost, a project's own
budget, an estimate (a figure not yet spent). `role_fixes.adjust` and novelty ask it.
"""

from __future__ import annotations

import re

from scanner.nlp.facts.context import Amount
from scanner.nlp.facts.takeover import OFFER

COST_WORD = re.compile(r"\bco[uû]t\w*|\bcost\w*")
# What a sponsor spends on itself besides buildings: a trial, a study's lab ("un essai de
# phase 2 dont le coût est estimé à", "a sequencing laboratory, costing about"); "étude" is
# left out: a study's cost is often paid by someone else (the health insurance)
_TRIAL = re.compile(r"\b(?:essais?|trials?|laboratoires?|laborator(?:y|ies))\b")
_ESTIMATE = re.compile(r"\b(?:estim\w*|expected to cost|devrai(?:t|en)t? couter)\b")
_BUDGET_WORD = re.compile(r"\bbudgets?\b")
_OWN_BUDGET = re.compile(r"\b(?:projets?|projects?|essais?|trials?)\b")
_PRICE = re.compile(r"\b(?:prix|price|consideration)\b")
# a takeover told in so many words (not "to buy shares": an offering's option)
_TAKEOVER = re.compile(
    r"\b(?:rach[ae]t\w*|acqui(?:ert|erent|sition|sitions|se|rir|rira)|acquer(?:ir|ra|ront|rait)|reprise|acquir\w*|"
    r"takeover|buyout|purchase[sd]?|opa|offre publique d'achat|tender offer|escarcelle)\b"
)
# "l'opération valorise la start-up … à 30 M€", "the company is valued at": the words between
# the valuation verb and the amount run on within the sentence, with no other figure
_VALUED = re.compile(
    r"\b(?:valoris(?:e|ent|ait|era|ant)|valued|values|valuing|valuation)\b"
    r"[^.;:\d€$£]{0,110}?(?:\b(?:a|at|of|de)\s*)?$"
    # "pour une valorisation de 190 M€" (not "la valorisation de la recherche, dotée de …")
    r"|\bvalorisation\s+(?:(?:de|d'environ|d'au moins|a|proche de|superieure a)\s*)?$"
    # "la start-up la mieux valorisée (5,8 Md€)": its value in brackets
    r"|\bvalorisee?s?\s*\(\s*$"
    # "La levée porte la valorisation de la société à 300 M€"
    r"|\b(?:porte|portant|portera|fixe|fixant|eleve|elevant|hisse|hissant)\s+(?:sa |la |leur )?"
    r"valorisation\b[^.;:\d€$£]{0,60}?\ba\s*(?:plus de |pres de |environ )?$"
)


# Equipment an organisation buys or is fitted with: its price is the buyer's investment, not
# a takeover ("l'acquisition d'une salle d'imagerie pour 2 M€", "la machine a coûté 790 000 €")
_EQUIPMENT = (
    r"(?:robots?|equipements?|appareils?|machines?|irm|scanners?|salles?|systemes?|materiels?|"
    r"microscopes?|sequenceurs?|accelerateurs?|tep|pet-scan|bloc|blocs|imageurs?)\b"
)
_EQUIPMENT_BOUGHT = re.compile(
    r"\b(?:acquisition|achat|acquiert|acquis|acquer\w*|achete\w*|s'equip\w*|s'est dote\w*)\b[^.;]{0,40}?"
    r"\b(?:d'un|d'une|de|des|du|le|la|les|un|une|son|sa|ses)\s+(?:\w+\s+){0,2}?" + _EQUIPMENT
)
_EQUIPMENT_NAMED = re.compile(r"\b(?:la|le|ce|cette|les|ces)\s+(?:nouvel\w*\s+)?" + _EQUIPMENT)
_BOUGHT_FOR = re.compile(
    r"\b(?:la|le|ce|cette|les|ces|son|sa|ses|the|its)\s+(?:nouvel\w*\s+|new\s+)?"
    + _EQUIPMENT
    + r"[^.;]{0,30}?\b(?:achete\w*|acquise?s?|payee?s?|bought|purchased)\s*(?:pour|for|a)?\s*$"
)
_FITTED = re.compile(
    r"\b(?:acqui[st]\w*|acquer\w*|acquer\w*|achete\w*|s'equip\w*|s'est dote\w*|se dote\w*)\b"
)


def _equipment_price(a: Amount, role: str, lead: str) -> bool:
    """An acquisition of equipment, or the cost of the equipment an organisation has bought."""
    if role == "acquisition":
        return _EQUIPMENT_BOUGHT.search(lead[-90:]) is not None
    if role == "other":  # "le robot, acheté 2,1 M€ à la société X"
        return _BOUGHT_FOR.search(lead[-90:]) is not None
    if role != "cost":
        return False
    if not _EQUIPMENT_NAMED.search(lead[-90:]):
        return False
    spans = [a.sentence] + ([a.previous] if a.previous is not None else [])
    spans += [a.article.title] if a.article.title is not None else []
    return any(_FITTED.search(a.article.flat, s.start, s.end) for s in spans)


def spending_or_deal(a: Amount, role: str, rule: str) -> tuple[str, str] | None:
    """A trial's cost or a project's budget is spent, a takeover's price buys, a valuation
    pays nothing, equipment bought is invested in: read in the amount's sentence before it."""
    lead = words_before(a)
    if rule == "per_unit_price":
        return None
    if _equipment_price(a, role, lead):
        return "investment", "equipment_bought"
    if role in ("cost", "equity", "other") and _PRICE.search(lead) and _takeover_told(a):
        return "acquisition", "takeover_price"
    if _paid_at_close(a, role):
        return "acquisition", "takeover_price"  # "Nodal will pay $60 million at closing"
    if valued(a):
        if OFFER.search(a.sentence_flat):
            return "acquisition", "offer_value"  # "une OPA … valorisant Nerisia à 600 M€"
        return "other", "valuation"
    if role == "cost" and trial_cost(a):
        return "investment", "trial_cost"
    tail = lead[-70:]
    if role == "public_budget" and _BUDGET_WORD.search(tail) and _OWN_BUDGET.search(tail):
        return "investment", "project_budget"
    return None


# what a buyer pays when the deal closes or is signed; a licence pays so too, and is a contract
_PAID_AT_CLOSE = re.compile(
    r"\b(?:pa(?:y|ys|id|iera|ie|yera)|vers\w*|regl\w*)\b.{0,60}?\b(?:at (?:the )?(?:closing|"
    r"completion|signing)|upon (?:closing|completion)|a la (?:realisation|signature|cloture)|"
    r"au closing)\b"
)
_LICENCE = re.compile(
    r"\b(?:licen[cs]\w*|droits|rights|redevances|royalt\w*|paiements? d'etape|upfront)\b"
)


def _paid_at_close(a: Amount, role: str) -> bool:
    if role not in ("contract", "equity", "other") or not _PAID_AT_CLOSE.search(a.sentence_flat):
        return False
    start = a.previous.start if a.previous is not None else a.sentence.start
    licence = _LICENCE.search(a.article.flat, start, a.sentence.end)
    return _takeover_told(a) and not licence


def _takeover_told(a: Amount) -> bool:
    """Whether the amount's sentence or the one before tells of a takeover."""
    spans = [a.sentence] + ([a.previous] if a.previous is not None else [])
    return any(_TAKEOVER.search(a.article.flat, s.start, s.end) for s in spans)


def words_before(a: Amount) -> str:
    """The folded words of the amount's sentence just before it."""
    return a.article.flat[a.sentence.start : a.mention.start][-100:]


def valued(a: Amount) -> bool:
    """ "l'opération valorise la société à 165 M€", "the company is valued at": a valuation
    (the verb not inside a name: "Normandie Valorisation Santé")."""
    lead = words_before(a)
    m = _VALUED.search(lead)
    if m is None:
        return False
    at = a.mention.start - len(lead) + m.start()
    if _TAKEN_AFTER.search(lead, m.start()):
        return False  # "La SATT X, qui valorise la recherche, a reçu une subvention de 2 M€"
    if _PRICED_DEAL.search(lead[: m.start()][-60:]):
        # "a contract valued at up to $179 million", "the market was valued at $50.7B": the
        # deal's own money, a market's size
        return False
    return a.article.covering(at) is None


# money taken between the valuation word and the amount: the verb was about something else
_TAKEN_AFTER = re.compile(
    r"\b(?:re[cç]u|obtenu|leve|decroche|beneficie|received|raised|won|secured|subventions?|"
    r"aides?|prets?|grants?|loans?)\b"
)
# what a contract, an order or its period is worth is that money, not a company's value
_PRICED_DEAL = re.compile(
    r"\b(?:contracts?|contrats?|agreements?|orders?|commandes?|awards?|base period|"
    r"option period|marches? public|markets?|market size)\b[^.;]*$"
)


def trial_cost(a: Amount) -> bool:
    """ "un essai de phase 2 dont le coût est estimé à", "a laboratory, costing about"."""
    lead = words_before(a)
    return bool(COST_WORD.search(lead) and _TRIAL.search(lead))


def estimated(a: Amount) -> bool:
    """ "estimé à", "estimated at", "is expected to cost": a figure not yet spent."""
    return _ESTIMATE.search(words_before(a)[-60:]) is not None
