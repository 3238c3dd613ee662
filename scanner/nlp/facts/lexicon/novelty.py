"""`new` cues: what says money is this week's news (a launch, an opening) or background (a
past marker, a review, an earlier event, a verb of receiving in a past tense)."""

from __future__ import annotations

import re

from scanner.nlp.facts.lexicon.words import words

PAST_MARKERS = re.compile(
    r"\b(?:deja|avait|avaient|auparavant|precedemment|depuis sa creation|depuis (?:leur|son) "
    r"lancement|a depuis|ont depuis|l'an dernier|l'annee derniere|l'an passe|"
    r"il y a \w+ ans?|a l'origine|initialement|dans le passe|par le passe|previously|"
    r"last year|earlier this year|had|in the past|since (?:its|their) (?:creation|founding)|"
    r"already|last (?:week|month)|la semaine derniere|le mois dernier|rappel\w*|recall\w*)\b|"
    r"\b(?:raised|secured|received|lev\w+|obtenu\w*|recu\w*)\b(?:[^.;]|\.(?=\d)){0,60}"
    r"\b(?:to date|so far|a ce jour|jusqu'ici|au total)\b"
)
# "… comes a week after the government unveiled a €30 million plan": what follows is earlier
EARLIER_EVENT = re.compile(
    r"\b(?:(?:a|one|two|three|several|\w+) (?:weeks?|months?|days?|years?) after|"
    r"(?:une|deux|trois|quelques|\w+) (?:semaines?|mois|jours|ans|annees) apres)\b"
)
# The text says the money is being announced now (launch, opening, signature).
ANNOUNCE = re.compile(
    r"\b(?:annonc\w*|lanc\w*|ouvr\w*|ouvert\w*|devoil\w*|present(?:e|ent|era|ation)|inaugur\w*|signe\w*|"
    r"conclu\w*|vient de|viennent de|nouvel\w*|nouveau|nouvelle|mise en service|"
    r"premiere pierre|announc\w*|launch\w*|unveil\w*|open\w*|inaugurat\w*|signed|new)\b"
)
# An opening: the building or equipment paid for is news, whatever the tense of its cost.
OPENING = re.compile(
    r"\b(?:inaugur\w*|ouvre|ouvrent|ouvert\w*|mise en service|met en service|premiere pierre|"
    r"pose la premiere|opens?|opened|inaugurat\w*|a amenage|ont amenage)\b"
)
# The text is a review of a running programme, not a launch.
REVIEW = re.compile(
    r"\b(?:bilan|fait le point|mi-parcours|s'acheve|touche a sa fin|rappel\w*|review)\b"
)
YEAR = re.compile(r"(?<![\d,.])(?:19|20)\d\d(?!\d|[,.]\d)")
# A verb of receiving in a past tense ("a bénéficié", "a reçu", "avait obtenu"): background.
RECEIVED = words(
    r"benefici\w*",
    r"re[cç]u\w*",
    r"obtenu\w*",
    r"leve(?:e|es)?",
    r"investi(?:e|es|s)?",
    r"soutenu\w*",
    r"finance(?:e|es)?",
    r"decroche\w*",
    r"remporte\w*",
    r"reuni\w*",
    r"apporte\w*",
    r"accorde\w*",
    r"engage\w*",
    r"mobilise\w*",
    r"flech\w*",
    r"consacre\w*",
    r"raised",
    r"received",
    r"won",
    r"got",
    r"secured",
    r"invested",
    r"benefited",
)
# A cost that a payer takes on as news ("pris en charge par l'Assurance maladie").
FUNDED_COST = re.compile(
    r"\b(?:pris(?:e|es)? en charge|prendra en charge|prend en charge|financera|finance|"
    r"financee?s?|sera (?:conduite?|menee?|realisee?)|covered|will fund)\b"
)
# A tariff being set now: news ("le forfait est fixé à", "priced at").
PRICE_SET = re.compile(
    r"\b(?:(?:forfaits?|tarifs?|prix|remboursements?)\b[^.;]{0,60}\b(?:fixe\w*|arrete\w*|"
    r"negocie\w*)|fixant a|set at|fixed at|priced)\b"
)
# A price hoped for or compared: not news ("espère un tarif", "could", "contre").
PRICE_GUESS = re.compile(
    r"\b(?:esper\w*|vise\w*|pourrai\w*|devrai\w*|envisag\w*|hopes?|expects?|could|would|"
    r"contre|compared with|versus)\b"
)
# an average or a median is a statistic of many amounts, nobody's money: not this
# week's news, no one recipient (outsiders keep its kind: "une levée moyenne de 5 M€" is equity)
AVERAGE = re.compile(
    r"\b(?:(?:montant|ticket|tour|financement|levee|valorisation|investissement)s? (?:moyen|median)"
    r"|(?:moyenne|mediane) (?:des|de la|du) (?:levees|tours|tickets|montants|financements)"
    r"|(?:average|median|mean) (?:round|ticket|deal|amount|investment|funding|size)s?)\b"
    r"[^.;]{0,60}$"
)
