"""The words that say what kind of money an amount is: the cue words of each role
(`lexicon.ROLE_CUES`: "lève", "subvention", "prêt"…), the role nouns an amount completes
("62,2 M€ d'aide", "une levée de fonds de 12 M€"), and the role a table row or list line
takes from its heading. Read by the role rules (`roles.py`).
"""

from __future__ import annotations

import re

from scanner.nlp.facts import lexicon as lx
from scanner.nlp.facts.context import Amount

_START = r"(?<![a-z0-9])"
_ORDER = (
    "equity", "loan", "acquisition", "revenue", "contract", "market", "other", "cost",
    "public_budget", "investment", "grant",
)  # fmt: skip
CUE = re.compile(
    "|".join(
        [f"{_START}(?P<neutral>{lx.NEUTRAL})"]
        + [f"{_START}(?P<{r}>{lx.ROLE_CUES[r]})" for r in _ORDER]
    )
)
NOUNS: dict[str, str] = {
    "equity": r"(?:financements?|funding) (?:en |de |d'une )?series? [a-f]\b|"
    r"lev(?:ee|ees)(?: de fonds)?|tours? de table|tours? de financement|series? [a-f]|"
    r"augmentations? d(?:e|u) capital|(?:arrivee|entree|montee) au capital|prises? de participation|"
    r"rounds?|seed|fundraising|equity investments?|equity|financing round|funding round|amorcage|closings?|tickets?|(?:quasi-)?fonds propres|"
    r"(?<=of )shares|ipos?|(?:public |share )?offerings?",
    "loan": r"financements? obligataires?|financements? par (?:la )?dette|prets?|avances? remboursables?|dettes?(?:-risque)?|emprunts?|loans?|debt|"
    r"repayable advances?|credit|venture debt|tirages?|drawdowns?|obligations?(?: convertibles?)?|"
    r"convertible (?:bonds?|notes?|loans?)|bonds?",
    "acquisition": r"acquisitions?|rachats?|takeover|buyout",
    "revenue": r"chiffres? d'affaires|ventes|revenus?|recettes|revenues?|sales|turnover",
    "contract": r"contrats?|commandes?|contracts?|deals?|orders?|agreements?|(?<=un )marche|"
    r"(?<=ce )marche|accords?-cadres?",
    "market": r"(?<!un )(?<!ce )marches?(?! public| a terme)|markets?",
    "other": r"ran[cç]ons?|ransoms?|amendes?|fines?|indemnit\w*",
    "cost": r"couts?|prix|tarifs?|costs?|prices?|etudes?(?: cliniques?)?",
    "public_budget": r"enveloppes?|budgets?|plans?|programmes?|fonds|dotations?|appels? a "
    r"projets|mobilisations?|envelopes?|funds?|schemes?|calls?",
    "investment": r"investissements?|investments?|plants?|facilit(?:y|ies)|usines?|capex|"
    r"equipements?|chantiers?|batiments?|plateformes?|sites?|amenagements?|extensions?|trials?",
    "grant": r"subventions?|aides?|financements?|soutiens?|bourses?|grants?|awards?|"
    r"subsid\w*|funding|prix|dons?|donations?",
}
NOUN_CUE = re.compile(
    "|".join(f"(?P<{r}>(?:{p})){lx.W}" for r, p in NOUNS.items() if r not in ("grant",))
    + f"|(?P<grant>(?:{NOUNS['grant']})){lx.W}"
)


def role_at(low: str, pos: int) -> str | None:
    """The role of a cue word starting at `pos` of the folded text ("neutral" for words that
    say nothing), None when no cue starts there."""
    m = CUE.match(low, pos)
    return m.lastgroup if m else None


def noun_covering(low: str, pos: int) -> str | None:
    """The role noun whose words cover `pos` ("fonds" in "levée de fonds" is equity)."""
    for m in NOUN_CUE.finditer(low, max(0, pos - 25), pos + 40):
        if m.start() <= pos < m.end():
            return m.lastgroup
    return None


_LOOKAHEAD = 40  # characters a cue's lookahead may read past its window


def cues(low: str, start: int, end: int) -> list[tuple[int, str]]:
    """(position, role) of every cue word in low[start:end]; a cue's lookahead reads past
    `end` ("a collecté" is a cue before its amount, "la collecte de dons" is none)."""
    return [
        (m.start(), m.lastgroup or "")
        for m in CUE.finditer(low, start, end + _LOOKAHEAD)
        if m.end() <= end
    ]


def in_mention(a: Amount, pos: int) -> bool:
    """Whether `pos` falls in a programme or organisation name ("Programme hospitalier…")."""
    m = a.article.covering(pos)
    return m is not None and m.kind in ("programme", "organisation")


MAX_ROWS = 12  # rows of a table (or lines of a list) read back to find its heading


def table_heading(a: Amount) -> str | None:
    """A table row or list line that says nothing of its money ("Neuropulse | Hauts-de-France
    | 480 000 €") takes the role its heading states ("Les subventions les plus importantes :")."""
    text, low = a.article.text, a.article.flat
    if not _is_row(text, a.sentence.start, a.sentence.end):
        return None
    for back in range(a.sentence_index - 1, max(-1, a.sentence_index - MAX_ROWS), -1):
        span = a.article.sentences[back]
        found = [r for _, r in cues(low, span.start, span.end) if r != "neutral"]
        if not _is_row(text, span.start, span.end):
            return found[-1] if found else None
        if found and "|" in text[span.start : span.end] and back < a.sentence_index - 1:
            continue  # another row's own words
    return None


def _is_row(text: str, start: int, end: int) -> bool:
    line = text[start:end]
    return "|" in line or bool(re.match(r"\s*[-–•*·]\s", line))
