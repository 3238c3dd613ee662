"""Who receives an amount, from its sentence and its article (the first rule that answers
decides):

    managed_by          assets under management are the manager's ("X (1,4 Md€ sous gestion)")
    no_recipient_role   envelopes, prices, market sizes have no single receiver
    respectively        "X et Y lèvent respectivement 3 M€ et 2 M€": the i-th name's
                        (`respectively.py`)
    several             "six projets recevront…", "chacun", "aux start-up de la medtech":
                        shared money, no one recipient
    fund_itself         a private fund's closing, target or size is the fund's (`funds.py`)
    stake_in            the company a stake is bought in (`stakes.py`)
    takeover_target     the company a takeover buys            supplier   who a contract pays
    row_head            the name heading a list line or a table row
    previous_opener     "Quill, founded in 2022, … . It raised €6 million in 2025": a sentence
                        opening with a stand-in that takes the money speaks of the company
                        opening the sentence before
    invested_in         "Bpifrance investit 5 M€ dans Oncovia"
    gapped              "X reçoit 1 M€, la start-up Y 800 000 euros": a list with one verb
                        (`gapped.py`)
    taker_subject       the subject of "lève", "obtient", "reçoit", "investit", "signe"…
                        (a stand-in, "elle", "la société", "le projet", is the organisation
                        the previous sentence or the article is about)
    given_to            the object of "accorde", "soutient", "apporte à"…
    given_after         "attribue 2,6 M€ au consortium X", "€6.5 million goes to X"
                        (`given_after.py`)
    for_org             "1 M€ pour le centre hospitalier de Bourges"
    taker_before        without a parse: an organisation, then a taking verb, then the amount
    segment_company     the first company of the amount's own part of a sentence of several
                        amounts (a list of companies, each with its money)
    sentence_company    the first company the amount's sentence names (a round-up)
    bought_company      in a takeover's news, the company bought rather than its buyer
    stand_in_company    "En parallèle, la société poursuit une levée de 16 M€": the company
                        opening one of the two sentences before
    protagonist         the organisation the article is about

The last five, the names around an amount when no verb tells, live in `company_fallback.py`.
"""

from __future__ import annotations

import re

from scanner.nlp.facts import lexicon as lx
from scanner.nlp.facts.background import assets_managed
from scanner.nlp.facts.clause_takers import (
    given_first_object,
    participle_subject,
    relative_taker,
)
from scanner.nlp.facts.company_fallback import (
    bought_company,
    carried_by,
    paragraph_company,
    previous_opener,
    protagonist,
    segment_company,
    sentence_company,
    stand_in_company,
)
from scanner.nlp.facts.context import Amount
from scanner.nlp.facts.contracts import contract_parties
from scanner.nlp.facts.conversions import converts
from scanner.nlp.facts.funds import fund_named
from scanner.nlp.facts.gapped import gapped_recipient
from scanner.nlp.facts.given_after import given_after, given_to_org
from scanner.nlp.facts.parse import children, subject
from scanner.nlp.facts.parties import FUNDED, org_indexes, org_name
from scanner.nlp.facts.respectively import respective_recipient
from scanner.nlp.facts.roles import beneficiary, kind_beneficiary
from scanner.nlp.facts.several import several
from scanner.nlp.facts.stakes import stake_parties
from scanner.nlp.facts.stand_ins import recent_opener, resolve
from scanner.nlp.facts.takeover import deal
from scanner.nlp.facts.text import Span
from scanner.nlp.facts.unlisted import line_head

