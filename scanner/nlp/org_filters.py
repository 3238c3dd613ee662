"""Last checks on unlisted organisation mentions: shapes that news prose gives a capital but
that name no body.

- a person introduced with a role: "Jean Dupont, directeur de ...", "Jane Smith, CEO of ..."
  (`person_with_role`);
  and one after a title: "le Pr Jean Dupont", "CEO Jane Smith" (`person_after_title`);
- an adverb or connector opening a sentence: "Ainsi, ...", "Additionally, ..."
  (`opening_adverb`), a participle before "by": "Moderated by ..." (`opening_participle`);
- a generic term: "R&D", "SMEs", "PME", "ALL" (the leukaemia), "the company"
  (`generic_term`);
- a span broken by a guillemet or a spaced dash: « and » mark a quotation, " – " a dateline
  or a title's break ("LONDON – Technology"), never the inside of a company's name
  (`broken_by_quote`);
- a name the sentence gives to a project or a product: "le projet ALPS de H4D", "its
  platform Helios" (`named_thing`);
- a policy, a plan or a law: "Industrial Strategy", "Sustainability and Transformation Plans
  (STPs)", "Stratégie nationale" (`policy_name`);
- a nationality before common nouns: "Dutch investment", "French biotech" (`demonym_phrase`);
- a job title standing alone: "Managing Director", "Investment Associate", "Partner"
  (`job_title`);
- places only: "Oxford and Cambridge", "Silicon Valley", "Creuse" (`org_places.place_name`);
- a financial product: "Prêt Garanti par l'État (PGE)" (`money_product`).

And a scheme named in the plural is retyped a programme: "Knowledge Transfer Partnerships
(KTPs)", then "KTPs" (`as_schemes`).

A listed name (origin "gazetteer" or "curator") is never dropped: the list is trusted.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from scanner.nlp.org_places import place_name
from scanner.records import Mention
from scanner.text.folding import fold

_TRUSTED = ("gazetteer", "curator")

# Roles that follow a person's name after a comma in French and English news
_ROLE = re.compile(
    r"[ \u00a0]*,[ \u00a0]+(?:(?:son|sa|leur|the|its|their|le|la|l['’]|co-?)[ \u00a0]*)?"
    r"(?i:directeur|directrice|président|présidente|pdg|ceo|cto|cfo|coo|cmo|fondateur|"
    r"fondatrice|cofondateur|cofondatrice|co-fondateur|co-fondatrice|founder|co-founder|"
    r"cofounder|chief|head|professeur|professor|chercheur|chercheuse|researcher|médecin|general|"
    r"venture|founding|operating|senior|principal|"
    r"docteur|chirurgien|chirurgienne|responsable|associé|associée|partner|managing|"
    r"vice-président|vice-présidente|vice-president|chair|chairman|chairwoman|director|"
    r"ministre|minister|secrétaire|délégué|déléguée|conseiller|conseillère)\b"
)
# A person's name: two or three capitalised words, hyphenated first names allowed
_PERSON = re.compile(
    r"[A-ZÀÂÄÇÉÈÊËÎÏÔÖÛÙÜ][a-zà-ÿ]+(?:-[A-ZÀÂÄÇÉÈÊËÎÏÔÖÛÙÜ][a-zà-ÿ]+)?"
    r"(?:[ \u00a0](?:de[ \u00a0]|van[ \u00a0]|von[ \u00a0]|da[ \u00a0]|le[ \u00a0])?"
    r"[A-ZÀÂÄÇÉÈÊËÎÏÔÖÛÙÜ][a-zà-ÿ'’\-]+){1,2}"
)
# Last words that make a two-word name a company's, whatever follows it
_BODY_WORDS = {
    "therapeutics", "pharma", "bio", "biotech", "medical", "diagnostics", "surgical", "health",
    "sante", "capital", "ventures", "partners", "invest", "labs", "lab", "group", "groupe",
    "technologies", "systems", "robotics", "genomics", "biosciences", "sciences", "care",
    "medtech", "fund", "fonds", "institute", "institut", "foundation", "fondation",
}  # fmt: skip

_ADVERBS = {
    "ainsi", "enfin", "desormais", "aujourd'hui", "parallelement", "concretement", "actuellement",
    "neanmoins", "toutefois", "cependant", "pourtant", "egalement", "ensuite", "puis", "d'abord",
    "surtout", "notamment", "outre", "ensemble", "additionally", "meanwhile", "however",
    "moreover", "finally", "notably", "today", "together", "furthermore", "importantly",
    "previously", "currently", "separately", "initially", "ultimately", "overall", "similarly",
    "specifically", "instead", "recently", "also", "yet", "still", "besides", "subsequently",
}  # fmt: skip
_OPENING = re.compile(r"(?:^|[.!?:;\n\u2022«\"“(]\s*)$")

_GENERIC = {
    "all", "r&d", "r & d", "r&i", "sme", "smes", "pme", "pmes", "eti", "etis", "tpe", "tpes",
    "the company", "the firm", "the group", "the startup", "the start-up", "la societe",
    "l'entreprise", "la start-up", "la startup", "big pharma", "pharma", "biotechs", "startups",
    "start-ups", "medtechs", "the company's", "company", "societe", "entreprise", "ceo", "pdg",
    "vc", "vcs", "projects", "projets", "companies", "entreprises", "patients",
    "investors", "investisseurs", "researchers", "chercheurs", "partners", "partenaires",
    "winners", "laureats", "founders", "fondateurs", "clinicians", "hospitals", "hopitaux",
    # a sector named alone ("15 des 22 TechBio françaises"): no body
    "techbio", "techbios", "healthtech", "healthtechs", "medtech", "biotech", "deeptech",
    "deeptechs", "femtech", "femtechs", "fintech", "fintechs", "e-sante", "biotechnologies",
}  # fmt: skip
# Last words of a policy's name, never of a body's
_POLICY_WORDS = {
    "strategy", "strategies", "strategie", "plan", "plans", "policy", "act", "bill", "programme",
    "program", "roadmap", "loi", "reforme", "reform",
}  # fmt: skip
_TRAILING_BRACKET = re.compile(r"\s*\([^()]*\)$")
_BOARD = re.compile(
    r"(?:conseil d['’]administration|conseil de surveillance|comite (?:de direction|executif|"
    r"scientifique|strategique)|board of directors|(?:scientific )?advisory board|"
    r"supervisory board)\b"
)
_QUOTES = re.compile(r"[«»“”]")
_DATELINE = re.compile(r"[A-ZÀ-Ü][A-ZÀ-Ü .'’\-]* [–—-] ")  # "LONDON – ", "SAN DIEGO — "
_DEMONYMS = {
    "dutch", "french", "british", "german", "swiss", "belgian", "italian", "spanish", "european",
    "american", "chinese", "japanese", "danish", "swedish", "israeli", "canadian", "irish",
    "scottish", "english", "welsh", "nordic", "austrian", "korean", "indian", "us", "uk",
    "francais", "francaise", "allemand", "allemande", "americain", "americaine", "britannique",
    "suisse", "belge", "europeen", "europeenne", "italien", "italienne", "espagnol", "espagnole",
}  # fmt: skip
_NAME_LINKS = {"of", "and", "for", "the", "&", "de", "du", "des", "la", "le", "et", "d'", "l'"}


def person_with_role(text: str, m: Mention) -> bool:
    """ "Jean Dupont, directeur général de ...": a person's name then a role after a comma."""
    words = m.text.split()
    if not 2 <= len(words) <= 3 or not _PERSON.fullmatch(m.text):
        return False
    if fold(words[-1]) in _BODY_WORDS:
        return False
    return _ROLE.match(text, m.end) is not None


