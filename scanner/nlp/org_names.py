"""Is this capitalised word a person, a place or a company? Evidence from the whole article.

The French model reads a coined company name it has never seen ("Robocath", "Respiria",
"Lucine") as a person or a place about as often as an organisation, so its label on one word
is weak evidence. The article itself says more: a person is introduced with a first name
("Jean-Charles Samuelian", then "Samuelian") or a civil title ("M. Clozel"); a place follows a
locative preposition somewhere ("à Rennes", "in Boston"). A single word with neither is free to
be the company its sentence says it is. Also here: the sentences that name partners, clients,
buyers and prize winners, which `org_context` reads like funding sentences. Pure functions.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

Ent = tuple[int, int, str]
Span = tuple[int, int]

_SP = "[ \u00a0]"
_CIVIL = re.compile(r"(?:\bM\.|\bMme|\bMM\.|\bMr\.?|\bMrs\.?|\bMs\.?|\bDr\.?|\bPr\.?)[ \u00a0]+$")
_IN = re.compile(r"(?:^|\s)(?:in|In|en|En|near|dans|Dans|vers)[ \u00a0]+$")
_PLACE_END = re.compile(
    r"(?<![\w\-])(?:à|À|en|au|aux|dans|vers|près[ \u00a0]de|in|at|near|from)[ \u00a0]+$"
)


def person_words(text: str, ents: Sequence[Ent]) -> set[str]:
    """The words of the model's multi-word persons ("Jean", "Samuelian"), and names written
    after a civil title ("Clozel" in "M. Clozel")."""
    words: set[str] = set()
    for s, e, label in ents:
        parts = text[s:e].split()
        if label == "PER" and len(parts) >= 2:
            words.update(p.strip(",.;:'’") for p in parts if p[:1].isupper())
    for m in re.finditer(rf"{_CIVIL.pattern[:-1]}(?P<name>[A-Z][\w\-]+)", text):
        words.add(m.group("name"))
    return words


def occurrences(text: str, name: str) -> list[int]:
    """Where `name` stands as a whole word in `text` (a plain scan: no pattern to compile for
    every name of every article)."""
    found, pos = [], text.find(name)
    while pos >= 0:
        end = pos + len(name)
        before = text[pos - 1] if pos else " "
        after = text[end] if end < len(text) else " "
        if not (before.isalnum() or before in "_-") and not (after.isalnum() or after in "_-"):
            found.append(pos)
        pos = text.find(name, pos + 1)
    return found


@functools.lru_cache(maxsize=64)  # small: a key holds its article text alive
def is_place_name(text: str, name: str) -> bool:
    """The article writes `name` after a locative preposition ("à Rennes", "in Boston")."""
    # cached: one article asks it of the same name once per candidate span, and a scan of a
    # megabyte page per ask made the stage quadratic (a str keeps its hash, so the key is cheap)
    pos = text.find(name)
    while pos >= 0:
        end = pos + len(name)
        before = text[pos - 1] if pos else " "
        after = text[end] if end < len(text) else " "
        whole = not (before.isalnum() or before in "_-") and not (after.isalnum() or after in "_-")
        if whole and _PLACE_END.search(text, max(0, pos - 12), pos):
            return True
        pos = text.find(name, pos + 1)
    return False


def place_like(text: str, name: str) -> bool:
    """The article writes `name` as a place: "X-based", or after "in", "en", "à"… (not "at",
    "from": "a partner at Sofinnova Partners" names the firm)."""
    if f"{name}-based" in text:
        return True
    return any(_IN.search(text, max(0, pos - 8), pos) for pos in occurrences(text, name))


def one_word_person_or_place(
    text: str, start: int, end: int, ents: Sequence[Ent], persons: set[str]
) -> bool:
    """A one-word name the article shows to be a person's (a word of a full name, after a civil
    title) or a place's (the model's LOC that follows "à", "en", "in" somewhere); a multi-word
    model PER covering the span is a person too."""
    surface = text[start:end]
    for s, e, label in ents:
        if not (s < end and start < e):
            continue
        if label == "PER" and len(text[s:e].split()) >= 2:
            return True
        if label == "LOC" and is_place_name(text, surface):
            return True
    if _CIVIL.search(text, max(0, start - 8), start) or _IN.search(text, max(0, start - 8), start):
        return True  # "M. Clozel"; "in Nuneaton", "en Bretagne"
    return len(surface.split()) == 1 and surface in persons


# Partners, clients, buyers and the bodies a start-up grew in: the names that follow.
# (Case-sensitive, with the capitals of a sentence start written out: four times faster than
# ignoring case, and the stage runs it over every article.)
PARTNER_BEFORE = re.compile(
    rf"\b(?:(?:[Ee]n{_SP}+)?(?:[Pp]artenariat|[Cc]ollaboration|[Aa]ccord|[Cc]ontrat|[Aa]lliance|"
    rf"[Cc]o-?développement)"
    rf"(?:{_SP}+(?:stratégique|exclusif|commercial|industriel|de{_SP}+licence))?{_SP}+avec{_SP}+|"
    rf"(?:collabore|s['’]associe|s['’]allie|s['’]est{_SP}+associée?|s['’]est{_SP}+alliée?)"
    rf"{_SP}+(?:avec|à){_SP}+|"
    rf"(?:[Ll]['’]acquisition|[Ll]e{_SP}+rachat|[Ll]a{_SP}+reprise){_SP}+(?=d['’]|de{_SP}|du{_SP})|"
    rf"(?:rachète|a{_SP}+racheté|acquiert|a{_SP}+acquis|reprend|a{_SP}+repris){_SP}+|"
    rf"(?:[Aa]ccompagnée?s?|[Ss]outenue?s?|[Ii]ncubée?s?|[Hh]ébergée?s?|[Ff]inancée?s?|[ÉéEe]paulée?s?|"
    rf"[Oo]pérée?s?|[Gg]érée?s?|[Oo]rganisée?s?|[Ff]ournie?s?|[Ii]nstruite?s?|[Pp]ortée?s?|"
    rf"[Ee]xploitée?s?|[Dd]éployée?s?|[Uu]tilisée?s?)"
    rf"{_SP}+(?:par|à|chez|au{_SP}+sein{_SP}+(?=d)){_SP}*|"
    rf"(?:operated|managed|run|used|organised|organized|provided|developed|built){_SP}+by{_SP}+|"
    # money and who gives it: "750 000 euros de Bpifrance", "€2m from Kerlann Partners"
    rf"(?:€|M€|k€|Md€|euros|dollars){_SP}+(?:de{_SP}+(?=l['’]|la{_SP})|de{_SP}+|d['’]|du{_SP}+|from{_SP}+)|"
    rf"(?:[Ff]iliale|[Ss]pin-?off|essaimage|émanation){_SP}+(?=d['’]|de{_SP}|du{_SP})|"
    rf"(?:[Pp]artenaires?|[Cc]lients?){_SP}+(?:comme|tels?{_SP}+que|dont){_SP}+|"
    # who works there: "président de Cathelis", "les fondateurs de X", "au sein de X",
    # "chez X", "CEO of X" (a person's or a place's name is told apart afterwards)
    rf"(?:[Pp]résidente?|PDG|[Cc]o-?fondat(?:eur|rice)s?|[Ff]ondat(?:eur|rice)s?|"
    rf"[Dd]irecteur{_SP}+général|[Dd]irectrice{_SP}+générale|[Aa]u{_SP}+sein|CEO|"
    rf"[Cc]o-?founders?|[Ff]ounders?|[Cc]hief{_SP}+executive)"
    rf"{_SP}+(?:de{_SP}+(?=[A-ZÉ])|d['’](?=[A-ZÉ])|of{_SP}+(?=[A-Z]))|"
    rf"\b[Cc]hez{_SP}+(?=[A-ZÉ])|"
    rf"(?:[Ss]hareholders|[Ii]nvestors|[Bb]ackers|[Aa]ctionnaires)(?:{_SP}+include)?{_SP}+|"
    rf"(?:advised{_SP}+by|adviser{_SP}+to|conseillée?s?{_SP}+par|a{_SP}+conseillé){_SP}+|"
    rf"(?:issue?s?|spin-?off|spun{_SP}+out){_SP}+(?:de{_SP}+|d['’]|du{_SP}+|of{_SP}+)|"
    rf"s['’](?:allie|associe){_SP}+(?:au|aux){_SP}+|"
    # who is given a contract, a prize, a grant: "a attribué à Nuage Bleu un marché"
    rf"(?:attribuée?s?|confiée?s?|confie|attribue|décernée?s?|remise?s?|octroyée?s?|"
    rf"accordée?s?){_SP}+à{_SP}+|"
    # "Lyon-based Nexomab"; "backed companies including Orthalis and Kinetica"
    rf"based{_SP}+(?=[A-Z])|(?:companies|start-?ups|firms|biotechs|holdings){_SP}+"
    rf"(?:including|such{_SP}+as|like){_SP}+|"
    rf"(?:sociétés|entreprises|start-?up|jeunes{_SP}+pousses|biotechs|medtechs){_SP}+"
    rf"(?:comme|telles?{_SP}+que|dont){_SP}+|"
    rf"(?:[Ll]e|[Dd]u|[Aa]u|[Aa]vec{_SP}+le){_SP}+soutien(?:{_SP}+financier)?{_SP}+(?=d['’]|de{_SP}|du{_SP})|"
    rf"(?:entre|entrée|entré|monte|est{_SP}+entrée?)"
    rf"{_SP}+au{_SP}+capital{_SP}+(?=d['’]|de{_SP}|du{_SP})|[Cc]hez{_SP}+|"
    rf"(?:rejoindre|rejoint|a{_SP}+rejoint|joins|joined|to{_SP}+join){_SP}+|"
    rf"(?:[Ii]n{_SP}+)?(?:[Pp]artnership|[Cc]ollaboration|[Aa]greement|deal|alliance){_SP}+with{_SP}+|"
    rf"(?:partnered|partners|teamed{_SP}+up|joins{_SP}+forces|joined{_SP}+forces){_SP}+with{_SP}+|"
    rf"(?:[Aa]cquisition{_SP}+of|to{_SP}+acquire|acquires|acquired|(?:to|will|would){_SP}+buy|"
    rf"subsidiary{_SP}+of|spun{_SP}+out{_SP}+of|spin-?out{_SP}+of|[Ss]upported{_SP}+by|"
    rf"[Ff]unded{_SP}+by|incubated{_SP}+(?:at|by)|customers{_SP}+(?:such{_SP}+as|including)|"
    rf"clients{_SP}+(?:such{_SP}+as|including)){_SP}+|"
    # whom a person leads: "Justine Lipuma, CEO de Mycophyto", "co-founder of Nabla"
    rf"(?:CEO|PDG|directeur{_SP}+général|directrice{_SP}+générale|co-?fondat(?:eur|rice)|"
    rf"fondat(?:eur|rice)|co-?founder|founder|chief{_SP}+executive|président-directeur{_SP}+général|"
    rf"CTO|CFO|COO|CMO|CSO|chairman|chairwoman)"
    rf"{_SP}+(?:de{_SP}+|d['’]|du{_SP}+|of{_SP}+|at{_SP}+|chez{_SP}+)|"
    # the firm of an investor: "managing partner at Northstar Growth" (never "partner of")
    rf"(?:(?:[Mm]anaging|[Gg]eneral|[Ff]ounding|[Vv]enture|[Oo]perating){_SP}+)?"
    rf"[Pp]artner{_SP}+at{_SP}+)"
)
# What a company does, right after its name (the model's persons do some of it too: a
# person's name is told apart by `one_word_person_or_place`).
COMPANY_AFTER = re.compile(
    # "Nabla's chief executive", "Owkin's platform": what only a company has
    r"['’]s[ \u00a0]+(?:CEO|chief[ \u00a0]+executive|co-?founders?|founders?|chairman|board|"
    r"shares|stock|platform|pipeline|lead[ \u00a0]+(?:candidate|asset|product|programme|program)|"
    r"portfolio|investors|shareholders|subsidiary|headquarters)\b|"
    # "Cardio-Renal (Nancy) qui met au point": where it is may stand between
    rf"(?:{_SP}*\([^()\n]{{1,60}}\))?(?:{_SP}*,?{_SP}+(?:qui|which){_SP}+|{_SP}+)"
    rf"(?:(?:a|ont|vient{_SP}+de|viennent{_SP}+de|has|have){_SP}+)?"
    r"(?:(?:été|été[ \u00a0]+officiellement|been)[ \u00a0]+)?"
    r"(?:sélectionnée?s?|retenue?s?|primée?s?|distinguée?s?|récompensée?s?|labellisée?s?|"
    r"rachetée?s?|signé|signe|signent|conclu|conclut|noué|noue|annonce|annoncé|annoncent|"
    r"s['’]associe|s['’]allie|collabore|commercialise|commercialisé|développe|développé|"
    r"emploie|compte[ \u00a0]+(?:déjà[ \u00a0]+)?(?:\d+|une|plus)|recrute|déploie|déployé|"
    r"s['’]implante|implanté|inaugure|lance|lancé|présente|dévoile|dévoilé|mis[ \u00a0]+au[ \u00a0]+point|"
    r"met[ \u00a0]+au[ \u00a0]+point|conçoit|fabrique|investit|investi|investissent|"
    r"invests|invested|acted|advised|conseille|conseillé|"
    r"announced|announces|signed|signs|partnered|partners[ \u00a0]+with|teamed|unveiled|unveils|"
    r"launched|launches|develops|developed|selected|chosen|acquires|agreed|entered|"
    r"was[ \u00a0]+founded|was[ \u00a0]+spun|employs)\b"
)


# the linking words of a French compound place name: "La Roche-sur-Yon", "Cherbourg-en-Cotentin"
PLACE_LINKS = "sur|sous|en|lès|les|le|la|de|du|des|aux"
# capitals that open a name, Nordic and Iberian ones too ("Øresund")
UP = "A-ZÀÂÄÇÉÈÊËÎÏÔÖÛÙÜŸÆŒØÅÑÁÍÓÚ"
SP = _SP


def title_line(text: str, pos: int) -> bool:
    """The line at `pos` capitalises (nearly) every word of four or more: a headline."""
    line_start = text.rfind("\n", 0, pos) + 1
    line_end = text.find("\n", pos)
    words = re.findall(r"[^\W\d_][\w'’\-]*", text[line_start : line_end if line_end >= 0 else None])
    if len(words) < 4 or len(words) > 25:
        return False
    small = {"de", "du", "des", "la", "le", "les", "et", "à", "en", "of", "the", "and", "for",
             "in", "on", "a", "an", "to", "d", "l"}  # fmt: skip
    content = [w for w in words if w.lower() not in small]
    return bool(content) and sum(w[:1].isupper() for w in content) >= 0.8 * len(content)


_NEXT_NAME_WORD = re.compile(rf"{SP}+(?:[{UP}][\w'’\-]*|[IVX]+\b)")
_GIVEN_NAME_BEFORE = re.compile(rf"(?<![.!?:;\n«\"“(]{SP})(?<!^)\b[{UP}][a-zà-ÿ\-]+{SP}+$")


def short_form_alone(text: str, start: int, end: int, full: str = "") -> bool:
    """The short form "Arvelle" of "Arvelle Therapeutics" names the company only where it
    stands alone: before another capitalised word it begins a longer name (the fund
    "Médicis Santé II" of "Médicis Ventures"; a headline's "Calloway Therapeutics"), after a
    capitalised word it ends a person's name (the founder "Margaret Calloway", "Dr Pieter
    Dijkstra" of a company named after them). A headline capitalises every word: there only
    the full name itself is passed over."""
    if full and text.startswith(full, start):
        return False
    if title_line(text, start):
        return True
    if _NEXT_NAME_WORD.match(text, end):
        return False
    before = text[max(0, start - 30) : start]
    return _GIVEN_NAME_BEFORE.search(before) is None and _CIVIL_BEFORE.search(before) is None


_CIVIL_BEFORE = re.compile(rf"\b(?:Dr|Pr|Mr|Mrs|Ms|M|Mme)\.?{SP}+$")