_TAKE = re.compile(lx.TAKE)
_GIVE = re.compile(lx.GIVE)
NO_RECIPIENT = ("public_budget", "market", "cost", "other")
MISREAD_ROLES = ("equity", "loan", "investment", "acquisition", "contract", "revenue")
_TO = re.compile(r".*\b(?:a|au|aux|to)\s*$|.*\b(?:a|au|aux|to)\s+\S?$")
_SUBJECT_OF_TAKE = re.compile(
    r"^\s*(?:,[^,;]*,\s*)?(?:(?:has|have|had|a|ont|just|now|previously|also|vient de|"
    r"viennent de|deja)\s+)*(?:" + lx.TAKE + ")"
)
_APPOSITION = re.compile(
    r",\s*(?:an?|une?)\s[^,;]{3,200}(?:,[^,;]{3,80})?,(?=\s*(?:has|have|a|ont|vient)\b)"
)
_INTO = re.compile(
    # "in" as a word ("investissement et Sofimac" invests in nothing)
    r"\b(?:(?:dans|in|into)\b|au capital d[e'])\s*(?:l'|la |le |les |the )?(?:[\w'-]+\s+){0,3}$|"
    # "led a €40m series C round yesterday for Robocath"
    r"\b(?:round|financing|funding)\b(?:\s+[\w-]+){0,2}\s+for\s+(?:the\s+)?(?:[\w'-]+\s+){0,2}$"
)
_PLURAL_SUBJECT = re.compile(r"^(?:les|des|plusieurs|ces|\d+|deux|trois|several|many)\b")


# A company's own standing (what it is worth, holds in cash, lost) belongs to the company
_OWN_STANDING = re.compile(
    r"\b(?:valoris\w*|valued|values?|valuation|tresorerie|cash|perte\w*|loss\w*)\b"
)


def managed_by(a: Amount, role: str) -> tuple[bool, str | None]:
    """ "Sofivia (1,4 Md€ sous gestion)": the assets are the manager's, named just before."""
    if role != "other" or not assets_managed(a):
        return False, None
    found = org_indexes(a, Span(max(a.sentence.start, a.mention.start - 80), a.mention.start))
    return (True, org_name(a, found[-1])) if found else (False, None)


def no_recipient_role(a: Amount, role: str) -> tuple[bool, str | None]:
    if role == "other" and _OWN_STANDING.search(a.article.flat, a.segment.start, a.mention.end):
        return False, None
    return (True, None) if role in NO_RECIPIENT else (False, None)


def fund_itself(a: Amount, role: str) -> tuple[bool, str | None]:
    """ "la clôture du fonds Santé Avenir II à 120 M€": the fund gets the money."""
    if role != "equity":
        return False, None
    name = fund_named(a)
    return (True, name) if name else (False, None)


def stake_in(a: Amount, role: str) -> tuple[bool, str | None]:
    """ "Helvétia Santé prend 20 % de Kinésia pour 6 M€": the company whose shares are taken."""
    if role != "equity":
        return False, None
    _, company = stake_parties(a)
    return (True, company) if company else (False, None)


def takeover_target(a: Amount, role: str) -> tuple[bool, str | None]:
    """The company a takeover price buys ("Nordvik Medical rachète HEMOTRACK pour 48 M€")."""
    if role != "acquisition":
        return False, None
    _, target = deal(a)
    return (True, target) if target else (False, None)


def supplier(a: Amount, role: str) -> tuple[bool, str | None]:
    """The company a contract pays ("a attribué à MEDIKA SYSTEMES un marché de 9,8 M€")."""
    if role != "contract":
        return False, None
    _, name = contract_parties(a)
    return (True, name) if name else (False, None)


def row_head(a: Amount, role: str) -> tuple[bool, str | None]:
    """The name heading the list line or table row that gives the amount ("Kalios (Lyon) :
    4,3 M€", "Docteo | 3,4 M€ | subvention"), listed or not."""
    if a.in_title:
        return False, None  # "Grand Défi biomédicaments : 62,2 M€ pour…": a headline
    name = line_head(a.article.text, a.sentence.start, a.mention.start)
    if name is None:
        return False, None
    named = a.article.covering(a.article.text.find(name, a.sentence.start))
    if named is not None and named.kind == "programme":
        return False, None
    if named is not None and named.kind == "organisation":
        name = named.canonical or named.text
    return True, name


