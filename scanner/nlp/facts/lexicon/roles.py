"""Role cues: a noun or verb that says what kind of money an amount is; words that say
nothing of it; what a price is the price of."""

from __future__ import annotations

import re

from scanner.nlp.facts.lexicon.words import W, words

# Verbs any money is taken with ("obtient", "reçoit", "secures"): a grant's cue, unless
# investors are named; against a noun said of the same amount they weigh less (`same_money`)
TAKING_WORDS = (
    r"obt(?:ien|en|in)\w*",
    r"re[cç]oi\w*",
    r"recu(?:e|es|s)?",
    r"recev\w*",
    r"decroch\w*",
    r"empoch\w*",  # "empoche 2 M€ auprès de business angels": investors make it equity
    r"securis\w*",
    r"benefici\w*",
    r"remport\w*",
    r"wins?",
    r"won",
    r"receiv\w*",
    r"secur(?:es|ed)",
    # headline verbs of taking, read like "secures"; not "lands", said of contracts and places
    # as often as of money
    r"bag(?:s|ged)",
    r"nets|netted",
    r"pocket(?:s|ed)",
    r"snag(?:s|ged)",
    r"clinch(?:es|ed)",
)
TAKING = words(*TAKING_WORDS)

# "tombé dans l'escarcelle de X (pour 35 M€)", "passe dans le giron de X": a takeover
INTO_HANDS = r"(?:tombe\w*|entre\w*|pass\w*) dans (?:l'escarcelle|le giron)"
ROLE_CUES: dict[str, str] = {
    "equity": words(
        r"lev\w* d(?:e|es) fonds",  # one cue: its "fonds" is the round's, not a fund's budget
        r"financements? participatifs?|(?:equity )?crowdfunding|crowd-?equity",
        r"lev(?:e|ent|er|era|eront|ait|aient|ant|ons|ee|ees|es)",
        r"tours? de table",
        r"tours? de financement",
        # "un nouveau tour de 20 M€": the round's own amount right after it
        r"tours?(?= de (?:pres de |plus de |quelque |environ )?\d)",
        r"(?:arrivee|entree|montee) au capital",
        r"prises? de participation",
        r"series? [a-f]",
        r"(?:quasi-)?fonds propres",
        r"augmentations? d(?:e|u) capital",
        r"boucl\w*",
        r"reuni(?:t|s|ssent|r|ra|ront|e|es)?",
        # money gathered from investors: "a glané 27 M€ auprès de X" (not "a collecté des dons")
        r"(?:glan|recolt|engrang)(?:e|ent|ait|aient|era)(?= (?:[\w'€$£,.]+ ){1,4}aupres)",
        # "a collecté 50 M€ auprès de Temasek" (not "auprès de 60 000 donateurs": a gift)
        r"collect(?:e|ent|ait|aient|era)(?= (?:[\w'€$£,.]+ ){1,4}aupres (?!(?:[\w'-]+ ){0,5}"
        r"(?:donateurs|mecenes|particuliers|grand public)))",
        # … or said alone, then a time or a purpose: "a récolté 70 M€ en juin pour …" (not
        # "récolté 2 M€ de dons", "engrangé 9 M€ de ventes": the noun says what it is)
        r"(?:glan|recolt|engrang)(?:e|ent|ait|aient|era)(?= (?:[\w'€$£,.]+ ){1,3}"
        r"(?:en|pour|afin|depuis|lors|via)(?![a-z0-9]))",
        # "Gleamer a glané 27 millions": garnered from investors (a noun after says otherwise:
        # "glané 2 M€ de subventions" is read by `noun_after` first)
        r"glan(?:e|ent|ait|aient|era)",
        r"raise[sd]?",
        r"raising",
        r"rounds?",
        r"fundraising",
        r"seed",
        r"(?<!pret d')(?<!prets d')amorcage",
        r"closings?",
        r"tickets?",
        r"bsa(?:-air)?",
        r"equity",
        r"capital-risque",
        r"ventures?",
        # an investor brings capital: "complété à raison de 5 M€ par un nouvel investisseur"
        r"investisseurs?",
        r"investors?",
        # shares sold to investors on a market: "prices $85m IPO", "bought $30m of shares in
        # the offering", "une introduction en Bourse de 32 M€"
        r"ipos?",
        r"initial public offerings?",
        r"(?:public |share |secondary |follow-on )?offerings?",
        r"introductions? en bourse",
        # "won 25 million euros when it was listed on Euronext", "lors de sa cotation"
        r"(?:was |were |is |been |being |got )listed on",
        r"(?:sa |son |leur )?cotation sur",
        r"(?<=of )shares",
        r"(?:additional|new) shares",
        r"shares worth",
    ),
    "loan": words(
        r"prets?(?! a )",
        r"pret(?:e|es|ent|er|era|eront|ait|aient|ant)(?! a )",
        r"lends?",
        r"lent",
        r"lending",
        r"avances? remboursables?",
        # "bénéficient d'avances", "sous forme d'avance": a repayable advance, said short
        # ("d'avance", "en avance", "une avance de deux ans" are no money)
        r"(?:beneficie|recoi|obtien|obtenu)\w*(?: \w+)? d'avances|sous forme d'avances?",
        r"dettes?(?:-risque)?",
        r"emprunts?",
        r"obligat\w*",
        r"loans?",
        r"debt",
        r"repayable advances?",
        r"credit",
        r"tirages?",
        r"drawdowns?",
    ),
    "acquisition": words(
        r"rach[ae]t\w*",
        r"acqui(?:ert|erent|sitions?|s|se|rir|rira)",
        r"acquer(?:ir|ra|ront|rait)",
        r"acquir\w*",
        r"takeover",
        r"reprise",
        r"buys?",
        r"bought",
        r"buyout",
        r"snap(?:s|ped)? up",
        r"pass\w* sous le controle",
        INTO_HANDS,
        r"scoop(?:s|ed)? up",
        r"complements? de prix",
        r"earn-?outs?",
    ),
    "revenue": words(
        r"chiffres? d'affaires",
        r"ventes",
        r"revenus?",
        r"recettes",
        r"revenues?",
        r"sales",
        r"turnover",
    ),
    "market": words(r"(?<!un )(?<!ce )marches?(?! public| a terme| de gre)", r"markets?"),
    "contract": words(
        r"contrats?",
        r"commandes?",
        r"accords?(?= de | commercia| avec)",
        r"marches? publics?",
        r"(?<=un )marche",
        r"(?<=ce )marche",
        r"accords?-cadres?",
        r"paiements? initia\w*",
        r"redevances?",
        r"royalt\w*",
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
    "other": words(
        r"ran[cç]ons?",
        r"amendes?",
        r"indemnit\w*",
        r"ransoms?",
        r"fines?",
        r"penalt\w*",
        # an economic impact is nobody's money: "des retombées estimées à 80 M€"
        r"retombees",
        r"impact economique",
        r"economic impact",
        # a company's cash at a date is nobody's new money: "une trésorerie de 12 M€"
        r"tresorerie",
        r"liquidites",
        r"cash(?: and cash equivalents| position)",
    ),
    "cost": words(
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
    "public_budget": words(
        r"enveloppes?",
        r"budgets?",
        r"budgeted",
        r"dot(?:e|ee|es|ees|ation|ations)",
        r"appels? a (?:projets|candidatures|manifestation)",
        r"plans?(?! de table)",
        # "Kelpie's lead programme", "son programme clinique": a drug's development, no budget
        r"(?<!lead )(?<!clinical )(?<!development )(?<!'s )(?<!its )(?<!their )programmes?"
        r"(?! clinique| de developpement| preclinique)",
        r"fonds",
        r"strategies?",
        r"mobilis\w*",
        r"flech\w*",
        r"prevoi\w*",
        r"prevu\w*",
        r"reserv(?:e|ee|es|ees)",
        r"earmark\w*",
        r"envelopes?",
        r"credits",
        r"calls? for",
        r"funds?",
        r"schemes?",
        r"allocat\w*",
        r"set aside",
        r"set up",
        r"(?:a )?share of",  # "businesses can apply for a share of up to £5 million"
    ),
    "investment": words(
        r"(?<!equity )invest\w*",  # "equity investments" are equity (the equity cue)
        r"debours\w*",  # "le CHU a déboursé 1,7 M€"
        r"inject\w*",  # "Bpifrance a injecté 2 M€ dans Ovalys" (equity once an investor is seen)
        r"usines?",
        r"chantiers?",
        r"plateformes?(?! de (?:financement|crowdfunding))",  # a crowdfunding site is no plant
        r"equipements?",
        r"batiments?",
        r"constructions?",
        r"amenagements?",
        r"modernisation",
        r"plants?",
        r"facilit(?:y|ies)",
        r"capex",
        r"autofinanc\w*",
        r"travaux",
        r"renov\w*",
        r"build\w*",
        r"sites?",
    ),
    "grant": words(
        r"subvention\w*",
        r"recompens\w*",  # "récompensée à hauteur de 450 000 euros"
        r"percevr\w*",  # "percevra 380 000 euros" (not "perçoit", also said of sales)
        r"aides?",
        r"financ\w*",
        r"cofinanc\w*",
        r"soutien\w*",
        r"accompagn\w*",
        r"souten\w*",
        *TAKING_WORDS,
        r"accord(?:e|ee|es|ees|ent|era|ait)",
        r"attribu\w*",
        r"vers(?:e|ee|es|ees|ent|era|ant)",
        r"apport\w*",
        r"contribu\w*",
        r"particip\w*",
        r"octroi\w*",
        r"laureat\w*",
        r"bourses?",
        r"dons?",
        r"donat\w*",
        r"mecen\w*",
        r"donations?",
        r"grants?",
        r"granted",
        r"awards?",
        r"awarded",
        r"shared",  # "£9.1 million will be shared by 14 projects"
        r"gave",  # "the programme, which gave it €50,000"
        r"given",
        r"subsid\w*",
        r"funding",
        r"funded",
        r"provid\w*",
        r"backed",
        r"support\w*",
    ),
}

# Words that tell nothing about the kind of money ("s'élève à", "représente", "estimé à"):
# the rules look past them.
NEUTRAL = words(
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
PROJECT_NOUNS = words(
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
EACH = re.compile(
    r"\b(?:chacun|chacune|chaque (?:projet|laureat|dossier|entreprise|societe|start-?up|equipe|"
    r"beneficiaire)|each|par projet)\b"
)