_TITLE_BEFORE = re.compile(
    r"(?:\b(?:Dr|Pr|Prof|Professor|Professeur|M|Mme|Mr|Mrs|Ms|Me|CEO|PDG|CTO|CFO|"
    r"(?i:président|présidente|directeur|directrice|fondateur|fondatrice|cofondateur|"
    r"cofondatrice|co-founder|cofounder|founder|ministre|minister|docteur))\.?)[ \u00a0]+$"
)


# A span that opens with a person's title: "Prime Minister Theresa May", "Mrs May"
_TITLED_PERSON = re.compile(
    r"(?:Prime[ \u00a0]Minister|Minister|Ministre|Mrs|Mr|Ms|Mme|M\.|Dr|Pr|Prof|Professor|"
    r"Professeur|President|Président|Présidente|Sir|Dame|Lord|Lady)\.?[ \u00a0]+"
    r"[A-ZÀ-Ü][a-zà-ÿ'’\-]+(?:[ \u00a0][A-ZÀ-Ü][a-zà-ÿ'’\-]+){0,2}"
)


def person_after_title(text: str, m: Mention) -> bool:
    """ "le Pr Jean Dupont", "CEO Jane Smith": a person's name right after a title, or a span
    that opens with the title ("Prime Minister Theresa May", "Mrs May")."""
    words = m.text.split()
    if _TITLED_PERSON.fullmatch(m.text) and fold(words[-1]) not in _BODY_WORDS:
        return True
    if not 2 <= len(words) <= 3 or not _PERSON.fullmatch(m.text):
        return False
    if fold(words[-1]) in _BODY_WORDS:
        return False
    return _TITLE_BEFORE.search(text, max(0, m.start - 20), m.start) is not None


