"""What the learnt linker reads: for each amount, the organisations of its article that could
pay or receive it, each described by what a new writer's text still shows — how far it is
(words, sentences, title), the cue words around it ("auprès de", "mené par", "financé par",
"led by", "backed by", "from"…), its place in the parse of the amount's sentence (subject,
agent, object of the money verb), what kind of body it is (a funder, an authority, a company,
the article's main company), and what the rules decided (role, recipient, payers).

    names, rows = candidate_rows(a, fact)     # rows: one float vector per name (FEATURES)

Pure functions over `Article`/`Amount`; the model that scores the rows is `linker.py`.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from scanner.nlp.facts import lexicon as lx
from scanner.nlp.facts.context import Amount, Article, is_authority
from scanner.nlp.facts.investors import FOLLOW_UP, INVESTOR_NOUN, JOINS_IN
from scanner.nlp.facts.linking_features import (
    BUDGET,
    CROSSED,
    CUES_BEFORE,
    FEATURES,
    FUNDED,
    GIVE,
    INDEX,
    MAX_CANDIDATES,
    ORIGIN,
    SAYS,
    SPEND,
    TAKE,
    WEAK_RECIPIENT,
)
from scanner.nlp.facts.nearby import operators
from scanner.nlp.facts.parse import ancestors, subject
from scanner.nlp.facts.stand_ins import company_like
from scanner.nlp.facts.text import flat
from scanner.records import FundingFact, Mention


def _name(m: Mention) -> str:
    return m.canonical or m.text


def candidate_names(a: Amount) -> dict[str, list[int]]:
    """The article's organisations, by name, with the indexes of their mentions."""
    out: dict[str, list[int]] = {}
    for i, m in enumerate(a.article.mentions):
        if m.kind == "organisation":
            out.setdefault(_name(m), []).append(i)
    if len(out) > MAX_CANDIDATES:  # a directory, not news: the nearest ones
        near = sorted(
            out,
            key=lambda n: min(abs(a.article.mentions[i].start - a.mention.start) for i in out[n]),
        )
        out = {n: out[n] for n in near[:MAX_CANDIDATES]}
    return out


def _sentence_of(a: Amount, pos: int) -> int:
    from scanner.nlp.facts.text import sentence_of

    return sentence_of(a.article.sentences, pos) if a.article.sentences else 0


def _nearest(a: Amount, indexes: list[int]) -> int:
    """The mention of a name nearest the amount, one in its sentence first."""
    ms = a.article.mentions

    def key(i: int) -> tuple[int, int]:
        m = ms[i]
        same = a.sentence.start <= m.start < a.sentence.end
        return (0 if same else 1, abs(m.start - a.mention.start))

    return min(indexes, key=key)


def _parse_word(a: Amount, index: int) -> int | None:
    if a.parsed is None:
        return None
    return a.parsed.word_of(index)


def _tree_distance(a: Amount, w: int) -> int:
    assert a.parsed is not None and a.word is not None
    up_a = [a.word, *ancestors(a.parsed, a.word)]
    up_w = [w, *ancestors(a.parsed, w)]
    where = {j: k for k, j in enumerate(up_a)}
    for k, j in enumerate(up_w):
        if j in where:
            return k + where[j]
    return 12


@dataclass(frozen=True, slots=True)
class ArticleClues:
    """What the whole article says of each name: how often the rules made it a payer or a
    recipient (over all its amounts), whether it operates a programme."""

    payers: Counter[str]
    recipients: Counter[str]
    operators: frozenset[str]


def article_clues(article: Article, facts: Iterable[FundingFact]) -> ArticleClues:
    """The `ArticleClues` of an article from its rules' facts."""
    payers: Counter[str] = Counter()
    recipients: Counter[str] = Counter()
    for f in facts:
        payers.update(set(f.payers))
        if f.recipient:
            recipients[f.recipient] += 1
    return ArticleClues(payers, recipients, frozenset(operators(article)))


