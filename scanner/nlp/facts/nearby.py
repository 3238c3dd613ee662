"""Payers named outside the amount's sentence (a round's investors: `investors.py`): the
funders the sentences around a project name, the operators an article names, who launches
an envelope. Rules read the whole article (`Article`), the amount-level ones are in
`parties.py`.
"""

from __future__ import annotations

import re

from scanner.nlp.facts.context import Amount, Article, is_authority
from scanner.nlp.facts.parties import JOINED, org_indexes, org_name
from scanner.nlp.facts.text import Span

_OPERATING = re.compile(
    r"\b(?:operat\w*|opere\w*|instruction|instrui\w*|gere\w* par|gestionnaire|"
    r"suivi\w* par|run by|managed by)\b"
)
_FUNDED_BY = re.compile(
    r"\b(?:(?:financ|cofinanc|soutenu|subventionn|accompagn|appuy)\w*\s+(?:\w+\s+){0,2}par|"
    r"avec le soutien d[e']|grace au soutien d[e']|avec l'appui d[e']|with (?:the )?support "
    r"(?:of|from)|funded by|backed by|supported by)\s*(?:l'|la |le |les |du |des |the )?"
    r"(?:[a-z][\w'-]*\s+){0,3}$"
)
_FUNDS = re.compile(
    r"\s*(?:,[^,;]{0,60},\s*)?(?:(?:a|ont|also|aussi)\s+)?(?:financ\w*|cofinanc\w*|soutien\w*|"
    r"subventionn\w*|complet\w* (?:le|ce) financement|apport\w*|particip\w* (?:au|a son) "
    r"financement|fund\w*|back\w*|support\w*)\b"
)


def funders_nearby(article: Article, sentence: int, recipient: str | None) -> tuple[str, ...]:
    """Funders of a project named in the sentence before or after its amount's, which states
    no amount of its own: "Le projet est soutenu par la Région Occitanie et Bpifrance"."""
    low = article.flat
    names: list[str] = []
    for s in (sentence + 1, sentence - 1):
        if not 0 <= s < len(article.sentences):
            continue
        span = article.sentences[s]
        if article.indexes(span.start, span.end, ("amount",)):
            continue
        last_end = -1
        for i in article.indexes(span.start, span.end, ("organisation",)):
            m = article.mentions[i]
            name = m.canonical or m.text
            lead = low[max(span.start, m.start - 90) : m.start]
            joined = last_end > 0 and JOINED.match(low[last_end : m.start])
            if joined or _FUNDED_BY.search(lead) or _FUNDS.match(low, m.end):
                if name != recipient and not is_authority(name):
                    names.append(name)
                last_end = m.end
        if names:
            break
    return tuple(dict.fromkeys(names))


def operators(article: Article) -> tuple[str, ...]:
    """Funders the article names as operating a programme or a call ("l'ANR, opératrice du
    programme", "opéré par Bpifrance", "Bpifrance et l'ANR se partagent l'instruction")."""
    low = article.flat
    names: list[str] = []
    for span in article.sentences:
        cues = [m.start() for m in _OPERATING.finditer(low, span.start, span.end)]
        if not cues:
            continue
        before, after = [], []
        for i in article.indexes(span.start, span.end, ("organisation",)):
            m = article.mentions[i]
            name = m.canonical or m.text
            if not article.is_funder(name):
                continue
            if any(0 <= m.start - c < 40 for c in cues):
                after.append(name)
            elif any(-80 < c - m.end < 60 for c in cues):
                before.append(name)
        # "organisé par le ministère et opéré par Bpifrance": the operator pays, not the
        # authority that organises
        if after:
            before = [n for n in before if not is_authority(n)]
        names += before + after
    return tuple(dict.fromkeys(names))


_LAUNCHER = re.compile(
    r"\s*(?:,[^,]{0,60},\s*)?(?:(?:a|ont|vient de|viennent de)\s+)?(?:annonc\w*|lanc\w*|ouvr\w*|"
    r"ouvert\w*|devoil\w*|cree\w*|met en place|mettent en place|debloqu\w*|prevoi\w*|"
    r"announc\w*|launch\w*|open\w*|unveil\w*|set up|has set up|earmark\w*|has earmarked)\b"
)


def launcher(a: Amount) -> tuple[str, ...]:
    """Who announces or opens an envelope in the amount's sentence ("Le ministère a annoncé
    un fonds de 75 M€", "l'ANR … ouvre un appel doté de 8 M€"), with the names joined to it."""
    low = a.article.flat
    runs: list[list[int]] = []
    last_end = -1
    for i in org_indexes(a, Span(a.sentence.start, a.mention.start)):
        m = a.article.mentions[i]
        if runs and JOINED.match(low[last_end : m.start]):
            runs[-1].append(i)
        else:
            runs.append([i])
        last_end = m.end
    names = [
        org_name(a, i)
        for run in runs
        if _LAUNCHER.match(low, a.article.mentions[run[-1]].end)
        for i in run
    ]
    return tuple(dict.fromkeys(names))
