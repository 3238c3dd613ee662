"""A one-word name opening a sentence that an apposition presents as a company: "Alma,
start-up parisienne qui…", "Flair, a Lille-based start-up…", "Hector, la plateforme de
téléexpertise…". The context rules drop a sentence-initial common word when it is the whole
name ("Innovation, …"); the apposition is the evidence they lack, and the name's recurring in
the article (title, later sentences) tells it from an opening adverb ("Aujourd'hui, la
start-up…").
"""

from __future__ import annotations

import re

from scanner.nlp.gazetteer import Gazetteer
from scanner.nlp.org_context import APPOSITION_AFTER
from scanner.nlp.org_names import UP, occurrences
from scanner.nlp.org_rules import NOT_ORG
from scanner.nlp.org_vocab import NOT_FIRST
from scanner.records import Mention
from scanner.text.folding import fold

# one capitalised word opening a sentence (or the text), right before the apposition
_OPENING_WORD = re.compile(rf"(?:^|[.!?:;\n]\s+|^\s*)(?P<name>[{UP}][\w'’\-]+)$")
# adverbs and connectors that open a sentence with a comma: never a name
_NOT_NAME = {
    "aujourd'hui", "desormais", "demain", "hier", "ensuite", "puis", "cependant", "toutefois",
    "neanmoins", "pourtant", "resultat", "bref", "today", "yesterday", "meanwhile", "however",
    "moreover", "additionally", "also", "now", "then", "here", "there", "finally", "first",
    "second", "third", "next", "still", "yet", "instead", "indeed", "recently", "previously",
}  # fmt: skip


def opening_names(text: str, gazetteer: Gazetteer) -> list[Mention]:
    """One-word names opening a sentence that an apposition says is a company and that the
    article names again."""
    mentions = []
    for m in APPOSITION_AFTER.finditer(text):
        if not text[m.start() : m.end()].lstrip(" \u00a0").startswith(","):
            continue  # "Alma (start-up…)" is too rare to need; a comma marks the apposition
        before = _OPENING_WORD.search(text, max(0, m.start() - 40), m.start())
        if before is None:
            continue
        name = before.group("name")
        key = fold(name.replace("’", "'"))
        if (
            key in NOT_FIRST
            or key in NOT_ORG
            or key in _NOT_NAME
            or key.endswith(("ment", "ly"))
            or len(occurrences(text, name)) < 2
        ):
            continue
        canonical = gazetteer.lookup(name, "organisation") or name
        start = before.start("name")
        mentions.append(
            Mention("organisation", start, start + len(name), name, canonical, origin="rule")
        )
    return mentions