def candidate_rows(
    a: Amount, fact: FundingFact, clues: ArticleClues | None = None
) -> tuple[list[str], np.ndarray]:
    """The candidate names for one amount and their feature rows (len(FEATURES) columns);
    `clues`: what the article says of each name (`article_clues`)."""
    names = candidate_names(a)
    if not names:
        return [], np.zeros((0, len(FEATURES)))
    art = a.article
    low = art.flat
    ms = art.mentions
    why = fact.why()
    rec_rule = why.get("recipient", "").removeprefix("rule:").split(" ")[0].split("+")[0]
    orgs_in_order = [i for i, m in enumerate(ms) if m.kind == "organisation"]
    amount_indexes = [i for i, m in enumerate(ms) if m.kind == "amount"]
    first_org = _name(ms[orgs_in_order[0]]) if orgs_in_order else ""
    companies = [n for n in names if company_like(a, n)]
    rows = np.zeros((len(names), len(FEATURES)))
    amount_s = a.sentence_index
    role = fact.role
    subj = obj_words = agent_words = obl_words = None
    if a.parsed is not None and a.verb is not None:
        p = a.parsed
        s = subject(p, a.verb)
        subj = {s} if s is not None else set()
        if s is not None:
            subj |= {j for j, w in enumerate(p.words) if w.head == s and w.dep.startswith("conj")}
        agent_words = {
            j for j, w in enumerate(p.words) if w.head == a.verb and w.dep == "obl:agent"
        }
        obj_words = {
            j for j, w in enumerate(p.words) if w.head == a.verb and w.dep in ("obj", "iobj")
        }
        obl_words = {
            j
            for j, w in enumerate(p.words)
            if w.head == a.verb and w.dep.startswith("obl") and w.dep != "obl:agent"
        }
    for r, (name, indexes) in enumerate(names.items()):
        f = rows[r]
        i = _nearest(a, indexes)
        m = ms[i]
        s = _sentence_of(a, m.start)
        d = s - amount_s
        f[INDEX["same_sentence"]] = d == 0
        f[INDEX["prev_sentence"]] = d == -1
        f[INDEX["next_sentence"]] = d == 1
        f[INDEX["far_before"]] = d <= -2
        f[INDEX["far_after"]] = d >= 2
        f[INDEX["sentence_distance"]] = min(abs(d), 6) / 6
        title = art.title
        f[INDEX["in_title"]] = title is not None and any(ms[k].start < title.end for k in indexes)
        f[INDEX["amount_in_title"]] = a.in_title
        before = m.end <= a.mention.start
        f[INDEX["before_amount"]] = before and d == 0
        f[INDEX["after_amount"]] = not before and d == 0
        f[INDEX["same_segment"]] = a.segment.start <= m.start < a.segment.end
        gap = a.mention.start - m.end if before else m.start - a.mention.end
        f[INDEX["char_distance"]] = math.log1p(max(gap, 0)) / 8
        lo, hi = (m.end, a.mention.start) if before else (a.mention.end, m.start)
        between = art.indexes(lo, hi, ("organisation",)) if hi > lo else []
        f[INDEX["orgs_between"]] = min(len(between), 4) / 4
        f[INDEX["adjacent_after"]] = not before and d == 0 and gap < 25
        f[INDEX["mentions"]] = math.log1p(len(indexes)) / 2
        f[INDEX["first_org"]] = name == first_org
        f[INDEX["protagonist"]] = name == art.protagonist
        f[INDEX["only_company"]] = companies == [name]
        folded = flat(name)
        f[INDEX["funder"]] = bool(lx.FUNDER_NAME.search(folded))
        f[INDEX["text_funder"]] = name in art.funders
        f[INDEX["authority"]] = is_authority(name)
        f[INDEX["company_like"]] = company_like(a, name)
        f[INDEX["investor_name"]] = bool(lx.INVESTOR_NAME.search(folded))
        f[INDEX["lender_or_donor"]] = bool(lx.LENDER_OR_DONOR.search(folded))
        f[INDEX["state"]] = bool(lx.STATE.search(folded))
        sent = art.sentences[s] if art.sentences else a.sentence
        lead = low[max(sent.start, m.start - 60) : m.start]
        for cue, pattern in CUES_BEFORE.items():
            f[INDEX[cue]] = pattern.search(lead) is not None
        f[INDEX["of_after"]] = (
            not before and d == 0 and lx.OF_AFTER.fullmatch(low, a.mention.end, m.start) is not None
        )
        tail = low[m.end : min(sent.end, m.end + 60)]
        f[INDEX["take_after"]] = TAKE.search(tail[:40]) is not None
        f[INDEX["give_after"]] = GIVE.search(tail[:40]) is not None
        f[INDEX["joins_in_after"]] = JOINS_IN.match(low, m.end, sent.end) is not None
        if d == 0 and hi > lo:
            mid = low[lo:hi]
            f[INDEX["take_between"]] = TAKE.search(mid) is not None
            f[INDEX["give_between"]] = GIVE.search(mid) is not None
        f[INDEX["origin_before"]] = ORIGIN.search(low[max(0, m.start - 40) : m.start]) is not None
        f[INDEX["says_near"]] = (
            SAYS.search(low[max(sent.start, m.start - 30) : m.end + 30]) is not None
        )
        f[INDEX["investor_noun_before"]] = INVESTOR_NOUN.search(lead) is not None
        f[INDEX["follow_up_sentence"]] = d > 0 and FOLLOW_UP.match(low, sent.start) is not None
        f[INDEX["far_cued"]] = d != 0 and (
            f[INDEX["investor_cue"]] or f[INDEX["funded_by_cue"]] or f[INDEX["joins_in_after"]]
        )
        f[INDEX["parsed"]] = a.parsed is not None
        w = _parse_word(a, i) if d == 0 else None
        if w is not None and a.word is not None:
            f[INDEX["parse_subject"]] = bool(subj and w in subj)
            f[INDEX["parse_agent"]] = bool(agent_words and w in agent_words)
            f[INDEX["parse_object"]] = bool(obj_words and w in obj_words)
            f[INDEX["parse_oblique"]] = bool(obl_words and w in obl_words)
            f[INDEX["parse_distance"]] = min(_tree_distance(a, w), 12) / 12
        else:
            f[INDEX["parse_distance"]] = 1.0
        f[INDEX["rule_recipient"]] = name == fact.recipient
        f[INDEX["rule_payer"]] = name in fact.payers
        f[INDEX["rule_recipient_weak"]] = name == fact.recipient and rec_rule in WEAK_RECIPIENT
        f[INDEX["rule_payer_found"]] = bool(fact.payers)
        if clues is not None:
            f[INDEX["payer_elsewhere"]] = clues.payers[name] - (name in fact.payers) > 0
            f[INDEX["recipient_elsewhere"]] = clues.recipients[name] - (name == fact.recipient) > 0
            f[INDEX["operator"]] = name in clues.operators
        amounts = art.indexes(lo, hi, ("amount",)) if hi > lo else []
        f[INDEX["amounts_between"]] = min(len(amounts), 3) / 3
        pos = m.start
        nearest_other = min(
            (abs(ms[k].start - pos) for k in amount_indexes if k != a.index), default=10**9
        )
        f[INDEX["closer_to_other_amount"]] = nearest_other < abs(a.mention.start - pos)
        f[INDEX["sentence_has_other_amount"]] = any(
            k != a.index for k in art.indexes(sent.start, sent.end, ("amount",))
        )
        f[INDEX["same_paragraph"]] = "\n" not in art.text[min(lo, hi) : max(lo, hi)]
        for k in indexes:
            o = ms[k]
            o_lead = low[max(0, o.start - 60) : o.start]
            o_tail = low[o.end : o.end + 40]
            if CUES_BEFORE["investor_cue"].search(o_lead):
                f[INDEX["any_investor_cue"]] = 1
            if CUES_BEFORE["funded_by_cue"].search(o_lead):
                f[INDEX["any_funded_by_cue"]] = 1
            if TAKE.search(o_tail):
                f[INDEX["any_take_after"]] = 1
            if GIVE.search(o_tail):
                f[INDEX["any_give_after"]] = 1
        f[INDEX["new"]] = bool(fact.new)
        f[INDEX["english"]] = art.english
        f[INDEX["candidates"]] = math.log1p(len(names)) / 4
        f[INDEX[f"role_{role}"]] = 1.0
        funded = role in FUNDED
        f[INDEX["funded_role_x_investor_cue"]] = funded and bool(
            f[INDEX["investor_cue"]] or f[INDEX["funded_by_cue"]]
        )
        f[INDEX["funded_role_x_funder"]] = funded and bool(
            f[INDEX["funder"]] or f[INDEX["text_funder"]]
        )
        f[INDEX["equity_x_investor_name"]] = role == "equity" and bool(f[INDEX["investor_name"]])
        f[INDEX["far_x_funder"]] = d != 0 and bool(f[INDEX["funder"]] or f[INDEX["text_funder"]])
        f[INDEX["subject_x_funder"]] = bool(f[INDEX["parse_subject"]]) and bool(
            f[INDEX["funder"]] or f[INDEX["text_funder"]]
        )
    group = "spend" if role in SPEND else "budget" if role in BUDGET else ""
    if group:
        for feature in CROSSED:
            rows[:, INDEX[f"{group}_x_{feature}"]] = rows[:, INDEX[feature]]
    return list(names), rows
