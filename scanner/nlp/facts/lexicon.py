"""The words the fact rules look for, French and English, on the folded text (`text.flat`:
lower case, no accents). Each pattern matches at the start of a word.

Words, not names: what they say about money holds in any article. The few names here are
funders by trade (public banks, research agencies, the State), which a text names without
saying they pay ("avec Bpifrance").
"""

from __future__ import annotations

import re

W = r"(?![a-z0-9])"  # end of a word on the folded text
B = r"(?<![a-z0-9])"  # start of a word


def _words(*alternatives: str) -> str:
    return B + "(?:" + "|".join(alternatives) + ")" + W


# ---- role cues: a noun or verb that says what kind of money an amount is ----

ROLE_CUES: dict[str, str] = {
    "equity": _words(
        r"lev(?:e|ent|er|era|eront|ait|aient|ant|ons|ee|ees|es)",
        r"tours? de table",
        r"tours? de financement",
        r"(?:arrivee|entree|montee) au capital",
        r"prises? de participation",
        r"series? [a-f]",
        r"augmentations? de capital",
        r"boucl\w*",
        r"reuni(?:t|s|ssent|r|ra|ront|e|es)?",
        r"raise[sd]?",
        r"raising",
        r"rounds?",
        r"fundraising",
        r"seed",
        r"equity",
        r"capital-risque",
        r"ventures?",
    ),
    "loan": _words(
        r"prets?(?! a )",
        r"pret(?:e|es|ent|er|era|eront|ait|aient|ant)(?! a )",
        r"lends?",
        r"lent",
        r"lending",
        r"avances? remboursables?",
        r"dettes?(?:-risque)?",
        r"emprunts?",
        r"obligat\w*",
        r"loans?",
        r"debt",
        r"repayable advances?",
        r"credit",
    ),
    "acquisition": _words(
        r"rach[ae]t\w*",
        r"acqui(?:ert|erent|sitions?|s|se|rir|rira)",
        r"acquir\w*",
        r"takeover",
        r"reprise",
        r"buys?",
        r"bought",
        r"buyout",
    ),
    "revenue": _words(
        r"chiffres? d'affaires",
        r"ventes",
        r"revenus?",
        r"recettes",
        r"revenues?",
        r"sales",
        r"turnover",
    ),
    "market": _words(r"marches?(?! public| a terme| de gre)", r"markets?"),
    "contract": _words(
        r"contrats?",
        r"commandes?",
        r"accords?(?= de | commercia| avec)",
        r"marches? publics?",
        r"appels? d'offres",
        r"contracts?",
        r"deals?",
        r"orders?",
        r"agreements?",
        r"licen[cs]\w*",
        r"paiements? d'etape",
        r"milestones?",
        r"upfront",
        r"prestataires?",
        r"confi(?:e|ee|es|ees)",
    ),
    "other": _words(
        r"ran[cç]ons?", r"amendes?", r"indemnit\w*", r"ransoms?", r"fines?", r"penalt\w*", r"dons"
    ),
    "cost": _words(
        r"cout(?:e|ent|ait|aient|era|eront|s|ant|ees?|e)?",
        r"prix",
        r"tarifs?",
        r"factur\w*",
        r"rembours\w*",
        r"vendue?s?",
        r"vend(?:ent|ra)?",
        r"commercialis\w*",
        r"pris(?:e|es)? en charge",
        r"prend(?:ra|re)? en charge",
        r"percoi\w*",
        r"percu\w*",
        r"billets?",
        r"s'echang\w*",
        r"depens\w*",
        r"prices?",
        r"priced",
        r"costs?",
        r"costing",
        r"sells?",
        r"sold",
        r"reimburs\w*",
        r"fees?",
        r"spending",
        r"spent",
    ),
    "public_budget": _words(
        r"enveloppes?",
        r"budgets?",
        r"budgeted",
        r"dot(?:e|ee|es|ees|ation|ations)",
        r"appels? a (?:projets|candidatures|manifestation)",
        r"plans?(?! de table)",
        r"programmes?",
        r"fonds",
        r"strategies?",
        r"mobilis\w*",
        r"flech\w*",
        r"prevoi\w*",
        r"prevu\w*",
        r"reserv(?:e|ee|es|ees)",
        r"earmark\w*",
        r"envelopes?",
        r"calls? for",
        r"funds?",
        r"schemes?",
        r"allocat\w*",
        r"set aside",
        r"set up",
    ),
    "investment": _words(
        r"invest\w*",
        r"usines?",
        r"chantiers?",
        r"plateformes?",
        r"equipements?",
        r"batiments?",
        r"constructions?",
        r"amenagements?",
        r"modernisation",
        r"plants?",
        r"facilit(?:y|ies)",
        r"capex",
        r"build\w*",
        r"sites?",
    ),
    "grant": _words(
        r"subvention\w*",
        r"aides?",
        r"financ\w*",
        r"cofinanc\w*",
        r"soutien\w*",
        r"souten\w*",
        r"obt[ei]n\w*",
        r"re[cç]oi\w*",
        r"recu(?:e|es|s)?",
        r"recev\w*",
        r"decroch\w*",
        r"benefici\w*",
        r"remport\w*",
        r"accord(?:e|ee|es|ees|ent|era|ait)",
        r"attribu\w*",
        r"vers(?:e|ee|es|ees|ent|era|ant)",
        r"apport\w*",
        r"contribu\w*",
        r"particip\w*",
        r"octroi\w*",
        r"laureat\w*",
        r"bourses?",
        r"grants?",
        r"awards?",
        r"awarded",
        r"subsid\w*",
        r"funding",
        r"funded",
        r"wins?",
        r"won",
        r"receiv\w*",
        r"secur(?:es|ed)",
        r"provid\w*",
        r"backed",
        r"support\w*",
    ),
}

