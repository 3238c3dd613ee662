"""The words organisation rules read: what a body is, how company names end, the words that
open or close a span without being part of a name. Plain data, shared by `org_context` and
its helpers.
"""

from __future__ import annotations

from collections.abc import Iterable

# What a body is, in the words of health-business news (singular and plural, FR and EN).
KIND = (
    r"start-?ups?|jeunes?[ \u00a0]pousses?|biotechs?|medtechs?|healthtechs?|techbios?|deeptechs?|"
    r"sociétés?(?:[ \u00a0]de[ \u00a0]gestion|[ \u00a0]de[ \u00a0]biotechnologies?)?|"
    r"entreprises?|PME|ETI|spin-?offs?|scale-?ups?|"
    r"laboratoires?(?:[ \u00a0]pharmaceutiques?)?|groupes?(?:[ \u00a0]pharmaceutiques?)?|"
    r"fonds(?:[ \u00a0]d['’]investissement|[ \u00a0]de[ \u00a0]capital[- ]risque)?|"
    r"investisseurs?|industriels?|fabricants?|sous-traitants?|CDMO|venture[ \u00a0]studios?|"
    r"incubateurs?|accélérateurs?|pépites?|filiales?|éditeurs?|spécialistes?|"
    r"companies|company|firms?|startups?|spin-?outs?|drugmakers?|investors?|funds?|"
    r"venture[ \u00a0]capital[ \u00a0]firms?|VC[ \u00a0]firms?|manufacturers?|subsidiary|groups?|"
    r"associations?|fondations?|centres?[ \u00a0]hospitaliers?(?=[ \u00a0][A-Z])|"
    r"réseaux?|networks?|clusters?|pôles?(?:[ \u00a0]de[ \u00a0]compétitivité)?|consortiums?|CROs?|family[ \u00a0]offices?|"
    r"contract[ \u00a0]research[ \u00a0]organi[sz]ations?|intégrateurs?|prestataires?|cabinets?|"
    r"agences?|groupements?|façonniers?|vendors?|transfer[ \u00a0]offices?|"
    r"mutuelles?|assureurs?|distributeurs?|banques?|plateformes?[ \u00a0]de[ \u00a0]financement|"
    r"autorités?|régulateurs?|regulators?"
)
SHAPE_WORDS = (
    "Therapeutics", "Therapeutic", "Pharma", "Pharmaceuticals", "Biopharma", "Bio", "Biotech",
    "Biotechnologie", "Biotechnologies", "Biotechnology", "Biosciences", "Bioscience",
    "Biologics", "Biotherapeutics", "Biotherapies", "Medical", "Medtech", "MedTech",
    "Diagnostics", "Diagnostic", "Surgical", "Robotics", "Genomics", "Genetics", "Labs",
    "Ventures", "Venture", "Capital", "Partners", "Invest", "Investments", "Investissement",
    "Investissements", "Participations", "Holdings", "Holding", "Fund", "Pharmaceutical",
    "Technologies", "Therapy", "Therapies", "Healthcare", "Management", "Associates",
    "Sciences", "Biomatériaux", "Biomaterials", "Biomédical", "Biomedical", "Imaging",
    "Devices", "Analytics", "Laboratories", "Oncology", "Vaccines",
    # French health companies and funds: "Cyberveille Santé", "Loire Capital Santé"
    "Santé",
    # business-angel networks: "Belledonne Angels", "Steel City Angels", "Seine Angels"
    "Angels",
    # English bodies name themselves by what they are: "Wye Valley NHS Trust", "Cystic
    # Fibrosis Foundation", "Big Data Institute", "Blueprint Medicines Corporation"
    "Trust", "Foundation", "Institute", "Hospital", "Hospitals", "University", "Council",
    "Agency", "Society", "Association", "Collaborative", "Consortium", "Corporation", "Corp",
    "Clinic",
)  # fmt: skip

# shape words whose bodies are named after a place, so the first word alone is the place
PLACE_NAMED = {"Angels"}

