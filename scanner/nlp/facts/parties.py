"""Who provides an amount, from its sentence, and the name helpers the recipient and payer
rules share (what a stand-in such as "elle", "la société" stands for: `stand_ins.py`).

Payer rules (each adds names): the agent of a funding verb ("financé par", "apportés par"),
"auprès de", "avec la participation de", "via" an operator, an organisation right after the
amount ("18 M€ de la BEI"), the subject of a giving verb ("l'ARS participe à hauteur de");
names coordinated with a payer ("X, Y et Z") are payers too; the buyer of a takeover, the
customer of a contract. Never the recipient, never a name in no such position.

Recipient rules: `recipient.py`; programme rules: `programme.py`; payers named outside the
amount's sentence: `investors.py`, `nearby.py`, `totals.py`.
"""

from __future__ import annotations

import re

from scanner.nlp.facts import lexicon as lx
from scanner.nlp.facts.buyers import deal_payer
from scanner.nlp.facts.context import Amount
from scanner.nlp.facts.parse import agents, children, subject
from scanner.nlp.facts.text import Span
from scanner.records import Mention

# Roles whose taker is a company: a name the NER calls a person or place before "lève",
# "raises" is one.
FUNDED = ("equity", "grant", "loan")  # a bank or an agency gives these, it does not get them
_TAKE = re.compile(lx.TAKE)
_GIVE = re.compile(lx.GIVE)
_WORDS_BETWEEN = r"(?:[a-z][\w'-]*,?\s+){0,7}"
_AGENT = re.compile(lx.AGENT_BEFORE.pattern.replace(r"\s*$", "") + r"\s*" + _WORDS_BETWEEN + r"$")
# "X, Y et Z", "X et du fonds régional Z": a name coordinated with a payer is one too
JOINED = re.compile(
    r"^\s*(?:,|&)\s*(?:l'|la |le |les |the )?$|"
    # "auprès d'Advent France Biotechnologie, investisseur et co-fondateur, et de Medicxi"
    r"^\s*(?:,\s*(?:[a-z][\w'-]*\s+){0,5}[a-z][\w'-]*\s*(?=,\s*(?:et|and)\s))?"
    r"\s*,?\s*(?:et|and|ainsi que|as well as)\s*(?:de |d'|du |des |par )?(?:l'|la |le |les |the )?"
    r"(?:[a-z][\w'-]*\s+){0,3}$"
)
_LED = re.compile(r"\b(?:mene|menee|menes|menees|led|conduit\w*)\s+(?:par|by)\b")
_OPERATOR = re.compile(
    r"\b(?:via|opere\w*|gere\w*|pilote\w*|suivi\w*|operated|run|managed|through)\b"
)
_MONEY_BY = re.compile(
    r"\b(?:financ\w*|cofinanc\w*|subventionn\w*|soutenu\w*|accorde\w*|apporte\w*|verse\w*|"
    r"attribue\w*|pris\w* en charge|octroye\w*|alloue\w*|abonde\w*|fund\w*|backed|provided|"
    r"granted|awarded|support\w*|paid|paye\w*|complete\w*|engage\w*|souscri\w*|subscribed)"
    r"\s+(?:\S+\s+){0,7}$"
)
_GAP_START = re.compile(r"^\s*[,;]?\s*(?:et|and|tandis que|while)\s+(?:l'|la |le |les |the )?$")
_NOUN_OF = re.compile(
    r"\b(?:subventions?|aides?|prets?|financements?|soutiens?|dotations?|avances? remboursables?|"
    r"concours|participation|apport|grant|loan|funding|support)\s+(?:\w+\s+)?"
    r"(?:de la part d[e']|de|d'|du|des|from)\s*(?:l'|la |le |les |the )?$"
)
_BRACKETS = re.compile(r"\s*\([^()]{0,60}\)")  # "(ANR)" between two coordinated names
_WITH = re.compile(r"\b(?:avec|with)\s*(?:l'|la |le |les |the )?$")
_ORIGIN = re.compile(r"\s*(?:issue?s?|en provenance|provenant)\b")
_SPUN = re.compile(r"\b(?:spin-?offs?|spin-?outs?|spinouts?|start-?ups? issue?s?)\s*$")
_GUARANTEED = re.compile(r"\b(?:garantie?s?|guaranteed)\s+(?:par|by)\s+(?:l'|la |le |les |the )?$")
NO_PAYER = ("revenue", "market")  # a company's sales, a market's size: no one pays them


def org_name(a: Amount, index: int) -> str:
    m = a.article.mentions[index]
    return m.canonical or m.text


def org_indexes(a: Amount, span: Span) -> list[int]:
    return a.article.indexes(span.start, span.end, ("organisation",))