def taker_subject(a: Amount, role: str) -> tuple[bool, str | None]:
    if a.parsed is None or a.verb is None:
        return False, None
    verb = a.parsed.words[a.verb]
    low = a.article.flat
    passive = any(a.parsed.words[j].dep == "aux:pass" for j in children(a.parsed, a.verb))
    taking = _TAKE.match(low, verb.start) is not None
    giving = _GIVE.match(low, verb.start) is not None
    if not (taking and not giving or passive and giving):
        return False, None
    s = subject(a.parsed, a.verb)
    if s is None:
        return False, None
    if a.mention.start <= a.parsed.words[s].start < a.mention.end and given_to_org(a):
        return False, None  # "20 000 euros sont accordés au cluster X": the money is the subject
    if _PLURAL_SUBJECT.match(low[a.parsed.words[s].start :]):
        return True, None
    # "La BEI et CureVac ont signé un accord de prêt": the funder is the other party
    for j in [s, *children(a.parsed, s, ("conj",))]:
        name = resolve(a, j)
        if name and not (role in FUNDED and a.article.is_funder(name)):
            return True, name
    return False, None


# "12 M€ collectés par la Fondation de l'AP-HP en 2025", "€40m raised by Quill": the agent
# of a taking verb's participle right after the amount takes it
_TAKEN_BY = re.compile(
    r"\s*(?:d'euros\s+|de dollars\s+|de fonds\s+)?(?:" + lx.TAKE + r"|collect\w*|raised|secured)"
    r"\s+(?:en \d{4}\s+|in \d{4}\s+)?(?:par|by)\s+(?:l'|la |le |les |the )?"
)


def taken_by(a: Amount, role: str) -> tuple[bool, str | None]:
    """The agent after the amount's taking participle ("12 M€ collectés par X")."""
    after = a.article.indexes(a.mention.end, a.sentence.end, ("organisation",))
    if not after:
        return False, None
    m = a.article.mentions[after[0]]  # the first organisation after the amount
    if _TAKEN_BY.fullmatch(a.article.flat, a.mention.end, m.start) is None:
        return False, None
    return True, m.canonical or m.text


def given_to(a: Amount, role: str) -> tuple[bool, str | None]:
    """The object of an active giving verb: "l'État soutient le projet", "accorde … à X";
    without a parse, "X has awarded Kelpie a £3m grant"."""
    if a.parsed is None:
        return given_first_object(a)
    if a.verb is None:
        return False, None
    p, low = a.parsed, a.article.flat
    v = p.words[a.verb]
    passive = any(p.words[j].dep == "aux:pass" for j in children(p, a.verb))
    if _GIVE.match(low, v.start) is None or passive or v.dep.startswith("acl"):
        return False, None
    for j in children(p, a.verb, ("obj", "iobj", "obl:arg", "obl:mod", "obl")):
        w = p.words[j]
        if j == a.word or w.dep == "obl:agent":
            continue
        if w.dep.startswith("obl") and not _TO.match(low[max(0, w.start - 6) : w.start + 1]):
            continue
        if low[w.start : w.end] in ("lui", "leur"):
            # "La région lui accorde 3 M€": the company the sentence before opened with
            name = recent_opener(a)
            if name:
                return True, name
            continue
        name = resolve(a, j)
        if name:
            return True, name
    return False, None


def for_org(a: Amount, role: str) -> tuple[bool, str | None]:
    """ "1 M€ pour le centre hospitalier de Bourges": the organisation the money goes to."""
    name = (beneficiary(a) or kind_beneficiary(a)) if role in FUNDED + ("investment",) else None
    return (True, name) if name else (False, None)


def invested_in(a: Amount, role: str) -> tuple[bool, str | None]:
    """ "Bpifrance investit 5 M€ dans Oncovia", "entre au capital de X": the company invested
    in."""
    if role != "equity":
        return False, None
    low = a.article.flat
    end = a.segment.end
    amounts = a.article.indexes(a.mention.end, a.sentence.end, ("amount",))
    mentions = a.article.mentions
    if amounts and converts(a.article.text, a.mention, mentions[amounts[0]]):
        # "€40m ($43.4m) series C round for X": past the same money said again in brackets
        end = mentions[amounts[1]].start if len(amounts) > 1 else a.sentence.end
    for i in org_indexes(a, Span(a.mention.end, end)):
        lead = low[
            max(a.mention.end, a.article.mentions[i].start - 40) : a.article.mentions[i].start
        ]
        if _INTO.search(lead):
            return True, org_name(a, i)
    return False, None


