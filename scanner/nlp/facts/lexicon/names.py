"""Words standing for an organisation ("elle", "la société"), for several receivers, for the
State; the names of funders by trade."""

from __future__ import annotations

import re

_STAND_IN_WORDS = (
    r"elle|il|ils|elles|la societe|l'entreprise|la start-up|la startup|la jeune pousse|"
    r"la biotech|la medtech|la pme|le groupe|le laboratoire|l'etablissement|l'hopital|le chu|"
    r"le projet|la plateforme|l'equipe|le consortium|la firm|the company|the start-up|"
    r"the startup|it|the firm|the group|the project|the biotech"
)
STAND_INS = re.compile(rf"^(?:{_STAND_IN_WORDS})$")
# A sentence that opens with one ("It raised…", "La jeune pousse, créée en 2023, avait réuni…")
OPENS_WITH_STAND_IN = re.compile(rf"^\s*(?:{_STAND_IN_WORDS})\b")
# Words for a company: they stand for the last company named.
COMPANY_WORDS = re.compile(
    r"^(?:la societe|l'entreprise|la start-up|la startup|la jeune pousse|la biotech|la medtech|"
    r"la pme|la firm|the company|the start-up|the startup|the firm|the biotech)$"
)
# Several receivers share the money: no single recipient.
SEVERAL = re.compile(
    r"\b(?:(?:les|des|ces|plusieurs|certain(?:e)?s|de nombreu(?:x|ses)|\d+|deux|trois|quatre|"
    r"cinq|six|sept|huit|neuf|dix|onze|douze|quinze|vingt|trente|"
    r"une (?:dizaine|quinzaine|vingtaine|trentaine)) "
    r"(?:\w+ )?(?:projets|laureats|societes|start-up|entreprises|equipes|consortiums|"
    r"etablissements|structures|dossiers|beneficiaires|candidats)|several companies|"
    # "15 business-led projects", "twenty companies"
    r"(?:\d+|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|"
    r"thirty|several|many) (?:[\w-]+ ){0,2}?(?:projects|companies|organisations|organizations|"
    r"businesses|smes|teams|universities|startups|start-ups|consortia)|"
    r"projects|winners|laureates|companies)\b"
)
# Counted bodies of other kinds the money goes to ("à trois acteurs de l'innovation", "to
# five hospitals"); before the amount they are what a company runs ("exploite neuf centres").
SEVERAL_TAKERS = re.compile(
    r"\b(?:(?:plusieurs|\d+|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|douze|quinze|vingt) "
    r"(?:\w+ )?(?:acteurs|partenaires|associations|laboratoires|hopitaux|organismes|"
    r"startups|pme|biotechs|medtechs|initiatives|centres|clusters|incubateurs)|"
    r"(?:\d+|two|three|four|five|six|seven|eight|nine|ten|twelve|several) (?:[\w-]+ ){0,2}?"
    r"(?:partners|hospitals|institutions|labs|initiatives|centres|centers|hubs|clusters))\b"
)
# "l'État", "the French state": a payer that is no organisation mention.
STATE = re.compile(
    # "the French government's Deeptech Plan": the plan's owner, not who pays
    r"\b(?:l'etat|the (?:french )?state|le gouvernement|the (?:french |federal )?government)\b"
    # "the state bank", "l'État actionnaire": a body the state owns, named elsewhere
    r"(?!['’]s)(?!\s+(?:bank|banks|owned|agency|fund|investor|insurer)\b)(?!-owned)"
)
STATE_NAME = "État"

# Organisations that pay by trade: a public bank, a research or innovation agency, an
# investor. Matched on the folded canonical name.
FUNDER_NAME = re.compile(
    r"\b(?:bpifrance|bpi|anr|bei|eib|banque europeenne d'investissement|european investment "
    r"bank|commission europeenne|european commission|union europeenne|european union|hera|eic|"
    r"conseil europeen de l'innovation|caisse des depots|banque des territoires|sgpi|"
    r"assurance maladie|cnam|inca|etat|state|ministere|ministry|region|departement|ars|"
    r"gouvernement|government|"
    r"agence regionale de sante|ais|dge|ademe|fondation|foundation|fonds|fund|capital|ventures?|"
    r"partners|partenaires|invest\w*|gestion|angels?|equity|participations|sofinnova|"
    r"seventure|kurma|jeito|andera|omnes|eurazeo|tikehau|truffle|idinvest|ardian|"
    r"metropole|agence nationale|asset management|"
    # the English-speaking public funders of health innovation
    r"innovate uk|ukri|uk research and innovation|nihr|national institute for health and care "
    r"research|medical research council|mrc|wellcome|office for life sciences|department (?:for|of) "
    r"health|department for business|department for science|nhs england|nih|"
    r"national institutes of health|barda|arpa-h|beis|dhsc|dsit)\b"
)

# Names of investors by trade: money they put in is equity, not an aid ("Myotis Capital",
# "Rive Gauche Partners", "EIC Fund"); banks lend, agencies and foundations give.
INVESTOR_NAME = re.compile(
    r"\b(?:capital|ventures?|\w+ventures|partners|partenaires|invest\w*|angels?|participations|"
    r"gestion|fund|amorcage|croissance|developpement|healthcare|entreprendre|credit|"
    r"asset management)\b"
)
LENDER_OR_DONOR = re.compile(r"\b(?:banque|bank|bpifrance|fondation|foundation|caisse)\b")