GIVES_AFTER = re.compile(lx.GIVES_AFTER)


def _agent_orgs(a: Amount, role: str, kind: str = "organisation") -> list[tuple[int, str]]:
    """Organisations (or programmes) of the amount's segment in a paying position, in text
    order, with the rule that placed them. A programme or the State in such a position carries
    the chain on ("2,4 M€ du PHRC et de la DGA")."""
    seg = a.segment
    found: list[tuple[int, str]] = []
    last_end, last_rule = -1, ""
    for i in a.article.indexes(seg.start, seg.end, ("organisation", "programme")):
        m = a.article.mentions[i]
        if a.mention.start <= m.start < a.mention.end:
            continue
        rule = _paying_position(a, role, m, last_end, last_rule)
        if rule is None:
            continue
        if rule == "fund_manager":  # not a payer, but the names joined after it still are
            last_end = m.end
            continue
        if m.kind == kind:
            found.append((i, rule))
        last_end, last_rule = m.end, rule
    return found


def _paying_position(
    a: Amount, role: str, name: Mention, last_end: int, last_rule: str
) -> str | None:
    """The rule that puts a name in a paying position, or None."""
    low = a.article.flat
    seg = a.segment
    start = name.start
    lead = low[max(seg.start, start - 90) : start]
    if start >= a.mention.end and lx.OF_AFTER.fullmatch(low, a.mention.end, start):
        return "of_after"
    if last_end > 0 and JOINED.match(_BRACKETS.sub(" ", low[last_end:start])):
        return last_rule
    gap = name.end <= a.mention.start and not low[name.end : a.mention.start].strip()
    if gap and _GAP_START.match(low[seg.start : start]):
        return "gapped_giver"  # ", et la Région 3 M€": the verb is the clause before's
    if start < a.mention.start and _NOUN_OF.search(lead):
        return "funding_of"  # "une subvention de la Région Occitanie de 2 M€"
    if _INVESTORS_SUCH_AS.search(lead):
        return "agent"  # "from investors both new, such as X, and long-term, including Y"
    agent = _AGENT.search(lead)
    if agent is None:
        if (
            role in FUNDED
            and _WITH.search(lead)
            and a.article.is_funder(name.canonical or name.text)
        ):
            return "funder_party"  # "un accord de prêt avec la BEI"
        return None
    word = agent.group()
    if _LED.search(word) and role != "equity":
        return None
    if (_ORIGIN.match(word) or _SPUN.search(lead, 0, agent.start())) and start < a.mention.start:
        # "Génovia, issue du Généthon, a bénéficié de 18 M€", "a spin-off from EPFL": where
        # it comes from
        return None
    if word.lstrip().startswith(("par", "by")) and not _MONEY_BY.search(
        lead[: agent.start()] + " "
    ):
        return None
    if _GUARANTEED.search(lead):
        return None  # "un Prêt Garanti par l'État": who guarantees lends nothing
    if role == "equity" and _MANAGES.search(word) and _FUND_BEFORE.search(lead, 0, agent.start()):
        return "fund_manager"  # "auprès du fonds French Tech Accélération géré par Bpifrance"
    return "operator" if _OPERATOR.search(word) else "agent"


# a named fund's manager invests nothing of its own in a round
_MANAGES = re.compile(r"\b(?:gere\w*|managed|conseille\w*|advised)\b")
_FUND_BEFORE = re.compile(r"\b(?:fonds|funds?)\b[^.;]{0,80}$")


# investors named by example: "investors both new, such as X, and existing, including Y"
_INVESTORS_SUCH_AS = re.compile(
    r"\b(?:investors?|investisseurs?|shareholders?|actionnaires?|backers?)\b[^.;]{0,60}?"
    r"\b(?:including|such as|notamment|dont|tels? que|parmi lesquels)\s*(?:l'|la |le |les |the )?$"
)
_AND_THE = re.compile(r"\s+(?:et|and)\s+(?:la |le |les |l'|the )?")


