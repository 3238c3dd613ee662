"""Why an item ranks where it does, in an analyst's words. Pure.

    why(cfg, ranked, candidate, inputs, money_role="equity")
    # ["nouveau cette semaine", "12 M€ levés", "3 sources", "programme clé : France 2030"]

The ranking's signals (`scanner.bulletin.rank`) are figures in [0, 1]; the bulletin says the
ones that weighed most as phrases a reader needs no scale for: how new, how many sources, how
much money and for what, which key programme or actor, how central to the theme.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from scanner.bulletin.model import Inputs
from scanner.bulletin.rank import Candidate, top_reasons
from scanner.config import Config
from scanner.nlp.money_format import format_eur
from scanner.records import Ranked

MAX_EVIDENCE = 90
NOVEL = 0.75  # novelty from which an item reads "nouveau cette semaine"


def why(
    cfg: Config, r: Ranked, c: Candidate, inp: Inputs, money_role: str | None = None
) -> list[str]:
    """The signals that weighed most, in an analyst's words ("nouveau cette semaine",
    "3 sources", "12 M€ levés", "programme clé : France 2030"): no score, no raw figure."""
    words: list[str] = []
    for signal in top_reasons(r, n=4):
        if signal == "theme":
            words.append(relevance_phrase(c, inp))
        elif signal == "novelty":
            words.append("nouveau cette semaine" if c.novelty >= NOVEL else "en partie nouveau")
        elif signal == "salience":
            words.append(f"{c.sources} sources")
        elif signal == "money" and c.max_eur:
            words.append(money_phrase(c.max_eur, money_role))
        elif signal == "key_entities":
            words.extend(key_phrase(name, cfg) for name in c.key_entities[:2])
        elif signal == "authority":
            source = inp.articles[c.article_id].source_id
            words.append(f"source de référence : {inp.source_names.get(source, source)}")
        elif signal == "recency" and c.published:
            words.append(f"publié le {c.published.day} {MONTHS[c.published.month - 1]}")
    return words


MONTHS = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
]
# how an amount reads with its funding fact's role: "12 M€ levés", "budget de 7,5 Md€"
MONEY_WORDS = {
    "equity": "{} levés",
    "grant": "{} d'aide",
    "loan": "prêt de {}",
    "investment": "{} investis",
    "public_budget": "budget de {}",
    "acquisition": "acquisition pour {}",
    "contract": "contrat de {}",
}
# how the theme relevance reads, from this score up (the first that fits)
RELEVANCE_WORDS = ((0.9, "au cœur du thème"), (0.7, "bien dans le thème"), (0.0, "lié au thème"))
THEME_PHRASES = tuple(w for _, w in RELEVANCE_WORDS)
_FIGURE = re.compile(r"\s*\(\d+(?:[,.]\d+)?\)$")  # "(0,65)" after an evidence phrase


def money_phrase(eur: float, role: str | None) -> str:
    return MONEY_WORDS.get(role or "", "{} annoncés").format(format_eur(eur))


def relevance_phrase(c: Candidate, inp: Inputs) -> str:
    """How central the item is to its theme, in words, and the theme stage's first piece of
    evidence without its figure: "au cœur du thème — proche de « robot chirurgical »"."""
    phrase = next(w for floor, w in RELEVANCE_WORDS if c.theme_score >= floor)
    evidence = next((s.evidence for s in inp.themes[c.article_id] if s.theme == c.theme), ())
    # the closest seed phrase, else the theme's words found (the description's closeness says
    # nothing the theme's name does not; the model's probability is a figure)
    told = [_FIGURE.sub("", " ".join(str(e).split())) for e in evidence]
    told = [e for e in told if e and not e.startswith(("proche de la description", "modèle"))]
    first = told[0].replace("mots :", "parle de", 1) if told else ""
    if len(first) > MAX_EVIDENCE:
        first = first[:MAX_EVIDENCE].rsplit(" ", 1)[0].rstrip(",;:(") + "…"
        first += " »" * (first.count("«") - first.count("»"))  # close a quote cut open
    return f"{phrase} — {first}" if first else phrase


def key_phrase(name: str, cfg: Config) -> str:
    kind = "programme clé" if name in cfg.rank.key_programmes else "acteur clé"
    return f"{kind} : {name}"


def telling(why: Sequence[str], n: int = 2) -> tuple[str, ...]:
    return tuple([w for w in why if not w.startswith(THEME_PHRASES)][:n] or why[:1])
