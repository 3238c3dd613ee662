"""Party cues: the positions of a giver ("par X", "auprès de X", "18 M€ de la BEI") and the
verbs whose subject gives or takes the money."""

from __future__ import annotations

import re

from scanner.nlp.facts.lexicon.words import words

# Who gives: "par X", "de X", "auprès de X", "avec la participation de X", "via X".
AGENT_BEFORE = re.compile(
    # "auprès, notamment, de X": an adverb set between commas
    r"(?:\b(?:par|de la part (?:d[e']|du|des)|aupres(?:,? (?:notamment|entre autres|en particulier),?)? (?:d[e']|du|des)|avec la participation (?:d[e']|du|des)|avec l'appui (?:d[e']|du|des)|"
    r"avec le soutien (?:d[e']|du|des)|grace a|via|opere(?:e|s|es)? par|pilote(?:e|s|es)? par|"
    r"gere(?:e|s|es)? par|men(?:e|ee|es|ees) par|(?:co-?)?dirige(?:e|s|es)? par|conduite?s? par|sous l'egide (?:d[e']|du|des)|led by|co-led by|by|from|"
    r"with participation from|backed by|through|funded by|attendue?s? (?:d[e']|du|des)|provenant (?:d[e']|du|des)|"
    r"issue?s? (?:d[e']|du|des)|en provenance (?:d[e']|du|des)|aux cotes (?:d[e']|du|des)|joined by)(?![a-z]))"
    r"\s*(?:l'|la |le |les |du |des |d'|de |the )?\s*$"
)
# "18 M€ de la BEI", "30 M€ de HERA": an org right after the amount is its source.
OF_AFTER = re.compile(
    r"\s*(?:\)\s*)?(?:de la part d[e']|de|d'|du|des|from)\s*(?:l'|la |le |les )?\s*"
    # "900 000 € des fonds d'investissement X et Y": the investors' kind before their names
    r"(?:(?:fonds|investisseurs?)(?: d'investissement| d'amorcage| de capital-risque)?\s+)?$"
)
# Coordinated names: "X, Y et Z", "X and Y".
LIST_JOIN = re.compile(
    r"^\s*(?:,|et|and|&|ainsi que|as well as|,\s*et|,\s*and)\s*(?:de |d'|du |des |l'|la |le |les |the )?\s*$"
)
# Verbs whose subject gives the money (and whose object or "à X" receives it).
GIVE = words(
    r"apport\w*",
    r"accord\w*",
    r"attribu\w*",
    r"vers\w*",
    r"financ\w*",
    r"cofinanc\w*",
    r"subventionn\w*",
    r"soutien\w*",
    r"accompagn\w*",
    r"souten\w*",
    r"contribu\w*",
    r"particip\w*",
    r"octroi\w*",
    r"allou\w*",
    r"mise?",
    r"ajout\w*",
    r"abond\w*",
    r"misent",
    r"injecte\w*",
    r"souscri(?:t|vent|vait|ra|ront)",  # "X souscrit 4 M€" (not "souscrite par", the agent)
    r"complet\w*(?! (?:le|ce) (?:podium|classement|trio|top|palmares|tableau))",
    r"consacr\w*",
    r"engag\w*",
    r"mobilis\w*",
    r"prend\w*",
    r"pris",
    r"prevoi\w*",
    r"debloqu\w*",
    # "le conseil départemental a voté une aide de 60 000 €": a council's vote gives
    r"vot(?:e|es|ee|ees|ent|ait|aient|era|eront)",
    r"provid\w*",
    r"award\w*",
    r"grant\w*",
    r"gave",
    r"given",
    r"fund\w*",
    r"back\w*",
    r"agreed",
    r"earmark\w*",
    r"commit\w*",
    r"lend\w*",
    r"lent",
    r"invest\w*(?= dans| in)",
)
# Verbs whose subject receives or spends the money.
TAKE = words(
    r"lev\w*",
    r"boucl\w*",
    r"reuni\w*",
    r"collect(?:e|ent|ait|aient|era|eront)",
    r"glan(?:e|ent|ait|aient|era)",
    r"engrang\w*",
    r"recolt(?:e|ent|ait|aient|era)",
    r"percevr\w*",
    r"per[cç]oi\w*",
    r"per[cç]u\w*",
    r"obt(?:ien|en|in)\w*",
    r"re[cç]oi\w*",
    r"recu\w*",
    r"recev\w*",
    r"decroch\w*",
    r"benefici\w*",
    r"remport\w*",
    r"invest\w*",
    r"rachet\w*",
    r"acqui\w*",
    r"acquer\w*",
    r"sign\w*",
    r"conclu\w*",
    r"revendiqu\w*",
    r"realis\w*",
    r"empoch\w*",
    r"touch\w*",
    r"raise\w*",
    r"closed?",
    r"closes",
    r"wins?",
    r"won",
    r"receiv\w*",
    r"secur\w*",
    # headline English for taking money: "Cardiona bags €5m", "nets $10M", "lands €2.5m"
    r"bag(?:s|ged)",
    r"nets|netted",
    r"pocket(?:s|ed)",
    r"snag(?:s|ged)",
    r"lands|landed",
    r"clinch\w*",
    r"build\w*",
    r"plans?",
    r"will build",
)
# a name, then its giving verb: "la CNSA en cofinance 300 000 €", "X has committed $4m"
GIVES_AFTER = (
    r"\s*\)?\s*(?:(?:en|y|lui|leur|also|has|have|a|ont|will|va|vont)\s+)*"
    r"(?:financ|cofinanc|apport|accord|attribu|vers|octroi|allou|subventionn|abond|inject|"
    r"debloqu|contribu|award|grant|provid|lend|lent|commit|pledg|"
    # "Sakurada mise jusqu'à 440 M€ sur l'anticorps de Théranyx": a bet is money given
    r"mis(?:e|ent)\b(?! en\b)|bets?\b)"
)
# Words standing for the article's main organisation ("la société a levé", "elle a obtenu").