def opening_adverb(text: str, m: Mention) -> bool:
    """ "Ainsi, ...", "Additionally ...": one word opening a sentence that is an adverb."""
    if " " in m.text.strip() or fold(m.text) not in _ADVERBS:
        return False
    return _OPENING.search(text[max(0, m.start - 3) : m.start]) is not None


_PARTICIPLE = re.compile(r"[A-Z][a-z]+ed|[A-ZÉ][a-zà-ÿ]+ée?s?")
# a preposition after it: "Moderated by", "Nominated for", "Founded in", "Créée en", "Basée à"
_BY_AFTER = re.compile(
    r"[ \u00a0]+(?:by|for|in|as|at|from|on|with|under|after|en|par|dans|pour|sur|au|aux|à)\b"
)


def opening_participle(text: str, m: Mention) -> bool:
    """ "Moderated by Alex Condon, ...", "Nominated for the second year", "Créée en 2019":
    one past participle opening a sentence before a preposition, which the model reads as a
    name."""
    if not _PARTICIPLE.fullmatch(m.text) or not _BY_AFTER.match(text, m.end):
        return False
    return _OPENING.search(text[max(0, m.start - 3) : m.start]) is not None


# first words of a financial product's name, never of a body's: "Prêt Garanti par l'État (PGE)"
_PRODUCT_HEADS = {
    "pret", "prets", "avance", "avances", "subvention", "subventions", "loan", "loans",
}  # fmt: skip


_BRACKETED_ACRONYM = re.compile(r"\(([A-Z][A-Za-z0-9&\-]{1,9})\)$")


def money_product(m: Mention) -> bool:
    """ "Prêt Garanti par l'État (PGE)", "Avance remboursable Innovation": a loan or an aid
    the sentence names, not the body that gives it."""
    words = fold(m.text).split()
    return bool(words) and words[0] in _PRODUCT_HEADS


def _product_names(mentions: Sequence[Mention]) -> set[str]:
    """The names of the products among the organisation mentions, with the acronym each
    defines: "(PGE)" names the product too, later "le PGE"."""
    names = set()
    for m in mentions:
        if m.kind == "organisation" and money_product(m):
            names.add(m.canonical)
            acronym = _BRACKETED_ACRONYM.search(m.text)
            if acronym:
                names.add(acronym.group(1))
    return names


def generic_term(m: Mention) -> bool:
    """A word for a kind of body or activity, not a body's name; a company's board ("Conseil
    d'Administration de la société")."""
    key = fold(m.text.strip())
    return key in _GENERIC or _BOARD.match(key) is not None


def broken_by_quote(m: Mention) -> bool:
    """A guillemet or a curly quote inside the span, or a dateline before a spaced dash
    ("LONDON – Technology"): a quotation or a dateline cut across, not a name ("Institut ...
    de Toulouse – Oncopole" keeps its dash)."""
    return _QUOTES.search(m.text) is not None or _DATELINE.match(m.text) is not None


_THING_BEFORE = re.compile(
    r"(?i:\b(?:le|du|au|son|ce|the|its|their|our)[ \u00a0]+(?:projet|produit|logiciel|"
    r"projects?|product|software|platform|drug|candidate|device))[ \u00a0]+$"
)


def named_thing(text: str, m: Mention) -> bool:
    """ "le projet ALPS de H4D": the name right after "le projet", "the platform" is a thing's."""
    return _THING_BEFORE.search(text, max(0, m.start - 30), m.start) is not None


def policy_name(m: Mention) -> bool:
    """ "our modern Industrial Strategy", "the 44 Sustainability and Transformation Plans
    (STPs)": a name whose last word (before a bracketed acronym) says policy, not body."""
    words = _TRAILING_BRACKET.sub("", m.text).split()
    return len(words) >= 2 and fold(words[-1]) in _POLICY_WORDS


_COUNT_WORDS = {
    "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "several", "many",
    "deux", "trois", "quatre", "cinq", "sept", "huit", "neuf", "dix", "plusieurs",
}  # fmt: skip


def demonym_phrase(m: Mention) -> bool:
    """ "Dutch investment", "French biotech": a nationality then only lower-case common words;
    "Four Irish" (medtech companies): a count before the nationality."""
    words = m.text.split()
    if len(words) == 2 and fold(words[0]) in _COUNT_WORDS and fold(words[1]) in _DEMONYMS:
        return True
    if len(words) < 2 or fold(words[0]) not in _DEMONYMS:
        return False
    return all(w[:1].islower() and w not in _NAME_LINKS for w in words[1:])