# Words that open a sentence or a clause, never a name; titles that open a person's name.
NOT_FIRST = {
    "le", "la", "les", "l", "un", "une", "des", "du", "de", "d", "ce", "cet", "cette", "ces",
    "il", "elle", "ils", "elles", "on", "nous", "son", "sa", "ses", "leur", "leurs", "the", "a",
    "an", "this", "that", "these", "its", "their", "it", "en", "au", "aux", "selon", "pour",
    "avec", "dans", "par", "sur", "depuis", "apres", "avant", "mais", "et", "or", "donc",
    "ainsi", "enfin", "alors", "outre", "chez", "entre", "vers", "in", "at", "for", "from",
    "with", "by", "as", "after", "before", "and", "but", "since", "while", "when", "if",
    "m", "mme", "mr", "mrs", "ms", "dr", "pr", "professeur", "docteur", "monsieur", "madame",
    "president", "presidente", "ministre", "directeur", "directrice", "ceo", "pdg", "janvier",
    "fevrier", "mars", "avril", "mai", "juin", "juillet", "aout", "septembre", "octobre",
    "novembre", "decembre", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi",
    "dimanche", "january", "february", "march", "april", "june", "july", "august",
    "september", "october", "november", "december", "monday", "tuesday", "wednesday",
    "thursday", "friday", "serie", "series", "phase", "about", "via", "under", "through",
    "during", "over",
}  # fmt: skip
# the French ones, which news also uses as nouns before a name ("les Américains Redmile")
FRENCH_DEMONYMS = {
    "Française", "Français", "Européen", "Européenne", "Américain", "Américaine", "Allemand",
    "Allemande", "Suisse", "Belge", "Britannique",
}  # fmt: skip
NATIONALITIES = {
    "French", "German", "Swiss", "British", "Belgian", "Dutch", "Italian", "Spanish", "American",
    "US", "UK", "European", "Danish", "Swedish", "Japanese", "Chinese", "Israeli", "Canadian",
    "Irish", "Finnish",
} | FRENCH_DEMONYMS  # fmt: skip


def only_nationalities(words: Iterable[str]) -> bool:
    """Whether every word is a nationality ("Swiss", "French"): no name, however spelt."""
    return all(w in NATIONALITIES for w in words)


NOT_LAST = {
    "le", "la", "les", "l", "un", "une", "il", "elle", "the", "a", "an", "this", "it", "de",
    "du", "des", "d", "of", "for", "ce", "cette", "son", "sa", "ses", "en", "et", "and",
}  # fmt: skip
# capitalised kind words that still only say what a body is, never open its name
GENERIC_KINDS = {
    "start-up", "startup", "start-ups", "startups", "biotech", "medtech", "healthtech", "spin-off",
    "societe", "entreprise", "pme", "company", "firm", "cro", "scale-up", "deeptech",
}  # fmt: skip

# A demonym said as a noun before a name is a company's in business news ("le lyonnais
# Amolyt Pharma", "la marseillaise ImCheck", "l'américain Pfizer"); a person's would be
# capitalised ("le Lyonnais Jean Dupont"). Masculine stems; -e/-es/-s/-ne endings follow.
_DEMONYM_STEMS = (
    "français", "américain", "allemand", "britannique", "suisse", "belge", "italien", "espagnol",
    "néerlandais", "danois", "suédois", "japonais", "chinois", "coréen", "israélien",
    "canadien", "irlandais", "finlandais", "norvégien", "autrichien", "australien", "indien",
    "parisien", "lyonnais", "marseillais", "toulousain", "niçois", "nantais", "strasbourgeois",
    "montpelliérain", "bordelais", "lillois", "rennais", "grenoblois", "stéphanois", "dijonnais",
    "angevin", "nancéien", "messin", "rouennais", "brestois", "clermontois", "orléanais",
    "caennais", "nîmois", "toulonnais", "limougeaud", "poitevin", "amiénois", "rémois",
    "bisontin", "perpignanais", "palois", "tourangeau", "havrais", "annécien", "mulhousien",
    "francilien", "breton", "normand", "alsacien", "lorrain", "provençal", "auvergnat",
    "bourguignon", "picard", "savoyard", "vendéen", "champenois", "ligérien", "azuréen",
    "nordiste", "réunionnais", "occitan", "aquitain", "girondin", "sophipolitain",
)  # fmt: skip
DEMONYM_NOUN = (
    r"(?:"
    + "|".join(sorted(_DEMONYM_STEMS, key=len, reverse=True))
    + r")(?:ne|e)?s?"  # "parisienne", "lyonnaise", "bretonne", "suisses"
)