def _giver_subjects(a: Amount, role: str) -> list[tuple[int, str]]:
    """The subject of a giving verb ("l'ARS participe à hauteur de 6 M€"), with the names
    coordinated to it; the funders among the parties of a taking verb ("La BEI et CureVac
    ont signé un accord de prêt")."""
    if a.parsed is None or a.verb is None:
        return []
    low = a.article.flat
    verb_start = a.parsed.words[a.verb].start
    investor = role == "equity" and low.startswith("invest", verb_start)
    if _GIVE.match(low, verb_start) is None and not investor:
        s = subject(a.parsed, a.verb)
        if (
            role not in FUNDED
            or s is None
            or _TAKE.match(low, a.parsed.words[a.verb].start) is None
        ):
            return []
        return [
            (w.mention, "funder_party")
            for j in [s, *children(a.parsed, s, ("conj",))]
            if (w := a.parsed.words[j]).mention >= 0
            and a.article.mentions[w.mention].kind == "organisation"
            and a.article.is_funder(org_name(a, w.mention))
        ]
    if any(a.parsed.words[j].dep == "aux:pass" for j in children(a.parsed, a.verb)):
        return [  # a programme among the agents is the money's programme, not a payer
            (w.mention, "agent")
            for j in agents(a.parsed, a.verb)
            if (w := a.parsed.words[j]).mention >= 0
            and a.article.mentions[w.mention].kind == "organisation"
        ]
    s = subject(a.parsed, a.verb)
    if s is None or _gives_the_amount_before(a, a.parsed.words[s].start):
        return []
    out = []
    for j in [s, *children(a.parsed, s, ("conj",))]:
        w = a.parsed.words[j]
        if w.mention >= 0 and a.article.mentions[w.mention].kind == "organisation":
            out.append((w.mention, "giver_subject"))
    if out:
        # "Bpifrance et la Région Normandie ont apporté": the model, misled by the article,
        # makes the second name the subject and leaves the first one out
        first = a.article.mentions[out[0][0]]
        before = a.article.indexes(a.sentence.start, first.start, ("organisation",))[-1:]
        if before and _AND_THE.fullmatch(low, a.article.mentions[before[0]].end, first.start):
            out.insert(0, (before[0], "giver_subject"))
    return out


def _gives_the_amount_before(a: Amount, subject_start: int) -> bool:
    """ "La Région a apporté 800 000 €, face aux 900 000 € des fonds X et Y": a subject
    outside the amount's part of the sentence, with another amount between them, gives that
    one."""
    if subject_start >= a.segment.start:
        return False
    return any(
        a.article.mentions[i].value_eur
        for i in a.article.indexes(subject_start, a.segment.start, ("amount",))
    )


# "MicroPort led a €40m series C round": who leads a round puts money in it
_LEADS = re.compile(r"\b(?:co-?)?(?:led|leads|headed|heads|spearheaded)\b(?! by)")


def _giver_before(a: Amount) -> list[tuple[int, str]]:
    """Without a parse: an organisation, then a giving verb, then the amount."""
    if a.parsed is not None:
        return []
    low = a.article.flat
    out = []
    for i in org_indexes(a, Span(a.segment.start, a.mention.start)):
        between = low[a.article.mentions[i].end : a.mention.start]
        give = _GIVE.search(between) or _LEADS.search(between)
        if give and give.start() < 30 and len(between) < 80 and not _TAKE.search(between):
            out.append((i, "giver_before"))
    return out


def _state(a: Amount) -> str | None:
    """ "l'État" in a paying position ("L'État apporte 9 M€", "apportés par l'État")."""
    low = a.article.flat
    seg = low[a.segment.start : a.segment.end]
    for m in lx.STATE.finditer(seg):
        before = seg[: m.start()]
        after = seg[m.end() : m.end() + 60]
        if _GUARANTEED.search(before):
            continue  # "un Prêt Garanti par l'État": the State guarantees, lends nothing
        if _AGENT.search(before[-60:]) or _MONEY_BY.search(before[-60:] + " "):
            return "agent"
        if _GIVE.search(after[:40]) and m.start() < a.mention.start - a.segment.start:
            return "giver_subject"
        if re.fullmatch(lx.OF_AFTER.pattern, before[a.mention.end - a.segment.start :]):
            return "of_after"
    return None


def _paying_names(a: Amount, role: str) -> list[tuple[str, str]]:
    """(name, rule) of the organisations in a paying position for this amount."""
    found = _agent_orgs(a, role) + _giver_subjects(a, role) + _giver_before(a)
    return [(org_name(a, i), rule) for i, rule in found]


def decide_payers(a: Amount, role: str, recipient: str | None) -> tuple[tuple[str, ...], str]:
    """(payer names, the rules that found them joined by "+")."""
    if role in NO_PAYER:
        return (), "no_payer_role"
    names: dict[str, str] = {}
    for name, rule in _paying_names(a, role):
        if name != recipient and name not in names:
            names[name] = rule
    if not names:
        buyer, rule = deal_payer(a, role)
        if buyer and buyer != recipient:
            names[buyer] = rule
    state = _state(a)
    if state and lx.STATE_NAME not in names and "operator" not in names.values():
        names[lx.STATE_NAME] = state  # the State pays through its operator when one is named
    rules = "+".join(dict.fromkeys(names.values())) or "none_found"
    if not names and _agent_orgs(a, role, "programme"):
        rules = "programme_pays"  # "5 M€ apportés par France 2030": no one to look for further
    return tuple(names), rules