# Words that tell nothing about the kind of money ("s'élève à", "représente", "estimé à"):
# the rules look past them.
NEUTRAL = _words(
    r"represent\w*",
    r"s'elev\w*",
    r"atteint\w*",
    r"atteindre",
    r"estim\w*",
    r"total\w*",
    r"montants?",
    r"hauteur",
    r"worth",
    r"amount\w*",
)

# The thing a "cost" is the cost of: a project or a building is an investment.
PROJECT_NOUNS = _words(
    r"projets?",
    r"chantiers?",
    r"plateformes?",
    r"usines?",
    r"sites?",
    r"equipements?",
    r"amenagements?",
    r"plateaux?",
    r"batiments?",
    r"centres?",
    r"investissements?",
    r"unites?",
    r"ligne",
    r"extension",
    r"project",
    r"plant",
    r"facility",
)
# A price per unit is a cost whatever the verb ("350 000 € par injection").
PER_UNIT = re.compile(
    r"\s*(?:\)\s*)?(?:par|pour|l'|la|le|per|a|each|chacune?)\s*"
    r"(?:patients?|injections?|traitements?|semaines?|mois|jours?|an(?:nee)?s?\s+et\s+par\s+"
    r"patient|machines?|unites?|doses?|tonnes?|personnes?|seances?|sejours?|actes?|"
    r"patient|dose|unit|treatment|kilo\w*|litres?|m2|heures?)" + W
)
# Each of several beneficiaries receives this: a per-project award within a call.
EACH = re.compile(r"\b(?:chacun|chacune|chaque (?:projet|laureat|dossier)|each|par projet)\b")

# ---- `new`: what says the money is not this week's news ----

