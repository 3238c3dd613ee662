"""Rule-based organisation finders: acronym definitions, legal names and their short forms,
institutions named after a place, companies introduced by what they are.

Pure functions of the text (and the gazetteer for canonical names); `organisations` merges them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from scanner.nlp.gazetteer import Gazetteer
from scanner.nlp.org_names import short_form_alone
from scanner.records import Mention
from scanner.text.folding import fold, fold_char

Span = tuple[int, int]

LEGAL_SUFFIXES = (
    "Co., Ltd.", "Co., Ltd", "Co. Ltd.", "Co. Ltd", "LLP", "SAS", "SASU", "SA", "SARL", "SCA", "GmbH", "Inc", "Inc.", "Ltd", "Ltd.", "LLC", "plc",
    "Limited", "AG", "NV", "BV", "S.A.", "S.A.S.", "S.A.S", "ASA", "AB", "A/S", "ApS", "Oy",
    "SpA", "S.p.A.", "Srl", "S.r.l.", "B.V.", "N.V.", "S.L.", "S.L.U.", "Lda.", "Lda",
    "Ltda.", "Corp.", "Corp",
)  # fmt: skip
_SUFFIX_ALT = "|".join(re.escape(s) for s in sorted(LEGAL_SUFFIXES, key=len, reverse=True))
SUFFIX_RE = re.compile(rf"[ \u00a0,]+(?:{_SUFFIX_ALT})(?![\w])")
_NAME_TOKEN = re.compile(r"[A-Z0-9ÉÈÀÂÎÔÛÇØÅÑÁÍÓÚ][\w&'’.\-]*$|[a-z]+[A-Z][\w\-]*$")
LEADING_ARTICLE = re.compile(
    r"^(?:(?:l|d|qu|j)['’]|la\s+|le\s+|les\s+|du\s+|des\s+|de\s+la\s+|de\s+l['’]|de\s+|au\s+|aux\s+|the\s+)",
    re.IGNORECASE,
)
# Head nouns that make an acronym definition an organisation ("Direction générale ... (DGE)").
ORG_HEADS = {
    "agence", "institut", "direction", "commissariat", "secretariat", "centre", "conseil", "caisse",
    "federation", "association", "societe", "syndicat", "haute", "autorite", "office",
    "etablissement", "universite", "ecole", "laboratoire", "fondation", "assistance", "hopital",
    "hopitaux", "groupement", "union", "ministere", "delegation", "comite", "observatoire",
    "banque", "fonds", "pole", "reseau", "alliance", "consortium", "organisation", "academie",
    "college", "conference", "chambre", "service", "departement", "entreprises", "groupe",
    "hospices", "plateforme", "mutuelle", "ordre", "cour", "collectif", "unite",
}  # fmt: skip
# spaCy's frequent false ORGs in French news: country, state, generic nouns, titles, months.
NOT_ORG = {
    "france", "etat", "l'etat", "gouvernement", "president", "president de la republique",
    "republique", "europe", "premier ministre", "ministre", "senat", "assemblee nationale",
    "parlement", "covid", "covid-19", "ia", "sante", "innovation", "recherche", "source",
    "article", "newsletter", "facebook", "twitter", "linkedin", "print friendly", "pdf", "email",
    "objectif", "projet", "programme", "agence", "l'agence", "etat francais", "medtech",
    "healthtech", "biotech", "start-up", "startup", "chu", "rgpd",
    # jargon acronyms spaCy tags ORG: marks, diplomas, ratings, molecules, procedures
    "ce", "asmr", "smr", "mdma", "ibode", "iade", "arn", "arnm", "adn", "car-t", "mti", "irm",
    "pcr", "amm", "ami", "aap", "pme", "cro", "cdmo", "eti", "ght", "ai", "ml", "llm", "iot", "gdpr", "series a", "series b", "series c", "serie a", "serie b",
    "serie c", "seed", "atu", "dm", "dmn", "lfss", "plfss", "ondam", "t2a", "rihn", "ehpad", "ald",
    "bpco", "avc", "vih", "sida", "snds", "eds", "orl", "dmp", "ins", "hds", "cim-10", "lsd", "psilocybine", "ivd", "ivdr", "mdr", "rwe", "saas",
    # market operations spaCy tags ORG ("l'OPA lancée par Sanofi", "its IPO on the Nasdaq")
    "opa", "ope", "opr", "opas", "ipo", "lbo", "spac", "m&a",
    # research and development ("les aides à la R & D")
    "r&d", "r & d", "r&d.", "r & d.", "r et d", "r-d",
    # places spaCy tags ORG, in French and English news
    "allemagne", "italie", "espagne", "belgique", "suisse", "pays-bas", "royaume-uni",
    "etats-unis", "chine", "japon", "inde", "canada", "coree", "germany", "italy", "spain",
    "netherlands", "belgium", "switzerland", "united kingdom", "uk", "united states", "us", "usa",
    "china", "japan", "india", "korea", "asia", "asie", "africa", "afrique", "america",
    "amerique", "brittany", "normandy", "paris", "lyon", "marseille", "toulouse", "bordeaux", "lille", "nantes",
    "janvier", "fevrier", "mars", "avril", "mai", "juin", "juillet", "aout", "septembre",
    "octobre", "novembre", "decembre", "lundi", "mardi", "mercredi", "jeudi", "vendredi",
    # English datelines ("SAN DIEGO, Nov. 2, 2026 —"): months and their abbreviations
    "january", "february", "april", "june", "july", "august", "september", "october",
    "november", "december", "jan", "feb", "apr", "aug", "sept", "oct", "nov", "dec",
}  # fmt: skip


def strip_legal_suffix(name: str) -> str:
    """ "TheraPanacea SAS" → "TheraPanacea"; names without a suffix are returned unchanged."""
    m = SUFFIX_RE.search(name)
    if m and not name[m.end() :].strip(" .,"):
        return name[: m.start()].strip()
    return name


def acronym_mentions(
    text: str, gazetteer: Gazetteer, org_ents: Sequence[Span] = ()
) -> list[Mention]:
    """Organisations defined in the text as "Long Name (ACR)", then each later "ACR"."""
    mentions: list[Mention] = []
    for m in re.finditer(r"\(\s*([A-Z][A-Za-z0-9&\-]{1,11})\s*\)", text):
        short = m.group(1)
        if sum(c.isupper() for c in short) < 2 or fold(short) in NOT_ORG:
            continue  # "Artificial Intelligence (AI)" defines a word, not a body
        line_start = text.rfind("\n", 0, m.start()) + 1
        window_start = max(line_start, m.start() - 160)
        long_span = long_form_of(text[window_start : m.start()], short)
        if long_span is None:
            continue
        start, end = window_start + long_span[0], window_start + long_span[1]
        long_form = text[start:end]
        if fold(long_form).split()[0] in _PROGRAMME_HEADS:
            continue  # "Programme national nutrition santé (PNNS)" names a programme
        canonical = gazetteer.lookup(long_form, "organisation")
        if canonical is None and not _is_org_name(long_form, start, end, org_ents, gazetteer):
            continue
        # an unknown organisation is named by its acronym, as the gazetteer names AIS or ANSM
        canonical = canonical or short
        mentions.append(Mention("organisation", start, end, long_form, canonical, origin="rule"))
        s_start, s_end = m.start(1), m.end(1)
        mentions.append(Mention("organisation", s_start, s_end, short, canonical, origin="rule"))
        pattern = re.compile(rf"(?<![\w\-]){re.escape(short)}(?![\w\-])")
        for later in pattern.finditer(text, m.end()):
            mentions.append(
                Mention("organisation", later.start(), later.end(), short, canonical, origin="rule")
            )
    return mentions


_LINK_WORDS = {
    "de", "du", "des", "la", "le", "les", "l", "d", "et", "en", "a", "au", "aux", "pour", "sur",
    "and", "of", "for", "the", "in", "on", "&",
}  # fmt: skip
_WORD_AT = re.compile(r"[^\s'’\-]+")


def _initials_span(window: str, letters: list[str]) -> int | None:
    """Where the words whose initials spell `letters` start, link words skipped ("Chambre de
    Commerce et d'Industrie" for CCI), or None."""
    words = [m for m in _WORD_AT.finditer(window) if fold(m.group()) not in _LINK_WORDS]
    if len(words) < len(letters):
        return None
    tail = words[-len(letters) :]
    initials = [fold(m.group())[:1] for m in tail]
    return tail[0].start() if initials == letters else None


def long_form_of(window: str, short: str) -> Span | None:
    """Schwartz–Hearst: the shortest tail of `window` whose letters spell `short`, the first
    letter starting a word; the words' initials first when they spell it whole. Returns
    offsets within `window`, leading articles removed."""
    window = window.rstrip()
    if not window:
        return None
    low = "".join((fold_char(c) or c)[0].lower() for c in window)  # one char per char
    letters = [c.lower() for c in "".join(fold_char(c) for c in short) if c.isalnum()]
    initial = _initials_span(window, letters) if len(letters) >= 3 else None
    if initial is not None:
        return initial, len(window)
    i = len(low) - 1
    for k in range(len(letters) - 1, -1, -1):
        c = letters[k]
        while i >= 0 and (low[i] != c or (k == 0 and i > 0 and low[i - 1].isalnum())):
            i -= 1
        if i < 0:
            return None
        i -= 1
    start = i + 1
    words = window[start:].split()
    if len(words) > len(letters) + 5 or len(window) - start < len(short) + 2:
        return None
    article = LEADING_ARTICLE.match(window[start:])
    if article:
        start += article.end()
    return (start, len(window)) if start < len(window) else None


def _is_org_name(
    long_form: str, start: int, end: int, org_ents: Sequence[Span], gazetteer: Gazetteer
) -> bool:
    """A body's name: an organisation head noun ("Agence ..."), the model's ORG, a listed
    organisation inside it ("Paris Saclay Cancer Cluster"), or every word capitalised."""
    words = fold(long_form).split()
    if not words or not long_form[:1].isupper():
        return False
    if words[0] in ORG_HEADS:
        return True
    if any(s <= start < e or start <= s < end for s, e in org_ents):
        return True
    if gazetteer.find(long_form, kinds=("organisation",)):
        return True
    content = [w for w in long_form.split() if len(w) > 3]
    return len(content) >= 2 and all(w[:1].isupper() for w in content)


# Nationality adjectives written before a company's name in English news
DEMONYMS = (
    "French|German|Swiss|British|Belgian|Dutch|Italian|Spanish|American|European|Danish|Swedish|"
    "Norwegian|Finnish|Japanese|Chinese|Korean|Israeli|Canadian|Irish|Austrian|Polish|"
    "Portuguese|Lithuanian|Estonian|Latvian|Czech|Greek|Hungarian|Indian|Australian|Singaporean"
)
_PROGRAMME_HEADS = {"programme", "plan", "strategie", "appel", "projet", "dispositif", "feuille"}


def legal_name_mentions(text: str) -> list[Mention]:
    """Company names written with a legal suffix: "Ad Scientiam SAS" → canonical "Ad Scientiam"."""
    mentions = []
    for m in SUFFIX_RE.finditer(text):
        base = max(0, m.start() - 80, text.rfind("\n", 0, m.start()) + 1)
        tokens = list(re.finditer(r"\S+", text[base : m.start()]))
        name_start = None
        for tok in reversed(tokens[-5:]):
            word = tok.group()
            if _NAME_TOKEN.match(word) and not word.endswith((",", ";", ":", ".")):
                name_start = base + tok.start()
            elif word in {"de", "&", "et"} and name_start is not None:
                continue
            else:
                break
        if name_start is None:
            continue
        # "New York-based Optain Inc.", "Dutch Sensius BV": what it is, not its name
        lead = re.match(
            rf"(?:[^\n]*?-based[ \u00a0]+)?(?:(?:{DEMONYMS})[ \u00a0]+)*(?:(?:CRO|CDMO|PME|ETI)[ \u00a0]+)?"
            # "Startup Aiomix ApS received": what it is, opening the sentence
            r"(?:(?:Startup|Start-up|Biotech|Medtech|Healthtech|Spinout|Spin-off)[ \u00a0]+(?=[A-Z]))?"
            # "L'américain Northbrook Therapeutics Inc.": a French demonym opening a sentence
            r"(?:(?:L['’]|Le[ \u00a0]+|La[ \u00a0]+)[a-zàâçéèêëîïôûù]+[ \u00a0]+)?",
            text[name_start : m.start()],
        )
        if lead is not None and lead.end():
            name_start += lead.end()
        if name_start >= m.start():
            continue
        name = text[name_start : m.start()]
        surface_end = m.end()
        mentions.append(
            Mention(
                "organisation",
                name_start,
                surface_end,
                text[name_start:surface_end],
                name.strip(),
                origin="rule",
            )
        )
    return mentions


def short_name_mentions(
    text: str, names: Sequence[str], is_common_word: Callable[[str], bool] | None = None
) -> list[Mention]:
    """Later references to a company first named with its legal suffix: "Robocut Medical SAS"
    then "Robocut Medical" or "Robocut" (a first word that is not a common word)."""
    mentions = []
    for name in dict.fromkeys(names):
        forms = [name]
        first = name.split()[0]
        common = fold(first) in NOT_ORG or (is_common_word and is_common_word(first.lower()))
        if len(name.split()) > 1 and len(first) >= 4 and first[:1].isupper() and not common:
            forms.append(first)
        for form in forms:
            for m in re.finditer(rf"(?<![\w\-]){re.escape(form)}(?![\w\-])", text):
                if form != name and not short_form_alone(text, m.start(), m.end(), name):
                    continue  # "Dr Pieter Dijkstra", the founder of Dijkstra Diagnostics B.V.
                mentions.append(
                    Mention("organisation", m.start(), m.end(), form, name, origin="rule")
                )
    return mentions


# a place or a saint's name: "Nîmes", "Côte d'Azur", "Saint-Clément des Garrigues", "l'Erdre"
_PLACE_NAME = (
    r"(?:[dl]['’])?[A-ZÉÈÎ][\w’'\-]*"
    r"(?:[ \-](?:[A-ZÉÈÎ][\w’'\-]*|\d+|(?:sur|en|des|de|du|la|le)\b|[dl]['’][A-ZÉÈÎ][\w’'\-]*)){0,3}"
)
_HOSPITAL_KINDS = (
    r"(?: régional universitaire| universitaire| régional| intercommunal| départemental|"
    r" spécialisé)?"
)
_INSTITUTION = re.compile(
    r"\b(?P<head>[Uu]niversit[ée]|CHU|CHRU|CHR|EPSM|"
    rf"Centre hospitalier{_HOSPITAL_KINDS}|"
    # "Clinique Gynécologique de l'Erdre", "Clinique Ophtalmologique des Baous"
    r"Clinique(?: [A-ZÉ][a-zéèô]+(?:ique|aire|ale|al))?|"
    r"Hôpitaux universitaires|Hôpitaux|Groupe hospitalier|[Hh]ôpital|Hôtel-Dieu|IHU|Ville|Région|Département|"
    r"Conseil (?:régional|départemental)|Métropole|[Cc]hambre d['’]agriculture|"
    r"[Cc]hambre de commerce et d['’]industrie|CCI|Communauté d['’]agglomération|Cancéropôle|"
    r"[Mm]usée|Institut|Fondation)"
    rf"(?P<link>[ \u00a0]+(?:de[ \u00a0]+la[ \u00a0]+|de[ \u00a0]+l['’]|de[ \u00a0]+|du[ \u00a0]+|des[ \u00a0]+|d['’])?|[ \u00a0]*d['’])"
    rf"(?P<name>{_PLACE_NAME})"
)
# "le centre hospitalier de Montluçon": the hospital, written in lower case
_LOWER_HOSPITAL = re.compile(
    # the one hospital of a place ("le", "du", "au"), not "un centre hospitalier du Sud-Ouest"
    r"\b(?:[Ll]e|[Dd]u|[Aa]u)[ \u00a0]+"
    rf"(?P<hospital>centre hospitalier{_HOSPITAL_KINDS}"
    rf"[ \u00a0]+(?:de[ \u00a0]+la[ \u00a0]+|de[ \u00a0]+l['’]|de[ \u00a0]+|du[ \u00a0]+|d['’])"
    rf"(?P<name>{_PLACE_NAME}))"
)
# What follows a local authority that acts: a giving verb, a list's link or the clause's end
_ACTS = (
    r"(?=(?:[ \u00a0]+(?:et|a|ont|va|vont|qui|lui|leur|y))?[ \u00a0]+(?:apport|financ|accord|attribu|"
    r"soutien|souten|particip|vers|octroi|invest|accompagn|cofinanc|abond|contribu|alloue|"
    r"débloqu|mobilis|engag)|[ \u00a0]*[,.;)]|[ \u00a0]+et[ \u00a0])"
)


def _acting(articles: tuple[str, ...], name: str) -> re.Pattern[str]:
    """A local authority named after one of `articles` (after a link word, or capitalised
    at a sentence's start) that acts (`_ACTS`)."""
    lower = "|".join(articles)
    upper = "|".join(a.capitalize() for a in articles)
    return re.compile(
        rf"(?:\b(?:et|par|avec|de la part de|aux côtés de)[ \u00a0]+(?:{lower})[ \u00a0]+|"
        rf"(?:^|[.;:«\n][ \u00a0]*)(?:{upper})[ \u00a0]+)(?P<name>{name})" + _ACTS
    )


# "la région Normandie a apporté", "Bpifrance et la région Bretagne": the regional council,
# written in lower case, when it acts (gives, joins a funder); "en région Normandie" is a place
_ACTING_REGION = _acting(("la",), rf"région[ \u00a0]+{_PLACE_NAME}")
# Local authorities as the press writes them, in lower case ("le conseil départemental de
# l'Isère", "la communauté d'agglomération du Grand Angoulême"): the council is always the body
_LINK = r"[ \u00a0]+(?:de[ \u00a0]+la[ \u00a0]+|de[ \u00a0]+l['’]|de[ \u00a0]+|du[ \u00a0]+|des[ \u00a0]+|d['’])"
_LOWER_COUNCIL = re.compile(
    r"\b(?P<name>(?:conseil[ \u00a0]+(?:départemental|régional|municipal|métropolitain)|"
    r"communauté[ \u00a0]+(?:d['’]agglomération|de[ \u00a0]+communes|urbaine)|"
    rf"conseil[ \u00a0]+de[ \u00a0]+la[ \u00a0]+métropole){_LINK}{_PLACE_NAME})"
)
# … while "la ville de Lyon", "le département de la Gironde", "la métropole de Lyon" are places
# too: the body only when it acts (gives, joins a funder), like `_ACTING_REGION`
_ACTING_AUTHORITY = _acting(("la", "le"), rf"(?:ville|département|métropole){_LINK}{_PLACE_NAME}")
# A body whose name opens with what it is, capitalised: "Laboratoires Théralpes", "Groupe
# Pasteur Mutualité", "Mutuelle Ventoux Prévoyance", "Réseau Derma Plus", "Banque Populaire
# Bourgogne Franche-Comté", "Pôle des Microtechniques", "Observatoire Numa-Santé"
_BODY_WORD = r"[A-ZÉÈÎ][\w’'\-]*"
_HEADED_BODY = re.compile(
    r"\b(?:Laboratoires?|Groupe|Mutuelle|Observatoire|Réseau|Banque|Pôle|Cabinet|Syndicat|"
    r"Fédération|Collectif|Incubateur|Accélérateur)"
    rf"[ \u00a0](?:(?:des|du|de)[ \u00a0]|d['’])?{_BODY_WORD}"
    rf"(?:[ \u00a0\-](?:{_BODY_WORD}|&|(?:des|du|de)[ \u00a0]{_BODY_WORD}|d['’]{_BODY_WORD})){{0,4}}"
)


def _trimmed(m: re.Match[str]) -> tuple[int, int]:
    end = m.end()
    while text_ends_with_link(m.string, m.start(), end):
        end = m.string.rfind(" ", m.start(), end)
    return m.start(), end


def _without_trailing_links(words: list[str]) -> list[str]:
    """A place name's words without the connectors and year it may end on."""
    while words and (words[-1] in _CONNECTORS or _YEAR_WORD.fullmatch(words[-1])):
        words.pop()
    return words


def _place_trimmed(m: re.Match[str]) -> tuple[int, int]:
    """The name's span without the connectors and year its place name may end on (the
    place's first word is capitalised: never one of them)."""
    start, end = m.span("name")
    words = _without_trailing_links(m.string[start:end].split(" "))
    return start, start + len(" ".join(words))


def text_ends_with_link(text: str, start: int, end: int) -> bool:
    """The span ends on "&" (a name cut before its second half)."""
    return end > start and text[start:end].endswith((" &", "-"))


_METROPOLE = re.compile(r"\b[A-ZÉ][\w\-]+(?:[ \-][A-ZÉ][\w\-]+)?[ \u00a0]+Métropole\b")
# the technology-transfer companies are named "SATT <name>": "SATT Conectus", "SATT Lutech"
_SATT = re.compile(r"\bSATT[ \u00a0]+[A-ZÉ][\w\-]+(?:[ \-][A-ZÉ][\w\-]+)?")
_YEAR_WORD = re.compile(r"(?:19|20)[0-9]{2}")
_CONNECTORS = {"sur", "en", "de", "du", "des", "la", "le"}
_REGIONS_ONLY = {"ouest", "est", "nord", "sud", "centre", "sud-ouest", "sud-est", "nord-est",
                 "nord-ouest"}  # fmt: skip


def institution_mentions(text: str, gazetteer: Gazetteer) -> list[Mention]:
    """Public institutions named after a place: "CHU de Nîmes", "Université de Rennes",
    "Région Occitanie", "chambre d'agriculture de Côte-d'Or", "Toulouse Métropole"."""
    spans = []
    for m in _INSTITUTION.finditer(text):
        # "au CHU de Rouen en 2026": the year and its "en" are no name
        words = _without_trailing_links(m.group("name").split(" "))
        region = fold(words[-1]).replace("’", "'").removeprefix("l'") if words else ""
        if not words or (len(words) == 1 and region in _REGIONS_ONLY):
            continue  # "un CHU de l'Ouest": a region of the country, not the hospital's name
        spans.append((m.start(), m.start("name") + len(" ".join(words))))
    spans += [m.span() for m in _METROPOLE.finditer(text)]
    spans += [m.span("name") for m in _ACTING_REGION.finditer(text)]
    spans += [_place_trimmed(m) for m in _LOWER_COUNCIL.finditer(text)]
    spans += [_place_trimmed(m) for m in _ACTING_AUTHORITY.finditer(text)]
    spans += [
        (m.start("hospital"), m.end())
        for m in _LOWER_HOSPITAL.finditer(text)
        if fold(m.group("name")) not in _REGIONS_ONLY
    ]
    spans += [_trimmed(m) for m in _HEADED_BODY.finditer(text)]
    spans += [m.span() for m in _SATT.finditer(text)]
    mentions = []
    for start, end in spans:
        surface = text[start:end]
        short = _HOSPITAL_HEAD.sub(lambda h: _HOSPITAL_SHORT[fold(h.group())], surface)
        canonical = (
            gazetteer.lookup(surface, "organisation")
            or gazetteer.lookup(short, "organisation")
            or gazetteer.lookup(short[:1].upper() + short[1:], "organisation")
            or short[:1].upper() + short[1:]
        )
        mentions.append(Mention("organisation", start, end, surface, canonical, origin="rule"))
    return mentions


# "Centre hospitalier universitaire de Lille" is the CHU de Lille: one canonical for both
_HOSPITAL_SHORT = {
    "centre hospitalier regional universitaire": "CHRU",
    "centre hospitalier universitaire": "CHU",
    "centre hospitalier regional": "CHR",
}
_HOSPITAL_HEAD = re.compile(
    r"^[Cc]entre hospitalier (?:régional universitaire|universitaire|régional)(?= )"
)


# a full stop, then a word that opens French or English sentences
_NEXT_SENTENCE = re.compile(
    r"\.[ \u00a0]+(?:Un|Une|Le|La|Les|Il|Elle|Ils|Elles|Ce|Cette|The|It|This|A|An)$"
)


def runs_into_next_sentence(surface: str) -> bool:
    """A model's span that ends past a full stop on the next sentence's first word ("R & D.
    Un effort …" read as "R & D. Un")."""
    return _NEXT_SENTENCE.search(surface) is not None
