"""The fact rules in order, for every amount of an article.

A title that repeats an amount of the body ("MicroOrga lève 12 M€" over "une levée de fonds de
série A de 12 M€ auprès de…") takes the body's fact, which has the fuller sentence.
Sentences crowded with amounts (a table flattened into text) and very long ones are not parsed,
and their amounts get a role at most: who receives and who pays cannot be read from a table row.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import date

from scanner.nlp.facts.bracket_shares import bracket_shares
from scanner.nlp.facts.context import Amount, Article, amount_contexts, build_article
from scanner.nlp.facts.conversions import converted
from scanner.nlp.facts.deal_partner import deal_partners
from scanner.nlp.facts.funds import fund_payers
from scanner.nlp.facts.investors import round_investors
from scanner.nlp.facts.nearby import funders_nearby, launcher, operators
from scanner.nlp.facts.novelty import decide_new
from scanner.nlp.facts.own_spending import own_spending
from scanner.nlp.facts.parse import Job, Mark, SentenceParser
from scanner.nlp.facts.parties import decide_payers
from scanner.nlp.facts.programme import decide_programme
from scanner.nlp.facts.recipient import decide_recipient
from scanner.nlp.facts.roles import STRENGTH, decide_role, is_part, share_of
from scanner.nlp.facts.round_parts import parts_of_deals, parts_of_new_rounds
from scanner.nlp.facts.same_money import harmonised, same_money_shares, title_from_body
from scanner.nlp.facts.shared_funder import shared_funder
from scanner.nlp.facts.text import sentence_of
from scanner.nlp.facts.totals import envelope_payer, investor_money, parts_payers
from scanner.nlp.facts.tranches import tranche_of
from scanner.nlp.facts.valuation import unpaid_valuations
from scanner.records import FundingFact, Mention

log = logging.getLogger(__name__)
# What decides payers and recipients after the rules: (amounts, their facts, the crowded
# sentences) -> the facts
Linker = Callable[[Sequence[Amount], dict[int, FundingFact], set[int]], dict[int, FundingFact]]
_BULLET = re.compile(r"\s*(?:[-–•*·]|\d+[.)])\s")

MAX_PARSED_SENTENCES = 40  # per article: a dump with thousands of amounts is not news
MAX_PARSED_CHARS = 600  # a longer "sentence" is a list or a table, not prose
CROWDED = 5  # amounts in one sentence from which it is read as a table
MAX_AMOUNTS = 500  # per article: the rest of a dump's amounts get a bare fact


def find_facts(
    text: str,
    mentions: Sequence[Mention],
    published: date | None = None,
    parse: SentenceParser | None = None,
    linker: Linker | None = None,
) -> list[Mention]:
    """The mentions in text order, each amount with its FundingFact (offsets index `text`);
    `linker` (the learnt payers and recipients, `linker.py`) decides what the rules leave open."""
    mentions = sorted(mentions, key=lambda m: (m.start, m.end))
    if not any(m.kind == "amount" for m in mentions):
        return mentions
    article = build_article(text, mentions, published)
    if parse is not None and not article.english:
        article = _with_parses(article, parse)
    contexts = amount_contexts(article)
    dump = contexts[MAX_AMOUNTS:]
    contexts = contexts[:MAX_AMOUNTS]
    crowded = _crowded_sentences(contexts)
    roles = harmonised({a.index: decide_role(a) for a in contexts}, contexts)
    roles = _parts_of_envelopes(roles, contexts)
    roles = parts_of_deals(roles, contexts)
    facts = {a.index: fact_of(a, roles[a.index], a.sentence_index in crowded) for a in contexts}
    facts = _parts_follow_envelopes(contexts, roles, facts)
    facts = _payers_elsewhere(article, contexts, facts)
    facts = parts_payers(contexts, facts)
    facts = envelope_payer(contexts, facts)
    facts = investor_money(contexts, facts)
    facts = title_from_body(contexts, facts)
    facts = same_money_shares(contexts, facts)
    facts = tranche_of(contexts, facts)
    facts = parts_of_new_rounds(contexts, facts)
    facts = deal_partners(contexts, facts)
    facts = shared_funder(contexts, facts)
    if linker is not None:
        facts = linker(contexts, facts, crowded)
    facts = bracket_shares(contexts, facts)
    facts = fund_payers(contexts, facts)
    facts = own_spending(facts)
    facts = unpaid_valuations(facts)
    facts = converted(contexts, facts)
    bare = FundingFact(decided_by=(("role", "rule:too_many_amounts"),))
    facts |= {a.index: bare for a in dump}
    return [replace(m, fact=facts[i]) if i in facts else m for i, m in enumerate(mentions)]


def fact_of(a: Amount, role_found: tuple[str, str], crowded: bool = False) -> FundingFact:
    """The fact one amount states, given its role, with the rule that decided each field."""
    role, role_rule = role_found
    if crowded:
        return FundingFact(
            role=role,  # type: ignore[arg-type]
            decided_by=(
                ("role", f"rule:{role_rule}"),
                ("new", "rule:crowded_sentence"),
                ("recipient", "rule:crowded_sentence"),
                ("payers", "rule:crowded_sentence"),
                ("programme", "rule:crowded_sentence"),
            ),
        )
    # an amount no rule could name is money of unknown kind, not a known non-news "other"
    new, new_rule = decide_new(a, "" if role_rule == "no_cue" else role)
    recipient, recipient_rule = decide_recipient(a, role)
    payers, payer_rule = decide_payers(a, role, recipient)
    programme, programme_rule = decide_programme(a, role)
    return FundingFact(
        role=role,  # type: ignore[arg-type]
        new=new,
        recipient=recipient,
        payers=payers,
        programme=programme,
        decided_by=(
            ("role", f"rule:{role_rule}"),
            ("new", f"rule:{new_rule}"),
            ("recipient", f"rule:{recipient_rule}"),
            ("payers", f"rule:{payer_rule}"),
            ("programme", f"rule:{programme_rule}"),
        ),
    )


def _parts_of_envelopes(
    roles: dict[int, tuple[str, str]], contexts: Sequence[Amount]
) -> dict[int, tuple[str, str]]:
    """ "7 Md€, dont 670 M€ pour la santé numérique", or an envelope "répartie ainsi :" over
    a bulleted list: a part of an envelope is an envelope; but a share it gives to a named
    organisation ("dont 14 M€ pour le façonnier Bioserve") is its grant
    (`share_to_beneficiary`)."""
    out = dict(roles)
    for before, a in zip(contexts, contexts[1:], strict=False):
        same = before.sentence_index == a.sentence_index
        envelope = out[before.index][0] == "public_budget"
        listed = _BULLET.match(a.article.text, a.sentence.start) is not None and (
            a.article.text[before.sentence.start : before.sentence.end].rstrip().endswith(":")
            or _BULLET.match(a.article.text, before.sentence.start) is not None
        )
        weak = STRENGTH.get(out[a.index][1], 0) <= 1
        # "Doté de 45 M€, il se décompose ainsi : 20 M€ pour …, 15 M€ pour …"
        part = same and envelope and (is_part(a) or _broken_down(a))
        if part or envelope and listed and weak:
            out[a.index] = ("public_budget", "part_of_envelope")
    # a share an envelope gives to a named organisation is that organisation's grant
    for a in contexts:
        if out[a.index] in _SHARES and share_of(a):
            out[a.index] = ("grant", "share_to_beneficiary")
    return out


_BROKEN_DOWN = re.compile(
    r"\b(?:se decompos\w*|se repartit|se repartissent|reparti\w* (?:ainsi|comme suit)|"
    r"ventile\w*|breaks? down|broken down|(?:is|are) split)\b[^.;]{0,40}:"
)


def _broken_down(a: Amount) -> bool:
    return _BROKEN_DOWN.search(a.article.flat, a.sentence.start, a.mention.start) is not None


_SHARES = {("public_budget", r) for r in ("part_of_envelope", "verb", "subject", "nearest_cue")}


def _parts_follow_envelopes(
    contexts: Sequence[Amount], roles: dict[int, tuple[str, str]], facts: dict[int, FundingFact]
) -> dict[int, FundingFact]:
    """A part of an envelope, or a share of it given to an organisation (which gets it), is
    as new as its envelope, under its programme, from its payers."""
    out = dict(facts)
    envelope: FundingFact | None = None
    for a in contexts:
        f = out[a.index]
        if roles[a.index][1] == "share_to_beneficiary":
            why = f.decided("rule:share_to_beneficiary", "recipient")
            f = out[a.index] = replace(f, recipient=share_of(a), decided_by=why)
        elif roles[a.index][1] != "part_of_envelope":
            envelope = f if f.role == "public_budget" else envelope
            continue
        if envelope is None:
            continue
        out[a.index] = replace(
            f,
            new=envelope.new,
            payers=f.payers or envelope.payers,
            programme=f.programme or envelope.programme,
            decided_by=f.decided("rule:part_of_envelope", "new"),
        )
    return out


def _payers_elsewhere(
    article: Article, contexts: Sequence[Amount], facts: dict[int, FundingFact]
) -> dict[int, FundingFact]:
    """Payers named outside the amount's part of its sentence: the operator of a programme
    for its envelope and its per-project awards (`programme_operator`), else who announces
    the envelope (`launcher`); a new round's investors in the sentence after it
    (`round_details`); a project's funders, those who pay its parts (`project_funders`), or
    those the sentence before or after says fund it (`funders_nearby`)."""
    out = dict(facts)
    operating = operators(article)
    funding = {i: f for i, f in facts.items() if f.role in ("grant", "loan")}
    for a in contexts:
        f = out[a.index]
        if f.role == "equity" and f.new and f.payers:
            # "lève 8 M€ auprès d'Elaia. Bpifrance a également participé": the rest of the round
            more = round_investors(article, a.sentence_index)
            extra = tuple(n for n in more if n not in f.payers and n != f.recipient)
            if extra:
                rule = f.why().get("payers", "") + "+round_details"
                f = replace(f, payers=f.payers + extra, decided_by=f.decided(rule, "payers"))
                out[a.index] = f
        if f.payers or f.new is None:
            continue
        found: tuple[str, ...] = ()
        rule = ""
        shared = f.why().get("recipient") == "rule:several"
        # "5 M€ apportés par France 2030": its payer is said, as a programme
        programme_pays = f.why().get("payers") == "rule:programme_pays"
        if (f.role == "public_budget" or f.role == "grant" and shared) and f.new:
            found, rule = operating, "programme_operator"
            if not found and f.role == "public_budget":
                found, rule = launcher(a), "launcher"
        elif f.role in ("equity", "loan", "grant") and f.new and not programme_pays:
            found, rule = round_investors(article, a.sentence_index), "round_details"
            if not found and f.role != "equity":
                found = funders_nearby(article, a.sentence_index, f.recipient)
                rule = "funders_nearby"
        elif f.role == "investment":
            parts = [p for i, p in funding.items() if i != a.index and p.recipient == f.recipient]
            found = tuple(dict.fromkeys(n for p in parts for n in p.payers))
            rule = "project_funders"
            nearby = funders_nearby(article, a.sentence_index, f.recipient)
            if nearby:
                found = tuple(dict.fromkeys(found + nearby))
                rule = "project_funders+funders_nearby" if found != nearby else "funders_nearby"
            programmes = [p.programme for p in parts if p.programme]
            if programmes and f.programme is None:
                f = replace(
                    f,
                    programme=programmes[0],
                    decided_by=f.decided("rule:project_funders", "programme"),
                )
        found = tuple(n for n in found if n != f.recipient)
        if found:
            f = replace(f, payers=found, decided_by=f.decided(f"rule:{rule}", "payers"))
        out[a.index] = f
    return out


def _crowded_sentences(contexts: Sequence[Amount]) -> set[int]:
    counts: dict[int, int] = {}
    for a in contexts:
        counts[a.sentence_index] = counts.get(a.sentence_index, 0) + 1
    return {s for s, n in counts.items() if n >= CROWDED}


def _with_parses(article: Article, parse: SentenceParser) -> Article:
    """The article with the sentences that hold an amount parsed (a failing parser is logged
    and the rules go on without it)."""
    if not article.sentences:
        return article
    wanted: dict[int, int] = {}  # sentence -> amounts in it
    for m in article.mentions:
        if m.kind == "amount":
            s = sentence_of(article.sentences, m.start)
            wanted[s] = wanted.get(s, 0) + 1
    picked = [
        s
        for s in sorted(wanted)
        if article.sentences[s].end - article.sentences[s].start <= MAX_PARSED_CHARS
        and wanted[s] < CROWDED
    ][:MAX_PARSED_SENTENCES]
    jobs = []
    for s in picked:
        span = article.sentences[s]
        marks = tuple(
            Mark(m.start, m.end, m.kind, i)
            for i in article.indexes(span.start, span.end)
            if (m := article.mentions[i]).end <= span.end
        )
        jobs.append(Job(article.text, span, marks))
    try:
        parsed = parse(jobs)
    except (ValueError, RuntimeError, IndexError, KeyError) as exc:
        log.warning("fact parse failed (%s): rules without the parse", exc)
        return article
    return replace(article, parsed=dict(zip(picked, parsed, strict=True)))


def facts_renamed(before: Sequence[Mention], after: list[Mention]) -> list[Mention]:
    """`after` with its amounts' recipients, payers and programmes renamed as the linking
    renamed their organisations and programmes (`before`: the same mentions, unlinked)."""
    renamed = {
        b.canonical: a.canonical
        for b, a in zip(before, after, strict=True)
        if b.kind in ("organisation", "programme") and b.canonical != a.canonical
    }
    if not renamed:
        return after
    out = []
    for m in after:
        f = m.fact
        if f is not None:
            names = renamed.get
            m = replace(
                m,
                fact=replace(
                    f,
                    recipient=names(f.recipient, f.recipient) if f.recipient else f.recipient,
                    payers=tuple(dict.fromkeys(names(p, p) for p in f.payers)),
                    programme=names(f.programme, f.programme) if f.programme else f.programme,
                ),
            )
        out.append(m)
    return out
