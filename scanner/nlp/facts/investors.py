"""A round's investors named after it: in the sentences that follow the amount's, as long as
they state no amount of their own ("L'opération a été menée par X, aux côtés de Y. Ses
investisseurs historiques Z et W ont également suivi.").

A run of coordinated names ("X, Y et Z") is read as one: the cue before its first name
("mené par", "aux côtés de", "parmi les investisseurs figurent") or the verb after its last
("ont participé", "ont réinvesti", "also participated") makes all of them investors. A fund's
manager ("le fonds X, géré par Bpifrance") is no investor of its own when the fund is named.
"""

from __future__ import annotations

import re

from scanner.nlp.facts import lexicon as lx
from scanner.nlp.facts.context import Article
from scanner.nlp.facts.parties import JOINED
from scanner.nlp.facts.text import Span, flat

# The sentence is about the round just told ("Le tour de table…", "Celle-ci a été menée…").
FOLLOW_UP = re.compile(
    r"(?:le tour de table|le tour|la levee|l'operation|le financement|ce financement|"
    r"cette levee|la serie [a-f]|l'extension|le round|la partie capital|"
    r"celle-ci|celui-ci|cette operation|ce tour|the round|the financing|the funding|"
    r"the investment|the transaction)\b"
)
_ARTICLE = r"(?:l'|la |le |les |du |des |d'|de |ses |son |sa |leurs? |the |its )?"
_WORDS = r"(?:[a-z][\w'-]*,?\s+){0,5}"
# "mené par", "aux côtés de", "led by", "with participation from", "auprès de" before a name
INVESTOR_AGENT = re.compile(
    r"\b(?:(?:aupres|avec la participation|aux cotes) " + lx.OF + "|men(?:e|ee|es|ees) par|"
    r"co-?men(?:e|ee) par|conduit\w* par|pilot\w* par|dirig\w* par|emmen\w* par|"
    r"apport\w* par|souscri\w* par|fourni\w* par|subscribed by|provided by|"
    # "porté notamment par", "mené principalement par"
    r"(?:men|conduit|dirig|pilot|souscri|apport)\w* (?:notamment|principalement|"
    r"majoritairement|essentiellement|en partie|entre autres) par|"
    r"led by|co-led by|with participation from|with (?:the )?participation of|joined by|"
    r"backed by|alongside|"
    # "with further investments from X", "attracted support for the round from X"
    r"with (?:further |additional |new |follow-on )?(?:investments?|contributions?|support) from|"
    # "Kurmo a mené l'opération, rejoint par Go Capital", "a convaincu Kurmo et Go Capital"
    r"rejoin(?:t|ts|te|tes) par|a convaincu|ont convaincu|a seduit|a su convaincre|"
    r"support for the (?:round|financing) from|"
    # "L'arrivée au capital du fonds X": the investor the round brings in
    r"(?:arrivee|entree) au capital " + lx.OF + r")\s*" + _ARTICLE + _WORDS + "$"
)
# "parmi les investisseurs figurent", "ses actionnaires historiques,", "existing investors"
INVESTOR_NOUN = re.compile(
    r"\b(?:investisseurs?|actionnaires?|co-?investisseurs?|souscripteurs?|investors?|"
    r"shareholders?|backers?)\b(?:\s+[a-z][\w'-]*){0,3}\s*[,:]?\s*"
    r"(?:(?:figurent|figure|sont|comptent|incluent|notamment|dont|comme|tels que|such as|"
    r"including|include|are|:)\s*)*" + _ARTICLE + r"(?:[a-z][\w'-]*\s+){0,2}$"
)
# "X, Y et Z ont participé", "Z a également réinvesti", "Y also participated"
JOINS_IN = re.compile(
    r"\s*(?:\([^()]{0,60}\)\s*)?"
    # "Go Capital et des business angels complètent le tour": unnamed fellow investors
    r"(?:\s*(?:et|and)\s+(?:des|d'autres|plusieurs|other|several|some)?\s*(?:business angels|"
    r"investisseurs(?: prives| individuels)?|family offices|particuliers|angel investors|"
    r"individual investors|private investors)\b)?"
    r",?\s*(?:(?:qui|which|who|ont|a|avaient|avait|have|has|had|also|aussi|"
    r"egalement|deja|tous deux|tous|both|each|chacun)\s+)*(?:men(?:e|ent)\b|dirig\w*|pilot\w*|"
    r"particip\w*|accompagn\w*|rejoin\w*|rejoint\w*|souscri\w*|co-?invest\w*|reinvest\w*|"
    r"re-?invest\w*|investi\b|investissent|suivi\b|suivent|remis au pot|remettent au pot|"
    r"renouvel\w*|complet\w*|apport\w*|leads?\b|co-leads?|led\b|joined|took part|invested|"
    r"participated|completed|provided|"
    r"followed|contributed)"
)
# "le fonds X, géré par Bpifrance": the manager of a named fund
MANAGER = re.compile(
    r"\b(?:gere\w* par|conseille\w* par|managed by|advised by|societe de gestion)\s*"
    + _ARTICLE
    + r"$"
)
# "Ce financement, porté notamment par X": carried by an investor, only where the sentence
# is about the round ("le projet porté par X" names who leads a project)
_CARRIED_BY = re.compile(
    r"\bport(?:e|ee|es|ees)\s+(?:(?:notamment|principalement|majoritairement)\s+)?par\s*"
    + _ARTICLE
    + r"$"
)
_INCLUDED = re.compile(
    r"(?:[^.;]{0,40}?)\b(?:included|includes|include|comprend|comprenait|inclut|incluait|"
    r"reunit|reunissait|rassemble|rassemblait|brought together|brings together)\b"
)
_BRACKETS = re.compile(r"\s*\([^()]{0,60}\)")
MAX_AFTER = 3  # sentences read after the amount's


