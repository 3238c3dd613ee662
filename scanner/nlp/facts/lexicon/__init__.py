"""The words the fact rules look for, French and English, on the folded text (`text.flat`:
lower case, no accents). Each pattern matches at the start of a word.

Words, not names: what they say about money holds in any article. The few names here are
funders by trade (public banks, research agencies, the State), which a text names without
saying they pay ("avec Bpifrance").

    words.py     how a cue list is written (word boundaries on the folded text)
    roles.py     role cues, neutral words, project nouns, prices per unit
    novelty.py   what says money is news or background
    parties.py   positions of a giver, giving and taking verbs
    names.py     stand-ins for an organisation, several receivers, the State, funders by trade
"""

from scanner.nlp.facts.lexicon.names import (
    COMPANY_WORDS,
    FUNDER_NAME,
    INVESTOR_NAME,
    LENDER_OR_DONOR,
    OPENS_WITH_STAND_IN,
    SEVERAL,
    SEVERAL_TAKERS,
    STAND_INS,
    STATE,
    STATE_NAME,
)
from scanner.nlp.facts.lexicon.novelty import (
    ANNOUNCE,
    AVERAGE,
    EARLIER_EVENT,
    FUNDED_COST,
    OPENING,
    PAST_MARKERS,
    PRICE_GUESS,
    PRICE_SET,
    RECEIVED,
    REVIEW,
    YEAR,
)
from scanner.nlp.facts.lexicon.parties import (
    AGENT_BEFORE,
    GIVE,
    GIVES_AFTER,
    LIST_JOIN,
    OF_AFTER,
    TAKE,
)
from scanner.nlp.facts.lexicon.roles import (
    EACH,
    NEUTRAL,
    PER_UNIT,
    PROJECT_NOUNS,
    ROLE_CUES,
    TAKING,
)
from scanner.nlp.facts.lexicon.words import OF, B, W, words

__all__ = [
    "AGENT_BEFORE",
    "ANNOUNCE",
    "AVERAGE",
    "B",
    "COMPANY_WORDS",
    "EACH",
    "EARLIER_EVENT",
    "FUNDED_COST",
    "FUNDER_NAME",
    "GIVE",
    "GIVES_AFTER",
    "INVESTOR_NAME",
    "LENDER_OR_DONOR",
    "LIST_JOIN",
    "NEUTRAL",
    "OF",
    "OF_AFTER",
    "OPENING",
    "PAST_MARKERS",
    "PER_UNIT",
    "PRICE_GUESS",
    "PRICE_SET",
    "PROJECT_NOUNS",
    "RECEIVED",
    "REVIEW",
    "ROLE_CUES",
    "SEVERAL",
    "SEVERAL_TAKERS",
    "OPENS_WITH_STAND_IN",
    "STAND_INS",
    "STATE",
    "STATE_NAME",
    "TAKING",
    "TAKE",
    "W",
    "YEAR",
    "words",
]