# Plural last words of a funding scheme's name: many partnerships, grants, loans, never one body
_SCHEME_PLURALS = {
    "partnerships", "grants", "schemes", "fellowships", "loans", "vouchers", "bursaries",
    "studentships",
}  # fmt: skip


# Words of a job title, which panel lists and signatures capitalise ("Anita Watkins, Managing
# Director, Rex Health Ventures")
_TITLE_WORDS = {
    "managing", "director", "directors", "investment", "associate", "partner", "general",
    "senior", "vice", "president", "chief", "executive", "officer", "head", "principal",
    "analyst", "manager", "founder", "co-founder", "cofounder", "ceo", "coo", "cfo", "cto",
    "cmo", "cso", "svp", "evp", "vp", "chair", "chairman", "chairwoman", "venture", "advisor",
    "adviser", "consultant", "operating", "medical", "scientific", "financial", "technology",
    "directeur", "directrice", "associe", "associee", "fondateur", "fondatrice",
    "gerant", "gerante", "charge", "chargee", "d'affaires", "of",
}  # fmt: skip
# at least one of these makes the words a title ("Medical Technology" alone is a field)
_TITLE_HEADS = {
    "director", "directors", "associate", "partner", "president", "officer", "head", "analyst",
    "manager", "founder", "co-founder", "cofounder", "ceo", "coo", "cfo", "cto", "cmo", "cso",
    "svp", "evp", "vp", "chair", "chairman", "chairwoman", "advisor", "adviser", "consultant",
    "directeur", "directrice", "associe", "associee", "fondateur", "fondatrice", "gerant",
    "gerante", "principal",
}  # fmt: skip


def job_title(m: Mention) -> bool:
    """ "Managing Director", "Investment Associate", "Partner": a capitalised job title from a
    panel list or a signature, not a body; only title words, one of them a title's head
    ("Partners" is plural, "Kerlann Partners" has a name: both stay)."""
    words = [fold(w) for w in m.text.replace(",", " ").split()]
    return (
        bool(words)
        and all(w in _TITLE_WORDS for w in words)
        and any(w in _TITLE_HEADS for w in words)
    )


def as_schemes(mentions: Sequence[Mention]) -> list[Mention]:
    """ "Knowledge Transfer Partnerships (KTPs)": an unlisted organisation whose name ends in
    a scheme's plural noun is the scheme, a programme, and so are the mentions sharing its
    canonical (the acronym "KTPs" later); "Academic Health Science Networks" stays a body."""
    schemes: dict[str, str] = {}
    for m in mentions:
        words = _TRAILING_BRACKET.sub("", m.text).split()
        if (
            m.kind == "organisation"
            and m.origin not in _TRUSTED
            and len(words) >= 2
            and fold(words[-1]) in _SCHEME_PLURALS
        ):
            schemes[m.canonical] = " ".join(words)
    if not schemes:
        return list(mentions)
    return [
        replace(m, kind="programme", canonical=schemes[m.canonical])
        if m.kind == "organisation" and m.origin not in _TRUSTED and m.canonical in schemes
        else m
        for m in mentions
    ]


# "Theranexa (Euronext Growth : ALTHX)", "Corvela (Nasdaq: CRVL)": a listed company's ticker
_TICKER = re.compile(r"\([A-Z][\w .]{1,30}?\s*:\s*$")


def stock_ticker(text: str, m: Mention) -> bool:
    return (
        m.text.isupper()
        and _TICKER.search(text, max(0, m.start - 34), m.start) is not None
        and text[m.end : m.end + 1] == ")"
    )


def without_false_orgs(text: str, mentions: Sequence[Mention]) -> list[Mention]:
    """`mentions` without the unlisted organisations these checks reject; plural schemes
    retyped programmes (`as_schemes`)."""
    out = []
    for m in as_schemes(mentions):
        if (
            m.kind == "organisation"
            and m.origin not in _TRUSTED
            and (
                generic_term(m)
                or broken_by_quote(m)
                or demonym_phrase(m)
                or place_name(m)
                or job_title(m)
                or named_thing(text, m)
                or policy_name(m)
                or opening_adverb(text, m)
                or opening_participle(text, m)
                or person_with_role(text, m)
                or person_after_title(text, m)
                or money_product(m)
                or stock_ticker(text, m)
            )
        ):
            continue
        out.append(m)
    products = _product_names(mentions)
    return [
        m
        for m in out
        if not (m.kind == "organisation" and m.origin not in _TRUSTED and m.text in products)
    ]