def investor_by_trade(name: str) -> bool:
    """Whether the name is an investor's by trade ("Myotis Capital", "EIC Fund") and not a
    bank's, an agency's or a foundation's (banks lend, the others give): its money is equity."""
    folded = flat(name)
    return bool(lx.INVESTOR_NAME.search(folded)) and not lx.LENDER_OR_DONOR.search(folded)


def round_investors(article: Article, sentence: int) -> tuple[str, ...]:
    """The investors the sentences after a round's name (`round_details`)."""
    low = article.flat
    names: list[str] = []
    for s in range(sentence + 1, min(sentence + 1 + MAX_AFTER, len(article.sentences))):
        span = article.sentences[s]
        follow_up = FOLLOW_UP.match(low, span.start) is not None
        # a sentence with money of its own is another fact (even one that goes on about the
        # round: "Le tour, mené par X, comprend 4 M€ de Z" names its own parties)
        if article.indexes(span.start, span.end, ("amount",)):
            break
        found = investors_in(article, span, follow_up)
        if found:
            names.extend(found)
            continue
        if names or not follow_up:
            break
    return tuple(dict.fromkeys(names))


def investors_in(article: Article, span: Span, about_round: bool = False) -> list[str]:
    """The names one sentence puts in an investor's position, run by run (`about_round`: the
    sentence opens on the round, "Ce financement, porté par X")."""
    low = article.flat
    out: list[str] = []
    for run in coordinated_runs(article, span):
        first, last = article.mentions[run[0]], article.mentions[run[-1]]
        lead = low[max(span.start, first.start - 90) : first.start]
        cued = (
            INVESTOR_AGENT.search(lead)
            or INVESTOR_NOUN.search(lead)
            or (about_round and _CARRIED_BY.search(lead))
            # "The round included X, …, as well as regional vehicles Y and Z": every name the
            # round is said to include
            or (about_round and _INCLUDED.match(low, span.start, first.start))
        )
        if not (cued or JOINS_IN.match(low, last.end, span.end)):
            # "…, acting on behalf of the SIF, and existing backers X, Y and Z": the cue
            # comes inside the run; the names from it on are investors
            run = _from_inner_cue(article, run)
        for i in run:
            m = article.mentions[i]
            if not MANAGER.search(low[max(span.start, m.start - 30) : m.start]):
                out.append(m.canonical or m.text)
    return out


def _from_inner_cue(article: Article, run: list[int]) -> list[int]:
    """The names of a run from the first one an investor noun introduces, if any."""
    low = article.flat
    for k in range(1, len(run)):
        before = low[article.mentions[run[k - 1]].end : article.mentions[run[k]].start]
        if INVESTOR_NOUN.search(before):
            return run[k:]
    return []


def coordinated_runs(article: Article, span: Span) -> list[list[int]]:
    """The sentence's organisations, coordinated ones ("X, Y et Z") in one run."""
    low = article.flat
    runs: list[list[int]] = []
    last_end = -1
    for i in article.indexes(span.start, span.end, ("organisation",)):
        m = article.mentions[i]
        gap = _BRACKETS.sub(" ", low[last_end : m.start]) if last_end >= 0 else ""
        gap = _VEHICLE_END.sub("", gap)  # "Bpifrance, through its InnoBio 2 fund, and Omnes"
        if runs and (JOINED.match(gap) or _MANAGED.match(gap) or _THROUGH.match(gap)):
            runs[-1].append(i)
        else:
            runs.append([i])
        last_end = m.end
    return runs


# "Bpifrance, via son fonds InnoBio 2, et Omnes": the vehicle an investor puts money through
_THROUGH = re.compile(
    r"^\s*,?\s*(?:through|via|par l'intermediaire d[eu']|au travers d[eu'])\s*"
    r"(?:its|their|son|sa|ses|leur|le|la|l')?\s*(?:fund|fonds|vehicle|vehicule)?\s*$"
)
_VEHICLE_END = re.compile(r"^\s*(?:fund|fonds)\b")
# "le fonds X, géré par Y": Y stays in X's run (and is dropped as its manager)
_MANAGED = re.compile(r"^\s*,?\s*(?:gere\w* par|managed by)\s*" + _ARTICLE + r"$")