PAST_MARKERS = re.compile(
    r"\b(?:deja|avait|avaient|auparavant|precedemment|depuis sa creation|depuis (?:leur|son) "
    r"lancement|a depuis|ont depuis|l'an dernier|l'annee derniere|l'an passe|"
    r"il y a \w+ ans?|a l'origine|initialement|dans le passe|par le passe|previously|"
    r"last year|earlier this year|had|in the past|since (?:its|their) (?:creation|founding)|"
    r"already|last (?:week|month)|la semaine derniere|le mois dernier|rappel\w*|recall\w*)\b|"
    r"\b(?:raised|secured|received|lev\w+|obtenu\w*|recu\w*)\b[^.;]{0,60}"
    r"\b(?:to date|so far|a ce jour|jusqu'ici|au total)\b"
)
# "… comes a week after the government unveiled a €30 million plan": what follows is earlier
EARLIER_EVENT = re.compile(
    r"\b(?:(?:a|one|two|three|several|\w+) (?:weeks?|months?|days?) after|"
    r"(?:une|deux|trois|quelques|\w+) (?:semaines?|mois|jours) apres)\b"
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
RECEIVED = _words(
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

# ---- parties ----

# Who gives: "par X", "de X", "auprès de X", "avec la participation de X", "via X".
AGENT_BEFORE = re.compile(
    r"(?:\b(?:par|de la part (?:d[e']|du|des)|aupres (?:d[e']|du|des)|avec la participation (?:d[e']|du|des)|avec l'appui (?:d[e']|du|des)|"
    r"avec le soutien (?:d[e']|du|des)|grace a|via|opere(?:e|s|es)? par|pilote(?:e|s|es)? par|"
    r"gere(?:e|s|es)? par|men(?:e|ee|es|ees) par|led by|co-led by|by|from|"
    r"with participation from|backed by|through|funded by|attendue?s? (?:d[e']|du|des)|provenant (?:d[e']|du|des)|"
    r"issue?s? (?:d[e']|du|des)|en provenance (?:d[e']|du|des)|aux cotes (?:d[e']|du|des)|joined by)(?![a-z]))"
    r"\s*(?:l'|la |le |les |du |des |d'|de |the )?\s*$"
)
# "18 M€ de la BEI", "30 M€ de HERA": an org right after the amount is its source.
OF_AFTER = re.compile(
    r"\s*(?:\)\s*)?(?:de la part d[e']|de|d'|du|des|from)\s*(?:l'|la |le |les )?\s*$"
)
# Coordinated names: "X, Y et Z", "X and Y".
LIST_JOIN = re.compile(
    r"^\s*(?:,|et|and|&|ainsi que|as well as|,\s*et|,\s*and)\s*(?:de |d'|du |des |l'|la |le |les |the )?\s*$"
)
# Verbs whose subject gives the money (and whose object or "à X" receives it).
GIVE = _words(
    r"apport\w*",
    r"accord\w*",
    r"attribu\w*",
    r"vers\w*",
    r"financ\w*",
    r"cofinanc\w*",
    r"subventionn\w*",
    r"soutien\w*",
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
    r"complet\w*",
    r"consacr\w*",
    r"engag\w*",
    r"mobilis\w*",
    r"prend\w*",
    r"pris",
    r"prevoi\w*",
    r"debloqu\w*",
    r"provid\w*",
    r"award\w*",
    r"grant\w*",
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
TAKE = _words(
    r"lev\w*",
    r"boucl\w*",
    r"reuni\w*",
    r"obt[ei]n\w*",
    r"re[cç]oi\w*",
    r"recu\w*",
    r"recev\w*",
    r"decroch\w*",
    r"benefici\w*",
    r"remport\w*",
    r"invest\w*",
    r"rachet\w*",
    r"acqui\w*",
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
    r"build\w*",
    r"plans?",
    r"will build",
)
# Words standing for the article's main organisation ("la société a levé", "elle a obtenu").
STAND_INS = re.compile(
    r"^(?:elle|il|ils|elles|la societe|l'entreprise|la start-up|la startup|la jeune pousse|"
    r"la biotech|la medtech|la pme|le groupe|le laboratoire|l'etablissement|l'hopital|le chu|"
    r"le projet|la plateforme|l'equipe|le consortium|la firm|the company|the start-up|"
    r"the startup|it|the firm|the group|the project|the biotech)$"
)
# Words for a company: they stand for the last company named.
COMPANY_WORDS = re.compile(
    r"^(?:la societe|l'entreprise|la start-up|la startup|la jeune pousse|la biotech|la medtech|"
    r"la pme|la firm|the company|the start-up|the startup|the firm|the biotech)$"
)
# Several receivers share the money: no single recipient.
SEVERAL = re.compile(
    r"\b(?:(?:les|des|ces|plusieurs|\d+|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|onze|"
    r"douze|quinze|vingt|trente|une (?:dizaine|quinzaine|vingtaine|trentaine)) "
    r"(?:\w+ )?(?:projets|laureats|societes|start-up|entreprises|equipes|consortiums|"
    r"etablissements|structures|dossiers|beneficiaires|candidats)|several companies|"
    r"projects|winners|laureates|companies)\b"
)
# "l'État", "the French state": a payer that is no organisation mention.
STATE = re.compile(r"\b(?:l'etat|the (?:french )?state|le gouvernement|the government)\b")
STATE_NAME = "État"

# Organisations that pay by trade: a public bank, a research or innovation agency, an
# investor. Matched on the folded canonical name.
FUNDER_NAME = re.compile(
    r"\b(?:bpifrance|bpi|anr|bei|eib|banque europeenne d'investissement|european investment "
    r"bank|commission europeenne|european commission|union europeenne|european union|hera|eic|"
    r"conseil europeen de l'innovation|caisse des depots|banque des territoires|sgpi|"
    r"assurance maladie|cnam|inca|etat|state|ministere|ministry|region|departement|ars|"
    r"agence regionale de sante|ais|dge|ademe|fondation|foundation|fonds|fund|capital|ventures?|"
    r"partners|partenaires|invest\w*|gestion|angels?|equity|participations|sofinnova|"
    r"seventure|kurma|jeito|andera|omnes|eurazeo|tikehau|truffle|idinvest|ardian|"
    r"metropole|agence nationale)\b"
)