_ORIGIN_BEFORE = re.compile(
    r"\b(?:spun (?:out|off) (?:of|from)|spin-?(?:out|off) (?:of|from)|issue?s? d(?:e|u|es)|"
    r"nee? (?:a|au sein d(?:e|u))|founded at|born at|out of)\s+(?:l'|la |le |les |the )?$"
)


def taker_before(a: Amount, role: str) -> tuple[bool, str | None]:
    """Without a parse: "Vectalis raises €18 million", "X a obtenu 2 M€"."""
    if a.parsed is not None:
        return False, None
    low = a.article.flat
    kinds = ("organisation", "person", "place") if role in MISREAD_ROLES else ("organisation",)
    found = []
    # "Jura Optics SA, a spin-off from EPFL developing …, has won": the aside names no taker
    asides = [
        (m.start(), m.end()) for m in _APPOSITION.finditer(low, a.segment.start, a.mention.start)
    ]
    for i in a.article.indexes(a.segment.start, a.mention.start, kinds):
        m = a.article.mentions[i]
        if m.kind != "organisation" and len(m.text.split()) > 3:
            continue
        if any(s < m.start < e for s, e in asides):
            continue
        if _ORIGIN_BEFORE.search(low, max(a.segment.start, m.start - 30), m.start):
            continue  # "The company was spun out of Aix-Marseille Université and raised…"
        between = low[m.end : a.mention.start]
        said = len(between) - sum(e - s for s, e in asides if m.end <= s)
        if said < 160 and _TAKE.search(between) and not _GIVE.search(between):
            found.append((i, bool(_SUBJECT_OF_TAKE.match(between))))
    # an organisation before a place or a person the NER may have misread: "CAMBRIDGE, UK,
    # 6 October 2026 — Brightwell Diagnostics Ltd … announced the close of" is no UK money
    orgs = [(i, d) for i, d in found if a.article.mentions[i].kind == "organisation"]
    found = orgs or found
    # the name right before its verb (after an apposition at most), else the first
    best = next((i for i, direct in found if direct), found[0][0] if found else None)
    return (True, org_name(a, best)) if best is not None else (False, None)


RECIPIENT_RULES = (
    ("managed_by", managed_by),
    ("no_recipient_role", no_recipient_role),
    ("respectively", respective_recipient),
    ("relative_taker", relative_taker),
    ("fund_itself", fund_itself),  # "pour son nouveau fonds dédié aux biotechs": one fund
    ("several", several),
    ("stake_in", stake_in),
    ("takeover_target", takeover_target),
    ("supplier", supplier),
    ("row_head", row_head),
    ("previous_opener", previous_opener),
    ("invested_in", invested_in),
    ("gapped", gapped_recipient),
    ("participle_subject", participle_subject),
    ("taker_subject", taker_subject),
    ("taken_by", taken_by),
    ("given_to", given_to),
    ("given_after", given_after),
    ("for_org", for_org),
    ("taker_before", taker_before),
    ("carried_by", carried_by),
    ("stand_in_company", stand_in_company),
    ("segment_company", segment_company),
    ("sentence_company", sentence_company),
    ("bought_company", bought_company),
    ("paragraph_company", paragraph_company),
    ("protagonist", protagonist),
)


def decide_recipient(a: Amount, role: str) -> tuple[str | None, str]:
    for name, rule in RECIPIENT_RULES:
        done, value = rule(a, role)
        # a funder by trade pays for these: look further (a fund's own closing excepted)
        if (
            done
            and value
            and role in FUNDED
            and name != "fund_itself"
            and a.article.is_funder(value)
        ):
            continue
        if done:
            return value, name
    return None, "no_rule"
